"""The Telegram channel: python-telegram-bot 22 in the bot's one asyncio loop, a thin adapter over `Core`.

Each text update becomes a channel-neutral `Incoming` for `Core.handle`, each button press one for
`Core.press` (the payload is `command:argument`, ≤ 64 bytes); Core runs in a worker thread
(`asyncio.to_thread`: SQLAlchemy underneath) and its `Reply` is rendered as HTML (bot/render_html.py).
A press's reply replaces the pressed message and the press is acknowledged.

The library does the rest: long polling or a webhook with `secret_token` (its Updater), command
routing (CommandHandler / MessageHandler / CallbackQueryHandler), Telegram's flood limits and 429
RetryAfter (AIORateLimiter, here also retrying network errors), concurrent updates (processed in
order within each chat), and an error handler that tells the user something went wrong while the
loop carries on. The application is started and stopped explicitly (`start()`/`stop()`), never
with `run_polling()`, so it shares the loop with the scheduler and Slack.
"""

from __future__ import annotations

import asyncio
import html
import logging
import secrets
import socket
from collections import Counter
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, NetworkError, TelegramError, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest, RequestData

from bot.render_html import Button, HtmlMessage, render
from deadlines.clock import Clock, system_clock
from deadlines.register import RequestView
from deadlines.reminders import Destination, Reminder
from handlers.core import Core, decode_action
from handlers.message import Incoming
from handlers.reply import Reply
from handlers.wording import LANGUAGES, language_or_default, t

log = logging.getLogger("gdpr_bot.telegram")

COMMANDS: tuple[str, ...] = (
    "start", "help", "ask", "log", "open", "show", "pause", "resume", "extend", "done", "refuse", "withdraw", "cancel",
)  # fmt: skip
MODES = ("polling", "webhook")
ALLOWED_UPDATES = ("message", "callback_query")
DEFAULT_API = "https://api.telegram.org/bot"
ERROR_KEY = "error.internal"
_DEFAULT_MARKER = type(BaseRequest.DEFAULT_NONE)  # the library's "argument not given" value class


@dataclass(frozen=True)
class Limits:
    """Flood limits and retries (Telegram: about 30 messages/s overall, 20/min in one group)."""

    overall_per_second: float = 30  # 0: no overall throttle (429s are still honoured)
    group_per_minute: float = 20  # 0: no per-group throttle
    retry_after_retries: int = 3  # 429 RetryAfter: wait as told and try again, this often
    network_delays: tuple[float, ...] = (0.5, 2.0, 5.0)  # waits before retrying a network error / 5xx
    concurrent_updates: int = 64  # updates in flight at once (each chat's in order)
    poll_timeout: float = 10.0  # getUpdates long-poll seconds
    connect_timeout: float = 5.0  # seconds to get a connection (waiting for a free one included)
    read_timeout: float = 5.0  # seconds for Telegram's answer (getUpdates adds poll_timeout)


class AiohttpRequest(BaseRequest):
    """The library's networking interface (telegram.request.BaseRequest) over aiohttp.

    python-telegram-bot ships an httpx backend; this one does the same job over aiohttp (already the
    bot's HTTP library) at less CPU per call: bench/telegram_bench.py measured 2.6 ms per update
    against 3.0–7.4 ms with httpx, whose connection pool costs more the more requests are in flight.
    Proxies come from the environment (HTTPS_PROXY, NO_PROXY) as with httpx.
    """

    def __init__(self, limits: Limits, connections: int) -> None:
        self._limits = limits
        self._connections = connections
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float:
        """The default read timeout (the library adds the long-poll time for getUpdates)."""
        return self._limits.read_timeout

    async def initialize(self) -> None:
        """Open the connection pool."""
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._connections)
            self._session = aiohttp.ClientSession(connector=connector, headers={"User-Agent": self.USER_AGENT}, trust_env=True)

    async def shutdown(self) -> None:
        """Close the connection pool."""
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """One HTTP call: (status, body); TimedOut or NetworkError when it cannot be made."""
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=_seconds(connect_timeout, self._limits.connect_timeout),
            sock_read=_seconds(read_timeout, self._limits.read_timeout),
        )
        try:
            async with self._session.request(method, url, data=_form(request_data), timeout=timeout) as response:
                return response.status, await response.read()
        except TimeoutError as exc:  # aiohttp's timeouts are TimeoutErrors too: check them first
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{type(exc).__name__}: {exc}") from exc


