"""Telegram channel speed: updates handled per second and update→reply latency, through the real library.

Run: ./dev bench telegram [--updates 3000] [--latency-updates 1500] [--rate 150] [--no-pin]

The fake Bot API (tests/fake_telegram.py) runs in a child process; this process runs the real
TelegramChannel (python-telegram-bot 22.8, long polling) around the real Core, the real answerer
and a SQLite register with open requests. Each update is a /ask question or /open from its own
private chat (all senders are staff), so every update gets exactly one sendMessage.
With pinning (the default, where the machine has two CPUs) the bot is held to CPU 0 and the fake to
CPU 1, so the figures are for one core. The flood throttle is off (AIORateLimiter with no overall
or group limit; 429s would still be honoured): this measures what the bot can handle, not
Telegram's 30 messages/s.

1. Throughput: a burst of N updates queued at once; updates/s = N / (first delivery → last reply),
   and the bot process's CPU seconds per update.
2. Latency: M updates paced at R per second (below capacity); p50/p99 from the moment getUpdates
   hands an update to the bot until its sendMessage arrives at the fake (both stamped by the fake).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.request import Request, urlopen

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.telegram import Limits, TelegramChannel  # noqa: E402
from deadlines.clock import FixedClock  # noqa: E402
from deadlines.db import open_register  # noqa: E402
from deadlines.register import Actor, log_request  # noqa: E402
from handlers.access import Access  # noqa: E402
from handlers.core import Core  # noqa: E402
from knowledge.answer import default_answerer  # noqa: E402
from tests.fake_telegram import TOKEN, FakeTelegram, private_chat, user  # noqa: E402

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
FIRST_USER = 500_000
OPEN_REQUESTS = 40
QUESTIONS = (
    "/ask hvor længe gemmer vi fakturaer hos imusic?",
    "/ask hur länge sparar vi ordrar hos javi?",
    "/ask who receives payment data at iMusic?",
    "/ask hvornår slettes backup hos finderskeepers?",
    "/ask vem är personuppgiftsansvarig hos javi?",
    "/ask how long do we keep IP addresses of visitors at imusic?",
)
TEXTS = (*QUESTIONS, "/open")


def start_fake(cpu: int | None) -> tuple[subprocess.Popen[str], str]:
    """The fake Bot API in a child process (pinned to `cpu`); its base URL."""
    proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "fake_telegram.py")], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    base_url = proc.stdout.readline().strip()
    if cpu is not None:
        os.sched_setaffinity(proc.pid, {cpu})
    return proc, base_url


def control(base_url: str, path: str, body: dict[str, Any] | None = None) -> Any:
    """Call the fake's control endpoint (/_fake/push, /_fake/stats)."""
    root = base_url.removesuffix("/bot")
    data = json.dumps(body).encode() if body is not None else None
    request = Request(f"{root}/_fake/{path}", data=data, headers={"Content-Type": "application/json"})
    with urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def make_updates(builder: FakeTelegram, users: itertools.count, count: int) -> list[dict[str, Any]]:
    """`count` updates, each from its own private chat, cycling through the questions and /open."""
    out = []
    for i in range(count):
        sender = user(next(users), f"Staff {i}", ("da", "sv", "en")[i % 3])
        out.append(builder.message_update(private_chat(sender), sender, TEXTS[i % len(TEXTS)]))
    return out


async def handled(base_url: str, updates: list[dict[str, Any]], rate: float | None, timeout: float) -> list[dict[str, Any]]:
    """Queue updates in the fake (paced at `rate` per second, or all at once) and wait until each is answered; their rows."""
    replied = lambda: asyncio.to_thread(control, base_url, "stats?count=1")  # noqa: E731 (cheap counter)
    target = (await replied())["replied"] + len(updates)
    await asyncio.to_thread(control, base_url, "push", {"updates": updates, "rate": rate})
    deadline = time.monotonic() + timeout
    while (await replied())["replied"] < target:
        if time.monotonic() > deadline:
            raise TimeoutError(f"not every one of {len(updates)} updates was answered within {timeout} s")
        await asyncio.sleep(0.1)
    ids = {u["update_id"] for u in updates}
    stats = await asyncio.to_thread(control, base_url, "stats")
    return [r for r in stats["updates"] if r["update_id"] in ids]


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100), nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def seed_register(engine: Any, clock: FixedClock) -> None:
    """Open requests across the organisations, so /open lists real rows."""
    actor = Actor("bench", "cli")
    orgs = ("imusic", "javi", "finderskeepers")
    for i in range(OPEN_REQUESTS):
        received = (NOW - timedelta(days=i % 30)).date()
        log_request(engine, clock, actor, organisation=orgs[i % 3], type="access", received=received, via="email", subject_ref=f"order {1000 + i}")


