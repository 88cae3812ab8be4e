"""The chat core on a real register (SQLite, and PostgreSQL when configured): commands, the /log flow,
buttons, access, language choice and bad input."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

import pytest

from deadlines.register import get_request
from handlers.core import Core, LogForm, decode_action, encode_action, normalise_language
from tests.core_fixtures import (  # noqa: F401  (fixtures)
    GROUP_CHAT,
    STAFF_ID,
    SWEDISH_CHAT,
    Chat,
    button,
    core,
    kb_core,
    labels,
    outsider,
    staff,
    stored,
)

TODAY = date(2026, 11, 22)  # REGISTER_NOW in Copenhagen


def _log_by_buttons(chat: Chat, *, org: str | None = "imusic", subject: str = "order 1234") -> Any:
    """Run the whole guided /log by button presses; the final reply."""
    reply = chat.reply("/log")
    reply = chat.press_label(reply, "erasure")
    if org is not None:
        reply = chat.press_label(reply, org)
    reply = chat.press_label(reply, "Yesterday")
    reply = chat.press_label(reply, "letter")
    assert "subject reference" in reply.intro
    reply = chat.reply(subject)
    assert subject in reply.plain() and "Log this request?" in reply.intro
    return chat.press_label(reply, "Log it")


# --- the guided /log -----------------------------------------------------------------------------


def test_log_flow_by_buttons_stores_the_request(core: Core, staff: Chat) -> None:
    """The guided /log by buttons stores one row with the chat, actor and deadline, and ends the flow."""
    reply = _log_by_buttons(staff)
    assert not reply.error and "DSR-2026-0001 logged" in reply.intro
    view = get_request(core.engine, core.clock, "DSR-2026-0001").request
    assert (view.organisation, view.type, view.received_via, view.subject_ref) == ("imusic", "erasure", "letter", "order 1234")
    assert view.received_on == TODAY - timedelta(days=1)
    assert view.channel == "telegram" and view.chat_id == "5001" and view.logged_by == f"telegram:Anna ({STAFF_ID})"
    assert view.deadline.isoformat() in reply.intro
    assert core.conversations.get(("telegram", "5001", STAFF_ID), core.clock()) is None  # the flow is over


def test_log_flow_skips_the_organisation_when_the_chat_serves_one(core: Core) -> None:
    """A chat serving one organisation is not asked which one."""
    chat = Chat(core, chat_id=GROUP_CHAT, private=False)
    reply = chat.press_label(chat.reply("/log"), "erasure")
    assert "received" in reply.intro  # straight to the date
    assert "imusic" not in labels(reply)


def test_log_flow_typed_date_bad_then_good(core: Core, staff: Chat) -> None:
    """A typed date that does not exist or lies ahead is asked again; a good one moves on."""
    reply = staff.press_label(staff.press_label(staff.reply("/log"), "access"), "javi")
    reply = staff.press_label(reply, "Other date…")
    bad = staff.reply("2026-02-30")
    assert bad.error and "2026-02-30 is not a date" in bad.intro and "Type the date" in bad.intro
    future = staff.reply("2026-12-01")
    assert future.error and "future" in future.intro
    reply = staff.reply("20.11.2026")
    assert "How did it arrive?" in reply.intro
    reply = staff.press_label(reply, "web")
    staff.reply("kunde@example.com")
    done = staff.press_label(staff.seen[-1], "Log it")
    view = get_request(core.engine, core.clock, done.intro.split()[0]).request
    assert (view.received_on, view.received_via, view.organisation) == (date(2026, 11, 20), "web_form", "javi")


def test_log_flow_accepts_typed_words_in_a_private_chat(core: Core, staff: Chat) -> None:
    """In a private chat every step also takes a typed word (da/sv/en)."""
    staff.reply("/log")
    assert "Which organisation?" in staff.reply("sletning").intro
    assert "received" in staff.reply("IMUSIC").intro
    assert "How did it arrive?" in staff.reply("i går").intro
    assert "subject reference" in staff.reply("telefon").intro
    confirm = staff.reply("order 77")
    assert "erasure" in confirm.plain() and "2026-11-21" in confirm.plain() and "phone" in confirm.plain()
    wrong = Chat(core).reply("/log")  # a fresh flow: a question at a button step is not an answer
    assert "What type?" in wrong.intro


def test_log_flow_html_in_the_subject_stays_literal(core: Core, staff: Chat) -> None:
    """HTML in a subject reference is stored and shown as typed (adapters escape it)."""
    reply = _log_by_buttons(staff, subject="<b>x</b> & <script>")
    assert not reply.error
    view = get_request(core.engine, core.clock, "DSR-2026-0001").request
    assert view.subject_ref == "<b>x</b> & <script>"
    shown = staff.reply("/show DSR-2026-0001")
    assert "Reference: <b>x</b> & <script>" in shown.plain()


def test_log_flow_expires_after_30_minutes(core: Core, staff: Chat) -> None:
    """A flow lives 30 minutes after its last step, then a button press says it expired."""
    reply = staff.press_label(staff.reply("/log"), "erasure")
    core.clock.advance(timedelta(minutes=29))
    reply = staff.press_label(reply, "imusic")  # still alive, and the step refreshes the time
    core.clock.advance(timedelta(minutes=31))
    expired = staff.press_label(reply, "Today")
    assert expired.error and "expires after 30 minutes" in expired.intro
    assert stored(core) == 0


def test_the_expiry_message_names_the_configured_time(register_db: Any, register_clock: Any) -> None:
    """The flow's lifetime is configurable; the message says the real one."""
    from handlers.logflow import Conversations
    from knowledge.answer import default_answerer

    core = Core(default_answerer(), register_db.engine, register_clock, conversations=Conversations(timedelta(minutes=5)))
    chat = Chat(core, channel="console", chat_id="console", user_id="anna", language="da")
    reply = chat.press_label(chat.reply("/log"), "sletning")
    core.clock.advance(timedelta(minutes=6))
    assert "udløber efter 5 minutter" in chat.press_label(reply, "imusic").intro


def test_cancel_ends_the_flow_and_nothing_is_stored(core: Core, staff: Chat) -> None:
    """/cancel and the Cancel button end the flow; nothing is stored."""
    reply = staff.press_label(staff.reply("/log"), "erasure")
    assert staff.reply("/cancel").intro == "Cancelled. Nothing was stored."
    assert staff.press_label(reply, "imusic").error
    assert staff.reply("/cancel").intro == "There is nothing to cancel."
    reply = staff.press_label(staff.reply("/log"), "erasure")
    assert staff.press_label(reply, "Cancel").intro == "Cancelled. Nothing was stored."
    assert stored(core) == 0


def test_flows_are_per_user_and_chat(core: Core) -> None:
    """Two staff in one group each have their own flow; Bob cannot confirm Anna's."""
    anna = Chat(core, chat_id=GROUP_CHAT, private=False)
    bob = Chat(core, chat_id=GROUP_CHAT, user_id="222", private=False)
    core.access.staff["telegram"] = frozenset({STAFF_ID, "222"})  # type: ignore[index]
    reply = anna.press_label(anna.press_label(anna.reply("/log"), "erasure"), "Today")
    reply = anna.press_label(reply, "e-mail")
    assert bob.say("lunch anyone?") is None  # group chatter from someone else is not Anna's subject
    assert bob.press("log", "ok").error  # Bob has no flow of his own
    confirm = anna.reply("order 5")
    assert "Reference: order 5" in confirm.plain()
    assert not anna.press_label(confirm, "Log it").error


