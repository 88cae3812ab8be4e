"""Service functions of the register of data-subject requests; every channel (CLI, chat) calls these.

Each function takes the engine, an injected clock (`deadlines.clock`) and the acting person, validates
all of its input before touching the database, and runs in one write transaction that also appends
an audit-trail row. User errors raise `RegisterError` with a wording key (`handlers.wording.register`)
so each channel can say it in its user's language. Deadlines come from `deadlines.rules`.

The audit trail is append-only: this module has no function that updates or deletes trail rows, and
a session guard refuses any flush that would (the one exception is `purge`, which removes a
request's rows once its retention period is over and leaves a `purged` row without personal data).
Subject references never reach a log line: log records carry request ids and actions only.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, Select, delete, event, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from deadlines.clock import Clock
from deadlines.db import read_session, write_session
from deadlines.models import (
    CLOSED_STATUSES,
    LOG_CHANNELS,
    MAX_ACTOR,
    MAX_CHAT_ID,
    MAX_NOTE,
    MAX_SUBJECT_REF,
    PAUSE_REASONS,
    PAUSED_STATUSES,
    RECEIVED_VIA,
    REQUEST_TYPES,
    RUNNING_STATUSES,
    STATUS_DONE,
    STATUS_EXTENDED,
    STATUS_OPEN,
    STATUS_REFUSED,
    STATUS_WITHDRAWN,
    AuditEvent,
    DataSubjectRequest,
    RequestCounter,
)
from deadlines.rules import COUNTRY_TIMEZONES, compute_deadlines, receipt_date
from knowledge.model import KnowledgeBase, Organisation

log = logging.getLogger("gdpr_bot.register")

DEFAULT_PAGE = 50
MAX_PAGE = 1000
MAX_WITHIN_DAYS = 366
# Closed requests are kept this long after closing, then purged: 3 years, the Danish general
# limitation period (forældelsesloven § 3), also used for Sweden (docs/register.md, "Purge").
DEFAULT_RETENTION_DAYS = 3 * 365 + 1
RETENTION_ENV = "GDPR_BOT_RETENTION_DAYS"  # overrides DEFAULT_RETENTION_DAYS for purges
GDPR_APPLIES_FROM = date(2018, 5, 25)
COMPLAINT_AUTHORITIES: dict[str, str] = {"DK": "Datatilsynet", "SE": "Integritetsskyddsmyndigheten (IMY)"}
REF_PATTERN = re.compile(r"^DSR-(\d{4})-(\d{4,})$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # C0 controls and DEL, except tab and newline
_LIST_SCOPES = ("open", "overdue", "due", "all")


class RegisterError(Exception):
    """A user error: `key` names the message in handlers.wording, `values` fill it in."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def message(self, language: str | None = None) -> str:
        """The error in `language` (English by default)."""
        from handlers.wording import has, t

        values = dict(self.values)
        for name in ("field", "status"):  # field names and statuses are worded too
            if name in values and has(f"register.{name}.{values[name]}"):
                values[name] = t(f"register.{name}.{values[name]}", language)
        return t(self.key, language, **values)

    def __str__(self) -> str:
        """The English message."""
        return self.message("en")


class DuplicateRequestError(RegisterError):
    """An open request for the same organisation, type and subject exists; nothing was stored."""

    def __init__(self, existing: tuple[str, ...]) -> None:
        super().__init__("register.duplicate", ids=", ".join(existing))
        self.existing = existing


@dataclass(frozen=True)
class Actor:
    """Who acts, and the channel (and chat) they act from."""

    name: str
    channel: str = "cli"
    chat_id: str | None = None


