"""Reminder and digest messages as channel-neutral Replies (with Done / Extend actions)."""

from __future__ import annotations

from deadlines.register import RequestView
from deadlines.reminders import Reminder
from handlers.reply import Reply


def render_reminder(reminder: Reminder) -> Reply:
    """The reminder in its language: id, type, organisation, deadline, days left; actions done and extend."""
    raise NotImplementedError


def render_digest(requests: tuple[RequestView, ...], language: str) -> Reply:
    """The weekly digest: open requests grouped by urgency (overdue, this week, later, paused)."""
    raise NotImplementedError
