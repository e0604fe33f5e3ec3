"""The evidence settings reach the workflow: an incident's status shows what Prometheus and Loki
said about the workload, and what is missing and why (masked), and a backend that does not
answer never fails the incident. Loki is the loopback fake; Prometheus a port nothing listens on.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient
from prometheus_client import CollectorRegistry

from receiver.app import create_app
from receiver.config import load_settings
from tests.graph.evidence.fake_loki import FakeLoki, serving
from tests.integration.conftest import _free_port
from tests.receiver.conftest import CAPTURE_NOW, make_app, status_when
from tests.receiver.helpers import WEBHOOK, awaiting, decide, firing, post_json, resolved

SECRET = "hunter2-s3cr3t"
STARTS_AT = datetime.fromisoformat("2026-11-24T03:37:56.651Z")
NS = 1_000_000_000


@pytest.fixture
def fake_loki() -> Iterator[FakeLoki]:
    with serving(FakeLoki()) as fake:
        yield fake


async def test_the_status_shows_the_evidence_and_what_is_missing_and_why(
    tmp_path: Path, fake_loki: FakeLoki
) -> None:
    at = int(STARTS_AT.timestamp()) - 60
    fake_loki.push(
        {"namespace": "monitoring", "pod": "grafana-7d9f8c6b5-x2k4p", "container": "grafana"},
        [(at * NS, f'level=error msg="OutOfMemoryError: Java heap space" db_password={SECRET}')],
    )
    app = make_app(
        tmp_path,
        PROMETHEUS_URL=f"http://127.0.0.1:{_free_port()}",
        LOKI_URL=fake_loki.url,
        LOKI_TENANT="team-a",
        ENRICH_BUDGET="2",
    )
    async with AsyncTestClient(app=app) as client:
        status = await awaiting(client, firing())
        raw = (await client.get(f"/api/incidents/{status['id']}/status")).text

    evidence = status["evidence"]
    assert {(m["backend"], m["reason"]) for m in evidence["missing"]} == {
        ("prometheus", "unreachable")
    }
    assert evidence["logs"]["lines"] == 1
    assert "OutOfMemoryError" in evidence["logs"]["excerpt"][0]
    assert SECRET not in raw
    (logs_query,) = fake_loki.query_range_requests()
    assert logs_query.headers["x-scope-orgid"] == "team-a"  # LOKI_TENANT over "default"


async def test_without_backends_the_status_has_no_evidence(tmp_path: Path) -> None:
    async with AsyncTestClient(app=make_app(tmp_path)) as client:
        status = await awaiting(client, firing())
    assert status["evidence"] is None


def test_evidence_settings_default_to_the_documented_values_and_name_overrides() -> None:
    s = load_settings({})
    assert (s.enrich_budget, s.memory_headroom, s.cpu_throttled_ratio) == (3.0, 1.25, 0.25)
    assert (s.verify_hold, s.verify_check_interval) == (300.0, 30.0)
    s = load_settings({"PROMETHEUS_LABEL_NAMES": "cluster=k8s_cluster, pod=pod_name"})
    assert s.prometheus_label_names == {"cluster": "k8s_cluster", "pod": "pod_name"}


async def test_approving_after_the_alerts_resolved_answers_before_the_long_recheck(
    tmp_path: Path,
) -> None:
    """The alerts resolved while the proposal waited: the approval's commit goes straight on to
    verify, whose re-check of the alerts' expressions may run up to VERIFY_TIMEOUT. The approve
    call answers at once and the re-check runs in its own task (before, the HTTP call waited
    for it: here, on a re-check sleep that never ends)."""
    gate = asyncio.Event()

    async def held(_seconds: float) -> None:
        await gate.wait()  # the re-check's wait between two checks: held until released

    settings = load_settings(
        {
            "GIT_REPO_PATH": str(tmp_path / "gitops"),
            "RATE_LIMIT_PER_SECOND": "0",
            "PROMETHEUS_URL": f"http://127.0.0.1:{_free_port()}",
            "ENRICH_BUDGET": "1",
        }
    )
    app = create_app(
        settings, now=lambda: CAPTURE_NOW, metrics_registry=CollectorRegistry(), evidence_sleep=held
    )
    async with AsyncTestClient(app=app) as client:
        status = await awaiting(client, firing())
        assert (await post_json(client, WEBHOOK, resolved(firing()))).status_code == 200
        await status_when(client, status["id"], lambda s: s["alerts_resolved"])
        answer = await asyncio.wait_for(
            decide(client, status["id"], "approve", status["diff_sha256"]), timeout=10
        )
        assert answer.status_code == 202, answer.text
        shown = await status_when(client, status["id"], lambda s: s["status"] == "verifying")
        assert shown["commit_sha"]
        gate.set()  # let the re-check go on: the service then stops cleanly
