"""The Slack channel end to end: signed HTTP requests to the running Bolt app on 127.0.0.1, its Web API
calls captured by the fake Slack server, the register on a real database (SQLite; PostgreSQL too when
GDPR_BOT_TEST_DATABASE_URL is set), the real chat core and knowledge base."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from bot.render_slack import FORCE
from deadlines.register import counts, get_request
from handlers.wording import t
from tests.fake_slack import view_errors
from tests.slack_fixtures import (
    OUTSIDER,
    STAFF,
    STAFF_CHANNEL,
    STAFF_DM,
    SWEDISH_CHANNEL,
    answer,
    async_test,
    block_texts,
    db_url,  # noqa: F401  (fixture)
    find_button,
    log_one,
    no_proxy,  # noqa: F401  (autouse fixture)
    reminder_message,
    slack_access,
    slack_bot,
    status,
)

URL_VERIFICATION = json.dumps(
    {"token": "legacy", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "type": "url_verification"}
)


# --- request verification --------------------------------------------------------------------------


@async_test
async def test_url_verification_is_answered_with_the_challenge(db_url: str) -> None:
    """Slack's endpoint check: the signed challenge comes back as JSON."""
    async with slack_bot(db_url) as s:
        status_code, body = await s.post(URL_VERIFICATION, "application/json")
        assert status_code == 200
        assert json.loads(body) == {"challenge": json.loads(URL_VERIFICATION)["challenge"]}


@async_test
async def test_a_wrong_signature_is_rejected_with_401_and_nothing_is_handled(db_url: str) -> None:
    """A bad HMAC (wrong secret, or a forged header) gets 401 from Bolt and reaches no listener."""
    async with slack_bot(db_url) as s:
        assert (await s.post(URL_VERIFICATION, "application/json", secret="not-the-secret"))[0] == 401
        status_code, _, name = await s.command("help", secret="not-the-secret")
        assert status_code == 401
        tampered = await s.post(
            s.event_body({"type": "app_mention", "user": STAFF, "channel": STAFF_CHANNEL, "text": "hi", "ts": "1.1"}),
            "application/json",
            headers={"X-Slack-Signature": "v0=" + "0" * 64},
        )
        assert tampered[0] == 401
        await s.channel.idle()
        assert [c.method for c in s.fake.calls] == ["auth.test"]  # the start's token check; nothing since


@async_test
async def test_a_stale_timestamp_is_rejected_even_when_correctly_signed(db_url: str) -> None:
    """A correct signature over a timestamp older than 5 minutes is a replay: 401; 1 minute old is fine."""
    async with slack_bot(db_url) as s:
        assert (await s.command("help", age=6 * 60))[0] == 401
        assert (await s.command("help", age=60))[0] == 200  # inside the 5-minute window
        await answer(s, "cmd2")
        assert [c.path for c in s.fake.of("response_url")] == ["cmd2"]


# --- slash command ---------------------------------------------------------------------------------


@async_test
async def test_a_signed_slash_command_is_acked_empty_and_answered_ephemerally(db_url: str) -> None:
    """/gdpr: an empty 200 at once, then the help as an ephemeral answer, commands written the Slack way."""
    async with slack_bot(db_url) as s:
        status_code, body, name = await s.command("")
        assert (status_code, body) == (200, "")
        call = await answer(s, name)
        assert call.params["response_type"] == "ephemeral"
        text = block_texts(call.params["blocks"])
        assert t("core.help.intro", "en") in text
        assert "/gdpr done ID" in text and "/gdpr log" in text  # the core's commands, as typed in Slack


@async_test
async def test_gdpr_ask_answers_with_the_section_cited(db_url: str) -> None:
    """/gdpr ask: the answer's source (policy and section) is in a context block."""
    async with slack_bot(db_url) as s:
        _, _, name = await s.command("ask How long do we keep invoices?")
        call = await answer(s, name)
        contexts = [b for b in call.params["blocks"] if b["type"] == "context"]
        assert contexts, call.params["blocks"]
        assert any("§" in e["text"] or "section" in e["text"].lower() for b in contexts for e in b["elements"])


