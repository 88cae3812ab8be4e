"""The guided /log conversation and the other "waiting for the user's text" states, kept in memory.

A conversation belongs to one (channel, chat_id, user_id) and expires `TTL` after its last step by
the injected clock. The /log flow asks, in order, for what is still missing: type → organisation
(when the chat serves several) → date received (today / yesterday / a typed date) → how it arrived →
subject reference (typed) → confirm. Buttons are `Action("…", "log", ARG)` with short arguments:
`t=TYPE`, `o=SLUG` (or `o#N` for a very long slug), `r=0` today, `r=1` yesterday, `r=d` typed date,
`v=KIND`, `ok`, `force`, `x` (cancel). A button of an earlier step changes that answer.

This module holds no database code: `Core` stores the request when the flow is confirmed.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from deadlines.models import MAX_SUBJECT_REF, RECEIVED_VIA, REQUEST_TYPES
from deadlines.register import GDPR_APPLIES_FROM
from handlers.commands_parse import TYPE_WORDS, VIA_WORDS, ParseError, parse_date, word_choice
from handlers.reply import Action, Reply, Section
from handlers.wording import t

TTL = timedelta(minutes=30)
MAX_CONVERSATIONS = 10_000  # open at once; beyond this the least recently updated is dropped
MAX_PAYLOAD_BYTES = 64  # Telegram's callback_data limit for "command:argument"
ConversationKey = tuple[str, str, str]  # (channel, chat_id, user_id)


@dataclass(frozen=True)
class LogDraft:
    """The answers so far (None: not given yet)."""

    type: str | None = None
    org: str | None = None
    received: date | None = None
    via: str | None = None
    subject: str | None = None


@dataclass(frozen=True)
class LogFlow:
    """A /log conversation: the draft, the organisations to choose from, and whether a date is being typed."""

    language: str
    orgs: tuple[str, ...]
    today: date
    draft: LogDraft = field(default_factory=LogDraft)
    typing_date: bool = False
    duplicates: tuple[str, ...] = ()  # set when the register found open duplicates (offer "log anyway")

    def step(self) -> str:
        """The step the flow waits for: type, org, received, date, via, subject or confirm."""
        d = self.draft
        if d.type is None:
            return "type"
        if d.org is None:
            return "org"
        if d.received is None:
            return "date" if self.typing_date else "received"
        if d.via is None:
            return "via"
        if d.subject is None:
            return "subject"
        return "confirm"

    def wants_text(self) -> bool:
        """Whether the step takes typed text (so a group-chat message is meant for the flow)."""
        return self.step() in ("date", "subject")


@dataclass(frozen=True)
class ReasonPrompt:
    """Waiting for the reason to extend a request (after its Extend button)."""

    language: str
    ref: str

    def wants_text(self) -> bool:
        """Always: the next message is the reason."""
        return True


Conversation = LogFlow | ReasonPrompt


class Conversations:
    """Open conversations by (channel, chat_id, user_id), each expiring TTL after its last update.

    Thread-safe: adapters call Core from several threads at once. `exclusive(key)` serialises the
    messages of one user in one chat, so a read-change-write of their conversation (or a double-tapped
    "Log it") cannot interleave with another of the same user's messages.
    """

    def __init__(self, ttl: timedelta = TTL, limit: int = MAX_CONVERSATIONS) -> None:
        """An empty store: conversations live `ttl` after their last update, at most `limit` at once."""
        self.ttl = ttl
        self.limit = limit
        self._items: OrderedDict[ConversationKey, tuple[Conversation, datetime]] = OrderedDict()  # oldest first
        self._lock = threading.Lock()
        self._key_locks: dict[ConversationKey, tuple[threading.RLock, int]] = {}  # lock, holders + waiters

    @contextmanager
    def exclusive(self, key: ConversationKey) -> Iterator[None]:
        """Hold `key`'s lock for the duration (a lock exists only while someone holds or waits for it)."""
        with self._lock:
            lock, users = self._key_locks.get(key, (threading.RLock(), 0))  # re-entrant: Core may nest calls
            self._key_locks[key] = (lock, users + 1)
        try:
            with lock:
                yield
        finally:
            with self._lock:
                lock, users = self._key_locks[key]
                if users == 1:
                    del self._key_locks[key]
                else:
                    self._key_locks[key] = (lock, users - 1)

    def get(self, key: ConversationKey, now: datetime) -> Conversation | None:
        """The live conversation of `key` (expired ones are dropped)."""
        with self._lock:
            self._sweep(now)
            item = self._items.get(key)
            if item is None or now - item[1] > self.ttl:
                return None
            return item[0]

    def put(self, key: ConversationKey, conversation: Conversation, now: datetime) -> None:
        """Store (or replace) the conversation of `key`, updated at `now`."""
        with self._lock:
            self._items.pop(key, None)
            self._items[key] = (conversation, now)
            self._sweep(now)
            while len(self._items) > self.limit:
                self._items.popitem(last=False)

    def pop(self, key: ConversationKey) -> Conversation | None:
        """Remove and return the conversation of `key`."""
        with self._lock:
            item = self._items.pop(key, None)
        return item[0] if item else None

    def __len__(self) -> int:
        """Number of stored conversations (expired ones go at the next get or put)."""
        with self._lock:
            return len(self._items)

    def _sweep(self, now: datetime) -> None:
        """Forget expired conversations, oldest first, stopping at the first live one (lock held)."""
        while self._items:
            key, (_, at) = next(iter(self._items.items()))
            if now - at <= self.ttl:
                return
            del self._items[key]


