"""Deadline reminders: which (request, stage) pings are due, claimed exactly once, sent through notifiers.

Contract shared with the channels (bot/telegram.py, bot/slack.py, bot/console.py): a channel sends
reminders by implementing `Notifier`; `Reminder` carries everything a message needs. `Notifiers`
routes a destination's channel to its notifier. `ReminderService.scan_once()` is the one periodic
job (bot/scheduler.py runs it in the bot's event loop); `ReminderService.due(at)` lists what a scan
at `at` would send, without sending. docs/reminders.md explains the design.

The database is the only source of truth. A scan reads the open requests whose current deadline
is near (or past), works out each one's latest due stage (`current_stage`), and claims
(request, deadline, stage, destination) in `reminder_claim` with INSERT ... ON CONFLICT DO NOTHING
RETURNING: only the instance whose insert returned the row sends, then marks it sent. Failed sends
are retried with exponential backoff; a claim left unsent by a crash is retried once its lease
(`claim_timeout`) has run out. Stages fall due only at the configured local hour, so most scans
only look at the pending claims (a partial index); at the hour, a daily sweep reads just the
overdue requests and those whose deadline has a stage today; a full sweep of every deadline with a
stage due by now catches up at start-up and after errors. Subject references are never logged.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import socket
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from time import monotonic as time_monotonic
from typing import Any, Protocol, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, Table, select, tuple_, update
from sqlalchemy.exc import SQLAlchemyError

from deadlines.clock import Clock, system_clock
from deadlines.db import StorageError, read_session, write_session
from deadlines.models import (
    CLAIM_CANCELLED,
    CLAIM_FAILED,
    CLAIM_PENDING,
    CLAIM_SENT,
    CLAIM_SKIPPED,
    DIGEST_REF,
    RUNNING_STATUSES,
    DataSubjectRequest,
    ReminderClaim,
)
from deadlines.register import RequestView
from deadlines.register import _view as request_view  # the register's own row → snapshot conversion
from deadlines.rules import COUNTRY_TIMEZONES, is_working_day, receipt_date, working_days_before

log = logging.getLogger("gdpr_bot.reminders")

CHAT_CHANNELS: tuple[str, ...] = ("console", "telegram", "slack")  # channels a request can be logged in with a chat
LOG_DESTINATION_CHAT = "reminders"
SKIP_LIMIT = 10  # a catch-up records at most this many passed-over stages (per request and destination)
MAX_DIGEST_REQUESTS = 500  # the digest lists at most this many open requests (most urgent first)
DB_ERRORS: tuple[type[BaseException], ...] = (SQLAlchemyError, StorageError, OSError)


@dataclass(frozen=True)
class Destination:
    """Where a message goes: a channel ("telegram", "slack", "console", "log") and a chat id in it."""

    channel: str
    chat_id: str

    def __str__(self) -> str:
        """"telegram:-1001234" (the `to` of `gdpr-bot reminders due --json`)."""
        return f"{self.channel}:{self.chat_id}"

    @classmethod
    def parse(cls, text: str) -> Destination:
        """The destination written "channel:chat_id" (the inverse of str())."""
        channel, sep, chat = text.partition(":")
        if not sep or not channel or not chat:
            raise ValueError(f"not a destination: {text!r}")
        return cls(channel, chat)


LOG_DESTINATION = Destination("log", LOG_DESTINATION_CHAT)  # the log notifier, when nothing else is configured


@dataclass(frozen=True)
class Reminder:
    """One reminder to deliver: a request at a stage of its current deadline, to one destination."""

    request: RequestView
    stage: str  # "before-7", "before-3", "before-1", "due", "overdue-N", "extension-decision"
    deadline: date  # the current deadline this stage belongs to
    to: Destination
    escalation: bool = False  # a copy for the escalation chat
    days_left: int = 0  # negative when overdue (from the organisation's "today" when it is sent)
    language: str = "en"  # the organisation's default language (configuration)
    scheduled_at: datetime | None = None  # when the stage was due (the local hour on its day), UTC

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the `reminders due --json` contract keys first, then extras (no subject reference)."""
        return {
            "request": self.request.ref,
            "stage": self.stage,
            "deadline": self.deadline.isoformat(),
            "to": str(self.to),
            "escalation": self.escalation,
            "days_left": self.days_left,
            "organisation": self.request.organisation,
            "type": self.request.type,
            "language": self.language,
            "scheduled_at": self.scheduled_at.isoformat() if self.scheduled_at else None,
        }


@dataclass(frozen=True)
class DigestSettings:
    """The weekly digest: day (0 = Monday), local hour, destination."""

    weekday: int = 0
    hour: time = time(9, 0)
    to: Destination | None = None
    timezone: str = COUNTRY_TIMEZONES["DK"]  # the zone of `weekday` and `hour`
    language: str | None = None  # None: the organisations' language if they share one, else English


@dataclass(frozen=True)
class ReminderSettings:
    """When reminders go out (configurable; defaults per issue 4)."""

    days_before: tuple[int, ...] = (7, 3, 1)
    on_the_day: bool = True
    overdue_daily: bool = True
    extension_decision_working_days: int = 5  # before the first deadline, while open and not extended
    hour: time = time(9, 0)  # local hour, on working days of the organisation's country
    escalation: Destination | None = None  # overdue copies go here too
    fallback: Destination | None = None  # for requests logged where no chat can be reached (CLI)
    digest: DigestSettings | None = None
    scan_interval: timedelta = timedelta(minutes=1)
    claim_timeout: timedelta = timedelta(minutes=10)  # an unsent claim older than this is retried
    max_attempts: int = 8
    extra: dict[str, str] = field(default_factory=dict)
    send_timeout: timedelta = timedelta(seconds=30)  # one send; must be shorter than claim_timeout
    retry_backoff: timedelta = timedelta(seconds=30)  # first retry delay, doubled per attempt
    retry_backoff_max: timedelta = timedelta(hours=1)
    full_scan_interval: timedelta | None = None  # optional safety net: a full sweep at least this often
    page_size: int = 500  # requests read per page of a sweep
    send_concurrency: int = 8  # sends in flight at once


