"""Answers staff questions from the knowledge base: organisation, aspect and topic, or an honest abstention.

The decision to answer is structural (see docs/answering.md): a topic is answered only when one of its
aliases is matched in full AND the matched words explain most of the question's content; otherwise the
engine abstains and names the nearest topics. A retention question is only ever answered from the
matched topic's own retention entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz

from knowledge.aspects import detect_aspect, detect_right
from knowledge.index import GENERIC_WORDS, Index, Target, build_index
from knowledge.model import KnowledgeBase, Organisation, Recipient, Right, Topic
from knowledge.text import STOP_WORDS, clean, detect_language, fold, join_token, rarity, raw_tokens, split_token

MAX_QUESTION_CHARS = 1000
MARGIN = 0.12  # topics within this score of an organisation's best are answered too
MIN_COVERAGE = 0.5  # share of the question's content weight the matched aliases must explain

# Words that ask for an aspect or talk about the policy itself: never topic content.
META_WORDS: frozenset[str] = frozenset(
    fold(w)
    for w in """modtager modtagere modtage modtages mottagare mottar tar emot recipient recipients receive receives
    received receiving videregiver videregives videregivet videregive deler dele deles delt delar dela delas
    share shares shared sharing process processes processed processing processor processors behandler behandles
    behandling behandlar behandlas behandlingen databehandler databehandlere personuppgiftsbitraden
    formal formalet formalene syfte syftet syften andamal andamalet purpose purposes reason reasons why
    hjemmel hjemlen retsgrundlag retsgrundlaget grundlag grundlaget grund grunden legal lawful basis bases
    ground grounds rattslig rattsliga article artikel art gdpr paragraf
    indsamler indsamle indsamles samler samle samlar in collect collects collected collecting registrerer
    registreres registrerar registreras bruges bruger brug anvendes anvender anvander anvands used use uses using
    policy politik politikken privatlivspolitik persondatapolitik integritetspolicy privacy statement
    ifolge enligt according say says siger star sagt
    webshop webshoppen shop shoppen butik butikken butiken company virksomhed virksomheden foretag foretaget firma
    firmaet business store
    sendes send sent skickas skicka gives given far giver ger ta del ut""".split()
)


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


@dataclass(slots=True)
class _Scored:
    """A candidate target's scores."""

    target: Target
    phrase: float = 0.0  # best fully matched alias (0 when none)
    partial: float = 0.0  # best partly matched alias
    covered: set[int] = field(default_factory=set)  # question content-token positions explained


