"""Answers staff questions from the knowledge base: organisation, aspect and topic, or an honest abstention.

The decision to answer is structural (see docs/answering.md): a topic is answered only when one of its
aliases is matched in full AND the matched words explain most of the question's content; otherwise the
engine abstains and names the nearest topics. A retention question is only ever answered from the
matched topic's own retention entry.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from knowledge.aspects import BASIS_NAME, analyse, asks_for_procedure, asks_for_processors, stated_period
from knowledge.framing import FramingModel, default_model
from knowledge.index import GENERIC_WORDS, NEGATED, Index, Phrase, Target, build_index, recipient_names
from knowledge.model import KnowledgeBase, Organisation, Recipient, Right, Topic
from knowledge.text import (
    ABBREVIATIONS,
    ACTION_NOUNS,
    EVERYDAY_WORDS,
    META_WORDS,
    NEGATIONS,
    OFF_TOPIC_WORDS,
    QUESTION_VERBS,
    STOP_WORDS,
    clean,
    detect_language,
    fold,
    is_common_word,
    join_token,
    merge_phrases,
    names_other_people,
    rarity,
    raw_tokens,
    split_token,
    stem,
    without_asker,
)

MAX_QUESTION_CHARS = 1000
MARGIN = 0.12  # topics within this score of an organisation's best are answered too
ORG_MARGIN = 0.2  # without an organisation asked for, shops whose best topic is within this of the best one answer
PAIR_COVERAGE = 0.6  # two topics answered together must explain this share of the question between them
PAIR_SHARE = 0.25  # … and each at least this share on its own
PAIR_CANDIDATES = 4  # the best-scoring topics of an organisation tried in pairs
SHARED_COVERAGE = 0.35  # … or this share, for another shop's topic named by the same words as the best answer
MIN_COVERAGE = 0.55  # share of the question's content weight the matched aliases must explain
CONTEXT_CREDIT = 0.7  # a question word found in a topic's description explains this share of its weight
VERB_WEIGHT = 0.1  # an everyday verb ("indhenter", "asked") weighs this share of the rarest word
VERB_NOUN_WEIGHT = 0.5  # … or at most this share when it is close to an alias word ("pays" ~ payment)
CHATTER_RARITY = 0.3  # … unless it is an everyday word this common (Zipf ≥ 4.5: "actually", "system"): then its rarity
UNKNOWN_FLOOR = 0.5  # an unknown word that is no verb or function word weighs at least this share of it
GENERIC_WEIGHT = 0.05  # a general word ("data", "kunde") weighs at most this share of the rarest word
WEAK_CANDIDATE = 0.8  # a vocabulary match this loose loses to a question word one typo away
NEGATIVE_PREFIXES = {"da": ("u",), "sv": ("o",), "en": ("un",)}  # "ikke betalt" is "ubetalt"
NEGATION_REACH = 2  # content words after "ikke"/"not"/"never" read as negated
FLOOR_SLACK = 0.1  # a match this much weaker than a word's best match in the same organisation still counts
EXACTNESS_TIE = 0.03  # runner-ups explaining the same words must match them about as exactly as the best
FOCUS_BLOCK = 0.8  # an unknown context word this heavy (rare: "dashcam", "CCTV") keeps the whole message in view
MAX_TOPIC_RECIPIENTS = 2  # "who gets X?" answered by topic X names its recipients too, when it has no more
RECIPIENT_SILENT = ("retention", "legal_basis")  # aspects a recipient entry says nothing about
ALIAS_SHARE = 0.75  # … and explain at least this share of what the other explains by an alias

# Question words a typo may stand for ("kepe" = keep, "gemer" = gemmer): dropped like the words themselves.
_FUNCTION_WORDS: tuple[str, ...] = tuple(sorted(w for w in STOP_WORDS | META_WORDS | QUESTION_VERBS if len(w) >= 4))


class QuestionError(ValueError):
    """A question that cannot be asked (empty, too long, unknown organisation): wording key + values."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key, self.values = key, values


@dataclass(frozen=True, slots=True)
class Match:
    """One thing the answer is about: a topic, a recipient, a right, the controller, or an overview."""

    org: Organisation
    kind: str  # topic | recipient | right | requests | controller | overview | recipients
    score: float
    topic: Topic | None = None
    recipient: Recipient | None = None
    right: Right | None = None
    roles: tuple[str, ...] = ()  # kind "recipients": only these roles (empty: every recipient)

    @property
    def recipients(self) -> tuple[Recipient, ...]:
        """Kind "recipients": the organisation's recipients of the roles asked about."""
        return tuple(r for r in self.org.recipients if not self.roles or r.role in self.roles)

    @property
    def topic_id(self) -> str:
        """The contract's `topic` value."""
        if self.kind == "topic" and self.topic is not None:
            return self.topic.id
        if self.kind == "recipient" and self.recipient is not None:
            return f"recipient:{self.recipient.id}"
        if self.kind == "right":
            return f"right:{self.right.right}" if self.right is not None else "rights"
        return self.kind


@dataclass(slots=True)
class Result:
    """What the engine found for one question."""

    question: str
    org: str | None  # the organisation asked for (--org), if any
    language: str
    aspect: str
    right: str | None
    abstained: bool
    matches: list[Match] = field(default_factory=list)
    suggestions: list[Match] = field(default_factory=list)
    reason: str | None = None  # why it abstained: no_topic | vague | none
    orgs_in_question: tuple[str, ...] = ()
    unknown_words: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Word:
    """A content word of a question: its vocabulary candidates, its weight and the keys its description match."""

    text: str
    candidates: dict[str, float]
    weight: float
    keys: frozenset[str]  # the word, its stems and candidates, to look up in a target's describing words
    required: bool = False  # names people the policies are not about: a topic must explain it to be answered
    generic: bool = False  # only says "data" or "customer" in general ("kundernes": every close match is general)

    alias: bool = False  # the word is an alias by itself ("handler", "login")

    @property
    def verb(self) -> bool:
        """Whether the word is an everyday verb ("cancel", "købt") rather than an alias itself."""
        return self.text in QUESTION_VERBS and not self.alias


