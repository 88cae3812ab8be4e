"""Fixtures for the Slack tests: the fake Web API, the real SlackChannel (Bolt) around a real Core and
register, and a client that sends Slack's requests to it, really signed (v0 HMAC-SHA256)."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import hmac
import itertools
import json
import time
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, TypeVar
from urllib.parse import urlencode

import aiohttp
import pytest

from bot.slack import EVENTS_PATH, SlackChannel
from deadlines.clock import FixedClock
from deadlines.register import Actor, get_request, log_request
from deadlines.reminders import Destination, Reminder
from handlers.access import Access
from handlers.core import OrgSettings
from tests.fake_slack import Call, FakeSlack

T = TypeVar("T")

SLACK_NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday 23 Nov 2026, 10:00 in Copenhagen
SIGNING_SECRET = "3f1c9a0b7d5e4c2a8b6f0e1d2c3b4a59"
STAFF = "U0ANNA"  # on the staff list
STAFF_SV = "U0SVEN"
OUTSIDER = "U0MALLORY"  # a workspace member who is not staff
STAFF_CHANNEL = "C0IMUSIC"  # serves imusic (its staff write English)
SWEDISH_CHANNEL = "C0JAVI"  # serves javi (Swedish)
STAFF_DM = "D0ANNA"  # Anna's DM with the bot
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


def run(coro: Coroutine[Any, Any, T], timeout: float = 60.0) -> T:
    """Run one async test body in a fresh event loop, with an overall timeout."""
    return asyncio.run(asyncio.wait_for(coro, timeout))


def async_test(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test function in a fresh event loop (its fixtures are resolved as usual)."""

    @functools.wraps(test)
    def runner(*args: Any, **kwargs: Any) -> None:
        """The test, run to completion."""
        run(test(*args, **kwargs))

    return runner


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """slack_sdk takes HTTP(S)_PROXY from the environment (and AsyncWebClient ignores NO_PROXY)."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def slack_access(*, open_questions: bool = True) -> Access:
    """Anna and Sven are Slack staff in any channel; questions open to the workspace unless told otherwise."""
    return Access(
        staff={"slack": frozenset({STAFF, STAFF_SV})}, open_questions=frozenset({"slack"}) if open_questions else frozenset()
    )


def slack_orgs() -> dict[str, OrgSettings]:
    """imusic (DK, English-speaking staff) in STAFF_CHANNEL; javi (SE, Swedish) in SWEDISH_CHANNEL."""
    return {
        "imusic": OrgSettings("imusic", "DK", "Europe/Copenhagen", "en", frozenset({("slack", STAFF_CHANNEL)})),
        "javi": OrgSettings("javi", "SE", "Europe/Stockholm", "sv", frozenset({("slack", SWEDISH_CHANNEL)})),
    }


def signature(secret: str, timestamp: str, body: str) -> str:
    """Slack's request signature: v0= + HMAC-SHA256(secret, "v0:{timestamp}:{body}")."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def find_button(blocks: list[dict[str, Any]], label: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(actions block, button) of the button labelled `label` (fails listing the labels)."""
    seen: list[str] = []
    for block in blocks:
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            seen.append(element["text"]["text"])
            if element["text"]["text"] == label:
                return block, element
    raise AssertionError(f"no button {label!r} in {seen}")


def block_texts(blocks: list[dict[str, Any]]) -> str:
    """All text of a list of blocks, joined (sections, headers, contexts)."""
    parts: list[str] = []
    for block in blocks:
        if "text" in block:
            parts.append(block["text"]["text"])
        parts += [e["text"] for e in block.get("elements", []) if e.get("type") in ("mrkdwn", "plain_text")]
    return "\n".join(parts)


