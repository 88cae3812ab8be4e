"""Assign every question in questions.jsonl to "dev" or "heldout": seeded, stratified by category.

Three seeded rounds: the original set (ids "q…", seed v1, ~55/45) and two sets written blind to the
engine (ids "e…", seed v2, and "f…", seed v3, each 50/50), each split before anyone ran the engine on it. Run
`python tests/eval/split.py` after adding seeded questions; it rewrites the "split" field in place.
The assignment depends only on the seed, the category and the sorted question ids, so re-running it
without changes to the set is a no-op. Questions added later for tuning (ids starting with "d") are
dev by definition and are left as they are.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from pathlib import Path

SEED = "gdpr-bot-eval-v1"
DEV_SHARE = 0.55
ROUNDS: dict[str, tuple[str, float]] = {  # id prefix -> seed, dev share
    "q": (SEED, DEV_SHARE),
    "e": ("gdpr-bot-eval-v2", 0.5),
    "f": ("gdpr-bot-eval-v3", 0.5),
}
PATH = Path(__file__).with_name("questions.jsonl")


def assign(questions: list[dict[str, object]], seed: str = SEED, dev_share: float = DEV_SHARE) -> dict[str, str]:
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
    for prefix, (seed, share) in ROUNDS.items():
        splits |= assign([q for q in questions if str(q["id"]).startswith(prefix)], seed, share)
    return splits


def is_added(question: dict[str, object]) -> bool:
    """A dev-only question added while tuning (id "d…"), outside the seeded split."""
    return str(question["id"]).startswith("d")


def main() -> None:
    """Rewrite questions.jsonl with each line's "split" set."""
    lines = [json.loads(line) for line in PATH.read_text(encoding="utf-8").splitlines() if line.strip()]
    splits = assign_all([q for q in lines if not is_added(q)])
    with PATH.open("w", encoding="utf-8") as fh:
        for q in lines:
            q["split"] = "dev" if is_added(q) else splits[str(q["id"])]
            fh.write(json.dumps(q, ensure_ascii=False) + "\n")
    counts: dict[str, int] = defaultdict(int)
    for s in splits.values():
        counts[s] += 1
    print(dict(sorted(counts.items())))


if __name__ == "__main__":
    main()
