"""A fake Slack Web API (aiohttp, 127.0.0.1, port 0) for driving the real slack_sdk / slack-bolt in tests.

It answers what the bot calls — auth.test, chat.postMessage, chat.update, views.open, views.publish,
apps.connections.open — checks the bearer token, trigger ids (single use, 3 s) and Block Kit
limits the way Slack does (`invalid_blocks`), keeps the messages it was sent so chat.update can
only touch a real one, captures posts to response URLs (`response_url(name)`), and serves a Socket
Mode WebSocket (`socket_send`) for the Socket Mode test. Faults can be injected per method (`fail`).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

TRIGGER_LIFETIME = 3.0  # seconds, as Slack's
MESSAGE_BLOCKS, VIEW_BLOCKS = 50, 100
TEXT_LIMITS = {"section": 3000, "header": 150, "context": 2000}
BUTTON_TEXT, BUTTON_VALUE, ACTIONS_PER_BLOCK, CONTEXT_ELEMENTS = 75, 2000, 25, 10
OPTION_TEXT, OPTION_VALUE, CHECKBOX_OPTIONS = 75, 150, 10
MODAL_TITLE = 24
METADATA = 3000
BLOCK_TYPES = frozenset({"section", "divider", "context", "actions", "header", "input"})


@dataclass
class Call:
    """One captured request: the Web API method (or "response_url"), its parameters, the token used."""

    method: str
    params: dict[str, Any]
    token: str = ""
    path: str = ""
    at: float = field(default_factory=time.perf_counter)  # when it arrived (for latency figures)


@dataclass
class Fault:
    """An injected failure for the next `times` calls of a method."""

    error: str
    status: int = 200
    times: int = 1
    headers: dict[str, str] = field(default_factory=dict)


def _text_errors(obj: Any, limit: int, where: str, kinds: tuple[str, ...] = ("plain_text", "mrkdwn")) -> list[str]:
    """Problems of a text object: its type, emptiness, length."""
    if not isinstance(obj, dict) or obj.get("type") not in kinds:
        return [f"{where}: must be a text object of type {'/'.join(kinds)}"]
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        return [f"{where}: must be more than 0 characters"]
    if len(text) > limit:
        return [f"{where}: must be less than {limit + 1} characters"]
    return []


def _element_errors(element: Any, where: str, action_ids: set[str]) -> list[str]:
    """Problems of an interactive element (buttons checked fully; inputs for their action_id)."""
    if not isinstance(element, dict) or "type" not in element:
        return [f"{where}: not an element"]
    errors: list[str] = []
    action_id = element.get("action_id")
    if action_id is not None:
        if action_id in action_ids:
            errors.append(f"{where}.action_id: duplicate {action_id!r}")
        action_ids.add(action_id)
    if element["type"] == "button":
        errors += _text_errors(element.get("text"), BUTTON_TEXT, f"{where}.text", ("plain_text",))
        if len(str(element.get("value", ""))) > BUTTON_VALUE:
            errors.append(f"{where}.value: too long")
    if element["type"] == "static_select":
        for i, option in enumerate(element.get("options") or []):
            errors += _text_errors(option.get("text"), OPTION_TEXT, f"{where}.options[{i}].text", ("plain_text",))
    if element["type"] == "checkboxes":
        options = element.get("options") or []
        if not 0 < len(options) <= CHECKBOX_OPTIONS:
            errors.append(f"{where}.options: 1 to {CHECKBOX_OPTIONS} needed")
        for i, option in enumerate(options):
            errors += _text_errors(option.get("text"), OPTION_TEXT, f"{where}.options[{i}].text")
            if not 0 < len(str(option.get("value", ""))) <= OPTION_VALUE:
                errors.append(f"{where}.options[{i}].value: 1 to {OPTION_VALUE} characters needed")
    return errors


def _block_errors(block: Any, where: str) -> list[str]:
    """Problems of one block, by Slack's documented limits."""
    if not isinstance(block, dict) or block.get("type") not in BLOCK_TYPES:
        return [f"{where}: unknown block type"]
    kind, errors, ids = block["type"], [], set[str]()
    if kind in ("section", "header"):
        errors += _text_errors(
            block.get("text"),
            TEXT_LIMITS[kind],
            f"{where}.text",
            ("plain_text",) if kind == "header" else ("plain_text", "mrkdwn"),
        )
    elif kind == "context":
        elements = block.get("elements") or []
        if not 0 < len(elements) <= CONTEXT_ELEMENTS:
            errors.append(f"{where}.elements: 1 to {CONTEXT_ELEMENTS} needed")
        for i, element in enumerate(elements):
            errors += _text_errors(element, TEXT_LIMITS["context"], f"{where}.elements[{i}]")
    elif kind == "actions":
        elements = block.get("elements") or []
        if not 0 < len(elements) <= ACTIONS_PER_BLOCK:
            errors.append(f"{where}.elements: 1 to {ACTIONS_PER_BLOCK} needed")
        for i, element in enumerate(elements):
            errors += _element_errors(element, f"{where}.elements[{i}]", ids)
    elif kind == "input":
        errors += _text_errors(block.get("label"), 2000, f"{where}.label", ("plain_text",))
        errors += _element_errors(block.get("element"), f"{where}.element", ids)
    return errors


