"""GDPR Art. 12(3) response deadlines, counted as Regulation (EEC, Euratom) No 1182/71 prescribes.

The rules (EDPB Guidelines 01/2022 on the right of access, §§159–161):

* The period starts on the day of receipt in the organisation's own time zone; that day is not counted.
* A period of n months ends on the same date n months later, or on that month's last day when the
  date does not exist (31 Jan + 1 month = 28/29 Feb) — ``dateutil.relativedelta`` does exactly this.
* The one-month deadline is receipt + 1 month; the extended deadline is receipt + 3 months (never the
  rolled one-month date + 2 months, never 30/90 days).
* While the organisation waits for information it asked for (identity proof, clarification) the clock
  is paused: the raw end date is pushed by the paused days.
* If the end day is a Saturday, Sunday or public holiday of the organisation's country, the period
  ends at the end of the next working day.

Only official public holidays count (``holidays`` category ``public``). Days many people take off
without them being public holidays (DK 5 June, 24 and 31 Dec; SE Midsummer Eve, 24 and 31 Dec) keep
the strict deadline and only earn a ``caution_not_public_holiday`` note.

This module returns structured notes; their wording lives in ``handlers.wording.deadlines``. It must
not import anything from ``bot``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.relativedelta import relativedelta

COUNTRY_TIMEZONES: dict[str, str] = {"DK": "Europe/Copenhagen", "SE": "Europe/Stockholm"}

DEADLINE_MONTHS = 1
EXTENDED_DEADLINE_MONTHS = 3

# Note codes (DeadlineNote.code).
NOTE_TIMEZONE_DATE_SHIFT = "timezone_date_shift"
NOTE_MONTH_END_CLAMPED = "month_end_clamped"
NOTE_PAUSED = "paused"
NOTE_WEEKEND = "weekend"
NOTE_PUBLIC_HOLIDAY = "public_holiday"
NOTE_CAUTION_NOT_PUBLIC_HOLIDAY = "caution_not_public_holiday"
NOTE_CODES: tuple[str, ...] = (
    NOTE_TIMEZONE_DATE_SHIFT,
    NOTE_MONTH_END_CLAMPED,
    NOTE_PAUSED,
    NOTE_WEEKEND,
    NOTE_PUBLIC_HOLIDAY,
    NOTE_CAUTION_NOT_PUBLIC_HOLIDAY,
)

# Wording language codes -> `holidays` language codes for holiday names.
_HOLIDAY_LANGUAGES: dict[str, str] = {"en": "en_US", "da": "da", "sv": "sv"}
_DEFAULT_HOLIDAY_LANGUAGE = "en_US"

# Days commonly taken off that are NOT public holidays (month, day); SE Midsummer Eve is movable
# and comes from the package's SE "de_facto" category, which holds exactly Midsummer Eve, 24 and 31 Dec.
_DK_CAUTION_DAYS: frozenset[tuple[int, int]] = frozenset({(6, 5), (12, 24), (12, 31)})


@dataclass(frozen=True)
class DeadlineNote:
    """One fact that explains how a deadline was reached (structured; worded elsewhere).

    Codes and what ``day`` means for each:

    * ``timezone_date_shift``: the receipt's local date (differs from the date as written).
    * ``month_end_clamped``: the month's last day that replaced a non-existent date.
    * ``paused``: the raw end date after adding ``days`` paused days.
    * ``weekend``: a Saturday or Sunday skipped while rolling forward.
    * ``public_holiday``: a public holiday (``holiday`` = its English name) skipped while rolling.
    * ``caution_not_public_holiday``: the deadline itself, which is a day many people take off but
      which is not a public holiday (``holiday`` = its English name); the deadline does not move.
    """

    code: str
    day: date
    holiday: str | None = None
    days: int | None = None


@dataclass(frozen=True)
class Deadlines:
    """The one-month and the extended (three-month) deadline of one request, with their notes."""

    received: date
    country: str
    deadline: date
    extended_deadline: date
    notes: tuple[DeadlineNote, ...]
    extended_notes: tuple[DeadlineNote, ...]
    paused_days: int = 0
    timezone: str = ""


def normalise_country(country: str) -> str:
    """The canonical country code ("DK" or "SE"); ValueError for anything else."""
    code = country.strip().upper() if isinstance(country, str) else None
    if code not in COUNTRY_TIMEZONES:
        known = ", ".join(sorted(COUNTRY_TIMEZONES))
        raise ValueError(f"unknown country {country!r}: expected one of {known}")
    return code


def _zone(country: str, tz: str | None) -> ZoneInfo:
    """The time zone to use: `tz` when given, else the country's own."""
    name = tz if tz is not None else COUNTRY_TIMEZONES[country]
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


def _require_date(day: date) -> None:
    """Reject datetimes (and non-dates) where a calendar date is needed."""
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError(f"expected a datetime.date, got {type(day).__name__}")


def receipt_date(received: date | datetime, country: str, tz: str | None = None) -> date:
    """The local calendar date of receipt: aware datetimes are converted to the organisation's zone."""
    code = normalise_country(country)
    if isinstance(received, datetime):
        if received.tzinfo is None or received.utcoffset() is None:
            raise ValueError(
                "the time of receipt has no UTC offset; give an aware datetime "
                "(e.g. 2025-01-31T23:30:00+00:00) or a plain date"
            )
        try:
            return received.astimezone(_zone(code, tz)).date()
        except OverflowError as exc:
            raise ValueError(f"{received.isoformat()} is outside the supported calendar") from exc
    if isinstance(received, date):
        _zone(code, tz)  # validate tz even when unused
        return received
    raise TypeError(f"expected a date or datetime, got {type(received).__name__}")