def test_group_chat_text_goes_to_a_flow_only_when_it_waits_for_text(core: Core) -> None:
    """In a group, chatter at a button step is ignored; at a typed step it is the answer."""
    chat = Chat(core, chat_id=GROUP_CHAT, private=False)
    chat.reply("/log")
    assert chat.say("erasure") is None  # a button step: group chatter is not taken as an answer
    chat.press("log", "t=erasure")
    chat.press("log", "r=d")
    assert "How did it arrive?" in chat.reply("2026-11-20").intro


def test_duplicate_offers_log_anyway(core: Core, staff: Chat) -> None:
    """An open request for the same subject and type blocks logging until 'Log anyway'."""
    assert not staff.reply("/log erasure 2026-11-20 imusic order 1234").error
    reply = staff.reply("/log erasure 2026-11-21 imusic Order  1234")
    assert "already exists: DSR-2026-0001" in reply.intro and labels(reply) == ["Log anyway", "Cancel"]
    assert stored(core) == 1
    forced = staff.press_label(reply, "Log anyway")
    assert "DSR-2026-0002 logged" in forced.intro and "despite an open request" in forced.intro
    assert stored(core) == 2


def test_every_flow_payload_fits_telegram(core: Core, staff: Chat) -> None:
    """Every button the /log flow offers fits Telegram's 64-byte callback_data."""
    from deadlines.models import RECEIVED_VIA, REQUEST_TYPES

    _log_by_buttons(staff)
    payloads = {encode_action(a.command, a.argument) for reply in staff.seen for a in reply.actions}
    expected = {f"log:t={k}" for k in REQUEST_TYPES} | {f"log:v={k}" for k in RECEIVED_VIA} | {"log:r=0", "log:x", "log:ok"}
    assert expected <= payloads, expected - payloads
    assert max(len(p.encode()) for p in payloads) <= 64


def test_long_org_slug_uses_an_index_argument(register_db: Any, register_clock: Any) -> None:
    """An organisation slug too long for callback_data is chosen by index."""
    import dataclasses

    from handlers.core import OrgSettings
    from knowledge.answer import Answerer
    from knowledge.loader import default_knowledge_base
    from knowledge.model import KnowledgeBase

    base = default_knowledge_base()
    long_slug = "a-very-long-organisation-slug-that-does-not-fit-in-callback-data"
    org = dataclasses.replace(base.get("imusic"), slug=long_slug)
    answerer = Answerer(KnowledgeBase({**base.organisations, long_slug: org}))
    orgs = {s: OrgSettings(s, "DK", "Europe/Copenhagen", "da") for s in ("imusic", long_slug)}
    chat = Chat(Core(answerer, register_db.engine, register_clock, orgs=orgs), channel="console", chat_id="console")
    reply = chat.press_label(chat.reply("/log"), "erasure")
    assert button(reply, long_slug).argument.startswith("o#")
    reply = chat.press_label(reply, long_slug)
    reply = chat.press_label(chat.press_label(reply, "Today"), "e-mail")
    done = chat.press_label(chat.reply("x1"), "Log it")
    assert f"for {long_slug}" in done.intro


# --- the one-line /log ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind", "received", "via"),
    [
        ("/log erasure 2026-11-20 imusic order 1234", "erasure", date(2026, 11, 20), "email"),
        ("/log sletning i går via telefon imusic ordre 1234", "erasure", date(2026, 11, 21), "phone"),
        ("/log radering igår javi via brev order 1234", "erasure", date(2026, 11, 21), "letter"),
        ("/LOG indsigt idag web imusic 4711", "access", TODAY, "web_form"),
        ("/log tillgång 20.11.2026 javi 4711", "access", date(2026, 11, 20), "email"),
        ("/log@GdprBot objection today via e-mail imusic anna@example.com", "objection", TODAY, "email"),
        ("/log consent withdrawal today imusic 4711", "consent_withdrawal", TODAY, "email"),
        ("/log tilbagetrækning af samtykke i dag imusic 4711", "consent_withdrawal", TODAY, "email"),
        ("/log återkallelse av samtycke idag javi 4711", "consent_withdrawal", TODAY, "email"),
    ],
)
def test_one_line_log(core: Core, staff: Chat, line: str, kind: str, received: date, via: str) -> None:
    """The one-line /log in Danish, Swedish and English, with and without via and organisation."""
    reply = staff.reply(line)
    assert not reply.error, reply.intro
    view = get_request(core.engine, core.clock, "DSR-2026-0001").request
    assert (view.type, view.received_on, view.received_via) == (kind, received, via)
    assert view.subject_ref in line


def test_one_line_log_asks_the_organisation_when_the_chat_serves_several(core: Core, staff: Chat) -> None:
    """A one-line /log without an organisation asks for it in a chat serving several."""
    reply = staff.reply("/log erasure 2026-11-20 order 1234")
    assert "Which organisation?" in reply.intro and stored(core) == 0
    confirm = staff.press_label(reply, "javi")
    assert "Reference: order 1234" in confirm.plain()
    assert "DSR-2026-0001 logged" in staff.press_label(confirm, "Log it").intro


def test_one_line_log_in_a_single_org_chat_logs_at_once(core: Core) -> None:
    """In a chat serving one organisation the one-line /log logs at once, in its language."""
    chat = Chat(core, chat_id=GROUP_CHAT, private=False, language=None)
    reply = chat.reply("/log sletning i dag ordre 1234")
    assert "DSR-2026-0001 er logget" in reply.intro  # Danish: the chat's organisation's language
    assert get_request(core.engine, core.clock, "DSR-2026-0001").request.organisation == "imusic"


@pytest.mark.parametrize(
    ("line", "language", "expected"),
    [
        ("/log erasure 2026-02-30 imusic x", "en", "2026-02-30 is not a date"),
        ("/log sletning 2026-02-30 imusic x", "da", "2026-02-30 er ikke en dato"),
        ("/log radering 2026-02-30 javi x", "sv", "2026-02-30 är inte ett datum"),
        ("/log erasure order 1234", "en", "The date comes after the type"),
        ("/log flurb today x", "en", "Unknown request type: flurb"),
        ("/log erasure today", "en", "subject reference is missing"),
        ("/log erasure 2027-01-05 imusic x", "en", "in the future"),
        ("/log erasure 2017-01-05 imusic x", "en", "before the GDPR applied"),
        ("/log erasure today via pigeon imusic x", "en", "Unknown way of receipt: pigeon"),
        ("/log erasure today imusic " + "x" * 201, "en", "at most 200 characters"),
    ],
)
def test_one_line_log_bad_input(core: Core, line: str, language: str, expected: str) -> None:
    """Bad one-line input gets a short message in the user's language and stores nothing."""
    reply = Chat(core, language=language).reply(line)
    assert reply.error and expected in reply.intro
    assert stored(core) == 0