@dataclass
class Slack:
    """What a test drives: the fake Web API, the running channel, the register, and a signing client."""

    fake: FakeSlack
    channel: SlackChannel
    engine: Any
    clock: FixedClock
    http: aiohttp.ClientSession
    secret: str = SIGNING_SECRET
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def url(self) -> str:
        """The running app's request URL."""
        return f"http://127.0.0.1:{self.channel.port}{EVENTS_PATH}"

    async def post(
        self, body: str, content_type: str, *, age: float = 0, secret: str | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, str]:
        """POST a body signed as Slack does (`age` seconds old, with `secret`); (status, response text)."""
        timestamp = str(int(time.time() - age))
        signed = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": signature(secret or self.secret, timestamp, body),
            **(headers or {}),
        }
        async with self.http.post(self.url, data=body.encode(), headers=signed) as response:
            return response.status, await response.text()

    async def command(
        self, text: str, *, user: str = STAFF, channel: str = STAFF_CHANNEL, name: str = "anna", **kw: Any
    ) -> tuple[int, str, str]:
        """Send `/gdpr text`; (status, body, the name of its response URL in the fake)."""
        n = next(self._ids)
        fields = {
            "token": "legacy-verification-token", "team_id": self.fake.team_id, "team_domain": "gdpr-test",
            "channel_id": channel, "channel_name": "directmessage" if channel.startswith("D") else "staff",
            "user_id": user, "user_name": name, "command": "/gdpr", "text": text, "api_app_id": "A0GDPR",
            "is_enterprise_install": "false", "response_url": self.fake.response_url(f"cmd{n}"),
            "trigger_id": self.fake.new_trigger(),
        }  # fmt: skip
        status, body = await self.post(urlencode(fields), "application/x-www-form-urlencoded", **kw)
        return status, body, f"cmd{n}"

    def event_body(self, event: dict[str, Any], event_id: str | None = None) -> str:
        """An Events API envelope around `event`."""
        envelope = {
            "token": "legacy-verification-token", "team_id": self.fake.team_id, "api_app_id": "A0GDPR",
            "event": {"event_ts": event.get("ts", f"{time.time():.6f}"), **event}, "type": "event_callback",
            "event_id": event_id or f"Ev{next(self._ids):08d}", "event_time": int(time.time()),
            "authorizations": [{"team_id": self.fake.team_id, "user_id": self.fake.bot_user_id, "is_bot": True}],
        }  # fmt: skip
        return json.dumps(envelope)

    async def event(self, event: dict[str, Any], event_id: str | None = None, retry: int | None = None) -> tuple[int, str]:
        """Deliver one event (a retry carries X-Slack-Retry-Num)."""
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else None
        return await self.post(self.event_body(event, event_id), "application/json", headers=headers)

    async def interact(self, payload: dict[str, Any]) -> tuple[int, str]:
        """Send an interactivity payload (form field `payload`, as Slack does)."""
        return await self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")

    def _user(self, user: str) -> dict[str, str]:
        """The user object of an interactivity payload."""
        return {"id": user, "username": user.lower(), "name": user.lower(), "team_id": self.fake.team_id}

    async def press_in_message(
        self, channel: str, ts: str, label: str, *, user: str = STAFF, ephemeral_url: str | None = None
    ) -> tuple[int, str]:
        """Press the button labelled `label` of a message the bot posted (or of an ephemeral answer)."""
        blocks = self.fake.messages[(channel, ts)]["blocks"] if ephemeral_url is None else self._ephemeral_blocks(ephemeral_url)
        block, button = find_button(blocks, label)
        container = {"type": "message", "message_ts": ts, "channel_id": channel, "is_ephemeral": ephemeral_url is not None}
        payload = {
            "type": "block_actions", "user": self._user(user), "api_app_id": "A0GDPR", "token": "legacy",
            "container": container, "trigger_id": self.fake.new_trigger(), "team": {"id": self.fake.team_id},
            "channel": {"id": channel, "name": "staff"}, "message": {"ts": ts, "blocks": blocks},
            "response_url": ephemeral_url or self.fake.response_url(f"msg{next(self._ids)}"),
            "actions": [{**button, "block_id": block["block_id"], "action_ts": f"{time.time():.6f}"}],
        }  # fmt: skip
        return await self.interact(payload)

    def _ephemeral_blocks(self, name: str) -> list[dict[str, Any]]:
        """The blocks of the last ephemeral answer posted to the response URL `name`."""
        return [c for c in self.fake.of("response_url") if c.path == name][-1].params["blocks"]

    async def press_in_view(self, view: dict[str, Any], view_id: str, label: str, *, user: str = STAFF) -> tuple[int, str]:
        """Press the button labelled `label` in a published home tab or an open modal."""
        block, button = find_button(view["blocks"], label)
        payload = {
            "type": "block_actions", "user": self._user(user), "api_app_id": "A0GDPR", "token": "legacy",
            "container": {"type": "view", "view_id": view_id}, "trigger_id": self.fake.new_trigger(),
            "team": {"id": self.fake.team_id}, "view": {**view, "id": view_id},
            "actions": [{**button, "block_id": block["block_id"], "action_ts": f"{time.time():.6f}"}],
        }  # fmt: skip
        return await self.interact(payload)

    async def submit(self, opened: Call | dict[str, Any], values: dict[str, Any], *, user: str = STAFF) -> tuple[int, str]:
        """Submit a modal (captured views.open/push, or a view acked back) with `values` by block id (checkboxes: a list)."""
        view = opened.params["view"] if isinstance(opened, Call) else opened
        state: dict[str, Any] = {}
        for block in view["blocks"]:
            if block.get("type") != "input" or block["block_id"] not in values:
                continue
            element, value = block["element"], values[block["block_id"]]
            if element["type"] == "static_select":
                chosen = next(o for o in element["options"] if o["value"] == value)
                state[block["block_id"]] = {"value": {"type": "static_select", "selected_option": chosen}}
            elif element["type"] == "datepicker":
                state[block["block_id"]] = {"value": {"type": "datepicker", "selected_date": value}}
            elif element["type"] == "checkboxes":
                ticked = [o for o in element["options"] if o["value"] in value]
                assert len(ticked) == len(value), f"no such boxes: {value}"
                state[block["block_id"]] = {"value": {"type": "checkboxes", "selected_options": ticked}}
            else:
                state[block["block_id"]] = {"value": {"type": "plain_text_input", "value": value}}
        payload = {
            "type": "view_submission", "team": {"id": self.fake.team_id}, "user": self._user(user),
            "api_app_id": "A0GDPR", "token": "legacy", "trigger_id": self.fake.new_trigger(),
            "view": {**view, "id": "V0SUBMIT", "state": {"values": state}}, "response_urls": [],
        }  # fmt: skip
        return await self.interact(payload)


