"""The register's service functions: lifecycle, deadlines, lists, duplicates, bad input, trail and purge.

Every test runs on a SQLite file and, when GDPR_BOT_TEST_DATABASE_URL is set, on PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from deadlines import register as reg
from deadlines.models import AuditEvent, DataSubjectRequest
from deadlines.rules import compute_deadlines

ANNA = reg.Actor("anna", "cli")
SUBJECT = "order 1234"


def log(db: Any, clock: Any, kb: Any, **overrides: Any) -> reg.RequestView:
    """Log a request with sensible defaults; returns its view."""
    values: dict[str, Any] = {
        "organisation": "imusic",
        "type": "erasure",
        "received": "2026-11-20",
        "via": "email",
        "subject_ref": SUBJECT,
    }
    values.update(overrides)
    return reg.log_request(db.engine, clock, ANNA, kb=kb, **values).request


def counts(db: Any) -> tuple[int, int]:
    """(requests, trail rows)."""
    return reg.counts(db.engine)


def trail(db: Any) -> list[AuditEvent]:
    """Every trail row, oldest first."""
    from sqlalchemy.orm import Session

    with Session(db.engine) as session:
        return list(session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars())


# --- logging -----------------------------------------------------------------------------------


def test_log_stores_request_deadlines_and_one_trail_row(register_db: Any, register_clock: Any, register_kb: Any) -> None:
    """20 Nov 2026 + 1 month = Sun 20 Dec -> Mon 21 Dec; + 3 months = Sat 20 Feb -> Mon 22 Feb 2027."""
    view = log(register_db, register_clock, register_kb)
    assert view.ref == "DSR-2026-0001"
    assert (view.status, view.organisation, view.country, view.type, view.article) == ("open", "imusic", "DK", "erasure", "17")
    assert view.received_on == date(2026, 11, 20)
    assert view.deadline == date(2026, 12, 21)
    assert view.extended_deadline == date(2027, 2, 22)
    assert view.current_deadline == view.deadline
    assert not view.overdue and view.days_left == 29
    assert counts(register_db) == (1, 1)

    details = reg.get_request(register_db.engine, register_clock, "dsr-2026-0001")
    stored = details.request
    assert stored.subject_ref == SUBJECT
    assert stored.received_at == datetime(2026, 11, 19, 23, 0, tzinfo=UTC)  # 00:00 in Copenhagen
    for value in (stored.received_at, stored.created_at, stored.updated_at):
        assert value is not None and value.utcoffset() == timedelta(0)
    assert [(e.action, e.actor) for e in details.history] == [("logged", "anna")]
    assert details.history[0].details["deadline"] == "2026-12-21"


def test_ids_run_per_year_of_receipt(register_db: Any, register_clock: Any, register_kb: Any) -> None:
    """DSR-YYYY-NNNN: the year of receipt, a sequence per year."""
    refs = [
        log(register_db, register_clock, register_kb, received=received, subject_ref=f"order {i}").ref
        for i, received in enumerate(["2026-11-01", "2025-12-30", "2026-11-02", "2025-12-31"])
    ]
    assert refs == ["DSR-2026-0001", "DSR-2025-0001", "DSR-2026-0002", "DSR-2025-0002"]


def test_receipt_date_is_taken_in_the_organisations_zone(register_db: Any, register_clock: Any, register_kb: Any) -> None:
    """23:30 UTC on 31 Jan is already 1 Feb in Copenhagen (and the id's year follows the local date)."""
    view = log(register_db, register_clock, register_kb, received="2025-12-31T23:30:00+00:00")
    assert view.received_on == date(2026, 1, 1)
    assert view.ref == "DSR-2026-0001"
    view = log(register_db, register_clock, register_kb, received="2026-01-31T23:30:00Z", subject_ref="b")
    assert view.received_on == date(2026, 2, 1)
    assert view.deadline == compute_deadlines(date(2026, 2, 1), "DK").deadline


def test_naive_time_of_receipt_is_read_in_the_organisations_zone(register_db: Any, register_clock: Any, register_kb: Any) -> None:
    """A time without offset is local to the organisation."""
    view = log(register_db, register_clock, register_kb, received=datetime(2026, 11, 20, 0, 30))
    assert view.received_on == date(2026, 11, 20)
    assert view.received_at == datetime(2026, 11, 19, 23, 30, tzinfo=UTC)


def test_swedish_organisation_uses_swedish_holidays(register_db: Any, register_clock: Any, register_kb: Any) -> None:
    """6 May + 1 month = Sat 6 June (Sweden's national day) -> Mon 8 June."""
    view = log(register_db, register_clock, register_kb, organisation="testshop-se", received="2026-05-06")
    assert view.country == "SE"
    assert view.deadline == date(2026, 6, 8) == compute_deadlines(date(2026, 5, 6), "SE").deadline


def test_request_received_over_a_month_ago_is_accepted_and_overdue(register_db: Any, register_clock: Any, register_kb: Any) -> None:
    """Late logging is allowed and flagged at once."""
    result = reg.log_request(
        register_db.engine, register_clock, ANNA, organisation="imusic", type="access",
        received="2026-09-01", via="phone", subject_ref="a@b.dk", kb=register_kb,
    )
    assert result.request.overdue and result.request.days_left is not None and result.request.days_left < 0
    overdue = reg.list_requests(register_db.engine, register_clock, scope="overdue", kb=register_kb)
    assert [v.ref for v in overdue.items] == [result.request.ref]
    assert trail(register_db)[0].details["overdue"] is True


# --- pause and resume --------------------------------------------------------------------------


def test_pause_and_resume_move_the_deadline_by_whole_paused_days(register_db: Any, register_clock: Any, register_kb: Any) -> None:
    """Paused 5 days: the engine's deadline with paused_days=5; events in the trail."""
    view = log(register_db, register_clock, register_kb)
    change = reg.pause(register_db.engine, register_clock, ANNA, view.ref, reason="identity", note="asked for ID")
    assert change.request.status == "awaiting_identity" and change.request.paused
    assert change.event.action == "paused"
    register_clock.advance(timedelta(days=5))
    assert reg.get_request(register_db.engine, register_clock, view.ref).request.paused_days_so_far == 5
    change = reg.resume(register_db.engine, register_clock, ANNA, view.ref)
    expected = compute_deadlines(date(2026, 11, 20), "DK", paused_days=5)
    assert change.request.status == "open"
    assert change.request.paused_days == 5 and change.event.details["days"] == 5
    assert change.request.deadline == change.request.current_deadline == expected.deadline
    assert change.request.extended_deadline == expected.extended_deadline
    # A second pause adds up.
    reg.pause(register_db.engine, register_clock, ANNA, view.ref, reason="clarification")
    register_clock.advance(timedelta(days=2))
    again = reg.resume(register_db.engine, register_clock, ANNA, view.ref).request
    assert again.paused_days == 7
    assert again.deadline == compute_deadlines(date(2026, 11, 20), "DK", paused_days=7).deadline
    actions = [e.action for e in reg.get_request(register_db.engine, register_clock, view.ref).history]
    assert actions == ["logged", "paused", "resumed", "paused", "resumed"]


def test_paused_days_count_in_the_organisations_zone(register_db: Any, register_clock: Any, register_kb: Any) -> None:
    """Paused at 23:30 and resumed at 00:30 the next night (Copenhagen) is one day, though only an hour."""
    view = log(register_db, register_clock, register_kb)
    register_clock.now = datetime(2026, 11, 22, 22, 30, tzinfo=UTC)  # 23:30 in Copenhagen
    reg.pause(register_db.engine, register_clock, ANNA, view.ref, reason="identity")
    register_clock.now = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)  # 00:30 on 23 Nov in Copenhagen
    assert reg.resume(register_db.engine, register_clock, ANNA, view.ref).request.paused_days == 1


