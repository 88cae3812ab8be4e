"""Deadline reminders: which (request, stage) pings are due, claimed exactly once, sent through notifiers.

Contract shared with the channels (bot/telegram.py, bot/slack.py, bot/console.py): a channel sends
reminders by implementing `Notifier`; `Reminder` carries everything a message needs. The scan,
claim table and scheduler are built on top (issue 4).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Protocol

from deadlines.register import RequestView


@dataclass(frozen=True)
class Destination:
    """Where a message goes: a channel ("telegram", "slack", "console", "log") and a chat id in it."""

    channel: str
    chat_id: str

    def __str__(self) -> str:
        """"telegram:-1001234" (the `to` of `gdpr-bot reminders due --json`)."""
        return f"{self.channel}:{self.chat_id}"


@dataclass(frozen=True)
class Reminder:
    """One reminder to deliver: a request at a stage of its current deadline, to one destination."""

    request: RequestView
    stage: str  # "before-7", "before-3", "before-1", "due", "overdue-N", "extension-decision"
    deadline: date  # the current deadline this stage belongs to
    to: Destination
    escalation: bool = False  # a copy for the escalation chat
    days_left: int = 0  # negative when overdue
    language: str = "en"  # the organisation's default language (configuration)


@dataclass(frozen=True)
class DigestSettings:
    """The weekly digest: day (0 = Monday), local hour, destination."""

    weekday: int = 0
    hour: time = time(9, 0)
    to: Destination | None = None


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


class Notifier(Protocol):
    """Sends reminders into one channel; raises on failure (the caller retries with backoff)."""

    async def send_reminder(self, reminder: Reminder) -> None:
        """Deliver one reminder (with Done / Extend buttons where the channel has them)."""
        ...

    async def send_digest(self, to: Destination, requests: tuple[RequestView, ...], language: str) -> None:
        """Deliver the weekly digest of open requests (already ordered by urgency)."""
        ...
