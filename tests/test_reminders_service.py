"""The reminder service on a real register (SQLite file, and PostgreSQL when configured): each stage
delivered exactly once through a request's life, pauses and extensions moving the stages, closing
stopping them, catch-up after downtime, escalation, the weekly digest, and no subject reference in
the logs. Time comes from a FixedClock moved by the tests; nothing sleeps for a deadline."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date, time, timedelta
from typing import Any

import pytest

from bot.notify import LogNotifier
from deadlines.clock import FixedClock
from deadlines.register import Actor, close, extend, pause, purge, resume
from deadlines.reminders import (
    LOG_DESTINATION,
    Destination,
    DigestSettings,
    Notifiers,
    ReminderService,
    claims,
)
from tests.reminders_fixtures import SUBJECT, RecordingNotifier, local, log, run_days, scan, service, settings

STAFF = Actor("anna", "telegram", "-1001")


def test_each_stage_is_delivered_once_through_a_requests_life(register_db: Any) -> None:
    """Received Mon 2 Nov 2026 (DK), deadline Wed 2 Dec: four scans a day for five weeks send each
    stage once, at 09:00 on its day; closing the request stops the overdue pings."""
    clock = FixedClock(local(date(2026, 11, 2), 10))
    request = log(register_db.engine, clock, "2026-11-02")
    assert request.current_deadline == date(2026, 12, 2)
    notifier = RecordingNotifier()
    svc = service(register_db.engine, clock, notifier, settings(extension_decision_working_days=2))

    sent = run_days(svc, clock, date(2026, 11, 3), date(2026, 12, 7))
    to = "telegram:-1001"
    ref = request.ref
    assert sent == [
        (date(2026, 11, 25), ref, "before-7", to),
        (date(2026, 11, 27), ref, "before-3", to),  # 29 Nov is a Sunday
        (date(2026, 11, 30), ref, "extension-decision", to),  # 2 working days before
        (date(2026, 12, 1), ref, "before-1", to),
        (date(2026, 12, 2), ref, "due", to),
        (date(2026, 12, 3), ref, "overdue-1", to),
        (date(2026, 12, 4), ref, "overdue-2", to),
        (date(2026, 12, 7), ref, "overdue-5", to),  # nothing on the weekend
    ]
    assert all(r.scheduled_at is not None and r.scheduled_at.astimezone(local(date(2026, 1, 1)).tzinfo) for r in notifier.reminders)
    assert [r.days_left for r in notifier.reminders] == [7, 5, 2, 1, 0, -1, -2, -5]

    clock.now = local(date(2026, 12, 7), 12)
    close(register_db.engine, clock, STAFF, ref, outcome="done")
    assert run_days(svc, clock, date(2026, 12, 7), date(2026, 12, 11)) == []
    rows = claims(register_db.engine, ref)
    assert {(c["stage"], c["status"], c["attempts"]) for c in rows} == {(s[2], "sent", 1) for s in sent}
    assert {c["deadline"] for c in rows} == {date(2026, 12, 2)}


def test_a_pause_moves_the_stages_to_the_new_deadline(register_db: Any) -> None:
    """Paused 23-30 Nov (7 days): nothing while paused; afterwards the stages follow 9 Dec, and the
    stage the pause passed over (before-10 of 9 Dec, on 27 Nov) is not sent after the resume."""
    clock = FixedClock(local(date(2026, 11, 2), 10))
    request = log(register_db.engine, clock, "2026-11-02")
    notifier = RecordingNotifier()
    svc = service(register_db.engine, clock, notifier, settings(days_before=(10, 3, 1), extension_decision_working_days=0))

    assert run_days(svc, clock, date(2026, 11, 3), date(2026, 11, 23))[0][2] == "before-10"
    clock.now = local(date(2026, 11, 23), 20)
    pause(register_db.engine, clock, STAFF, request.ref, reason="identity")
    assert run_days(svc, clock, date(2026, 11, 24), date(2026, 11, 29)) == []
    clock.now = local(date(2026, 11, 30), 8)
    moved = resume(register_db.engine, clock, STAFF, request.ref).request
    assert moved.current_deadline == date(2026, 12, 9)
    after = run_days(svc, clock, date(2026, 11, 30), date(2026, 12, 10))
    assert [(day, stage) for day, _, stage, _ in after] == [
        (date(2026, 12, 4), "before-3"),  # 6 Dec is a Sunday
        (date(2026, 12, 8), "before-1"),
        (date(2026, 12, 9), "due"),
        (date(2026, 12, 10), "overdue-1"),
    ]
    assert [(r.stage, r.deadline) for r in notifier.reminders] == [
        ("before-10", date(2026, 12, 2)),
        ("before-3", date(2026, 12, 9)),
        ("before-1", date(2026, 12, 9)),
        ("due", date(2026, 12, 9)),
        ("overdue-1", date(2026, 12, 9)),
    ]


def test_an_extension_moves_the_stages_and_ends_the_extension_decision(register_db: Any) -> None:
    """Extended on 30 Nov after the extension-decision ping: the next ping is 7 days before 2 Feb 2027."""
    clock = FixedClock(local(date(2026, 11, 2), 10))
    request = log(register_db.engine, clock, "2026-11-02")
    notifier = RecordingNotifier()
    svc = service(register_db.engine, clock, notifier, settings(extension_decision_working_days=2))
    times = ((9, 0), (15, 0))
    assert [s for _, _, s, _ in run_days(svc, clock, date(2026, 11, 3), date(2026, 11, 30), times)] == [
        "before-7",
        "before-3",
        "extension-decision",
    ]
    clock.now = local(date(2026, 11, 30), 12)
    assert extend(register_db.engine, clock, STAFF, request.ref, reason="complex").request.current_deadline == date(2027, 2, 2)
    later = run_days(svc, clock, date(2026, 11, 30), date(2027, 2, 3), times)
    assert [(day, stage) for day, _, stage, _ in later] == [
        (date(2027, 1, 26), "before-7"),
        (date(2027, 1, 29), "before-3"),  # 30 Jan is a Saturday
        (date(2027, 2, 1), "before-1"),
        (date(2027, 2, 2), "due"),
        (date(2027, 2, 3), "overdue-1"),
    ]
    assert {r.deadline for r in notifier.reminders[3:]} == {date(2027, 2, 2)}


def test_after_downtime_only_the_latest_stage_goes_out(register_db: Any) -> None:
    """First scan on 1 Dec: before-1 only; before-7, the extension decision and before-3 are recorded
    as skipped and never sent; the next day's stage comes as usual."""
    clock = FixedClock(local(date(2026, 11, 2), 10))
    request = log(register_db.engine, clock, "2026-11-02")
    notifier = RecordingNotifier()
    svc = service(register_db.engine, clock, notifier)
    result = scan(svc, local(date(2026, 12, 1), 10))
    assert notifier.stages() == [(request.ref, "before-1", "telegram:-1001")]
    assert result.sweep == "full" and result.sent == 1 and result.skipped == 3
    status = {c["stage"]: c["status"] for c in claims(register_db.engine, request.ref)}
    assert status == {"before-7": "skipped", "extension-decision": "skipped", "before-3": "skipped", "before-1": "sent"}
    assert scan(svc, local(date(2026, 12, 1), 11)).sent == 0
    assert [s for _, _, s, _ in run_days(svc, clock, date(2026, 12, 2), date(2026, 12, 2))] == ["due"]


