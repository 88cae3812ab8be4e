"""The reminder schedule, as pure functions: stage days with weekends and Danish/Swedish holidays,
the local hour across summer time, which stage is current at an instant, and where reminders go.

Expected dates are worked out by hand from the calendar (Easter 2027: 25 March is Maundy Thursday,
a public holiday in Denmark but not in Sweden; 26 March Good Friday and 29 March Easter Monday are
holidays in both)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from deadlines.register import RequestView
from deadlines.reminders import (
    LOG_DESTINATION,
    Destination,
    current_stage,
    destinations,
    due_stages,
    named_stages,
    retry_delay,
    stage_horizon,
    target_deadlines,
)
from tests.reminders_fixtures import CPH, STO, local, settings

S = settings()


def view(deadline: date, **changes: object) -> RequestView:
    """An open DK request whose current deadline is `deadline`, logged long before."""
    base = RequestView(
        ref="DSR-2026-0001",
        organisation="imusic",
        country="DK",
        type="erasure",
        status="open",
        received_at=datetime(2026, 10, 1, tzinfo=UTC),
        received_on=date(2026, 10, 1),
        received_via="email",
        subject_ref="secret",
        channel="telegram",
        chat_id="-1001",
        deadline=deadline,
        extended_deadline=deadline + timedelta(days=61),
        current_deadline=deadline,
        created_at=datetime(2026, 10, 1, 12, tzinfo=UTC),
        updated_at=datetime(2026, 10, 1, 12, tzinfo=UTC),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def days_of(deadline: date, country: str = "DK", **changes: object) -> dict[str, date]:
    """Stage name → day for `deadline`."""
    config = settings(**changes) if changes else S
    return {s.name: s.day for s in named_stages(deadline, deadline, False, country, config)}


def test_stages_of_a_wednesday_deadline() -> None:
    """7/3/1 days before (Sunday → Friday), 5 working days before for the extension decision, the day."""
    assert days_of(date(2026, 12, 2)) == {
        "before-7": date(2026, 11, 25),
        "extension-decision": date(2026, 11, 25),
        "before-3": date(2026, 11, 27),  # 29 Nov is a Sunday
        "before-1": date(2026, 12, 1),
        "due": date(2026, 12, 2),
    }


def test_stages_go_out_at_the_local_hour_in_winter_and_summer() -> None:
    """09:00 in Copenhagen is 08:00 UTC in December and 07:00 UTC in June; Stockholm alike."""
    winter = {s.name: s.send_at for s in named_stages(date(2026, 12, 2), date(2026, 12, 2), False, "DK", S)}
    assert winter["due"] == datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
    summer = {s.name: s.send_at for s in named_stages(date(2027, 6, 15), date(2027, 6, 15), False, "SE", S)}
    assert summer["due"] == datetime(2027, 6, 15, 7, 0, tzinfo=UTC)
    late = settings(hour=datetime(2000, 1, 1, 13, 30).time())
    assert {s.name: s.send_at for s in named_stages(date(2026, 12, 2), date(2026, 12, 2), False, "DK", late)}[
        "before-1"
    ] == datetime(2026, 12, 1, 12, 30, tzinfo=UTC)


def test_easter_moves_stages_to_the_previous_working_day_per_country() -> None:
    """A deadline on Tuesday 30 March 2027: Denmark loses Maundy Thursday too, Sweden does not."""
    deadline = date(2027, 3, 30)
    assert days_of(deadline, "DK") == {
        "extension-decision": date(2027, 3, 18),
        "before-7": date(2027, 3, 23),
        "before-3": date(2027, 3, 24),  # 27 Mar Sat, 26 Good Friday, 25 Maundy Thursday (DK)
        "before-1": date(2027, 3, 24),  # 29 Easter Monday, 28 Easter Sunday, ...
        "due": deadline,
    }
    assert days_of(deadline, "SE") == {
        "extension-decision": date(2027, 3, 19),
        "before-7": date(2027, 3, 23),
        "before-3": date(2027, 3, 25),  # Maundy Thursday is a working day in Sweden
        "before-1": date(2027, 3, 25),
        "due": deadline,
    }


def test_two_stages_on_one_day_send_only_the_nearer_one() -> None:
    """before-3 and before-1 both fall on Wednesday 24 March (DK): that day's ping is before-1."""
    request = view(date(2027, 3, 30))
    assert current_stage(request, S, local(date(2027, 3, 24), 9, 0, 1)).name == "before-1"  # type: ignore[union-attr]
    # and the extension decision wins a tie with before-7 (the decision message also gives the days left)
    assert current_stage(view(date(2026, 12, 2)), S, local(date(2026, 11, 25), 9, 5)).name == "extension-decision"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (local(date(2026, 11, 25), 8, 59), None),  # nothing due yet
        (local(date(2026, 11, 25), 9, 0), "extension-decision"),
        (local(date(2026, 11, 26), 15, 0), "extension-decision"),  # still the latest (claims stop repeats)
        (local(date(2026, 11, 27), 9, 0), "before-3"),
        (local(date(2026, 12, 1), 23, 30), "before-1"),
        (local(date(2026, 12, 2), 0, 30), None),  # the deadline day began: before-1 no longer applies
        (local(date(2026, 12, 2), 9, 0), "due"),
        (local(date(2026, 12, 2), 23, 59), "due"),
        (local(date(2026, 12, 3), 0, 1), None),  # the due-day ping never slips into the next day
        (local(date(2026, 12, 3), 9, 0), "overdue-1"),
        (local(date(2026, 12, 4), 12, 0), "overdue-2"),
        (local(date(2026, 12, 5), 10, 0), None),  # Saturday: no overdue ping, and Friday's is gone
        (local(date(2026, 12, 7), 8, 0), None),  # Monday before the hour
        (local(date(2026, 12, 7), 9, 0), "overdue-5"),  # numbered in calendar days
    ],
)
def test_current_stage_at_each_instant(at: datetime, expected: str | None) -> None:
    """The latest due stage, if it still applies; never an older one."""
    stage = current_stage(view(date(2026, 12, 2)), S, at)
    assert (stage.name if stage else None) == expected


