"""A search index over the topics' aliases: exact, stem, inflection, compound and typo-tolerant token matching."""

from __future__ import annotations

import bisect
import math
import re
from functools import lru_cache
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import product

from rapidfuzz import fuzz, process

from knowledge.model import KnowledgeBase, Organisation, Recipient, Text, Topic
from knowledge.text import (
    EVERYDAY_WORDS,
    KIND_WORDS,
    META_WORDS,
    NEGATIONS,
    STOP_WORDS,
    fold,
    is_common_word,
    join_token,
    raw_tokens,
    split_token,
    stem,
)

STEM_LANGUAGES: tuple[str, ...] = ("da", "sv", "en")
LINKING = ("s", "e")  # Danish/Swedish compound joints: købs|historik, kunde|oplysninger
MIN_PART = 3  # shortest compound part
# Word endings an alias's unknown remainder may be, which are no words of their own ("profil|ering", "anmeld|else",
# "member|ship", "promo|tions"): an alias is not split there.
WORD_ENDINGS = frozenset(
    "ring ringer ering else elser lser ende ship ment tion tions tional ation ationer isation ization ised isering "
    "ings itet skab skap ners".split()
)
FUZZY_MIN_LEN = 5  # shortest token matched with typo tolerance
FUZZY_CUTOFF = 80.0
NEGATED = "!"  # prefix of a word read under a negation ("ikke logget ind" -> !logget !ind)
# Endings an inflected form adds to a short known word ("køb" + "t" / "et", "köp" + "en").
INFLECTIONS: frozenset[str] = frozenset(
    "e en er ere erne et ets ene es s t te ede a an ar arna as at na or orna ade".split()
)
# Endings that make a verb of a noun ("profil" -> "profilerar"): not an inflection of the noun.
VERB_ENDINGS: frozenset[str] = frozenset("ere erer eres erede eret era erar eras erade erat er".split())
# Endings that make a noun of a verb stem ("overvåg" + "ning", "prenumer" + "ation", "pay" + "ment").
DERIVATIONS: tuple[str, ...] = ("", "ning", "ninger", "ningen", "ningar", "ling", "linger", "lingen", "else", "elser",
                                "ing", "ingen", "ingar", "ation", "ationer", "ationen", "ering", "eringen", "ement",
                                "ment", "ments", "ion", "ions")
# Past-participle endings stripped before deriving ("bestilt" -> bestil-ling, "betalt" -> betal-ing).
PARTICIPLES: tuple[str, ...] = ("ede", "ade", "te", "de", "et", "at", "ed", "t", "d")

# Words that say "personal data" in general: they never identify a topic on their own.
GENERIC_WORDS: frozenset[str] = frozenset(
    fold(w)
    for w in """data oplysninger oplysning persondata personoplysninger personoplysning info information
    informationer uppgifter uppgift personuppgifter personuppgift personal details kunde kunder kunden kundens
    kunderne kund kunds kunderna customer customers customer's customers' person personer personen people
    ting saker things""".split()
)


@dataclass(frozen=True, slots=True)
class Target:
    """Something a phrase points at: a topic of an organisation, or one of its recipients."""

    org: Organisation
    topic: Topic | None = None
    recipient: Recipient | None = None

    @property
    def key(self) -> str:
        """A stable id: 'org/topic' or 'org/recipient:id'."""
        if self.topic is not None:
            return f"{self.org.slug}/{self.topic.id}"
        assert self.recipient is not None
        return f"{self.org.slug}/recipient:{self.recipient.id}"


@dataclass(frozen=True, slots=True)
class Phrase:
    """One alias as a sequence of folded tokens, pointing at a target."""

    target: int
    tokens: tuple[str, ...]
    meta_optional: bool = False  # words about the policy itself may be left out ("legal claims" matched by "claim")
    weights: tuple[float, ...] = ()  # each token's IDF
    need: float = 1.0  # their sum
    needed: frozenset[str] = frozenset()  # the tokens a question must contain to match it in full


def _phrase(target: int, tokens: tuple[str, ...], idf: dict[str, float]) -> Phrase:
    """A Phrase with its tokens' weights and the tokens a full match needs."""
    optional = _meta_optional(tokens)
    weights = tuple(idf[t] for t in tokens)
    needed = frozenset(t for t in tokens if not (optional and t in META_WORDS))
    return Phrase(target, tokens, optional, weights, sum(weights) or 1.0, needed)