def test_catching_up_a_long_overdue_request_sends_one_ping(register_db: Any) -> None:
    """Deadline 1 Oct, first scan on Fri 20 Nov: one overdue-50 ping; the passed-over stages are skipped."""
    clock = FixedClock(local(date(2026, 9, 1), 10))
    request = log(register_db.engine, clock, "2026-09-01")
    notifier = RecordingNotifier()
    result = scan(service(register_db.engine, clock, notifier), local(date(2026, 11, 20), 10))
    assert notifier.stages() == [(request.ref, "overdue-50", "telegram:-1001")]
    assert result.skipped == 10  # the most recent passed-over stages (SKIP_LIMIT)
    assert scan(service(register_db.engine, clock, RecordingNotifier()), local(date(2026, 11, 20), 16)).sent == 0


def test_overdue_reminders_also_go_to_the_escalation_chat(register_db: Any) -> None:
    """Due day: the home chat only; overdue: home chat and escalation chat, each once."""
    clock = FixedClock(local(date(2026, 11, 2), 10))
    request = log(register_db.engine, clock, "2026-11-02")
    notifier = RecordingNotifier()
    escalation = Destination("slack", "C-ESC")
    svc = service(register_db.engine, clock, notifier, settings(escalation=escalation))
    run_days(svc, clock, date(2026, 12, 2), date(2026, 12, 3))
    assert [(r.stage, str(r.to), r.escalation) for r in notifier.reminders] == [
        ("due", "telegram:-1001", False),
        ("overdue-1", "slack:C-ESC", True),
        ("overdue-1", "telegram:-1001", False),
    ]
    assert len(claims(register_db.engine, request.ref)) == 3 + 4  # the catch-up skipped 4 earlier stages