def test_one_line_log_org_of_another_chat_is_refused(core: Core) -> None:
    """Naming an organisation the chat does not serve is refused."""
    chat = Chat(core, chat_id=GROUP_CHAT, private=False)
    reply = chat.reply("/log erasure today javi order 1")
    assert reply.error and "javi" in reply.intro and "not served in this chat" in reply.intro
    assert stored(core) == 0


# --- open, show and changes ----------------------------------------------------------------------


def test_open_lists_by_deadline_with_days_left_and_marks(core: Core, staff: Chat) -> None:
    """/open sorts by deadline with days left, urgency marks and Show buttons, no subjects."""
    staff.reply("/log erasure 2026-11-20 imusic a1")  # deadline 2026-12-21
    staff.reply("/log access 2026-10-27 imusic a2")  # deadline 2026-11-27: 5 days left
    staff.reply("/log access 2026-10-20 javi a3")  # deadline 2026-11-20 (a Friday): overdue
    staff.reply("/log objection 2026-10-24 finderskeepers a4")  # deadline 2026-11-24: 2 days left
    reply = staff.reply("/open")
    lines = reply.sections[0].lines
    assert [line.split()[1] for line in lines] == ["DSR-2026-0003", "DSR-2026-0004", "DSR-2026-0002", "DSR-2026-0001"]
    assert lines[0].startswith("🔴") and "2 days overdue" in lines[0]
    assert lines[1].startswith("🟠") and "2 days left" in lines[1]
    assert lines[2].startswith("🟡") and "5 days left" in lines[2]
    assert lines[3].startswith("🟢")
    assert [(a.command, a.argument) for a in reply.actions] == [("show", line.split()[1]) for line in lines]
    assert "a1" not in reply.plain()  # no subject references in lists


def test_open_shows_only_the_chats_organisations(core: Core, staff: Chat) -> None:
    """A chat sees and changes only its own organisations' requests."""
    staff.reply("/log erasure 2026-11-20 imusic a1")
    staff.reply("/log erasure 2026-11-20 javi a2")
    danish = Chat(core, chat_id=GROUP_CHAT, private=False, language=None)
    reply = danish.reply("/open")
    assert "DSR-2026-0001" in reply.plain() and "DSR-2026-0002" not in reply.plain()
    assert reply.intro.startswith("Åbne anmodninger")
    assert danish.reply("/show DSR-2026-0002").intro == "Ingen anmodning med id DSR-2026-0002."
    assert danish.reply("/done DSR-2026-0002").error
    assert get_request(core.engine, core.clock, "DSR-2026-0002").request.status == "open"
    assert core.open_list(danish.msg()).sections[0].lines == reply.sections[0].lines


def test_open_empty(core: Core, staff: Chat) -> None:
    """/open with nothing open says so."""
    assert staff.reply("/open").intro == "No open requests."


def test_show_with_history(core: Core, staff: Chat) -> None:
    """/show gives the facts, the subject, the history and the buttons that apply."""
    staff.reply("/log erasure 2026-11-20 imusic order 9")
    staff.reply("/pause dsr-2026-0001 identity asked for ID")
    core.clock.advance(timedelta(days=2))
    staff.reply("/resume DSR-2026-0001")
    reply = staff.reply("/show DSR-2026-0001")
    text = reply.plain()
    assert "DSR-2026-0001: erasure (Art. 17)" in text and "Reference: order 9" in text
    history = reply.sections[1].lines
    assert [line.split(": ", 1)[1].split(" (")[0] for line in history] == ["logged", "paused", "resumed"]
    assert "awaiting identity: asked for ID" in history[1]
    assert "Paused days: 2" in text
    assert labels(reply) == ["Done", "Extend…"]


@pytest.mark.parametrize(
    ("word", "status"), [("identitet", "awaiting_identity"), ("förtydligande", "awaiting_clarification"),
                         ("Clarification", "awaiting_clarification"), ("præcisering", "awaiting_clarification")]
)  # fmt: skip
def test_pause_reason_words(core: Core, staff: Chat, word: str, status: str) -> None:
    """/pause takes the reason in Danish, Swedish and English."""
    staff.reply("/log erasure 2026-11-20 imusic x")
    reply = staff.reply(f"/pause DSR-2026-0001 {word}")
    assert not reply.error
    assert get_request(core.engine, core.clock, "DSR-2026-0001").request.status == status
    assert labels(reply) == ["Done", "Resume"]


def test_changes_and_their_errors(core: Core, staff: Chat) -> None:
    """Extend, refuse, done and withdraw, and the register's refusals of impossible changes."""
    staff.reply("/log erasure 2026-11-20 imusic x")
    assert "extended to" in staff.reply("/extend DSR-2026-0001 many systems to search").intro
    again = staff.reply("/extend DSR-2026-0001 more")
    assert again.error and "already extended" in again.intro
    assert staff.reply("/refuse DSR-2026-0001").intro == "Usage: /refuse ID REASON"
    refused = staff.reply("/refuse DSR-2026-0001 identity not proven")
    assert "closed as refused" in refused.intro and "Datatilsynet" in refused.intro
    closed = staff.reply("/done DSR-2026-0001")
    assert closed.error and "already closed" in closed.intro
    staff.reply("/log access 2026-11-20 imusic y")
    assert "withdrawn by the data subject" in staff.reply("/withdraw DSR-2026-0002 changed mind").intro
    view = get_request(core.engine, core.clock, "DSR-2026-0002").request
    assert (view.status, view.outcome_note) == ("withdrawn", "changed mind")


def test_register_errors_in_the_users_language(core: Core) -> None:
    """Register refusals come in the user's language."""
    chat = Chat(core, language="da")
    chat.reply("/log sletning 2026-11-20 imusic x")
    chat.reply("/extend DSR-2026-0001 mange systemer")
    assert chat.reply("/extend DSR-2026-0001 igen").intro.startswith("DSR-2026-0001 er allerede forlænget")
    assert Chat(core, language="sv").reply("/resume DSR-2026-0001").intro == "DSR-2026-0001 är inte pausad (förlängd)."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/show", "Usage: /show ID"),
        ("/show DSR-2026-9999", "No request with id DSR-2026-9999."),
        ("/show banana", "No request with id BANANA."),
        ("/pause DSR-2026-0001", "Usage: /pause ID identity|clarification [NOTE]"),
        ("/pause DSR-2026-0001 holiday", "Usage: /pause ID identity|clarification [NOTE]"),
        ("/extend DSR-2026-0001", "Usage: /extend ID REASON"),
        ("/done", "Usage: /done ID [NOTE]"),
        ("/ask", "Usage: /ask QUESTION"),
    ],
)
def test_usage_and_unknown_ids(core: Core, staff: Chat, text: str, expected: str) -> None:
    """A missing argument shows the usage; an unknown id says so."""
    reply = staff.reply(text)
    assert reply.error and reply.intro == expected


# --- buttons --------------------------------------------------------------------------------------


