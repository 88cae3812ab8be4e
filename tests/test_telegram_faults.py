"""The Telegram channel under faults and in webhook mode, through the real library and the fake Bot API.

Webhook: the library's own server checks X-Telegram-Bot-Api-Secret-Token (403 without the right
one). Faults: 429 with retry_after is waited out (AIORateLimiter), 5xx and network errors are retried,
a send that keeps failing ends in a short error message while the loop carries on, a broken
register gives error.internal, stop() lets in-flight sends finish, a bad token fails the start.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import aiohttp
import pytest
from sqlalchemy import text
from telegram.error import InvalidToken

from bot.telegram import TelegramChannel
from tests.fake_telegram import FakeTelegram, private_chat
from tests.telegram_fixtures import STAFF, STAFF_ID, TELEGRAM_NOW, Bot, db_url, make_core, no_proxy, run, run_bot, staff_access

__all__ = ["db_url", "no_proxy"]  # fixtures, used by name

QUESTION = "/ask hvor længe gemmer vi fakturaer hos imusic?"
HOOK_URL = "https://bot.example.test/telegram/hook"
SECRET = "s3cret_Token-for-the-webhook"


async def post_update(port: int, update: dict[str, Any], secret: str | None) -> int:
    """POST an update to the channel's webhook as Telegram would; the HTTP status."""
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    async with aiohttp.ClientSession() as session:
        async with session.post(f"http://127.0.0.1:{port}/telegram/hook", data=json.dumps(update), headers=headers) as response:
            return response.status


def webhook_kwargs(secret: str | None = SECRET) -> dict[str, Any]:
    """Channel arguments for webhook mode on a free local port."""
    return {"mode": "webhook", "webhook_url": HOOK_URL, "webhook_listen": ("127.0.0.1", 0), "secret_token": secret}


# --- webhook ------------------------------------------------------------------------------------


def test_webhook_with_the_right_secret_is_answered_wrong_or_missing_get_403(db_url: str) -> None:
    """setWebhook carries the URL and secret; POSTs without the right secret are refused and never reach Core."""

    async def body(bot: Bot) -> None:
        fake, port = bot.fake, bot.channel.webhook_port
        assert port and fake.webhook is not None
        assert (fake.webhook["url"], fake.webhook["secret_token"]) == (HOOK_URL, SECRET)
        assert not fake.calls_of("getUpdates")
        chat = private_chat(STAFF)
        assert await post_update(port, fake.message_update(chat, STAFF, "/open"), "wrong-secret") == 403
        assert await post_update(port, fake.message_update(chat, STAFF, "/help"), None) == 403
        assert await post_update(port, fake.message_update(chat, STAFF, QUESTION), SECRET) == 200
        (answer,) = await fake.wait_messages(STAFF_ID, 1)  # only the update with the secret was handled
        assert "5 år" in answer.text

    run_bot(db_url, body, **webhook_kwargs())


def test_webhook_without_a_configured_secret_still_demands_one(db_url: str) -> None:
    """No secret configured: a random one is registered with setWebhook and required."""

    async def body(bot: Bot) -> None:
        fake, port = bot.fake, bot.channel.webhook_port
        assert port is not None and fake.webhook is not None
        generated = fake.webhook["secret_token"]
        assert len(generated) >= 32
        update = fake.message_update(private_chat(STAFF), STAFF, QUESTION)
        assert await post_update(port, update, None) == 403
        assert await post_update(port, update, generated) == 200
        await fake.wait_messages(STAFF_ID, 1)

    run_bot(db_url, body, **webhook_kwargs(secret=None))


def test_webhook_mode_needs_a_url_and_modes_are_checked() -> None:
    """Bad settings fail when the channel is built, before anything connects."""
    with pytest.raises(ValueError, match="webhook_url"):
        TelegramChannel(None, "1:x", mode="webhook")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="polling, webhook"):
        TelegramChannel(None, "1:x", mode="push")  # type: ignore[arg-type]


# --- faults -------------------------------------------------------------------------------------


def test_429_retry_after_is_honoured(db_url: str) -> None:
    """sendMessage answered 429 retry_after=1: the library waits at least that long, then the reply arrives."""

    async def body(bot: Bot) -> None:
        fake = bot.fake
        fake.fail("sendMessage", 429, retry_after=1)
        await fake.send_text(private_chat(STAFF), STAFF, QUESTION)
        (answer,) = await fake.wait_messages(STAFF_ID, 1)
        assert "5 år" in answer.text
        refused, delivered = fake.calls_of("sendMessage")
        assert (refused.status, delivered.status) == (429, 200)
        assert delivered.at - refused.at >= 1.0

    run_bot(db_url, body)


def test_5xx_on_send_and_on_polling_are_retried(db_url: str) -> None:
    """Two 502s on sendMessage and a 500 on getUpdates: the update is still fetched and answered once."""

    async def body(bot: Bot) -> None:
        fake = bot.fake
        fake.fail("getUpdates", 500)
        fake.fail("sendMessage", 502, times=2)
        await fake.send_text(private_chat(STAFF), STAFF, QUESTION)
        (answer,) = await fake.wait_messages(STAFF_ID, 1, timeout=10)
        assert "5 år" in answer.text
        assert [c.status for c in fake.calls_of("sendMessage")] == [502, 502, 200]
        assert 500 in [c.status for c in fake.calls_of("getUpdates")]

    run_bot(db_url, body)


