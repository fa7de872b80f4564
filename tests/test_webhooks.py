"""Webhooks (SPEC §4.8, §8): signed as Standard Webhooks says, retried with backoff, logged, and sent
only to public addresses — checked when saved and again at every delivery. Receivers listen on
loopback under the test stack's PRESENCE_WEBHOOK_TEST_HOSTS names; backoff is 0.1 s there."""

import time

import pytest

from classroom import make_classroom, ok
from receiver import Receiver


@pytest.fixture
def receiver():
    made = []

    def start(answers=("ok",)) -> tuple[Receiver, int]:
        r = Receiver(answers=list(answers))
        port = r.start()
        made.append(r)
        return r, port

    yield start
    for r in made:
        r.stop()


def hook(org, url, events=("presence.recorded", "presence.changed")):
    made = org.admin.post("/api/webhooks", json={"url": url, "events": list(events)})
    assert made.status_code == 201, made.text
    return made.json()


def deliveries(org, webhook_id):
    return ok(org.admin.get(f"/api/webhooks/{webhook_id}/deliveries"))["items"]


def wait_until(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not (found := condition()):
        assert time.monotonic() < deadline, "not within the time"
        time.sleep(0.1)
    return found


def test_a_mark_and_its_change_are_delivered_signed(org, receiver):
    room = make_classroom(org, 1)
    target, port = receiver()
    made = hook(org, f"http://receiver.test:{port}/omni")
    assert made["secret"].startswith("whsec_") and "secret" not in ok(org.admin.get(f"/api/webhooks/{made['id']}"))
    target.secret = made["secret"]
    mark = {"session_id": room.session["id"], "participant_id": room.ids[0]}
    ok(org.frontline.post("/api/presence", json={**mark, "state": "present"}))
    ok(org.frontline.post("/api/presence", json={**mark, "state": "late"}))
    # Deliveries may overtake each other (two workers): each carries its record's version to order by.
    first, second = sorted(target.wait_for(2), key=lambda r: r.payload["data"]["version"])
    assert first.verified and second.verified and first.path == "/omni"
    assert (first.payload["type"], first.payload["data"]["state"], first.payload["data"]["version"]) == (
        "presence.recorded",
        "present",
        1,
    )
    assert (second.payload["type"], second.payload["data"]["version"]) == ("presence.changed", 2)
    assert first.headers["webhook-id"] != second.headers["webhook-id"]
    log = wait_until(lambda: [d for d in deliveries(org, made["id"]) if d["status"] == "delivered"] or None)
    assert log[0]["response_status"] == 200 and log[0]["attempts"] == 1


def test_a_receiver_that_fails_twice_gets_it_on_the_third_attempt(org, receiver):
    room = make_classroom(org, 1)
    target, port = receiver(["fail", "fail", "ok"])
    made = hook(org, f"http://receiver.test:{port}/flaky", events=["presence.recorded"])
    ok(
        org.frontline.post(
            "/api/presence", json={"session_id": room.session["id"], "participant_id": room.ids[0], "state": "present"}
        )
    )
    got = target.wait_for(3)
    assert len({r.headers["webhook-id"] for r in got}) == 1  # one delivery, tried three times
    delivered = wait_until(lambda: [d for d in deliveries(org, made["id"]) if d["status"] == "delivered"] or None)
    assert (delivered[0]["attempts"], delivered[0]["response_status"]) == (3, 200)


def test_a_hanging_receiver_times_out_and_is_tried_again_and_others_still_get_theirs(org, receiver):
    room = make_classroom(org, 1)
    _stuck, stuck_port = receiver(["hang"])
    fine, fine_port = receiver(["ok"])
    hanging = hook(org, f"http://receiver.test:{stuck_port}/slow", events=["presence.recorded"])
    hook(org, f"http://other-receiver.test:{fine_port}/fast", events=["presence.recorded"])
    ok(
        org.frontline.post(
            "/api/presence", json={"session_id": room.session["id"], "participant_id": room.ids[0], "state": "present"}
        )
    )
    fine.wait_for(1)  # the other target is not held up
    timed_out = wait_until(lambda: [d for d in deliveries(org, hanging["id"]) if d["attempts"] >= 1] or None)
    assert timed_out[0]["status"] == "pending" and timed_out[0]["response_status"] is None
    assert timed_out[0]["next_attempt_at"] is not None and "Timeout" in timed_out[0]["last_error"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://10.0.0.1/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]:9000/hook",
        "http://localhost:9000/hook",
        "http://192.168.1.10/hook",
        "ftp://example.com/hook",
        "http://user:secret@receiver.test/hook",
    ],
)
def test_targets_inside_a_network_are_refused_naming_url(org, url):
    answer = org.admin.post("/api/webhooks", json={"url": url, "events": ["presence.recorded"]})
    assert answer.status_code == 422, answer.text
    assert [e["field"] for e in answer.json()["errors"]] == ["url"]


def test_a_redirect_is_not_followed(org, receiver):
    room = make_classroom(org, 1)
    _bouncer, port = receiver(["redirect:http://169.254.169.254/latest/meta-data"])
    made = hook(org, f"http://receiver.test:{port}/bounce", events=["presence.recorded"])
    ok(
        org.frontline.post(
            "/api/presence", json={"session_id": room.session["id"], "participant_id": room.ids[0], "state": "present"}
        )
    )
    tried = wait_until(lambda: [d for d in deliveries(org, made["id"]) if d["attempts"] >= 1] or None)
    assert (tried[0]["status"], tried[0]["response_status"]) == ("pending", 302)


def test_a_name_that_does_not_resolve_is_saved_and_its_deliveries_fail_logged(org):
    room = make_classroom(org, 1)
    made = hook(org, "https://no-such-host.invalid/hook", events=["presence.recorded"])
    ok(
        org.frontline.post(
            "/api/presence", json={"session_id": room.session["id"], "participant_id": room.ids[0], "state": "present"}
        )
    )
    failed = wait_until(lambda: [d for d in deliveries(org, made["id"]) if d["attempts"] >= 1] or None)
    assert failed[0]["response_status"] is None and "cannot be resolved" in failed[0]["last_error"]


def test_a_test_event_and_a_redelivery(org, receiver):
    target, port = receiver()
    made = hook(org, f"http://receiver.test:{port}/t", events=["report.ready"])
    target.secret = made["secret"]
    sent = org.admin.post(f"/api/webhooks/{made['id']}/test")
    assert sent.status_code == 202 and sent.json()["event"] == "webhook.test"
    (first,) = target.wait_for(1)
    assert first.verified and first.payload["type"] == "webhook.test"
    again = org.admin.post(f"/api/webhooks/{made['id']}/deliveries/{sent.json()['id']}/redeliver")
    assert again.status_code == 202
    second = target.wait_for(2)[1]
    assert second.headers["webhook-id"] == first.headers["webhook-id"]


def test_only_administrators_manage_webhooks_and_each_organization_its_own(org, other_org):
    made = hook(org, "http://receiver.test:9/x", events=["presence.recorded"])
    assert org.manager.get("/api/webhooks").status_code == 403
    assert other_org.admin.get(f"/api/webhooks/{made['id']}").status_code == 404
    assert ok(org.admin.patch(f"/api/webhooks/{made['id']}", json={"active": False}))["active"] is False
    assert org.admin.delete(f"/api/webhooks/{made['id']}").status_code == 204
    assert org.admin.get(f"/api/webhooks/{made['id']}").status_code == 404
