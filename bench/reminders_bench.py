"""Reminder scan cost at 10k and 1M open requests (plus as many closed ones), SQLite and PostgreSQL.

Run: ./dev bench reminders [--sizes 10000,1000000] [--quick] [--databases sqlite,postgresql] [--cohort 1000]
PostgreSQL runs when GDPR_BOT_BENCH_DATABASE_URL or GDPR_BOT_TEST_DATABASE_URL is set (a fresh schema,
dropped afterwards).

Data: a cohort of requests (default 1,000) whose current deadlines lie from 20 days before to 10
days after the bench day (overdue, due, the days-before stages), plus open requests with deadlines
20-90 days ahead (nothing due today; 10 % extended, 5 % paused) up to the size, plus as many closed
requests. A scan's work should depend on the reminders due, not on how many requests are open or
closed: the figures at 10k and 1M should match.

Measured, with a notifier that does nothing (the database side only):
  catch-up     the first scan after a start (full sweep: every deadline with a stage due by now)
  daily sweep  the scan at 09:00 the next working day (overdue requests + today's target deadlines)
  steady scan  the scans in between (pending claims only), p50 and p99 over 50 scans
  due (CLI)    `reminders due`: the read-only preview
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import partial
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, Table, delete, insert

from bench.register_bench import database
from deadlines.clock import FixedClock
from deadlines.db import open_register, write_session
from deadlines.models import DataSubjectRequest, RequestCounter
from deadlines.register import RequestView
from deadlines.reminders import Destination, Notifiers, Reminder, ReminderService, ReminderSettings, ScanResult

DAY = date(2026, 11, 24)  # a Tuesday, a working day in Denmark and Sweden
CPH = ZoneInfo("Europe/Copenhagen")
BATCH = 10_000
TYPES = ("access", "rectification", "erasure", "restriction", "portability", "objection", "consent_withdrawal")
ORGS = (("imusic", "DK"), ("bestphone", "DK"), ("javi", "SE"))


class NullNotifier:
    """Delivers nothing, instantly: the bench measures the database side of a scan."""

    def __init__(self) -> None:
        self.count = 0

    async def send_reminder(self, reminder: Reminder) -> None:
        """Count it."""
        self.count += 1

    async def send_digest(self, to: Destination, requests: tuple[RequestView, ...], language: str) -> None:
        """Count it."""
        self.count += 1


def at(day: date, hh: int, mm: int = 0, ss: int = 0) -> datetime:
    """Local time in Copenhagen as UTC."""
    return datetime.combine(day, datetime.min.time().replace(hour=hh, minute=mm, second=ss), CPH).astimezone(UTC)


def request_rows(count: int, start: int, rng: random.Random, kind: str) -> Iterator[dict[str, Any]]:
    """`count` synthetic requests: "cohort" (deadline around DAY), "later" (20-90 days ahead) or "closed"."""
    for i in range(start, start + count):
        if kind == "cohort":
            deadline = DAY + timedelta(days=rng.randint(-20, 10))
        elif kind == "later":
            deadline = DAY + timedelta(days=rng.randint(20, 90))
        else:
            deadline = DAY - timedelta(days=rng.randint(40, 3 * 365))
        received = deadline - timedelta(days=30)
        received_at = at(received, 10)
        org, country = ORGS[i % len(ORGS)]
        extended = kind == "later" and rng.random() < 0.10
        paused = kind == "later" and not extended and rng.random() < 0.05
        status = "done" if kind == "closed" else "extended" if extended else "awaiting_identity" if paused else "open"
        closed_at = received_at + timedelta(days=20) if kind == "closed" else None
        subject = f"bench-{i}@example.com"
        yield {
            "ref": f"DSR-{received.year}-{i:07d}",
            "year": received.year,
            "seq": i,
            "organisation": org,
            "country": country,
            "type": TYPES[i % len(TYPES)],
            "received_at": received_at,
            "received_on": received,
            "received_via": "email",
            "subject_ref": subject,
            "subject_key": hashlib.sha256(subject.encode()).hexdigest(),
            "channel": "telegram",
            "chat_id": f"-100{i % 7}",
            "logged_by": "bench",
            "status": status,
            "deadline": deadline - timedelta(days=60) if extended else deadline,
            "extended_deadline": deadline if extended else deadline + timedelta(days=60),
            "current_deadline": deadline,
            "paused_days": 0,
            "paused_at": received_at + timedelta(days=3) if paused else None,
            "extension_reason": "bench" if extended else None,
            "extended_at": received_at + timedelta(days=5) if extended else None,
            "outcome": "done" if kind == "closed" else None,
            "outcome_note": None,
            "closed_at": closed_at,
            "created_at": received_at,
            "updated_at": closed_at or received_at,
            "revision": 1,
        }


def insert_rows(engine: Engine, rows: Iterator[dict[str, Any]]) -> None:
    """Bulk-insert in batches (SQLAlchemy core executemany)."""
    table = cast(Table, DataSubjectRequest.__table__)
    while True:
        batch = [row for _, row in zip(range(BATCH), rows, strict=False)]
        if not batch:
            return
        with write_session(engine) as session:
            session.execute(insert(table), batch)


def fill(engine: Engine, open_count: int, cohort: int, start: int, rng: random.Random) -> float:
    """Add the cohort (first call only), open requests up to `open_count`, and as many closed ones."""
    began = time.perf_counter()
    if start == 0:
        insert_rows(engine, request_rows(cohort, 1, rng, "cohort"))
        start = cohort
    insert_rows(engine, request_rows(open_count - start, start + 1, rng, "later"))
    insert_rows(engine, request_rows(open_count - start, 10_000_000 + start, rng, "closed"))
    with write_session(engine) as session:
        session.execute(delete(RequestCounter))
        session.execute(insert(cast(Table, RequestCounter.__table__)), [{"year": y, "last": 9_999_999} for y in range(2023, 2028)])
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    return time.perf_counter() - began


def timed(func: Callable[[], Any]) -> tuple[float, Any]:
    """(milliseconds, result) of one call."""
    began = time.perf_counter()
    result = func()
    return (time.perf_counter() - began) * 1000, result


def scans(engine: Engine) -> list[tuple[str, str, str, str]]:
    """(operation, ms, requests read, reminders sent) for one database state; claims are removed after."""
    from deadlines.models import ReminderClaim

    notifier = NullNotifier()
    service = ReminderService(engine, FixedClock(at(DAY, 9)), ReminderSettings(), Notifiers(default=notifier))
    rows: list[tuple[str, str, str, str]] = []

    def scan(when: datetime) -> ScanResult:
        """One scan to completion."""
        return asyncio.run(service.scan_once(when))

    ms, result = timed(lambda: scan(at(DAY - timedelta(days=1), 9, 0, 30)))
    rows.append(("catch-up (first scan)", f"{ms:.0f}", str(result.looked_at), str(result.sent)))
    ms, result = timed(lambda: scan(at(DAY, 9, 0, 30)))
    assert result.sweep == "daily", result.sweep
    rows.append(("daily sweep at 09:00", f"{ms:.0f}", str(result.looked_at), str(result.sent)))
    samples = [timed(partial(scan, at(DAY, 9, 1 + m)))[0] for m in range(50)]
    cuts = statistics.quantiles(samples, n=100)
    rows.append(("steady scan p50 / p99", f"{cuts[49]:.1f} / {cuts[98]:.1f}", "0", "0"))
    ms, listed = timed(lambda: service.due(at(DAY, 12)))
    rows.append(("due (CLI preview)", f"{ms:.0f}", "", str(len(listed))))
    with write_session(engine) as session:
        session.execute(delete(ReminderClaim))
    return rows


def main() -> None:
    """Parse options, run each database and size, print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,1000000", help="open requests (default 10000,1000000)")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--cohort", type=int, default=1000, help="requests with deadlines around the bench day")
    parser.add_argument("--quick", action="store_true", help="10,000 open requests only")
    args = parser.parse_args()
    sizes = [10_000] if args.quick else sorted(int(s) for s in args.sizes.split(","))
    kinds = [k for k in args.databases.split(",") if k]
    if "postgresql" in kinds and not (os.environ.get("GDPR_BOT_BENCH_DATABASE_URL") or os.environ.get("GDPR_BOT_TEST_DATABASE_URL")):
        print("PostgreSQL skipped: set GDPR_BOT_BENCH_DATABASE_URL or GDPR_BOT_TEST_DATABASE_URL")
        kinds.remove("postgresql")

    table: list[tuple[str, ...]] = []
    for kind in kinds:
        with tempfile.TemporaryDirectory() as tmp, database(kind, Path(tmp)) as url:
            engine = open_register(url)
            rng = random.Random(42)
            stored = 0
            for size in sizes:
                seconds = fill(engine, size, args.cohort, stored, rng)
                stored = size
                print(f"{kind}: {size:,} open + {size - args.cohort:,} closed requests stored ({seconds:.0f} s)", flush=True)
                table += [(kind, f"{size:,}", *row) for row in scans(engine)]
            engine.dispose()

    header = ("database", "open", "operation", "ms", "requests read", "reminders")
    widths = [max(len(r[i]) for r in [header, *table]) for i in range(len(header))]
    print()
    for row in [header, *table]:
        print("  ".join(c.ljust(w) if i < 3 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))))


if __name__ == "__main__":
    main()