@dataclass(slots=True)
class _Scored:
    """A candidate target's scores."""

    target: Target
    phrase: float = 0.0  # best fully matched alias (0 when none)
    partial: float = 0.0  # best partly matched alias
    covered: set[int] = field(default_factory=set)  # question content-token positions explained
    described: set[int] = field(default_factory=set)  # positions found only in the target's description
    named: bool = False  # an alias matched by more than verbs ("membership", not only "cancel" ~ "cancellation")
    touched: set[int] = field(default_factory=set)  # positions matched only by aliases matched in part


class Answerer:
    """Question answering over one knowledge base (build once, ask many)."""

    def __init__(self, kb: KnowledgeBase, index: Index | None = None, framing: FramingModel | None = None) -> None:
        """Index the knowledge base (the aspect fallback, unless given, is learned from the bundled examples on first
        use: most questions never need it)."""
        self.kb = kb
        self.index = index or build_index(kb)
        self._framing = framing
        self._names_cache: list[str] | None = None
        self._apposition_cache: re.Pattern[str] | None = None

    @property
    def framing(self) -> FramingModel:
        """The learned aspect fallback (trained on first use)."""
        if self._framing is None:
            self._framing = default_model()
        return self._framing

    def answer(
        self, question: str, org: str | None = None, language: str | None = None, among: Sequence[str] | None = None
    ) -> Result:
        """Answer one question, optionally for one organisation (or, unless the question names one, `among` some) and in a forced language."""
        text = clean(question or "")
        if not text:
            raise QuestionError("ask.error.empty")
        if len(text) > MAX_QUESTION_CHARS:
            raise QuestionError("ask.error.too_long", limit=MAX_QUESTION_CHARS)
        if org is not None and self.kb.get(org) is None:
            raise QuestionError("error.unknown_org", org=org, known=", ".join(self.kb.slugs))
        result = self._answer(text, org, language, among)
        if result.abstained:
            # Context first, question last ("Vi har ordrer fra 2017 i systemet. Hvornår slettes købsoplysningerne?"):
            # the question part alone, unless the context names something no policy covers.
            # A shop named anywhere in the message stays the one asked about.
            # Or question first, context after ("hvor længe beholder vi kundenummeret? kd har ikke handlet siden 2016").
            parts = [p for p in _PARTS.split(text) if p]
            named = list(result.orgs_in_question) or among
            splits = [(" ".join(parts[-k:]), " ".join(parts[:-k])) for k in range(1, len(parts))]
            splits += [(" ".join(parts[:k]), " ".join(parts[k:])) for k in range(1, len(parts)) if parts[k - 1][-1] == "?"]
            for focus, context in splits:
                if self._names_something_else(context, org, result.language):
                    continue
                retry = self._answer(focus, org, language or result.language, named)
                if not retry.abstained and retry.matches and retry.matches[0].kind not in ("overview", "recipients"):
                    retry.question, retry.orgs_in_question = text, result.orgs_in_question
                    return retry
        return result

    def _names_something_else(self, context: str, org: str | None, language: str) -> bool:
        """Whether a question's context names people or things outside the policies (staff, "dashcam", "CCTV")."""
        tokens = raw_tokens(context)
        named, rest = self._organisations_in(tokens)
        orgs = {org} if org else set(named or self.kb.slugs)
        acronyms = _acronyms(context)
        words = self._content(rest, language, orgs, acronyms)
        heavy = FOCUS_BLOCK * self.index.max_idf
        # People the policies are not about, or an unknown acronym ("CCTV"); a rare word alone is the task at hand
        # ("årsafslutningen", "shopify"), which the question part does not refer back to.
        return any(w.required or not w.candidates and w.weight >= heavy and w.text in acronyms for w in words)

    def _names_unknown_thing(self, content: list[Word]) -> bool:
        """Whether the question names something heavy no policy knows ("kontonummer", "dashcam")."""
        heavy = FOCUS_BLOCK * self.index.max_idf
        return any(not w.candidates and w.weight >= heavy for w in content)

    def _answer(self, text: str, org: str | None, language: str | None, among: Sequence[str] | None) -> Result:
        """Answer one cleaned question (see `answer`)."""
        tokens = raw_tokens(text)
        named, rest = self._organisations_in(tokens)
        default_lang = self.kb.organisations[org].language if org else "en"
        lang = language or detect_language(text, default=default_lang)
        # Not "Bogholderiet" of "Bogholderiet spørger:", nor what "vores faktureringsprogram" says of "Dinero, …".
        if (content_text := self._apposition.sub(r"\g<name>", without_asker(text, lang))) != text:
            _, rest = self._organisations_in(raw_tokens(content_text))
        aspect, named_right = analyse(text)
        if aspect == "overview" and (framed := self.framing.aspect(text)) is not None:
            aspect = framed  # "Loggar vi vad kunderna läser i nyhetsmejlen?": no pattern, but worded like a data question
        right = named_right if aspect == "rights" else None
        default_scope = [s for s in self.kb.slugs if among is None or s in among] or list(self.kb.slugs)
        scope_slugs = [org] if org else (named or default_scope)
        scope = [self.kb.organisations[s] for s in scope_slugs]
        result = Result(text, org, lang, aspect, right, abstained=False, orgs_in_question=tuple(named))

        slugs = {o.slug for o in scope}
        single = len(scope) == 1
        acronyms = _acronyms(text)
        content = self._content(rest, lang, slugs, acronyms)
        if aspect == "legal_basis":
            # "hjemlen for nyhedsbrevet — kontrakt, samtykke eller interesseafvejning?": the bases named are the
            # answer asked for, not what the question is about (unless nothing else is).
            about = [w for w in content if not BASIS_NAME.match(w.text)]
            if any(w.candidates and not w.generic for w in about):
                content = about
        if aspect == "rights" and right is None and not asks_for_procedure(text):
            # A customer wanting something no right names ("kunde vil betale på afbetaling"): what it is about, if known.
            if chosen := self._choose(content, slugs, single):
                result.aspect, result.matches = "overview", chosen
                return result
            if self._names_unknown_thing(content):  # "… vil have vores kontonummer"
                result.abstained, result.reason = True, "no_topic"
                return result
        if aspect in ("rights", "contact"):
            if any(w.required for w in content):  # "who runs the staff payroll?": not the customers' controller
                result.abstained, result.reason = True, "no_topic"
            elif aspect == "rights":
                result.matches = self._right_matches(scope, right)
            else:
                result.matches = [Match(o, "controller", 1.0) for o in scope]
            return result

        chosen = self._choose(content, slugs, single)
        if not chosen and not any(
            w.candidates and not w.generic and not w.verb and w.text not in EVERYDAY_WORDS for w in content
        ):
            # Nothing named but what the customer does ("What do we record when someone buys something?"): the
            # action names the topic (a purchase).
            acted = [ACTION_NOUNS.get(join_token(fold(t)), t) for t in rest]
            if acted != rest:
                as_actions = self._content(acted, lang, slugs, acronyms)
                if chosen := self._choose(as_actions, slugs, single):
                    content = as_actions
        weights = [w.weight for w in content]
        total = sum(weights)
        result.unknown_words = tuple(w.text for w in content if not w.candidates)

        if chosen:
            if aspect in RECIPIENT_SILENT and any(m.kind == "recipient" for m in chosen):
                chosen = self._topics_for_recipients(chosen, content, scope)
            elif any(m.kind == "recipient" and not _names_recipient(m.recipient, tokens) for m in chosen):
                chosen = self._topics_for_recipients(chosen, content, scope, keep=True)
            asked_by_topic = aspect == "recipients" and not any(m.kind == "recipient" for m in chosen)
            if aspect in ("data", "overview") and any(m.kind == "recipient" for m in chosen):
                result.aspect = "recipients"  # "Vilka uppgifter hamnar hos MailChimp?": what a recipient gets
            elif aspect == "purpose" and all(m.kind == "recipient" for m in chosen):
                result.aspect = "recipients"  # "What do we use Mailchimp for?": what the recipient does for the shop
            if result.aspect == "recipients":
                chosen = _without_topics_foreign_to_recipients(chosen)
                data = _data_words(content)
                if data and any(m.kind == "recipient" for m in chosen):
                    # "Vilka betalföretag får kunduppgifter?": the customer data is what goes there, not a topic
                    plain = [w for i, w in enumerate(content) if i not in data]
                    again = self._choose(plain, slugs, single)
                    if any(m.kind == "recipient" for m in again):
                        kept = {(x.org.slug, x.topic_id) for x in again}
                        chosen = [m for m in chosen if m.kind == "recipient" or (m.org.slug, m.topic_id) in kept]
            if asked_by_topic:  # "who gets the payment details?": the topic and whom it goes to
                chosen = self._with_topic_recipients(chosen, tokens, content)
            if aspect == "retention" and len(scope) > 1 and (period := stated_period(text)):
                chosen = _kept_for(chosen, period)
            result.matches = chosen
            return result
        if (
            aspect == "overview"
            and named_right not in (None, "complaint")
            and not any(w.required for w in content)
            and not self._names_unknown_thing(content)
        ):
            # No topic, but what a right is about ("can I get all my data in a file I can take to another shop?",
            # "can customers change their e-mail address themselves"): how the shop handles that right.
            result.aspect, result.right = "rights", named_right
            result.matches = self._right_matches(scope, named_right)
            return result
        # A bare everyday verb ("anlitar") or word ("har vi en samlet liste?") names nothing either.
        generic_only = all(
            w.generic or w.text in EVERYDAY_WORDS or not w.candidates and w.text in QUESTION_VERBS for w in content
        )
        if generic_only and single and aspect != "overview" or not content and single:
            kind = "recipients" if aspect == "recipients" else "overview"
            processors = kind == "recipients" and asks_for_processors(text)
            roles = ("processor",) if processors and any(r.role == "processor" for r in scope[0].recipients) else ()
            result.matches = [Match(scope[0], kind, 0.5, roles=roles)]
            return result
        result.abstained = True
        result.reason = "vague" if generic_only else "no_topic"
        every = self._score(content, slugs, every_target=True)
        result.suggestions = self._suggestions(every, weights, total)
        return result

    def _choose(self, content: list[Word], slugs: set[str], single: bool) -> list[Match]:
        """The topics of the organisations `slugs` to answer, grouped by organisation (best first); two topics
        together only for one shop."""
        by_org = self._qualified(content, self._score(content, slugs), single)
        ranked_orgs = sorted(by_org.items(), key=lambda kv: (-max(x for x, _ in kv[1]), kv[0]))
        top = max((max(x for x, _ in items) for _, items in ranked_orgs), default=0.0)
        chosen: list[Match] = []
        for _, items in ranked_orgs:
            if max(x for x, _ in items) >= top - ORG_MARGIN:  # another shop's half match is about something else
                chosen += [self._target_match(s.target, score) for score, s in _select(items, content)]
        return chosen

    @staticmethod
    def _qualified(
        content: list[Word], scored: dict[int, _Scored], single: bool
    ) -> dict[str, list[tuple[float, _Scored]]]:
        """Per organisation, the targets that may be answered, with their scores.

        A target qualifies with an alias matched in full, every word about other people explained, and enough of
        the question explained; failing that, two targets that explain it together (one shop only).
        """
        weights = [w.weight for w in content]
        total = sum(weights)
        required = {i for i, w in enumerate(content) if w.required}
        per_org: dict[str, list[tuple[float, _Scored, float]]] = {}
        for s in scored.values():
            if s.phrase > 0 and required <= s.covered | s.described:
                coverage = _coverage(s, weights, total)
                score = round(0.5 * s.phrase + 0.5 * coverage, 4)
                per_org.setdefault(s.target.org.slug, []).append((score, s, coverage))
        by_org: dict[str, list[tuple[float, _Scored]]] = {}
        for slug, items in per_org.items():
            if any(s.named for _, s, _ in items):  # a topic the question names outranks one only its verbs suggest
                items = [item for item in items if item[1].named]
            good = [(score, s) for score, s, coverage in items if coverage >= MIN_COVERAGE]
            if good := good or (_pair(items, weights, total) if single else []):
                by_org[slug] = good
        if not single and by_org:
            # Across shops: another shop's topic named by the same words as the best answer answers too, though only
            # the best one's description explains the rest ("kopior av kundernas mejl": both shops keep e-mails).
            best = max((x for items in by_org.values() for x in items), key=lambda x: x[0])[1]
            named = {i for i in best.covered if not content[i].generic}
            for slug, items in per_org.items():
                if slug not in by_org and named:
                    same = [(score, s) for score, s, coverage in items
                            if named <= s.covered and coverage >= SHARED_COVERAGE]
                    if same:
                        by_org[slug] = same
        return by_org

    def _organisations_in(self, tokens: list[str]) -> tuple[list[str], list[str]]:
        """Organisations named in the question (in order), and the remaining tokens."""
        names = self.index.org_names
        folded = [fold(t) for t in tokens]
        joined_tokens = [join_token(t) for t in folded]
        found: list[str] = []
        rest: list[str] = []
        skip = 0
        for i, token in enumerate(tokens):
            if skip:
                skip -= 1
                continue
            slug = None
            for width in (3, 2):  # "javi musik ab", "finders keepers", "123 multiservice"
                if i + width <= len(tokens):
                    joined = "".join(joined_tokens[i : i + width])
                    if joined in names:
                        slug, skip = names[joined], width - 1
                        break
            if slug is None:
                slug = self._org_token(folded[i])
            if slug is None:
                rest.append(token)
            elif slug not in found:
                found.append(slug)
        return found, rest

    def _org_token(self, token: str) -> str | None:
        """The organisation one token names, allowing a possessive -s and small typos in long names."""
        names = self.index.org_names
        joined = join_token(token)
        for form in (joined, joined.removesuffix("s"), join_token(split_token(token)[0]) if token else ""):
            if form in names and (len(form) >= 3):
                return names[form]
        if len(joined) >= 7:
            best = process.extractOne(joined, self._long_names, scorer=fuzz.ratio, score_cutoff=88)
            if best is not None:
                return names[best[0]]
        return None

    @property
    def _apposition(self) -> re.Pattern[str]:
        """A recipient's name followed by a comma and what it is ("New Relic, verktyget som mäter …", "Dinero, vores
        faktureringsprogram"): the description says nothing the name does not."""
        if self._apposition_cache is None:
            names = {n for o in self.kb.organisations.values() for r in o.recipients for n in recipient_names(r.name)}
            alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True) if len(n) >= 3)
            self._apposition_cache = re.compile(
                rf"\b(?P<name>{alternatives}),\s+(?!(?:{_CLAUSE_STARTS})\b)"
                # … to the end of the message, and no list ("banks, the police or debt collectors")
                rf"(?:(?!\b(?:{_LIST_WORDS})\b)[^,.;:?!])*(?=[.?!]*\s*$)",
                re.IGNORECASE,
            )
        return self._apposition_cache

    @property
    def _long_names(self) -> list[str]:
        """Organisation names of one word and at least 7 letters (typo-tolerant matching)."""
        if self._names_cache is None:
            self._names_cache = [n for n in self.index.org_names if " " not in n and len(n) >= 7]
        return self._names_cache

    def _content(
        self, tokens: list[str], language: str, orgs: set[str], acronyms: frozenset[str] = frozenset()
    ) -> list[Word]:
        """Content words of the question (within the organisations asked about) with candidates and weights.

        `acronyms` are the words written in capitals ("CCTV", "GPS"): unknown ones name something specific.
        """
        tokens = merge_phrases(tokens)
        out: list[Word] = []
        positions: list[int] = []
        negate = 0
        for at, raw in enumerate(tokens):
            token = self._normalise(join_token(fold(raw)))
            if token in NEGATIONS:
                negate = NEGATION_REACH
                if out and positions[-1] == at - 1 and language != "en":
                    # Danish and Swedish put the negation after the verb ("kunden betaler ikke" ~ "ikke betaler").
                    prev = tokens[at - 1]
                    again = self._word(prev, out[-1].text, orgs, language, negated=True, acronym=prev in acronyms)
                    if again is not None and any(v.startswith(NEGATED) for v in again.candidates):
                        out[-1] = again
                continue
            if not token or token in STOP_WORDS or token in META_WORDS or token.isdigit() or len(token) < 2:
                continue
            word = self._word(raw, token, orgs, language, negated=negate > 0, acronym=raw in acronyms)
            negate = max(0, negate - 1)
            if word is not None:
                out.append(word)
                positions.append(at)
        if language == "en":
            self._noun_adjuncts(out, positions)
        return out

    def _word(self, raw: str, token: str, orgs: set[str], language: str, negated: bool, acronym: bool) -> Word | None:
        """One content word with its candidates and weight (None for a typo of a question word: "kepe")."""
        cands = self._candidates(raw, token, orgs, language, negated)
        required = names_other_people(raw, language)  # "employees' sick notes": the topic must be about them
        # A typo closer to a question word than to any vocabulary word ("anvnder" ~ använder, not "användar"); not a
        # word for other people ("udlejerens" is no typo of "udleverers").
        if not required and max(cands.values(), default=0.0) < WEAK_CANDIDATE and _is_function_typo(raw, token):
            return None
        languages = (language, "en") if language != "en" else ("en",)
        weight = self._weight(raw, token, cands, languages)
        if required or token in OFF_TOPIC_WORDS:  # … or "what does shipping cost?": no policy says
            cands, weight = {}, self.index.max_idf
        elif not cands and acronym:
            weight = self.index.max_idf
        keys = frozenset(cands) if negated else _keys(raw, token, cands, language)  # "ikke logget ind"
        alias = token in self.index.whole_aliases or negated and NEGATED + token in self.index.whole_aliases
        return Word(token, cands, weight, keys, required, _is_generic(token, cands), alias)

    def _noun_adjuncts(self, words: list[Word], positions: list[int]) -> None:
        """An unknown noun right next to a known word makes a compound with it ("voice messages", "bank details",
        "security cameras"): it weighs as much as the rarest word (English; Danish and Swedish write compounds as
        one word)."""
        floor = VERB_WEIGHT * self.index.max_idf
        for k, word in enumerate(words):
            if word.candidates or word.weight <= floor:
                continue
            neighbours = [j for j in (k - 1, k + 1) if 0 <= j < len(words) and abs(positions[j] - positions[k]) == 1]
            if any(words[j].candidates and not words[j].generic for j in neighbours):
                words[k] = dataclasses.replace(word, weight=self.index.max_idf)

    def _normalise(self, token: str) -> str:
        """Shorthand ("tlf") and Nordic letters typed as digraphs ("laenge", "koebshistorik", "aar"): the known form."""
        token = ABBREVIATIONS.get(token, token)
        if token in self.index.by_token:
            return token
        undigraphed = token.replace("ae", "a").replace("oe", "o").replace("aa", "a")
        return undigraphed if undigraphed in STOP_WORDS or undigraphed in self.index.by_token else token

    def _candidates(self, raw: str, token: str, orgs: set[str], language: str, negated: bool) -> dict[str, float]:
        """Vocabulary words (of the organisations asked about) a question word may stand for."""
        index = self.index
        cands = self._in_scope(index.match_token(token, raw, (language,)).candidates, orgs)
        if not any(q >= 0.9 for q in cands.values()):  # "bokföringslagen" is a compound where only "bokföring" is known
            for head, tail in index.split_compound(token):
                if not self._used_by(orgs, head, tail):
                    continue  # both parts must be words of the shops asked about ("kontoret" is no konto + retten)
                cands[head] = max(cands.get(head, 0.0), 0.9)
                if tail is not None:
                    cands[tail] = max(cands.get(tail, 0.0), 0.88)
        parts = split_token(fold(raw))
        if len(parts) > 1:
            for part in parts:
                if len(part) >= 2 and part not in STOP_WORDS:
                    for v, q in index.match_token(part).candidates.items():
                        # A part of a hyphenated word says less than the whole ("adresser" in "IP-adresser").
                        cands[v] = max(cands.get(v, 0.0), q * 0.7)
        if negated:  # "ikke logget ind" matches only negated aliases; otherwise the negation is the verb's
            flipped = {NEGATED + v: q for v, q in {token: 1.0, **cands}.items() if NEGATED + v in index.by_token}
            # … or the word's negative form ("ikke betalt" ~ ubetalte, "inte betald" ~ obetalda, "not paid" ~ unpaid)
            for prefix in NEGATIVE_PREFIXES.get(language, ()):
                for v, q in index.match_token(prefix + token, prefix + raw, (language,)).candidates.items():
                    if q >= 0.85:
                        flipped[v] = max(flipped.get(v, 0.0), q)
            cands = flipped or cands
        return self._in_scope(cands, orgs)

    def _used_by(self, orgs: set[str], *words: str | None) -> bool:
        """Whether every given vocabulary word is used by one of the organisations (None: no word, fine)."""
        vocab_orgs = self.index.vocab_orgs
        return all(w is None or not orgs.isdisjoint(vocab_orgs.get(w, ())) for w in words)

    def _in_scope(self, cands: dict[str, float], orgs: set[str]) -> dict[str, float]:
        """The candidates some organisation asked about uses."""
        vocab_orgs = self.index.vocab_orgs
        return {v: q for v, q in cands.items() if not orgs.isdisjoint(vocab_orgs.get(v, ()))}

    def _weight(self, raw: str, token: str, cands: dict[str, float], languages: tuple[str, ...]) -> float:
        """How much of the question a word is: its rarity in the knowledge base, or in everyday language."""
        index = self.index
        # An everyday word is light unless it is an alias by itself ("handler"), not just part of a name ("New Relic").
        everyday = (token in QUESTION_VERBS or token in EVERYDAY_WORDS) and (
            token not in index.whole_aliases or token not in cands  # an alias only of a shop not asked about
        )
        if everyday and not any(q >= 0.85 and v not in QUESTION_VERBS for v, q in cands.items()):
            weight = VERB_WEIGHT * index.max_idf
        elif cands:
            weight = max(index.idf[v] * q for v, q in cands.items())
            if everyday:  # a verb close to an alias word ("cancel" ~ cancellation, "købt" ~ køb) counts half
                weight = min(weight, VERB_NOUN_WEIGHT * index.max_idf)
        else:
            # An unknown word other than a verb or function word is most likely what the question is about
            # ("dashcam", "camera", "blood"): it weighs at least half the rarest word, more the rarer it is.
            rare = rarity(raw, languages)
            weight = index.max_idf * (max(UNKNOWN_FLOOR, rare) if rare >= CHATTER_RARITY else rare)
        if _is_generic(token, cands):
            weight = min(weight, GENERIC_WEIGHT * index.max_idf)
        return weight

    def _score(self, content: list[Word], orgs: set[str], every_target: bool = False) -> dict[int, _Scored]:
        """Score the targets of the given organisations that may be answered: those with an alias whose words all
        occur in the question (`every_target`: all that any question word touches, for suggestions)."""
        index = self.index
        best_for = _best_matches(content)
        later: dict[int, list[int]] = {}  # target -> aliases that cannot be matched in full
        scored: dict[int, _Scored] = {}
        floors: dict[tuple[str, int], float] = {}
        for pid in self._phrases_for(best_for, orgs):
            phrase = index.phrases[pid]
            if every_target or phrase.needed <= best_for.keys():
                self._add_phrase(scored, phrase, best_for, content, floors)
            else:
                later.setdefault(phrase.target, []).append(pid)
        for tid in scored.keys() & later.keys():  # partly matched aliases only count where a topic can answer
            for pid in later[tid]:
                self._add_phrase(scored, index.phrases[pid], best_for, content, floors)
        for tid, s in scored.items():
            described = index.describing(tid)
            s.described = {i for i, w in enumerate(content) if i not in s.covered and not w.keys.isdisjoint(described)}
        return scored

    def _add_phrase(
        self,
        scored: dict[int, _Scored],
        phrase: Phrase,
        best_for: dict[str, tuple[float, int]],
        content: list[Word],
        floors: dict[tuple[str, int], float],
    ) -> None:
        """Add one alias's match to its target's scores."""
        quality, covered, complete = self._match_phrase(phrase, best_for, content, floors)
        s = scored.get(phrase.target)
        if s is None:
            s = scored[phrase.target] = _Scored(self.index.targets[phrase.target])
        if complete:
            s.phrase = max(s.phrase, quality)
            s.named = s.named or any(not content[i].verb for i in covered)
            s.covered |= covered
        else:
            s.partial = max(s.partial, quality)
            s.touched |= covered

    def _match_phrase(
        self,
        phrase: Phrase,
        best_for: dict[str, tuple[float, int]],
        content: list[Word],
        floors: dict[tuple[str, int], float],
    ) -> tuple[float, set[int], bool]:
        """How well the question matches one alias: quality, the question words it uses, and whether in full."""
        slug = self.index.target_orgs[phrase.target]
        got = 0.0
        covered: set[int] = set()
        complete = True
        for token, weight in zip(phrase.tokens, phrase.weights):
            match = best_for.get(token)
            if match is not None:
                q, i = match
                floor = floors.get((slug, i))
                if floor is None:
                    floor = self._floor(content[i], i, slug, floors)
                if q >= floor:
                    got += q * weight
                    covered.add(i)
                    continue
            complete = complete and phrase.meta_optional and token in META_WORDS
        return got / phrase.need, covered, complete

    def _phrases_for(self, best_for: dict[str, tuple[float, int]], orgs: set[str]) -> set[int]:
        """The ids of the phrases of the organisations asked about that contain a matched word."""
        index = self.index
        if len(orgs) >= len(self.kb.organisations):
            return {pid for v in best_for for pid in index.by_token.get(v, ())}
        return {pid for slug in orgs for v in best_for for pid in index.by_org_token.get((slug, v), ())}

    def _floor(self, word: Word, i: int, slug: str, floors: dict[tuple[str, int], float]) -> float:
        """The quality a match of question word `i` needs within an organisation.

        Where the organisation has the word itself or an inflection of it, only matches close to that one count
        ("IP-adressen" is not the contact details' "adresse"); weaker best matches (compound parts, typos) set no
        floor. General words are shared by all topics.
        """
        if word.generic:
            floors[(slug, i)] = 0.0
            return 0.0
        vocab_orgs = self.index.vocab_orgs
        best = max((q for v, q in word.candidates.items() if slug in vocab_orgs.get(v, ())), default=0.0)
        floors[(slug, i)] = floor = best - FLOOR_SLACK if best >= 0.95 else 0.0
        return floor

    def _suggestions(self, scored: dict[int, _Scored], weights: list[float], total: float) -> list[Match]:
        """The nearest topics, for an abstention's "did you mean"."""
        ranked = []
        for s in scored.values():
            if s.target.topic is None:
                continue
            coverage = _coverage(s, weights, total)
            ranked.append((round(0.5 * max(s.phrase, s.partial) + 0.5 * coverage, 4), s.target.key, s.target))
        ranked.sort(key=lambda x: (-x[0], x[1]))
        return [Match(t.org, "topic", score, topic=t.topic) for score, _, t in ranked[:3] if score > 0.2]

    def _topics_for_recipients(
        self, chosen: list[Match], content: list[Word], scope: list[Organisation], keep: bool = False
    ) -> list[Match]:
        """For a question a recipient cannot answer (its retention, its legal basis): the topic that sends it the
        data and best explains the question ("legal basis for handing data to the police" -> authority requests).

        With `keep` (a recipient asked about by what it is, not by name: "which carriers get the address?") the
        recipient stays and the topic it gets the data from is added when the question says which data.
        """
        every = self._score(content, {o.slug for o in scope}, every_target=True)
        weights = [w.weight for w in content]
        total = sum(weights)
        coverage = {s.target.key: _coverage(s, weights, total) for s in every.values()}
        out: list[Match] = []
        for m in chosen:
            if m.kind != "recipient":
                out.append(m)
                continue
            if any(x.org is m.org and x.kind == "topic" for x in chosen):
                if keep:  # the topic answers for it otherwise ("legal basis for cookies": not the cookie suppliers)
                    out.append(m)
                continue
            assert m.recipient is not None
            linked = [t for t in m.org.topics if m.recipient in t.recipients]
            ranked = sorted(linked, key=lambda t: (-coverage.get(f"{m.org.slug}/{t.id}", 0.0), t.id))
            said = bool(ranked) and coverage.get(f"{m.org.slug}/{ranked[0].id}", 0.0) > 0
            best = ranked[0] if said or len(ranked) == 1 and not keep else None
            if keep or best is None:
                out.append(m)
            if best is not None and not any(x.topic is best for x in out):
                out.append(Match(m.org, "topic", m.score, topic=best))
        return out

    def _with_topic_recipients(self, chosen: list[Match], tokens: list[str], content: list[Word]) -> list[Match]:
        """"Who gets the payment details?": a topic answered with the recipients it names that the question calls by
        name ("Får politiet udleveret kundeoplysninger?"), or, when it names none of them, with all of them if they
        are few (MAX_TOPIC_RECIPIENTS), or else those whose own entry explains a word of the question ("addresses for
        delivery" goes to the carrier)."""
        out = list(chosen)
        for m in chosen:
            if m.kind != "topic" or m.topic is None:
                continue
            named = [r for r in m.topic.recipients if _names_recipient(r, tokens)]
            few = m.topic.recipients if len(m.topic.recipients) <= MAX_TOPIC_RECIPIENTS else ()
            for rec in named or few or self._explaining_recipients(m, content):
                if not any(x.recipient is rec for x in out):
                    out.append(Match(m.org, "recipient", m.score, recipient=rec))
        # A topic that goes to nobody does not answer "who" beside one that does ("kort på siden" ~ the login log).
        if len(out) == len(chosen):
            return out
        return [x for x in out if x.kind != "topic" or x.topic is None or x.topic.recipients]

    def _explaining_recipients(self, m: Match, content: list[Word]) -> list[Recipient]:
        """The recipients of topic match `m` whose entry (aliases or description) explains a specific question word."""
        assert m.topic is not None
        specific = [w for w in content if w.candidates and not w.generic and not w.verb]
        out = []
        for rec in m.topic.recipients:
            tid = self.index.target_id(f"{m.org.slug}/recipient:{rec.id}")
            vocab = self.index.describing(tid) | self.index.target_tokens(tid)
            if any(not w.keys.isdisjoint(vocab) for w in specific):
                out.append(rec)
        return out

    @staticmethod
    def _target_match(target: Target, score: float) -> Match:
        """A Match for a topic or recipient target."""
        if target.topic is not None:
            return Match(target.org, "topic", score, topic=target.topic)
        return Match(target.org, "recipient", score, recipient=target.recipient)

    def _right_matches(self, scope: list[Organisation], right: str | None) -> list[Match]:
        """How each shop asked about handles a right; across shops, those whose policy describes it."""
        matches = [self._right_match(o, right) for o in scope]
        if len(scope) > 1 and right is not None:
            matches = [m for m in matches if m.kind == "right"] or matches
        return matches

    @staticmethod
    def _right_match(org: Organisation, right: str | None) -> Match:
        """How `org` handles the right asked about (or its general request procedure)."""
        entry = org.right(right) if right else None
        if entry is not None:
            return Match(org, "right", 1.0, right=entry)
        return Match(org, "requests", 0.8 if right else 1.0)


