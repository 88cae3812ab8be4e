"""Slack channel speed: slash-command ack latency (p50/p99) through the HTTP adapter, and the answers behind it.

Run: ./dev bench slack [--requests 2000] [--paced 3000 --rate 100] [--burst 3000 --concurrency 20] [--no-pin]

This process runs the real SlackChannel (slack-bolt 1.30 AsyncApp served by aiohttp on 127.0.0.1)
around the real Core, the real answerer and a SQLite register with open requests. A child process
plays Slack: it sends `/gdpr …` requests, really signed (v0 HMAC-SHA256), and runs the fake Web API
(tests/fake_slack.py) that receives the answers on their response URLs. With pinning (the default,
where the machine has two CPUs) the bot is held to CPU 0 and "Slack" to CPU 1.

The ack latency is what Slack's 3-second limit applies to: from sending the request to its HTTP 200;
"full" runs until the answer reaches the response URL. Commands: help, open, three questions in turn.
1. Sequential: one command at a time.
2. Paced: `--rate` commands per second, sent on time whether or not earlier ones were answered
   (open loop, below capacity): the latency a busy workspace would see.
3. Saturated: `--concurrency` senders back to back: the capacity (answers per second); the ack
   latency there is mostly queueing (senders / capacity), shown for information.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import hashlib
import hmac
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SECRET = "bench-signing-secret-5c1f0e"
STAFF = "U0BENCH"
CHANNEL = "C0BENCH"
OPEN_REQUESTS = 40
TARGET_P99_MS = 100.0
TEXTS = (
    "help",
    "open",
    "ask hvor længe gemmer vi fakturaer hos imusic?",
    "ask who receives payment data at iMusic?",
    "ask hur länge sparar vi ordrar hos javi?",
)
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100), nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def summary(values: list[float]) -> str:
    """p50 / p99 / max in milliseconds."""
    ms = [v * 1000 for v in values]
    return f"p50 {percentile(ms, 50):6.2f} ms   p99 {percentile(ms, 99):6.2f} ms   max {max(ms):6.2f} ms   (n={len(ms)})"


# --- the child: Slack (a signing client and the fake Web API) -------------------------------------------


class Sender:
    """Sends signed slash commands to the bot and waits for their answers at the fake's response URLs."""

    def __init__(self, http: Any, fake: Any, url: str) -> None:
        self.http, self.fake, self.url = http, fake, url
        self.ids = itertools.count(1)

    async def command(self, text: str) -> tuple[float, str]:
        """Send `/gdpr text`; (seconds to the HTTP 200, the response URL's name)."""
        name = f"r{next(self.ids)}"
        body = urlencode({
            "token": "legacy", "team_id": self.fake.team_id, "channel_id": CHANNEL, "channel_name": "bench",
            "user_id": STAFF, "user_name": "bench", "command": "/gdpr", "text": text, "api_app_id": "A0BENCH",
            "response_url": self.fake.response_url(name), "trigger_id": self.fake.new_trigger(),
        })  # fmt: skip
        timestamp = str(int(time.time()))
        digest = hmac.new(SECRET.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256).hexdigest()
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": f"v0={digest}",
        }
        started = time.perf_counter()
        async with self.http.post(self.url, data=body.encode(), headers=headers) as response:
            await response.read()
            if response.status != 200:
                raise RuntimeError(f"HTTP {response.status} for {text!r}")
        return time.perf_counter() - started, name

    async def answered(self, count: int, timeout: float = 120.0) -> None:
        """Wait until `count` answers have arrived in all."""
        await self.fake.wait("response_url", count=count, timeout=timeout)


async def sequential(sender: Sender, n: int) -> tuple[list[float], list[float]]:
    """One command at a time: (ack latencies, full answer latencies)."""
    acks, full = [], []
    for i in range(n):
        started = time.perf_counter()
        ack, name = await sender.command(TEXTS[i % len(TEXTS)])
        answer = (await sender.fake.wait("response_url", where=lambda c, name=name: c.path == name))[0]
        acks.append(ack)
        full.append(answer.at - started)
    return acks, full


async def paced(sender: Sender, n: int, rate: float) -> tuple[list[float], list[float]]:
    """`n` commands sent at `rate` per second whether or not earlier ones are answered: (acks, full latencies)."""
    before = len(sender.fake.of("response_url"))

    async def one(i: int) -> tuple[float, float, str]:
        """Send command i; (start, ack latency, response URL name)."""
        started = time.perf_counter()
        ack, name = await sender.command(TEXTS[i % len(TEXTS)])
        return started, ack, name

    begin, tasks = time.perf_counter(), []
    for i in range(n):
        await asyncio.sleep(max(0.0, begin + i / rate - time.perf_counter()))
        tasks.append(asyncio.ensure_future(one(i)))
    sent = await asyncio.gather(*tasks)
    await sender.answered(before + n)
    arrived = {c.path: c.at for c in sender.fake.of("response_url")}
    return [ack for _, ack, _ in sent], [arrived[name] - started for started, _, name in sent]


async def saturated(sender: Sender, n: int, concurrency: int) -> tuple[list[float], float]:
    """`concurrency` senders back to back, `n` commands in all: (ack latencies, seconds until every answer arrived)."""
    numbers = iter(range(n))
    acks: list[float] = []
    before = len(sender.fake.of("response_url"))

    async def worker() -> None:
        """Send commands until none are left."""
        for i in numbers:
            ack, _ = await sender.command(TEXTS[i % len(TEXTS)])
            acks.append(ack)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    await sender.answered(before + n)
    return acks, time.perf_counter() - started


