"""device names

A batch keeps the `device_name` its device sent, each conflict version the name of its device,
and an audit entry the name of the device a change came from (SPEC §8).

Revision ID: 5be1dc6785fc
Revises: 9c1d3e5f7a20
Create Date: 2026-12-07 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "5be1dc6785fc"
down_revision: str | None = "9c1d3e5f7a20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("device_name", sa.String(length=100), nullable=True))
    with op.batch_alter_table("sync_batch", schema=None) as batch_op:
        batch_op.add_column(sa.Column("device_name", sa.String(length=100), nullable=True))
    with op.batch_alter_table("sync_conflict_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("device_name", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_conflict_version", schema=None) as batch_op:
        batch_op.drop_column("device_name")
    with op.batch_alter_table("sync_batch", schema=None) as batch_op:
        batch_op.drop_column("device_name")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("device_name")
