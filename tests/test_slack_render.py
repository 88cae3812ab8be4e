"""Slack rendering: mrkdwn escaping of every user and knowledge-base string, Slack's size limits (checked
by the fake server's Block Kit validator), the modals in every language, and the adapter's text helpers."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from bot.render_slack import (
    MESSAGE_BLOCKS,
    SECTION_TEXT,
    escape,
    extend_modal,
    home_view,
    log_modal,
    pack_metadata,
    render,
    reply_modal,
    slack_commands,
    unpack_metadata,
    view_values,
)
from bot.slack import EventMemory, command_text, from_slack, mention_text
from deadlines.clock import FixedClock
from handlers.core import decode_action
from handlers.reply import Action, Reply, Section
from handlers.wording import LANGUAGES
from tests.fake_slack import MESSAGE_BLOCKS as SLACK_MESSAGE_BLOCKS
from tests.fake_slack import blocks_errors, view_errors

HOSTILE = "<!channel> & <https://evil.example|click> <@U0BOSS> a>b"
_ENTITY_OR_PLAIN = re.compile(r"&(?!amp;|lt;|gt;)")


def mrkdwn_texts(blocks: list[dict[str, Any]]) -> list[str]:
    """Every mrkdwn string in a list of blocks."""
    found: list[str] = []
    for block in blocks:
        for obj in [block.get("text"), *block.get("elements", [])]:
            if isinstance(obj, dict) and obj.get("type") == "mrkdwn":
                found.append(obj["text"])
    return found


def assert_escaped(text: str) -> None:
    """No raw <, > and no & that does not start one of Slack's three entities."""
    assert "<" not in text and ">" not in text, text
    assert not _ENTITY_OR_PLAIN.search(text), text


def hostile_reply(**kw: Any) -> Reply:
    """A reply with the hostile string in every field."""
    section = Section(heading=HOSTILE, lines=(HOSTILE, f"x {HOSTILE}"), note=HOSTILE, bullets=True)
    return Reply(
        "en", intro=HOSTILE, sections=(section,), outro=HOSTILE, actions=(Action(HOSTILE, "done", "DSR-2026-0001"),), **kw
    )


def test_escape_covers_the_three_characters_and_nothing_else() -> None:
    """&, < and > become entities; mrkdwn formatting and other characters stay."""
    assert escape("a & b <c> æøå *bold* _x_") == "a &amp; b &lt;c&gt; æøå *bold* _x_"
    assert escape("&amp;") == "&amp;amp;"  # a literal entity typed by a user stays literal


@pytest.mark.parametrize("error", [False, True])
def test_every_mrkdwn_string_of_a_reply_is_escaped(error: bool) -> None:
    """Intro, heading, lines, note, outro and the fallback text: nothing raw that Slack would parse."""
    text, blocks = render(hostile_reply(error=error))
    assert_escaped(text)
    texts = mrkdwn_texts(blocks)
    assert len(texts) == 4  # intro, heading with lines, note, outro
    for chunk in texts:
        assert_escaped(chunk)
    assert escape(HOSTILE) in text
    assert blocks_errors(blocks, SLACK_MESSAGE_BLOCKS) == []


def test_buttons_show_their_label_verbatim_and_carry_command_and_argument() -> None:
    """A button label is plain_text (shown as typed); its value decodes to (command, argument)."""
    _, blocks = render(hostile_reply())
    button = blocks[-1]["elements"][0]
    assert button["text"] == {"type": "plain_text", "text": HOSTILE, "emoji": True}
    assert decode_action(button["value"]) == ("done", "DSR-2026-0001")


def test_a_long_line_is_split_into_sections_within_slacks_limit_without_breaking_an_entity() -> None:
    """10,000 characters: sections of at most 3,000, no entity cut in two, nothing lost."""
    line = ("Hello & <world> " * 800)[:10_000]
    _, blocks = render(Reply("en", intro=line))
    texts = mrkdwn_texts(blocks)
    assert len(texts) >= 4
    for chunk in texts:
        assert len(chunk) <= SECTION_TEXT
        assert_escaped(chunk)
    restored = "".join(texts).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    assert restored == line
    assert blocks_errors(blocks, SLACK_MESSAGE_BLOCKS) == []


