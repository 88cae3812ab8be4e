"""The console channel: end to end through `gdpr-bot run` in a subprocess (real stdin/stdout, a SQLite
register file), and ConsoleChannel in process (numbered buttons, reminders printed while it waits)."""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.console import ConsoleChannel, render
from handlers.core import Core
from handlers.reply import Action, Reply
from tests.core_fixtures import kb_core  # noqa: F401  (a fixture)


def _run(stdin: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`gdpr-bot run` with `stdin`, the register in a SQLite file under tmp_path."""
    env = {**os.environ, "GDPR_BOT_DATABASE_URL": f"sqlite:///{tmp_path / 'register.sqlite3'}", "GDPR_BOT_DATA_DIR": str(tmp_path)}
    env.pop("GDPR_BOT_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "run", *args], input=stdin, capture_output=True, text=True, timeout=120, env=env
    )


def test_console_answers_questions_and_quits(tmp_path: Path) -> None:
    """gdpr-bot run answers questions in their language, helps, abstains, and quits with 0."""
    stdin = "hvor længe gemmer iMusic IP-adresser på besøgende?\n\nhelp\nHow long do we keep dashcam videos?\nquit\n"
    proc = _run(stdin, tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "gdpr-bot (console)" in out
    assert "60 dage" in out and "Kilde: imusic.da.txt" in out
    assert "Known organisations: 123multiservice, bestphone, finderskeepers, imusic, javi" in out
    assert "/log" in out and "type the number" in out
    assert "can't answer" in out
    assert out.rstrip().endswith("Goodbye.")
    assert "Traceback" not in proc.stderr


def test_console_bad_input_gets_a_message_not_a_traceback(tmp_path: Path) -> None:
    """Bad console input (too long, control characters, typos, unknown id, bad date) gets messages."""
    stdin = "x" * 10_000 + "\nhvad med \x01 fakturaer\n/lgo\nshow DSR-2026-9999\nlog erasure 2026-02-30 imusic x\n"
    proc = _run(stdin, tmp_path)
    assert proc.returncode == 0
    out = proc.stdout
    assert "too long" in out and "kontroltegn" in out
    assert "Did you mean /log?" in out
    assert "No request with id DSR-2026-9999." in out
    assert "2026-02-30 is not a date" in out
    assert "Traceback" not in proc.stderr


def test_console_logs_lists_shows_and_closes_a_request(tmp_path: Path) -> None:
    """Through real stdin/stdout: log by numbers and one line, open, show, Done; checked in the file."""
    received = datetime.now(ZoneInfo("Europe/Copenhagen")).date() - timedelta(days=2)
    year = received.year
    yesterday_year = (datetime.now(ZoneInfo("Europe/Copenhagen")).date() - timedelta(days=1)).year
    first, second = f"DSR-{yesterday_year}-0001", f"DSR-{year}-0001"
    if first == second:
        second = f"DSR-{year}-0002"
    stdin = "\n".join(
        [
            "log",  # the guided flow: typed numbers press the numbered buttons
            "3",  # erasure
            "imusic",  # a typed answer works too
            "2",  # yesterday
            "1",  # e-mail
            "1234",  # digits while a subject is wanted are the subject, not a button
            "1",  # Log it
            f"log access {received.isoformat()} javi via phone <b>kunde</b> 42",  # the one-line form
            "open",
            f"show {first}",
            "1",  # Done
            "open",
            "quit",
        ]
    )
    proc = _run(stdin + "\n", tmp_path, "--language", "en")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert f"{first} logged: erasure (Art. 17) for imusic" in out
    assert f"{second} logged: access (Art. 15) for javi" in out
    assert "1) access  2) rectification  3) erasure" in out
    listing = out.split("Open requests by deadline (2):", 1)[1]
    assert first in listing and second in listing and "days left" in listing
    assert "Reference: 1234" in out and "1) Done  2) Extend…" in out
    assert f"{first} closed as done." in out
    final = out.rsplit("Open requests by deadline", 1)[1]
    assert second in final and first not in final
    assert "Traceback" not in proc.stderr and "1234" not in proc.stderr

    from deadlines.clock import system_clock
    from deadlines.db import open_register
    from deadlines.register import get_request

    engine = open_register(f"sqlite:///{tmp_path / 'register.sqlite3'}")
    try:
        done = get_request(engine, system_clock, first)
        assert done.request.status == "done" and done.request.subject_ref == "1234"
        assert done.request.channel == "console" and done.request.logged_by.startswith("console:")
        other = get_request(engine, system_clock, second).request
        assert (other.received_via, other.subject_ref, other.status) == ("phone", "<b>kunde</b> 42", "open")
    finally:
        engine.dispose()


def test_console_language_option(tmp_path: Path) -> None:
    """--language sets the console's command language; questions keep their own."""
    proc = _run("open\nhur länge sparar JAVI fakturor?\nquit\n", tmp_path, "--language", "da")
    assert proc.returncode == 0, proc.stderr
    assert "gdpr-bot (konsol)" in proc.stdout and "Ingen åbne anmodninger." in proc.stdout
    assert "Farvel." in proc.stdout
    assert "Källa" in proc.stdout  # a question is answered in its own language


# --- in process ------------------------------------------------------------------------------------


def test_render_numbers_the_buttons() -> None:
    """Buttons are rendered as numbered options."""
    reply = Reply("en", intro="Hi", actions=(Action("Done", "done", "X"), Action("Extend…", "extend", "X")))
    assert render(reply) == "Hi\n1) Done  2) Extend…"


def test_numbers_press_buttons_and_out_of_range_is_text(kb_core: Core) -> None:
    """A number presses a button; one out of range is typed text."""
    console = ConsoleChannel(kb_core, language="en", user="anna")
    assert "What type?" in console.handle_line("log")
    assert "Which organisation?" in console.handle_line("3")
    reply = console.handle_line("99")  # not an option: typed text at a button step
    assert "Choose one of the buttons" in reply
    assert console.handle_line("quit") is None
    assert console.handle_line("   ") == ""


def _reminder(core: Core) -> Any:
    """A reminder for a freshly logged imusic request."""
    from deadlines.register import get_request
    from deadlines.reminders import Destination, Reminder

    view = get_request(core.engine, core.clock, "DSR-2026-0001").request
    return Reminder(view, "before-7", view.deadline, Destination("console", "console"), days_left=7, language="en")


def test_reminder_printed_into_the_console_and_its_buttons_work(kb_core: Core) -> None:
    """A reminder is printed with numbered buttons that work, without the subject."""
    from deadlines.register import get_request

    out = io.StringIO()
    console = ConsoleChannel(kb_core, stdout=out, language="en", user="anna")
    console.handle_line("log erasure 2026-11-20 imusic order 1")
    asyncio.run(console.notifier.send_reminder(_reminder(kb_core)))
    printed = out.getvalue()
    assert "Reminder: DSR-2026-0001" in printed and "1) Done  2) Extend…" in printed
    assert "order 1" not in printed  # reminders carry no subject reference
    assert "Why is DSR-2026-0001 extended?" in console.handle_line("2")
    assert "extended to" in console.handle_line("a very large account")
    assert get_request(kb_core.engine, kb_core.clock, "DSR-2026-0001").request.status == "extended"


def test_run_prints_reminders_while_waiting_for_input(kb_core: Core) -> None:
    """A reminder sent from the same event loop appears while the console waits for a line."""
    from deadlines.register import get_request

    kb_core.handle(ConsoleChannel(kb_core, user="anna")._message("log erasure 2026-11-20 imusic order 1"))
    read_fd, write_fd = os.pipe()
    stdin = os.fdopen(read_fd, "r", encoding="utf-8")
    writer = os.fdopen(write_fd, "w", encoding="utf-8")
    out = io.StringIO()
    console = ConsoleChannel(kb_core, stdin, out, language="en", user="anna")

    async def scenario() -> int:
        """Run the console; send a reminder while it waits; then press its Done and quit."""
        task = asyncio.create_task(console.run())
        for _ in range(200):  # the welcome is printed once the loop runs
            await asyncio.sleep(0.01)
            if "gdpr-bot (console)" in out.getvalue():
                break
        await console.notifier.send_reminder(_reminder(kb_core))  # the loop is free while input is awaited
        assert "Reminder: DSR-2026-0001" in out.getvalue()
        writer.write("1\nquit\n")
        writer.flush()
        return await asyncio.wait_for(task, 30)

    try:
        assert asyncio.run(scenario()) == 0
    finally:
        writer.close()
        stdin.close()
    assert "DSR-2026-0001 closed as done." in out.getvalue()
    assert out.getvalue().rstrip().endswith("Goodbye.")
    assert get_request(kb_core.engine, kb_core.clock, "DSR-2026-0001").request.status == "done"


def test_digest_printed(kb_core: Core) -> None:
    """The weekly digest is printed into the console."""
    from deadlines.register import list_requests
    from deadlines.reminders import Destination

    out = io.StringIO()
    console = ConsoleChannel(kb_core, stdout=out, language="en", user="anna")
    console.handle_line("log erasure 2026-11-20 imusic order 1")
    page = list_requests(kb_core.engine, kb_core.clock)
    asyncio.run(console.notifier.send_digest(Destination("console", "console"), page.items, "en"))
    assert "DSR-2026-0001" in out.getvalue()


@pytest.mark.parametrize("word", ["hjælp", "hjälp", "?", "help", "/help", "/start"])
def test_help_words(kb_core: Core, word: str) -> None:
    """Every help word shows Core's help and the console's hints."""
    text = ConsoleChannel(kb_core, language="en", user="anna").handle_line(word)
    assert "/log" in text and "type the number" in text


def test_typed_answers_are_not_taken_for_console_words(kb_core: Core) -> None:
    """While a reason or a subject is awaited, "help …", "?" or "log …" are the answer, not console words."""
    from deadlines.register import get_request

    console = ConsoleChannel(kb_core, language="en", user="anna")
    console.handle_line("log erasure 2026-11-20 imusic order 1")
    console.handle_line("show DSR-2026-0001")
    assert "Why is DSR-2026-0001 extended?" in console.handle_line("2")
    reply = console.handle_line("help desk found 40 more orders")
    assert "extended to" in reply and "type the number" not in reply
    assert get_request(kb_core.engine, kb_core.clock, "DSR-2026-0001").request.extension_reason == "help desk found 40 more orders"
    for line in ("log", "2", "imusic", "1", "3"):  # rectification, today, letter
        console.handle_line(line)
    assert "Reference: ?" in console.handle_line("?")  # the subject, not the help word
