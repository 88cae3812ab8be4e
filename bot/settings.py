"""Process-wide settings read from the environment (the TOML config file builds on these)."""

from __future__ import annotations

import os
from pathlib import Path

COUNTRY_TIMEZONES: dict[str, str] = {"DK": "Europe/Copenhagen", "SE": "Europe/Stockholm"}


class ConfigError(Exception):
    """A configuration problem; the message names the file and the key (bot.config raises it)."""


def data_dir() -> Path:
    """Per-user data directory (GDPR_BOT_DATA_DIR overrides), created on demand."""
    override = os.environ.get("GDPR_BOT_DATA_DIR")
    if override:
        path = Path(override).expanduser()
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir("gdpr-bot", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url(explicit: str | None = None) -> str:
    """The register's URL: --database, else GDPR_BOT_DATABASE_URL, else the config file's, else a SQLite file."""
    if explicit:
        return explicit
    env = os.environ.get("GDPR_BOT_DATABASE_URL")
    if env:
        return env
    if os.environ.get("GDPR_BOT_CONFIG"):
        from bot.config import load_config  # raises ConfigError (one line, exit 2) for a bad file

        configured = load_config().database_url
        if configured:
            return configured
    return default_database_url()


def default_database_url() -> str:
    """The per-user SQLite register (when neither the environment nor a config file names a database)."""
    return f"sqlite:///{data_dir() / 'register.sqlite3'}"


def retention_days(configured: int | None = None) -> int:
    """Days closed requests are kept: GDPR_BOT_RETENTION_DAYS, else `configured` or the config file's, else 3 years."""
    from deadlines.register import DEFAULT_RETENTION_DAYS, RETENTION_ENV
    from deadlines.register import retention_days as from_environment

    if os.environ.get(RETENTION_ENV, "").strip():
        return from_environment()  # validated there (a RegisterError for a bad value)
    if configured is None and os.environ.get("GDPR_BOT_CONFIG"):
        from bot.config import load_config

        configured = load_config().retention_days
    return configured or DEFAULT_RETENTION_DAYS