class Notifier(Protocol):
    """Sends reminders into one channel; raises on failure (the caller retries with backoff)."""

    async def send_reminder(self, reminder: Reminder) -> None:
        """Deliver one reminder (with Done / Extend buttons where the channel has them)."""
        ...

    async def send_digest(self, to: Destination, requests: tuple[RequestView, ...], language: str) -> None:
        """Deliver the weekly digest of open requests (already ordered by urgency)."""
        ...


class Notifiers:
    """Channel name → Notifier; `default` serves channels without their own (e.g. the log notifier)."""

    def __init__(self, by_channel: Mapping[str, Notifier] | None = None, default: Notifier | None = None) -> None:
        self.by_channel: dict[str, Notifier] = dict(by_channel or {})
        self.default = default

    def for_channel(self, channel: str) -> Notifier | None:
        """The notifier that sends into `channel`, else the default, else None (left for another instance)."""
        return self.by_channel.get(channel, self.default)

    def can_send(self, to: Destination) -> bool:
        """Whether this process can deliver to `to`."""
        return self.for_channel(to.channel) is not None

    @classmethod
    def of(cls, notifiers: Notifiers | Mapping[str, Notifier] | None) -> Notifiers:
        """A router from a plain channel → notifier mapping (or as is).

        Without a chat channel (telegram, slack) in the mapping, its "log" notifier also serves every
        other channel: a bot running without Telegram and Slack logs their reminders instead of
        keeping them forever. With one, reminders for a missing channel wait for an instance that has it.
        """
        if isinstance(notifiers, Notifiers):
            return notifiers
        mapping = dict(notifiers or {})
        chat = any(name in mapping for name in ("telegram", "slack"))
        return cls(mapping, default=None if chat else mapping.get("log"))


# --- the schedule --------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Stage:
    """One reminder stage of a deadline: its local day, when it goes out, and until when it still applies."""

    send_at: datetime  # the configured local hour on `day`, as UTC
    rank: int  # tie-break on the same instant: the stage nearer the deadline wins
    name: str
    day: date
    valid_until: datetime  # not sent from this instant on (the due-day and overdue pings never slip)

    @property
    def overdue(self) -> bool:
        """An overdue-N stage."""
        return self.name.startswith("overdue-")


def _zone(country: str) -> ZoneInfo:
    """The organisation's time zone."""
    return ZoneInfo(COUNTRY_TIMEZONES[country])


def local_instant(day: date, hour: time, country: str) -> datetime:
    """`hour` on `day` in the country's zone, as an aware UTC datetime."""
    return datetime.combine(day, hour, _zone(country)).astimezone(UTC)


def previous_working_day(day: date, country: str) -> date:
    """`day` itself when it is a working day, else the working day before it."""
    return day if is_working_day(day, country) else working_days_before(day, 1, country)


def named_stages(
    deadline: date, first_deadline: date, extended: bool, country: str, settings: ReminderSettings
) -> tuple[Stage, ...]:
    """The before-N, extension-decision and due stages of a deadline, in sending order.

    before-N goes out N days before, moved to the previous working day; extension-decision N working
    days before the first deadline (only while not extended); due on the deadline day. Stages before
    the deadline stop applying when that day begins; the due-day ping when it ends.
    """
    hour = settings.hour
    starts = local_instant(deadline, time(0), country)
    ends = local_instant(deadline + timedelta(days=1), time(0), country)
    out: list[Stage] = []
    for n in sorted({n for n in settings.days_before if n > 0}, reverse=True):
        day = previous_working_day(deadline - timedelta(days=n), country)
        out.append(Stage(local_instant(day, hour, country), -n, f"before-{n}", day, starts))
    if not extended and settings.extension_decision_working_days > 0:
        day = working_days_before(first_deadline, settings.extension_decision_working_days, country)
        out.append(Stage(local_instant(day, hour, country), 0, "extension-decision", day, starts))
    if settings.on_the_day:
        out.append(Stage(local_instant(deadline, hour, country), 1, "due", deadline, ends))
    return tuple(sorted(out))


def overdue_stages(
    deadline: date, country: str, settings: ReminderSettings, now: datetime, limit: int = SKIP_LIMIT
) -> tuple[Stage, ...]:
    """The overdue-N stages already due at `now` (working days after the deadline), the latest `limit`, in order."""
    if not settings.overdue_daily or limit <= 0:
        return ()
    out: list[Stage] = []
    day = receipt_date(now, country)
    while day > deadline and len(out) < limit:
        if is_working_day(day, country):
            at = local_instant(day, settings.hour, country)
            if at <= now:
                ends = local_instant(day + timedelta(days=1), time(0), country)
                out.append(Stage(at, 2, f"overdue-{(day - deadline).days}", day, ends))
        day -= timedelta(days=1)
    return tuple(reversed(out))


def _named_for(request: RequestView, settings: ReminderSettings) -> tuple[Stage, ...]:
    """The named stages of the request's current deadline."""
    return named_stages(
        request.current_deadline, request.deadline, request.extended_at is not None, request.country, settings
    )


