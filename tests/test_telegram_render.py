"""Reply → Telegram HTML: escaping, layout, keyboards and splitting, checked with the fake's Telegram-strict HTML parser."""

from __future__ import annotations

import pytest

from bot.render_html import MAX_TEXT, render, utf16_len
from handlers.core import decode_action
from handlers.reply import Action, Reply, Section
from tests.fake_telegram import EntityError, visible_text

HOSTILE = '<script>alert("x")</script> & <b>bold</b> &amp; 1 < 2 > 0'


def test_every_string_is_escaped_and_telegram_parses_it() -> None:
    """HTML in intro, heading, lines, note and outro is shown literally, never interpreted."""
    reply = Reply(
        "en",
        intro=HOSTILE,
        sections=(Section(heading=HOSTILE, lines=(HOSTILE, "plain"), note=HOSTILE, bullets=True),),
        outro=HOSTILE,
    )
    (message,) = render(reply)
    assert "<script>" not in message.text
    text = visible_text(message.text)
    assert text.count(HOSTILE) == 5
    assert "• plain" in text


def test_unescaped_html_would_be_refused_by_the_fake() -> None:
    """The fake parses like Telegram: raw user HTML is an error there, so the escaping tests can fail."""
    with pytest.raises(EntityError):
        visible_text(HOSTILE)
    with pytest.raises(EntityError):
        visible_text("<b>open")


def test_layout_headings_bold_notes_italic_paragraphs_apart() -> None:
    """Heading in <b>, the source note in <i>, paragraphs separated by a blank line, same text as plain()."""
    reply = Reply("da", intro="Svar:", sections=(Section("iMusic – fakturaer", ("5 år",), note="Kilde: politik, afsnit 4"),))
    (message,) = render(reply)
    assert message.text == "Svar:\n\n<b>iMusic – fakturaer</b>\n5 år\n<i>(Kilde: politik, afsnit 4)</i>"
    assert visible_text(message.text) == reply.plain()


def test_keyboard_from_actions_round_trips_through_decode_action() -> None:
    """Each action becomes a button whose payload decodes to (command, argument); short labels share a row."""
    actions = (Action("Done", "done", "DSR-2026-0001"), Action("Extend…", "extend", "DSR-2026-0001"), Action("Cancel", "cancel"))
    (message,) = render(Reply("en", intro="Reminder", actions=actions))
    buttons = [b for row in message.keyboard for b in row]
    assert [b.label for b in buttons] == ["Done", "Extend…", "Cancel"]
    assert [decode_action(b.payload) for b in buttons] == [("done", "DSR-2026-0001"), ("extend", "DSR-2026-0001"), ("cancel", "")]
    assert len(message.keyboard) == 1


def test_long_labels_get_their_own_rows_and_oversized_payloads_are_dropped(caplog: pytest.LogCaptureFixture) -> None:
    """A long label takes a row of its own; a payload over 64 bytes would be refused by Telegram, so it is left out."""
    actions = (
        Action("Received today", "log", "received:today"),
        Action("Received yesterday (Sunday)", "log", "received:yesterday"),
        Action("Too long", "log", "x" * 70),
    )
    (message,) = render(Reply("en", intro="When?", actions=actions))
    assert [[b.label for b in row] for row in message.keyboard] == [["Received today"], ["Received yesterday (Sunday)"]]
    assert "dropped" in caplog.text


def test_a_long_answer_is_split_within_the_limit_without_losing_text() -> None:
    """12,000+ characters of lines become several messages, each ≤ 4096, tags intact, nothing lost."""
    lines = tuple((f"Line {i}: " + "retention & deletion <rules> " * 12).strip() for i in range(40))
    reply = Reply("en", intro="Long", sections=(Section("Heading", lines, note="source"),), actions=(Action("More", "more"),))
    messages = render(reply)
    assert len(messages) >= 4
    assert all(utf16_len(m.text) <= MAX_TEXT for m in messages)
    assert all(not m.keyboard for m in messages[:-1]) and messages[-1].keyboard
    seen = "\n".join(visible_text(m.text) for m in messages)
    assert seen.replace("\n\n", "\n") == reply.plain().replace("\n\n", "\n")


def test_one_overlong_line_and_word_are_cut_inside_the_limit() -> None:
    """A single 10,000-character word, escaped to far more, is cut into parts that each fit."""
    word = "&<" * 5000
    messages = render(Reply("sv", sections=(Section("Rubrik", (word,)),)))
    assert all(utf16_len(m.text) <= MAX_TEXT for m in messages)
    assert len(messages) >= 3
    assert "".join(visible_text(m.text) for m in messages).replace("\n", "") == "Rubrik" + word


def test_limit_counts_utf16_code_units() -> None:
    """Emoji count twice (UTF-16), so a line of emoji splits earlier than its code-point length suggests."""
    line = "😀" * 3000  # 3000 code points, 6000 UTF-16 units
    messages = render(Reply("en", intro=line))
    assert len(messages) == 2
    assert all(utf16_len(m.text) <= MAX_TEXT for m in messages)


def test_empty_reply_renders_one_empty_message() -> None:
    """Nothing to say renders one empty text (the adapter never sends it: Core returns None instead)."""
    assert [m.text for m in render(Reply("en"))] == [""]
