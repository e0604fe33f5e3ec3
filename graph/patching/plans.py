"""The planners (pure): for each kind of remediation, which settings change and to what.

Each planner reads the chart (graph.patching.chart), computes the new values or takes those a
modify decision set, checks them against the guardrails, and returns the edits, a one-line
summary and notes for the reviewer; `Refused` when no safe change exists.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

from graph.patching.chart import Chart, Edit, Refused, as_integer, as_quantity
from graph.patching.quantity import BYTE_RESOLUTION, CPU_RESOLUTION, scale
from graph.patching.remediation import RemediationKind
from graph.patching.yaml_splice import Path, dotted

_PROBES = ("livenessProbe", "readinessProbe", "startupProbe")
_PROBE_FIELDS = ("timeoutSeconds", "failureThreshold", "initialDelaySeconds", "periodSeconds")
_IMAGE_TAG = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")


Planned = tuple[list[Edit], str, tuple[str, ...]]  # edits, summary (or why none), notes


def _plan_resources(chart: Chart, resource: Literal["memory", "cpu"]) -> Planned:
    section = chart.find(("resources",)) or (*chart.primary, "resources")
    lim_path, req_path = (*section, "limits", resource), (*section, "requests", resource)
    chosen = chart.chosen(section[:-1], (lim_path, req_path))
    lim_old, req_old = chart.quantity(lim_path), chart.quantity(req_path)
    lim_new, req_new = (
        as_quantity(lim_path, chosen.get(lim_path)),
        as_quantity(req_path, chosen.get(req_path)),
    )
    resolution = BYTE_RESOLUTION if resource == "memory" else CPU_RESOLUTION
    notes: tuple[str, ...] = ()
    if lim_new is None and lim_old is not None:
        lim_new = chart.raised(lim_old, resolution)
    if resource == "memory" and req_new is None and req_old is not None:
        if lim_old is not None and lim_new is not None and lim_old.value:  # keep the ratio
            req_new = scale(req_old, lim_new.value / lim_old.value, resolution=resolution)
        elif lim_old is None and lim_new is None:
            req_new = chart.raised(req_old, resolution)
            notes = (f"no memory limit is set ({dotted(lim_path)}): the request is raised",)
    if lim_new is None and req_new is None:
        if resource == "cpu":
            raise Refused(
                f"no CPU limit is set ({dotted(lim_path)}): throttling comes from the node, "
                "not from a limit this file can raise"
            )
        raise Refused(
            f"no memory limit or request is set under {dotted(section)}: nothing to multiply "
            f"(a modify decision can set {dotted(lim_path)})"
        )
    maximum = chart.max_memory if resource == "memory" else chart.max_cpu
    for path, new in ((lim_path, lim_new), (req_path, req_new)):
        if new is not None and new > maximum:
            raise Refused(
                f"{dotted(path)} would be {new}, above the guardrail max_{resource}={maximum}"
            )
    limit = lim_new if lim_new is not None else lim_old
    request = req_new if req_new is not None else req_old
    name = "memory" if resource == "memory" else "CPU"
    if limit is not None and request is not None and request > limit:
        raise Refused(f"the {name} request {request} would exceed the limit {limit}")
    edits = [
        Edit(path, chart.doc.raw(path), chosen.get(path) or str(new))
        for path, old, new in ((lim_path, lim_old, lim_new), (req_path, req_old, req_new))
        if new is not None and new != old  # 1000m and 1 are the same: no edit
    ]
    parts = [f"{'limit' if e.path == lim_path else 'request'} {_arrow(e)}" for e in edits]
    return edits, f"raise {name} {', '.join(parts)}" if parts else f"the {name} is unchanged", notes


def _plan_scale_out(chart: Chart, _previous: str | None) -> Planned:
    path = chart.find(("replicaCount",), ("replicas",)) or (*chart.primary, "replicaCount")
    chosen = chart.chosen(path[:-1], (path,))
    if chart.doc.flag((*path[:-1], "autoscaling", "enabled")):
        raise Refused(
            f"{dotted((*path[:-1], 'autoscaling'))} is enabled: the HorizontalPodAutoscaler owns "
            "the replica count (raise its maxReplicas instead)"
        )
    old = chart.integer(path)
    new = as_integer(path, chosen.get(path))
    if new is None:
        if old == 0:
            raise Refused(f"{dotted(path)} is 0: the workload is scaled to zero on purpose")
        new = chart.raised_count(1 if old is None else old)
    if new < 1:
        raise Refused(f"{dotted(path)} {new} would stop the workload")
    if new > chart.guardrails.max_replicas:
        limit = chart.guardrails.max_replicas
        raise Refused(f"{dotted(path)} would be {new}, above the guardrail max_replicas={limit}")
    edit = Edit(path, chart.doc.raw(path), str(new))
    notes = () if old is not None else ("the chart default of 1 replica was assumed",)
    return [edit], _summary("scale out", edit), notes


def _plan_persistence(chart: Chart, _previous: str | None) -> Planned:
    path = chart.find(("persistence", "size"), ("persistentVolume", "size"))
    path = path or (*chart.primary, "persistence", "size")
    chosen = chart.chosen(path[:-2], (path,))
    if chart.doc.flag((*path[:-1], "enabled")) is False:
        raise Refused(f"{dotted(path[:-1])} is disabled: growing its size changes nothing")
    old, new = chart.quantity(path), as_quantity(path, chosen.get(path))
    if new is None:
        if old is None:
            raise Refused(f"no {dotted(path)} is set: there is no volume size to grow")
        new = chart.raised(old, BYTE_RESOLUTION)
    if old is not None and new < old:
        raise Refused(f"{dotted(path)} cannot shrink from {old} to {new}: volumes only grow")
    edit = Edit(path, chart.doc.raw(path), chosen.get(path) or str(new))
    note = (
        "the PVC grows only if its StorageClass allows volume expansion; a StatefulSet's "
        "volumeClaimTemplates cannot change in place, so its PVCs must be resized directly"
    )
    return [edit], _summary("grow", edit), (note,)


def _plan_probes(chart: Chart, _previous: str | None) -> Planned:
    def live(scope: Path) -> list[str]:  # probes set and not switched off (bitnami `enabled`)
        return [
            p
            for p in _PROBES
            if chart.doc.keys((*scope, p)) and chart.doc.flag((*scope, p, "enabled")) is not False
        ]

    scope = next((s for s in chart.scopes if live(s)), None)
    if scope is None:
        raise Refused("no livenessProbe, readinessProbe or startupProbe is set: nothing to relax")
    probes = live(scope)
    chosen = chart.chosen(scope, [(*scope, p, f) for p in probes for f in _PROBE_FIELDS])
    edits: list[Edit] = []
    for probe in probes:
        timeout, threshold, delay = (chart.integer((*scope, probe, f)) for f in _PROBE_FIELDS[:3])
        computed = {  # Kubernetes defaults: timeout 1 s, 3 failures, no initial delay
            "timeoutSeconds": 3
            if not timeout or timeout <= 1
            else max(timeout, min(2 * timeout, 30)),
            "failureThreshold": max(threshold or 0, 5),
        }
        if probe == "livenessProbe":
            computed["initialDelaySeconds"] = max(delay or 0, min(max(2 * (delay or 0), 10), 300))
        for field in _PROBE_FIELDS:
            path = (*scope, probe, field)
            value = as_integer(path, chosen.get(path))
            value = computed.get(field) if value is None else value
            if value is not None and str(value) != chart.doc.raw(path):
                edits.append(Edit(path, chart.doc.raw(path), str(value)))
    by_probe: dict[str, list[str]] = {}
    for edit in edits:
        by_probe.setdefault(edit.path[-2], []).append(f"{edit.path[-1]} {_arrow(edit)}")
    relaxed = ", ".join(f"{probe} ({', '.join(settings)})" for probe, settings in by_probe.items())
    return edits, f"relax {relaxed}" if edits else "the probes are already this tolerant", ()


def _plan_image_tag(chart: Chart, previous: str | None) -> Planned:
    path = chart.find(("image", "tag"))
    if path is None:
        image = chart.find(("image",))
        path = (*image, "tag") if image else (*chart.primary, "image", "tag")
    tag = chart.chosen(path[:-2], (path,)).get(path, previous)
    if tag is None:
        raise Refused("no earlier image.tag in history to revert to")
    if not _IMAGE_TAG.fullmatch(tag):
        raise Refused(f"{tag!r} is not a valid image tag")
    digest = (*path[:-1], "digest")
    if chart.doc.has(digest) and chart.doc.raw(digest):
        raise Refused(
            f"{dotted(digest)} pins the image, so changing the tag alone has no effect; "
            "revert the digest by hand"
        )
    edit = Edit(path, chart.doc.raw(path), tag, string=True)
    return [edit], _summary("revert", edit), ()


PLANNERS: dict[RemediationKind, Callable[[Chart, str | None], Planned]] = {
    RemediationKind.RAISE_MEMORY: lambda chart, _: _plan_resources(chart, "memory"),
    RemediationKind.RAISE_CPU: lambda chart, _: _plan_resources(chart, "cpu"),
    RemediationKind.RELAX_PROBES: _plan_probes,
    RemediationKind.SCALE_OUT: _plan_scale_out,
    RemediationKind.GROW_PERSISTENCE: _plan_persistence,
    RemediationKind.REVERT_IMAGE_TAG: _plan_image_tag,
}


def _arrow(edit: Edit) -> str:
    old = "unset" if edit.old is None else edit.old or '""'
    return f"{old}→{edit.new}"


def _summary(verb: str, edit: Edit) -> str:
    """`grow persistence.size 10Gi→15Gi`, or why there is nothing to do."""
    if edit.new == edit.old:
        return f"{dotted(edit.path)} is already {edit.new}"
    return f"{verb} {dotted(edit.path)} {_arrow(edit)}"
