"""Reminder and digest messages: what they say in Danish, Swedish and English, which buttons they
offer, and that the subject reference is never part of them."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest

from deadlines.register import RequestView
from deadlines.reminders import Destination, Reminder
from handlers.reminders import days_text, render_digest, render_reminder
from handlers.reply import Action

SECRET = "kunde-4711@example.dk"
TODAY = date(2026, 11, 25)


def request(ref: str = "DSR-2026-0001", deadline: date = date(2026, 12, 2), **changes: object) -> RequestView:
    """An open DK erasure request judged on TODAY."""
    base = RequestView(
        ref=ref,
        organisation="imusic",
        country="DK",
        type="erasure",
        status="open",
        received_at=datetime(2026, 11, 2, 9, tzinfo=UTC),
        received_on=date(2026, 11, 2),
        received_via="email",
        subject_ref=SECRET,
        channel="telegram",
        chat_id="-1001",
        deadline=deadline,
        extended_deadline=date(2027, 2, 2),
        current_deadline=deadline,
        today=TODAY,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def reminder(stage: str = "before-7", days_left: int = 7, language: str = "en", **changes: Any) -> Reminder:
    """A reminder of `request(**changes)`."""
    r = request(**changes)
    return Reminder(r, stage, r.current_deadline, Destination("telegram", "-1001"), days_left=days_left, language=language)


def test_a_reminder_in_english() -> None:
    """Id, worded type with its article, organisation, deadline with days left, receipt; Done and Extend."""
    reply = render_reminder(reminder())
    assert reply.plain() == (
        "Reminder: DSR-2026-0001 (erasure, imusic) is due in 7 days.\n\n"
        "Type: erasure (Art. 17)\nOrganisation: imusic\nDeadline: 2026-12-02 (7 days left)\nReceived: 2026-11-02"
    )
    assert reply.actions == (Action("Done", "done", "DSR-2026-0001"), Action("Extend…", "extend", "DSR-2026-0001"))
    assert reply.language == "en" and not reply.error


@pytest.mark.parametrize(
    ("language", "intro", "deadline_line", "labels"),
    [
        ("da", "Påmindelse: DSR-2026-0001 (sletning, imusic) har frist i morgen.", "Frist: 2026-12-02 (1 dag tilbage)", ("Udført", "Forlæng…")),
        ("sv", "Påminnelse: DSR-2026-0001 (radering, imusic) har tidsfrist i morgon.", "Tidsfrist: 2026-12-02 (1 dag kvar)", ("Klar", "Förläng…")),
    ],
)
def test_a_reminder_in_danish_and_swedish(language: str, intro: str, deadline_line: str, labels: tuple[str, str]) -> None:
    """The organisation's language throughout, buttons included."""
    reply = render_reminder(reminder("before-1", 1, language))
    assert reply.intro == intro and deadline_line in reply.sections[0].lines
    assert tuple(a.label for a in reply.actions) == labels


def test_due_today_overdue_and_escalation() -> None:
    """Today; overdue (advice, no Extend: the first deadline has passed); the escalation copy says so."""
    today = render_reminder(reminder("due", 0))
    assert today.intro is not None and today.intro.endswith("is due today.") and "(today)" in today.plain()
    late = render_reminder(reminder("overdue-3", -3))
    assert late.intro is not None and late.intro.endswith("is 3 days overdue.") and "(3 days overdue)" in late.plain()
    assert late.outro is not None and late.outro.startswith("Answer the subject")
    assert [a.command for a in late.actions] == ["done"]
    one = render_reminder(replace(reminder("overdue-1", -1), escalation=True))
    assert one.intro == "Escalation: DSR-2026-0001 (erasure, imusic) is 1 day overdue."


def test_the_extension_decision_reminder() -> None:
    """Asks to decide and to tell the subject by the first deadline; offers Extend."""
    reply = render_reminder(reminder("extension-decision", 5))
    assert reply.outro == (
        "Decide whether to extend: if the request needs more time (up to two further months), "
        "extend it and tell the subject why by 2026-12-02."
    )
    assert [a.command for a in reply.actions] == ["done", "extend"]