async def child(args: argparse.Namespace) -> None:
    """Play Slack: start the fake, learn the bot's port, run the three phases, print the results as JSON."""
    import aiohttp

    from tests.fake_slack import FakeSlack

    async with FakeSlack() as fake, aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        print(fake.base_url, flush=True)
        port = int(await asyncio.to_thread(sys.stdin.readline))
        sender = Sender(http, fake, f"http://127.0.0.1:{port}/slack/events")
        await sequential(sender, args.warmup)
        results: dict[str, Any] = {}
        results["seq_acks"], results["seq_full"] = await sequential(sender, args.requests)
        results["paced_acks"], results["paced_full"] = await paced(sender, args.paced, args.rate)
        results["sat_acks"], results["sat_seconds"] = await saturated(sender, args.burst, args.concurrency)
        print(json.dumps(results), flush=True)


# --- the parent: the bot ------------------------------------------------------------------------------


def seed_register(engine: Any, clock: Any) -> None:
    """Open requests, so /open lists real rows."""
    from deadlines.register import Actor, log_request

    actor = Actor("bench", "slack", CHANNEL)
    for i in range(OPEN_REQUESTS):
        received = (NOW - timedelta(days=i % 30)).date()
        log_request(
            engine,
            clock,
            actor,
            organisation="imusic",
            type="access",
            received=received,
            via="email",
            subject_ref=f"order {1000 + i}",
        )


async def bot(args: argparse.Namespace) -> dict[str, Any]:
    """Start the child, run the bot until the child reports; the child's results."""
    from bot.slack import SlackChannel
    from deadlines.clock import FixedClock
    from deadlines.db import open_register
    from handlers.access import Access
    from handlers.core import Core
    from knowledge.answer import default_answerer

    cpus = sorted(os.sched_getaffinity(0))
    pin = not args.no_pin and len(cpus) >= 2
    command = [sys.executable, str(Path(__file__).resolve()), "--child", *sys.argv[1:]]
    proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdin is not None and proc.stdout is not None
    if pin:
        os.sched_setaffinity(proc.pid, {cpus[1]})
        os.sched_setaffinity(0, {cpus[0]})
    base_url = proc.stdout.readline().strip()
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_register(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        clock = FixedClock(NOW)
        seed_register(engine, clock)
        core = Core(default_answerer(), engine, clock, Access(staff={"slack": frozenset({STAFF})}))
        channel = SlackChannel(core, "xoxb-test-token", signing_secret=SECRET, base_url=base_url, port=0, clock=clock)
        await channel.start()
        if args.gc_freeze:  # what bot/app.py could do once started: the KB's objects leave the GC's scans
            gc.collect()
            gc.freeze()
        try:
            proc.stdin.write(f"{channel.port}\n")
            proc.stdin.flush()
            line = await asyncio.to_thread(proc.stdout.readline)
        finally:
            await channel.stop()
            engine.dispose()
    if proc.wait(timeout=30) != 0 or not line:
        raise SystemExit("the Slack side of the bench failed")
    return {**json.loads(line), "pinned": pin}


def report(args: argparse.Namespace, r: dict[str, Any]) -> None:
    """Print the figures."""
    where = ("bot on CPU 0, Slack on CPU 1" if r["pinned"] else "unpinned") + (", gc.freeze()" if args.gc_freeze else "")
    print(f"Slack HTTP adapter, /gdpr {' | '.join(t.split()[0] for t in TEXTS)} in turn; {where}")
    print(f"  sequential        ack  {summary(r['seq_acks'])}")
    print(f"                    full {summary(r['seq_full'])}")
    print(f"  paced {args.rate:4.0f}/s      ack  {summary(r['paced_acks'])}")
    print(f"                    full {summary(r['paced_full'])}")
    rate = len(r["sat_acks"]) / r["sat_seconds"]
    print(f"  saturated ({args.concurrency:2d} at once) ack {summary(r['sat_acks'])}")
    print(f"                    {rate:.0f} commands/s answered (capacity)")
    print("  (ack: request sent → HTTP 200; full: request sent → answer at the response URL)")
    worst = max(percentile(r["seq_acks"], 99), percentile(r["paced_acks"], 99)) * 1000
    verdict = "met" if worst < TARGET_P99_MS else "NOT met"
    print(f"  target: ack p99 < {TARGET_P99_MS:.0f} ms below capacity (Slack allows 3000 ms): {verdict} ({worst:.2f} ms)")


def main() -> None:
    """Parse the arguments; run the child or the bot and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="sequential commands (default 2000)")
    parser.add_argument("--paced", type=int, default=3000, help="commands sent at --rate (default 3000)")
    parser.add_argument("--rate", type=float, default=100.0, help="commands per second in the paced phase (default 100)")
    parser.add_argument("--burst", type=int, default=3000, help="commands in the saturated phase (default 3000)")
    parser.add_argument("--concurrency", type=int, default=20, help="senders at once in the saturated phase (default 20)")
    parser.add_argument("--warmup", type=int, default=100, help="commands before measuring (default 100)")
    parser.add_argument("--no-pin", action="store_true", help="do not pin the bot and Slack to separate CPUs")
    parser.add_argument(
        "--gc-freeze", action="store_true", help="gc.freeze() in the bot after start (no full collections over the KB)"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    for name in PROXY_VARIABLES:  # slack_sdk would send the fake's traffic through a proxy
        os.environ.pop(name, None)
    if args.child:
        gc.disable()  # the load generator's own collections would show up as the bot's latency
        asyncio.run(child(args))
    else:
        report(args, asyncio.run(bot(args)))


if __name__ == "__main__":
    main()
