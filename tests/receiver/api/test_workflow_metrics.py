"""The workflow's own metrics move when something a user notices happens: an incident opens,
a proposal is decided, a change is committed, a verification times out."""

from __future__ import annotations

from pathlib import Path

from litestar.testing import AsyncTestClient

from tests.graph.evidence.fake_loki import FakeLoki, serving
from tests.receiver.conftest import make_app, metric, status_when, ticking_clock
from tests.receiver.helpers import awaiting, decide, firing
from tests.receiver.web.test_console import csrf_of, form_sha

RECORDED = ("triage", "analyze", "propose", "approval", "commit")


async def test_an_approved_incident_counts_its_opening_decision_commit_and_steps(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path, now=ticking_clock(), VERIFY_TIMEOUT="0.05")
    async with AsyncTestClient(app=app) as client:
        assert (
            metric(
                client, "alertgraph_incidents_opened_total", category="oom", source="alertmanager"
            )
            == 0
        )
        shown = await awaiting(client, firing())
        opened = {"category": "oom", "source": "alertmanager"}
        assert metric(client, "alertgraph_incidents_opened_total", **opened) == 1
        assert metric(client, "alertgraph_proposal_seconds_count") == 1
        assert metric(client, "alertgraph_proposal_seconds_sum") > 0  # the clock ticked

        r = await decide(client, shown["id"], "approve", shown["diff_sha256"])
        assert r.status_code == 202, r.text
        await status_when(client, shown["id"], lambda s: s["status"] == "not_recovered")

        assert metric(client, "alertgraph_decisions_total", decision="approve", channel="api") == 1
        assert metric(client, "alertgraph_decisions_total", decision="approve", channel="web") == 0
        assert metric(client, "alertgraph_decision_wait_seconds_count") == 1
        assert metric(client, "alertgraph_commits_total", result="ok") == 1
        assert metric(client, "alertgraph_commits_total", result="failed") == 0
        assert metric(client, "alertgraph_verifications_total", outcome="not_recovered") == 1
        assert metric(client, "alertgraph_verifications_total", outcome="recovered") == 0
        assert metric(client, "alertgraph_incidents_finished_total", status="not_recovered") == 1
        assert metric(client, "alertgraph_incidents_opened_total", **opened) == 1  # once
        for node in RECORDED:
            count = metric(client, "alertgraph_workflow_step_seconds_count", node=node)
            assert count >= 1, node
        text = (await client.get("/metrics")).text
        assert "incident_id" not in text and "grafana" not in text  # bounded labels


async def test_a_rejection_counts_as_a_rejection_and_commits_nothing(tmp_path: Path) -> None:
    async with AsyncTestClient(app=make_app(tmp_path, now=ticking_clock())) as client:
        shown = await awaiting(client, firing())
        r = await decide(client, shown["id"], "reject", shown["diff_sha256"])
        assert r.status_code == 202, r.text
        await status_when(client, shown["id"], lambda s: s["status"] == "rejected")
        assert metric(client, "alertgraph_decisions_total", decision="reject", channel="api") == 1
        assert metric(client, "alertgraph_commits_total", result="ok") == 0
        assert metric(client, "alertgraph_incidents_finished_total", status="rejected") == 1


async def test_the_queue_capacity_is_exported_for_the_near_full_alert(tmp_path: Path) -> None:
    async with AsyncTestClient(app=make_app(tmp_path, QUEUE_MAXSIZE="250")) as client:
        assert metric(client, "alertgraph_queue_capacity") == 250


async def test_evidence_queries_count_by_backend_and_result(tmp_path: Path) -> None:
    with serving(FakeLoki()) as loki:
        async with AsyncTestClient(app=make_app(tmp_path, LOKI_URL=loki.url)) as client:
            await awaiting(client, firing())
            answered = metric(
                client, "alertgraph_evidence_queries_total", backend="loki", result="ok"
            )
            assert answered >= 1
            none = metric(
                client, "alertgraph_evidence_queries_total", backend="prometheus", result="ok"
            )
            assert none == 0  # not configured: never asked


async def test_an_approval_on_the_web_console_counts_under_web(tmp_path: Path) -> None:
    async with AsyncTestClient(app=make_app(tmp_path)) as client:
        shown = await awaiting(client, firing())
        page = (await client.get(f"/ui/incidents/{shown['id']}")).text
        r = await client.post(
            f"/ui/incidents/{shown['id']}/approve",
            data={"csrf_token": csrf_of(page), "diff_sha256": form_sha(page)},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
        assert metric(client, "alertgraph_decisions_total", decision="approve", channel="web") == 1
        assert metric(client, "alertgraph_decisions_total", decision="approve", channel="api") == 0
