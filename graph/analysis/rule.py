"""A line rule of the analyzer (pure): a category, the needles that gate its search, and its
pattern as branches, each searched only on lines that hold the words it needs.

The table of rules is `graph.analysis.rules`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from re import _parser as _sre_parser  # type: ignore[attr-defined]
from types import MappingProxyType
from typing import Any

from graph.patching.remediation import Remediation

_WORD = re.compile(r"[a-z0-9]+")
STRONG = "strong"
WEAK = "weak"


@dataclass(frozen=True, slots=True)
class Rule:
    """One line pattern that points at a category.

    `needles` gate the search (see the module docstring). `strength` is STRONG when a match
    names the failure unambiguously, WEAK when it only hints at it (a weak hint alone gives a
    low-confidence `unknown`). `remediation` replaces the category's default values change
    when set; `advice_only` takes it away, `why_manual` saying why. `finding`, when set,
    replaces the category's in the root cause. `support` marks words that only add detail to
    a line another rule of the category decided (an exit code beside OOMKilled).
    `availability` marks a target or service reported down or missing: a crash explains that,
    so it ranks as a symptom just after a crash loop. `explained_by` names a category that
    explains this rule's lines when another line of the same text shows it (a taint-manager
    eviction follows a node that is not ready): the rule then ranks just after it.

    `alternatives` are the pattern's branches; `owners` maps a needle to the branches that
    spell it, so a line is searched only with the branches its needles can match
    (`pattern_for`); `unowned` branches are always tried."""

    category: str
    needles: frozenset[str]
    pattern: re.Pattern[str]
    strength: str = STRONG
    remediation: Remediation | None = None
    advice_only: bool = False
    why_manual: str = ""
    finding: str = ""
    support: bool = False
    availability: bool = False
    explained_by: str = ""
    alternatives: tuple[str, ...] = ()
    owners: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    unowned: tuple[int, ...] = ()

    def pattern_for(self, needles: Iterable[str]) -> re.Pattern[str]:
        """The pattern of the branches a line holding `needles` can match."""
        branches = set(self.unowned)
        for needle in needles:
            branches.update(self.owners.get(needle, ()))
        if len(branches) == len(self.alternatives):
            return self.pattern
        return _compiled(self.alternatives, tuple(sorted(branches)))


_COMMON_WORDS = frozenset(
    (
        "error",
        "errors",
        "exception",
        "status",
        "time",
        "code",
        "process",
        "failed",
        "unknown",
        "connection",
        "connections",
        "to",
        "in",
        "of",
        "on",
        "is",
        "the",
        "max",
    )
)


def _telling_word(needle: str) -> str:
    """The longest word of a needle that is not a common one (`max_client_conn` → client)."""
    words: list[str] = _WORD.findall(needle)
    telling = [w for w in words if w not in _COMMON_WORDS] or words
    return max(telling, key=len)


def _required_literals(alternative: str) -> list[str]:
    """The literal runs every match of `alternative` contains (outside optional parts and
    alternations): a line without any of them cannot match it."""
    return _literal_runs(_sre_parser.parse(alternative, re.IGNORECASE))


def _literal_runs(tree: Any) -> list[str]:
    runs: list[str] = []
    current: list[str] = []
    for op, argument in tree:
        name = str(op)
        if name == "LITERAL":
            current.append(chr(argument))
            continue
        if current:
            runs.append("".join(current))
            current = []
        if name == "SUBPATTERN":
            runs += _literal_runs(argument[-1])
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and argument[0] >= 1:
            runs += _literal_runs(argument[2])
    if current:
        runs.append("".join(current))
    return runs


@lru_cache(maxsize=2048)
def _compiled(alternatives: tuple[str, ...], branches: tuple[int, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{alternatives[i]})" for i in branches), re.IGNORECASE)


def make_rule(
    category: str,
    needles: str,
    *alternatives: str,
    strength: str = STRONG,
    remediation: Remediation | None = None,
    advice_only: bool = False,
    why_manual: str = "",
    finding: str = "",
    support: bool = False,
    availability: bool = False,
    explained_by: str = "",
) -> Rule:
    """A rule of `category` from its needles (whitespace-separated words) and its pattern's
    branches; see `Rule` for the rest."""
    pattern = re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)
    # A needle is matched against the runs of [a-z0-9] of a line, so `max_client_conn` is
    # looked for as its most telling word.
    words = frozenset(_telling_word(needle) for needle in needles.split())
    owners: dict[str, list[int]] = {}
    unowned = []
    for index, alternative in enumerate(alternatives):
        required = " ".join(_required_literals(alternative)).lower()
        spelled = [word for word in words if word in required]
        for word in spelled:
            owners.setdefault(word, []).append(index)
        if not spelled:
            unowned.append(index)
    return Rule(
        category,
        words,
        pattern,
        strength,
        remediation,
        advice_only,
        why_manual,
        finding,
        support,
        availability,
        explained_by,
        tuple(alternatives),
        MappingProxyType({word: tuple(ids) for word, ids in owners.items()}),
        tuple(unowned),
    )
