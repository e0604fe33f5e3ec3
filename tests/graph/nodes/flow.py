"""Helpers for the node tests: alerts as the receiver hands them over, thread inputs and
decisions. The workflow runs compiled, with an in-memory checkpointer, on a real git repo."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import git

from graph.git.gitops import GitStore
from graph.state import AlertSnapshot, IncidentInput
from receiver.ingest.events import build_log_text

SEED = Path(__file__).resolve().parents[3] / "examples" / "gitops"
T0 = datetime(2026, 11, 24, 15, 30, 12, tzinfo=UTC)
_ids = itertools.count()
_fingerprints = itertools.count(0xA000)


def alert(
    labels: dict[str, str], annotations: dict[str, str] | None = None, **extra: Any
) -> AlertSnapshot:
    """One Alertmanager alert as the receiver hands it to the workflow."""
    annotations = annotations or {}
    snapshot: AlertSnapshot = {
        "source": "alertmanager",
        "log_text": build_log_text(labels, annotations),
        "labels": labels,
        "annotations": annotations,
        "fingerprints": [f"{next(_fingerprints):016x}"],
        "starts_at": T0.isoformat(),
    }
    snapshot.update(extra)  # type: ignore[typeddict-item]
    return snapshot


def oom(app: str = "grafana", namespace: str = "monitoring", **labels: str) -> AlertSnapshot:
    """KubePodOOMKilled for `app`, as kubernetes-mixin words it."""
    pod = f"{namespace}/{app}-7d9f8c6b5-x2k4p"
    return alert(
        {"alertname": "KubePodOOMKilled", "app": app, "namespace": namespace, **labels},
        {"summary": f"Container {app} in pod {pod} was OOMKilled"},
    )


def crashloop(app: str = "grafana", namespace: str = "monitoring") -> AlertSnapshot:
    """KubePodCrashLooping for `app`: the symptom an OOM kill also shows."""
    return alert(
        {"alertname": "KubePodCrashLooping", "app": app, "namespace": namespace},
        {"summary": f"Pod {namespace}/{app}-7d9f8c6b5-x2k4p is crash looping"},
    )


def cert_expiry(app: str = "grafana", namespace: str = "monitoring") -> AlertSnapshot:
    """A certificate that expired: a category with no values remediation (advice only)."""
    return alert(
        {"alertname": "CertificateExpired", "app": app, "namespace": namespace},
        {"summary": "x509: certificate has expired or is not yet valid"},
    )


def start(
    first: AlertSnapshot, *more: AlertSnapshot, **extra: Any
) -> tuple[IncidentInput, dict[str, Any]]:
    """A thread's input (every alert, the first one as `alert`) and its config."""
    incident_id = f"incident-20261124153012-{next(_ids):04x}"
    inputs: IncidentInput = {"incident_id": incident_id, "created": T0.isoformat(), "alert": first}
    if more:
        inputs["alerts"] = [first, *more]
    inputs.update(extra)  # type: ignore[typeddict-item]
    return inputs, {"configurable": {"thread_id": incident_id}}


def decision(kind: str, sha: str, **extra: Any) -> dict[str, Any]:
    """The approval's resume value, as the receiver checks and sends it."""
    return {
        "decision": kind,
        "user": extra.pop("user", "U123"),
        "comment": extra.pop("comment", ""),
        "overrides": extra.pop("overrides", {}),
        "diff_sha256": sha,
    }


def commits(store: GitStore) -> list[git.Commit]:
    """The branch's commits, newest first."""
    return list(git.Repo(store.path).iter_commits("main"))