def _pair(items: list[tuple[float, _Scored, float]], weights: list[float], total: float) -> list[tuple[float, _Scored]]:
    """Two topics that together explain a question neither explains alone ("a former customer's master data":
    former customers + master data), each explaining a fair share of it; none when no such pair exists."""
    top = sorted(items, key=lambda x: (-x[0], x[1].target.key))[:PAIR_CANDIDATES]
    best: tuple[float, _Scored, _Scored] | None = None
    for i, (_, a, cov_a) in enumerate(top):
        for _, b, cov_b in top[i + 1 :]:
            if min(cov_a, cov_b) < PAIR_SHARE:
                continue
            union = _Scored(a.target, covered=a.covered | b.covered, described=(a.described | b.described))
            union.described -= union.covered
            coverage = _coverage(union, weights, total)
            if coverage >= PAIR_COVERAGE and (best is None or coverage > best[0]):
                best = (coverage, a, b)
    if best is None:
        return []
    coverage, a, b = best
    score = round(0.5 * min(a.phrase, b.phrase) + 0.5 * coverage, 4)
    # Twins of the pair (JAVI's three payment companies, all named "betalningsföretag") answer with it.
    twins = [s for _, s, _ in items if s is not a and s is not b and any(_twins(s, x) for x in (a, b))]
    return [(score, a), (score, b)] + [(score, s) for s in twins]