def test_done_and_show_buttons(core: Core, staff: Chat) -> None:
    """The Show and Done buttons act on the register; Done twice is refused."""
    logged = staff.reply("/log erasure 2026-11-20 imusic x")
    shown = staff.press_action(logged.actions[0])
    assert shown.sections[0].heading.startswith("DSR-2026-0001")
    closed = staff.press_label(shown, "Done")
    assert closed.intro == "DSR-2026-0001 closed as done." and closed.actions == ()
    assert get_request(core.engine, core.clock, "DSR-2026-0001").request.status == "done"
    assert staff.press_label(shown, "Done").error  # pressed twice: already closed


def test_extend_button_takes_the_next_message_as_the_reason(core: Core) -> None:
    """After Extend, the presser's next message is the reason; others' chatter is not."""
    chat = Chat(core, chat_id=GROUP_CHAT, private=False)
    chat.reply("/log erasure 2026-11-20 x")
    prompt = chat.press("extend", "dsr-2026-0001")
    assert "Why is DSR-2026-0001 extended?" in prompt.intro
    other = Chat(core, chat_id=GROUP_CHAT, user_id="333", private=False)
    assert other.say("good morning") is None  # someone else's chatter is not the reason
    reply = chat.reply("the subject sent 40 orders to check")
    assert "extended to" in reply.intro
    view = get_request(core.engine, core.clock, "DSR-2026-0001").request
    assert view.extension_reason == "the subject sent 40 orders to check"
    assert chat.say("thanks") is None  # the prompt is over


def test_extend_button_bad_reason_keeps_asking_and_cancel_aborts(core: Core, staff: Chat) -> None:
    """A refused reason keeps the prompt open; /cancel ends it without a change."""
    staff.reply("/log erasure 2026-11-20 imusic x")
    staff.press("extend", "DSR-2026-0001")
    bad = staff.reply("x" * 2001)
    assert bad.error and "at most 2000 characters" in bad.intro
    assert staff.reply("/cancel").intro.startswith("Cancelled")
    assert get_request(core.engine, core.clock, "DSR-2026-0001").request.extended_at is None


def test_extend_button_for_an_unknown_request(staff: Chat) -> None:
    """Extend on an unknown id says so and leaves no prompt waiting."""
    reply = staff.press("extend", "DSR-2026-0042")
    assert reply.error and reply.intro == "No request with id DSR-2026-0042."
    assert staff.say("some text") is not None  # no reason prompt was left open: a question is answered


def test_reminder_buttons_act_on_the_register(core: Core, staff: Chat) -> None:
    """The Done and Extend buttons of rendered reminders act on the register."""
    from deadlines.reminders import Destination, Reminder
    from handlers.reminders import render_reminder

    staff.reply("/log erasure 2026-11-20 imusic x")
    staff.reply("/log access 2026-11-20 imusic y")
    views = [get_request(core.engine, core.clock, f"DSR-2026-000{n}").request for n in (1, 2)]
    reminders = [render_reminder(Reminder(v, "before-7", v.deadline, Destination("telegram", "5001"), days_left=7)) for v in views]
    staff.press_action(button(reminders[0], "Done"))
    extend = [a for a in reminders[1].actions if a.command == "extend"][0]
    staff.press_action(extend)
    staff.reply("complex")
    assert get_request(core.engine, core.clock, "DSR-2026-0001").request.status == "done"
    assert get_request(core.engine, core.clock, "DSR-2026-0002").request.status == "extended"


def test_unknown_button(staff: Chat) -> None:
    """A button command Core does not know gets a short message."""
    assert staff.press("frobnicate", "1").intro == "Unknown command: frobnicate. /help lists the commands."


def test_encode_decode_action() -> None:
    """Button payloads round-trip through encode_action / decode_action."""
    assert decode_action(encode_action("log", "t=erasure")) == ("log", "t=erasure")
    assert decode_action("show") == ("show", "")


# --- access ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["/log", "/log erasure today imusic x", "/open", "/show DSR-2026-0001",
                                  "/done DSR-2026-0001", "/pause DSR-2026-0001 identity", "/withdraw DSR-2026-0001"])  # fmt: skip
def test_outsiders_are_refused_and_see_nothing(core: Core, staff: Chat, outsider: Chat, text: str) -> None:
    """Someone not on the staff list gets one polite sentence and changes nothing."""
    staff.reply("/log erasure 2026-11-20 imusic secret-subject")
    reply = outsider.reply(text)
    assert reply.error and reply.intro == "Sorry, only the customer-service team can use that."
    assert reply.actions == () and not reply.sections
    assert stored(core) == 1
    assert get_request(core.engine, core.clock, "DSR-2026-0001").request.status == "open"


def test_outsiders_buttons_and_forms_are_refused(core: Core, staff: Chat, outsider: Chat) -> None:
    """Outsiders' button presses, forms and App Home lists are refused too."""
    staff.reply("/log erasure 2026-11-20 imusic x")
    for command, argument in (("done", "DSR-2026-0001"), ("extend", "DSR-2026-0001"), ("show", "DSR-2026-0001"), ("log", "ok")):
        assert outsider.press(command, argument).intro == "Sorry, only the customer-service team can use that."
    form = LogForm("imusic", "erasure", "2026-11-20", "email", "y")
    for reply in (core.submit_log(outsider.msg(), form), core.open_list(outsider.msg())):
        assert reply.intro == "Sorry, only the customer-service team can use that." and not reply.sections
    assert stored(core) == 1


def test_help_lists_register_commands_only_for_staff(staff: Chat, outsider: Chat) -> None:
    """/help and /start show register commands to staff only."""
    assert "/log" in staff.reply("/help").plain()
    assert "/open" in staff.reply("/start").plain()
    public = outsider.reply("/help").plain()
    assert "/ask" in public and "/log" not in public and "/open" not in public


def test_outsider_questions_depend_on_configuration(core: Core, outsider: Chat) -> None:
    """Outsiders may ask only where questions are configured open (Slack by default)."""
    assert outsider.reply("how long do we keep invoices?").intro == "Sorry, I only answer questions from the team here."
    slack = Chat(core, channel="slack", user_id="U999", chat_id="D1")
    assert not slack.reply("how long does imusic keep invoices?").error  # questions are open on Slack


def test_restricted_chat_refuses_staff_elsewhere(register_db: Any, register_clock: Any) -> None:
    """With allowed chats configured, staff are refused in any other group chat, but not in their own DM."""
    from handlers.access import Access
    from knowledge.answer import default_answerer

    access = Access(staff={"telegram": frozenset({STAFF_ID})}, chats={"telegram": frozenset({GROUP_CHAT})})
    core = Core(default_answerer(), register_db.engine, register_clock, access)
    assert Chat(core, chat_id="elsewhere", private=False).reply("/open").error
    assert not Chat(core, chat_id=GROUP_CHAT, private=False).reply("/open").error
    assert not Chat(core, chat_id="dm-with-the-bot", private=True).reply("/open").error
    assert Chat(core, chat_id="dm-with-the-bot", user_id="someone-else", private=True).reply("/open").error


