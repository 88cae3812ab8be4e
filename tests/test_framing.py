"""The learned aspect fallback (knowledge.framing): what it learns from, what it may say, and how the engine uses it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge.answer import Answerer, default_answerer
from knowledge.aspects import analyse
from knowledge.evaluate import load_questions
from knowledge.loader import default_knowledge_base
from knowledge.framing import (
    CONFIDENCE,
    EXAMPLES,
    ExamplesError,
    default_model,
    load_examples,
    train,
)
from tests.eval.framing_examples import render


def test_the_bundled_examples_are_the_dev_half_of_the_evaluation_set_and_up_to_date() -> None:
    assert EXAMPLES.read_text(encoding="utf-8") == render(), "run tests/eval/framing_examples.py"
    heldout = {q["question"] for q in load_questions() if q["split"] == "heldout"}
    learned = {question for question, _ in load_examples()}
    assert len(learned) > 1000
    assert not learned & heldout  # a measurement on the held-out half stays one


def test_the_model_names_the_aspect_a_question_is_worded_for() -> None:
    model = train([
        ("how long do we keep invoices", "retention"),
        ("how long are the logs kept", "retention"),
        ("why do we collect phone numbers", "purpose"),
        ("why do we need the address", "purpose"),
    ])
    guess = model.guess("how long do we keep it")
    assert guess is not None and guess[0] == "retention" and guess[1] > CONFIDENCE
    assert model.aspect("why do we need it") == "purpose"
    assert model.guess("completely unseen wording") is None  # no word it knows: no guess


def test_the_model_never_answers_with_rights_or_contact() -> None:
    # Those aspects answer for every shop; a guess there would answer what no policy covers.
    model = train([("can the customer complain about it", "rights"), ("can the customer delete it", "rights")])
    guess = model.guess("can the customer delete it")
    assert guess is not None and guess[0] == "rights"
    assert model.aspect("can the customer delete it") is None


def test_an_unsure_guess_is_no_aspect() -> None:
    model = train([("what about the logs", "data"), ("what about the logs", "purpose")])
    guess = model.guess("what about the logs")
    assert guess is not None and guess[1] < CONFIDENCE
    assert model.aspect("what about the logs") is None


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", ":2: not a"),
        ('{"question": "q"}', ":2: not a"),
        ('{"question": "q", "aspect": "overview"}', ":2: unknown aspect"),
        ('{"question": "q", "aspect": "weather"}', ":2: unknown aspect"),
    ],
)
def test_a_broken_examples_file_names_the_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "examples.jsonl"
    path.write_text(json.dumps({"question": "ok", "aspect": "data"}) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(ExamplesError, match=message) as caught:
        load_examples(path)
    assert str(path) in str(caught.value)
    with pytest.raises(ExamplesError, match="missing.jsonl"):
        load_examples(tmp_path / "missing.jsonl")


@pytest.mark.parametrize(
    ("question", "org", "topic"),
    [
        # Worded in none of the patterns' ways (each was answered as the overview before): asked what is recorded.
        ("Do we remember what customers put in the basket without buying?", "bestphone", "customer-history"),
        ("Does the shop know which city a visitor is in?", "finderskeepers", "ip-addresses"),
    ],
)
def test_a_question_no_pattern_reads_gets_the_aspect_its_wording_frames(question: str, org: str, topic: str) -> None:
    assert analyse(question)[0] == "overview"
    result = default_answerer().answer(question, org)
    assert (result.aspect, [m.topic_id for m in result.matches]) == ("data", [topic])


def test_a_question_the_patterns_read_keeps_their_aspect() -> None:
    question = "Hvor længe gemmer vi fakturaer?"
    assert default_model().guess(question) is not None
    assert default_answerer().answer(question, "imusic").aspect == analyse(question)[0] == "retention"


def test_the_fallback_is_learned_only_when_a_question_needs_it() -> None:
    engine = Answerer(default_knowledge_base())
    engine.answer("Hvor længe gemmer vi fakturaer?", "imusic")  # read by the patterns
    assert engine._framing is None
    engine.answer("Does the shop know which city a visitor is in?", "finderskeepers")
    assert engine._framing is not None
