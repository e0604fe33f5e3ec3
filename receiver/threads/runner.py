"""The workflow runner: one LangGraph thread per incident (thread_id = incident id).

It starts a thread for each new incident and resumes its interrupts: the approval with a
human's decision or the alerts that joined (receiver.threads.waits), advice with an
acknowledgement or its alerts resolved, verify with the resolved alert or the verify timeout
(a manual incident's signal check at once, in a task of its own); it copies the thread's
state into the incident's live view after every run. Resumes of one thread are serialised by
a lock per incident (receiver.threads.engine runs a thread until it pauses and publishes it).

After a restart (`resume`) each thread goes on from its last checkpoint. LangGraph saves a
finished node's writes at once and the step's checkpoint after the step, so a kill in between
leaves a thread whose `aget_state().next` is empty although the step's tasks have not been
applied yet (`tasks` lists them): such a thread is continued, never taken for finished.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import structlog
from langgraph.checkpoint.base import BaseCheckpointSaver

from graph.workflow import build_workflow
from receiver.incidents.model import Incident, IncidentStatus
from receiver.threads.decisions import acknowledgement_resume, approval_resume, check_decision
from receiver.threads.engine import Gate, Sleep, ThreadEngine
from receiver.threads.mapping import (
    joined_alert,
    pending,
    thread_input,
)
from receiver.threads.tasks import memory_saver
from receiver.threads.waits import signal_check

log = structlog.get_logger("alertgraph.workflows")
__all__ = ["DRAIN_SECONDS", "Gate", "Sleep", "WorkflowRunner"]
DRAIN_SECONDS = 5.0  # how long a graceful stop waits for runs to reach a step boundary
# While the workflow has not passed the approval, an alert that joins is handed to it.
_BEFORE_DECISION = frozenset(
    {IncidentStatus.RECEIVED, IncidentStatus.ANALYZING, IncidentStatus.AWAITING_APPROVAL}
)
_ENDED_BY_RESOLVE = frozenset({IncidentStatus.VERIFYING, IncidentStatus.ADVISING})


class WorkflowRunner(ThreadEngine):
    """The entry points: start, resume after a restart, decide, acknowledge, alerts that
    joined or resolved, and a graceful stop."""

    def start(self, incident: Incident) -> None:
        """Start `incident`'s workflow in the background (call once, for a new incident)."""
        self._spawn(self._run(incident), f"workflow-{incident.id}")
        self.notify(incident)

    def use_checkpointer(self, checkpointer: BaseCheckpointSaver[Any]) -> None:
        """Checkpoint into `checkpointer` from now on (call before any workflow runs)."""
        self.workflow = build_workflow(checkpointer)
        self._in_memory = memory_saver(checkpointer)

    async def resume(self, incident: Incident) -> None:
        """Pick up `incident` after a restart, where its checkpointed thread stopped: an
        approval stays pending, a verify timer goes on with the time it had left (or ends at
        once when every alert resolved meanwhile), a run cut off between steps goes on, and
        an incident whose run never started starts."""
        snapshot = await self.workflow.aget_state(self._config(incident.id))
        if snapshot.created_at is None:
            incident.status = IncidentStatus.RECEIVED
            self.start(incident)
            return
        if any(pending(snapshot, node) for node in ("approval", "advise", "verify", "merge")):
            self._publish(incident, snapshot)  # VERIFYING: starts a timer, replaced below
            if signal_check(snapshot) is not None:  # a manual incident's check starts over
                self._spawn(self._check_signal(incident), f"signal-{incident.id}")
            elif incident.status is IncidentStatus.VERIFYING and not incident.all_resolved:
                since = incident.live.verifying_since or self.context.now()
                left = self.verify_timeout - (self.context.now() - since).total_seconds()
                timer = self._verify_timer(incident, max(left, 0.0))
                self._work.set_timer(incident.id, timer, f"verify-timer-{incident.id}")
                log.info("verify timer resumed", incident_id=incident.id, seconds=round(left, 1))
            else:  # an approval waits on; advice or verify whose alerts resolved ends now
                self._spawn(self._settle(incident), f"settle-{incident.id}")
            return
        if snapshot.next or snapshot.tasks:  # tasks without next: see the module docstring
            steps = [task.name for task in snapshot.tasks] or list(snapshot.next)
            log.info("workflow resumed", incident_id=incident.id, next=steps)
            self._spawn(self._continue(incident), f"workflow-{incident.id}")
            return
        self._publish(incident, snapshot)

    async def decide(
        self,
        incident: Incident,
        decision: Mapping[str, Any],
        *,
        by_policy: bool = False,
        channel: str = "api",
    ) -> IncidentStatus:
        """Resume the approval with `decision` and return the incident's new status.

        InvalidDecision for a bad body, NotAwaitingDecision when the thread is not paused at
        the approval, StaleProposal when `diff_sha256` is not the diff currently shown,
        PolicyRefusal when the approval policy does not take it (`gate`); an approval the
        policy counts but needs more of leaves the status as it is. `channel` (api, slack,
        web; policy for `by_policy`) is what the decision metric counts it under.
        """
        checked = check_decision(decision, by_policy=by_policy)
        async with self._lock(incident.id):
            snapshot = await self.workflow.aget_state(self._config(incident.id))
            approval_resume(snapshot, incident, checked)  # refused before anything is counted
            gate = self.gate
            admitted = checked if gate is None else gate.admit(incident, checked, snapshot.values)
            if admitted is None:  # the policy needs more distinct approvers: counted, shown
                self.notify(incident)
                return incident.status
            checked = admitted
            resume = approval_resume(snapshot, incident, checked)
            log.info(
                "decision",
                incident_id=incident.id,
                decision=checked["decision"],
                user=checked["user"],
                comment=checked["comment"][:500],  # masked like every log value
            )
            incident.live.decided_by = checked["user"]
            incident.live.decided_at = self.context.now()
            if self.on_decision is not None:
                self.on_decision(incident, checked["decision"], "policy" if by_policy else channel)
            if checked["decision"] == "approve":
                self._set_status(incident, IncidentStatus.COMMITTING)
                self.notify(incident)
            await self._advance(incident, resume, in_request=True)
        return incident.status

    async def acknowledge(self, incident: Incident, user: str, comment: str) -> IncidentStatus:
        """Resume an advice-only incident with an acknowledgement by `user`; its new status.
        NotAdvising when the thread does not wait on advice (receiver.threads.decisions)."""
        async with self._lock(incident.id):
            snapshot = await self.workflow.aget_state(self._config(incident.id))
            resume = acknowledgement_resume(snapshot, incident, user, comment)
            log.info("acknowledged", incident_id=incident.id, user=user, comment=comment[:500])
            incident.live.decided_by = user
            incident.live.decided_at = self.context.now()
            await self._advance(incident, resume, in_request=True)
        return incident.status

    def alert_resolved(self, incident: Incident) -> None:
        """React to a resolved alert: once all of them are, a verifying workflow is recovered
        and advice waiting on them is closed. A resolve during the approval wait is only
        shown (the approval still works); it finishes when it reaches verify or advise."""
        if incident.all_resolved and incident.status in _ENDED_BY_RESOLVE:
            self._spawn(self._settle(incident), f"resolved-{incident.id}")
        self.notify(incident)  # the alerts changed: a durable registry writes it down

    def alert_joined(self, incident: Incident, fingerprint: str) -> None:
        """Hand a new alert of `incident` to its workflow: at once when the approval waits,
        else when the analysis running now reaches it (nothing is lost meanwhile); a thread
        not started yet starts with it. Past the approval nothing takes it (it is shown)."""
        alert = joined_alert(incident, fingerprint)
        if alert is not None and incident.status in _BEFORE_DECISION:
            self._joined.setdefault(incident.id, {})[fingerprint] = alert
            if incident.status is IncidentStatus.AWAITING_APPROVAL:
                self._spawn(self._settle(incident), f"joined-{incident.id}")
        self.notify(incident)

    async def stop(self, grace: float = DRAIN_SECONDS) -> None:
        """Stop gracefully: ask every running workflow to stop at its next step boundary (its
        checkpoint saved; a restart with CHECKPOINT_URL goes on from there), give them `grace`
        seconds, then cancel what is left and every timer; waiting runs do not start."""
        await self._work.stop(grace)

    async def idle(self) -> None:
        """Wait until no workflow task is running (timers excluded)."""
        await self._work.idle()

    async def _run(self, incident: Incident) -> None:
        async with self._first_runs, self._lock(incident.id):
            if self._work.stopping:  # no checkpoint yet: a restart starts it
                return
            snapshot = await self.workflow.aget_state(self._config(incident.id))
            if snapshot.created_at is not None:  # never restart a thread that exists
                return
            incident.status = IncidentStatus.ANALYZING
            self._joined.pop(incident.id, None)  # every alert known now is in its input
            await self._advance(incident, thread_input(incident))

    async def _continue(self, incident: Incident) -> None:
        async with self._first_runs, self._lock(incident.id):
            if not self._work.stopping:  # else the checkpoint stays: a restart goes on
                await self._advance(incident, None)