@async_test
async def test_register_commands_map_to_the_core(db_url: str) -> None:
    """/gdpr done ID note is the core's /done: the request is closed."""
    async with slack_bot(db_url) as s:
        ref = log_one(s)
        _, _, name = await s.command(f"done {ref} answered by e-mail")
        call = await answer(s, name)
        assert t("register.reply.closed_done", "en", id=ref) in call.params["text"]
        assert status(s, ref) == "done"


@async_test
async def test_a_typo_in_a_subcommand_gets_a_short_suggestion(db_url: str) -> None:
    """/gdpr dnoe: a short message suggesting /gdpr done; nothing stored."""
    async with slack_bot(db_url) as s:
        _, _, name = await s.command("dnoe DSR-2026-0001")
        text = (await answer(s, name)).params["text"]
        assert "/gdpr done" in text and len(text) < 200
        assert counts(s.engine) == (0, 0)


# --- the log modal ---------------------------------------------------------------------------------


@async_test
async def test_gdpr_log_opens_the_modal_and_its_submission_creates_a_register_row(db_url: str) -> None:
    """/gdpr log → views.open → view_submission → one row with the form's values, logged from this channel."""
    async with slack_bot(db_url) as s:
        _, _, name = await s.command("log")
        opened = (await s.fake.wait("views.open"))[0]
        view = opened.params["view"]
        blocks = {b.get("block_id"): b for b in view["blocks"]}
        assert set(blocks) >= {"type", "organisation", "received", "via", "subject"}
        assert blocks["received"]["element"] == {"type": "datepicker", "action_id": "value", "initial_date": "2026-11-23"}
        assert blocks["organisation"]["element"]["initial_option"]["value"] == "imusic"  # the only org of this channel
        values = {
            "type": "erasure",
            "organisation": "imusic",
            "received": "2026-11-20",
            "via": "web_form",
            "subject": "order 7781",
        }
        status_code, body = await s.submit(opened, values)
        assert (status_code, body) == (200, "")  # closes the modal
        confirmation = await answer(s, name)
        assert counts(s.engine)[0] == 1
        ref = confirmation.params["text"].split()[0]
        request = get_request(s.engine, s.clock, ref).request
        assert (request.organisation, request.type, request.received_on, request.received_via) == (
            "imusic",
            "erasure",
            date(2026, 11, 20),
            "web_form",
        )
        assert (request.subject_ref, request.channel, request.chat_id) == ("order 7781", "slack", STAFF_CHANNEL)
        assert request.deadline == date(2026, 12, 21)  # 20 Dec is a Sunday


@async_test
async def test_a_bad_log_submission_shows_the_problem_in_the_modal_and_stores_nothing(db_url: str) -> None:
    """A received date in the future: the modal is updated with the error on top, its inputs kept; nothing stored."""
    async with slack_bot(db_url) as s:
        await s.command("log")
        opened = (await s.fake.wait("views.open"))[0]
        values = {"type": "access", "organisation": "imusic", "received": "2026-12-24", "via": "email", "subject": "order 1"}
        status_code, body = await s.submit(opened, values)
        assert status_code == 200
        answer_ = json.loads(body)
        assert answer_["response_action"] == "update"
        updated = answer_["view"]
        assert updated["callback_id"] == opened.params["view"]["callback_id"]
        assert [b["block_id"] for b in updated["blocks"] if b["type"] == "input"] == [
            "type",
            "organisation",
            "received",
            "via",
            "subject",
        ]
        assert ":warning:" in updated["blocks"][0]["text"]["text"]
        assert counts(s.engine) == (0, 0)


