"""The evidence as people see it (pure): a compact view for the approval request, the status
API, Slack and summary.md.

`evidence_view` turns gathered `Evidence` into plain JSON:

- `rows`: one per signal and subject, `{"signal", "subject", "values"}` — `signal` is
  `memory`, `cpu`, `restarts` (per container), `replicas` (the workload) or `volume` (per
  PVC); `values` maps short keys (`peak 7d`, `p99 7d`, `limit`, `request`, `p95 24h`,
  `throttled 1h`, `24h`, `last termination`, `pods`, `hpa`, `hpa peak 24h`, `used`,
  `capacity`) to formatted amounts (`1.71 GiB`, `480m`, `30%`). Keys and amounts are not
  prose, so a UI can label them in its own language.
- `missing`: what could not be had, grouped: `{"backend", "reason", "detail", "signals"}`
  (`reason` is a graph.evidence.backend.Reason value: not_configured, unreachable, timeout,
  budget, no_data, …).
- `logs`: `{"lines", "truncated", "excerpt"}` — how many error lines Loki returned and the
  newest few (masked, cut), or None when there was no log query.
"""

from __future__ import annotations

from typing import Any

from graph.evidence.model import ContainerEvidence, Evidence, Measurement, Windowed
from graph.evidence.steps import WINDOWS, human_bytes, human_cpu, longest

EXCERPT_LINES = 5
EXCERPT_CHARS = 200


def evidence_view(evidence: Evidence) -> dict[str, Any]:
    """The compact view of `evidence` (module docstring)."""
    rows: list[dict[str, Any]] = []
    for name, container in sorted(evidence.containers.items()):
        rows += _container_rows(name, container)
    replicas = _replica_values(evidence)
    if replicas:
        rows.append({"signal": "replicas", "subject": evidence.workload, "values": replicas})
    for pvc, values in sorted(evidence.volumes.items()):
        rows.append({"signal": "volume", "subject": pvc, "values": _volume_values(values)})
    return {"rows": rows, "missing": missing_view(evidence), "logs": _logs_view(evidence)}


def _container_rows(name: str, container: ContainerEvidence) -> list[dict[str, Any]]:
    memory = _windowed("peak", container.memory_peak, human_bytes, longest_only=True)
    memory |= _windowed("p99", container.memory_p99, human_bytes, longest_only=True)
    memory |= _current(container.memory_limit, container.memory_request, human_bytes)
    cpu = _windowed("p99", container.cpu_p99, human_cpu, longest_only=True)
    cpu |= _windowed("p95", container.cpu_p95, human_cpu, longest_only=True)
    ratio = max(container.cpu_throttled_ratio.values(), key=lambda m: m.value, default=None)
    if ratio is not None:
        cpu[f"throttled {ratio.window}"] = f"{ratio.value:.0%}"
    cpu |= _current(container.cpu_limit, container.cpu_request, human_cpu)
    restarts = {w: f"{m.value:g}" for w, m in _ordered(container.restarts)}
    if container.termination_reasons:
        restarts["last termination"] = ", ".join(sorted(container.termination_reasons))
    rows = []
    for signal, values in (("memory", memory), ("cpu", cpu), ("restarts", restarts)):
        if values:
            rows.append({"signal": signal, "subject": name, "values": values})
    return rows


def _ordered(windowed: Windowed) -> list[tuple[str, Measurement]]:
    return [(w, windowed[w]) for w in reversed(WINDOWS) if w in windowed]


def _windowed(
    key: str, windowed: Windowed, fmt: Any, *, longest_only: bool = False
) -> dict[str, str]:
    if longest_only:
        found = longest(windowed)
        return {f"{key} {found.window}": fmt(found.value)} if found else {}
    return {f"{key} {w}": fmt(m.value) for w, m in _ordered(windowed)}


def _current(limit: Measurement | None, request: Measurement | None, fmt: Any) -> dict[str, str]:
    values = {}
    if limit is not None:
        values["limit"] = fmt(limit.value)
    if request is not None:
        values["request"] = fmt(request.value)
    return values


def _replica_values(evidence: Evidence) -> dict[str, str]:
    values = {}
    if evidence.replicas is not None:
        values["pods"] = f"{evidence.replicas.value:g}"
    if evidence.hpa_max is not None:
        current = evidence.hpa_current.value if evidence.hpa_current else 0.0
        values["hpa"] = f"{current:g} of {evidence.hpa_max.value:g}"
    if evidence.hpa_peak is not None:
        values[f"hpa peak {evidence.hpa_peak.window}"] = f"{evidence.hpa_peak.value:g}"
    return values


def _volume_values(values: dict[str, Measurement]) -> dict[str, str]:
    shown = {k: human_bytes(m.value) for k, m in sorted(values.items())}
    used, capacity = values.get("used"), values.get("capacity")
    if used is not None and capacity is not None and capacity.value > 0:
        shown["used %"] = f"{used.value / capacity.value:.0%}"
    return shown


def missing_view(evidence: Evidence) -> list[dict[str, Any]]:
    """What is missing, grouped by backend, reason and detail (first seen first)."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    for missing in evidence.missing:
        key = (missing.backend, missing.reason.value, missing.detail)
        signal = f"{missing.signal} {missing.window}".strip()
        groups.setdefault(key, [])
        if signal not in groups[key]:
            groups[key].append(signal)
    return [
        {"backend": b, "reason": r, "detail": d, "signals": signals}
        for (b, r, d), signals in groups.items()
    ]


def missing_lines(view: dict[str, Any]) -> list[str]:
    """Each group of `view["missing"]` as one line.

    For example `prometheus unreachable (ConnectError: …): memory.peak 7d, …`.
    """
    lines = []
    for group in view.get("missing") or ():
        detail = f" ({group['detail']})" if group.get("detail") else ""
        signals = ", ".join(group.get("signals") or ())
        lines.append(f"{group['backend']} {group['reason']}{detail}: {signals}")
    return lines


def _logs_view(evidence: Evidence) -> dict[str, Any] | None:
    if evidence.logs is None:
        return None
    lines = evidence.logs.lines
    excerpt = [_cut(line.text) for line in lines[-EXCERPT_LINES:]]
    return {"lines": len(lines), "truncated": evidence.logs.truncated, "excerpt": excerpt}


def _cut(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT_CHARS else flat[: EXCERPT_CHARS - 1] + "…"


def log_text(evidence: Evidence) -> str:
    """The error lines Loki returned, oldest first, one per line (for the analyzer)."""
    if evidence.logs is None:
        return ""
    return "\n".join(line.text for line in evidence.logs.lines)
