"""The Slack channel's life cycle and timing: ack before the work, slow modal submissions, stop() letting
in-flight work finish, Socket Mode through the fake server's WebSocket, the notifier, and the app manifest."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError

import bot.slack
from bot.render_slack import SLASH_COMMAND
from bot.settings import ConfigError
from bot.slack import EVENTS_PATH, SlackChannel
from deadlines.register import counts, get_request
from deadlines.reminders import Destination, Reminder
from handlers.wording import t
from tests.slack_fixtures import (
    STAFF,
    STAFF_CHANNEL,
    Slack,
    answer,
    async_test,
    block_texts,
    db_url,  # noqa: F401  (fixture)
    log_one,
    no_proxy,  # noqa: F401  (autouse fixture)
    slack_bot,
)

MANIFEST = Path(__file__).resolve().parent.parent / "slack-manifest.yaml"


def hold(s: Slack, method: str) -> threading.Event:
    """Make the core's `method` wait (in its worker thread) until the returned event is set."""
    gate = threading.Event()
    real = getattr(s.channel.core, method)

    def held(*args: Any) -> Any:
        """The real method, once the gate opens."""
        assert gate.wait(20), "gate never opened"
        return real(*args)

    setattr(s.channel.core, method, held)
    return gate


def command_payload(s: Slack, text: str, name: str) -> dict[str, Any]:
    """A slash command's payload as Socket Mode delivers it."""
    return {
        "token": "legacy", "team_id": s.fake.team_id, "channel_id": STAFF_CHANNEL, "channel_name": "staff",
        "user_id": STAFF, "user_name": "anna", "command": SLASH_COMMAND, "text": text, "api_app_id": "A0GDPR",
        "response_url": s.fake.response_url(name), "trigger_id": s.fake.new_trigger(),
    }  # fmt: skip


def test_http_mode_needs_a_signing_secret() -> None:
    """Without an app-level token a signing secret is required; with one, Socket Mode."""
    with pytest.raises(ConfigError, match="slack.signing_secret"):
        SlackChannel(object(), "xoxb-1")  # type: ignore[arg-type]
    assert SlackChannel(object(), "xoxb-1", app_token="xapp-1").socket_mode  # type: ignore[arg-type]


@async_test
async def test_a_refused_bot_token_stops_the_start_with_a_config_error(db_url: str) -> None:
    """auth.test refusing the token at start: a ConfigError naming slack.bot_token."""
    from tests.fake_slack import FakeSlack

    async with FakeSlack() as fake:
        channel = SlackChannel(object(), "xoxb-revoked", signing_secret="s", base_url=fake.base_url, port=0)  # type: ignore[arg-type]
        with pytest.raises(ConfigError, match=r"slack.bot_token: Slack refused the token \(invalid_auth\)"):
            await channel.start()
        assert fake.of("auth.test")[0].token == "xoxb-revoked"


@async_test
async def test_a_slash_command_is_acked_before_the_core_has_answered(db_url: str) -> None:
    """The HTTP 200 comes while the core is still working; the answer follows."""
    async with slack_bot(db_url) as s:
        gate = hold(s, "handle")
        started = time.perf_counter()
        status_code, body, name = await s.command("help")
        acked = time.perf_counter() - started
        assert (status_code, body) == (200, "") and acked < 1.0
        assert s.fake.of("response_url") == []  # the core is still working
        gate.set()
        assert t("core.help.intro", "en") in (await answer(s, name)).params["text"]


