"""notification links to screens

Notifications about absence requests linked to paths the web app does not have
(`/advance-notices`, `/me`); they now name the screens that deal with them, and those already
stored are pointed there too (emails and the bell follow the link as it is).

Revision ID: c4f1a9e2d7b6
Revises: ee8c22b0e8a2
Create Date: 2026-12-07 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "c4f1a9e2d7b6"
down_revision: str | None = "ee8c22b0e8a2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MOVED = {"/advance-notices": "/absences", "/me": "/my/absences"}


def upgrade() -> None:
    for old, new in MOVED.items():
        op.execute(sa.text("UPDATE notification SET link = :new WHERE link = :old").bindparams(old=old, new=new))


def downgrade() -> None:
    for old, new in MOVED.items():
        op.execute(sa.text("UPDATE notification SET link = :old WHERE link = :new").bindparams(old=old, new=new))