def _meta_optional(tokens: tuple[str, ...]) -> bool:
    """Whether an alias's words about the policy itself may be left out: only when the rest names something
    ("grundoplysninger" is not matched by "oplysninger")."""
    return any(t not in META_WORDS and t not in GENERIC_WORDS and t not in EVERYDAY_WORDS for t in tokens)


@dataclass(slots=True)
class TokenMatch:
    """How well one question token matches vocabulary tokens: {vocab token: quality 0..1}."""

    token: str
    candidates: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class Index:
    """The alias index of a knowledge base."""

    targets: list[Target]
    phrases: list[Phrase]
    by_token: dict[str, list[int]]  # vocab token -> phrase ids
    idf: dict[str, float]
    vocab: list[str]  # sorted
    stems: dict[str, set[str]]  # "lang:stem" (stemmed in the alias's own language) -> vocab tokens
    org_names: dict[str, str]  # folded org name (joined) -> slug
    max_idf: float
    vocab_orgs: dict[str, frozenset[str]] = field(default_factory=dict)  # vocab token -> organisations using it
    by_org_token: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # (org, vocab token) -> phrase ids
    target_orgs: list[str] = field(default_factory=list)  # per target: its organisation's slug
    whole_aliases: frozenset[str] = frozenset()  # vocab tokens that are an alias by themselves
    _described: dict[int, frozenset[str]] = field(default_factory=dict)  # per target, computed on first use
    _alias_words: dict[int, frozenset[str]] = field(default_factory=dict)  # per target, built on first use
    _ids: dict[str, int] = field(default_factory=dict)  # target key -> target, built on first use
    buckets: dict[tuple[str, int], list[str]] = field(default_factory=dict)  # (first letter, length) -> words

    def describing(self, target: int) -> frozenset[str]:
        """The words (and stems) describing a target beyond its aliases; computed on first use (keeps start-up light)."""
        words = self._described.get(target)
        if words is None:
            t = self.targets[target]
            if t.topic is not None:
                words = _topic_context(t.topic)
            else:
                assert t.recipient is not None
                words = _recipient_context(t.recipient)
            self._described[target] = words
        return words

    def target_id(self, key: str) -> int:
        """The target with key `key` ("imusic/recipient:quickpay"); the table is built on first use."""
        if not self._ids:
            self._ids.update({t.key: i for i, t in enumerate(self.targets)})
        return self._ids[key]

    def target_tokens(self, target: int) -> frozenset[str]:
        """The words of a target's aliases; the table is built on first use."""
        if not self._alias_words:
            words: dict[int, set[str]] = defaultdict(set)
            for phrase in self.phrases:
                words[phrase.target].update(phrase.tokens)
            self._alias_words.update({t: frozenset(w) for t, w in words.items()})
        return self._alias_words.get(target, frozenset())

    def fuzzy_pool(self, token: str) -> list[str]:
        """Vocabulary words a typo of `token` can be: same first letter, length within what ratio ≥ 80 allows."""
        if not self.buckets:
            for v in self.vocab:
                self.buckets.setdefault((v[0], len(v)), []).append(v)
        low, high = -(-2 * len(token) // 3), (3 * len(token)) // 2
        pool: list[str] = []
        for length in range(low, high + 1):
            pool.extend(self.buckets.get((token[0], length), ()))
        return pool

    def match_token(
        self, token: str, raw: str | None = None, languages: tuple[str, ...] = STEM_LANGUAGES
    ) -> TokenMatch:
        """All vocabulary tokens a question token may stand for, with a quality each.

        `raw` is the word as typed (for the everyday-word check); `languages` are the ones it is stemmed in.
        """
        match = TokenMatch(token)
        cands = match.candidates
        vocab_set = self.by_token
        if token in vocab_set:
            cands[token] = 1.0
        word = (raw or token).casefold()
        stems = {lang: fold(stem(word, lang)) for lang in languages}
        for lang, st in stems.items():
            # A plural may double the last consonant ("medlem" -> "medlemmarna", stem "medlemm").
            single = st[:-1] if len(st) > 4 and st[-1] == st[-2] and st[-1] not in "aeiouy" else st
            for form in {st, single}:
                for v in self.stems.get(f"{lang}:{form}", ()):
                    cands[v] = max(cands.get(v, 0.0), 0.95)
        # Inflected or compound-final forms: the token starts with a known word ("købshistorikken", "købt"); a known
        # word itself is only read as an inflection ("mailchimp" is not "mail" + "chimp").
        known = token in vocab_set
        # A verb made from a noun ("profilerar") is not an inflection of a shorter alias word ("profile").
        verb_form = any(token.endswith(e) for e in VERB_ENDINGS if len(e) >= 3)
        for end in range(len(token) - 1, 2, -1) if not verb_form else ():
            prefix = token[:end]
            ending = token[end:]
            if prefix in vocab_set and ending not in VERB_ENDINGS and (
                len(ending) <= 5 and end > 3 and not known or ending in INFLECTIONS
            ):
                cands[prefix] = max(cands.get(prefix, 0.0), 0.9)
        # Truncated forms: a known word starts with the token (not when the token is a known word itself: "kunde"
        # is not short for "kundelog").
        if len(token) >= 5 and token not in vocab_set:
            i = bisect.bisect_left(self.vocab, token)
            while i < len(self.vocab) and self.vocab[i].startswith(token):
                v = self.vocab[i]
                if len(v) - len(token) <= 3:
                    cands[v] = max(cands.get(v, 0.0), 0.85)
                i += 1
        self._derived(token, set(stems.values()), cands)
        if len(token) >= FUZZY_MIN_LEN and not any(q > 0.9 for q in cands.values()):
            if not is_common_word(raw or token):  # "notes" is a word, not a typo of "notis"
                for v, score, _ in process.extract(
                    token, self.fuzzy_pool(token), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=8
                ):
                    if len(v) >= 4:
                        cands[v] = max(cands.get(v, 0.0), 0.9 * score / 100.0)
        return match

    def _derived(self, token: str, stems: set[str], cands: dict[str, float]) -> None:
        """Nouns made from the token's verb stem: "overvåger" -> overvågning, "pays" -> payment."""
        if len(token) < 4:
            return
        vocab_set = self.by_token
        bases = set(stems) | {token[: -len(end)] for end in PARTICIPLES if token.endswith(end)}
        # -era/-ere verbs make nouns in -ation/-ement ("prenumerer" -> prenumer-ation, "abonner" -> abonn-ement).
        bases |= {b[:-2] for b in bases if b.endswith("er") and len(b) >= 7}
        for st in bases:
            if len(st) < 3:
                continue
            for suffix in DERIVATIONS:
                noun = st + suffix
                if noun in vocab_set and noun != token:
                    # The activity noun is closer to the verb than the bare stem ("profilerar": profilering > profil).
                    cands[noun] = max(cands.get(noun, 0.0), 0.85 if suffix else 0.8)

    def split_compound(self, token: str) -> list[tuple[str, str | None]]:
        """Ways to read a token as two known words (with an optional linking s/e): "kundeoplysninger"; a tail that
        only says "law" or "policy", or what kind of thing it is, leaves the head alone ("bokföringslagen" -> bokföring,
        "faktureringsprogram" -> fakturering)."""
        out: list[tuple[str, str | None]] = []
        vocab_set = self.by_token
        for i in range(MIN_PART, len(token) - MIN_PART + 1):
            left, right = token[:i], token[i:]
            heads = [left]
            if left[-1] in LINKING and len(left) > MIN_PART:
                heads.append(left[:-1])
            if not any(h in vocab_set for h in heads):
                continue
            head = next(h for h in heads if h in vocab_set)
            if right in META_WORDS or right in KIND_WORDS:
                out.append((head, None))
                continue
            tail = self.match_token(right).candidates if len(right) >= MIN_PART else {}
            best = max(tail, key=lambda v: (tail[v], -len(v), v), default=None)
            if best is not None and tail[best] >= 0.85:
                out.append((head, best))
        return out


@lru_cache(maxsize=8192)
def _variants(alias: str) -> list[tuple[str, ...]]:
    """Token sequences an alias can be written as (hyphenated words joined, or as separate words).

    Words after a negation are marked ("ikke logget ind" -> !logget !ind) and match only negated question words.
    """
    options: list[list[tuple[str, ...]]] = []
    negated = False
    for token in raw_tokens(fold(alias)):
        if join_token(token) in NEGATIONS:
            negated = True
            continue
        if token in STOP_WORDS:
            continue
        mark = NEGATED if negated else ""
        joined = join_token(token)
        parts = tuple(mark + p for p in split_token(token) if len(p) >= 2 and p not in STOP_WORDS)
        choices: list[tuple[str, ...]] = [(mark + joined,)]
        if len(parts) > 1:
            choices.append(parts)
        options.append(choices)
    if not options:
        return []
    out = []
    for combo in product(*options):
        seq = tuple(t for part in combo for t in part)
        if seq and seq not in out:
            out.append(seq)
    return out[:8]


def _describing_words(texts: list[Text | None], extra: tuple[str, ...] = ()) -> frozenset[str]:
    """The content words of a target's descriptions (Text values in da/sv/en, and plain strings).

    Each word is kept as written (folded) and as "lang:stem" in its own language, so a Danish question word meets
    the Danish description ("lager" is not Swedish "lagras").
    """
    words: set[str] = set()
    for text in texts:
        if text is None:
            continue
        for lang in STEM_LANGUAGES:
            words |= _text_words(text.get(lang), lang)
    for plain in extra:
        words |= _text_words(plain, None)
    return frozenset(words)


@lru_cache(maxsize=4096)
def _text_words(text: str, lang: str | None) -> frozenset[str]:
    """The content words of one text (and their stems in `lang`); negated words are left out ("besøgende (ikke
    logget ind)" does not describe logged-in customers)."""
    words: set[str] = set()
    for clause in _CLAUSE.split(text):
        _add_clause_words(words, clause, lang)
    return frozenset(words)


_JOINED = re.compile(r"[-.'’&]")
_CLAUSE = re.compile(r"[,;:()\[\]]|\.(?:\s|$)")


def _add_clause_words(words: set[str], clause: str, lang: str | None) -> None:
    """Add the content words of one clause; the two words after a negation are left out."""
    negated = 0
    for token in raw_tokens(clause):
        if join_token(fold(token)) in NEGATIONS:
            negated = 2
            continue
        if negated:
            negated -= token not in STOP_WORDS
            continue
        for part in {join_token(token), *split_token(token)} if _JOINED.search(token) else (token,):
            if len(part) >= 3 and part not in STOP_WORDS and not part.isdigit():
                words.add(fold(part))
                if lang is not None:
                    words.add(f"{lang}:{fold(stem(part, lang))}")


def _topic_context(topic: Topic) -> frozenset[str]:
    """Words that describe a topic beyond its aliases: its data, purposes and section heading.

    A stated retention's wording too ("fra regnskabsårets udgang"); not a silent one's: it points to other topics'
    rules.
    """
    kept = topic.retention.text if topic.retention.stated else None
    return _describing_words([topic.data, *topic.purposes, kept], (topic.source.section,))


def _recipient_context(rec: Recipient) -> frozenset[str]:
    """Words that describe a recipient: what it receives, why, and where."""
    return _describing_words([rec.purpose, rec.data], (rec.country or "", rec.transfer or ""))


_COMPANY_FORM = re.compile(r"\s+(inc|ltd|llc|corp|gmbh|aps|a/s|ab|as|oy|plc|bv)\.?(?=$|\s|\))", re.IGNORECASE)


def recipient_names(name: str) -> list[str]:
    """The ways a recipient's name may be written: whole, without its explanation in brackets, the bracketed
    explanation, and each of names separated by '/' ("SPAR (statens personadressregister)")."""
    names = [name]
    name = _COMPANY_FORM.sub("", name).strip()
    names.append(name)
    outside = re.sub(r"\s*\([^)]*\)", "", name).strip()
    inside = re.findall(r"\(([^)]*)\)", name)
    for part in [outside, *inside]:
        names += [p.strip() for p in part.split("/") if p.strip()]
    return list(dict.fromkeys(n for n in names if n))


def _split_aliases(raw_phrases: list[tuple[int, tuple[str, ...]]]) -> list[tuple[int, tuple[str, ...]]]:
    """Long one-word aliases read as two words ("kunduppgifter" also matches "uppgifter om kunden").

    Splits into two known alias words (the head with an optional linking s/e) are used; failing those, the one
    split whose known part is longest, the other part having at least four letters ("adressetjek" = adresse +
    tjek, "webbplatsdata" = webbplats + data).
    """
    vocab_set = {t for _, seq in raw_phrases for t in seq}
    splits: dict[str, list[tuple[str, str]]] = {}  # the same alias word recurs across shops and languages
    extra = []
    for target, seq in raw_phrases:
        if len(seq) == 1 and len(seq[0]) >= 2 * MIN_PART + 1 and not seq[0].startswith(NEGATED):
            word = seq[0]
            if word not in splits:
                splits[word] = _alias_splits(word, vocab_set)
            extra += [(target, split) for split in splits[word]]
    return extra


def _alias_splits(word: str, vocab_set: set[str]) -> list[tuple[str, str]]:
    """The two-word readings of one alias word (see _split_aliases)."""
    both: list[tuple[str, str]] = []
    one: list[tuple[int, int, tuple[str, str]]] = []
    for i in range(MIN_PART, len(word) - MIN_PART + 1):
        left, right = word[:i], word[i:]
        head = left[:-1] if left[-1] in LINKING and left[:-1] in vocab_set else left
        known_head, known_tail = head in vocab_set, right in vocab_set
        if known_head and known_tail:
            both.append((head, right))
        elif known_head and right in WORD_ENDINGS:
            continue
        elif (known_head or known_tail) and min(len(head), len(right)) >= 4:
            # The longest known part; of equal ones, the split after a linking letter ("betalings|historik").
            one.append((len(head) if known_head else len(right), -len(head + right), (head, right)))
    if both or not one:
        return both
    return [max(one)[2]]


def build_index(kb: KnowledgeBase) -> Index:
    """Index every topic's aliases and title, and every recipient's name, of every organisation."""
    targets: list[Target] = []
    raw_phrases: list[tuple[int, tuple[str, ...]]] = []
    languages: dict[str, set[str]] = defaultdict(set)  # vocab token (as written) -> alias languages

    def add(text: str, langs: tuple[str, ...], drop: frozenset[str] = frozenset()) -> None:
        """Index one alias of the last target (without the words in `drop`)."""
        for seq in _variants(text):
            seq = tuple(t for t in seq if t not in drop)
            if seq:
                raw_phrases.append((len(targets) - 1, seq))
        for token in raw_tokens(text.casefold()):
            for part in {token, *split_token(token)}:
                languages[part].update(langs)

    for slug in kb.slugs:
        org = kb.organisations[slug]
        own_names = frozenset(join_token(t) for n in (slug, *org.names) for t in raw_tokens(fold(n)))
        own_names |= {n + "s" for n in own_names}
        for topic in org.topics:
            targets.append(Target(org, topic=topic))
            for lang in STEM_LANGUAGES:
                for text in (*topic.aliases.get(lang, ()), topic.title.get(lang)):
                    add(text, (lang,))
        for rec in org.recipients:
            targets.append(Target(org, recipient=rec))
            for name in recipient_names(rec.name):
                add(name, STEM_LANGUAGES, own_names)  # "FindersKeepers' tredjepartsleverandører": the shop is known
            for lang, names in rec.aliases.items():
                for text in names:
                    add(text, (lang,), own_names)
    raw_phrases += _split_aliases(raw_phrases)
    unique = list(dict.fromkeys(raw_phrases))

    by_token: dict[str, list[int]] = defaultdict(list)
    by_org_token: dict[tuple[str, str], list[int]] = defaultdict(list)
    targets_of: dict[str, set[int]] = defaultdict(set)
    target_orgs = [t.org.slug for t in targets]
    for i, (target, seq) in enumerate(unique):
        for token in set(seq):
            by_token[token].append(i)
            by_org_token[(target_orgs[target], token)].append(i)
            targets_of[token].add(target)
    vocab_orgs = {t: frozenset(target_orgs[i] for i in ts) for t, ts in targets_of.items()}
    n = max(1, len(targets))
    idf = {t: math.log(1.0 + n / len(ts)) * (0.25 if t in GENERIC_WORDS else 1.0) for t, ts in targets_of.items()}
    phrases = [_phrase(target, seq, idf) for target, seq in unique]
    stems: dict[str, set[str]] = defaultdict(set)
    for written, langs in languages.items():
        token = join_token(fold(written))
        if token in by_token:
            for lang in langs:
                stems[f"{lang}:{fold(stem(written, lang))}"].add(token)

    org_names: dict[str, str] = {}
    for slug in kb.slugs:
        org = kb.organisations[slug]
        for name in (slug, org.display_name, *org.names):
            org_names[join_token("".join(raw_tokens(fold(name))))] = slug
            org_names[" ".join(join_token(t) for t in raw_tokens(fold(name)))] = slug
    return Index(
        targets=targets,
        phrases=phrases,
        by_token=dict(by_token),
        idf=idf,
        vocab=sorted(by_token),
        stems=dict(stems),
        org_names=org_names,
        max_idf=max(idf.values(), default=1.0),
        vocab_orgs=vocab_orgs,
        by_org_token=dict(by_org_token),
        whole_aliases=frozenset(p.tokens[0] for p in phrases if len(p.tokens) == 1),
        target_orgs=target_orgs,
    )
