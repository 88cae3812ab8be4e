"""Wiring: build every part from the configuration and run them in one event loop until told to stop.

This is the only module that knows all the parts: the register (deadlines/), the answering engine
(knowledge/), the chat core (handlers/), the channels (bot/telegram.py, bot/slack.py, bot/console.py)
and the reminder scheduler (bot/scheduler.py). `gdpr-bot run` calls `run()`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from dataclasses import dataclass, field
from datetime import time
from typing import TYPE_CHECKING, Protocol, TextIO

from bot.config import Config
from deadlines.clock import Clock, system_clock
from deadlines.reminders import Notifier

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from bot.console import ConsoleChannel
    from bot.scheduler import Scheduler
    from handlers.core import Core

log = logging.getLogger("gdpr_bot.app")
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
PURGE_AT = time(3, 30)  # local time of the daily purge of closed requests past their retention


class Channel(Protocol):
    """A chat channel the app starts and stops (Telegram, Slack)."""

    notifier: Notifier

    async def start(self) -> None:
        """Connect and begin handling updates."""
        ...

    async def stop(self) -> None:
        """Stop taking updates, finish in-flight sends, disconnect."""
        ...


@dataclass
class App:
    """Everything `gdpr-bot run` runs, built but not started."""

    config: Config
    engine: Engine
    core: Core
    channels: dict[str, Channel] = field(default_factory=dict)
    console: ConsoleChannel | None = None
    scheduler: Scheduler | None = None
    notifiers: dict[str, Notifier] = field(default_factory=dict)


def build(
    config: Config,
    *,
    clock: Clock = system_clock,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    engine: Engine | None = None,
) -> App:
    """Open the register (unless given), load the knowledge base and create the configured channels and scheduler."""
    from bot.console import ConsoleChannel
    from bot.notify import LogNotifier
    from bot.scheduler import Scheduler
    from deadlines.db import open_register
    from deadlines.reminders import ReminderService
    from handlers.core import Core
    from knowledge.answer import default_answerer

    engine = engine or open_register(config.register_url)
    core = Core(default_answerer(), engine, clock, config.access, config.organisations)
    app = App(config, engine, core)
    if config.telegram.enabled:
        app.channels["telegram"] = _telegram(config, core, clock)
    if config.slack.enabled:
        app.channels["slack"] = _slack(config, core, clock)
    app.notifiers = {name: channel.notifier for name, channel in app.channels.items()}
    if app.channels:
        app.notifiers["log"] = LogNotifier()
    else:  # the console shows every reminder, wherever its request was logged
        app.console = ConsoleChannel(core, stdin or sys.stdin, stdout or sys.stdout, language=config.language)
        app.notifiers["console"] = app.notifiers["log"] = app.console.notifier
    service = ReminderService(engine, clock, config.reminders, app.notifiers, config.languages())
    app.scheduler = Scheduler(service, config.reminders.scan_interval)
    app.scheduler.every_day("purge", lambda: purge_closed(engine, clock, config), PURGE_AT, "Europe/Copenhagen")
    return app


async def purge_closed(engine: Engine, clock: Clock, config: Config) -> int:
    """Delete requests closed longer ago than the retention period (a daily job); how many."""
    from deadlines.register import Actor, purge

    result = await asyncio.to_thread(purge, engine, clock, Actor("gdpr-bot", "cli"), older_than_days=config.retention)
    return result.count


def _telegram(config: Config, core: Core, clock: Clock) -> Channel:
    """The Telegram channel from [telegram]."""
    from bot.telegram import TelegramChannel

    tg = config.telegram
    assert tg.token is not None
    return TelegramChannel(
        core,
        tg.token,
        base_url=tg.base_url,
        mode=tg.mode,
        webhook_url=tg.webhook_url,
        webhook_listen=(tg.webhook_listen, tg.webhook_port),
        secret_token=tg.webhook_secret,
        clock=clock,
    )


def _slack(config: Config, core: Core, clock: Clock) -> Channel:
    """The Slack channel from [slack]."""
    from bot.slack import SlackChannel

    sl = config.slack
    assert sl.bot_token is not None
    return SlackChannel(
        core,
        sl.bot_token,
        signing_secret=sl.signing_secret,
        app_token=sl.app_token,
        base_url=sl.base_url,
        host=sl.host,
        port=sl.port,
        clock=clock,
    )


class StartError(Exception):
    """A channel failed to start: one line naming the channel and the cause, secrets blanked out."""


async def serve(app: App, stop: asyncio.Event | None = None) -> int:
    """Start everything, wait for SIGINT/SIGTERM (or `stop`, or the console's end), then stop cleanly."""
    loop = asyncio.get_running_loop()
    stop = stop or asyncio.Event()
    for sig in STOP_SIGNALS:
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not the main thread / not POSIX
            loop.add_signal_handler(sig, stop.set)
    started: list[tuple[str, Channel]] = []
    try:
        if await _start(app, started, stop):
            await _run_until_stopped(app, stop)
    finally:
        await _shutdown(app, started)
        for sig in STOP_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(sig)
    return 0


async def _start(app: App, started: list[tuple[str, Channel]], stop: asyncio.Event) -> bool:
    """Start the channels and the scheduler; False if a stop signal came first (start-up abandoned)."""
    starting = asyncio.ensure_future(_start_channels(app, started))
    stopping = asyncio.ensure_future(stop.wait())
    await asyncio.wait((starting, stopping), return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    if not starting.done():
        log.info("stop requested during start-up")
        starting.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await starting
        return False
    starting.result()  # StartError / ConfigError: _shutdown stops what had started
    if app.scheduler is not None:
        app.scheduler.start()
    log.info("running: %s; reminders every %ss", ", ".join(app.channels) or "console", app.config.reminders.scan_interval.total_seconds())
    return True


async def _start_channels(app: App, started: list[tuple[str, Channel]]) -> None:
    """Start each channel; one failing half-way is still stopped with the others (it is listed first)."""
    from bot.settings import ConfigError

    for name, channel in app.channels.items():
        started.append((name, channel))
        try:
            await channel.start()
        except ConfigError:
            raise
        except Exception as exc:
            raise StartError(f"the {name} channel did not start: {_redact(_first_line(exc), app.config)}") from None
        log.info("channel %s started", name)


def _first_line(exc: BaseException) -> str:
    """'ExceptionName: first line of its message'."""
    text = (str(exc).strip().splitlines() or [""])[0]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _redact(text: str, config: Config) -> str:
    """`text` with every configured secret (tokens, signing secret) replaced by ***."""
    tg, sl = config.telegram, config.slack
    secrets = (tg.token, tg.webhook_secret, sl.bot_token, sl.signing_secret, sl.app_token)
    for secret in sorted(filter(None, secrets), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


async def _run_until_stopped(app: App, stop: asyncio.Event) -> None:
    """Wait for `stop` or the console's end; a crashed console is an error, not a clean stop."""
    waiters = [asyncio.ensure_future(stop.wait())]
    if app.console is not None:
        waiters.append(asyncio.ensure_future(app.console.run()))
    done, pending = await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    for task in done:
        task.result()


async def _shutdown(app: App, started: list[tuple[str, Channel]]) -> None:
    """Stop the scheduler (its in-flight scan finishes), then the channels in reverse, then the database."""
    if app.scheduler is not None:
        await app.scheduler.shutdown()
    for name, channel in reversed(started):
        try:
            await channel.stop()
        except Exception:  # one channel failing to stop must not keep the others running
            log.exception("channel %s did not stop cleanly", name)
        else:
            log.info("channel %s stopped", name)
    app.engine.dispose()
    log.info("stopped")


def run(config: Config, *, clock: Clock = system_clock) -> int:
    """Build and serve until stopped; the exit status."""
    app = build(config, clock=clock)
    return asyncio.run(serve(app))
