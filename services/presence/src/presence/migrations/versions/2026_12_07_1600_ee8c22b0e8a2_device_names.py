"""device names

An audit entry keeps the name of the device a change came from: the header of an online
write (X-Omni-Device-Name), a sync batch's `device_name` for an offline one (SPEC §8).

Revision ID: ee8c22b0e8a2
Revises: b8d2e4f6a1c3
Create Date: 2026-12-07 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "ee8c22b0e8a2"
down_revision: str | None = "b8d2e4f6a1c3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("device_name", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("device_name")
