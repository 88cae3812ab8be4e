"""Channel-neutral replies: what a handler returns and every adapter renders (plain, HTML, mrkdwn)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Action:
    """A button the channel may offer (e.g. "Done", "Extend…"): a label and the command it runs."""

    label: str
    command: str
    argument: str = ""


@dataclass(frozen=True, slots=True)
class Section:
    """A block of the reply: an optional heading, lines (bullets when `bullets`), and a small note (the source)."""

    heading: str | None = None
    lines: tuple[str, ...] = ()
    note: str | None = None
    bullets: bool = False


@dataclass(frozen=True, slots=True)
class Reply:
    """A reply in one language: an intro, sections, an outro, and optional actions."""

    language: str
    intro: str | None = None
    sections: tuple[Section, ...] = ()
    outro: str | None = None
    actions: tuple[Action, ...] = field(default_factory=tuple)
    error: bool = False

    def plain(self) -> str:
        """The reply as plain text (console, CLI, logs of the bot's own wording)."""
        parts: list[str] = []
        if self.intro:
            parts.append(self.intro)
        for section in self.sections:
            block: list[str] = []
            if section.heading:
                block.append(section.heading)
            block += [f"• {line}" if section.bullets else line for line in section.lines]
            if section.note:
                block.append(f"({section.note})")
            parts.append("\n".join(block))
        if self.outro:
            parts.append(self.outro)
        return "\n\n".join(parts)
