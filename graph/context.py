"""The workflow's collaborators, handed to every run as LangGraph runtime context.

They are not state: nothing here is checkpointed, so a restarted service passes fresh ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from graph.git.gitops import GitStore
from graph.git.paths import DEFAULT_VALUES_PATH_TEMPLATE
from graph.patching.remediation import Guardrails


@dataclass(frozen=True, slots=True)
class WorkflowContext:
    """What the nodes need from outside: the git store, the clock and the limits."""

    store: GitStore
    now: Callable[[], datetime]
    guardrails: Guardrails = field(default_factory=Guardrails)
    values_path_template: str = DEFAULT_VALUES_PATH_TEMPLATE
    # An image.tag change younger than this is a candidate for a revert.
    image_tag_window: timedelta = timedelta(hours=24)
