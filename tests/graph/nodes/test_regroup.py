"""regroup: alerts that join an incident waiting for approval re-make the proposal when the
analyzer now decides on another category, and leave it (and its sha) alone otherwise."""

from __future__ import annotations

from langgraph.types import Command

from graph.context import WorkflowContext
from graph.git.gitops import GitStore
from graph.records.summary import parse_summary
from graph.workflow import Workflow
from tests.graph.nodes.flow import commits, crashloop, decision, oom, start


async def test_a_stronger_signal_re_makes_the_proposal_and_the_old_sha_is_stale(
    workflow: Workflow, context: WorkflowContext, store: GitStore
) -> None:
    inputs, config = start(crashloop())
    first = (await workflow.ainvoke(inputs, config, context=context))["__interrupt__"][0].value
    assert first["category"] == "crashloop" and first["diff"] == ""  # no image change to revert

    killed = oom()
    again = await workflow.ainvoke(Command(resume={"alerts": [killed]}), config, context=context)
    shown = again["__interrupt__"][0].value
    assert again["status"] == "awaiting_approval"
    assert shown["category"] == "oom" and '+    memory: "1Gi"' in shown["diff"]
    assert shown["diff_sha256"] != first["diff_sha256"]
    assert shown["notes"][0].startswith("re-proposed: oom (")
    assert "outranks crashloop (" in shown["notes"][0]
    assert [a["labels"]["alertname"] for a in again["alerts"]] == [
        "KubePodCrashLooping",
        "KubePodOOMKilled",
    ]
    # What the runner's 409 check compares a decision's sha with: the pending interrupt's.
    snapshot = await workflow.aget_state(config)
    assert snapshot.next == ("approval",)
    assert snapshot.interrupts[0].value["diff_sha256"] == shown["diff_sha256"]

    done = await workflow.ainvoke(
        Command(resume=decision("approve", shown["diff_sha256"])), config, context=context
    )
    assert done["status"] == "verifying"
    fix = commits(store)[0]
    assert "helm-values/grafana/values.yaml" in fix.stats.files
    summary = (store.path / "examples" / inputs["incident_id"] / "summary.md").read_text()
    both = [*inputs["alert"]["fingerprints"], *killed["fingerprints"]]
    assert parse_summary(summary)["fingerprints"] == both


async def test_a_weaker_or_same_signal_leaves_the_proposal_and_its_sha(
    workflow: Workflow, context: WorkflowContext
) -> None:
    inputs, config = start(oom())
    first = (await workflow.ainvoke(inputs, config, context=context))["__interrupt__"][0].value
    again = await workflow.ainvoke(
        Command(resume={"alerts": [crashloop()]}), config, context=context
    )
    shown = again["__interrupt__"][0].value
    assert shown["category"] == "oom"
    assert (shown["diff"], shown["diff_sha256"]) == (first["diff"], first["diff_sha256"])
    assert shown["notes"] == first["notes"]
    assert len(again["alerts"]) == 2 and again["status"] == "awaiting_approval"
