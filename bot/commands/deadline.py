"""`gdpr-bot deadline RECEIVED [--country DK|SE] [--paused-days N] [--json]`: Art. 12(3) deadlines."""

from __future__ import annotations

import argparse
import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from deadlines.rules import DeadlineNote, Deadlines

MAX_RECEIVED_LENGTH = 64
MAX_PAUSED_DAYS = 3650
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}.*", re.DOTALL)
CLI_LANGUAGE = "en"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `deadline` subcommand."""
    parser = subparsers.add_parser(
        "deadline",
        help="compute the GDPR Art. 12(3) deadline and extended deadline for a request",
        description="Compute the one-month deadline and the extended (three-month) deadline of a "
        "data-subject request, counted by Regulation 1182/71: the receipt day is not counted, month "
        "ends are clamped, and a deadline on a weekend or public holiday moves to the next working day.",
    )
    parser.add_argument(
        "received",
        metavar="RECEIVED",
        help="when the request was received: YYYY-MM-DD, or an ISO 8601 date-time with offset "
        "(e.g. 2025-01-31T23:30:00+00:00), which is converted to the organisation's time zone",
    )
    parser.add_argument("--country", default="DK", metavar="DK|SE", help="the organisation's country (default DK)")
    parser.add_argument(
        "--paused-days",
        default="0",
        metavar="N",
        help="days the clock was paused while waiting for identity proof or a clarification (default 0)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a summary")
    parser.set_defaults(func=run)


def _shown(value: str) -> str:
    """A user-supplied value, quoted and shortened for an error message."""
    return repr(value if len(value) <= 40 else value[:40] + "…")


def parse_received(text: str) -> date | datetime:
    """RECEIVED as a date, or an aware datetime; CliError on anything else."""
    from bot.cli import CliError
    from handlers.wording import t

    value = text.strip()
    if not value:
        raise CliError(t("deadline.error.empty", CLI_LANGUAGE))
    if len(value) > MAX_RECEIVED_LENGTH:
        raise CliError(t("deadline.error.too_long", CLI_LANGUAGE, length=len(value)))
    if _DATE_RE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise CliError(t("deadline.error.no_such_date", CLI_LANGUAGE, value=_shown(value))) from None
    if _DATETIME_RE.fullmatch(value):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            if _DATE_RE.fullmatch(value[:10]):
                try:
                    date.fromisoformat(value[:10])
                except ValueError:
                    raise CliError(t("deadline.error.no_such_date", CLI_LANGUAGE, value=_shown(value))) from None
            raise CliError(t("deadline.error.bad_received", CLI_LANGUAGE, value=_shown(value))) from None
        if parsed.tzinfo is None or parsed.utcoffset() is None:
            raise CliError(t("deadline.error.no_offset", CLI_LANGUAGE, value=_shown(value)))
        return parsed
    raise CliError(t("deadline.error.bad_received", CLI_LANGUAGE, value=_shown(value)))


def _parse_country(text: str) -> str:
    """--country as "DK" or "SE" (case-insensitive); CliError otherwise."""
    from bot.cli import CliError
    from deadlines.rules import COUNTRY_TIMEZONES
    from handlers.wording import t

    code = text.strip().upper()
    if code not in COUNTRY_TIMEZONES:
        raise CliError(t("deadline.error.unknown_country", CLI_LANGUAGE, value=_shown(text)))
    return code


def _parse_paused_days(text: str) -> int:
    """--paused-days as a whole number from 0 to MAX_PAUSED_DAYS; CliError otherwise."""
    from bot.cli import CliError
    from handlers.wording import t

    value = text.strip()
    if not (value.isascii() and value.isdigit() and len(value) <= 5 and int(value) <= MAX_PAUSED_DAYS):
        raise CliError(t("deadline.error.bad_paused_days", CLI_LANGUAGE, limit=MAX_PAUSED_DAYS, value=_shown(text)))
    return int(value)


def _note_detail(note: DeadlineNote, applies_to: str) -> dict[str, Any]:
    """A structured note for the JSON output."""
    detail: dict[str, Any] = {"applies_to": applies_to, "code": note.code, "day": note.day.isoformat()}
    if note.holiday is not None:
        detail["holiday"] = note.holiday
    if note.days is not None:
        detail["days"] = note.days
    return detail


def result_dict(received: date | datetime, result: Deadlines, language: str = CLI_LANGUAGE) -> dict[str, Any]:
    """The JSON-ready result: the contract fields plus receipt_date, timezone and structured notes."""
    from handlers.wording import t
    from handlers.wording.deadlines import describe_note

    notes: list[str] = []
    detail: list[dict[str, Any]] = []
    for note in result.notes:
        notes.append(describe_note(note, result.country, language, timezone=result.timezone))
        detail.append(_note_detail(note, "deadline"))
    for note in result.extended_notes:
        if note.code == "timezone_date_shift":  # about the receipt: said once above
            continue
        text = describe_note(note, result.country, language, timezone=result.timezone)
        notes.append(t("deadline.note.extended_prefix", language, note=text))
        detail.append(_note_detail(note, "extended_deadline"))
    return {
        "received": received.isoformat(),
        "receipt_date": result.received.isoformat(),
        "country": result.country,
        "timezone": result.timezone,
        "paused_days": result.paused_days,
        "deadline": result.deadline.isoformat(),
        "extended_deadline": result.extended_deadline.isoformat(),
        "notes": notes,
        "notes_detail": detail,
    }


def _summary(data: dict[str, Any]) -> str:
    """The human-readable summary of a result dict."""
    from handlers.wording import t

    lines = [
        t("deadline.summary.received", CLI_LANGUAGE, **data),
        t("deadline.summary.deadline", CLI_LANGUAGE, **data),
        t("deadline.summary.extended", CLI_LANGUAGE, **data),
    ]
    if data["paused_days"]:
        lines.append(t("deadline.summary.paused", CLI_LANGUAGE, days=data["paused_days"]))
    lines.extend(f"  - {note}" for note in data["notes"])
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Compute and print the deadlines for one receipt."""
    import json

    from bot.cli import CliError
    from deadlines.rules import compute_deadlines
    from handlers.wording import t

    received = parse_received(args.received)
    country = _parse_country(args.country)
    paused_days = _parse_paused_days(args.paused_days)
    try:
        result = compute_deadlines(received, country, paused_days=paused_days)
    except (ValueError, OverflowError):
        raise CliError(t("deadline.error.out_of_range", CLI_LANGUAGE, value=_shown(args.received.strip()))) from None
    data = result_dict(received, result)
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        print(_summary(data))
    return 0
