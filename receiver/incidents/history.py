"""The incidents' git side, caught up before every read.

Git history (graph.history.HistoryIndex) knows every incident that reached a decision; the
service's own commits and anyone else's move the branch. Every read of it first calls
`catch_up`: a look at the ref file, and an incremental `git log` only when it moved.
HistoryUnavailable when git cannot be read (the API answers 503, Slack says so).
"""

from __future__ import annotations

import asyncio

import structlog

from graph.git.history import HistoryIndex

log = structlog.get_logger("alertgraph.history")


class HistoryUnavailable(Exception):
    """The GitOps repository cannot be read right now."""

    def __init__(self) -> None:
        """The history is unreadable; the message says so without internals."""
        super().__init__("the GitOps repository cannot be read right now")


async def catch_up(history: HistoryIndex) -> None:
    """Bring the index up to the branch head; HistoryUnavailable when git cannot be read."""
    if not history.moved():
        return
    try:
        await asyncio.to_thread(history.refresh)
    except RuntimeError as exc:
        log.error("history unreadable", error=str(exc))
        raise HistoryUnavailable from None
