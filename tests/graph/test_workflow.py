"""The incident workflow end to end on a real git repository: propose, decide, commit, verify."""

from __future__ import annotations

import itertools
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import Any

import git
import pytest
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from graph import analysis as analyzer
from graph.context import WorkflowContext
from graph.git.gitops import GitStore
from graph.records.summary import parse_summary
from graph.state import AlertSnapshot, IncidentInput
from graph.workflow import Workflow, build_workflow
from receiver.ingest.events import build_log_text
from tests.conftest import fixture_json

SEED = Path(__file__).resolve().parents[2] / "examples" / "gitops"
T0 = datetime(2026, 11, 24, 15, 30, 12, tzinfo=UTC)
_ids = itertools.count()


def oom_alert() -> AlertSnapshot:
    """The first alert of the real captured OOM notification."""
    alert = fixture_json("am-webhook-firing-2-alerts.json")["alerts"][0]
    return {
        "source": "alertmanager",
        "log_text": build_log_text(alert["labels"], alert["annotations"]),
        "labels": alert["labels"],
        "annotations": alert["annotations"],
        "fingerprints": [alert["fingerprint"]],
        "starts_at": alert["startsAt"],
    }


def start(alert: AlertSnapshot) -> tuple[IncidentInput, dict[str, Any]]:
    incident_id = f"incident-20261124153012-{next(_ids):04x}"
    config = {"configurable": {"thread_id": incident_id}}
    return {"incident_id": incident_id, "created": T0.isoformat(), "alert": alert}, config


@pytest.fixture
def store(tmp_path: Path) -> GitStore:
    store = GitStore(tmp_path / "gitops", seed=SEED, now=lambda: T0)
    store.ensure()
    return store


@pytest.fixture
def context(store: GitStore) -> WorkflowContext:
    return WorkflowContext(store=store, now=lambda: T0 + timedelta(minutes=1))


@pytest.fixture
def workflow() -> Workflow:
    return build_workflow(InMemorySaver())


def decision(kind: str, sha: str, **extra: Any) -> dict[str, Any]:
    return {
        "decision": kind,
        "user": "U123",
        "comment": extra.pop("comment", ""),
        "overrides": extra.pop("overrides", {}),
        "diff_sha256": sha,
    }


def commits(store: GitStore) -> list[git.Commit]:
    return list(git.Repo(store.path).iter_commits("main"))


async def test_oom_alert_is_proposed_approved_committed_and_verified(
    workflow: Workflow, context: WorkflowContext, store: GitStore
) -> None:
    inputs, config = start(oom_alert())
    paused = await workflow.ainvoke(inputs, config, context=context)
    (request,) = paused["__interrupt__"]
    shown = request.value
    assert paused["status"] == "awaiting_approval"
    assert (shown["category"], shown["app"], shown["severity"]) == ("oom", "grafana", "critical")
    assert shown["values_path"] == "helm-values/grafana/values.yaml"
    assert "--- a/helm-values/grafana/values.yaml" in shown["diff"]
    assert '+    memory: "1Gi"' in shown["diff"] and '-    memory: "512Mi"' in shown["diff"]
    assert "new_values" not in shown  # the human sees the diff, not the whole file

    before = len(commits(store))
    verifying = await workflow.ainvoke(
        Command(resume=decision("approve", shown["diff_sha256"], comment="go")),
        config,
        context=context,
    )
    assert verifying["status"] == "verifying"
    fix = commits(store)[0]
    assert len(commits(store)) == before + 1 and fix.hexsha == verifying["commit_sha"]
    assert fix.summary.startswith("fix(grafana): ")
    assert f"Incident-Id: {inputs['incident_id']}" in fix.message
    assert "Approved-By: U123" in fix.message
    changed = set(fix.stats.files)
    assert changed == {
        "helm-values/grafana/values.yaml",
        f"examples/{inputs['incident_id']}/summary.md",
        f"examples/{inputs['incident_id']}/changes.diff",
        f"examples/{inputs['incident_id']}/alert.json",
    }

    done = await workflow.ainvoke(Command(resume={"outcome": "recovered"}), config, context=context)
    assert done["status"] == "recovered" and done["outcome"] == "recovered"
    assert len(commits(store)) == before + 2
    summary = (store.path / "examples" / inputs["incident_id"] / "summary.md").read_text()
    front = parse_summary(summary)
    assert (front["outcome"], front["status"], front["approver"]) == (
        "recovered",
        "recovered",
        "U123",
    )
    assert (await workflow.aget_state(config)).next == ()


async def test_the_analyzer_runs_once_per_incident(
    workflow: Workflow, context: WorkflowContext
) -> None:
    """Triage analyses the alert and keeps the conclusion; analyze takes it from the state.
    Counted by a profile hook on the analyzer's code, which replaces nothing."""
    code = analyzer.analyze_incident.__code__
    calls = 0

    def count(frame: FrameType, event: str, arg: object) -> None:
        nonlocal calls
        calls += event == "call" and frame.f_code is code

    inputs, config = start(oom_alert())
    sys.setprofile(count)
    try:
        paused = await workflow.ainvoke(inputs, config, context=context)
    finally:
        sys.setprofile(None)
    assert calls == 1
    alert = inputs["alert"]
    expected = analyzer.analyze(alert["log_text"], alert["labels"], alert["annotations"])
    assert paused["root_cause"] == expected.root_cause
    assert paused["remediation"] == {"kind": "raise_memory", "factor": 2.0}
    assert paused["actions"][1:] == list(expected.actions[1:])