def _twins(s: _Scored, t: _Scored) -> bool:
    """Whether two targets explain the same words equally well (the same aliases)."""
    return s.covered == t.covered and s.described == t.described and s.phrase == t.phrase


def _best_matches(content: list[Word]) -> dict[str, tuple[float, int]]:
    """For every vocabulary word a question word may stand for: the best quality and that question word's position."""
    best_for: dict[str, tuple[float, int]] = {}
    for i, word in enumerate(content):
        for v, q in word.candidates.items():
            if v not in best_for or q > best_for[v][0]:
                best_for[v] = (q, i)
    return best_for


def _data_words(content: list[Word]) -> set[int]:
    """Positions of the words that only say "customer data": one word ("kunduppgifter") or two ("customer data")."""
    generic = [w.generic for w in content]
    pairs = {j for i in range(len(content) - 1) if generic[i] and generic[i + 1] for j in (i, i + 1)}
    return pairs | {i for i, w in enumerate(content) if _says_data(w.text)}


def _says_data(token: str) -> bool:
    """Whether a word is only "customer data" made one word ("kunduppgifter", "kundeoplysninger", "persondata")."""
    for i in range(2, len(token) - 1):
        head, tail = token[:i], token[i:]
        if tail in GENERIC_WORDS and (head in GENERIC_WORDS or head[:-1] in GENERIC_WORDS and head[-1] in "es"):
            return True
    return False


