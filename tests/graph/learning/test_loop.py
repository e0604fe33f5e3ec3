"""The feedback loop on real repositories: incidents committed by GitStore, negative feedback
committed as the API does, then FeedbackLoop over a HistoryIndex of the same branch."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from graph.analysis import analyze
from graph.git.gitops import GitStore
from graph.git.history import HistoryIndex
from graph.learning.loop import FeedbackLoop, LoopResult, read_patterns
from graph.learning.patterns import patterns_path
from graph.patching.patcher import Patch, plan_patch, unified_diff
from graph.patching.quantity import parse_quantity
from graph.patching.remediation import Guardrails, RemediationKind
from graph.records.commit_message import feedback_commit_message
from graph.records.incident import IncidentRecord
from graph.records.negative_feedback import (
    FEEDBACK_NEGATIVE,
    automatic_feedback,
    negative_feedback,
    render_feedback,
)
from tests.graph.gitrepos import T0, Clock, changed_files, git, incident_id

OOM_GRAFANA = "examples/learning/oom_grafana_patterns.json"
NAMESPACES = {"grafana": "monitoring", "checkout": "payments", "ingress-nginx": "ingress-nginx"}


def trailer(repo: Path, key: str, rev: str = "HEAD") -> str:
    return git(repo, "log", "-1", f"--format=%(trailers:key={key},valueonly)", rev)


def oom_alert(app: str, when: datetime) -> dict[str, Any]:
    return {
        "source": "manual",
        "log_text": f"Last State: Terminated\n  Reason: OOMKilled\n  Exit Code: 137\n"
        f"container {app} in pod {app}-7d9f8c6b5-x2k4p was OOMKilled",
        "labels": {"app": app, "namespace": NAMESPACES[app]},
        "annotations": {},
        "fingerprints": [],
        "starts_at": when.isoformat(),
    }


def disk_alert(app: str, when: datetime) -> dict[str, Any]:
    return {
        "source": "manual",
        "log_text": f'level=error msg="write /var/lib/{app}/{app}.db: no space left on device"',
        "labels": {"app": app, "namespace": NAMESPACES[app]},
        "annotations": {},
        "fingerprints": [],
        "starts_at": when.isoformat(),
    }


class Incidents:
    """Writes incidents the way the workflow does: analyse the opening alert, plan the values
    change on the values at HEAD, commit the decision, later the outcome and feedback."""

    def __init__(self, store: GitStore, clock: Clock) -> None:
        self.store, self.clock = store, clock

    def open(
        self,
        n: int,
        alert: dict[str, Any],
        *,
        decision: str = "approve",
        reason: str = "",
        feedback: bool = False,
    ) -> IncidentRecord:
        """The decision commit of incident n (created n × 10 minutes after T0). A rejection
        with `feedback` carries the automatic feedback file, as graph.nodes.record_outcome
        writes it."""
        self.clock.now = T0 + timedelta(minutes=10 * n)
        app = alert["labels"]["app"]
        analysis = analyze(alert["log_text"], alert["labels"], alert["annotations"])
        assert analysis.remediation is not None
        found = self.store.read_values(app)
        assert found is not None
        path, old = found
        patch = plan_patch(old, app, analysis.remediation, Guardrails())
        assert isinstance(patch, Patch), patch
        rec = IncidentRecord(
            id=incident_id(n),
            status="rejected" if decision == "reject" else "committed",
            category=analysis.category,
            severity="critical",
            app=app,
            namespace=alert["labels"]["namespace"],
            fingerprints=(f"fp{n}",),
            created=self.clock.now,
            updated=self.clock.now,
            decision=decision,  # type: ignore[arg-type]
            approver="alice",
            root_cause=f"{app} ran out of room.",
            actions=("Apply the values change",),
            reason=reason,
            diff=unified_diff(old, patch.text, path),
            change_summary=patch.summary,
            alert=alert,
        )
        if decision == "reject":
            doc = automatic_feedback(rec, self.clock.now) if feedback else None
            extra = {FEEDBACK_NEGATIVE: render_feedback(doc)} if doc else None
            self.store.commit_incident(rec, None, None, extra)
        else:
            self.store.commit_incident(rec, path, patch.text)
        return rec

    def close(self, rec: IncidentRecord, outcome: str, *, feedback: bool = False) -> None:
        """The outcome commit; with `feedback`, the automatic feedback file beside it."""
        self.clock.now = rec.created + timedelta(minutes=5)
        done = replace(rec, outcome=outcome, status=outcome, updated=self.clock.now)  # type: ignore[arg-type]
        doc = automatic_feedback(done, self.clock.now) if feedback else None
        self.store.record_outcome(done, {FEEDBACK_NEGATIVE: render_feedback(doc)} if doc else None)

    def complain(self, rec: IncidentRecord, reason: str, expected: str = "") -> str:
        """Negative feedback as the API commits it; the commit's sha."""
        self.clock.now = rec.created + timedelta(minutes=7)
        doc = negative_feedback(
            incident_id=rec.id,
            reason=reason,
            original=rec.change_summary,
            expected_result=expected,
            timestamp=self.clock.now,
            user="bob",
            category=rec.category,
            app=rec.app,
        )
        return self.write(rec, render_feedback(doc), feedback_commit_message(doc, "bob"))

    def write(self, rec: IncidentRecord, text: str, message: str) -> str:
        result = self.store.commit_files({f"examples/{rec.id}/{FEEDBACK_NEGATIVE}": text}, message)
        assert result is not None
        return result[0]


