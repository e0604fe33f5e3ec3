"""What a decision must hold, and the check of a value typed for a values path."""

from __future__ import annotations

from typing import get_args

import pytest

from graph.state import DecisionKind
from receiver.threads.decisions import DECISIONS, InvalidDecision, check_decision, override_problem


def test_the_decisions_are_the_graphs() -> None:
    assert DECISIONS == get_args(DecisionKind) == ("approve", "reject", "modify")


def test_a_decision_is_taken_as_the_workflow_takes_it() -> None:
    checked = check_decision(
        {"decision": "modify", "user": "U1", "overrides": {"a.b": 2}, "diff_sha256": "ab"}
    )
    assert checked == {
        "decision": "modify",
        "user": "U1",
        "comment": "",
        "overrides": {"a.b": "2"},
        "diff_sha256": "ab",
    }


@pytest.mark.parametrize(
    ("decision", "words"),
    [
        ({"decision": "merge"}, "decision must be one of approve, reject, modify"),
        ({"decision": "modify", "overrides": {}}, "a modify decision needs overrides"),
    ],
)
def test_an_inconsistent_decision_is_refused_saying_why(
    decision: dict[str, object], words: str
) -> None:
    with pytest.raises(InvalidDecision, match=words):
        check_decision(decision)


@pytest.mark.parametrize(
    ("path", "value", "problem"),
    [
        ("resources.limits.memory", " ", "required"),
        ("replicaCount", "3", None),
        ("replicaCount", "three", "integer"),
        ("autoscaling.maxReplicas", "2.5", "integer"),
        ("resources.limits.memory", "1Gi", None),
        ("resources.limits.memory", "a lot", "quantity"),
        ("resources.requests.cpu", "250m", None),
        ("image.tag", "v1.2", None),
    ],
)
def test_a_typed_override_is_checked_by_what_its_path_sets(
    path: str, value: str, problem: str | None
) -> None:
    assert override_problem(path, value) == problem