def _seconds(value: Any, default: float) -> float | None:
    """A timeout argument: the library's "use the default" marker → `default`; None = no limit."""
    return default if isinstance(value, _DEFAULT_MARKER) else value


def _form(request_data: RequestData | None) -> aiohttp.FormData | dict[str, str] | None:
    """The request body: form fields, or multipart when files are attached."""
    if request_data is None:
        return None
    files = request_data.multipart_data
    if not files:
        return request_data.json_parameters
    form = aiohttp.FormData(request_data.json_parameters)
    for name, (filename, content, mimetype) in files.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form


class RetryingRateLimiter(AIORateLimiter):
    """The library's AIORateLimiter (flood limits, 429 RetryAfter) that also retries network errors and 5xx."""

    def __init__(self, limits: Limits) -> None:
        super().__init__(
            overall_max_rate=limits.overall_per_second,
            group_max_rate=limits.group_per_minute,
            max_retries=limits.retry_after_retries,
        )
        self._network_delays = limits.network_delays

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        """Send through the rate limiter; a network error (not a 400) is retried after a short wait."""
        for delay in (*self._network_delays, None):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except BadRequest:
                raise
            except NetworkError as exc:
                if delay is None:
                    raise
                log.warning("telegram %s failed (%s); retrying in %.1f s", endpoint, exc.message, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Updates run concurrently across chats but one at a time, in order, within a chat."""

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[object, asyncio.Lock] = {}
        self._holders: Counter[object] = Counter()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for the chat's earlier updates (FIFO), then process this one."""
        key = _chat_key(update)
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._holders[key] += 1
        try:
            async with lock:
                await coroutine
        finally:
            self._holders[key] -= 1
            if not self._holders[key]:
                del self._holders[key], self._locks[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free."""


def _chat_key(update: object) -> object:
    """The chat an update belongs to (the update itself when it has none)."""
    chat = update.effective_chat if isinstance(update, Update) else None
    return chat.id if chat is not None else id(update)


def _chat_id(value: str | int) -> str | int:
    """A numeric chat id as int ("-1001234" → -1001234); "@channel" stays text."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


def _markup(keyboard: tuple[tuple[Button, ...], ...]) -> InlineKeyboardMarkup | None:
    """Telegram's inline keyboard for rendered button rows (None: no keyboard)."""
    if not keyboard:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.label, callback_data=b.payload) for b in row] for row in keyboard])


class TelegramNotifier:
    """Sends replies, reminders and digests into Telegram chats (implements deadlines.reminders.Notifier)."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send_reply(self, chat_id: str | int, reply: Reply, *, reply_to: int | None = None) -> list[Message]:
        """Send a reply (split as needed; the keyboard on the last part); the messages sent."""
        sent: list[Message] = []
        for i, part in enumerate(render(reply)):
            quote = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to and i == 0 else None
            sent.append(await self._send(chat_id, part, quote))
        return sent

    async def _send(self, chat_id: str | int, part: HtmlMessage, quote: ReplyParameters | None = None) -> Message:
        """One sendMessage."""
        return await self.bot.send_message(_chat_id(chat_id), part.text, reply_markup=_markup(part.keyboard), reply_parameters=quote)

    async def replace(self, message: Message, reply: Reply) -> None:
        """Show `reply` in place of the bot's `message` (more parts follow as new messages)."""
        parts = render(reply)
        try:
            await self.bot.edit_message_text(
                parts[0].text, chat_id=message.chat_id, message_id=message.message_id, reply_markup=_markup(parts[0].keyboard)
            )
        except BadRequest as exc:
            if "not modified" not in exc.message:  # e.g. too old to edit: send it as a new message
                log.warning("telegram: could not edit message %s (%s); sending a new one", message.message_id, exc.message)
                await self._send(message.chat_id, parts[0])
        for part in parts[1:]:
            await self._send(message.chat_id, part)

    async def send_reminder(self, reminder: Reminder) -> None:
        """Deliver one reminder with its Done / Extend buttons to the chat it names."""
        from handlers.reminders import render_reminder

        await self.send_reply(reminder.to.chat_id, render_reminder(reminder))

    async def send_digest(self, to: Destination, requests: tuple[RequestView, ...], language: str) -> None:
        """Deliver the weekly digest of open requests."""
        from handlers.reminders import render_digest

        await self.send_reply(to.chat_id, render_digest(requests, language))