# --- language --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hint", "expected"), [("da", "da"), ("sv-SE", "sv"), ("en-GB", "en"), ("EN_us", "en"), ("nb", None), ("", None), (None, None)]
)
def test_normalise_language(hint: str | None, expected: str | None) -> None:
    """Client language codes map to da/sv/en or None."""
    assert normalise_language(hint) == expected


def test_language_choice(core: Core) -> None:
    """The client's hint wins, then the chat's organisation's language, then the question's own."""
    assert core.language(Chat(core, language="sv-SE").msg("/open")) == "sv"
    assert core.language(Chat(core, chat_id=GROUP_CHAT, language=None).msg("/open")) == "da"  # imusic's default
    assert core.language(Chat(core, chat_id=SWEDISH_CHAT, language=None).msg("/open")) == "sv"  # javi's default
    assert core.language(Chat(core, chat_id=GROUP_CHAT, language="en").msg("/open")) == "en"  # the hint wins
    several = Chat(core, language=None)  # a private chat serving every organisation
    assert core.language(several.msg("/open")) == "en"
    assert core.language(several.msg("hur länge sparar ni fakturor?")) == "sv"
    assert core.language(several.msg("hvor længe gemmer I fakturaer?")) == "da"


def test_replies_follow_the_language(core: Core) -> None:
    """Replies, errors and answers come in the chosen language."""
    assert Chat(core, language="da").reply("/open").intro == "Ingen åbne anmodninger."
    assert Chat(core, language="sv").reply("/open").intro == "Inga öppna begäranden."
    assert Chat(core, language="da").reply("/lgo").intro.startswith("Ukendt kommando: /lgo. Mente du /log?")
    answer = Chat(core, language=None).reply("hur länge sparar JAVI fakturor?")
    assert answer.language == "sv"


def test_question_in_a_single_org_chat_is_about_that_org(core: Core) -> None:
    """A question in a chat serving one organisation is answered for it."""
    chat = Chat(core, chat_id=SWEDISH_CHAT, language=None)
    reply = chat.reply("/ask hur länge sparar ni fakturor?")
    assert reply.language == "sv" and "JAVI" in reply.plain()


# --- parsing and bad input --------------------------------------------------------------------------


def test_commands_case_and_bot_suffix(core: Core, staff: Chat) -> None:
    """Commands ignore case and a @bot suffix."""
    assert staff.reply("/OPEN").intro == "No open requests."
    assert staff.reply("/open@GdprBot").intro == "No open requests."
    assert staff.reply("/Help@GdprBot").intro.startswith("I answer questions")


def test_bare_command_words_work_on_the_console_only(core: Core) -> None:
    """Command words without a slash are commands on the console only."""
    console = Chat(core, channel="console", chat_id="console", user_id="anna", language="en")
    assert console.reply("open").intro == "No open requests."
    assert console.reply("OPEN").intro == "No open requests."
    telegram = Chat(core, language="en")
    assert telegram.reply("open").intro != "No open requests."  # a question there


def test_unknown_command_suggests_the_closest(staff: Chat, outsider: Chat) -> None:
    """A mistyped command names the closest one (public ones only for outsiders)."""
    reply = staff.reply("/opne")
    assert reply.error and reply.intro == "Unknown command: /opne. Did you mean /open? /help lists the commands."
    assert "Did you mean /refuse?" in staff.reply("/refues DSR-2026-0001 x").intro
    assert staff.reply("/zzzzzzzz").intro == "Unknown command: /zzzzzzzz. /help lists the commands."
    assert "/log" not in outsider.reply("/lgo").intro  # outsiders are not pointed at register commands


def test_too_long_message(core: Core, staff: Chat) -> None:
    """A 10,000-character message gets a short message in the user's language; nothing stored."""
    reply = staff.reply("/log erasure today imusic " + "x" * 10_000)
    assert reply.error and reply.intro == "The message is too long (at most 4000 characters)."
    assert Chat(core, language="da").reply("y" * 10_000).intro == "Beskeden er for lang (højst 4000 tegn)."
    assert stored(core) == 0


def test_group_chatter_is_ignored_private_text_is_a_question(core: Core) -> None:
    """Group chatter gets no reply; private text is a question; blank private text a short message."""
    assert Chat(core, chat_id=GROUP_CHAT, private=False).say("hvor længe gemmer I fakturaer?") is None
    reply = Chat(core).reply("how long does imusic keep invoices?")
    assert not reply.error and reply.sections
    assert Chat(core, language="da").reply(" \n ").intro.startswith("Beskeden er tom.")
    assert Chat(core, chat_id=GROUP_CHAT, private=False).say("   ") is None


def test_control_characters_in_a_question(staff: Chat) -> None:
    """A question with control characters is refused; tabs and line breaks are text."""
    reply = staff.reply("hvad med \x01 fakturaer")
    assert reply.error and reply.intro == "The message contains control characters. Please write it as plain text."
    assert not staff.reply("how long do we keep invoices?\n\tand orders?").error  # line breaks and tabs are text


# --- forms (the Slack modal) ------------------------------------------------------------------------


def test_submit_log(core: Core, staff: Chat) -> None:
    """A form (the Slack modal) logs a request; the same subject again is a duplicate."""
    reply = core.submit_log(staff.msg(), LogForm("javi", "radering", "2026-11-20", "e-post", "<i>Kund</i> 7"))
    assert not reply.error and "DSR-2026-0001 logged" in reply.intro
    view = get_request(core.engine, core.clock, "DSR-2026-0001").request
    assert (view.organisation, view.type, view.received_via, view.subject_ref) == ("javi", "erasure", "email", "<i>Kund</i> 7")
    dup = core.submit_log(staff.msg(), LogForm("javi", "erasure", date(2026, 11, 21), "email", "<i>kund</i> 7"))
    assert dup.error and "DSR-2026-0001" in dup.intro


def test_submit_log_force_logs_despite_a_duplicate(core: Core, staff: Chat) -> None:
    """A duplicate form is refused offering "log anyway", nothing stored; the same form with force=True logs it once."""
    first = core.submit_log(staff.msg(), LogForm("javi", "erasure", "2026-11-20", "email", "kund 7"))
    assert not first.error and not LogForm.offers_force(first)
    form = LogForm("javi", "erasure", "2026-11-21", "email", "Kund 7")
    dup = core.submit_log(staff.msg(), form)
    assert dup.error and LogForm.offers_force(dup) and "DSR-2026-0001" in dup.intro
    assert stored(core) == 1
    forced = core.submit_log(staff.msg(), LogForm("javi", "erasure", "2026-11-21", "email", "Kund 7", force=True))
    assert not forced.error and not LogForm.offers_force(forced)
    assert "DSR-2026-0002 logged" in forced.intro
    assert "Logged despite an open request for the same person: DSR-2026-0001." in forced.intro
    assert stored(core) == 2
    assert get_request(core.engine, core.clock, "DSR-2026-0002").request.received_on == date(2026, 11, 21)
    bad = core.submit_log(staff.msg(), LogForm("javi", "erasure", "2026-12-24", "email", "Kund 7", force=True))
    assert bad.error and not LogForm.offers_force(bad) and stored(core) == 2  # force mends no other problem


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        (LogForm("javi", "erasure", "2026-02-30", "email", "x"), "2026-02-30 is not a date"),
        (LogForm("nosuchorg", "erasure", "2026-11-20", "email", "x"), "nosuchorg is not served"),
        (LogForm("javi", "teleport", "2026-11-20", "email", "x"), "Unknown request type: teleport"),
        (LogForm("javi", "erasure", "2026-11-20", "pigeon", "x"), "Unknown way of receipt: pigeon"),
        (LogForm("javi", "erasure", "2026-11-20", "email", " "), "subject reference is missing"),
        (LogForm("javi", "erasure", "2026-11-20", "email", "a\x00b"), "invalid characters"),
    ],
)
def test_submit_log_bad_fields_store_nothing(core: Core, staff: Chat, form: LogForm, expected: str) -> None:
    """Every bad form field gets its message and nothing is stored."""
    reply = core.submit_log(staff.msg(), form)
    assert reply.error and expected in reply.intro
    assert stored(core) == 0


