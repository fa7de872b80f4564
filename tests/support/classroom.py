"""Helpers of the service tests: a class with members, its frontline teacher and a lesson now; a sync
batch merged."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


def ok(answer, status=(200, 201)):
    assert answer.status_code in ((status,) if isinstance(status, int) else status), answer.text
    return answer.json()


@dataclass
class Classroom:
    group: dict
    participants: list[dict]
    session: dict

    @property
    def ids(self) -> list[str]:
        return [p["id"] for p in self.participants]


def make_classroom(
    org,
    size: int = 3,
    *,
    domain: str = "education",
    names: list[str] | None = None,
    mode: str = "roll_call",
    status: str = "scheduled",
    started_minutes_ago: int = 5,
    settings: dict | None = None,
    badges: bool = False,
) -> Classroom:
    """A group of ``size`` with the frontline member assigned and a session of ``mode`` that
    started a few minutes ago (``badges``: each participant has an external reference, B-0000 …)."""
    admin = org.admin
    group = ok(admin.post("/api/groups", json={"name": "Year 5 Blue", "domain": domain, "settings": settings or {}}))
    names = names or [f"Pupil {i:04d}" for i in range(size)]
    participants = [
        ok(admin.post("/api/participants", json={"name": n, **({"external_ref": f"B-{i:04d}"} if badges else {})}))
        for i, n in enumerate(names)
    ]
    ok(admin.post(f"/api/groups/{group['id']}/members", json={"participant_ids": [p["id"] for p in participants]}))
    ok(admin.post(f"/api/groups/{group['id']}/staff", json={"user_ids": [org.frontline.id]}))
    now = datetime.now(UTC)
    session = ok(
        admin.post(
            "/api/sessions",
            json={
                "group_id": group["id"],
                "title": "Maths",
                "mode": mode,
                "status": status,
                "starts_at": (now - timedelta(minutes=started_minutes_ago)).isoformat(),
                "ends_at": (now + timedelta(minutes=60 - started_minutes_ago)).isoformat(),
            },
        )
    )
    return Classroom(group, participants, session)


def wait_for_batch(member, batch_id: str, timeout: float = 120.0) -> dict:
    """Poll a sync batch until a worker completed (or failed) it."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        batch = ok(member.get(f"/api/sync/batches/{batch_id}"))
        if batch["status"] in ("completed", "failed"):
            return batch
        assert time.monotonic() < deadline, f"batch {batch_id} not merged within {timeout} s: {batch['status']}"
        time.sleep(0.1)
