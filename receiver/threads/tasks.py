"""The runner's background work: the tasks it spawned, its timers, and a graceful stop.

Runs check in a `RunControl` while they run, so a stop can ask each to end at its next step
boundary (its checkpoint saved) before what is left is cancelled.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Coroutine
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.runtime import RunControl


def memory_saver(checkpointer: BaseCheckpointSaver[Any]) -> InMemorySaver | None:
    """The saver when it keeps checkpoints in this process's memory, else None."""
    return checkpointer if isinstance(checkpointer, InMemorySaver) else None


class RunTasks:
    """The tasks and per-incident timers of one runner, and the controls of its runs."""

    def __init__(self) -> None:
        """No tasks yet."""
        self.tasks: set[asyncio.Task[None]] = set()
        self.timers: dict[str, asyncio.Task[None]] = {}
        self.controls: set[RunControl] = set()  # of the runs in progress (graceful stop)
        self.stopping = False  # set by stop(): no run starts any more

    def spawn(self, work: Coroutine[Any, Any, None], name: str) -> asyncio.Task[None]:
        """Run `work` as a task kept until it ends."""
        task = asyncio.create_task(work, name=name)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    async def run(self, workflow: Any, value: Any, config: Any, context: Any) -> None:
        """`workflow.ainvoke` (checkpointed before each next step) with a control a graceful
        stop can drain; GraphDrained when it stopped at a step boundary."""
        control = RunControl()
        self.controls.add(control)
        try:
            await workflow.ainvoke(
                value, config, durability="sync", context=context, control=control
            )
        finally:
            self.controls.discard(control)

    def set_timer(self, key: str, work: Coroutine[Any, Any, None], name: str) -> None:
        """Run `work` as the timer of `key`, replacing (cancelling) the one it had."""
        self.cancel_timer(key)
        self.timers[key] = asyncio.create_task(work, name=name)

    def cancel_timer(self, key: str) -> None:
        """Cancel the timer of `key`, if any (not when it is the task calling)."""
        timer = self.timers.pop(key, None)
        if timer is not None and timer is not asyncio.current_task():
            timer.cancel()

    async def stop(self, grace: float) -> None:
        """Ask every run to stop at its next step boundary, give them `grace` seconds, then
        cancel what is left and every timer."""
        self.stopping = True
        for control in self.controls:
            control.request_drain("shutdown")
        running = [t for t in self.tasks if not t.done()]
        if running:
            await asyncio.wait(running, timeout=grace)
        tasks = [*self.tasks, *self.timers.values()]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self.tasks.clear()
        self.timers.clear()

    async def idle(self) -> None:
        """Wait until no task is running (timers excluded)."""
        while self.tasks:
            await asyncio.gather(*self.tasks, return_exceptions=True)