def test_paused_requests_are_open_but_neither_overdue_nor_due(register_db: Any, register_clock: Any, register_kb: Any) -> None:
    """The clock is stopped: a paused request is listed as open only."""
    view = log(register_db, register_clock, register_kb)
    reg.pause(register_db.engine, register_clock, ANNA, view.ref, reason="identity")
    register_clock.advance(timedelta(days=60))
    engine = register_db.engine
    assert [v.ref for v in reg.list_requests(engine, register_clock, kb=register_kb).items] == [view.ref]
    assert reg.list_requests(engine, register_clock, scope="overdue", kb=register_kb).items == ()
    assert reg.list_requests(engine, register_clock, scope="due", within_days=366, kb=register_kb).items == ()


# --- extension ---------------------------------------------------------------------------------


def test_extend_once_before_the_deadline(register_db: Any, register_clock: Any, register_kb: Any) -> None:
    """Extended: status extended, current deadline = extended deadline; survives a pause; only once."""
    view = log(register_db, register_clock, register_kb)
    change = reg.extend(register_db.engine, register_clock, ANNA, view.ref, reason="many orders to search")
    assert change.request.status == "extended"
    assert change.request.current_deadline == change.request.extended_deadline == date(2027, 2, 22)
    assert change.event.details["inform_subject_by"] == "2026-12-21"
    reg.pause(register_db.engine, register_clock, ANNA, view.ref, reason="clarification")
    register_clock.advance(timedelta(days=3))
    resumed = reg.resume(register_db.engine, register_clock, ANNA, view.ref).request
    assert resumed.status == "extended"
    assert resumed.current_deadline == compute_deadlines(date(2026, 11, 20), "DK", paused_days=3).extended_deadline
    with pytest.raises(reg.RegisterError) as err:
        reg.extend(register_db.engine, register_clock, ANNA, view.ref, reason="again")
    assert err.value.key == "register.already_extended"


