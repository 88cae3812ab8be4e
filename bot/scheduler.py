"""The reminder scheduler: one APScheduler 3 job in the bot's event loop that runs a reminder scan.

Usage (inside the bot's running event loop)::

    service = ReminderService(engine, clock, config.reminders, notifiers, config.languages())
    scheduler = Scheduler(service)          # interval: settings.scan_interval (default 1 minute)
    scheduler.start()                       # first scan right away, then every interval
    ...
    await scheduler.shutdown()              # waits for a scan in progress (bounded), then stops

There is exactly one job and it holds no state of its own: the database is the source of truth
(`deadlines.reminders`). Scans never overlap (max_instances=1; a late tick is coalesced).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, time, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from deadlines.reminders import ReminderService, ScanResult

__all__ = ["JOB_ID", "ReminderService", "ScanResult", "Scheduler"]

log = logging.getLogger("gdpr_bot.reminders.scheduler")

JOB_ID = "reminder-scan"


class Scheduler:
    """Runs `service.scan_once()` every `interval` in the current event loop."""

    def __init__(self, service: ReminderService, interval: timedelta | float | None = None) -> None:
        if interval is None:
            interval = service.settings.scan_interval
        seconds = interval.total_seconds() if isinstance(interval, timedelta) else float(interval)
        if seconds <= 0:
            raise ValueError("the scan interval must be positive")
        self.service = service
        self.interval = seconds
        self.runs = 0  # scans finished
        self.last_result: ScanResult | None = None
        self._scheduler: AsyncIOScheduler | None = None
        self._running: set[asyncio.Task[None]] = set()
        self._daily: list[tuple[str, Callable[[], Awaitable[object]], time, str]] = []

    @property
    def running(self) -> bool:
        """Started and not shut down."""
        return self._scheduler is not None

    def start(self) -> None:
        """Start the periodic scan in the running event loop (call from async code); first scan now."""
        if self._scheduler is not None:
            raise RuntimeError("the reminder scheduler is already running")
        loop = asyncio.get_running_loop()
        scheduler = AsyncIOScheduler(event_loop=loop, timezone=UTC)
        scheduler.add_job(
            self._tick,
            "interval",
            seconds=self.interval,
            id=JOB_ID,
            next_run_time=datetime.now(UTC),
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,
        )
        for job_id, func, at, zone in self._daily:
            scheduler.add_job(
                self._guarded(job_id, func),
                CronTrigger(hour=at.hour, minute=at.minute, timezone=zone),
                id=job_id,
                max_instances=1,
                coalesce=True,
                misfire_grace_time=3600,
            )
        scheduler.start()
        self._scheduler = scheduler
        log.info("reminder scheduler started (scan every %g s)", self.interval)

    def every_day(self, job_id: str, func: Callable[[], Awaitable[object]], at: time, timezone: str) -> None:
        """Also run `func` once a day at local time `at` (housekeeping such as the purge); call before start()."""
        if self._scheduler is not None:
            raise RuntimeError("add daily jobs before start()")
        self._daily.append((job_id, func, at, timezone))

    @staticmethod
    def _guarded(job_id: str, func: Callable[[], Awaitable[object]]) -> Callable[[], Awaitable[None]]:
        """`func`, logging instead of raising (a failed run is retried the next day)."""

        async def run() -> None:
            """Run the daily job once."""
            try:
                await func()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("daily job %s failed", job_id)

        return run

    async def shutdown(self, timeout: float | None = None) -> None:
        """Stop scheduling; wait up to `timeout` s (default: the send timeout + 5 s) for a scan in progress."""
        scheduler, self._scheduler = self._scheduler, None
        if scheduler is None:
            return
        scheduler.remove_all_jobs()
        if self._running:
            wait = timeout if timeout is not None else self.service.settings.send_timeout.total_seconds() + 5
            done, late = await asyncio.wait(set(self._running), timeout=wait)
            for task in late:  # its claims are retried after claim_timeout (docs/reminders.md)
                task.cancel()
            if late:
                await asyncio.wait(late)
        scheduler.shutdown(wait=False)
        await asyncio.sleep(0)  # AsyncIOScheduler shuts down in a loop callback
        log.info("reminder scheduler stopped after %d scan(s)", self.runs)

    async def _tick(self) -> None:
        """One scheduled scan; nothing escapes (the next tick runs regardless)."""
        task = asyncio.current_task()
        assert task is not None
        self._running.add(task)
        try:
            self.last_result = await self.service.scan_once()
        except asyncio.CancelledError:
            raise
        except Exception:  # a bug must not stop the reminders: log it, the next tick tries again
            log.exception("reminder scan failed")
        finally:
            self.runs += 1
            self._running.discard(task)