# --- organisations from the knowledge base ----------------------------------------------------------


def test_without_configuration_every_kb_organisation_is_served(kb_core: Core) -> None:
    """Without organisation settings every knowledge-base organisation is served everywhere."""
    served = kb_core.served()
    assert set(served) == set(kb_core.answerer.kb.slugs)
    javi = served["javi"]
    assert (javi.country, javi.timezone, javi.language) == ("SE", "Europe/Stockholm", "sv")
    chat = Chat(kb_core, chat_id="anywhere")
    assert kb_core.orgs_for(chat.msg()) == kb_core.answerer.kb.slugs
    reply = chat.reply("/log erasure today finderskeepers x")
    assert "for finderskeepers" in reply.intro


# --- internal errors ---------------------------------------------------------------------------------


def test_unexpected_errors_become_a_short_message_without_personal_data(
    tmp_path: Any, register_clock: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """A broken database gives a short message; the log names the error, not the subject."""
    from deadlines.db import make_engine
    from knowledge.answer import default_answerer

    engine = make_engine(f"sqlite:///{tmp_path / 'not-migrated.sqlite3'}")  # no tables: every query fails
    core = Core(default_answerer(), engine, register_clock)
    chat = Chat(core, channel="console", chat_id="console", user_id="anna")
    with caplog.at_level(logging.ERROR, logger="gdpr_bot.core"):
        logged = chat.reply("/log erasure today imusic subject-secret-4711")
        listed = chat.reply("/open")
        pressed = chat.press("done", "DSR-2026-0001")
    for reply in (logged, listed, pressed):
        assert reply.error and reply.intro == "Sorry, something went wrong. Please try again in a moment."
    assert "OperationalError" in caplog.text
    assert "subject-secret-4711" not in caplog.text
    engine.dispose()


def test_open_in_a_chat_serving_every_organisation(kb_core: Core) -> None:
    """/open across every organisation is sorted by deadline."""
    chat = Chat(kb_core, chat_id="anywhere")
    for line in ("/log erasure 2026-11-20 javi a", "/log access 2026-10-27 imusic b", "/log objection 2026-11-02 bestphone c"):
        assert not chat.reply(line).error
    lines = chat.reply("/open").sections[0].lines
    assert [line.split()[1] for line in lines] == ["DSR-2026-0002", "DSR-2026-0003", "DSR-2026-0001"]
    assert [line.split(" · ")[2] for line in lines] == ["imusic", "bestphone", "javi"]


def test_html_in_a_user_name_stays_literal(core: Core) -> None:
    """HTML in a display name reaches the audit trail as typed."""
    chat = Chat(core, user_name="<b>Eve</b> & co")
    chat.reply("/log erasure 2026-11-20 imusic x")
    shown = chat.reply("/show DSR-2026-0001").plain()
    assert f"Logged by: telegram:<b>Eve</b> & co ({STAFF_ID})" in shown


# --- review: concurrency, memory, half-stored state, control characters, logs, time ----------------


def _run_together(count: int, work: Any) -> list[Any]:
    """Run `work(i)` in `count` threads released at the same moment; their results (exceptions re-raised)."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    barrier = threading.Barrier(count)

    def start(i: int) -> Any:
        """Wait for the others, then work."""
        barrier.wait()
        return work(i)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(start, range(count)))


def test_concurrent_presses_of_log_anyway_store_once(core: Core, staff: Chat) -> None:
    """Adapters call Core from several threads: a double-tapped "Log anyway" must log one request, not two."""
    staff.reply("/log erasure 2026-11-20 imusic order 1234")
    offer = staff.reply("/log erasure 2026-11-21 imusic order 1234")
    assert labels(offer) == ["Log anyway", "Cancel"]
    replies = _run_together(8, lambda _: core.press(staff.msg(), "log", "force"))
    assert stored(core) == 2
    assert sum(not r.error for r in replies) == 1
    assert all("no /log in progress" in r.intro for r in replies if r.error)


def test_concurrent_flows_of_many_users_each_store_once(core: Core) -> None:
    """Twelve staff members run the whole guided /log at the same time; every request is logged once."""
    users = [str(1000 + i) for i in range(12)]
    core.access.staff["telegram"] = frozenset(users)  # type: ignore[index]

    def flow(i: int) -> Reply:
        """One user's guided /log by buttons."""
        chat = Chat(core, chat_id=GROUP_CHAT, user_id=users[i], private=False)
        chat.reply("/log")
        for argument in ("t=erasure", "r=0", "v=email"):
            chat.press("log", argument)
        chat.reply(f"order {i}")
        return chat.press("log", "ok")

    replies = _run_together(len(users), flow)
    assert all(not r.error for r in replies), [r.intro for r in replies if r.error]
    assert stored(core) == len(users) and len(core.conversations) == 0
    assert not core.conversations._key_locks  # per-user locks are dropped when nobody holds them


def test_conversations_of_users_who_never_finish_are_dropped() -> None:
    """Abandoned flows expire and are forgotten as soon as anyone talks to the bot, not only their own user."""
    from datetime import UTC, datetime

    from handlers.logflow import Conversations, ReasonPrompt

    store = Conversations(ttl=timedelta(minutes=30))
    start = datetime(2026, 11, 22, 9, tzinfo=UTC)
    for i in range(1000):
        store.put(("telegram", str(i), str(i)), ReasonPrompt("en", "DSR-2026-0001"), start + timedelta(seconds=i))
    assert len(store) == 1000
    store.put(("telegram", "new", "new"), ReasonPrompt("en", "DSR-2026-0001"), start + timedelta(minutes=30, seconds=500))
    assert len(store) == 1 + 500  # those updated more than 30 minutes before (0…499) are gone
    assert store.get(("telegram", "499", "499"), start + timedelta(minutes=30, seconds=500)) is None
    assert store.get(("telegram", "500", "500"), start + timedelta(minutes=30, seconds=500)) is not None
    assert store.get(("slack", "C1", "U1"), start + timedelta(hours=2)) is None  # a read alone sweeps too
    assert len(store) == 0


def test_conversations_are_bounded() -> None:
    """A flood of conversations within the TTL never grows the store past its limit; the oldest go first."""
    from datetime import UTC, datetime

    from handlers.logflow import Conversations, ReasonPrompt

    store = Conversations(ttl=timedelta(minutes=30), limit=100)
    now = datetime(2026, 11, 22, 9, tzinfo=UTC)
    for i in range(1000):
        store.put(("slack", "C1", f"U{i}"), ReasonPrompt("en", "DSR-2026-0001"), now)
    assert len(store) == 100
    assert store.get(("slack", "C1", "U999"), now) is not None
    assert store.get(("slack", "C1", "U0"), now) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [("/log erasure today imusic " + "x" * 201, "at most 200 characters"), ("/log erasure today imusic order\t12", "invalid characters")],
)
def test_one_line_log_with_a_bad_subject_leaves_nothing_behind(core: Core, staff: Chat, line: str, expected: str) -> None:
    """A one-line /log that fails stores nothing and leaves no half-finished flow waiting for "Log it"."""
    reply = staff.reply(line)
    assert reply.error and expected in reply.intro, reply.intro
    assert reply.actions == () and len(core.conversations) == 0 and stored(core) == 0
    assert staff.press("log", "ok").error and stored(core) == 0