def blocks_errors(blocks: Any, limit: int) -> list[str]:
    """Problems of a list of blocks (count, unique block ids, each block)."""
    if not isinstance(blocks, list):
        return ["blocks: must be a list"]
    errors = [f"blocks: no more than {limit} items allowed"] if len(blocks) > limit else []
    block_ids = [b.get("block_id") for b in blocks if isinstance(b, dict) and b.get("block_id")]
    if len(block_ids) != len(set(block_ids)):
        errors.append("blocks: duplicate block_id")
    for i, block in enumerate(blocks):
        errors += _block_errors(block, f"blocks[{i}]")
    return errors


def view_errors(view: Any) -> list[str]:
    """Problems of a modal or home view."""
    if not isinstance(view, dict) or view.get("type") not in ("modal", "home"):
        return ["view.type: must be modal or home"]
    errors = blocks_errors(view.get("blocks"), VIEW_BLOCKS)
    if len(view.get("private_metadata") or "") > METADATA:
        errors.append("view.private_metadata: too long")
    if view["type"] == "modal":
        for key in ("title", "submit", "close"):
            if key in view or key == "title":
                errors += _text_errors(view.get(key), MODAL_TITLE, f"view.{key}", ("plain_text",))
    return errors


class FakeSlack:
    """The fake Web API server; `base_url` points an AsyncWebClient at it once started."""

    def __init__(
        self,
        token: str = "xoxb-test-token",
        app_token: str = "xapp-test-token",
        team_id: str = "T0GDPR",
        bot_user_id: str = "UBOTGDPR",
        bot_id: str = "BBOTGDPR",
    ) -> None:
        self.token, self.app_token = token, app_token
        self.team_id, self.bot_user_id, self.bot_id = team_id, bot_user_id, bot_id
        self.calls: list[Call] = []
        self._by_method: dict[str, list[Call]] = {}
        self.messages: dict[tuple[str, str], dict[str, Any]] = {}  # (channel, ts) → message
        self.faults: dict[str, Fault] = {}
        self.port = 0
        self._triggers: dict[str, float] = {}
        self.views: dict[str, dict[str, Any]] = {}  # view id → the modal as last opened/pushed/updated
        self._ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._sockets: list[web.WebSocketResponse] = []
        self._socket_replies: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._socket_ready = asyncio.Event()

    # --- life cycle -------------------------------------------------------------------------------

    async def start(self) -> FakeSlack:
        """Listen on 127.0.0.1, on a free port."""
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_post("/response/{name}", self._response_url)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        """Close the sockets and stop listening."""
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeSlack:
        """Start (async with)."""
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        """Stop (async with)."""
        await self.stop()

    @property
    def base_url(self) -> str:
        """The Web API base URL for AsyncWebClient(base_url=...)."""
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str) -> str:
        """A response URL for a test payload; posts to it are captured as method "response_url"."""
        return f"http://127.0.0.1:{self.port}/response/{name}"

    def new_trigger(self) -> str:
        """A fresh trigger id (valid for one views.open within 3 seconds)."""
        trigger = f"{next(self._ids)}.{int(time.time())}.trigger"
        self._triggers[trigger] = time.monotonic()
        return trigger

    def fail(self, method: str, error: str, *, status: int = 200, times: int = 1, retry_after: int | None = None) -> None:
        """Make the next `times` calls of `method` fail with `error` (HTTP `status`)."""
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        self.faults[method] = Fault(error, status, times, headers)

    # --- inspection -------------------------------------------------------------------------------

    def of(self, method: str) -> list[Call]:
        """The captured calls of one method, in order."""
        return list(self._by_method.get(method, ()))

    async def wait(
        self, method: str, count: int = 1, timeout: float = 10.0, where: Callable[[Call], bool] | None = None
    ) -> list[Call]:
        """Wait until at least `count` calls of `method` (matching `where`) were captured; return them."""

        def matching() -> list[Call]:
            """The calls that match so far."""
            calls = self._by_method.get(method, [])
            return list(calls) if where is None else [c for c in calls if where(c)]

        def enough() -> bool:
            """Whether `count` calls match (without copying when no filter is given)."""
            return len(self._by_method.get(method, ())) >= count if where is None else len(matching()) >= count

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(enough), timeout)
        return matching()

    async def _record(self, call: Call) -> None:
        """Keep a call and wake the waiters."""
        async with self._changed:
            self.calls.append(call)
            self._by_method.setdefault(call.method, []).append(call)
            self._changed.notify_all()

    # --- Web API ----------------------------------------------------------------------------------

    @staticmethod
    async def _params(request: web.Request) -> dict[str, Any]:
        """The call's parameters from the query, a form or a JSON body (JSON-encoded fields decoded)."""
        params: dict[str, Any] = dict(request.query)
        raw = await request.text()
        if request.content_type == "application/json" and raw:
            params.update(json.loads(raw))
        elif raw:
            params.update(parse_qsl(raw, keep_blank_values=True))
        for key in ("blocks", "view"):
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        return params

    async def _api(self, request: web.Request) -> web.Response:
        """POST /api/{method}."""
        method = request.match_info["method"]
        params = await self._params(request)
        token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip() or str(params.get("token", ""))
        await self._record(Call(method, params, token, request.path))
        fault = self.faults.get(method)
        if fault is not None and fault.times > 0:
            fault.times -= 1
            return web.json_response({"ok": False, "error": fault.error}, status=fault.status, headers=fault.headers)
        expected = self.app_token if method == "apps.connections.open" else self.token
        if token != expected:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        if handler is None:
            return web.json_response({"ok": False, "error": "unknown_method"})
        return web.json_response(handler(params))

    def _auth_test(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """auth.test: who the token belongs to."""
        return {
            "ok": True,
            "url": "https://gdpr-test.slack.com/",
            "team": "GDPR test",
            "user": "gdpr-bot",
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    @staticmethod
    def _message_errors(params: Mapping[str, Any]) -> dict[str, Any] | None:
        """An error answer for a message without a channel, without content, or with invalid blocks."""
        if not params.get("channel"):
            return {"ok": False, "error": "channel_not_found"}
        if not params.get("text") and not params.get("blocks"):
            return {"ok": False, "error": "no_text"}
        if "blocks" in params:
            errors = blocks_errors(params["blocks"], MESSAGE_BLOCKS)
            if errors:
                return {"ok": False, "error": "invalid_blocks", "errors": errors}
        return None

    def _chat_postMessage(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """chat.postMessage: store the message under a new ts."""
        error = self._message_errors(params)
        if error:
            return error
        ts = f"{1_800_000_000 + next(self._ids)}.000100"
        message = {
            "type": "message",
            "ts": ts,
            "text": params.get("text", ""),
            "blocks": params.get("blocks", []),
            "thread_ts": params.get("thread_ts"),
            "bot_id": self.bot_id,
            "user": self.bot_user_id,
        }
        self.messages[(params["channel"], ts)] = message
        return {"ok": True, "channel": params["channel"], "ts": ts, "message": message}

    def _chat_update(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """chat.update: only a message the bot posted can change."""
        key = (str(params.get("channel", "")), str(params.get("ts", "")))
        if key not in self.messages:
            return {"ok": False, "error": "message_not_found"}
        error = self._message_errors(params)
        if error:
            return error
        self.messages[key].update(text=params.get("text", ""), blocks=params.get("blocks", []))
        return {"ok": True, "channel": key[0], "ts": key[1], "text": params.get("text", "")}

    def _use_trigger(self, trigger: str) -> dict[str, Any] | None:
        """An error answer for an unknown, used or expired trigger id (else it is spent)."""
        issued = self._triggers.pop(trigger, None)
        if issued is None:
            return {"ok": False, "error": "invalid_trigger_id"}
        if time.monotonic() - issued > TRIGGER_LIFETIME:
            return {"ok": False, "error": "expired_trigger_id"}
        return None

    def _views_open(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """views.open: a modal, with a valid trigger id."""
        errors = view_errors(params.get("view"))
        if errors:
            return {"ok": False, "error": "invalid_arguments", "response_metadata": {"messages": errors}}
        error = self._use_trigger(str(params.get("trigger_id", "")))
        if error:
            return error
        view_id = f"V{next(self._ids):08d}"
        self.views[view_id] = dict(params["view"])
        return {"ok": True, "view": {"id": view_id, **params["view"]}}

    def _views_push(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """views.push: a modal on top of an open one (same checks as views.open)."""
        return self._views_open(params)

    def _views_update(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """views.update: only a modal that was opened can change."""
        view_id = str(params.get("view_id", ""))
        if view_id not in self.views:
            return {"ok": False, "error": "not_found"}
        errors = view_errors(params.get("view"))
        if errors:
            return {"ok": False, "error": "invalid_arguments", "response_metadata": {"messages": errors}}
        self.views[view_id] = dict(params["view"])
        return {"ok": True, "view": {"id": view_id, **params["view"]}}

    def _views_publish(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """views.publish: a home view for a user."""
        if not params.get("user_id"):
            return {"ok": False, "error": "invalid_arguments"}
        errors = view_errors(params.get("view"))
        if errors or params["view"].get("type") != "home":
            return {
                "ok": False,
                "error": "invalid_arguments",
                "response_metadata": {"messages": errors or ["view.type: must be home"]},
            }
        return {"ok": True, "view": {"id": f"V{next(self._ids):08d}", **params["view"]}}

    def _apps_connections_open(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """apps.connections.open: the Socket Mode WebSocket URL."""
        return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}

    async def _response_url(self, request: web.Request) -> web.Response:
        """POST /response/{name}: a response URL post (captured, checked like a message)."""
        params = json.loads(await request.text() or "{}")
        await self._record(Call("response_url", params, "", request.match_info["name"]))
        if params.get("blocks") is not None and blocks_errors(params["blocks"], MESSAGE_BLOCKS):
            return web.Response(status=400, text="invalid_blocks")
        return web.Response(text="ok")

    # --- Socket Mode ------------------------------------------------------------------------------

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        """The Socket Mode WebSocket: hello, then envelopes from `socket_send`, acks back by envelope id."""
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0GDPR"}})
        self._socket_ready.set()
        try:
            async for frame in ws:
                if frame.type == WSMsgType.TEXT:
                    reply = json.loads(frame.data)
                    future = self._socket_replies.pop(reply.get("envelope_id", ""), None)
                    if future is not None and not future.done():
                        future.set_result(reply)
        finally:
            self._sockets.remove(ws)
            if not self._sockets:
                self._socket_ready.clear()
        return ws

    @property
    def socket_connected(self) -> bool:
        """Whether a Socket Mode client is connected."""
        return bool(self._sockets)

    async def socket_send(self, kind: str, payload: dict[str, Any], timeout: float = 10.0) -> dict[str, Any]:
        """Send one envelope ("slash_commands", "events_api", "interactive") and return the client's ack."""
        await asyncio.wait_for(self._socket_ready.wait(), timeout)
        envelope_id = f"env-{next(self._ids)}"
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._socket_replies[envelope_id] = future
        await self._sockets[-1].send_json(
            {
                "envelope_id": envelope_id,
                "type": kind,
                "payload": payload,
                "accepts_response_payload": kind != "events_api",
                "retry_attempt": 0,
                "retry_reason": "",
            }
        )
        return await asyncio.wait_for(future, timeout)
