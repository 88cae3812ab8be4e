"""Logging setup: readable text or one JSON object per line, to stderr, at the configured level.

Log records name request ids and actions only; subject references never reach a log call (the
register and the chat core are written that way and tests check it). Third-party libraries that
log request bodies at DEBUG (httpx, slack_sdk, telegram) are held at WARNING unless DEBUG is asked
for explicitly via GDPR_BOT_LOG_LIBRARIES=1.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

from bot.config import LoggingConfig

CHATTY_LIBRARIES = ("alembic", "httpx", "httpcore", "telegram", "slack_bolt", "slack_sdk", "apscheduler", "aiohttp.access")
_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (UTC, ISO 8601), level, logger, message, extras, exception."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line."""
        out: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        out.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD and not k.startswith("_")})
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


def setup_logging(config: LoggingConfig, stream: TextIO | None = None, default_level: str = "INFO") -> None:
    """Configure the root logger once for the process (replacing earlier handlers)."""
    level = config.level or default_level
    handler = logging.StreamHandler(stream or sys.stderr)
    if config.format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    quiet = os.environ.get("GDPR_BOT_LOG_LIBRARIES") != "1"
    for name in CHATTY_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING if quiet else level)
