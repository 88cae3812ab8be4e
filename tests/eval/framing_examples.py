"""Write knowledge/data/aspect_examples.jsonl: the worded examples the aspect fallback (knowledge.framing) learns from.

Every development-split question of questions.jsonl whose expectation names an aspect, in file order; never a
held-out question's wording (tests/test_framing.py checks the file against this). Run `.venv/bin/python
tests/eval/framing_examples.py` after adding or re-splitting questions.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the project root, when run as a script
from knowledge.evaluate import load_questions  # noqa: E402
from knowledge.framing import EXAMPLES  # noqa: E402


def examples() -> list[dict[str, str]]:
    """The dev questions with an expected aspect other than the overview, as {"question", "aspect"} objects; not
    one whose wording a held-out question repeats (for another shop, say)."""
    questions = load_questions()
    heldout = {q["question"] for q in questions if q["split"] == "heldout"}
    return [
        {"question": q["question"], "aspect": q["expect"]["aspect"]}
        for q in questions
        if q["split"] == "dev" and q["expect"].get("aspect") not in (None, "overview") and q["question"] not in heldout
    ]


def render() -> str:
    """The file's text: one JSON object per line."""
    return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in examples())


if __name__ == "__main__":
    EXAMPLES.write_text(render(), encoding="utf-8")
    print(f"{EXAMPLES}: {len(examples())} examples")
