"""Tests for deadlines.rules: hand-checked vectors, notes, working-day helpers and properties."""

from __future__ import annotations

import dataclasses
import random
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta

from deadlines import rules
from deadlines.rules import (
    COUNTRY_TIMEZONES,
    DeadlineNote,
    Deadlines,
    compute_deadlines,
    is_working_day,
    next_working_day,
    public_holiday_name,
    receipt_date,
    working_days_before,
)

try:
    from deadline_vectors import VECTORS, Vector
except ImportError:  # tests/ became a package
    from tests.deadline_vectors import VECTORS, Vector

ROOT = Path(__file__).resolve().parents[1]
BRIEF_VECTORS = 7  # the first rows of VECTORS come from the brief


def parse(received: str) -> date | datetime:
    """A vector's `received` as a date or an aware datetime."""
    return datetime.fromisoformat(received) if "T" in received else date.fromisoformat(received)


def d(text: str) -> date:
    """Shorthand for date.fromisoformat."""
    return date.fromisoformat(text)


def codes(notes: tuple[DeadlineNote, ...]) -> list[str]:
    """The codes of some notes, in order."""
    return [note.code for note in notes]


# ---- The vector table ---------------------------------------------------------------------------


@pytest.mark.parametrize("vector", VECTORS, ids=[f"{v.country}-{v.received}-p{v.paused_days}" for v in VECTORS])
def test_vector(vector: Vector) -> None:
    """Every hand-checked vector holds."""
    result = compute_deadlines(parse(vector.received), vector.country, paused_days=vector.paused_days)
    assert (result.deadline.isoformat(), result.extended_deadline.isoformat()) == (
        vector.deadline,
        vector.extended_deadline,
    ), vector.why


def test_vector_table_is_big_and_unique() -> None:
    """At least 40 own vectors, no duplicated inputs, every row explained."""
    assert len(VECTORS) - BRIEF_VECTORS >= 40
    keys = [(v.country, v.received, v.paused_days) for v in VECTORS]
    assert len(keys) == len(set(keys))
    assert all(v.why.strip() for v in VECTORS)
    assert {v.country for v in VECTORS} == {"DK", "SE"}


def test_brief_vectors_first() -> None:
    """The brief's seven vectors head the table unchanged."""
    brief = [(v.country, v.received, v.deadline) for v in VECTORS[:BRIEF_VECTORS]]
    assert brief == [
        ("DK", "2025-03-09", "2025-04-09"),
        ("SE", "2025-03-05", "2025-04-07"),
        ("DK", "2025-08-31", "2025-09-30"),
        ("DK", "2028-01-31", "2028-02-29"),
        ("DK", "2025-03-17", "2025-04-22"),
        ("SE", "2025-03-17", "2025-04-17"),
        ("DK", "2025-01-31T23:30:00+00:00", "2025-03-03"),
    ]
    assert VECTORS[0].extended_deadline == "2025-06-10"


@pytest.mark.parametrize("vector", VECTORS, ids=[f"{v.country}-{v.received}-p{v.paused_days}" for v in VECTORS])
def test_vector_matches_independent_oracle(vector: Vector) -> None:
    """Each vector also equals a from-scratch computation with a plain holiday set (no engine helpers)."""
    import holidays
    from zoneinfo import ZoneInfo

    received = parse(vector.received)
    if isinstance(received, datetime):
        received = received.astimezone(ZoneInfo(COUNTRY_TIMEZONES[vector.country])).date()
    years = range(received.year, received.year + 2)
    public = holidays.country_holidays(vector.country, years=years, categories=("public",))

    def roll(day: date) -> date:
        """The first day on or after `day` that is neither weekend nor public holiday."""
        while day.weekday() >= 5 or day in public:
            day += timedelta(days=1)
        return day

    pause = timedelta(days=vector.paused_days)
    assert roll(received + relativedelta(months=1) + pause).isoformat() == vector.deadline
    assert roll(received + relativedelta(months=3) + pause).isoformat() == vector.extended_deadline


# ---- Receipt date and time zones ------------------------------------------------------------------


def test_receipt_date_converts_to_local_date() -> None:
    """An aware datetime gives the organisation's local date; a date is returned as is."""
    assert receipt_date(datetime(2025, 1, 31, 23, 30, tzinfo=timezone.utc), "DK") == d("2025-02-01")
    assert receipt_date(datetime(2025, 1, 31, 22, 59, tzinfo=timezone.utc), "DK") == d("2025-01-31")
    assert receipt_date(datetime(2025, 1, 31, 23, 0, tzinfo=timezone.utc), "SE") == d("2025-02-01")
    assert receipt_date(d("2025-03-09"), "SE") == d("2025-03-09")


