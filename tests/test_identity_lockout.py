"""Failed sign-ins, exactly as SPEC §3.2 counts them: per (account, address) and per address,
401 then 429 with Retry-After, the same whether or not the email exists, and no sleeping."""

import secrets
import time

import httpx
import pytest

from omni_common.net import client_address, parse_networks
from omni_common.testing.plugin import PASSWORD, unique_email


def fake_address() -> str:
    """A made-up address, new for every call (a rerun on the same Redis starts from zero too)."""
    return f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.{secrets.randbelow(254) + 1}"


def attempt(base: str, email: str, password: str, address: str) -> httpx.Response:
    return httpx.post(
        f"{base}/api/auth/login", json={"email": email, "password": password}, headers={"X-Forwarded-For": address}
    )


def comparable(answer: httpx.Response) -> tuple:
    body = {k: v for k, v in answer.json().items() if k != "request_id"}
    return answer.status_code, body, answer.headers.get("retry-after") is not None


@pytest.fixture(scope="module")
def ingress(stack):
    """A gateway behind an ingress at 127.0.0.1 (trusted): the X-Forwarded-For the test sends is
    the client's address as identity sees it, so each test signs in from an address of its own."""
    with stack.private(["gateway"], extra_env={"GATEWAY_TRUSTED_PROXIES": "127.0.0.0/8, ::1"}) as private:
        yield private.config.url("gateway")


def test_the_tenth_failure_blocks_the_pair_and_then_even_the_right_password_gets_429(ingress, org):
    address, elsewhere = fake_address(), fake_address()
    email = org.frontline.email
    for n in range(10):
        answer = attempt(ingress, email, f"wrong-password-{n}", address)
        assert answer.status_code == 401, (n, answer.text)
        assert "retry-after" not in answer.headers

    started = time.monotonic()
    blocked = attempt(ingress, email, PASSWORD, address)
    assert time.monotonic() - started < 1.0  # refused at once: no server-side sleep
    assert blocked.status_code == 429, blocked.text
    assert blocked.json()["type"].endswith("/rate-limited")
    assert 800 <= int(blocked.headers["retry-after"]) <= 900
    assert "access_token" not in blocked.text

    # The same account from another address is not blocked: right is 200, wrong is 401.
    assert attempt(ingress, email, "wrong-password!", elsewhere).status_code == 401
    assert attempt(ingress, email, PASSWORD, elsewhere).status_code == 200
    # Nor is another account from the blocked address.
    assert attempt(ingress, org.manager.email, PASSWORD, address).status_code == 200

    # Every failure is audited, with the address the ingress named, and so is the block.
    entries = org.admin.get("/api/audit-logs", params={"entity": "user", "entity_id": org.frontline.id, "limit": 100})
    actions = [e["action"] for e in entries.json()["items"]]
    assert actions.count("login_failed") == 11 and actions.count("login_blocked") == 1
    failed = [e for e in entries.json()["items"] if e["action"] == "login_failed"]
    assert {e["after"]["client_address"] for e in failed} == {address, elsewhere}


def test_an_unknown_email_gets_exactly_the_same_answers_as_a_known_one(ingress, org):
    address = fake_address()
    known, unknown = org.manager.email, unique_email("nobody")
    for n in range(11):
        a, b = (
            attempt(ingress, known, f"wrong-{n}-password", address),
            attempt(ingress, unknown, f"wrong-{n}-password", address),
        )
        assert comparable(a) == comparable(b), (n, a.text, b.text)
        assert a.status_code == (401 if n < 10 else 429)


def test_the_numbers_are_settings_and_an_address_is_blocked_after_its_own_count(stack, org):
    env = {
        "IDENTITY_LOGIN_FAILURES_PER_ACCOUNT": "3",
        "IDENTITY_LOGIN_FAILURES_PER_ADDRESS": "5",
        "IDENTITY_LOGIN_BLOCK_SECONDS": "120",
    }
    with stack.private(["identity"], extra_env=env) as private:
        identity = private.config.url("identity")
        address = fake_address()
        email = unique_email("pair")
        statuses = [attempt(identity, email, "wrong-password!", address).status_code for _ in range(4)]
        assert statuses == [401, 401, 401, 429]
        # Two more failures with other emails reach the address's 5: every email is refused there.
        assert attempt(identity, unique_email("a"), "wrong-password!", address).status_code == 401
        assert attempt(identity, unique_email("b"), "wrong-password!", address).status_code == 401
        blocked = attempt(identity, org.admin.email, PASSWORD, address)
        assert blocked.status_code == 429
        assert 100 <= int(blocked.headers["retry-after"]) <= 120


def test_a_right_sign_in_clears_the_pairs_count(ingress, org):
    address = fake_address()
    for _ in range(9):
        assert attempt(ingress, org.external.email, "wrong-password!", address).status_code == 401
    assert attempt(ingress, org.external.email, PASSWORD, address).status_code == 200
    for _ in range(9):
        assert attempt(ingress, org.external.email, "wrong-password!", address).status_code == 401
    assert attempt(ingress, org.external.email, PASSWORD, address).status_code == 200


def test_a_client_cannot_choose_its_address_through_a_gateway_that_trusts_no_proxy(stack, make_org):
    org = make_org(roles=("admin", "manager"))
    spoofed = attempt(stack.gateway, org.manager.email, "wrong-password!", "192.0.2.99")
    assert spoofed.status_code == 401
    entries = org.admin.get("/api/audit-logs", params={"entity": "user", "entity_id": org.manager.id}).json()["items"]
    failed = [e for e in entries if e["action"] == "login_failed"]
    assert failed[0]["after"]["client_address"] == "127.0.0.1"


def test_trusted_proxies_are_addresses_or_networks_and_the_client_is_the_first_untrusted_hop():
    trusted = parse_networks(["10.0.0.0/8", "::1", "127.0.0.1"])
    assert client_address("10.1.2.3", "203.0.113.5", trusted) == "203.0.113.5"
    assert client_address("10.1.2.3", "198.51.100.1, 203.0.113.5, 10.9.9.9", trusted) == "203.0.113.5"
    assert client_address("192.0.2.1", "203.0.113.5", trusted) == "192.0.2.1"  # untrusted peer
    assert client_address("::1", "2001:db8::7", trusted) == "2001:db8::7"
    assert client_address("10.1.2.3", "garbage", trusted) == "10.1.2.3"
    assert client_address("10.1.2.3", None, trusted) == "10.1.2.3"
    with pytest.raises(ValueError, match="not-an-ip"):
        parse_networks(["not-an-ip"])
