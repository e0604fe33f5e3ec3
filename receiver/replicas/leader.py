"""Which replica does the work that must happen once per cluster: a PostgreSQL advisory lock.

With `CHECKPOINT_URL=postgresql://…` any number of replicas run behind one Service. Every one
accepts alerts (receiver.replicas.inbox) and answers HTTP; one of them, the leader, owns every
workflow run, the timers (verify, reminders, veto windows), the feedback loop, the Loki poller
and the delivery watcher. The leader is whoever holds the session-level advisory lock
`LEADER_LOCK` on its own connection: PostgreSQL gives it to one session at a time and frees it
the moment that session ends — a killed replica's connection closes at once; the session of a
replica that froze ends after a lease without a query (`idle_session_timeout`), and that of a
host cut off when the server's TCP keepalives give up (set to about a lease). Nothing of ours
decides who leads.

The leader checks its connection every `lease_seconds / 3`; a check that fails or takes longer
than that means the lock may be gone, and the leader stops leading at once (`on_lost`: the
service exits and Kubernetes starts it again as a follower, as controller-runtime's leader
election does) so two replicas never run one workflow. Followers try to take the lock every
`lease_seconds / 3`; so a dead leader is replaced within one lease.

The leader writes where it can be reached into `replica_leader` (one row) for the followers,
which forward what only the leader can answer (receiver.replicas.forward).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import structlog

log = structlog.get_logger("alertgraph.replicas")

LEADER_LOCK = 0x616C_6572_7467_7201  # "alertgr" + 1: the advisory lock key of the leadership
Connect = Callable[[], Awaitable[Any]]  # an autocommit psycopg.AsyncConnection
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Leader:
    """Who leads now, as the leader wrote it: its replica name and base URL."""

    name: str
    url: str


class Leadership:
    """The leader election of this replica: `run` until cancelled or leadership is lost."""

    def __init__(
        self,
        connect: Connect,
        *,
        name: str,
        url: str,
        lease_seconds: float = 15.0,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        """`connect` opens a fresh autocommit connection; `name`/`url` are this replica's."""
        self._connect = connect
        self.name = name
        self.url = url
        self.lease_seconds = lease_seconds
        self._sleep = sleep
        self._leading = asyncio.Event()
        self._settled = asyncio.Event()  # the first try ended: leading, or another leads

    @property
    def leading(self) -> bool:
        """Whether this replica holds the lock now."""
        return self._leading.is_set()

    async def elected(self) -> None:
        """Wait until this replica leads."""
        await self._leading.wait()

    async def settled(self) -> None:
        """Wait until the first try for the lock has ended: this replica leads (it has taken
        over), or another held the lock, or the database did not answer."""
        await self._settled.wait()

    async def run(
        self,
        on_elected: Callable[[], Coroutine[Any, Any, None]],
        on_lost: Callable[[str], None],
    ) -> None:
        """Try for the lock until it is held, call `on_elected`, then hold it; when the hold
        cannot be confirmed, `on_lost(why)` and return (never leads again in this process)."""
        connection = await self._wait_for_lock()
        holding = asyncio.create_task(self._hold(connection), name="leader-hold")
        taking_over = asyncio.create_task(on_elected(), name="leader-take-over")
        log.info("elected: taking over", replica=self.name, url=self.url)
        try:
            await asyncio.wait({holding, taking_over}, return_when=asyncio.FIRST_COMPLETED)
            if not taking_over.done():
                self._settled.set()
                why = await holding
            elif taking_over.exception() is not None:  # start again, as a follower
                self._settled.set()
                why = f"taking over failed: {taking_over.exception()!r}"
            else:  # followers forwarded to nobody until now
                await _announce(connection, self.name, self.url)
                self._leading.set()
                self._settled.set()
                log.info("leading", replica=self.name, url=self.url)
                why = await holding
        finally:
            holding.cancel()
            taking_over.cancel()  # a no-op once done; stops a take-over cut short
            self._leading.clear()
            await _close(connection)
        log.error("leadership lost: stopping", replica=self.name, why=why)
        on_lost(why)

    async def _wait_for_lock(self) -> Any:
        """A connection that holds the lock (tries every third of a lease)."""
        interval = self.lease_seconds / 3
        said = False
        while True:
            connection = None
            try:
                connection = await asyncio.wait_for(self._connect(), interval * 2)
                await _bound_session(connection, self.lease_seconds)
                if await _try_lock(connection):  # the last leader's address is stale now
                    await connection.execute("DELETE FROM replica_leader WHERE id = 1")
                    return connection
                if not said:
                    log.info("following: another replica leads", replica=self.name)
                    said = True
            except (OSError, TimeoutError, _db_errors()) as error:
                log.warning("leader election: database unreachable", error=str(error))
            await _close(connection)
            self._settled.set()
            await self._sleep(interval)

    async def _hold(self, connection: Any) -> str:
        """Check the connection every third of a lease; why it stopped holding."""
        interval = self.lease_seconds / 3
        while True:
            await self._sleep(interval)
            try:
                async with asyncio.timeout(interval):
                    await connection.execute("SELECT 1")
            except TimeoutError:
                return f"the database did not answer within {interval:g} s"
            except (OSError, _db_errors()) as error:
                return f"the database connection failed: {error}"


