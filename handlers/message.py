"""The channel-neutral incoming message every adapter builds from its chat update."""

from __future__ import annotations

from dataclasses import dataclass

CHANNELS: tuple[str, ...] = ("console", "telegram", "slack")


@dataclass(frozen=True, slots=True)
class Incoming:
    """One message (or button press) from a chat user, stripped of everything channel-specific."""

    channel: str  # one of CHANNELS
    chat_id: str  # Telegram chat id, Slack channel/DM id, "console"
    user_id: str  # Telegram user id, Slack user id, the console's login name
    user_name: str = ""  # display name for the audit trail ("" → user_id)
    text: str = ""
    language: str | None = None  # the client's language hint (Telegram language_code "da", "sv-SE" …)
    private: bool = True  # a one-to-one chat with the bot (plain text there is a question)

    @property
    def actor_name(self) -> str:
        """How the audit trail names the user: "telegram:Anna (12345)"."""
        name = self.user_name.strip() or self.user_id
        return f"{self.channel}:{name} ({self.user_id})" if name != self.user_id else f"{self.channel}:{self.user_id}"
