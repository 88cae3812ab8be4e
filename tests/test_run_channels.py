"""`gdpr-bot run` as a real process with Telegram and Slack at once (fake servers), then SIGTERM → exit 0."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
import pytest

from tests.fake_slack import FakeSlack
from tests.fake_telegram import TOKEN, FakeTelegram, private_chat, user
from tests.slack_fixtures import signature
from tests.test_run import SECRETS

SIGNING_SECRET = "run-test-signing-secret"
TG_STAFF = user(424242, "Anna", "en")
SLACK_STAFF, SLACK_CHANNEL = "U0RUNSTAFF", "C0RUNSTAFF"


def free_port() -> int:
    """A port that was free a moment ago (the bot binds it right after)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def slash(http: aiohttp.ClientSession, port: int, fake: FakeSlack, text: str, name: str) -> int:
    """POST a really signed `/gdpr text` to the bot; the HTTP status."""
    body = urlencode(
        {
            "team_id": fake.team_id, "channel_id": SLACK_CHANNEL, "channel_name": "staff", "user_id": SLACK_STAFF,
            "user_name": "anna", "command": "/gdpr", "text": text, "api_app_id": "A0GDPR",
            "response_url": fake.response_url(name), "trigger_id": fake.new_trigger(),
        }  # fmt: skip
    )
    stamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature(SIGNING_SECRET, stamp, body),
    }
    async with http.post(f"http://127.0.0.1:{port}/slack/events", data=body.encode(), headers=headers) as response:
        return response.status


async def wait_listening(port: int, proc: asyncio.subprocess.Process, timeout: float = 30.0) -> None:
    """Wait until the bot accepts connections on `port` (fails if it exits first)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.returncode is not None:
            raise AssertionError(f"gdpr-bot run exited early with {proc.returncode}")
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.1)
            continue
        writer.close()
        return
    raise AssertionError("the Slack listener never came up")


async def scenario(tmp_path: Path) -> None:
    """Start both fakes and the bot, use both channels on one register, then SIGTERM it."""
    async with FakeTelegram() as telegram, FakeSlack() as slack, aiohttp.ClientSession() as http:
        port = free_port()
        config = tmp_path / "gdpr-bot.toml"
        config.write_text(
            f"""
