"""session tallies: what a session's register came to once retention purged its records

Revision ID: b8d2e4f6a1c3
Revises: e7a4c1d9b2f3
Create Date: 2026-12-07 15:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
import omni_common.db.base


revision: str = "b8d2e4f6a1c3"
down_revision: str | None = "e7a4c1d9b2f3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "session_tally",
        sa.Column("session_id", sa.String(length=36), nullable=False),
        sa.Column("group_id", sa.String(length=36), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("marked", sa.Integer(), nullable=False),
        sa.Column("expected", sa.Integer(), nullable=False),
        sa.Column("checked_in", sa.Integer(), nullable=False),
        sa.Column("in_now", sa.Integer(), nullable=False),
        sa.Column("checked_out", sa.Integer(), nullable=False),
        sa.Column("folded_at", omni_common.db.base.UTCDateTime(), nullable=False),
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"], ["presence_session.id"], name=op.f("fk_session_tally_session_id_presence_session")
        ),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_session_tally")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_unicode_ci",
        mysql_engine="InnoDB",
    )
    with op.batch_alter_table("session_tally", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_session_tally_organization_id"), ["organization_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("session_tally", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_tally_organization_id"))
    op.drop_table("session_tally")
