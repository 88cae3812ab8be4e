"""`gdpr-bot init` and `gdpr-bot check-config`: write an example configuration, validate one."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    """Add `init` and `check-config`."""
    p = sub.add_parser(
        "init",
        help="write a commented example configuration file",
        description="Write a commented example configuration (TOML). Secrets stay in environment variables.",
    )
    p.add_argument("path", nargs="?", default="gdpr-bot.toml", help="where to write it (default: ./gdpr-bot.toml)")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(func=init)

    p = sub.add_parser(
        "check-config",
        help="validate a configuration file and the secrets in the environment",
        description="Validate the configuration (--config, else GDPR_BOT_CONFIG, else the defaults) "
        "and print what would run. Exit status 0 when valid, 2 with a message naming the bad key otherwise.",
    )
    p.add_argument("--config", metavar="FILE", help="configuration file (default: GDPR_BOT_CONFIG)")
    p.set_defaults(func=check)


def init(args: argparse.Namespace) -> int:
    """Write the example configuration (never over an existing file without --force)."""
    from bot.cli import CliError
    from bot.config import example_config

    path = Path(args.path)
    if path.exists() and not args.force:
        raise CliError(f"{path} exists; use --force to overwrite it")
    try:
        path.write_text(example_config(), encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror}") from None
    print(f"wrote {path}; check it with: gdpr-bot check-config --config {path}")
    return 0


def check(args: argparse.Namespace) -> int:
    """Validate and summarise the configuration."""
    from bot.cli import CliError
    from bot.commands import load_knowledge_base
    from bot.config import ConfigError, load_config

    load_knowledge_base()
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        raise CliError(str(exc)) from None
    print(describe(config, config.register_url), file=sys.stdout)
    return 0


def describe(config: Any, url: str) -> str:
    """A short, secret-free summary of what `gdpr-bot run` would start."""
    from sqlalchemy import make_url

    channels = ", ".join(config.chat_channels) or "console"
    slack = config.slack
    lines = [
        f"configuration: {config.source} (valid)",
        f"channels: {channels}" + (" (Slack in Socket Mode)" if slack.enabled and slack.socket_mode else ""),
        f"database: {make_url(url).render_as_string(hide_password=True)}",
        f"reminders: at {config.reminders.hour:%H:%M} local time, {', '.join(map(str, config.reminders.days_before))} days before, "
        f"escalation {config.reminders.escalation or 'none'}, digest {config.reminders.digest.to if config.reminders.digest else 'none'}",
        "organisations: " + ", ".join(f"{o.slug} ({o.country}, {o.language}, {len(o.chats)} chats)" for o in config.organisations.values()),
        f"staff: telegram {len(config.access.staff.get('telegram', ()))}, slack {len(config.access.staff.get('slack', ()))}",
    ]
    return "\n".join(lines)
