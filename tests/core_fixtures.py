"""Fixtures and helpers for the chat core's tests (tests/test_core*.py, tests/test_console.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from handlers.access import Access
from handlers.core import Core, OrgSettings
from handlers.message import Incoming
from handlers.reply import Action, Reply

STAFF_ID = "111"
OUTSIDER_ID = "999"
GROUP_CHAT = "-100200"  # a Telegram group that serves imusic only (Danish)
SWEDISH_CHAT = "-100300"  # a Telegram group that serves javi only (Swedish)
MAX_PAYLOAD_BYTES = 64


def staff_access() -> Access:
    """Telegram staff: user STAFF_ID, in any chat; questions open on Slack only."""
    return Access(staff={"telegram": frozenset({STAFF_ID}), "slack": frozenset({"U1"})})


def org_settings() -> dict[str, OrgSettings]:
    """imusic (DK, da) served by GROUP_CHAT; javi (SE, sv) by SWEDISH_CHAT; finderskeepers by no chat."""
    return {
        "imusic": OrgSettings("imusic", "DK", "Europe/Copenhagen", "da", frozenset({("telegram", GROUP_CHAT)})),
        "javi": OrgSettings("javi", "SE", "Europe/Stockholm", "sv", frozenset({("telegram", SWEDISH_CHAT)})),
        "finderskeepers": OrgSettings("finderskeepers", "DK", "Europe/Copenhagen", "da"),
    }


@dataclass
class Chat:
    """A test conversation partner: sends text and presses buttons as one user in one chat."""

    core: Core
    channel: str = "telegram"
    chat_id: str = "5001"
    user_id: str = STAFF_ID
    user_name: str = "Anna"
    language: str | None = "en"
    private: bool = True
    seen: list[Reply] = field(default_factory=list)

    def msg(self, text: str = "") -> Incoming:
        """The Incoming for `text` from this user in this chat."""
        return Incoming(self.channel, self.chat_id, self.user_id, self.user_name, text, self.language, self.private)

    def say(self, text: str) -> Reply | None:
        """Send a text message; the reply (checked for payload sizes)."""
        return self._keep(self.core.handle(self.msg(text)))

    def reply(self, text: str) -> Reply:
        """Send a text message that must get a reply."""
        reply = self.say(text)
        assert reply is not None, f"no reply to {text!r}"
        return reply

    def press(self, command: str, argument: str = "") -> Reply:
        """Press a button."""
        reply = self._keep(self.core.press(self.msg(), command, argument))
        assert reply is not None
        return reply

    def press_label(self, reply: Reply, label: str) -> Reply:
        """Press the button of `reply` with this label."""
        return self.press_action(button(reply, label))

    def press_action(self, action: Action) -> Reply:
        """Press one of the offered buttons."""
        return self.press(action.command, action.argument)

    def _keep(self, reply: Reply | None) -> Reply | None:
        """Remember the reply and check its buttons fit Telegram's callback_data."""
        if reply is not None:
            self.seen.append(reply)
            for action in reply.actions:
                assert len(f"{action.command}:{action.argument}".encode()) <= MAX_PAYLOAD_BYTES, action
        return reply


def button(reply: Reply, label: str) -> Action:
    """The action of `reply` labelled `label` (fails listing the labels when there is none)."""
    for action in reply.actions:
        if action.label == label:
            return action
    raise AssertionError(f"no button {label!r} in {[a.label for a in reply.actions]}")


def labels(reply: Reply) -> list[str]:
    """The button labels of a reply."""
    return [a.label for a in reply.actions]


@pytest.fixture
def core(register_db: Any, register_clock: Any) -> Iterator[Core]:
    """A Core over a migrated register (SQLite, and PostgreSQL when configured) with configured orgs."""
    from knowledge.answer import default_answerer

    yield Core(default_answerer(), register_db.engine, register_clock, staff_access(), org_settings())


@pytest.fixture
def kb_core(register_db: Any, register_clock: Any) -> Iterator[Core]:
    """A Core with no organisation settings: every knowledge-base organisation is served everywhere."""
    from knowledge.answer import default_answerer

    yield Core(default_answerer(), register_db.engine, register_clock, staff_access())


@pytest.fixture
def staff(core: Core) -> Chat:
    """A staff member in a private Telegram chat (client language English)."""
    return Chat(core)


@pytest.fixture
def outsider(core: Core) -> Chat:
    """Someone not on the staff allowlist, in a private Telegram chat."""
    return Chat(core, user_id=OUTSIDER_ID, user_name="Mallory")


def stored(core: Core) -> int:
    """How many requests the register holds."""
    from deadlines.register import counts

    return counts(core.engine)[0]
