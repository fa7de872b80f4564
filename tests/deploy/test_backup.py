"""deploy/backup.sh and the restore of deploy/README.md, against the machine's MySQL/MariaDB server
(OMNI_TEST_MYSQL_URL, an administrator's URL): every row comes back, and the four schemas come
from one snapshot even while transactions spanning two of them commit during the dump."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import uuid
from urllib.parse import unquote, urlsplit

import pytest
from deploy_support import REPO, SERVICES

BACKUP = REPO / "deploy" / "backup.sh"
ROWS = 20_000


@pytest.fixture(scope="module")
def server():
    pymysql = pytest.importorskip("pymysql", reason="pymysql not installed")
    client = shutil.which("mysql") or shutil.which("mariadb")
    if not (shutil.which("mysqldump") or shutil.which("mariadb-dump")) or not client:
        pytest.skip("no MySQL client tools (mysqldump, mysql) on this machine")
    url = urlsplit(os.environ.get("OMNI_TEST_MYSQL_URL", "mysql+pymysql://root@127.0.0.1:3306"))
    params = dict(
        host=url.hostname or "127.0.0.1",
        port=url.port or 3306,
        user=unquote(url.username or "root"),
        password=unquote(url.password or ""),
    )
    try:
        pymysql.connect(**params, connect_timeout=3).close()
    except pymysql.Error as exc:
        pytest.skip(f"no MySQL server at {params['host']}:{params['port']}: {exc}")
    cli = ["-h", params["host"], "-P", str(params["port"]), "-u", params["user"], "--protocol=TCP"]
    # The password travels in the environment, as the README's commands pass it.
    env = {**os.environ, "MYSQL_PWD": params["password"]}
    return pymysql, params, cli, env, client


@pytest.fixture
def schemas(server):
    """Four schemas of a throwaway prefix, like provisioning makes, with rows in them."""
    pymysql, params, *_ = server
    prefix = f"bk{uuid.uuid4().hex[:8]}"
    names = [f"{prefix}_{s}" for s in SERVICES]
    conn = pymysql.connect(**params, autocommit=True, charset="utf8mb4")
    with conn.cursor() as cur:
        for name in [*names, f"{prefix}_unrelated"]:
            cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        for name in names:
            cur.execute(
                f"CREATE TABLE `{name}`.entry (id BIGINT AUTO_INCREMENT PRIMARY KEY, label VARCHAR(64) NOT NULL,"
                " payload VARBINARY(16) NOT NULL) ENGINE=InnoDB"
            )
            cur.executemany(
                f"INSERT INTO `{name}`.entry (label, payload) VALUES (%s, %s)",
                [(f"Zoë ✓ {i}", i.to_bytes(4, "big") + b"\x00\xff") for i in range(ROWS)],
            )
    yield prefix, names, conn
    with conn.cursor() as cur:
        for name in [*names, f"{prefix}_unrelated"]:
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
    conn.close()


def snapshot(conn, names):
    with conn.cursor() as cur:
        result = {}
        for name in names:
            cur.execute(f"SELECT id, label, payload FROM `{name}`.entry ORDER BY id")
            result[name] = cur.fetchall()
        return result


def backup(server, prefix, out):
    _, _, cli, env, _ = server
    with open(out, "wb") as f:
        result = subprocess.run(
            ["sh", str(BACKUP), *cli],
            env={**env, "OMNI_DB_PREFIX": prefix},
            stdout=f,
            stderr=subprocess.PIPE,
            text=False,
            timeout=300,
        )
    assert result.returncode == 0, result.stderr.decode()


def restore(server, dump):
    _, _, cli, env, client = server
    with open(dump, "rb") as f:
        result = subprocess.run([client, *cli], env=env, stdin=f, capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr.decode()


def drop(conn, names):
    with conn.cursor() as cur:
        for name in names:
            cur.execute(f"DROP DATABASE `{name}`")


def test_backup_then_restore_brings_every_row_back(server, schemas, tmp_path):
    prefix, names, conn = schemas
    before = snapshot(conn, names)
    dump = tmp_path / "omni.sql"
    backup(server, prefix, dump)
    text = dump.read_text(encoding="utf-8")
    # Exactly the four schemas of this prefix, each recreated by the dump itself.
    for name in names:
        assert f"CREATE DATABASE /*!32312 IF NOT EXISTS*/ `{name}`" in text
    assert f"{prefix}_unrelated" not in text
    drop(conn, names)
    restore(server, dump)
    assert snapshot(conn, names) == before


def test_backup_is_one_snapshot_across_schemas(server, schemas, tmp_path):
    """Each transaction adds one row to identity's and one to presence's schema; a consistent dump
    holds the same number of rows in both, whatever committed while it ran."""
    pymysql, params, *_ = server
    prefix, names, conn = schemas
    identity, presence = names[0], names[1]
    stop = threading.Event()
    writing = threading.Event()

    def write():
        writer = pymysql.connect(**params, charset="utf8mb4")
        with writer.cursor() as cur:
            while not stop.is_set():
                for name in (identity, presence):
                    cur.execute(f"INSERT INTO `{name}`.entry (label, payload) VALUES ('during', x'00')")
                writer.commit()
                writing.set()
        writer.close()

    thread = threading.Thread(target=write)
    thread.start()
    try:
        # The dump starts only once the writer is committing, so it runs among those transactions
        # (on a busy machine the thread could otherwise start after a fast dump had finished).
        assert writing.wait(timeout=60), "the writer never committed"
        dump = tmp_path / "omni.sql"
        backup(server, prefix, dump)
    finally:
        stop.set()
        thread.join(timeout=30)
    drop(conn, names)
    restore(server, dump)
    with conn.cursor() as cur:
        counts = []
        for name in (identity, presence):
            cur.execute(f"SELECT COUNT(*) FROM `{name}`.entry")
            counts.append(cur.fetchone()[0])
    assert counts[0] == counts[1] >= ROWS


def test_backup_fails_loudly_for_a_missing_schema(server, tmp_path):
    _, _, cli, env, _ = server
    result = subprocess.run(
        ["sh", str(BACKUP), *cli], env={**env, "OMNI_DB_PREFIX": "nosuchprefix"}, capture_output=True, timeout=60
    )
    assert result.returncode != 0
