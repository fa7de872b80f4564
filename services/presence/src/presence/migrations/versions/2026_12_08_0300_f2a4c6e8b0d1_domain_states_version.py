"""domain states version

A domain counts the changes to its states, so that a writer can keep the states it checks a mark
against and trust them while the count, read with the session in the mark's first query, is the
same: one round trip less per mark.

Revision ID: f2a4c6e8b0d1
Revises: d6e8f0a2b4c5
Create Date: 2026-12-08 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "f2a4c6e8b0d1"
down_revision: str | None = "d6e8f0a2b4c5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("domain", schema=None) as batch_op:
        batch_op.add_column(sa.Column("states_version", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("domain", schema=None) as batch_op:
        batch_op.drop_column("states_version")
