"""Configuration: one TOML file (optional) plus environment variables for secrets, validated at start.

Where the file comes from: `--config PATH`, else `GDPR_BOT_CONFIG`, else none (defaults work out of
the box: SQLite in the data folder, console channel, reminders at 09:00). Secrets are read from the
environment (`GDPR_BOT_TELEGRAM_TOKEN`, `GDPR_BOT_SLACK_BOT_TOKEN`, ...); the file may hold them
too, but never has to. Every error names the key: `reminders.hour: expected "HH:MM", got "9 o'clock"`.
`example_config()` is the commented file `gdpr-bot init` writes; docs/operations.md explains each key.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from deadlines.reminders import Destination, DigestSettings, ReminderSettings
from handlers.access import Access
from handlers.core import OrgSettings
from bot.settings import ConfigError
from handlers.message import CHANNELS

__all__ = ["Config", "ConfigError", "load_config", "parse_config", "example_config"]

CONFIG_ENV = "GDPR_BOT_CONFIG"
LANGUAGES = ("da", "sv", "en")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
LOG_FORMATS = ("text", "json")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DESTINATION_CHANNELS = (*CHANNELS, "log")
TELEGRAM_MODES = ("polling", "webhook")
# Secrets: configuration key → environment variable (the environment wins over the file).
SECRETS: dict[str, str] = {
    "telegram.token": "GDPR_BOT_TELEGRAM_TOKEN",
    "telegram.webhook_secret": "GDPR_BOT_TELEGRAM_WEBHOOK_SECRET",
    "slack.bot_token": "GDPR_BOT_SLACK_BOT_TOKEN",
    "slack.signing_secret": "GDPR_BOT_SLACK_SIGNING_SECRET",
    "slack.app_token": "GDPR_BOT_SLACK_APP_TOKEN",
}


@dataclass(frozen=True)
class TelegramConfig:
    """The Telegram channel: on when a token is set."""

    token: str | None = field(default=None, repr=False)
    base_url: str | None = None  # e.g. a self-hosted Bot API server "http://host:8081/bot"
    mode: str = "polling"
    webhook_url: str | None = None  # public HTTPS URL Telegram posts to (webhook mode)
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_secret: str | None = field(default=None, repr=False)

    @property
    def enabled(self) -> bool:
        """A token is configured."""
        return bool(self.token)


@dataclass(frozen=True)
class SlackConfig:
    """The Slack channel: on when a bot token is set; Socket Mode when an app-level token is set too."""

    bot_token: str | None = field(default=None, repr=False)
    signing_secret: str | None = field(default=None, repr=False)
    app_token: str | None = field(default=None, repr=False)
    base_url: str | None = None  # Web API base, e.g. "https://slack.com/api/"
    host: str = "127.0.0.1"
    port: int = 3000

    @property
    def enabled(self) -> bool:
        """A bot token is configured."""
        return bool(self.bot_token)

    @property
    def socket_mode(self) -> bool:
        """An app-level token is configured."""
        return bool(self.app_token)


@dataclass(frozen=True)
class LoggingConfig:
    """Log level and format (structured JSON lines or readable text)."""

    level: str | None = None  # None: INFO with chat channels, WARNING under the console chat
    format: str = "text"


@dataclass(frozen=True)
class Config:
    """The whole, validated configuration."""

    source: str = "(defaults)"
    database_url: str | None = field(default=None, repr=False)  # may hold a password; None: the per-user SQLite file
    language: str = "en"  # the console's language
    retention_days: int | None = None  # closed requests are purged after this many days (None: default)
    organisations: Mapping[str, OrgSettings] = field(default_factory=dict)
    access: Access = field(default_factory=Access)
    telegram: TelegramConfig = field(default_factory=TelegramConfig)
    slack: SlackConfig = field(default_factory=SlackConfig)
    reminders: ReminderSettings = field(default_factory=ReminderSettings)
    logging: LoggingConfig = field(default_factory=LoggingConfig)

    @property
    def chat_channels(self) -> tuple[str, ...]:
        """The chat channels that will run ("telegram", "slack"); empty means the console."""
        return tuple(name for name, on in (("telegram", self.telegram.enabled), ("slack", self.slack.enabled)) if on)

    @property
    def register_url(self) -> str:
        """The register's URL: GDPR_BOT_DATABASE_URL or bot.database_url (both read already), else the SQLite file."""
        from bot.settings import default_database_url

        return self.database_url or default_database_url()

    @property
    def retention(self) -> int:
        """Days closed requests are kept: GDPR_BOT_RETENTION_DAYS, else bot.retention_days, else 3 years."""
        from bot.settings import retention_days
        from deadlines.register import DEFAULT_RETENTION_DAYS

        return retention_days(self.retention_days or DEFAULT_RETENTION_DAYS)

    def languages(self) -> dict[str, str]:
        """Organisation slug → default language."""
        return {slug: org.language for slug, org in self.organisations.items()}