@dataclass(frozen=True)
class RequestView:
    """A detached snapshot of one request, with its effective deadline judged against `today`."""

    ref: str
    organisation: str
    country: str
    type: str
    status: str
    received_at: datetime
    received_on: date
    received_via: str
    subject_ref: str = field(repr=False)  # personal data: never in repr, logs or the trail
    channel: str = ""
    chat_id: str | None = None
    logged_by: str = ""
    deadline: date = date.min
    extended_deadline: date = date.min
    current_deadline: date = date.min
    paused_days: int = 0
    paused_at: datetime | None = None
    extension_reason: str | None = None
    extended_at: datetime | None = None
    outcome: str | None = None
    outcome_note: str | None = None
    closed_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    revision: int = 1
    today: date = date.min  # in the organisation's time zone, when the snapshot was taken

    @property
    def article(self) -> str:
        """The GDPR article of the request type."""
        return REQUEST_TYPES[self.type]

    @property
    def closed(self) -> bool:
        """Done, refused or withdrawn."""
        return self.status in CLOSED_STATUSES

    @property
    def paused(self) -> bool:
        """Waiting for identity or clarification (the deadline clock is stopped)."""
        return self.status in PAUSED_STATUSES

    @property
    def overdue(self) -> bool:
        """The clock runs and today (organisation's zone) is past the current deadline."""
        return self.status in RUNNING_STATUSES and self.today > self.current_deadline

    @property
    def days_left(self) -> int | None:
        """Days from today to the current deadline (negative when overdue); None when closed."""
        return None if self.closed else (self.current_deadline - self.today).days

    @property
    def paused_days_so_far(self) -> int:
        """Completed paused days plus the running pause's days."""
        return self.paused_days + (_pause_days(self.paused_at, self.today, self.country) if self.paused_at else 0)

    def to_dict(self, include_subject: bool = False) -> dict[str, Any]:
        """JSON-ready dict; the subject reference only when asked for."""
        out: dict[str, Any] = {
            "id": self.ref,
            "organisation": self.organisation,
            "country": self.country,
            "type": self.type,
            "article": self.article,
            "status": self.status,
            "received_at": self.received_at.isoformat(),
            "received_on": self.received_on.isoformat(),
            "received_via": self.received_via,
            "channel": self.channel,
            "chat_id": self.chat_id,
            "logged_by": self.logged_by,
            "deadline": self.deadline.isoformat(),
            "extended_deadline": self.extended_deadline.isoformat(),
            "current_deadline": self.current_deadline.isoformat(),
            "overdue": self.overdue,
            "days_left": self.days_left,
            "paused_days": self.paused_days,
            "paused_days_so_far": self.paused_days_so_far,
            "paused_at": _iso(self.paused_at),
            "extension_reason": self.extension_reason,
            "extended_at": _iso(self.extended_at),
            "outcome": self.outcome,
            "outcome_note": self.outcome_note,
            "closed_at": _iso(self.closed_at),
            "created_at": _iso(self.created_at),
            "updated_at": _iso(self.updated_at),
        }
        if include_subject:
            out["subject_ref"] = self.subject_ref
        return out


@dataclass(frozen=True)
class EventView:
    """One audit-trail entry."""

    request_ref: str
    at: datetime
    actor: str
    action: str
    details: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {"at": self.at.isoformat(), "actor": self.actor, "action": self.action, "details": self.details}


@dataclass(frozen=True)
class LogResult:
    """A newly logged request, and the open duplicates it was logged despite (with force)."""

    request: RequestView
    duplicates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Change:
    """A changed request and the audit-trail entry that records the change."""

    request: RequestView
    event: EventView


@dataclass(frozen=True)
class RequestDetails:
    """A request with its audit trail, oldest entry first."""

    request: RequestView
    history: tuple[EventView, ...]


@dataclass(frozen=True)
class Page:
    """One page of a list, in deadline order; `has_more` when the list goes on."""

    items: tuple[RequestView, ...]
    has_more: bool


@dataclass(frozen=True)
class PurgeResult:
    """What a purge deleted (or, on a dry run, would delete)."""

    refs: tuple[str, ...]
    cutoff: datetime
    dry_run: bool

    @property
    def count(self) -> int:
        """Number of requests."""
        return len(self.refs)


# --- helpers -----------------------------------------------------------------------------------


def _iso(value: datetime | None) -> str | None:
    """ISO 8601 text, or None."""
    return value.isoformat() if value is not None else None


def _zone(country: str) -> ZoneInfo:
    """The organisation's time zone."""
    return ZoneInfo(COUNTRY_TIMEZONES[country])


def _today(now: datetime, country: str) -> date:
    """Today's date in the country's time zone (the engine's receipt-date rule applied to `now`)."""
    return receipt_date(now, country)


def _pause_days(paused_at: datetime, today: date, country: str) -> int:
    """Whole days paused: from the pause's date to `today`, both in the organisation's zone."""
    return max(0, (today - receipt_date(paused_at, country)).days)


def _now(clock: Clock) -> datetime:
    """The clock's time, which must be timezone-aware."""
    now = clock()
    if not isinstance(now, datetime) or now.tzinfo is None or now.utcoffset() is None:
        raise TypeError("the register's clock must return an aware datetime")
    return now


def _knowledge_base(kb: KnowledgeBase | None) -> KnowledgeBase:
    """The given knowledge base, or the bundled one."""
    if kb is not None:
        return kb
    from knowledge.loader import default_knowledge_base

    return default_knowledge_base()