@pytest.mark.parametrize(
    ("now", "allowed"),
    [
        (datetime(2026, 12, 21, 22, 59, tzinfo=UTC), True),  # 23:59 on the deadline day in Copenhagen
        (datetime(2026, 12, 21, 23, 0, tzinfo=UTC), False),  # 00:00 the day after
    ],
)
def test_extension_allowed_until_the_end_of_the_deadline_day(
    register_db: Any, register_clock: Any, register_kb: Any, now: datetime, allowed: bool
) -> None:
    """Today in the organisation's zone must be on or before the one-month deadline."""
    view = log(register_db, register_clock, register_kb)
    register_clock.now = now
    if allowed:
        assert reg.extend(register_db.engine, register_clock, ANNA, view.ref, reason="complex").request.status == "extended"
    else:
        with pytest.raises(reg.RegisterError) as err:
            reg.extend(register_db.engine, register_clock, ANNA, view.ref, reason="complex")
        assert err.value.key == "register.extension_too_late"
        assert "2026-12-21" in err.value.message("en")


# --- closing -----------------------------------------------------------------------------------


def test_close_withdraw_and_reopen(register_db: Any, register_clock: Any, register_kb: Any) -> None:
    """Done, refused (with reason), withdrawn; reopen returns to open or extended."""
    engine, clock = register_db.engine, register_clock
    a = log(register_db, clock, register_kb, subject_ref="a")
    b = log(register_db, clock, register_kb, subject_ref="b")
    c = log(register_db, clock, register_kb, subject_ref="c")

    done = reg.close(engine, clock, ANNA, a.ref, outcome="done", note="deleted account")
    assert (done.request.status, done.request.outcome, done.request.closed) == ("done", "done", True)
    assert done.request.closed_at == clock.now and done.request.days_left is None

    reg.extend(engine, clock, ANNA, b.ref, reason="complex")
    refused = reg.close(engine, clock, ANNA, b.ref, outcome="refused", note="manifestly unfounded")
    assert refused.request.status == "refused" and refused.request.outcome_note == "manifestly unfounded"
    assert reg.complaint_authority(b.organisation, b.country, register_kb) == "Datatilsynet"
    assert reg.complaint_authority("gone", "SE") == "Integritetsskyddsmyndigheten (IMY)"

    withdrawn = reg.withdraw(engine, clock, ANNA, c.ref, note="customer wrote back")
    assert withdrawn.request.status == "withdrawn"

    reopened = reg.reopen(engine, clock, ANNA, b.ref, reason="customer sent new facts")
    assert reopened.request.status == "extended" and reopened.request.closed_at is None
    assert reopened.request.outcome is None and reopened.event.details["previous_status"] == "refused"
    assert reg.reopen(engine, clock, ANNA, c.ref, reason="typo").request.status == "open"
    assert [v.ref for v in reg.list_requests(engine, clock, kb=register_kb).items] == [c.ref, b.ref]


