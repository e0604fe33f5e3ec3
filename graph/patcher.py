"""Helm values patches (pure): a Remediation becomes a reviewable edit of a values file.

The planners here decide WHAT to change (which key in which chart shape, the new value, the
guardrails); `graph.yaml_splice` makes the change in the text so that comments, key order,
quoting and indentation survive, and only the changed lines show in the diff.
"""

from __future__ import annotations

import difflib
import hashlib
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType
from typing import Literal

from graph.patching.quantity import BYTE_RESOLUTION, CPU_RESOLUTION, Quantity, parse_quantity, scale
from graph.patching.remediation import Guardrails, Remediation, RemediationKind
from graph.patching.yaml_splice import Assignment, EditError, Path, ValuesText, dotted

_NO_OVERRIDES: Mapping[str, str] = MappingProxyType({})
# Where charts keep a workload's settings, under the app's own key in an umbrella chart
# (grafana.resources) first, then from the top: the section itself or a component of it
# (ingress-nginx controller, prometheus/argo server, bitnami primary, generic app/main).
_COMPONENTS: tuple[Path, ...] = (
    (),
    ("controller",),
    ("server",),
    ("primary",),
    ("app",),
    ("main",),
)
_WORKLOAD_KEYS = {"image", "resources", "replicaCount", "replicas", "persistence"}
_PROBES = ("livenessProbe", "readinessProbe", "startupProbe")
_PROBE_FIELDS = ("timeoutSeconds", "failureThreshold", "initialDelaySeconds", "periodSeconds")
_IMAGE_TAG = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")


@dataclass(frozen=True, slots=True)
class Change:
    """One setting a patch changes (dotted path as in the file); `old` is None when added."""

    path: str
    old: str | None
    new: str


@dataclass(frozen=True, slots=True)
class Patch:
    """The new file text, what changed, a one-line summary, and caveats for the reviewer."""

    text: str
    changes: tuple[Change, ...]
    summary: str
    notes: tuple[str, ...] = ()
    step: str = ""  # how a computed value was chosen: "×2", "to the learned 2Gi"; "" if set


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why no change is proposed: a guardrail, nothing found, or nothing to change."""

    reason: str


class _Refused(Exception):
    """Raised while planning; `plan_patch` returns it as a Refusal."""


@dataclass(frozen=True, slots=True)
class _Edit:
    path: Path
    old: str | None
    new: str
    string: bool = False  # must read back as a string (an image tag)


def plan_patch(
    values_text: str,
    app: str,
    remediation: Remediation,
    guardrails: Guardrails,
    *,
    previous_image_tag: str | None = None,
    overrides: Mapping[str, str] = _NO_OVERRIDES,
) -> Patch | Refusal:
    """The edit of `values_text` that applies `remediation` to `app`, or why there is none.

    Only the lines of the settings in `Patch.changes` differ from the input; a setting that is
    missing is added where the chart keeps the app's settings, and the summary or notes say so.
    `overrides` map dotted paths (as in `Change.path`, or relative to the app's section, such
    as `resources.limits.memory`) to values that win over the computed ones; they may only name
    settings this remediation changes. Computed and overridden values alike must stay within
    `guardrails`. Raises ValueError only for guardrails that are not valid quantities.
    """
    maximums = (
        _maximum(guardrails.max_memory, "max_memory"),
        _maximum(guardrails.max_cpu, "max_cpu"),
    )
    try:
        ctx = _Ctx(ValuesText(values_text), app, remediation, guardrails, maximums, overrides)
        edits, summary, notes = _PLANNERS[remediation.kind](ctx, previous_image_tag)
        edits = [e for e in edits if e.new != e.old]
        if not edits:
            return Refusal(f"nothing to change: {summary}")
        text = ctx.doc.assign([Assignment(e.path, e.new, e.string) for e in edits])
    except (_Refused, EditError) as refused:
        return Refusal(str(refused))
    changes = tuple(Change(".".join(e.path), e.old, e.new) for e in edits)
    added = [f"{c.path} was not set and is added" for c in changes if c.old is None]
    return Patch(text, changes, summary, (*notes, *ctx.notes, *added), ctx.step)


def unified_diff(old_text: str, new_text: str, path: str) -> str:
    """A `diff -u` patch from `old_text` to `new_text` for `path` (relative to the repository,
    with a/ and b/ prefixes, so `git apply` takes it); "" when the texts are equal."""
    if path.startswith("/") or ".." in path.split("/"):
        raise ValueError(f"the diff path must be relative to the repository: {path!r}")
    lines = difflib.unified_diff(
        old_text.splitlines(keepends=True),
        new_text.splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    # A last line without a newline needs the marker, or patch tools misread the hunk.
    return "".join(
        line if line.endswith("\n") else f"{line}\n\\ No newline at end of file\n" for line in lines
    )


def diff_sha256(diff: str) -> str:
    """The hex sha256 of the diff's UTF-8 text: what an approval is bound to."""
    return hashlib.sha256(diff.encode()).hexdigest()