async def bench(args: argparse.Namespace) -> None:
    """Run both phases and print the figures."""
    pin = not args.no_pin and len(os.sched_getaffinity(0)) >= 2
    cpus = sorted(os.sched_getaffinity(0))
    proc, base_url = start_fake(cpus[1] if pin else None)
    if pin:
        os.sched_setaffinity(0, {cpus[0]})
    total = args.updates + args.latency_updates + args.warmup
    staff = frozenset(str(FIRST_USER + i) for i in range(total))
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_register(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        clock = FixedClock(NOW)
        seed_register(engine, clock)
        core = Core(default_answerer(), engine, clock, Access(staff={"telegram": staff}))
        limits = Limits(overall_per_second=0, group_per_minute=0, poll_timeout=1.0, concurrent_updates=args.concurrency)
        channel = TelegramChannel(core, TOKEN, base_url=base_url, clock=clock, limits=limits)
        builder, users = FakeTelegram(), itertools.count(FIRST_USER)
        try:
            await channel.start()
            await handled(base_url, make_updates(builder, users, args.warmup), None, 60)
            await throughput(base_url, builder, users, args.updates)
            await latency(base_url, builder, users, args.latency_updates, args.rate)
        finally:
            await channel.stop()
            engine.dispose()
            proc.terminate()
            proc.wait()
    print(f"(bot on {'CPU ' + str(cpus[0]) if pin else 'any CPU'}, fake on {'CPU ' + str(cpus[1]) if pin else 'any CPU'}; "
          f"python-telegram-bot long polling, {args.concurrency} updates in flight)")


async def throughput(base_url: str, builder: FakeTelegram, users: itertools.count, count: int) -> None:
    """Phase 1: a burst; updates per second and CPU per update."""
    updates = make_updates(builder, users, count)
    cpu0 = time.process_time()
    rows = await handled(base_url, updates, None, 300)
    cpu = time.process_time() - cpu0
    span = max(r["replied"] for r in rows) - min(r["delivered"] for r in rows)
    print(f"throughput: {count} updates in {span:.2f} s = {count / span:.0f} updates/s "
          f"({cpu / count * 1000:.2f} ms CPU per update in the bot process, {count / cpu:.0f} updates per CPU-second)")


async def latency(base_url: str, builder: FakeTelegram, users: itertools.count, count: int, rate: float) -> None:
    """Phase 2: paced updates; delivery→reply latency percentiles."""
    rows = await handled(base_url, make_updates(builder, users, count), rate, count / rate + 120)
    values = [(r["replied"] - r["delivered"]) * 1000 for r in rows]
    queued = [(r["replied"] - r["pushed"]) * 1000 for r in rows]
    print(f"latency at {rate:.0f} updates/s ({count} updates): update→reply p50 {percentile(values, 50):.1f} ms, "
          f"p99 {percentile(values, 99):.1f} ms, max {max(values):.1f} ms; "
          f"queued→reply p50 {percentile(queued, 50):.1f} ms, p99 {percentile(queued, 99):.1f} ms; "
          f"mean {statistics.fmean(values):.1f} ms")


def main() -> None:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=3000, help="burst size for the throughput phase")
    parser.add_argument("--latency-updates", type=int, default=1500, help="updates in the latency phase")
    parser.add_argument("--rate", type=float, default=150.0, help="updates per second in the latency phase")
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=64, help="updates in flight at once")
    parser.add_argument("--no-pin", action="store_true", help="do not pin the bot and the fake to separate CPUs")
    asyncio.run(bench(parser.parse_args()))


if __name__ == "__main__":
    main()