def test_closing_after_the_deadline_is_recorded_as_late(register_db: Any, register_clock: Any, register_kb: Any) -> None:
    """The trail says when an answer came late."""
    view = log(register_db, register_clock, register_kb, received="2026-09-01")
    assert reg.close(register_db.engine, register_clock, ANNA, view.ref, outcome="done").event.details["late"] is True


def test_close_while_paused_ends_the_pause(register_db: Any, register_clock: Any, register_kb: Any) -> None:
    """A subject who never proves identity: close it; the pause is recorded and cleared."""
    view = log(register_db, register_clock, register_kb)
    reg.pause(register_db.engine, register_clock, ANNA, view.ref, reason="identity")
    change = reg.close(register_db.engine, register_clock, ANNA, view.ref, outcome="refused", note="identity not proven")
    assert change.request.paused_at is None and "paused_since" in change.event.details


# --- duplicates --------------------------------------------------------------------------------


def test_duplicate_of_an_open_request_is_refused_unless_forced(register_db: Any, register_clock: Any, register_kb: Any) -> None:
    """Same organisation, type and subject (case and spacing ignored) -> warning, nothing stored."""
    first = log(register_db, register_clock, register_kb)
    with pytest.raises(reg.DuplicateRequestError) as err:
        log(register_db, register_clock, register_kb, subject_ref="  ORDER   1234 ", received="2026-11-21")
    assert err.value.existing == (first.ref,) and first.ref in err.value.message("da")
    assert counts(register_db) == (1, 1)

    forced = reg.log_request(
        register_db.engine, register_clock, ANNA, organisation="imusic", type="erasure", received="2026-11-21",
        via="phone", subject_ref="Order 1234", force=True, kb=register_kb,
    )
    assert forced.duplicates == (first.ref,) and forced.request.ref == "DSR-2026-0002"
    assert trail(register_db)[-1].details["duplicates_of"] == [first.ref]
    # Another type, or another organisation, is no duplicate; nor is a closed request.
    log(register_db, register_clock, register_kb, type="access")
    log(register_db, register_clock, register_kb, organisation="testshop-se")
    reg.close(register_db.engine, register_clock, ANNA, first.ref, outcome="done")
    reg.close(register_db.engine, register_clock, ANNA, forced.request.ref, outcome="done")
    assert log(register_db, register_clock, register_kb).ref == "DSR-2026-0005"


# --- bad input ---------------------------------------------------------------------------------

BAD_LOGS: list[tuple[str, dict[str, Any], str]] = [
    ("unknown type", {"type": "deletion"}, "register.unknown_type"),
    ("no such date", {"received": "2026-02-30"}, "register.invalid_date"),
    ("garbage date", {"received": "last tuesday"}, "register.invalid_date"),
    ("future date", {"received": "2026-11-23"}, "register.received_future"),
    ("future time", {"received": "2026-11-22T09:01:00+00:00"}, "register.received_future"),
    ("before the GDPR", {"received": "2018-05-24"}, "register.received_before_gdpr"),
    ("huge reference", {"subject_ref": "x" * 10_000}, "register.subject_too_long"),
    ("empty reference", {"subject_ref": "   "}, "register.field_required"),
    ("control characters", {"subject_ref": "order\x001234"}, "register.invalid_text"),
    ("multi-line reference", {"subject_ref": "order\n1234"}, "register.invalid_text"),
    ("unknown organisation", {"organisation": "nosuchshop"}, "error.unknown_org"),
    ("unknown way of receipt", {"via": "pigeon"}, "register.unknown_via"),
    ("not a string", {"type": 17}, "register.unknown_type"),
]


@pytest.mark.parametrize(("case", "overrides", "key"), BAD_LOGS, ids=[c[0] for c in BAD_LOGS])
def test_bad_log_input_stores_nothing(
    register_db: Any, register_clock: Any, register_kb: Any, case: str, overrides: dict[str, Any], key: str
) -> None:
    """A clear error (in three languages), and no request and no trail row."""
    log(register_db, register_clock, register_kb, subject_ref="existing")
    before = counts(register_db)
    with pytest.raises(reg.RegisterError) as err:
        log(register_db, register_clock, register_kb, **overrides)
    assert err.value.key == key, case
    assert len({err.value.message(lang) for lang in ("da", "sv", "en")}) == 3
    assert counts(register_db) == before


