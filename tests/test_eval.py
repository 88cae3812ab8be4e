"""The QA evaluation: the scorer's judging on hand-made contract objects, the set's integrity, and the held-out bar."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from knowledge.evaluate import (
    ACCEPTANCE_BAR,
    CATEGORIES,
    QUESTIONS_PATH,
    ROUNDS,
    SPLITS,
    EvalSetError,
    Outcome,
    Report,
    Verdict,
    evaluate,
    format_report,
    is_supplement,
    judge,
    load_questions,
    report_json,
)
from knowledge.loader import default_knowledge_base


def _answer(org: str, topic: str, retention: dict[str, Any] | None = None) -> dict[str, Any]:
    """A contract answer object with just the fields the judge reads."""
    return {
        "org": org,
        "topic": topic,
        "title": topic,
        "score": 1.0,
        "retention": retention,
        "purposes": [],
        "legal_basis": [],
        "recipients": [],
    }


def _got(*answers: dict[str, Any], aspect: str = "retention", abstained: bool = False) -> dict[str, Any]:
    """A contract object."""
    return {
        "question": "q",
        "org": None,
        "language": "da",
        "aspect": aspect,
        "abstained": abstained,
        "answers": list(answers),
        "reply": "",
    }


def _q(qid: str, split: str, category: str, expect: dict[str, Any], text: str = "?") -> dict[str, Any]:
    """A question line."""
    return {"id": qid, "split": split, "category": category, "language": "da", "question": text, "org": None} | {
        "expect": expect
    }


EXPECT: dict[str, Any] = {
    "abstain": False,
    "aspect": "retention",
    "answers": [{"org": "imusic", "topic": "ip-visitors", "retention": {"duration": "P60D", "from": "collection"}}],
    "allow_extra": [["imusic", "ip-logged-in"]],
}
P60D = {"duration": "P60D", "from": "collection", "text": "…", "minimum": False}
P24M = {"duration": "P24M", "from": "collection", "text": "…", "minimum": False}
P5Y = {"duration": "P5Y", "from": "unspecified", "text": "…", "minimum": False}


# ------------------------------------------------------------------------------------------ judging


def test_correct_answer_is_correct() -> None:
    """The expected topic with the expected retention and aspect is correct."""
    verdict = judge(EXPECT, _got(_answer("imusic", "ip-visitors", P60D)))
    assert verdict == Verdict(True, False, ())


def test_allowed_extra_topic_is_accepted() -> None:
    """A topic listed in allow_extra may appear next to the expected one."""
    got = _got(_answer("imusic", "ip-visitors", P60D), _answer("imusic", "ip-logged-in", P24M))
    assert judge(EXPECT, got).correct


def test_missing_topic_is_wrong() -> None:
    """Only an allowed extra, without the expected topic, is wrong."""
    verdict = judge(EXPECT, _got(_answer("imusic", "ip-logged-in", P24M)))
    assert not verdict.correct
    assert any("missing imusic/ip-visitors" in p for p in verdict.problems)


def test_extra_topic_is_wrong() -> None:
    """A topic outside expected ∪ allow_extra makes the answer wrong, even with the right topic present."""
    verdict = judge(EXPECT, _got(_answer("imusic", "ip-visitors", P60D), _answer("imusic", "invoices", P5Y)))
    assert not verdict.correct
    assert any("unexpected imusic/invoices" in p for p in verdict.problems)


def test_same_topic_of_another_org_is_extra() -> None:
    """(org, topic) pairs are compared whole: the same topic id at another shop is not allowed."""
    verdict = judge(EXPECT, _got(_answer("imusic", "ip-visitors", P60D), _answer("javi", "ip-visitors")))
    assert not verdict.correct


@pytest.mark.parametrize(
    "retention",
    [
        {"duration": "P24M", "from": "collection"},  # wrong duration
        {"duration": "P60D", "from": "purchase"},  # wrong event
        None,  # no period although the policy states one
    ],
)
def test_wrong_retention_is_wrong(retention: dict[str, Any] | None) -> None:
    """A wrong duration, a wrong start event or a missing period is wrong."""
    verdict = judge(EXPECT, _got(_answer("imusic", "ip-visitors", retention)))
    assert not verdict.correct
    assert any("retention" in p for p in verdict.problems)


def test_retention_without_from_checks_only_duration() -> None:
    """An expectation without "from" accepts any start event but still checks the duration."""
    org, topic = "123multiservice", "purchase-history"
    expect = {"abstain": False, "answers": [{"org": org, "topic": topic, "retention": {"duration": "P5Y"}}]}
    assert judge(expect, _got(_answer(org, topic, P5Y))).correct
    assert judge(expect, _got(_answer(org, topic, {**P5Y, "from": "last_activity"}))).correct
    assert not judge(expect, _got(_answer(org, topic, {**P5Y, "duration": "P3Y"}))).correct


def test_not_stated_requires_null_retention() -> None:
    """"not_stated" passes only when the answer's retention is null."""
    org, topic = "bestphone", "payment-details"
    expect = {"abstain": False, "answers": [{"org": org, "topic": topic, "retention": "not_stated"}]}
    assert judge(expect, _got(_answer(org, topic, None))).correct
    verdict = judge(expect, _got(_answer(org, topic, P5Y)))
    assert not verdict.correct