# --- applying answers --------------------------------------------------------------------------


def start(language: str, orgs: tuple[str, ...], today: date, draft: LogDraft | None = None) -> LogFlow:
    """A new flow; the organisation is filled in when the chat serves only one."""
    draft = draft or LogDraft()
    if draft.org is None and len(orgs) == 1:
        draft = replace(draft, org=orgs[0])
    return LogFlow(language, orgs, today, draft)


def press(flow: LogFlow, argument: str) -> LogFlow:
    """The flow after a button (ParseError for an argument that is not one of its buttons)."""
    if argument == "r=d":
        return replace(flow, typing_date=True, draft=replace(flow.draft, received=None))
    code, _, value = argument.partition("=")
    if code == "t" and value in REQUEST_TYPES:
        return _set(flow, type=value)
    if code == "v" and value in RECEIVED_VIA:
        return _set(flow, via=value)
    if code == "r" and value in ("0", "1"):
        return _set(flow, received=flow.today - timedelta(days=int(value)))
    org = _org_from_argument(flow, argument)
    if org is not None:
        return _set(flow, org=org)
    raise ParseError("core.flow.choose")


def _org_from_argument(flow: LogFlow, argument: str) -> str | None:
    """The organisation an `o=SLUG` / `o#N` argument names, if it is one of the flow's."""
    if argument.startswith("o=") and argument[2:] in flow.orgs:
        return argument[2:]
    if argument.startswith("o#") and argument[2:].isdigit() and int(argument[2:]) < len(flow.orgs):
        return flow.orgs[int(argument[2:])]
    return None


def _set(flow: LogFlow, **answers: object) -> LogFlow:
    """The flow with some answers replaced (a typed-date prompt and a duplicate warning end)."""
    return replace(flow, draft=replace(flow.draft, **answers), typing_date=False, duplicates=())


def type_text(flow: LogFlow, text: str) -> LogFlow:
    """The flow after typed text at its current step (ParseError when it does not fit the step)."""
    step = flow.step()
    if step == "subject":
        return _set(flow, subject=subject_ref(text))
    if step in ("date", "received"):
        return _set(flow, received=_received(parse_date(text, flow.today), flow.today))
    if step == "type" and word_choice(text, TYPE_WORDS):
        return _set(flow, type=word_choice(text, TYPE_WORDS))
    if step == "via" and word_choice(text, VIA_WORDS):
        return _set(flow, via=word_choice(text, VIA_WORDS))
    if step == "org" and text.strip().lower() in flow.orgs:
        return _set(flow, org=text.strip().lower())
    raise ParseError("core.flow.choose")


