"""device numbers as big as a device sends

A device's `device_seq` and `base_version` are accepted up to 2^63 - 1 (SPEC §4.5): a column of
BIGINT holds them all, so none is a database error.

Revision ID: 9c1d3e5f7a20
Revises: 5a82f67daa13
Create Date: 2026-12-07 00:35:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "9c1d3e5f7a20"
down_revision: str | None = "5a82f67daa13"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (("sync_item", "device_seq"), ("sync_item", "base_version"), ("sync_conflict_version", "base_version"))


def upgrade() -> None:
    for table, column in COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, existing_type=sa.Integer(), type_=sa.BigInteger(), existing_nullable=True)


def downgrade() -> None:
    for table, column in reversed(COLUMNS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, existing_type=sa.BigInteger(), type_=sa.Integer(), existing_nullable=True)
