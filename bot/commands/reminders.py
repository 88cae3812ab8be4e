"""`gdpr-bot reminders due|run-once`: preview and send deadline reminders from the command line.

`due --at ISO_DATETIME [--json]` lists what a scan at that instant would send, without sending or
claiming anything: JSON `[{"request", "stage", "deadline", "to", ...}]`. `run-once` runs one scan
now (or `--at`): it claims and sends what is due through the console notifier when no chat channel
is configured; with Telegram or Slack configured, their reminders are left for the running bot.
Settings (hour, stages, escalation, fallback, digest) and languages come from the configuration.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from deadlines.clock import Clock, system_clock

if TYPE_CHECKING:
    from bot.config import Config

# The clock `run-once` uses without --at; tests replace it (monkeypatch) with a deadlines.clock.FixedClock.
clock: Clock = system_clock

DEFAULT_ZONE = "Europe/Copenhagen"  # a time given without an offset is read in the organisations' zone


def register(subparsers: Any) -> None:
    """Add `reminders` with `due` and `run-once`."""
    parser = subparsers.add_parser(
        "reminders",
        help="deadline reminders: what is due, send what is due now",
        description="Deadline reminders of open data-subject requests (docs/reminders.md).",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database", metavar="URL", help="SQLAlchemy URL (default: configuration, GDPR_BOT_DATABASE_URL or a per-user SQLite file)")
    common.add_argument("--config", metavar="FILE", help="configuration file (default: GDPR_BOT_CONFIG)")
    common.add_argument("--json", action="store_true", help="print one JSON document")
    common.add_argument("--lang", choices=("da", "sv", "en"), default="en", help="language of messages (default: en)")

    p = actions.add_parser("due", parents=[common], help="list what would be sent at an instant (sends nothing)")
    p.add_argument("--at", required=True, metavar="ISO_DATETIME", help="e.g. 2026-12-14T09:30+01:00 (no offset: Danish/Swedish time)")
    p.set_defaults(func=_due)

    p = actions.add_parser("run-once", parents=[common], help="send the reminders due now (one scan)")
    p.add_argument("--at", metavar="ISO_DATETIME", help="scan as if it were this instant (tests, catching up)")
    p.set_defaults(func=_run_once)


def _t(args: argparse.Namespace, key: str, **values: Any) -> str:
    """A message in the chosen language."""
    from handlers.wording import t

    return t(key, args.lang, **values)


def parse_at(text: str) -> datetime:
    """An aware instant from ISO 8601 text; without an offset, in Danish/Swedish local time. ValueError if invalid."""
    value = datetime.fromisoformat(text.strip())
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=ZoneInfo(DEFAULT_ZONE))
    return value


def _at(args: argparse.Namespace) -> datetime | None:
    """--at as an aware datetime (None when not given); a bad value is a one-line CLI error."""
    from bot.cli import CliError

    if args.at is None:
        return None
    try:
        return parse_at(args.at)
    except (ValueError, OverflowError):
        raise CliError(_t(args, "reminders.cli.invalid_at", value=str(args.at)[:40])) from None


def _config(args: argparse.Namespace) -> Config:
    """The validated configuration (--config, GDPR_BOT_CONFIG or defaults)."""
    from bot.cli import CliError
    from bot.config import ConfigError, load_config

    try:
        return load_config(args.config)
    except ConfigError as exc:
        raise CliError(str(exc)) from None


def _engine(args: argparse.Namespace, config: Config) -> Any:
    """The migrated register (--database, else the configuration's, else the default)."""
    from bot.cli import CliError
    from bot.commands import first_line
    from deadlines.db import open_register

    try:
        return open_register(args.database or config.register_url)
    except Exception as exc:  # a bad URL or an unreachable server: one line, no traceback
        raise CliError(_t(args, "reminders.cli.no_database", error=f"{type(exc).__name__}: {first_line(exc)}")) from exc


def _due(args: argparse.Namespace) -> int:
    """`reminders due --at`."""
    from deadlines.reminders import ReminderService

    at = _at(args)
    config = _config(args)
    engine = _engine(args, config)
    try:
        reminders = ReminderService(engine, clock, config.reminders, languages=config.languages()).due(at)
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps([r.to_dict() for r in reminders], ensure_ascii=False, indent=2))
        return 0
    if not reminders:
        print(_t(args, "reminders.cli.none_due"))
        return 0
    rows = [("REQUEST", "STAGE", "DEADLINE", "DAYS LEFT", "TO")]
    rows += [(r.request.ref, r.stage, r.deadline.isoformat(), str(r.days_left), str(r.to)) for r in reminders]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return 0


def _run_once(args: argparse.Namespace) -> int:
    """`reminders run-once`: one scan; reminders printed (to stderr with --json), then a summary."""
    import asyncio

    from bot.cli import CliError
    from bot.notify import ConsoleNotifier, text_notifiers
    from deadlines.reminders import ReminderService

    at = _at(args)
    config = _config(args)
    engine = _engine(args, config)
    notifiers = text_notifiers(ConsoleNotifier(sys.stderr if args.json else sys.stdout), catch_all=not config.chat_channels)
    try:
        service = ReminderService(engine, clock, config.reminders, notifiers, config.languages())
        result = asyncio.run(service.scan_once(at))
    finally:
        engine.dispose()
    if result.error is not None:
        raise CliError(_t(args, "reminders.cli.no_database", error=result.error))
    if args.json:
        print(json.dumps({"ok": True, **result.to_dict()}, ensure_ascii=False, indent=2))
    else:
        print(_t(args, "reminders.cli.summary", sent=result.sent, failed=result.failed, deferred=result.deferred))
    return 0 if result.failed == 0 else 1
