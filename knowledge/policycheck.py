"""Checks the knowledge base against the policy texts: references resolve, retention sentences are covered."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.model import KnowledgeBase, Organisation, SourceRef

# A line that opens a numbered section: "5.2 ...", "5a.1. ...", "7.16.3 ...", "13 DATATILSYNET".
# A one-level number followed by a dot ("1. Databehandlere …") is a list item inside a table, not a section.
NUMBERED = re.compile(r"^(\d+[a-z]?(?:\.\d+)+)\.?(?=\s|$)|^(\d+[a-z]?)(?=\s|$)")

# What makes a sentence look like a retention statement (matched on the case-folded sentence).
_UNITS = (
    r"dage|dagen|dages|dag|uger|uge|måneder|måned|mdr|år|års|timer"  # da
    r"|dagar|månader|månad|veckor|vecka|timmar"  # sv
    r"|days?|weeks?|months?|years?|hours?"  # en
)
RETENTION_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\b\d+\s*(?:{_UNITS})\b"),
    re.compile(
        r"\b(?:slettes|slettet|sletter|slettede|sletter sig|raderas|raderade|tills|indtil|overskrives|"
        r"overskrevet|anonymiseres|anonymiserer|gemmes|opbevares|opbevaringen|sparas|lagras|bevaras|"
        r"deleted|retained|erased)\b"
    ),
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“”'(]?[A-ZÆØÅÄÖÉ0-9])")


def _number(line: str) -> str | None:
    """The section number a line opens, if it opens one."""
    m = NUMBERED.match(line.strip())
    return (m.group(1) or m.group(2)) if m else None


def normalise(text: str) -> str:
    """Case-fold and collapse white space (how quotes and sections are compared)."""
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a policy, located by line."""

    line: int  # 1-based
    start: int  # offset in the normalised line
    end: int
    text: str  # as written (white space collapsed)


@dataclass(slots=True)
class PolicyText:
    """One policy file split into normalised lines, with section lookup."""

    name: str
    lines: list[str]
    norm: list[str] = field(init=False)

    def __post_init__(self) -> None:
        """Normalise every line once."""
        self.norm = [normalise(line) for line in self.lines]

    @classmethod
    def read(cls, path: Path) -> PolicyText:
        """Read a policy file (UTF-8)."""
        return cls(path.name, path.read_text(encoding="utf-8").splitlines())

    def find_heading(self, section: str) -> int | None:
        """The line index of a section: a numbered line, an exact heading line, else a line starting with it."""
        wanted = normalise(section)
        if re.fullmatch(r"\d+[a-z]?(?:\.\d+)*\.?", section.strip()):
            number = section.strip().rstrip(".")
            for i, line in enumerate(self.lines):
                if _number(line) == number:
                    return i
            return None
        for i, line in enumerate(self.norm):
            if line == wanted:
                return i
        for i, line in enumerate(self.norm):
            if line.startswith(wanted):
                return i
        return None

    def span(self, start: int, boundaries: set[int]) -> range:
        """The lines of the section opening at `start`: up to the next boundary or sibling section number."""
        number = _number(self.lines[start])
        end = start + 1
        while end < len(self.lines):
            if end in boundaries and number is None:
                break
            other = _number(self.lines[end])
            if other:
                if number is None or not other.startswith(number + "."):
                    break
            elif number is None and end in boundaries:
                break
            end += 1
        return range(start, end)

    def sentences(self) -> list[Sentence]:
        """Every sentence of the text (lines split at sentence ends)."""
        out = []
        for i, line in enumerate(self.lines):
            collapsed = " ".join(line.replace("\u00a0", " ").split())
            pos = 0
            for part in _SENTENCE_END.split(collapsed):
                if part.strip():
                    start = collapsed.index(part, pos)
                    out.append(Sentence(i + 1, start, start + len(part), part))
                    pos = start + len(part)
        return out


def looks_like_retention(sentence: str) -> bool:
    """Whether a sentence looks like it states how long data is kept or when it is deleted."""
    folded = sentence.casefold()
    return any(p.search(folded) for p in RETENTION_PATTERNS)


@dataclass(slots=True)
class CheckReport:
    """The outcome of checking one organisation against its policy."""

    org: str
    policy: str
    problems: list[str] = field(default_factory=list)  # unresolved sections / quotes
    uncovered: list[Sentence] = field(default_factory=list)  # retention-looking sentences no entry covers
    references: int = 0
    retention_sentences: int = 0

    @property
    def ok(self) -> bool:
        """True when every reference resolves and every retention sentence is covered."""
        return not self.problems and not self.uncovered


def _references(org: Organisation) -> list[tuple[str, SourceRef]]:
    """Every source reference of an organisation, with a label saying where it is used."""
    refs: list[tuple[str, SourceRef]] = [
        ("controller", org.controller.source),
        ("complaint", org.complaint.source),
    ]
    if org.general_source:
        refs.append(("requests", org.general_source))
    refs += [(f"right {r.right!r}", r.source) for r in org.rights]
    refs += [(f"recipient {r.id!r}", r.source) for r in org.recipients]
    for topic in org.topics:
        refs.append((f"topic {topic.id!r}", topic.source))
        refs += [(f"topic {topic.id!r} retention", q) for q in topic.retention.quotes]
    refs += [(f"not_retention {n.source.quote!r}", n.source) for n in org.not_retention]
    return refs


def check_organisation(org: Organisation, policy: PolicyText) -> CheckReport:
    """Resolve every reference of `org` in its policy and find uncovered retention sentences."""
    report = CheckReport(org.slug, policy.name)
    refs = _references(org)
    report.references = len(refs)
    headings: dict[str, int] = {}
    for label, ref in refs:
        if ref.section not in headings:
            found = policy.find_heading(ref.section)
            if found is None:
                report.problems.append(f"{label}: section {ref.section!r} is not in {policy.name}")
                continue
            headings[ref.section] = found
    boundaries = set(headings.values())
    covered: dict[int, list[tuple[int, int]]] = {}  # line index -> covered character ranges
    coverage_refs = [q for t in org.topics for q in t.retention.quotes] + [n.source for n in org.not_retention]
    coverage_ids = {id(q) for q in coverage_refs}
    for label, ref in refs:
        if ref.section not in headings or not ref.quote:
            continue
        lines = policy.span(headings[ref.section], boundaries)
        quote = normalise(ref.quote)
        hits = [(i, policy.norm[i].find(quote)) for i in lines if quote in policy.norm[i]]
        if not hits:
            report.problems.append(f"{label}: quote {ref.quote!r} is not in section {ref.section!r}")
            continue
        if id(ref) in coverage_ids:
            for i, pos in hits:
                covered.setdefault(i, []).append((pos, pos + len(quote)))
    for sentence in policy.sentences():
        if not looks_like_retention(sentence.text):
            continue
        report.retention_sentences += 1
        ranges = covered.get(sentence.line - 1, [])
        if not any(a < sentence.end and sentence.start < b for a, b in ranges):
            report.uncovered.append(sentence)
    return report


def check_knowledge_base(kb: KnowledgeBase, policies_dir: Path) -> list[CheckReport]:
    """Check every organisation whose policy file is in `policies_dir`."""
    reports = []
    for slug in kb.slugs:
        org = kb.organisations[slug]
        path = policies_dir / org.policy
        if not path.exists():
            report = CheckReport(slug, org.policy)
            report.problems.append(f"policy file {org.policy} is not in {policies_dir}")
            reports.append(report)
            continue
        reports.append(check_organisation(org, PolicyText.read(path)))
    return reports
