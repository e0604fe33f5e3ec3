"""Actions as the learning tests write them: a diff the workflow would commit, a memory raise."""

from __future__ import annotations

from graph.learning.actions import Action
from graph.patching.patcher import Patch, plan_patch, unified_diff
from graph.patching.remediation import Guardrails, Remediation, RemediationKind

K = RemediationKind


def diff_of(text: str, app: str, kind: K, factor: float) -> str:
    """The diff the workflow would commit for this remediation of `text`."""
    result = plan_patch(text, app, Remediation(kind, factor), Guardrails())
    assert isinstance(result, Patch), result
    return unified_diff(text, result.text, f"helm-values/{app}/values.yaml")


def x(factor: float, old: str | None = "512Mi") -> Action:
    """A memory raise by `factor` from `old`."""
    return Action(K.RAISE_MEMORY.value, factor, old)
