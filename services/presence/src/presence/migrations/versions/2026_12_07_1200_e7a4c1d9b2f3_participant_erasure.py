"""participant erasure: when a participant was erased, and each service's part of it

Revision ID: e7a4c1d9b2f3
Revises: 5b7e2c9d4f10
Create Date: 2026-12-07 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
import omni_common.db.base


revision: str = "e7a4c1d9b2f3"
down_revision: str | None = "5b7e2c9d4f10"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_unicode_ci", "mysql_engine": "InnoDB"}


def upgrade() -> None:
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("erased_at", omni_common.db.base.UTCDateTime(), nullable=True))

    op.create_table(
        "participant_erasure",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("requested_by", sa.String(length=36), nullable=False),
        sa.Column("group_ids", sa.JSON(), nullable=False),
        sa.Column("created_at", omni_common.db.base.UTCDateTime(), nullable=False),
        sa.Column("completed_at", omni_common.db.base.UTCDateTime(), nullable=True),
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participant.id"], name=op.f("fk_participant_erasure_participant_id_participant")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participant_erasure")),
        sa.UniqueConstraint(
            "organization_id", "participant_id", name=op.f("uq_participant_erasure_organization_id_participant_id")
        ),
        **TABLE,
    )
    with op.batch_alter_table("participant_erasure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_participant_erasure_organization_id"), ["organization_id"], unique=False)

    op.create_table(
        "participant_erasure_step",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("erasure_id", sa.String(length=36), nullable=False),
        sa.Column("service", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.Column("done_at", omni_common.db.base.UTCDateTime(), nullable=True),
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["erasure_id"],
            ["participant_erasure.id"],
            name=op.f("fk_participant_erasure_step_erasure_id_participant_erasure"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participant_erasure_step")),
        sa.UniqueConstraint("erasure_id", "service", name=op.f("uq_participant_erasure_step_erasure_id_service")),
        **TABLE,
    )
    with op.batch_alter_table("participant_erasure_step", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_participant_erasure_step_organization_id"), ["organization_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("participant_erasure_step")
    op.drop_table("participant_erasure")
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_column("erased_at")
