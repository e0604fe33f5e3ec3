"""The analyzer's knowledge, kept importable here; it lives in `graph.analysis.rules` (line
patterns), `graph.analysis.korean`, `graph.analysis.catalogue` and `graph.analysis.guidance`."""

from graph.analysis.guidance import (
    GUIDANCE,
    LOAD_HINT,
    NO_LOAD_REASON,
    REMEDIATION_ACTIONS,
    REMEDIATIONS,
    Guidance,
)
from graph.analysis.rules import RULES, WEAK_RULES, Rule

__all__ = [
    "GUIDANCE",
    "LOAD_HINT",
    "NO_LOAD_REASON",
    "REMEDIATIONS",
    "REMEDIATION_ACTIONS",
    "RULES",
    "WEAK_RULES",
    "Guidance",
    "Rule",
]
