"""Who may do what: staff allowlists and allowed chats per channel, from configuration."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from handlers.message import Incoming


@dataclass(frozen=True)
class Access:
    """Allowlists per channel. The console is local and always staff.

    - `staff[channel]`: user ids allowed to use the register (log, open, show, pause, …).
    - `chats[channel]`: group chats where register commands work; empty = any chat (for staff).
      A staff member's private chat with the bot (a DM, the Slack App Home) always works.
    - `open_questions`: channels where anyone may ask questions; elsewhere only staff may.
    """

    staff: Mapping[str, frozenset[str]] = field(default_factory=dict)
    chats: Mapping[str, frozenset[str]] = field(default_factory=dict)
    open_questions: frozenset[str] = frozenset({"slack"})

    def is_staff(self, msg: Incoming) -> bool:
        """Whether the sender may use the register from this chat."""
        if msg.channel == "console":
            return True
        if msg.user_id not in self.staff.get(msg.channel, frozenset()):
            return False
        allowed = self.chats.get(msg.channel, frozenset())
        return msg.private or not allowed or msg.chat_id in allowed

    def may_ask(self, msg: Incoming) -> bool:
        """Whether the sender may ask questions about the policies."""
        return msg.channel in self.open_questions or self.is_staff(msg)
