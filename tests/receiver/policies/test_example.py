"""examples/policies.yaml loads, and decides what its comments say it does."""

from __future__ import annotations

from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path

import pytest

from graph.patching.quantity import parse_quantity
from receiver.policies.model import Action, PolicyDecision, PolicySubject
from receiver.policies.store import PolicyStore

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "policies.yaml"


def memory_raise(namespace: str, factor: Fraction | None, to: str) -> PolicySubject:
    return PolicySubject(
        namespace=namespace,
        app="checkout",
        category="oom",
        kind="raise_memory",
        factor=factor,
        memory=parse_quantity(to),
    )


def scale_out(namespace: str, replicas: int) -> PolicySubject:
    return PolicySubject(
        namespace=namespace,
        app="api",
        category="high_latency",
        kind="scale_out",
        factor=Fraction(4, 3),
        replicas=parse_quantity(str(replicas)),
    )


CASES = [
    # (what the comment says, the proposal, rule, action, approvals, veto seconds)
    (
        "a failing rollout is advice, even in production",
        PolicySubject(namespace="prod-eu", category="rollout_failure", kind="revert_image_tag"),
        ("rollouts-are-advice", "never", 0, 0.0),
    ),
    (
        "production needs two people, however small the change",
        memory_raise("prod-eu", Fraction(5, 4), "1280Mi"),
        ("production-two-approvers", "require", 2, 0.0),
    ),
    (
        "outside production a 1.5x memory raise to 4Gi waits 10 minutes for a veto",
        memory_raise("shop", Fraction(3, 2), "4Gi"),
        ("small-memory-raises", "auto_approve", 0, 600.0),
    ),
    (
        "a 2x memory raise is not small: one approval",
        memory_raise("shop", Fraction(2), "2Gi"),
        ("default", "require", 1, 0.0),
    ),
    (
        "a raise beyond 4Gi is not small: one approval",
        memory_raise("shop", Fraction(5, 4), "5Gi"),
        ("default", "require", 1, 0.0),
    ),
    (
        "a raise whose factor is unknown is not small: one approval",
        memory_raise("shop", None, "1Gi"),
        ("default", "require", 1, 0.0),
    ),
    (
        "staging scales out to 6 replicas at once",
        scale_out("staging-eu", 6),
        ("staging-scale-out", "auto_approve", 0, 0.0),
    ),
    ("staging, 7 replicas: one approval", scale_out("staging", 7), ("default", "require", 1, 0.0)),
    (
        "an image revert outside production: one approval by its rule",
        PolicySubject(namespace="shop", category="crashloop", kind="revert_image_tag"),
        ("image-reverts", "require", 1, 0.0),
    ),
]


@pytest.mark.parametrize(("said", "subject", "decided"), CASES, ids=[c[0] for c in CASES])
def test_the_example_decides_what_its_comments_say(
    said: str, subject: PolicySubject, decided: tuple[str, Action, int, float]
) -> None:
    store = PolicyStore(EXAMPLE, now=lambda: datetime(2026, 11, 24, tzinfo=UTC))
    decision = store.decide(subject)
    rule, action, approvals, veto = decided
    silence = rule in ("production-two-approvers", "small-memory-raises")
    assert decision == PolicyDecision(rule, action, approvals, veto, silence), said
