"""A real PostgreSQL for the tests and the benchmarks: Debian's `postgresql` package, started in
a temporary data directory on a free loopback port.

`PostgresServer` runs one cluster (`initdb`, `pg_ctl start/stop`); as root (CI, these
machines) every PostgreSQL program runs as the `postgres` user through `runuser`, because the
server refuses to run as root. Password authentication (scram-sha-256) over TCP only, the unix
socket in the data directory's folder, so nothing outside the test's own folder is touched.

The pytest fixtures (a plugin: tests/conftest.py names it):

- `pg_server`: one server for the whole session (started on first use, stopped at the end);
- `pg_url`: a fresh, empty database on it for each test, as the service's own role, dropped
  afterwards: `postgresql://alertgraph:<password>@127.0.0.1:<port>/<db>`;
- `durable`: parametrised over SQLite mode and PostgreSQL mode (a `DurableMode`), for the
  tests that hold for both.

Without the binaries the fixtures skip locally, naming the package to install, and fail with
CI=true (the CI machine must run these tests).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import secrets
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

INSTALL_HINT = "install PostgreSQL (apt-get install postgresql)"
ROLE = "alertgraph"
START_TIMEOUT = 30.0
_databases = itertools.count(1)


class PostgresMissing(Exception):
    """The PostgreSQL server programs (initdb, pg_ctl, postgres) are not installed."""


def postgres_bindir() -> Path:
    """The folder of initdb and pg_ctl: `pg_config --bindir`, else the newest
    /usr/lib/postgresql/*/bin. PostgresMissing when neither has them."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config is not None:
        found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        if found.returncode == 0:
            candidates.append(Path(found.stdout.strip()))
    versions = Path("/usr/lib/postgresql").glob("*/bin")
    candidates += sorted(
        versions, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0
    )[::-1]
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    raise PostgresMissing(INSTALL_HINT)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class PostgresServer:
    """One PostgreSQL cluster in a temporary folder (see the module doc). `durable=False`
    (the tests) turns fsync off: faster, and nothing here must survive a power cut; the
    benchmarks keep PostgreSQL's defaults."""

    durable: bool = False
    bindir: Path = field(default_factory=postgres_bindir)
    port: int = field(default_factory=_free_port)
    superuser_password: str = field(default_factory=lambda: secrets.token_hex(12))
    role_password: str = field(default_factory=lambda: secrets.token_hex(12))
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="alertgraph-pg-")))

    @property
    def datadir(self) -> Path:
        """The cluster's data directory."""
        return self.folder / "data"

    def _as_postgres(self, argv: list[str]) -> list[str]:
        """`argv` run as the `postgres` user when we are root (the server refuses root)."""
        return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv

    def _run(self, argv: list[str]) -> None:
        done = subprocess.run(self._as_postgres(argv), capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{argv[0]} failed ({done.returncode}): {done.stderr[-2000:]}")

    def start(self) -> PostgresServer:
        """initdb (first time: the role `alertgraph` is created with `role_password`), then
        start the server and wait until it accepts connections."""
        fresh = not self.datadir.exists()
        if fresh:
            self._init()
        options = f"-c port={self.port} -c listen_addresses=127.0.0.1 "
        options += f"-c unix_socket_directories={self.folder}"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        pg_ctl = [str(self.bindir / "pg_ctl"), "start", "-w", "-t", str(int(START_TIMEOUT))]
        log = str(self.folder / "server.log")
        self._run([*pg_ctl, "-D", str(self.datadir), "-l", log, "-o", options])
        if fresh:
            self.admin(f"CREATE ROLE {ROLE} LOGIN CREATEDB PASSWORD '{self.role_password}'")
        return self

    def _init(self) -> None:
        self.folder.chmod(0o755)
        pwfile = self.folder / "pwfile"
        pwfile.write_text(self.superuser_password + "\n")
        pwfile.chmod(0o600)
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.folder, user.pw_uid, user.pw_gid)
            os.chown(pwfile, user.pw_uid, user.pw_gid)
        initdb = [str(self.bindir / "initdb"), "-D", str(self.datadir), "-U", "postgres"]
        auth = ["--auth=scram-sha-256", f"--pwfile={pwfile}", "--encoding=UTF8", "--locale=C"]
        try:
            self._run([*initdb, *auth, "--no-sync"])
        finally:
            pwfile.unlink()

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (`fast`: sessions are cut off; `immediate`: as if killed)."""
        self._run([str(self.bindir / "pg_ctl"), "stop", "-w", "-m", mode, "-D", str(self.datadir)])

    def running(self) -> bool:
        """True while the server process runs."""
        status = subprocess.run(
            self._as_postgres([str(self.bindir / "pg_ctl"), "status", "-D", str(self.datadir)]),
            capture_output=True,
        )
        return status.returncode == 0

    def admin(self, sql: str, database: str = "postgres") -> None:
        """Run `sql` as the superuser (autocommit: CREATE/DROP DATABASE work)."""
        import psycopg

        with psycopg.connect(self.url(database, superuser=True), autocommit=True) as db:
            db.execute(sql.encode())

    def url(self, database: str, *, superuser: bool = False, password: str | None = None) -> str:
        """A postgresql:// URL of `database` as the service's role (or the superuser), with
        its password (or `password`) in it."""
        user, secret = (
            ("postgres", self.superuser_password) if superuser else (ROLE, self.role_password)
        )
        return f"postgresql://{user}:{password or secret}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A new empty database owned by the service's role; its name."""
        name = f"test_{os.getpid()}_{next(_databases)}"
        self.admin(f"CREATE DATABASE {name} OWNER {ROLE} TEMPLATE template0")
        return name

    def drop_database(self, name: str) -> None:
        """Drop `name`, cutting off its sessions (a service a test left running)."""
        self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def destroy(self) -> None:
        """Stop the server (when running) and delete its folder."""
        with contextlib.suppress(RuntimeError):
            if self.running():
                self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


