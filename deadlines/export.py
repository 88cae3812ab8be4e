"""Exports of the register: CSV and JSON for records, and an iCalendar (RFC 5545) feed of deadlines.

Subject references are left out unless the caller asks for them (`include_subject`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import IO, Any

from deadlines.register import RequestView

CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "organisation",
    "country",
    "type",
    "article",
    "status",
    "received_at",
    "received_on",
    "received_via",
    "channel",
    "chat_id",
    "logged_by",
    "deadline",
    "extended_deadline",
    "current_deadline",
    "overdue",
    "days_left",
    "paused_days",
    "paused_at",
    "extension_reason",
    "extended_at",
    "outcome",
    "outcome_note",
    "closed_at",
    "created_at",
    "updated_at",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ICS_PRODID = "-//gdpr-bot//Register of data-subject requests//EN"
ICS_UID_DOMAIN = "gdpr-bot.invalid"


def _cell(value: Any) -> str:
    """A CSV cell; text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return "'" + text if isinstance(value, str) and text.startswith(_FORMULA_START) else text


def write_csv(requests: Iterable[RequestView], out: IO[str], *, include_subject: bool = False) -> int:
    """Write one CSV row per request (header first); returns the number of rows."""
    columns = CSV_COLUMNS + (("subject_ref",) if include_subject else ())
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    count = 0
    for request in requests:
        data = request.to_dict(include_subject=include_subject)
        writer.writerow([_cell(data[c]) for c in columns])
        count += 1
    return count


def write_json(
    requests: Iterable[RequestView], out: IO[str], *, now: datetime, include_subject: bool = False
) -> int:
    """Write {"generated_at", "count", "requests": [...]} as JSON; returns the number of requests."""
    items = [r.to_dict(include_subject=include_subject) for r in requests]
    json.dump(
        {"generated_at": now.astimezone(UTC).isoformat(), "count": len(items), "requests": items},
        out,
        ensure_ascii=False,
        indent=2,
    )
    out.write("\n")
    return len(items)


def ics_escape(text: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def ics_fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character; CRLF-terminated."""
    data = line.encode("utf-8")
    parts: list[bytes] = []
    limit = 75
    while len(data) > limit:
        cut = limit
        while cut > 0 and (data[cut] & 0xC0) == 0x80:  # a continuation byte: back up to a boundary
            cut -= 1
        parts.append(data[:cut])
        data = data[cut:]
        limit = 74  # continuation lines start with one space
    parts.append(data)
    return "\r\n ".join(p.decode("utf-8") for p in parts) + "\r\n"


def ics_uid(request: RequestView) -> str:
    """A UID stable for the life of the request: its id and organisation."""
    return f"{request.ref.lower()}.{request.organisation}@{ICS_UID_DOMAIN}"


def _utc_stamp(value: datetime) -> str:
    """A UTC DATE-TIME value (20261122T100000Z)."""
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def write_ics(
    requests: Iterable[RequestView],
    out: IO[str],
    *,
    now: datetime,
    language: str = "en",
    include_subject: bool = False,
) -> int:
    """Write a VCALENDAR with one all-day VEVENT on each request's current deadline; returns the count."""
    from handlers.wording import t

    def line(name: str, value: str) -> None:
        """Write one folded content line."""
        out.write(ics_fold(f"{name}:{value}"))

    line("BEGIN", "VCALENDAR")
    line("VERSION", "2.0")
    line("PRODID", ICS_PRODID)
    line("CALSCALE", "GREGORIAN")
    line("METHOD", "PUBLISH")
    line("X-WR-CALNAME", ics_escape(t("register.ics.calendar", language)))
    count = 0
    stamp = _utc_stamp(now)
    for r in requests:
        kind = t(f"register.type.{r.type}", language)
        summary = t("register.ics.summary", language, id=r.ref, type=kind, article=r.article, org=r.organisation)
        description = t(
            "register.ics.description",
            language,
            status=t(f"register.status.{r.status}", language),
            received=r.received_on.isoformat(),
            via=r.received_via,
            deadline=r.deadline.isoformat(),
            extended_deadline=r.extended_deadline.isoformat(),
            paused_days=r.paused_days_so_far,
        )
        if include_subject:
            description += "\n" + t("register.ics.subject", language, subject=r.subject_ref)
        line("BEGIN", "VEVENT")
        line("UID", ics_uid(r))
        line("DTSTAMP", stamp)
        if r.updated_at is not None:
            line("LAST-MODIFIED", _utc_stamp(r.updated_at))
        line("SEQUENCE", str(r.revision))
        line("DTSTART;VALUE=DATE", r.current_deadline.strftime("%Y%m%d"))
        line("DTEND;VALUE=DATE", (r.current_deadline + timedelta(days=1)).strftime("%Y%m%d"))
        line("SUMMARY", ics_escape(summary))
        line("DESCRIPTION", ics_escape(description))
        line("CATEGORIES", "GDPR")
        line("TRANSP", "TRANSPARENT")
        line("STATUS", "CANCELLED" if r.closed else "CONFIRMED")
        line("END", "VEVENT")
        count += 1
    line("END", "VCALENDAR")
    return count