class _Table:
    """A TOML table being read: remembers its dotted path and which keys were used."""

    def __init__(self, data: Mapping[str, Any], path: str, source: str) -> None:
        self.data, self.path, self.source, self.used = data, path, source, set[str]()

    def key(self, name: str) -> str:
        """The dotted key of `name` in this table."""
        return f"{self.path}.{name}" if self.path else name

    def fail(self, name: str, problem: str) -> ConfigError:
        """An error naming the file and the key."""
        return ConfigError(f"{self.source}: {self.key(name)}: {problem}")

    def get(self, name: str, kind: type | tuple[type, ...], default: Any = None) -> Any:
        """The value of `name` if present and of the right TOML type, else `default`."""
        self.used.add(name)
        if name not in self.data:
            return default
        value = self.data[name]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
            raise self.fail(name, f"expected {_kind_name(kinds)}, got {_show(value)}")
        return value

    def choice(self, name: str, options: tuple[str, ...], default: str) -> str:
        """A string that must be one of `options`."""
        value = self.get(name, str, default)
        if value not in options:
            raise self.fail(name, f"expected one of {', '.join(options)}, got {_show(value)}")
        return value

    def number(self, name: str, default: int, low: int, high: int) -> int:
        """An integer within [low, high]."""
        value = self.get(name, int, default)
        if not low <= value <= high:
            raise self.fail(name, f"expected a whole number from {low} to {high}, got {value}")
        return value

    def seconds(self, name: str, default: timedelta, high: int) -> timedelta:
        """A duration in seconds (whole or decimal), greater than 0 and at most `high`."""
        self.used.add(name)
        if name not in self.data:
            return default
        value = self.data[name]
        number = not isinstance(value, bool) and isinstance(value, (int, float))
        if not number or not 0 < value <= high or timedelta(seconds=value) <= timedelta(0):  # nan, inf, under 1 µs
            raise self.fail(name, f"expected a number of seconds greater than 0 and at most {high}, got {_show(value)}")
        return timedelta(seconds=value)

    def clock_time(self, name: str, default: time) -> time:
        """A local time of day written "HH:MM"."""
        value = self.get(name, str, None)
        if value is None:
            return default
        try:
            hour, minute = value.split(":")
            if len(hour) > 2 or len(minute) != 2:
                raise ValueError(value)
            return time(int(hour), int(minute))
        except ValueError:
            raise self.fail(name, f'expected a time "HH:MM", got {_show(value)}') from None

    def destination(self, name: str) -> Destination | None:
        """A chat written "channel:chat_id" ("telegram:-1001234", "slack:C0123", "log:reminders")."""
        value = self.get(name, str, None)
        if value is None:
            return None
        return _destination(value, lambda problem: self.fail(name, problem))

    def table(self, name: str) -> _Table:
        """A sub-table (empty when absent)."""
        return _Table(self.get(name, dict, {}), self.key(name), self.source)

    def ids(self, name: str) -> frozenset[str]:
        """A list of ids (strings or integers, as Telegram's numeric ids), as strings."""
        values = self.get(name, list, [])
        for i, value in enumerate(values):
            if isinstance(value, bool) or not isinstance(value, (str, int)) or str(value).strip() == "":
                raise self.fail(f"{name}[{i}]", f"expected an id (text or number), got {_show(value)}")
        return frozenset(str(v).strip() for v in values)

    def done(self) -> None:
        """Refuse keys nobody read (typos like `reminder.hour` would otherwise be ignored)."""
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            raise self.fail(unknown[0], "unknown key" + _did_you_mean(unknown[0], self.used))