@async_test
async def test_a_duplicate_log_submission_offers_log_it_anyway_and_ticked_it_logs_once(db_url: str) -> None:
    """A duplicate: the modal comes back with the warning and a "Log it anyway" box, nothing stored; ticked, logged once."""
    async with slack_bot(db_url) as s:
        existing = log_one(s, "order 1234")
        _, _, name = await s.command("log")
        opened = (await s.fake.wait("views.open"))[0]
        assert FORCE not in {b.get("block_id") for b in opened.params["view"]["blocks"]}  # no box before a duplicate
        values = {"type": "erasure", "organisation": "imusic", "received": "2026-11-21", "via": "email", "subject": "Order 1234"}
        status_code, body = await s.submit(opened, values)
        assert status_code == 200
        answer_ = json.loads(body)
        assert answer_["response_action"] == "update"
        updated = answer_["view"]
        assert view_errors(updated) == [] and updated["callback_id"] == opened.params["view"]["callback_id"]
        warning = updated["blocks"][0]["text"]["text"]
        assert warning.startswith(":warning:") and existing in warning
        inputs = [b for b in updated["blocks"] if b["type"] == "input"]
        assert [b["block_id"] for b in inputs] == [FORCE, "type", "organisation", "received", "via", "subject"]
        box = inputs[0]
        assert box["optional"] is True and box["element"]["type"] == "checkboxes"
        assert [o["text"]["text"] for o in box["element"]["options"]] == ["Log it anyway"]
        assert counts(s.engine)[0] == 1

        status_code, body = await s.submit(updated, {**values, FORCE: []})  # the box left unticked
        assert status_code == 200 and json.loads(body)["view"]["blocks"][0] == updated["blocks"][0]
        assert counts(s.engine)[0] == 1

        status_code, body = await s.submit(updated, {**values, FORCE: [FORCE]})
        assert (status_code, body) == (200, "")  # closes the modal
        confirmation = (await answer(s, name)).params["text"]
        assert counts(s.engine)[0] == 2
        ref = confirmation.split()[0]
        assert ref != existing and t("register.reply.logged_duplicate", "en", ids=existing) in confirmation
        request = get_request(s.engine, s.clock, ref).request
        assert (request.type, request.subject_ref, request.received_on) == ("erasure", "Order 1234", date(2026, 11, 21))


@async_test
async def test_the_log_it_anyway_box_speaks_the_channels_language(db_url: str) -> None:
    """In the Swedish shop's channel the duplicate warning and the box are Swedish."""
    async with slack_bot(db_url) as s:
        existing = log_one(s, "kund 55", org="javi")
        await s.command("log", channel=SWEDISH_CHANNEL)
        opened = (await s.fake.wait("views.open"))[0]
        values = {"type": "erasure", "organisation": "javi", "received": "2026-11-20", "via": "email", "subject": "kund 55"}
        updated = json.loads((await s.submit(opened, values))[1])["view"]
        assert t("core.log.duplicate", "sv", ids=existing) in updated["blocks"][0]["text"]["text"]
        box = next(b for b in updated["blocks"] if b.get("block_id") == FORCE)
        assert box["label"]["text"] == "Möjlig dubblett"
        assert box["element"]["options"][0]["text"]["text"] == "Registrera ändå"
        assert counts(s.engine)[0] == 1


# --- reminders and their buttons ---------------------------------------------------------------------


@async_test
async def test_a_reminder_is_block_kit_with_done_and_extend_and_done_closes_the_request(db_url: str) -> None:
    """A reminder has Done and Extend… buttons; Done closes the request and replaces the message."""
    async with slack_bot(db_url) as s:
        ref = log_one(s)
        ts = await reminder_message(s, ref)
        blocks = s.fake.messages[(STAFF_CHANNEL, ts)]["blocks"]
        find_button(blocks, t("reminders.action.done", "en"))
        find_button(blocks, t("reminders.action.extend", "en"))
        assert (await s.press_in_message(STAFF_CHANNEL, ts, t("reminders.action.done", "en")))[0] == 200
        update = (await s.fake.wait("chat.update"))[0]
        assert update.params["ts"] == ts
        assert t("register.reply.closed_done", "en", id=ref) in update.params["text"]
        assert status(s, ref) == "done"
        assert s.fake.messages[(STAFF_CHANNEL, ts)]["text"] == update.params["text"]


@async_test
async def test_extend_opens_a_modal_for_the_reason_and_its_submission_extends(db_url: str) -> None:
    """Extend… asks the reason in a modal; its submission extends the request and replaces the reminder."""
    async with slack_bot(db_url) as s:
        ref = log_one(s)
        ts = await reminder_message(s, ref)
        await s.press_in_message(STAFF_CHANNEL, ts, t("reminders.action.extend", "en"))
        opened = (await s.fake.wait("views.open"))[0]
        assert ref in block_texts(opened.params["view"]["blocks"])
        assert status(s, ref) == "open"  # nothing happens before the reason is given
        status_code, body = await s.submit(opened, {"reason": "Ten years of orders\nacross three systems"})
        assert (status_code, body) == (200, "")
        update = (await s.fake.wait("chat.update"))[0]
        assert update.params["ts"] == ts and ref in update.params["text"]
        request = get_request(s.engine, s.clock, ref).request
        assert request.status == "extended"
        assert request.extension_reason == "Ten years of orders across three systems"
        assert request.current_deadline == request.extended_deadline


