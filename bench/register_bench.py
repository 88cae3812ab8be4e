"""Register speed: logging throughput and the overdue / due-soon / open-list queries at 10k and 1M requests.

Run: ./dev bench register [--sizes 10000,1000000] [--quick] [--databases sqlite,postgresql] [--runs 200]
PostgreSQL runs when GDPR_BOT_BENCH_DATABASE_URL or GDPR_BOT_TEST_DATABASE_URL is set (a fresh schema,
dropped afterwards). Rows are bulk-inserted with SQLAlchemy core executemany in batches; ~3% of them
are open, with deadlines spread around "today", the rest closed over the past three years.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time as dtime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, create_engine, insert, make_url, select, text

from deadlines.clock import FixedClock
from deadlines.db import open_register, write_session
from deadlines.models import DataSubjectRequest, RequestCounter
from deadlines.register import Actor, get_request, list_requests, list_statement, log_request

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 22)
CPH = ZoneInfo("Europe/Copenhagen")
OPEN_SHARE = 0.03
BATCH = 10_000
TYPES = ("access", "rectification", "erasure", "restriction", "portability", "objection", "consent_withdrawal")


@contextmanager
def database(kind: str, tmp: Path) -> Iterator[str]:
    """A URL for an empty database of `kind` (PostgreSQL: a fresh schema, dropped at the end)."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp / 'bench.sqlite3'}"
        return
    base = os.environ.get("GDPR_BOT_BENCH_DATABASE_URL") or os.environ["GDPR_BOT_TEST_DATABASE_URL"]
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def bulk_rows(start: int, stop: int, rng: random.Random, seqs: dict[int, int]) -> Iterator[dict[str, Any]]:
    """Synthetic requests number start..stop-1 (same shape as logged ones)."""
    for i in range(start, stop):
        is_open = rng.random() < OPEN_SHARE
        if is_open:
            received = TODAY - timedelta(days=rng.randint(0, 120))
        else:
            received = TODAY - timedelta(days=rng.randint(40, 3 * 365))
        deadline = received + timedelta(days=31)
        extended = received + timedelta(days=92)
        year = received.year
        seqs[year] = seqs.get(year, 0) + 1
        seq = seqs[year]
        at = datetime.combine(received, dtime(10), CPH).astimezone(UTC)
        subject = f"bench-{i}@example.com"
        is_extended = is_open and rng.random() < 0.1
        closed_at = None if is_open else at + timedelta(days=rng.randint(1, 30))
        status = ("extended" if is_extended else rng.choice(("open", "open", "open", "awaiting_identity"))) if is_open else rng.choice(("done", "done", "refused", "withdrawn"))
        yield {
            "ref": f"DSR-{year}-{seq:04d}",
            "year": year,
            "seq": seq,
            "organisation": rng.choice(("imusic", "javi", "bestphone", "finderskeepers", "123multiservice")),
            "country": "DK",
            "type": rng.choice(TYPES),
            "received_at": at,
            "received_on": received,
            "received_via": "email",
            "subject_ref": subject,
            "subject_key": hashlib.sha256(subject.encode()).hexdigest(),
            "channel": "cli",
            "chat_id": None,
            "logged_by": "bench",
            "status": status,
            "deadline": deadline,
            "extended_deadline": extended,
            "current_deadline": extended if is_extended else deadline,
            "paused_days": 0,
            "paused_at": at + timedelta(days=2) if status == "awaiting_identity" else None,
            "extension_reason": "bench" if is_extended else None,
            "extended_at": at + timedelta(days=5) if is_extended else None,
            "outcome": None if is_open else status,
            "outcome_note": None,
            "closed_at": closed_at,
            "created_at": at,
            "updated_at": closed_at or at,
            "revision": 1,
        }


def fill(engine: Engine, start: int, stop: int, rng: random.Random, seqs: dict[int, int]) -> float:
    """Bulk-insert requests start..stop-1 in batches; keep the id counters ahead. Returns seconds."""
    table, counter = DataSubjectRequest.__table__, RequestCounter.__table__
    began = time.perf_counter()
    with engine.connect() as conn:  # continue after the requests logged so far
        seqs.update({y: n for y, n in conn.execute(select(counter.c.year, counter.c.last))})
    rows = bulk_rows(start, stop, rng, seqs)
    while True:
        batch = [row for _, row in zip(range(BATCH), rows, strict=False)]
        if not batch:
            break
        with write_session(engine) as session:
            session.execute(insert(table), batch)
    with write_session(engine) as session:
        session.execute(counter.delete())
        session.execute(insert(counter), [{"year": y, "last": n} for y, n in seqs.items()])
    with engine.begin() as conn:  # fresh planner statistics, as autovacuum / a real database would have
        conn.exec_driver_sql("ANALYZE")
    return time.perf_counter() - began


