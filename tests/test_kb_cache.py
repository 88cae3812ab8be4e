"""The per-user cache of the built answering engine (knowledge.cache): same answers, rebuilt when anything changes."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.answer import Answerer
from knowledge.cache import build_key, cached_answerer
from knowledge.loader import DATA_DIR, load_knowledge_base

QUESTIONS = [
    ("Hvor længe gemmer vi IP-adresser på besøgende?", "imusic"),
    ("Who processes card payments?", "imusic"),
    ("Hur länge sparar vi uppgifter om kunden?", "javi"),
    ("How long do we keep dashcam videos?", None),
]


def _answers(engine: Answerer) -> list[tuple[bool, list[str]]]:
    """What the engine answers to the sample questions."""
    out = []
    for question, org in QUESTIONS:
        result = engine.answer(question, org)
        out.append((result.abstained, [f"{m.org.slug}/{m.topic_id}" for m in result.matches]))
    return out


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder for one test."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("GDPR_BOT_CACHE_DIR", str(folder))
    return folder


def test_the_second_start_reads_the_cache_and_answers_the_same(cache: Path) -> None:
    built = cached_answerer(DATA_DIR)
    files = list(cache.glob("answerer-*.pickle"))
    assert len(files) == 1
    again = cached_answerer(DATA_DIR)
    assert again is not built and again.kb is not built.kb  # read back, not the same objects
    assert _answers(again) == _answers(built) == _answers(Answerer(load_knowledge_base()))


def test_a_changed_data_file_builds_afresh(cache: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    before = build_key(data)
    assert cached_answerer(data).answer("What do we keep about drone footage?", "imusic").abstained
    path = data / "imusic.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('"kundenummer",', '"kundenummer", "drone footage",', 1),
                    encoding="utf-8")
    assert build_key(data) != before
    assert not cached_answerer(data).answer("What do we keep about drone footage?", "imusic").abstained
    assert len(list(cache.glob("answerer-*.pickle"))) == 1  # the stale build is gone


def test_a_damaged_cache_file_is_rebuilt(cache: Path) -> None:
    cached_answerer(DATA_DIR)
    (path,) = cache.glob("answerer-*.pickle")
    path.write_bytes(b"not a pickle")
    assert _answers(cached_answerer(DATA_DIR)) == _answers(Answerer(load_knowledge_base()))
    assert path.read_bytes() != b"not a pickle"


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GDPR_BOT_CACHE_DIR", "off")
    monkeypatch.chdir(tmp_path)
    assert not cached_answerer(DATA_DIR).answer("Who processes card payments?", "imusic").abstained
    assert not list(tmp_path.rglob("*.pickle"))


def test_the_cli_builds_the_cache_once_and_answers_the_same_from_it(cache: Path) -> None:
    env = {**os.environ, "GDPR_BOT_CACHE_DIR": str(cache)}
    lines = "\n".join(json.dumps({"question": q, "org": o}) for q, o in QUESTIONS) + "\n"
    runs = [
        subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--json", "-"], input=lines, capture_output=True,
                       text=True, env=env, timeout=60, check=True).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1] and len(runs[0].splitlines()) == len(QUESTIONS)
    assert len(list(cache.glob("answerer-*.pickle"))) == 1


def test_changed_aspect_examples_build_afresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import knowledge.cache

    package = tmp_path / "knowledge"
    shutil.copytree(Path(knowledge.cache.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(knowledge.cache, "_PACKAGE", package)
    before = build_key(package / "data")
    examples = package / "data" / "aspect_examples.jsonl"
    examples.write_text(examples.read_text(encoding="utf-8") + '{"question": "x", "aspect": "data"}\n', "utf-8")
    assert build_key(package / "data") != before


def test_the_cached_engine_carries_the_learned_aspect_fallback(cache: Path) -> None:
    cached_answerer(DATA_DIR)
    (path,) = cache.glob("answerer-*.pickle")
    engine = pickle.loads(path.read_bytes())
    assert engine._framing is not None  # learned before storing: a cached start does not train it again
