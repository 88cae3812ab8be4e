"""`gdpr-bot run`: start the bot (the console channel until chat tokens are configured)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    """Add the `run` command."""
    p = sub.add_parser(
        "run",
        help="start the bot",
        description="Start the bot. With no Telegram or Slack tokens configured it runs the console channel: "
        "an interactive chat in this terminal over the register (GDPR_BOT_DATABASE_URL or a per-user SQLite file).",
    )
    p.add_argument(
        "--language", choices=("da", "sv", "en"), default=None, help="language of the greeting and of command replies"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the console channel on stdin/stdout over the register and the knowledge base."""
    import sys

    from bot.cli import CliError
    from bot.commands import load_answerer
    from bot.console import run_console
    from bot.settings import database_url
    from deadlines.clock import system_clock
    from deadlines.db import open_register
    from handlers.core import Core

    answerer = load_answerer()
    try:
        engine = open_register(database_url())
    except Exception as exc:  # a bad URL or an unreachable server: one line, no traceback
        first = (str(exc).strip().splitlines() or [""])[0]
        raise CliError(f"cannot open the register database: {type(exc).__name__}: {first}") from exc
    try:
        return run_console(Core(answerer, engine, system_clock), sys.stdin, sys.stdout, args.language)
    finally:
        engine.dispose()
