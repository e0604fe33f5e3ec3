"""The PostgreSQL database of CHECKPOINT_URL: start-up, the connection pool, the LangGraph
checkpointer, the tables' connection and the readiness probe.

Start-up (`Database.running`) connects once on its own, so a server that does not answer or
refuses the login stops start-up with one clear line (`DatabaseUnavailable`, the URL's
password masked); on that connection it migrates the schema and LangGraph's tables
(receiver.pg.schema), then opens the pool and yields the checkpointer on it. The pool's
connections are what AsyncPostgresSaver requires (autocommit, prepare_threshold=0,
row_factory=dict_row; docs/contracts/postgres.md).

Besides the pool, two single connections, each opened on first use and again after it broke:
the tables' synchronous one (receiver.pg.tables: called from the event loop, as SQLite mode's
tables are) and the readiness probe's.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import psycopg
import structlog
from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
from psycopg import AsyncConnection
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from receiver.pg.errors import DatabaseUnavailable, reason
from receiver.pg.schema import (
    MigrationLockTimeout,
    SchemaTooNew,
    known_migrations,
    migrate,
    schema_version,
    too_new,
)
from receiver.pg.tables import SyncLink

log = structlog.get_logger("alertgraph.database")

CONNECT_TIMEOUT = 5  # seconds (libpq's connect_timeout: whole seconds)
POOL_SIZE = 8
# Checkpoint queries that may run at once: AsyncPostgresSaver serialises every query behind
# one asyncio.Lock even on a pool (langchain-ai/langgraph#7259); on a pool each query has a
# connection of its own, so a semaphore below the pool's size replaces it, leaving
# connections for the rest of the service.
SAVER_CONCURRENCY = 4
POOL_TIMEOUT = 10.0  # seconds a checkpoint waits for a pooled connection
PROBE_TIMEOUT = 2.0  # seconds the readiness probe waits for an answer


class Database:
    """The database of `conninfo` (libpq connection string, password included); `shown` is
    how messages name it (CHECKPOINT_URL, masked)."""

    def __init__(self, conninfo: str, shown: str) -> None:
        """Nothing connects before `running` (or the first use of a table)."""
        self._conninfo = conninfo
        self.shown = shown
        self.link = SyncLink(conninfo, CONNECT_TIMEOUT)
        self.pool: AsyncConnectionPool[AsyncConnection[dict[str, Any]]] | None = None
        self._probe: AsyncConnection[Any] | None = None
        self._probing = asyncio.Lock()

    async def connect(self) -> AsyncConnection[Any]:
        """One new autocommit connection; DatabaseUnavailable (one masked line) when the
        server does not answer or refuses it."""
        try:
            return await AsyncConnection.connect(
                self._conninfo, autocommit=True, connect_timeout=CONNECT_TIMEOUT
            )
        except psycopg.Error as error:
            raise DatabaseUnavailable(
                f"cannot connect to the database {self.shown}: {reason(error)}"
            ) from None

    async def reachable(self) -> None:
        """Connect once and close: DatabaseUnavailable (one masked line) when the server does
        not answer or refuses the login (the check before the service starts serving)."""
        conn = await self.connect()
        await conn.close()

    async def describe(self) -> str:
        """One line saying that the database answers and at which schema version;
        DatabaseUnavailable when it does not answer, refuses the login or is newer than this
        code (what `alertgraph check-config` shows; nothing is written)."""
        async with await self.connect() as conn:
            try:
                found = await schema_version(conn)
            except psycopg.Error as error:
                raise DatabaseUnavailable(f"database {self.shown}: {reason(error)}") from None
        known = known_migrations()[-1].version
        if found > known:
            raise DatabaseUnavailable(f"database {self.shown}: {too_new(found, known)}")
        if found == 0:
            return f"database {self.shown} answers (empty: the first start creates the schema)"
        state = "current" if found == known else f"the next start migrates it to {known}"
        return f"database {self.shown} answers (schema version {found}, {state})"

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[AsyncPostgresSaver]:
        """The database ready for the service: connected, schema migrated (ours and
        LangGraph's), pool open; yields the checkpointer on the pool, closes it all after.

        DatabaseUnavailable (one masked line) when it cannot be: no answer, login refused,
        a schema newer than this code, or another replica's migrations never ending."""
        async with await self.connect() as conn:
            try:
                await migrate(conn, also=AsyncPostgresSaver(conn).setup)
            except (SchemaTooNew, MigrationLockTimeout) as error:
                raise DatabaseUnavailable(f"database {self.shown}: {error}") from None
            except psycopg.Error as error:
                raise DatabaseUnavailable(
                    f"database {self.shown}: the schema migration failed: {reason(error)}"
                ) from None
        pool: AsyncConnectionPool[AsyncConnection[dict[str, Any]]] = AsyncConnectionPool(
            self._conninfo,
            open=False,
            min_size=1,
            max_size=POOL_SIZE,
            timeout=POOL_TIMEOUT,
            name="alertgraph",
            kwargs={"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row},
        )
        await pool.open(wait=True, timeout=CONNECT_TIMEOUT)
        self.pool = pool
        saver = AsyncPostgresSaver(pool)
        saver.lock = asyncio.Semaphore(SAVER_CONCURRENCY)  # type: ignore[assignment]
        try:
            yield saver
        finally:
            self.pool = None
            await pool.close()
            await self._close_probe()
            self.link.close()

    async def problem(self) -> str | None:
        """None when the database answers a query now (within PROBE_TIMEOUT), else why not
        (one masked line). The probe's own connection is opened again after it broke."""
        async with self._probing:
            try:
                await asyncio.wait_for(self._ping(), PROBE_TIMEOUT)
            except (psycopg.Error, TimeoutError) as error:
                await self._close_probe()
                return f"the database does not answer: {reason(error)}"
        return None

    async def _ping(self) -> None:
        if self._probe is None or self._probe.closed:
            self._probe = await AsyncConnection.connect(
                self._conninfo, autocommit=True, connect_timeout=CONNECT_TIMEOUT
            )
        await self._probe.execute("SELECT 1")

    async def _close_probe(self) -> None:
        probe, self._probe = self._probe, None
        if probe is not None:
            with contextlib.suppress(Exception):
                await probe.close()