def _organisation(slug: Any, kb: KnowledgeBase | None) -> Organisation:
    """The organisation with this slug, or a RegisterError naming the known ones."""
    base = _knowledge_base(kb)
    org = base.get(slug.strip().lower()) if isinstance(slug, str) else None
    if org is None:
        raise RegisterError("error.unknown_org", org=str(slug)[:64], known=", ".join(base.slugs))
    return org


def _choice(value: Any, options: tuple[str, ...] | dict[str, Any], key: str) -> str:
    """`value` normalised (trimmed, lower-case), if it is one of `options`."""
    normal = value.strip().lower().replace("-", "_") if isinstance(value, str) else None
    if normal not in options:
        raise RegisterError(key, value=str(value)[:40], known=", ".join(options))
    return normal


def _text(value: Any, field_name: str, limit: int, *, required: bool, multiline: bool = True) -> str | None:
    """A trimmed free-text value: required or optional, bounded, without control characters."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise RegisterError("register.field_required", field=field_name)
        return None
    if not isinstance(value, str):
        raise RegisterError("register.invalid_text", field=field_name)
    value = unicodedata.normalize("NFC", value.strip())
    if len(value) > limit:
        raise RegisterError("register.field_too_long", field=field_name, limit=limit)
    if _CONTROL.search(value) or (not multiline and ("\n" in value or "\t" in value)):
        raise RegisterError("register.invalid_text", field=field_name)
    return value


def _actor(actor: Any) -> Actor:
    """A validated actor (trimmed name, known channel, bounded chat id)."""
    if not isinstance(actor, Actor):
        raise TypeError("actor must be a deadlines.register.Actor")
    name = _text(actor.name, "actor", MAX_ACTOR, required=True, multiline=False)
    channel = _choice(actor.channel, LOG_CHANNELS, "register.unknown_channel")
    chat_id = _text(actor.chat_id, "chat", MAX_CHAT_ID, required=False, multiline=False)
    assert name is not None
    return Actor(name, channel, chat_id)


def _subject(value: Any) -> tuple[str, str]:
    """The validated subject reference and its duplicate-detection key (sha256 of the normalised form)."""
    if isinstance(value, str) and len(value.strip()) > MAX_SUBJECT_REF:
        raise RegisterError("register.subject_too_long", limit=MAX_SUBJECT_REF)
    ref = _text(value, "subject", MAX_SUBJECT_REF, required=True, multiline=False)
    assert ref is not None
    key = hashlib.sha256(" ".join(ref.casefold().split()).encode()).hexdigest()
    return ref, key


def _received(value: Any, country: str, now: datetime) -> tuple[datetime, date]:
    """Parse and check the time of receipt: (aware datetime, local date). Naive = organisation's zone."""
    zone = _zone(country)
    if isinstance(value, str):
        text = value.strip()
        try:
            value = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
        except ValueError:
            raise RegisterError("register.invalid_date", value=text[:40]) from None
    if isinstance(value, datetime):
        at = value if value.tzinfo is not None and value.utcoffset() is not None else value.replace(tzinfo=zone)
        on = receipt_date(at, country)
        future = at > now
    elif isinstance(value, date):
        on = value
        at = datetime.combine(value, time(0), zone)  # a date alone: the start of that day, locally
        future = on > _today(now, country)
    else:
        raise RegisterError("register.invalid_date", value=str(value)[:40])
    if future:
        raise RegisterError("register.received_future", received=on.isoformat(), today=_today(now, country).isoformat())
    if on < GDPR_APPLIES_FROM:
        raise RegisterError("register.received_before_gdpr", received=on.isoformat())
    return at.astimezone(UTC), on


def _ref(value: Any) -> str:
    """A request id in canonical form (DSR-YYYY-NNNN), or an unknown-id error."""
    ref = value.strip().upper() if isinstance(value, str) else ""
    if not REF_PATTERN.match(ref):
        raise RegisterError("register.unknown_id", id=str(value)[:40])
    return ref


def _scrub(text: str | None, subject_ref: str) -> str | None:
    """`text` with any copy of the subject reference replaced, for the audit trail."""
    if not text or len(subject_ref) < 3:
        return text
    return re.sub(re.escape(subject_ref), "[subject]", text, flags=re.IGNORECASE)


def _view(row: DataSubjectRequest, now: datetime) -> RequestView:
    """A detached snapshot of `row`, judged at `now`."""
    return RequestView(
        ref=row.ref,
        organisation=row.organisation,
        country=row.country,
        type=row.type,
        status=row.status,
        received_at=row.received_at,
        received_on=row.received_on,
        received_via=row.received_via,
        subject_ref=row.subject_ref,
        channel=row.channel,
        chat_id=row.chat_id,
        logged_by=row.logged_by,
        deadline=row.deadline,
        extended_deadline=row.extended_deadline,
        current_deadline=row.current_deadline,
        paused_days=row.paused_days,
        paused_at=row.paused_at,
        extension_reason=row.extension_reason,
        extended_at=row.extended_at,
        outcome=row.outcome,
        outcome_note=row.outcome_note,
        closed_at=row.closed_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
        revision=row.revision,
        today=_today(now, row.country),
    )


