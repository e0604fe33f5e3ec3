"""What a past values change did, read back from its diff, and what to try after it failed."""

from __future__ import annotations

import pytest

from graph.learning.actions import Action, action_from_diff, improved_action
from graph.patching.patcher import Patch, plan_patch, unified_diff
from graph.patching.remediation import Guardrails, Remediation, RemediationKind
from tests.graph.learning.samples import diff_of, x
from tests.graph.patching.charts import values

K = RemediationKind


# --- the values change a diff made ------------------------------------------------------


def test_the_limit_is_read_even_when_the_requests_come_first() -> None:
    text = "resources:\n  requests:\n    memory: 256Mi\n  limits:\n    memory: 1Gi\n"
    raised = text.replace("256Mi", "768Mi").replace("1Gi", "3Gi")
    action = action_from_diff("raise_memory", unified_diff(text, raised, "values.yaml"))
    assert (action.old, action.new, action.factor) == ("1Gi", "3Gi", 3.0)


def test_cpu_500m_to_1_is_a_factor_of_2() -> None:
    text = "resources:\n  limits:\n    cpu: 500m\n  requests:\n    cpu: 250m\n"
    action = action_from_diff("raise_cpu", diff_of(text, "", K.RAISE_CPU, 2.0))
    assert action == Action("raise_cpu", 2.0, "500m", "1")


def test_replica_count_2_to_4() -> None:
    text = "# checkout\nreplicaCount: 2\nimage:\n  tag: v1\n"
    action = action_from_diff("scale_out", diff_of(text, "", K.SCALE_OUT, 2.0))
    assert action == Action("scale_out", 2.0, "2", "4")
    assert action.label == "scale_out x2"


def test_quoted_values_and_odd_factors() -> None:
    diff = (
        "--- a/values.yaml\n+++ b/values.yaml\n@@ -1,3 +1,3 @@\n"
        ' resources:\n   limits:\n-    memory: "1Gi"\n+    memory: "2560Mi"\n'
    )
    action = action_from_diff("raise_memory", diff)
    assert (action.old, action.new, action.factor) == ("1Gi", "2560Mi", 2.5)
    assert action.label == "raise_memory x2.5"


def test_volume_size_and_image_tag() -> None:
    grafana = values("grafana")
    grown = action_from_diff(
        "grow_persistence", diff_of(grafana, "grafana", K.GROW_PERSISTENCE, 1.5)
    )
    assert grown == Action("grow_persistence", 1.5, "10Gi", "15Gi")
    reverted = plan_patch(
        grafana,
        "grafana",
        Remediation(K.REVERT_IMAGE_TAG),
        Guardrails(),
        previous_image_tag="11.2.0",
    )
    assert isinstance(reverted, Patch)
    diff = unified_diff(grafana, reverted.text, "helm-values/grafana/values.yaml")
    action = action_from_diff("revert_image_tag", diff)
    assert action == Action("revert_image_tag", 1.0, "11.3.1", "11.2.0")
    assert action.label == "revert_image_tag"


def test_without_a_readable_change_the_proposed_factor_is_assumed() -> None:
    assert action_from_diff("raise_memory", "") == Action("raise_memory", 2.0)
    assert action_from_diff("scale_out", "", default_factor=1.5) == Action("scale_out", 1.5)
    assert action_from_diff("revert_image_tag", "") == Action("revert_image_tag", 1.0)
    assert action_from_diff("none", "") == Action("none")
    # A memory value that is not a quantity, and a diff that touches something else.
    odd = "@@ -1 +1 @@\n-memory: lots\n+memory: more\n"
    assert action_from_diff("raise_memory", odd) == Action("raise_memory", 2.0)
    other = "@@ -1 +1 @@\n-replicas: 1\n+replicas: 2\n"
    assert action_from_diff("raise_memory", other) == Action("raise_memory", 2.0)
    with pytest.raises(ValueError, match="not a remediation kind"):
        action_from_diff("raise_everything", "")


def test_removed_lines_that_look_like_headers_are_still_changes() -> None:
    diff = (
        "--- a/v.yaml\n+++ b/v.yaml\n@@ -1,2 +1,2 @@\n----\n+--- # doc\n-size: 8Gi\n+size: 16Gi\n"
    )
    assert action_from_diff("grow_persistence", diff).factor == 2.0


# --- what to try after a failure -------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "reason", "expected", "improved"),
    [
        (x(2), "not enough", "needed 2Gi", "raise_memory x4"),
        (x(2), "should be 3Gi", "", "raise_memory x6"),
        (x(2), "still OOMKilled at 2Gi", "", "raise_memory x4"),  # the reason when no expectation
        (x(2), "", "needed 1Gi", "raise_memory x3"),  # 1Gi is what failed: escalate instead
        (x(2), "", "about 1.2G", "raise_memory x2.5"),  # 1.2e9 / 512Mi ≈ 2.24, rounded up
        (x(2), "", "needs 2 more", "raise_memory x3"),  # a number without a unit is no memory
        (x(2), "still OOMKilled", "", "raise_memory x3"),
        (x(3), "", "", "raise_memory x4.5"),
        (Action("raise_cpu", 2.0, "500m"), "", "at least 1500m", "raise_cpu x3"),
        (Action("raise_cpu", 2.0, "500m"), "throttled, give it 2 cores", "", "raise_cpu x4"),
        (Action("scale_out", 2.0, "2"), "", "6 replicas", "scale_out x3"),
        (Action("grow_persistence", 1.5, "10Gi"), "disk full", "50Gi", "grow_persistence x5"),
    ],
)
def test_improved_action(action: Action, reason: str, expected: str, improved: str) -> None:
    better = improved_action(action, reason, expected)
    assert better is not None
    assert better.label == improved
    assert better.factor > action.factor


def test_no_improvement_is_guessed_for_changes_that_do_not_multiply() -> None:
    assert improved_action(Action("revert_image_tag", 1.0, "v2", "v1"), "wrong tag", "v0") is None
    assert improved_action(Action("relax_probes"), "still failing", "") is None
    assert improved_action(Action("none"), "do something", "needed 2Gi") is None
