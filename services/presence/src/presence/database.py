"""Presence's declarative base and the tables every service has (audit log, outbox, idempotency)."""

from omni_common.db.base import make_base
from omni_common.idempotency import idempotency_model
from omni_common.kit import infrastructure_models

Base = make_base()
AuditLog, OutboxMessage = infrastructure_models(Base)
IdempotentRequest = idempotency_model(Base)