def test_bad_actor_stores_nothing(register_db: Any, register_clock: Any, register_kb: Any) -> None:
    """The actor is validated at the boundary too."""
    for actor, key in [
        (reg.Actor(""), "register.field_required"),
        (reg.Actor("anna", "fax"), "register.unknown_channel"),
        (reg.Actor("a" * 101), "register.field_too_long"),
        (reg.Actor("anna", "telegram", "9" * 201), "register.field_too_long"),
    ]:
        with pytest.raises(reg.RegisterError) as err:
            reg.log_request(
                register_db.engine, register_clock, actor, organisation="imusic", type="access",
                received="2026-11-20", via="email", subject_ref="x", kb=register_kb,
            )
        assert err.value.key == key
    assert counts(register_db) == (0, 0)


Op = Callable[[Any, Any, str], Any]
BAD_CHANGES: list[tuple[str, str, Op, str]] = [
    ("unknown id", "", lambda e, c, r: reg.pause(e, c, ANNA, "DSR-2026-9999", reason="identity"), "register.unknown_id"),
    ("malformed id", "", lambda e, c, r: reg.close(e, c, ANNA, "1; DROP TABLE", outcome="done"), "register.unknown_id"),
    ("extend twice", "extended", lambda e, c, r: reg.extend(e, c, ANNA, r, reason="again"), "register.already_extended"),
    ("extend when paused", "paused", lambda e, c, r: reg.extend(e, c, ANNA, r, reason="x"), "register.extend_while_paused"),
    ("extend without reason", "", lambda e, c, r: reg.extend(e, c, ANNA, r, reason="  "), "register.field_required"),
    ("close a closed one", "closed", lambda e, c, r: reg.close(e, c, ANNA, r, outcome="done"), "register.already_closed"),
    ("withdraw a closed one", "closed", lambda e, c, r: reg.withdraw(e, c, ANNA, r), "register.already_closed"),
    ("pause a closed one", "closed", lambda e, c, r: reg.pause(e, c, ANNA, r, reason="identity"), "register.already_closed"),
    ("refuse without reason", "", lambda e, c, r: reg.close(e, c, ANNA, r, outcome="refused"), "register.refusal_needs_reason"),
    ("unknown outcome", "", lambda e, c, r: reg.close(e, c, ANNA, r, outcome="maybe"), "register.unknown_outcome"),
    ("pause twice", "paused", lambda e, c, r: reg.pause(e, c, ANNA, r, reason="identity"), "register.already_paused"),
    ("unknown pause reason", "", lambda e, c, r: reg.pause(e, c, ANNA, r, reason="holiday"), "register.unknown_pause_reason"),
    ("resume a running one", "", lambda e, c, r: reg.resume(e, c, ANNA, r), "register.not_paused"),
    ("reopen an open one", "", lambda e, c, r: reg.reopen(e, c, ANNA, r, reason="x"), "register.not_closed"),
    ("reopen without reason", "closed", lambda e, c, r: reg.reopen(e, c, ANNA, r, reason=""), "register.field_required"),
    ("note too long", "", lambda e, c, r: reg.withdraw(e, c, ANNA, r, note="n" * 2001), "register.field_too_long"),
]


@pytest.mark.parametrize(("case", "state", "op", "key"), BAD_CHANGES, ids=[c[0] for c in BAD_CHANGES])
def test_bad_changes_store_nothing(
    register_db: Any, register_clock: Any, register_kb: Any, case: str, state: str, op: Op, key: str
) -> None:
    """A refused change leaves the request, its revision and the trail as they were."""
    engine, clock = register_db.engine, register_clock
    ref = log(register_db, clock, register_kb).ref
    if state == "extended":
        reg.extend(engine, clock, ANNA, ref, reason="complex")
    elif state == "paused":
        reg.pause(engine, clock, ANNA, ref, reason="identity")
    elif state == "closed":
        reg.close(engine, clock, ANNA, ref, outcome="done")
    before = (counts(register_db), reg.get_request(engine, clock, ref).request)
    with pytest.raises(reg.RegisterError) as err:
        op(engine, clock, ref)
    assert err.value.key == key, case
    assert (counts(register_db), reg.get_request(engine, clock, ref).request) == before