def test_a_reply_with_too_many_sections_is_cut_to_fifty_blocks_and_keeps_its_buttons() -> None:
    """80 sections and 30 buttons: 50 blocks, a 'shortened' note, both actions blocks kept."""
    sections = tuple(Section(heading=f"Part {i}", lines=(f"line {i}",)) for i in range(80))
    actions = tuple(Action(f"DSR-2026-{i:04d}", "show", f"DSR-2026-{i:04d}") for i in range(30))
    _, blocks = render(Reply("da", sections=sections, actions=actions))
    assert len(blocks) == MESSAGE_BLOCKS
    assert [b["type"] for b in blocks[-2:]] == ["actions", "actions"]  # 30 buttons: 25 + 5
    assert "forkortet" in blocks[-3]["elements"][0]["text"]
    assert blocks_errors(blocks, SLACK_MESSAGE_BLOCKS) == []


def test_the_core_commands_are_written_as_slack_subcommands() -> None:
    """/done → /gdpr done; look-alikes (and/or, /doner, URLs) untouched."""
    assert slack_commands("/done ID [NOTE] or /help") == "/gdpr done ID [NOTE] or /gdpr help"
    assert slack_commands("and/or /doner /gdpr done x https://a/b/open") == "and/or /doner /gdpr done x https://a/b/open"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_modals_and_home_fit_slacks_limits_in_every_language(lang: str) -> None:
    """Log, extend and reply modals and the home pass the fake's Block Kit checks in da, sv and en."""
    orgs = {"imusic": "iMusic & <Co>", "javi": "JAVI"}
    log = log_modal(lang, orgs, date(2026, 11, 23), pack_metadata({"channel": "C1"}), error=HOSTILE)
    assert view_errors(log) == []
    assert_escaped(log["blocks"][0]["text"]["text"])
    assert "initial_option" not in log["blocks"][2]["element"]  # two organisations: none preselected
    assert view_errors(extend_modal(lang, HOSTILE, "{}", error=HOSTILE)) == []
    for text in mrkdwn_texts(extend_modal(lang, HOSTILE, "{}")["blocks"]):
        assert_escaped(text)
    assert view_errors(home_view(hostile_reply(), log_button=True)) == []
    assert view_errors(reply_modal(hostile_reply())) == []


def test_view_values_reads_selects_dates_and_text() -> None:
    """A submitted view's state: selected options, picked dates and typed text by block id."""
    view = {"state": {"values": {
        "type": {"value": {"type": "static_select", "selected_option": {"value": "erasure"}}},
        "received": {"value": {"type": "datepicker", "selected_date": "2026-11-20"}},
        "subject": {"value": {"type": "plain_text_input", "value": "<order> 12"}},
        "via": {"value": {"type": "static_select", "selected_option": None}},
    }}}  # fmt: skip
    assert view_values(view) == {"type": "erasure", "received": "2026-11-20", "subject": "<order> 12", "via": ""}


def test_metadata_round_trips_and_drops_the_response_url_when_too_long() -> None:
    """private_metadata survives the round trip and stays within Slack's 3,000 characters."""
    data = {"kind": "command", "channel": "C1", "response_url": "https://hooks.slack.com/" + "x" * 200}
    assert unpack_metadata(pack_metadata(data)) == data
    huge = pack_metadata({**data, "response_url": "x" * 4000})
    assert len(huge) <= 3000 and "response_url" not in json.loads(huge)
    assert unpack_metadata("not json") == {} and unpack_metadata(None) == {}


def test_slack_encoding_is_undone_for_the_core() -> None:
    """Slack's links, mentions and entities become the text the person typed."""
    assert (
        from_slack("<mailto:kunde@example.dk|kunde@example.dk> &lt;b&gt; &amp;amp; <tel:+4512345678>")
        == "kunde@example.dk <b> &amp; +4512345678"
    )
    assert command_text("") == "/help" and command_text(" /done  X note ") == "/done  X note"
    assert mention_text("<@UBOT> hvor længe gemmer vi fakturaer?", "UBOT") == "/ask hvor længe gemmer vi fakturaer?"
    assert mention_text("<@UBOT> /open", "UBOT") == "/open"
    assert mention_text("  <@UBOT>  ", "UBOT") == "/help"
    assert mention_text("<@UOTHER> hi", None) == "/ask hi"


def test_event_memory_forgets_after_an_hour_and_stays_bounded() -> None:
    """An event id is remembered for an hour, and the memory has a size limit."""
    clock = FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    memory = EventMemory(clock, size=3)
    assert memory.first("Ev1") and not memory.first("Ev1")
    clock.advance(timedelta(minutes=59))
    assert not memory.first("Ev1")
    clock.advance(timedelta(minutes=2))
    assert memory.first("Ev1")
    for i in range(2, 6):
        assert memory.first(f"Ev{i}")
    assert len(memory._seen) <= 3