class TelegramChannel:
    """The Telegram channel: build with the core and token, then `await start()` … `await stop()`."""

    def __init__(
        self,
        core: Core,
        token: str,
        *,
        base_url: str | None = None,
        mode: str = "polling",
        webhook_url: str | None = None,
        webhook_listen: tuple[str, int] = ("127.0.0.1", 8443),
        secret_token: str | None = None,
        clock: Clock = system_clock,
        limits: Limits = Limits(),
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"telegram mode must be one of {', '.join(MODES)}, not {mode!r}")
        if mode == "webhook" and not webhook_url:
            raise ValueError("telegram webhook mode needs a webhook_url (the public HTTPS address Telegram posts to)")
        self.core, self.mode, self.limits = core, mode, limits
        self.clock = clock  # the adapter reads no time itself today: Core and the scheduler carry the clock
        self.webhook_url, self.webhook_listen = webhook_url, webhook_listen
        # Webhook mode always checks a secret: the configured one, else a fresh one per start.
        self.secret_token = secret_token or (secrets.token_urlsafe(32) if mode == "webhook" else None)
        self.webhook_port: int | None = None  # the port actually listened on (webhook mode, after start)
        self._requests = (AiohttpRequest(limits, connections=limits.concurrent_updates + 8), AiohttpRequest(limits, connections=1))
        self.app = self._build(token, base_url)
        self.notifier = TelegramNotifier(self.app.bot)
        self._add_handlers()

    def _build(self, token: str, base_url: str | None) -> Application:  # type: ignore[type-arg]
        """The PTB application: HTML by default, rate limiter with retries, per-chat ordered concurrency, no JobQueue."""
        api = (base_url or DEFAULT_API).rstrip("/")
        defaults = Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True))
        builder = ApplicationBuilder().token(token).base_url(api)
        if api.endswith("/bot"):  # a self-hosted Bot API server serves files under /file/bot
            builder = builder.base_file_url(api.removesuffix("/bot") + "/file/bot")
        return (
            builder.defaults(defaults)
            .request(self._requests[0])
            .get_updates_request(self._requests[1])
            .rate_limiter(RetryingRateLimiter(self.limits))
            .concurrent_updates(PerChatUpdateProcessor(self.limits.concurrent_updates))
            .job_queue(None)  # the bot's own scheduler runs reminders; no second one
            .build()
        )

    def _add_handlers(self) -> None:
        """Known /commands, other text (plain or unknown commands), button presses, and the error handler."""
        messages = filters.UpdateType.MESSAGE
        self.app.add_handler(CommandHandler(COMMANDS, self._on_text, filters=messages))
        self.app.add_handler(MessageHandler(messages & filters.TEXT, self._on_text))
        self.app.add_handler(CallbackQueryHandler(self._on_press))
        self.app.add_error_handler(self._on_error)

    # --- life cycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        """Connect (getMe), publish the command menu, start processing, then poll or listen for the webhook."""
        try:
            await self.app.initialize()
        except BaseException:  # e.g. InvalidToken: close the connection pools the library opened
            await self._close_requests()
            raise
        await self._publish_commands()
        await self.app.start()
        updater = self.app.updater
        assert updater is not None
        if self.mode == "polling":
            await updater.start_polling(timeout=self.limits.poll_timeout, allowed_updates=ALLOWED_UPDATES, bootstrap_retries=3)
        else:
            await self._start_webhook()
        log.info("telegram channel started (%s) as @%s", self.mode, self.app.bot.username)

    async def _start_webhook(self) -> None:
        """Listen for Telegram's POSTs (secret_token checked by the library) and register the webhook URL."""
        assert self.webhook_url is not None and self.app.updater is not None
        host, port = self.webhook_listen
        # A socket bound here (the library accepts a ready socket) lets port 0 pick a free port we can report.
        listener = socket.create_server((host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET)
        listener.setblocking(False)
        self.webhook_port = listener.getsockname()[1]
        try:
            await self.app.updater.start_webhook(
                url_path=urlsplit(self.webhook_url).path or "/",
                webhook_url=self.webhook_url,
                secret_token=self.secret_token,
                allowed_updates=ALLOWED_UPDATES,
                bootstrap_retries=3,
                unix=listener,
            )
        except BaseException:  # setWebhook refused: nothing listens
            listener.close()
            raise

    async def _publish_commands(self) -> None:
        """The command menu in da/sv/en (and English for every other language); a failure only logs."""
        try:
            for language in (None, *LANGUAGES):
                commands = [BotCommand(name, description) for name, description in command_menu(language)]
                await self.app.bot.set_my_commands(commands, language_code=language)
        except TelegramError as exc:
            log.warning("telegram: could not publish the command menu (%s)", exc.message)

    async def stop(self) -> None:
        """Stop taking updates, let the ones in flight finish (their sends included), disconnect."""
        if self.app.updater is not None and self.app.updater.running:
            await self.app.updater.stop()
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()
        await self._close_requests()
        log.info("telegram channel stopped")

    async def _close_requests(self) -> None:
        """Close both connection pools (idempotent)."""
        for request in self._requests:
            await request.shutdown()

    # --- updates ------------------------------------------------------------------------------

    async def _on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A /command or text: Core.handle in a worker thread, its reply sent to the chat."""
        message, user = update.message, update.effective_user
        if message is None or user is None or message.text is None:
            return
        text = _addressed_text(message.text, context.bot.username)
        if text is None:  # "/cmd@another_bot" in a group
            return
        msg = self._incoming(update, text)
        log.debug("telegram update %s: user %s in chat %s", update.update_id, msg.user_id, msg.chat_id)
        reply = await asyncio.to_thread(self.core.handle, msg)
        if reply is not None:
            await self.notifier.send_reply(message.chat_id, reply, reply_to=None if msg.private else message.message_id)

    async def _on_press(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A button: Core.press, the reply in place of the pressed message, the press acknowledged."""
        query = update.callback_query
        if query is None:
            return
        if not isinstance(query.message, Message):  # inline-mode or no longer accessible: nothing to update
            await query.answer()
            return
        command, argument = decode_action(query.data or "")
        reply = await asyncio.to_thread(self.core.press, self._incoming(update, ""), command, argument)
        await self.notifier.replace(query.message, reply)
        await query.answer()

    def _incoming(self, update: Update, text: str) -> Incoming:
        """The channel-neutral message for an update."""
        chat, user = update.effective_chat, update.effective_user
        assert chat is not None and user is not None
        return Incoming(
            channel="telegram",
            chat_id=str(chat.id),
            user_id=str(user.id),
            user_name=user.full_name,
            text=text,
            language=user.language_code,
            private=chat.type == ChatType.PRIVATE,
        )

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the failure (update id and error only) and tell the user briefly; the loop carries on."""
        update_id = update.update_id if isinstance(update, Update) else None
        error = context.error
        log.error("telegram update %s failed: %s", update_id, type(error).__name__, exc_info=error)
        if not isinstance(update, Update) or update.effective_chat is None:
            return
        text = t(ERROR_KEY, await self._error_language(update))
        try:
            if update.callback_query is not None:
                await update.callback_query.answer(text)
            await context.bot.send_message(update.effective_chat.id, html.escape(text, quote=False))
        except TelegramError as exc:
            log.warning("telegram: could not tell chat about the failed update %s (%s)", update_id, exc.message)

    async def _error_language(self, update: Update) -> str:
        """The user's language for an error message (the client's hint when Core cannot say)."""
        hint = update.effective_user.language_code if update.effective_user else None
        try:
            return await asyncio.to_thread(self.core.language, self._incoming(update, ""))
        except Exception:  # Core may be what failed
            return language_or_default((hint or "").split("-")[0].lower())


def _addressed_text(text: str, bot_username: str) -> str | None:
    """The text for Core: "/cmd@this_bot args" → "/cmd args"; None when addressed to another bot."""
    if not text.startswith("/"):
        return text
    first, sep, rest = text.partition(" ")
    command, at, target = first.partition("@")
    if at and target.casefold() != bot_username.casefold():
        return None
    return f"{command}{sep}{rest}"


def command_menu(language: str | None) -> Sequence[tuple[str, str]]:
    """(command, description) pairs of the menu in `language` (the docs and tests list them)."""
    return [(c, t(f"telegram.command.{c}", language)) for c in COMMANDS]