def test_changes_after_the_deadline_are_refused(register_db: Any, register_clock: Any, register_kb: Any) -> None:
    """Extension and pause after the one-month deadline: refused, nothing stored."""
    ref = log(register_db, register_clock, register_kb).ref
    register_clock.now = datetime(2026, 12, 23, 9, 0, tzinfo=UTC)
    before = counts(register_db)
    for op, key in [
        (lambda: reg.extend(register_db.engine, register_clock, ANNA, ref, reason="x"), "register.extension_too_late"),
        (lambda: reg.pause(register_db.engine, register_clock, ANNA, ref, reason="identity"), "register.pause_after_deadline"),
    ]:
        with pytest.raises(reg.RegisterError) as err:
            op()
        assert err.value.key == key
    assert counts(register_db) == before


def test_list_rejects_bad_arguments(register_db: Any, register_clock: Any, register_kb: Any) -> None:
    """Unknown type, organisation, scope; bad day counts and page sizes."""
    for kwargs, key in [
        ({"type": "erase"}, "register.unknown_type"),
        ({"organisation": "nosuch"}, "error.unknown_org"),
        ({"scope": "late"}, "register.unknown_scope"),
        ({"scope": "due", "within_days": -1}, "register.invalid_days"),
        ({"scope": "due"}, "register.invalid_days"),
        ({"limit": 0}, "register.invalid_limit"),
        ({"limit": 10**6}, "register.invalid_limit"),
    ]:
        with pytest.raises(reg.RegisterError) as err:
            reg.list_requests(register_db.engine, register_clock, kb=register_kb, **kwargs)
        assert err.value.key == key


def test_the_clock_must_be_aware(register_db: Any, register_kb: Any) -> None:
    """A naive clock is a programming error, not a user error."""
    with pytest.raises(TypeError):
        reg.log_request(
            register_db.engine, lambda: datetime(2026, 11, 22), ANNA, organisation="imusic", type="access",
            received="2026-11-20", via="email", subject_ref="x", kb=register_kb,
        )
    assert counts(register_db) == (0, 0)


# --- lists -------------------------------------------------------------------------------------


def test_lists_in_deadline_order_with_filters_and_pages(register_db: Any, register_clock: Any, register_kb: Any) -> None:
    """Open, overdue, due within N days, by organisation and type; pages with has_more."""
    engine, clock, kb = register_db.engine, register_clock, register_kb
    late = log(register_db, clock, kb, received="2026-10-01", subject_ref="late", type="access")  # due 2 Nov
    soon = log(register_db, clock, kb, received="2026-10-30", subject_ref="soon")  # due 30 Nov
    later = log(register_db, clock, kb, received="2026-11-20", subject_ref="later")  # due 21 Dec
    swede = log(register_db, clock, kb, received="2026-11-02", subject_ref="swede", organisation="testshop-se")
    closed = log(register_db, clock, kb, received="2026-10-02", subject_ref="closed")
    reg.close(engine, clock, ANNA, closed.ref, outcome="done")

    def refs(**kwargs: Any) -> list[str]:
        """Ids of one list page."""
        return [v.ref for v in reg.list_requests(engine, clock, kb=kb, **kwargs).items]

    assert refs() == [late.ref, soon.ref, swede.ref, later.ref]
    assert refs(scope="overdue") == [late.ref]
    assert refs(scope="due", within_days=10) == [soon.ref, swede.ref]  # 30 Nov and 2 Dec: within 22 Nov..2 Dec
    assert refs(scope="due", within_days=9) == [soon.ref]
    assert refs(scope="due", within_days=0) == []
    assert refs(organisation="testshop-se") == [swede.ref]
    assert refs(type="access") == [late.ref]
    assert refs(scope="all") == [later.ref, swede.ref, soon.ref, closed.ref, late.ref]  # latest deadline first
    page = reg.list_requests(engine, clock, kb=kb, limit=2)
    assert [v.ref for v in page.items] == [late.ref, soon.ref] and page.has_more
    assert not reg.list_requests(engine, clock, kb=kb, limit=4).has_more
    assert swede.deadline == date(2026, 12, 2)