async def test_a_thread_triaged_before_the_analysis_was_kept_is_analysed_on_resume(
    workflow: Workflow, context: WorkflowContext
) -> None:
    """A checkpoint written by the previous version has triage's facts but no `analysis`."""
    inputs, config = start(oom_alert())
    triaged = {
        **inputs,
        "status": "analyzing",
        "category": "oom",
        "severity": "critical",
        "app": "grafana",
        "namespace": "monitoring",
        "evidence": [],
    }
    await workflow.aupdate_state(config, triaged, as_node="triage")
    paused = await workflow.ainvoke(None, config, context=context)
    assert paused["status"] == "awaiting_approval"
    assert paused["remediation"] == {"kind": "raise_memory", "factor": 2.0}
    assert '+    memory: "1Gi"' in paused["proposal"]["diff"]


async def test_reject_records_the_reason_and_changes_no_values(
    workflow: Workflow, context: WorkflowContext, store: GitStore
) -> None:
    inputs, config = start(oom_alert())
    values_before = store.read_values("grafana")
    paused = await workflow.ainvoke(inputs, config, context=context)
    sha = paused["__interrupt__"][0].value["diff_sha256"]
    done = await workflow.ainvoke(
        Command(resume=decision("reject", sha, comment="memory leak, fix the code")),
        config,
        context=context,
    )
    assert done["status"] == "rejected"
    assert store.read_values("grafana") == values_before
    last = commits(store)[0]
    assert "helm-values/grafana/values.yaml" not in last.stats.files
    summary = (store.path / "examples" / inputs["incident_id"] / "summary.md").read_text()
    assert "memory leak, fix the code" in summary


async def test_modify_proposes_again_with_the_overrides(
    workflow: Workflow, context: WorkflowContext
) -> None:
    inputs, config = start(oom_alert())
    first = (await workflow.ainvoke(inputs, config, context=context))["__interrupt__"][0].value
    again = await workflow.ainvoke(
        Command(
            resume=decision(
                "modify", first["diff_sha256"], overrides={"resources.limits.memory": "2Gi"}
            )
        ),
        config,
        context=context,
    )
    second = again["__interrupt__"][0].value
    assert '+    memory: "2Gi"' in second["diff"]
    assert second["diff_sha256"] != first["diff_sha256"]
    assert again["status"] == "awaiting_approval"


async def test_a_manual_trigger_without_an_alert_to_watch_ends_committed(
    workflow: Workflow, context: WorkflowContext
) -> None:
    alert: AlertSnapshot = {
        "source": "manual",
        "log_text": "java.lang.OutOfMemoryError: Java heap space",
        "labels": {"app": "checkout", "namespace": "payments", "alertname": "ManualTrigger"},
        "annotations": {},
        "fingerprints": [],
        "starts_at": T0.isoformat(),
    }
    inputs, config = start(alert)
    shown = (await workflow.ainvoke(inputs, config, context=context))["__interrupt__"][0].value
    assert shown["values_path"] == "helm-values/checkout/values.yaml" and shown["diff"]
    done = await workflow.ainvoke(
        Command(resume=decision("approve", shown["diff_sha256"])), config, context=context
    )
    assert done["status"] == "committed"
    assert (await workflow.aget_state(config)).next == ()


async def test_no_safe_change_is_a_proposal_with_actions_and_no_diff(
    workflow: Workflow, context: WorkflowContext
) -> None:
    alert = oom_alert() | {
        "log_text": "x509: certificate has expired or is not yet valid",
        "labels": {"alertname": "CertExpiry", "app": "grafana", "namespace": "monitoring"},
        "annotations": {},
    }
    inputs, config = start(alert)  # type: ignore[arg-type]
    shown = (await workflow.ainvoke(inputs, config, context=context))["__interrupt__"][0].value
    assert shown["category"] == "cert_expiry"
    assert shown["diff"] == "" and shown["refusal"]
    assert shown["actions"]


async def test_a_crashloop_right_after_an_image_bump_proposes_the_revert_naming_the_commit(
    workflow: Workflow, store: GitStore
) -> None:
    # The release pipeline bumps checkout's image tag (a commit that is not an incident's).
    repo = git.Repo(store.path)
    values = store.path / "helm-values" / "checkout" / "values.yaml"
    values.write_text(values.read_text().replace('tag: "1.14.2"', 'tag: "1.15.0"'))
    repo.index.add(["helm-values/checkout/values.yaml"])
    bump = repo.index.commit("release: checkout 1.15.0")
    context = WorkflowContext(store=store, now=lambda: datetime.now(UTC))
    alert = oom_alert() | {
        "log_text": "KubePodCrashLooping\nBack-off restarting failed container checkout in pod "
        "payments/checkout-5d8f7c9b6-bcdfg",
        "labels": {
            "alertname": "KubePodCrashLooping",
            "app": "checkout",
            "namespace": "payments",
            "severity": "warning",
        },
        "annotations": {},
    }
    inputs, config = start(alert)  # type: ignore[arg-type]
    shown = (await workflow.ainvoke(inputs, config, context=context))["__interrupt__"][0].value
    assert shown["category"] == "crashloop"
    assert '-  tag: "1.15.0"' in shown["diff"] and '+  tag: "1.14.2"' in shown["diff"]
    assert any(bump.hexsha[:12] in note for note in shown["notes"])
