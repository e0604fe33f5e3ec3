"""The analyzer's public entry points, kept here for their callers (the workflow's triage,
analyze and recall nodes, the learning loop). The analyzer lives in `graph.analysis`."""

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