@async_test
async def test_gdpr_extend_without_a_reason_opens_the_reason_modal(db_url: str) -> None:
    """/gdpr extend ID alone opens the reason modal; the result follows on the response URL."""
    async with slack_bot(db_url) as s:
        ref = log_one(s)
        _, _, name = await s.command(f"extend {ref}")
        opened = (await s.fake.wait("views.open"))[0]
        await s.submit(opened, {"reason": "complex request"})
        confirmation = await answer(s, name)
        assert ref in confirmation.params["text"] and status(s, ref) == "extended"


# --- App Home ----------------------------------------------------------------------------------------


@async_test
async def test_app_home_lists_open_requests_by_deadline_with_buttons_that_work(db_url: str) -> None:
    """App Home: open requests by deadline; a request's button opens its details, whose Done closes it."""
    async with slack_bot(db_url, orgs={}) as s:  # no chats named: every organisation is served everywhere
        later = log_one(s, "order 2", received=date(2026, 11, 20))
        sooner = log_one(s, "order 1", received=date(2026, 11, 2))
        await s.event({"type": "app_home_opened", "user": STAFF, "channel": STAFF_DM, "tab": "home"})
        published = (await s.fake.wait("views.publish"))[0]
        assert published.params["user_id"] == STAFF
        home = published.params["view"]
        text = block_texts(home["blocks"])
        assert text.index(sooner) < text.index(later)
        await s.press_in_view(home, "VHOME", sooner)  # the request's button: its details in a modal
        details = (await s.fake.wait("views.open"))[0]
        assert sooner in block_texts(details.params["view"]["blocks"])
        view_id = next(iter(s.fake.views))
        await s.press_in_view(details.params["view"], view_id, t("core.button.done", "en"))
        updated = (await s.fake.wait("views.update"))[0]
        assert t("register.reply.closed_done", "en", id=sooner) in block_texts(updated.params["view"]["blocks"])
        assert status(s, sooner) == "done"
        republished = (await s.fake.wait("views.publish", count=3))[-1]  # after opening, the show, the done
        assert sooner not in block_texts(republished.params["view"]["blocks"])
        assert later in block_texts(republished.params["view"]["blocks"])


@async_test
async def test_extend_from_a_home_modal_pushes_the_reason_modal_and_shows_the_result_in_it(db_url: str) -> None:
    """Extend… inside a modal pushes the reason modal; the result replaces it and the home is republished."""
    async with slack_bot(db_url, orgs={}) as s:
        ref = log_one(s)
        await s.event({"type": "app_home_opened", "user": STAFF, "channel": STAFF_DM, "tab": "home"})
        home = (await s.fake.wait("views.publish"))[0].params["view"]
        await s.press_in_view(home, "VHOME", ref)
        details = (await s.fake.wait("views.open"))[0]
        await s.press_in_view(details.params["view"], next(iter(s.fake.views)), t("core.button.extend", "en"))
        pushed = (await s.fake.wait("views.push"))[0]
        status_code, body = await s.submit(pushed, {"reason": "needs the warehouse's records"})
        result = json.loads(body)
        assert status_code == 200 and result["response_action"] == "update"
        assert ref in block_texts(result["view"]["blocks"]) and status(s, ref) == "extended"
        await s.fake.wait("views.publish", count=3)  # opened, after the show, after the extension


@async_test
async def test_the_home_log_button_opens_the_modal_and_the_result_replaces_it(db_url: str) -> None:
    """The home's log button opens the log modal (every organisation served); the result replaces the modal."""
    async with slack_bot(db_url, orgs={}) as s:
        await s.event({"type": "app_home_opened", "user": STAFF, "channel": STAFF_DM, "tab": "home"})
        home = (await s.fake.wait("views.publish"))[0].params["view"]
        await s.press_in_view(home, "VHOME", t("slack.log.title", "en"))
        opened = (await s.fake.wait("views.open"))[0]
        orgs = [
            o["value"]
            for b in opened.params["view"]["blocks"]
            if b.get("block_id") == "organisation"
            for o in b["element"]["options"]
        ]
        assert len(orgs) > 1 and "imusic" in orgs
        values = {"type": "access", "organisation": "javi", "received": "2026-11-23", "via": "email", "subject": "kund 55"}
        status_code, body = await s.submit(opened, values)
        answer_ = json.loads(body)
        assert answer_["response_action"] == "update" and answer_["view"]["type"] == "modal"
        assert counts(s.engine)[0] == 1
        republished = (await s.fake.wait("views.publish", count=2))[-1]
        assert "DSR-2026-" in block_texts(republished.params["view"]["blocks"])