def test_receipt_date_dst() -> None:
    """Summer time is applied from the tz database, not a fixed offset."""
    utc = timezone.utc
    # 2025-03-30 01:00 UTC summer time starts: 22:00 UTC is then already midnight.
    assert receipt_date(datetime(2025, 3, 30, 22, 0, tzinfo=utc), "DK") == d("2025-03-31")
    assert receipt_date(datetime(2025, 3, 29, 22, 30, tzinfo=utc), "DK") == d("2025-03-29")
    # 2025-10-26 01:00 UTC summer time ends: 22:30 UTC is 23:30 the same day.
    assert receipt_date(datetime(2025, 10, 26, 22, 30, tzinfo=utc), "SE") == d("2025-10-26")
    assert receipt_date(datetime(2025, 10, 25, 22, 30, tzinfo=utc), "SE") == d("2025-10-26")


def test_receipt_date_tz_override() -> None:
    """tz overrides the country's time zone."""
    instant = datetime(2025, 1, 31, 23, 30, tzinfo=timezone.utc)
    assert receipt_date(instant, "DK", tz="UTC") == d("2025-01-31")
    assert compute_deadlines(instant, "DK", tz="UTC").deadline == d("2025-02-28")
    assert compute_deadlines(instant, "DK", tz="UTC").timezone == "UTC"


def test_receipt_date_rejects_naive_datetime() -> None:
    """A datetime without offset is ambiguous: ValueError."""
    with pytest.raises(ValueError, match="offset"):
        receipt_date(datetime(2025, 1, 31, 23, 30), "DK")
    with pytest.raises(ValueError, match="offset"):
        compute_deadlines(datetime(2025, 1, 31, 23, 30), "DK")


def test_bad_time_zone() -> None:
    """An unknown tz name is a ValueError."""
    with pytest.raises(ValueError, match="time zone"):
        receipt_date(d("2025-01-01"), "DK", tz="Mars/Olympus")


# ---- Countries --------------------------------------------------------------------------------------


@pytest.mark.parametrize("country", ["NO", "", "DKK", "Denmark", "FI"])
def test_unknown_country(country: str) -> None:
    """Every entry point rejects unknown countries with a clear ValueError."""
    day = d("2025-03-03")
    for call in (
        lambda: compute_deadlines(day, country),
        lambda: receipt_date(day, country),
        lambda: is_working_day(day, country),
        lambda: next_working_day(day, country),
        lambda: working_days_before(day, 1, country),
        lambda: public_holiday_name(day, country),
    ):
        with pytest.raises(ValueError, match="unknown country"):
            call()


def test_country_is_case_insensitive_and_canonical() -> None:
    """Lower-case codes are accepted; the result carries the canonical code."""
    assert compute_deadlines(d("2025-03-09"), "dk").country == "DK"
    assert COUNTRY_TIMEZONES == {"DK": "Europe/Copenhagen", "SE": "Europe/Stockholm"}


# ---- Working days and holidays ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "day", "working"),
    [
        ("DK", "2025-04-17", False),  # Maundy Thursday (DK)
        ("SE", "2025-04-17", True),  # Maundy Thursday works in SE
        ("DK", "2025-06-09", False),  # Whit Monday (DK)
        ("SE", "2025-06-09", True),  # no Whit Monday in SE since 2005
        ("DK", "2025-05-01", True),  # 1 May: DK `optional` only
        ("SE", "2025-05-01", False),  # May Day (SE)
        ("DK", "2025-06-05", True),  # Grundlovsdag is not public
        ("SE", "2025-06-06", False),  # National Day (SE)
        ("DK", "2025-06-06", True),
        ("SE", "2026-01-06", False),  # Epiphany (SE)
        ("DK", "2026-01-06", True),
        ("SE", "2025-06-20", True),  # Midsummer Eve is not public
        ("DK", "2025-12-24", True),  # Christmas Eve is not public
        ("SE", "2025-12-24", True),
        ("DK", "2025-12-31", True),  # New Year's Eve is not public
        ("SE", "2025-12-31", True),
        ("DK", "2023-05-05", False),  # Store Bededag 2023
        ("DK", "2024-04-26", True),  # would-be Store Bededag 2024, abolished
        ("SE", "2025-04-30", True),  # Walpurgis Night (SE half day, `bank` only)
        ("DK", "2025-03-08", False),  # Saturday
        ("DK", "2025-03-09", False),  # Sunday
        ("DK", "2025-03-10", True),  # Monday
    ],
)
def test_is_working_day(country: str, day: str, working: bool) -> None:
    """Working days: no weekends, only official public holidays of the country."""
    assert is_working_day(d(day), country) is working


