"""The chat core: one Incoming message (or button press) in, one Reply out, for every channel.

Adapters (bot/telegram.py, bot/slack.py, bot/console.py) turn their updates into `Incoming`, call
`Core` (synchronous: SQLAlchemy underneath; async adapters use `asyncio.to_thread`) and render the
`Reply`. The core knows nothing of Telegram or Slack.

Buttons: a `Reply.actions` entry `Action(label, command, argument)` is pressed with
`Core.press(msg, command, argument)`; adapters encode it as `f"{command}:{argument}"` (≤ 64 bytes,
Telegram's callback_data limit) and decode it with `decode_action`. Commands Core presses:
`log` (the guided /log flow, see handlers.logflow), `done`, `extend` (asks for the reason, taken from
the user's next message in that chat), `resume` and `show` (argument: the request id).

Parsing lives in handlers.commands_parse, the /log conversation in handlers.logflow, the rendering of
requests in handlers.request_views; all wording in handlers/wording.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from deadlines.clock import Clock
from deadlines.rules import COUNTRY_TIMEZONES
from handlers import logflow, request_views
from handlers.access import Access
from handlers.commands_parse import (
    COMMANDS,
    PAUSE_WORDS,
    PUBLIC_COMMANDS,
    STAFF_COMMANDS,
    TYPE_WORDS,
    VIA_WORDS,
    Command,
    ParseError,
    closest_command,
    fold,
    has_control_chars,
    one_line,
    parse_command,
    parse_date,
    parse_log_line,
    split_id,
    word_choice,
)
from handlers.logflow import Conversations, LogDraft, LogFlow, ReasonPrompt
from handlers.message import Incoming
from handlers.reply import Action, Reply, Section
from handlers.wording import LANGUAGES, t

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from deadlines.register import Actor, Change, RequestDetails, RequestView
    from knowledge.answer import Answerer

log = logging.getLogger("gdpr_bot.core")

MAX_TEXT = 4000  # characters in one message (Telegram's own limit is 4096)
DEFAULT_VIA = "email"  # the one-line /log without "via …": most requests arrive by e-mail
BARE_COMMAND_CHANNELS: frozenset[str] = frozenset({"console"})  # command words work without the slash here


@dataclass(frozen=True)
class OrgSettings:
    """Per-organisation settings from configuration (defaults come from the knowledge base)."""

    slug: str
    country: str  # "DK" | "SE"
    timezone: str  # e.g. "Europe/Copenhagen"
    language: str  # default language of its staff: "da" | "sv" | "en"
    chats: frozenset[tuple[str, str]] = frozenset()  # (channel, chat_id) that serve it; empty = none named


@dataclass(frozen=True)
class LogForm:
    """A complete request to log, as a form (the Slack modal) delivers it; `force` logs it despite open duplicates."""

    organisation: str
    type: str
    received: date | str
    via: str
    subject_ref: str
    force: bool = False

    @staticmethod
    def offers_force(reply: Reply) -> bool:
        """Whether `reply` refused a form for open duplicates, offering "log anyway" (submit again with force=True)."""
        return any((a.command, a.argument) == _FORCE_ACTION for a in reply.actions)


_FORCE_ACTION = ("log", "force")  # the "log anyway" action of a duplicate (the guided flow's button, the form's box)


def encode_action(command: str, argument: str = "") -> str:
    """A button's payload: "command:argument"."""
    return f"{command}:{argument}"


def decode_action(payload: str) -> tuple[str, str]:
    """(command, argument) from a button payload ("" argument when there is none)."""
    command, _, argument = payload.partition(":")
    return command, argument


def normalise_language(hint: str | None) -> str | None:
    """"da", "sv-SE", "en_GB" → "da", "sv", "en"; None for anything else."""
    if not hint:
        return None
    code = hint.strip().replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else None


class _Refused(Exception):
    """A register action by someone who is not staff (the reply reveals nothing)."""