def _is_generic(token: str, cands: dict[str, float]) -> bool:
    """Whether a question word only says "data" or "customer": listed as general, made of two general words
    ("kunduppgifter"), or all its close matches are general."""
    if token in GENERIC_WORDS or _says_data(token):
        return True
    close = [v for v, q in cands.items() if q >= 0.85]
    return bool(close) and all(v in GENERIC_WORDS for v in close)


def _select(items: list[tuple[float, _Scored]], content: list[Word]) -> list[tuple[float, _Scored]]:
    """The topics of one organisation to answer: those close to the best that no other close topic outdoes.

    A topic whose explained words are a strict subset of another's adds nothing ("e-mails … retskrav": the e-mail
    topic also explains "retskrav"); equal ones are kept (IP addresses of visitors and of customers) unless one
    matches the words less exactly.
    """
    ranked = sorted(items, key=lambda x: (-x[0], x[1].target.key))
    best = ranked[0][0]
    close = [(score, s, {i for i in s.covered | s.described if not content[i].generic})
             for score, s in ranked if score >= best - MARGIN]
    weights = [w.weight for w in content]
    return [
        (score, s)
        for score, s, explains in close
        if not any(t is not s and _adds_nothing(explains, s, other, t, weights) for _, t, other in close)
    ]


def _adds_nothing(explains: set[int], s: _Scored, other: set[int], t: _Scored, weights: list[float]) -> bool:
    """Whether topic `s` adds nothing to topic `t`: it explains less, or the same words less well — clearly less of
    them by an alias ("customer service" is the service topic's alias, only the account's description), or less
    exactly ("kundernes e-mails": the contact details' "e-mail" is weaker than the e-mail topic's "e-mails")."""
    if explains < other:
        # … unless it names what the other only mentions in passing, and names it first, as the thing asked about
        # ("personnummer som kunder mejlar": the ID numbers topic names the numbers, the e-mail topic's description
        # only mentions them; not "e-mails, der kan have betydning for et retskrav": the e-mails are asked about)
        first = min(t.covered, default=len(weights))
        return not any(
            i not in t.covered and weights[i] > _focus_floor(weights) and i < first for i in s.covered & explains
        )
    if explains != other:
        return False
    by_alias = sum(weights[i] for i in s.covered & explains)
    other_by_alias = sum(weights[i] for i in t.covered & explains)
    # (Less exact only counts against one that names no more by an alias: two topics never drop each other.)
    return by_alias < ALIAS_SHARE * other_by_alias or by_alias <= other_by_alias and s.phrase < t.phrase - EXACTNESS_TIE