# --- transactions and the audit trail ----------------------------------------------------------


class AuditTrailViolation(RuntimeError):
    """A programming error: a request changed without a trail row, or a trail row was altered."""


def _guard_flush(session: Session, _context: Any, _instances: Any) -> None:
    """Refuse changes to trail rows and ORM deletes; remember which requests changed."""
    changed: set[int] = session.info.setdefault("changed_requests", set())
    trailed: set[int] = session.info.setdefault("trailed_requests", set())
    for obj in session.deleted:
        raise AuditTrailViolation(f"the register never deletes through the ORM ({obj!r})")
    for obj in session.dirty:
        if isinstance(obj, AuditEvent) and session.is_modified(obj):
            raise AuditTrailViolation(f"the audit trail is append-only ({obj!r})")
        if isinstance(obj, DataSubjectRequest) and session.is_modified(obj):
            changed.add(id(obj))
    for obj in session.new:
        if isinstance(obj, DataSubjectRequest):
            changed.add(id(obj))
        elif isinstance(obj, AuditEvent) and obj.request is not None:
            trailed.add(id(obj.request))


@contextmanager
def _write(engine: Engine) -> Iterator[Session]:
    """A write transaction that commits only if every changed request got an audit-trail row."""
    with write_session(engine) as session:
        event.listen(session, "before_flush", _guard_flush)
        yield session
        session.flush()
        missing = session.info.get("changed_requests", set()) - session.info.get("trailed_requests", set())
        if missing:
            raise AuditTrailViolation("a request changed without an audit-trail entry")


def _trail(
    session: Session, row: DataSubjectRequest, actor: Actor, action: str, now: datetime, **details: Any
) -> EventView:
    """Append one trail row for `row` (and bump its revision); details must hold no subject reference."""
    details["channel"] = actor.channel
    session.add(
        AuditEvent(request=row, request_ref=row.ref, at=now, actor=actor.name, action=action, details=details)
    )
    if row.id is not None:  # an existing request changed
        row.revision = (row.revision or 1) + 1
        row.updated_at = now
    return EventView(row.ref, now, actor.name, action, dict(details))


def _load(session: Session, ref: str, *, for_update: bool) -> DataSubjectRequest:
    """The request with this id (row-locked for update on PostgreSQL), or an error."""
    stmt = select(DataSubjectRequest).where(DataSubjectRequest.ref == ref)
    if for_update:
        stmt = stmt.with_for_update()
    row = session.execute(stmt).scalar_one_or_none()
    if row is not None:
        return row
    purged = session.execute(
        select(AuditEvent.at).where(AuditEvent.request_ref == ref, AuditEvent.action == "purged").limit(1)
    ).scalar_one_or_none()
    if purged is not None:
        raise RegisterError("register.purged_id", id=ref, date=purged.date().isoformat())
    raise RegisterError("register.unknown_id", id=ref)


def _next_seq(session: Session, year: int) -> int:
    """The next sequence number of `year`, taken atomically inside the current write transaction."""
    table = RequestCounter.__table__
    dialect = session.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert as upsert
        else:
            from sqlalchemy.dialects.postgresql import insert as upsert
        stmt = (
            upsert(table)
            .values(year=year, last=1)
            .on_conflict_do_update(index_elements=[table.c.year], set_={"last": table.c.last + 1})
            .returning(table.c.last)
        )
        return int(session.execute(stmt).scalar_one())
    return _next_seq_generic(session, year)


def _next_seq_generic(session: Session, year: int) -> int:
    """Portable fallback: UPDATE ... SET last = last + 1, or insert the year's first row (retry on a race)."""
    table = RequestCounter.__table__
    for _ in range(5):
        session.execute(update(table).where(table.c.year == year).values(last=table.c.last + 1))
        value = session.execute(select(table.c.last).where(table.c.year == year)).scalar_one_or_none()
        if value is not None:
            return int(value)
        try:
            with session.begin_nested():
                session.execute(insert(table).values(year=year, last=1))
            return 1
        except IntegrityError:
            continue  # another transaction created the year's row first
    raise RuntimeError(f"could not allocate a request id for {year}")


