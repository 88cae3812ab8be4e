"""Chat core speed: Core.handle / Core.press latency per kind of message, on a real register.

`python -m bench core [RUNS] [DATABASE_URL]` (default: 300 runs on a fresh SQLite file). The
"flow button press" case times the press only (the /log that opens the flow is set up untimed).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from deadlines.clock import FixedClock
from deadlines.db import open_register
from handlers.core import Core
from handlers.message import Incoming
from knowledge.answer import default_answerer


def timed(step: Callable[[int], object], runs: int, setup: Callable[[int], object] | None = None) -> tuple[float, float, float]:
    """(p50 ms, p99 ms, calls per second) of `step(i)` over `runs` calls."""
    out: list[float] = []
    for i in range(runs):
        if setup is not None:
            setup(i)
        start = time.perf_counter()
        step(i)
        out.append((time.perf_counter() - start) * 1000)
    out.sort()
    return statistics.median(out), out[max(0, int(len(out) * 0.99) - 1)], 1000 / statistics.mean(out)


def message(text: str, user: str = "u") -> Incoming:
    """A console message from `user`."""
    return Incoming("console", "console", user, text=text, language="en")


def main() -> None:
    """Time each kind of message and print a table."""
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    url = sys.argv[2] if len(sys.argv) > 2 else f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}"
    engine = open_register(url)
    core = Core(default_answerer(), engine, FixedClock(datetime(2026, 11, 22, 9, tzinfo=UTC)))
    core.handle(message("hvor længe gemmer iMusic IP-adresser?"))  # warm up
    cases: dict[str, tuple[Callable[[int], object], Callable[[int], object] | None]] = {
        "question": (lambda i: core.handle(message("how long does imusic keep invoices?")), None),
        "/log one line": (lambda i: core.handle(message(f"/log erasure 2026-11-20 imusic order {i}")), None),
        "/open (<=50 of N open)": (lambda i: core.handle(message("/open")), None),
        "/show": (lambda i: core.handle(message(f"/show DSR-2026-{i % 50 + 1:04d}")), None),
        "flow button press": (
            lambda i: core.press(message("", f"f{i}"), "log", "t=erasure"),
            lambda i: core.handle(message("/log", f"f{i}")),
        ),
        "bad command": (lambda i: core.handle(message("/lgo")), None),
    }
    print(f"{'case':26} {'p50 ms':>8} {'p99 ms':>8} {'per s':>8}   ({runs} runs, {engine.dialect.name})")
    for name, (step, setup) in cases.items():
        p50, p99, rate = timed(step, runs, setup)
        print(f"{name:26} {p50:8.2f} {p99:8.2f} {rate:8.0f}")
    engine.dispose()


if __name__ == "__main__":
    main()