[telegram]
base_url = "{telegram.base_url}"
[slack]
base_url = "{slack.base_url}"
port = {port}
[access.telegram]
staff = [{TG_STAFF["id"]}]
[access.slack]
staff = ["{SLACK_STAFF}"]
[organisations.imusic]
chats = ["slack:{SLACK_CHANNEL}"]
""",
            encoding="utf-8",
        )
        env = {k: v for k, v in os.environ.items() if k not in SECRETS and not k.upper().endswith("_PROXY")}
        env |= {
            "GDPR_BOT_CONFIG": str(config),
            "GDPR_BOT_DATABASE_URL": f"sqlite:///{tmp_path / 'register.sqlite3'}",
            "GDPR_BOT_TELEGRAM_TOKEN": TOKEN,
            "GDPR_BOT_SLACK_BOT_TOKEN": slack.token,
            "GDPR_BOT_SLACK_SIGNING_SECRET": SIGNING_SECRET,
        }
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "run", stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=env,
        )  # fmt: skip
        try:
            await wait_listening(port, proc)
            # Slack: log a request in the channel that serves imusic (signed, verified by Bolt).
            assert await slash(http, port, slack, "log erasure 2026-11-20 order 1234", "log") == 200
            await slack.wait("response_url", 1, timeout=15)
            assert "DSR-2026-0001" in str(slack.of("response_url")[-1].params)
            # Telegram: the same register, seen from a staff member's private chat.
            await telegram.send_text(private_chat(TG_STAFF), TG_STAFF, "/open")
            messages = await telegram.wait_messages(TG_STAFF["id"], 1, timeout=15)
            assert "DSR-2026-0001" in messages[-1].text
            # A wrongly signed request is refused while everything runs.
            async with http.post(f"http://127.0.0.1:{port}/slack/events", data=b"x=1", headers={
                "X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "v0=bad",
            }) as response:  # fmt: skip
                assert response.status == 401
            started = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(proc.wait(), 5)
            assert time.monotonic() - started < 5
            assert code == 0
            stderr = (await proc.stderr.read()).decode() if proc.stderr else ""
            assert "Traceback" not in stderr, stderr
            assert "order 1234" not in stderr, "the subject reference reached the log"
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()


def test_run_serves_telegram_and_slack_in_one_process_and_stops_on_sigterm(tmp_path: Path) -> None:
    asyncio.run(asyncio.wait_for(scenario(tmp_path), 90))


@pytest.mark.parametrize("signal_name", ["SIGINT"])
def test_sigint_also_stops_cleanly(tmp_path: Path, signal_name: str) -> None:
    """Ctrl-C in the console is a clean stop too (exit 0)."""
    import subprocess

    env = {k: v for k, v in os.environ.items() if k not in SECRETS}
    env["GDPR_BOT_DATABASE_URL"] = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    assert proc.stdout is not None
    assert proc.stdout.read(10)  # the greeting: it runs
    proc.send_signal(getattr(signal, signal_name))
    try:
        assert proc.wait(5) == 0
    finally:
        proc.kill()
    assert "Traceback" not in (proc.stderr.read() if proc.stderr else "")


def bot_env(tmp_path: Path, config_text: str, **secrets: str) -> dict[str, str]:
    """The environment of a `gdpr-bot run` on a fresh SQLite register with `config_text` and `secrets`."""
    config = tmp_path / "gdpr-bot.toml"
    config.write_text(config_text, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in SECRETS and not k.upper().endswith("_PROXY")}
    env |= {"GDPR_BOT_CONFIG": str(config), "GDPR_BOT_DATABASE_URL": f"sqlite:///{tmp_path / 'register.sqlite3'}"}
    return env | {f"GDPR_BOT_{k.upper()}": v for k, v in secrets.items()}


async def run_bot(env: dict[str, str]) -> asyncio.subprocess.Process:
    """`gdpr-bot run` as a child process (stdin closed, stdout/stderr captured)."""
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "run", stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=env,
    )  # fmt: skip


async def refused_token(tmp_path: Path, wrong: str) -> tuple[int, str, FakeTelegram, FakeSlack]:
    """Run with both channels, one of them (`wrong`) with a token its server refuses; exit status and stderr."""
    async with FakeTelegram() as telegram, FakeSlack() as slack:
        text = f'[telegram]\nbase_url = "{telegram.base_url}"\n[slack]\nbase_url = "{slack.base_url}"\nport = 0\n'
        tokens = {"telegram_token": TOKEN, "slack_bot_token": slack.token}
        tokens[wrong] = "999:refused-token-value" if wrong == "telegram_token" else "xoxb-refused-token-value"
        proc = await run_bot(bot_env(tmp_path, text, slack_signing_secret=SIGNING_SECRET, **tokens))
        try:
            code = await asyncio.wait_for(proc.wait(), 30)
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
        stderr = (await proc.stderr.read()).decode() if proc.stderr else ""
        return code, stderr, telegram, slack


def test_a_refused_slack_token_stops_telegram_too_with_one_line_and_exit_2(tmp_path: Path) -> None:
    code, stderr, telegram, _ = asyncio.run(refused_token(tmp_path, "slack_bot_token"))
    assert code == 2
    assert "Traceback" not in stderr and "refused-token-value" not in stderr, stderr
    assert stderr.strip().splitlines()[-1] == "gdpr-bot: invalid configuration: slack.bot_token: Slack refused the token (invalid_auth)"
    assert "channel telegram started" in stderr and "telegram channel stopped" in stderr  # started, then stopped


def test_a_refused_telegram_token_is_one_line_without_the_token_and_exit_2(tmp_path: Path) -> None:
    code, stderr, _, slack = asyncio.run(refused_token(tmp_path, "telegram_token"))
    assert code == 2
    assert "Traceback" not in stderr and "refused-token-value" not in stderr, stderr
    last = stderr.strip().splitlines()[-1]
    assert last.startswith("gdpr-bot: the telegram channel did not start: InvalidToken"), stderr
    assert slack.of("auth.test") == []  # Slack was never started


async def sigterm_while_starting(tmp_path: Path) -> tuple[int, float, str]:
    """Telegram's getMe never answers (a listening socket nobody serves); SIGTERM once the bot is trying."""
    with socket.create_server(("127.0.0.1", 0)) as black_hole:
        text = f'[telegram]\nbase_url = "http://127.0.0.1:{black_hole.getsockname()[1]}/bot"\n'
        proc = await run_bot(bot_env(tmp_path, text, telegram_token=TOKEN))
        try:
            await asyncio.wait_for(asyncio.to_thread(black_hole.accept), 30)  # getMe is under way
            started = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(proc.wait(), 5)
            elapsed = time.monotonic() - started
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
        return code, elapsed, (await proc.stderr.read()).decode() if proc.stderr else ""


def test_sigterm_during_start_up_stops_at_once_with_exit_0(tmp_path: Path) -> None:
    code, elapsed, stderr = asyncio.run(sigterm_while_starting(tmp_path))
    assert code == 0 and elapsed < 5, stderr
    assert "Traceback" not in stderr and "stop requested during start-up" in stderr
