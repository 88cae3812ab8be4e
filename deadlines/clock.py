"""Injected clocks: production code asks a Clock for "now"; tests pass a fixed or advancing one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The current time, timezone-aware (UTC)."""
    return datetime.now(UTC)


class FixedClock:
    """A clock that stays where it is set (tests move it explicitly)."""

    def __init__(self, now: datetime) -> None:
        if now.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware datetime")
        self.now = now

    def __call__(self) -> datetime:
        """The current (fixed) time."""
        return self.now

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward."""
        self.now = self.now + delta


class OffsetClock:
    """A clock that starts at a chosen instant and runs at real speed (demos and end-to-end tests)."""

    def __init__(self, start: datetime, base: Clock = system_clock) -> None:
        if start.tzinfo is None:
            raise ValueError("OffsetClock needs a timezone-aware datetime")
        self.offset = start - base()
        self.base = base

    def __call__(self) -> datetime:
        """The base clock's time, shifted."""
        return self.base() + self.offset