def schedule(
    request: RequestView, settings: ReminderSettings, now: datetime, named: tuple[Stage, ...] | None = None
) -> tuple[Stage, ...]:
    """The stages of the request's current deadline: the named ones, and the latest SKIP_LIMIT overdue
    ones due by `now`."""
    named = _named_for(request, settings) if named is None else named
    return tuple(sorted(named + overdue_stages(request.current_deadline, request.country, settings, now)))


def _applies(stage: Stage, request: RequestView) -> bool:
    """A stage due before the request's last change (logging, resume, extension, reopening) does not
    apply: the reply to that change already gave the deadline."""
    since = request.updated_at or request.created_at
    return since is None or stage.send_at >= since


def due_stages(
    request: RequestView, settings: ReminderSettings, now: datetime, named: tuple[Stage, ...] | None = None
) -> tuple[Stage, ...]:
    """The stages whose time has come by `now` and that apply to the request as it stands, oldest first
    (none for a paused or closed request)."""
    if request.status not in RUNNING_STATUSES:
        return ()
    return tuple(s for s in schedule(request, settings, now, named) if s.send_at <= now and _applies(s, request))


def current_stage(
    request: RequestView, settings: ReminderSettings, now: datetime, named: tuple[Stage, ...] | None = None
) -> Stage | None:
    """The one stage to send at `now`: the latest due one, if it still applies (never an older one)."""
    if request.status not in RUNNING_STATUSES:
        return None
    named = _named_for(request, settings) if named is None else named
    latest_overdue = overdue_stages(request.current_deadline, request.country, settings, now, 1)
    latest = max((s for s in named + latest_overdue if s.send_at <= now), default=None)
    if latest is None or now >= latest.valid_until or not _applies(latest, request):
        return None
    return latest


def destinations(
    request: RequestView, stage: Stage, settings: ReminderSettings
) -> tuple[tuple[Destination, bool], ...]:
    """(destination, escalation) pairs: the chat where the request was logged (CLI: the fallback or
    the log), plus the escalation chat for overdue stages."""
    if request.channel in CHAT_CHANNELS and request.chat_id:
        home = Destination(request.channel, request.chat_id)
    else:
        home = settings.fallback or LOG_DESTINATION
    out: list[tuple[Destination, bool]] = [(home, False)]
    if stage.overdue and settings.escalation is not None and settings.escalation != home:
        out.append((settings.escalation, True))
    return tuple(out)


def stage_horizon(today: date, country: str, settings: ReminderSettings) -> date:
    """The latest deadline with a stage on or before `today` (earlier deadlines have one too).

    The earliest stage day of a deadline only moves forward with the deadline, so this walks
    forward until it passes `today`; long holiday runs are covered because the stages are computed.
    """
    limit = today + timedelta(days=max(settings.days_before, default=0) + 2 * settings.extension_decision_working_days + 30)
    day = today
    while day < limit:
        after = day + timedelta(days=1)
        stages = named_stages(after, after, False, country, settings)
        if min((s.day for s in stages), default=after) > today:
            break
        day = after
    return day


def target_deadlines(today: date, country: str, settings: ReminderSettings) -> tuple[date, ...]:
    """Deadlines from `today` on that have a named stage on `today` itself (what a daily sweep reads)."""
    horizon = stage_horizon(today, country, settings)
    days = (today + timedelta(days=i) for i in range((horizon - today).days + 1))
    return tuple(d for d in days if any(s.day == today for s in named_stages(d, d, False, country, settings)))


def retry_delay(settings: ReminderSettings, attempts: int) -> timedelta:
    """Backoff before the next attempt after `attempts` failed ones: base × 2^(attempts-1), capped."""
    factor = 2 ** min(max(attempts - 1, 0), 30)
    return min(settings.retry_backoff * factor, settings.retry_backoff_max)


# --- scanning ------------------------------------------------------------------------------------


@dataclass
class ScanResult:
    """What one scan did."""

    at: datetime
    sweep: str | None = None  # "full" (catch-up), "daily" (a stage time came) or None (retries and digest only)
    looked_at: int = 0  # requests whose stages were worked out
    claimed: int = 0  # new claims (reminders and digests)
    retried: int = 0  # pending claims taken up again (failed before, or left by a crash)
    sent: int = 0
    failed: int = 0  # attempts that failed (retried later unless gave_up)
    gave_up: int = 0  # claims marked failed after max_attempts
    cancelled: int = 0  # retries that no longer apply
    skipped: int = 0  # passed-over stages recorded by a catch-up
    deferred: int = 0  # due, but no notifier here for the channel (left for an instance that has one)
    digests: int = 0  # digests sent
    error: str | None = None  # the database was unavailable: the scan stopped (the next one starts over)
    delivered: list[Reminder] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary."""
        out = {k: v for k, v in self.__dict__.items() if k not in ("delivered", "at")}
        out["at"] = self.at.isoformat()
        out["delivered"] = [r.to_dict() for r in self.delivered]
        return out


@dataclass(frozen=True)
class _Candidate:
    """A reminder a scan found due, with the stages a catch-up passes over."""

    reminder: Reminder
    stage: Stage
    passed_over: tuple[Stage, ...]
    request_id: int

    @property
    def key(self) -> tuple[str, date, str, str]:
        """The claim's unique key."""
        r = self.reminder
        return (r.request.ref, r.deadline, r.stage, str(r.to))

    @property
    def group(self) -> tuple[str, date, str]:
        """(request, deadline, destination): the claims one stage sequence makes."""
        r = self.reminder
        return (r.request.ref, r.deadline, str(r.to))


