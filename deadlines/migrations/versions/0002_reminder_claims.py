"""Reminder claims (reminder_claim): one row per reminder or weekly digest, claimed before sending.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Literal copies on purpose: a migration records the schema as it was, not as the code is today.
_CLAIM_STATUSES = "'pending', 'sent', 'failed', 'skipped', 'cancelled'"
_PENDING_ONLY = {
    "sqlite_where": sa.text("status = 'pending'"),
    "postgresql_where": sa.text("status = 'pending'"),
}


def upgrade() -> None:
    """Create the claim table, its unique key and the pending-retry index."""
    op.create_table(
        "reminder_claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=20), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("destination", sa.String(length=240), nullable=False),
        sa.Column("escalation", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.Column("claimed_by", sa.String(length=100), nullable=False),
        sa.CheckConstraint(f"status IN ({_CLAIM_STATUSES})", name=op.f("ck_reminder_claim_status")),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_reminder_claim_attempts")),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["dsr_request.id"],
            name=op.f("fk_reminder_claim_request_id_dsr_request"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_claim")),
        sa.UniqueConstraint(
            "ref", "deadline", "stage", "destination", name=op.f("uq_reminder_claim_ref_deadline_stage_destination")
        ),
    )
    with op.batch_alter_table("reminder_claim", schema=None) as batch_op:
        batch_op.create_index("ix_reminder_claim_pending", ["next_attempt_at"], unique=False, **_PENDING_ONLY)
        batch_op.create_index(batch_op.f("ix_reminder_claim_request_id"), ["request_id"], unique=False)


def downgrade() -> None:
    """Drop the claim table (reminders already sent may then be sent again)."""
    op.drop_table("reminder_claim")