def test_a_send_that_keeps_failing_ends_in_a_short_error_and_the_loop_goes_on(db_url: str, caplog: pytest.LogCaptureFixture) -> None:
    """sendMessage fails past every retry: the error handler tells the user (error.internal), the next update works."""
    from handlers.wording import t

    async def body(bot: Bot) -> None:
        fake, chat = bot.fake, private_chat(STAFF)
        retries = len(bot.channel.limits.network_delays)
        fake.fail("sendMessage", 502, times=retries + 1)
        await fake.send_text(chat, STAFF, QUESTION)
        (error,) = await fake.wait_messages(STAFF_ID, 1)
        assert error.text == t("error.internal", "da")
        await fake.send_text(chat, STAFF, QUESTION)
        replies = await fake.wait_messages(STAFF_ID, 2)
        assert "5 år" in replies[1].text

    with caplog.at_level(logging.ERROR, logger="gdpr_bot.telegram"):
        run_bot(db_url, body)
    assert "failed: NetworkError" in caplog.text


def test_a_broken_register_gives_a_short_error_without_personal_data_in_the_log(db_url: str, caplog: pytest.LogCaptureFixture) -> None:
    """The register's table vanishes: /open and /show answer error.internal; questions still work; no subject in the log."""
    from deadlines.register import Actor, log_request
    from handlers.wording import t

    async def body(bot: Bot) -> None:
        fake, chat = bot.fake, private_chat(STAFF)
        ref = log_request(bot.engine, bot.clock, Actor("t"), organisation="imusic", type="access", received="2026-11-20", via="email", subject_ref="Jensen ordre 4711").request.ref
        with bot.engine.begin() as conn:
            conn.execute(text("DROP TABLE dsr_event"))
        await fake.send_text(chat, STAFF, f"/show {ref}")
        (error,) = await fake.wait_messages(STAFF_ID, 1)
        assert error.text == t("error.internal", "da")
        await fake.send_text(chat, STAFF, QUESTION)
        assert "5 år" in (await fake.wait_messages(STAFF_ID, 2))[1].text

    with caplog.at_level(logging.INFO):
        run_bot(db_url, body)
    assert "internal error" in caplog.text and "Jensen" not in caplog.text


def test_stop_lets_a_send_in_flight_finish(db_url: str) -> None:
    """stop() while a reply is being retried: the reply is delivered before stop() returns."""

    async def body(bot: Bot) -> None:
        fake = bot.fake
        fake.fail("sendMessage", 502)
        await fake.send_text(private_chat(STAFF), STAFF, QUESTION)
        await fake.wait_for(lambda: bool(fake.calls_of("sendMessage")))  # the first attempt failed: a retry is pending
        await bot.channel.stop()
        assert [c.status for c in fake.calls_of("sendMessage")] == [502, 200]

    run_bot(db_url, body)


def test_a_wrong_token_fails_the_start(db_url: str) -> None:
    """401 from getMe: start() raises InvalidToken (the app reports it and exits)."""
    from deadlines.clock import FixedClock
    from deadlines.db import open_register

    async def body() -> None:
        engine = open_register(db_url)
        async with FakeTelegram() as fake:
            core = make_core(engine, FixedClock(TELEGRAM_NOW), staff_access())
            channel = TelegramChannel(core, "999:not-the-token", base_url=fake.base_url)
            with pytest.raises(InvalidToken):
                await channel.start()
        engine.dispose()

    run(body())


# --- settings and the HTTP backend -----------------------------------------------------------------


def test_self_hosted_api_base_and_file_urls(db_url: str) -> None:
    """A self-hosted Bot API server: calls go to its base URL, files to its /file/bot."""
    from deadlines.clock import FixedClock
    from deadlines.db import open_register

    engine = open_register(db_url)
    core = make_core(engine, FixedClock(TELEGRAM_NOW), staff_access())
    channel = TelegramChannel(core, "1:x", base_url="http://tg.internal:8081/bot/")
    assert channel.app.bot.base_url == "http://tg.internal:8081/bot1:x"
    assert channel.app.bot.base_file_url == "http://tg.internal:8081/file/bot1:x"
    engine.dispose()


def test_file_uploads_go_as_multipart(db_url: str) -> None:
    """The aiohttp backend sends files the way the library expects (multipart with the file's name)."""

    async def body(bot: Bot) -> None:
        sent = await bot.channel.app.bot.send_document(STAFF_ID, b"id;type\nDSR-2026-0001;access\n", filename="export.csv", caption="Export")
        assert sent.document is not None and sent.document.file_name == "export.csv"
        (message,) = bot.fake.sent(STAFF_ID)
        assert message.document == {"filename": "export.csv", "content": b"id;type\nDSR-2026-0001;access\n"}
        assert message.text == "Export"

    run_bot(db_url, body)
