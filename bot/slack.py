"""The Slack channel: slack-bolt's AsyncApp in the bot's event loop, over HTTP or through Socket Mode.

A thin adapter. Bolt answers Slack as soon as a listener returns (`process_before_response`), and
the listeners only `ack()` and start a task: the work — the channel-neutral `Core` in a worker
thread, then the Web API call with the rendered `Reply` — runs in tracked background tasks that
`stop()` lets finish. Modal submissions are the exception: they wait (at most ACK_BUDGET seconds)
for the register, so that a problem is shown in the modal itself.

Mapping: a direct message → `Core.handle` (private); an @mention → "/ask …" answered in its thread;
`/gdpr SUB ARGS` → the text command "/SUB ARGS", answered ephemerally through the response URL;
`/gdpr log` → the log modal → `Core.submit_log`; a button → `Core.press`, its result replacing the
pressed message (or shown in a modal on the App Home), except Extend, which first asks for the reason
in a modal → "/extend ID reason"; the App Home tab → `Core.open_list`. Retried events are dropped
by `event_id`.
"""

from __future__ import annotations

import asyncio
import logging
import re
import traceback
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, TypeVar

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler, AsyncServerErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.render_slack import (
    ACTION_PREFIX,
    EXTEND_CALLBACK,
    FORCE,
    LOG_CALLBACK,
    LOG_OPEN_ACTION,
    REASON,
    SLASH_COMMAND,
    extend_modal,
    home_view,
    log_modal,
    pack_metadata,
    render,
    reply_modal,
    unpack_metadata,
    view_values,
)
from bot.settings import ConfigError
from deadlines.clock import Clock, system_clock
from deadlines.register import RequestView
from deadlines.reminders import Destination, Reminder
from handlers.core import Core, LogForm, decode_action
from handlers.message import Incoming
from handlers.reminders import render_digest, render_reminder
from handlers.reply import Reply
from handlers.wording import t

log = logging.getLogger("gdpr_bot.slack")

EVENTS_PATH = "/slack/events"  # events, slash commands and interactivity all post here
DEFAULT_BASE_URL = "https://slack.com/api/"
EXTEND_COMMAND = "extend"  # the button that asks for a reason in a modal before acting
ACK_BUDGET = 2.0  # seconds a modal submission may wait for the register (Slack allows 3)
STOP_GRACE = 10.0  # seconds stop() waits for in-flight work
EVENT_MEMORY = timedelta(hours=1)  # Slack retries an event for minutes; remember ids this long
EVENT_MEMORY_SIZE = 10_000
# Core calls running at once in worker threads: a burst of Slack work cannot take every thread of the
# loop's default executor, which Telegram and the reminder scheduler use too.
CORE_THREADS = 4

TOKEN_ERRORS = frozenset(
    {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "not_allowed_token_type"}
)
_LINK = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")
_T = TypeVar("_T")
Ack = Callable[..., Awaitable[None]]
Origin = dict[str, str]  # where a result is shown: {"kind": message|ephemeral|command|home|modal, ...}


