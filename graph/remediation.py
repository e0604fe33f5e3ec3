"""Moved to graph.patching.remediation; this name stays for graph/analyzer.py and graph/rules.py.

Only those two import it, and they move into graph/analysis/ next (another change): delete
this module then, when they import graph.patching.remediation.
"""

from graph.patching.remediation import Guardrails, Remediation, RemediationKind

__all__ = ["Guardrails", "Remediation", "RemediationKind"]