def test_public_holiday_name() -> None:
    """Holiday names for public holidays only; English by default, localised on request."""
    assert public_holiday_name(d("2025-06-09"), "DK") == "Pentecost Monday"
    assert public_holiday_name(d("2025-06-09"), "DK", "da") == "Anden pinsedag"
    assert public_holiday_name(d("2025-06-06"), "SE", "sv") == "Nationaldagen"
    assert public_holiday_name(d("2025-06-21"), "SE") == "Midsummer Day"
    assert public_holiday_name(d("2025-06-20"), "SE") is None  # Midsummer Eve
    assert public_holiday_name(d("2025-05-01"), "DK") is None
    assert public_holiday_name(d("2025-05-01"), "SE") == "May Day"
    assert public_holiday_name(d("2023-05-05"), "DK") == "Great Prayer Day"
    assert public_holiday_name(d("2024-04-26"), "DK") is None
    assert public_holiday_name(d("2025-03-10"), "DK") is None


def test_next_working_day() -> None:
    """The day itself when working, else the first working day after it."""
    assert next_working_day(d("2025-03-10"), "DK") == d("2025-03-10")
    assert next_working_day(d("2025-03-08"), "DK") == d("2025-03-10")
    assert next_working_day(d("2025-04-17"), "DK") == d("2025-04-22")
    assert next_working_day(d("2025-04-17"), "SE") == d("2025-04-17")
    assert next_working_day(d("2025-12-25"), "SE") == d("2025-12-29")


def test_working_days_before() -> None:
    """Counting working days backwards skips weekends and the country's holidays."""
    assert working_days_before(d("2025-03-12"), 0, "DK") == d("2025-03-12")
    assert working_days_before(d("2025-03-12"), 1, "DK") == d("2025-03-11")
    assert working_days_before(d("2025-03-10"), 1, "DK") == d("2025-03-07")  # over a weekend
    assert working_days_before(d("2025-03-10"), 5, "DK") == d("2025-03-03")
    # Tue 22 Apr 2025: DK skips Easter Monday, Sunday, Saturday, Good Friday, Maundy Thursday.
    assert working_days_before(d("2025-04-22"), 1, "DK") == d("2025-04-16")
    assert working_days_before(d("2025-04-22"), 1, "SE") == d("2025-04-17")
    assert working_days_before(d("2025-04-22"), 3, "SE") == d("2025-04-15")
    # From a non-working day: the previous working day is 1 working day before.
    assert working_days_before(d("2025-03-09"), 1, "DK") == d("2025-03-07")
    with pytest.raises(ValueError):
        working_days_before(d("2025-03-10"), -1, "DK")


def test_working_days_before_is_inverse_of_counting() -> None:
    """working_days_before(day, n) has exactly n working days in [result, day)."""
    rng = random.Random(12)
    for _ in range(300):
        country = rng.choice(["DK", "SE"])
        day = d("2019-01-01") + timedelta(days=rng.randrange(0, 4000))
        n = rng.randrange(0, 15)
        start = working_days_before(day, n, country)
        between = [start + timedelta(days=i) for i in range((day - start).days)]
        assert sum(is_working_day(x, country) for x in between) == n
        assert n == 0 or is_working_day(start, country)


def test_datetime_is_not_a_day() -> None:
    """Day helpers refuse datetimes (their date depends on a time zone)."""
    moment = datetime(2025, 3, 10, 12, tzinfo=timezone.utc)
    with pytest.raises(TypeError):
        is_working_day(moment, "DK")
    with pytest.raises(TypeError):
        next_working_day(moment, "DK")


# ---- Notes ----------------------------------------------------------------------------------------------


