"""Helm values patches (pure): a Remediation becomes a reviewable edit of a values file.

The planners (graph.patching.plans, on the chart as graph.patching.chart reads it) decide WHAT
to change (which key in which chart shape, the new value, the guardrails);
`graph.patching.yaml_splice` makes the change in the text so that comments, key order, quoting
and indentation survive, and only the changed lines show in the diff.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from graph.patching.chart import Chart, Refused
from graph.patching.plans import PLANNERS
from graph.patching.quantity import Quantity, parse_quantity
from graph.patching.remediation import Guardrails, Remediation
from graph.patching.yaml_splice import Assignment, EditError, ValuesText

_NO_OVERRIDES: Mapping[str, str] = MappingProxyType({})


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
        chart = Chart(ValuesText(values_text), app, remediation, guardrails, maximums, overrides)
        edits, summary, notes = PLANNERS[remediation.kind](chart, previous_image_tag)
        edits = [e for e in edits if e.new != e.old]
        if not edits:
            return Refusal(f"nothing to change: {summary}")
        text = chart.doc.assign([Assignment(e.path, e.new, e.string) for e in edits])
    except (Refused, EditError) as refused:
        return Refusal(str(refused))
    changes = tuple(Change(".".join(e.path), e.old, e.new) for e in edits)
    added = [f"{c.path} was not set and is added" for c in changes if c.old is None]
    return Patch(text, changes, summary, (*notes, *chart.notes, *added), chart.step)


def unified_diff(old_text: str, new_text: str, path: str) -> str:
    """A `diff -u` patch from `old_text` to `new_text` for `path`; "" when they are equal.

    `path` is relative to the repository, with a/ and b/ prefixes, so `git apply` takes it.
    """
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


def _maximum(text: str, name: str) -> Quantity:
    try:
        return parse_quantity(text)
    except ValueError as error:
        raise ValueError(f"guardrail {name}: {error}") from None
