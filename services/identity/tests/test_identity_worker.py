"""Identity's worker (queue "identity") sends identity's mail: tasks reach it through the outbox,
it serves its metrics like the other workers, and the migration that retired identity's own mail
table moved the mail not yet sent into the outbox first."""

import json
import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine, text

from omni_common.internal import SERVICE_TOKEN_HEADER


def until_done(stack, task_id: str, timeout: float = 60.0) -> dict:
    headers = {SERVICE_TOKEN_HEADER: stack.service_token}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = httpx.get(f"{stack.urls['identity']}/internal/diagnostics/tasks/{task_id}", headers=headers).json()
        if status["done_at"]:
            return status
        time.sleep(0.1)
    pytest.fail(f"identity task {task_id} was not done within {timeout} s: {status}")


@pytest.mark.parametrize("lost", [False, True], ids=["published", "lost by the broker"])
def test_a_task_enqueued_after_commit_is_run_by_identitys_worker(stack, lost):
    headers = {SERVICE_TOKEN_HEADER: stack.service_token}
    queued = httpx.post(
        f"{stack.urls['identity']}/internal/diagnostics/ping", params={"lost": str(lost).lower()}, headers=headers
    )
    assert queued.status_code == 202
    assert (queued.json()["published_at"] is None) == lost
    assert until_done(stack, queued.json()["id"])["attempts"] == 1  # published once, by the sweeper if lost


def test_identitys_worker_serves_prometheus_metrics(stack):
    headers = {SERVICE_TOKEN_HEADER: stack.service_token}
    until_done(stack, httpx.post(f"{stack.urls['identity']}/internal/diagnostics/ping", headers=headers).json()["id"])
    task = (("service", "identity"), ("task", "identity.ping"))
    deadline = time.monotonic() + 10  # the count follows the outbox's mark by a moment
    while True:
        text_ = httpx.get(f"{stack.urls['identity-worker']}/metrics").text
        samples = {
            (s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text_)
            for s in family.samples
        }
        if samples.get(("omni_worker_task_seconds_count", task), 0) >= 1 or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert samples[("omni_worker_tasks_total", (("outcome", "success"), *task))] >= 1
    assert ("omni_worker_queue_length", (("queue", "identity"),)) in samples


def test_mail_not_yet_sent_moves_into_the_outbox_before_the_old_table_goes(tmp_path):
    """On the embedded default (SQLite): migrate to the revision before, leave mail in every state,
    migrate to the head."""
    from identity.commands import COMMANDS
    from identity.config import Settings
    from identity.models import Base
    from omni_common.db.migrations import upgrade

    migrations = COMMANDS.migrations_dir
    settings = Settings(mysql_url=None, data_dir=tmp_path)
    upgrade(migrations, settings, Base.metadata, revision="bce18bf4d595")
    engine = create_engine(settings.database_url("migrate"))
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
    mails = [
        ("unsent", None, None, 2),
        ("sent", an_hour_ago, None, 1),
        ("given-up", None, an_hour_ago, 8),
    ]
    with engine.begin() as conn:
        for id_, sent_at, failed_at, attempts in mails:
            conn.execute(
                text(
                    "INSERT INTO mail_message (id, organization_id, to_address, subject, body, kind, created_at,"
                    " attempts, next_attempt_at, sent_at, failed_at)"
                    " VALUES (:id, 'org', :to, 'Hello', :body, 'invitation', :at, :attempts, :at, :sent, :failed)"
                ),
                {
                    "id": id_,
                    "to": f"{id_}@example.com",
                    "body": f"Your link: https://example.com/invitation#token={id_}",
                    "at": an_hour_ago.strftime("%Y-%m-%d %H:%M:%S.%f"),
                    "attempts": attempts,
                    "sent": sent_at and sent_at.strftime("%Y-%m-%d %H:%M:%S.%f"),
                    "failed": failed_at and failed_at.strftime("%Y-%m-%d %H:%M:%S.%f"),
                },
            )
    upgrade(migrations, settings, Base.metadata)
    with engine.connect() as conn:
        tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))}
        moved = conn.execute(
            text("SELECT id, task_name, queue, kwargs, attempts, published_at, done_at FROM outbox_message")
        ).all()
    engine.dispose()
    assert "mail_message" not in tables
    assert [(m.id, m.task_name, m.queue, m.attempts, m.published_at, m.done_at) for m in moved] == [
        ("unsent", "identity.send_mail", "identity", 2, None, None)  # for the sweeper to publish
    ]
    assert json.loads(moved[0].kwargs) == {
        "to": "unsent@example.com",
        "subject": "Hello",
        "body": "Your link: https://example.com/invitation#token=unsent",
        "kind": "invitation",
        "organization_id": "org",
    }
