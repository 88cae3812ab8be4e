"""The question-answering evaluation: run tests/eval/questions.jsonl through the engine in-process and score it.

Each question carries an `expect` object (see docs/evaluation.md). An answer is correct when:

* out-of-scope (`abstain: true`): the engine abstained;
* otherwise: it did not abstain, every expected (org, topic) is among the answers, no answer's
  (org, topic) lies outside expected ∪ `allow_extra`, every expected answer with a `retention`
  has that retention (duration, and `from` when given; `"not_stated"` means the retention must be
  null), and the reply's `aspect` equals the expected one when one is given.

The run goes through `handlers.ask.ask` and `handlers.ask.contract`, the same path as
`gdpr-bot ask --json -`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knowledge.aspects import ASPECTS

QUESTIONS_PATH: Path = Path(__file__).resolve().parents[1] / "tests" / "eval" / "questions.jsonl"
SPLITS: tuple[str, ...] = ("dev", "heldout")
CATEGORIES: tuple[str, ...] = (
    "retention",
    "purpose",
    "legal_basis",
    "recipients",
    "data",
    "rights",
    "contact",
    "org_in_text",
    "typo",
    "paraphrase",
    "silent",
    "out_of_scope",
    "multi_org",
)
LANGUAGES: tuple[str, ...] = ("da", "sv", "en")
ACCEPTANCE_BAR: float = 0.95  # held-out: answerable accuracy and out-of-scope abstention
SUPPLEMENT_PREFIX: str = "d"  # ids of questions added to dev after the seeded split (never held-out)


@dataclass(frozen=True, slots=True)
class Round:
    """One part of the evaluation set: its label and, for a seeded round, the seed and dev share of its split."""

    label: str
    seed: str | None = None  # None: dev-only additions, never split
    dev_share: float = 0.5


# Id prefix -> the part of the set it marks: the seeded rounds (split by tests/eval/split.py, each before the engine
# ran on it) and the dev-only additions.
ROUNDS: dict[str, Round] = {
    "q": Round("set 1", "gdpr-bot-eval-v1", 0.55),
    "e": Round("set 2 (blind)", "gdpr-bot-eval-v2"),
    "f": Round("set 3 (blind)", "gdpr-bot-eval-v3"),
    "g": Round("set 4 (blind)", "gdpr-bot-eval-v4"),
    "h": Round("set 5 (blind)", "gdpr-bot-eval-v5"),
    "i": Round("set 6 (blind)", "gdpr-bot-eval-v6"),
    "j": Round("set 7 (blind)", "gdpr-bot-eval-v7"),
    SUPPLEMENT_PREFIX: Round("added"),
}


class EvalSetError(ValueError):
    """A malformed line in the evaluation set."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """The judgement of one answer: correct or not, and why not."""

    correct: bool
    abstained: bool
    problems: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Outcome:
    """One question, the engine's contract object for it, and the verdict."""

    question: dict[str, Any]
    got: dict[str, Any]
    verdict: Verdict

    @property
    def answerable(self) -> bool:
        """Whether the question expects an answer (not an abstention)."""
        return not self.question["expect"]["abstain"]


@dataclass(slots=True)
class Tally:
    """Counts for a group of outcomes and the rates derived from them."""

    total: int = 0
    correct: int = 0
    answerable: int = 0
    answerable_correct: int = 0
    false_abstentions: int = 0
    out_of_scope: int = 0
    out_of_scope_abstained: int = 0
    language_mismatches: int = 0
    errors: int = 0

    def add(self, outcome: Outcome) -> None:
        """Count one outcome."""
        self.total += 1
        self.correct += outcome.verdict.correct
        if outcome.got.get("language") != outcome.question["language"]:
            self.language_mismatches += 1
        if outcome.got.get("crash"):
            self.errors += 1
        if outcome.answerable:
            self.answerable += 1
            self.answerable_correct += outcome.verdict.correct
            self.false_abstentions += outcome.verdict.abstained
        else:
            self.out_of_scope += 1
            self.out_of_scope_abstained += outcome.verdict.abstained

    @staticmethod
    def _rate(num: int, den: int) -> float | None:
        """num/den, None for an empty group."""
        return num / den if den else None

    @property
    def accuracy(self) -> float | None:
        """Share of answerable questions answered correctly."""
        return self._rate(self.answerable_correct, self.answerable)

    @property
    def false_abstention_rate(self) -> float | None:
        """Share of answerable questions on which the engine abstained."""
        return self._rate(self.false_abstentions, self.answerable)

    @property
    def abstention_rate(self) -> float | None:
        """Share of out-of-scope questions on which the engine abstained."""
        return self._rate(self.out_of_scope_abstained, self.out_of_scope)

    @property
    def overall(self) -> float | None:
        """Share of all questions judged correct."""
        return self._rate(self.correct, self.total)

    def as_dict(self) -> dict[str, Any]:
        """JSON form: counts and rates."""
        return {
            "questions": self.total,
            "correct": self.correct,
            "overall": self.overall,
            "answerable": self.answerable,
            "answerable_correct": self.answerable_correct,
            "accuracy": self.accuracy,
            "false_abstentions": self.false_abstentions,
            "false_abstention_rate": self.false_abstention_rate,
            "out_of_scope": self.out_of_scope,
            "out_of_scope_abstained": self.out_of_scope_abstained,
            "abstention_rate": self.abstention_rate,
            "language_mismatches": self.language_mismatches,
            "errors": self.errors,
        }


