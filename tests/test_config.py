"""Configuration: the TOML file, secrets from the environment, validation naming the bad key, init/check-config."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from datetime import time, timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import ConfigError, example_config, load_config, parse_config
from deadlines.reminders import Destination

KNOWN = {"imusic": ("DK", "da"), "javi": ("SE", "sv")}


def parse(text: str, env: dict[str, str] | None = None):
    """Parse a TOML snippet with a two-organisation knowledge base."""
    return parse_config(tomllib.loads(text), "test.toml", env or {}, KNOWN)


def error(text: str, env: dict[str, str] | None = None) -> str:
    """The ConfigError message for a snippet."""
    with pytest.raises(ConfigError) as caught:
        parse(text, env)
    return str(caught.value)


def test_defaults_work_without_a_file() -> None:
    config = load_config(env={}, known_orgs=KNOWN)
    assert config.chat_channels == ()
    assert config.organisations["javi"].timezone == "Europe/Stockholm"
    assert config.organisations["javi"].language == "sv"
    assert config.reminders.hour == time(9, 0)
    assert config.access.open_questions == frozenset({"slack"})


def test_example_config_is_valid_and_matches_the_defaults() -> None:
    config = parse_config(tomllib.loads(example_config()), "example", {})
    defaults = parse_config({}, "defaults", {})
    assert config.reminders == defaults.reminders
    assert config.access == defaults.access
    assert config.telegram == defaults.telegram and config.slack == defaults.slack


def test_a_full_file_is_read() -> None:
    config = parse(
        """
        [bot]
        database_url = "sqlite:///x.db"
        language = "da"
        [organisations.imusic]
        chats = ["telegram:-1001", "slack:C1"]
        [access]
        questions = ["telegram", "slack"]
        [access.telegram]
        staff = [123, "456"]
        chats = [-1001]
        [reminders]
        hour = "08:30"
        days_before = [1, 7]
        escalation = "slack:C9"
        [reminders.digest]
        weekday = "friday"
        hour = "15:00"
        to = "telegram:-1001"
        """
    )
    assert config.database_url == "sqlite:///x.db" and config.language == "da"
    assert config.organisations["imusic"].chats == frozenset({("telegram", "-1001"), ("slack", "C1")})
    assert config.access.staff["telegram"] == frozenset({"123", "456"})
    assert config.access.chats["telegram"] == frozenset({"-1001"})
    assert config.reminders.hour == time(8, 30)
    assert config.reminders.days_before == (7, 1)
    assert config.reminders.escalation == Destination("slack", "C9")
    assert config.reminders.digest is not None and config.reminders.digest.weekday == 4
    assert config.reminders.digest.to == Destination("telegram", "-1001")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[reminder]\nhour = '09:00'", 'reminder: unknown key (did you mean "reminders"?)'),
        ("[reminders]\nhuor = '09:00'", 'reminders.huor: unknown key (did you mean "hour"?)'),
        ("[reminders]\nhour = '9 o clock'", 'reminders.hour: expected a time "HH:MM"'),
        ("[reminders]\nhour = '25:00'", "reminders.hour"),
        ("[reminders]\nhour = 9", "reminders.hour: expected text, got 9"),
        ("[reminders]\ndays_before = [7, 0]", "reminders.days_before[1]"),
        ("[reminders]\nescalation = 'fax:123'", "reminders.escalation: unknown channel"),
        ("[reminders]\nescalation = 'telegram'", 'reminders.escalation: expected "channel:chat_id"'),
        ("[reminders.digest]\nweekday = 'monday'", "reminders.digest.to: required"),
        ("[organisations.imusik]", 'organisations.imusik: not an organisation of the knowledge base (did you mean "imusic"?)'),
        ("[organisations.imusic]\ncountry = 'SE'", "organisations.imusic.country: the knowledge base says DK"),
        ("[organisations.imusic]\ntimezone = 'Mars/Olympus'", "organisations.imusic.timezone: unknown time zone"),
        ("[organisations.imusic]\ntimezone = 'Europe/Stockholm'", "deadlines are counted in Europe/Copenhagen"),
        ("[organisations.imusic]\nlanguage = 'de'", "organisations.imusic.language: expected one of da, sv, en"),
        ("[organisations.imusic]\nchats = ['log:x']", "organisations.imusic.chats[0]"),
        ("[access.telegram]\nstaff = [true]", "access.telegram.staff[0]"),
        ("[access]\nquestions = ['email']", "access.questions[0]"),
        ("[telegram]\nmode = 'push'", "telegram.mode: expected one of polling, webhook"),
        ("[telegram]\nwebhook_port = 70000", "telegram.webhook_port"),
        ("[logging]\nformat = 'xml'", "logging.format"),
        ("[bot]\nretention_days = 3", "bot.retention_days"),
        ("bot = 3", "bot: expected a table"),
    ],
)
def test_errors_name_the_file_and_the_key(text: str, expected: str) -> None:
    message = error(text)
    assert message.startswith("test.toml: ")
    assert expected in message


def test_secrets_come_from_the_environment_and_win_over_the_file() -> None:
    config = parse("[telegram]\ntoken = 'from-file'", {"GDPR_BOT_TELEGRAM_TOKEN": "from-env"})
    assert config.telegram.token == "from-env" and config.chat_channels == ("telegram",)
    assert "from-env" not in repr(config)
    assert parse("[telegram]\ntoken = 'from-file'").telegram.token == "from-file"


def test_webhook_mode_needs_a_url_and_a_secret() -> None:
    env = {"GDPR_BOT_TELEGRAM_TOKEN": "t"}
    assert "telegram.webhook_url: required" in error("[telegram]\nmode = 'webhook'", env)
    assert "GDPR_BOT_TELEGRAM_WEBHOOK_SECRET" in error("[telegram]\nmode = 'webhook'\nwebhook_url = 'https://x'", env)
    env["GDPR_BOT_TELEGRAM_WEBHOOK_SECRET"] = "s"
    assert parse("[telegram]\nmode = 'webhook'\nwebhook_url = 'https://x'", env).telegram.webhook_secret == "s"


def test_slack_http_mode_needs_the_signing_secret_but_socket_mode_does_not() -> None:
    assert "slack.signing_secret: required" in error("", {"GDPR_BOT_SLACK_BOT_TOKEN": "xoxb"})
    config = parse("", {"GDPR_BOT_SLACK_BOT_TOKEN": "xoxb", "GDPR_BOT_SLACK_APP_TOKEN": "xapp"})
    assert config.slack.socket_mode and config.chat_channels == ("slack",)


def test_bad_files_are_reported_not_raised(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[reminders\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(bad, env={}, known_orgs=KNOWN)
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "missing.toml", env={}, known_orgs=KNOWN)


def test_the_config_file_comes_from_the_environment(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("[reminders]\nhour = '07:45'\n", encoding="utf-8")
    assert load_config(env={"GDPR_BOT_CONFIG": str(path)}, known_orgs=KNOWN).reminders.hour == time(7, 45)
    assert load_config(env={}, known_orgs=KNOWN).reminders.scan_interval == timedelta(seconds=60)


def test_init_writes_a_file_that_check_config_accepts(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GDPR_BOT_TELEGRAM_TOKEN", "GDPR_BOT_SLACK_BOT_TOKEN", "GDPR_BOT_SLACK_APP_TOKEN", "GDPR_BOT_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "gdpr-bot.toml"
    assert main(["init", str(path)]) == 0
    assert main(["init", str(path)]) == 2  # never overwrites without --force
    assert "exists" in capsys.readouterr().err
    assert main(["check-config", "--config", str(path)]) == 0
    out = capsys.readouterr().out
    assert "(valid)" in out and "channels: console" in out


def test_check_config_names_the_bad_key_and_exits_non_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[reminders]\nhour = '9am'\n", encoding="utf-8")
    assert main(["check-config", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert "reminders.hour" in err and "Traceback" not in err


def test_check_config_never_prints_secrets(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GDPR_BOT_SLACK_BOT_TOKEN", "xoxb-very-secret")
    monkeypatch.setenv("GDPR_BOT_SLACK_SIGNING_SECRET", "sign-very-secret")
    monkeypatch.setenv("GDPR_BOT_DATABASE_URL", "postgresql+psycopg://gdpr:pw-very-secret@db/gdpr")
    monkeypatch.delenv("GDPR_BOT_CONFIG", raising=False)
    assert main(["check-config"]) == 0
    out = capsys.readouterr().out
    assert "channels: slack" in out
    assert "very-secret" not in out


def test_a_malformed_retention_override_is_refused_at_start_not_at_the_nightly_purge() -> None:
    assert error("", {"GDPR_BOT_RETENTION_DAYS": "3 years"}) == 'GDPR_BOT_RETENTION_DAYS: expected a whole number of days, got "3 years"'
    assert parse("", {"GDPR_BOT_RETENTION_DAYS": "1096"}).retention_days is None  # valid: bot.settings reads it


def test_the_repr_shows_no_secret_and_no_database_password() -> None:
    env = {
        "GDPR_BOT_DATABASE_URL": "postgresql+psycopg://gdpr:db-pass-123@db/gdpr", "GDPR_BOT_SLACK_BOT_TOKEN": "xoxb-tok-123",
        "GDPR_BOT_SLACK_SIGNING_SECRET": "sign-123", "GDPR_BOT_SLACK_APP_TOKEN": "xapp-tok-123",
    }  # fmt: skip
    config = parse("", env)
    assert config.database_url == env["GDPR_BOT_DATABASE_URL"]
    assert not any(secret in repr(config) for secret in ("db-pass-123", "xoxb-tok-123", "sign-123", "xapp-tok-123"))


def test_the_reminder_tuning_keys_are_read_into_the_settings() -> None:
    config = parse("[reminders]\nsend_timeout_seconds = 12.5\nretry_backoff_seconds = 90\npage_size = 250\nclaim_timeout_minutes = 2\n")
    assert config.reminders.send_timeout == timedelta(seconds=12.5)
    assert config.reminders.retry_backoff == timedelta(seconds=90)
    assert config.reminders.page_size == 250
    assert config.reminders.claim_timeout == timedelta(minutes=2)
    defaults = parse("").reminders
    assert (defaults.send_timeout, defaults.retry_backoff, defaults.page_size) == (timedelta(seconds=30), timedelta(seconds=30), 500)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("send_timeout_seconds = 0", "reminders.send_timeout_seconds: expected a number of seconds greater than 0 and at most 300, got 0"),
        ("send_timeout_seconds = -5", "reminders.send_timeout_seconds: expected a number of seconds"),
        ("send_timeout_seconds = 301", "reminders.send_timeout_seconds: expected a number of seconds greater than 0 and at most 300, got 301"),
        ("send_timeout_seconds = nan", "reminders.send_timeout_seconds: expected a number of seconds"),
        ("send_timeout_seconds = inf", "reminders.send_timeout_seconds: expected a number of seconds"),
        ("send_timeout_seconds = '30'", 'reminders.send_timeout_seconds: expected a number of seconds greater than 0 and at most 300, got "30"'),
        ("send_timeout_seconds = true", "reminders.send_timeout_seconds: expected a number of seconds"),
        ("send_timeout_seconds = 60\nclaim_timeout_minutes = 1", "reminders.send_timeout_seconds: must be shorter than claim_timeout_minutes (60 seconds), got 60 seconds"),
        ("retry_backoff_seconds = 0", "reminders.retry_backoff_seconds: expected a number of seconds greater than 0 and at most 3600, got 0"),
        ("retry_backoff_seconds = 3601", "reminders.retry_backoff_seconds: expected a number of seconds greater than 0 and at most 3600"),
        ("retry_backoff_seconds = [30, 60]", "reminders.retry_backoff_seconds: expected a number of seconds"),
        ("page_size = 0", "reminders.page_size: expected a whole number from 1 to 10000, got 0"),
        ("page_size = 10001", "reminders.page_size: expected a whole number from 1 to 10000, got 10001"),
        ("page_size = 2.5", "reminders.page_size: expected a whole number, got 2.5"),
        ("send_timeout = 30", 'reminders.send_timeout: unknown key (did you mean "send_timeout_seconds"?)'),
        ("retry_backoff = 30", 'reminders.retry_backoff: unknown key (did you mean "retry_backoff_seconds"?)'),
        ("pagesize = 100", 'reminders.pagesize: unknown key (did you mean "page_size"?)'),
    ],
)
def test_bad_reminder_tuning_values_name_the_file_and_the_key(text: str, expected: str) -> None:
    message = error("[reminders]\n" + text)
    assert message.startswith("test.toml: ")
    assert expected in message


def _cli_env(tmp_path: Path) -> dict[str, str]:
    """The environment for a real `gdpr-bot` process: no chat tokens, no inherited config, a fresh SQLite register."""
    secrets = ("TELEGRAM_TOKEN", "TELEGRAM_WEBHOOK_SECRET", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "CONFIG", "LOG_LEVEL")
    env = {k: v for k, v in os.environ.items() if k.removeprefix("GDPR_BOT_") not in secrets and not k.endswith("_PROXY")}
    env["GDPR_BOT_DATABASE_URL"] = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    env["GDPR_BOT_DATA_DIR"] = str(tmp_path / "data")
    return env


@pytest.mark.parametrize("command", ["check-config", "run"])
@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("send_timeout_seconds = 0", "reminders.send_timeout_seconds"),
        ("send_timeout_seconds = 120\nclaim_timeout_minutes = 1", "reminders.send_timeout_seconds"),
        ("retry_backoff_seconds = -1", "reminders.retry_backoff_seconds"),
        ("page_size = 20000", "reminders.page_size"),
    ],
)
def test_check_config_and_run_refuse_a_bad_tuning_value_with_one_line(tmp_path: Path, command: str, text: str, key: str) -> None:
    path = tmp_path / "gdpr-bot.toml"
    path.write_text("[reminders]\n" + text + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", command, "--config", str(path)], input="", env=_cli_env(tmp_path),
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert f"{path}: {key}: " in lines[0]


def test_check_config_accepts_the_tuning_keys(tmp_path: Path) -> None:
    path = tmp_path / "gdpr-bot.toml"
    path.write_text("[reminders]\nsend_timeout_seconds = 10\nretry_backoff_seconds = 5.5\npage_size = 100\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "check-config", "--config", str(path)], env=_cli_env(tmp_path),
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "(valid)" in done.stdout