def test_christmas_overdue_pings_only_on_working_days() -> None:
    """Deadline 23 Dec 2026 (DK): a ping on 24 Dec (not a public holiday), none on 25-27 Dec, then daily."""
    request = view(date(2026, 12, 23))
    names = [s.name for s in due_stages(request, S, local(date(2026, 12, 29), 9, 30)) if s.overdue]
    assert names == ["overdue-1", "overdue-5", "overdue-6"]  # 24 Dec, 28 Dec, 29 Dec


def test_paused_closed_and_extended_requests() -> None:
    """Paused and closed requests get nothing; an extended one follows its new deadline, without an
    extension decision."""
    at = local(date(2026, 12, 1), 10)
    assert current_stage(view(date(2026, 12, 2), status="awaiting_identity"), S, at) is None
    assert current_stage(view(date(2026, 12, 2), status="done"), S, at) is None
    extended = view(
        date(2026, 12, 2),
        status="extended",
        extended_at=datetime(2026, 11, 20, tzinfo=UTC),
        current_deadline=date(2027, 2, 2),
        extended_deadline=date(2027, 2, 2),
    )
    assert current_stage(extended, S, at) is None
    names = [s.name for s in due_stages(extended, S, local(date(2027, 2, 2), 9, 30))]
    assert names == ["before-7", "before-3", "before-1", "due"]


def test_stages_before_the_last_change_do_not_apply() -> None:
    """A request changed (e.g. resumed) at 10:00 does not get that morning's 09:00 stage; the next one comes."""
    request = view(date(2026, 12, 2), updated_at=local(date(2026, 11, 27), 10))
    assert current_stage(request, S, local(date(2026, 11, 27), 12)) is None
    assert current_stage(request, S, local(date(2026, 12, 1), 9)).name == "before-1"  # type: ignore[union-attr]
    assert [s.name for s in due_stages(request, S, local(date(2026, 12, 1), 9))] == ["before-1"]


def test_stages_can_be_switched_off() -> None:
    """No days before, no due-day or overdue ping, no extension decision: nothing is ever due."""
    quiet = settings(days_before=(), on_the_day=False, overdue_daily=False, extension_decision_working_days=0)
    request = view(date(2026, 12, 2))
    assert all(current_stage(request, quiet, local(date(2026, 11, 20)) + timedelta(hours=h)) is None for h in range(0, 24 * 20, 7))


def test_destinations() -> None:
    """The chat it was logged in; CLI requests to the fallback or the log; overdue ones also to escalation."""
    escalation = Destination("slack", "C-ESC")
    config = settings(escalation=escalation)
    request = view(date(2026, 12, 2))
    due = current_stage(request, config, local(date(2026, 12, 2), 10))
    overdue = current_stage(request, config, local(date(2026, 12, 3), 10))
    assert due is not None and overdue is not None
    assert destinations(request, due, config) == ((Destination("telegram", "-1001"), False),)
    assert destinations(request, overdue, config) == ((Destination("telegram", "-1001"), False), (escalation, True))
    cli = replace(request, channel="cli", chat_id=None)
    assert destinations(cli, due, config) == ((LOG_DESTINATION, False),)
    assert destinations(cli, due, settings(fallback=Destination("slack", "C-FB"))) == ((Destination("slack", "C-FB"), False),)
    same = settings(escalation=Destination("telegram", "-1001"))
    assert destinations(request, overdue, same) == ((Destination("telegram", "-1001"), False),)


def test_target_deadlines_and_horizon_agree_with_the_stages() -> None:
    """For every day of a year in both countries: a deadline has a named stage on day T exactly when it
    is one of T's targets, and every deadline with a stage on or before T is within T's horizon."""
    config = settings(extension_decision_working_days=4, days_before=(10, 3, 1))
    for country in ("DK", "SE"):
        for offset in range(0, 366, 3):
            today = date(2026, 1, 1) + timedelta(days=offset)
            targets = set(target_deadlines(today, country, config))
            horizon = stage_horizon(today, country, config)
            for ahead in range(0, 40):
                deadline = today + timedelta(days=ahead)
                stage_days = [s.day for s in named_stages(deadline, deadline, False, country, config)]
                assert (today in stage_days) == (deadline in targets), (country, today, deadline)
                if min(stage_days) <= today:
                    assert deadline <= horizon, (country, today, deadline)


def test_retry_backoff_doubles_and_is_capped() -> None:
    """30 s, 60 s, 120 s, ... at most an hour."""
    assert [retry_delay(S, n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert retry_delay(S, 50) == timedelta(hours=1)


def test_zones_are_the_organisations() -> None:
    """The same local hour in Copenhagen and Stockholm (both CET), from the country's zone."""
    assert local(date(2026, 12, 2), zone=CPH) == local(date(2026, 12, 2), zone=STO)
    se = view(date(2026, 12, 2), country="SE")
    stage = current_stage(se, S, local(date(2026, 12, 2), 9, 0, zone=STO))
    assert stage is not None and stage.send_at == datetime(2026, 12, 2, 8, tzinfo=UTC)
