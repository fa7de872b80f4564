"""session state counts: each session's records counted per state as they are written

Statistics read a term's sessions as a few hundred counted rows instead of counting its records
(50,000 for a term of a 500-person group) through an index; the writer keeps the counts in the same
transaction as the records. The index that counting used goes: no reader is left, and every write
paid for it.

Revision ID: d6e8f0a2b4c5
Revises: a3d5f7b9c1e2
Create Date: 2026-12-07 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "d6e8f0a2b4c5"
down_revision: str | None = "a3d5f7b9c1e2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "session_state_count",
        sa.Column("session_id", sa.String(length=36), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("marks", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"], ["presence_session.id"], name=op.f("fk_session_state_count_session_id_presence_session")
        ),
        sa.PrimaryKeyConstraint("session_id", "state", name=op.f("pk_session_state_count")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_unicode_ci",
        mysql_engine="InnoDB",
    )
    with op.batch_alter_table("session_state_count", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_session_state_count_organization_id"), ["organization_id"], unique=False)
    op.execute(
        "INSERT INTO session_state_count (session_id, state, organization_id, marks) "
        "SELECT session_id, state, organization_id, COUNT(*) FROM presence_record "
        "GROUP BY session_id, state, organization_id"
    )
    op.drop_index("ix_presence_record_session_state", table_name="presence_record")


def downgrade() -> None:
    op.create_index("ix_presence_record_session_state", "presence_record", ["session_id", "state", "organization_id"])
    with op.batch_alter_table("session_state_count", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_state_count_organization_id"))
    op.drop_table("session_state_count")