def test_an_extended_request_shows_the_extended_deadline_and_no_extend_button() -> None:
    """Extended once already: the register would refuse a second extension."""
    extended = request(deadline=date(2026, 12, 2), status="extended", extended_at=datetime(2026, 11, 20, tzinfo=UTC),
                       current_deadline=date(2027, 2, 2))
    r = Reminder(extended, "before-7", date(2027, 2, 2), Destination("slack", "C1"), days_left=7, language="en")
    reply = render_reminder(r)
    assert "Extended deadline: 2027-02-02 (7 days left)" in reply.plain()
    assert [a.command for a in reply.actions] == ["done"]


def test_days_are_worded_in_every_language() -> None:
    """Every number of days has a text in da, sv and en (singular and plural)."""
    assert days_text(2, "da") == "2 dage tilbage" and days_text(-2, "sv") == "2 dagar sen"
    assert days_text(-1, "en") == "1 day overdue" and days_text(0, "da") == "i dag"
    for language in ("da", "sv", "en", "xx"):
        for left in range(-40, 40):
            assert str(abs(left)) in days_text(left, language) or left in (0,)


def test_no_subject_reference_in_any_message() -> None:
    """Reminders go to group chats and logs: the subject reference never appears."""
    for stage, left in (("before-7", 7), ("due", 0), ("overdue-2", -2), ("extension-decision", 5)):
        for language in ("da", "sv", "en"):
            reply = render_reminder(reminder(stage, left, language))
            assert SECRET not in reply.plain() and all(SECRET not in a.argument for a in reply.actions)
    assert SECRET not in render_digest((request(),), "en").plain()


def _digest_requests() -> tuple[RequestView, ...]:
    """Overdue, due this week (twice), later, paused and closed requests."""
    return (
        request("DSR-2026-0005", date(2026, 12, 21)),
        request("DSR-2026-0002", date(2026, 11, 20)),
        request("DSR-2026-0003", date(2026, 12, 2)),
        request("DSR-2026-0004", date(2026, 11, 26), type="access"),
        request("DSR-2026-0006", date(2026, 12, 9), status="awaiting_identity", paused_at=datetime(2026, 11, 23, 23, 30, tzinfo=UTC)),
        request("DSR-2026-0007", date(2026, 11, 30), status="done", closed_at=datetime(2026, 11, 24, tzinfo=UTC)),
    )


def test_the_digest_groups_open_requests_by_urgency() -> None:
    """Overdue, due within 7 days, later, paused (in deadline order); closed requests are left out."""
    reply = render_digest(_digest_requests(), "en")
    assert reply.plain() == (
        "Weekly digest: 5 open requests.\n\n"
        "Overdue (1)\n• DSR-2026-0002 · erasure · imusic · 2026-11-20 (5 days overdue)\n\n"
        "Due within 7 days (2)\n• DSR-2026-0004 · access · imusic · 2026-11-26 (1 day left)\n"
        "• DSR-2026-0003 · erasure · imusic · 2026-12-02 (7 days left)\n\n"
        "Later (1)\n• DSR-2026-0005 · erasure · imusic · 2026-12-21 (26 days left)\n\n"
        "Paused (1)\n• DSR-2026-0006 · erasure · imusic · awaiting identity since 2026-11-24"  # 00:30 in Copenhagen
    )
    assert reply.actions == ()


def test_the_digest_in_swedish_caps_long_sections() -> None:
    """Each section lists at most `limit` requests, then '… och N till'."""
    many = tuple(request(f"DSR-2026-{i:04d}", date(2026, 11, 10)) for i in range(1, 8))
    reply = render_digest(many, "sv", limit=3)
    (section,) = reply.sections
    assert section.heading == "Försenade (7)" and len(section.lines) == 4 and section.lines[-1] == "… och 4 till"
    assert reply.intro == "Veckoöversikt: 7 öppna begäranden."


def test_an_empty_digest() -> None:
    """No open requests: one sentence, in the language asked for."""
    assert render_digest((), "da").plain() == "Ugeoversigt: ingen åbne anmodninger."
    closed_only = (request(status="withdrawn", closed_at=datetime(2026, 11, 24, tzinfo=UTC)),)
    assert render_digest(closed_only, "en").plain() == "Weekly digest: no open requests."
    assert render_digest((request(),), "en").intro == "Weekly digest: 1 open request."