def test_requests_logged_from_the_command_line_go_to_the_fallback_or_the_log(register_db: Any) -> None:
    """No chat to go back to: the configured fallback chat, else the log destination."""
    clock = FixedClock(local(date(2026, 11, 2), 10))
    log(register_db.engine, clock, "2026-11-02", channel="cli", chat=None)
    plain, fallback = RecordingNotifier(), RecordingNotifier()
    scan(service(register_db.engine, clock, plain), local(date(2026, 12, 2), 10))
    assert [str(r.to) for r in plain.reminders] == [str(LOG_DESTINATION)]
    clock.now = local(date(2026, 11, 3), 10)
    other = log(register_db.engine, clock, "2026-11-03", channel="cli", chat=None)
    svc = service(register_db.engine, clock, fallback, settings(fallback=Destination("telegram", "-1009")))
    scan(svc, local(date(2026, 12, 3), 10))
    assert (other.ref, "due", "telegram:-1009") in fallback.stages()


def test_reminders_for_a_channel_without_notifier_are_left_for_an_instance_that_has_one(register_db: Any) -> None:
    """A console-only instance neither sends nor claims a Telegram reminder; the Telegram instance does."""
    clock = FixedClock(local(date(2026, 11, 2), 10))
    request = log(register_db.engine, clock, "2026-11-02")
    console = RecordingNotifier()
    result = scan(ReminderService(register_db.engine, clock, settings(), Notifiers({"console": console})), local(date(2026, 12, 2), 10))
    assert result.deferred == 1 and console.sent == [] and claims(register_db.engine) == []
    telegram = RecordingNotifier()
    scan(ReminderService(register_db.engine, clock, settings(), Notifiers({"telegram": telegram})), local(date(2026, 12, 2), 10, 1))
    assert telegram.stages() == [(request.ref, "due", "telegram:-1001")]


def test_reminders_carry_the_organisations_language(register_db: Any, register_kb: Any) -> None:
    """languages maps organisation → language; unknown organisations get English."""
    clock = FixedClock(local(date(2026, 11, 2), 10))
    log(register_db.engine, clock, "2026-11-02", org="imusic")
    log(register_db.engine, clock, "2026-11-02", org="testshop-se", kb=register_kb)
    log(register_db.engine, clock, "2026-11-02", org="javi")
    notifier = RecordingNotifier()
    scan(service(register_db.engine, clock, notifier, languages={"imusic": "da", "testshop-se": "sv"}), local(date(2026, 12, 2), 10))
    assert sorted((r.request.organisation, r.language) for r in notifier.reminders) == [
        ("imusic", "da"),
        ("javi", "en"),
        ("testshop-se", "sv"),
    ]


def test_due_lists_without_claiming_and_leaves_out_what_was_sent(register_db: Any) -> None:
    """`due(at)` is read-only: the same list twice, no claim rows; after a scan, the sent ones are gone."""
    clock = FixedClock(local(date(2026, 11, 5), 10))
    first = log(register_db.engine, clock, "2026-11-02")
    second = log(register_db.engine, clock, "2026-11-05")
    svc = service(register_db.engine, clock, RecordingNotifier())
    at = local(date(2026, 12, 2), 10)
    listed = [(r.request.ref, r.stage, r.deadline, str(r.to)) for r in svc.due(at)]
    # the second one's deadline (5 Dec, a Saturday) rolls to Mon 7 Dec; 5 working days before is 30 Nov
    assert listed == [
        (first.ref, "due", date(2026, 12, 2), "telegram:-1001"),
        (second.ref, "extension-decision", date(2026, 12, 7), "telegram:-1001"),
    ]
    assert [(r.request.ref, r.stage) for r in svc.due(at)] == [(a, b) for a, b, _, _ in listed]
    assert claims(register_db.engine) == []
    scan(svc, at)
    assert svc.due(at) == []
    assert [(r.request.ref, r.stage) for r in svc.due(local(date(2026, 12, 3), 10))] == [(first.ref, "overdue-1")]
    assert [(r.request.ref, r.stage) for r in svc.due(local(date(2026, 12, 4), 10))] == [
        (first.ref, "overdue-2"),
        (second.ref, "before-1"),  # 6 Dec is a Sunday: before-3 and before-1 both fall on Fri 4 Dec
    ]


