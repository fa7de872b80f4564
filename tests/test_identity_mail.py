"""Invitations and password resets by mail, read from a real local SMTP server (aiosmtpd), with
their links followed as the recipient would."""

import json
import re
import time
from email import message_from_bytes
from email.policy import default as default_policy

import httpx
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import text

from omni_common.testing.plugin import PASSWORD, login, unique_email
from omni_stack.stack import free_port

NEW_PASSWORD = "a-brand-new-password"


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 Message accepted"

    def wait_for(self, to: str, timeout: float = 20.0, subject: str = ""):
        """The first mail to ``to`` (whose subject holds ``subject``, when given)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.messages:
                if message["To"] == to and subject in message["Subject"]:
                    return message
            time.sleep(0.1)
        got = [(m["To"], m["Subject"]) for m in self.messages]
        pytest.fail(f"no mail to {to} about {subject!r} within {timeout} s; got {got}")

    def to(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.get_content()).group(0)


def token_of(link: str) -> str:
    return link.split("#token=", 1)[1]


@pytest.fixture
def smtp_port():
    return free_port()


@pytest.fixture
def inbox(smtp_port):
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    yield box
    controller.stop()


@pytest.fixture
def mailing_identity(stack, smtp_port):
    """An identity of this test's own, with its worker, that mails through the local SMTP server;
    links point at the shared gateway, which serves the web app and routes to the shared identity
    (same database). A Redis of their own: the shared worker never takes this test's mail."""
    env = {
        "IDENTITY_SMTP_HOST": "127.0.0.1",
        "IDENTITY_SMTP_PORT": str(smtp_port),
        "IDENTITY_SMTP_STARTTLS": "false",
        "IDENTITY_SMTP_FROM": "Omnipresence <no-reply@omnipresence.test>",
        "IDENTITY_MAIL_RETRY_SECONDS": "1",
        "OMNI_PUBLIC_URL": stack.gateway,
    }
    with stack.private(["identity", "identity-worker"], redis_port=free_port(), extra_env=env) as private:
        yield private.config.url("identity")


def mail_kept_without_body(conn, email: str) -> list[dict]:
    """What identity's outbox keeps of the mails sent to ``email``."""
    rows = conn.execute(
        text("SELECT kwargs FROM outbox_message WHERE task_name = 'identity.send_mail' AND done_at IS NOT NULL")
    ).scalars()
    kept = [json.loads(r) if isinstance(r, str) else r for r in rows]
    return [k for k in kept if k.get("to") == email and "body" not in k]


def test_an_invitation_mail_links_to_a_page_that_sets_the_password_once(stack, org, inbox, mailing_identity, anonymous):
    email = unique_email("invited")
    headers = {"Authorization": f"Bearer {org.admin.token}"}
    invited = httpx.post(
        f"{mailing_identity}/api/invitations",
        json={"email": email, "full_name": "Ivy Invited", "role": "frontline"},
        headers=headers,
    )
    assert invited.status_code == 201, invited.text
    assert invited.json()["user"]["has_password"] is False

    mail = inbox.wait_for(email)
    assert org.name in mail["Subject"] and mail["From"] == "Omnipresence <no-reply@omnipresence.test>"
    link = link_in(mail)
    assert link.startswith(f"{stack.gateway}/invitation#token=")
    assert link == invited.json()["invitation_url"]
    page = anonymous.get(link.split("#")[0].removeprefix(stack.gateway))
    assert page.status_code == 200 and '<div id="root"' in page.text  # the web app's page

    # Until the password is set, the account cannot sign in.
    assert anonymous.post("/api/auth/login", json={"email": email, "password": NEW_PASSWORD}).status_code == 401
    preview = anonymous.post("/api/auth/invitation", json={"token": token_of(link)})
    assert preview.json() == {"email": email, "full_name": "Ivy Invited", "organization_name": org.name}
    accepted = anonymous.post("/api/auth/invitation/accept", json={"token": token_of(link), "password": NEW_PASSWORD})
    assert accepted.status_code == 200 and accepted.json() == {"email": email}
    _, tokens = login(stack.gateway, email, NEW_PASSWORD)
    assert tokens["user"]["role"] == "frontline"

    again = anonymous.post(
        "/api/auth/invitation/accept", json={"token": token_of(link), "password": "another-password"}
    )
    assert again.status_code == 422 and [e["field"] for e in again.json()["errors"]] == ["token"]
    # Only the hash of the token is kept, and the sent mail's body is not.
    with stack.engine("identity").connect() as conn:
        stored = (
            conn.execute(text("SELECT token_hash FROM account_token WHERE user_id = :u"), {"u": tokens["user"]["id"]})
            .scalars()
            .all()
        )
        assert stored and token_of(link) not in stored
        deadline = time.monotonic() + 10
        while not mail_kept_without_body(conn, email):
            assert time.monotonic() < deadline
            time.sleep(0.2)
            conn.commit()
        assert token_of(link) not in json.dumps(mail_kept_without_body(conn, email))


