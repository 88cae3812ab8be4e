"""`gdpr-bot requests` and the register end to end: CLI lifecycle, errors, the console script, and logs."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.cli import main
from deadlines import register as reg

SUBJECT = "kunde-4711@example.dk"
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(register_db: Any, register_clock: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    """Run `gdpr-bot requests ...` in-process against the test database with the fixed clock."""
    monkeypatch.setattr("bot.commands.requests.clock", register_clock)

    def run(*argv: str) -> tuple[int, str, str]:
        """(exit status, stdout, stderr) of one command."""
        code = main(["requests", *argv, "--database", register_db.url])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def log_args(*extra: str, subject: str = SUBJECT, received: str = "2026-11-20") -> list[str]:
    """Arguments of a typical `requests log`."""
    return ["log", "--org", "imusic", "--type", "erasure", "--received", received, "--via", "email",
            "--subject", subject, "--by", "anna", *extra]


def test_full_lifecycle_through_the_cli(cli: Run, register_db: Any, register_clock: Any) -> None:
    """log, duplicate, list, show, pause, resume, extend, close, reopen, withdraw, export, purge."""
    code, out, _ = cli(*log_args())
    assert code == 0 and out.startswith("DSR-2026-0001 logged: erasure (Art. 17) for imusic")
    assert "Deadline: 2026-12-21" in out and "2027-02-22" in out and SUBJECT not in out

    code, out, err = cli(*log_args(subject=SUBJECT.upper()))
    assert code == 2 and out == "" and err.count("\n") == 1 and "DSR-2026-0001" in err and "--force" in err
    code, out, _ = cli(*log_args("--force", "--json", subject=SUBJECT.upper()))
    forced = json.loads(out)
    assert code == 0 and forced["duplicates"] == ["DSR-2026-0001"] and forced["request"]["id"] == "DSR-2026-0002"
    assert "subject_ref" not in forced["request"]
    assert cli("withdraw", "DSR-2026-0002", "--note", "logged twice")[0] == 0

    code, out, _ = cli(*log_args("--channel", "telegram", "--chat", "-100123", subject="order 99", received="2026-09-01"))
    assert code == 0 and "already passed" in out  # received > 1 month ago: overdue at once

    code, out, _ = cli("list")
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "ORG", "TYPE", "STATUS", "RECEIVED", "DEADLINE", "DAYS", "LEFT"]
    assert [line.split()[0] for line in lines[1:]] == ["DSR-2026-0003", "DSR-2026-0001"]
    assert "OVERDUE" in lines[1] and SUBJECT not in out
    overdue = json.loads(cli("list", "--overdue", "--json")[1])
    assert [r["id"] for r in overdue["requests"]] == ["DSR-2026-0003"] and overdue["requests"][0]["chat_id"] == "-100123"
    due = json.loads(cli("list", "--due-within", "30", "--org", "imusic", "--type", "erasure", "--json")[1])
    assert [r["id"] for r in due["requests"]] == ["DSR-2026-0001"]
    everything = json.loads(cli("list", "--all", "--json")[1])
    assert len(everything["requests"]) == 3

    code, out, _ = cli("show", "DSR-2026-0001")
    assert code == 0 and SUBJECT in out and "logged" in out  # staff need the reference to act
    notes = json.loads(cli("show", "DSR-2026-0001", "--json")[1])["deadline_notes"]
    assert len(notes) == 1 and "2026-12-20" in notes[0] and "Sunday" in notes[0]  # why 21 Dec

    code, out, _ = cli("pause", "DSR-2026-0001", "--reason", "identity", "--note", "asked for the order mail", "--by", "bo")
    assert code == 0 and "paused" in out
    register_clock.advance(timedelta(days=4))
    code, out, _ = cli("resume", "DSR-2026-0001", "--json")
    resumed = json.loads(out)
    assert resumed["event"]["details"]["days"] == 4 and resumed["request"]["paused_days"] == 4
    assert "after 4 paused day(s)" in resumed["message"]

    code, out, _ = cli("extend", "DSR-2026-0001", "--reason", "order history spans three systems")
    assert code == 0 and "extended to" in out and "Tell the data subject" in out
    code, _, err = cli("extend", "DSR-2026-0001", "--reason", "again")
    assert code == 2 and "only once" in err

    code, _, err = cli("close", "DSR-2026-0001", "--outcome", "refused")
    assert code == 2 and "reason" in err
    code, out, _ = cli("close", "DSR-2026-0001", "--outcome", "refused", "--note", "we must keep invoices 5 years")
    assert code == 0 and "Datatilsynet" in out and "complain" in out and "reasons" in out
    code, _, err = cli("close", "DSR-2026-0001", "--outcome", "done")
    assert code == 2 and "already closed" in err

    code, out, _ = cli("reopen", "DSR-2026-0001", "--reason", "customer disputes", "--lang", "da")
    assert code == 0 and "genåbnet (forlænget)" in out
    assert cli("close", "DSR-2026-0001", "--outcome", "done", "--note", "erased what we may")[0] == 0
    code, out, _ = cli("close", "DSR-2026-0003", "--outcome", "done")
    assert code == 0 and "after the deadline" in out

    history = json.loads(cli("show", "DSR-2026-0001", "--json")[1])["history"]
    assert [h["action"] for h in history] == ["logged", "paused", "resumed", "extended", "closed", "reopened", "closed"]
    assert [h["actor"] for h in history][:2] == ["anna", "bo"]

    code, out, _ = cli("purge", "--dry-run", "--older-than", "0", "--json")
    dry = json.loads(out)
    assert dry["dry_run"] and dry["ids"] == ["DSR-2026-0002"]  # the others closed "now": not older yet
    register_clock.advance(timedelta(days=1))
    code, out, _ = cli("purge", "--older-than", "0")
    assert code == 0 and out.startswith("3 closed request(s)")
    assert reg.counts(register_db.engine) == (0, 3)
    code, _, err = cli("show", "DSR-2026-0001")
    assert code == 2 and "deleted on" in err


BAD_CLI: list[tuple[str, list[str], str]] = [
    ("unknown type", ["--type", "deletion"], "Unknown request type"),
    ("no such date", ["--received", "2026-02-30"], "Invalid date"),
    ("future receipt", ["--received", "2026-11-23"], "in the future"),
    ("future time", ["--received", "2026-11-22T11:00:00+01:00"], "in the future"),
    ("huge reference", ["--subject", "x" * 10_000], "too long"),
    ("unknown organisation", ["--org", "nosuchshop"], "Unknown organisation"),
    ("unknown way of receipt", ["--via", "fax"], "Unknown way of receipt"),
    ("unknown channel", ["--channel", "irc"], "Unknown channel"),
]


@pytest.mark.parametrize(("case", "override", "expected"), BAD_CLI, ids=[c[0] for c in BAD_CLI])
def test_bad_log_input_exits_2_with_one_line_and_stores_nothing(
    cli: Run, register_db: Any, case: str, override: list[str], expected: str
) -> None:
    """One clear line on stderr, exit 2, no row and no trail entry; --json also prints the error."""
    assert cli(*log_args(subject="first"))[0] == 0
    before = reg.counts(register_db.engine)
    argv = log_args()
    option, value = override
    if option in argv:
        argv[argv.index(option) + 1] = value
    else:
        argv += override
    code, out, err = cli(*argv)
    assert code == 2 and out == "" and err.startswith("gdpr-bot: ") and err.count("\n") == 1, case
    assert expected in err and "x" * 300 not in err
    code, out, _ = cli(*argv, "--json")
    assert code == 2 and json.loads(out)["ok"] is False
    assert reg.counts(register_db.engine) == before


def test_unknown_id_and_bad_arguments(cli: Run, register_db: Any) -> None:
    """Unknown ids and argument errors end with exit 2 and store nothing."""
    for argv, expected in [
        (["show", "DSR-2026-0042"], "No request with id DSR-2026-0042"),
        (["close", "DSR-2026-0042", "--outcome", "done"], "No request"),
        (["close", "whatever", "--outcome", "done"], "No request"),
        (["list", "--due-within", "-3"], "Invalid number of days"),
        (["list", "--type", "nope"], "Unknown request type"),
    ]:
        code, _, err = cli(*argv)
        assert code == 2 and expected in err, argv
    assert reg.counts(register_db.engine) == (0, 0)
    with pytest.raises(SystemExit) as exc:  # argparse's own errors: exit 2 as well
        cli("pause", "DSR-2026-0001", "--reason", "holiday")
    assert exc.value.code == 2


def test_messages_follow_lang(cli: Run) -> None:
    """--lang da / sv word the replies and errors."""
    assert "er logget: sletning (art. 17)" in cli(*log_args("--lang", "da"))[1]
    assert "inväntar identitet" in cli("pause", "DSR-2026-0001", "--reason", "identity", "--lang", "sv")[1]
    assert "Ingen anmodning med id" in cli("show", "DSR-2026-0099", "--lang", "da")[2]


def test_bad_database_url_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    """An unusable --database gives a one-line error, no traceback."""
    assert main(["requests", "list", "--database", "nosuchdialect://x"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("gdpr-bot: cannot open the register database") and err.count("\n") == 1


# --- exports through the CLI -------------------------------------------------------------------


def test_exports_leave_the_subject_out_unless_asked(cli: Run, tmp_path: Path) -> None:
    """CSV, JSON and the iCalendar feed: no subject reference without --include-subject."""
    cli(*log_args())
    cli(*log_args(subject="=HYPERLINK(\"http://x\")", received="2026-11-21"))
    cli("close", "DSR-2026-0002", "--outcome", "refused", "--note", "=cmd|'/c calc'!A1")

    code, out, _ = cli("export", "--format", "csv")
    assert code == 0 and SUBJECT not in out and "HYPERLINK" not in out
    rows = out.splitlines()
    assert rows[0].startswith("id,organisation") and "subject_ref" not in rows[0] and len(rows) == 3
    assert "'=cmd" in out  # a spreadsheet would run a cell starting with "="

    code, out, _ = cli("export", "--format", "csv", "--include-subject")
    assert SUBJECT in out and "'=HYPERLINK" in out

    target = tmp_path / "register.json"
    code, out, err = cli("export", "--format", "json", "--output", str(target))
    assert code == 0 and "2 request(s) written" in err
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["count"] == 2 and SUBJECT not in target.read_text(encoding="utf-8")
    data = json.loads(cli("export", "--format", "json", "--include-subject", "--open")[1])
    assert [r["subject_ref"] for r in data["requests"]] == [SUBJECT]

    code, out, _ = cli("export", "--format", "ics")  # open requests only, by default
    assert out.count("BEGIN:VEVENT") == 1 and SUBJECT not in out
    assert "UID:dsr-2026-0001.imusic@gdpr-bot.invalid" in out
    assert "DTSTART;VALUE=DATE:20261221" in out and "DTEND;VALUE=DATE:20261222" in out
    ics_file = tmp_path / "deadlines.ics"
    assert cli("export", "--format", "ics", "--all", "--include-subject", "--output", str(ics_file), "--json")[0] == 0
    raw = ics_file.read_bytes()
    assert raw.count(b"BEGIN:VEVENT") == 2 and b"STATUS:CANCELLED" in raw
    assert SUBJECT.encode() in raw.replace(b"\r\n ", b"")
    assert b"\n" not in raw.replace(b"\r\n", b"")


# --- the installed console script ----------------------------------------------------------------


def console_script() -> Path:
    """The installed `gdpr-bot` script next to this Python."""
    script = Path(sys.executable).with_name("gdpr-bot")
    if not script.exists():
        pytest.skip("the gdpr-bot console script is not installed (./dev installs it)")
    return script


@pytest.mark.slow
def test_console_script_logs_lists_and_shows(tmp_path: Path) -> None:
    """A real subprocess of the installed script, with the database from GDPR_BOT_DATABASE_URL."""
    script = console_script()
    env = {**os.environ, "GDPR_BOT_DATABASE_URL": f"sqlite:///{tmp_path / 'register.sqlite3'}"}
    today = datetime.now(ZoneInfo("Europe/Copenhagen")).date().isoformat()

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        """Run the script."""
        return subprocess.run([str(script), *argv], env=env, capture_output=True, text=True, timeout=60)

    assert run("db", "upgrade").returncode == 0
    done = run("requests", "log", "--org", "imusic", "--type", "access", "--received", today, "--via", "phone",
               "--subject", SUBJECT, "--by", "anna", "--json")
    assert done.returncode == 0, done.stderr
    ref = json.loads(done.stdout)["request"]["id"]
    listed = json.loads(run("requests", "list", "--json").stdout)
    assert [r["id"] for r in listed["requests"]] == [ref] and SUBJECT not in json.dumps(listed)
    shown = json.loads(run("requests", "show", ref, "--json").stdout)
    assert shown["request"]["subject_ref"] == SUBJECT and shown["history"][0]["action"] == "logged"
    bad = run("requests", "log", "--org", "imusic", "--type", "access", "--received", "2026-02-30", "--via", "phone",
              "--subject", "x")
    assert bad.returncode == 2 and bad.stderr.startswith("gdpr-bot: Invalid date") and "Traceback" not in bad.stderr


def test_help_does_not_import_sqlalchemy() -> None:
    """Building the parser (gdpr-bot --help, gdpr-bot ask) must not pull in SQLAlchemy or Alembic."""
    code = "import sys; from bot.cli import build_parser; build_parser(); print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic', 'psycopg'}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# --- logs never hold the subject reference -----------------------------------------------------------


def test_subject_reference_never_reaches_the_logs(
    cli: Run, register_db: Any, register_clock: Any, register_kb: Any, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    """A full lifecycle (CLI and service) with every logger at DEBUG and SQL logging on: no reference."""
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")  # SQL statements (parameters are hidden)
    secret = "secret.person@example.se"
    assert cli(*log_args(subject=secret))[0] == 0
    assert cli(*log_args(subject=secret))[0] == 2  # the duplicate warning
    cli("pause", "DSR-2026-0001", "--reason", "identity", "--note", f"mailed {secret}")
    register_clock.advance(timedelta(days=2))
    cli("resume", "DSR-2026-0001")
    cli("extend", "DSR-2026-0001", "--reason", "complex")
    cli("show", "DSR-2026-0001")
    cli("export", "--format", "csv", "--include-subject", "--output", str(tmp_path / "x.csv"))
    cli("export", "--format", "ics", "--include-subject", "--output", str(tmp_path / "x.ics"))
    cli("close", "DSR-2026-0001", "--outcome", "refused", "--note", f"{secret} is not a customer")
    cli("reopen", "DSR-2026-0001", "--reason", "new facts")
    cli("withdraw", "DSR-2026-0001")
    actor = reg.Actor("service", "telegram", "42")
    swede = reg.log_request(
        register_db.engine, register_clock, actor, organisation="testshop-se", type="portability",
        received=datetime(2026, 11, 21, 12, tzinfo=UTC), via="chat", subject_ref=secret, kb=register_kb,
    ).request
    reg.close(register_db.engine, register_clock, actor, swede.ref, outcome="done")
    register_clock.advance(timedelta(days=reg.DEFAULT_RETENTION_DAYS + 1))
    cli("purge")

    assert "DSR-2026-0001" in caplog.text and "SELECT" in caplog.text  # the logs did record the work
    assert secret not in caplog.text
    assert all(secret not in str(r.args) for r in caplog.records)