def test_overdue_begins_at_midnight_in_the_organisations_zone(register_db: Any, register_clock: Any, register_kb: Any) -> None:
    """Deadline 21 Dec: at 23:59 Copenhagen time still due; one minute later overdue."""
    view = log(register_db, register_clock, register_kb)
    register_clock.now = datetime(2026, 12, 21, 22, 59, tzinfo=UTC)
    assert reg.list_requests(register_db.engine, register_clock, scope="overdue", kb=register_kb).items == ()
    assert [v.ref for v in reg.list_requests(register_db.engine, register_clock, scope="due", within_days=0, kb=register_kb).items] == [view.ref]
    register_clock.now = datetime(2026, 12, 21, 23, 0, tzinfo=UTC)
    assert [v.ref for v in reg.list_requests(register_db.engine, register_clock, scope="overdue", kb=register_kb).items] == [view.ref]


# --- audit trail -------------------------------------------------------------------------------


def test_trail_never_holds_the_subject_reference(register_db: Any, register_clock: Any, register_kb: Any) -> None:
    """Notes that quote the reference are scrubbed in the trail; every action leaves exactly one row."""
    engine, clock = register_db.engine, register_clock
    ref = log(register_db, clock, register_kb).ref
    reg.pause(engine, clock, ANNA, ref, reason="identity", note=f"asked about {SUBJECT.upper()}")
    clock.advance(timedelta(days=1))
    reg.resume(engine, clock, ANNA, ref)
    reg.extend(engine, clock, ANNA, ref, reason=f"{SUBJECT} has 40 lines")
    reg.close(engine, clock, ANNA, ref, outcome="refused", note=f"{SUBJECT}: not ours")
    reg.reopen(engine, clock, ANNA, ref, reason=f"wrong about {SUBJECT}")
    reg.withdraw(engine, clock, ANNA, ref, note=f"{SUBJECT} withdrawn")
    rows = trail(register_db)
    assert [r.action for r in rows] == ["logged", "paused", "resumed", "extended", "closed", "reopened", "withdrawn"]
    assert all(r.at.utcoffset() == timedelta(0) for r in rows)
    dumped = json.dumps([r.details for r in rows]).lower()
    assert SUBJECT not in dumped and "[subject]" in dumped
    assert reg.get_request(engine, clock, ref).request.revision == len(rows)


def test_trail_is_append_only(register_db: Any, register_clock: Any, register_kb: Any) -> None:
    """The session guard refuses to alter a trail row, to delete through the ORM, or to change silently."""
    ref = log(register_db, register_clock, register_kb).ref
    with pytest.raises(reg.AuditTrailViolation):
        with reg._write(register_db.engine) as session:
            session.execute(select(AuditEvent)).scalars().first().actor = "mallory"  # type: ignore[union-attr]
    with pytest.raises(reg.AuditTrailViolation):
        with reg._write(register_db.engine) as session:
            session.delete(session.execute(select(AuditEvent)).scalars().first())
    with pytest.raises(reg.AuditTrailViolation):
        with reg._write(register_db.engine) as session:
            row = session.execute(select(DataSubjectRequest)).scalars().one()
            row.status = "extended"  # a valid change, but without a trail row
    assert reg.get_request(register_db.engine, register_clock, ref).request.status == "open"
    assert trail(register_db)[0].actor == "anna"
    assert not any(name.startswith(("update_", "delete_")) for name in dir(reg))


# --- purge -------------------------------------------------------------------------------------