# --- questions: mentions and DMs -----------------------------------------------------------------------


@async_test
async def test_an_at_mention_is_answered_in_its_thread(db_url: str) -> None:
    """An @mention (by anyone in the workspace) is answered in the thread of the mention."""
    async with slack_bot(db_url) as s:
        text = f"<@{s.fake.bot_user_id}> how long do we keep invoices?"
        await s.event(
            {"type": "app_mention", "user": OUTSIDER, "channel": STAFF_CHANNEL, "text": text, "ts": "1795000000.000200"}
        )
        posted = (await s.fake.wait("chat.postMessage"))[0]
        assert posted.params["channel"] == STAFF_CHANNEL
        assert posted.params["thread_ts"] == "1795000000.000200"
        assert "invoice" in posted.params["text"].lower() or "faktura" in posted.params["text"].lower()


@async_test
async def test_a_direct_message_is_a_question_and_other_message_events_are_ignored(db_url: str) -> None:
    """A DM is answered; edits, channel chatter and bot messages are not."""
    async with slack_bot(db_url) as s:
        await s.event({"type": "message", "subtype": "message_changed", "channel": STAFF_DM, "channel_type": "im", "ts": "1.1"})
        await s.event(
            {"type": "message", "user": STAFF, "channel": STAFF_CHANNEL, "channel_type": "channel", "text": "lunch?", "ts": "1.2"}
        )
        await s.event(
            {"type": "message", "bot_id": "BOTHER", "channel": STAFF_DM, "channel_type": "im", "text": "beep", "ts": "1.3"}
        )
        await s.event(
            {
                "type": "message",
                "user": STAFF,
                "channel": STAFF_DM,
                "channel_type": "im",
                "text": "Who processes card payments for iMusic?",
                "ts": "1.4",
            }
        )
        posted = (await s.fake.wait("chat.postMessage"))[0]
        await s.channel.idle()
        assert len(s.fake.of("chat.postMessage")) == 1
        assert posted.params["channel"] == STAFF_DM and posted.params.get("thread_ts") is None


@async_test
async def test_a_retried_event_is_handled_once(db_url: str) -> None:
    """Slack's retries of one event_id are acked and dropped; a new event id is handled."""
    async with slack_bot(db_url) as s:
        event = {
            "type": "message",
            "user": STAFF,
            "channel": STAFF_DM,
            "channel_type": "im",
            "text": "How long do we keep IP addresses?",
            "ts": "1.5",
        }
        assert (await s.event(event, event_id="Ev0RETRY"))[0] == 200
        assert (await s.event(event, event_id="Ev0RETRY", retry=1))[0] == 200
        assert (await s.event(event, event_id="Ev0RETRY", retry=2))[0] == 200
        await s.fake.wait("chat.postMessage")
        await s.channel.idle()
        assert len(s.fake.of("chat.postMessage")) == 1
        assert (await s.event(event, event_id="Ev0OTHER"))[0] == 200  # a new event id is a new message
        await s.fake.wait("chat.postMessage", count=2)


@async_test
async def test_a_ten_thousand_character_message_gets_a_short_answer(db_url: str) -> None:
    """An over-long DM gets a short error, not an answer attempt or a traceback."""
    async with slack_bot(db_url) as s:
        await s.event(
            {"type": "message", "user": STAFF, "channel": STAFF_DM, "channel_type": "im", "text": "a" * 10_000, "ts": "1.6"}
        )
        posted = (await s.fake.wait("chat.postMessage"))[0]
        assert len(posted.params["text"]) < 200 and ":warning:" in posted.params["blocks"][0]["text"]["text"]


# --- access ----------------------------------------------------------------------------------------------