class Answerer:
    """Question answering over one knowledge base (build once, ask many)."""

    def __init__(self, kb: KnowledgeBase, index: Index | None = None) -> None:
        """Index the knowledge base."""
        self.kb = kb
        self.index = index or build_index(kb)

    def answer(self, question: str, org: str | None = None, language: str | None = None) -> Result:
        """Answer one question, optionally for one organisation and in a forced language."""
        text = clean(question or "")
        if not text:
            raise QuestionError("ask.error.empty")
        if len(text) > MAX_QUESTION_CHARS:
            raise QuestionError("ask.error.too_long", limit=MAX_QUESTION_CHARS)
        if org is not None and self.kb.get(org) is None:
            raise QuestionError("error.unknown_org", org=org, known=", ".join(self.kb.slugs))

        tokens = raw_tokens(text)
        named, rest = self._organisations_in(tokens)
        default_lang = self.kb.organisations[org].language if org else "en"
        lang = language or detect_language(text, default=default_lang)
        aspect = detect_aspect(text)
        right = detect_right(text) if aspect == "rights" else None
        scope_slugs = [org] if org else (named or list(self.kb.slugs))
        scope = [self.kb.organisations[s] for s in scope_slugs]
        result = Result(text, org, lang, aspect, right, abstained=False, orgs_in_question=tuple(named))

        if aspect == "rights":
            result.matches = [self._right_match(o, right) for o in scope]
            return result
        if aspect == "contact":
            result.matches = [Match(o, "controller", 1.0) for o in scope]
            return result

        content = self._content(rest, lang)
        scored = self._score(content, {o.slug for o in scope})
        weights = [w for _, _, w in content]
        total = sum(weights)
        chosen: list[Match] = []
        by_org: dict[str, list[tuple[float, _Scored]]] = {}
        for s in scored.values():
            coverage = sum(weights[i] for i in s.covered) / total if total else 0.0
            score = round(0.5 * s.phrase + 0.5 * coverage, 4)
            if s.phrase > 0 and coverage >= MIN_COVERAGE:
                by_org.setdefault(s.target.org.slug, []).append((score, s))
        ranked_orgs = sorted(by_org.items(), key=lambda kv: (-max(x for x, _ in kv[1]), kv[0]))
        for _, items in ranked_orgs:
            best = max(x for x, _ in items)
            for score, s in sorted(items, key=lambda x: (-x[0], x[1].target.key)):
                if score >= best - MARGIN:
                    chosen.append(self._target_match(s.target, score))
        result.unknown_words = tuple(tok for tok, cands, _ in content if not cands)

        if chosen:
            result.matches = chosen
            return result
        generic_only = all(tok in GENERIC_WORDS for tok, _, _ in content)
        if generic_only and len(scope) == 1 and aspect != "overview" or not content and len(scope) == 1:
            kind = "recipients" if aspect == "recipients" else "overview"
            result.matches = [Match(scope[0], kind, 0.5)]
            return result
        result.abstained = True
        result.reason = "vague" if generic_only else "no_topic"
        result.suggestions = self._suggestions(scored, weights, total)
        return result

    def _organisations_in(self, tokens: list[str]) -> tuple[list[str], list[str]]:
        """Organisations named in the question (in order), and the remaining tokens."""
        names = self.index.org_names
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
                    joined = "".join(join_token(fold(t)) for t in tokens[i : i + width])
                    if joined in names:
                        slug, skip = names[joined], width - 1
                        break
            if slug is None:
                slug = self._org_token(fold(token))
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
            for name, slug in names.items():
                if " " not in name and len(name) >= 7 and fuzz.ratio(joined, name) >= 88:
                    return slug
        return None

    def _content(self, tokens: list[str], language: str = "en") -> list[tuple[str, dict[str, float], float]]:
        """Content tokens of the question with their vocabulary candidates and weights."""
        index = self.index
        languages = (language, "en") if language != "en" else ("en",)
        out: list[tuple[str, dict[str, float], float]] = []
        for raw in tokens:
            token = join_token(fold(raw))
            if token not in index.by_token:
                # Nordic letters typed as digraphs ("laenge", "koebshistorik", "aar"): try the folded form.
                undigraphed = token.replace("ae", "a").replace("oe", "o").replace("aa", "a")
                if undigraphed in STOP_WORDS or undigraphed in index.by_token:
                    token = undigraphed
            if not token or token in STOP_WORDS or token in META_WORDS or token.isdigit():
                continue
            if len(token) < 2:
                continue
            cands = dict(index.match_token(token).candidates)
            if not any(q >= 0.9 for q in cands.values()):
                for head, tail in index.split_compound(token):
                    cands[head] = max(cands.get(head, 0.0), 0.9)
                    cands[tail] = max(cands.get(tail, 0.0), 0.88)
            parts = split_token(fold(raw))
            if len(parts) > 1:
                for part in parts:
                    if len(part) >= 2 and part not in STOP_WORDS:
                        for v, q in index.match_token(part).candidates.items():
                            # A part of a hyphenated word says less than the whole ("adresser" in "IP-adresser").
                            cands[v] = max(cands.get(v, 0.0), q * 0.7)
            if cands:
                weight = max(index.idf[v] * q for v, q in cands.items())
            else:
                # An unknown word may be what the question is about ("dashcam") or everyday wording
                # ("sending", "point"): weigh it by how rare it is in the question's languages.
                weight = index.max_idf * rarity(raw, languages)
            if token in GENERIC_WORDS:
                weight = min(weight, 0.25 * index.max_idf)
            out.append((token, cands, weight))
        return out

    def _score(self, content: list[tuple[str, dict[str, float], float]], orgs: set[str]) -> dict[int, _Scored]:
        """Score every target in the given organisations that any content token touches."""
        index = self.index
        phrase_ids: set[int] = set()
        best_for: dict[str, tuple[float, int]] = {}  # vocab token -> (best quality, content position)
        for i, (_, cands, _) in enumerate(content):
            for v, q in cands.items():
                phrase_ids.update(index.by_token.get(v, ()))
                if q > best_for.get(v, (0.0, -1))[0]:
                    best_for[v] = (q, i)
        scored: dict[int, _Scored] = {}
        for pid in phrase_ids:
            phrase = index.phrases[pid]
            target = index.targets[phrase.target]
            if target.org.slug not in orgs:
                continue
            got = 0.0
            need = 0.0
            covered: set[int] = set()
            complete = True
            for token in phrase.tokens:
                weight = index.idf.get(token, 1.0)
                need += weight
                best, best_i = best_for.get(token, (0.0, -1))
                if best_i < 0:
                    complete = False
                    continue
                got += best * weight
                covered.add(best_i)
            quality = got / need if need else 0.0
            s = scored.get(phrase.target)
            if s is None:
                s = scored[phrase.target] = _Scored(target)
            if complete:
                s.phrase = max(s.phrase, quality)
            else:
                s.partial = max(s.partial, quality)
            s.covered |= covered
        return scored

    def _suggestions(self, scored: dict[int, _Scored], weights: list[float], total: float) -> list[Match]:
        """The nearest topics, for an abstention's "did you mean"."""
        ranked = []
        for s in scored.values():
            if s.target.topic is None:
                continue
            coverage = sum(weights[i] for i in s.covered) / total if total else 0.0
            ranked.append((round(0.5 * max(s.phrase, s.partial) + 0.5 * coverage, 4), s.target.key, s.target))
        ranked.sort(key=lambda x: (-x[0], x[1]))
        return [Match(t.org, "topic", score, topic=t.topic) for score, _, t in ranked[:3] if score > 0.2]

    @staticmethod
    def _target_match(target: Target, score: float) -> Match:
        """A Match for a topic or recipient target."""
        if target.topic is not None:
            return Match(target.org, "topic", score, topic=target.topic)
        return Match(target.org, "recipient", score, recipient=target.recipient)

    @staticmethod
    def _right_match(org: Organisation, right: str | None) -> Match:
        """How `org` handles the right asked about (or its general request procedure)."""
        entry = org.right(right) if right else None
        if entry is not None:
            return Match(org, "right", 1.0, right=entry)
        return Match(org, "requests", 0.8 if right else 1.0)


_DEFAULT: Answerer | None = None


def default_answerer() -> Answerer:
    """An Answerer over the bundled knowledge base, built once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        from knowledge.loader import default_knowledge_base

        _DEFAULT = Answerer(default_knowledge_base())
    return _DEFAULT
