"""SQLAlchemy 2 models of the register of data-subject requests and its append-only audit trail.

The schema is owned by the Alembic migrations in `deadlines/migrations/versions`; a test proves
these models and the migrations agree. Change both together (`docs/register.md`, "Schema").
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from knowledge.model import CHANNEL_KINDS, RIGHTS

# Constraint names are spelled out so Alembic (batch mode on SQLite) can find and alter them.
NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Request types: every right of knowledge.model.RIGHTS a data subject exercises towards the shop
# (a complaint goes to the supervisory authority, not to the shop). Value: the GDPR article.
REQUEST_TYPES: dict[str, str] = {
    "access": "15",
    "rectification": "16",
    "erasure": "17",
    "restriction": "18",
    "portability": "20",
    "objection": "21",
    "consent_withdrawal": "7(3)",
}
assert set(REQUEST_TYPES) == set(RIGHTS) - {"complaint"}, "REQUEST_TYPES must follow knowledge.model.RIGHTS"

# How a request reached the organisation: the knowledge base's channel kinds.
RECEIVED_VIA: tuple[str, ...] = CHANNEL_KINDS

# Where staff logged it (reminders go back there).
LOG_CHANNELS: tuple[str, ...] = ("cli", "console", "telegram", "slack")

STATUS_OPEN = "open"
STATUS_AWAITING_IDENTITY = "awaiting_identity"
STATUS_AWAITING_CLARIFICATION = "awaiting_clarification"
STATUS_EXTENDED = "extended"
STATUS_DONE = "done"
STATUS_REFUSED = "refused"
STATUS_WITHDRAWN = "withdrawn"
RUNNING_STATUSES: tuple[str, ...] = (STATUS_OPEN, STATUS_EXTENDED)  # the deadline clock runs
PAUSED_STATUSES: tuple[str, ...] = (STATUS_AWAITING_IDENTITY, STATUS_AWAITING_CLARIFICATION)
CLOSED_STATUSES: tuple[str, ...] = (STATUS_DONE, STATUS_REFUSED, STATUS_WITHDRAWN)
STATUSES: tuple[str, ...] = RUNNING_STATUSES + PAUSED_STATUSES + CLOSED_STATUSES
PAUSE_REASONS: dict[str, str] = {"identity": STATUS_AWAITING_IDENTITY, "clarification": STATUS_AWAITING_CLARIFICATION}
OUTCOMES: tuple[str, ...] = (STATUS_DONE, STATUS_REFUSED, STATUS_WITHDRAWN)

MAX_SUBJECT_REF = 200
MAX_NOTE = 2000
MAX_ACTOR = 100
MAX_CHAT_ID = 200


def _in(column: str, values: tuple[str, ...]) -> str:
    """SQL text `column IN ('a', 'b')` for a CHECK constraint."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as UTC (naive UTC on SQLite, which drops zones); aware UTC on the way out."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Reject naive datetimes; store UTC."""
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime: the register stores aware datetimes only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Return aware UTC datetimes."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base of the register's tables, with the naming convention Alembic needs."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON()}


class RequestCounter(Base):
    """The last sequence number handed out per year of receipt (DSR-YYYY-NNNN)."""

    __tablename__ = "dsr_counter"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, nullable=False)


class DataSubjectRequest(Base):
    """One data-subject request: what was asked, when it arrived, its deadlines and where it stands."""

    __tablename__ = "dsr_request"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str] = mapped_column(String(20), unique=True)  # DSR-YYYY-NNNN
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    organisation: Mapped[str] = mapped_column(String(64))
    country: Mapped[str] = mapped_column(String(2))  # the organisation's, at logging: fixes the time zone
    type: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[datetime]
    received_on: Mapped[date] = mapped_column(Date)  # receipt date in the organisation's time zone
    received_via: Mapped[str] = mapped_column(String(32))
    # Personal data: only what is needed to find the person. Never logged, never in the trail.
    subject_ref: Mapped[str] = mapped_column(String(MAX_SUBJECT_REF))
    subject_key: Mapped[str] = mapped_column(String(64))  # sha256 of the normalised reference (duplicates)
    channel: Mapped[str] = mapped_column(String(32))
    chat_id: Mapped[str | None] = mapped_column(String(MAX_CHAT_ID))
    logged_by: Mapped[str] = mapped_column(String(MAX_ACTOR))
    status: Mapped[str] = mapped_column(String(32))
    deadline: Mapped[date] = mapped_column(Date)  # one month, moved by completed pauses
    extended_deadline: Mapped[date] = mapped_column(Date)  # three months, moved by completed pauses
    current_deadline: Mapped[date] = mapped_column(Date)  # extended_deadline when extended, else deadline
    paused_days: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    paused_at: Mapped[datetime | None]
    extension_reason: Mapped[str | None] = mapped_column(Text)
    extended_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(16))
    outcome_note: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    revision: Mapped[int] = mapped_column(Integer, server_default=text("1"))  # +1 per change (iCal SEQUENCE)

    events: Mapped[list[AuditEvent]] = relationship(
        back_populates="request", order_by="AuditEvent.id", passive_deletes="all"
    )

    __table_args__ = (
        UniqueConstraint("year", "seq"),
        CheckConstraint(_in("type", tuple(REQUEST_TYPES)), name="type"),
        CheckConstraint(_in("status", STATUSES), name="status"),
        CheckConstraint(_in("received_via", RECEIVED_VIA), name="received_via"),
        CheckConstraint("outcome IS NULL OR " + _in("outcome", OUTCOMES), name="outcome"),
        CheckConstraint(
            f"({_in('status', CLOSED_STATUSES)} AND closed_at IS NOT NULL) OR "
            f"(status NOT IN ({', '.join(repr(s) for s in CLOSED_STATUSES)}) AND closed_at IS NULL)",
            name="closed_at",
        ),
        CheckConstraint("paused_days >= 0", name="paused_days"),
        # The open work list, overdue and due-soon queries walk these in (deadline, id) order, the
        # lists' exact ORDER BY, and stop after a page: their cost does not grow with the rows kept.
        Index(
            "ix_dsr_request_open_deadline",
            "current_deadline",
            "id",
            sqlite_where=text("closed_at IS NULL"),
            postgresql_where=text("closed_at IS NULL"),
        ),
        Index(
            "ix_dsr_request_open_org_deadline",
            "organisation",
            "current_deadline",
            "id",
            sqlite_where=text("closed_at IS NULL"),
            postgresql_where=text("closed_at IS NULL"),
        ),
        Index(
            "ix_dsr_request_open_subject",
            "organisation",
            "subject_key",
            sqlite_where=text("closed_at IS NULL"),
            postgresql_where=text("closed_at IS NULL"),
        ),
        Index("ix_dsr_request_deadline", "current_deadline", "id"),  # --all
        Index(  # purge
            "ix_dsr_request_closed_at",
            "closed_at",
            sqlite_where=text("closed_at IS NOT NULL"),
            postgresql_where=text("closed_at IS NOT NULL"),
        ),
    )

    def __repr__(self) -> str:
        """Id and status only: the subject reference must never reach a log line."""
        return f"<DataSubjectRequest {self.ref} {self.status}>"


class AuditEvent(Base):
    """One entry of the append-only audit trail: who did what to which request, and when.

    Rows are only ever inserted (see `deadlines.register`); `details` never holds the subject
    reference. Purging a request deletes its rows and leaves one `purged` row without personal data.
    """

    __tablename__ = "dsr_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("dsr_request.id"), index=True)
    request_ref: Mapped[str] = mapped_column(String(20), index=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(MAX_ACTOR))
    action: Mapped[str] = mapped_column(String(32))
    details: Mapped[dict[str, Any]]

    request: Mapped[DataSubjectRequest | None] = relationship(back_populates="events")

    def __repr__(self) -> str:
        """Request id and action."""
        return f"<AuditEvent {self.request_ref} {self.action}>"


# --- reminder claims (deadlines.reminders, issue 4) ---------------------------------------------

CLAIM_PENDING = "pending"  # claimed; being sent, or waiting for its next attempt (next_attempt_at)
CLAIM_SENT = "sent"
CLAIM_FAILED = "failed"  # gave up after max_attempts
CLAIM_SKIPPED = "skipped"  # passed over by a catch-up after downtime: never sent
CLAIM_CANCELLED = "cancelled"  # no longer applies when retried (closed, paused, deadline moved, superseded)
CLAIM_STATUSES: tuple[str, ...] = (CLAIM_PENDING, CLAIM_SENT, CLAIM_FAILED, CLAIM_SKIPPED, CLAIM_CANCELLED)
DIGEST_REF = "digest"  # `ref` of a weekly digest's claim (request ids are DSR-YYYY-NNNN)
MAX_DESTINATION = 240  # "channel:" + a chat id of up to MAX_CHAT_ID characters


class ReminderClaim(Base):
    """One reminder (request, stage, deadline, destination) or weekly digest, claimed before it is sent.

    The unique constraint is the exactly-once guarantee: a scan inserts the claim (ON CONFLICT DO
    NOTHING) and sends only when the insert returned its row. No personal data: ids, dates, chats.
    """

    __tablename__ = "reminder_claim"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str] = mapped_column(String(20))  # the request id, or DIGEST_REF
    request_id: Mapped[int | None] = mapped_column(ForeignKey("dsr_request.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(32))  # before-7, due, overdue-3, extension-decision, digest
    deadline: Mapped[date] = mapped_column(Date)  # the current deadline it belongs to (digest: the ISO week's Monday)
    destination: Mapped[str] = mapped_column(String(MAX_DESTINATION))  # str(Destination)
    escalation: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer)
    claimed_at: Mapped[datetime]  # the latest attempt's start
    next_attempt_at: Mapped[datetime | None]  # pending: when it may be retried (lease or backoff)
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(200))
    claimed_by: Mapped[str] = mapped_column(String(100))  # host:pid of the instance that tried last

    __table_args__ = (
        UniqueConstraint("ref", "deadline", "stage", "destination"),
        CheckConstraint(_in("status", CLAIM_STATUSES), name="status"),
        CheckConstraint("attempts >= 0", name="attempts"),
        Index(  # the retry scan: pending claims whose lease or backoff has run out
            "ix_reminder_claim_pending",
            "next_attempt_at",
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )

    def __repr__(self) -> str:
        """Request id, stage and status."""
        return f"<ReminderClaim {self.ref} {self.stage} {self.status}>"
