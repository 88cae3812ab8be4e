"""The Telegram channel end to end: real python-telegram-bot 22 ↔ the fake Bot API over HTTP, real Core and register.

Updates arrive via getUpdates (long polling); replies are read back from what the fake received
(sendMessage / editMessageText / answerCallbackQuery), which checks them the way Telegram does
(HTML entities, 4096 characters, 64-byte button data). Webhooks and faults: test_telegram_faults.py.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from bot.render_html import MAX_TEXT, utf16_len
from deadlines.register import Actor, RequestView, get_request, list_requests, log_request
from deadlines.reminders import Destination, Reminder
from handlers.wording import t
from tests.fake_telegram import BotMessage, FakeTelegram, group_chat, private_chat
from tests.telegram_fixtures import (
    OUTSIDER,
    OUTSIDER_ID,
    Bot,
    STAFF,
    STAFF_ID,
    STAFF_SV,
    any_db_url,
    db_url,
    no_proxy,
    run_bot,
)

__all__ = ["any_db_url", "db_url", "no_proxy"]  # fixtures, used by name

INVOICES_DA = "/ask hvor længe gemmer vi fakturaer hos imusic?"
GROUP = group_chat(-100_555_001)
GROUP_ID = GROUP["id"]


def open_requests(bot: Bot) -> list[RequestView]:
    """Every open request in the bot's register."""
    return list(list_requests(bot.engine, bot.clock, scope="open").items)


async def press(fake: FakeTelegram, who: dict[str, Any], message: BotMessage, command: str, argument: str | None = None) -> None:
    """Press a button of `message` (the first of `command`, or exactly `command:argument`); wait for the acknowledgement."""
    payload = f"{command}:{argument}" if argument is not None else message.payload(command)
    assert argument is None or payload in [b["callback_data"] for b in message.buttons()], (payload, message.labels())
    answered = len(fake.calls_of("answerCallbackQuery"))
    await fake.push(fake.press_update(who, message, payload))
    await fake.wait_for(lambda: len(fake.calls_of("answerCallbackQuery")) > answered)


async def say(fake: FakeTelegram, who: dict[str, Any], chat: dict[str, Any], text: str) -> BotMessage:
    """Send a message and wait for the bot's one reply in that chat."""
    before = len(fake.sent(chat["id"]))
    await fake.send_text(chat, who, text)
    return (await fake.wait_messages(chat["id"], before + 1))[-1]


def logged_request(
    bot: Bot, chat_id: int, *, org: str = "imusic", kind: str = "access", received: date = date(2026, 11, 20), subject: str = "order 1234"
) -> RequestView:
    """A request logged from a Telegram chat through the register service."""
    actor = Actor(f"telegram:Anna ({STAFF_ID})", "telegram", str(chat_id))
    result = log_request(bot.engine, bot.clock, actor, organisation=org, type=kind, received=received, via="email", subject_ref=subject)
    return result.request


# --- asking -------------------------------------------------------------------------------------


def test_polling_start_menu_and_a_question_in_danish(db_url: str) -> None:
    """Start: getMe, the da/sv/en command menu, polling; /ask gets the knowledge-base answer in Danish."""

    async def body(bot: Bot) -> None:
        fake = bot.fake
        menus = {c.params.get("language_code"): c.params["commands"] for c in fake.calls_of("setMyCommands")}
        assert set(menus) == {None, "da", "sv", "en"}
        expected = {"start", "help", "ask", "log", "open", "show", "pause", "resume", "extend", "done", "refuse", "cancel"}
        assert expected <= {c["command"] for c in menus["da"]}
        assert {c["command"]: c["description"] for c in menus["sv"]}["log"] == t("telegram.command.log", "sv")
        answer = await say(fake, STAFF, private_chat(STAFF), INVOICES_DA)
        assert "5 år" in answer.text and "bogføringsloven" in answer.text
        assert fake.calls_of("getUpdates") and fake.calls_of("deleteWebhook") and not fake.calls_of("setWebhook")

    run_bot(db_url, body)


