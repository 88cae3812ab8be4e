"""Reminders under faults: the sender raises or never answers, the process dies between claim and
send (and, the documented window, between send and mark), the database goes away during a scan,
and two schedulers race on one database. Each reminder ends up delivered exactly once (or, in the
documented window, once more)."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import make_url, text

from deadlines.clock import FixedClock
from deadlines.db import make_engine, open_register, write_session
from deadlines.register import Actor, close
from deadlines.reminders import ReminderService, ScanResult, claims
from tests.reminders_fixtures import RecordingNotifier, TcpProxy, days, local, log, pg_register, scan, service, settings

__all__ = ["pg_register"]  # a fixture

T0 = local(date(2026, 12, 2), 9, 0, 30)  # the due-day stage of a request received 2 Nov
STAFF = Actor("anna", "telegram", "-1001")


def _request(engine: Any) -> tuple[FixedClock, str]:
    """A request received (and logged) on 2 Nov 2026, deadline 2 Dec; the clock at T0."""
    clock = FixedClock(local(date(2026, 11, 2), 10))
    ref = log(engine, clock, "2026-11-02").ref
    clock.now = T0
    return clock, ref


def _claim(engine: Any, ref: str, stage: str = "due") -> dict[str, Any]:
    """The claim row of one stage."""
    (row,) = [c for c in claims(engine, ref) if c["stage"] == stage]
    return row


def test_a_failing_sender_is_retried_with_backoff_until_it_succeeds(register_db: Any) -> None:
    """Two failures, then success: attempts 30 s and 60 s apart, one delivery, three attempts recorded."""
    clock, ref = _request(register_db.engine)
    notifier = RecordingNotifier(fail=2)
    svc = service(register_db.engine, clock, notifier)
    assert scan(svc, T0).failed == 1
    first = _claim(register_db.engine, ref)
    assert first["status"] == "pending" and first["attempts"] == 1
    assert first["next_attempt_at"] == T0 + timedelta(seconds=30) and "ConnectionError" in first["last_error"]
    assert scan(svc, T0 + timedelta(seconds=10)).retried == 0  # backing off
    assert scan(svc, T0 + timedelta(seconds=31)).failed == 1
    assert _claim(register_db.engine, ref)["next_attempt_at"] == T0 + timedelta(seconds=31 + 60)
    assert scan(svc, T0 + timedelta(seconds=60)).retried == 0
    assert scan(svc, T0 + timedelta(seconds=92)).sent == 1
    for later in (timedelta(minutes=30), timedelta(hours=6)):
        assert scan(svc, T0 + later).sent == 0
    assert notifier.stages() == [(ref, "due", "telegram:-1001")] and notifier.attempts == 3
    done = _claim(register_db.engine, ref)
    assert done["status"] == "sent" and done["attempts"] == 3 and done["next_attempt_at"] is None


def test_a_sender_that_never_answers_times_out_and_is_retried(register_db: Any) -> None:
    """asyncio.wait_for ends the hung send after the send timeout; the retry delivers once."""
    clock, ref = _request(register_db.engine)
    notifier = RecordingNotifier(hang=1)
    svc = service(register_db.engine, clock, notifier, settings(send_timeout=timedelta(seconds=0.05)))
    result = scan(svc, T0)
    assert result.failed == 1 and notifier.sent == []
    assert "TimeoutError" in _claim(register_db.engine, ref)["last_error"]
    assert scan(svc, T0 + timedelta(seconds=31)).sent == 1
    assert notifier.stages() == [(ref, "due", "telegram:-1001")]


def test_giving_up_after_max_attempts(register_db: Any, caplog: pytest.LogCaptureFixture) -> None:
    """A sender that always fails: three attempts, then the claim is failed and never tried again."""
    clock, ref = _request(register_db.engine)
    notifier = RecordingNotifier(fail=100)
    svc = service(register_db.engine, clock, notifier, settings(max_attempts=3))
    results = [scan(svc, T0 + timedelta(seconds=s)) for s in (0, 31, 92, 400, 4000)]
    assert [r.failed for r in results] == [1, 1, 1, 0, 0] and results[2].gave_up == 1
    assert notifier.attempts == 3
    row = _claim(register_db.engine, ref)
    assert row["status"] == "failed" and row["attempts"] == 3 and row["next_attempt_at"] is None
    assert "giving up after 3 attempts" in caplog.text


def test_a_retry_is_cancelled_when_the_request_was_closed_meanwhile(register_db: Any) -> None:
    """Failed once, closed before the retry: the retry is cancelled, nothing is delivered."""
    clock, ref = _request(register_db.engine)
    notifier = RecordingNotifier(fail=1)
    svc = service(register_db.engine, clock, notifier)
    scan(svc, T0)
    clock.now = T0 + timedelta(seconds=10)
    close(register_db.engine, clock, STAFF, ref, outcome="done")
    assert scan(svc, T0 + timedelta(minutes=5)).cancelled == 1
    assert notifier.sent == [] and _claim(register_db.engine, ref)["status"] == "cancelled"


async def _die_during_send(svc: ReminderService, notifier: RecordingNotifier, at: datetime) -> None:
    """Run a scan until the notifier blocks, then cancel it: the process dies at that point."""
    notifier.entered = asyncio.Event()
    task = asyncio.create_task(svc.scan_once(at))
    await asyncio.wait_for(notifier.entered.wait(), 5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


def test_a_claim_left_by_a_crash_before_sending_is_sent_after_the_claim_timeout(register_db: Any) -> None:
    """Claimed, then the process died before sending: a new process leaves the claim alone until
    claim_timeout has passed, then sends it, once."""
    clock, ref = _request(register_db.engine)
    dying = RecordingNotifier(die_before=1)
    asyncio.run(_die_during_send(service(register_db.engine, clock, dying, instance="first"), dying, T0))
    assert dying.sent == []
    row = _claim(register_db.engine, ref)
    assert row["status"] == "pending" and row["claimed_by"] == "first"

    restarted = RecordingNotifier()
    svc = service(register_db.engine, clock, restarted, instance="second")
    assert scan(svc, T0 + timedelta(minutes=1)).sent == 0  # the claim is still held
    assert scan(svc, T0 + timedelta(minutes=9, seconds=59)).sent == 0
    result = scan(svc, T0 + timedelta(minutes=10, seconds=1))
    assert result.retried == 1 and result.sent == 1
    assert restarted.stages() == [(ref, "due", "telegram:-1001")]
    row = _claim(register_db.engine, ref)
    assert row["status"] == "sent" and row["claimed_by"] == "second" and row["attempts"] == 2
    assert scan(svc, T0 + timedelta(hours=1)).sent == 0


def test_the_documented_duplicate_window_a_crash_after_sending_before_marking(register_db: Any) -> None:
    """Sent, then the process died before marking it sent: after claim_timeout it goes out once more
    (docs/reminders.md) — and never a third time."""
    clock, ref = _request(register_db.engine)
    dying = RecordingNotifier(die_after=1)
    asyncio.run(_die_during_send(service(register_db.engine, clock, dying), dying, T0))
    assert dying.stages() == [(ref, "due", "telegram:-1001")]
    again = RecordingNotifier()
    svc = service(register_db.engine, clock, again)
    for minutes in (11, 12, 60, 300):
        scan(svc, T0 + timedelta(minutes=minutes))
    assert again.stages() == [(ref, "due", "telegram:-1001")]


def test_database_locked_during_a_scan_sqlite(tmp_path: Any, caplog: pytest.LogCaptureFixture) -> None:
    """Another process holds the SQLite write lock: the scan logs and returns; the next one sends, once."""
    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    engine = open_register(url, connect_args={"timeout": 0.2})
    holder = make_engine(url)
    clock, ref = _request(engine)
    notifier = RecordingNotifier()
    svc = service(engine, clock, notifier)
    with write_session(holder) as session:  # BEGIN IMMEDIATE: the write lock
        session.execute(text("SELECT 1"))
        locked = scan(svc, T0)
    assert locked.error is not None and "locked" in locked.error and notifier.sent == []
    assert "database unavailable" in caplog.text
    recovered = scan(svc, T0 + timedelta(minutes=1))
    assert recovered.error is None and recovered.sweep == "full" and recovered.sent == 1
    assert scan(svc, T0 + timedelta(minutes=2)).sent == 0
    assert notifier.stages() == [(ref, "due", "telegram:-1001")]
    engine.dispose()
    holder.dispose()


def test_database_locked_between_sending_and_marking_sqlite(tmp_path: Any) -> None:
    """The lock is taken right after the send: marking fails, is kept in memory and done by the next
    scan, which sends nothing again."""
    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    engine = open_register(url, connect_args={"timeout": 0.2})
    clock, ref = _request(engine)
    held: list[Any] = []

    def take_lock() -> None:
        """Hold the write lock from another connection (as another process would)."""
        conn = sqlite3.connect(tmp_path / "register.sqlite3", isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        held.append(conn)

    notifier = RecordingNotifier(on_send=take_lock)
    svc = service(engine, clock, notifier)
    result = scan(svc, T0)
    assert result.sent == 1 and _claim(engine, ref)["status"] == "pending"
    held[0].rollback()
    held[0].close()
    notifier.on_send = None
    assert scan(svc, T0 + timedelta(minutes=20)).sent == 0  # past claim_timeout, yet not sent again
    assert _claim(engine, ref)["status"] == "sent" and notifier.attempts == 1
    engine.dispose()


@pytest.mark.postgres
def test_database_server_gone_during_a_scan_postgresql(pg_register: Any, caplog: pytest.LogCaptureFixture) -> None:
    """PostgreSQL behind a proxy that is stopped (refused, connections cut) and started again: the
    failed scan logs and returns; a send whose marking failed is marked later, not repeated."""
    register_db = pg_register
    clock, ref = _request(register_db.engine)
    second = log(register_db.engine, FixedClock(local(date(2026, 11, 3), 10)), "2026-11-03").ref
    url = make_url(register_db.url)
    proxy = TcpProxy((url.host or "127.0.0.1", url.port or 5432))
    engine = make_engine(url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False))
    notifier = RecordingNotifier(on_send=proxy.stop)  # the server goes away right after the first send
    svc = service(engine, clock, notifier)
    try:
        first = scan(svc, T0)
        assert first.sent == 2 and first.error is not None  # marking failed (kept in memory), the scan stopped
        assert "could not record 2 send result(s)" in caplog.text and "database unavailable" in caplog.text
        down = scan(svc, T0 + timedelta(minutes=1))
        assert down.error is not None and down.sent == 0
        proxy.start()
        notifier.on_send = None
        up = scan(svc, T0 + timedelta(minutes=2))
        assert up.error is None and up.sweep == "full"
        scan(svc, local(date(2026, 12, 3), 9, 0, 30))
    finally:
        proxy.stop()
        engine.dispose()
    to = "telegram:-1001"
    assert sorted(notifier.stages()) == [(ref, "due", to), (ref, "overdue-1", to), (second, "before-1", to), (second, "due", to)]
    sent = {(c["ref"], c["stage"], c["destination"]) for c in claims(register_db.engine) if c["status"] == "sent"}
    assert sent == set(notifier.stages())


def _race(services: list[ReminderService], at: datetime) -> list[ScanResult]:
    """Run one scan per service at the same instant, each in its own thread and event loop."""
    barrier = threading.Barrier(len(services))
    results: list[ScanResult] = []
    errors: list[BaseException] = []

    def run(svc: ReminderService) -> None:
        """Wait for the others, then scan."""
        try:
            barrier.wait()
            results.append(asyncio.run(svc.scan_once(at)))
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(svc,)) for svc in services]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return results


def test_two_schedulers_racing_never_both_send(register_db: Any, caplog: pytest.LogCaptureFixture) -> None:
    """Two instances (own engines, own notifiers) scan the same database at the same instants over
    two weeks: every due reminder is delivered exactly once, by one of them, and both did deliver."""
    caplog.set_level(logging.WARNING)
    clock = FixedClock(local(date(2026, 11, 20), 10))
    for i in range(40):
        log(register_db.engine, clock, (date(2026, 10, 20) + timedelta(days=i % 30)).isoformat(),
            chat=f"-10{i % 3}")
    config = replace(settings(escalation=None), page_size=3)
    engines = [open_register(register_db.url) for _ in range(2)]
    notifiers = [RecordingNotifier(), RecordingNotifier()]
    services = [service(e, clock, n, config, instance=f"instance-{i}") for i, (e, n) in enumerate(zip(engines, notifiers, strict=True))]
    reference = service(register_db.engine, clock, RecordingNotifier(), config)
    expected: list[tuple[str, str, date, str]] = []
    try:
        for day in days(date(2026, 11, 23), date(2026, 12, 4)):
            at = local(day, 9, 0, 30)
            expected += [(r.request.ref, r.stage, r.deadline, str(r.to)) for r in reference.due(at)]
            results = _race(services, at)
            assert all(r.error is None for r in results), [r.error for r in results]
    finally:
        for engine in engines:
            engine.dispose()
    delivered = [(r.request.ref, r.stage, r.deadline, str(r.to)) for n in notifiers for r in n.reminders]
    assert len(delivered) == len(set(delivered)), "a reminder was delivered twice"
    assert sorted(delivered) == sorted(expected) and len(expected) > 40
    assert all(n.reminders for n in notifiers), "one instance never won a claim: the race did not happen"
    assert {c["status"] for c in claims(register_db.engine) if c["stage"] != "digest"} <= {"sent", "skipped"}