def test_wrong_aspect_is_wrong() -> None:
    """When the expectation names an aspect, a different aspect is wrong."""
    verdict = judge(EXPECT, _got(_answer("imusic", "ip-visitors", P60D), aspect="overview"))
    assert not verdict.correct
    assert any("aspect" in p for p in verdict.problems)


def test_aspect_not_checked_when_not_expected() -> None:
    """Without an expected aspect, any aspect is fine."""
    expect = {k: v for k, v in EXPECT.items() if k != "aspect"}
    assert judge(expect, _got(_answer("imusic", "ip-visitors", P60D), aspect="overview")).correct


def test_abstaining_on_answerable_question_is_wrong() -> None:
    """An abstention where an answer is expected is wrong and counted as a false abstention."""
    verdict = judge(EXPECT, _got(abstained=True))
    assert verdict == Verdict(False, True, ("abstained on an answerable question",))


def test_answering_out_of_scope_question_is_wrong() -> None:
    """Any answer to an out-of-scope question is wrong; an abstention is right."""
    expect = {"abstain": True}
    verdict = judge(expect, _got(_answer("imusic", "ip-visitors", P60D)))
    assert not verdict.correct and not verdict.abstained
    assert judge(expect, _got(abstained=True)) == Verdict(True, True, ())


def test_rates_per_group() -> None:
    """Accuracy, false abstention and abstention rates are counted over the right denominators."""
    answerable = _q("a", "dev", "retention", EXPECT)
    oos = _q("o", "dev", "out_of_scope", {"abstain": True})
    report = Report(
        [
            Outcome(answerable, _got(_answer("imusic", "ip-visitors", P60D)), Verdict(True, False)),
            Outcome(answerable, _got(abstained=True), Verdict(False, True)),
            Outcome(oos, _got(abstained=True), Verdict(True, True)),
            Outcome(oos, _got(), Verdict(False, False)),
        ]
    )
    t = report.summary("dev")
    assert (t.accuracy, t.false_abstention_rate, t.abstention_rate, t.overall) == (0.5, 0.5, 0.5, 0.5)
    assert set(report.by_category("dev")) == {"retention", "out_of_scope"}
    assert not report.meets_bar("dev")


def test_heldout_details_hidden_unless_revealed() -> None:
    """Failure listings show held-out questions only with reveal_heldout."""
    secret = _q("h1", "heldout", "rights", EXPECT, text="SECRET QUESTION")
    verdict = Verdict(False, True, ("abstained on an answerable question",))
    report = Report([Outcome(secret, _got(abstained=True), verdict)])
    assert "SECRET QUESTION" not in format_report(report, failures=True)
    assert "SECRET QUESTION" not in json.dumps(report_json(report, failures=True))
    assert report_json(report, failures=True)["splits"]["heldout"]["failure_count"] == 1
    assert "SECRET QUESTION" in format_report(report, failures=True, reveal_heldout=True)


def test_malformed_line_is_refused(tmp_path: Path) -> None:
    """A question without answers, with an unknown category or a duplicate id is refused."""
    good = _q("q1", "dev", "retention", EXPECT)
    for bad in (
        {**good, "expect": {"abstain": False, "answers": []}},
        {**good, "category": "weather"},
        {**good, "expect": {**EXPECT, "answers": [{"org": "imusic", "topic": "x", "retention": "P5Y"}]}},
    ):
        path = tmp_path / "q.jsonl"
        path.write_text(json.dumps(bad) + "\n", encoding="utf-8")
        with pytest.raises(EvalSetError):
            load_questions(path)
    path.write_text((json.dumps(good) + "\n") * 2, encoding="utf-8")
    with pytest.raises(EvalSetError, match="duplicate"):
        load_questions(path)


# ------------------------------------------------------------------------------------------ the set


