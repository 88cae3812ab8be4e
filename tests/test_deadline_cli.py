"""Tests for `gdpr-bot deadline`: the JSON contract, the summary and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

try:
    from deadline_vectors import VECTORS, Vector
except ImportError:  # tests/ became a package
    from tests.deadline_vectors import VECTORS, Vector

ROOT = Path(__file__).resolve().parents[1]
CONTRACT_KEYS = {"received", "country", "deadline", "extended_deadline", "notes"}


def console_command() -> list[str]:
    """The installed `gdpr-bot` script, else an equivalent that imports bot.cli as a module.

    (Not `python -m bot.cli`: run as __main__, its CliError is a different class from bot.cli.CliError.)
    """
    script = Path(sys.executable).with_name("gdpr-bot")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())"]


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    """Run `gdpr-bot deadline ... --json` in-process and parse its output."""
    assert main(["deadline", *argv, "--json"]) == 0
    out = capsys.readouterr()
    assert out.err == ""
    return json.loads(out.out)


@pytest.mark.parametrize("vector", VECTORS, ids=[f"{v.country}-{v.received}-p{v.paused_days}" for v in VECTORS])
def test_vectors_through_cli(capsys: pytest.CaptureFixture[str], vector: Vector) -> None:
    """The CLI gives every vector's dates."""
    data = run_json(capsys, vector.received, "--country", vector.country, "--paused-days", str(vector.paused_days))
    assert (data["deadline"], data["extended_deadline"]) == (vector.deadline, vector.extended_deadline), vector.why
    assert data["country"] == vector.country


def test_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    """The documented fields, with notes as human-readable strings; DK by default."""
    data = run_json(capsys, "2025-03-09")
    assert CONTRACT_KEYS <= set(data)
    assert data["received"] == "2025-03-09"
    assert data["country"] == "DK"
    assert data["deadline"] == "2025-04-09"
    assert data["extended_deadline"] == "2025-06-10"
    notes = data["notes"]
    assert isinstance(notes, list) and all(isinstance(n, str) for n in notes)
    assert any("2025-06-09" in n and "Pentecost Monday" in n for n in notes)
    assert data["receipt_date"] == "2025-03-09"
    assert data["timezone"] == "Europe/Copenhagen"
    assert data["notes_detail"] == [
        {
            "applies_to": "extended_deadline",
            "code": "public_holiday",
            "day": "2025-06-09",
            "holiday": "Pentecost Monday",
        }
    ]


def test_json_datetime_is_normalised(capsys: pytest.CaptureFixture[str]) -> None:
    """A date-time is echoed in normalised ISO form and converted to the local date."""
    data = run_json(capsys, "2025-01-31T23:30Z")
    assert data["received"] == "2025-01-31T23:30:00+00:00"
    assert data["receipt_date"] == "2025-02-01"
    assert (data["deadline"], data["extended_deadline"]) == ("2025-03-03", "2025-05-01")
    notes = data["notes"]
    assert isinstance(notes, list)
    assert "2025-02-01" in notes[0] and "Europe/Copenhagen" in notes[0]
    assert sum("local time" in n for n in notes) == 1  # said once, not per period


def test_json_sweden_and_lower_case(capsys: pytest.CaptureFixture[str]) -> None:
    """--country is case-insensitive; Sweden uses Stockholm time and its holidays."""
    data = run_json(capsys, "2025-03-31T22:30:00+00:00", "--country", "se")
    assert data["country"] == "SE"
    assert data["timezone"] == "Europe/Stockholm"
    assert data["receipt_date"] == "2025-04-01"
    assert data["deadline"] == "2025-05-02"


def test_json_paused(capsys: pytest.CaptureFixture[str]) -> None:
    """--paused-days pushes both raw end dates before rolling."""
    data = run_json(capsys, "2025-03-09", "--paused-days", "3")
    assert data["paused_days"] == 3
    assert (data["deadline"], data["extended_deadline"]) == ("2025-04-14", "2025-06-12")
    notes = data["notes"]
    assert isinstance(notes, list)
    assert any("paused for 3 day" in n for n in notes)