def _lock_subject(session: Session, organisation: str, key: str) -> None:
    """On PostgreSQL, serialise logging of the same subject so the duplicate check cannot race."""
    if session.get_bind().dialect.name == "postgresql":
        lock = int(hashlib.sha256(f"{organisation}:{key}".encode()).hexdigest()[:15], 16)
        session.execute(select(func.pg_advisory_xact_lock(lock)))


# --- operations --------------------------------------------------------------------------------


def log_request(
    engine: Engine,
    clock: Clock,
    actor: Actor,
    *,
    organisation: str,
    type: str,
    received: date | datetime | str,
    via: str,
    subject_ref: str,
    force: bool = False,
    kb: KnowledgeBase | None = None,
) -> LogResult:
    """Log a new request; an open one with the same organisation, type and subject blocks it unless `force`."""
    now = _now(clock)
    who = _actor(actor)
    org = _organisation(organisation, kb)
    kind = _choice(type, REQUEST_TYPES, "register.unknown_type")
    how = _choice(via, RECEIVED_VIA, "register.unknown_via")
    subject, key = _subject(subject_ref)
    received_at, received_on = _received(received, org.country, now)
    deadlines = compute_deadlines(received_on, org.country)

    with _write(engine) as session:
        _lock_subject(session, org.slug, key)
        duplicates = tuple(
            session.execute(
                select(DataSubjectRequest.ref)
                .where(
                    DataSubjectRequest.closed_at.is_(None),
                    DataSubjectRequest.organisation == org.slug,
                    DataSubjectRequest.subject_key == key,
                    DataSubjectRequest.type == kind,
                )
                .order_by(DataSubjectRequest.id)
            ).scalars()
        )
        if duplicates and not force:
            raise DuplicateRequestError(duplicates)
        year = received_on.year
        seq = _next_seq(session, year)
        row = DataSubjectRequest(
            ref=f"DSR-{year}-{seq:04d}",
            year=year,
            seq=seq,
            organisation=org.slug,
            country=org.country,
            type=kind,
            received_at=received_at,
            received_on=received_on,
            received_via=how,
            subject_ref=subject,
            subject_key=key,
            channel=who.channel,
            chat_id=who.chat_id,
            logged_by=who.name,
            status=STATUS_OPEN,
            deadline=deadlines.deadline,
            extended_deadline=deadlines.extended_deadline,
            current_deadline=deadlines.deadline,
            paused_days=0,
            created_at=now,
            updated_at=now,
            revision=1,
        )
        session.add(row)
        view = _view(row, now)
        _trail(
            session,
            row,
            who,
            "logged",
            now,
            organisation=org.slug,
            type=kind,
            received_on=received_on.isoformat(),
            via=how,
            deadline=deadlines.deadline.isoformat(),
            extended_deadline=deadlines.extended_deadline.isoformat(),
            overdue=view.overdue,
            duplicates_of=list(duplicates),
        )
    log.info("request %s logged: %s for %s, deadline %s", view.ref, kind, org.slug, view.deadline)
    if view.overdue:
        log.info("request %s was logged after its deadline %s", view.ref, view.deadline)
    return LogResult(view, duplicates)


def get_request(engine: Engine, clock: Clock, ref: str) -> RequestDetails:
    """One request with its audit trail."""
    now = _now(clock)
    ref = _ref(ref)
    with read_session(engine) as session:
        row = _load(session, ref, for_update=False)
        events = session.execute(
            select(AuditEvent).where(AuditEvent.request_id == row.id).order_by(AuditEvent.id)
        ).scalars()
        history = tuple(EventView(e.request_ref, e.at, e.actor, e.action, dict(e.details)) for e in events)
        return RequestDetails(_view(row, now), history)


def _today_bounds(now: datetime) -> tuple[date, date]:
    """The earliest and latest "today" across the supported countries' time zones."""
    days = [_today(now, country) for country in COUNTRY_TIMEZONES]
    return min(days), max(days)


def list_statement(
    now: datetime,
    *,
    scope: str,
    within_days: int | None = None,
    organisation: str | None = None,
    type: str | None = None,
    limit: int,
) -> Select[tuple[DataSubjectRequest]]:
    """The SELECT behind list_requests (already validated arguments); also used to EXPLAIN it."""
    R = DataSubjectRequest
    stmt = select(R)
    if scope != "all":
        stmt = stmt.where(R.closed_at.is_(None))
    lo, hi = _today_bounds(now)
    if scope == "overdue":
        stmt = stmt.where(R.status.in_(RUNNING_STATUSES), R.current_deadline < hi)
    elif scope == "due":
        assert within_days is not None
        stmt = stmt.where(
            R.status.in_(RUNNING_STATUSES), R.current_deadline.between(lo, hi + timedelta(days=within_days))
        )
    if organisation is not None:
        stmt = stmt.where(R.organisation == organisation)
    if type is not None:
        stmt = stmt.where(R.type == type)
    if scope == "all":
        stmt = stmt.order_by(R.current_deadline.desc(), R.id.desc())
    else:
        stmt = stmt.order_by(R.current_deadline, R.id)
    return stmt.limit(limit)


