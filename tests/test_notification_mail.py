"""Notification email (SPEC §4.7) through identity's one mail sender to a real local SMTP server
(aiosmtpd), and marks that land whatever happens to the worker and to webhook targets.

These run on processes of their own — identity and its worker, presence and its worker and beat,
a gateway — on schemas and a Redis of their own: the shared workers sweep every notification in
their database, and must not send these."""

from datetime import UTC, datetime, timedelta

import pytest
from test_identity_mail import Inbox
from test_notifications import followed, lessons, mark

from classroom import make_classroom, ok
from omni_stack.stack import free_port
from receiver import Receiver

# One worker runs the module: its private processes' schemas are named once for the run, so a second
# copy of them on another worker would drop and re-grant the first's databases under it.
pytestmark = pytest.mark.xdist_group("notification_mail")


@pytest.fixture(scope="module")
def inbox():
    from aiosmtpd.controller import Controller

    box, port = Inbox(), free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    box.port = port
    yield box
    controller.stop()


@pytest.fixture(scope="module")
def mailing(stack, inbox):
    env = {
        "IDENTITY_SMTP_HOST": "127.0.0.1",
        "IDENTITY_SMTP_PORT": str(inbox.port),
        "IDENTITY_SMTP_STARTTLS": "false",
        "IDENTITY_SMTP_FROM": "Omnipresence <no-reply@omnipresence.test>",
        "IDENTITY_MAIL_RETRY_SECONDS": "1",
    }
    names = ["identity", "identity-worker", "presence", "presence-worker", "presence-beat", "gateway"]
    prefix = f"{stack.environment['OMNI_DB_PREFIX']}m"
    with stack.private(names, redis_port=free_port(), db_prefix=prefix, extra_env=env) as private:
        yield private


def test_a_rule_mails_whoever_wants_it_once_and_the_bell_shows_it(mailing, make_org, inbox):
    org = make_org(gateway=mailing.config.url("gateway"))
    org.stack = _Engines(mailing)
    ok(org.manager.patch("/api/notification-preferences", json={"email": {"absent_in_a_row": False}}))
    room = make_classroom(org, 1)
    held = lessons(org, room, 3)
    for session in held:
        mark(org, session, room.ids[0], "absent")
    followed(org)
    # (The administrator's first mail is the welcome of the sign-up.)
    mail = inbox.wait_for(org.admin.email, subject="was absent 3 times in a row")
    assert org.name in mail["Subject"]
    assert f"/participants/{room.ids[0]}" in mail.get_content()
    assert [n["kind"] for n in ok(org.manager.get("/api/notifications"))["items"]] == ["absent_in_a_row"]
    # The manager turned that kind of email off: the bell only (decided in the sweep that queued
    # the administrator's mail, so by now).
    assert inbox.to(org.manager.email) == []


def test_an_absence_mails_the_participants_contact_where_the_group_asks(mailing, make_org, inbox):
    org = make_org(gateway=mailing.config.url("gateway"))
    org.stack = _Engines(mailing)
    group = ok(
        org.admin.post(
            "/api/groups", json={"name": "Year 2", "domain": "education", "settings": {"absent_to_contact": True}}
        )
    )
    child = ok(org.admin.post("/api/participants", json={"name": "Tom Thumb", "email": "parent-of-tom@example.com"}))
    ok(
        org.admin.post(
            f"/api/groups/{group['id']}/members",
            json={"participant_ids": [child["id"]], "starts_at": (datetime.now(UTC) - timedelta(days=1)).isoformat()},
        )
    )
    start = datetime.now(UTC) - timedelta(minutes=30)
    lesson = ok(
        org.admin.post(
            "/api/sessions",
            json={
                "group_id": group["id"],
                "title": "Reading",
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=1)).isoformat(),
            },
        )
    )
    ok(
        org.admin.post(
            "/api/presence", json={"session_id": lesson["id"], "participant_id": child["id"], "state": "absent"}
        )
    )
    mail = inbox.wait_for("parent-of-tom@example.com")
    assert mail["Subject"].startswith("Tom Thumb was marked absent") and "Reading (Year 2)" in mail.get_content()


def test_marks_land_with_the_worker_stopped_and_a_target_hanging(mailing, make_org):
    org = make_org(gateway=mailing.config.url("gateway"))
    target = Receiver(answers=["hang"])
    port = target.start()
    try:
        ok(
            org.admin.post(
                "/api/webhooks", json={"url": f"http://receiver.test:{port}/slow", "events": ["presence.recorded"]}
            )
        )
        room = make_classroom(org, 3)
        mailing.stop("presence-worker")
        marked = [
            org.frontline.post(
                "/api/presence", json={"session_id": room.session["id"], "participant_id": p, "state": "present"}
            ).status_code
            for p in room.ids
        ]
        assert marked == [201, 201, 201]
        bulk = org.frontline.post(
            "/api/presence/bulk",
            json={
                "session_id": room.session["id"],
                "records": [{"participant_id": p, "state": "late"} for p in room.ids],
            },
        )
        assert bulk.status_code == 200
    finally:
        mailing.start("presence-worker")
        target.stop()


class _Engines:
    """What `followed` needs of a stack: an engine on these processes' own presence schema."""

    def __init__(self, private):
        self.private = private

    def engine(self, service: str):
        from sqlalchemy import create_engine, pool

        from omni_common.settings import CommonSettings

        env = self.private.config.environment()
        settings = type("S", (CommonSettings,), {"service_name": service})(
            mysql_url=env["OMNI_MYSQL_URL"], db_prefix=env["OMNI_DB_PREFIX"], secret_key=env["OMNI_SECRET_KEY"]
        )
        return create_engine(settings.database_url("app"), poolclass=pool.NullPool)
