"""The chat core: one Incoming message (or button press) in, one Reply out, for every channel.

Adapters (bot/telegram.py, bot/slack.py, bot/console.py) turn their updates into `Incoming`, call
`Core` (synchronous: SQLAlchemy underneath; async adapters use `asyncio.to_thread`) and render the
`Reply`. The core knows nothing of Telegram or Slack.

Buttons: a `Reply.actions` entry `Action(label, command, argument)` is pressed with
`Core.press(msg, command, argument)`; adapters encode it as `f"{command}:{argument}"` (≤ 64 bytes,
Telegram's callback_data limit) and decode it with `decode_action`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from deadlines.clock import Clock
from handlers.access import Access
from handlers.message import Incoming
from handlers.reply import Reply

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from knowledge.answer import Answerer


@dataclass(frozen=True)
class OrgSettings:
    """Per-organisation settings from configuration (defaults come from the knowledge base)."""

    slug: str
    country: str  # "DK" | "SE"
    timezone: str  # e.g. "Europe/Copenhagen"
    language: str  # default language of its staff: "da" | "sv" | "en"
    chats: frozenset[tuple[str, str]] = frozenset()  # (channel, chat_id) that serve it; empty = none named


@dataclass(frozen=True)
class LogForm:
    """A complete request to log, as a form (Slack modal, the guided flow's confirm step) delivers it."""

    organisation: str
    type: str
    received: date | str
    via: str
    subject_ref: str


def encode_action(command: str, argument: str = "") -> str:
    """A button's payload: "command:argument"."""
    return f"{command}:{argument}"


def decode_action(payload: str) -> tuple[str, str]:
    """(command, argument) from a button payload ("" argument when there is none)."""
    command, _, argument = payload.partition(":")
    return command, argument


@dataclass
class Core:
    """Everything a chat user can do, channel-neutral."""

    answerer: Answerer
    engine: Engine
    clock: Clock
    access: Access = field(default_factory=Access)
    orgs: Mapping[str, OrgSettings] = field(default_factory=dict)  # slug → settings (empty: from the KB)

    def handle(self, msg: Incoming) -> Reply | None:
        """Reply to a text message: a /command, an answer in an open flow, or (private chat) a question.

        None: nothing to say (plain chatter in a group chat that is not addressed to the bot).
        """
        raise NotImplementedError

    def press(self, msg: Incoming, command: str, argument: str) -> Reply:
        """Reply to a button press (`msg.text` is empty); the adapter shows it in place of the pressed message."""
        raise NotImplementedError

    def submit_log(self, msg: Incoming, form: LogForm) -> Reply:
        """Log a request from a complete form; bad fields give an error Reply and store nothing."""
        raise NotImplementedError

    def open_list(self, msg: Incoming) -> Reply:
        """The open requests of the orgs this chat serves, by deadline (also the Slack App Home)."""
        raise NotImplementedError

    def language(self, msg: Incoming) -> str:
        """The reply language: the client's hint, else the chat's organisation's default, else English."""
        raise NotImplementedError

    def orgs_for(self, msg: Incoming) -> tuple[str, ...]:
        """The organisations this chat serves (all of them when configuration names none for it)."""
        raise NotImplementedError
