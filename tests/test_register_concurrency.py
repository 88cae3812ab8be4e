"""Two processes logging at once lose nothing and never share an id (SQLite file and PostgreSQL)."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from deadlines import db
from deadlines import register as reg

# A child process: open (and migrate) the register, warm up, wait for "go" on stdin, log N requests,
# print the ids. (Warmed up, the two children's ids interleave: they really write at the same time.)
CHILD = r"""
import json, sys
from datetime import UTC, datetime
from deadlines.clock import FixedClock
from deadlines.db import open_register
from deadlines.register import Actor, counts, list_requests, log_request
from knowledge.loader import default_knowledge_base

url, name, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
engine = open_register(url)
clock = FixedClock(datetime(2026, 11, 22, 9, 0, tzinfo=UTC))
default_knowledge_base(), list_requests(engine, clock), counts(engine)  # warm up: load, connect
print("ready", flush=True)
sys.stdin.readline()
refs = []
for i in range(n):
    result = log_request(
        engine, clock, Actor(name), organisation="imusic", type="access",
        received="2026-11-20", via="email", subject_ref=f"{name}-{i}@example.com",
    )
    refs.append(result.request.ref)
print(json.dumps(refs), flush=True)
"""


def run_children(url: str, count: int, per_child: int) -> list[list[str]]:
    """Start `count` children, release them together, return each one's ids."""
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, url, f"worker{i}", str(per_child)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(count)
    ]
    try:
        for child in children:  # each has opened (and migrated) the register
            assert child.stdout is not None and child.stderr is not None
            if child.stdout.readline().strip() != "ready":
                child.kill()
                pytest.fail(f"a child did not start:\n{child.stderr.read()[-3000:]}")
        for child in children:
            assert child.stdin is not None
            child.stdin.write("go\n")
            child.stdin.flush()
        results = []
        for child in children:
            out, err = child.communicate(timeout=120)
            assert child.returncode == 0, err
            results.append(json.loads(out.strip().splitlines()[-1]))
        return results
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()


def check_register(engine: Any, expected: int, results: list[list[str]]) -> None:
    """Every id stored once, ids 1..N without a gap, one trail row per request."""
    refs = [ref for chunk in results for ref in chunk]
    assert len(refs) == len(set(refs)) == expected
    assert sorted(refs) == [f"DSR-2026-{i:04d}" for i in range(1, expected + 1)]
    assert reg.counts(engine) == (expected, expected)


@pytest.mark.slow
def test_two_processes_logging_at_once(register_db: Any) -> None:
    """2 processes x 30 logs: 60 rows, 60 distinct ids, 60 trail rows."""
    results = run_children(register_db.url, 2, 30)
    check_register(register_db.engine, 60, results)
    assert all(len(chunk) == 30 for chunk in results)


@pytest.mark.slow
def test_two_processes_starting_on_an_empty_database(register_empty_url: tuple[str, str]) -> None:
    """Both migrate on start (one waits for the other's migration lock), then log 10 each."""
    _, url = register_empty_url
    results = run_children(url, 2, 10)
    engine = db.make_engine(url)
    try:
        assert db.current_revision(engine) == db.head_revision()
        check_register(engine, 20, results)
    finally:
        engine.dispose()