def _without_topics_foreign_to_recipients(chosen: list[Match]) -> list[Match]:
    """A recipients question answered by a recipient, by name or by what it is ("delar vi kunduppgifter med Facebook?",
    "vilka betalföretag …"), is answered by a topic only if that topic's data goes to it (not by the contact details
    its data words match)."""
    recipients = [m for m in chosen if m.kind == "recipient"]
    return [
        m
        for m in chosen
        if m.kind != "topic"
        or m.topic is None
        or all(r.org is not m.org or r.recipient in m.topic.recipients for r in recipients)
    ]


def _kept_for(chosen: list[Match], period: str) -> list[Match]:
    """"Which shops keep invoices for 5 years?": the answers that keep it for that period, if any do."""
    kept = [m for m in chosen if m.topic is not None and m.topic.retention.duration == period]
    return kept or chosen


def _names_recipient(rec: Recipient | None, tokens: list[str]) -> bool:
    """Whether the question calls a recipient by (a word of) its name ("Postnord"), not by what it is ("carrier")."""
    if rec is None:
        return True
    words = {join_token(fold(t)) for t in tokens}
    named = {join_token(w) for n in recipient_names(rec.name) for w in raw_tokens(fold(n))} - GENERIC_WORDS - STOP_WORDS
    # An inflected name word counts too ("politiet" for "Politi").
    return any(w == n or len(n) >= 4 and w.startswith(n) and len(w) - len(n) <= 3 for w in words for n in named)