def tally(outcomes: Iterable[Outcome]) -> Tally:
    """A Tally over some outcomes."""
    t = Tally()
    for o in outcomes:
        t.add(o)
    return t


@dataclass(slots=True)
class Report:
    """The outcomes of one evaluation run with summaries per split, category and language."""

    outcomes: list[Outcome] = field(default_factory=list)
    split: str | None = None  # the split evaluated; None = all

    def select(
        self, split: str | None = None, category: str | None = None, language: str | None = None
    ) -> list[Outcome]:
        """The outcomes of one split / category / language (None = any)."""
        return [
            o
            for o in self.outcomes
            if (split is None or o.question["split"] == split)
            and (category is None or o.question["category"] == category)
            and (language is None or o.question["language"] == language)
        ]

    @property
    def splits(self) -> tuple[str, ...]:
        """The splits present in this report, in SPLITS order."""
        present = {o.question["split"] for o in self.outcomes}
        return tuple(s for s in SPLITS if s in present)

    def summary(self, split: str | None = None) -> Tally:
        """Totals for a split (None = every question in the report)."""
        return tally(self.select(split))

    def by_category(self, split: str | None = None) -> dict[str, Tally]:
        """Totals per category for a split."""
        return {c: tally(self.select(split, category=c)) for c in CATEGORIES if self.select(split, category=c)}

    def by_language(self, split: str | None = None) -> dict[str, Tally]:
        """Totals per question language for a split."""
        groups = {lang: self.select(split, language=lang) for lang in LANGUAGES}
        return {lang: tally(outcomes) for lang, outcomes in groups.items() if outcomes}

    def failures(self, split: str | None = None) -> list[Outcome]:
        """The wrongly answered questions of a split."""
        return [o for o in self.select(split) if not o.verdict.correct]

    def meets_bar(self, split: str = "heldout", bar: float = ACCEPTANCE_BAR) -> bool:
        """Whether a split reaches the acceptance bar on both answerable accuracy and out-of-scope abstention."""
        t = self.summary(split)
        return (t.accuracy or 0.0) >= bar and (t.abstention_rate or 0.0) >= bar


# ------------------------------------------------------------------------------------------ loading


def _pairs(items: Any, where: str) -> list[tuple[str, str]]:
    """Validate a list of [org, topic] pairs."""
    if not isinstance(items, list):
        raise EvalSetError(f"{where}: allow_extra must be a list")
    out = []
    for item in items:
        if not (isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item)):
            raise EvalSetError(f"{where}: allow_extra entries must be [org, topic]")
        out.append((item[0], item[1]))
    return out


def is_supplement(q: dict[str, Any]) -> bool:
    """Whether a question was added to dev after the seeded split (id "d…"); split.py does not assign it."""
    return str(q.get("id", "")).startswith(SUPPLEMENT_PREFIX)


