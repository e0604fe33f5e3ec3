"""This replica's part in a cluster on one PostgreSQL (CHECKPOINT_URL=postgresql://…).

Built by receiver.app from the settings; receiver.lifespan runs the election and, once this
replica leads, the leader's work (receiver.replicas.leader says what that is); receiver.app
puts `LeaderForwarding` in front of the routes. `exit_now` is what losing the leadership does
to the process.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
import structlog

from receiver.ingest.queue import EventQueue
from receiver.replicas.inbox import Connect, Inbox, InboxPump
from receiver.replicas.leader import Leader, Leadership, current_leader

log = structlog.get_logger("alertgraph.replicas")
LOST_LEADERSHIP_EXIT = 70  # EX_SOFTWARE: Kubernetes restarts the container as a follower


def exit_now(why: str) -> None:
    """Stop the process at once, without a graceful stop: another replica may already lead,
    and a drain now would write over its state. Nothing durable is lost (the inbox rows and
    the checkpoints are in the database)."""
    log.critical("exiting: this replica no longer leads", why=why)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(LOST_LEADERSHIP_EXIT)


@dataclass(frozen=True, slots=True)
class Replicas:
    """The election, the inbox every replica writes, and how to reach the database."""

    leadership: Leadership
    inbox: Inbox
    connect: Connect
    on_lost: Callable[[str], None] = field(default=exit_now)
    # Forwarding to the leader (receiver.replicas.forward); no read timeout: the console's
    # server-sent events stream for as long as the page is open.
    http: httpx.AsyncClient = field(
        default_factory=lambda: httpx.AsyncClient(
            timeout=httpx.Timeout(30.0, read=None), trust_env=False
        )
    )

    @property
    def following(self) -> bool:
        """True while another replica (or none yet) leads."""
        return not self.leadership.leading

    def pump(self, queue: EventQueue) -> InboxPump:
        """The leader's pump from the inbox into `queue`."""
        return InboxPump(self.connect, queue)

    async def leader(self) -> Leader | None:
        """Who leads, as it announced itself (a short connection of its own)."""
        connection = await self.connect()
        try:
            return await current_leader(connection)
        finally:
            await connection.close()

    async def problem(self) -> str | None:
        """Why this replica cannot serve yet (None: it can): a follower needs a leader to
        forward to; the leader is ready once it has taken over."""
        if self.leadership.leading:
            return None
        try:
            leader = await self.leader()
        except Exception as error:
            return f"no leader known: the database does not answer ({type(error).__name__})"
        return None if leader is not None else "no replica leads yet (an election is running)"