# The announced leader, only while some session holds the lock (an advisory lock on a bigint
# key shows in pg_locks as classid = its high 32 bits, objid = its low 32 bits, objsubid = 1).
_CURRENT_LEADER = """
SELECT name, url FROM replica_leader WHERE id = 1 AND EXISTS (
    SELECT 1 FROM pg_locks
    WHERE locktype = 'advisory' AND granted AND objsubid = 1
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
      AND classid = %s::oid AND objid = %s::oid
)
"""


async def current_leader(connection: Any) -> Leader | None:
    """The leader as it announced itself, while it holds the lock (None: nobody leads, or the
    one who took the lock is still taking over)."""
    high, low = LEADER_LOCK >> 32, LEADER_LOCK & 0xFFFF_FFFF
    cursor = await connection.execute(_CURRENT_LEADER, (high, low))
    row = await cursor.fetchone()
    return None if row is None else Leader(str(row[0]), str(row[1]))


async def _bound_session(connection: Any, lease_seconds: float) -> None:
    """Make the server end this session — and free the lock — when the leader goes quiet for
    a lease (a frozen process: `idle_session_timeout`, PostgreSQL 14+) or its host is cut off
    (TCP keepalives within about a lease, instead of the system's two hours)."""
    lease_ms = max(int(lease_seconds * 1000), 1000)
    probe = max(int(lease_seconds / 5), 1)
    await connection.execute(f"SET idle_session_timeout = {lease_ms}")
    await connection.execute(f"SET tcp_keepalives_idle = {probe}")
    await connection.execute(f"SET tcp_keepalives_interval = {probe}")
    await connection.execute("SET tcp_keepalives_count = 3")


async def _try_lock(connection: Any) -> bool:
    cursor = await connection.execute("SELECT pg_try_advisory_lock(%s)", (LEADER_LOCK,))
    row = await cursor.fetchone()
    return bool(row and row[0])


async def _announce(connection: Any, name: str, url: str) -> None:
    await connection.execute(
        "INSERT INTO replica_leader (id, name, url, since) VALUES (1, %s, %s, now()) "
        "ON CONFLICT (id) DO UPDATE SET name = excluded.name, url = excluded.url, "
        "since = excluded.since",
        (name, url),
    )


async def _close(connection: Any) -> None:
    if connection is not None:
        with contextlib.suppress(Exception):  # a broken connection may fail to close
            await connection.close()


def _db_errors() -> type[Exception]:
    import psycopg

    return psycopg.Error
