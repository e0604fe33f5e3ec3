"""The rule-based analyzer (pure): an incident's alerts and log → category, cause, actions,
values change, and the signal that decided. See `graph.analysis.analyzer`."""

from graph.analysis.analyzer import (
    AlertInput,
    Analysis,
    Signal,
    analyze,
    analyze_incident,
    remediation_action,
)
from graph.analysis.taxonomy import CATEGORIES, SEVERITIES, normalize_severity

__all__ = [
    "CATEGORIES",
    "SEVERITIES",
    "AlertInput",
    "Analysis",
    "Signal",
    "analyze",
    "analyze_incident",
    "normalize_severity",
    "remediation_action",
]
