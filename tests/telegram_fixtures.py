"""Fixtures for the Telegram end-to-end tests: the fake Bot API, the real channel around a real Core, a register."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest

from bot.telegram import Limits, TelegramChannel
from deadlines.clock import FixedClock
from handlers.access import Access
from tests.fake_telegram import TOKEN, FakeTelegram, user

T = TypeVar("T")

# Monday 23 Nov 2026, 10:00 in Copenhagen.
TELEGRAM_NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
STAFF_ID = 111_001
STAFF_SV_ID = 111_002
OUTSIDER_ID = 999_001
# Short waits for network retries so fault tests stay quick (real waits, never for deadlines).
TEST_LIMITS = Limits(network_delays=(0.05, 0.1, 0.2), poll_timeout=1.0)

STAFF = user(STAFF_ID, "Anna", "da", last_name="Kundeservice")
STAFF_SV = user(STAFF_SV_ID, "Sven", "sv")
OUTSIDER = user(OUTSIDER_ID, "Mallory", "en")


def run(coro: Coroutine[Any, Any, T], timeout: float = 60.0) -> T:
    """Run one async test body in a fresh event loop, with an overall timeout."""
    return asyncio.run(asyncio.wait_for(coro, timeout))


@dataclass
class Bot:
    """What a test drives: the fake server, the channel, the register's engine and the clock."""

    fake: FakeTelegram
    channel: TelegramChannel
    engine: Any
    clock: FixedClock


def staff_access(*extra_staff: int) -> Access:
    """Staff allowlist: Anna, Sven and any extra ids; only staff may ask on Telegram."""
    ids = frozenset(str(i) for i in (STAFF_ID, STAFF_SV_ID, *extra_staff))
    return Access(staff={"telegram": ids}, open_questions=frozenset())


def make_core(engine: Any, clock: FixedClock, access: Access) -> Any:
    """The real chat core over the real answerer and the given register."""
    from handlers.core import Core
    from knowledge.answer import default_answerer

    return Core(default_answerer(), engine, clock, access)


@asynccontextmanager
async def telegram_bot(db_url: str, *, access: Access | None = None, **channel_kwargs: Any) -> AsyncIterator[Bot]:
    """The fake Bot API and a started TelegramChannel around a real Core and register; stopped afterwards."""
    from deadlines.db import open_register

    engine = open_register(db_url)
    clock = FixedClock(TELEGRAM_NOW)
    core = make_core(engine, clock, access or staff_access())
    fake = FakeTelegram()
    await fake.start()
    channel_kwargs.setdefault("limits", TEST_LIMITS)
    channel = TelegramChannel(core, TOKEN, base_url=fake.base_url, clock=clock, **channel_kwargs)
    try:
        await channel.start()
        try:
            yield Bot(fake, channel, engine, clock)
        finally:
            await channel.stop()
    finally:
        await fake.stop()
        engine.dispose()


def run_bot(db_url: str, body: Callable[[Bot], Awaitable[None]], **channel_kwargs: Any) -> None:
    """Run a test body against a started bot (fake Bot API, channel, real Core and register)."""

    async def main() -> None:
        async with telegram_bot(db_url, **channel_kwargs) as bot:
            await body(bot)

    run(main())


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A fresh SQLite register file for one test."""
    return f"sqlite:///{tmp_path / 'register.sqlite3'}"


@pytest.fixture
def any_db_url(register_empty_url: tuple[str, str]) -> str:
    """An empty register database: SQLite, and PostgreSQL too when GDPR_BOT_TEST_DATABASE_URL is set."""
    return register_empty_url[1]


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """httpx honours proxy variables; the fake is local."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    yield