@async_test
async def test_a_slow_log_submission_is_acked_in_time_and_its_result_follows(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A submission whose register call outlasts the ack budget is acked (modal closed); the result follows."""
    monkeypatch.setattr(bot.slack, "ACK_BUDGET", 0.2)
    async with slack_bot(db_url) as s:
        _, _, name = await s.command("log")
        opened = (await s.fake.wait("views.open"))[0]
        gate = hold(s, "submit_log")
        values = {"type": "access", "organisation": "imusic", "received": "2026-11-23", "via": "phone", "subject": "call 17"}
        assert await s.submit(opened, values) == (200, "")  # acked (modal closed) while the register waits
        gate.set()
        confirmation = await answer(s, name)
        assert confirmation.params["text"].startswith("DSR-2026-") and counts(s.engine)[0] == 1


@async_test
async def test_a_slow_duplicate_submission_is_answered_without_a_button_only_the_modal_could_honour(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A duplicate found after the ack budget (modal closed): the warning follows, without a "Log anyway" button."""
    monkeypatch.setattr(bot.slack, "ACK_BUDGET", 0.2)
    async with slack_bot(db_url) as s:
        existing = log_one(s, "order 1234")
        _, _, name = await s.command("log")
        opened = (await s.fake.wait("views.open"))[0]
        gate = hold(s, "submit_log")
        values = {"type": "erasure", "organisation": "imusic", "received": "2026-11-20", "via": "email", "subject": "order 1234"}
        assert await s.submit(opened, values) == (200, "")
        gate.set()
        warning = (await answer(s, name)).params
        assert t("core.log.duplicate", "en", ids=existing) in warning["text"]
        assert [b["type"] for b in warning["blocks"] if b["type"] == "actions"] == []
        assert counts(s.engine)[0] == 1


@async_test
async def test_stop_lets_in_flight_work_finish_and_then_refuses_connections(db_url: str) -> None:
    """stop() waits for a command still being answered, then the port is closed."""
    async with slack_bot(db_url) as s:
        gate = hold(s, "handle")
        _, _, name = await s.command("help")
        stopping = asyncio.ensure_future(s.channel.stop())
        await asyncio.sleep(0.1)
        assert not stopping.done()  # waiting for the held command
        gate.set()
        await stopping
        assert len(s.fake.of("response_url")) == 1  # its answer still went out
        with pytest.raises(aiohttp.ClientConnectionError):
            await s.command("help")


@async_test
async def test_socket_mode_handles_commands_events_and_buttons_over_the_websocket(db_url: str) -> None:
    """With an app-level token: commands, events (deduplicated) and buttons over the fake's WebSocket."""
    async with slack_bot(db_url, socket_mode=True) as s:
        assert s.fake.socket_connected and s.fake.of("apps.connections.open")[0].token == s.fake.app_token
        ack = await s.fake.socket_send("slash_commands", command_payload(s, "open", "sock1"))
        assert "envelope_id" in ack
        assert t("core.open.empty", "en") in (await answer(s, "sock1")).params["text"]
        mention = {
            "type": "app_mention",
            "user": STAFF,
            "channel": STAFF_CHANNEL,
            "text": f"<@{s.fake.bot_user_id}> how long do we keep invoices?",
            "ts": "1795000000.000300",
        }
        envelope = json.loads(s.event_body(mention, "Ev0SOCKET"))
        await s.fake.socket_send("events_api", envelope)
        await s.fake.socket_send("events_api", envelope)  # redelivered: handled once
        posted = (await s.fake.wait("chat.postMessage"))[0]
        assert posted.params["thread_ts"] == "1795000000.000300"
        ref = log_one(s)
        view = get_request(s.engine, s.clock, ref).request
        await s.channel.notifier.send_reminder(Reminder(view, "due", view.current_deadline, Destination("slack", STAFF_CHANNEL)))
        ts = next(ts for (c, ts), m in s.fake.messages.items() if c == STAFF_CHANNEL and ref in m["text"])
        block = next(b for b in s.fake.messages[(STAFF_CHANNEL, ts)]["blocks"] if b["type"] == "actions")
        done = block["elements"][0]
        payload = {
            "type": "block_actions", "user": {"id": STAFF, "username": "anna"}, "team": {"id": s.fake.team_id},
            "container": {"type": "message", "message_ts": ts, "channel_id": STAFF_CHANNEL}, "trigger_id": s.fake.new_trigger(),
            "channel": {"id": STAFF_CHANNEL}, "response_url": s.fake.response_url("sock2"),
            "actions": [{**done, "block_id": block["block_id"], "action_ts": "1.1"}],
        }  # fmt: skip
        await s.fake.socket_send("interactive", payload)
        update = (await s.fake.wait("chat.update"))[0]
        assert t("register.reply.closed_done", "en", id=ref) in update.params["text"]
        await s.channel.idle()
        assert len(s.fake.of("chat.postMessage")) == 2  # the answer and the reminder, nothing twice
    assert not s.fake.socket_connected


@async_test
async def test_the_notifier_sends_digests_retries_rate_limits_and_raises_on_failure(db_url: str) -> None:
    """The notifier posts a digest after a 429 (retried) and raises SlackApiError when Slack refuses."""
    async with slack_bot(db_url) as s:
        ref = log_one(s)
        view = get_request(s.engine, s.clock, ref).request
        s.fake.fail("chat.postMessage", "ratelimited", status=429, retry_after=0)
        await s.channel.notifier.send_digest(Destination("slack", STAFF_CHANNEL), (view,), "da")
        posted = s.fake.of("chat.postMessage")
        assert len(posted) == 2 and ref in block_texts(posted[-1].params["blocks"])
        s.fake.fail("chat.postMessage", "channel_not_found")
        with pytest.raises(SlackApiError):
            await s.channel.notifier.send_reminder(Reminder(view, "due", view.current_deadline, Destination("slack", "C0GONE")))


# --- the app manifest --------------------------------------------------------------------------------


def _scalar(text: str) -> Any:
    """A YAML plain or quoted scalar (the manifest's subset: text and booleans)."""
    if text[:1] in "\"'" and text[-1:] == text[:1]:
        return text[1:-1]
    return {"true": True, "false": False}.get(text, text)


def _block(lines: list[tuple[int, str]], i: int, indent: int) -> tuple[Any, int]:
    """Parse the block-style map or list starting at line i (the manifest's YAML subset)."""
    if lines[i][1].startswith("- "):
        items: list[Any] = []
        while i < len(lines) and lines[i][0] == indent and lines[i][1].startswith("- "):
            item = lines[i][1][2:]
            if ": " in item or item.endswith(":"):
                lines[i] = (indent + 2, item)
                value, i = _block(lines, i, indent + 2)
            else:
                value, i = _scalar(item), i + 1
            items.append(value)
        return items, i
    mapping: dict[str, Any] = {}
    while i < len(lines) and lines[i][0] == indent and not lines[i][1].startswith("- "):
        key, _, rest = lines[i][1].partition(":")
        i += 1
        if rest.strip():
            mapping[key] = _scalar(rest.strip())
        elif i < len(lines) and lines[i][0] > indent:
            mapping[key], i = _block(lines, i, lines[i][0])
        else:
            mapping[key] = None
    return mapping, i


def read_manifest() -> dict[str, Any]:
    """slack-manifest.yaml, parsed."""
    lines = [
        (len(raw) - len(raw.lstrip()), raw.strip())
        for raw in MANIFEST.read_text().splitlines()
        if raw.strip() and not raw.lstrip().startswith("#")
    ]
    manifest, end = _block(lines, 0, 0)
    assert end == len(lines)
    return manifest


def test_the_manifest_declares_what_the_channel_listens_to() -> None:
    """The manifest's scopes, command, events, interactivity and App Home match what the channel serves."""
    m = read_manifest()
    assert set(m["oauth_config"]["scopes"]["bot"]) >= {"commands", "chat:write", "app_mentions:read", "im:history"}
    (command,) = m["features"]["slash_commands"]
    assert command["command"] == SLASH_COMMAND and command["url"].endswith(EVENTS_PATH)
    assert command["should_escape"] is False
    events = m["settings"]["event_subscriptions"]
    assert set(events["bot_events"]) == {"app_home_opened", "app_mention", "message.im"}
    assert events["request_url"].endswith(EVENTS_PATH)
    assert m["settings"]["interactivity"] == {"is_enabled": True, "request_url": events["request_url"]}
    assert m["settings"]["socket_mode_enabled"] is False
    home = m["features"]["app_home"]
    assert (
        home["home_tab_enabled"] is True
        and home["messages_tab_enabled"] is True
        and home["messages_tab_read_only_enabled"] is False
    )
    assert len(m["display_information"]["name"]) <= 35 and len(m["features"]["bot_user"]["display_name"]) <= 80
