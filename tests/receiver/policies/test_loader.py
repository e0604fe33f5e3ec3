"""The policy file is validated as it is read: every mistake stops it with one line naming
the file, the line and the rule and field, so the person who wrote it can go straight there."""

from __future__ import annotations

from fractions import Fraction

import pytest

from graph.patching.quantity import parse_quantity
from receiver.policies.loader import parse_policies
from receiver.policies.model import PolicyError


def test_a_valid_file_gives_its_rules_in_order_with_their_lines() -> None:
    text = """\
# comment
rules:
  - name: prod
    match: {namespace: "prod-*", app: [api, "web-*"]}
    require: 2
  - name: small
    match:
      kind: raise_*
    max_factor: 1.5
    max_memory: 4Gi
    max_cpu: 2
    max_replicas: 6
    auto_approve: {veto: 1h30m}
    silence_while_verifying: true
  - name: at-once
    auto_approve: true
  - name: zero-veto
    auto_approve: {veto: 0}
  - name: advice
    match: {category: [rollout_failure, config_error]}
    never: true
"""
    prod, small, at_once, zero, advice = parse_policies(text, "policies.yaml")
    assert (prod.name, prod.line, prod.action, prod.approvals) == ("prod", 3, "require", 2)
    assert dict(prod.match) == {"namespace": ("prod-*",), "app": ("api", "web-*")}
    assert (small.line, small.action, small.veto_seconds) == (6, "auto_approve", 5400.0)
    assert small.limits.max_factor == Fraction(3, 2)
    assert small.limits.max_memory == parse_quantity("4Gi")
    assert small.limits.max_cpu == parse_quantity("2")
    assert small.limits.max_replicas == 6
    assert small.silence_while_verifying and not prod.silence_while_verifying
    assert (at_once.action, at_once.veto_seconds, dict(at_once.match)) == ("auto_approve", 0, {})
    assert zero.veto_seconds == 0
    assert (advice.action, advice.approvals) == ("never", 0)


def test_an_empty_list_of_rules_is_valid() -> None:
    assert parse_policies("rules: []\n", "policies.yaml") == ()


RULE = "rules:\n  - name: r1\n"  # line 2 is the rule, line 3 its next key

