"""PostgreSQL mode with the real `alertgraph` process: a login the database refuses stops
start-up with one line (the password masked), replicas starting together on a fresh database
migrate it once and both serve, and `check-config` says whether the database answers."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import psycopg

from receiver.pg.schema import known_migrations
from tests.integration.conftest import Launcher, start_service
from tests.pg import PostgresServer
from tests.receiver.test_cli import alertgraph, free_port


def test_a_wrong_password_stops_start_up_with_one_line_and_the_password_masked(
    pg_server: PostgresServer, pg_url: str, tmp_path: Path
) -> None:
    wrong = pg_url.replace(pg_server.role_password, "Wr0ngPassw0rd-s3cret")
    proc = alertgraph("serve", cwd=tmp_path, CHECKPOINT_URL=wrong, API_PORT=str(free_port()))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    line = proc.stderr.strip().splitlines()[-1]  # after the log lines of `serve`
    assert line.startswith(
        "alertgraph: cannot connect to the database postgresql://alertgraph:****@"
    )
    assert 'password authentication failed for user "alertgraph"' in line
    assert "Wr0ngPassw0rd" not in proc.stdout + proc.stderr and "Traceback" not in proc.stderr


def test_the_password_may_come_from_a_file(
    pg_server: PostgresServer, pg_url: str, tmp_path: Path
) -> None:
    secret = tmp_path / "pg-password"
    secret.write_text(pg_server.role_password + "\n")
    no_password = pg_url.replace(f":{pg_server.role_password}@", "@")
    proc = alertgraph(
        "check-config",
        cwd=tmp_path,
        CHECKPOINT_URL=no_password,
        CHECKPOINT_PASSWORD_FILE=str(secret),
    )
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"CHECKPOINT_PASSWORD\s+\*\*\*\*\s+CHECKPOINT_PASSWORD_FILE", proc.stdout)
    assert f"checkpoints: database {no_password} answers (empty:" in proc.stdout
    assert pg_server.role_password not in proc.stdout + proc.stderr


def test_check_config_says_whether_the_database_answers_with_the_password_masked(
    pg_server: PostgresServer, pg_url: str, tmp_path: Path
) -> None:
    masked = pg_url.replace(pg_server.role_password, "****")
    answering = alertgraph("check-config", cwd=tmp_path, CHECKPOINT_URL=pg_url)
    assert answering.returncode == 0, answering.stderr
    assert f"CHECKPOINT_URL     {masked}" in re.sub(
        r"(CHECKPOINT_URL) +", r"\1     ", answering.stdout
    )
    wrong = alertgraph(
        "check-config",
        cwd=tmp_path,
        CHECKPOINT_URL=pg_url.replace(pg_server.role_password, "nope-s3cret"),
    )
    assert wrong.returncode == 1
    assert "alertgraph: checkpoints: cannot connect to the database" in wrong.stderr
    assert "password authentication failed" in wrong.stderr
    for proc in (answering, wrong):
        assert pg_server.role_password not in proc.stdout + proc.stderr
        assert "s3cret" not in proc.stdout + proc.stderr


def test_two_replicas_starting_together_migrate_once_and_both_serve(
    pg_url: str, launch: Launcher, http: httpx.Client, tmp_path: Path
) -> None:
    def one(name: str) -> str:
        folder = tmp_path / name
        folder.mkdir()
        return start_service(launch, http, folder, name, CHECKPOINT_URL=pg_url).base_url

    with ThreadPoolExecutor(max_workers=2) as pool:
        bases = list(pool.map(one, ["replica-a", "replica-b"]))
    for base in bases:
        assert http.get(f"{base}/health/ready").json()["status"] == "ready"
    with psycopg.connect(pg_url) as db:
        ours = db.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()
        langgraph = db.execute(
            "SELECT v, COUNT(*) FROM checkpoint_migrations GROUP BY v"
        ).fetchall()
    assert [v for (v,) in ours] == [s.version for s in known_migrations()]
    assert langgraph and all(count == 1 for _, count in langgraph)
