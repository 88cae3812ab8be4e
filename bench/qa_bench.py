"""Question-answering speed: in-process latency on the real and a 100x synthetic knowledge base, and cold start.

Run: ./dev bench qa  (or .venv/bin/python -m bench.qa_bench [--runs N])
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

from knowledge.answer import Answerer
from knowledge.loader import load_knowledge_base
from knowledge.model import KnowledgeBase, Organisation, Text, Topic

QUESTIONS = [
    ("Hvor længe gemmer vi IP-adresser på besøgende?", "imusic"),
    ("how long do we keep purchase records", "123multiservice"),
    ("Hur länge sparar vi uppgifter om kunden?", "javi"),
    ("When are backups overwritten?", "finderskeepers"),
    ("Hvor længe gemmer renewed.dk kundehistorik?", None),
    ("Who processes card payments?", "imusic"),
    ("Hvordan beder en kunde om at blive slettet?", "123multiservice"),
    ("How long do we keep dashcam videos?", None),
    ("hvor lnge gemmer vi fakturer", "imusic"),
    ("What is the legal basis for the newsletter?", "imusic"),
    ("how long do we keep IP addresses?", None),
    ("hur lange sparar vi kophistoriken", None),
    ("hvem modtager kundeoplysningerne hos FindersKeepers?", None),
]


def _mutate(word: str, rng: random.Random) -> str:
    """A new word derived from an alias word (so the synthetic vocabulary really grows)."""
    return word + "".join(rng.choice("bdfgklmnprstv") + rng.choice("aeiouy") for _ in range(2))


def _text(text: Text, suffix: str) -> Text:
    """A Text with a suffix appended in every language."""
    return Text(text.da + suffix, text.sv + suffix, text.en + suffix)


def synthetic(kb: KnowledgeBase, factor: int, seed: int = 7) -> KnowledgeBase:
    """The real knowledge base plus (factor - 1) mutated copies of every organisation."""
    rng = random.Random(seed)
    orgs = dict(kb.organisations)
    for copy in range(1, factor):
        for slug, org in kb.organisations.items():
            new_slug = f"{slug}-{copy}"
            topics = []
            for topic in org.topics:
                aliases = {
                    lang: tuple(" ".join(_mutate(w, rng) for w in alias.split()) for alias in values)
                    for lang, values in topic.aliases.items()
                }
                topics.append(dataclasses.replace(topic, aliases=aliases, title=_text(topic.title, f" {copy}")))
            orgs[new_slug] = dataclasses.replace(
                org, slug=new_slug, display_name=f"{org.display_name} {copy}",
                names=(f"{org.display_name}shop{copy}",), topics=tuple(topics),
            )
    return KnowledgeBase(orgs)


def _measure(answerer: Answerer, runs: int) -> tuple[float, float, float]:
    """p50, p99 and mean latency in ms over `runs` passes through QUESTIONS."""
    times = []
    for _ in range(runs):
        for question, org in QUESTIONS:
            start = time.perf_counter()
            answerer.answer(question, org=org)
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return times[len(times) // 2], times[int(len(times) * 0.99) - 1], statistics.fmean(times)


# Cold-start questions: one made of known words only, and one with words the engine looks up in wordfreq's lists
# (everyday-word rarity and typo checks load them on first use).
COLD_QUESTIONS = (
    ("hvor længe gemmer vi fakturaer?", "known words"),
    ("How long do we keep CCTV recordings from the warehouse?", "unknown words"),
)


def _cold_start(question: str, runs: int, cache: str) -> tuple[float, float]:
    """Median and max wall time (s) of `gdpr-bot ask QUESTION --org imusic` in a fresh process, with the engine
    cache in folder `cache` ("off": every start loads and indexes the files)."""
    times = []
    env = {**os.environ, "GDPR_BOT_CACHE_DIR": cache}
    for _ in range(runs):
        start = time.perf_counter()
        command = [sys.executable, "-m", "bot.cli", "ask", question, "--org", "imusic"]
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times)


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=40, help="passes over the question list (default 40)")
    parser.add_argument("--cold-runs", type=int, default=10, help="fresh processes for the cold start (default 10)")
    args = parser.parse_args()
    kb = load_knowledge_base()
    print(f"{'knowledge base':<28}{'topics':>8}{'build ms':>10}{'p50 ms':>9}{'p99 ms':>9}{'mean ms':>9}")
    for label, base in (("real", kb), ("synthetic 100x", synthetic(kb, 100))):
        start = time.perf_counter()
        answerer = Answerer(base)
        build = (time.perf_counter() - start) * 1000
        _measure(answerer, 1)  # warm up: lazily loaded word lists and caches, as in a running bot
        p50, p99, mean = _measure(answerer, args.runs)
        topics = sum(len(o.topics) for o in base.organisations.values())
        print(f"{label:<28}{topics:>8}{build:>10.0f}{p50:>9.2f}{p99:>9.2f}{mean:>9.2f}")
    with tempfile.TemporaryDirectory() as cache:
        _cold_start(COLD_QUESTIONS[0][0], 1, cache)  # builds the engine cache, as the first start on a machine does
        for (question, label), (how, folder) in itertools.product(
            COLD_QUESTIONS, (("engine cache", cache), ("no cache", "off"))
        ):
            median, worst = _cold_start(question, args.cold_runs, folder)
            print(
                f"cold start `gdpr-bot ask`, {label}, {how} (fresh process, {args.cold_runs} runs): "
                f"median {median:.3f} s, max {worst:.3f} s"
            )


if __name__ == "__main__":
    main()
