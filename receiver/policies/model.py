"""What an approval policy is (pure values): its rules, what a proposal is matched on, and the
decision a rule gives.

A rule matches a proposal on its tenant, namespace, app, category and remediation kind (each a
list of shell-style globs; a field the rule leaves out matches anything) and on the size of the
change (`max_factor`, `max_memory`, `max_cpu`, `max_replicas`; a rule without them matches any
size, a subject whose size is unknown matches no rule that has one). Its action is exactly one
of `auto_approve` (after an optional veto window), `require` N approvals from distinct people,
or `never` (advice only: nothing may be approved).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Final, Literal, get_args

from graph.patching.quantity import Quantity

Action = Literal["auto_approve", "require", "never"]
ACTIONS: Final[tuple[Action, ...]] = get_args(Action)
# What a rule's `match` may name, in the order the API shows them.
MATCH_FIELDS: Final = ("tenant", "namespace", "app", "category", "kind")
# The size limits a rule may set, in the order the API shows them.
LIMIT_FIELDS: Final = ("max_factor", "max_memory", "max_cpu", "max_replicas")
DEFAULT_RULE: Final = "default"


class PolicyError(ValueError):
    """A policy file that cannot be used; the message names the file, the line and the rule
    and field (`policies.yaml line 12: rule 'small-memory': max_memory '2Gx' is not a
    quantity`)."""


@dataclass(frozen=True, slots=True)
class Limits:
    """How big a change a rule matches; None: no limit on that."""

    max_factor: Fraction | None = None
    max_memory: Quantity | None = None
    max_cpu: Quantity | None = None
    max_replicas: int | None = None

    @property
    def any(self) -> bool:
        """Whether the rule limits the size of the change at all."""
        return any(getattr(self, name) is not None for name in LIMIT_FIELDS)


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of the file, validated: where it is (`line`), what it matches and its action.

    `approvals` is N for `require` (0 otherwise); `veto_seconds` is the veto window of
    `auto_approve` (0 otherwise).
    """

    name: str
    line: int
    action: Action
    match: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    limits: Limits = Limits()
    approvals: int = 0
    veto_seconds: float = 0.0
    silence_while_verifying: bool = False


@dataclass(frozen=True, slots=True)
class PolicySubject:
    """What a proposal is matched on.

    The names (an empty string when unknown), the remediation kind (None without one), the
    largest factor the change multiplies a value by (None when unknown: a value added, a value
    that is not a number, no diff) and the proposed memory, CPU and replica values (None when
    the change sets none).
    """

    tenant: str = ""
    namespace: str = ""
    app: str = ""
    category: str = ""
    kind: str | None = None
    factor: Fraction | None = None
    memory: Quantity | None = None
    cpu: Quantity | None = None
    replicas: Quantity | None = None


@dataclass(frozen=True, slots=True)
class PolicyDecision:
    """What a rule decided for a proposal (the default: one human approval).

    `approvals` is how many distinct people must approve (`require`; 0 for `auto_approve`
    and `never`); `veto_seconds` how long a rejection may stop an `auto_approve`.
    """

    rule: str
    action: Action
    approvals: int
    veto_seconds: float
    silence_while_verifying: bool

    @classmethod
    def of(cls, rule: Rule) -> PolicyDecision:
        """The decision `rule` gives."""
        return cls(
            rule.name, rule.action, rule.approvals, rule.veto_seconds, rule.silence_while_verifying
        )


DEFAULT_DECISION: Final = PolicyDecision(DEFAULT_RULE, "require", 1, 0.0, False)
