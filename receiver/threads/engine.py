"""The thread engine under the workflow runner: a thread run until it pauses, its state
copied into the incident, the listeners told, the status bookkeeping and the verify timer.

Resumes of one thread are serialised by a lock per incident, each preceded by `aget_state()`:
resuming an unknown or finished thread would silently start a new run or do nothing
(contracts.md §5.4). A workflow exception marks the incident `failed` (a reason, logged once at
error level), never stopping the runner. receiver.threads.runner adds the entry points.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from typing import Any, Protocol

import structlog
from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.errors import GraphDrained
from langgraph.types import Command, StateSnapshot

from graph.context import WorkflowContext
from graph.state import AlertSnapshot, Decision, IncidentInput
from graph.workflow import Workflow, build_workflow
from receiver.incidents.model import Incident, IncidentStatus
from receiver.incidents.registry import IncidentRegistry
from receiver.threads.mapping import pending, thread_status, update_live_view, with_silences
from receiver.threads.tasks import RunTasks, memory_saver
from receiver.threads.waits import automatic_resume, ended, signal_check

log = structlog.get_logger("alertgraph.workflows")
Sleep = Callable[[float], Awaitable[None]]


class Gate(Protocol):
    """What the runner asks of the approval policy before an approval resumes a thread."""

    def admit(
        self, incident: Incident, checked: Decision, values: Mapping[str, Any]
    ) -> Decision | None:
        """The decision to resume with; None while more approvals are needed (`values`: the
        thread's state, paused at the approval)."""


class ThreadEngine:
    """Owns the compiled workflow, its context, the per-incident locks and its tasks."""

    def __init__(
        self,
        registry: IncidentRegistry,
        context: WorkflowContext,
        *,
        verify_timeout: float,
        checkpointer: BaseCheckpointSaver[Any] | None = None,
        sleep: Sleep = asyncio.sleep,
        max_concurrent_runs: int = 8,
    ) -> None:
        """A runner of `registry`'s incidents with `context`; `sleep` is injected for tests."""
        self.registry = registry
        self.context = context
        saver = checkpointer or InMemorySaver()
        self.workflow: Workflow = build_workflow(saver)
        self._in_memory = memory_saver(saver)
        self.verify_timeout = verify_timeout
        self._sleep = sleep
        self._locks: dict[str, asyncio.Lock] = {}
        self._work = RunTasks()
        self._tasks = self._work.tasks  # what runs now (tests wait for it)
        # Alerts that joined an incident before its approval could take them, by fingerprint.
        self._joined: dict[str, dict[str, AlertSnapshot]] = {}
        # A burst of new incidents must not start hundreds of runs at once: the rest wait.
        self._first_runs = asyncio.Semaphore(max_concurrent_runs)
        self._listeners: list[Callable[[Incident], None]] = []
        self.gate: Gate | None = None  # the approval policy's gate (receiver.threads.gate)
        # Passed in every run's config (receiver.threads.observed: time per node).
        self.run_callbacks: list[Any] = []
        # Told of each applied decision: (incident, decision, channel).
        self.on_decision: Callable[[Incident, str, str], None] | None = None

    def subscribe(self, listener: Callable[[Incident], None]) -> None:
        """Call `listener(incident)` after every change the workflow makes to an incident
        (status, proposal, commit, decision). It must not block: schedule work, don't do it."""
        self._listeners.append(listener)

    def _spawn(self, work: Coroutine[Any, Any, None], name: str) -> asyncio.Task[None]:
        return self._work.spawn(work, name)

    def _lock(self, incident_id: str) -> asyncio.Lock:
        return self._locks.setdefault(incident_id, asyncio.Lock())

    @staticmethod
    def _config(incident_id: str) -> RunnableConfig:
        return {"configurable": {"thread_id": incident_id}}

    async def resume_wait(self, incident: Incident, node: str, value: Any) -> bool:
        """Resume `incident`'s thread where `node` waits (its interrupt) with `value`; False
        when it does not wait there (it moved on, or never got there)."""
        async with self._lock(incident.id):
            snapshot = await self.workflow.aget_state(self._config(incident.id))
            waiting = pending(snapshot, node)
            if waiting is not None:
                await self._advance(incident, Command(resume={waiting[0]: value}))
            return waiting is not None

    async def waiting_state(self, incident: Incident, node: str) -> dict[str, Any] | None:
        """The thread's state values when it waits at `node`, else None."""
        snapshot = await self.workflow.aget_state(self._config(incident.id))
        return dict(snapshot.values) if pending(snapshot, node) is not None else None

    async def _settle(self, incident: Incident) -> None:
        """Resume the paused thread when what it waits for happened already: joined alerts
        for the approval, resolved alerts for verify and advice (receiver.threads.waits)."""
        async with self._lock(incident.id):
            snapshot = await self.workflow.aget_state(self._config(incident.id))
            if not (snapshot.next and snapshot.interrupts):
                return  # running (it settles when it pauses), finished, or never started
            await self._advance(incident, None, snapshot)

    async def _check_signal(self, incident: Incident) -> None:
        async with self._lock(incident.id):
            check = signal_check(await self.workflow.aget_state(self._config(incident.id)))
            if check is not None:
                await self._advance(incident, check)

    async def _verify_timer(self, incident: Incident, seconds: float | None = None) -> None:
        await self._sleep(self.verify_timeout if seconds is None else seconds)
        self._work.timers.pop(incident.id, None)
        log.info("verify timeout", incident_id=incident.id, seconds=self.verify_timeout)
        await self.resume_wait(incident, "verify", ended("verify", "not_recovered"))

    async def _advance(
        self,
        incident: Incident,
        value: IncidentInput | Command[Any] | None,
        paused: StateSnapshot | None = None,
        in_request: bool = False,
    ) -> None:
        """Run the thread until it pauses or ends (caller holds the lock), then publish.

        Joined alerts go to the approval once it waits; a verify or advise reached with every
        alert resolved is resumed at once (in a task of its own: a re-check during a request).
        With `paused` (the thread's state, paused) nothing runs before those checks."""
        config = self._config(incident.id)
        snapshot = paused
        while True:
            if snapshot is None:
                try:
                    resume = with_silences(value, incident)  # the record lists them
                    run_config: RunnableConfig = {**config, "callbacks": self.run_callbacks}
                    await self._work.run(self.workflow, resume, run_config, self.context)
                    snapshot = await self.workflow.aget_state(config)
                except GraphDrained:
                    log.info("workflow stopped at a step boundary", incident_id=incident.id)
                    return
                except Exception as exc:
                    self._fail(incident, f"{type(exc).__name__}: {exc}", exc)
                    return
                self._publish(incident, snapshot)
            joined = list(self._joined.pop(incident.id, {}).values())
            value = automatic_resume(snapshot, joined, incident.all_resolved)
            if in_request and self.context.evidence and value and pending(snapshot, "verify"):
                # a re-check lasts up to VERIFY_TIMEOUT: never inside a decision's HTTP call
                self._spawn(self._settle(incident), f"resolved-{incident.id}")
                return
            if value is None:
                if signal_check(snapshot) is not None:  # runs long: never in a decision's call
                    self._spawn(self._check_signal(incident), f"signal-{incident.id}")
                return
            if joined and pending(snapshot, "approval") is not None:
                log.info("alerts joined", incident_id=incident.id, alerts=len(joined))
            snapshot = None

    def _publish(self, incident: Incident, snapshot: StateSnapshot) -> None:
        """Copy the thread's state into the incident's live view and status
        (receiver.threads.mapping)."""
        values: dict[str, Any] = snapshot.values
        update_live_view(incident.live, values, self.context.now())
        status = thread_status(values)
        if not snapshot.next and not snapshot.tasks and not status.terminal:
            # The thread ended without a final status: nothing more will happen.
            self._fail(incident, f"the workflow ended without a final status ({status.value})")
            return
        if status is IncidentStatus.FAILED and not incident.live.reason:
            incident.live.reason = "the workflow failed without saying why"
        self._set_status(incident, status)
        self.notify(incident)

    def _fail(self, incident: Incident, reason: str, error: BaseException | None = None) -> None:
        incident.live.reason = reason  # masked where it leaves: API, Slack, logs
        incident.live.updated = self.context.now()
        self._set_status(incident, IncidentStatus.FAILED, error)
        self.notify(incident)

    def notify(self, incident: Incident) -> None:
        """Tell every listener that `incident` changed (its live view, e.g. a policy answer)."""
        for listener in self._listeners:
            try:
                listener(incident)
            except Exception:  # a broken listener must not stop the workflow
                log.exception("incident listener failed", incident_id=incident.id)

    def _set_status(
        self, incident: Incident, status: IncidentStatus, error: BaseException | None = None
    ) -> None:
        previous, incident.status = incident.status, status
        if status is IncidentStatus.FAILED and previous is not status:
            log.error(  # the one error line of a failed incident, with its reason
                "incident failed",
                incident_id=incident.id,
                reason=incident.live.reason,
                exc_info=error,
            )
        elif status is not previous:
            log.info("incident status", incident_id=incident.id, status=status.value)
        if status is IncidentStatus.VERIFYING and incident.live.verifying_since is None:
            incident.live.verifying_since = self.context.now()
        if status is IncidentStatus.VERIFYING and incident.id not in self._work.timers:
            timer = self._verify_timer(incident)
            self._work.set_timer(incident.id, timer, f"verify-timer-{incident.id}")
        if status.terminal:
            self._work.cancel_timer(incident.id)
            self._locks.pop(incident.id, None)  # later callers find the thread finished
            self._joined.pop(incident.id, None)
            self.registry.close(incident)
            if self._in_memory is not None:
                # Git has the finished incident; its checkpoints would stay in memory for the
                # life of the process. (A durable saver keeps them on disk for a restart.)
                self._in_memory.delete_thread(incident.id)
