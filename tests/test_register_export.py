"""The register's exports: RFC 5545 folding and escaping, stable UIDs, CSV and JSON contents."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from typing import Any

import pytest

from deadlines import register as reg
from deadlines.export import CSV_COLUMNS, ics_escape, ics_fold, write_csv, write_ics, write_json

ANNA = reg.Actor("anna")


@pytest.mark.parametrize(
    "line",
    [
        "SUMMARY:" + "x" * 200,
        "DESCRIPTION:" + "æøå ÆØÅ äö " * 30,  # 2-byte characters across the fold points
        "DESCRIPTION:" + "€" * 80,  # 3-byte characters
        "DESCRIPTION:" + "🙂" * 40,  # 4-byte characters
        "SHORT:ok",
        "EXACT:" + "y" * 69,  # exactly 75 octets
    ],
)
def test_fold_keeps_lines_within_75_octets_and_unfolds_back(line: str) -> None:
    """Every physical line <= 75 octets, CRLF-terminated, never splitting a character; unfolding restores it."""
    folded = ics_fold(line)
    assert folded.endswith("\r\n")
    physical = folded[:-2].split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in physical)
    assert all(p.startswith(" ") for p in physical[1:])
    assert folded[:-2].replace("\r\n ", "") == line
    assert len(physical) == 1 or len(physical[0].encode()) > 71  # no needlessly short first line


def test_escape_text_values() -> None:
    """Backslash, semicolon, comma and newlines are escaped (RFC 5545 §3.3.11)."""
    assert ics_escape("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def export_ics(engine: Any, clock: Any, **kwargs: Any) -> str:
    """The feed of all requests, as text."""
    out = io.StringIO(newline="")
    write_ics(reg.iter_requests(engine, clock), out, now=clock(), **kwargs)
    return out.getvalue()


def event_fields(feed: str) -> dict[str, str]:
    """Property -> value of the (single) VEVENT, after unfolding."""
    lines = feed.replace("\r\n ", "").split("\r\n")
    start, end = lines.index("BEGIN:VEVENT"), lines.index("END:VEVENT")
    return dict(line.split(":", 1) for line in lines[start + 1 : end])


def test_feed_uid_is_stable_while_the_event_moves(register_db: Any, register_clock: Any, register_kb: Any) -> None:
    """Extending moves DTSTART and raises SEQUENCE; the UID stays, so calendars update the same event."""
    engine, clock = register_db.engine, register_clock
    ref = reg.log_request(
        engine, clock, ANNA, organisation="imusic", type="access", received="2026-11-20", via="email",
        subject_ref="order; 1,2", kb=register_kb,
    ).request.ref
    first = event_fields(export_ics(engine, clock))
    clock.advance(timedelta(hours=1))
    reg.extend(engine, clock, ANNA, ref, reason="complex")
    second = event_fields(export_ics(engine, clock, language="da"))
    assert first["UID"] == second["UID"] == "dsr-2026-0001.imusic@gdpr-bot.invalid"
    assert (first["DTSTART;VALUE=DATE"], second["DTSTART;VALUE=DATE"]) == ("20261221", "20270222")
    assert second["DTEND;VALUE=DATE"] == "20270223"
    assert int(second["SEQUENCE"]) > int(first["SEQUENCE"])
    assert second["DTSTAMP"] == "20261122T100000Z" and second["LAST-MODIFIED"] == "20261122T100000Z"
    assert second["SUMMARY"] == "Frist DSR-2026-0001: indsigt (art. 15)\\, imusic"
    assert "order" not in export_ics(engine, clock)
    with_subject = event_fields(export_ics(engine, clock, include_subject=True))
    assert "order\\; 1\\,2" in with_subject["DESCRIPTION"]


def test_feed_envelope(register_db: Any, register_clock: Any) -> None:
    """An empty register still gives a valid VCALENDAR with VERSION and PRODID; CRLF everywhere."""
    feed = export_ics(register_db.engine, register_clock)
    lines = feed.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    assert "\n" not in feed.replace("\r\n", "")


def test_csv_and_json_columns(register_db: Any, register_clock: Any, register_kb: Any) -> None:
    """CSV: the documented columns (+ subject_ref on request); JSON: count and requests."""
    reg.log_request(
        register_db.engine, register_clock, ANNA, organisation="imusic", type="objection",
        received="2026-11-01", via="letter", subject_ref="+4512345678", kb=register_kb,
    )
    out = io.StringIO(newline="")
    assert write_csv(reg.iter_requests(register_db.engine, register_clock), out) == 1
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == CSV_COLUMNS and rows[0]["id"] == "DSR-2026-0001" and rows[0]["article"] == "21"
    out = io.StringIO(newline="")
    write_csv(reg.iter_requests(register_db.engine, register_clock), out, include_subject=True)
    assert list(csv.DictReader(io.StringIO(out.getvalue())))[0]["subject_ref"] == "'+4512345678"  # formula guard
    out = io.StringIO()
    write_json(reg.iter_requests(register_db.engine, register_clock), out, now=register_clock())
    data = json.loads(out.getvalue())
    assert data["count"] == 1 and data["requests"][0]["type"] == "objection"
    assert "subject_ref" not in data["requests"][0]
