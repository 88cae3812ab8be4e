"""Assign every question in questions.jsonl to "dev" or "heldout": seeded, stratified by category.

The seeded rounds (id prefix, seed and dev share) are `knowledge.evaluate.ROUNDS`: the original set ("q…", ~55/45)
and the sets written blind to the engine (each 50/50), each split before anyone ran the engine on it. Run
`.venv/bin/python tests/eval/split.py` after adding seeded questions; it rewrites the "split" field in place.
The assignment depends only on the seed, the category and the sorted question ids, so re-running it
without changes to the set is a no-op. Questions added later for tuning (ids starting with "d") are
dev by definition and are left as they are.
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the project root, when run as a script
from knowledge.evaluate import ROUNDS, is_supplement  # noqa: E402

PATH = Path(__file__).with_name("questions.jsonl")


def assign(questions: list[dict[str, object]], seed: str, dev_share: float) -> dict[str, str]:
    """Map question id -> split: per category, shuffle sorted ids with a seeded RNG; the first part is dev."""
    by_category: dict[str, list[str]] = defaultdict(list)
    for q in questions:
        by_category[str(q["category"])].append(str(q["id"]))
    splits: dict[str, str] = {}
    for category, ids in sorted(by_category.items()):
        ids = sorted(ids)
        random.Random(f"{seed}:{category}").shuffle(ids)
        n_dev = round(len(ids) * dev_share)
        for i, qid in enumerate(ids):
            splits[qid] = "dev" if i < n_dev else "heldout"
    return splits


def assign_all(questions: list[dict[str, object]]) -> dict[str, str]:
    """Map question id -> split for every seeded round (each round split on its own)."""
    splits: dict[str, str] = {}
    for prefix, r in ROUNDS.items():
        if r.seed is not None:
            splits |= assign([q for q in questions if str(q["id"]).startswith(prefix)], r.seed, r.dev_share)
    return splits


def main() -> None:
    """Rewrite questions.jsonl with each line's "split" set."""
    lines = [json.loads(line) for line in PATH.read_text(encoding="utf-8").splitlines() if line.strip()]
    splits = assign_all([q for q in lines if not is_supplement(q)])
    with PATH.open("w", encoding="utf-8") as fh:
        for q in lines:
            q["split"] = "dev" if is_supplement(q) else splits[str(q["id"])]
            fh.write(json.dumps(q, ensure_ascii=False) + "\n")
    counts: dict[str, int] = defaultdict(int)
    for s in splits.values():
        counts[s] += 1
    print(dict(sorted(counts.items())))


if __name__ == "__main__":
    main()