def list_requests(
    engine: Engine,
    clock: Clock,
    *,
    scope: str = "open",
    within_days: int | None = None,
    organisation: str | None = None,
    type: str | None = None,
    limit: int = DEFAULT_PAGE,
    kb: KnowledgeBase | None = None,
) -> Page:
    """A page of requests in deadline order: open (not closed), overdue, due within N days, or all.

    Overdue and due-soon lists hold only requests whose clock runs (open or extended); paused
    requests appear in the open list. `all` lists every request, latest deadline first.
    """
    now = _now(clock)
    scope = _choice(scope, _LIST_SCOPES, "register.unknown_scope")
    if scope == "due":
        if isinstance(within_days, bool) or not isinstance(within_days, int) or not 0 <= within_days <= MAX_WITHIN_DAYS:
            raise RegisterError("register.invalid_days", value=str(within_days), limit=MAX_WITHIN_DAYS)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_PAGE:
        raise RegisterError("register.invalid_limit", value=str(limit), limit=MAX_PAGE)
    org = _organisation(organisation, kb).slug if organisation is not None else None
    kind = _choice(type, REQUEST_TYPES, "register.unknown_type") if type is not None else None

    stmt = list_statement(now, scope=scope, within_days=within_days, organisation=org, type=kind, limit=limit + 1)
    with read_session(engine) as session:
        views = [_view(row, now) for row in session.execute(stmt).scalars()]
    has_more = len(views) > limit
    views = views[:limit]
    if scope == "overdue":  # exact per organisation zone (the SQL bound is the latest "today")
        views = [v for v in views if v.overdue]
    elif scope == "due":
        assert within_days is not None
        views = [v for v in views if 0 <= (v.current_deadline - v.today).days <= within_days]
    return Page(tuple(views), has_more)


def iter_requests(
    engine: Engine,
    clock: Clock,
    *,
    organisation: str | None = None,
    open_only: bool = False,
    kb: KnowledgeBase | None = None,
    batch: int = 1000,
) -> Iterator[RequestView]:
    """Every request (or every not-closed one), in id order, streamed in batches (for exports)."""
    now = _now(clock)
    org = _organisation(organisation, kb).slug if organisation is not None else None
    R = DataSubjectRequest
    stmt = select(R).order_by(R.id)
    if org is not None:
        stmt = stmt.where(R.organisation == org)
    if open_only:
        stmt = stmt.where(R.closed_at.is_(None))
    with read_session(engine) as session:
        for row in session.execute(stmt.execution_options(yield_per=batch)).scalars():
            yield _view(row, now)


def pause(engine: Engine, clock: Clock, actor: Actor, ref: str, *, reason: str, note: str | None = None) -> Change:
    """Stop the clock while waiting for the subject's identity or a clarification (EDPB §159)."""
    now = _now(clock)
    who = _actor(actor)
    ref = _ref(ref)
    why = _choice(reason, PAUSE_REASONS, "register.unknown_pause_reason")
    text = _text(note, "note", MAX_NOTE, required=False)
    with _write(engine) as session:
        row = _load(session, ref, for_update=True)
        _require_not_closed(row)
        if row.status in PAUSED_STATUSES:
            raise RegisterError("register.already_paused", id=ref, status=row.status)
        today = _today(now, row.country)
        if today > row.current_deadline:
            raise RegisterError("register.pause_after_deadline", id=ref, deadline=row.current_deadline.isoformat())
        before = row.status
        row.status = PAUSE_REASONS[why]
        row.paused_at = now
        entry = _trail(session, row, who, "paused", now, reason=why, note=_scrub(text, row.subject_ref), previous_status=before)
        view = _view(row, now)
    log.info("request %s paused (%s)", ref, why)
    return Change(view, entry)