@pytest.fixture
def incidents(store: GitStore, clock: Clock) -> Incidents:
    return Incidents(store, clock)


@pytest.fixture
def loop(repo: Path, store: GitStore) -> FeedbackLoop:
    return FeedbackLoop(HistoryIndex(repo, "main"), store)


@pytest.fixture
def run(repo: Path, store: GitStore) -> Callable[[], LoopResult]:
    """A run by a freshly started service (a new index over the repository)."""
    return lambda: FeedbackLoop(HistoryIndex(repo, "main"), store).run()


def patterns(store: GitStore, category: str, app: str) -> dict[str, Any]:
    text = store.read_text(patterns_path(category, app))
    assert text is not None, f"no patterns file for {category}/{app}"
    value = json.loads(text)
    assert isinstance(value, dict)
    return value


def pattern(store: GitStore, category: str, app: str, label: str) -> dict[str, Any]:
    found = [p for p in patterns(store, category, app)["patterns"] if p["original_action"] == label]
    assert len(found) == 1, found
    only: dict[str, Any] = found[0]
    return only


# --- the incidents are what the workflow would write ----------------------------------------


def test_the_opening_alert_is_an_oom_whose_fix_is_a_memory_raise() -> None:
    alert = oom_alert("grafana", T0)
    analysis = analyze(alert["log_text"], alert["labels"], alert["annotations"])
    assert analysis.category == "oom"
    assert analysis.remediation is not None
    assert analysis.remediation.kind is RemediationKind.RAISE_MEMORY
    disk = disk_alert("grafana", T0)
    found = analyze(disk["log_text"], disk["labels"], disk["annotations"])
    assert found.category == "disk_full"
    assert found.remediation is not None
    assert found.remediation.kind is RemediationKind.GROW_PERSISTENCE


# --- nothing to learn -----------------------------------------------------------------------


def test_without_anything_negative_no_commit_is_made(
    store: GitStore, incidents: Incidents, loop: FeedbackLoop
) -> None:
    worked = incidents.open(1, oom_alert("grafana", T0))
    incidents.close(worked, "recovered")
    incidents.open(2, oom_alert("checkout", T0))  # no outcome yet
    head = store.head()
    result = loop.run()
    assert result.commit_sha is None
    assert result.files == ()
    assert (result.incidents_scanned, result.groups, result.negative_feedback) == (2, 0, 0)
    assert store.head() == head
    assert read_patterns(store, None, None) == []


def test_an_empty_history_makes_no_commit(store: GitStore, loop: FeedbackLoop) -> None:
    head = store.head()
    result = loop.run()
    assert (result.commit_sha, result.incidents_scanned) == (None, 0)
    assert store.head() == head


# --- negative feedback ----------------------------------------------------------------------


