"""The APScheduler wrapper: one periodic job that really runs the scan in the bot's event loop, never
overlapping itself, surviving a failing scan, and shutting down cleanly. Only this wrapper test
uses a short real interval (0.05 s); reminder deadlines still come from a FixedClock."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from bot.scheduler import Scheduler
from deadlines.reminders import ReminderService, ScanResult, claims
from tests.reminders_fixtures import RecordingNotifier, local, log, service

T0 = local(date(2026, 12, 2), 9, 0, 30)


async def until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Poll `condition` in the loop until it holds (fails the test after `timeout` seconds)."""
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


def _service(engine: Any, notifier: RecordingNotifier) -> ReminderService:
    """A service whose clock stands at T0, with one request due then."""
    from deadlines.clock import FixedClock

    clock = FixedClock(local(date(2026, 11, 2), 10))
    log(engine, clock, "2026-11-02")
    clock.now = T0
    return service(engine, clock, notifier)


def test_the_job_runs_scans_in_the_running_event_loop(register_db: Any) -> None:
    """Several scans at a 0.05 s interval, in the loop that started the scheduler; one delivery."""
    notifier = RecordingNotifier()
    scheduler = Scheduler(_service(register_db.engine, notifier), interval=0.05)

    async def main() -> tuple[asyncio.AbstractEventLoop, int]:
        """Start, let it scan a few times, stop."""
        scheduler.start()
        assert scheduler.running
        with pytest.raises(RuntimeError):
            scheduler.start()
        await until(lambda: scheduler.runs >= 4)
        await scheduler.shutdown()
        stopped_at = scheduler.runs
        await asyncio.sleep(0.2)  # four intervals: a job left behind would have run again
        assert scheduler.runs == stopped_at and not scheduler.running
        return asyncio.get_running_loop(), stopped_at

    loop, runs = asyncio.run(main())
    assert runs >= 4
    assert [s.loop for s in notifier.sent] == [loop]  # sent once, from the bot's own loop
    assert isinstance(scheduler.last_result, ScanResult) and scheduler.last_result.sent == 0


def test_the_interval_defaults_to_the_settings_and_must_be_positive(register_db: Any) -> None:
    """scan_interval from ReminderSettings; zero is refused."""
    svc = _service(register_db.engine, RecordingNotifier())
    assert Scheduler(svc).interval == 60
    assert Scheduler(svc, timedelta(seconds=5)).interval == 5
    with pytest.raises(ValueError):
        Scheduler(svc, 0)


def test_a_failing_scan_does_not_stop_the_job(register_db: Any, caplog: pytest.LogCaptureFixture) -> None:
    """A bug in one scan is logged; the next tick scans again and delivers."""
    notifier = RecordingNotifier()
    svc = _service(register_db.engine, notifier)
    real = svc.scan_once
    calls = {"n": 0}

    async def flaky(at: Any = None) -> ScanResult:
        """Fail the first call, then scan for real."""
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("a bug")
        return await real(at)

    svc.scan_once = flaky  # type: ignore[method-assign]
    scheduler = Scheduler(svc, interval=0.05)

    async def main() -> None:
        """Run until the reminder is out."""
        scheduler.start()
        await until(lambda: len(notifier.sent) == 1 and scheduler.runs >= 3)
        await scheduler.shutdown()

    asyncio.run(main())
    assert "reminder scan failed" in caplog.text and len(notifier.sent) == 1


def test_shutdown_waits_for_a_scan_in_progress(register_db: Any) -> None:
    """A send in flight when shutdown starts is finished and marked sent before shutdown returns."""
    release = asyncio.Event()
    notifier = RecordingNotifier()
    original = notifier.send_reminder

    async def slow(reminder: Any) -> None:
        """Deliver only once released."""
        await release.wait()
        await original(reminder)

    notifier.send_reminder = slow  # type: ignore[method-assign]
    svc = _service(register_db.engine, notifier)
    scheduler = Scheduler(svc, interval=0.05)

    async def main() -> None:
        """Start, begin a shutdown while the send waits, then release it."""
        scheduler.start()
        await until(lambda: scheduler._running != set())
        stopping = asyncio.create_task(scheduler.shutdown(timeout=10))
        await asyncio.sleep(0)
        assert not stopping.done()
        release.set()
        await stopping

    asyncio.run(main())
    assert len(notifier.sent) == 1
    assert [c["status"] for c in claims(register_db.engine) if c["stage"] == "due"] == ["sent"]


def test_shutdown_cancels_a_stuck_scan_after_its_timeout(register_db: Any, caplog: pytest.LogCaptureFixture) -> None:
    """A send that never ends is cancelled at shutdown; its claim stays pending, to be retried later."""
    caplog.set_level(logging.INFO)
    notifier = RecordingNotifier(hang=1)
    scheduler = Scheduler(_service(register_db.engine, notifier), interval=0.05)

    async def main() -> None:
        """Start, wait for the stuck send, stop with a short timeout."""
        scheduler.start()
        await until(lambda: notifier.attempts == 1)
        await scheduler.shutdown(timeout=0.1)

    asyncio.run(main())
    assert notifier.sent == [] and "reminder scheduler stopped" in caplog.text
    assert [c["status"] for c in claims(register_db.engine) if c["stage"] == "due"] == ["pending"]