def test_purge_deletes_old_closed_requests_and_leaves_a_tombstone(register_db: Any, register_clock: Any, register_kb: Any) -> None:
    """Closed long enough ago: request and trail go, one `purged` row without personal data stays."""
    engine, clock = register_db.engine, register_clock
    old = log(register_db, clock, register_kb, subject_ref="old")
    recent = log(register_db, clock, register_kb, subject_ref="recent")
    still_open = log(register_db, clock, register_kb, subject_ref="open")
    reg.close(engine, clock, ANNA, old.ref, outcome="done")
    clock.advance(timedelta(days=400))
    reg.withdraw(engine, clock, ANNA, recent.ref)
    clock.advance(timedelta(days=reg.DEFAULT_RETENTION_DAYS - 399))
    before = counts(register_db)

    dry = reg.purge(engine, clock, ANNA, dry_run=True)
    assert dry.refs == (old.ref,) and dry.dry_run and counts(register_db) == before

    result = reg.purge(engine, clock, ANNA)
    assert result.refs == (old.ref,) and not result.dry_run
    assert counts(register_db) == (2, before[1] - 2 + 1)  # old's 2 rows gone, 1 tombstone
    with pytest.raises(reg.RegisterError) as err:
        reg.get_request(engine, clock, old.ref)
    assert err.value.key == "register.purged_id"
    tomb = [r for r in trail(register_db) if r.action == "purged"]
    assert len(tomb) == 1 and tomb[0].request_id is None and tomb[0].request_ref == old.ref
    assert tomb[0].details["trail_entries"] == 2 and "old" not in json.dumps(tomb[0].details).replace("older", "")
    assert reg.get_request(engine, clock, still_open.ref).request.status == "open"
    assert reg.purge(engine, clock, ANNA, older_than_days=0).refs == (recent.ref,)
    with pytest.raises(reg.RegisterError):
        reg.purge(engine, clock, ANNA, older_than_days=-1)


def test_purge_works_in_batches(register_db: Any, register_clock: Any, register_kb: Any) -> None:
    """More closed requests than one batch."""
    for i in range(7):
        ref = log(register_db, register_clock, register_kb, subject_ref=f"s{i}").ref
        reg.close(register_db.engine, register_clock, ANNA, ref, outcome="done")
    register_clock.advance(timedelta(days=1))
    assert reg.purge(register_db.engine, register_clock, ANNA, older_than_days=0, batch=3).count == 7
    assert counts(register_db) == (0, 7)


# --- odds and ends -----------------------------------------------------------------------------


def test_views_never_show_the_subject_in_repr(register_db: Any, register_clock: Any, register_kb: Any) -> None:
    """repr() of a view or a row (which may end up in a log line) leaves the reference out."""
    view = log(register_db, register_clock, register_kb)
    assert SUBJECT not in repr(view)
    assert "subject_ref" not in view.to_dict() and view.to_dict(include_subject=True)["subject_ref"] == SUBJECT


def test_generic_counter_fallback_counts_per_year(register_db: Any) -> None:
    """The portable id allocator (for databases without ON CONFLICT) hands out 1, 2, 3 per year."""
    from deadlines.db import write_session

    with write_session(register_db.engine) as session:
        got = [reg._next_seq_generic(session, 2030) for _ in range(3)] + [reg._next_seq_generic(session, 2031)]
    assert got == [1, 2, 3, 1]


def test_error_messages_exist_in_three_languages() -> None:
    """Every wording key the register raises or replies with has da, sv and en text."""
    import re
    from pathlib import Path

    from handlers.wording import has

    sources = "".join(
        Path(p).read_text(encoding="utf-8")
        for p in (reg.__file__, Path(reg.__file__).with_name("export.py"), Path(__file__).parents[1] / "bot/commands/requests.py")
    )
    keys = set(re.findall(r'"((?:register|error)\.[a-z_]+(?:\.[a-z_]+)?)"', sources))
    assert keys and all(has(k) for k in keys), sorted(k for k in keys if not has(k))


def test_retention_period_can_be_configured(
    register_db: Any, register_clock: Any, register_kb: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GDPR_BOT_RETENTION_DAYS replaces the 3-year default; a bad value is a clear error."""
    ref = log(register_db, register_clock, register_kb).ref
    reg.close(register_db.engine, register_clock, ANNA, ref, outcome="done")
    register_clock.advance(timedelta(days=31))
    assert reg.purge(register_db.engine, register_clock, ANNA, dry_run=True).refs == ()
    monkeypatch.setenv(reg.RETENTION_ENV, "30")
    assert reg.retention_days() == 30
    assert reg.purge(register_db.engine, register_clock, ANNA, dry_run=True).refs == (ref,)
    monkeypatch.setenv(reg.RETENTION_ENV, "three years")
    with pytest.raises(reg.RegisterError) as err:
        reg.purge(register_db.engine, register_clock, ANNA)
    assert err.value.key == "register.invalid_days"
    assert counts(register_db) == (1, 2)
