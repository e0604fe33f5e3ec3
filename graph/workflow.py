"""The incident workflow graph: only wiring.

triage → enrich → analyze → recall → propose → approval ⏸ → commit → verify ⏸ → record
with reject → record, modify → propose, and a failed commit back to approval (a new approval
retries it). thread_id = incident id; the collaborators come in as runtime context.

The node names are part of every checkpoint (a thread paused before a node resumes into it
after a restart), so they stay as they were when the modules got names that say what they do:
the "recall" node is graph.nodes.apply_learning, the "record" node graph.nodes.record_outcome.
"""

from __future__ import annotations

from typing import Any, Literal

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph

from graph.context import WorkflowContext
from graph.nodes.analyze import analyze
from graph.nodes.apply_learning import apply_learning
from graph.nodes.approval import approval
from graph.nodes.commit import commit
from graph.nodes.enrich import enrich
from graph.nodes.propose import propose
from graph.nodes.record_outcome import record_outcome
from graph.nodes.triage import triage
from graph.nodes.verify import verify
from graph.state import IncidentInput, IncidentState

Workflow = CompiledStateGraph[IncidentState, WorkflowContext, IncidentInput, IncidentState]


def after_approval(state: IncidentState) -> Literal["commit", "record", "propose"]:
    """Approve → commit, reject → record, modify → propose again with the overrides."""
    decision = state["decision"]["decision"]
    if decision == "approve":
        return "commit"
    return "record" if decision == "reject" else "propose"


def after_commit(state: IncidentState) -> Literal["verify", "approval", "__end__"]:
    """Watch the alert when there is one; a failed commit waits for another approval."""
    status = state.get("status")
    if status == "commit_failed":
        return "approval"
    return "verify" if status == "verifying" else "__end__"


def build_workflow(checkpointer: BaseCheckpointSaver[Any]) -> Workflow:
    """The compiled incident workflow, checkpointed by `checkpointer`."""
    builder = StateGraph(IncidentState, context_schema=WorkflowContext, input_schema=IncidentInput)
    builder.add_node("triage", triage)
    builder.add_node("enrich", enrich)
    builder.add_node("analyze", analyze)
    builder.add_node("recall", apply_learning)
    builder.add_node("propose", propose)
    builder.add_node("approval", approval)
    builder.add_node("commit", commit)
    builder.add_node("verify", verify)
    builder.add_node("record", record_outcome)
    builder.add_edge(START, "triage")
    builder.add_edge("triage", "enrich")
    builder.add_edge("enrich", "analyze")
    builder.add_edge("analyze", "recall")
    builder.add_edge("recall", "propose")
    builder.add_edge("propose", "approval")
    builder.add_conditional_edges("approval", after_approval)
    builder.add_conditional_edges("commit", after_commit)
    builder.add_edge("verify", "record")
    builder.add_edge("record", END)
    return builder.compile(checkpointer=checkpointer)