@async_test
async def test_a_user_not_on_the_staff_list_is_refused_everything_of_the_register(db_url: str) -> None:
    """A workspace member not on the staff list: refused for every command, button and the home; no modal, nothing leaked."""
    async with slack_bot(db_url) as s:
        ref = log_one(s, "secret customer")
        refused = t("core.refused", "en")
        for text in ("open", f"show {ref}", f"done {ref}", "log", f"extend {ref}", "log erasure today order 9"):
            _, _, name = await s.command(text, user=OUTSIDER)
            call = await answer(s, name)
            assert call.params["text"] == refused, text
        ts = await reminder_message(s, ref)
        await s.press_in_message(STAFF_CHANNEL, ts, t("reminders.action.done", "en"), user=OUTSIDER)
        update = (await s.fake.wait("chat.update"))[0]
        assert update.params["text"] == refused
        await s.event({"type": "app_home_opened", "user": OUTSIDER, "channel": "D0MALLORY", "tab": "home"})
        home = (await s.fake.wait("views.publish"))[0].params["view"]
        assert refused in block_texts(home["blocks"]) and "secret" not in json.dumps(home)
        assert not [b for b in home["blocks"] if b["type"] == "actions"]  # no log button either
        await s.channel.idle()
        assert s.fake.of("views.open") == []
        assert status(s, ref) == "open" and counts(s.engine)[0] == 1
        assert all("secret customer" not in json.dumps(c.params) for c in s.fake.calls)


@async_test
async def test_questions_can_be_closed_to_the_workspace(db_url: str) -> None:
    """With questions closed, only staff get answers."""
    async with slack_bot(db_url, access=slack_access(open_questions=False)) as s:
        _, _, name = await s.command("ask how long do we keep invoices?", user=OUTSIDER)
        assert (await answer(s, name)).params["text"] == t("core.ask_refused", "en")
        _, _, name = await s.command("ask how long do we keep invoices?")
        assert (await answer(s, name)).params["text"] != t("core.ask_refused", "en")


# --- escaping and language -------------------------------------------------------------------------------


@async_test
async def test_a_subject_with_mrkdwn_control_characters_is_escaped(db_url: str) -> None:
    """A subject with <!channel>, a link and a mention is shown escaped, never as mrkdwn."""
    async with slack_bot(db_url) as s:
        ref = log_one(s, "<!channel> & <https://evil.example|click> <@U0BOSS>")
        _, _, name = await s.command(f"show {ref}")
        call = await answer(s, name)
        sent = call.params["text"] + json.dumps([b["text"]["text"] for b in call.params["blocks"] if "text" in b])
        assert "&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt; &lt;@U0BOSS&gt;" in call.params["text"]
        assert "<!channel>" not in sent and "<https://" not in sent and "<@U0BOSS>" not in sent


@async_test
async def test_a_swedish_channel_gets_swedish_modals_and_answers(db_url: str) -> None:
    """A channel serving the Swedish shop gets Swedish modals and replies."""
    async with slack_bot(db_url) as s:
        _, _, name = await s.command("log", channel=SWEDISH_CHANNEL)
        view = (await s.fake.wait("views.open"))[0].params["view"]
        assert view["title"]["text"] == t("slack.log.title", "sv")
        _, _, name = await s.command("open", channel=SWEDISH_CHANNEL)
        assert (await answer(s, name)).params["text"] == t("core.open.empty", "sv")


# --- faults ----------------------------------------------------------------------------------------------


@async_test
async def test_a_failing_web_api_call_is_logged_and_the_channel_keeps_working(db_url: str, caplog: Any) -> None:
    """chat.postMessage failing: logged without the message text, and the next message is answered."""
    async with slack_bot(db_url) as s:
        s.fake.fail("chat.postMessage", "channel_not_found")
        event = {
            "type": "message",
            "user": STAFF,
            "channel": STAFF_DM,
            "channel_type": "im",
            "text": "order 1234 of mr Secret",
            "ts": "1.7",
        }
        await s.event(event)
        await s.fake.wait("chat.postMessage")
        await s.channel.idle()
        await s.event({**event, "text": "How long do we keep invoices?", "ts": "1.8"})
        await s.fake.wait("chat.postMessage", count=2)

    failures = [r for r in caplog.records if r.name == "gdpr_bot.slack" and r.levelname == "ERROR"]
    assert failures and all("Secret" not in r.getMessage() for r in caplog.records)
