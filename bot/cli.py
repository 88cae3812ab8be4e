"""The `gdpr-bot` console script: argument parsing and dispatch to lazily imported subcommands."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from bot.settings import ConfigError

# Subcommand modules in help order. Each has `register(subparsers)`, which adds its parser and sets
# `func(args) -> int`. Modules import their heavy dependencies inside `func`, keeping start-up fast.
COMMAND_MODULES: tuple[str, ...] = (
    "bot.commands.ask",
    "bot.commands.kb",
    "bot.commands.deadline",
    "bot.commands.requests",
    "bot.commands.db",
    "bot.commands.reminders",
    "bot.commands.run",
    "bot.commands.config",
)


class CliError(Exception):
    """A user-facing command-line error: printed as one line, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    """Build the full argument parser with every available subcommand."""
    parser = argparse.ArgumentParser(
        prog="gdpr-bot",
        description="GDPR assistant for Nordic webshops: answers from the privacy policies, "
        "a register of data-subject requests with legal deadlines, and reminders.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:  # a subcommand not built yet
            if exc.name == name:
                continue
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: parse arguments, run the subcommand, turn expected errors into one-line messages."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(f"gdpr-bot: {exc}", file=sys.stderr)
        return 2
    except ConfigError as exc:
        print(f"gdpr-bot: invalid configuration: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    # Run the module as `bot.cli` so commands' `from bot.cli import CliError` is this same class.
    sys.exit(importlib.import_module("bot.cli").main())
