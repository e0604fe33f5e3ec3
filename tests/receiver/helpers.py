"""Shared helpers for tests that drive the app over HTTP: bodies, decisions, git, problems."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import git
from litestar import Litestar
from litestar.testing import AsyncTestClient

from receiver.ingest.normalize import am_fingerprint
from tests.conftest import fixture_json
from tests.receiver.conftest import incidents_when, status_when

JSON = {"content-type": "application/json"}
WEBHOOK = "/webhooks/alertmanager"
FIRING = "am-webhook-firing-2-alerts.json"
VALUES = "helm-values/grafana/values.yaml"


def firing(starts_at: str | None = None) -> dict[str, Any]:
    """The captured OOM notification, optionally as a new firing episode."""
    body: dict[str, Any] = fixture_json(FIRING)
    if starts_at:
        for alert in body["alerts"]:
            alert["startsAt"] = starts_at
    return body


def certificate_expired() -> dict[str, Any]:
    """An expired serving certificate of checkout: no values change remedies it."""
    body = firing()
    alert = body["alerts"][0]
    alert["labels"] = {
        "alertname": "X509CertificateExpired",
        "namespace": "shop",
        "app": "checkout",
        "severity": "critical",
    }
    alert["annotations"] = {
        "summary": "x509: certificate has expired or is not yet valid: current time "
        "2026-11-24T03:37:56Z is after 2026-11-23T00:00:00Z",
    }
    alert["fingerprint"] = am_fingerprint(alert["labels"])
    body["alerts"] = [alert]
    body["groupLabels"] = body["commonLabels"] = {"alertname": "X509CertificateExpired"}
    return body


def resolved(body: dict[str, Any], ends_at: str = "2026-11-24T03:45:00Z") -> dict[str, Any]:
    """`body` as Alertmanager sends it once the alerts resolved."""
    done = copy.deepcopy(body)
    done["status"] = "resolved"
    for alert in done["alerts"]:
        alert["status"] = "resolved"
        alert["endsAt"] = ends_at
    return done


def repo(tmp_path: Path) -> git.Repo:
    return git.Repo(tmp_path / "gitops")


def commit_count(tmp_path: Path) -> int:
    return len(list(repo(tmp_path).iter_commits("main")))


async def post_json(client: AsyncTestClient[Litestar], url: str, body: Any) -> Any:
    return await client.post(url, content=json.dumps(body).encode(), headers=JSON)


async def awaiting(client: AsyncTestClient[Litestar], body: dict[str, Any]) -> dict[str, Any]:
    """Post `body` and wait until its (newest) incident awaits approval; its status body."""
    r = await post_json(client, WEBHOOK, body)
    assert r.status_code == 200, r.text
    items = await incidents_when(client, lambda items: items and items[0]["status"] != "received")
    incident_id = items[0]["id"]
    return await status_when(client, incident_id, lambda s: s["status"] == "awaiting_approval")


async def decide(
    client: AsyncTestClient[Litestar], incident_id: str, kind: str, sha: str, **extra: Any
) -> Any:
    body = {"decision": kind, "user": "U123", "diff_sha256": sha, **extra}
    return await client.post(f"/api/incidents/{incident_id}/feedback", json=body)


def problem(response: Any, status: int) -> dict[str, Any]:
    """The problem+json body of `response`, after checking its status and shape."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body
