"""Issue 12 over HTTP, on the real app and real git repositories: one incident per workload and
cluster, a proposal made again when a stronger signal joins, advice-only incidents, and the
signal that decided every analysis."""

from __future__ import annotations

import asyncio
import copy
import shutil
import subprocess
from pathlib import Path
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from receiver.ingest.normalize import am_fingerprint
from tests.receiver.conftest import incidents_when, make_app, status_when
from tests.receiver.helpers import (
    WEBHOOK,
    certificate_expired,
    decide,
    firing,
    post_json,
    problem,
    repo,
    resolved,
)

ROOT = Path(__file__).resolve().parents[2]
GRAFANA_VALUES = ROOT / "examples" / "gitops" / "helm-values" / "grafana" / "values.yaml"
CLUSTERS = ("prod-eu", "prod-us")
CLUSTER_TEMPLATE = "clusters/{cluster}/{app}/values.yaml"


def with_labels(body: dict[str, Any], **labels: str) -> dict[str, Any]:
    """`body` with `labels` added to every alert, fingerprints recomputed as Alertmanager
    would (a label set with a `cluster` label is another series)."""
    changed = copy.deepcopy(body)
    for alert in changed["alerts"]:
        alert["labels"].update(labels)
        alert["fingerprint"] = am_fingerprint(alert["labels"])
    changed["commonLabels"] = {**changed["commonLabels"], **labels}
    return changed


def crash_looping(**labels: str) -> dict[str, Any]:
    """KubePodCrashLooping (kubernetes-mixin) for the grafana pod of the captured OOM kill."""
    body = firing()
    alert = body["alerts"][1]
    alert["labels"] = {
        "alertname": "KubePodCrashLooping",
        "namespace": "monitoring",
        "pod": "grafana-7d9f-x2k4p",
        "container": "grafana",
        "severity": "warning",
        **labels,
    }
    alert["annotations"] = {
        "description": "Pod monitoring/grafana-7d9f-x2k4p (grafana) is in waiting state "
        '(reason: "CrashLoopBackOff").',
        "summary": "Pod is crash looping.",
    }
    alert["fingerprint"] = am_fingerprint(alert["labels"])
    body["alerts"] = [alert]
    body["groupLabels"] = body["commonLabels"] = {"alertname": "KubePodCrashLooping"}
    return body


def oom_killed() -> dict[str, Any]:
    """The captured OOM kill of one grafana pod."""
    body = firing()
    body["alerts"] = body["alerts"][1:]
    return body


def seed_clusters(tmp_path: Path) -> None:
    """A GitOps repository with one grafana values file per cluster."""
    root = tmp_path / "gitops"
    for cluster in CLUSTERS:
        target = root / "clusters" / cluster / "grafana" / "values.yaml"
        target.parent.mkdir(parents=True)
        shutil.copy(GRAFANA_VALUES, target)
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "clusters"], check=True)


async def one_incident(client: AsyncTestClient[Litestar], status: str) -> dict[str, Any]:
    """The one incident there is, once it reached `status`: its status body."""
    (item,) = await incidents_when(client, lambda items: len(items) == 1)
    return await status_when(client, item["id"], lambda s: s["status"] == status)


def assert_says_why(shown: dict[str, Any]) -> None:
    """The analysis names its deciding signal and explains the category it chose."""
    assert shown["signal"] and shown["signal"]["kind"] and shown["signal"]["detail"], shown
    assert shown["confidence"] in ("high", "medium", "low")
    assert shown["explanation"].startswith(f"classified as {shown['category']}"), shown


async def test_the_same_alert_from_two_clusters_is_two_incidents_each_changing_its_own_file(
    tmp_path: Path,
) -> None:
    seed_clusters(tmp_path)
    app = make_app(tmp_path, VALUES_PATH_TEMPLATE=CLUSTER_TEMPLATE)
    async with AsyncTestClient(app=app) as client:
        for cluster in CLUSTERS:
            r = await post_json(client, WEBHOOK, with_labels(firing(), cluster=cluster))
            assert r.status_code == 200, r.text
        items = await incidents_when(client, lambda items: len(items) == 2)
        shown = {}
        for item in items:
            status = await status_when(
                client, item["id"], lambda s: s["status"] == "awaiting_approval"
            )
            shown[status["cluster"]] = status
        assert set(shown) == set(CLUSTERS)
        for cluster, status in shown.items():
            path = f"clusters/{cluster}/grafana/values.yaml"
            assert f"--- a/{path}" in status["diff"] and status["category"] == "oom"
            assert status["counters"]["alerts"] == 2
            assert_says_why(status)
        eu = (await client.get("/api/incidents", params={"cluster": "prod-eu"})).json()
        assert [i["id"] for i in eu["items"]] == [shown["prod-eu"]["id"]]
        assert eu["items"][0]["cluster"] == "prod-eu"

        chosen = shown["prod-us"]
        r = await decide(client, chosen["id"], "approve", chosen["diff_sha256"])
        assert r.status_code == 202, r.text
        fix = next(repo(tmp_path).iter_commits("main", paths="clusters"))
        assert set(fix.stats.files) >= {"clusters/prod-us/grafana/values.yaml"}
        assert "clusters/prod-eu/grafana/values.yaml" not in fix.stats.files
        assert "Cluster: prod-us" in fix.message