def log_throughput(engine: Engine, count: int, tag: str) -> float:
    """Requests logged per second through the service function (one transaction each)."""
    clock = FixedClock(NOW)
    actor = Actor("bench")
    began = time.perf_counter()
    for i in range(count):
        log_request(
            engine, clock, actor, organisation="imusic", type="access", received="2026-11-20",
            via="email", subject_ref=f"log-{tag}-{i}@example.com",
        )
    return count / (time.perf_counter() - began)


def latency(func: Callable[[], Any], runs: int) -> tuple[float, float, int]:
    """(p50 ms, p99 ms, rows in the last result) over `runs` calls after two warm-up calls."""
    result = None
    for _ in range(2):
        result = func()
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        result = func()
        samples.append((time.perf_counter() - began) * 1000)
    cuts = statistics.quantiles(samples, n=100)
    rows = len(result.items) if hasattr(result, "items") else 1
    return cuts[49], cuts[98], rows


def queries(engine: Engine, runs: int) -> dict[str, tuple[float, float, int]]:
    """Latency of the list queries (one page of 50) and of showing one request."""
    clock = FixedClock(NOW)
    return {
        "overdue (page 50)": latency(lambda: list_requests(engine, clock, scope="overdue"), runs),
        "due within 7 days": latency(lambda: list_requests(engine, clock, scope="due", within_days=7), runs),
        "open, one org": latency(lambda: list_requests(engine, clock, organisation="imusic"), runs),
        "show one request": latency(lambda: get_request(engine, clock, "DSR-2026-0001"), runs),
    }


def explain(engine: Engine) -> list[str]:
    """The query plans of the overdue and due-soon pages (to check the partial index is used)."""
    lines = []
    for scope, days in (("overdue", None), ("due", 7)):
        stmt = list_statement(NOW, scope=scope, within_days=days, limit=51)
        sql = str(stmt.compile(engine, compile_kwargs={"literal_binds": True}))
        prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
        with engine.connect() as conn:
            plan = [" ".join(str(c) for c in row[-1:]) for row in conn.exec_driver_sql(prefix + sql)]
        lines.append(f"  {scope}: " + " | ".join(plan))
    return lines


def main() -> None:
    """Parse options, run each database and size, print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,1000000", help="comma-separated request counts (default 10000,1000000)")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--runs", type=int, default=200, help="query repetitions for p50/p99")
    parser.add_argument("--logs", type=int, default=500, help="requests logged for the throughput figure")
    parser.add_argument("--quick", action="store_true", help="10,000 requests only, 50 runs, 100 logs")
    parser.add_argument("--explain", action="store_true", help="print the query plans at each size")
    args = parser.parse_args()
    sizes = [10_000] if args.quick else [int(s) for s in args.sizes.split(",")]
    runs, logs = (50, 100) if args.quick else (args.runs, args.logs)
    kinds = [k for k in args.databases.split(",") if k]
    if "postgresql" in kinds and not (os.environ.get("GDPR_BOT_BENCH_DATABASE_URL") or os.environ.get("GDPR_BOT_TEST_DATABASE_URL")):
        print("PostgreSQL skipped: set GDPR_BOT_BENCH_DATABASE_URL or GDPR_BOT_TEST_DATABASE_URL")
        kinds.remove("postgresql")

    table: list[tuple[str, str, str, str, str, str]] = []
    for kind in kinds:
        with tempfile.TemporaryDirectory() as tmp, database(kind, Path(tmp)) as url:
            engine = open_register(url)
            rng = random.Random(42)
            seqs: dict[int, int] = {}
            table.append((kind, "0", "log requests", f"{log_throughput(engine, logs, 'empty'):.0f}/s", "", ""))
            stored = logs
            for size in sorted(sizes):
                seconds = fill(engine, stored, size, rng, seqs)
                stored = size
                print(f"{kind}: {size:,} requests stored (bulk insert {seconds:.1f} s)", flush=True)
                if args.explain:
                    print("\n".join(explain(engine)), flush=True)
                for name, (p50, p99, rows) in queries(engine, runs).items():
                    table.append((kind, f"{size:,}", name, f"{p50:.2f}", f"{p99:.2f}", str(rows)))
                rate = log_throughput(engine, logs, str(size))
                stored += logs
                table.append((kind, f"{size:,}", "log requests", f"{rate:.0f}/s", "", ""))
            engine.dispose()

    header = ("database", "stored", "operation", "p50 ms", "p99 ms", "rows")
    widths = [max(len(str(r[i])) for r in [header, *table]) for i in range(len(header))]
    print()
    for row in [header, *table]:
        print("  ".join(str(c).ljust(w) if i < 3 else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))))
    print("\n(log requests: throughput, one transaction per request, through deadlines.register.log_request)")


if __name__ == "__main__":
    main()