@dataclass(frozen=True)
class _Job:
    """A claimed send: a reminder or a digest, and when it was claimed."""

    claim_id: int
    attempts: int
    claimed_mono: float  # time.monotonic() when claimed: the lease is measured in real time
    reminder: Reminder | None = None
    digest_to: Destination | None = None
    digest_requests: tuple[RequestView, ...] = ()
    digest_language: str = "en"

    @property
    def label(self) -> str:
        """For log lines: "DSR-2026-0001 before-7 to telegram:-1001" (ids only)."""
        if self.reminder is not None:
            r = self.reminder
            return f"{r.request.ref} {r.stage} (deadline {r.deadline}) to {r.to}"
        return f"weekly digest to {self.digest_to}"


@dataclass
class _Outcome:
    """How one send ended."""

    job: _Job
    sent: bool = False
    released: bool = False  # not tried: the lease was about to run out
    error: str | None = None


@dataclass(frozen=True)
class _Window:
    """A range of current deadlines a sweep reads (first None: from the oldest), optionally of some countries."""

    first: date | None
    last: date
    countries: tuple[str, ...] | None = None


_instances = itertools.count(1)


def _first_line(exc: BaseException) -> str:
    """Exception class and the first line of its message (driver detail lines can quote row data)."""
    text = (str(exc).strip().splitlines() or [""])[0]
    return f"{type(exc).__name__}: {text}"[:200] if text else type(exc).__name__


def _insert(session: Any) -> Any:
    """The dialect's INSERT into reminder_claim with ON CONFLICT support (SQLite ≥ 3.35 or PostgreSQL)."""
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(CLAIMS)  # the Core table: executemany stays a plain batched INSERT


CLAIMS = cast(Table, ReminderClaim.__table__)


_CLAIM_KEY = ("ref", "deadline", "stage", "destination")  # the unique constraint's columns