def from_slack(text: str) -> str:
    """Slack's message encoding undone: <mailto:a@b|a@b> → a@b, <@U1> → @U1, &lt; → <, …."""

    def link(match: re.Match[str]) -> str:
        """A link or mention as the text a person typed."""
        target, label = match.group(1), match.group(2)
        return label or target.removeprefix("mailto:").removeprefix("tel:")

    return _LINK.sub(link, text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def command_text(text: str) -> str:
    """`/gdpr SUB ARGS` as the core's text command "/SUB ARGS" ("/help" when empty)."""
    text = text.strip().lstrip("/")
    return f"/{text}" if text else "/help"


def mention_text(text: str, bot_user_id: str | None) -> str:
    """An @mention's text without the bot's mention: a /command as written, else "/ask …"."""
    text = text.replace(f"<@{bot_user_id}>", " ") if bot_user_id else re.sub(r"^\s*<@[A-Z0-9]+>", " ", text)
    text = from_slack(text).strip()
    if not text:
        return "/help"
    return text if text.startswith("/") else f"/ask {text}"


def is_direct(channel_id: str) -> bool:
    """Whether a Slack conversation id is a direct message with the bot (D…)."""
    return channel_id.startswith("D")


class EventMemory:
    """The event ids seen recently, so each of Slack's retries of an event is dropped."""

    def __init__(self, clock: Clock, keep: timedelta = EVENT_MEMORY, size: int = EVENT_MEMORY_SIZE) -> None:
        self.clock, self.keep, self.size = clock, keep, size
        self._seen: OrderedDict[str, datetime] = OrderedDict()

    def first(self, event_id: str) -> bool:
        """True the first time `event_id` is seen (within `keep`), False for a retry."""
        now = self.clock()
        while self._seen and (len(self._seen) >= self.size or now - next(iter(self._seen.values())) > self.keep):
            self._seen.popitem(last=False)
        if event_id in self._seen:
            return False
        self._seen[event_id] = now
        return True


class SlackNotifier:
    """Sends reminders and digests as Block Kit messages (with Done / Extend buttons); raises on failure."""

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    async def post(self, channel: str, reply: Reply, thread_ts: str | None = None) -> str:
        """chat.postMessage of a Reply (in a thread when `thread_ts` is given); the message's ts."""
        text, blocks = render(reply)
        result = await self.client.chat_postMessage(
            channel=channel, text=text, blocks=blocks, thread_ts=thread_ts, unfurl_links=False, unfurl_media=False
        )
        return str(result.get("ts", ""))

    async def send_reminder(self, reminder: Reminder) -> None:
        """Deliver one reminder to its conversation."""
        await self.post(reminder.to.chat_id, render_reminder(reminder))
        log.info("slack: reminder sent for %s (%s)", reminder.request.ref, reminder.stage)

    async def send_digest(self, to: Destination, requests: tuple[RequestView, ...], language: str) -> None:
        """Deliver the weekly digest of open requests."""
        await self.post(to.chat_id, render_digest(requests, language))
        log.info("slack: digest sent (%d requests)", len(requests))


class SlackChannel:
    """The Slack adapter: Bolt listeners → Core → Web API; served over HTTP, or through Socket Mode."""

    def __init__(
        self,
        core: Core,
        bot_token: str,
        *,
        signing_secret: str | None = None,
        app_token: str | None = None,
        base_url: str | None = None,
        host: str = "127.0.0.1",
        port: int = 3000,
        clock: Clock = system_clock,
    ) -> None:
        if not app_token and not signing_secret:
            raise ConfigError(
                "slack.signing_secret: required in HTTP mode (GDPR_BOT_SLACK_SIGNING_SECRET), "
                "or set slack.app_token for Socket Mode"
            )
        self.core, self.clock, self.host, self.port, self.app_token = core, clock, host, port, app_token
        base = base_url or DEFAULT_BASE_URL
        self.client = AsyncWebClient(token=bot_token, base_url=base if base.endswith("/") else base + "/")
        # Besides the default connection-error retry: 429 after Retry-After, one retry of a 5xx.
        self.client.retry_handlers += [
            AsyncRateLimitErrorRetryHandler(max_retry_count=2),
            AsyncServerErrorRetryHandler(max_retry_count=1),
        ]
        self.app = AsyncApp(
            name="gdpr-bot",
            client=self.client,
            signing_secret=signing_secret or "",
            process_before_response=True,  # Slack gets its answer when the listener returns; listeners only ack
            request_verification_enabled=not app_token,  # Socket Mode envelopes are not signed
        )
        self.notifier = SlackNotifier(self.client)
        self.events = EventMemory(clock)
        self._tasks: set[asyncio.Future[Any]] = set()
        self._core_slots = asyncio.Semaphore(CORE_THREADS)
        self._session: aiohttp.ClientSession | None = None
        self._runner: web.AppRunner | None = None
        self._socket: Any = None
        self._register()

    # --- life cycle ------------------------------------------------------------------------------

    @property
    def socket_mode(self) -> bool:
        """Whether the channel connects through Socket Mode (an app-level token is configured)."""
        return bool(self.app_token)

    async def start(self) -> None:
        """Check the bot token, then listen: Socket Mode, or an HTTP server on host:port."""
        self._session = aiohttp.ClientSession()
        self.client.session = self._session
        await self._check_token()
        if self.socket_mode:
            from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

            self._socket = AsyncSocketModeHandler(self.app, self.app_token)
            await self._socket.connect_async()
            log.info("slack: connected in Socket Mode")
            return
        server = web.Application()
        server.router.add_post(EVENTS_PATH, self._serve)
        self._runner = web.AppRunner(server, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        self.port = self._runner.addresses[0][1]
        log.info("slack: HTTP mode on %s:%s%s", self.host, self.port, EVENTS_PATH)

    async def _check_token(self) -> None:
        """auth.test: a refused token stops the start (ConfigError); Slack being unreachable only warns."""
        try:
            auth = await self.client.auth_test()
        except SlackApiError as exc:
            error = exc.response.get("error")
            if error in TOKEN_ERRORS:
                await self.stop()
                raise ConfigError(f"slack.bot_token: Slack refused the token ({error})") from None
            log.warning("slack: auth.test failed (%s); starting anyway", error)
        except (TimeoutError, aiohttp.ClientError) as exc:
            log.warning("slack: Slack not reachable (%s); starting anyway", type(exc).__name__)
        else:
            log.info("slack: bot user %s in team %s", auth.get("user_id"), auth.get("team_id"))

    async def stop(self) -> None:
        """Stop taking requests, let in-flight work finish (up to STOP_GRACE s), close the connections."""
        if self._socket is not None:
            await self._socket.close_async()
            self._socket = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        await self.idle(STOP_GRACE)
        if self._session is not None:
            await self._session.close()
            self._session = None
            self.client.session = None

    async def idle(self, timeout: float = STOP_GRACE) -> None:
        """Wait until the work started by earlier requests (and the work it starts) is done, at most `timeout` s."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self._tasks and loop.time() < deadline:
            await asyncio.wait(set(self._tasks), timeout=deadline - loop.time())

    async def _serve(self, request: web.Request) -> web.Response:
        """One HTTP request from Slack through Bolt (signature check, url_verification, listeners)."""
        response = await self.app.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(response)

    def _register(self) -> None:
        """Attach the middleware and listeners to the Bolt app."""
        self.app.middleware(self._dedupe)
        self.app.command(SLASH_COMMAND)(self._on_command)
        self.app.event("app_mention")(self._on_mention)
        self.app.event("message")(self._on_message)
        self.app.event("app_home_opened")(self._on_home)
        self.app.action(LOG_OPEN_ACTION)(self._on_log_button)
        self.app.action(re.compile(f"^{ACTION_PREFIX}:"))(self._on_action)
        self.app.view(LOG_CALLBACK)(self._on_log_submit)
        self.app.view(EXTEND_CALLBACK)(self._on_extend_submit)

    def _spawn(self, work: Coroutine[Any, Any, None], what: str) -> None:
        """Run `work` after the ack, tracked so stop() waits for it; a failure is logged, never raised."""
        task = asyncio.ensure_future(self._guard(work, what))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @staticmethod
    async def _guard(work: Awaitable[None], what: str) -> None:
        """Await `work`, logging a failure by type and place only (messages may quote user text)."""
        try:
            await work
        except Exception as exc:  # one failed update must never stop the channel
            _log_failure(what, exc)

    # --- Bolt middleware and listeners: ack at once, work in the background -------------------------

    async def _dedupe(self, body: dict[str, Any], next: Callable[[], Awaitable[None]]) -> BoltResponse | None:
        """Middleware: a retried Events API delivery (same event_id) is answered 200 and not handled again."""
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if isinstance(event_id, str) and not self.events.first(event_id):
            log.info("slack: event %s already handled, retry dropped", event_id)
            return BoltResponse(status=200, body="")
        await next()
        return None

    async def _on_command(self, ack: Ack, command: dict[str, Any]) -> None:
        """/gdpr …: an empty ack at once; the answer follows through the response URL."""
        await ack()
        self._spawn(self._command(command), "slash command")

    async def _on_mention(self, event: dict[str, Any], context: Mapping[str, Any]) -> None:
        """An @mention in a channel: answered in its thread."""
        self._spawn(self._mention(event, context.get("bot_user_id")), "mention")

    async def _on_message(self, event: dict[str, Any]) -> None:
        """A direct message to the bot; other message events (edits, joins, channels) are ignored."""
        if event.get("channel_type") == "im" and not event.get("subtype") and not event.get("bot_id"):
            self._spawn(self._direct(event), "direct message")

    async def _on_home(self, event: dict[str, Any]) -> None:
        """The App Home tab was opened: publish the open requests."""
        if event.get("tab") == "home":
            msg = Incoming("slack", event.get("channel") or event["user"], event["user"], private=True)
            self._spawn(self.publish_home(msg), "app home")

    async def _on_action(self, ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        """A reply button: ack, then press it."""
        await ack()
        self._spawn(self._press(body, action.get("value", "")), "button")

    async def _on_log_button(self, ack: Ack, body: dict[str, Any]) -> None:
        """The App Home's "log a request" button: the log modal."""
        await ack()
        msg = self._action_incoming(body)
        self._spawn(self._open_log(body["trigger_id"], msg, {"kind": "home", "channel": msg.chat_id}), "log button")

    async def _on_log_submit(self, ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        """The log modal was submitted: log the request (a problem is shown in the modal)."""
        origin = unpack_metadata(view.get("private_metadata"))
        msg = self._view_incoming(body, origin)
        v = view_values(view)
        form = LogForm(
            v.get("organisation", ""),
            v.get("type", ""),
            v.get("received", ""),
            v.get("via", ""),
            v.get("subject", ""),
            force=FORCE in v.get(FORCE, "").split(),  # the "log it anyway" box, shown after a duplicate
        )
        await self._submit(
            ack, origin, msg, self._reply(self.core.submit_log, msg, form), lambda error: self._log_view(msg, origin, error)
        )

    async def _on_extend_submit(self, ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        """The extend modal was submitted: "/extend ID reason" (a problem is shown in the modal)."""
        origin = unpack_metadata(view.get("private_metadata"))
        reason = " ".join(view_values(view).get(REASON, "").split())
        msg = self._view_incoming(body, origin, f"/{EXTEND_COMMAND} {origin.get('ref', '')} {reason}")
        await self._submit(
            ack,
            origin,
            msg,
            self._reply(self.core.handle, msg),
            lambda error: extend_modal(error.language, origin.get("ref", ""), pack_metadata(origin), error.plain()),
        )

    # --- the work -----------------------------------------------------------------------------------

    async def _command(self, body: dict[str, Any]) -> None:
        """One /gdpr command: a modal for `log` and `extend ID`, else the core's text command."""
        text = from_slack(body.get("text", ""))
        channel = body.get("channel_id", "")
        msg = Incoming("slack", channel, body["user_id"], body.get("user_name", ""), command_text(text), None, is_direct(channel))
        origin = {"kind": "command", "channel": channel, "response_url": body.get("response_url", "")}
        words = msg.text.split()
        verb = words[0].lower()
        if verb == "/log" and len(words) == 1 and self._staff(msg):
            await self._open_log(body["trigger_id"], msg, origin)
        elif verb == f"/{EXTEND_COMMAND}" and len(words) == 2 and self._staff(msg):
            await self._open_extend(body["trigger_id"], msg, {**origin, "ref": words[1]})
        elif (reply := await self._reply(self.core.handle, msg)) is not None:
            await self.respond(origin["response_url"], reply)

    async def _mention(self, event: dict[str, Any], bot_user_id: str | None) -> None:
        """Answer an @mention in its thread."""
        channel = event["channel"]
        msg = Incoming(
            "slack",
            channel,
            event.get("user", ""),
            text=mention_text(event.get("text", ""), bot_user_id),
            private=is_direct(channel),
        )
        reply = await self._reply(self.core.handle, msg)
        if reply is not None:
            await self.notifier.post(channel, reply, thread_ts=event.get("thread_ts") or event.get("ts"))

    async def _direct(self, event: dict[str, Any]) -> None:
        """Answer a direct message (in its thread when it was written in one)."""
        msg = Incoming("slack", event["channel"], event.get("user", ""), text=from_slack(event.get("text", "")), private=True)
        reply = await self._reply(self.core.handle, msg)
        if reply is not None:
            await self.notifier.post(event["channel"], reply, thread_ts=event.get("thread_ts"))

    async def publish_home(self, msg: Incoming) -> None:
        """Publish the App Home tab of `msg.user_id`: the open requests by deadline, with buttons."""
        reply = await self._reply(self.core.open_list, msg)
        assert reply is not None
        staff = self._staff(msg)
        await self.client.views_publish(
            user_id=msg.user_id, view=home_view(reply, pack_metadata({"channel": msg.chat_id}), log_button=staff)
        )

    async def _press(self, body: dict[str, Any], value: str) -> None:
        """Press a reply button: its result replaces the pressed message (Extend asks for a reason first)."""
        command, argument = decode_action(value)
        msg = self._action_incoming(body)
        origin = self._origin(body, msg)
        if command == EXTEND_COMMAND and self._staff(msg):
            await self._open_extend(body["trigger_id"], msg, {**origin, "ref": argument}, push=origin["kind"] == "modal")
            return
        reply = await self._reply(self.core.press, msg, command, argument)
        assert reply is not None
        await self._show(origin, msg, reply, body.get("trigger_id"))

    async def _open_log(self, trigger_id: str, msg: Incoming, origin: Origin) -> None:
        """Open the log modal (callers offer it to staff only; the core refuses anyone else's submission)."""
        await self.client.views_open(trigger_id=trigger_id, view=await self._call(self._log_view, msg, origin, None))

    async def _open_extend(self, trigger_id: str, msg: Incoming, origin: Origin, push: bool = False) -> None:
        """Open (or push over a modal) the modal asking for the extension's reason."""
        lang = await self._call(self.core.language, msg)
        view = extend_modal(lang, origin["ref"], pack_metadata(origin))
        if push:
            await self.client.views_push(trigger_id=trigger_id, view=view)
        else:
            await self.client.views_open(trigger_id=trigger_id, view=view)

    async def _submit(
        self, ack: Ack, origin: Origin, msg: Incoming, work: Awaitable[Reply | None], modal: Callable[[Reply], dict[str, Any]]
    ) -> None:
        """Ack a modal submission once its work is done (up to ACK_BUDGET s).

        An error Reply re-renders the modal with the error on top (the typed values stay). A result
        for the App Home replaces the modal; any other closes it and is shown where the modal came
        from. Work that takes longer is acked first and its result shown where it came from.
        """
        task = asyncio.ensure_future(work)
        done, _ = await asyncio.wait({task}, timeout=ACK_BUDGET)
        reply = task.result() if done else None
        if reply is not None and reply.error:
            await ack(response_action="update", view=await self._call(modal, reply))
        elif reply is not None and origin.get("kind") in ("home", "modal"):
            await ack(response_action="update", view=_reply_view(reply, msg))
            self._spawn(self.publish_home(msg), "app home")
        else:
            await ack()
            self._spawn(self._finish(task, origin, msg), "modal result")

    async def _finish(self, work: Awaitable[Reply | None], origin: Origin, msg: Incoming) -> None:
        """Show a submission's result where its modal was opened from."""
        reply = await work
        if reply is not None:
            if reply.error:  # what a refused form offers (the log modal's "log anyway") only the modal can do
                reply = replace(reply, actions=())
            await self._show(origin, msg, reply)

    async def _show(self, origin: Origin, msg: Incoming, reply: Reply, trigger_id: str | None = None) -> None:
        """Show a result in place: the bot's message, the ephemeral answer, a modal (App Home), or a new answer."""
        kind = origin.get("kind")
        if kind == "message":
            text, blocks = render(reply)
            await self.client.chat_update(channel=origin["channel"], ts=origin["ts"], text=text, blocks=blocks)
        elif kind in ("ephemeral", "command"):
            await self.respond(origin["response_url"], reply, replace=kind == "ephemeral")
        elif kind == "modal":
            await self.client.views_update(view_id=origin["view_id"], view=_reply_view(reply, msg))
        else:
            await self._open_or_post(trigger_id, msg, reply)
        if kind in ("home", "modal"):
            await self.publish_home(msg)

    async def _open_or_post(self, trigger_id: str | None, msg: Incoming, reply: Reply) -> None:
        """A result for the App Home: in a modal while the trigger is fresh, else in the bot's DM."""
        if trigger_id:
            try:
                await self.client.views_open(trigger_id=trigger_id, view=_reply_view(reply, msg))
                return
            except SlackApiError as exc:  # e.g. expired_trigger_id: the work took over 3 s
                log.info("slack: modal not opened (%s); answering in the DM", exc.response.get("error"))
        await self.notifier.post(msg.user_id, reply)

    async def respond(self, response_url: str, reply: Reply, replace: bool = False) -> None:
        """Answer through a response URL: a new ephemeral message, or the replacement of the original."""
        text, blocks = render(reply)
        extra: dict[str, Any] = {"replace_original": True} if replace else {"response_type": "ephemeral"}
        result = await AsyncWebhookClient(response_url, session=self._session).send(text=text, blocks=blocks, **extra)
        if result.status_code != 200:
            raise RuntimeError(f"response URL answered HTTP {result.status_code}")

    # --- helpers ------------------------------------------------------------------------------------

    async def _call(self, fn: Callable[..., _T], *args: Any) -> _T:
        """Run a synchronous core function in a worker thread (at most CORE_THREADS at once)."""
        async with self._core_slots:
            return await asyncio.to_thread(fn, *args)

    async def _reply(self, fn: Callable[..., Reply | None], msg: Incoming, *args: Any) -> Reply | None:
        """A core call's Reply; an unexpected failure becomes the short "something went wrong" reply."""
        try:
            return await self._call(fn, msg, *args)
        except Exception as exc:
            _log_failure(getattr(fn, "__name__", "core"), exc)
            try:
                lang = await self._call(self.core.language, msg)
            except Exception:
                lang = "en"
            return Reply(lang, intro=t("error.internal", lang), error=True)

    def _staff(self, msg: Incoming) -> bool:
        """Whether the sender may use the register here (else the core's command gives its refusal)."""
        return self.core.access.is_staff(msg)

    def _log_view(self, msg: Incoming, origin: Origin, error: Reply | None) -> dict[str, Any]:
        """The log modal for this user and chat: the organisations it serves, today in their zone."""
        lang = error.language if error is not None else self.core.language(msg)
        slugs = self.core.orgs_for(msg)
        names = {slug: self._org_name(slug) for slug in slugs}
        today = self.core.today(slugs[0] if slugs else "")  # the organisation's zone (Copenhagen when none)
        duplicate = error is not None and LogForm.offers_force(error)
        return log_modal(lang, names, today, pack_metadata(origin), error.plain() if error else None, duplicate)

    def _org_name(self, slug: str) -> str:
        """An organisation's display name from the knowledge base (its slug when unknown)."""
        org = self.core.answerer.kb.get(slug)
        return org.display_name if org is not None else slug

    def _action_incoming(self, body: dict[str, Any]) -> Incoming:
        """The Incoming of a button press: its conversation, or the App Home's DM."""
        user = body.get("user") or {}
        view_meta = unpack_metadata((body.get("view") or {}).get("private_metadata"))
        channel = (body.get("channel") or {}).get("id") or view_meta.get("channel") or user.get("id", "")
        return Incoming(
            "slack", channel, user.get("id", ""), user.get("username") or user.get("name") or "", private=is_direct(channel)
        )

    @staticmethod
    def _view_incoming(body: dict[str, Any], origin: Origin, text: str = "") -> Incoming:
        """The Incoming of a modal submission, in the conversation the modal was opened from."""
        user = body.get("user") or {}
        channel = origin.get("channel") or user.get("id", "")
        return Incoming(
            "slack", channel, user.get("id", ""), user.get("username") or user.get("name") or "", text, None, is_direct(channel)
        )

    @staticmethod
    def _origin(body: dict[str, Any], msg: Incoming) -> Origin:
        """Where a pressed button lives: a message (channel + ts), an ephemeral answer, the App Home, or a modal."""
        container = body.get("container") or {}
        if container.get("type") == "view":
            view = body.get("view") or {}
            if view.get("type") == "modal":
                return {"kind": "modal", "channel": msg.chat_id, "view_id": view.get("id") or container.get("view_id", "")}
            return {"kind": "home", "channel": msg.chat_id}
        if container.get("is_ephemeral") or not container.get("message_ts"):
            return {"kind": "ephemeral", "channel": msg.chat_id, "response_url": body.get("response_url", "")}
        return {"kind": "message", "channel": container.get("channel_id") or msg.chat_id, "ts": container["message_ts"]}


def _reply_view(reply: Reply, msg: Incoming) -> dict[str, Any]:
    """A Reply in a modal that remembers the conversation (for the buttons in it)."""
    return reply_modal(reply, pack_metadata({"channel": msg.chat_id}))


def _log_failure(what: str, exc: BaseException) -> None:
    """Log a failure by type and code lines, without its message (which may quote a subject reference)."""
    stack = "".join(traceback.format_tb(exc.__traceback__))
    log.error("slack: %s failed: %s\n%s", what, type(exc).__name__, stack)