def _focus_floor(weights: list[float]) -> float:
    """Half the heaviest word's weight: a word below it is not what a question is about."""
    return 0.5 * max(weights, default=0.0)


def _acronyms(text: str) -> frozenset[str]:
    """Words written in capitals in the question ("CCTV", "GPS", "DNA"), case-folded."""
    return frozenset(w.casefold() for w in _ACRONYM.findall(text))


_LIST_WORDS = "and|or|og|och|eller|samt|plus"  # an enumeration, not a description
# Words that start a new clause or question after a comma, not a description of what was just named.
_CLAUSE_STARTS = (
    f"{_LIST_WORDS}|but|men|hvad|what|vad|why|hvorfor|varför|varfor|how|hvordan|hur|hvem|who|vem|"
    "hvilke|hvilken|which|vilka|vilken|når|nar|when|när|if|hvis|om|så|sa|so|is|er|är|ar|do|does|gør|gor|gör|"
    "må|ma|may|can|kan|får|far|skal|should|ska"
)
# Sentences, a lead-in before a dash or colon, and the parts of a chat message an emoji ends ("årsafslutning 🙃 …").
_PARTS = re.compile(r"(?<=[.?!])\s+|\s+[–—-]\s+|:\s+|\s*[\U0001F300-\U0001FAFF\u2600-\u27BF]+\s*")
_ACRONYM = re.compile(r"\b[A-ZÆØÅÄÖ]{2,6}(?=s?\b)")


