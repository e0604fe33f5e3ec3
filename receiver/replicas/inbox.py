"""Alerts accepted by any replica, kept in PostgreSQL until the leader has grouped them.

With several replicas each one answers Alertmanager and the Loki ruler; an alert counts as
accepted once its row is committed (the answer waits for that), so a replica killed right after
answering loses nothing. The leader's `InboxPump` hands the rows, oldest first, to its ingest
queue and deletes them only once its workers have grouped them: a leader killed in between
leaves them for the next one, which groups them again — a repeat the registry recognises
(same fingerprint, episode and status), so an alert is attached once. One process decides the
grouping, so one key gives one incident across replicas exactly as in one process.

Writes are coalesced: the requests that arrive while one INSERT is in flight go together in the
next (one transaction, one fsync), which is what lets one database keep up with a storm. A
NOTIFY wakes the pump; it also looks every `poll_seconds` in case a notification was missed.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import msgspec
import structlog

from receiver.ingest.events import AlertEvent, AlertSource
from receiver.ingest.queue import Batch, EventQueue, QueueFull

log = structlog.get_logger("alertgraph.inbox")

CHANNEL = "alertgraph_inbox"
_EVENTS = msgspec.msgpack.Encoder()
_DECODE = msgspec.msgpack.Decoder(list[AlertEvent])
Connect = Callable[[], Awaitable[Any]]  # an autocommit psycopg.AsyncConnection


class InboxUnavailable(Exception):
    """The database did not take `alerts` alerts: the sender is answered 503 and retries."""

    def __init__(self, why: str, alerts: int = 0) -> None:
        """Refuse `alerts` alerts because of `why`."""
        super().__init__(f"the alerts could not be stored: {why}")
        self.alerts = alerts


class Inbox:
    """The writing side: `put` returns once the events are committed."""

    def __init__(self, connect: Connect, timeout: float = 10.0) -> None:
        """Rows are written on one connection from `connect`, opened on first use."""
        self._connect = connect
        self._timeout = timeout
        self._connection: Any = None
        self._pending: list[tuple[AlertSource, bytes, asyncio.Future[None]]] = []
        self._flushing: asyncio.Task[None] | None = None

    async def put(self, events: Sequence[AlertEvent], source: AlertSource) -> None:
        """Keep `events` until the leader groups them; InboxUnavailable when the database
        cannot take them within the timeout."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((source, _EVENTS.encode(list(events)), done))
        if self._flushing is None:
            self._flushing = asyncio.create_task(self._flush_all(), name="inbox-flush")
        try:
            await done
        except InboxUnavailable as error:
            raise InboxUnavailable(str(error.args[0]), len(events)) from None

    async def _flush_all(self) -> None:
        try:
            while self._pending:
                batch, self._pending = self._pending, []
                error = await self._write(batch)
                for _, _, done in batch:
                    if not done.done():
                        done.set_exception(error) if error else done.set_result(None)
        finally:
            self._flushing = None

    async def _write(
        self, batch: list[tuple[AlertSource, bytes, asyncio.Future[None]]]
    ) -> InboxUnavailable | None:
        rows = [(source.value, payload) for source, payload, _ in batch]
        try:
            async with asyncio.timeout(self._timeout):
                if self._connection is None or self._connection.closed:
                    self._connection = await self._connect()
                async with self._connection.transaction():
                    async with self._connection.cursor() as cursor:
                        await cursor.executemany(
                            "INSERT INTO alert_inbox (source, events) VALUES (%s, %s)", rows
                        )
                    await self._connection.execute(f"NOTIFY {CHANNEL}")
        except Exception as error:
            log.warning("inbox: alerts not stored", batches=len(rows), error=str(error))
            await self.close()
            return InboxUnavailable(str(error) or type(error).__name__, 0)
        return None

    async def close(self) -> None:
        """Close the connection (the next `put` opens another)."""
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):  # a broken connection may fail to close
                await connection.close()


class InboxPump:
    """The leader's side: rows → its ingest queue, deleted once grouped."""

    def __init__(
        self, connect: Connect, queue: EventQueue, *, batch: int = 200, poll_seconds: float = 1.0
    ) -> None:
        """Rows are read on a connection from `connect` that also LISTENs for new ones."""
        self._connect = connect
        self._queue = queue
        self._batch = batch
        self._poll = poll_seconds

    async def run(self) -> None:
        """Pump until cancelled (a database failure is logged and retried)."""
        while True:
            connection = None
            try:
                connection = await self._connect()
                await connection.execute(f"LISTEN {CHANNEL}")
                await self._pump(connection)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                log.warning("inbox pump: database failed, retrying", error=str(error))
                await asyncio.sleep(self._poll)
            finally:
                if connection is not None:
                    await connection.close()

    async def _pump(self, connection: Any) -> None:
        while True:
            cursor = await connection.execute(
                "SELECT id, source, events FROM alert_inbox ORDER BY id LIMIT %s", (self._batch,)
            )
            rows = await cursor.fetchall()
            if not rows:
                await _notified(connection, self._poll)
                continue
            handed = self._hand_over(rows)
            if not handed:  # the queue is full: the workers catch up first
                await asyncio.sleep(self._poll / 10)
                continue
            results = [batch.result for batch in handed if batch.result is not None]
            await asyncio.gather(*results, return_exceptions=True)  # failures were logged
            ids = [row[0] for row in rows[: len(handed)]]
            await connection.execute("DELETE FROM alert_inbox WHERE id = ANY(%s)", (ids,))

    def _hand_over(self, rows: list[tuple[int, str, bytes]]) -> list[Batch]:
        """Queue the rows' events in order, as many rows as the queue takes."""
        handed: list[Batch] = []
        for _, _, payload in rows:
            try:
                handed.append(self._queue.put(_DECODE.decode(payload), want_result=True))
            except QueueFull:
                break
        return handed


async def _notified(connection: Any, seconds: float) -> None:
    """Wait for a NOTIFY on the connection, at most `seconds`."""
    try:
        async with asyncio.timeout(seconds):
            async for _ in connection.notifies():
                return
    except TimeoutError:
        return
