"""The incident workflow graph: only wiring.

triage → enrich → analyze → consult → recall → propose → approval ⏸ → commit → verify ⏸ → record
(with GIT_DELIVERY branch / pull_request: commit → merge ⏸ → verify, a closed one → record),
with reject → record, modify → propose, and a failed commit back to approval (a new approval
retries it); an advice-only proposal goes propose → advise ⏸ → record instead. Alerts that join
while the approval waits go approval → regroup, which re-analyses and either re-proposes
(→ enrich → … → propose) or waits again (→ approval). thread_id = incident id; the
collaborators come in as runtime context. graph.state describes every interrupt's payloads.

The node names are part of every checkpoint (a thread paused before a node resumes into it
after a restart), so they stay as they were when the modules got names that say what they do:
the "recall" node is graph.nodes.apply_learning, the "record" node graph.nodes.record_outcome.
Triage names the workload, enrich gathers its evidence (WorkflowContext.evidence), and
analyze runs the analyzer once on the alerts, their texts and Loki's error lines; consult
asks a model for a second opinion when one is configured (graph.nodes.consult; else it passes).
"""

from __future__ import annotations

from typing import Any, Literal

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph

from graph.context import WorkflowContext
from graph.nodes.advise import advise
from graph.nodes.analyze import analyze
from graph.nodes.apply_learning import apply_learning
from graph.nodes.approval import approval
from graph.nodes.commit import commit
from graph.nodes.consult import consult
from graph.nodes.enrich import enrich
from graph.nodes.merge import merge
from graph.nodes.propose import propose
from graph.nodes.record_outcome import record_outcome
from graph.nodes.regroup import regroup
from graph.nodes.triage import triage
from graph.nodes.verify import verify
from graph.state import IncidentInput, IncidentState

Workflow = CompiledStateGraph[IncidentState, WorkflowContext, IncidentInput, IncidentState]


def after_propose(state: IncidentState) -> Literal["advise", "approval"]:
    """Advice only → wait for the alerts to resolve or an acknowledgement; else approval."""
    proposal = state.get("proposal")
    return "advise" if proposal and proposal.get("advice_only") else "approval"


def after_approval(state: IncidentState) -> Literal["commit", "record", "propose", "regroup"]:
    """Approve → commit, reject → record, modify → propose again with the overrides; joined
    alerts → regroup."""
    if state.get("regrouping"):
        return "regroup"
    decision = state["decision"]["decision"]
    if decision == "approve":
        return "commit"
    return "record" if decision == "reject" else "propose"


def after_regroup(state: IncidentState) -> Literal["enrich", "approval"]:
    """A stronger signal → make the proposal again (from enrich); else wait again."""
    return "enrich" if state.get("status") == "analyzing" else "approval"


def after_commit(state: IncidentState) -> Literal["verify", "approval", "merge", "__end__"]:
    """Watch the alert when there is one; a failed commit waits for another approval; a
    change on its own branch waits to be merged."""
    status = state.get("status")
    if status == "commit_failed":
        return "approval"
    if status == "awaiting_merge":
        return "merge"
    return "verify" if status == "verifying" else "__end__"


def after_merge(state: IncidentState) -> Literal["merge", "verify", "record", "__end__"]:
    """Still open → wait again; merged → verify (or end); closed unmerged → record."""
    status = state.get("status")
    if status in ("awaiting_merge", "pr_open"):
        return "merge"
    if status == "rejected":
        return "record"
    return "verify" if status == "verifying" else "__end__"


def build_workflow(checkpointer: BaseCheckpointSaver[Any]) -> Workflow:
    """The compiled incident workflow, checkpointed by `checkpointer`."""
    builder = StateGraph(IncidentState, context_schema=WorkflowContext, input_schema=IncidentInput)
    builder.add_node("triage", triage)
    builder.add_node("enrich", enrich)
    builder.add_node("analyze", analyze)
    builder.add_node("consult", consult)
    builder.add_node("recall", apply_learning)
    builder.add_node("propose", propose)
    builder.add_node("approval", approval)
    builder.add_node("commit", commit)
    builder.add_node("merge", merge)
    builder.add_node("verify", verify)
    builder.add_node("advise", advise)
    builder.add_node("regroup", regroup)
    builder.add_node("record", record_outcome)
    builder.add_edge(START, "triage")
    builder.add_edge("triage", "enrich")
    builder.add_edge("enrich", "analyze")
    builder.add_edge("analyze", "consult")
    builder.add_edge("consult", "recall")
    builder.add_edge("recall", "propose")
    builder.add_conditional_edges("propose", after_propose)
    builder.add_conditional_edges("approval", after_approval)
    builder.add_conditional_edges("commit", after_commit)
    builder.add_conditional_edges("regroup", after_regroup)
    builder.add_conditional_edges("merge", after_merge)
    builder.add_edge("verify", "record")
    builder.add_edge("advise", "record")
    builder.add_edge("record", END)
    return builder.compile(checkpointer=checkpointer)
