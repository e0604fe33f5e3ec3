"""The git outlet: every text the service commits is masked where its record, document or
message is built (graph.records, the learning loop), and the checkout writes what it is given.

Each secret shape stands in every text of an incident's state (the alert, the analysis, the
proposal, each decision, the reason), in negative feedback given through the API and in a
feedback file edited by hand; the incidents are committed as the workflow commits them and the
feedback loop learns from them. No secret part shows in `git log -p` of those commits.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from graph.git.gitops import GitStore
from graph.git.history import HistoryIndex
from graph.learning.loop import FeedbackLoop
from graph.records.builder import incident_record
from graph.records.commit_message import feedback_commit_message
from graph.records.negative_feedback import (
    FEEDBACK_NEGATIVE,
    automatic_feedback,
    negative_feedback,
    render_feedback,
)
from graph.state import IncidentState
from tests.graph.gitrepos import T0, Clock, git, incident_id
from tests.graph.records.samples import decided
from tests.secret_shapes import SHAPES, Shape


def incident(n: int, text: str) -> IncidentState:
    """Incident n with `text` in every text of its state; every third names the app by it."""
    state = decided(text, "reject" if n % 2 else "approve")
    state["incident_id"] = incident_id(n)
    state["category"], state["severity"] = "oom", "critical"
    if n % 3:
        state["app"] = "grafana"  # a group the feedback loop learns about
    return state


def commit_as_the_workflow_does(store: GitStore, clock: Clock, n: int, shape: Shape) -> None:
    """The decision commit; for an approval the outcome (not recovered) and then negative
    feedback through the API, for a rejection its automatic feedback."""
    clock.now = T0 + timedelta(minutes=n)
    state = incident(n, f"case {n}: {shape.text}")
    rejected = n % 2 == 1
    record = incident_record(state, status="rejected" if rejected else "committed", now=clock())
    if rejected:
        doc = automatic_feedback(record, clock())
        assert doc is not None
        store.commit_incident(record, None, None, {FEEDBACK_NEGATIVE: render_feedback(doc)})
        return
    store.commit_incident(record)
    done = replace(record, outcome="not_recovered", status="not_recovered")
    doc = automatic_feedback(done, clock())
    assert doc is not None
    store.record_outcome(done, {FEEDBACK_NEGATIVE: render_feedback(doc)})
    text = state["reason"]
    said = negative_feedback(
        incident_id=record.id,
        reason=text,
        original=record.change_summary,
        expected_result=text,
        timestamp=clock(),
        user=text,
        category=record.category,
        app=record.app,
    )
    path = f"examples/{record.id}/{FEEDBACK_NEGATIVE}"
    store.commit_files({path: render_feedback(said)}, feedback_commit_message(said, text))


def log_p(repo: Path, *revs: str) -> str:
    """`git log -p` of `revs`: every message and every file version they hold."""
    return subprocess.run(
        ["git", "-C", str(repo), "log", "-p", "--format=%B", *revs],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_no_secret_reaches_git(store: GitStore, repo: Path, clock: Clock) -> None:
    seed = git(repo, "rev-parse", "HEAD")
    for n, shape in enumerate(SHAPES):
        commit_as_the_workflow_does(store, clock, n, shape)
    learned = FeedbackLoop(HistoryIndex(repo), store).run()
    assert learned.commit_sha is not None
    assert "examples/learning/oom_grafana_patterns.json" in learned.files
    seen = log_p(repo, f"{seed}..HEAD")
    for n, shape in enumerate(SHAPES):
        assert f"case {n}: " in seen, f"case {n} never reached git: nothing was checked"
        for secret in shape.secrets:
            assert secret not in seen, f"git shows the secret of case {n}: {shape.text!r}"


def test_learned_patterns_are_masked_when_the_loop_writes_them(
    store: GitStore, repo: Path, clock: Clock
) -> None:
    """A feedback file edited by hand is in git as it was written; what the loop learns from it
    is masked in the patterns file and in the loop's commit."""
    loop = FeedbackLoop(HistoryIndex(repo), store)
    rejected_in_grafana = (n for n in range(1, 1000) if n % 2 and n % 3)
    for case, (n, shape) in enumerate(zip(rejected_in_grafana, SHAPES, strict=False)):
        commit_as_the_workflow_does(store, clock, n, SHAPES[0])
        hand = {
            "incident_id": incident_id(n),
            "feedback_type": "negative",
            "reason": f"case {case}: {shape.text}",
            "expected_result": shape.text,
            "source": "api",
        }
        (repo / "examples" / incident_id(n) / FEEDBACK_NEGATIVE).write_text(json.dumps(hand))
        git(repo, "commit", "-qam", "a hand edit")
        learned = loop.run()
        assert learned.commit_sha is not None
        seen = log_p(repo, "-1", learned.commit_sha)
        assert f"case {case}: " in seen, f"case {case} was not learned: nothing was checked"
        for secret in shape.secrets:
            assert secret not in seen, f"the loop wrote the secret of case {case}: {shape.text!r}"
