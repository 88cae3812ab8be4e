"""Helpers for the reminder tests (tests/test_reminders*.py): a recording notifier with injectable
faults, request logging through the real register, local-time instants, and a TCP proxy that can
take a PostgreSQL server away and bring it back."""

from __future__ import annotations

import asyncio
import select
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from deadlines.clock import FixedClock
from deadlines.register import Actor, RequestView, log_request
from deadlines.reminders import Destination, Notifiers, Reminder, ReminderService, ReminderSettings, ScanResult

CPH = ZoneInfo("Europe/Copenhagen")
STO = ZoneInfo("Europe/Stockholm")
SUBJECT = "kunde-4711@example.dk"  # must never reach a log line
HOME = Destination("telegram", "-1001")


def local(day: date, hh: int = 9, mm: int = 0, ss: int = 0, zone: ZoneInfo = CPH) -> datetime:
    """`day` at hh:mm:ss in `zone`, as aware UTC."""
    return datetime.combine(day, time(hh, mm, ss), zone).astimezone(UTC)


def days(first: date, last: date) -> Iterator[date]:
    """Every day from `first` to `last`, inclusive."""
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


@dataclass
class Sent:
    """One delivered message as the notifier saw it."""

    kind: str  # "reminder" or "digest"
    to: Destination
    reminder: Reminder | None = None
    requests: tuple[RequestView, ...] = ()
    language: str = "en"
    loop: Any = None  # the event loop it was sent from


@dataclass
class RecordingNotifier:
    """A real Notifier that records what it delivers; faults are injected per call, in order.

    `fail` raises ConnectionError for the next N sends; `hang` never answers for the next N sends
    (the service's send timeout cancels them); `die_before` / `die_after` block forever before or
    after recording the next N sends (the test then cancels the scan: the process "dies" there).
    """

    sent: list[Sent] = field(default_factory=list)
    fail: int = 0
    hang: int = 0
    die_before: int = 0
    die_after: int = 0
    attempts: int = 0
    entered: asyncio.Event | None = None  # set when a send starts blocking (die_before / die_after)
    on_send: Callable[[], None] | None = None  # called after each delivery (e.g. take the database away)

    async def _fault(self) -> None:
        """Apply the next injected fault, if any."""
        self.attempts += 1
        if self.fail:
            self.fail -= 1
            raise ConnectionError("chat API unreachable")
        if self.hang:
            self.hang -= 1
            await asyncio.Event().wait()
        if self.die_before:
            self.die_before -= 1
            await self._block()

    async def _block(self) -> None:
        """Signal that a send is stuck here, then wait forever (until cancelled)."""
        if self.entered is not None:
            self.entered.set()
        await asyncio.Event().wait()

    async def send_reminder(self, reminder: Reminder) -> None:
        """Record one reminder (after any injected fault)."""
        await self._fault()
        self.sent.append(Sent("reminder", reminder.to, reminder=reminder, language=reminder.language, loop=asyncio.get_running_loop()))
        if self.on_send is not None:
            self.on_send()
        if self.die_after:
            self.die_after -= 1
            await self._block()

    async def send_digest(self, to: Destination, requests: tuple[RequestView, ...], language: str) -> None:
        """Record one digest (after any injected fault)."""
        await self._fault()
        self.sent.append(Sent("digest", to, requests=requests, language=language, loop=asyncio.get_running_loop()))

    @property
    def reminders(self) -> list[Reminder]:
        """The reminders delivered, in order."""
        return [s.reminder for s in self.sent if s.reminder is not None]

    def stages(self) -> list[tuple[str, str, str]]:
        """(request id, stage, destination) of each delivered reminder."""
        return [(r.request.ref, r.stage, str(r.to)) for r in self.reminders]


def settings(**changes: Any) -> ReminderSettings:
    """Default reminder settings with `changes` (e.g. extension_decision_working_days=2)."""
    return replace(ReminderSettings(), **changes)


def service(
    engine: Any,
    clock: FixedClock,
    notifier: RecordingNotifier,
    config: ReminderSettings | None = None,
    languages: dict[str, str] | None = None,
    instance: str | None = None,
) -> ReminderService:
    """A ReminderService sending every channel through `notifier`."""
    return ReminderService(
        engine, clock, config or settings(), Notifiers(default=notifier), languages or {}, instance=instance
    )


def scan(svc: ReminderService, at: datetime | None = None) -> ScanResult:
    """One scan, run to completion in a fresh event loop."""
    return asyncio.run(svc.scan_once(at))


def log(
    engine: Any,
    clock: FixedClock,
    received: date | str,
    *,
    org: str = "imusic",
    channel: str = "telegram",
    chat: str | None = "-1001",
    kind: str = "access",
    subject: str = SUBJECT,
    kb: Any = None,
) -> RequestView:
    """Log a request through the register (at the clock's time) and return it."""
    actor = Actor("anna", channel, chat)
    result = log_request(
        engine, clock, actor, organisation=org, type=kind, received=received, via="email",
        subject_ref=f"{subject} {received}", force=True, kb=kb,
    )
    return result.request


def run_days(
    svc: ReminderService, clock: FixedClock, first: date, last: date, times: tuple[tuple[int, int], ...] = ((8, 59), (9, 0), (9, 1), (15, 0))
) -> list[tuple[date, str, str, str]]:
    """Scan several times on every day from `first` to `last` (local times); (day, id, stage, to) sent."""
    notifier = svc.notifiers.default
    assert isinstance(notifier, RecordingNotifier)
    out: list[tuple[date, str, str, str]] = []
    for day in days(first, last):
        for hh, mm in times:
            clock.now = local(day, hh, mm, 30)
            before = len(notifier.sent)
            result = scan(svc)
            assert result.error is None, result.error
            out += [(day, r.request.ref, r.stage, str(r.to)) for r in [s.reminder for s in notifier.sent[before:]] if r]
    return out


class TcpProxy:
    """A TCP forwarder on 127.0.0.1 that can be stopped (connections refused and cut) and started again."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = 0
        self._listener: socket.socket | None = None
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()
        self.start()

    def start(self) -> None:
        """Listen (on the same port after a stop) and forward every connection."""
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        """Refuse new connections and cut the open ones (the server is gone)."""
        if self._listener is not None:
            try:
                self._listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
            except OSError:
                pass
            self._listener.close()
            self._listener = None
        with self._lock:
            for conn in self._conns:
                try:
                    conn.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                conn.close()
            self._conns.clear()

    def _accept(self, listener: socket.socket) -> None:
        """Accept connections until the listener closes."""
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            with self._lock:
                self._conns += [client, upstream]
            threading.Thread(target=self._pipe, args=(client, upstream), daemon=True).start()

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        """Copy bytes both ways until either side closes."""
        try:
            while True:
                ready, _, _ = select.select([a, b], [], [], 1.0)
                for src in ready:
                    data = src.recv(65536)
                    if not data:
                        return
                    (b if src is a else a).sendall(data)
        except OSError:
            return
        finally:
            for s in (a, b):
                try:
                    s.close()
                except OSError:
                    pass


@pytest.fixture
def pg_register(tmp_path: Any) -> Iterator[Any]:
    """A migrated PostgreSQL register (own schema); the test is skipped without GDPR_BOT_TEST_DATABASE_URL."""
    from deadlines.db import open_register
    from tests.conftest import RegisterDatabase, register_empty_database

    with register_empty_database("postgresql", tmp_path) as url:
        engine = open_register(url)
        try:
            yield RegisterDatabase("postgresql", url, engine)
        finally:
            engine.dispose()