@asynccontextmanager
async def slack_bot(
    db_url: str, *, access: Access | None = None, orgs: dict[str, OrgSettings] | None = None, socket_mode: bool = False
) -> AsyncIterator[Slack]:
    """The fake Web API and a started SlackChannel around a real Core and register: HTTP mode on port 0, or Socket Mode."""
    from deadlines.db import open_register
    from handlers.core import Core
    from knowledge.answer import default_answerer

    engine = open_register(db_url)
    clock = FixedClock(SLACK_NOW)
    core = Core(default_answerer(), engine, clock, access or slack_access(), slack_orgs() if orgs is None else orgs)
    async with FakeSlack() as fake, aiohttp.ClientSession() as http:
        mode: dict[str, Any] = {"app_token": fake.app_token} if socket_mode else {"signing_secret": SIGNING_SECRET, "port": 0}
        channel = SlackChannel(core, fake.token, base_url=fake.base_url, clock=clock, **mode)
        await channel.start()
        try:
            yield Slack(fake, channel, engine, clock, http)
        finally:
            await channel.stop()
            engine.dispose()


def log_one(s: Slack, subject: str = "order 1234", org: str = "imusic", received: date = date(2026, 11, 20)) -> str:
    """Log a request through the register service (as the CLI would); its id."""
    actor = Actor("slack:anna (U0ANNA)", "slack", STAFF_CHANNEL)
    result = log_request(
        s.engine, s.clock, actor, organisation=org, type="erasure", received=received, via="email", subject_ref=subject
    )
    return result.request.ref


def status(s: Slack, ref: str) -> str:
    """A request's status in the register."""
    return get_request(s.engine, s.clock, ref).request.status


async def answer(s: Slack, name: str) -> Call:
    """The (single) post to the response URL `name`."""
    calls = await s.fake.wait("response_url", where=lambda c: c.path == name)
    assert len(calls) == 1
    return calls[0]


async def reminder_message(s: Slack, ref: str) -> str:
    """Send a Slack reminder for `ref` through the channel's notifier; the ts of the message it posted."""
    view = get_request(s.engine, s.clock, ref).request
    reminder = Reminder(view, "before-3", view.current_deadline, Destination("slack", STAFF_CHANNEL), days_left=3, language="en")
    await s.channel.notifier.send_reminder(reminder)
    posted = s.fake.of("chat.postMessage")[-1]
    assert posted.params["channel"] == STAFF_CHANNEL
    return next(
        ts for (channel, ts), m in s.fake.messages.items() if channel == STAFF_CHANNEL and m["blocks"] == posted.params["blocks"]
    )


@pytest.fixture
def db_url(register_empty_url: tuple[str, str]) -> str:
    """An empty register database: a SQLite file, and PostgreSQL too when configured."""
    return register_empty_url[1]