def test_plain_text_in_a_private_chat_is_a_question_in_swedish(db_url: str) -> None:
    """No command needed in a private chat; a Swedish client gets Swedish."""

    async def body(bot: Bot) -> None:
        answer = await say(bot.fake, STAFF_SV, private_chat(STAFF_SV), "hur länge sparar vi fakturor hos imusic?")
        assert "5 år" in answer.text and "Källa" in answer.text

    run_bot(db_url, body)


def test_replies_keep_the_order_of_one_chats_messages(db_url: str) -> None:
    """Several messages sent at once in one chat are answered in the order they were sent."""

    async def body(bot: Bot) -> None:
        chat = private_chat(STAFF)
        for text in ("/help", INVOICES_DA, "/open", "/cancel"):
            await bot.fake.send_text(chat, STAFF, text)
        replies = await bot.fake.wait_messages(STAFF_ID, 4)
        assert t("core.help.intro", "da") in replies[0].text
        assert "5 år" in replies[1].text
        assert replies[2].text == t("core.open.empty", "da")
        assert replies[3].text == t("core.nothing_to_cancel", "da")

    run_bot(db_url, body)


# --- the register -------------------------------------------------------------------------------


def test_log_conversation_by_buttons_creates_a_register_row(any_db_url: str) -> None:
    """/log → type → organisation → received → how → subject (typed) → confirm: one row, every press edits in place."""

    async def body(bot: Bot) -> None:
        fake, chat = bot.fake, private_chat(STAFF)
        prompt = await say(fake, STAFF, chat, "/log")
        assert prompt.text == t("core.log.ask_type", "da")
        for argument, next_question in (
            ("t=erasure", "core.log.ask_org"),
            ("o=imusic", "core.log.ask_received"),
            ("r=1", "core.log.ask_via"),
            ("v=email", "core.log.ask_subject"),
        ):
            await press(fake, STAFF, prompt, "log", argument)
            assert prompt.text.startswith(t(next_question, "da")), prompt.text
        assert len(prompt.edits) == 4 and len(fake.sent(STAFF_ID)) == 1  # all in place
        confirm = await say(fake, STAFF, chat, "ordre 1234")
        assert "ordre 1234" in confirm.text and "imusic" in confirm.text
        assert not open_requests(bot)
        await press(fake, STAFF, confirm, "log", "ok")
        (request,) = open_requests(bot)
        assert (request.organisation, request.type, request.received_via, request.subject_ref) == ("imusic", "erasure", "email", "ordre 1234")
        assert request.received_on == date(2026, 11, 22)  # "yesterday" on Monday 23 Nov in Copenhagen
        assert (request.channel, request.chat_id, request.logged_by) == ("telegram", str(STAFF_ID), f"telegram:Anna Kundeservice ({STAFF_ID})")
        assert request.ref in confirm.text and t("register.type.erasure", "da") in confirm.text
        assert len(fake.calls_of("answerCallbackQuery")) == 5

    run_bot(any_db_url, body)


def test_one_line_log_and_bad_input_store_nothing_half(db_url: str) -> None:
    """A typo'd command, 30 February, a 10,000-character message: short messages in Danish, nothing stored; then a good line logs."""

    async def body(bot: Bot) -> None:
        fake, chat = bot.fake, private_chat(STAFF)
        typo = await say(fake, STAFF, chat, "/opne")
        assert typo.text == t("core.unknown_command", "da", command="/opne", suggestion="/open")
        bad_date = await say(fake, STAFF, chat, "/log sletning 2026-02-30 imusic ordre 1")
        assert "2026-02-30" in bad_date.text and len(bad_date.text) < 200
        too_long = await say(fake, STAFF, chat, "x" * 10_000)
        assert too_long.text == t("error.too_long", "da", limit=4000)
        assert not open_requests(bot)
        logged = await say(fake, STAFF, chat, "/log sletning 2026-11-20 imusic ordre 1234")
        (request,) = open_requests(bot)
        assert request.ref in logged.text and request.subject_ref == "ordre 1234"
        assert all(c.status == 200 for c in fake.calls_of("sendMessage"))

    run_bot(db_url, body)


