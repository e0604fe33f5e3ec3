"""The approval gate: what the approval policy (receiver.policies) asks of each proposal.

When an incident waits for approval the gate matches its proposal against the policy once per
proposal (its diff_sha256) and keeps the answer in the live view (`policy`: rule, action,
approvals needed, `applies_at`): the status API and Slack show it. Then

- `auto_approve`: the gate approves as `policy:<rule>` at once, or at the end of the veto
  window — a rejection (or a new proposal) inside the window wins, since the approval then
  finds nothing waiting for it;
- `require` N: `admit` counts the approvals of distinct people (the same person twice is
  refused); only the N-th resumes the workflow, with everyone who approved as the decider;
- `never`: advice only — `admit` refuses every approval; a rejection still ends it.

A values change the model chose (its kind or size, or the category it named where the rules
did not know: graph.state.model_chose_fix) is never auto-approved: an `auto_approve` rule
asks for one human approval instead, and the live view's `policy` says so (`model_fix`).

After a restart the live view (kept in the incident table) still holds the answer and the
window's end: the gate arms the timer again for the time that is left.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import structlog

from graph.state import Decision, model_chose_fix
from receiver.incidents.model import Incident, IncidentStatus
from receiver.policies.model import DEFAULT_RULE, PolicyDecision
from receiver.policies.store import PolicyStore
from receiver.policies.subject import subject_of
from receiver.threads.decisions import (
    POLICY_USER,
    InvalidDecision,
    NotAwaitingDecision,
    PolicyRefusal,
    StaleProposal,
)
from receiver.threads.runner import WorkflowRunner

log = structlog.get_logger("alertgraph.policy")
Sleep = Callable[[float], Awaitable[None]]


def _named(checked: Decision, policy: dict[str, Any] | None) -> Decision:
    """`checked` naming the policy rule that applied (none for the default rule)."""
    if policy is None or policy["rule"] == DEFAULT_RULE:
        return checked
    return {**checked, "policy": policy["rule"]}


def policy_view(
    decision: PolicyDecision, sha: str, applies_at: datetime | None, loaded: str
) -> dict[str, Any]:
    """The live view's `policy`: what the rule asks of the proposal with diff `sha`, under the
    rules `loaded` (their file's sha256 and when they were loaded: a reload matches again)."""
    return {
        "rules": loaded,
        "rule": decision.rule,
        "action": decision.action,
        "approvals_needed": decision.approvals if decision.action == "require" else 0,
        "applies_at": applies_at.isoformat() if applies_at else None,
        "silence_while_verifying": decision.silence_while_verifying,
        "diff_sha256": sha,
    }


class ApprovalGate:
    """Applies the policy to proposals waiting for approval (see the module docstring)."""

    def __init__(
        self,
        policies: PolicyStore,
        runner: WorkflowRunner,
        *,
        now: Callable[[], datetime],
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        """A gate on `runner`'s approvals by `policies`; `sleep` times veto windows."""
        self.policies, self.runner, self._now, self._sleep = policies, runner, now, sleep
        self._timers: dict[str, asyncio.Task[None]] = {}
        self._tasks: set[asyncio.Task[None]] = set()  # every task, kept until it ends
        self._checking: set[str] = set()
        self._stopping = False  # after `stop`, nothing new starts (the runs drain)

    def changed(self, incident: Incident) -> None:
        """Runner listener: a proposal waiting for approval is matched (once per diff)."""
        if self._stopping:
            return
        if incident.status is not IncidentStatus.AWAITING_APPROVAL:
            self._cancel(incident.id)
        elif incident.id not in self._checking and not self._current(incident):
            self._checking.add(incident.id)
            self._spawn(incident.id, self._evaluate(incident), timer=False)
        elif incident.id not in self._timers and self._auto(incident):
            self._arm(incident)

    def admit(
        self, incident: Incident, checked: Decision, values: Mapping[str, Any]
    ) -> Decision | None:
        """The decision to resume the workflow with (naming the rule that applied), None
        while more approvals are needed. `values`: the thread's state, paused at the
        approval — a proposal not matched yet is matched now, so no approval slips past
        the policy.

        PolicyRefusal for an approval the rule does not take (advice only, or the same
        person again); InvalidDecision for an approval without a name where distinct people
        are counted. Rejections and modifications always pass.
        """
        if checked["decision"] != "approve":
            return checked
        policy = self._match(incident, values)
        if policy is None or checked["user"].startswith(POLICY_USER):
            return _named(checked, policy)
        if policy["action"] == "never":
            raise PolicyRefusal(
                f"policy rule {policy['rule']!r} allows advice only for incident "
                f"{incident.id}: it cannot be approved (reject it, or change the policy)",
                kind="never",
                rule=policy["rule"],
            )
        needed = int(policy.get("approvals_needed") or 0)
        if needed <= 1:
            return _named(checked, policy)
        return self._count(incident, checked, policy, needed)

    def _count(
        self, incident: Incident, checked: Decision, policy: dict[str, Any], needed: int
    ) -> Decision | None:
        user = checked["user"].strip()
        if not user:
            raise InvalidDecision(f"policy rule {policy['rule']!r} counts approvers: name yours")
        approvals = list(incident.live.approvals)
        if user in approvals:
            raise PolicyRefusal(
                f"{user} approved incident {incident.id} already: policy rule "
                f"{policy['rule']!r} needs {needed} distinct approvers ({len(approvals)} so far)",
                kind="again",
                rule=policy["rule"],
                needed=needed,
                so_far=len(approvals),
            )
        incident.live.approvals = [*approvals, user]
        log.info("approval counted", incident_id=incident.id, user=user, of=needed)
        if len(incident.live.approvals) < needed:
            return None
        approvers, incident.live.approvals = incident.live.approvals, []  # counted again if
        return _named({**checked, "user": ", ".join(approvers)}, policy)  # the commit fails

    async def stop(self) -> None:
        """Cancel the veto timers (a restart arms them again from the live view)."""
        self._stopping = True
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    # --- matching and timers ------------------------------------------------------------------

    async def _evaluate(self, incident: Incident) -> None:
        try:
            values = await self.runner.waiting_state(incident, "approval")
            if values is None or self._match(incident, values) is None:
                return  # moved on meanwhile, or nothing to approve: no policy to apply
            self.runner.notify(incident)
        except Exception as error:  # e.g. the checkpoints closed by a stop: the next change
            log.warning("policy not matched yet", incident_id=incident.id, reason=str(error))
            return  # (or an approval, which matches on the spot) matches it
        finally:
            self._checking.discard(incident.id)
        if self._auto(incident):
            self._arm(incident)

    def _match(self, incident: Incident, values: Mapping[str, Any]) -> dict[str, Any] | None:
        """The policy's answer for the proposal in `values` (matched once per diff and kept
        in the live view); None without a proposal to approve."""
        sha = (values.get("proposal") or {}).get("diff_sha256")
        if not sha:
            return None
        rules = self.policies.loaded
        policy, loaded = incident.live.policy, f"{rules.sha256}@{rules.loaded_at.isoformat()}"
        if policy is not None and (policy.get("diff_sha256"), policy.get("rules")) == (
            sha,
            loaded,
        ):
            return policy
        decision = self.policies.decide(subject_of(values, tenant=incident.key.tenant))
        held = decision.action == "auto_approve" and model_chose_fix(values)
        if held:  # a person approves what a model chose
            decision = replace(decision, action="require", approvals=1, veto_seconds=0.0)
            log.info("auto-approval withheld: the model chose the fix", incident_id=incident.id)
        applies_at = None
        if decision.action == "auto_approve":
            applies_at = self._now() + timedelta(seconds=decision.veto_seconds)
            if policy is not None and policy.get("applies_at") and policy["rule"] == decision.rule:
                applies_at = datetime.fromisoformat(policy["applies_at"])  # the same window
        same = policy is not None and policy.get("diff_sha256") == sha
        incident.live.policy = policy_view(decision, sha, applies_at, loaded) | {"model_fix": held}
        if not same:
            incident.live.approvals = []
        log.info("policy", incident_id=incident.id, rule=decision.rule, action=decision.action)
        return incident.live.policy

    def _current(self, incident: Incident) -> bool:
        """True when the live view's policy answer is for the proposal shown now."""
        policy = incident.live.policy
        return policy is not None and policy.get("diff_sha256") == incident.live.diff_sha256

    def _auto(self, incident: Incident) -> bool:
        policy = incident.live.policy
        return self._current(incident) and policy is not None and policy["action"] == "auto_approve"

    def _arm(self, incident: Incident) -> None:
        policy = incident.live.policy or {}
        applies_at = datetime.fromisoformat(policy["applies_at"])
        left = max((applies_at - self._now()).total_seconds(), 0.0)
        self._spawn(incident.id, self._apply(incident, policy, left), timer=True)

    async def _apply(self, incident: Incident, policy: dict[str, Any], seconds: float) -> None:
        if seconds > 0:
            await self._sleep(seconds)
        self._timers.pop(incident.id, None)
        values = await self.runner.waiting_state(incident, "approval")
        now = self._match(incident, values) if values is not None else None
        if now is None or now["action"] != "auto_approve" or now["rule"] != policy["rule"]:
            log.info("auto-approval withdrawn: the policy changed", incident_id=incident.id)
            self.runner.notify(incident)
            return
        decision = {
            "decision": "approve",
            "user": f"{POLICY_USER}{policy['rule']}",
            "comment": f"approved by policy rule {policy['rule']}",
            "overrides": {},
            "diff_sha256": policy["diff_sha256"],
        }
        try:
            await self.runner.decide(incident, decision, by_policy=True)
            log.info("auto-approved", incident_id=incident.id, rule=policy["rule"])
        except (NotAwaitingDecision, StaleProposal) as exc:  # rejected or re-proposed: it wins
            log.info("auto-approval not applied", incident_id=incident.id, reason=str(exc))

    def _cancel(self, incident_id: str) -> None:
        task = self._timers.pop(incident_id, None)
        if task is not None and task is not asyncio.current_task():
            task.cancel()

    def _spawn(self, incident_id: str, work: Coroutine[Any, Any, None], *, timer: bool) -> None:
        task = asyncio.create_task(work, name=f"policy-{incident_id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        if timer:
            self._timers[incident_id] = task
