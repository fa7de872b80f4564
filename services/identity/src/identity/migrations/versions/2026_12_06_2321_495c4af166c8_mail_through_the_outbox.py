"""mail through the outbox

Identity's mail leaves through the outbox like every other task (identity's worker sends it): mail
not yet sent moves into outbox_message, unpublished, so the worker's sweeper publishes it; then
the old table goes.

Revision ID: 495c4af166c8
Revises: bce18bf4d595
Create Date: 2026-12-06 23:21:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
import omni_common.db.base


revision: str = "495c4af166c8"
down_revision: str | None = "bce18bf4d595"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

mail_message = sa.table(
    "mail_message",
    sa.column("id", sa.String),
    sa.column("organization_id", sa.String),
    sa.column("to_address", sa.String),
    sa.column("subject", sa.String),
    sa.column("body", sa.Text),
    sa.column("kind", sa.String),
    sa.column("created_at", omni_common.db.base.UTCDateTime()),
    sa.column("attempts", sa.Integer),
    sa.column("sent_at", omni_common.db.base.UTCDateTime()),
    sa.column("failed_at", omni_common.db.base.UTCDateTime()),
)
outbox_message = sa.table(
    "outbox_message",
    sa.column("id", sa.String),
    sa.column("task_name", sa.String),
    sa.column("queue", sa.String),
    sa.column("kwargs", sa.JSON),
    sa.column("request_id", sa.String),
    sa.column("attempts", sa.Integer),
    sa.column("created_at", omni_common.db.base.UTCDateTime()),
    sa.column("published_at", omni_common.db.base.UTCDateTime()),
    sa.column("done_at", omni_common.db.base.UTCDateTime()),
)


def upgrade() -> None:
    conn = op.get_bind()
    unsent = conn.execute(
        sa.select(mail_message).where(mail_message.c.sent_at.is_(None), mail_message.c.failed_at.is_(None))
    ).all()
    if unsent:
        conn.execute(
            sa.insert(outbox_message),
            [
                {
                    "id": m.id,
                    "task_name": "identity.send_mail",
                    "queue": "identity",
                    "kwargs": {
                        "to": m.to_address,
                        "subject": m.subject,
                        "body": m.body,
                        "kind": m.kind,
                        "organization_id": m.organization_id,
                    },
                    "request_id": None,
                    # Attempts made already count towards giving up.
                    "attempts": m.attempts,
                    "created_at": m.created_at,
                    "published_at": None,
                    "done_at": None,
                }
                for m in unsent
            ],
        )
    with op.batch_alter_table("mail_message", schema=None) as batch_op:
        batch_op.drop_index("ix_mail_message_pending")

    op.drop_table("mail_message")


def downgrade() -> None:
    # The table comes back empty: mail moved into the outbox stays there.
    op.create_table(
        "mail_message",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organization_id", sa.String(length=36), nullable=True),
        sa.Column("to_address", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("created_at", omni_common.db.base.UTCDateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", omni_common.db.base.UTCDateTime(), nullable=False),
        sa.Column("sent_at", omni_common.db.base.UTCDateTime(), nullable=True),
        sa.Column("failed_at", omni_common.db.base.UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_message")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_unicode_ci",
        mysql_engine="InnoDB",
    )
    with op.batch_alter_table("mail_message", schema=None) as batch_op:
        batch_op.create_index("ix_mail_message_pending", ["sent_at", "next_attempt_at"], unique=False)
