"""Register of data-subject requests (dsr_request), per-year id counter and append-only audit trail.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Literal copies on purpose: a migration records the schema as it was, not as the code is today.
_TYPES = "'access', 'rectification', 'erasure', 'restriction', 'portability', 'objection', 'consent_withdrawal'"
_VIA = "'email', 'phone', 'letter', 'web_form', 'self_service', 'in_person', 'chat', 'social_media'"
_STATUSES = "'open', 'extended', 'awaiting_identity', 'awaiting_clarification', 'done', 'refused', 'withdrawn'"
_CLOSED = "'done', 'refused', 'withdrawn'"
_OPEN_ONLY = {"sqlite_where": sa.text("closed_at IS NULL"), "postgresql_where": sa.text("closed_at IS NULL")}
_CLOSED_ONLY = {
    "sqlite_where": sa.text("closed_at IS NOT NULL"),
    "postgresql_where": sa.text("closed_at IS NOT NULL"),
}


def upgrade() -> None:
    """Create the counter, request and audit-trail tables with their indexes."""
    op.create_table(
        "dsr_counter",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_dsr_counter")),
    )
    op.create_table(
        "dsr_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("organisation", sa.String(length=64), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("received_via", sa.String(length=32), nullable=False),
        sa.Column("subject_ref", sa.String(length=200), nullable=False),
        sa.Column("subject_key", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("chat_id", sa.String(length=200), nullable=True),
        sa.Column("logged_by", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("extended_deadline", sa.Date(), nullable=False),
        sa.Column("current_deadline", sa.Date(), nullable=False),
        sa.Column("paused_days", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("paused_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("extension_reason", sa.Text(), nullable=True),
        sa.Column("extended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("outcome_note", sa.Text(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revision", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.CheckConstraint(
            f"(status IN ({_CLOSED}) AND closed_at IS NOT NULL) OR (status NOT IN ({_CLOSED}) AND closed_at IS NULL)",
            name=op.f("ck_dsr_request_closed_at"),
        ),
        sa.CheckConstraint(f"outcome IS NULL OR outcome IN ({_CLOSED})", name=op.f("ck_dsr_request_outcome")),
        sa.CheckConstraint(f"received_via IN ({_VIA})", name=op.f("ck_dsr_request_received_via")),
        sa.CheckConstraint(f"status IN ({_STATUSES})", name=op.f("ck_dsr_request_status")),
        sa.CheckConstraint(f"type IN ({_TYPES})", name=op.f("ck_dsr_request_type")),
        sa.CheckConstraint("paused_days >= 0", name=op.f("ck_dsr_request_paused_days")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dsr_request")),
        sa.UniqueConstraint("ref", name=op.f("uq_dsr_request_ref")),
        sa.UniqueConstraint("year", "seq", name=op.f("uq_dsr_request_year_seq")),
    )
    with op.batch_alter_table("dsr_request", schema=None) as batch_op:
        batch_op.create_index("ix_dsr_request_closed_at", ["closed_at"], unique=False, **_CLOSED_ONLY)
        batch_op.create_index("ix_dsr_request_deadline", ["current_deadline", "id"], unique=False)
        batch_op.create_index("ix_dsr_request_open_deadline", ["current_deadline", "id"], unique=False, **_OPEN_ONLY)
        batch_op.create_index(
            "ix_dsr_request_open_org_deadline",
            ["organisation", "current_deadline", "id"],
            unique=False,
            **_OPEN_ONLY,
        )
        batch_op.create_index(
            "ix_dsr_request_open_subject", ["organisation", "subject_key"], unique=False, **_OPEN_ONLY
        )

    op.create_table(
        "dsr_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("request_ref", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"], ["dsr_request.id"], name=op.f("fk_dsr_event_request_id_dsr_request")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dsr_event")),
    )
    with op.batch_alter_table("dsr_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dsr_event_request_id"), ["request_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_dsr_event_request_ref"), ["request_ref"], unique=False)


def downgrade() -> None:
    """Drop the register's tables (and every request in them)."""
    op.drop_table("dsr_event")
    op.drop_table("dsr_request")
    op.drop_table("dsr_counter")