class _Ctx:
    """The parsed values plus what every planner needs: scopes, overrides, factor, limits."""

    def __init__(
        self,
        doc: ValuesText,
        app: str,
        remediation: Remediation,
        guardrails: Guardrails,
        maximums: tuple[Quantity, Quantity],
        overrides: Mapping[str, str],
    ) -> None:
        self.doc, self.remediation, self.guardrails = doc, remediation, guardrails
        self.max_memory, self.max_cpu = maximums
        self.step = ""  # how the planners chose a computed value (Patch.step)
        self.notes: list[str] = []  # what the reviewer should know about that choice
        self.overrides = {str(k).strip(): str(v).strip() for k, v in overrides.items()}
        bases = [(app,), ()] if app else [()]
        candidates = dict.fromkeys((*base, *part) for base in bases for part in _COMPONENTS)
        self.scopes = [s for s in candidates if not s or doc.keys(s)]
        with_workload = [s for s in self.scopes if _WORKLOAD_KEYS & doc.keys(s)]
        self.primary = with_workload[0] if with_workload else ()  # where missing keys go

    def find(self, *relatives: Path) -> Path | None:
        """The first setting present among `relatives`, searching the scopes in order."""
        for scope in self.scopes:
            for relative in relatives:
                if self.doc.has((*scope, *relative)):
                    return (*scope, *relative)
        return None

    def factor(self) -> Fraction:
        """The remediation's factor, refused when below 1 or above the guardrail."""
        factor, maximum = self.remediation.factor, self.guardrails.max_factor
        if not math.isfinite(factor) or factor < 1:
            raise _Refused(f"factor {factor} would not raise anything: it must be at least 1")
        if factor > maximum:
            raise _Refused(f"factor {factor} is above the guardrail max_factor={maximum}")
        return Fraction(repr(factor))

    def raised(self, old: Quantity, resolution: Fraction) -> Quantity:
        """`old` raised by the remediation: to its learned target when that is above `old`
        (at most max_factor × `old`), else × factor (said in a note when a target was
        learned but is already reached)."""
        target = self._target()
        if target is not None and target > old:
            most = scale(old, Fraction(repr(self.guardrails.max_factor)), resolution=resolution)
            if target > most:
                self._learned_capped(target, most)
                return most
            self.step = f"to the learned {target}"
            return target
        factor = self.factor()
        if target is not None:
            self._learned_reached(target, old)
        self.step = f"×{float(factor):g}"
        return scale(old, factor, resolution=resolution)

    def raised_count(self, old: int) -> int:
        """`raised` for a count (replicas): rounded up, never a fraction of a pod."""
        target = self._target()
        if target is not None and target.value > old:
            most = math.ceil(old * Fraction(repr(self.guardrails.max_factor)))
            wanted = math.ceil(target.value)
            if wanted > most:
                self._learned_capped(target, most)
                return most
            self.step = f"to the learned {wanted}"
            return wanted
        factor = self.factor()
        if target is not None:
            self._learned_reached(target, old)
        self.step = f"×{float(factor):g}"
        return math.ceil(old * factor)

    def _target(self) -> Quantity | None:
        try:
            target = self.remediation.target
            return None if target is None else parse_quantity(target.strip())
        except ValueError:
            return None  # a hand-edited patterns file: the step applies

    def _learned_capped(self, target: Quantity | int, most: Quantity | int) -> None:
        limit = self.guardrails.max_factor
        self.step = f"to {most}, the learned {target} capped"
        self.notes.append(f"the learned value {target} is capped at {most} (max_factor={limit:g})")

    def _learned_reached(self, target: Quantity | int, old: Quantity | int) -> None:
        self.notes.append(
            f"the learned value {target} is already reached ({old} now): the default step "
            f"×{float(self.factor()):g} applies"
        )

    def chosen(self, scope: Path, allowed: Iterable[Path]) -> dict[Path, str]:
        """The overrides by full path; a key may be written in full or relative to `scope`."""
        names: dict[str, Path] = {}
        for full in allowed:
            names[".".join(full)] = full
            names.setdefault(".".join(full[len(scope) :]), full)
        chosen: dict[Path, str] = {}
        for key, value in self.overrides.items():
            if key not in names:
                raise _Refused(
                    f"cannot override {key!r}: a {self.remediation.kind.value} proposal may "
                    f"only set {', '.join(sorted(names))}"
                )
            chosen[names[key]] = value
        return chosen

    def quantity(self, path: Path) -> Quantity | None:
        """The quantity set at `path`; None when unset."""
        return _quantity(path, self.doc.raw(path))

    def integer(self, path: Path) -> int | None:
        """The whole number set at `path`; None when unset."""
        return _integer(path, self.doc.raw(path))


