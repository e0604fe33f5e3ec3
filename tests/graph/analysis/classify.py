"""How the family tests ask the analyzer: an alert as the workflow builds its text, a pasted
log as a manual trigger — the one place the three test_wording_families modules share."""

from __future__ import annotations

from graph.analysis import analyze
from receiver.ingest.events import build_log_text


def alert_category(name: str, summary: str, description: str = "", **labels: str) -> str:
    """The category of an alert analysed the way the workflow does."""
    all_labels = {"alertname": name, "severity": "warning", **labels}
    annotations = {"summary": summary, "description": description}
    text = build_log_text(all_labels, annotations)
    return analyze(text, all_labels, annotations).category


def log_category(text: str) -> str:
    """The category of a pasted log (a manual trigger)."""
    labels = {"alertname": "ManualTrigger", "namespace": "shop", "severity": "warning"}
    return analyze(text, labels).category
