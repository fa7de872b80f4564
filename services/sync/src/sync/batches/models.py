from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from omni_common.db.base import MYSQL_TABLE_ARGS, TenantMixin, UTCDateTime, id_column, utcnow
from omni_common.db.provision import append_only
from sync.database import Base


class SyncBatch(TenantMixin, Base):
    """What a device sent when the network came back: stored whole, then merged by a worker."""

    __tablename__ = "sync_batch"
    __table_args__ = (
        UniqueConstraint("organization_id", "user_id", "idempotency_key"),
        Index("ix_sync_batch_status", "status", "lease_until"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[str] = id_column()
    user_id: Mapped[str] = mapped_column(String(36))
    role: Mapped[str] = mapped_column(String(16))
    timezone: Mapped[str] = mapped_column(String(64))
    device_id: Mapped[str] = mapped_column(String(128))
    # The name its user gave the device ("Frankie's phone"), as it was when the batch came.
    device_name: Mapped[str | None] = mapped_column(String(100))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # received_at - sent_at: how far the device's clock is behind (positive) or ahead.
    skew_seconds: Mapped[float] = mapped_column(default=0.0)
    idempotency_key: Mapped[str | None] = mapped_column(String(128))
    request_hash: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    progress: Mapped[int] = mapped_column(Integer, default=0)
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    mutation_count: Mapped[int] = mapped_column(Integer)
    processed_count: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SyncItem(TenantMixin, Base):
    """One mutation of a batch, as sent, in the batch's order (its outcome: SyncOutcome)."""

    __tablename__ = "sync_item"
    __table_args__ = (UniqueConstraint("batch_id", "position"), MYSQL_TABLE_ARGS)

    id: Mapped[str] = id_column()
    batch_id: Mapped[str] = mapped_column(ForeignKey("sync_batch.id"))
    position: Mapped[int] = mapped_column(Integer)
    mutation_id: Mapped[str] = mapped_column(String(64))
    # As the device numbered it: anything up to 2^63 - 1.
    device_seq: Mapped[int | None] = mapped_column(BigInteger)
    session_id: Mapped[str] = mapped_column(String(64))
    participant_id: Mapped[str] = mapped_column(String(64))
    # check_in or check_out (None: a mark with a state).
    action: Mapped[str | None] = mapped_column(String(16))
    state: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    check_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    check_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    base_version: Mapped[int | None] = mapped_column(BigInteger)
    # The device's clock as sent, and corrected by the batch's skew.
    client_time: Mapped[datetime] = mapped_column(UTCDateTime)
    corrected_time: Mapped[datetime] = mapped_column(UTCDateTime)
    clock_skewed: Mapped[bool] = mapped_column(Boolean, default=False)


class SyncOutcome(TenantMixin, Base):
    """The one outcome a mutation got: written once, with its chunk's, in one statement."""

    __tablename__ = "sync_outcome"
    __table_args__ = (
        Index("ix_sync_outcome_mutation", "organization_id", "mutation_id"),
        Index("ix_sync_outcome_batch", "batch_id", "position"),
        append_only(MYSQL_TABLE_ARGS),
    )

    item_id: Mapped[str] = mapped_column(ForeignKey("sync_item.id"), primary_key=True)
    batch_id: Mapped[str] = mapped_column(String(36))
    position: Mapped[int] = mapped_column(Integer)
    mutation_id: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16))
    version: Mapped[int | None] = mapped_column(Integer)
    conflict_id: Mapped[str | None] = mapped_column(String(36))
    reason: Mapped[str | None] = mapped_column(Text)
    processed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
