"""`gdpr-bot run` end to end: the console channel through a real process's stdin/stdout, clean stops, bad configs."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

SECRETS = (
    "GDPR_BOT_TELEGRAM_TOKEN",
    "GDPR_BOT_TELEGRAM_WEBHOOK_SECRET",
    "GDPR_BOT_SLACK_BOT_TOKEN",
    "GDPR_BOT_SLACK_SIGNING_SECRET",
    "GDPR_BOT_SLACK_APP_TOKEN",
    "GDPR_BOT_CONFIG",
    "GDPR_BOT_LOG_LEVEL",
)
SUBJECT = "order 4711-secret"


class Session:
    """A running `gdpr-bot run` process: write lines to its stdin, wait for text on its stdout."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )
        self.out = ""
        self.err = ""
        self._lock = threading.Lock()
        threading.Thread(target=self._pump, args=("out",), daemon=True).start()
        threading.Thread(target=self._pump, args=("err",), daemon=True).start()
        self.seen = 0  # stdout position after the last expect()

    def _pump(self, which: str) -> None:
        """Collect one output stream as it comes."""
        stream = self.proc.stdout if which == "out" else self.proc.stderr
        assert stream is not None
        for chunk in iter(lambda: stream.read(1), ""):
            with self._lock:
                setattr(self, which, getattr(self, which) + chunk)

    def send(self, line: str) -> None:
        """Type one line."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def expect(self, pattern: str, timeout: float = 15.0) -> str:
        """Wait until stdout (after the previous match) matches `pattern`; return the new output."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                match = re.search(pattern, self.out[self.seen :])
                if match:
                    new = self.out[self.seen : self.seen + match.end()]
                    self.seen += match.end()
                    return new
            if self.proc.poll() is not None:
                break
            time.sleep(0.02)
        raise AssertionError(f"no {pattern!r} in the output:\n{self.out[self.seen:]}\n--- stderr ---\n{self.err}")

    def wait(self, timeout: float) -> int:
        """The exit status (fails the test if the process does not end in time)."""
        try:
            return self.proc.wait(timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


@pytest.fixture
def run_env(tmp_path: Path) -> dict[str, str]:
    """An environment with no chat tokens, a fresh SQLite register and reminders scanned every second."""
    env = {k: v for k, v in os.environ.items() if k not in SECRETS and not k.endswith("_PROXY")}
    env["GDPR_BOT_DATABASE_URL"] = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    env["GDPR_BOT_DATA_DIR"] = str(tmp_path / "data")
    env["PYTHONUNBUFFERED"] = "1"
    config = tmp_path / "gdpr-bot.toml"
    config.write_text('[reminders]\nscan_interval_seconds = 1\nhour = "09:00"\n', encoding="utf-8")
    env["GDPR_BOT_CONFIG"] = str(config)
    return env


@pytest.fixture
def session(run_env: dict[str, str]) -> Iterator[Session]:
    """The console bot at 08:59:58 Copenhagen time on Friday 20 Nov 2026 (its clock then runs on)."""
    run_env["GDPR_BOT_LOG_LEVEL"] = "DEBUG"  # every log line is checked for the subject reference
    bot = Session(["--clock", "2026-11-20T08:59:58+01:00", "--language", "en"], run_env)
    yield bot
    if bot.proc.poll() is None:
        bot.proc.kill()
        bot.proc.wait(5)


def test_console_logs_lists_reminds_and_closes_through_real_stdin_stdout(session: Session) -> None:
    session.expect(r"gdpr-bot \(console\).*\n> ")
    session.send(f"log erasure 2026-10-20 imusic {SUBJECT}")
    logged = session.expect(r"> ")
    assert "DSR-2026-0001" in logged and "2026-11-20" in logged
    session.send("open")
    listed = session.expect(r"> ")
    assert "DSR-2026-0001" in listed and "imusic" in listed
    # 09:00 comes two seconds later on the bot's clock: the on-the-day reminder prints by itself.
    reminder = session.expect(r"DSR-2026-0001[^\n]*\n(?:.*\n)*?1\) [^\n]+ 2\) [^\n]+\n\n> ", timeout=20)
    assert "2026-11-20" in reminder
    session.send("1")  # the reminder's first button: Done
    closed = session.expect(r"> ")
    assert "DSR-2026-0001" in closed
    session.send("show DSR-2026-0001")
    shown = session.expect(r"> ")
    assert re.search(r"\bdone\b", shown, re.IGNORECASE), shown
    session.send("quit")
    assert session.wait(10) == 0
    assert SUBJECT not in session.err, "the subject reference reached the log"
    assert "Traceback" not in session.err


def test_sigterm_stops_the_console_bot_cleanly(session: Session) -> None:
    session.expect(r"\n> ")
    started = time.monotonic()
    session.proc.send_signal(signal.SIGTERM)
    assert session.wait(5) == 0
    assert time.monotonic() - started < 5
    assert "Traceback" not in session.err


def test_end_of_input_ends_the_console(run_env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"], input="hvor længe gemmer imusic fakturaer?\n", env=run_env,
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "5 år" in done.stdout


@pytest.mark.parametrize(
    ("config", "key"),
    [
        ('[reminders]\nhour = "nine"\n', "reminders.hour"),
        ("[telegram]\nmode = 'webhook'\n", None),  # valid without a token
        ("[organisations.nosuchshop]\n", "organisations.nosuchshop"),
        ("[slack\n", "not valid TOML"),
    ],
)
def test_a_broken_config_stops_run_with_a_clear_message(run_env: dict[str, str], tmp_path: Path, config: str, key: str | None) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(config, encoding="utf-8")
    run_env["GDPR_BOT_CONFIG"] = str(path)
    done = subprocess.run([sys.executable, "-m", "bot.cli", "run"], input="", env=run_env, capture_output=True, text=True, timeout=60)
    if key is None:
        assert done.returncode == 0, done.stderr
        return
    assert done.returncode == 2
    assert key in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_missing_secrets_for_a_configured_mode_are_named(run_env: dict[str, str]) -> None:
    run_env["GDPR_BOT_SLACK_BOT_TOKEN"] = "xoxb-test"
    done = subprocess.run([sys.executable, "-m", "bot.cli", "run"], input="", env=run_env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "GDPR_BOT_SLACK_SIGNING_SECRET" in done.stderr and "Traceback" not in done.stderr


def test_an_unreachable_database_is_one_line(run_env: dict[str, str]) -> None:
    run_env["GDPR_BOT_DATABASE_URL"] = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"
    done = subprocess.run([sys.executable, "-m", "bot.cli", "run"], input="", env=run_env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "cannot open the register database" in done.stderr and "Traceback" not in done.stderr
