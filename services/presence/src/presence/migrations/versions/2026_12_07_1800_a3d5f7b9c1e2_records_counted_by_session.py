"""records counted by session

Statistics count a term's records per session and state: an index of (session, state,
organization) answers that from the index alone, for the term's records only, however many others
the organization holds.

Revision ID: a3d5f7b9c1e2
Revises: c4f1a9e2d7b6
Create Date: 2026-12-07 18:00:00
"""

from collections.abc import Sequence

from alembic import op


revision: str = "a3d5f7b9c1e2"
down_revision: str | None = "c4f1a9e2d7b6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_presence_record_session_state", "presence_record", ["session_id", "state", "organization_id"])


def downgrade() -> None:
    op.drop_index("ix_presence_record_session_state", table_name="presence_record")
