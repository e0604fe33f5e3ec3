"""Which rule applies to a proposal (pure): the first rule that matches, else the default of
one human approval.

A rule matches when every field its `match` names matches one of its globs (shell-style,
case-sensitive: `prod-*`, `payments-[ab]`) and the change is within each size limit it sets.
Size limits fail closed: a rule with `max_factor` matches only a change whose factor is known
and at most that; one with `max_memory` (`max_cpu`, `max_replicas`) only a change that sets a
memory (CPU, replica) value, at most that. So a rule that auto-approves small changes never
auto-approves one whose size nobody could tell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fnmatch import fnmatchcase
from typing import Any

from graph.analysis.taxonomy import CATEGORIES
from graph.patching.remediation import RemediationKind
from receiver.policies.model import (
    DEFAULT_DECISION,
    Limits,
    PolicyDecision,
    PolicySubject,
    Rule,
)

_BAD_GLOB_CHARACTER = re.compile(r"[\s\x00-\x1f\x7f]")
# The names a `category` / `kind` glob must match one of.
_KNOWN = {"category": CATEGORIES, "kind": tuple(kind.value for kind in RemediationKind)}


def glob_matches(glob: str, value: str) -> bool:
    """Whether `value` matches the shell-style `glob`, case-sensitively."""
    return fnmatchcase(value, glob)


def glob_problem(glob: Any, field: str) -> str | None:
    """Why `glob` cannot be a glob of `match.<field>`, or None: not a string, empty or over
    253 characters, a space or control character, a `[` never closed, or (category, kind)
    matching no known name — a typo would otherwise match nothing, silently."""
    if not isinstance(glob, str):
        return "expected a string"
    if not glob or len(glob) > 253:
        return "empty or over 253 characters"
    if _BAD_GLOB_CHARACTER.search(glob):
        return "it holds a space or a control character"
    if _unclosed_bracket(glob):
        return "a '[' is never closed"
    known = _KNOWN.get(field)
    if known is not None and not any(glob_matches(glob, name) for name in known):
        return f"it matches no {field} (known: {', '.join(known)})"
    return None


def _unclosed_bracket(glob: str) -> bool:
    index = glob.find("[")
    while index != -1:
        close = glob.find("]", index + 2)  # `[]` and `[!]` start a set that `]` may be in
        if close == -1:
            return True
        index = glob.find("[", close + 1)
    return False


def matches(rule: Rule, subject: PolicySubject) -> bool:
    """Whether `rule` applies to `subject`: every field it names matches, and the change is
    within its size limits (an unknown size matches no limit)."""
    for field, globs in rule.match.items():
        value: str | None = getattr(subject, field)
        if value is None or not any(glob_matches(glob, value) for glob in globs):
            return False
    return within(rule.limits, subject)


def within(limits: Limits, subject: PolicySubject) -> bool:
    """Whether the change `subject` describes is within `limits`; a limit on a size the
    subject does not know (no factor, no memory value, …) is not met."""
    if limits.max_factor is not None and (
        subject.factor is None or subject.factor > limits.max_factor
    ):
        return False
    if limits.max_memory is not None and (
        subject.memory is None or subject.memory > limits.max_memory
    ):
        return False
    if limits.max_cpu is not None and (subject.cpu is None or subject.cpu > limits.max_cpu):
        return False
    return limits.max_replicas is None or (
        subject.replicas is not None and subject.replicas.value <= limits.max_replicas
    )


def decide(rules: Sequence[Rule], subject: PolicySubject) -> PolicyDecision:
    """The decision of the first rule that matches `subject`; the default (one human
    approval, rule "default") when none does."""
    for rule in rules:
        if matches(rule, subject):
            return PolicyDecision.of(rule)
    return DEFAULT_DECISION