def test_a_flow_the_register_refuses_at_the_end_is_closed(register_db: Any, register_clock: Any) -> None:
    """A configured organisation missing from the knowledge base: "Log it" fails, says so, and ends the flow."""
    from handlers.core import OrgSettings
    from knowledge.answer import default_answerer

    orgs = {slug: OrgSettings(slug, "DK", "Europe/Copenhagen", "da") for slug in ("imusic", "ghostshop")}
    core = Core(default_answerer(), register_db.engine, register_clock, orgs=orgs)
    chat = Chat(core, channel="console", chat_id="console", user_id="anna")
    reply = chat.press_label(chat.press_label(chat.reply("/log"), "erasure"), "ghostshop")
    asking = chat.press_label(chat.press_label(reply, "Today"), "e-mail")
    assert asking.intro.startswith("Type the subject reference")
    failed = chat.press_label(chat.reply("order 1"), "Log it")
    assert failed.error and "ghostshop" in failed.intro and "Nothing was stored; start again with /log." in failed.intro
    assert failed.actions == () and len(core.conversations) == 0 and stored(core) == 0


@pytest.mark.parametrize("name", ["Eve\tthe\nGreat", "Eve\x07\x1b[31m", "   "])
def test_user_names_with_control_characters_can_still_log(core: Core, name: str) -> None:
    """A display name with tabs, newlines or escape codes must not block the register (the trail keeps it clean)."""
    chat = Chat(core, user_name=name)
    reply = chat.reply("/log erasure 2026-11-20 imusic x1")
    assert not reply.error, reply.intro
    logged_by = get_request(core.engine, core.clock, "DSR-2026-0001").request.logged_by
    assert logged_by.startswith("telegram:") and STAFF_ID in logged_by
    assert not any(ord(c) < 32 or ord(c) == 127 for c in logged_by)
    assert not chat.reply("/done DSR-2026-0001").error


@pytest.mark.parametrize(
    "text",
    ["/show \x1b[2JDSR-2026-0001", "/lgo\x07", "/done DSR-2026-0001 ok\x1b[31m", "/log erasure today imusic a\x00b",
     "order \x1b]0;pwned\x07"],
)  # fmt: skip
def test_control_characters_are_refused_and_never_echoed(core: Core, staff: Chat, text: str) -> None:
    """Escape codes would reach the terminal (console) or break the chat API: refused, in the user's language."""
    staff.reply("/log erasure 2026-11-20 imusic x")
    for language, expected in (("en", "control characters"), ("da", "kontroltegn"), ("sv", "kontrolltecken")):
        staff.language = language
        reply = staff.reply(text)
        assert reply.error and expected in reply.intro, reply.intro
        assert not any(ord(c) < 32 for c in reply.plain().replace("\n", "")), reply.plain()
    assert get_request(core.engine, core.clock, "DSR-2026-0001").request.status == "open" and stored(core) == 1


def test_control_characters_in_a_button_are_refused(core: Core, staff: Chat, caplog: pytest.LogCaptureFixture) -> None:
    """A forged button payload with escape codes is refused; neither the reply nor the log echoes it."""
    with caplog.at_level(logging.DEBUG):
        for command, argument in (("show", "\x1b[2J"), ("done", "DSR\x00"), ("\x1b[31mdone\nFAKE LOG LINE", "x")):
            reply = staff.press(command, argument)
            assert reply.error and "\x1b" not in reply.plain() and "\x00" not in reply.plain()
    assert "\x1b" not in caplog.text and "FAKE LOG LINE" not in caplog.text


def test_typed_answers_starting_with_a_command_word_on_the_console(core: Core) -> None:
    """On the console command words need no slash, but not while the bot waits for typed text."""
    console = Chat(core, channel="console", chat_id="console", user_id="anna")
    console.reply("/log erasure 2026-11-20 imusic x")
    console.press("extend", "DSR-2026-0001")
    reply = console.reply("done searching 3 systems, 40 more to go")
    assert "extended to" in reply.intro, reply.intro
    assert get_request(core.engine, core.clock, "DSR-2026-0001").request.extension_reason.startswith("done searching")
    for answer in ("log", "t=access", "o=javi", "r=0", "v=phone"):
        reply = console.reply(answer) if answer == "log" else console.press("log", answer)
    assert "subject reference" in reply.intro
    assert "Reference: open ticket 5" in console.reply("open ticket 5").plain()
    assert console.reply("cancel").intro == "Cancelled. Nothing was stored."  # "cancel" alone still cancels


@pytest.mark.parametrize(("text", "expected"), [("/hjælp", "Did you mean /help?"), ("/åbn", "/help lists the commands")])
def test_commands_with_danish_letters_are_unknown_commands(staff: Chat, text: str, expected: str) -> None:
    """A mistyped command with æøå is a command (with a suggestion), not a question for the knowledge base."""
    reply = staff.reply(text)
    assert reply.error and reply.intro.startswith(f"Unknown command: {text}.") and expected in reply.intro


@pytest.mark.parametrize("text", ["/2026-11-20 is that a date?", "/ log", "//log"])
def test_a_slash_without_a_command_word_is_not_a_command(text: str) -> None:
    """Only a slash followed by a letter makes a command; the rest is text (a question in a private chat)."""
    from handlers.commands_parse import parse_command

    assert parse_command(text) is None