def require_postgres() -> Path:
    """The PostgreSQL binaries' folder; skips the test locally, fails it with CI=true."""
    try:
        return postgres_bindir()
    except PostgresMissing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL not found in CI; {INSTALL_HINT}", pytrace=False)
        pytest.skip(INSTALL_HINT)


@contextlib.contextmanager
def postgres_server(*, durable: bool = False) -> Iterator[PostgresServer]:
    """A started server, destroyed (stopped, folder deleted) at the end of the block."""
    server = PostgresServer(durable=durable, bindir=postgres_bindir())
    try:
        yield server.start()
    finally:
        server.destroy()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the session (see the module doc)."""
    require_postgres()
    with postgres_server() as server:
        yield server


@pytest.fixture
def pg_url(pg_server: PostgresServer) -> Iterator[str]:
    """A fresh database for this test, as a postgresql:// URL with the role's password."""
    name = pg_server.create_database()
    try:
        yield pg_server.url(name)
    finally:
        pg_server.drop_database(name)


def wait_for(check: object, timeout: float = 10.0) -> None:
    """Poll `check()` (a callable) until truthy; AssertionError after `timeout` seconds."""
    assert callable(check)
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out after {timeout} s"
        time.sleep(0.05)


@dataclass(frozen=True)
class DurableMode:
    """One kind of durable state for a test: its CHECKPOINT_URL and its LangGraph saver."""

    kind: str  # sqlite | postgres
    url: str

    @property
    def saver(self) -> type[AsyncSqliteSaver] | type[AsyncPostgresSaver]:
        """The checkpointer class the service uses in this mode."""
        return AsyncSqliteSaver if self.kind == "sqlite" else AsyncPostgresSaver

    def open_saver(self) -> AbstractAsyncContextManager[Any]:
        """The checkpointer on the same state, as the service opens it (a context)."""
        if self.kind == "sqlite":
            return AsyncSqliteSaver.from_conn_string(self.url.removeprefix("sqlite:///"))
        return AsyncPostgresSaver.from_conn_string(self.url)

    def threads(self) -> int:
        """How many workflow threads have a checkpoint."""
        query = "SELECT COUNT(DISTINCT thread_id) FROM checkpoints"
        if self.kind == "sqlite":
            with sqlite3.connect(self.url.removeprefix("sqlite:///")) as db:
                return int(db.execute(query).fetchone()[0])
        import psycopg

        with psycopg.connect(self.url) as db:
            row = db.execute(query).fetchone()
            return int(row[0]) if row else 0


@pytest.fixture(params=["sqlite", "postgres"])
def durable(request: pytest.FixtureRequest, tmp_path: Path) -> DurableMode:
    """Each durable mode in turn: a SQLite file under tmp_path, a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return DurableMode("sqlite", f"sqlite:///{tmp_path / 'state' / 'alertgraph.db'}")
    return DurableMode("postgres", request.getfixturevalue("pg_url"))
