"""`gdpr-bot run`: start the configured channels and the reminder scheduler in one process."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    """Add the `run` command."""
    p = sub.add_parser(
        "run",
        help="start the bot",
        description="Start the configured chat channels (Telegram, Slack) and the reminder scheduler in one "
        "process. With no chat tokens configured it runs the console channel: an interactive chat in this "
        "terminal over the register (GDPR_BOT_DATABASE_URL, the config file's, or a per-user SQLite file). "
        "SIGINT/SIGTERM stop it cleanly (exit status 0).",
    )
    p.add_argument("--config", metavar="FILE", help="configuration file (default: GDPR_BOT_CONFIG, else the defaults)")
    p.add_argument("--language", choices=("da", "sv", "en"), default=None, help="the console's language (default: the config's)")
    p.add_argument(
        "--clock",
        metavar="ISO_DATETIME",
        help="run as if it were this instant (with offset, e.g. 2026-12-21T09:00+01:00), at real speed: "
        "for demos and tests of reminders",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Load the configuration, build the app and serve until stopped."""
    import asyncio
    import dataclasses
    from datetime import datetime

    from bot.app import StartError, build, serve
    from bot.cli import CliError
    from bot.commands import load_knowledge_base, open_database
    from bot.config import load_config
    from bot.logs import setup_logging
    from deadlines.clock import Clock, OffsetClock, system_clock

    config = load_config(args.config)  # ConfigError: one line naming the key, exit 2
    if args.language:
        config = dataclasses.replace(config, language=args.language)
    setup_logging(config.logging, default_level="INFO" if config.chat_channels else "WARNING")
    clock: Clock = system_clock
    if args.clock:
        try:
            start = datetime.fromisoformat(args.clock)
        except ValueError:
            raise CliError(f"--clock: not an ISO date-time: {args.clock!r}") from None
        if start.tzinfo is None:
            raise CliError("--clock needs a UTC offset, e.g. 2026-12-21T09:00+01:00")
        clock = OffsetClock(start)
    load_knowledge_base()
    app = build(config, clock=clock, engine=open_database(config.register_url))
    try:
        return asyncio.run(serve(app))
    except StartError as exc:  # already stopped what had started
        raise CliError(str(exc)) from None
