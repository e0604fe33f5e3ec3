"""What a workflow's proposal is matched on (pure): `subject_of` builds the PolicySubject.

The names come from the incident's state, the kind from its remediation, and the size of the
change from the proposal itself: the values it sets (`Proposal.changes`) and the values they
replace, read from the file before the change, which is the proposed file with the diff undone.
That earlier text is trusted only when diffing it against the proposed file gives the
proposal's diff back, byte for byte; otherwise the factor is unknown, and a rule with a size
limit does not match (graph.patching's unified_diff is what made the diff).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from graph.patching.patcher import unified_diff
from graph.patching.quantity import Quantity, parse_quantity
from graph.patching.yaml_splice import EditError, ValuesText
from receiver.policies.model import PolicySubject

_HUNK = re.compile(r"@@ -[0-9]+(?:,[0-9]+)? \+(?P<start>[0-9]+)(?:,(?P<count>[0-9]+))? @@")
# The last key of a changed setting's path, by the size it counts as.
_SETTINGS = {"memory": ("memory",), "cpu": ("cpu",), "replicas": ("replicaCount", "replicas")}

Hunk = tuple[int, int, list[str]]  # new start (1-based), new line count, the old side's lines


def subject_of(state: Mapping[str, Any], *, tenant: str | None = None) -> PolicySubject:
    """The PolicySubject of an incident's workflow `state` (graph.state.IncidentState).

    `tenant` is the incident's (the thread's state carries one only when the incident named
    it); namespace, app and category are the state's; `kind` its remediation's. With a
    proposal that has a diff: the proposed memory, CPU and replica values (the largest each,
    limit or request) and the largest factor any changed value is multiplied by — unknown when
    a value is added, is not a number, or the diff cannot be undone exactly.
    """
    remediation = state.get("remediation") or {}
    proposal = state.get("proposal") or {}
    changes: Mapping[str, str] = proposal.get("changes") or {}
    kind = remediation.get("kind")
    sizes = {setting: _largest(changes, keys) for setting, keys in _SETTINGS.items()}
    return PolicySubject(
        tenant=tenant if tenant is not None else str(state.get("tenant") or ""),
        namespace=str(state.get("namespace") or ""),
        app=str(state.get("app") or ""),
        category=str(state.get("category") or ""),
        kind=str(kind) if kind else None,
        factor=_factor(proposal, changes),
        memory=sizes["memory"],
        cpu=sizes["cpu"],
        replicas=sizes["replicas"],
    )


def _largest(changes: Mapping[str, str], keys: tuple[str, ...]) -> Quantity | None:
    """The largest value the change sets for a path ending in one of `keys`."""
    found = [_quantity(new) for path, new in changes.items() if path.rsplit(".", 1)[-1] in keys]
    known = [q for q in found if q is not None]
    return max(known) if known else None


def _factor(proposal: Mapping[str, Any], changes: Mapping[str, str]) -> Fraction | None:
    """The largest new/old ratio of the changed values; None when any is unknown."""
    new_text, diff, path = (
        proposal.get("new_values"),
        proposal.get("diff"),
        proposal.get("values_path"),
    )
    if not changes or not new_text or not diff or not path:
        return None
    old_text = undo_diff(new_text, diff, path)
    if old_text is None:
        return None
    try:
        before = ValuesText(old_text)
    except EditError:
        return None
    ratios: list[Fraction] = []
    for dotted, new in changes.items():
        try:
            old = _quantity(before.raw(tuple(dotted.split("."))))
        except EditError:
            return None
        new_value = _quantity(new)
        if old is None or new_value is None or old.value == 0:
            return None
        ratios.append(new_value.value / old.value)
    return max(ratios)


def _quantity(text: str | None) -> Quantity | None:
    if text is None:
        return None
    try:
        return parse_quantity(text.strip())
    except ValueError:
        return None


def undo_diff(new_text: str, diff: str, path: str) -> str | None:
    """The text `diff` (a `diff -u` of `path`) was made from, given the text it made; None
    unless diffing the result against `new_text` gives `diff` back exactly."""
    hunks = _hunks(diff)
    if hunks is None:
        return None
    new_lines = new_text.splitlines(keepends=True)
    old_lines: list[str] = []
    position = 0
    for start, count, old_side in hunks:
        begin = start - 1 if count else start  # an empty side names the line before it
        if begin < position or begin + count > len(new_lines):
            return None
        old_lines += [*new_lines[position:begin], *old_side]
        position = begin + count
    old_text = "".join([*old_lines, *new_lines[position:]])
    try:
        return old_text if unified_diff(old_text, new_text, path) == diff else None
    except ValueError:
        return None


def _hunks(diff: str) -> list[Hunk] | None:
    """Each hunk's new start and count and its old side's lines; None for no hunks."""
    hunks: list[Hunk] = []
    last_side: list[str] | None = None  # the side the previous line went to
    for line in diff.split("\n"):
        header = _HUNK.match(line)
        if header is not None:
            count = header["count"]
            hunks.append((int(header["start"]), 1 if count is None else int(count), []))
            last_side = None
        elif not hunks:  # the `---` / `+++` header
            continue
        elif line.startswith((" ", "-")):
            hunks[-1][2].append(line[1:] + "\n")
            last_side = hunks[-1][2]
        elif line.startswith("+"):
            last_side = None
        elif line.startswith("\\") and last_side:  # "\ No newline at end of file"
            last_side[-1] = last_side[-1].removesuffix("\n")
    return hunks or None