def test_notes_easter_run() -> None:
    """One note per skipped day, holiday names attached."""
    result = compute_deadlines(d("2025-03-17"), "DK")
    assert result.notes == (
        DeadlineNote("public_holiday", d("2025-04-17"), "Maundy Thursday"),
        DeadlineNote("public_holiday", d("2025-04-18"), "Good Friday"),
        DeadlineNote("weekend", d("2025-04-19")),
        DeadlineNote("public_holiday", d("2025-04-20"), "Easter Sunday"),
        DeadlineNote("public_holiday", d("2025-04-21"), "Easter Monday"),
    )
    assert result.extended_notes == ()


def test_notes_timezone_and_weekend() -> None:
    """The local-date shift is noted (in both tuples), then the skipped weekend."""
    result = compute_deadlines(datetime.fromisoformat("2025-01-31T23:30:00+00:00"), "DK")
    assert result.received == d("2025-02-01")
    assert codes(result.notes) == ["timezone_date_shift", "weekend", "weekend"]
    assert result.notes[0].day == d("2025-02-01")
    assert codes(result.extended_notes) == ["timezone_date_shift"]


def test_no_timezone_note_without_shift() -> None:
    """A datetime already on the local date earns no shift note."""
    result = compute_deadlines(datetime.fromisoformat("2025-03-09T10:00:00+01:00"), "DK")
    assert "timezone_date_shift" not in codes(result.notes)
    assert result.deadline == d("2025-04-09")


def test_notes_month_end_clamped() -> None:
    """Clamping is noted with the month's last day, for each period separately."""
    result = compute_deadlines(d("2025-08-31"), "DK")
    assert result.notes == (DeadlineNote("month_end_clamped", d("2025-09-30")),)
    assert codes(result.extended_notes) == ["month_end_clamped", "weekend"]
    assert result.extended_notes[0].day == d("2025-11-30")
    assert codes(compute_deadlines(d("2025-03-09"), "DK").notes) == []


def test_notes_paused() -> None:
    """A pause is noted with the pushed raw date and the number of days."""
    result = compute_deadlines(d("2025-03-09"), "DK", paused_days=3)
    assert result.paused_days == 3
    assert result.notes[0] == DeadlineNote("paused", d("2025-04-12"), days=3)
    assert codes(result.notes) == ["paused", "weekend", "weekend"]
    assert result.extended_notes == (DeadlineNote("paused", d("2025-06-12"), days=3),)


@pytest.mark.parametrize(
    ("country", "received", "day", "name"),
    [
        ("DK", "2025-05-05", "2025-06-05", "Constitution Day"),
        ("DK", "2025-11-24", "2025-12-24", "Christmas Eve"),
        ("SE", "2025-11-24", "2025-12-24", "Christmas Eve"),
        ("SE", "2025-05-20", "2025-06-20", "Midsummer Eve"),
    ],
)
def test_caution_days_keep_the_strict_date(country: str, received: str, day: str, name: str) -> None:
    """Not-public days off keep the deadline and only add a caution note."""
    result = compute_deadlines(d(received), country)
    assert result.deadline == d(day)
    assert result.notes[-1] == DeadlineNote("caution_not_public_holiday", d(day), name)


def test_no_caution_on_ordinary_days() -> None:
    """SE 5 June, DK 20 June (Midsummer Eve date) and DK 1 May carry no caution."""
    for country, received in (("SE", "2025-05-05"), ("DK", "2025-05-20"), ("DK", "2025-04-01")):
        assert compute_deadlines(d(received), country).notes == ()


def test_extended_caution() -> None:
    """The caution note also applies to the extended deadline."""
    result = compute_deadlines(d("2026-03-19"), "SE")
    assert result.extended_notes == (DeadlineNote("caution_not_public_holiday", d("2026-06-19"), "Midsummer Eve"),)


def test_all_note_codes_have_wording() -> None:
    """Every note code has a message in every language, and it names the day."""
    from handlers.wording import has
    from handlers.wording.deadlines import describe_note

    samples = [
        DeadlineNote("timezone_date_shift", d("2025-02-01")),
        DeadlineNote("month_end_clamped", d("2025-02-28")),
        DeadlineNote("paused", d("2025-04-12"), days=3),
        DeadlineNote("weekend", d("2025-04-12")),
        DeadlineNote("weekend", d("2025-04-13")),
        DeadlineNote("public_holiday", d("2025-06-09"), "Pentecost Monday"),
        DeadlineNote("caution_not_public_holiday", d("2025-12-24"), "Christmas Eve"),
    ]
    assert {note.code for note in samples} == set(rules.NOTE_CODES)
    for code in rules.NOTE_CODES:
        assert has(f"deadline.note.{code}")
    for language in ("da", "sv", "en"):
        for note in samples:
            text = describe_note(note, "DK", language)
            assert note.day.isoformat() in text
            assert "{" not in text
    assert "Anden pinsedag" in describe_note(samples[5], "DK", "da")
    assert "Juleaftensdag" in describe_note(samples[6], "DK", "da")
    assert "lørdag" in describe_note(samples[3], "DK", "da")
    assert "3" in describe_note(samples[2], "DK", "sv")