def _validate(q: dict[str, Any], where: str) -> None:
    """Raise EvalSetError unless the question line has the documented shape."""
    for key in ("id", "question", "language", "category", "expect", "split"):
        if key not in q:
            raise EvalSetError(f"{where}: missing {key!r}")
    if "org" not in q or not (q["org"] is None or isinstance(q["org"], str)):
        raise EvalSetError(f"{where}: 'org' must be a slug or null")
    if q["language"] not in LANGUAGES:
        raise EvalSetError(f"{where}: unknown language {q['language']!r}")
    if q["category"] not in CATEGORIES:
        raise EvalSetError(f"{where}: unknown category {q['category']!r}")
    if q["split"] not in SPLITS:
        raise EvalSetError(f"{where}: unknown split {q['split']!r}")
    if is_supplement(q) and q["split"] != "dev":
        raise EvalSetError(f"{where}: an added question ({SUPPLEMENT_PREFIX}…) belongs to dev")
    exp = q["expect"]
    if not isinstance(exp, dict) or not isinstance(exp.get("abstain"), bool):
        raise EvalSetError(f"{where}: expect.abstain must be true or false")
    if exp["abstain"]:
        return
    answers = exp.get("answers")
    if not isinstance(answers, list) or not answers:
        raise EvalSetError(f"{where}: an answerable question needs expect.answers")
    for a in answers:
        if not (isinstance(a, dict) and isinstance(a.get("org"), str) and isinstance(a.get("topic"), str)):
            raise EvalSetError(f"{where}: each expected answer needs org and topic")
        ret = a.get("retention")
        if ret is not None and ret != "not_stated":
            if not (isinstance(ret, dict) and isinstance(ret.get("duration"), str)):
                raise EvalSetError(f"{where}: retention must be 'not_stated' or {{duration[, from]}}")
    _pairs(exp.get("allow_extra", []), where)
    if "aspect" in exp and exp["aspect"] not in ASPECTS:
        raise EvalSetError(f"{where}: unknown aspect {exp['aspect']!r}")


def load_questions(path: Path | None = None) -> list[dict[str, Any]]:
    """Read and validate the evaluation set (one JSON object a line)."""
    path = path or QUESTIONS_PATH
    questions: list[dict[str, Any]] = []
    seen: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{n}"
        try:
            q = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalSetError(f"{where}: {exc}") from exc
        if not isinstance(q, dict):
            raise EvalSetError(f"{where}: not a JSON object")
        _validate(q, where)
        if q["id"] in seen:
            raise EvalSetError(f"{where}: duplicate id {q['id']!r}")
        seen.add(q["id"])
        questions.append(q)
    return questions


# ------------------------------------------------------------------------------------------ judging


def _key(answer: dict[str, Any]) -> tuple[str, str]:
    """The (org, topic) of a contract answer object."""
    return (str(answer.get("org")), str(answer.get("topic")))


def _retention_problem(spec: Any, got: Any) -> str | None:
    """Why a contract retention object does not match the expected one, or None."""
    if spec == "not_stated":
        if got is None:
            return None
        return f"retention should be null (not stated), got {got.get('duration')}/{got.get('from')}"
    wanted = f"{spec['duration']}/{spec.get('from', '*')}"
    if not isinstance(got, dict):
        return f"retention should be {wanted}, got null"
    if got.get("duration") != spec["duration"] or ("from" in spec and got.get("from") != spec["from"]):
        return f"retention should be {wanted}, got {got.get('duration')}/{got.get('from')}"
    return None


def judge(expect: dict[str, Any], got: dict[str, Any]) -> Verdict:
    """Judge one contract object against a question's `expect`."""
    abstained = bool(got.get("abstained"))
    if expect["abstain"]:
        if abstained:
            return Verdict(True, True)
        keys = ", ".join(f"{o}/{t}" for o, t in (_key(a) for a in got.get("answers") or []))
        return Verdict(False, False, (f"answered instead of abstaining ({keys or 'no answers'})",))
    if abstained:
        return Verdict(False, True, ("abstained on an answerable question",))
    answers = list(got.get("answers") or [])
    got_keys = [_key(a) for a in answers]
    expected = [(a["org"], a["topic"]) for a in expect["answers"]]
    allowed = set(expected) | {tuple(p) for p in expect.get("allow_extra", [])}
    problems: list[str] = []
    missing = [k for k in expected if k not in got_keys]
    if missing:
        problems.append("missing " + ", ".join(f"{o}/{t}" for o, t in missing))
    extra = sorted({k for k in got_keys if k not in allowed})
    if extra:
        problems.append("unexpected " + ", ".join(f"{o}/{t}" for o, t in extra))
    for spec in expect["answers"]:
        if "retention" not in spec:
            continue
        for a in answers:
            if _key(a) == (spec["org"], spec["topic"]):
                problem = _retention_problem(spec["retention"], a.get("retention"))
                if problem:
                    problems.append(f"{spec['org']}/{spec['topic']}: {problem}")
    if "aspect" in expect and got.get("aspect") != expect["aspect"]:
        problems.append(f"aspect should be {expect['aspect']}, got {got.get('aspect')}")
    return Verdict(not problems, False, tuple(problems))