def _valid_ids() -> dict[str, set[str]]:
    """Every (org → topic id) an answer can carry: topics, rights, requests, controller, recipients."""
    kb = default_knowledge_base()
    out: dict[str, set[str]] = {}
    for slug, org in kb.organisations.items():
        ids = {t.id for t in org.topics} | {f"right:{r.right}" for r in org.rights}
        ids |= {"requests", "controller", "recipients", "overview"}
        ids |= {f"recipient:{r.id}" for r in org.recipients}
        ids |= {f"recipient:{r.id}" for t in org.topics for r in t.recipients}
        out[slug] = ids
    return out


def test_eval_set_shape_and_size() -> None:
    """At least 180 questions, 30 out of scope, every category and language present, unique ids."""
    questions = load_questions()
    assert len(questions) >= 180
    cats = Counter(q["category"] for q in questions)
    assert set(cats) == set(CATEGORIES)
    assert cats["out_of_scope"] >= 30
    assert {q["language"] for q in questions} == {"da", "sv", "en"}


def test_eval_set_refers_to_knowledge_base_ids() -> None:
    """Every expected or allowed (org, topic) names an organisation and an id that exist in the knowledge base."""
    valid = _valid_ids()
    bad = []
    for q in load_questions():
        if q["org"] is not None and q["org"] not in valid:
            bad.append((q["id"], "org", q["org"]))
        exp = q["expect"]
        pairs = [(a["org"], a["topic"]) for a in exp.get("answers", [])]
        pairs += [(p[0], p[1]) for p in exp.get("allow_extra", [])]
        bad += [(q["id"], org, topic) for org, topic in pairs if topic not in valid.get(org, set())]
    assert not bad, f"eval set refers to ids missing from the knowledge base: {bad}"


def test_split_is_stratified_and_reproducible() -> None:
    """In each seeded round every category is in both splits at about the round's share, and tests/eval/split.py
    reproduces the stored split."""
    questions = [q for q in load_questions() if not is_supplement(q)]
    spec = importlib.util.spec_from_file_location("eval_split", QUESTIONS_PATH.with_name("split.py"))
    assert spec is not None and spec.loader is not None
    split_module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(split_module)
    assert split_module.assign_all(questions) == {q["id"]: q["split"] for q in questions}
    for prefix, r in ROUNDS.items():
        share = r.dev_share
        in_round = [q for q in questions if q["id"].startswith(prefix)]
        for cat in CATEGORIES if in_round else ():
            counts = Counter(q["split"] for q in in_round if q["category"] == cat)
            assert set(counts) == set(SPLITS), (prefix, cat)
            assert abs(counts["dev"] / sum(counts.values()) - share) < 0.15, (prefix, cat)


def test_added_questions_are_dev_only() -> None:
    """Questions added while tuning ("d…") are all dev; the original set keeps its 239 seeded questions."""
    questions = load_questions()
    added = [q for q in questions if is_supplement(q)]
    assert added and all(q["split"] == "dev" for q in added)
    assert sum(q["id"].startswith("q") for q in questions) == 239


def test_added_question_outside_dev_is_refused(tmp_path: Path) -> None:
    """An added ("d…") question marked held-out is refused: it was written while tuning."""
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps(_q("d999", "heldout", "retention", EXPECT)) + "\n", encoding="utf-8")
    with pytest.raises(EvalSetError, match="belongs to dev"):
        load_questions(path)


# ------------------------------------------------------------------------------------------ the bar


@pytest.mark.xfail(
    reason="issue 2 acceptance bar not met yet (held-out 2026-11-22, engine at cd23752: answerable 712/911 = 78.2% "
    "(set 1 84/89 = 94.4%, blind sets 2-6 111/139, 116/138, 95/136, 105/137, 96/137, blind set 7 105/135 = 77.8%, "
    "68.1% at its first look), out-of-scope abstained 141/148 = 95.3%; bar 95%) — the "
    "measurement runs on every test run; "
    "remove this mark when it passes",
    strict=False,
)
def test_heldout_meets_acceptance_bar() -> None:
    """Acceptance bar: ≥ 95% right on answerable held-out questions, ≥ 95% of held-out out-of-scope ones abstained."""
    report = evaluate("heldout")
    t = report.summary("heldout")
    numbers = (
        f"held-out: answerable {t.answerable_correct}/{t.answerable} correct ({100 * (t.accuracy or 0):.1f}%), "
        f"false abstentions {t.false_abstentions}, out-of-scope abstained {t.out_of_scope_abstained}/{t.out_of_scope} "
        f"({100 * (t.abstention_rate or 0):.1f}%); bar {100 * ACCEPTANCE_BAR:.0f}%"
    )
    assert (t.accuracy or 0) >= ACCEPTANCE_BAR and (t.abstention_rate or 0) >= ACCEPTANCE_BAR, numbers
