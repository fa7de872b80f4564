"""The database server crashes under load and comes back: while it is down every request answers 503
problem details with Retry-After (never a 500), nothing acknowledged is lost, a change sent again
with its mutation id lands once, and the services carry on without being restarted themselves.

Everything here is private to the test: a MariaDB of its own (installed into a temporary folder, on
its own port), a Redis, identity, presence and a gateway; the shared servers are never touched.
"""

from __future__ import annotations

import getpass
import shutil
import signal
import subprocess
import threading
import time
import uuid
from pathlib import Path

import httpx
import pymysql
import pytest

from classroom import make_classroom
from omni_stack.stack import free_port

SERVER = shutil.which("mariadbd") or "/usr/sbin/mariadbd"
INSTALL = shutil.which("mariadb-install-db") or shutil.which("mysql_install_db")


class PrivateMariaDB:
    """A MariaDB server of this test's own: root without a password, on 127.0.0.1:port."""

    def __init__(self, base: Path, port: int):
        self.base, self.port = base, port
        self.data = base / "data"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"mysql+pymysql://root@127.0.0.1:{self.port}"

    def install(self) -> None:
        self.base.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                INSTALL,
                "--no-defaults",
                f"--datadir={self.data}",
                f"--user={getpass.getuser()}",
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self) -> None:
        with open(self.base / "server.log", "ab") as log:
            self.process = subprocess.Popen(
                [
                    SERVER,
                    "--no-defaults",
                    f"--datadir={self.data}",
                    f"--user={getpass.getuser()}",
                    "--bind-address=127.0.0.1",
                    f"--port={self.port}",
                    f"--socket={self.base / 'server.sock'}",
                    f"--pid-file={self.base / 'server.pid'}",
                    "--innodb-buffer-pool-size=64M",
                    "--max-connections=200",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while True:
            try:
                pymysql.connect(host="127.0.0.1", port=self.port, user="root", connect_timeout=2).close()
                return
            except pymysql.err.OperationalError:
                assert self.process.poll() is None, (self.base / "server.log").read_text()[-2000:]
                assert time.monotonic() < deadline, "the private MariaDB did not start within 60 s"
                time.sleep(0.1)

    def crash(self) -> None:
        """SIGKILL: no shutdown, InnoDB recovers from its log at the next start."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def mariadb(tmp_path):
    if not INSTALL or not Path(SERVER).exists():
        pytest.fail("this test needs MariaDB's server and mariadb-install-db (apt-get install mariadb-server)")
    server = PrivateMariaDB(tmp_path / "mariadb", free_port())
    server.install()
    server.start()
    yield server
    server.stop()


def test_a_database_crash_under_load_loses_nothing_acknowledged(stack, make_org, mariadb):
    names = ["identity", "presence", "gateway"]
    with stack.private(names, redis_port=free_port(), mysql_url=mariadb.url) as private:
        gateway = private.config.url("gateway")
        org = make_org(roles=("admin", "frontline"), gateway=gateway)
        room = make_classroom(org, size=30)
        session_id = room.session["id"]
        token = org.frontline.token

        # A teacher's device marks one pupil after another; a mark that gets no answer but a 503 is
        # sent again with the same mutation id until it lands, as the app's outbox does.
        answers: list[tuple[str, httpx.Response]] = []
        first_ack, crashed, saw_503, give_up = (threading.Event() for _ in range(4))

        def teacher() -> None:
            deadline = time.monotonic() + 180
            with httpx.Client(base_url=gateway, headers={"Authorization": f"Bearer {token}"}, timeout=30) as http:
                for pupil in room.ids:
                    body = {
                        "session_id": session_id,
                        "participant_id": pupil,
                        "state": "late",
                        "mutation_id": str(uuid.uuid4()),
                    }
                    while time.monotonic() < deadline and not give_up.is_set():
                        answer = http.post("/api/presence", json=body)
                        answers.append((pupil, answer))
                        if answer.status_code in (200, 201):
                            if not first_ack.is_set():
                                first_ack.set()
                                crashed.wait(60)  # the rest is sent at a database that is down
                            break
                        if answer.status_code != 503:
                            return
                        saw_503.set()
                        time.sleep(0.05)  # a client's pause between retries, not a wait in the test
                    else:
                        return

        thread = threading.Thread(target=teacher)
        thread.start()
        try:
            assert first_ack.wait(60), "no mark was acknowledged before the crash"
            mariadb.crash()
            crashed.set()
            if not saw_503.wait(60):
                status, text = answers[-1][1].status_code, answers[-1][1].text[:500]
                pytest.fail(f"no 503 while the database was down; the last answer: {status} {text}")
            down = httpx.get(f"{gateway}/readyz")
            assert down.status_code == 503
            mariadb.start()
        except BaseException:
            give_up.set()
            raise
        finally:
            crashed.set()
            thread.join(timeout=240)
        assert not thread.is_alive()

        statuses = {a.status_code for _, a in answers}
        assert statuses <= {200, 201, 503}, [(a.status_code, a.text) for _, a in answers if a.status_code >= 400]
        for _, answer in answers:
            if answer.status_code == 503:
                assert answer.headers["content-type"].startswith("application/problem+json")
                assert answer.headers["retry-after"] == "5"
                assert answer.json()["status"] == 503
        # Every pupil's mark landed in the end, each exactly once, however many times it was sent.
        landed = {pupil for pupil, a in answers if a.status_code in (200, 201)}
        assert landed == set(room.ids)

        roster = httpx.get(
            f"{gateway}/api/sessions/{session_id}/roster", headers={"Authorization": f"Bearer {token}"}
        ).json()
        records = {item["participant"]["id"]: item["record"] for item in roster["items"]}
        assert {pid: (r["state"], r["version"]) for pid, r in records.items()} == {pid: ("late", 1) for pid in room.ids}
        # Ready again without a restart of their own: each service's readiness sees the database.
        deadline = time.monotonic() + 30
        while httpx.get(f"{gateway}/readyz").status_code != 200:
            assert time.monotonic() < deadline, httpx.get(f"{gateway}/readyz").text
            time.sleep(0.1)
