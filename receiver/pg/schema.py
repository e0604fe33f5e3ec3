"""The database schema's versions: numbered SQL steps (migrations/NNNN_name.sql in this
package), applied in order at start-up, each in a transaction of its own with its row in
`schema_migrations` (version, name, applied_at).

Replicas that start together take turns through a PostgreSQL advisory lock, so each step runs
once; whoever comes second finds the steps applied. The lock is taken with
`pg_try_advisory_lock` in a polling loop, never by waiting inside `pg_advisory_lock`: a session
blocked in that call holds a snapshot, and LangGraph's own migrations (run under the same lock,
`also`) build their indexes `CONCURRENTLY`, which waits for every older snapshot of the
database — the waiting replica and the migrating one would wait on each other.

A database whose schema is newer than the steps this code knows (written by a newer
alertgraph) is refused: `SchemaTooNew`, before anything is written.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import structlog
from psycopg import AsyncConnection

log = structlog.get_logger("alertgraph.database")

# The advisory lock key of the migrations (any 64-bit number no other client of the database
# uses; these are the bytes of "agschema").
MIGRATION_LOCK = 0x6167736368656D61
LOCK_POLL_SECONDS = 0.2
LOCK_WAIT_SECONDS = 300.0  # a replica waits this long for another's migrations, then gives up
_STEP_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
_CREATE_VERSIONS = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
)
"""
Sleep = Callable[[float], Awaitable[None]]


class SchemaTooNew(Exception):
    """The database's schema is newer than every migration this code knows."""


class MigrationLockTimeout(Exception):
    """Another process held the migration lock for longer than the wait allowed."""


@dataclass(frozen=True, slots=True)
class Migration:
    """One numbered step of the schema."""

    version: int
    name: str
    sql: str


def known_migrations() -> list[Migration]:
    """The steps shipped in this package, in order; they must be numbered 1, 2, 3, … with no
    gap (ValueError otherwise: a packaging mistake, never a user's)."""
    folder = resources.files("receiver.pg") / "migrations"
    steps = []
    for entry in folder.iterdir():
        match = _STEP_NAME.match(entry.name)
        if match is not None:
            steps.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    steps.sort(key=lambda step: step.version)
    if [step.version for step in steps] != list(range(1, len(steps) + 1)):
        raise ValueError(f"migrations must be numbered 1..n: {[s.version for s in steps]}")
    return steps


async def schema_version(conn: AsyncConnection[Any]) -> int:
    """The newest step applied to the database (0: none, or no schema_migrations table)."""
    cursor = await conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL")
    exists = await cursor.fetchone()
    if not exists or not exists[0]:
        return 0
    cursor = await conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
    row = await cursor.fetchone()
    return int(row[0]) if row else 0


def too_new(found: int, known: int) -> str:
    """The refusal of a database at schema version `found` by code that knows `known`."""
    return (
        f"the database's schema is at version {found}, newer than this alertgraph knows "
        f"(up to {known}): it was upgraded by a newer alertgraph; run that version (or point "
        "CHECKPOINT_URL at another database)"
    )


async def migrate(
    conn: AsyncConnection[Any],
    migrations: list[Migration] | None = None,
    *,
    also: Callable[[], Awaitable[None]] | None = None,
    sleep: Sleep = asyncio.sleep,
    wait: float = LOCK_WAIT_SECONDS,
) -> list[int]:
    """Bring the schema up to the newest of `migrations` (default: the package's), holding the
    migration lock; then run `also` (LangGraph's own setup) under the same lock. `conn` is in
    autocommit mode. Returns the versions applied now (empty when another process did).

    SchemaTooNew for a database newer than the steps; MigrationLockTimeout when the lock was
    not free within `wait` seconds."""
    steps = known_migrations() if migrations is None else migrations
    async with _migration_lock(conn, sleep, wait):
        await conn.execute(_CREATE_VERSIONS)
        current = await schema_version(conn)
        newest = steps[-1].version if steps else 0
        if current > newest:
            raise SchemaTooNew(too_new(current, newest))
        applied = []
        for step in steps:
            if step.version <= current:
                continue
            async with conn.transaction():
                await conn.execute(step.sql.encode())
                await conn.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)",
                    (step.version, step.name),
                )
            applied.append(step.version)
            log.info("database schema migrated", version=step.version, step=step.name)
        if also is not None:
            await also()
    return applied


@contextlib.asynccontextmanager
async def _migration_lock(
    conn: AsyncConnection[Any], sleep: Sleep, wait: float
) -> AsyncIterator[None]:
    """Hold the migrations' advisory lock (session level) while in the block."""
    waited = 0.0
    while True:
        cursor = await conn.execute("SELECT pg_try_advisory_lock(%s)", (MIGRATION_LOCK,))
        row = await cursor.fetchone()
        if row and row[0]:
            break
        if waited == 0.0:
            log.info("waiting for another process's schema migrations")
        if waited >= wait:
            raise MigrationLockTimeout(
                f"another process held the schema migration lock for over {wait:.0f} s"
            )
        await sleep(LOCK_POLL_SECONDS)
        waited += LOCK_POLL_SECONDS
    try:
        yield
    finally:
        with contextlib.suppress(Exception):  # a broken session releases it anyway
            await conn.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK,))