def test_the_weekly_digest_is_sent_once_per_week(register_db: Any) -> None:
    """Monday 08:30: the open requests (not the closed one), once per ISO week; failures are retried."""
    clock = FixedClock(local(date(2026, 11, 20), 10))
    engine = register_db.engine
    overdue = log(engine, clock, "2026-10-01")
    soon = log(engine, clock, "2026-10-26")
    later = log(engine, clock, "2026-11-20")
    paused = log(engine, clock, "2026-11-10")
    pause(engine, clock, STAFF, paused.ref, reason="clarification")
    closed = log(engine, clock, "2026-11-01")
    close(engine, clock, STAFF, closed.ref, outcome="done")
    notifier = RecordingNotifier(fail=1)
    to = Destination("log", "digest")
    config = settings(digest=DigestSettings(weekday=0, hour=time(8, 30), to=to), days_before=(), overdue_daily=False,
                      on_the_day=False, extension_decision_working_days=0)
    svc = service(engine, clock, notifier, config, languages={"imusic": "da"})

    def digests() -> list[Any]:
        """The digests delivered so far."""
        return [s for s in notifier.sent if s.kind == "digest"]

    assert scan(svc, local(date(2026, 11, 23), 8, 29)).claimed == 0
    first = scan(svc, local(date(2026, 11, 23), 8, 31))
    assert first.failed == 1 and digests() == []
    assert scan(svc, local(date(2026, 11, 23), 8, 32)).sent == 1  # retried after the 30 s backoff
    (sent,) = digests()
    assert sent.to == to and sent.language == "da"
    assert [r.ref for r in sent.requests] == [overdue.ref, soon.ref, paused.ref, later.ref]  # by current deadline
    assert scan(svc, local(date(2026, 11, 24), 9)).sent == 0
    assert scan(service(engine, clock, notifier, config), local(date(2026, 11, 29), 23)).sent == 0  # another instance, same week
    assert scan(svc, local(date(2026, 11, 30), 8, 31)).digests == 1
    assert [(c["deadline"], c["status"]) for c in claims(engine, "digest")] == [(date(2026, 11, 23), "sent"), (date(2026, 11, 30), "sent")]


def test_no_subject_reference_reaches_the_log(register_db: Any, caplog: pytest.LogCaptureFixture) -> None:
    """Sends, failures, retries and the log notifier's own messages name request ids only."""
    caplog.set_level(logging.DEBUG)
    clock = FixedClock(local(date(2026, 11, 2), 10))
    request = log(register_db.engine, clock, "2026-11-02", channel="cli", chat=None)
    failing = service(register_db.engine, clock, RecordingNotifier(fail=1), settings(escalation=Destination("log", "esc")))
    scan(failing, local(date(2026, 12, 3), 10))
    logger = ReminderService(register_db.engine, clock, settings(), Notifiers(default=LogNotifier()))
    scan(logger, local(date(2026, 12, 3), 11))
    text = caplog.text
    assert request.ref in text and "attempt 1 failed" in text and "overdue" in text
    assert SUBJECT not in text
    assert all(SUBJECT not in str(r.args) for r in caplog.records)


def test_purging_a_closed_request_removes_its_claims(register_db: Any) -> None:
    """Claims cascade with the request when the retention period is over (purge still works)."""
    clock = FixedClock(local(date(2026, 11, 2), 10))
    request = log(register_db.engine, clock, "2026-11-02")
    scan(service(register_db.engine, clock, RecordingNotifier()), local(date(2026, 12, 2), 10))
    assert claims(register_db.engine, request.ref)
    clock.now = local(date(2026, 12, 3), 10)
    close(register_db.engine, clock, STAFF, request.ref, outcome="done")
    clock.now += timedelta(days=2)
    assert purge(register_db.engine, clock, STAFF, older_than_days=1).refs == (request.ref,)
    assert claims(register_db.engine, request.ref) == []


def test_send_timeout_must_be_shorter_than_the_claim_timeout(register_db: Any) -> None:
    """Otherwise a slow send could still be running when another instance takes its claim over."""
    with pytest.raises(ValueError, match="send_timeout"):
        ReminderService(register_db.engine, FixedClock(local(date(2026, 11, 2))), replace(settings(), send_timeout=timedelta(minutes=10)))


def test_a_plain_mapping_of_notifiers(register_db: Any) -> None:
    """The bot passes {channel: notifier}: without Telegram and Slack the log notifier serves every
    channel; with Telegram, a Slack reminder waits for an instance that has Slack."""
    clock = FixedClock(local(date(2026, 11, 2), 10))
    log(register_db.engine, clock, "2026-11-02")
    log(register_db.engine, clock, "2026-11-02", channel="slack", chat="C1")
    logged = RecordingNotifier()
    console_only = ReminderService(register_db.engine, clock, settings(), {"log": logged, "console": RecordingNotifier()})
    assert scan(console_only, local(date(2026, 12, 2), 10)).sent == 2
    assert sorted(str(r.to) for r in logged.reminders) == ["slack:C1", "telegram:-1001"]
    telegram = RecordingNotifier()
    with_telegram = ReminderService(register_db.engine, clock, settings(), {"telegram": telegram, "log": RecordingNotifier()})
    result = scan(with_telegram, local(date(2026, 12, 3), 10))
    assert [str(r.to) for r in telegram.reminders] == ["telegram:-1001"] and result.deferred == 1