def test_subject_references_never_reach_the_logs(core: Core, staff: Chat, caplog: pytest.LogCaptureFixture) -> None:
    """Every path that handles a subject reference, with every logger at DEBUG: no record contains it."""
    subjects = ("kunde-4711@example.com", "ORDER-99881", "Jens Jensen Vej 7")
    with caplog.at_level(logging.DEBUG):
        _log_by_buttons(staff, subject=subjects[0])  # guided flow
        staff.reply(f"/log access 2026-11-20 imusic {subjects[1]}")  # one-line
        dup = staff.reply(f"/log access 2026-11-21 imusic {subjects[1].lower()}")  # duplicate warning
        staff.press_label(dup, "Log anyway")
        staff.reply(f"/log erasure 2026-11-20 imusic {subjects[2]}\x01")  # refused subject
        staff.reply(f"/log erasure 2026-11-20 imusic {subjects[2] * 20}")  # too long
        core.submit_log(staff.msg(), LogForm("imusic", "objection", "2026-11-20", "email", subjects[2]))
        staff.reply("/open")
        staff.reply("/show DSR-2026-0001")
        staff.press("extend", "DSR-2026-0002")
        staff.reply(f"asked {subjects[1]} for more detail")
        staff.reply(f"/done DSR-2026-0001 sent the data to {subjects[0]}")
        staff.reply(f"/refuse DSR-2026-0004 {subjects[2]} is not a customer")
        staff.reply(f"/pause DSR-2026-0003 identity asked {subjects[1]}")
    assert stored(core) == 4
    assert len(caplog.records) >= 5  # the register logs every change (by id), so the capture works
    for record in caplog.records:
        text = record.getMessage() + (record.exc_text or "") + str(record.args)
        for subject in subjects:
            assert subject.casefold() not in text.casefold(), (record.name, text)


def test_today_is_the_organisations_date_by_the_injected_clock(core: Core) -> None:
    """23:30 UTC on 22 Nov is already 23 Nov in Copenhagen: "today" and the Today button give the 23rd."""
    core.clock.now = core.clock.now.replace(hour=23, minute=30)  # type: ignore[attr-defined]
    chat = Chat(core, chat_id=GROUP_CHAT, private=False)
    assert not chat.reply("/log erasure today order 1").error
    reply = chat.press_label(chat.press_label(chat.reply("/log"), "access"), "Today")
    chat.press_label(reply, "e-mail")
    chat.press_label(chat.reply("order 2"), "Log it")
    views = [get_request(core.engine, core.clock, f"DSR-2026-000{n}").request for n in (1, 2)]
    assert [v.received_on for v in views] == [date(2026, 11, 23)] * 2
    future = chat.reply("/log erasure 2026-11-24 order 3")
    assert future.error and "in the future" in future.intro


def test_typed_answers_check_access_again(core: Core, staff: Chat) -> None:
    """A conversation does not outlive the sender's access: a reason typed after removal changes nothing."""
    staff.reply("/log erasure 2026-11-20 imusic x")
    staff.press("extend", "DSR-2026-0001")
    core.access.staff["telegram"] = frozenset()  # type: ignore[index]
    reply = staff.reply("many systems to search")
    assert reply.error and reply.intro == "Sorry, only the customer-service team can use that."
    assert get_request(core.engine, core.clock, "DSR-2026-0001").request.extended_at is None


def test_pause_note_on_the_next_line(core: Core, staff: Chat) -> None:
    """"/pause ID identity" with the note on a new line (as chat apps send Shift+Enter) keeps the note."""
    staff.reply("/log erasure 2026-11-20 imusic x")
    assert not staff.reply("/pause DSR-2026-0001 identity\nasked for a passport copy").error
    paused = get_request(core.engine, core.clock, "DSR-2026-0001").history[-1]
    assert paused.details.get("note") == "asked for a passport copy"


def test_a_group_serving_two_organisations(register_db: Any, register_clock: Any) -> None:
    """A Slack channel serving imusic (da) and javi (sv): English without a hint, both orgs and only they."""
    from handlers.access import Access
    from handlers.core import OrgSettings
    from knowledge.answer import default_answerer

    shared = frozenset({("slack", "C42")})
    orgs = {
        "imusic": OrgSettings("imusic", "DK", "Europe/Copenhagen", "da", shared),
        "javi": OrgSettings("javi", "SE", "Europe/Stockholm", "sv", shared),
        "finderskeepers": OrgSettings("finderskeepers", "DK", "Europe/Copenhagen", "da", frozenset({("slack", "C7")})),
    }
    access = Access(staff={"slack": frozenset({"U1", "U2"})})
    core = Core(default_answerer(), register_db.engine, register_clock, access, orgs)
    anna, bo = (Chat(core, channel="slack", chat_id="C42", user_id=u, language=None, private=False) for u in ("U1", "U2"))
    other = Chat(core, channel="slack", chat_id="C7", user_id="U1", language=None, private=False)
    assert "for finderskeepers" in other.reply("/log erasure 2026-11-20 fk-1").intro  # DSR-2026-0001, its own channel
    assert core.orgs_for(anna.msg()) == ("imusic", "javi")
    ask = anna.press_label(anna.reply("/log"), "erasure")
    assert ask.intro == "Which organisation?" and labels(ask) == ["imusic", "javi", "Cancel"]
    assert bo.reply("/log access 2026-11-20 order 9").intro == "Which organisation?"  # his own flow
    assert "DSR-2026-0002 logged" in bo.press_label(bo.press_label(bo.seen[-1], "javi"), "Log it").intro
    refused = anna.reply("/log erasure 2026-11-20 finderskeepers fk-2")
    assert refused.error and "not served in this chat. Possible: imusic, javi" in refused.intro
    assert anna.reply("/show DSR-2026-0001").intro == "No request with id DSR-2026-0001."
    assert [line.split()[1] for line in anna.reply("/open").sections[0].lines] == ["DSR-2026-0002"]
    assert anna.press_label(ask, "imusic").intro == "When was it received?"  # Anna's flow is untouched by Bo's


def test_core_calls_may_nest_for_the_same_user(core: Core, staff: Chat) -> None:
    """The per-user lock is re-entrant: an adapter calling Core again from inside a call does not deadlock."""
    inner: list[Reply] = []
    with core.conversations.exclusive(("telegram", staff.chat_id, STAFF_ID)):
        inner.append(core.open_list(staff.msg()))
    assert inner[0].intro == "No open requests."


def test_questions_in_a_chat_serving_some_shops_are_answered_for_those_shops(register_db: Any, register_clock: Any) -> None:
    """A chat serving imusic and javi gets their rules only, unless the question names another shop."""
    from handlers.access import Access
    from handlers.core import OrgSettings
    from knowledge.answer import default_answerer

    chat = ("telegram", "-100777")
    orgs = {
        "imusic": OrgSettings("imusic", "DK", "Europe/Copenhagen", "en", frozenset({chat})),
        "javi": OrgSettings("javi", "SE", "Europe/Stockholm", "en", frozenset({chat})),
        "bestphone": OrgSettings("bestphone", "DK", "Europe/Copenhagen", "en"),
    }
    core = Core(default_answerer(), register_db.engine, register_clock, Access(open_questions=frozenset({"telegram"})), orgs)
    both = Chat(core, chat_id="-100777").reply("/ask how long do we keep invoices?").plain()
    assert "iMusic" in both and "JAVI" in both.upper() and "renewed" not in both.lower()
    named = Chat(core, chat_id="-100777").reply("/ask how long does renewed.dk keep customer history?").plain()
    assert "renewed" in named.lower() or "bestphone" in named.lower()
