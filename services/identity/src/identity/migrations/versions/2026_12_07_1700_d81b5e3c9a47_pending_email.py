"""pending email

A user's new email address waits here until the link mailed to it is followed (issue 17: the
answer to a change never tells whether the address has an account elsewhere).

Revision ID: d81b5e3c9a47
Revises: ce534e24c028
Create Date: 2026-12-07 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "d81b5e3c9a47"
down_revision: str | None = "ce534e24c028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pending_email", sa.String(length=254), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("pending_email")
