"""Live updates (SPEC §4.3, §8 `GET /api/events`): the gateway's server-sent events carry every change
to a session — online, in bulk, from a sync merge, from a conflict's resolution — with its counts,
resume with Last-Event-ID without a gap, answer 404 for a session the caller may not see, and end
when the login session does. The test stack's heartbeat is a second."""

from __future__ import annotations

import json
import queue
import threading
import uuid
from datetime import UTC, datetime

import httpx
import pytest

from classroom import make_classroom, ok, wait_for_batch


@pytest.fixture
def classroom(org):
    return make_classroom(org)


class Stream:
    """An SSE stream read on a thread: its events, in order, as they come."""

    def __init__(self, member, session_id: str | None = None, last_event_id: str | None = None):
        headers = {"Authorization": member.client.headers["Authorization"]}
        if last_event_id:
            headers["Last-Event-ID"] = last_event_id
        self.client = httpx.Client(base_url=str(member.client.base_url), timeout=httpx.Timeout(30, read=60))
        params = {"session_id": session_id} if session_id else None
        self.response = self.client.send(
            self.client.build_request("GET", "/api/events", params=params, headers=headers), stream=True
        )
        self.events: queue.Queue = queue.Queue()
        if self.response.status_code == 200:
            threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        event: dict = {}
        try:
            for line in self.response.iter_lines():
                if line == "":
                    if "event" in event:
                        self.events.put(event)
                    event = {}
                elif line.startswith(":"):
                    self.events.put({"event": "heartbeat"})
                else:
                    field, _, value = line.partition(": ")
                    event[field] = json.loads(value) if field == "data" else value
        except httpx.HTTPError:
            pass
        self.events.put({"event": "closed"})

    def next(self, *kinds: str, timeout: float = 20.0) -> dict:
        """The next event of these kinds (heartbeats and others skipped)."""
        while True:
            event = self.events.get(timeout=timeout)
            if event["event"] in kinds or event["event"] == "closed":
                return event

    def close(self) -> None:
        self.response.close()
        self.client.close()

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.close()


def mark(member, room, who=0, state="present", **extra):
    return ok(
        member.post(
            "/api/presence",
            json={"session_id": room.session["id"], "participant_id": room.ids[who], "state": state, **extra},
        )
    )


def test_a_mark_reaches_a_colleague_watching_the_roster_with_the_counts(org, classroom):
    with Stream(org.frontline, classroom.session["id"]) as watching:
        assert watching.response.status_code == 200
        assert watching.response.headers["content-type"].startswith("text/event-stream")
        record = mark(org.admin, classroom, 0, "late")
        event = watching.next("presence")
        assert (event["data"]["id"], event["data"]["state"], event["data"]["version"]) == (record["id"], "late", 1)
        counts = watching.next("counts")
        assert counts["data"]["counts"] == {"late": 1, "unmarked": 2} and counts["data"]["expected"] == 3
        assert int(counts["id"]) == int(event["id"])  # the counts follow the change they count


def test_bulk_marks_a_sync_merge_and_a_conflict_resolution_all_arrive(org, classroom):
    room = classroom
    with Stream(org.admin, room.session["id"]) as watching:
        ok(
            org.frontline.post(
                "/api/presence/bulk",
                json={
                    "session_id": room.session["id"],
                    "records": [{"participant_id": p, "state": "present"} for p in room.ids],
                },
            )
        )
        assert sorted(watching.next("presence")["data"]["participant_id"] for _ in range(3)) == sorted(room.ids)
        assert watching.next("counts")["data"]["counts"]["present"] == 3
        now = datetime.now(UTC).isoformat()
        change = {
            "mutation_id": str(uuid.uuid4()),
            "session_id": room.session["id"],
            "participant_id": room.ids[0],
            "state": "absent",
            "client_time": now,
            "base_version": 1,
        }
        sent = ok(
            org.frontline.post("/api/sync", json={"device_id": "tablet", "sent_at": now, "mutations": [change]}), 202
        )
        assert wait_for_batch(org.frontline, sent["batch_id"])["results"][0]["outcome"] == "applied"
        synced = watching.next("presence")
        assert (synced["data"]["state"], synced["data"]["source"]) == ("absent", "offline_sync")
        # A phone that saw version 1 too: a conflict, which an administrator settles.
        other = {**change, "mutation_id": str(uuid.uuid4()), "state": "late"}
        sent = ok(org.admin.post("/api/sync", json={"device_id": "phone", "sent_at": now, "mutations": [other]}), 202)
        conflict_id = wait_for_batch(org.admin, sent["batch_id"])["results"][0]["conflict_id"]
        ok(
            org.admin.post(
                f"/api/admin/sync-conflicts/{conflict_id}/resolve", json={"choice": "custom", "state": "excused"}
            )
        )
        settled = watching.next("presence")
        assert (settled["data"]["state"], settled["data"]["source"]) == ("excused", "conflict_resolution")