async def test_a_cluster_template_without_a_cluster_proposes_no_diff_and_says_why(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path, VALUES_PATH_TEMPLATE=CLUSTER_TEMPLATE)
    async with AsyncTestClient(app=app) as client:
        await post_json(client, WEBHOOK, firing())
        shown = await one_incident(client, "awaiting_approval")
        assert shown["cluster"] is None and shown["diff"] == ""
        assert shown["refusal"] and "cluster" in shown["refusal"], shown


async def test_an_oom_kill_and_a_crash_loop_of_one_deployment_are_one_memory_proposal(
    tmp_path: Path,
) -> None:
    async with AsyncTestClient(app=make_app(tmp_path)) as client:
        both = crash_looping()
        both["alerts"] += oom_killed()["alerts"]
        r = await post_json(client, WEBHOOK, both)
        assert r.status_code == 200, r.text
        shown = await one_incident(client, "awaiting_approval")
        assert shown["category"] == "oom" and shown["app"] == "grafana"
        assert '+    memory: "1Gi"' in shown["diff"]
        names = sorted((a["name"], a["status"]) for a in shown["alerts"])
        assert names == [("KubePodCrashLooping", "firing"), ("KubePodOOMKilled", "firing")]
        assert_says_why(shown)
        (item,) = (await client.get("/api/incidents")).json()["items"]
        assert len(item["alerts"]) == 2 and item["signal"] == shown["signal"]


async def test_a_stronger_signal_joining_remakes_the_proposal_and_the_old_sha_gets_409(
    tmp_path: Path,
) -> None:
    async with AsyncTestClient(app=make_app(tmp_path)) as client:
        await post_json(client, WEBHOOK, crash_looping())
        first = await one_incident(client, "awaiting_approval")
        assert first["category"] == "crashloop" and first["reproposal_note"] == ""
        assert_says_why(first)

        await post_json(client, WEBHOOK, oom_killed())
        again = await status_when(
            client,
            first["id"],
            lambda s: s["status"] == "awaiting_approval" and s["category"] == "oom",
        )
        assert again["diff_sha256"] != first["diff_sha256"]
        assert '+    memory: "1Gi"' in again["diff"]
        assert again["reproposal_note"].startswith("re-proposed: oom"), again
        assert len(again["alerts"]) == 2
        assert_says_why(again)

        stale = await decide(client, first["id"], "approve", first["diff_sha256"])
        assert "changed" in problem(stale, 409)["detail"]
        r = await decide(client, first["id"], "approve", again["diff_sha256"])
        assert r.status_code == 202, r.text
        assert "Category: oom" in next(repo(tmp_path).iter_commits("main")).message


async def test_alerts_joining_while_the_analysis_runs_are_not_lost(tmp_path: Path) -> None:
    async with AsyncTestClient(app=make_app(tmp_path)) as client:
        await asyncio.gather(
            post_json(client, WEBHOOK, crash_looping()), post_json(client, WEBHOOK, oom_killed())
        )
        (item,) = await incidents_when(client, lambda items: len(items) == 1)
        shown = await status_when(
            client,
            item["id"],
            lambda s: s["status"] == "awaiting_approval" and s["category"] == "oom",
        )
        assert len(shown["alerts"]) == 2 and '+    memory: "1Gi"' in shown["diff"]


async def test_advice_shows_actions_has_nothing_to_approve_and_closes_when_its_alerts_resolve(
    tmp_path: Path,
) -> None:
    async with AsyncTestClient(app=make_app(tmp_path)) as client:
        await post_json(client, WEBHOOK, certificate_expired())
        shown = await one_incident(client, "advising")
        assert shown["category"] == "cert_expiry" and shown["advice_only"] is True
        assert shown["actions"] and shown["root_cause"] and shown["diff"] == ""
        assert_says_why(shown)
        refused = await decide(client, shown["id"], "approve", shown["diff_sha256"] or "x")
        problem(refused, 409)
        commits = len(list(repo(tmp_path).iter_commits("main")))

        await post_json(client, WEBHOOK, resolved(certificate_expired()))
        done = await status_when(client, shown["id"], lambda s: s["status"] == "closed")
        assert done["alerts_resolved"] is True and done["commit_sha"]
        record = next(repo(tmp_path).iter_commits("main"))
        assert len(list(repo(tmp_path).iter_commits("main"))) == commits + 1
        assert f"Incident-Id: {shown['id']}" in record.message
        assert record.stats.files and all(  # the record only: no values change
            path.startswith(f"examples/{shown['id']}/") for path in record.stats.files
        )
        again = await client.post(
            f"/api/incidents/{shown['id']}/acknowledge", json={"user": "U123"}
        )
        problem(again, 409)


async def test_advice_is_acknowledged_over_rest_and_recorded(tmp_path: Path) -> None:
    async with AsyncTestClient(app=make_app(tmp_path)) as client:
        await post_json(client, WEBHOOK, certificate_expired())
        shown = await one_incident(client, "advising")
        url = f"/api/incidents/{shown['id']}/acknowledge"
        problem(await client.post(url, json={"comment": "no user"}), 400)
        problem(
            await client.post(
                "/api/incidents/incident-20990101000000-abcd/acknowledge", json={"user": "U1"}
            ),
            404,
        )
        r = await client.post(url, json={"user": "U123", "comment": "renewing it now"})
        assert r.status_code == 202, r.text
        assert r.json() == {"incident_id": shown["id"], "status": "acknowledged"}
        record = next(repo(tmp_path).iter_commits("main"))
        assert f"Incident-Id: {shown['id']}" in record.message
        assert all(path.startswith("examples/") for path in record.stats.files)
        problem(await client.post(url, json={"user": "U123"}), 409)