# ---- Validation -----------------------------------------------------------------------------------------


def test_paused_days_validation() -> None:
    """Negative or non-integer pauses are rejected."""
    with pytest.raises(ValueError):
        compute_deadlines(d("2025-03-09"), "DK", paused_days=-1)
    with pytest.raises(TypeError):
        compute_deadlines(d("2025-03-09"), "DK", paused_days=1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        compute_deadlines(d("2025-03-09"), "DK", paused_days=True)


def test_out_of_calendar() -> None:
    """Dates whose deadline would pass year 9999 give a ValueError, not an obscure crash."""
    with pytest.raises(ValueError, match="outside"):
        compute_deadlines(d("9999-11-15"), "DK")


def test_deadlines_are_frozen() -> None:
    """Results are immutable value objects."""
    result = compute_deadlines(d("2025-03-09"), "DK")
    assert isinstance(result, Deadlines)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.deadline = d("2030-01-01")  # type: ignore[misc]


def test_core_does_not_import_bot() -> None:
    """deadlines.rules stands alone: importing it pulls in nothing from bot/."""
    code = "import sys, deadlines.rules; print(sorted(m for m in sys.modules if m == 'bot' or m.startswith('bot.')))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ---- Properties ---------------------------------------------------------------------------------------


def _random_cases(seed: int, count: int) -> list[tuple[str, date, int]]:
    """Seeded random (country, receipt, paused_days) triples across 2018-2040."""
    rng = random.Random(seed)
    first = d("2018-05-25")
    cases = []
    for _ in range(count):
        country = rng.choice(["DK", "SE"])
        received = first + timedelta(days=rng.randrange(0, 8000))
        paused = rng.choice([0, 0, 0, rng.randrange(1, 40)])
        cases.append((country, received, paused))
    return cases


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_properties(seed: int) -> None:
    """Deadlines are working days, close after the raw month ends, and the extension is later."""
    for country, received, paused in _random_cases(seed, 1500):
        result = compute_deadlines(received, country, paused_days=paused)
        raw = received + relativedelta(months=1) + timedelta(days=paused)
        raw3 = received + relativedelta(months=3) + timedelta(days=paused)
        context = (country, received, paused)
        assert is_working_day(result.deadline, country), context
        assert is_working_day(result.extended_deadline, country), context
        assert result.deadline >= received + timedelta(days=28 + paused), context
        # Longest run of non-working days is DK Easter (Thu..Mon): at most 5 days later.
        assert raw <= result.deadline <= raw + timedelta(days=5), context
        assert raw3 <= result.extended_deadline <= raw3 + timedelta(days=5), context
        assert result.extended_deadline >= result.deadline, context
        assert result.extended_deadline >= received + timedelta(days=89 + paused), context
        # Every day between the raw end and the deadline is a non-working day.
        day = raw
        while day < result.deadline:
            assert not is_working_day(day, country), context
            day += timedelta(days=1)


def test_property_aware_datetimes_equal_their_local_date() -> None:
    """A datetime gives the same deadlines as its local date in the organisation's zone."""
    from zoneinfo import ZoneInfo

    rng = random.Random(7)
    for _ in range(500):
        country = rng.choice(["DK", "SE"])
        instant = datetime(2019, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=rng.randrange(0, 60 * 24 * 4000))
        local = instant.astimezone(ZoneInfo(COUNTRY_TIMEZONES[country])).date()
        a = compute_deadlines(instant, country)
        b = compute_deadlines(local, country)
        assert (a.received, a.deadline, a.extended_deadline) == (local, b.deadline, b.extended_deadline)


def test_holidays_are_cached() -> None:
    """Hot loops reuse the per-(country, year) holiday tables."""
    rules._public_holidays.cache_clear()
    for offset in range(2000):
        compute_deadlines(d("2025-01-01") + timedelta(days=offset % 365), "DK")
    info = rules._public_holidays.cache_info()
    assert info.misses <= 3  # 2025, 2026 (and nothing else)
    assert info.hits > 1000