# ------------------------------------------------------------------------------------------ running


def ask_contract(answerer: Any, question: str, org: str | None) -> dict[str, Any]:
    """The `ask --json` object for one question, built in-process (errors become abstentions, as in the CLI)."""
    from handlers.ask import AskError, ask, contract, error_contract

    try:
        result, reply = ask(answerer, question, org=org)
    except AskError as exc:
        return error_contract(question, org, exc.reply, exc.key)
    return contract(result, reply)


def evaluate(split: str | None = None, path: Path | None = None, answerer: Any = None) -> Report:
    """Run the evaluation set (one split, or all when `split` is None or "all") and judge every answer."""
    if split == "all":
        split = None
    if split is not None and split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; known: {', '.join(SPLITS)}")
    if answerer is None:
        from knowledge.answer import default_answerer

        answerer = default_answerer()
    report = Report(split=split)
    for q in load_questions(path):
        if split is not None and q["split"] != split:
            continue
        try:
            got = ask_contract(answerer, q["question"], q["org"])
        except Exception as exc:  # noqa: BLE001 - a crash is scored as a wrong answer and reported
            crash = f"{type(exc).__name__}: {exc}"
            got = {"abstained": False, "answers": [], "aspect": None, "language": None, "crash": crash}
            verdict = Verdict(False, False, (f"engine crashed: {got['crash']}",))
        else:
            verdict = judge(q["expect"], got)
        report.outcomes.append(Outcome(q, got, verdict))
    return report


# ------------------------------------------------------------------------------------------ output


def _pct(rate: float | None) -> str:
    """A rate as a percentage, '-' for an empty group."""
    return "-" if rate is None else f"{100 * rate:.1f}%"


def _row(label: str, t: Tally) -> str:
    """One table row."""
    return (
        f"  {label:<14} {t.total:>4} {t.answerable:>6} {t.answerable_correct:>6} {_pct(t.accuracy):>8} "
        f"{_pct(t.false_abstention_rate):>8} {t.out_of_scope:>5} {_pct(t.abstention_rate):>8} {_pct(t.overall):>8}"
    )


_HEADER = (
    f"  {'':<14} {'n':>4} {'answ.':>6} {'right':>6} {'accuracy':>8} {'false-ab':>8} {'oos':>5} "
    f"{'abstain':>8} {'overall':>8}"
)


def _expected_text(expect: dict[str, Any]) -> str:
    """The expectation in one readable line."""
    if expect["abstain"]:
        return "abstain"
    parts = []
    for a in expect["answers"]:
        ret = a.get("retention")
        if ret is None:
            suffix = ""
        elif ret == "not_stated":
            suffix = " [not stated]"
        else:
            suffix = f" [{ret['duration']}/{ret.get('from', '*')}]"
        parts.append(f"{a['org']}/{a['topic']}{suffix}")
    text = ", ".join(parts)
    if expect.get("allow_extra"):
        text += "; also ok: " + ", ".join(f"{o}/{t}" for o, t in expect["allow_extra"])
    if "aspect" in expect:
        text += f"; aspect {expect['aspect']}"
    return text


def _got_text(got: dict[str, Any]) -> str:
    """What the engine returned, in one readable line."""
    if got.get("crash"):
        return f"crash: {got['crash']}"
    if got.get("abstained"):
        return "abstained" + (f" ({got['error']})" if got.get("error") else "")
    parts = []
    for a in got.get("answers") or []:
        ret = a.get("retention")
        suffix = f" [{ret.get('duration')}/{ret.get('from')}]" if isinstance(ret, dict) else ""
        parts.append(f"{a.get('org')}/{a.get('topic')}{suffix}")
    return f"aspect {got.get('aspect')}: " + (", ".join(parts) or "no answers")


