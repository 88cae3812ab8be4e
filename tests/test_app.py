"""The wiring (bot/app.py): what `build` assembles from a configuration, the daily purge, a clean stop."""

from __future__ import annotations

import asyncio
import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.app import build, purge_closed, serve
from bot.config import parse_config
from deadlines.register import Actor, close, get_request, log_request
from deadlines.register import RegisterError

KNOWN = {"imusic": ("DK", "da"), "javi": ("SE", "sv")}


def config_for(url: str, env: dict[str, str] | None = None, text: dict[str, Any] | None = None) -> Any:
    """A validated configuration on the register at `url`."""
    data = {"bot": {"database_url": url}, **(text or {})}
    return parse_config(data, "test", env or {}, KNOWN)


def test_without_tokens_the_console_runs_and_shows_every_reminder(tmp_path: Path) -> None:
    app = build(config_for(f"sqlite:///{tmp_path / 'r.sqlite3'}"), stdin=io.StringIO(""), stdout=io.StringIO())
    try:
        assert app.channels == {} and app.console is not None
        assert app.notifiers["console"] is app.console.notifier and app.notifiers["log"] is app.console.notifier
    finally:
        app.engine.dispose()


def test_with_tokens_the_chat_channels_are_built_and_cli_reminders_go_to_the_log(tmp_path: Path) -> None:
    env = {"GDPR_BOT_TELEGRAM_TOKEN": "123:abc", "GDPR_BOT_SLACK_BOT_TOKEN": "xoxb-1", "GDPR_BOT_SLACK_SIGNING_SECRET": "s"}
    app = build(config_for(f"sqlite:///{tmp_path / 'r.sqlite3'}", env))
    try:
        assert set(app.channels) == {"telegram", "slack"} and app.console is None
        assert set(app.notifiers) == {"telegram", "slack", "log"}
    finally:
        app.engine.dispose()


def test_serve_stops_when_asked_and_closes_everything(tmp_path: Path) -> None:
    app = build(config_for(f"sqlite:///{tmp_path / 'r.sqlite3'}"), stdin=io.StringIO(""), stdout=io.StringIO())

    async def main() -> int:
        """Serve until the console's input ends (empty stdin)."""
        return await asyncio.wait_for(serve(app), 10)

    assert asyncio.run(main()) == 0
    assert app.scheduler is not None and not app.scheduler.running
    assert "Goodbye" in app.console.stdout.getvalue()  # type: ignore[union-attr]


def test_the_daily_purge_is_scheduled_at_half_past_three_copenhagen(tmp_path: Path) -> None:
    app = build(config_for(f"sqlite:///{tmp_path / 'r.sqlite3'}"), stdin=io.StringIO(""), stdout=io.StringIO())

    async def main() -> str:
        """Start the scheduler, read the purge job's next run, stop."""
        assert app.scheduler is not None
        app.scheduler.start()
        try:
            job = app.scheduler._scheduler.get_job("purge")  # type: ignore[union-attr]
            return job.next_run_time.strftime("%H:%M %Z")
        finally:
            await app.scheduler.shutdown()

    try:
        assert asyncio.run(main()) in ("03:30 CET", "03:30 CEST")
    finally:
        app.engine.dispose()


def test_purge_closed_deletes_only_what_is_past_retention(register_db: Any, register_clock: Any) -> None:
    engine, clock = register_db.engine, register_clock
    who = Actor("anna", "cli")
    old = log_request(engine, clock, who, organisation="imusic", type="erasure", received="2026-11-20", via="email", subject_ref="a")
    recent = log_request(engine, clock, who, organisation="imusic", type="access", received="2026-11-20", via="email", subject_ref="b")
    close(engine, clock, who, old.request.ref, outcome="done")
    clock.advance(timedelta(days=200))
    close(engine, clock, who, recent.request.ref, outcome="done")
    clock.advance(timedelta(days=100))
    config = config_for("sqlite://", text={"bot": {"database_url": "sqlite://", "retention_days": 250}})
    assert asyncio.run(purge_closed(engine, clock, config)) == 1
    with pytest.raises(RegisterError):
        get_request(engine, clock, old.request.ref)
    assert get_request(engine, clock, recent.request.ref).request.closed


def test_the_reminder_tuning_keys_reach_the_service_the_scheduler_runs(tmp_path: Path) -> None:
    tuning = {"send_timeout_seconds": 7.5, "retry_backoff_seconds": 45, "page_size": 123, "claim_timeout_minutes": 3}
    config = config_for(f"sqlite:///{tmp_path / 'r.sqlite3'}", text={"reminders": tuning})
    app = build(config, stdin=io.StringIO(""), stdout=io.StringIO())
    try:
        assert app.scheduler is not None
        settings = app.scheduler.service.settings
        assert settings.send_timeout == timedelta(seconds=7.5)
        assert settings.retry_backoff == timedelta(seconds=45)
        assert settings.page_size == 123
        assert settings.claim_timeout == timedelta(minutes=3)
    finally:
        app.engine.dispose()
