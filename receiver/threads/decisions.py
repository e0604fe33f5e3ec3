"""Decisions on a proposal: what a decision must hold, why one is refused, and what applying
one resumes.

One vocabulary: `DECISIONS` is graph.state's `DecisionKind`. An advice-only incident has no
decision, only an acknowledgement (`acknowledgement_resume`). The REST route and Slack hand a
decision to `WorkflowRunner.decide`, which checks it here (`check_decision`), finds the
approval it answers (`approval_resume`: refused when the thread is not paused there or the
decision names a diff that is no longer the one shown) and resumes the thread with it.
`override_problem` is the check of one value typed for a values path (the Modify modal).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal, get_args

from langgraph.types import Command, StateSnapshot

from graph.patching.quantity import parse_quantity
from graph.state import Decision, DecisionKind
from receiver.incidents.model import Incident
from receiver.threads.mapping import pending

DECISIONS: tuple[DecisionKind, ...] = get_args(DecisionKind)
POLICY_USER = "policy:"  # the decider of an auto-approval: policy:<rule>
OverrideProblem = Literal["required", "integer", "quantity"]
_INTEGER_KEYS = re.compile(r"(replicaCount|replicas|Replicas|Threshold|Seconds)$")
_QUANTITY_KEYS = re.compile(r"(memory|cpu|size|storage)$")


class NotAwaitingDecision(Exception):
    """The incident's workflow is not paused at the approval step."""


class StaleProposal(Exception):
    """The decision names a diff that is no longer the one shown."""


class InvalidDecision(ValueError):
    """The decision body is inconsistent (e.g. modify without overrides)."""


class PolicyRefusal(Exception):
    """The approval policy does not take this approval: its rule allows advice only
    (`kind` never), or the same person approved already where `needed` distinct approvers
    are counted (`kind` again; `so_far` approved)."""

    def __init__(
        self, message: str, *, kind: str, rule: str, needed: int = 0, so_far: int = 0
    ) -> None:
        """The refusal, with what a person is told about it."""
        super().__init__(message)
        self.kind, self.rule, self.needed, self.so_far = kind, rule, needed, so_far


class NotAdvising(Exception):
    """The incident's workflow is not waiting on advice (nothing to acknowledge)."""


def check_decision(decision: Mapping[str, Any], *, by_policy: bool = False) -> Decision:
    """The decision as the workflow takes it; InvalidDecision when it cannot be applied
    (a person's name may not start with `policy:`, which only a policy's decision has)."""
    kind = decision.get("decision")
    if kind not in DECISIONS:
        raise InvalidDecision(f"decision must be one of {', '.join(DECISIONS)}")
    overrides = dict(decision.get("overrides") or {})
    if kind == "modify" and not overrides:
        raise InvalidDecision("a modify decision needs overrides")
    if str(decision.get("user", "")).startswith(POLICY_USER) and not by_policy:
        raise InvalidDecision(f"a user name may not start with {POLICY_USER!r}: it names policies")
    return {
        "decision": kind,
        "user": str(decision.get("user", "")),
        "comment": str(decision.get("comment", "")),
        "overrides": {str(k): str(v) for k, v in overrides.items()},
        "diff_sha256": str(decision.get("diff_sha256", "")),
    }


def approval_resume(snapshot: StateSnapshot, incident: Incident, checked: Decision) -> Command[Any]:
    """What resumes `incident`'s thread with the decision `checked`: NotAwaitingDecision when
    the thread is not paused at the approval, StaleProposal when `diff_sha256` is not the diff
    it shows now."""
    waiting = pending(snapshot, "approval")
    if waiting is None:
        raise NotAwaitingDecision(
            f"incident {incident.id} is {incident.status.value}, not awaiting a decision"
        )
    interrupt_id, shown = waiting
    if checked["diff_sha256"] != shown.get("diff_sha256"):
        raise StaleProposal(
            f"the proposal of incident {incident.id} changed: diff_sha256 "
            f"{checked['diff_sha256'] or '(none)'} is not the diff shown now"
        )
    return Command(resume={interrupt_id: checked})


def acknowledgement_resume(
    snapshot: StateSnapshot, incident: Incident, user: str, comment: str
) -> Command[Any]:
    """What resumes `incident`'s advice-only thread with an acknowledgement by `user`
    (graph.state.AdviceEvent); NotAdvising when the thread does not wait on advice."""
    waiting = pending(snapshot, "advise")
    if waiting is None:
        raise NotAdvising(
            f"incident {incident.id} is {incident.status.value}, not advice waiting for an "
            "acknowledgement"
        )
    event = {"event": "acknowledged", "user": user, "comment": comment}
    return Command(resume={waiting[0]: event})


def override_problem(path: str, value: str) -> OverrideProblem | None:
    """Why `value`, typed for the values path `path`, cannot be used (blank; not a whole
    number for a count; not a quantity for memory, cpu or a size), or None."""
    if not value.strip():
        return "required"
    if _INTEGER_KEYS.search(path):
        return None if value.strip().isdigit() else "integer"
    if _QUANTITY_KEYS.search(path):
        try:
            parse_quantity(value.strip())
        except ValueError:
            return "quantity"
    return None
