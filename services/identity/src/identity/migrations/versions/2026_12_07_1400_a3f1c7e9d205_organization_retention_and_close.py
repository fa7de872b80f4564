"""organization: retention of presence data and report files, and closing

Revision ID: a3f1c7e9d205
Revises: 495c4af166c8
Create Date: 2026-12-07 14:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
import omni_common.db.base


revision: str = "a3f1c7e9d205"
down_revision: str | None = "495c4af166c8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.add_column(sa.Column("presence_retention_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("report_retention_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("closed_at", omni_common.db.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("closed_by", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("purged_at", omni_common.db.base.UTCDateTime(), nullable=True))
    # Organizations made before organizations had their own retention kept report files 30 days
    # (REPORTING_RETENTION_DAYS' default): they keep doing so until an administrator changes it.
    op.execute("UPDATE organization SET report_retention_days = 30")


def downgrade() -> None:
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.drop_column("purged_at")
        batch_op.drop_column("closed_by")
        batch_op.drop_column("closed_at")
        batch_op.drop_column("report_retention_days")
        batch_op.drop_column("presence_retention_days")
