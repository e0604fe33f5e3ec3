"""What past incidents teach (pure): which values change worked, per error category and app.

An `Experience` is one incident's proposed change (a `graph.learning.actions.Action` read
back from its diff) and how it ended. `learn` groups them by action into patterns, counts what
worked and what did not, and recommends the next action: the smallest change proven to work
above everything that failed, or an escalation of the largest failed one. `recommendation`
reads that advice back from a (possibly hand-edited) patterns file. No I/O, no clock: the same
experiences give byte-identical output in any order.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import Any

from graph.learning.actions import (
    KINDS,
    MULTIPLYING,
    Action,
    amount,
    improved_action,
    times,
)
from graph.workload import is_app_name

_MAX_INCIDENTS = 20
_MAX_LEARNED_FROM = 10
_MAX_FEEDBACK = 5

_CATEGORY = re.compile(r"[a-z0-9][a-z0-9_]{0,40}")


@dataclass(frozen=True, slots=True)
class Experience:
    """One incident's action and how it ended.

    `outcome` is "recovered", "not_recovered", "rejected" or None (not known yet); `negative`
    says a negative feedback file exists, whose `reason` and `expected_result` are kept ("" when
    none). `created` is timezone-aware.
    """

    incident_id: str
    created: datetime
    action: Action
    outcome: str | None
    reason: str = ""
    expected_result: str = ""
    negative: bool = False


@dataclass(frozen=True, slots=True)
class Recommendation:
    """The learned advice for one kind, because `reason`, from the incidents `learned_from`.

    Raise the setting to `target` (a quantity or count: what worked, what the
    feedback named, or a step up from the value that failed) when that is known, else
    multiply by `factor` (finite, ≥ 1; also the step the target was, from the failed fix's
    starting value).
    """

    kind: str
    factor: float
    learned_from: tuple[str, ...]
    reason: str
    target: str | None = None


def patterns_path(category: str, app: str) -> str:
    """`examples/learning/<category>_<app>_patterns.json`, relative to the GitOps repository.

    Raises ValueError unless `category` is a lowercase identifier (`oom`, `crash_loop`) and
    `app` a workload name that can name a file (graph.workload.is_app_name), so the path can
    never leave that directory.
    """
    if not isinstance(category, str) or not _CATEGORY.fullmatch(category):
        raise ValueError(f"{category!r} is not an error category (expected e.g. oom, crash_loop)")
    if not isinstance(app, str) or not is_app_name(app):
        raise ValueError(
            f"{str(app)[:80]!r} is not an app name, i.e. a workload name (e.g. grafana, my_app)"
        )
    return f"examples/learning/{category}_{app}_patterns.json"


def learn(category: str, app: str, experiences: Iterable[Experience]) -> dict[str, Any]:
    """The patterns file content (JSON-able) for `category` and `app`.

    An experience is a failure when it has negative feedback or its outcome is not_recovered or
    rejected, a success when it recovered, and is left out otherwise. An incident counts once
    (its newest experience). Patterns group experiences by action label, sorted by (kind,
    factor); lists are newest first. The output depends only on the set of experiences, never
    on their order or on the time. Raises ValueError for an invalid category or app, a naive
    `created`, or a non-finite factor.
    """
    patterns_path(category, app)
    counted: dict[str, tuple[Experience, bool]] = {}
    for experience in experiences:
        if experience.created.utcoffset() is None:
            raise ValueError(f"{experience.incident_id}: created must be timezone-aware")
        if not math.isfinite(experience.action.factor):
            raise ValueError(f"{experience.incident_id}: the factor must be a finite number")
        failed = _failed(experience)
        if failed is None:
            continue
        current = counted.get(experience.incident_id)
        if current is None or _total_order(experience) > _total_order(current[0]):
            counted[experience.incident_id] = (experience, failed)
    newest_first = sorted(
        counted.values(), key=lambda item: (item[0].created, item[0].incident_id), reverse=True
    )
    groups: dict[str, _Group] = {}
    for experience, failed in newest_first:
        action = experience.action
        label = action.label
        if label not in groups:
            factor = float(f"{action.factor:g}") if action.kind in MULTIPLYING else 1.0
            groups[label] = _Group(label, str(action.kind), factor, [])
        groups[label].items.append((experience, failed))
    ordered = sorted(groups.values(), key=lambda group: (group.kind, group.factor))
    return {
        "error_category": category,
        "app_name": app,
        "patterns": [group.as_json() for group in ordered],
        "recommended_action": _recommend(ordered),
    }


def render_patterns(patterns: dict[str, Any]) -> str:
    """The file text.

    Two-space indented JSON in the dict's own key order, non-ASCII kept, with a final newline;
    byte-identical for equal input.
    """
    return json.dumps(patterns, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def recommendation(patterns: Mapping[str, Any] | None, kind: str) -> Recommendation | None:
    """The learned advice in a parsed patterns file when it is for `kind`.

    None when there is none, it is for another kind, or anything in it is malformed (a
    hand-edited file never makes this raise). The factor is a finite number ≥ 1.
    """
    try:
        if not isinstance(patterns, Mapping):
            return None
        advice = patterns.get("recommended_action")
        if not isinstance(advice, Mapping):
            return None
        factor, learned = advice.get("factor"), advice.get("learned_from")
        reason, label = advice.get("reason"), advice.get("action")
        if not isinstance(advice.get("kind"), str) or advice["kind"] != str(kind):
            return None
        if isinstance(factor, bool) or not isinstance(factor, int | float):
            return None
        if not math.isfinite(factor) or factor < 1:
            return None
        if not isinstance(learned, list) or not all(isinstance(i, str) for i in learned):
            return None
        if not isinstance(reason, str) or not isinstance(label, str):
            return None
        target = advice.get("target")
        if not isinstance(target, str) or amount(target) is None:
            target = None  # absent, or edited into something that is not a value
        return Recommendation(str(kind), float(factor), tuple(learned), reason, target)
    except (TypeError, ValueError, OverflowError, KeyError):
        return None


@dataclass(slots=True)
class _Group:
    """The experiences with one action label, newest first, each with whether it failed."""

    label: str
    kind: str
    factor: float
    items: list[tuple[Experience, bool]]

    @property
    def failures(self) -> int:
        return sum(failed for _, failed in self.items)

    @property
    def successes(self) -> int:
        return len(self.items) - self.failures

    @property
    def newest_failure(self) -> Experience | None:
        return next((experience for experience, failed in self.items if failed), None)

    def improved(self) -> Action | None:
        failure = self.newest_failure
        if failure is None:
            return None
        action = Action(self.kind, self.factor, failure.action.old, failure.action.new)
        rejected_only = failure.outcome == "rejected" and not failure.negative
        return improved_action(
            action, failure.reason, failure.expected_result, escalate=not rejected_only
        )

    def as_json(self) -> dict[str, Any]:
        successes, failures = self.successes, self.failures
        result = "worked" if successes > failures else "failed" if failures > successes else "mixed"
        texts = (_feedback(experience) for experience, _ in self.items)
        improved = self.improved()
        return {
            "original_action": self.label,
            "kind": self.kind,
            "factor": self.factor,
            "result": result,
            "feedback": list(dict.fromkeys(t for t in texts if t))[:_MAX_FEEDBACK],
            "improved_action": improved.label if improved else None,
            "success_count": successes,
            "failure_count": failures,
            "incidents": [e.incident_id for e, _ in self.items][:_MAX_INCIDENTS],
        }


def _recommend(groups: Sequence[_Group]) -> dict[str, Any] | None:
    by_kind: dict[str, list[_Group]] = {}
    for group in groups:  # already sorted by (kind, factor)
        if group.kind in KINDS:
            by_kind.setdefault(group.kind, []).append(group)
    if not by_kind:
        return None

    def weight(kind: str) -> tuple[int, datetime, str]:
        kind_groups = by_kind[kind]
        newest = max(group.items[0][0].created for group in kind_groups)
        return sum(len(group.items) for group in kind_groups), newest, kind

    kind = max(by_kind, key=weight)
    failing = [g for g in by_kind[kind] if g.failures > g.successes]
    if not failing:
        return None  # nothing failed: the default action is fine
    worst = failing[-1]  # the largest factor that failed
    working = [g for g in by_kind[kind] if g.successes > g.failures and g.factor > worst.factor]
    if working:
        chosen = working[0]
        total = "" if not chosen.failures else f" of {len(chosen.items)}"
        reason = (
            f"{chosen.label} worked in {_incidents(chosen.successes, total)}, "
            f"while {worst.label} failed in {_incidents(worst.failures, '')}"
        )
        success = next(e for e, failed in chosen.items if not failed)
        target = _set_value(success)
        return _advice(Action(kind, chosen.factor, None, target), reason, (chosen, worst))
    improved = worst.improved()
    failure = worst.newest_failure
    if improved is None or failure is None:
        return None
    verb = (
        "was not enough"
        if failure.negative
        else "was rejected"
        if failure.outcome == "rejected"
        else "did not recover the alert"
    )
    text = _feedback(failure)
    reason = f"{worst.label} {verb} in {failure.incident_id}" + (f": {text}" if text else "")
    return _advice(improved, reason, (worst,))


def _advice(action: Action, reason: str, deciding: Iterable[_Group]) -> dict[str, Any]:
    items = sorted(
        (e for group in deciding for e, _ in group.items),
        key=lambda e: (e.created, e.incident_id),
        reverse=True,
    )
    learned = list(dict.fromkeys(e.incident_id for e in items))[:_MAX_LEARNED_FROM]
    return {
        "action": action.label,
        "kind": str(action.kind),
        "factor": action.factor,
        "target": action.new,
        "reason": reason,
        "learned_from": learned,
    }


def _incidents(count: int, of_total: str) -> str:
    return f"{count}{of_total} incident{'' if count == 1 and not of_total else 's'}"


def _failed(experience: Experience) -> bool | None:
    """True for a failure, False for a success, None when it is not known yet."""
    if experience.negative or experience.outcome in ("not_recovered", "rejected"):
        return True
    return False if experience.outcome == "recovered" else None


def _total_order(e: Experience) -> tuple[Any, ...]:
    """Which of two experiences of one incident wins: the newest, then any fixed order."""
    a = e.action
    return (
        e.created,
        a.kind,
        a.factor,
        a.old or "",
        a.new or "",
        e.outcome or "",
        e.reason,
        e.expected_result,
        e.negative,
    )


def _feedback(experience: Experience) -> str:
    reason, expected = experience.reason.strip(), experience.expected_result.strip()
    if expected:
        return f"{reason} — expected: {expected}" if reason else f"expected: {expected}"
    return reason


def _set_value(experience: Experience) -> str | None:
    """The value a fix set: its diff's new value, else its old value × its factor."""
    action = experience.action
    if action.new is not None and amount(action.new) is not None:
        return action.new
    return times(action, Fraction(repr(float(action.factor))))