def _kind_name(kinds: tuple[type, ...]) -> str:
    """'text', 'a whole number', … for an error message."""
    names = {str: "text", int: "a whole number", bool: "true or false", list: "a list", dict: "a table"}
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _show(value: Any) -> str:
    """A short rendering of a bad value."""
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= 60 else text[:57] + "..."


def _did_you_mean(name: str, known: set[str]) -> str:
    """' (did you mean "x"?)' for a near-miss key."""
    from rapidfuzz import process

    match = process.extractOne(name, sorted(known), score_cutoff=75) if known else None
    return f' (did you mean "{match[0]}"?)' if match else ""


def _destination(value: str, fail: Any) -> Destination:
    """Parse "channel:chat_id"."""
    channel, sep, chat = value.partition(":")
    if not sep or not chat.strip():
        raise fail(f'expected "channel:chat_id" such as "telegram:-1001234", got {_show(value)}')
    if channel not in DESTINATION_CHANNELS:
        raise fail(f"unknown channel {_show(channel)}; expected one of {', '.join(DESTINATION_CHANNELS)}")
    return Destination(channel, chat.strip())


def config_path(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """The configuration file to read: --config, else $GDPR_BOT_CONFIG, else none."""
    chosen = explicit or os.environ.get(CONFIG_ENV)
    return Path(chosen).expanduser() if chosen else None


def load_config(
    explicit: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
    known_orgs: Mapping[str, tuple[str, str]] | None = None,
) -> Config:
    """Read and validate the configuration; `known_orgs` maps slug → (country, language) (default: the KB)."""
    env = os.environ if env is None else env
    path = config_path(explicit if explicit is not None else env.get(CONFIG_ENV))
    if path is None:
        return parse_config({}, "(defaults)", env, known_orgs)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read it ({exc.__class__.__name__})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    return parse_config(data, str(path), env, known_orgs)


def _kb_orgs() -> dict[str, tuple[str, str]]:
    """Slug → (country, language) of the bundled knowledge base."""
    from knowledge.loader import default_knowledge_base

    return {org.slug: (org.country, org.language) for org in default_knowledge_base().organisations.values()}


def parse_config(
    data: Mapping[str, Any],
    source: str,
    env: Mapping[str, str] | None = None,
    known_orgs: Mapping[str, tuple[str, str]] | None = None,
) -> Config:
    """Validate a parsed TOML document (plus secrets from `env`) into a Config."""
    env = os.environ if env is None else env
    known = _kb_orgs() if known_orgs is None else known_orgs
    root = _Table(data, "", source)
    bot = root.table("bot")
    config = Config(
        source=source,
        database_url=env.get("GDPR_BOT_DATABASE_URL") or bot.get("database_url", str),
        language=bot.choice("language", LANGUAGES, "en"),
        retention_days=bot.get("retention_days", int),
        organisations=_organisations(root.table("organisations"), known),
        access=_access(root.table("access")),
        telegram=_telegram(root.table("telegram"), env),
        slack=_slack(root.table("slack"), env),
        reminders=_reminders(root.table("reminders")),
        logging=_logging(root.table("logging"), env),
    )
    if config.retention_days is not None and not 30 <= config.retention_days <= 36500:
        raise bot.fail("retention_days", f"expected a whole number from 30 to 36500, got {config.retention_days}")
    retention_env = env.get("GDPR_BOT_RETENTION_DAYS", "").strip()
    if retention_env and not retention_env.isdigit():  # else the daily purge would fail every night
        raise ConfigError(f"GDPR_BOT_RETENTION_DAYS: expected a whole number of days, got {_show(retention_env)}")
    bot.done()
    root.done()
    return config


def _secret(table: _Table, name: str, env: Mapping[str, str]) -> str | None:
    """A secret: from its environment variable, else from the file."""
    in_file = table.get(name, str)
    return env.get(SECRETS[table.key(name)], "").strip() or in_file or None


def _organisations(table: _Table, known: Mapping[str, tuple[str, str]]) -> dict[str, OrgSettings]:
    """[organisations.SLUG] tables; every knowledge-base organisation gets defaults."""
    from deadlines.rules import COUNTRY_TIMEZONES

    out: dict[str, OrgSettings] = {}
    for slug in table.data:
        if slug not in known:
            raise table.fail(slug, "not an organisation of the knowledge base" + _did_you_mean(slug, set(known)))
    for slug, (country, language) in known.items():
        org = table.table(slug)
        zone = COUNTRY_TIMEZONES[country]
        stated_country = org.get("country", str, country)
        if stated_country != country:
            raise org.fail("country", f"the knowledge base says {country}, got {_show(stated_country)}")
        stated_zone = org.get("timezone", str, zone)
        try:
            ZoneInfo(stated_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise org.fail("timezone", f"unknown time zone {_show(stated_zone)}") from None
        if stated_zone != zone:
            raise org.fail("timezone", f"deadlines are counted in {zone} for {country}, got {_show(stated_zone)}")
        out[slug] = OrgSettings(
            slug=slug,
            country=country,
            timezone=zone,
            language=org.choice("language", LANGUAGES, language),
            chats=_chats(org),
        )
        org.done()
    return out


def _chats(org: _Table) -> frozenset[tuple[str, str]]:
    """An organisation's `chats = ["telegram:-1001234", "slack:C0123"]` as (channel, chat_id) pairs."""
    out: set[tuple[str, str]] = set()
    for i, value in enumerate(org.get("chats", list, [])):
        key = f"chats[{i}]"
        if not isinstance(value, str):
            raise org.fail(key, f'expected "channel:chat_id", got {_show(value)}')
        chat = _destination(value, lambda problem, key=key: org.fail(key, problem))
        if chat.channel not in ("telegram", "slack"):
            raise org.fail(key, f'expected a telegram or slack chat, got {_show(value)}')
        out.add((chat.channel, chat.chat_id))
    return frozenset(out)


def _access(table: _Table) -> Access:
    """[access]: staff allowlists and allowed chats per channel, and who may ask questions."""
    telegram, slack = table.table("telegram"), table.table("slack")
    questions = table.get("questions", list, ["slack"])
    for i, value in enumerate(questions):
        if value not in ("telegram", "slack"):
            raise table.fail(f"questions[{i}]", f'expected "telegram" or "slack", got {_show(value)}')
    access = Access(
        staff={"telegram": telegram.ids("staff"), "slack": slack.ids("staff")},
        chats={"telegram": telegram.ids("chats"), "slack": slack.ids("channels")},
        open_questions=frozenset(questions),
    )
    telegram.done()
    slack.done()
    table.done()
    return access


def _telegram(table: _Table, env: Mapping[str, str]) -> TelegramConfig:
    """[telegram]."""
    config = TelegramConfig(
        token=_secret(table, "token", env),
        base_url=table.get("base_url", str),
        mode=table.choice("mode", TELEGRAM_MODES, "polling"),
        webhook_url=table.get("webhook_url", str),
        webhook_listen=table.get("webhook_listen", str, "127.0.0.1"),
        webhook_port=table.number("webhook_port", 8443, 0, 65535),
        webhook_secret=_secret(table, "webhook_secret", env),
    )
    if config.enabled and config.mode == "webhook":
        if not config.webhook_url:
            raise table.fail("webhook_url", "required in webhook mode")
        if not config.webhook_secret:
            raise table.fail("webhook_secret", f"required in webhook mode (set {SECRETS['telegram.webhook_secret']})")
    table.done()
    return config


def _slack(table: _Table, env: Mapping[str, str]) -> SlackConfig:
    """[slack]."""
    config = SlackConfig(
        bot_token=_secret(table, "bot_token", env),
        signing_secret=_secret(table, "signing_secret", env),
        app_token=_secret(table, "app_token", env),
        base_url=table.get("base_url", str),
        host=table.get("host", str, "127.0.0.1"),
        port=table.number("port", 3000, 0, 65535),
    )
    if config.enabled and not config.socket_mode and not config.signing_secret:
        raise table.fail(
            "signing_secret",
            f"required in HTTP mode (set {SECRETS['slack.signing_secret']}, or {SECRETS['slack.app_token']} for Socket Mode)",
        )
    table.done()
    return config


def _reminders(table: _Table) -> ReminderSettings:
    """[reminders] and [reminders.digest]."""
    base = ReminderSettings()
    days = table.get("days_before", list, list(base.days_before))
    for i, value in enumerate(days):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 60:
            raise table.fail(f"days_before[{i}]", f"expected a whole number of days from 1 to 60, got {_show(value)}")
    digest_table = table.table("digest")
    digest = None
    if digest_table.data:
        to = digest_table.destination("to")
        if to is None:
            raise digest_table.fail("to", 'required: where the digest goes, e.g. "slack:C0123"')
        weekday = digest_table.choice("weekday", WEEKDAYS, "monday")
        digest = DigestSettings(WEEKDAYS.index(weekday), digest_table.clock_time("hour", time(9, 0)), to)
    digest_table.done()
    settings = ReminderSettings(
        days_before=tuple(sorted(set(days), reverse=True)),
        on_the_day=table.get("on_the_day", bool, True),
        overdue_daily=table.get("overdue_daily", bool, True),
        extension_decision_working_days=table.number("extension_decision_working_days", 5, 0, 15),
        hour=table.clock_time("hour", base.hour),
        escalation=table.destination("escalation"),
        fallback=table.destination("fallback"),
        digest=digest,
        scan_interval=timedelta(seconds=table.number("scan_interval_seconds", 60, 1, 3600)),
        claim_timeout=timedelta(minutes=table.number("claim_timeout_minutes", 10, 1, 1440)),
        max_attempts=table.number("max_attempts", base.max_attempts, 1, 100),
        send_timeout=table.seconds("send_timeout_seconds", base.send_timeout, 300),
        retry_backoff=table.seconds("retry_backoff_seconds", base.retry_backoff, int(base.retry_backoff_max.total_seconds())),
        page_size=table.number("page_size", base.page_size, 1, 10000),
    )
    if settings.send_timeout >= settings.claim_timeout:  # else ReminderService refuses the settings at start
        raise table.fail(
            "send_timeout_seconds",
            f"must be shorter than claim_timeout_minutes ({settings.claim_timeout.total_seconds():g} seconds), "
            f"got {settings.send_timeout.total_seconds():g} seconds",
        )
    table.done()
    return settings


def _logging(table: _Table, env: Mapping[str, str]) -> LoggingConfig:
    """[logging]; GDPR_BOT_LOG_LEVEL overrides the level."""
    in_file = table.get("level", str)
    level = env.get("GDPR_BOT_LOG_LEVEL", "").upper() or (in_file.upper() if in_file else None)
    if in_file and in_file.upper() not in LOG_LEVELS:
        raise table.fail("level", f"expected one of {', '.join(LOG_LEVELS)}, got {_show(in_file)}")
    if level is not None and level not in LOG_LEVELS:
        raise ConfigError(f"GDPR_BOT_LOG_LEVEL: expected one of {', '.join(LOG_LEVELS)}, got {_show(level)}")
    config = LoggingConfig(level=level, format=table.choice("format", LOG_FORMATS, "text"))
    table.done()
    return config


EXAMPLE_CONFIG = """\
# gdpr-bot configuration (TOML). Every key is optional: without this file the bot runs the console
# channel on a SQLite register in the data folder. Secrets belong in the environment, not here:
#   GDPR_BOT_TELEGRAM_TOKEN, GDPR_BOT_TELEGRAM_WEBHOOK_SECRET,
#   GDPR_BOT_SLACK_BOT_TOKEN, GDPR_BOT_SLACK_SIGNING_SECRET, GDPR_BOT_SLACK_APP_TOKEN
# Check a file with `gdpr-bot check-config --config FILE`; docs/operations.md explains each key.

[bot]
# database_url = "postgresql+psycopg://gdpr@db.internal/gdpr"   # or GDPR_BOT_DATABASE_URL
language = "en"            # the console's language: da, sv or en
# retention_days = 1096    # closed requests are purged after this many days (default 3 years)

[logging]
# level = "INFO"           # DEBUG, INFO, WARNING, ERROR (default: INFO, WARNING under the console chat;
                           # GDPR_BOT_LOG_LEVEL overrides)
format = "text"            # "json" for one JSON object per line (journald, Loki, ...)

# One table per organisation of the knowledge base (imusic, javi, 123multiservice, bestphone,
# finderskeepers). Country, time zone and language default to the knowledge base's; `chats` names
# the Telegram/Slack chats that serve the organisation (a chat serving one organisation never has
# to say which one).
[organisations.imusic]
language = "da"
# chats = ["telegram:-1001234567890", "slack:C0123ABCD"]

[organisations.javi]
language = "sv"

[access]
# Channels where anyone may ask policy questions; elsewhere only staff may.
questions = ["slack"]

[access.telegram]
staff = []                 # Telegram user ids allowed to use the register, e.g. [123456789]
chats = []                 # group chat ids where register commands work (empty: any; DMs with staff always)

[access.slack]
staff = []                 # Slack user ids, e.g. ["U0123ABCD"]
channels = []              # channel ids where register commands work (empty: any; DMs with staff always)

[telegram]
mode = "polling"           # or "webhook" (then webhook_url and GDPR_BOT_TELEGRAM_WEBHOOK_SECRET)
# base_url = "https://api.telegram.org/bot"   # a self-hosted Bot API server, if you run one
# webhook_url = "https://bot.example.com/telegram"
# webhook_listen = "127.0.0.1"
# webhook_port = 8443

[slack]
# HTTP mode listens here for Slack's requests (behind your HTTPS proxy); with
# GDPR_BOT_SLACK_APP_TOKEN set, Socket Mode is used instead and nothing listens.
host = "127.0.0.1"
port = 3000
# base_url = "https://slack.com/api/"

[reminders]
hour = "09:00"             # local time, on working days of the organisation's country
days_before = [7, 3, 1]    # then on the day, then daily while overdue
on_the_day = true
overdue_daily = true
extension_decision_working_days = 5   # "decide whether to extend" this many working days before
# escalation = "telegram:-1009876543210"   # overdue reminders also go here
# fallback = "slack:C0123ABCD"             # for requests logged from the command line
scan_interval_seconds = 60
claim_timeout_minutes = 10  # a claimed reminder not marked sent by then is tried again
max_attempts = 8            # a reminder is given up (logged as an error) after this many failed sends
send_timeout_seconds = 30   # one send to Telegram/Slack (at most 300, and shorter than claim_timeout_minutes)
retry_backoff_seconds = 30  # the first retry after a failed send; doubled per attempt, at most 1 hour
page_size = 500             # open requests read per page of a sweep (1 to 10000)

# [reminders.digest]       # a weekly list of open requests by urgency
# weekday = "monday"
# hour = "08:30"
# to = "slack:C0123ABCD"
"""


def example_config() -> str:
    """The commented example configuration `gdpr-bot init` writes."""
    return EXAMPLE_CONFIG
