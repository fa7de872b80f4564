"""Presence's part of a participant's export (subject access, SPEC §8): the gateway merges it with
the other services' parts into one document."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from omni_common.audit import AuditEntry
from presence.participants.schemas import ParticipantOut
from presence.records.schemas import RecordOut


class MembershipOut(BaseModel):
    group_id: str
    group_name: str
    starts_at: datetime
    ends_at: datetime | None


class SessionBrief(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    group_id: str
    title: str
    starts_at: datetime
    ends_at: datetime
    status: str


class VersionOut(BaseModel):
    """One version of a record, oldest first."""

    model_config = ConfigDict(from_attributes=True)

    version: int
    state: str
    note: str | None
    check_in_at: datetime | None
    check_out_at: datetime | None
    source: str
    actor_id: str | None
    device_id: str | None
    client_time: datetime | None
    device_time: datetime | None
    clock_skewed: bool
    at: datetime


class ExportedRecord(RecordOut):
    session: SessionBrief
    history: list[VersionOut]


class NoticeBrief(BaseModel):
    model_config = ConfigDict(from_attributes=True, populate_by_name=True)

    id: str
    from_: date = Field(validation_alias="from_date", serialization_alias="from")
    to: date = Field(validation_alias="to_date")
    state: str
    note: str | None
    status: str
    requested_by: str
    decided_by: str | None
    decided_at: datetime | None
    created_at: datetime


class KioskAttemptOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    at: datetime
    kiosk_id: str
    session_id: str | None
    badge: str
    outcome: str


class PresenceExport(BaseModel):
    organization_id: str
    participant: ParticipantOut
    memberships: list[MembershipOut]
    records: list[ExportedRecord]
    advance_notices: list[NoticeBrief]
    kiosk_attempts: list[KioskAttemptOut]
    audit: list[AuditEntry]
    erasure: dict[str, Any] | None = None
