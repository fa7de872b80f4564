"""organization exports: an administrator's ZIP of all the organization's data

Revision ID: c4e6a8b0d2f1
Revises: b5a747f7d636
Create Date: 2026-12-07 15:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
import omni_common.db.base


revision: str = "c4e6a8b0d2f1"
down_revision: str | None = "b5a747f7d636"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "organization_export",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("requested_by", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", omni_common.db.base.UTCDateTime(), nullable=False),
        sa.Column("completed_at", omni_common.db.base.UTCDateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("started_at", omni_common.db.base.UTCDateTime(), nullable=True),
        sa.Column("lease_until", omni_common.db.base.UTCDateTime(), nullable=True),
        sa.Column("file_key", sa.String(length=255), nullable=True),
        sa.Column("file_name", sa.String(length=255), nullable=True),
        sa.Column("size_bytes", sa.BigInteger(), nullable=True),
        sa.Column("expires_at", omni_common.db.base.UTCDateTime(), nullable=True),
        sa.Column("expired_at", omni_common.db.base.UTCDateTime(), nullable=True),
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization_export")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_unicode_ci",
        mysql_engine="InnoDB",
    )
    with op.batch_alter_table("organization_export", schema=None) as batch_op:
        batch_op.create_index("ix_organization_export_org", ["organization_id", "id"], unique=False)
        batch_op.create_index("ix_organization_export_status_lease", ["status", "lease_until"], unique=False)
        batch_op.create_index("ix_organization_export_expires_at", ["expires_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_organization_export_organization_id"), ["organization_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("organization_export", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organization_export_organization_id"))
        batch_op.drop_index("ix_organization_export_expires_at")
        batch_op.drop_index("ix_organization_export_status_lease")
        batch_op.drop_index("ix_organization_export_org")
    op.drop_table("organization_export")