def _coverage(s: _Scored, weights: list[float], total: float) -> float:
    """The share of the question's content weight a target explains: fully by aliases matched in full, partly by
    words of aliases matched in part ("records" of "accounting records") and of its description."""
    if not total:
        return 0.0
    partly = (s.described | s.touched) - s.covered
    explained = sum(weights[i] for i in s.covered) + CONTEXT_CREDIT * sum(weights[i] for i in partly)
    return explained / total


def _keys(raw: str, token: str, cands: dict[str, float], language: str) -> frozenset[str]:
    """The forms under which a question word may appear in a target's description (as written, or its stem)."""
    keys = {k for k in (token, *cands) if len(k) >= 3}
    st = fold(stem(raw.casefold(), language))
    if len(st) >= 3:
        keys.add(f"{language}:{st}")
    return frozenset(keys)


def _is_function_typo(raw: str, token: str) -> bool:
    """Whether an unknown word is a typo of a question word ("kepe", "gemer", "recieves")."""
    if len(token) < 4 or is_common_word(raw):
        return False
    limit = 1 if len(token) <= 6 else 2
    return process.extractOne(token, _FUNCTION_WORDS, scorer=OSA.distance, score_cutoff=limit) is not None


_DEFAULT: Answerer | None = None


def default_answerer() -> Answerer:
    """An Answerer over the bundled knowledge base, built (or read from the engine cache) once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        from knowledge.cache import cached_answerer
        from knowledge.loader import DATA_DIR, adopt_default, loaded_default

        if (kb := loaded_default()) is not None:  # already loaded in this process
            _DEFAULT = Answerer(kb)
        else:
            _DEFAULT = cached_answerer(DATA_DIR)  # from the per-user cache when it holds this build
            adopt_default(_DEFAULT.kb)
    return _DEFAULT