def resume(engine: Engine, clock: Clock, actor: Actor, ref: str) -> Change:
    """Restart the clock: the deadlines move by the whole days paused (organisation's time zone)."""
    now = _now(clock)
    who = _actor(actor)
    ref = _ref(ref)
    with _write(engine) as session:
        row = _load(session, ref, for_update=True)
        _require_not_closed(row)
        if row.status not in PAUSED_STATUSES or row.paused_at is None:
            raise RegisterError("register.not_paused", id=ref, status=row.status)
        days = _pause_days(row.paused_at, _today(now, row.country), row.country)
        total = row.paused_days + days
        deadlines = compute_deadlines(row.received_on, row.country, paused_days=total)
        extended = row.extended_at is not None
        row.paused_days = total
        row.paused_at = None
        row.status = STATUS_EXTENDED if extended else STATUS_OPEN
        row.deadline = deadlines.deadline
        row.extended_deadline = deadlines.extended_deadline
        row.current_deadline = deadlines.extended_deadline if extended else deadlines.deadline
        entry = _trail(
            session,
            row,
            who,
            "resumed",
            now,
            days=days,
            paused_days=total,
            deadline=row.deadline.isoformat(),
            extended_deadline=row.extended_deadline.isoformat(),
            current_deadline=row.current_deadline.isoformat(),
        )
        view = _view(row, now)
    log.info("request %s resumed after %d paused day(s), deadline %s", ref, days, view.current_deadline)
    return Change(view, entry)


def extend(engine: Engine, clock: Clock, actor: Actor, ref: str, *, reason: str) -> Change:
    """Extend by two further months (Art. 12(3)): once, with a reason, before the first deadline passes."""
    now = _now(clock)
    who = _actor(actor)
    ref = _ref(ref)
    why = _text(reason, "reason", MAX_NOTE, required=True)
    with _write(engine) as session:
        row = _load(session, ref, for_update=True)
        _require_not_closed(row)
        if row.extended_at is not None:
            raise RegisterError("register.already_extended", id=ref, deadline=row.extended_deadline.isoformat())
        if row.status in PAUSED_STATUSES:
            raise RegisterError("register.extend_while_paused", id=ref)
        if _today(now, row.country) > row.deadline:
            raise RegisterError("register.extension_too_late", id=ref, deadline=row.deadline.isoformat())
        row.status = STATUS_EXTENDED
        row.extension_reason = why
        row.extended_at = now
        row.current_deadline = row.extended_deadline
        entry = _trail(
            session,
            row,
            who,
            "extended",
            now,
            reason=_scrub(why, row.subject_ref),
            extended_deadline=row.extended_deadline.isoformat(),
            inform_subject_by=row.deadline.isoformat(),
        )
        view = _view(row, now)
    log.info("request %s extended to %s", ref, view.current_deadline)
    return Change(view, entry)


def close(engine: Engine, clock: Clock, actor: Actor, ref: str, *, outcome: str, note: str | None = None) -> Change:
    """Close as done or refused; a refusal needs its reason (the subject must be told it, Art. 12(4))."""
    now = _now(clock)
    who = _actor(actor)
    ref = _ref(ref)
    result = _choice(outcome, (STATUS_DONE, STATUS_REFUSED), "register.unknown_outcome")
    text = _text(note, "note", MAX_NOTE, required=False)
    if result == STATUS_REFUSED and text is None:
        raise RegisterError("register.refusal_needs_reason")
    return _finish(engine, now, who, ref, result, text, "closed")


def withdraw(engine: Engine, clock: Clock, actor: Actor, ref: str, *, note: str | None = None) -> Change:
    """Record that the subject withdrew the request."""
    now = _now(clock)
    who = _actor(actor)
    ref = _ref(ref)
    text = _text(note, "note", MAX_NOTE, required=False)
    return _finish(engine, now, who, ref, STATUS_WITHDRAWN, text, "withdrawn")


def _finish(engine: Engine, now: datetime, who: Actor, ref: str, status: str, note: str | None, action: str) -> Change:
    """Close a request with `status` (done, refused, withdrawn) and trail it."""
    with _write(engine) as session:
        row = _load(session, ref, for_update=True)
        _require_not_closed(row)
        before = row.status
        today = _today(now, row.country)
        details: dict[str, Any] = {
            "outcome": status,
            "note": _scrub(note, row.subject_ref),
            "previous_status": before,
            "late": before in RUNNING_STATUSES and today > row.current_deadline,
        }
        if row.paused_at is not None:
            details["paused_since"] = row.paused_at.isoformat()
            row.paused_at = None
        row.status = status
        row.outcome = status
        row.outcome_note = note
        row.closed_at = now
        entry = _trail(session, row, who, action, now, **details)
        view = _view(row, now)
    log.info("request %s %s (%s)", ref, action, status)
    return Change(view, entry)


