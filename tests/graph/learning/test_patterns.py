"""The feedback loop's memory: patterns learned from many incidents, the advice read back, and
where the file lives."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.learning.actions import Action, action_from_diff
from graph.learning.patterns import (
    Experience,
    learn,
    patterns_path,
    recommendation,
    render_patterns,
)
from graph.patching.remediation import RemediationKind
from tests.graph.learning.samples import diff_of, x
from tests.graph.patching.charts import values

K = RemediationKind
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def experience(
    incident: str,
    hours: int,
    action: Action,
    outcome: str | None,
    *,
    reason: str = "",
    expected: str = "",
    negative: bool = False,
) -> Experience:
    return Experience(
        incident, T0 + timedelta(hours=hours), action, outcome, reason, expected, negative
    )


def pattern(learned: dict[str, Any], label: str) -> dict[str, Any]:
    found = [p for p in learned["patterns"] if p["original_action"] == label]
    assert len(found) == 1, learned["patterns"]
    only: dict[str, Any] = found[0]
    return only


def reread(learned: dict[str, Any]) -> Any:
    """The patterns as the next incident reads them back from the committed file."""
    return json.loads(render_patterns(learned))


# --- from a failed fix to the advice ---------------------------------------------------


def test_the_grafana_oom_fix_that_was_not_enough_proposes_4x_next_time() -> None:
    diff = diff_of(values("grafana"), "grafana", K.RAISE_MEMORY, 2.0)
    # The limit, not the request that moved along with it (256Mi→512Mi), and without quotes.
    action = action_from_diff("raise_memory", diff)
    assert action == Action("raise_memory", 2.0, "512Mi", "1Gi")
    assert action.label == "raise_memory x2"

    failed = experience(
        "incident-7",
        0,
        action,
        "recovered",
        reason="not enough",
        expected="needed 2Gi",
        negative=True,
    )
    learned = learn("oom", "grafana", [failed])

    x2 = pattern(learned, "raise_memory x2")
    assert (x2["success_count"], x2["failure_count"], x2["result"]) == (0, 1, "failed")
    assert x2["improved_action"] == "raise_memory x4"  # 2Gi / 512Mi
    assert x2["feedback"] == ["not enough — expected: needed 2Gi"]
    assert learned["recommended_action"]["action"] == "raise_memory x4"
    assert "incident-7" in learned["recommended_action"]["reason"]
    assert "needed 2Gi" in learned["recommended_action"]["reason"]

    advice = recommendation(reread(learned), "raise_memory")
    assert advice is not None
    assert (advice.factor, advice.learned_from) == (4.0, ("incident-7",))
    # The advice is about memory: a CPU proposal for grafana keeps its own default.
    assert recommendation(reread(learned), "raise_cpu") is None


# --- learning from many incidents -------------------------------------------------------


def test_escalates_without_a_number() -> None:
    learned = learn(
        "oom", "grafana", [experience("i-1", 0, x(2), "not_recovered", reason="still OOMKilled")]
    )
    advice = recommendation(reread(learned), "raise_memory")
    assert advice is not None
    assert advice.factor == 3.0
    assert "did not recover" in advice.reason


def test_a_later_success_of_4x_makes_it_the_recommendation() -> None:
    failed = experience("i-1", 0, x(2), "recovered", expected="needed 2Gi", negative=True)
    fixed = experience("i-2", 5, x(4), "recovered")
    learned = learn("oom", "grafana", [failed, fixed])
    assert pattern(learned, "raise_memory x2")["failure_count"] == 1  # the failure stays counted
    assert pattern(learned, "raise_memory x4")["result"] == "worked"
    assert [p["original_action"] for p in learned["patterns"]] == [
        "raise_memory x2",
        "raise_memory x4",
    ]
    advice = recommendation(reread(learned), "raise_memory")
    assert advice is not None
    assert advice.factor == 4.0
    assert advice.learned_from == ("i-2", "i-1")
    assert (
        advice.reason
        == "raise_memory x4 worked in 1 incident, while raise_memory x2 failed in 1 incident"
    )


def test_the_smallest_change_proven_to_work_above_the_failures_wins() -> None:
    history = [
        experience("i-1", 0, x(1.5), "not_recovered"),
        experience("i-2", 1, x(3), "recovered"),
        experience("i-3", 2, x(2), "recovered"),
        experience("i-4", 3, x(4), "recovered"),
    ]
    advice = recommendation(reread(learn("oom", "grafana", history)), "raise_memory")
    assert advice is not None
    assert advice.factor == 2.0


def test_a_failure_above_an_earlier_success_escalates_from_the_failure() -> None:
    history = [
        experience("i-1", 0, x(2), "recovered"),
        experience("i-2", 1, x(3), "not_recovered", reason="OOMKilled again"),
    ]
    learned = learn("oom", "grafana", history)
    assert learned["recommended_action"]["action"] == "raise_memory x4.5"
    assert learned["recommended_action"]["learned_from"] == ["i-2"]


def test_success_only_leaves_the_default_alone() -> None:
    history = [experience("i-1", 0, x(2), "recovered"), experience("i-2", 1, x(2), "recovered")]
    learned = learn("oom", "grafana", history)
    assert pattern(learned, "raise_memory x2")["result"] == "worked"
    assert pattern(learned, "raise_memory x2")["improved_action"] is None
    assert learned["recommended_action"] is None
    assert recommendation(reread(learned), "raise_memory") is None


def test_a_rejected_proposal_counts_as_a_failure_but_is_no_reason_to_go_bigger() -> None:
    learned = learn("oom", "grafana", [experience("i-1", 0, x(2), "rejected")])
    assert pattern(learned, "raise_memory x2")["failure_count"] == 1
    assert pattern(learned, "raise_memory x2")["improved_action"] is None
    assert learned["recommended_action"] is None


def test_a_not_recovered_fix_escalates_by_half_again() -> None:
    learned = learn("oom", "grafana", [experience("i-1", 0, x(2), "not_recovered")])
    assert learned["recommended_action"]["action"] == "raise_memory x3"
    assert learned["recommended_action"]["reason"] == (
        "raise_memory x2 did not recover the alert in i-1"
    )


def test_unknown_outcomes_are_left_out_and_an_incident_counts_once() -> None:
    history = [
        experience("i-1", 0, x(2), None),  # still open: neither worked nor failed yet
        experience("i-2", 1, x(2), "not_recovered", reason="first look"),
        experience("i-2", 2, x(2), "recovered", reason="no: still OOM", negative=True),
    ]
    learned = learn("oom", "grafana", history)
    x2 = pattern(learned, "raise_memory x2")
    assert (x2["success_count"], x2["failure_count"]) == (0, 1)
    assert x2["incidents"] == ["i-2"]
    assert x2["feedback"] == ["no: still OOM"]
    assert learn("oom", "grafana", history[:1])["patterns"] == []


def test_actions_without_a_values_change_are_listed_but_never_recommended() -> None:
    history = [experience(f"i-{n}", n, Action("none"), "not_recovered") for n in range(3)]
    learned = learn("crash_loop", "checkout", history)
    assert pattern(learned, "none")["failure_count"] == 3
    assert learned["recommended_action"] is None


def test_the_most_experienced_kind_decides() -> None:
    cpu = Action("raise_cpu", 1.5, "1")
    history = [
        experience("i-1", 0, x(2), "not_recovered"),
        experience("i-2", 1, cpu, "not_recovered"),
        experience("i-3", 2, cpu, "not_recovered"),
    ]
    learned = learn("oom", "grafana", history)
    assert learned["recommended_action"]["action"] == "raise_cpu x2.5"
    assert recommendation(reread(learned), "raise_memory") is None


def test_feedback_and_incident_lists_are_bounded_newest_first() -> None:
    history = [
        experience(f"i-{n:02}", n, x(2), "not_recovered", reason=f"still failing ({n % 7})")
        for n in range(30)
    ]
    x2 = pattern(learn("oom", "grafana", history), "raise_memory x2")
    assert x2["failure_count"] == 30
    assert x2["incidents"] == [f"i-{n:02}" for n in range(29, 9, -1)]
    assert x2["feedback"] == [f"still failing ({n % 7})" for n in range(29, 24, -1)]


def test_learn_refuses_what_it_cannot_order_or_name() -> None:
    naive = Experience("i-1", datetime(2026, 1, 1), x(2), "recovered")
    with pytest.raises(ValueError, match="timezone-aware"):
        learn("oom", "grafana", [naive])
    with pytest.raises(ValueError, match="app name"):
        learn("oom", "../grafana", [])


_ACTIONS = st.sampled_from(
    [
        x(1.5),
        x(2),
        x(3),
        x(4),
        Action("raise_cpu", 1.5, "1"),
        Action("none"),
        Action("scale_out", 2.0, "2"),
    ]
)
_EXPERIENCES = st.builds(
    Experience,
    incident_id=st.sampled_from([f"i-{n}" for n in range(8)]),  # repeats: one incident, twice
    created=st.sampled_from([T0 + timedelta(hours=h) for h in range(4)]),  # ties in time too
    action=_ACTIONS,
    outcome=st.sampled_from([None, "recovered", "not_recovered", "rejected"]),
    reason=st.sampled_from(["", "not enough", "needed 2Gi"]),
    expected_result=st.sampled_from(["", "needed 4Gi", "6 replicas"]),
    negative=st.booleans(),
)


@settings(max_examples=200, deadline=None)
@given(data=st.data(), history=st.lists(_EXPERIENCES, max_size=12))
def test_the_file_does_not_depend_on_the_order_of_the_history(
    data: st.DataObject, history: list[Experience]
) -> None:
    shuffled = data.draw(st.permutations(history))
    first = render_patterns(learn("oom", "grafana", history))
    assert render_patterns(learn("oom", "grafana", shuffled)) == first
    assert first.endswith("}\n")
    advice = recommendation(json.loads(first), "raise_memory")
    assert advice is None or (math.isfinite(advice.factor) and advice.factor >= 1)


def test_the_file_keeps_non_ascii_text_readable() -> None:
    learned = learn(
        "oom", "grafana", [experience("i-1", 0, x(2), "rejected", reason="zu wenig — 2Gi")]
    )
    text = render_patterns(learned)
    assert "zu wenig — 2Gi" in text
    assert text == render_patterns(json.loads(text))


# --- reading the advice back --------------------------------------------------------------

GOOD = {
    "action": "raise_memory x4",
    "kind": "raise_memory",
    "factor": 4.0,
    "reason": "raise_memory x2 was not enough in i-1",
    "learned_from": ["i-1"],
}


@pytest.mark.parametrize(
    "patterns",
    [
        None,
        [],
        "raise_memory x4",
        {},
        {"recommended_action": None},
        {"recommended_action": ["raise_memory", 4]},
        {"recommended_action": {**GOOD, "kind": "raise_cpu"}},
        {"recommended_action": {**GOOD, "kind": None}},
        {"recommended_action": {**GOOD, "factor": "4"}},
        {"recommended_action": {**GOOD, "factor": True}},
        {"recommended_action": {**GOOD, "factor": 0.5}},
        {"recommended_action": {**GOOD, "factor": -4}},
        {"recommended_action": {**GOOD, "factor": math.nan}},
        {"recommended_action": {**GOOD, "factor": math.inf}},
        {"recommended_action": {**GOOD, "factor": 10**400}},
        {"recommended_action": {**GOOD, "factor": None}},
        {"recommended_action": {**GOOD, "learned_from": "i-1"}},
        {"recommended_action": {**GOOD, "learned_from": [1]}},
        {"recommended_action": {**GOOD, "reason": None}},
        {"recommended_action": {k: v for k, v in GOOD.items() if k != "factor"}},
    ],
)
def test_a_malformed_file_gives_no_advice(patterns: Any) -> None:
    assert recommendation(patterns, "raise_memory") is None


def test_a_hand_edited_whole_factor_is_accepted() -> None:
    advice = recommendation({"recommended_action": {**GOOD, "factor": 3}}, "raise_memory")
    assert advice is not None
    assert (advice.kind, advice.factor, advice.learned_from) == ("raise_memory", 3.0, ("i-1",))
    assert (
        recommendation(json.loads('{"recommended_action": {"factor": NaN}}'), "raise_memory")
        is None
    )


# --- where the file lives -----------------------------------------------------------------


def test_patterns_path() -> None:
    assert patterns_path("oom", "grafana") == "examples/learning/oom_grafana_patterns.json"
    assert patterns_path("crash_loop", "ingress-nginx") == (
        "examples/learning/crash_loop_ingress-nginx_patterns.json"
    )
    # Workload label values are not DNS labels.
    assert patterns_path("oom", "Grafana") == "examples/learning/oom_Grafana_patterns.json"
    assert patterns_path("oom", "my_app.v2") == "examples/learning/oom_my_app.v2_patterns.json"


@pytest.mark.parametrize(
    ("category", "app"),
    [
        ("oom", "../x"),
        ("oom", ".."),
        ("oom", "a..b"),
        ("oom", ".hidden"),
        ("oom", "a/b"),
        ("oom", ""),
        ("oom", "-grafana"),
        ("oom", "grafana\n"),
        ("oom", "a" * 254),
        ("../x", "grafana"),
        ("OOM", "grafana"),
        ("a/b", "grafana"),
        ("", "grafana"),
        ("_oom", "grafana"),
    ],
)
def test_patterns_path_refuses_names_that_could_leave_the_directory(
    category: str, app: str
) -> None:
    with pytest.raises(ValueError, match="is not an"):
        patterns_path(category, app)


# --- the value the next fix sets ---------------------------------------------------------


@pytest.mark.parametrize(
    ("history", "target"),
    [
        # what the feedback named, as written
        ([experience("i-1", 0, x(2), "recovered", expected="needed 2Gi", negative=True)], "2Gi"),
        # a step up from the value that failed (512Mi→1Gi, then ×1.5 of 1Gi)
        ([experience("i-1", 0, x(2), "not_recovered")], "1536Mi"),
        # what worked above what failed
        (
            [
                experience("i-1", 0, Action("raise_memory", 2, "512Mi", "1Gi"), "not_recovered"),
                experience("i-2", 1, Action("raise_memory", 3, "1Gi", "3Gi"), "recovered"),
            ],
            "3Gi",
        ),
        ([experience("i-1", 0, Action("scale_out", 2, "2", "4"), "not_recovered")], "6"),
        ([experience("i-1", 0, x(2, old=None), "not_recovered")], None),  # no value known
    ],
)
def test_the_recommendation_names_the_value_to_set(
    history: list[Experience], target: str | None
) -> None:
    learned = learn("oom", "grafana", history)
    assert learned["recommended_action"]["target"] == target
    advice = recommendation(reread(learned), learned["recommended_action"]["kind"])
    assert advice is not None and advice.target == target