_Planned = tuple[list[_Edit], str, tuple[str, ...]]  # edits, summary (or why none), notes


def _plan_resources(ctx: _Ctx, resource: Literal["memory", "cpu"]) -> _Planned:
    section = ctx.find(("resources",)) or (*ctx.primary, "resources")
    lim_path, req_path = (*section, "limits", resource), (*section, "requests", resource)
    chosen = ctx.chosen(section[:-1], (lim_path, req_path))
    lim_old, req_old = ctx.quantity(lim_path), ctx.quantity(req_path)
    lim_new, req_new = (
        _quantity(lim_path, chosen.get(lim_path)),
        _quantity(req_path, chosen.get(req_path)),
    )
    resolution = BYTE_RESOLUTION if resource == "memory" else CPU_RESOLUTION
    notes: tuple[str, ...] = ()
    if lim_new is None and lim_old is not None:
        lim_new = ctx.raised(lim_old, resolution)
    if resource == "memory" and req_new is None and req_old is not None:
        if lim_old is not None and lim_new is not None and lim_old.value:  # keep the ratio
            req_new = scale(req_old, lim_new.value / lim_old.value, resolution=resolution)
        elif lim_old is None and lim_new is None:
            req_new = ctx.raised(req_old, resolution)
            notes = (f"no memory limit is set ({dotted(lim_path)}): the request is raised",)
    if lim_new is None and req_new is None:
        if resource == "cpu":
            raise _Refused(
                f"no CPU limit is set ({dotted(lim_path)}): throttling comes from the node, "
                "not from a limit this file can raise"
            )
        raise _Refused(
            f"no memory limit or request is set under {dotted(section)}: nothing to multiply "
            f"(a modify decision can set {dotted(lim_path)})"
        )
    maximum = ctx.max_memory if resource == "memory" else ctx.max_cpu
    for path, new in ((lim_path, lim_new), (req_path, req_new)):
        if new is not None and new > maximum:
            raise _Refused(
                f"{dotted(path)} would be {new}, above the guardrail max_{resource}={maximum}"
            )
    limit = lim_new if lim_new is not None else lim_old
    request = req_new if req_new is not None else req_old
    name = "memory" if resource == "memory" else "CPU"
    if limit is not None and request is not None and request > limit:
        raise _Refused(f"the {name} request {request} would exceed the limit {limit}")
    edits = [
        _Edit(path, ctx.doc.raw(path), chosen.get(path) or str(new))
        for path, old, new in ((lim_path, lim_old, lim_new), (req_path, req_old, req_new))
        if new is not None and new != old  # 1000m and 1 are the same: no edit
    ]
    parts = [f"{'limit' if e.path == lim_path else 'request'} {_arrow(e)}" for e in edits]
    return edits, f"raise {name} {', '.join(parts)}" if parts else f"the {name} is unchanged", notes


def _plan_scale_out(ctx: _Ctx, _previous: str | None) -> _Planned:
    path = ctx.find(("replicaCount",), ("replicas",)) or (*ctx.primary, "replicaCount")
    chosen = ctx.chosen(path[:-1], (path,))
    if ctx.doc.flag((*path[:-1], "autoscaling", "enabled")):
        raise _Refused(
            f"{dotted((*path[:-1], 'autoscaling'))} is enabled: the HorizontalPodAutoscaler owns "
            "the replica count (raise its maxReplicas instead)"
        )
    old = ctx.integer(path)
    new = _integer(path, chosen.get(path))
    if new is None:
        if old == 0:
            raise _Refused(f"{dotted(path)} is 0: the workload is scaled to zero on purpose")
        new = ctx.raised_count(1 if old is None else old)
    if new < 1:
        raise _Refused(f"{dotted(path)} {new} would stop the workload")
    if new > ctx.guardrails.max_replicas:
        limit = ctx.guardrails.max_replicas
        raise _Refused(f"{dotted(path)} would be {new}, above the guardrail max_replicas={limit}")
    edit = _Edit(path, ctx.doc.raw(path), str(new))
    notes = () if old is not None else ("the chart default of 1 replica was assumed",)
    return [edit], _summary("scale out", edit), notes