def test_negative_feedback_is_learned_in_one_commit(
    store: GitStore, repo: Path, incidents: Incidents, loop: FeedbackLoop
) -> None:
    rec = incidents.open(1, oom_alert("grafana", T0))
    assert "512Mi→1Gi" in rec.change_summary  # the seed limit, doubled
    incidents.complain(rec, "still OOMKilled during dashboard exports", "needed 2Gi")
    before = store.head()

    result = loop.run()
    assert result.commit_sha is not None
    assert result.commit_sha == store.head() == git(repo, "rev-parse", "HEAD")
    assert git(repo, "rev-parse", f"{result.commit_sha}^") == before
    assert result.files == (OOM_GRAFANA,)
    assert changed_files(repo) == [OOM_GRAFANA]
    assert (result.incidents_scanned, result.groups, result.negative_feedback) == (1, 1, 1)

    learned = patterns(store, "oom", "grafana")
    assert (learned["error_category"], learned["app_name"]) == ("oom", "grafana")
    [only] = learned["patterns"]
    assert only["original_action"] == "raise_memory x2"
    assert (only["failure_count"], only["success_count"]) == (1, 0)
    assert only["result"] == "failed"
    assert only["incidents"] == [rec.id]
    assert only["feedback"] == ["still OOMKilled during dashboard exports — expected: needed 2Gi"]
    advice = learned["recommended_action"]
    assert advice["kind"] == "raise_memory"
    # "needed 2Gi" over the 512Mi that was doubled: the factor that would have reached it.
    wanted = parse_quantity("2Gi").value / parse_quantity("512Mi").value
    assert advice["factor"] == float(wanted) > 2
    assert advice["learned_from"] == [rec.id]
    assert "needed 2Gi" in advice["reason"]

    assert trailer(repo, "Learned-From") == rec.id
    assert git(repo, "log", "-1", "--format=%s") == "learn: update patterns for oom_grafana"
    assert git(repo, "status", "--porcelain") == ""

    again = loop.run()  # nothing new: nothing to commit
    assert again.commit_sha is None and again.files == ()
    assert store.head() == result.commit_sha


def test_a_restarted_service_does_not_commit_the_same_patterns_again(
    store: GitStore, incidents: Incidents, run: Callable[[], LoopResult]
) -> None:
    rec = incidents.open(1, oom_alert("grafana", T0))
    incidents.complain(rec, "still OOMKilled", "needed 2Gi")
    first = run()
    assert first.commit_sha is not None
    assert run().commit_sha is None
    assert store.head() == first.commit_sha


def test_a_later_recovery_with_the_same_action_counts_as_a_success(
    store: GitStore, repo: Path, incidents: Incidents, loop: FeedbackLoop
) -> None:
    failed = incidents.open(1, oom_alert("grafana", T0))
    incidents.complain(failed, "still OOMKilled", "needed 2Gi")
    assert loop.run().commit_sha is not None

    worked = incidents.open(2, oom_alert("grafana", T0 + timedelta(minutes=20)))
    assert "1Gi→2Gi" in worked.change_summary  # doubled again, from the first fix
    incidents.close(worked, "recovered")
    result = loop.run()
    assert result.commit_sha is not None
    assert changed_files(repo) == [OOM_GRAFANA]
    x2 = pattern(store, "oom", "grafana", "raise_memory x2")
    assert (x2["success_count"], x2["failure_count"]) == (1, 1)
    assert x2["incidents"] == [worked.id, failed.id]  # newest first
    assert x2["result"] == "mixed"
    # Once the same step has worked as often as it failed, there is no advice against it.
    assert patterns(store, "oom", "grafana")["recommended_action"] is None
    assert trailer(repo, "Learned-From") == failed.id  # only failures teach


@pytest.mark.parametrize("with_file", [False, True])
def test_a_fix_that_did_not_recover_counts_as_a_failure(
    store: GitStore, incidents: Incidents, loop: FeedbackLoop, with_file: bool
) -> None:
    rec = incidents.open(1, oom_alert("grafana", T0))
    incidents.close(rec, "not_recovered", feedback=with_file)
    result = loop.run()
    assert result.files == (OOM_GRAFANA,)
    assert result.negative_feedback == (1 if with_file else 0)
    x2 = pattern(store, "oom", "grafana", "raise_memory x2")
    assert (x2["failure_count"], x2["success_count"]) == (1, 0)
    assert x2["incidents"] == [rec.id]
    advice = patterns(store, "oom", "grafana")["recommended_action"]
    assert advice["factor"] > 2  # a bigger step than the one that failed
    assert advice["learned_from"] == [rec.id]


def test_a_rejection_without_a_reason_teaches_nothing(
    store: GitStore, repo: Path, incidents: Incidents, loop: FeedbackLoop
) -> None:
    silent = incidents.open(1, oom_alert("grafana", T0), decision="reject", feedback=True)
    assert store.read_text(f"examples/{silent.id}/{FEEDBACK_NEGATIVE}") is None
    head = store.head()
    result = loop.run()
    assert (result.commit_sha, result.incidents_scanned) == (None, 1)
    assert store.head() == head

    said = incidents.open(
        2,
        oom_alert("grafana", T0 + timedelta(minutes=20)),
        decision="reject",
        reason="doubling is not enough for the export job, it needs 2Gi",
        feedback=True,
    )
    result = loop.run()
    assert result.files == (OOM_GRAFANA,)
    x2 = pattern(store, "oom", "grafana", "raise_memory x2")
    assert (x2["failure_count"], x2["success_count"]) == (1, 0)
    assert x2["incidents"] == [said.id]
    assert x2["feedback"] == ["doubling is not enough for the export job, it needs 2Gi"]
    assert trailer(repo, "Learned-From") == said.id


