"""``Idempotency-Key`` on any POST: the same key again returns the first answer and changes nothing.

The answer is stored in the same transaction as the change it describes, so a key is never kept
for a change that rolled back, nor a change made without its key. Two requests racing with one
key: the second's insert collides, its transaction is retried and finds the first's answer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import Integer, PrimaryKeyConstraint, String
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from omni_common.auth.principal import Principal
from omni_common.db.base import MYSQL_TABLE_ARGS, UTCDateTime, utcnow
from omni_common.db.database import Database, RetryTransaction
from omni_common.errors import Invalid
from omni_common.tenancy import select_scoped

HEADER = "Idempotency-Key"


def idempotency_model(base: type[DeclarativeBase]) -> type:
    class IdempotentRequest(base):
        __tablename__ = "idempotent_request"
        __table_args__ = (PrimaryKeyConstraint("organization_id", "user_id", "key"), MYSQL_TABLE_ARGS)

        organization_id: Mapped[str] = mapped_column(String(36))
        user_id: Mapped[str] = mapped_column(String(36))
        key: Mapped[str] = mapped_column(String(128))
        request_hash: Mapped[str] = mapped_column(String(64))
        status_code: Mapped[int] = mapped_column(Integer)
        response: Mapped[dict[str, Any]]
        created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    return IdempotentRequest


class Answer(BaseModel):
    status_code: int
    body: Any


def _fingerprint(request: Request, body: bytes) -> str:
    return hashlib.sha256(f"{request.method} {request.url.path}?{request.url.query}\n".encode() + body).hexdigest()


async def request_fingerprint(request: Request) -> str:
    return _fingerprint(request, await request.body())


# What a POST route that answers once per Idempotency-Key declares: `fingerprint: Fingerprint`.
Fingerprint = Annotated[str, Depends(request_fingerprint)]


class Idempotency:
    def __init__(self, model: type):
        self.model = model

    def respond(
        self,
        database: Database,
        request: Request,
        fingerprint: str,
        principal: Principal,
        fn: Callable[[Session], tuple[int, BaseModel]],
    ) -> JSONResponse:
        """Run ``fn`` (returning status and body) once per key; without a key, just run it."""
        key = request.headers.get(HEADER)
        if key is not None and not 1 <= len(key) <= 128:
            raise Invalid.field(HEADER, "An idempotency key is 1 to 128 characters.", "bad_format")

        def once(session: Session) -> Answer:
            if key is not None:
                stored = session.scalars(
                    select_scoped(self.model, principal).where(
                        self.model.user_id == principal.user_id,
                        self.model.key == key,
                    )
                ).one_or_none()
                if stored is not None:
                    if stored.request_hash != fingerprint:
                        raise Invalid.field(HEADER, "This key was used for a different request.", "key_reused")
                    return Answer(status_code=stored.status_code, body=stored.response)
            status_code, body = fn(session)
            answer = Answer(status_code=status_code, body=body.model_dump(mode="json"))
            if key is not None:
                session.add(
                    self.model(
                        organization_id=principal.organization_id,
                        user_id=principal.user_id,
                        key=key,
                        request_hash=fingerprint,
                        status_code=status_code,
                        response=answer.body,
                    )
                )
                try:
                    session.flush()
                except IntegrityError:
                    raise RetryTransaction("another request with this idempotency key won the race") from None
            return answer

        answer = database.transaction(once)
        return JSONResponse(answer.body, status_code=answer.status_code)
