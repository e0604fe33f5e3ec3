"""Which rule decides for a proposal: the first that matches on every field it names and
whose size limits the change is within; an unknown size matches no limit; none → the default
of one human approval."""

from __future__ import annotations

from fractions import Fraction

import pytest

from graph.patching.quantity import parse_quantity
from receiver.policies.loader import parse_policies
from receiver.policies.matching import decide
from receiver.policies.model import PolicyDecision, PolicySubject

RULES = parse_policies(
    """\
rules:
  - name: tenant-b
    match: {tenant: team-b}
    never: true
  - name: prod
    match: {namespace: "prod-*"}
    require: 2
  - name: payments
    match: {app: [payments, "billing-[ab]"]}
    require: 3
  - name: no-rollouts
    match: {category: rollout_failure}
    never: true
  - name: small-memory
    match: {kind: raise_memory}
    max_factor: 1.5
    max_memory: 4Gi
    auto_approve: {veto: 10m}
    silence_while_verifying: true
  - name: cpu-up-to-2
    match: {kind: raise_cpu}
    max_cpu: "2"
    auto_approve: true
  - name: few-replicas
    match: {kind: "scale_*"}
    max_replicas: 6
    auto_approve: {veto: 30s}
  - name: probes
    match: {kind: relax_probes, namespace: [dev, "dev-*"]}
    auto_approve: true
""",
    "policies.yaml",
)


def subject(**fields: object) -> PolicySubject:
    base: dict[str, object] = {
        "tenant": "default",
        "namespace": "shop",
        "app": "checkout",
        "category": "oom",
        "kind": "raise_memory",
        "factor": Fraction(2),
        "memory": parse_quantity("2Gi"),
    }
    return PolicySubject(**{**base, **fields})  # type: ignore[arg-type]


def mem(text: str) -> object:
    return parse_quantity(text)


TABLE = [
    # (what the row shows, the subject, the rule that decides)
    ("tenant matches", subject(tenant="team-b", namespace="prod-eu"), "tenant-b"),
    ("first match wins over a later one", subject(tenant="team-b", app="payments"), "tenant-b"),
    ("namespace glob", subject(namespace="prod-eu"), "prod"),
    ("a glob matches the whole name", subject(namespace="preprod-eu", factor=Fraction(3)), None),
    ("globs are case-sensitive", subject(namespace="Prod-eu", factor=Fraction(3)), None),
    ("app from a list", subject(app="payments"), "payments"),
    ("app from a list, by a bracket glob", subject(app="billing-b"), "payments"),
    ("outside the bracket set", subject(app="billing-c", factor=Fraction(3)), None),
    ("category", subject(category="rollout_failure", kind=None, factor=None), "no-rollouts"),
    ("kind and sizes within the limits", subject(factor=Fraction(3, 2)), "small-memory"),
    ("memory at the limit", subject(factor=Fraction(1), memory=mem("4Gi")), "small-memory"),
    ("memory over the limit", subject(factor=Fraction(1), memory=mem("4097Mi")), None),
    ("factor over the limit", subject(factor=Fraction(151, 100)), None),
    ("unknown factor: no size rule", subject(factor=None), None),
    ("unknown memory: no size rule", subject(factor=Fraction(1), memory=None), None),
    ("CPU within", subject(kind="raise_cpu", memory=None, cpu=mem("1500m")), "cpu-up-to-2"),
    ("CPU over", subject(kind="raise_cpu", memory=None, cpu=mem("2001m")), None),
    ("CPU unknown", subject(kind="raise_cpu", memory=None, cpu=None), None),
    ("replicas within", subject(kind="scale_out", replicas=mem("6")), "few-replicas"),
    ("replicas over", subject(kind="scale_out", replicas=mem("7")), None),
    ("replicas unknown", subject(kind="scale_out", replicas=None), None),
    ("two fields, both match", subject(kind="relax_probes", namespace="dev-1"), "probes"),
    ("two fields, one does not", subject(kind="relax_probes", namespace="qa"), None),
    ("no kind: a kind rule does not match", subject(kind=None), None),
    ("nothing matches: the default", subject(kind="grow_persistence"), None),
]


@pytest.mark.parametrize(("row", "asked", "rule"), TABLE, ids=[row for row, _, _ in TABLE])
def test_the_first_matching_rule_decides(row: str, asked: PolicySubject, rule: str | None) -> None:
    assert decide(RULES, asked).rule == (rule or "default"), row


def test_a_decision_carries_the_rules_action() -> None:
    assert decide(RULES, subject(factor=Fraction(5, 4))) == PolicyDecision(
        "small-memory", "auto_approve", 0, 600.0, True
    )
    assert decide(RULES, subject(namespace="prod-eu")) == PolicyDecision(
        "prod", "require", 2, 0.0, False
    )
    never = decide(RULES, subject(category="rollout_failure"))
    assert (never.action, never.approvals) == ("never", 0)


def test_no_rules_give_one_human_approval() -> None:
    assert decide((), subject()) == PolicyDecision("default", "require", 1, 0.0, False)


def test_a_rule_without_match_or_limits_matches_anything() -> None:
    rules = parse_policies("rules:\n  - name: all\n    require: 1\n", "p.yaml")
    assert decide(rules, PolicySubject()).rule == "all"
    assert decide(rules, subject(factor=None, memory=None, kind=None)).rule == "all"
