"""triage reads every alert of the incident together: cause over symptom, once per incident."""

from __future__ import annotations

import sys
from types import FrameType

from langgraph.types import Command

from graph import analysis as analyzer
from graph.context import WorkflowContext
from graph.git.gitops import GitStore
from graph.records.summary import parse_summary
from graph.workflow import Workflow
from tests.graph.nodes.flow import alert, commits, crashloop, decision, oom, start


async def test_an_oom_kill_and_the_crash_loop_it_causes_are_one_memory_proposal(
    workflow: Workflow, context: WorkflowContext, store: GitStore
) -> None:
    # The crash loop came first, so it is the incident's `alert`; the OOM kill explains it.
    loop, killed = crashloop(), oom()
    inputs, config = start(loop, killed)
    paused = await workflow.ainvoke(inputs, config, context=context)
    shown = paused["__interrupt__"][0].value
    assert (shown["category"], shown["app"]) == ("oom", "grafana")
    assert '+    memory: "1Gi"' in shown["diff"]
    await workflow.ainvoke(
        Command(resume=decision("reject", shown["diff_sha256"])), config, context=context
    )
    summary = (store.path / "examples" / inputs["incident_id"] / "summary.md").read_text()
    both = [*loop["fingerprints"], *killed["fingerprints"]]
    assert parse_summary(summary)["fingerprints"] == both
    assert f"Incident-Id: {inputs['incident_id']}" in commits(store)[0].message


async def test_a_thread_without_the_alerts_list_reads_its_one_alert(
    workflow: Workflow, context: WorkflowContext
) -> None:
    """A checkpoint of a running incident written before `alerts` existed has `alert` only."""
    inputs, config = start(crashloop())
    assert "alerts" not in inputs
    paused = await workflow.ainvoke(inputs, config, context=context)
    assert paused["category"] == "crashloop"


async def test_the_analyzer_runs_once_for_all_the_alerts(
    workflow: Workflow, context: WorkflowContext
) -> None:
    """Counted by a profile hook on the analyzer's code, which replaces nothing."""
    code = analyzer.analyze_incident.__code__
    calls = 0

    def count(frame: FrameType, event: str, arg: object) -> None:
        nonlocal calls
        calls += event == "call" and frame.f_code is code

    inputs, config = start(crashloop(), oom())
    sys.setprofile(count)
    try:
        paused = await workflow.ainvoke(inputs, config, context=context)
    finally:
        sys.setprofile(None)
    assert calls == 1
    assert paused["remediation"] == {"kind": "raise_memory", "factor": 2.0}


async def test_the_deciding_signal_is_kept_masked_and_recorded(
    workflow: Workflow, context: WorkflowContext, store: GitStore
) -> None:
    secret = "hunter2hunter2"
    leaked = alert(
        {"app": "checkout", "namespace": "payments"},
        log_text=f"java.lang.OutOfMemoryError: Java heap space (db password={secret})",
    )
    inputs, config = start(leaked)
    paused = await workflow.ainvoke(inputs, config, context=context)
    analysis = paused["analysis"]
    assert analysis["category"] == "oom" and analysis["confidence"] in ("high", "medium")
    assert analysis["signal"]["kind"] == "log_line"
    assert "OutOfMemoryError" in analysis["signal"]["detail"]
    assert secret not in analysis["signal"]["detail"] + analysis["explanation"]
    assert analysis["explanation"].startswith("classified as oom because")
    shown = paused["__interrupt__"][0].value
    assert shown["explanation"] == analysis["explanation"]
    await workflow.ainvoke(
        Command(resume=decision("reject", shown["diff_sha256"])), config, context=context
    )
    summary = (store.path / "examples" / inputs["incident_id"] / "summary.md").read_text()
    assert "Classified as oom because" in summary and secret not in summary
    front = parse_summary(summary)
    assert (front["signal_kind"], front["explanation"]) == ("log_line", analysis["explanation"])
