"""A fake Telegram Bot API server (aiohttp, 127.0.0.1, port 0) for end-to-end tests and the bench.

The real python-telegram-bot talks to it over HTTP: `POST /bot{token}/{method}` with form-encoded
(or multipart / JSON) parameters, answered with `{"ok": true, "result": ...}` like Telegram does.
It implements what the bot uses — getMe, getUpdates (long poll), setWebhook/deleteWebhook,
setMyCommands, sendMessage, editMessageText, answerCallbackQuery — and checks messages the way
Telegram does: HTML parse mode with only Telegram's tags and escaped `<`/`&` (else 400 "can't parse
entities"), at most 4096 characters after parsing, callback_data at most 64 bytes. Faults are
injected per method (`fail("sendMessage", 429, retry_after=1)`, `fail("sendMessage", 502)`).

Run as a script (`python tests/fake_telegram.py`) it prints its base URL and serves until killed;
`POST /_fake/push` ({"updates": [...], "rate": per_second|null}) queues updates and `GET /_fake/stats`
reports delivery and reply times — the bench drives it that way from another process.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from aiohttp import web

TOKEN = "123456:TEST-token_for-the-fake"
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "GDPR bot", "username": "gdpr_test_bot"}
ALLOWED_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code", "pre", "blockquote", "tg-emoji"}
)
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
MAX_TEXT = 4096
MAX_CALLBACK_BYTES = 64


class EntityError(ValueError):
    """Telegram's "can't parse entities" for bad HTML."""


class _TelegramHtml(HTMLParser):
    """Parses Telegram's HTML subset strictly; collects the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.parts: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Only Telegram's tags."""
        if tag not in ALLOWED_TAGS:
            raise EntityError(f'Unsupported start tag "{tag}"')
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        """Tags must nest."""
        if not self.open or self.open.pop() != tag:
            raise EntityError(f'Unexpected end tag "{tag}"')

    def handle_data(self, data: str) -> None:
        """Text: a bare `<` or `&` is an error, as in Telegram."""
        if "<" in data or "&" in data:
            raise EntityError("unescaped < or & in text")
        self.parts.append(data)

    def handle_entityref(self, name: str) -> None:
        """Only &lt; &gt; &amp; &quot;."""
        if name not in NAMED_ENTITIES:
            raise EntityError(f'Unsupported HTML entity "&{name};"')
        self.parts.append(NAMED_ENTITIES[name])

    def handle_charref(self, name: str) -> None:
        """Numeric character references."""
        self.parts.append(chr(int(name[1:], 16) if name[:1] in "xX" else int(name)))