BROKEN = [
    # (file text, the one line of the error)
    ("rules: [\n", "policies.yaml line 2: "),
    ("", "policies.yaml line 1: expected a mapping with a `rules:` list"),
    ("- name: a\n", "policies.yaml line 1: expected a mapping with a `rules:` list"),
    ("rules: []\nrule: []\n", "policies.yaml line 2: unknown key 'rule' (expected only rules)"),
    ("rules:\n  name: a\n", "policies.yaml line 2: rules must be a list of rules"),
    ("rules:\n  - just-a-name\n", "policies.yaml line 2: a rule is a mapping"),
    ("rules:\n  - match: {app: a}\n    never: true\n", "policies.yaml line 2: a rule needs a name"),
    (
        "rules:\n  - name: two words\n    never: true\n",
        "policies.yaml line 2: name 'two words' must be letters, digits",
    ),
    (
        "rules:\n  - name: default\n    never: true\n",
        "policies.yaml line 2: the name 'default' is the rule used when none matches",
    ),
    (RULE, "policies.yaml line 2: rule 'r1': no action: a rule has one of auto_approve"),
    (
        RULE + "    never: true\n    require: 2\n",
        "policies.yaml line 4: rule 'r1': two actions (never and require): a rule has exactly one",
    ),
    (
        RULE + "    never: true\n    aprove: true\n",
        "policies.yaml line 4: rule 'r1': unknown key 'aprove' (known: name, match,",
    ),
    (
        RULE + "    never: true\n    name: r2\n",
        "policies.yaml line 4: found duplicate key",
    ),
    (
        RULE + "    never: false\n",
        "policies.yaml line 3: rule 'r1': never must be true (advice only), not 'False'",
    ),
    (
        RULE + "    require: 0\n",
        "policies.yaml line 3: rule 'r1': require '0' must be a whole number of approvals",
    ),
    (
        RULE + "    require: two\n",
        "policies.yaml line 3: rule 'r1': require 'two' must be a whole number of approvals",
    ),
    (
        RULE + "    require: true\n",
        "policies.yaml line 3: rule 'r1': require 'True' must be a whole number of approvals",
    ),
    (
        RULE + "    auto_approve: false\n",
        "policies.yaml line 3: rule 'r1': auto_approve must be true or {veto: <duration>}",
    ),
    (
        RULE + "    auto_approve:\n      veto: 10 minutes\n",
        "policies.yaml line 4: rule 'r1': veto '10 minutes' is not a duration",
    ),
    (
        RULE + "    auto_approve: {veto: -5}\n",
        "policies.yaml line 3: rule 'r1': veto '-5' is not a duration",
    ),
    (
        RULE + "    auto_approve:\n      veto: 10m\n      window: 5m\n",
        "policies.yaml line 5: rule 'r1': auto_approve: unknown key 'window' (known: veto)",
    ),
    (
        RULE + "    never: true\n    max_memory: 2Gx\n",
        "policies.yaml line 4: rule 'r1': max_memory '2Gx' is not a quantity",
    ),
    (
        RULE + "    never: true\n    max_cpu: [1]\n",
        "policies.yaml line 4: rule 'r1': max_cpu '[1]' is not a quantity",
    ),
    (
        RULE + "    never: true\n    max_factor: 0.5\n",
        "policies.yaml line 4: rule 'r1': max_factor '0.5' must be a number of at least 1",
    ),
    (
        RULE + "    never: true\n    max_factor: 1.5x\n",
        "policies.yaml line 4: rule 'r1': max_factor '1.5x' must be a number of at least 1",
    ),
    (
        RULE + "    never: true\n    max_replicas: 2.5\n",
        "policies.yaml line 4: rule 'r1': max_replicas '2.5' must be a whole number",
    ),
    (
        RULE + "    never: true\n    match: [app]\n",
        "policies.yaml line 4: rule 'r1': match must be a mapping of fields to globs",
    ),
    (
        RULE + "    never: true\n    match:\n      application: grafana\n",
        "policies.yaml line 5: rule 'r1': match: unknown field 'application' (known: tenant,",
    ),
    (
        RULE + "    never: true\n    match:\n      app: []\n",
        "policies.yaml line 5: rule 'r1': match.app is an empty list, which matches nothing",
    ),
    (
        RULE
        + "    never: true\n    match:\n      namespace:\n        - prod\n        - 'prod-[ab'\n",
        "policies.yaml line 7: rule 'r1': match.namespace 'prod-[ab' is not a valid glob: "
        "a '[' is never closed",
    ),
    (
        RULE + "    never: true\n    match:\n      app: ''\n",
        "policies.yaml line 5: rule 'r1': match.app '' is not a valid glob: empty",
    ),
    (
        RULE + "    never: true\n    match:\n      app: 42\n",
        "policies.yaml line 5: rule 'r1': match.app '42' is not a valid glob: expected a string",
    ),
    (
        RULE + "    never: true\n    match:\n      kind: raise_memory_limit\n",
        "policies.yaml line 5: rule 'r1': match.kind 'raise_memory_limit' is not a valid glob: "
        "it matches no kind (known: raise_memory, raise_cpu,",
    ),
    (
        RULE + "    never: true\n    match:\n      category: deploy_failure\n",
        "policies.yaml line 5: rule 'r1': match.category 'deploy_failure' is not a valid glob: "
        "it matches no category",
    ),
    (
        RULE + "    never: true\n    silence_while_verifying: yes\n",
        "policies.yaml line 4: rule 'r1': silence_while_verifying must be true or false",
    ),
    (
        RULE + "    never: true\n    silence_while_verifying: true\n",
        "policies.yaml line 4: rule 'r1': silence_while_verifying with never: nothing is applied",
    ),
    (
        "rules:\n  - name: a\n    never: true\n  - name: b\n    require: 1\n"
        "  - name: a\n    require: 2\n",
        "policies.yaml line 6: rule 'a': name 'a' is already used by the rule at line 2",
    ),
]


@pytest.mark.parametrize(("text", "message"), BROKEN, ids=[m for _, m in BROKEN])
def test_every_mistake_is_refused_naming_the_file_and_line(text: str, message: str) -> None:
    with pytest.raises(PolicyError) as refused:
        parse_policies(text, "policies.yaml")
    error = str(refused.value)
    assert error.startswith(message), error
    assert "\n" not in error  # one line, as start-up prints it
