"""Plain-text notifiers: reminders and digests written to a stream (the console, the CLI) or to the log.

They serve the command line, the console channel and deployments without Telegram or Slack; chat
channels bring their own `deadlines.reminders.Notifier`. `text_notifiers()` builds the router the
CLI and the console-only bot use. Messages are rendered by `handlers.reminders` (no subject
reference is ever part of them).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TextIO

from deadlines.register import RequestView
from deadlines.reminders import Destination, Notifiers, Reminder
from handlers.reminders import render_digest, render_reminder
from handlers.reply import Reply

log = logging.getLogger("gdpr_bot.reminders.sent")


def _text(reply: Reply, to: Destination) -> str:
    """The reply as plain text, headed by its destination and followed by its actions."""
    lines = [f"[{to}]", reply.plain()]
    if reply.actions:
        lines.append(" · ".join(f"{a.label} ({a.command} {a.argument})".rstrip() for a in reply.actions))
    return "\n".join(lines)


class TextNotifier:
    """Writes each reminder or digest as plain text through `write` (one call per message)."""

    def __init__(self, write: Callable[[str], None]) -> None:
        self._write = write

    async def send_reminder(self, reminder: Reminder) -> None:
        """Write the rendered reminder."""
        self._write(_text(render_reminder(reminder), reminder.to))

    async def send_digest(self, to: Destination, requests: tuple[RequestView, ...], language: str) -> None:
        """Write the rendered digest."""
        self._write(_text(render_digest(requests, language), to))


class ConsoleNotifier(TextNotifier):
    """Writes reminders to a text stream (stdout for the console channel and `reminders run-once`)."""

    def __init__(self, stream: TextIO) -> None:
        def write(text: str) -> None:
            """Print one message followed by a blank line, flushed."""
            stream.write(text + "\n\n")
            stream.flush()

        super().__init__(write)


class LogNotifier(TextNotifier):
    """Writes reminders to the log (logger `gdpr_bot.reminders.sent`, level INFO)."""

    def __init__(self, logger: logging.Logger | None = None) -> None:
        target = logger or log
        super().__init__(lambda text: target.info("%s", text))


def text_notifiers(console: TextNotifier, *, catch_all: bool) -> Notifiers:
    """The router for `console` and `log` destinations; with `catch_all`, every other channel too.

    Without a chat channel configured (`catch_all`), reminders for Telegram or Slack chats are
    written here instead of waiting for a channel that will never come; with one configured,
    they are left for the bot that runs it.
    """
    return Notifiers({"console": console, "log": console}, default=console if catch_all else None)
