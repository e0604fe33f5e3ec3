"""enrich: what the workload really used and what it logged, from Prometheus and Loki.

For an incident that names a workload (triage), `graph.evidence.enrichment.gather` runs every
query and the Loki excerpt concurrently within the context's time budget; the state keeps the
result (`enrichment`: per container memory peak / p99, requests / limits, restarts and the
last termination reason, CPU p95 / p99 and the throttled ratio, replicas / HPA, PVC usage for
volume alerts, the masked error lines) and, in it, which evidence is missing and why. A
backend that is down, slow or not configured never fails the incident. Without evidence in
the context, or without a workload, nothing is added.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

import structlog
from langgraph.runtime import Runtime

from graph.context import EvidenceContext, WorkflowContext
from graph.evidence.enrichment import LogSource, gather
from graph.evidence.queries import Scope
from graph.state import AlertSnapshot, IncidentState, incident_alerts

log = structlog.get_logger("alertgraph.enrich")


async def enrich(state: IncidentState, runtime: Runtime[WorkflowContext]) -> dict[str, Any]:
    """The evidence for the incident's workload, gathered within the budget (or nothing)."""
    ctx = runtime.context.evidence
    app, namespace = state.get("app", ""), state.get("namespace", "")
    if ctx is None or not app or not namespace:
        return {}
    alerts = incident_alerts(state)
    pvc = next((a["labels"]["persistentvolumeclaim"] for a in alerts if _pvc(a)), None)
    scope = Scope(namespace, app, cluster=state.get("cluster") or None, pvc=pvc)
    at = ctx.clock()
    began = time.perf_counter()
    evidence = await gather(
        ctx.prometheus,
        scope,
        at=at,
        tenant=state.get("tenant") or ctx.tenant,
        names=ctx.names,
        labels=ctx.labels,
        budget=ctx.budget,
        volumes=any(_about_volume(a) for a in alerts),
        logs=_log_source(ctx, state["alert"], at),
    )
    log.info(
        "evidence gathered",
        incident_id=state["incident_id"],
        containers=len(evidence.containers),
        log_lines=len(evidence.logs.lines) if evidence.logs else 0,
        missing=len(evidence.missing),
        seconds=round(time.perf_counter() - began, 3),
    )
    return {"enrichment": evidence.to_dict()}


def _pvc(alert: AlertSnapshot) -> bool:
    return bool(alert["labels"].get("persistentvolumeclaim"))


def _about_volume(alert: AlertSnapshot) -> bool:
    """Volume alerts name a PVC, or say so in their name (KubePersistentVolumeFillingUp)."""
    return _pvc(alert) or "volume" in alert["labels"].get("alertname", "").lower()


def _log_source(ctx: EvidenceContext, alert: AlertSnapshot, at: float) -> LogSource | None:
    """Loki's error lines around the opening alert's startsAt (now, when it has none)."""
    if ctx.loki is None:
        return None
    try:
        around = datetime.fromisoformat(alert["starts_at"]).timestamp()
    except (ValueError, OverflowError):
        around = at
    if around <= 0:  # Go's zero time
        around = at
    return LogSource(ctx.loki, around, ctx.loki_labels, ctx.line_bounds)