def visible_text(markup: str) -> str:
    """The text a user sees for HTML `markup`; raises EntityError like Telegram would."""
    parser = _TelegramHtml()
    parser.feed(markup)
    parser.close()
    if parser.open:
        raise EntityError(f'Can\'t find end tag corresponding to start tag "{parser.open[-1]}"')
    if parser.rawdata:  # an unterminated "<..." the parser kept back
        raise EntityError("unterminated tag")
    return "".join(parser.parts)


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts."""
    return len(text.encode("utf-16-le")) // 2


class ApiError(Exception):
    """An error answer: HTTP status, description and optional parameters."""

    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.status, self.description, self.parameters = status, description, parameters


@dataclass
class Call:
    """One Bot API call the bot made (parameters decoded; JSON-valued ones parsed)."""

    method: str
    params: dict[str, Any]
    at: float
    status: int = 200


@dataclass
class BotMessage:
    """A message the bot sent, as the fake keeps it (current text, HTML and keyboard, and its history)."""

    chat_id: int
    message_id: int
    html: str
    text: str
    keyboard: list[list[dict[str, Any]]]
    edits: list[str] = field(default_factory=list)  # earlier texts, oldest first
    document: dict[str, Any] | None = None  # an uploaded file: {"filename", "content"}

    def payload(self, command: str) -> str:
        """The callback_data of the first button whose payload starts with `command:`."""
        for button in self.buttons():
            if button.get("callback_data", "").split(":", 1)[0] == command:
                return button["callback_data"]
        raise LookupError(f"no {command!r} button on message {self.message_id}: {self.labels()}")

    def buttons(self) -> list[dict[str, Any]]:
        """Every button, row by row."""
        return [button for row in self.keyboard for button in row]

    def labels(self) -> list[str]:
        """The button labels."""
        return [button["text"] for button in self.buttons()]


@dataclass
class Fault:
    """An injected error answer for the next `times` calls of a method."""

    status: int
    times: int
    retry_after: int | None = None
    description: str | None = None


class FakeTelegram:
    """The fake Bot API: queue updates, let the bot poll them, record and check what it sends."""

    def __init__(self, token: str = TOKEN, *, long_poll: float = 0.5, clock: Callable[[], float] = time.perf_counter) -> None:
        self.token = token
        self.long_poll = long_poll
        self.clock = clock
        self.calls: list[Call] = []
        self.messages: dict[tuple[int, int], BotMessage] = {}
        self.chats: dict[int, dict[str, Any]] = {}
        self.webhook: dict[str, Any] | None = None
        self.faults: dict[str, list[Fault]] = {}
        self.pushed_at: dict[int, float] = {}  # update_id → when it was queued
        self.delivered_at: dict[int, float] = {}  # update_id → when getUpdates first returned it
        self.update_chat: dict[int, int] = {}  # update_id → chat id
        self.first_reply_at: dict[int, float] = {}  # chat id → first sendMessage there
        self._pending: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1000)
        self._message_ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- server ---------------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Listen on host:port (0: any free port); the base URL for ApplicationBuilder.base_url."""
        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_post("/_fake/push", self._control_push)
        app.router.add_get("/_fake/stats", self._control_stats)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        server = site._server
        assert server is not None and server.sockets
        self.port = server.sockets[0].getsockname()[1]
        return self.base_url

    @property
    def base_url(self) -> str:
        """"http://127.0.0.1:PORT/bot" (the token and method follow)."""
        return f"http://127.0.0.1:{self.port}/bot"

    async def stop(self) -> None:
        """Stop serving."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        """Start on a free port."""
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        """Stop."""
        await self.stop()

    async def _api(self, request: web.Request) -> web.Response:
        """One Bot API call."""
        method = request.match_info["method"]
        params = await _params(request)
        call = Call(method, params, self.clock())
        try:
            if request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            self._inject(method)
            result = await self._dispatch(method, params)
        except ApiError as exc:
            call.status = exc.status
            await self._record(call)
            body: dict[str, Any] = {"ok": False, "error_code": exc.status, "description": exc.description}
            if exc.parameters:
                body["parameters"] = exc.parameters
            return web.json_response(body, status=exc.status)
        await self._record(call)
        return web.json_response({"ok": True, "result": result})

    async def _record(self, call: Call) -> None:
        """Keep the call and wake waiters."""
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def _inject(self, method: str) -> None:
        """Raise the next injected fault for `method`, if any."""
        queue = self.faults.get(method)
        if not queue:
            return
        fault = queue[0]
        fault.times -= 1
        if fault.times <= 0:
            queue.pop(0)
        if fault.retry_after is not None:
            raise ApiError(429, f"Too Many Requests: retry after {fault.retry_after}", {"retry_after": fault.retry_after})
        raise ApiError(fault.status, fault.description or ("Bad Gateway" if fault.status == 502 else "Internal Server Error"))

    async def _dispatch(self, method: str, params: dict[str, Any]) -> Any:
        """The result of a successful call."""
        simple: dict[str, Any] = {
            "getMe": {**BOT_USER, "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False},
            "deleteWebhook": True,
            "setMyCommands": True,
            "deleteMyCommands": True,
            "answerCallbackQuery": True,
            "close": True,
            "logOut": True,
        }
        if method == "getUpdates":
            return await self._get_updates(params)
        if method == "setWebhook":
            self.webhook = params
            return True
        if method == "sendMessage":
            return self._send_message(params)
        if method == "editMessageText":
            return self._edit_message(params)
        if method == "sendDocument":
            return self._send_document(params)
        if method in simple:
            return simple[method]
        raise ApiError(404, "Not Found: method not found")

    # --- updates --------------------------------------------------------------------------------

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Confirm updates below `offset`, then return pending ones (long-polling briefly when none)."""
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = min(float(params.get("timeout") or 0), self.long_poll)
        self._pending = [u for u in self._pending if u["update_id"] >= offset]
        if not self._pending and timeout > 0:
            async with self._changed:
                try:
                    await asyncio.wait_for(self._changed.wait_for(lambda: bool(self._pending)), timeout)
                except TimeoutError:
                    pass
        batch = self._pending[:limit]
        now = self.clock()
        for update in batch:
            self.delivered_at.setdefault(update["update_id"], now)
        return batch

    async def push(self, update: dict[str, Any]) -> int:
        """Queue an update for getUpdates; its update_id."""
        update.setdefault("update_id", next(self._update_ids))
        async with self._changed:
            self._pending.append(update)
            self.pushed_at[update["update_id"]] = self.clock()
            chat = (update.get("message") or update.get("callback_query", {}).get("message") or {}).get("chat", {})
            if "id" in chat:
                self.update_chat[update["update_id"]] = chat["id"]
            self._changed.notify_all()
        return update["update_id"]

    def add_chat(self, chat: dict[str, Any]) -> None:
        """Make a chat known (its type shows in presses on messages the bot sent there unprompted)."""
        self.chats[chat["id"]] = chat

    def new_update_id(self) -> int:
        """A fresh update id (for updates posted to a webhook instead)."""
        return next(self._update_ids)

    def message_update(self, chat: dict[str, Any], user: dict[str, Any], text: str) -> dict[str, Any]:
        """A message update from `user` in `chat`; commands get their bot_command entity."""
        self.chats[chat["id"]] = chat
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": user,
            "text": text,
        }
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]
        return {"update_id": self.new_update_id(), "message": message}

    def press_update(self, user: dict[str, Any], message: BotMessage, data: str) -> dict[str, Any]:
        """A callback query: `user` pressed the button with `data` on the bot's `message`."""
        chat = self.chats.get(message.chat_id, {"id": message.chat_id, "type": "private"})
        shown: dict[str, Any] = {
            "message_id": message.message_id,
            "date": int(time.time()),
            "chat": chat,
            "from": BOT_USER,
            "text": message.text,
        }
        if message.keyboard:
            shown["reply_markup"] = {"inline_keyboard": message.keyboard}
        query = {"id": str(self.new_update_id()), "from": user, "chat_instance": str(message.chat_id), "message": shown, "data": data}
        return {"update_id": self.new_update_id(), "callback_query": query}

    async def send_text(self, chat: dict[str, Any], user: dict[str, Any], text: str) -> int:
        """Queue a message update; its update_id."""
        return await self.push(self.message_update(chat, user, text))

    async def press(self, user: dict[str, Any], message: BotMessage, command: str) -> int:
        """Queue a press of the message's `command` button; its update_id."""
        return await self.push(self.press_update(user, message, message.payload(command)))

    # --- what the bot sends ---------------------------------------------------------------------

    def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        """Check and keep a new message."""
        chat_id = int(params["chat_id"])
        html_text, text, keyboard = _checked(params)
        message = BotMessage(chat_id, next(self._message_ids), html_text, text, keyboard)
        self.messages[(chat_id, message.message_id)] = message
        self.first_reply_at.setdefault(chat_id, self.clock())
        return self._message_dict(message)

    def _send_document(self, params: dict[str, Any]) -> dict[str, Any]:
        """Keep an uploaded file (multipart) as a message with a document."""
        upload = params.get("document")
        if not isinstance(upload, dict):
            raise ApiError(400, "Bad Request: there is no document in the request")
        chat_id = int(params["chat_id"])
        message = BotMessage(chat_id, next(self._message_ids), "", str(params.get("caption", "")), [], document=upload)
        self.messages[(chat_id, message.message_id)] = message
        name = upload["filename"]
        return {**self._message_dict(message), "document": {"file_id": f"f{message.message_id}", "file_unique_id": f"u{message.message_id}", "file_name": name}}

    def _edit_message(self, params: dict[str, Any]) -> dict[str, Any]:
        """Check and apply an edit to a message the bot sent."""
        key = (int(params.get("chat_id", 0)), int(params.get("message_id", 0)))
        message = self.messages.get(key)
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        html_text, text, keyboard = _checked(params)
        if html_text == message.html and keyboard == message.keyboard:
            raise ApiError(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
        message.edits.append(message.text)
        message.html, message.text, message.keyboard = html_text, text, keyboard
        return self._message_dict(message)

    def _message_dict(self, message: BotMessage) -> dict[str, Any]:
        """The Message object Telegram returns."""
        out: dict[str, Any] = {
            "message_id": message.message_id,
            "date": int(time.time()),
            "chat": self.chats.get(message.chat_id, {"id": message.chat_id, "type": "private"}),
            "from": BOT_USER,
            "text": message.text,
        }
        if message.keyboard:
            out["reply_markup"] = {"inline_keyboard": message.keyboard}
        return out

    def sent(self, chat_id: int | None = None) -> list[BotMessage]:
        """Messages the bot sent (to one chat), in order."""
        return [m for (chat, _), m in sorted(self.messages.items(), key=lambda kv: kv[0][1]) if chat_id is None or chat == chat_id]

    def calls_of(self, method: str, *, ok: bool | None = None) -> list[Call]:
        """Recorded calls of `method` (only successful / failed ones when `ok` is given)."""
        return [c for c in self.calls if c.method == method and (ok is None or (c.status == 200) == ok)]

    async def wait_for(self, condition: Callable[[], bool], timeout: float = 5.0) -> None:
        """Wait until `condition()` holds (checked after every call); TimeoutError after `timeout` s."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(condition), timeout)

    async def wait_messages(self, chat_id: int, count: int, timeout: float = 5.0) -> list[BotMessage]:
        """Wait until the chat holds at least `count` bot messages; they, in order."""
        await self.wait_for(lambda: len(self.sent(chat_id)) >= count, timeout)
        return self.sent(chat_id)

    def fail(self, method: str, status: int, *, times: int = 1, retry_after: int | None = None, description: str | None = None) -> None:
        """Answer the next `times` calls of `method` with an error (429 with retry_after, 5xx, …)."""
        self.faults.setdefault(method, []).append(Fault(status, times, retry_after, description))

    # --- control endpoints (bench) ----------------------------------------------------------------

    async def _control_push(self, request: web.Request) -> web.Response:
        """Queue updates now, or paced at `rate` per second in the background."""
        body = await request.json()
        updates, rate = body["updates"], body.get("rate")
        if rate:
            asyncio.get_running_loop().create_task(self._paced(updates, float(rate)))
        else:
            for update in updates:
                await self.push(update)
        return web.json_response({"queued": len(updates)})

    async def _paced(self, updates: list[dict[str, Any]], rate: float) -> None:
        """Push updates at `rate` per second (on schedule, not drifting)."""
        start = self.clock()
        for i, update in enumerate(updates):
            delay = start + i / rate - self.clock()
            if delay > 0:
                await asyncio.sleep(delay)
            await self.push(update)

    async def _control_stats(self, request: web.Request) -> web.Response:
        """Per update: pushed, delivered and first-reply times (this process's perf_counter); `?count=1`: counts only."""
        errors = sum(1 for c in self.calls if c.status != 200)
        if request.query.get("count"):
            return web.json_response({"replied": len(self.first_reply_at), "errors": errors})
        rows = [
            {
                "update_id": uid,
                "pushed": self.pushed_at.get(uid),
                "delivered": self.delivered_at.get(uid),
                "replied": self.first_reply_at.get(chat),
            }
            for uid, chat in self.update_chat.items()
        ]
        return web.json_response({"updates": rows, "sent": len(self.calls_of("sendMessage", ok=True)), "errors": errors})


def _checked(params: dict[str, Any]) -> tuple[str, str, list[list[dict[str, Any]]]]:
    """(html, visible text, keyboard) of a send/edit, checked like Telegram checks them."""
    markup = str(params.get("text", ""))
    if params.get("parse_mode") == "HTML":
        try:
            text = visible_text(markup)
        except EntityError as exc:
            raise ApiError(400, f"Bad Request: can't parse entities: {exc}") from None
    else:
        text = markup
    if not text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if utf16_len(text) > MAX_TEXT:
        raise ApiError(400, "Bad Request: message is too long")
    keyboard = (params.get("reply_markup") or {}).get("inline_keyboard", [])
    for button in (b for row in keyboard for b in row):
        data = button.get("callback_data", "")
        if not button.get("text") or not 1 <= len(data.encode()) <= MAX_CALLBACK_BYTES:
            raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return markup, text, keyboard


async def _params(request: web.Request) -> dict[str, Any]:
    """Request parameters from a query string, form, multipart or JSON body; JSON-valued ones parsed."""
    params: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        params.update(await request.json())
    elif request.can_read_body:
        for key, value in (await request.post()).items():  # uploaded files: their name and content
            params[key] = value if isinstance(value, str) else {"filename": value.filename, "content": value.file.read()}
    for key in ("reply_markup", "allowed_updates", "commands", "scope", "link_preview_options", "reply_parameters"):
        if isinstance(params.get(key), str):
            params[key] = json.loads(params[key])
    return params


# --- test helpers ---------------------------------------------------------------------------------


def user(user_id: int, first_name: str = "Anna", language_code: str | None = "en", **extra: Any) -> dict[str, Any]:
    """A Telegram User object."""
    out: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name, **extra}
    if language_code:
        out["language_code"] = language_code
    return out


def private_chat(of: dict[str, Any]) -> dict[str, Any]:
    """The private chat with `of` (its id is the user's id)."""
    return {"id": of["id"], "type": "private", "first_name": of["first_name"]}


def group_chat(chat_id: int, title: str = "Customer service") -> dict[str, Any]:
    """A supergroup chat (negative id)."""
    return {"id": chat_id, "type": "supergroup", "title": title}


async def _serve_forever(port: int) -> None:
    """Run the fake until killed, printing the base URL first."""
    fake = FakeTelegram()
    print(await fake.start(port=port), flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(_serve_forever(int(sys.argv[1]) if len(sys.argv) > 1 else 0))
