"""advise: a category no values change remedies is answered with advice — no diff, nothing
to approve — and the incident ends when its alerts resolve or someone acknowledges it, recorded
in one commit that changes no values."""

from __future__ import annotations

import dataclasses

import pytest
from langgraph.types import Command

from graph.context import WorkflowContext
from graph.git.gitops import GitStore
from graph.records.summary import parse_summary
from graph.workflow import Workflow
from tests.graph.nodes.flow import cert_expiry, commits, oom, start


@pytest.fixture
def advising(context: WorkflowContext) -> WorkflowContext:
    return dataclasses.replace(context, advise_without_approval=True)


async def test_advice_has_no_diff_and_closes_when_its_alerts_resolve(
    workflow: Workflow, advising: WorkflowContext, store: GitStore
) -> None:
    inputs, config = start(cert_expiry())
    paused = await workflow.ainvoke(inputs, config, context=advising)
    assert paused["status"] == "advising" and paused["category"] == "cert_expiry"
    proposal = paused["proposal"]
    assert proposal["advice_only"] is True
    assert (proposal["diff"], proposal["diff_sha256"], proposal["refusal"]) == ("", "", None)
    (request,) = paused["__interrupt__"]
    assert request.value["await"] == "advice" and request.value["actions"]
    assert request.value["fingerprints"] == inputs["alert"]["fingerprints"]
    assert (await workflow.aget_state(config)).next == ("advise",)  # no approval to give

    before = len(commits(store))
    done = await workflow.ainvoke(Command(resume={"event": "resolved"}), config, context=advising)
    assert (done["status"], done["outcome"]) == ("closed", "resolved")
    record = commits(store)[0]
    assert len(commits(store)) == before + 1 and record.hexsha == done["commit_sha"]
    folder = f"examples/{inputs['incident_id']}"
    assert set(record.stats.files) == {f"{folder}/summary.md", f"{folder}/alert.json"}
    assert record.summary == "record(grafana): cert_expiry advice, alerts resolved"
    front = parse_summary((store.path / folder / "summary.md").read_text())
    assert (front["status"], front["outcome"], front["decision"]) == ("closed", "resolved", None)
    assert "Closed: the alerts resolved" in front["sections"]["Outcome"]
    assert (await workflow.aget_state(config)).next == ()


async def test_acknowledged_advice_is_recorded_with_who_and_why(
    workflow: Workflow, advising: WorkflowContext, store: GitStore
) -> None:
    inputs, config = start(cert_expiry())
    await workflow.ainvoke(inputs, config, context=advising)
    ack = {"event": "acknowledged", "user": "U42", "comment": "renewing with cert-manager"}
    done = await workflow.ainvoke(Command(resume=ack), config, context=advising)
    assert (done["status"], done["outcome"]) == ("acknowledged", "acknowledged")
    record = commits(store)[0]
    assert record.summary == "record(grafana): cert_expiry advice acknowledged"
    assert "Acknowledged-By: U42" in record.message
    assert "Feedback: renewing with cert-manager" in record.message
    folder = store.path / "examples" / inputs["incident_id"]
    front = parse_summary((folder / "summary.md").read_text())
    assert front["acknowledged_by"] == "U42"
    assert front["feedback"]["comment"] == "renewing with cert-manager"


async def test_a_category_with_a_remediation_that_made_no_diff_still_awaits_approval(
    workflow: Workflow, advising: WorkflowContext
) -> None:
    # payments has no values file: memory can be raised, just not here — a refusal.
    inputs, config = start(oom(app="payments", namespace="payments"))
    paused = await workflow.ainvoke(inputs, config, context=advising)
    assert paused["status"] == "awaiting_approval"
    assert not paused["proposal"].get("advice_only") and paused["proposal"]["refusal"]
    assert (await workflow.aget_state(config)).next == ("approval",)


async def test_without_the_switch_advice_awaits_an_approval_as_before(
    workflow: Workflow, context: WorkflowContext
) -> None:
    inputs, config = start(cert_expiry())
    paused = await workflow.ainvoke(inputs, config, context=context)
    assert paused["status"] == "awaiting_approval" and paused["proposal"]["refusal"]
    assert (await workflow.aget_state(config)).next == ("approval",)