@dataclass
class Core:
    """Everything a chat user can do, channel-neutral."""

    answerer: Answerer
    engine: Engine
    clock: Clock
    access: Access = field(default_factory=Access)
    orgs: Mapping[str, OrgSettings] = field(default_factory=dict)  # slug → settings (empty: from the KB)
    conversations: Conversations = field(default_factory=Conversations)
    default_via: str = DEFAULT_VIA

    # --- the interface -------------------------------------------------------------------------

    def handle(self, msg: Incoming) -> Reply | None:
        """Reply to a text message: a /command, an answer in an open flow, or (private chat) a question.

        None: nothing to say (plain chatter in a group chat that is not addressed to the bot).
        """
        return self._guarded(msg, "message", lambda: self._handle(msg))

    def press(self, msg: Incoming, command: str, argument: str) -> Reply:
        """Reply to a button press (`msg.text` is empty); the adapter shows it in place of the pressed message."""
        what = f"button {command}" if command in _BUTTONS else "button"  # the payload may be forged: not logged
        reply = self._guarded(msg, what, lambda: self._press(msg, command, argument))
        assert reply is not None
        return reply

    def submit_log(self, msg: Incoming, form: LogForm) -> Reply:
        """Log a request from a complete form; bad fields give an error Reply and store nothing."""
        reply = self._guarded(msg, "form", lambda: self._submit(msg, form))
        assert reply is not None
        return reply

    def open_list(self, msg: Incoming) -> Reply:
        """The open requests of the orgs this chat serves, by deadline (also the Slack App Home)."""
        reply = self._guarded(msg, "open list", lambda: self._open(msg, self.language(msg)))
        assert reply is not None
        return reply

    def language(self, msg: Incoming) -> str:
        """The reply language: the client's hint, else the chat's organisation's default, else English.

        For a question (text that is not a command) without either, the language it is written in.
        """
        chosen = self._preferred_language(msg)
        if chosen:
            return chosen
        text = (msg.text or "").strip()
        if text and self._command(msg) is None:
            from knowledge.text import detect_language

            return detect_language(text[:500], default="en")
        return "en"

    def orgs_for(self, msg: Incoming) -> tuple[str, ...]:
        """The organisations this chat serves (all of them when configuration names none for it)."""
        served = self.served()
        named = tuple(slug for slug, org in served.items() if (msg.channel, msg.chat_id) in org.chats)
        return named or tuple(served)

    def waiting_for_text(self, msg: Incoming) -> bool:
        """Whether a conversation of this user in this chat waits for typed text (a date, a subject, a reason)."""
        conversation = self.conversations.get(_key(msg), self.clock())
        return conversation is not None and conversation.wants_text()

    # --- settings --------------------------------------------------------------------------------

    def served(self) -> dict[str, OrgSettings]:
        """Slug → settings of every organisation served: the configured ones, else the knowledge base's."""
        if self.orgs:
            return dict(sorted(self.orgs.items()))
        return {
            org.slug: OrgSettings(org.slug, org.country, COUNTRY_TIMEZONES.get(org.country, "UTC"), org.language)
            for org in sorted(self.answerer.kb.organisations.values(), key=lambda o: o.slug)
        }

    def today(self, slug: str) -> date:
        """Today's date in the organisation's time zone (by the injected clock)."""
        org = self.served().get(slug)
        zone = ZoneInfo(org.timezone) if org else ZoneInfo("Europe/Copenhagen")
        return self.clock().astimezone(zone).date()

    def _preferred_language(self, msg: Incoming) -> str | None:
        """The client's language hint, else the language shared by the chat's organisations (None if neither)."""
        hint = normalise_language(msg.language)
        if hint:
            return hint
        served = self.served()
        languages = {served[slug].language for slug in self.orgs_for(msg)}
        return languages.pop() if len(languages) == 1 else None

    def _command(self, msg: Incoming, waiting: bool = False) -> Command | None:
        """The command in the message, if it is one (`waiting`: a typed answer is awaited)."""
        text = msg.text or ""
        # While an answer is awaited only a slash (or a lone "cancel") makes a command: on the console
        # "done searching 3 systems" is then the reason to extend, not /done.
        bare = msg.channel in BARE_COMMAND_CHANNELS and (not waiting or fold(text) == "cancel")
        return parse_command(text, bare=bare)

    # --- dispatch --------------------------------------------------------------------------------

    def _guarded(self, msg: Incoming, what: str, work: Callable[[], Reply | None]) -> Reply | None:
        """Run `work` holding this user's lock in this chat; an unexpected exception becomes error.internal."""
        try:
            with self.conversations.exclusive(_key(msg)):
                return work()
        except _Refused:
            return _error(self._lang_safe(msg), "core.refused")
        except Exception as exc:  # never a traceback to the user; the log gets the code lines only (no data)
            log.error(
                "internal error handling a %s from %s: %s\n%s",
                what,
                msg.channel,
                type(exc).__name__,
                "".join(traceback.format_tb(exc.__traceback__)),
            )
            return _error(self._lang_safe(msg), "error.internal")

    def _lang_safe(self, msg: Incoming) -> str:
        """The reply language, English if even that fails."""
        try:
            return self.language(msg)
        except Exception:  # the language of an error reply must not raise again
            return "en"

    def _handle(self, msg: Incoming) -> Reply | None:
        """Dispatch a text message."""
        text = msg.text or ""
        if len(text) > MAX_TEXT:
            return _error(self.language(replace(msg, text=text[:500])), "error.too_long", limit=MAX_TEXT)
        if has_control_chars(text):  # escape codes would reach the console's terminal, NUL breaks chat APIs
            return _error(self.language(replace(msg, text=one_line(text)[:500])), "core.error.control_chars")
        conversation = self.conversations.get(_key(msg), self.clock())
        waiting = conversation is not None and conversation.wants_text()
        command = self._command(msg, waiting)
        if command is not None:
            return self._run_command(msg, command)
        if conversation is not None and (msg.private or waiting):
            return self._converse(msg, conversation, text)
        if not msg.private:
            return None
        if not text.strip():
            return _error(self.language(msg), "core.error.empty")
        return self._ask(msg, text)

    def _run_command(self, msg: Incoming, command: Command) -> Reply:
        """Run a /command (register commands for staff only)."""
        handler = _HANDLERS.get(command.name)
        lang = self.language(msg)
        if handler is None:
            return self._unknown(msg, command, lang)
        if command.name in STAFF_COMMANDS:
            self._require_staff(msg)
        return self._register_call(lang, lambda: handler(self, msg, command.args, lang))

    def _require_staff(self, msg: Incoming) -> None:
        """Raise _Refused unless the sender may use the register from this chat."""
        if not self.access.is_staff(msg):
            raise _Refused()

    def _unknown(self, msg: Incoming, command: Command, lang: str) -> Reply:
        """A short message naming the closest command."""
        choices = COMMANDS if self.access.is_staff(msg) else PUBLIC_COMMANDS
        suggestion = closest_command(command.name, choices)
        typed = command.typed[:40]
        if suggestion is None:
            return _error(lang, "core.unknown_command_plain", command=typed)
        return _error(lang, "core.unknown_command", command=typed, suggestion=f"/{suggestion}")

    def _register_call(self, lang: str, work: Callable[[], Reply]) -> Reply:
        """Run `work`; a RegisterError or ParseError becomes an error Reply in `lang`."""
        from deadlines.register import RegisterError

        try:
            return work()
        except ParseError as exc:
            return Reply(lang, intro=_parse_message(exc, lang), error=True)
        except RegisterError as exc:
            return Reply(lang, intro=exc.message(lang), error=True)

    # --- questions and help ------------------------------------------------------------------------

    def _ask(self, msg: Incoming, question: str) -> Reply:
        """Answer a question for the chat's organisations (all of them unless the question names one)."""
        from handlers.ask import AskError, ask

        if not self.access.may_ask(msg):
            return _error(self.language(msg), "core.ask_refused")
        orgs = self.orgs_for(msg)
        org = orgs[0] if len(orgs) == 1 and self.answerer.kb.get(orgs[0]) is not None else None
        try:
            _, reply = ask(self.answerer, question, org=org, language=self._preferred_language(msg), among=orgs)
        except AskError as exc:
            return exc.reply
        return reply

    def _cmd_ask(self, msg: Incoming, args: str, lang: str) -> Reply:
        """/ask QUESTION."""
        if not args:
            raise ParseError("core.usage", command="ask")
        return self._ask(replace(msg, text=args), args)

    def _cmd_help(self, msg: Incoming, args: str, lang: str) -> Reply:
        """/start, /help: what the bot does; register commands only for staff."""
        sections = [Section(lines=(t("core.help.ask", lang),))]
        if self.access.is_staff(msg):
            sections.append(Section(t("core.help.staff_heading", lang), tuple(t("core.help.staff", lang).split("\n"))))
        return Reply(lang, intro=t("core.help.intro", lang), sections=tuple(sections))

    def _cmd_cancel(self, msg: Incoming, args: str, lang: str) -> Reply:
        """/cancel: end the open conversation."""
        if self.conversations.pop(_key(msg)) is None:
            return Reply(lang, intro=t("core.nothing_to_cancel", lang))
        return Reply(lang, intro=t("core.cancelled", lang))

    # --- the register ------------------------------------------------------------------------------

    def _actor(self, msg: Incoming) -> Actor:
        """The audit trail's actor for this message."""
        from deadlines.models import MAX_ACTOR
        from deadlines.register import Actor

        name = replace(msg, user_name=one_line(msg.user_name)).actor_name  # display names may hold tabs, escapes
        if len(name) > MAX_ACTOR:
            name = f"{msg.channel}:{msg.user_id}"[:MAX_ACTOR]
        return Actor(name=name, channel=msg.channel, chat_id=msg.chat_id)

    def _details(self, msg: Incoming, ref: str) -> RequestDetails:
        """A request of one of the chat's organisations (others are "not found": chats see only their own)."""
        from deadlines.register import RegisterError, get_request

        if not ref:
            raise RegisterError("register.unknown_id", id="")
        details = get_request(self.engine, self.clock, ref)
        if details.request.organisation not in self.orgs_for(msg):
            raise RegisterError("register.unknown_id", id=ref[:40])
        return details

    def _open(self, msg: Incoming, lang: str) -> Reply:
        """The open requests of the chat's organisations, by deadline."""
        from deadlines.register import list_requests

        self._require_staff(msg)
        limit = request_views.OPEN_LIST_LIMIT
        orgs = self.orgs_for(msg)
        # The register holds knowledge-base organisations only: a chat serving all of them needs one query.
        scopes: tuple[str | None, ...] = (None,) if set(orgs) >= set(self.answerer.kb.slugs) else orgs
        items: list[RequestView] = []
        more = False
        for slug in scopes:
            page = list_requests(self.engine, self.clock, scope="open", organisation=slug, limit=limit, kb=self.answerer.kb)
            items.extend(page.items)
            more = more or page.has_more
        items.sort(key=lambda r: (r.current_deadline, r.ref))
        more = more or len(items) > limit
        return request_views.open_list(items[:limit], lang, more)

    def _cmd_open(self, msg: Incoming, args: str, lang: str) -> Reply:
        """/open."""
        return self._open(msg, lang)

    def _cmd_show(self, msg: Incoming, args: str, lang: str) -> Reply:
        """/show ID."""
        ref, _ = _id_args(args, "show")
        return request_views.show(self._details(msg, ref), lang)

    def _change(self, msg: Incoming, ref: str, lang: str, action: Callable[[Actor, str], Change]) -> Reply:
        """Run a register change on a request of this chat and say what happened."""
        from deadlines.register import complaint_authority

        self._details(msg, ref)
        change = action(self._actor(msg), ref)
        r = change.request
        authority = complaint_authority(r.organisation, r.country, self.answerer.kb) if r.status == "refused" else ""
        return request_views.changed(change, lang, authority)

    def _cmd_pause(self, msg: Incoming, args: str, lang: str) -> Reply:
        """/pause ID identity|clarification [note]."""
        from deadlines.register import pause

        ref, rest = _id_args(args, "pause", rest=True)
        word, *more = rest.split(None, 1)  # the note may follow on the next line
        reason, note = word_choice(word, PAUSE_WORDS), (more[0].strip() if more else None)
        if reason is None:
            raise ParseError("core.usage", command="pause")
        return self._change(msg, ref, lang, lambda who, r: pause(self.engine, self.clock, who, r, reason=reason, note=note))

    def _cmd_resume(self, msg: Incoming, args: str, lang: str) -> Reply:
        """/resume ID."""
        from deadlines.register import resume

        ref, _ = _id_args(args, "resume")
        return self._change(msg, ref, lang, lambda who, r: resume(self.engine, self.clock, who, r))

    def _cmd_extend(self, msg: Incoming, args: str, lang: str) -> Reply:
        """/extend ID reason."""
        ref, reason = _id_args(args, "extend", rest=True)
        return self._extend(msg, ref, reason, lang)

    def _extend(self, msg: Incoming, ref: str, reason: str, lang: str) -> Reply:
        """Extend a request with a reason."""
        from deadlines.register import extend

        return self._change(msg, ref, lang, lambda who, r: extend(self.engine, self.clock, who, r, reason=reason))

    def _close(self, msg: Incoming, ref: str, outcome: str, note: str | None, lang: str) -> Reply:
        """Close a request as done or refused."""
        from deadlines.register import close

        return self._change(
            msg, ref, lang, lambda who, r: close(self.engine, self.clock, who, r, outcome=outcome, note=note)
        )

    def _cmd_done(self, msg: Incoming, args: str, lang: str) -> Reply:
        """/done ID [note]."""
        ref, note = _id_args(args, "done")
        return self._close(msg, ref, "done", note or None, lang)

    def _cmd_refuse(self, msg: Incoming, args: str, lang: str) -> Reply:
        """/refuse ID reason (the subject must be told the reason)."""
        ref, reason = _id_args(args, "refuse", rest=True)
        return self._close(msg, ref, "refused", reason, lang)

    def _cmd_withdraw(self, msg: Incoming, args: str, lang: str) -> Reply:
        """/withdraw ID [note]."""
        from deadlines.register import withdraw

        ref, note = _id_args(args, "withdraw")
        return self._change(msg, ref, lang, lambda who, r: withdraw(self.engine, self.clock, who, r, note=note or None))

    # --- logging requests ----------------------------------------------------------------------------

    def _cmd_log(self, msg: Incoming, args: str, lang: str) -> Reply:
        """/log: the guided flow, or the one-line form when arguments follow."""
        orgs = self.orgs_for(msg)
        if not args:
            flow = logflow.start(lang, orgs, self.today(orgs[0]))
            self.conversations.put(_key(msg), flow, self.clock())
            return logflow.prompt(flow)
        known = tuple(dict.fromkeys(orgs + self.answerer.kb.slugs))
        line = parse_log_line(args, self.today(orgs[0]), known)
        if line.org is not None and line.org not in orgs:
            raise ParseError("core.error.org_not_served", org=line.org, known=", ".join(orgs))
        draft = LogDraft(line.type, line.org, line.received, line.via or self.default_via, logflow.subject_ref(line.subject))
        flow = logflow.start(lang, orgs, self.today(line.org or orgs[0]), draft)
        if flow.step() != "confirm":  # the chat serves several organisations and none was named
            self.conversations.put(_key(msg), flow, self.clock())
            return logflow.prompt(flow)
        return self._store(msg, flow, force=False)

    def _store(self, msg: Incoming, flow: LogFlow, *, force: bool) -> Reply:
        """Log the flow's request; a duplicate keeps the flow open with a "log anyway" button."""
        from deadlines.register import DuplicateRequestError, RegisterError, log_request

        d = flow.draft
        assert d.type and d.org and d.received and d.via and d.subject
        try:
            result = log_request(
                self.engine, self.clock, self._actor(msg), organisation=d.org, type=d.type,
                received=d.received, via=d.via, subject_ref=d.subject, force=force, kb=self.answerer.kb,
            )  # fmt: skip
        except DuplicateRequestError as exc:
            flow = replace(flow, duplicates=exc.existing)
            self.conversations.put(_key(msg), flow, self.clock())
            return logflow.prompt(flow)
        except RegisterError as exc:  # nothing on the confirm step can mend it: end the flow, store nothing
            self.conversations.pop(_key(msg))
            return _error(flow.language, "core.log.failed", error=exc.message(flow.language))
        self.conversations.pop(_key(msg))
        return request_views.logged(result, flow.language)

    def _refresh(self, flow: LogFlow) -> LogFlow:
        """The flow with today's date of its organisation (the clock may have passed midnight)."""
        return replace(flow, today=self.today(flow.draft.org or flow.orgs[0]))

    def _flow_step(self, msg: Incoming, flow: LogFlow, advance: Callable[[LogFlow], LogFlow]) -> Reply:
        """Apply one answer to the flow and ask the next question (or repeat this one with the error)."""
        flow = self._refresh(flow)
        try:
            flow = advance(flow)
        except ParseError as exc:
            return logflow.prompt(flow, error=_parse_message(exc, flow.language))
        self.conversations.put(_key(msg), flow, self.clock())
        return logflow.prompt(flow)

    def _press_log(self, msg: Incoming, argument: str) -> Reply:
        """A button of the /log flow."""
        conversation = self.conversations.get(_key(msg), self.clock())
        if not isinstance(conversation, LogFlow):
            minutes = int(self.conversations.ttl.total_seconds() // 60)
            return _error(self.language(msg), "core.flow.expired", minutes=minutes)
        if argument == "x":
            self.conversations.pop(_key(msg))
            return Reply(conversation.language, intro=t("core.cancelled", conversation.language))
        if argument in ("ok", "force") and conversation.step() == "confirm":
            return self._store(msg, self._refresh(conversation), force=argument == "force")
        return self._flow_step(msg, conversation, lambda flow: logflow.press(flow, argument))

    def _converse(self, msg: Incoming, conversation: logflow.Conversation, text: str) -> Reply:
        """Typed text for an open conversation: a /log answer or the reason to extend."""
        self._require_staff(msg)  # checked again: access may have changed since the conversation began
        if isinstance(conversation, ReasonPrompt):
            reply = self._register_call(
                conversation.language, lambda: self._extend(msg, conversation.ref, text.strip(), conversation.language)
            )
            if reply.error:  # say why, and keep waiting for a better reason (or /cancel)
                self.conversations.put(_key(msg), conversation, self.clock())
            else:
                self.conversations.pop(_key(msg))
            return reply
        return self._flow_step(msg, conversation, lambda flow: logflow.type_text(flow, text))

    def _submit(self, msg: Incoming, form: LogForm) -> Reply:
        """A complete form: validate every field, then log (nothing is stored on an error)."""
        self._require_staff(msg)
        lang = self.language(msg)
        return self._register_call(lang, lambda: self._store_form(msg, form, lang))

    def _store_form(self, msg: Incoming, form: LogForm, lang: str) -> Reply:
        """Log a form's request; open duplicates (unless `form.force`) give an error Reply offering "log anyway"."""
        from deadlines.register import DuplicateRequestError, log_request

        orgs = self.orgs_for(msg)
        org = (form.organisation or "").strip().lower()
        if org not in orgs:
            raise ParseError("core.error.org_not_served", org=form.organisation[:40], known=", ".join(orgs))
        received = form.received if isinstance(form.received, date) else parse_date(str(form.received), self.today(org))
        try:
            result = log_request(
                self.engine, self.clock, self._actor(msg), organisation=org,
                type=word_choice(form.type, TYPE_WORDS) or form.type, received=received,
                via=word_choice(form.via, VIA_WORDS) or form.via, subject_ref=form.subject_ref, force=form.force,
                kb=self.answerer.kb,
            )  # fmt: skip
        except DuplicateRequestError as exc:
            force = Action(t("core.button.force", lang), *_FORCE_ACTION)  # the form offers it (LogForm.offers_force)
            return replace(_error(lang, "core.log.duplicate", ids=", ".join(exc.existing)), actions=(force,))
        return request_views.logged(result, lang)

    # --- buttons ----------------------------------------------------------------------------------

    def _press(self, msg: Incoming, command: str, argument: str) -> Reply:
        """Dispatch a button press (every button acts on the register: staff only)."""
        self._require_staff(msg)
        lang = self.language(msg)
        if has_control_chars(command + argument, multiline=False):
            return _error(lang, "core.error.control_chars")
        if command == "log":
            return self._press_log(msg, argument)
        handler = _BUTTON_HANDLERS.get(command)
        if handler is None:
            return _error(lang, "core.unknown_command_plain", command=command[:40])
        return self._register_call(lang, lambda: handler(self, msg, argument, lang))

    def _ask_reason(self, msg: Incoming, ref: str, lang: str) -> Reply:
        """The Extend button: check the request, then wait for the reason."""
        details = self._details(msg, ref)
        self.conversations.put(_key(msg), ReasonPrompt(lang, details.request.ref), self.clock())
        return Reply(lang, intro=t("core.extend.ask_reason", lang, id=details.request.ref))


def _key(msg: Incoming) -> logflow.ConversationKey:
    """Whose conversation a message belongs to."""
    return (msg.channel, msg.chat_id, msg.user_id)


def _id_args(args: str, command: str, *, rest: bool = False) -> tuple[str, str]:
    """(ID, the rest) of "/command ID rest"; the command's usage when the id (or a required rest) is missing."""
    ref, more = split_id(args)
    if not ref or (rest and not more):
        raise ParseError("core.usage", command=command)
    return ref, more


def _error(lang: str, key: str, **values: Any) -> Reply:
    """An error Reply with one message."""
    return Reply(lang, intro=t(key, lang, **values), error=True)


def _parse_message(exc: ParseError, lang: str) -> str:
    """A ParseError in `lang` (a usage error shows the command's usage)."""
    from deadlines.register import RegisterError

    if exc.key == "core.usage":
        return t("core.usage", lang, usage=t(f"core.usage.{exc.values['command']}", lang))
    return RegisterError(exc.key, **exc.values).message(lang)


_Handler = Callable[[Core, Incoming, str, str], Reply]  # (core, message, arguments, language) → reply
_BUTTON_HANDLERS: dict[str, _Handler] = {  # besides "log"; the argument is the request id
    "done": Core._cmd_done,
    "extend": Core._ask_reason,
    "resume": Core._cmd_resume,
    "show": Core._cmd_show,
}
_BUTTONS: frozenset[str] = frozenset(_BUTTON_HANDLERS) | {"log"}
_HANDLERS: dict[str, _Handler] = {
    "start": Core._cmd_help,
    "help": Core._cmd_help,
    "ask": Core._cmd_ask,
    "cancel": Core._cmd_cancel,
    "log": Core._cmd_log,
    "open": Core._cmd_open,
    "show": Core._cmd_show,
    "pause": Core._cmd_pause,
    "resume": Core._cmd_resume,
    "extend": Core._cmd_extend,
    "done": Core._cmd_done,
    "refuse": Core._cmd_refuse,
    "withdraw": Core._cmd_withdraw,
}
assert set(_HANDLERS) == set(COMMANDS)
