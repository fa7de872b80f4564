from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from omni_common.db.base import MYSQL_TABLE_ARGS, TenantMixin, UTCDateTime, id_column
from omni_common.db.provision import append_only
from presence.database import Base


class PresenceRecord(TenantMixin, Base):
    """Who was how at one session: one row per (session, participant), its version rising with
    every change. Its earlier values are in ``presence_record_history``."""

    __tablename__ = "presence_record"
    __table_args__ = (
        UniqueConstraint("session_id", "participant_id"),
        Index("ix_presence_record_participant", "organization_id", "participant_id"),
        Index("ix_presence_record_org_state", "organization_id", "state"),
        Index("ix_presence_record_feed", "organization_id", "feed_seq"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[str] = id_column()
    session_id: Mapped[str] = mapped_column(ForeignKey("presence_session.id"))
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"))
    state: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    check_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    check_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    source: Mapped[str] = mapped_column(String(24))
    recorded_by: Mapped[str | None] = mapped_column(String(36))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    client_time: Mapped[datetime | None] = mapped_column(UTCDateTime)
    device_id: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Position in the organization's change feed: given from FeedCounter in the same transaction
    # as the change, so the feed's order is the order changes committed in.
    feed_seq: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


class SessionStateCount(TenantMixin, Base):
    """How many of a session's records are in each state now: kept by the writer in the same
    transaction as the records (and by retention as it purges them), so statistics read a term's
    hundred sessions as a few hundred rows instead of counting its 50,000 records."""

    __tablename__ = "session_state_count"
    __table_args__ = MYSQL_TABLE_ARGS

    session_id: Mapped[str] = mapped_column(ForeignKey("presence_session.id"), primary_key=True)
    state: Mapped[str] = mapped_column(String(32), primary_key=True)
    marks: Mapped[int] = mapped_column(Integer, default=0)


class FeedCounter(Base):
    """The last position given out in an organization's change feed. Writers take the row's lock
    just before they commit: a reader that has seen position n has seen everything before it."""

    __tablename__ = "feed_counter"
    __table_args__ = MYSQL_TABLE_ARGS

    organization_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)


class RecordVersion(TenantMixin, Base):
    """Every version a record has had, oldest first: nothing a colleague recorded is ever lost."""

    __tablename__ = "presence_record_history"
    __table_args__ = (
        UniqueConstraint("record_id", "version"),
        Index("ix_presence_record_history_feed", "organization_id", "feed_seq"),
        append_only(MYSQL_TABLE_ARGS),
    )

    id: Mapped[str] = id_column()
    record_id: Mapped[str] = mapped_column(ForeignKey("presence_record.id"))
    session_id: Mapped[str] = mapped_column(String(36))
    participant_id: Mapped[str] = mapped_column(String(36))
    version: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    check_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    check_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    source: Mapped[str] = mapped_column(String(24))
    actor_id: Mapped[str | None] = mapped_column(String(36))
    device_id: Mapped[str | None] = mapped_column(String(128))
    client_time: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # An offline change's device clock as it was, and whether it was off by more than sync allows
    # (client_time is then corrected by the difference; SPEC §4.5 step 4).
    device_time: Mapped[datetime | None] = mapped_column(UTCDateTime)
    clock_skewed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    mutation_id: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The version's place in the change feed: what presence's worker follows, version by version.
    feed_seq: Mapped[int | None] = mapped_column(BigInteger)


class AppliedMutation(TenantMixin, Base):
    """A client-made change id, once applied: sending it again returns the first answer, and never
    overwrites what a colleague recorded since (online retries and offline sync alike)."""

    __tablename__ = "applied_mutation"
    __table_args__ = (UniqueConstraint("organization_id", "mutation_id"), append_only(MYSQL_TABLE_ARGS))

    id: Mapped[str] = id_column()
    mutation_id: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(36))
    version: Mapped[int] = mapped_column(Integer)
    # created, changed or unchanged: what the first answer was.
    outcome: Mapped[str] = mapped_column(String(16))
    # The offline sync batch it came in (None online): replaying the same batch answers as before.
    batch_id: Mapped[str | None] = mapped_column(String(36))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
