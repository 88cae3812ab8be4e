"""Logging setup: JSON lines or text, the configured level, chat libraries held quiet."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot.config import LoggingConfig
from bot.logs import setup_logging


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """Put the root logger back as pytest had it."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)


def test_json_lines_carry_time_level_logger_message_and_extras(restore_logging: None) -> None:
    stream = io.StringIO()
    setup_logging(LoggingConfig(level="INFO", format="json"), stream)
    logging.getLogger("gdpr_bot.test").info("request %s logged", "DSR-2026-0001", extra={"channel": "telegram"})
    logging.getLogger("gdpr_bot.test").debug("not at INFO")
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("gdpr_bot.test").exception("failed")
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert len(lines) == 2
    first = lines[0]
    assert first["level"] == "INFO" and first["logger"] == "gdpr_bot.test"
    assert first["message"] == "request DSR-2026-0001 logged" and first["channel"] == "telegram"
    assert first["time"].endswith("+00:00")
    assert "ValueError: boom" in lines[1]["exception"]


def test_text_format_and_quiet_libraries(restore_logging: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GDPR_BOT_LOG_LIBRARIES", raising=False)
    stream = io.StringIO()
    setup_logging(LoggingConfig(level="DEBUG", format="text"), stream)
    logging.getLogger("gdpr_bot.test").debug("visible")
    logging.getLogger("httpx").info("HTTP Request: POST https://api.telegram.org/bot123:SECRET/sendMessage")
    out = stream.getvalue()
    assert "DEBUG gdpr_bot.test: visible" in out
    assert "SECRET" not in out