def test_a_stream_resumed_with_last_event_id_gets_what_it_missed(org, classroom):
    with Stream(org.frontline, classroom.session["id"]) as first:
        mark(org.frontline, classroom, 0)
        seen = first.next("presence")
    mark(org.frontline, classroom, 1, "late")  # while no stream was open
    mark(org.frontline, classroom, 2, "absent")
    with Stream(org.frontline, classroom.session["id"], last_event_id=seen["id"]) as resumed:
        replayed = []
        while (event := resumed.next("presence", "counts"))["event"] == "presence":
            replayed.append((event["data"]["participant_id"], int(event["id"])))
        # Everything after the last id, in feed order (the replay may start a little earlier: the
        # client applies records by version, so a record it has is no harm).
        after = [who for who, position in replayed if position > int(seen["id"])]
        assert after == classroom.ids[1:]
        assert event["data"]["counts"] == {"present": 1, "late": 1, "absent": 1, "unmarked": 0}


def test_a_session_the_caller_may_not_see_is_a_404_and_gives_no_events(org, other_org, classroom):
    assert Stream(other_org.admin, classroom.session["id"]).response.status_code == 404
    elsewhere = make_classroom(org, 1)
    assert org.admin.delete(f"/api/groups/{elsewhere.group['id']}/staff/{org.frontline.id}").status_code == 204
    assert Stream(org.frontline, elsewhere.session["id"]).response.status_code == 404
    # A participant's login linked to nobody sees no session (404, visibility first, SPEC §1); one
    # in the class sees it, and a roster's live updates are still for staff (403).
    assert Stream(org.external, classroom.session["id"]).response.status_code == 404
    assert (
        org.admin.patch(f"/api/users/{org.external.id}", json={"participant_id": classroom.ids[0]}).status_code == 200
    )
    refreshed = org.external.post("/api/auth/refresh", json={"refresh_token": org.external.tokens["refresh_token"]})
    org.external.client.headers["Authorization"] = f"Bearer {refreshed.json()['access_token']}"
    assert Stream(org.external, classroom.session["id"]).response.status_code == 403
    with httpx.Client(base_url=str(org.admin.client.base_url)) as anonymous:
        assert anonymous.get("/api/events", params={"session_id": classroom.session["id"]}).status_code == 401


def test_a_signed_out_users_stream_ends(org, classroom):
    with Stream(org.frontline, classroom.session["id"]) as watching:
        assert watching.next("heartbeat")["event"] == "heartbeat"
        signed_out = org.frontline.post(
            "/api/auth/logout", json={"refresh_token": org.frontline.tokens["refresh_token"]}
        )
        assert signed_out.status_code == 204
        ended = watching.next("end")
        assert ended["event"] == "end" and ended["data"]["reason"] == "session-ended"


def test_sixty_streams_hold_no_thread_of_presence(org, classroom):
    streams = [Stream(org.frontline, classroom.session["id"]) for _ in range(60)]
    try:
        assert {s.response.status_code for s in streams} == {200}
        roster = org.frontline.get(f"/api/sessions/{classroom.session['id']}/roster")
        assert roster.status_code == 200
        mark(org.frontline, classroom)
        assert all(s.next("presence")["data"]["state"] == "present" for s in streams)
    finally:
        for s in streams:
            s.close()


def test_without_a_session_the_stream_brings_the_callers_notifications(org, stack):
    from omni_common.internal import SERVICE_TOKEN_HEADER

    with Stream(org.manager) as bell:
        httpx.post(
            f"{stack.urls['presence']}/internal/notifications",
            headers={SERVICE_TOKEN_HEADER: stack.service_token},
            json={
                "organization_id": org.id,
                "user_ids": [org.manager.id],
                "kind": "test",
                "title": "Register not taken",
            },
        ).raise_for_status()
        note = bell.next("notification")
        assert note["data"]["title"] == "Register not taken"