def reopen(engine: Engine, clock: Clock, actor: Actor, ref: str, *, reason: str) -> Change:
    """Reopen a closed or withdrawn request (it returns to open, or extended if it was extended)."""
    now = _now(clock)
    who = _actor(actor)
    ref = _ref(ref)
    why = _text(reason, "reason", MAX_NOTE, required=True)
    with _write(engine) as session:
        row = _load(session, ref, for_update=True)
        if row.status not in CLOSED_STATUSES:
            raise RegisterError("register.not_closed", id=ref, status=row.status)
        before = row.status
        row.status = STATUS_EXTENDED if row.extended_at is not None else STATUS_OPEN
        row.outcome = None
        row.outcome_note = None
        row.closed_at = None
        entry = _trail(
            session, row, who, "reopened", now, reason=_scrub(why, row.subject_ref), previous_status=before, status=row.status
        )
        view = _view(row, now)
    log.info("request %s reopened (%s)", ref, view.status)
    return Change(view, entry)


def _require_not_closed(row: DataSubjectRequest) -> None:
    """Refuse to change a closed request (reopen it first)."""
    if row.status in CLOSED_STATUSES:
        raise RegisterError("register.already_closed", id=row.ref, status=row.status)


def complaint_authority(organisation: str, country: str, kb: KnowledgeBase | None = None) -> str:
    """The supervisory authority a refused subject can complain to (knowledge base, else by country)."""
    org = _knowledge_base(kb).get(organisation)
    if org is not None:
        return org.complaint.authority
    return COMPLAINT_AUTHORITIES.get(country, "the data protection authority")


def retention_days() -> int:
    """Days a closed request is kept: GDPR_BOT_RETENTION_DAYS when set, else DEFAULT_RETENTION_DAYS."""
    import os

    raw = os.environ.get(RETENTION_ENV, "").strip()
    if not raw:
        return DEFAULT_RETENTION_DAYS
    if not raw.isdigit():
        raise RegisterError("register.invalid_days", value=raw[:20], limit=100 * 365)
    return int(raw)


def purge(
    engine: Engine,
    clock: Clock,
    actor: Actor,
    *,
    older_than_days: int | None = None,
    dry_run: bool = False,
    batch: int = 500,
) -> PurgeResult:
    """Delete requests closed more than `older_than_days` ago with their trail; leave a `purged` row each.

    Without `older_than_days`, the configured retention_days().
    """
    now = _now(clock)
    who = _actor(actor)
    if older_than_days is None:
        older_than_days = retention_days()
    if isinstance(older_than_days, bool) or not isinstance(older_than_days, int) or older_than_days < 0:
        raise RegisterError("register.invalid_days", value=str(older_than_days), limit=100 * 365)
    cutoff = now - timedelta(days=older_than_days)
    R, E = DataSubjectRequest, AuditEvent
    due = select(R).where(R.closed_at.is_not(None), R.closed_at < cutoff).order_by(R.closed_at, R.id)
    if dry_run:
        with read_session(engine) as session:
            refs = tuple(session.execute(due.with_only_columns(R.ref)).scalars())
        return PurgeResult(refs, cutoff, True)
    purged: list[str] = []
    while True:
        with write_session(engine) as session:
            rows = list(session.execute(due.limit(batch).with_for_update()).scalars())
            if not rows:
                break
            ids = [r.id for r in rows]
            counts = dict(
                session.execute(
                    select(E.request_id, func.count()).where(E.request_id.in_(ids)).group_by(E.request_id)
                ).all()
            )
            tombstones = [
                {
                    "request_id": None,
                    "request_ref": r.ref,
                    "at": now,
                    "actor": who.name,
                    "action": "purged",
                    "details": {
                        "organisation": r.organisation,
                        "type": r.type,
                        "received_on": r.received_on.isoformat(),
                        "outcome": r.outcome,
                        "closed_on": r.closed_at.date().isoformat() if r.closed_at else None,
                        "deadline": r.current_deadline.isoformat(),
                        "trail_entries": counts.get(r.id, 0),
                        "retention_days": older_than_days,
                        "channel": who.channel,
                    },
                }
                for r in rows
            ]
            session.execute(insert(E), tombstones)
            session.execute(delete(E).where(E.request_id.in_(ids)))
            session.execute(delete(R).where(R.id.in_(ids)))
            session.expunge_all()
            purged.extend(r.ref for r in rows)
    log.info("purged %d request(s) closed before %s", len(purged), cutoff.date())
    return PurgeResult(tuple(purged), cutoff, False)


def counts(engine: Engine) -> tuple[int, int]:
    """(number of requests, number of trail rows): for tests and the bench."""
    with read_session(engine) as session:
        requests = session.execute(select(func.count()).select_from(DataSubjectRequest)).scalar_one()
        events = session.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
    return int(requests), int(events)