def test_an_expired_invitation_link_does_not_work_and_a_new_one_replaces_the_old(
    stack, org, inbox, mailing_identity, anonymous
):
    email = unique_email("late")
    headers = {"Authorization": f"Bearer {org.admin.token}"}
    first = httpx.post(
        f"{mailing_identity}/api/invitations",
        json={"email": email, "full_name": "Lee Late", "role": "manager"},
        headers=headers,
    ).json()
    second = httpx.post(f"{mailing_identity}/api/users/{first['user']['id']}/invitation", headers=headers)
    assert second.status_code == 201
    old, new = token_of(first["invitation_url"]), token_of(second.json()["invitation_url"])
    assert anonymous.post("/api/auth/invitation", json={"token": old}).status_code == 422
    with stack.engine("identity").begin() as conn:
        conn.execute(
            text("UPDATE account_token SET expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 MINUTE WHERE user_id = :u"),
            {"u": first["user"]["id"]},
        )
    expired = anonymous.post("/api/auth/invitation/accept", json={"token": new, "password": NEW_PASSWORD})
    assert expired.status_code == 422 and expired.json()["errors"][0]["field"] == "token"


def test_a_password_reset_mail_is_sent_only_to_an_account_and_the_answer_never_tells(
    stack, org, inbox, mailing_identity
):
    nobody = unique_email("nobody")
    answers = [
        httpx.post(f"{mailing_identity}/api/auth/password-reset", json={"email": email})
        for email in (org.manager.email, nobody)
    ]
    assert [a.status_code for a in answers] == [202, 202]
    assert answers[0].json() == answers[1].json()

    mail = inbox.wait_for(org.manager.email)
    # Whether to mail is decided inside the request (its 202 comes after the commit): nothing for
    # an address without an account is waiting in the outbox, nor was ever sent.
    with stack.engine("identity").connect() as conn:
        waiting = conn.execute(
            text("SELECT kwargs FROM outbox_message WHERE task_name = 'identity.send_mail'")
        ).scalars()
        assert not [k for k in waiting if nobody in (k if isinstance(k, str) else json.dumps(k))]
    assert inbox.to(nobody) == []
    link = link_in(mail)
    assert link.startswith(f"{stack.gateway}/reset-password#token=")

    other_device, _ = login(stack.gateway, org.manager.email)
    assert other_device.get("/api/auth/me").status_code == 200
    done = httpx.post(
        f"{stack.gateway}/api/auth/password-reset/confirm", json={"token": token_of(link), "password": NEW_PASSWORD}
    )
    assert done.status_code == 200 and done.json() == {"email": org.manager.email}

    assert other_device.get("/api/auth/me").status_code == 401  # every session of the account ended
    assert (
        httpx.post(
            f"{stack.gateway}/api/auth/login", json={"email": org.manager.email, "password": PASSWORD}
        ).status_code
        == 401
    )
    login(stack.gateway, org.manager.email, NEW_PASSWORD)
    again = httpx.post(
        f"{stack.gateway}/api/auth/password-reset/confirm",
        json={"token": token_of(link), "password": "yet-another-one"},
    )
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "token"

    entries = org.admin.get("/api/audit-logs", params={"entity": "user", "entity_id": org.manager.id}).json()["items"]
    assert {"request_password_reset", "reset_password"} <= {e["action"] for e in entries}


