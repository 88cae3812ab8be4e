"""A learned fallback for the aspect patterns: which aspect a question's wording frames, when no pattern says.

The patterns in `knowledge.aspects` read the usual ways of asking ("hvor længe", "who receives", "varför"); a
question phrased some other way ("Loggar vi vad kunderna läser …?", "what counts as the basic information?") falls
through to the overview. For those, a naive Bayes classifier over the question's words and word pairs, trained on
worded examples (`data/aspect_examples.jsonl`: the development half of the evaluation set, never its held-out half),
names the aspect when it is confident. See docs/answering.md.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from knowledge.aspects import ASPECTS, fold_question
from knowledge.text import raw_tokens

EXAMPLES = Path(__file__).resolve().parent / "data" / "aspect_examples.jsonl"
CONFIDENCE = 0.8  # the classifier's probability from which its aspect replaces the overview
TOPIC_ASPECTS = ("retention", "purpose", "legal_basis", "recipients", "data")  # what a topic answers
SMOOTHING = 0.5  # additive smoothing of the word counts


class ExamplesError(ValueError):
    """An example file that cannot be read: names the file and line."""


def features(question: str) -> frozenset[str]:
    """The folded words of a question and its pairs of neighbouring words."""
    words = raw_tokens(fold_question(question))
    return frozenset([*words, *(f"{a} {b}" for a, b in zip(words, words[1:]))])


@dataclass(frozen=True, slots=True)
class FramingModel:
    """Per aspect, the log prior and the log likelihood of each known feature (and of a feature it never saw)."""

    priors: dict[str, float]
    likelihoods: dict[str, dict[str, float]]
    unseen: dict[str, float]

    def guess(self, question: str) -> tuple[str, float] | None:
        """The likeliest aspect with its probability; None when no feature of the question was seen in training."""
        known = [f for f in features(question) if any(f in lk for lk in self.likelihoods.values())]
        if not known:
            return None
        scores = {
            aspect: prior + sum(self.likelihoods[aspect].get(f, self.unseen[aspect]) for f in known)
            for aspect, prior in self.priors.items()
        }
        top = max(scores.values())
        odds = {aspect: math.exp(s - top) for aspect, s in scores.items()}
        best = max(odds, key=lambda a: (odds[a], a))
        return best, odds[best] / sum(odds.values())

    def aspect(self, question: str) -> str | None:
        """The aspect of a topic the wording frames, if the classifier is at least CONFIDENCE sure of it.

        Never rights or contact: those answer for any shop, so a guess there would answer what no policy covers
        ("Do we have to report a breach within 72 hours?"), where the patterns' overview can still abstain.
        """
        guess = self.guess(question)
        if guess is None or guess[1] < CONFIDENCE or guess[0] not in TOPIC_ASPECTS:
            return None
        return guess[0]


def train(examples: Iterable[tuple[str, str]]) -> FramingModel:
    """A naive Bayes model (each feature counted once per question) over (question, aspect) examples."""
    questions: Counter[str] = Counter()
    counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for question, aspect in examples:
        questions[aspect] += 1
        counts[aspect].update(features(question))
    total = sum(questions.values())
    vocabulary = len({f for c in counts.values() for f in c})
    priors, likelihoods, unseen = {}, {}, {}
    for aspect, n in questions.items():
        denominator = math.log(sum(counts[aspect].values()) + SMOOTHING * vocabulary)
        priors[aspect] = math.log(n / total)
        likelihoods[aspect] = {f: math.log(c + SMOOTHING) - denominator for f, c in counts[aspect].items()}
        unseen[aspect] = math.log(SMOOTHING) - denominator
    return FramingModel(priors, likelihoods, unseen)


def load_examples(path: Path = EXAMPLES) -> list[tuple[str, str]]:
    """The (question, aspect) pairs of a JSON Lines file of {"question", "aspect"} objects."""
    examples = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ExamplesError(f"{path}: {exc.strerror or exc}") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            question, aspect = item["question"], item["aspect"]
        except (ValueError, KeyError, TypeError) as exc:
            raise ExamplesError(f"{path}:{number}: not a {{\"question\", \"aspect\"}} object") from exc
        if not isinstance(question, str) or aspect not in ASPECTS or aspect == "overview":
            raise ExamplesError(f"{path}:{number}: unknown aspect {aspect!r}")
        examples.append((question, aspect))
    return examples


def default_model() -> FramingModel:
    """The model trained on the bundled examples."""
    return train(load_examples())