def test_reminder_done_button_closes_the_request_and_updates_the_message(any_db_url: str) -> None:
    """TelegramNotifier sends a reminder to the group it was logged in; Done closes it and the message says so."""
    from handlers.reminders import render_reminder

    async def body(bot: Bot) -> None:
        fake = bot.fake
        fake.add_chat(GROUP)
        request = logged_request(bot, GROUP_ID)
        days_left = (request.current_deadline - request.today).days
        reminder = Reminder(request, "before-3", request.current_deadline, Destination("telegram", str(GROUP_ID)), days_left=days_left, language="da")
        await bot.channel.notifier.send_reminder(reminder)
        (message,) = fake.sent(GROUP_ID)
        assert request.ref in message.text and "order 1234" not in message.text
        assert message.labels() == [a.label for a in render_reminder(reminder).actions]
        await press(fake, STAFF, message, "done")
        assert get_request(bot.engine, bot.clock, request.ref).request.status == "done"
        assert message.text == t("register.reply.closed_done", "da", id=request.ref)
        assert message.keyboard == [] and message.edits  # replaced in place, buttons gone
        assert len(fake.sent(GROUP_ID)) == 1

    run_bot(any_db_url, body)


def test_reminder_extend_button_asks_for_the_reason_then_extends(db_url: str) -> None:
    """Extend… replaces the reminder with a question; the reason typed next extends the deadline."""

    async def body(bot: Bot) -> None:
        fake = bot.fake
        fake.add_chat(GROUP)
        request = logged_request(bot, GROUP_ID, received=date(2026, 11, 2))
        reminder = Reminder(request, "extension-decision", request.current_deadline, Destination("telegram", str(GROUP_ID)), days_left=10, language="da")
        await bot.channel.notifier.send_reminder(reminder)
        (message,) = fake.sent(GROUP_ID)
        await press(fake, STAFF, message, "extend")
        assert message.text == t("core.extend.ask_reason", "da", id=request.ref)
        extended = await say(fake, STAFF, GROUP, "Mange ordrer at gennemgå")
        after = get_request(bot.engine, bot.clock, request.ref).request
        assert after.status == "extended" and after.current_deadline == after.extended_deadline
        assert request.ref in extended.text and after.current_deadline.isoformat() in extended.text

    run_bot(db_url, body)


def test_the_weekly_digest_reaches_the_chat(db_url: str) -> None:
    """send_digest renders the open requests into the named chat."""

    async def body(bot: Bot) -> None:
        first, second = logged_request(bot, GROUP_ID), logged_request(bot, GROUP_ID, org="javi", subject="order 99")
        await bot.channel.notifier.send_digest(Destination("telegram", str(GROUP_ID)), (first, second), "sv")
        (digest,) = bot.fake.sent(GROUP_ID)
        assert first.ref in digest.text and second.ref in digest.text and "order 99" not in digest.text

    run_bot(db_url, body)


def test_an_outsider_is_refused_and_sees_nothing_of_the_register(any_db_url: str) -> None:
    """Not on the staff list: /open, /log, /show, a question and a forged Done press are politely refused."""

    async def body(bot: Bot) -> None:
        fake, chat = bot.fake, private_chat(OUTSIDER)
        request = logged_request(bot, GROUP_ID)
        for command in ("/open", "/log", f"/show {request.ref}", f"/done {request.ref}"):
            reply = await say(fake, OUTSIDER, chat, command)
            assert reply.text == t("core.refused", "en"), command
        question = await say(fake, OUTSIDER, chat, "how long do we keep invoices at imusic?")
        assert question.text == t("core.ask_refused", "en")
        fake.add_chat(GROUP)
        await bot.channel.notifier.send_reminder(
            Reminder(request, "due", request.current_deadline, Destination("telegram", str(GROUP_ID)), language="en")
        )
        (reminder,) = fake.sent(GROUP_ID)
        await press(fake, OUTSIDER, reminder, "done")
        assert reminder.text == t("core.refused", "en")
        assert get_request(bot.engine, bot.clock, request.ref).request.status == "open"
        seen = " ".join(m.text for m in fake.sent(OUTSIDER_ID))
        assert request.ref not in seen and "order 1234" not in seen

    run_bot(any_db_url, body)