class ReminderService:
    """Finds due reminders in the register, claims each exactly once and sends it through the notifiers.

    `scan_once()` is the periodic job; `due(at)` a read-only preview. One service per process; several
    processes (instances) may share one database: the claims keep them from sending twice.
    """

    def __init__(
        self,
        engine: Engine,
        clock: Clock = system_clock,
        settings: ReminderSettings | None = None,
        notifiers: Notifiers | Mapping[str, Notifier] | None = None,
        languages: Mapping[str, str] | None = None,
        *,
        instance: str | None = None,
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.settings = settings or ReminderSettings()
        self.notifiers = Notifiers.of(notifiers)
        self.languages = dict(languages or {})
        self.instance = (instance or f"{socket.gethostname()}:{os.getpid()}:{next(_instances)}")[:100]
        if self.settings.send_timeout >= self.settings.claim_timeout:
            raise ValueError("send_timeout must be shorter than claim_timeout (a send must end before its claim expires)")
        self._lock = asyncio.Lock()
        self._swept_at: datetime | None = None  # the last completed sweep (None: sweep everything next)
        self._full_at: datetime | None = None  # the last completed full sweep
        self._unmarked: dict[int, datetime] = {}  # sent, but marking failed (database down): mark next scan
        self._digest_done: date | None = None  # the ISO week whose digest is known to be claimed
        self._named: dict[tuple[date, date, bool, str], tuple[Stage, ...]] = {}  # named_stages cache

    # --- public API ---

    async def scan_once(self, at: datetime | None = None) -> ScanResult:
        """Claim and send what is due at `at` (default: the clock's now); retry failed and abandoned claims.

        Database errors end the scan with `result.error` set and a log line; the next scan starts over.
        """
        async with self._lock:
            now = self._now(at)
            result = ScanResult(now)
            try:
                await self._scan(now, result)
            except DB_ERRORS as exc:
                result.error = _first_line(exc)
                self._swept_at = None  # a full sweep next time
                log.warning("reminder scan stopped: database unavailable (%s)", result.error)
            return result

    def due(self, at: datetime | None = None) -> list[Reminder]:
        """What a scan at `at` would send for the first time (nothing is claimed or sent), by deadline."""
        now = self._now(at)
        out: list[Reminder] = []
        for window in self._windows(now, full=True):
            cursor: tuple[date, int] | None = None
            while True:
                rows, cursor = self._page(window, cursor)
                candidates = self._candidates(rows, now)
                taken = self._taken_keys(candidates, now)
                out.extend(c.reminder for c in candidates if c.key not in taken)
                if cursor is None:
                    break
        return out

    # --- one scan ---

    async def _scan(self, now: datetime, result: ScanResult) -> None:
        """Mark leftovers, sweep when a stage time has come, then retries and the weekly digest."""
        await asyncio.to_thread(self._mark_unmarked)
        sweep = self._sweep_kind(now)
        if sweep is not None:
            result.sweep = sweep
            for window in self._windows(now, full=sweep == "full"):
                cursor: tuple[date, int] | None = None
                while True:
                    rows, cursor = await asyncio.to_thread(self._page, window, cursor)
                    await self._claim_and_send(rows, now, result)
                    if cursor is None:
                        break
            self._swept_at = now
            if sweep == "full":
                self._full_at = now
        jobs = await asyncio.to_thread(self._claim_retries, now, result)
        await self._send_and_record(jobs, now, result)
        jobs = await asyncio.to_thread(self._claim_digest, now, result)
        await self._send_and_record(jobs, now, result)

    async def _claim_and_send(self, rows: Sequence[DataSubjectRequest], now: datetime, result: ScanResult) -> None:
        """Work out the due reminders of `rows`, claim the new ones, send them."""
        if not rows:
            return
        result.looked_at += len(rows)
        jobs = await asyncio.to_thread(self._claim_page, rows, now, result)
        await self._send_and_record(jobs, now, result)

    async def _send_and_record(self, jobs: list[_Job], now: datetime, result: ScanResult) -> None:
        """Send the claimed jobs (bounded concurrency, each with a timeout) and record how each went."""
        if not jobs:
            return
        gate = asyncio.Semaphore(max(1, self.settings.send_concurrency))
        outcomes = await asyncio.gather(*(self._send(job, gate) for job in jobs))
        for outcome in outcomes:
            if outcome.sent:
                result.sent += 1
                if outcome.job.reminder is not None:
                    result.delivered.append(outcome.job.reminder)
                else:
                    result.digests += 1
            elif outcome.error is not None:
                result.failed += 1
            else:
                result.deferred += 1
        await asyncio.to_thread(self._record, outcomes, now, result)

    async def _send(self, job: _Job, gate: asyncio.Semaphore) -> _Outcome:
        """One send, unless the claim's lease would run out before the send timeout."""
        async with gate:
            timeout = self.settings.send_timeout
            if time_monotonic() - job.claimed_mono + timeout.total_seconds() >= self.settings.claim_timeout.total_seconds():
                return _Outcome(job, released=True)
            notifier = self._notifier_for(job)
            if notifier is None:  # the channel went away between claim and send
                return _Outcome(job, released=True)
            try:
                if job.reminder is not None:
                    await asyncio.wait_for(notifier.send_reminder(job.reminder), timeout.total_seconds())
                else:
                    assert job.digest_to is not None
                    coro = notifier.send_digest(job.digest_to, job.digest_requests, job.digest_language)
                    await asyncio.wait_for(coro, timeout.total_seconds())
            except Exception as exc:  # the notifier's failure: retried with backoff
                error = "TimeoutError: no answer within the send timeout" if isinstance(exc, TimeoutError) else _first_line(exc)
                log.warning("reminder %s: attempt %d failed: %s", job.label, job.attempts, error)
                return _Outcome(job, error=error)
            log.info("reminder %s sent", job.label)
            return _Outcome(job, sent=True)

    def _notifier_for(self, job: _Job) -> Notifier | None:
        """The notifier for the job's destination."""
        to = job.reminder.to if job.reminder is not None else job.digest_to
        return self.notifiers.for_channel(to.channel) if to is not None else None

    # --- which requests a scan looks at ---

    def _sweep_kind(self, now: datetime) -> str | None:
        """Which sweep a scan at `now` needs: "full" (first scan, after an error or a missed stage
        time, and every full_scan_interval if set), "daily" (a stage time has just come), or None.

        Stages fall due only at the configured local hour, and a register change never makes an
        earlier stage due (`_applies`), so between those instants a scan has nothing new to find.
        """
        if self._swept_at is None or self._full_at is None or now < self._swept_at:
            return "full"
        interval = self.settings.full_scan_interval
        if interval is not None and now - self._full_at >= interval:
            return "full"
        latest = self._stage_time(now)
        if self._swept_at >= latest:
            return None
        return "daily" if self._swept_at >= self._stage_time(latest - timedelta(microseconds=1)) else "full"

    def _stage_time(self, at: datetime) -> datetime:
        """The latest instant at or before `at` at which stages fall due (the local hour, any country)."""
        points = (
            local_instant(receipt_date(at, country) - timedelta(days=back), self.settings.hour, country)
            for country in COUNTRY_TIMEZONES
            for back in (0, 1, 2)
        )
        return max(p for p in points if p <= at)

    def _windows(self, now: datetime, *, full: bool) -> list[_Window]:
        """The deadline ranges a sweep reads: every deadline up to the stage horizon (full), or the
        overdue ones and today's target deadlines (daily: only requests with a stage today)."""
        todays = {country: receipt_date(now, country) for country in COUNTRY_TIMEZONES}
        if full:
            return [_Window(None, max(stage_horizon(t, c, self.settings) for c, t in todays.items()))]
        working = tuple(c for c, t in todays.items() if is_working_day(t, c))
        windows = [_Window(None, max(todays.values()) - timedelta(days=1), working)] if working else []
        targets = sorted({d for c, t in todays.items() for d in target_deadlines(t, c, self.settings)})
        for _, run in itertools.groupby(enumerate(targets), key=lambda it: it[1].toordinal() - it[0]):
            days = [d for _, d in run]
            windows.append(_Window(days[0], days[-1]))
        return windows

    def _page(
        self, window: _Window, cursor: tuple[date, int] | None
    ) -> tuple[list[DataSubjectRequest], tuple[date, int] | None]:
        """One page of running requests in `window`, in (deadline, id) order (the open-deadline partial
        index); the cursor of the next page, or None after the last."""
        R = DataSubjectRequest
        stmt = select(R).where(R.closed_at.is_(None), R.current_deadline <= window.last, R.status.in_(RUNNING_STATUSES))
        if window.first is not None:
            stmt = stmt.where(R.current_deadline >= window.first)
        if window.countries is not None:
            stmt = stmt.where(R.country.in_(window.countries))
        if cursor is not None:
            stmt = stmt.where(tuple_(R.current_deadline, R.id) > tuple_(*cursor))  # an ordered index range scan
        size = max(1, self.settings.page_size)
        with read_session(self.engine) as session:
            rows = list(session.execute(stmt.order_by(R.current_deadline, R.id).limit(size)).scalars())
        return rows, ((rows[-1].current_deadline, rows[-1].id) if len(rows) == size else None)

    # --- working out and claiming ---

    def _named_stages(self, view: RequestView) -> tuple[Stage, ...]:
        """named_stages of the view's deadline, cached (many requests share a deadline)."""
        key = (view.current_deadline, view.deadline, view.extended_at is not None, view.country)
        stages = self._named.get(key)
        if stages is None:
            if len(self._named) > 20_000:
                self._named.clear()
            stages = self._named[key] = _named_for(view, self.settings)
        return stages

    def _reminder(self, view: RequestView, stage: Stage, to: Destination, escalation: bool) -> Reminder:
        """The reminder of `view` at `stage` for one destination."""
        return Reminder(
            request=view,
            stage=stage.name,
            deadline=view.current_deadline,
            to=to,
            escalation=escalation,
            days_left=(view.current_deadline - view.today).days,
            language=self.languages.get(view.organisation, "en"),
            scheduled_at=stage.send_at,
        )

    def _candidates(self, rows: Iterable[DataSubjectRequest], now: datetime) -> list[_Candidate]:
        """The reminder(s) due at `now` for each row, sorted by claim key (claims are inserted in that order)."""
        out: list[_Candidate] = []
        for row in rows:
            view = request_view(row, now)
            named = self._named_stages(view)
            stage = current_stage(view, self.settings, now, named)
            if stage is None:
                continue
            earlier = tuple(s for s in due_stages(view, self.settings, now, named) if s < stage)
            for to, escalation in destinations(view, stage, self.settings):
                out.append(_Candidate(self._reminder(view, stage, to, escalation), stage, earlier, row.id))
        out.sort(key=lambda c: c.key)
        return out

    def _claims_for(self, candidates: list[_Candidate]) -> list[Any]:
        """Existing claim rows (ref, deadline, stage, destination, status, next_attempt_at) of the
        candidates' requests and deadlines."""
        if not candidates:
            return []
        C = ReminderClaim
        refs = sorted({c.reminder.request.ref for c in candidates})
        deadlines = sorted({c.reminder.deadline for c in candidates})
        stmt = select(C.ref, C.deadline, C.stage, C.destination, C.status, C.next_attempt_at).where(
            C.ref.in_(refs), C.deadline.in_(deadlines)
        )
        with read_session(self.engine) as session:
            return list(session.execute(stmt).all())

    def _taken_keys(self, candidates: list[_Candidate], now: datetime) -> set[tuple[str, date, str, str]]:
        """Keys of `candidates` that already have a claim (except pending ones whose retry time has come)."""
        return {
            (ref, deadline, stage, to)
            for ref, deadline, stage, to, status, retry_at in self._claims_for(candidates)
            if not (status == CLAIM_PENDING and retry_at is not None and retry_at <= now)
        }

    def _existing(self, candidates: list[_Candidate]) -> dict[tuple[str, date, str], set[str]]:
        """Stages already claimed (any status) per (request, deadline, destination) of the candidates."""
        out: dict[tuple[str, date, str], set[str]] = {}
        for ref, deadline, stage, to, _status, _retry in self._claims_for(candidates):
            out.setdefault((ref, deadline, to), set()).add(stage)
        return out

    def _claim_page(self, rows: Sequence[DataSubjectRequest], now: datetime, result: ScanResult) -> list[_Job]:
        """Claim the new reminders due for `rows` (and record the stages a catch-up passes over)."""
        candidates = self._candidates(rows, now)
        servable = [c for c in candidates if self.notifiers.can_send(c.reminder.to)]
        result.deferred += len(candidates) - len(servable)
        if not servable:
            return []
        existing = self._existing(servable)
        fresh = [c for c in servable if c.reminder.stage not in existing.get(c.group, set())]
        if not fresh:
            return []
        lease = now + self.settings.claim_timeout
        values: list[dict[str, Any]] = []
        for c in fresh:
            values.append(self._claim_row(c, c.stage.name, CLAIM_PENDING, now, lease))
            values.extend(self._claim_row(c, s.name, CLAIM_SKIPPED, now, None) for s in self._passed_over(c, existing))
        values.sort(key=lambda v: (v["ref"], v["deadline"], v["stage"], v["destination"]))  # one lock order for all instances
        with write_session(self.engine) as session:
            col = CLAIMS.c
            stmt = (
                _insert(session)
                .on_conflict_do_nothing(index_elements=_CLAIM_KEY)
                .returning(col.id, col.ref, col.deadline, col.stage, col.destination, col.status)
            )
            inserted = session.execute(stmt, values).all()  # executemany: batched "insertmanyvalues"
        won = {(ref, d, stage, to): cid for cid, ref, d, stage, to, status in inserted if status == CLAIM_PENDING}
        result.skipped += sum(1 for row in inserted if row[5] == CLAIM_SKIPPED)
        jobs = [_Job(won[c.key], 1, time_monotonic(), reminder=c.reminder) for c in fresh if c.key in won]
        result.claimed += len(jobs)
        return jobs

    def _passed_over(self, c: _Candidate, existing: Mapping[tuple[str, date, str], set[str]]) -> list[Stage]:
        """Due stages before the candidate's, after the last one claimed for its (request, deadline, destination)."""
        claimed = existing.get(c.group, set())
        passed = [s for s in c.passed_over if s.name not in claimed]
        if c.reminder.escalation:
            passed = [s for s in passed if s.overdue]  # the escalation chat only ever gets overdue stages
        last = max((s for s in c.passed_over if s.name in claimed), default=None)
        return [s for s in passed if last is None or s > last][-SKIP_LIMIT:]

    def _claim_row(self, c: _Candidate, stage: str, status: str, now: datetime, lease: datetime | None) -> dict[str, Any]:
        """Column values of one claim row."""
        r = c.reminder
        return {
            "ref": r.request.ref,
            "request_id": c.request_id,
            "stage": stage,
            "deadline": r.deadline,
            "destination": str(r.to),
            "escalation": r.escalation,
            "status": status,
            "attempts": 1 if status == CLAIM_PENDING else 0,
            "claimed_at": now,
            "next_attempt_at": lease,
            "sent_at": None,
            "last_error": None,
            "claimed_by": self.instance,
        }

    # --- retries ---

    def _claim_retries(self, now: datetime, result: ScanResult) -> list[_Job]:
        """Take up pending claims whose lease or backoff has run out (atomically: one instance wins each)."""
        C = ReminderClaim
        with read_session(self.engine) as session:
            rows = session.execute(
                select(C.id, C.destination)
                .where(C.status == CLAIM_PENDING, C.next_attempt_at <= now)
                .order_by(C.next_attempt_at, C.id)
                .limit(max(1, self.settings.page_size))
            ).all()
        ids = sorted(
            cid for cid, to in rows if cid not in self._unmarked and self.notifiers.can_send(Destination.parse(to))
        )
        if not ids:
            return []
        lease = now + self.settings.claim_timeout
        with write_session(self.engine) as session:
            taken = session.execute(
                update(C)
                .where(C.id.in_(ids), C.status == CLAIM_PENDING, C.next_attempt_at <= now)
                .values(attempts=C.attempts + 1, claimed_at=now, next_attempt_at=lease, claimed_by=self.instance)
                .returning(C.id, C.ref, C.request_id, C.stage, C.deadline, C.destination, C.escalation, C.attempts)
                .execution_options(synchronize_session=False)
            ).all()
        result.retried += len(taken)
        return self._retry_jobs(taken, now, result)

    def _retry_jobs(self, taken: Sequence[Any], now: datetime, result: ScanResult) -> list[_Job]:
        """Jobs for re-claimed rows that still apply; the others are cancelled."""
        R = DataSubjectRequest
        request_ids = sorted({row.request_id for row in taken if row.request_id is not None})
        with read_session(self.engine) as session:
            views = {
                row.id: request_view(row, now)
                for row in (session.execute(select(R).where(R.id.in_(request_ids))).scalars() if request_ids else ())
            }
        jobs: list[_Job] = []
        cancel: list[int] = []
        for row in taken:
            job = self._retry_job(row, views.get(row.request_id), now)
            if job is None:
                cancel.append(row.id)
            else:
                jobs.append(job)
        if cancel:
            with write_session(self.engine) as session:
                session.execute(
                    update(ReminderClaim)
                    .where(ReminderClaim.id.in_(cancel))
                    .values(status=CLAIM_CANCELLED, next_attempt_at=None)
                    .execution_options(synchronize_session=False)
                )
            result.cancelled += len(cancel)
            log.info("reminders: %d retried claim(s) cancelled (no longer apply)", len(cancel))
        return jobs

    def _retry_job(self, row: Any, view: RequestView | None, now: datetime) -> _Job | None:
        """The job for one re-claimed row, or None when it no longer applies (closed, paused, moved, superseded)."""
        to = Destination.parse(row.destination)
        if row.ref == DIGEST_REF:
            slot = self._digest_slot(now)
            if slot is None or slot[0] != row.deadline or self.settings.digest is None or self.settings.digest.to != to:
                return None
            requests, language = self._digest_contents(now)
            return _Job(row.id, row.attempts, time_monotonic(), digest_to=to, digest_requests=requests, digest_language=language)
        if view is None or view.current_deadline != row.deadline:
            return None
        stage = current_stage(view, self.settings, now, self._named_stages(view))
        if stage is None or stage.name != row.stage or (to, row.escalation) not in destinations(view, stage, self.settings):
            return None
        return _Job(row.id, row.attempts, time_monotonic(), reminder=self._reminder(view, stage, to, row.escalation))

    # --- the weekly digest ---

    def _digest_slot(self, now: datetime) -> tuple[date, datetime] | None:
        """(Monday of this ISO week, this week's digest time) once that time has come, else None."""
        digest = self.settings.digest
        if digest is None or digest.to is None:
            return None
        zone = ZoneInfo(digest.timezone)
        local = now.astimezone(zone).date()
        monday = local - timedelta(days=local.weekday())
        at = datetime.combine(monday + timedelta(days=digest.weekday), digest.hour, zone).astimezone(UTC)
        return (monday, at) if now >= at else None

    def _digest_language(self) -> str:
        """The digest's language: configured, else the organisations' shared one, else English."""
        digest = self.settings.digest
        if digest is not None and digest.language:
            return digest.language
        languages = set(self.languages.values())
        return languages.pop() if len(languages) == 1 else "en"

    def _digest_contents(self, now: datetime) -> tuple[tuple[RequestView, ...], str]:
        """The open requests, most urgent first (at most MAX_DIGEST_REQUESTS), and the digest's language."""
        R = DataSubjectRequest
        stmt = select(R).where(R.closed_at.is_(None)).order_by(R.current_deadline, R.id).limit(MAX_DIGEST_REQUESTS)
        with read_session(self.engine) as session:
            views = tuple(request_view(row, now) for row in session.execute(stmt).scalars())
        return views, self._digest_language()

    def _claim_digest(self, now: datetime, result: ScanResult) -> list[_Job]:
        """Claim this week's digest once its time has come (once per ISO week and destination)."""
        slot = self._digest_slot(now)
        digest = self.settings.digest
        if slot is None or digest is None or digest.to is None or self._digest_done == slot[0]:
            return []
        if not self.notifiers.can_send(digest.to):
            result.deferred += 1
            return []
        lease = now + self.settings.claim_timeout
        row = {
            "ref": DIGEST_REF,
            "request_id": None,
            "stage": "digest",
            "deadline": slot[0],
            "destination": str(digest.to),
            "escalation": False,
            "status": CLAIM_PENDING,
            "attempts": 1,
            "claimed_at": now,
            "next_attempt_at": lease,
            "sent_at": None,
            "last_error": None,
            "claimed_by": self.instance,
        }
        with write_session(self.engine) as session:
            stmt = _insert(session).values([row]).on_conflict_do_nothing(index_elements=_CLAIM_KEY).returning(CLAIMS.c.id)
            claim_id = session.execute(stmt).scalar_one_or_none()
        self._digest_done = slot[0]
        if claim_id is None:
            return []
        result.claimed += 1
        requests, language = self._digest_contents(now)
        return [_Job(claim_id, 1, time_monotonic(), digest_to=digest.to, digest_requests=requests, digest_language=language)]

    # --- recording outcomes ---

    def _record(self, outcomes: Sequence[_Outcome], now: datetime, result: ScanResult) -> None:
        """Mark sent claims sent; schedule failed ones with backoff (or give up); release untried ones."""
        sent = [o.job.claim_id for o in outcomes if o.sent]
        for claim_id in sent:
            self._unmarked[claim_id] = now
        try:
            self._mark_unmarked()
            with write_session(self.engine) as session:
                for outcome in outcomes:
                    if not outcome.sent:
                        result.gave_up += self._reschedule(session, outcome, now)
        except DB_ERRORS as exc:
            log.warning("reminders: could not record %d send result(s), will retry: %s", len(outcomes), _first_line(exc))

    def _reschedule(self, session: Any, outcome: _Outcome, now: datetime) -> int:
        """Set a failed or untried claim's next attempt; 1 when it is given up (max_attempts reached)."""
        C = ReminderClaim
        job = outcome.job
        values: dict[str, Any]
        gave_up = outcome.error is not None and job.attempts >= self.settings.max_attempts
        if outcome.released:
            values = {"next_attempt_at": now}
        elif gave_up:
            values = {"status": CLAIM_FAILED, "next_attempt_at": None, "last_error": outcome.error}
            log.error("reminder %s: giving up after %d attempts", job.label, job.attempts)
        else:
            values = {"next_attempt_at": now + retry_delay(self.settings, job.attempts), "last_error": outcome.error}
        session.execute(
            update(C)
            .where(C.id == job.claim_id, C.status == CLAIM_PENDING, C.claimed_by == self.instance)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return int(gave_up)

    def _mark_unmarked(self) -> None:
        """Mark the claims this process sent as sent (kept in memory while the database was unavailable)."""
        if not self._unmarked:
            return
        C = ReminderClaim
        pending = dict(self._unmarked)
        with write_session(self.engine) as session:
            for sent_at, ids in itertools.groupby(sorted(pending.items(), key=lambda kv: kv[1]), key=lambda kv: kv[1]):
                session.execute(
                    update(C)
                    .where(C.id.in_([cid for cid, _ in ids]), C.status == CLAIM_PENDING)
                    .values(status=CLAIM_SENT, sent_at=sent_at, next_attempt_at=None, last_error=None)
                    .execution_options(synchronize_session=False)
                )
        for cid in pending:
            self._unmarked.pop(cid, None)

    # --- helpers ---

    def _now(self, at: datetime | None) -> datetime:
        """`at`, or the clock's now; always aware UTC."""
        now = at if at is not None else self.clock()
        if now.tzinfo is None or now.utcoffset() is None:
            raise ValueError("reminder scans need an aware datetime")
        return now.astimezone(UTC)


def claims(engine: Engine, ref: str | None = None) -> list[dict[str, Any]]:
    """Claim rows (of one request, or all) as dicts in id order: for the CLI, tests and the bench."""
    C = ReminderClaim
    stmt = select(C).order_by(C.id)
    if ref is not None:
        stmt = stmt.where(C.ref == ref)
    with read_session(engine) as session:
        return [
            {
                "id": c.id,
                "ref": c.ref,
                "stage": c.stage,
                "deadline": c.deadline,
                "destination": c.destination,
                "escalation": c.escalation,
                "status": c.status,
                "attempts": c.attempts,
                "claimed_at": c.claimed_at,
                "next_attempt_at": c.next_attempt_at,
                "sent_at": c.sent_at,
                "last_error": c.last_error,
                "claimed_by": c.claimed_by,
            }
            for c in session.execute(stmt).scalars()
        ]


__all__ = [
    "CLAIM_CANCELLED",
    "CLAIM_FAILED",
    "CLAIM_PENDING",
    "CLAIM_SENT",
    "CLAIM_SKIPPED",
    "LOG_DESTINATION",
    "Destination",
    "DigestSettings",
    "Notifier",
    "Notifiers",
    "Reminder",
    "ReminderService",
    "ReminderSettings",
    "ScanResult",
    "Stage",
    "claims",
    "current_stage",
    "destinations",
    "due_stages",
    "named_stages",
    "overdue_stages",
    "schedule",
]
