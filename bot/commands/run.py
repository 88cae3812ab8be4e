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
        "an interactive chat in this terminal.",
    )
    p.add_argument("--language", choices=("da", "sv", "en"), default="en", help="language of the greeting")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the console channel on stdin/stdout."""
    import sys

    from bot.commands import load_answerer
    from bot.console import run_console

    return run_console(load_answerer(), sys.stdin, sys.stdout, args.language)
