"""Reply → Telegram messages in HTML parse mode: every string escaped, buttons from the actions, split at 4096.

Telegram allows 4096 characters per message (counted after entity parsing, in UTF-16 code units).
The raw HTML is never shorter than what Telegram counts, so keeping the raw HTML of each message
within the limit is safe. Messages are split between paragraphs and lines where possible, inside a
line only at spaces (or anywhere, for one overlong word); tags never straddle two messages. The
inline keyboard goes with the last message.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass

from handlers.core import encode_action
from handlers.reply import Action, Reply

log = logging.getLogger("gdpr_bot.telegram")

MAX_TEXT = 4096  # Telegram's limit for one message's text
MAX_CALLBACK_BYTES = 64  # Telegram's limit for a button's callback_data
ROW_BUTTONS = 3  # at most this many buttons side by side
ROW_LABEL_CHARS = 30  # … and at most this many label characters in one row
_TOKENS = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True, slots=True)
class Button:
    """An inline keyboard button: the label the user sees and the callback payload Core decodes."""

    label: str
    payload: str


@dataclass(frozen=True, slots=True)
class HtmlMessage:
    """One Telegram message: HTML text and the inline keyboard rows (empty: no keyboard)."""

    text: str
    keyboard: tuple[tuple[Button, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class _Line:
    """A line of plain text and the tag it is wrapped in ("" for none)."""

    text: str
    tag: str = ""


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def render(reply: Reply, limit: int = MAX_TEXT) -> tuple[HtmlMessage, ...]:
    """The reply as one or more HTML messages, each at most `limit` long; the keyboard on the last."""
    units = [
        (sep if i == 0 else " ", piece)  # a line cut in pieces joins back with a space
        for sep, line in _lines(reply)
        for i, piece in enumerate(_wrap_line(line, limit))
    ]
    texts = _pack(units, limit)
    keyboard = keyboard_rows(reply.actions)
    return tuple(HtmlMessage(text, keyboard if i == len(texts) - 1 else ()) for i, text in enumerate(texts))


def _lines(reply: Reply) -> list[tuple[str, _Line]]:
    """(separator before, line) for every non-empty line of the reply: paragraphs apart by a blank line."""
    paragraphs: list[list[_Line]] = []
    if reply.intro:
        paragraphs.append([_Line(reply.intro)])
    for section in reply.sections:
        block = [_Line(section.heading, "b")] if section.heading else []
        block += [_Line(f"• {line}" if section.bullets else line) for line in section.lines]
        if section.note:
            block.append(_Line(f"({section.note})", "i"))
        paragraphs.append(block)
    if reply.outro:
        paragraphs.append([_Line(reply.outro)])
    out: list[tuple[str, _Line]] = []
    for block in paragraphs:
        lines = [_Line(line.text.strip(), line.tag) for line in block if line.text.strip()]
        out += [("\n\n" if i == 0 else "\n", line) for i, line in enumerate(lines)]
    return out


def _wrap_line(line: _Line, limit: int) -> list[str]:
    """The line as escaped HTML pieces, each (with its tags) at most `limit` long."""
    opening, closing = (f"<{line.tag}>", f"</{line.tag}>") if line.tag else ("", "")
    budget = limit - len(opening) - len(closing)
    return [f"{opening}{html.escape(piece, quote=False)}{closing}" for piece in _split_plain(line.text, budget)]


def _split_plain(text: str, budget: int) -> list[str]:
    """`text` cut into pieces whose escaped form is at most `budget` long, at spaces where possible."""
    if _escaped_len(text) <= budget:  # nearly every line: nothing to cut
        return [text]
    pieces: list[list[str]] = [[]]
    size = 0
    for token in _TOKENS.findall(text):
        parts = list(token) if _escaped_len(token) > budget else [token]  # an overlong word: cut anywhere
        for part in parts:
            part_size = _escaped_len(part)
            if pieces[-1] and size + part_size > budget:
                pieces.append([])
                size = 0
            pieces[-1].append(part)
            size += part_size
    return [text for text in ("".join(piece).strip() for piece in pieces) if text]


def _escaped_len(text: str) -> int:
    """Telegram length of the escaped text."""
    return utf16_len(html.escape(text, quote=False))


def _pack(units: list[tuple[str, str]], limit: int) -> list[str]:
    """Join (separator, html) units into as few texts as fit the limit; separators at a cut are dropped."""
    texts: list[str] = []
    current = ""
    for sep, piece in units:
        candidate = f"{current}{sep}{piece}" if current else piece
        if current and utf16_len(candidate) > limit:
            texts.append(current)
            candidate = piece
        current = candidate
    if current or not texts:
        texts.append(current)
    return texts


def keyboard_rows(actions: tuple[Action, ...]) -> tuple[tuple[Button, ...], ...]:
    """Inline keyboard rows for the actions: short labels side by side, long ones alone."""
    rows: list[list[Button]] = []
    width = 0
    for action in actions:
        button = _button(action)
        if button is None:
            continue
        if rows and len(rows[-1]) < ROW_BUTTONS and width + len(button.label) <= ROW_LABEL_CHARS:
            rows[-1].append(button)
            width += len(button.label)
        else:
            rows.append([button])
            width = len(button.label)
    return tuple(tuple(row) for row in rows)


def _button(action: Action) -> Button | None:
    """The action as a button; None (logged) when its payload exceeds Telegram's 64 bytes."""
    payload = encode_action(action.command, action.argument)
    if len(payload.encode("utf-8")) > MAX_CALLBACK_BYTES:
        log.error("button %r dropped: its payload is %d bytes (Telegram allows 64)", action.command, len(payload.encode()))
        return None
    return Button(action.label, payload)