@lru_cache(maxsize=512)
def _public_holidays(country: str, year: int, language: str = _DEFAULT_HOLIDAY_LANGUAGE) -> dict[date, str]:
    """Official public holidays of one country and year: {date: name}, cached."""
    import holidays

    found = holidays.country_holidays(country, years=year, categories=("public",), language=language)
    return {day: name for day, name in found.items() if day.year == year}


@lru_cache(maxsize=512)
def _caution_days(country: str, year: int, language: str = _DEFAULT_HOLIDAY_LANGUAGE) -> dict[date, str]:
    """Days commonly taken off that are not public holidays (DK 5 Jun, 24/31 Dec; SE Midsummer Eve, 24/31 Dec)."""
    import holidays

    if country == "DK":
        found = holidays.country_holidays("DK", years=year, categories=("optional",), language=language)
        return {d: n for d, n in found.items() if d.year == year and (d.month, d.day) in _DK_CAUTION_DAYS}
    found = holidays.country_holidays("SE", years=year, categories=("de_facto",), language=language)
    return {d: n for d, n in found.items() if d.year == year}


def _holiday_language(language: str | None) -> str:
    """The `holidays` language code for a wording language code (English when unknown)."""
    return _HOLIDAY_LANGUAGES.get(language or "en", _DEFAULT_HOLIDAY_LANGUAGE)


def public_holiday_name(day: date, country: str, language: str | None = None) -> str | None:
    """The name of the public holiday on `day` (English unless language "da"/"sv"), or None."""
    _require_date(day)
    code = normalise_country(country)
    return _public_holidays(code, day.year, _holiday_language(language)).get(day)


def caution_day_name(day: date, country: str, language: str | None = None) -> str | None:
    """The name of the not-public day off (e.g. Christmas Eve) on `day`, or None."""
    _require_date(day)
    code = normalise_country(country)
    return _caution_days(code, day.year, _holiday_language(language)).get(day)


def _is_working_day(day: date, country: str) -> bool:
    """Working-day test for an already validated country and date (hot path)."""
    return day.weekday() < 5 and day not in _public_holidays(country, day.year)


def is_working_day(day: date, country: str) -> bool:
    """Whether `day` is neither a Saturday, a Sunday nor a public holiday in `country`."""
    _require_date(day)
    return _is_working_day(day, normalise_country(country))


def next_working_day(day: date, country: str) -> date:
    """The first working day on or after `day` (the day itself if it is a working day)."""
    _require_date(day)
    code = normalise_country(country)
    while not _is_working_day(day, code):
        day += timedelta(days=1)
    return day


def working_days_before(day: date, n: int, country: str) -> date:
    """The date `n` working days before `day` (`day` itself when n == 0; `day` need not be a working day)."""
    _require_date(day)
    code = normalise_country(country)
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    while n:
        day -= timedelta(days=1)
        if _is_working_day(day, code):
            n -= 1
    return day


def _roll(day: date, country: str) -> tuple[date, list[DeadlineNote]]:
    """Move `day` to the next working day, with one note per skipped day."""
    notes: list[DeadlineNote] = []
    while True:
        name = _public_holidays(country, day.year).get(day)
        if name is not None:
            notes.append(DeadlineNote(NOTE_PUBLIC_HOLIDAY, day, name))
        elif day.weekday() >= 5:
            notes.append(DeadlineNote(NOTE_WEEKEND, day))
        else:
            return day, notes
        day += timedelta(days=1)


def _period_end(
    start: date, months: int, country: str, paused_days: int, shift_note: DeadlineNote | None
) -> tuple[date, tuple[DeadlineNote, ...]]:
    """End of a period of `months` from `start` (not counted), pushed by pauses, rolled to a working day."""
    notes: list[DeadlineNote] = [shift_note] if shift_note else []
    try:
        raw = start + relativedelta(months=months)
        if raw.day != start.day:
            notes.append(DeadlineNote(NOTE_MONTH_END_CLAMPED, raw))
        if paused_days:
            raw += timedelta(days=paused_days)
            notes.append(DeadlineNote(NOTE_PAUSED, raw, days=paused_days))
        end, skipped = _roll(raw, country)
    except (OverflowError, ValueError) as exc:  # beyond year 9999
        raise ValueError(f"the deadline for {start.isoformat()} is outside the supported calendar") from exc
    notes.extend(skipped)
    caution = _caution_days(country, end.year).get(end)
    if caution is not None:
        notes.append(DeadlineNote(NOTE_CAUTION_NOT_PUBLIC_HOLIDAY, end, caution))
    return end, tuple(notes)


def compute_deadlines(
    received: date | datetime, country: str, *, tz: str | None = None, paused_days: int = 0
) -> Deadlines:
    """The Art. 12(3) deadline (receipt + 1 month) and extended deadline (receipt + 3 months)."""
    code = normalise_country(country)
    if isinstance(paused_days, bool) or not isinstance(paused_days, int):
        raise TypeError(f"paused_days must be an int, got {type(paused_days).__name__}")
    if paused_days < 0:
        raise ValueError(f"paused_days must be >= 0, got {paused_days}")
    start = receipt_date(received, code, tz)
    shift_note = None
    if isinstance(received, datetime) and received.date() != start:
        shift_note = DeadlineNote(NOTE_TIMEZONE_DATE_SHIFT, start)
    deadline, notes = _period_end(start, DEADLINE_MONTHS, code, paused_days, shift_note)
    extended, extended_notes = _period_end(start, EXTENDED_DEADLINE_MONTHS, code, paused_days, shift_note)
    return Deadlines(
        received=start,
        country=code,
        deadline=deadline,
        extended_deadline=extended,
        notes=notes,
        extended_notes=extended_notes,
        paused_days=paused_days,
        timezone=tz if tz is not None else COUNTRY_TIMEZONES[code],
    )