def test_a_rejection_counts_but_only_a_named_amount_makes_the_step_larger(
    store: GitStore, incidents: Incidents, loop: FeedbackLoop
) -> None:
    freeze = incidents.open(
        1,
        oom_alert("grafana", T0),
        decision="reject",
        reason="not during the freeze",
        feedback=True,
    )
    loop.run()
    learned = patterns(store, "oom", "grafana")
    x2 = pattern(store, "oom", "grafana", "raise_memory x2")
    assert (x2["failure_count"], x2["improved_action"]) == (1, None)
    assert learned["recommended_action"] is None  # "not now" says nothing about the size

    sized = incidents.open(
        2,
        oom_alert("grafana", T0 + timedelta(hours=2)),
        decision="reject",
        reason="too small, this one needs 2Gi",
        feedback=True,
    )
    loop.run()
    advice = patterns(store, "oom", "grafana")["recommended_action"]
    assert advice["reason"].startswith(f"raise_memory x2 was rejected in {sized.id}")
    assert advice["factor"] == 4
    assert freeze.id != sized.id


# --- several groups -------------------------------------------------------------------------


@pytest.fixture
def learned(store: GitStore, incidents: Incidents, loop: FeedbackLoop) -> dict[str, IncidentRecord]:
    """Failures for oom/grafana, oom/checkout and disk_full/grafana, and a success for
    oom/ingress-nginx, learned in one run."""
    grafana = incidents.open(1, oom_alert("grafana", T0))
    incidents.complain(grafana, "still OOMKilled", "needed 2Gi")
    checkout = incidents.open(2, oom_alert("checkout", T0))
    incidents.close(checkout, "not_recovered", feedback=True)
    disk = incidents.open(3, disk_alert("grafana", T0))
    incidents.complain(disk, "the volume filled up again in a day", "at least 30Gi")
    nginx = incidents.open(4, oom_alert("ingress-nginx", T0))
    incidents.close(nginx, "recovered")
    loop.run()
    return {"oom/grafana": grafana, "oom/checkout": checkout, "disk_full/grafana": disk}


def test_each_category_and_app_gets_its_own_file_in_one_commit(
    store: GitStore, repo: Path, learned: dict[str, IncidentRecord]
) -> None:
    assert changed_files(repo) == [
        "examples/learning/disk_full_grafana_patterns.json",
        "examples/learning/oom_checkout_patterns.json",
        OOM_GRAFANA,
    ]
    assert git(repo, "log", "-1", "--format=%s") == (
        "learn: update patterns for disk_full_grafana, oom_checkout, oom_grafana"
    )
    assert trailer(repo, "Learned-From") == ", ".join(sorted(r.id for r in learned.values()))
    for key, rec in learned.items():
        category, app = key.split("/")
        found = patterns(store, category, app)
        assert (found["error_category"], found["app_name"]) == (category, app)
        assert [i for p in found["patterns"] for i in p["incidents"]] == [rec.id]
        assert found["recommended_action"]["learned_from"] == [rec.id]
    disk = patterns(store, "disk_full", "grafana")
    assert disk["patterns"][0]["original_action"] == "grow_persistence x1.5"
    assert disk["recommended_action"]["kind"] == "grow_persistence"
    # "at least 30Gi" over the 10Gi volume that was grown by half.
    wanted = parse_quantity("30Gi").value / parse_quantity("10Gi").value
    assert disk["recommended_action"]["factor"] == float(wanted)
    assert pattern(store, "oom", "checkout", "raise_memory x2")["feedback"] == [
        "the alert was still firing when verification ended"
    ]
    assert store.read_text(patterns_path("oom", "ingress-nginx")) is None  # nothing failed


def test_a_new_failure_rewrites_only_its_own_file(
    store: GitStore, repo: Path, incidents: Incidents, loop: FeedbackLoop, learned: Any
) -> None:
    before = {p: store.read_text(p) for p in store.read_tree("examples/learning")}
    rec = incidents.open(5, oom_alert("checkout", T0 + timedelta(hours=1)))
    incidents.complain(rec, "OOMKilled again at 2Gi", "needed 6Gi")
    result = loop.run()
    path = patterns_path("oom", "checkout")
    assert result.files == (path,)
    assert changed_files(repo) == [path]
    after = store.read_tree("examples/learning")
    assert {p: t for p, t in after.items() if p != path} == {
        p: t for p, t in before.items() if p != path
    }
    assert pattern(store, "oom", "checkout", "raise_memory x2")["failure_count"] == 2


