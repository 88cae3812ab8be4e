"""`gdpr-bot reminders due|run-once`: the JSON contract, text output, bad input in the user's
language, configuration (escalation, chat channels), an unreachable database, the installed console
script, and two processes racing on PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from deadlines.clock import FixedClock
from deadlines.reminders import claims
from tests.reminders_fixtures import SUBJECT, local, log, pg_register

__all__ = ["pg_register"]  # a fixture

Run = Callable[..., tuple[int, str, str]]
SCRIPT = Path(sys.executable).with_name("gdpr-bot")


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No configuration file or database from the environment; data folder in tmp_path."""
    for name in list(os.environ):
        if name.startswith("GDPR_BOT_") and name != "GDPR_BOT_TEST_DATABASE_URL":
            monkeypatch.delenv(name)
    monkeypatch.setenv("GDPR_BOT_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


@pytest.fixture
def cli(register_db: Any, env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    """Run `gdpr-bot reminders ...` in-process against the test database, the clock at 2 Dec 10:00."""
    monkeypatch.setattr("bot.commands.reminders.clock", FixedClock(local(date(2026, 12, 2), 10)))

    def run(*argv: str) -> tuple[int, str, str]:
        """(exit status, stdout, stderr)."""
        code = main(["reminders", *argv, "--database", register_db.url])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _two_requests(engine: Any) -> tuple[str, str]:
    """One logged in a Telegram group (deadline 2 Dec), one from the command line (deadline 3 Dec)."""
    clock = FixedClock(local(date(2026, 11, 3), 10))
    first = log(engine, clock, "2026-11-02", chat="-1001")
    second = log(engine, clock, "2026-11-03", channel="cli", chat=None, org="javi")
    return first.ref, second.ref


def test_due_json_contract(cli: Run, register_db: Any) -> None:
    """[{"request", "stage", "deadline", "to", ...}] for the instant given; nothing is claimed."""
    first, second = _two_requests(register_db.engine)
    code, out, err = cli("due", "--at", "2026-12-02T09:30:00+01:00", "--json")
    assert code == 0 and err == ""
    listed = json.loads(out)
    assert [{k: item[k] for k in ("request", "stage", "deadline", "to")} for item in listed] == [
        {"request": first, "stage": "due", "deadline": "2026-12-02", "to": "telegram:-1001"},
        {"request": second, "stage": "before-1", "deadline": "2026-12-03", "to": "log:reminders"},
    ]
    assert [(i["days_left"], i["language"], i["escalation"]) for i in listed] == [(0, "da", False), (1, "sv", False)]
    assert SUBJECT not in out and claims(register_db.engine) == []
    # before 09:00 on the deadline day the first one has nothing (before-1 no longer applies)
    early = json.loads(cli("due", "--at", "2026-12-02T08:30:00+01:00", "--json")[1])
    assert [(i["request"], i["stage"], i["scheduled_at"]) for i in early] == [(second, "before-3", "2026-11-30T08:00:00+00:00")]


def test_due_as_a_table_and_a_time_without_offset(cli: Run, register_db: Any) -> None:
    """Without an offset the time is Danish/Swedish local time; an empty instant says so."""
    first, second = _two_requests(register_db.engine)
    code, out, _ = cli("due", "--at", "2026-12-02T09:30")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["REQUEST", "STAGE", "DEADLINE", "DAYS", "LEFT", "TO"]
    assert lines[1].split() == [first, "due", "2026-12-02", "0", "telegram:-1001"]
    assert cli("due", "--at", "2026-12-02T08:59")[1].splitlines()[1].split()[:2] == [second, "before-3"]
    assert cli("due", "--at", "2026-11-20T12:00", "--lang", "sv") == (0, "Inga påminnelser ska skickas vid den tidpunkten.\n", "")


@pytest.mark.parametrize("bad", ["2026-02-30T09:00", "tomorrow", "2026-12-02T25:00", "<b>x</b>" * 1000])
def test_a_bad_instant_is_one_line_in_the_users_language(cli: Run, register_db: Any, bad: str) -> None:
    """Impossible dates and garbage: exit 2, one short line, nothing stored."""
    _two_requests(register_db.engine)
    code, out, err = cli("due", "--at", bad, "--lang", "da")
    assert code == 2 and out == "" and err.count("\n") == 1 and len(err) < 200
    assert err.startswith("gdpr-bot: Ugyldigt tidspunkt:") and "2026-12-14T09:30+01:00" in err
    assert cli("run-once", "--at", bad)[0] == 2 and claims(register_db.engine) == []


def test_run_once_sends_what_is_due_once(cli: Run, register_db: Any) -> None:
    """Through the console notifier (no chat channel configured); a second run sends nothing."""
    first, second = _two_requests(register_db.engine)
    code, out, _ = cli("run-once")
    assert code == 0
    assert out.startswith(f"[telegram:-1001]\nPåmindelse: {first} (indsigt, imusic) har frist i dag.\n")
    assert f"[log:reminders]\nPåminnelse: {second} (tillgång, javi) har tidsfrist i morgon." in out
    assert "Udført (done " + first + ")" in out
    assert out.rstrip().endswith("Sent: 2. Failed (retried later): 0. Left for the chat channels: 0.")
    assert SUBJECT not in out
    assert cli("run-once")[1] == "Sent: 0. Failed (retried later): 0. Left for the chat channels: 0.\n"
    code, out, err = cli("run-once", "--at", "2026-12-03T09:05:00+01:00", "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] is True and report["sent"] == 2 and report["sweep"] == "full"
    assert sorted((d["request"], d["stage"]) for d in report["delivered"]) == [(first, "overdue-1"), (second, "due")]
    assert f"Påminnelse: {second}" in err  # with --json the messages go to stderr


def test_configuration_escalation_and_chat_channels(cli: Run, register_db: Any, env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The config file's escalation chat appears in `due`; with Telegram configured, run-once leaves
    Telegram reminders to the bot and sends only the log ones."""
    first, second = _two_requests(register_db.engine)
    config = env / "gdpr-bot.toml"
    config.write_text('[reminders]\nescalation = "slack:C-ESC"\nhour = "10:00"\n', encoding="utf-8")
    listed = json.loads(cli("due", "--at", "2026-12-03T10:00+01:00", "--json", "--config", str(config))[1])
    assert [(i["request"], i["stage"], i["to"], i["escalation"]) for i in listed] == [
        (first, "overdue-1", "slack:C-ESC", True),
        (first, "overdue-1", "telegram:-1001", False),
        (second, "due", "log:reminders", False),
    ]
    assert json.loads(cli("due", "--at", "2026-12-03T09:30+01:00", "--json", "--config", str(config))[1]) == []  # before 10:00
    monkeypatch.setenv("GDPR_BOT_TELEGRAM_TOKEN", "123:abc")
    code, out, _ = cli("run-once", "--at", "2026-12-03T10:00+01:00", "--config", str(config))
    assert code == 0 and out.rstrip().endswith("Sent: 1. Failed (retried later): 0. Left for the chat channels: 2.")
    assert [(c["ref"], c["stage"], c["status"]) for c in claims(register_db.engine) if c["status"] != "skipped"] == [(second, "due", "sent")]
    bad = env / "bad.toml"
    bad.write_text('[reminders]\nhour = "9 o\'clock"\n', encoding="utf-8")
    code, _, err = cli("due", "--at", "2026-12-03T10:00", "--config", str(bad))
    assert code == 2 and "reminders.hour" in err and err.count("\n") == 1


def test_an_unreachable_database_is_one_line(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Nothing listens on port 1: exit 2 with a one-line message, no traceback."""
    code = main(["reminders", "run-once", "--database", "postgresql+psycopg://nobody@127.0.0.1:1/none"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("gdpr-bot: The register's database cannot be reached:") and err.count("\n") == 1


def test_the_installed_console_script(register_db: Any, env: Path) -> None:
    """`gdpr-bot reminders due` as a real process (what the customer runs)."""
    first, _ = _two_requests(register_db.engine)
    proc = subprocess.run(
        [str(SCRIPT), "reminders", "due", "--at", "2026-12-02T09:30+01:00", "--json", "--database", register_db.url],
        capture_output=True, text=True, timeout=60, env={**os.environ},
    )
    assert proc.returncode == 0, proc.stderr
    assert [(i["request"], i["stage"], i["to"]) for i in json.loads(proc.stdout)][0] == (first, "due", "telegram:-1001")
    assert "help" in subprocess.run([str(SCRIPT), "reminders", "--help"], capture_output=True, text=True, timeout=60).stdout


@pytest.mark.postgres
def test_two_processes_racing_on_postgresql_never_both_send(pg_register: Any, env: Path) -> None:
    """Two `run-once` processes at the same instant on one PostgreSQL: each due reminder is sent by
    exactly one of them."""
    clock = FixedClock(local(date(2026, 11, 20), 10))
    for i in range(60):
        log(pg_register.engine, clock, date(2026, 10, 20 + i % 10).isoformat(), chat=f"-10{i % 4}")
    from deadlines.reminders import ReminderService

    at = "2026-11-27T09:00:30+01:00"
    expected = sorted((r.request.ref, r.stage, str(r.to)) for r in ReminderService(pg_register.engine).due(local(date(2026, 11, 27), 9, 0, 30)))
    argv = [str(SCRIPT), "reminders", "run-once", "--at", at, "--json", "--database", pg_register.url]
    procs = [subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ}) for _ in range(2)]
    reports = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        reports.append(json.loads(out))
    delivered = [(d["request"], d["stage"], d["to"]) for r in reports for d in r["delivered"]]
    assert len(expected) >= 20 and sorted(delivered) == expected
    assert len(delivered) == len(set(delivered))