def _plan_persistence(ctx: _Ctx, _previous: str | None) -> _Planned:
    path = ctx.find(("persistence", "size"), ("persistentVolume", "size"))
    path = path or (*ctx.primary, "persistence", "size")
    chosen = ctx.chosen(path[:-2], (path,))
    if ctx.doc.flag((*path[:-1], "enabled")) is False:
        raise _Refused(f"{dotted(path[:-1])} is disabled: growing its size changes nothing")
    old, new = ctx.quantity(path), _quantity(path, chosen.get(path))
    if new is None:
        if old is None:
            raise _Refused(f"no {dotted(path)} is set: there is no volume size to grow")
        new = ctx.raised(old, BYTE_RESOLUTION)
    if old is not None and new < old:
        raise _Refused(f"{dotted(path)} cannot shrink from {old} to {new}: volumes only grow")
    edit = _Edit(path, ctx.doc.raw(path), chosen.get(path) or str(new))
    note = (
        "the PVC grows only if its StorageClass allows volume expansion; a StatefulSet's "
        "volumeClaimTemplates cannot change in place, so its PVCs must be resized directly"
    )
    return [edit], _summary("grow", edit), (note,)


def _plan_probes(ctx: _Ctx, _previous: str | None) -> _Planned:
    def live(scope: Path) -> list[str]:  # probes set and not switched off (bitnami `enabled`)
        return [
            p
            for p in _PROBES
            if ctx.doc.keys((*scope, p)) and ctx.doc.flag((*scope, p, "enabled")) is not False
        ]

    scope = next((s for s in ctx.scopes if live(s)), None)
    if scope is None:
        raise _Refused("no livenessProbe, readinessProbe or startupProbe is set: nothing to relax")
    probes = live(scope)
    chosen = ctx.chosen(scope, [(*scope, p, f) for p in probes for f in _PROBE_FIELDS])
    edits: list[_Edit] = []
    for probe in probes:
        timeout, threshold, delay = (ctx.integer((*scope, probe, f)) for f in _PROBE_FIELDS[:3])
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
            value = _integer(path, chosen.get(path))
            value = computed.get(field) if value is None else value
            if value is not None and str(value) != ctx.doc.raw(path):
                edits.append(_Edit(path, ctx.doc.raw(path), str(value)))
    by_probe: dict[str, list[str]] = {}
    for edit in edits:
        by_probe.setdefault(edit.path[-2], []).append(f"{edit.path[-1]} {_arrow(edit)}")
    relaxed = ", ".join(f"{probe} ({', '.join(settings)})" for probe, settings in by_probe.items())
    return edits, f"relax {relaxed}" if edits else "the probes are already this tolerant", ()


def _plan_image_tag(ctx: _Ctx, previous: str | None) -> _Planned:
    path = ctx.find(("image", "tag"))
    if path is None:
        image = ctx.find(("image",))
        path = (*image, "tag") if image else (*ctx.primary, "image", "tag")
    tag = ctx.chosen(path[:-2], (path,)).get(path, previous)
    if tag is None:
        raise _Refused("no earlier image.tag in history to revert to")
    if not _IMAGE_TAG.fullmatch(tag):
        raise _Refused(f"{tag!r} is not a valid image tag")
    digest = (*path[:-1], "digest")
    if ctx.doc.has(digest) and ctx.doc.raw(digest):
        raise _Refused(
            f"{dotted(digest)} pins the image, so changing the tag alone has no effect; "
            "revert the digest by hand"
        )
    edit = _Edit(path, ctx.doc.raw(path), tag, string=True)
    return [edit], _summary("revert", edit), ()


_PLANNERS: dict[RemediationKind, Callable[[_Ctx, str | None], _Planned]] = {
    RemediationKind.RAISE_MEMORY: lambda ctx, _: _plan_resources(ctx, "memory"),
    RemediationKind.RAISE_CPU: lambda ctx, _: _plan_resources(ctx, "cpu"),
    RemediationKind.RELAX_PROBES: _plan_probes,
    RemediationKind.SCALE_OUT: _plan_scale_out,
    RemediationKind.GROW_PERSISTENCE: _plan_persistence,
    RemediationKind.REVERT_IMAGE_TAG: _plan_image_tag,
}


def _quantity(path: Path, text: str | None) -> Quantity | None:
    try:
        return None if text is None else parse_quantity(text)
    except ValueError as error:
        raise _Refused(f"{dotted(path)}: {error}") from None


def _integer(path: Path, text: str | None) -> int | None:
    if text is not None and not (text.isascii() and text.isdigit() and len(text) < 10):
        raise _Refused(f"{dotted(path)} is {text!r}, not a whole number")
    return None if text is None else int(text)


def _maximum(text: str, name: str) -> Quantity:
    try:
        return parse_quantity(text)
    except ValueError as error:
        raise ValueError(f"guardrail {name}: {error}") from None


def _arrow(edit: _Edit) -> str:
    old = "unset" if edit.old is None else edit.old or '""'
    return f"{old}→{edit.new}"


def _summary(verb: str, edit: _Edit) -> str:
    """`grow persistence.size 10Gi→15Gi`, or why there is nothing to do."""
    if edit.new == edit.old:
        return f"{dotted(edit.path)} is already {edit.new}"
    return f"{verb} {dotted(edit.path)} {_arrow(edit)}"