# --- malformed input ------------------------------------------------------------------------


def test_a_malformed_feedback_file_does_not_stop_the_run(
    store: GitStore, repo: Path, incidents: Incidents, loop: FeedbackLoop
) -> None:
    broken = incidents.open(1, oom_alert("grafana", T0))
    incidents.write(broken, "{this is not json\n", "feedback by hand")
    listed = incidents.open(2, oom_alert("grafana", T0 + timedelta(minutes=1)))
    incidents.write(listed, '["not", "an", "object"]\n', "feedback by hand")
    binary = incidents.open(3, oom_alert("grafana", T0 + timedelta(minutes=2)))
    (repo / "examples" / binary.id / FEEDBACK_NEGATIVE).write_bytes(b'{"reason": "\xff\xfe"')
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "feedback by hand, not UTF-8")
    rejected = incidents.open(4, oom_alert("grafana", T0), decision="reject", reason="no")
    incidents.write(rejected, "{", "feedback by hand")
    good = incidents.open(5, oom_alert("grafana", T0 + timedelta(minutes=3)))
    incidents.complain(good, "still OOMKilled", "needed 2Gi")

    result = loop.run()
    assert result.files == (OOM_GRAFANA,)
    assert result.incidents_scanned == 5
    x2 = pattern(store, "oom", "grafana", "raise_memory x2")
    assert x2["incidents"] == [good.id]
    assert x2["failure_count"] == 1


def test_a_null_expected_result_is_no_expected_result(
    store: GitStore, incidents: Incidents, loop: FeedbackLoop
) -> None:
    rec = incidents.open(1, oom_alert("grafana", T0))
    incidents.write(
        rec, '{"reason": "still OOMKilled", "expected_result": null}\n', "feedback by hand"
    )
    loop.run()
    assert pattern(store, "oom", "grafana", "raise_memory x2")["feedback"] == ["still OOMKilled"]


# --- reading what was learned ---------------------------------------------------------------


def test_read_patterns_reads_the_committed_files(
    store: GitStore, learned: dict[str, IncidentRecord]
) -> None:
    grafana = patterns(store, "oom", "grafana")
    assert read_patterns(store, "oom", "grafana") == [grafana]
    everything = read_patterns(store, None, None)
    assert [(p["error_category"], p["app_name"]) for p in everything] == [
        ("disk_full", "grafana"),
        ("oom", "checkout"),
        ("oom", "grafana"),
    ]
    oom = read_patterns(store, "oom", None)
    assert [p["app_name"] for p in oom] == ["checkout", "grafana"]
    assert oom[1] == grafana
    assert [p["error_category"] for p in read_patterns(store, None, "grafana")] == [
        "disk_full",
        "oom",
    ]
    assert read_patterns(store, "oom", "ingress-nginx") == []
    assert read_patterns(store, "cpu_throttling", None) == []
    assert read_patterns(store, None, "payments") == []


def test_read_patterns_is_empty_before_anything_was_learned(store: GitStore) -> None:
    assert read_patterns(store, None, None) == []
    assert read_patterns(store, "oom", None) == []
    assert read_patterns(store, "oom", "grafana") == []


@pytest.mark.parametrize(
    ("category", "app"),
    [
        ("../x", None),
        ("../x", "grafana"),
        ("oom", "../x"),
        (None, "../x"),
        ("OOM", None),
        ("oom/x", None),
        (None, "a/b"),
        ("", None),
        (None, ""),
    ],
)
def test_read_patterns_refuses_what_cannot_name_a_file(
    store: GitStore, category: str | None, app: str | None
) -> None:
    with pytest.raises(ValueError, match=r"not an (error category|app name)"):
        read_patterns(store, category, app)


def test_read_patterns_skips_files_that_are_not_patterns(
    store: GitStore, learned: dict[str, IncidentRecord]
) -> None:
    store.commit_files(
        {
            "examples/learning/README.md": "# What the loop learned\n",
            "examples/learning/broken_x_patterns.json": "{oops\n",
            "examples/learning/list_x_patterns.json": "[1, 2]\n",
        },
        "docs: learning folder",
    )
    listed = read_patterns(store, None, None)
    assert [(p["error_category"], p["app_name"]) for p in listed] == [
        ("disk_full", "grafana"),
        ("oom", "checkout"),
        ("oom", "grafana"),
    ]


def test_read_patterns_skips_a_file_that_is_not_utf8(
    store: GitStore, repo: Path, learned: dict[str, IncidentRecord]
) -> None:
    (repo / "examples" / "learning" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "add a logo")
    assert len(read_patterns(store, None, None)) == 3