def _received(day: date, today: date) -> date:
    """A receipt date that is neither in the future nor before the GDPR applied."""
    if day > today:
        raise ParseError("register.received_future", received=day.isoformat(), today=today.isoformat())
    if day < GDPR_APPLIES_FROM:
        raise ParseError("register.received_before_gdpr", received=day.isoformat())
    return day


def subject_ref(text: str) -> str:
    """A subject reference as the register will take it: one line, not empty, bounded (ParseError otherwise)."""
    value = text.strip()
    if not value:
        raise ParseError("core.error.subject_missing")
    if len(value) > MAX_SUBJECT_REF:
        raise ParseError("register.subject_too_long", limit=MAX_SUBJECT_REF)
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise ParseError("register.invalid_text", field="subject")
    return value


# --- prompts -----------------------------------------------------------------------------------


def _button(label: str, argument: str) -> Action:
    """A flow button (its payload fits Telegram's 64 bytes)."""
    assert len(f"log:{argument}".encode()) <= MAX_PAYLOAD_BYTES, argument
    return Action(label, "log", argument)


def _org_argument(orgs: tuple[str, ...], index: int) -> str:
    """`o=SLUG`, or `o#N` when the slug would make the payload too long."""
    argument = f"o={orgs[index]}"
    return argument if len(f"log:{argument}".encode()) <= MAX_PAYLOAD_BYTES else f"o#{index}"


def _choices(flow: LogFlow) -> tuple[str, tuple[Action, ...]]:
    """The question and buttons of the flow's step."""
    lang = flow.language
    step = flow.step()
    if step == "type":
        return "core.log.ask_type", tuple(_button(t(f"register.type.{k}", lang), f"t={k}") for k in REQUEST_TYPES)
    if step == "org":
        return "core.log.ask_org", tuple(_button(slug, _org_argument(flow.orgs, i)) for i, slug in enumerate(flow.orgs))
    if step == "received":
        labels = (("core.button.today", "r=0"), ("core.button.yesterday", "r=1"), ("core.button.other_date", "r=d"))
        return "core.log.ask_received", tuple(_button(t(key, lang), arg) for key, arg in labels)
    if step == "via":
        return "core.log.ask_via", tuple(_button(via_label(k, lang), f"v={k}") for k in RECEIVED_VIA)
    if step == "date":
        return "core.log.ask_date", ()
    if step == "subject":
        return "core.log.ask_subject", ()
    if flow.duplicates:
        return "core.log.confirm", (_button(t("core.button.force", lang), "force"),)
    return "core.log.confirm", (_button(t("core.button.confirm", lang), "ok"),)


def via_label(kind: str, language: str) -> str:
    """How a request arrived, as a word in `language` (web_form → "web form" style labels)."""
    return t(f"ask.channel.{kind}", language)


def summary(draft: LogDraft, language: str) -> str:
    """The confirm step's summary of the answers."""
    return t(
        "core.log.summary",
        language,
        type=t(f"register.type.{draft.type}", language),
        org=draft.org,
        received=draft.received.isoformat() if draft.received else "",
        via=via_label(draft.via, language) if draft.via else "",
        subject=draft.subject or "",
    )


def prompt(flow: LogFlow, error: str | None = None) -> Reply:
    """The reply asking for the flow's next answer (with an error line first when the last answer failed)."""
    lang = flow.language
    key, buttons = _choices(flow)
    sections: tuple[Section, ...] = ()
    warning = t("core.log.duplicate", lang, ids=", ".join(flow.duplicates)) if flow.duplicates else None
    if flow.step() == "confirm":
        sections = (Section(lines=tuple(summary(flow.draft, lang).split("\n"))),)
    lead = "\n".join(part for part in (error, warning) if part)
    intro = f"{lead}\n\n{t(key, lang)}" if lead else t(key, lang)
    cancel = _button(t("core.button.cancel", lang), "x")
    return Reply(lang, intro=intro, sections=sections, actions=buttons + (cancel,), error=error is not None)
