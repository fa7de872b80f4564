"""record history: the device's clock of an offline change, and whether it was skewed

Revision ID: 5b7e2c9d4f10
Revises: c3cec5ab8d20
Create Date: 2026-12-07 01:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
import omni_common.db.base


revision: str = "5b7e2c9d4f10"
down_revision: str | None = "c3cec5ab8d20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("presence_record_history", schema=None) as batch_op:
        batch_op.add_column(sa.Column("device_time", omni_common.db.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("clock_skewed", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("presence_record_history", schema=None) as batch_op:
        batch_op.drop_column("clock_skewed")
        batch_op.drop_column("device_time")
