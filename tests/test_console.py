"""The console channel through its real stdin/stdout (`gdpr-bot run` in a subprocess)."""

from __future__ import annotations

import subprocess
import sys


def test_console_answers_questions_and_quits() -> None:
    stdin = "hvor længe gemmer iMusic IP-adresser på besøgende?\n\nhelp\nHow long do we keep dashcam videos?\nquit\n"
    proc = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"], input=stdin, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "gdpr-bot (console)" in out
    assert "60 dage" in out and "Kilde: imusic.da.txt" in out
    assert "Known organisations: 123multiservice, bestphone, finderskeepers, imusic, javi" in out
    assert "can't answer" in out
    assert out.rstrip().endswith("Goodbye.")
    assert "Traceback" not in proc.stderr


def test_console_bad_input_gets_a_message_not_a_traceback() -> None:
    stdin = "x" * 10_000 + "\nhvad med \x01 fakturaer\n"
    proc = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"], input=stdin, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0
    assert "too long" in proc.stdout and "kontroltegn" in proc.stdout
    assert "Traceback" not in proc.stderr