def test_a_mail_the_smtp_server_could_not_take_is_sent_when_it_comes_back(stack, org, smtp_port, mailing_identity):
    """No SMTP server yet: the request is answered at once all the same, and the mail goes out later."""
    started = time.monotonic()
    answer = httpx.post(f"{mailing_identity}/api/auth/password-reset", json={"email": org.frontline.email})
    assert answer.status_code == 202 and time.monotonic() - started < 2
    time.sleep(1.5)  # the first attempt has failed by now
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        mail = box.wait_for(org.frontline.email, timeout=30)
        assert "/reset-password#token=" in link_in(mail)
    finally:
        controller.stop()


# --- an email that has an account tells nothing (issue 17) -----------------------------------------


def shape(value):
    """The keys and types of an answer, nested: what a caller could tell two answers apart by."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    return type(value).__name__


def sign_up(base: str, email: str, password: str) -> httpx.Response:
    body = {
        "name": "Enumerators Ltd",
        "domain": "workplace",
        "admin_email": email,
        "admin_password": password,
        "admin_name": "Eve Enumerator",
    }
    return httpx.post(f"{base}/api/organizations", json=body, timeout=30)


def test_sign_up_with_an_email_that_has_an_account_answers_as_for_a_new_one(stack, org, inbox, mailing_identity):
    new_email = unique_email("founder")
    new = sign_up(mailing_identity, new_email, "founders-password")
    taken = sign_up(mailing_identity, org.manager.email.upper(), "founders-password")
    assert new.status_code == taken.status_code == 201, taken.text
    assert shape(new.json()) == shape(taken.json())
    assert taken.json()["user"]["email"] == org.manager.email
    assert taken.json()["user"]["role"] == "admin" and taken.json()["user"]["has_password"] is True

    # The new organization's administrator signs in at once; the stand-in made nothing.
    _, tokens = login(stack.gateway, new_email, "founders-password")
    assert tokens["user"]["organization_id"] == new.json()["organization"]["id"]
    assert (
        httpx.post(
            f"{stack.gateway}/api/auth/login", json={"email": org.manager.email, "password": "founders-password"}
        ).status_code
        == 401
    )
    login(stack.gateway, org.manager.email)  # the account is as it was
    with stack.engine("identity").connect() as conn:
        for table in ("organization", "user_account"):
            found = conn.execute(
                text(f"SELECT COUNT(*) FROM {table} WHERE id = :id"),
                {"id": taken.json()["organization" if table == "organization" else "user"]["id"]},
            ).scalar()
            assert found == 0, table
    # Each address gets a mail: the new administrator a welcome, the owner a word that someone tried.
    assert "ready" in inbox.wait_for(new_email)["Subject"]
    told = inbox.wait_for(org.manager.email)
    assert "tried" in told["Subject"] and "sign up" in told.get_content()


def test_adding_or_inviting_another_organizations_user_answers_as_for_a_new_email(
    org, other_org, inbox, mailing_identity
):
    headers = {"Authorization": f"Bearer {org.admin.token}"}
    person = {"full_name": "Tess Twin", "role": "frontline"}

    def add(email: str) -> httpx.Response:
        return httpx.post(f"{mailing_identity}/api/users", json={"email": email, **person}, headers=headers)

    new, foreign = add(unique_email("twin")), add(other_org.manager.email)
    assert new.status_code == foreign.status_code == 201, foreign.text
    assert shape(new.json()) == shape(foreign.json())
    stand_in = foreign.json()
    assert stand_in["has_password"] is False and stand_in["organization_id"] == org.id  # shown as invited
    assert org.admin.get(f"/api/users/{stand_in['id']}").status_code == 404  # an id that leads nowhere
    listed = org.admin.get("/api/users", params={"limit": 200}).json()["items"]
    assert other_org.manager.email not in {u["email"] for u in listed}
    assert other_org.manager.get("/api/auth/me").json()["organization_id"] == other_org.id
    told = inbox.wait_for(other_org.manager.email)
    assert "tried" in told["Subject"] and org.name in told.get_content()

    # An invitation the same way: a link like any other, that opens nothing.
    invite = {"email": other_org.frontline.email, **person}
    invited = httpx.post(f"{mailing_identity}/api/invitations", json=invite, headers=headers)
    fresh = httpx.post(
        f"{mailing_identity}/api/invitations", json={**invite, "email": unique_email("fresh")}, headers=headers
    )
    assert invited.status_code == fresh.status_code == 201, invited.text
    assert shape(invited.json()) == shape(fresh.json())
    preview = httpx.post(
        f"{mailing_identity}/api/auth/invitation", json={"token": token_of(invited.json()["invitation_url"])}
    )
    assert preview.status_code == 422
    inbox.wait_for(other_org.frontline.email)

    # Inside the caller's own organization, a duplicate is still named.
    own = add(org.frontline.email)
    assert own.status_code == 422 and [e["field"] for e in own.json()["errors"]] == ["email"]


def test_an_invitation_code_with_a_taken_email_is_spent_and_answers_as_for_a_new_one(
    stack, org, inbox, mailing_identity
):
    codes = [org.admin.post("/api/invitation-codes", json={"full_name": "Pat Pupil"}).json()["code"] for _ in range(2)]
    url = f"{mailing_identity}/api/auth/code-sign-up"
    new_email = unique_email("pupil")
    new = httpx.post(url, json={"code": codes[0], "email": new_email, "password": "pupil-password"})
    taken = httpx.post(url, json={"code": codes[1], "email": org.manager.email, "password": "pupil-password"})
    assert new.status_code == taken.status_code == 201, taken.text
    assert taken.json() == {"email": org.manager.email}
    login(stack.gateway, new_email, "pupil-password")
    refused = httpx.post(
        f"{stack.gateway}/api/auth/login", json={"email": org.manager.email, "password": "pupil-password"}
    )
    assert refused.status_code == 401
    again = httpx.post(url, json={"code": codes[1], "email": unique_email("x"), "password": "pupil-password"})
    assert again.status_code == 422  # spent, as the code of a new account is
    assert "tried" in inbox.wait_for(org.manager.email)["Subject"]


def test_a_new_email_takes_effect_when_its_mailbox_confirms_it_and_the_answer_never_tells_who_has_one(
    stack, org, other_org, inbox, mailing_identity, anonymous
):
    headers = {"Authorization": f"Bearer {org.admin.token}"}

    def change(user_id: str, email: str) -> httpx.Response:
        return httpx.patch(f"{mailing_identity}/api/users/{user_id}", json={"email": email}, headers=headers)

    fresh = unique_email("moved")
    free, foreign = change(org.frontline.id, fresh), change(org.manager.id, other_org.manager.email)
    assert free.status_code == foreign.status_code == 200, foreign.text
    assert shape(free.json()) == shape(foreign.json())
    # Nothing changes yet, either way: the new address waits for its mailbox.
    assert (free.json()["email"], free.json()["pending_email"]) == (org.frontline.email, fresh)
    assert (foreign.json()["email"], foreign.json()["pending_email"]) == (org.manager.email, other_org.manager.email)
    login(stack.gateway, org.manager.email)
    assert other_org.manager.get("/api/auth/me").json()["email"] == other_org.manager.email

    # The free address gets a link; the taken one's owner is told someone tried, and gets no link.
    link = link_in(inbox.wait_for(fresh))
    assert link.startswith(f"{stack.gateway}/confirm-email#token=")
    told = inbox.wait_for(other_org.manager.email)
    assert "tried" in told["Subject"] and org.name in told.get_content()
    assert "/confirm-email" not in told.get_content()

    confirmed = anonymous.post("/api/auth/email-change/confirm", json={"token": token_of(link)})
    assert confirmed.status_code == 200 and confirmed.json() == {"email": fresh}
    login(stack.gateway, fresh)
    refused = httpx.post(f"{stack.gateway}/api/auth/login", json={"email": org.frontline.email, "password": PASSWORD})
    assert refused.status_code == 401
    shown = org.admin.get(f"/api/users/{org.frontline.id}").json()
    assert (shown["email"], shown["pending_email"]) == (fresh, None)
    again = anonymous.post("/api/auth/email-change/confirm", json={"token": token_of(link)})
    assert again.status_code == 422 and [e["field"] for e in again.json()["errors"]] == ["token"]
    entries = org.admin.get("/api/audit-logs", params={"entity": "user", "entity_id": org.frontline.id}).json()
    assert {"request_email_change", "change_email"} <= {e["action"] for e in entries["items"]}

    # Inside the caller's own organization, a duplicate is still named.
    own = change(org.manager.id, fresh)
    assert own.status_code == 422 and [e["field"] for e in own.json()["errors"]] == ["email"]