def test_html_in_a_name_and_a_subject_is_shown_literally(db_url: str) -> None:
    """A user called "<b>Eve</b> & Co" logs "<script>…</script> & more": Telegram gets escaped HTML and shows it as typed."""

    async def body(bot: Bot) -> None:
        fake = bot.fake
        eve = dict(STAFF, first_name="<b>Eve</b> & Co", last_name="</i>")
        subject = '<script>alert("x")</script> & <a href="x">order</a> 7'
        logged = await say(fake, eve, private_chat(eve), f"/log access 2026-11-20 imusic {subject}")
        (request,) = open_requests(bot)
        assert request.subject_ref == subject and request.ref in logged.text
        shown = await say(fake, eve, private_chat(eve), f"/show {request.ref}")
        assert subject in shown.text and f"telegram:<b>Eve</b> & Co </i> ({STAFF_ID})" in shown.text
        assert "&lt;script&gt;" in shown.html and "<script>" not in shown.html
        assert all(c.status == 200 for c in fake.calls if c.method in ("sendMessage", "editMessageText"))

    run_bot(db_url, body)


def test_a_long_open_list_is_split_into_messages_within_the_limit(db_url: str) -> None:
    """Fifty open requests make an /open reply over 4096 characters: it arrives in parts, all lines, the buttons last."""

    async def body(bot: Bot) -> None:
        fake = bot.fake
        for i in range(50):
            received = date(2026, 11, 1) + timedelta(days=i % 20)
            logged_request(bot, GROUP_ID, org="finderskeepers", kind="portability", received=received, subject=f"kunde {i}")
        await fake.send_text(private_chat(STAFF), STAFF, "/open")
        await fake.wait_for(lambda: any(m.keyboard for m in fake.sent(STAFF_ID)))  # the last part carries the buttons
        parts = fake.sent(STAFF_ID)
        assert len(parts) >= 2 and all(utf16_len(p.text) <= MAX_TEXT for p in parts)
        seen = "\n".join(p.text for p in parts)
        assert all(r.ref in seen for r in open_requests(bot))
        assert not any(p.keyboard for p in parts[:-1]) and parts[-1].payload("show")

    run_bot(db_url, body)


def test_group_commands_for_this_bot_only_and_no_reply_to_chatter(db_url: str) -> None:
    """In a group: /cmd@other_bot and plain chatter are ignored; /help@this_bot is answered (as a reply to it)."""

    async def body(bot: Bot) -> None:
        fake = bot.fake
        await fake.send_text(GROUP, STAFF, "/open@some_other_bot")
        await fake.send_text(GROUP, STAFF, "hvor længe gemmer vi fakturaer?")
        update = fake.message_update(GROUP, STAFF, "/help@gdpr_test_bot")
        await fake.push(update)
        (reply,) = await fake.wait_messages(GROUP_ID, 1)
        assert t("core.help.intro", "da") in reply.text
        (call,) = fake.calls_of("sendMessage")
        assert call.params["reply_parameters"]["message_id"] == update["message"]["message_id"]

    run_bot(db_url, body)


def test_pressing_twice_or_on_a_message_that_cannot_be_edited(db_url: str) -> None:
    """The same button twice ("not modified") is fine; a press on a message Telegram cannot edit gets a new message."""

    async def body(bot: Bot) -> None:
        fake, chat = bot.fake, private_chat(STAFF)
        prompt = await say(fake, STAFF, chat, "/log")
        stale = BotMessage(STAFF_ID, prompt.message_id, prompt.html, prompt.text, prompt.keyboard)  # as a slow client still shows it
        await press(fake, STAFF, prompt, "log", "t=access")
        shown = prompt.text
        await press(fake, STAFF, stale, "log", "t=access")  # same answer again: Telegram says "not modified"
        assert prompt.text == shown and len(fake.sent(STAFF_ID)) == 1
        request = logged_request(bot, GROUP_ID)
        gone = BotMessage(STAFF_ID, 999_999, "old", "old", [[{"text": request.ref, "callback_data": f"show:{request.ref}"}]])
        await press(fake, STAFF, gone, "show")
        details = fake.sent(STAFF_ID)[-1]
        assert len(fake.sent(STAFF_ID)) == 2 and request.ref in details.text and "order 1234" in details.text
        assert [c.status for c in fake.calls_of("editMessageText")] == [200, 400, 400]

    run_bot(db_url, body)