def _failure_lines(outcome: Outcome) -> list[str]:
    """A wrong answer: question, expected, got, why."""
    q = outcome.question
    return [
        f"{q['id']} [{q['category']}, {q['language']}, org={q['org']}] {q['question']}",
        f"    expected: {_expected_text(q['expect'])}",
        f"    got:      {_got_text(outcome.got)}",
        f"    why:      {'; '.join(outcome.verdict.problems)}",
    ]


def _shows_details(split: str, reveal_heldout: bool) -> bool:
    """Whether per-question details of a split may be shown (held-out only on request)."""
    return split != "heldout" or reveal_heldout


def format_report(report: Report, failures: bool = False, reveal_heldout: bool = False) -> str:
    """The human-readable report: totals per split, per category and language, the bar, optionally failures."""
    lines = [f"QA evaluation: {len(report.outcomes)} questions ({QUESTIONS_PATH.name})", "", "by split:", _HEADER]
    for s in report.splits:
        lines.append(_row(s, report.summary(s)))
    if len(report.splits) > 1:
        lines.append(_row("all", report.summary()))
    for s in report.splits:
        groups = {r.label: [o for o in report.select(s) if str(o.question["id"]).startswith(prefix)]
                  for prefix, r in ROUNDS.items()}
        if sum(bool(g) for g in groups.values()) > 1:
            lines += [_row(f"{s} {name}", tally(g)) for name, g in groups.items() if g]
    for s in report.splits:
        lines += ["", f"{s} by category:", _HEADER]
        lines += [_row(c, t) for c, t in report.by_category(s).items()]
        lines += ["", f"{s} by language:", _HEADER]
        lines += [_row(lang, t) for lang, t in report.by_language(s).items()]
        t = report.summary(s)
        lines.append(
            f"  language detected differently from the question's language: {t.language_mismatches}; "
            f"engine errors: {t.errors}"
        )
    if "heldout" in report.splits:
        t = report.summary("heldout")
        verdict = "PASS" if report.meets_bar("heldout") else "FAIL"
        lines += [
            "",
            f"acceptance bar (held-out, >= {100 * ACCEPTANCE_BAR:.0f}% each): answerable {_pct(t.accuracy)}, "
            f"out-of-scope abstained {_pct(t.abstention_rate)} -> {verdict}",
        ]
    if failures:
        for s in report.splits:
            wrong = report.failures(s)
            lines += ["", f"{s} failures: {len(wrong)}"]
            if not _shows_details(s, reveal_heldout):
                lines.append("  (held-out details hidden: tune on dev only; --reveal-heldout shows them)")
                continue
            for o in wrong:
                lines += ["  " + line for line in _failure_lines(o)]
    return "\n".join(lines)


def _got_summary(got: dict[str, Any]) -> dict[str, Any]:
    """The parts of a contract object the judge looks at."""
    out = {k: got.get(k) for k in ("language", "aspect", "abstained", "error", "crash")}
    answers = got.get("answers") or []
    out["answers"] = [{"org": a.get("org"), "topic": a.get("topic"), "retention": a.get("retention")} for a in answers]
    return out


def report_json(report: Report, failures: bool = False, reveal_heldout: bool = False) -> dict[str, Any]:
    """The machine-readable report (held-out per-question details only with reveal_heldout)."""
    out: dict[str, Any] = {"questions": len(report.outcomes), "acceptance_bar": ACCEPTANCE_BAR, "splits": {}}
    for s in report.splits:
        entry: dict[str, Any] = report.summary(s).as_dict()
        entry["categories"] = {c: t.as_dict() for c, t in report.by_category(s).items()}
        entry["languages"] = {lang: t.as_dict() for lang, t in report.by_language(s).items()}
        if failures:
            wrong = report.failures(s)
            entry["failure_count"] = len(wrong)
            if _shows_details(s, reveal_heldout):
                entry["failures"] = [
                    {
                        "id": o.question["id"],
                        "question": o.question["question"],
                        "org": o.question["org"],
                        "category": o.question["category"],
                        "language": o.question["language"],
                        "expect": o.question["expect"],
                        "got": _got_summary(o.got),
                        "problems": list(o.verdict.problems),
                    }
                    for o in wrong
                ]
        out["splits"][s] = entry
    out["all"] = report.summary().as_dict()
    if "heldout" in report.splits:
        out["meets_bar"] = report.meets_bar("heldout")
    return out