def test_json_caution_note(capsys: pytest.CaptureFixture[str]) -> None:
    """A deadline on Christmas Eve stays, with a caution note."""
    data = run_json(capsys, "2025-11-24")
    assert data["deadline"] == "2025-12-24"
    notes = data["notes"]
    assert isinstance(notes, list)
    assert any("Christmas Eve" in n and "not a public holiday" in n for n in notes)


def test_summary(capsys: pytest.CaptureFixture[str]) -> None:
    """Without --json: a short readable summary with both dates and the notes."""
    assert main(["deadline", "2025-03-17"]) == 0
    out = capsys.readouterr().out
    assert "2025-04-22" in out and "2025-06-17" in out
    assert "Maundy Thursday" in out and "Easter Monday" in out
    assert not out.lstrip().startswith("{")
    assert len(out.splitlines()) < 15


BAD_INPUTS: list[tuple[list[str], str]] = [
    (["2026-02-30"], "no such date"),
    (["2025-13-01"], "no such date"),
    (["tomorrow"], "expected YYYY-MM-DD"),
    ([""], "empty"),
    (["   "], "empty"),
    (["x" * 10_000], "too long"),
    (["2025-01-31T23:30:00"], "no UTC offset"),
    (["2025-01-31 23:30"], "no UTC offset"),
    (["2025-01-31T25:30:00+01:00"], "expected YYYY-MM-DD"),
    (["20250309"], "expected YYYY-MM-DD"),
    (["2025-W11-1"], "expected YYYY-MM-DD"),
    (["9999-12-15"], "outside the supported calendar"),
    (["2025-03-09", "--country", "NO"], "unknown country"),
    (["2025-03-09", "--country", ""], "unknown country"),
    (["2025-03-09", "--paused-days", "-1"], "--paused-days"),
    (["2025-03-09", "--paused-days", "abc"], "--paused-days"),
    (["2025-03-09", "--paused-days", "99999999999"], "--paused-days"),
]


@pytest.mark.parametrize(("argv", "message"), BAD_INPUTS, ids=[" ".join(a)[:30] for a, _ in BAD_INPUTS])
def test_bad_input_in_process(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    """Bad input: exit status 2, one clear line on stderr, nothing on stdout."""
    assert main(["deadline", *argv]) == 2
    out = capsys.readouterr()
    assert out.out == ""
    lines = out.err.splitlines()
    assert len(lines) == 1, out.err
    assert lines[0].startswith("gdpr-bot: ")
    assert message in lines[0]
    assert len(lines[0]) < 200


@pytest.mark.parametrize("argv", [["2026-02-30"], ["x" * 10_000], ["2025-03-09", "--country", "XX", "--json"]])
def test_bad_input_console_script(argv: list[str]) -> None:
    """The real entry point prints no traceback for bad input."""
    proc = subprocess.run(
        [*console_command(), "deadline", *argv], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.splitlines()) == 1


def test_console_script_json() -> None:
    """The installed `gdpr-bot` script prints valid JSON."""
    proc = subprocess.run(
        [*console_command(), "deadline", "2025-01-31T23:30:00+00:00", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["deadline"] == "2025-03-03"


def test_help_stays_light() -> None:
    """Building the parser imports neither holidays nor dateutil nor the rules."""
    code = (
        "import sys; from bot.cli import build_parser; build_parser(); "
        "print(sorted(m for m in ('holidays', 'dateutil', 'deadlines.rules') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


def test_help_lists_options(capsys: pytest.CaptureFixture[str]) -> None:
    """`gdpr-bot deadline --help` documents the arguments."""
    with pytest.raises(SystemExit) as exc:
        main(["deadline", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for word in ("RECEIVED", "--country", "--json", "--paused-days"):
        assert word in out
