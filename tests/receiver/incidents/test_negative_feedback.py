"""Negative feedback: refused with a reason a person can read until the incident has a
decision in git (the committed file itself is tested through the API and Slack)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.git.gitops import GitStore
from graph.git.history import HistoryIndex
from receiver.incidents.negative_feedback import (
    BlankReason,
    FixDidNotWork,
    NoDecisionYet,
    UnknownIncident,
    record_negative_feedback,
)
from receiver.incidents.registry import IncidentRegistry
from receiver.ingest.normalize import from_trigger
from receiver.ingest.wire import TriggerRequest
from tests.conftest import CAPTURE_NOW

SAID = FixDidNotWork("still OOMKilled", "2Gi", "U1", source="slack")


@pytest.fixture
def store(tmp_path: Path) -> GitStore:
    seed = Path(__file__).resolve().parents[3] / "examples" / "gitops"
    store = GitStore(tmp_path / "gitops", "main", seed=seed, now=lambda: CAPTURE_NOW)
    store.ensure()
    return store


async def test_feedback_is_refused_until_the_incident_has_a_decision_in_git(
    store: GitStore,
) -> None:
    registry = IncidentRegistry()
    history = HistoryIndex(store.path, "main")
    history.build()
    observed = registry.observe(from_trigger(TriggerRequest("OOMKilled"), "t", CAPTURE_NOW))
    assert observed is not None
    known = observed.incident.id
    with pytest.raises(NoDecisionYet, match=f"incident {known} has no decision recorded yet"):
        await record_negative_feedback(registry, history, store, known, SAID, CAPTURE_NOW)
    other = "incident-20261124033900-abcd"
    with pytest.raises(UnknownIncident, match=f"no incident {other}"):
        await record_negative_feedback(registry, history, store, other, SAID, CAPTURE_NOW)
    blank = FixDidNotWork("  ", "", "U1")
    with pytest.raises(BlankReason, match="reason is blank"):
        await record_negative_feedback(registry, history, store, known, blank, CAPTURE_NOW)
    with pytest.raises(ValueError, match="not an incident id"):
        await record_negative_feedback(registry, history, store, "../etc", SAID, CAPTURE_NOW)
    store.close()
