"""device names

An audit entry keeps the name of the device a change came from (X-Omni-Device-Name, SPEC §8).

Revision ID: ce534e24c028
Revises: a3f1c7e9d205
Create Date: 2026-12-07 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "ce534e24c028"
down_revision: str | None = "a3f1c7e9d205"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("device_name", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("device_name")
