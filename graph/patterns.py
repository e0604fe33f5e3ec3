"""What past incidents teach (pure): which values change worked, per error category and app.

An `Experience` is one incident's proposed change (an `Action` read back from its diff) and
how it ended. `learn` groups them by action into patterns, counts what worked and what did
not, and recommends the next action: the smallest change proven to work above everything
that failed, or an escalation of the largest failed one. `recommendation` reads that advice
back from a (possibly hand-edited) patterns file. No I/O, no clock: the same experiences give
byte-identical output in any order.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import Any

from graph.patching.quantity import BYTE_RESOLUTION, CPU_RESOLUTION, parse_quantity, scale
from graph.patching.remediation import RemediationKind
from graph.workload import is_app_name

_K = RemediationKind
MULTIPLYING = frozenset({_K.RAISE_MEMORY, _K.RAISE_CPU, _K.SCALE_OUT, _K.GROW_PERSISTENCE})
NONE = "none"  # the kind of an action that changed no values
_KINDS = frozenset(k.value for k in RemediationKind)
_MAX_INCIDENTS = 20
_MAX_LEARNED_FROM = 10
_MAX_FEEDBACK = 5

# The setting each kind changes, and the parent keys that mark the one that matters most
# (the limit, not the request; the persistence section, the image section).
_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    _K.RAISE_MEMORY: (("memory",), ("limits",)),
    _K.RAISE_CPU: (("cpu",), ("limits",)),
    _K.SCALE_OUT: (("replicaCount", "replicas"), ()),
    _K.GROW_PERSISTENCE: (("size",), ("persistence", "persistentVolume")),
    _K.REVERT_IMAGE_TAG: (("tag",), ("image",)),
}

_HUNK = re.compile(r"@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@")
_KEY_LINE = re.compile(
    r"(?P<indent> *)(?P<dash>- +)?(?P<key>\"[^\"]*\"|'[^']*'|[^\s:#'\"-][^:#]*?) *:"
    r"(?: +(?P<value>.*)|)"
)
# Quantities people write in feedback ("needed 2Gi", "at least 1500m", "6 replicas").
_BYTES = re.compile(r"(?<![\w.-])(\d+(?:\.\d+)?) ?([KMGTPE]i|[kKMGTPE])(?:i?B)?(?!\w)")
_CPU = re.compile(r"(?<![\w.-])(\d+(?:\.\d+)?)(m?)(?![\w%]|\.\d)")
_COUNT = re.compile(r"(?<![\w.-])(\d+)(?![\w%]|\.\d)")

_CATEGORY = re.compile(r"[a-z0-9][a-z0-9_]{0,40}")


@dataclass(frozen=True, slots=True)
class Action:
    """A values change as made: its kind (a RemediationKind value, or "none" when no values
    changed), the factor for multiplying kinds, and the value before and after as written."""

    kind: str
    factor: float = 1.0
    old: str | None = None
    new: str | None = None

    @property
    def label(self) -> str:
        """`raise_memory x2`, `raise_cpu x1.5` for multiplying kinds; the bare kind otherwise."""
        if self.kind in MULTIPLYING:
            return f"{self.kind} x{self.factor:g}"
        return str(self.kind)


@dataclass(frozen=True, slots=True)
class Experience:
    """One incident's action and how it ended. `outcome` is "recovered", "not_recovered",
    "rejected" or None (not known yet); `negative` says a negative feedback file exists, whose
    `reason` and `expected_result` are kept ("" when none). `created` is timezone-aware."""

    incident_id: str
    created: datetime
    action: Action
    outcome: str | None
    reason: str = ""
    expected_result: str = ""
    negative: bool = False


@dataclass(frozen=True, slots=True)
class Recommendation:
    """The learned advice for one kind, because `reason`, as learned from the incidents in
    `learned_from`: raise the setting to `target` (a quantity or count: what worked, what the
    feedback named, or a step up from the value that failed) when that is known, else
    multiply by `factor` (finite, ≥ 1; also the step the target was, from the failed fix's
    starting value)."""

    kind: str
    factor: float
    learned_from: tuple[str, ...]
    reason: str
    target: str | None = None


def action_from_diff(kind: str, diff: str, default_factor: float = 2.0) -> Action:
    """The action a unified diff of a Helm values file made for a proposal of `kind`.

    The setting is the first removed/added pair of lines with the kind's key (`memory`, `cpu`,
    `replicaCount`/`replicas`, `size`, `tag`), preferring one under its usual parent (`limits:`,
    `persistence:`, `image:`) when the diff's context shows it. `old`/`new` are the values
    without quotes or comments; a multiplying kind's factor is new/old, exact, rounded to two
    decimals. When no such pair is found or the values are not quantities (and for an empty
    diff), old/new are None and the factor is `default_factor` (1.0 for other kinds).
    Raises ValueError for a kind that is neither a RemediationKind value nor "none".
    """
    kind = _kind(kind)
    multiplying = kind in MULTIPLYING
    fallback = Action(kind, float(default_factor) if multiplying else 1.0)
    if kind not in _KEYS or not diff.strip():
        return fallback
    keys, parents = _KEYS[kind]
    found = [pair for pair in _pairs(diff) if pair[0] in keys]
    preferred = [pair for pair in found if pair[1] in parents]
    if not found:
        return fallback
    _key, _parent, old, new = (preferred or found)[0]
    if not multiplying:
        return Action(kind, 1.0, old, new)
    before, after = _amount(old), _amount(new)
    if before is None or after is None or before <= 0:
        return fallback
    return Action(kind, float(round(after / before, 2)), old, new)


def improved_action(
    action: Action, reason: str, expected_result: str, *, escalate: bool = True
) -> Action | None:
    """What to try after `action` failed, or None when a person has to decide (kinds that do
    not multiply, and "none").

    A target quantity named in `expected_result`, else in `reason` ("needed 2Gi", "at least
    1500m", "6 replicas"), gives target/old rounded up to a multiple of 0.5, if that is more
    than the failed factor. Otherwise, when `escalate` (the change was too small: it did not
    recover, or someone said so), the failed factor × 1.5, rounded up to a multiple of 0.5
    (2 → 3, 3 → 4.5); without it (a rejection says the change was wrong, not which way),
    None. The returned action keeps `old` and, when `old` is a known value, has the value to
    set as `new`: the named target as written, or old × the new factor.
    """
    if action.kind not in MULTIPLYING or not math.isfinite(action.factor):
        return None
    tried = Fraction(repr(float(action.factor)))
    old = _amount(action.old)
    if old is not None and old > 0:
        for text in (expected_result, reason):
            for target, written in _targets(action.kind, text):
                factor = _ceil_half(target / old)
                if factor > tried:
                    return Action(str(action.kind), float(factor), action.old, written)
    if not escalate:
        return None
    factor = _ceil_half(max(tried, Fraction(1)) * Fraction(3, 2))
    return Action(str(action.kind), float(factor), action.old, _times(action, factor))


def patterns_path(category: str, app: str) -> str:
    """`examples/learning/<category>_<app>_patterns.json`, relative to the GitOps repository.
    Raises ValueError unless `category` is a lowercase identifier (`oom`, `crash_loop`) and
    `app` a workload name that can name a file (graph.workload.is_app_name), so the path can
    never leave that directory."""
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
    """The file text: two-space indented JSON in the dict's own key order, non-ASCII kept, with
    a final newline; byte-identical for equal input."""
    return json.dumps(patterns, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def recommendation(patterns: Mapping[str, Any] | None, kind: str) -> Recommendation | None:
    """The learned advice in a parsed patterns file when it is for `kind`; None when there is
    none, it is for another kind, or anything in it is malformed (a hand-edited file never
    makes this raise). The factor is a finite number ≥ 1."""
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
        if not isinstance(target, str) or _amount(target) is None:
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
        if group.kind in _KINDS:
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


def _kind(kind: str) -> str:
    if kind != NONE and kind not in _KINDS:
        raise ValueError(f"{kind!r} is not a remediation kind (or {NONE!r})")
    return str(kind)


def _amount(text: str | None) -> Fraction | None:
    try:
        return None if text is None else parse_quantity(text.strip()).value
    except ValueError:
        return None


def _ceil_half(value: Fraction) -> Fraction:
    return Fraction(math.ceil(value * 2), 2)


def _targets(kind: str, text: str) -> Iterator[tuple[Fraction, str]]:
    """The quantities of the kind's family in `text`, in order: (amount, as a quantity)."""
    if kind in (_K.RAISE_MEMORY, _K.GROW_PERSISTENCE):
        tokens = (m[1] + ("k" if m[2] == "K" else m[2]) for m in _BYTES.finditer(text))
    elif kind == _K.RAISE_CPU:
        tokens = (m[1] + m[2] for m in _CPU.finditer(text))
    else:
        tokens = (m[1] for m in _COUNT.finditer(text))
    for token in tokens:
        amount = _amount(token)
        if amount is not None:
            yield amount, token


def _times(action: Action, factor: Fraction) -> str | None:
    """The value `action.old` × `factor` as it would be written (a whole count of replicas);
    None when `old` is not a known value."""
    try:
        old = None if action.old is None else parse_quantity(action.old.strip())
    except ValueError:
        return None
    if old is None or old.value <= 0:
        return None
    if action.kind == _K.SCALE_OUT:
        return str(math.ceil(old.value * factor))
    resolution = CPU_RESOLUTION if action.kind == _K.RAISE_CPU else BYTE_RESOLUTION
    return str(scale(old, factor, resolution=resolution))


def _set_value(experience: Experience) -> str | None:
    """The value a fix set: its diff's new value, else its old value × its factor."""
    action = experience.action
    if action.new is not None and _amount(action.new) is not None:
        return action.new
    return _times(action, Fraction(repr(float(action.factor))))


_Pair = tuple[str, str | None, str, str]  # key, parent key (old side), old value, new value


def _pairs(diff: str) -> list[_Pair]:
    """The settings a unified diff changes, in order: each removed `key: value` line paired
    with the next added line of the same key in the same run of changed lines."""
    pairs: list[_Pair] = []
    stack: list[tuple[int, str]] = []  # (indent, key) of the open mappings, old side
    removed: list[tuple[str, str | None, str]] = []
    added: list[tuple[str, str]] = []
    old_left = new_left = 0

    def flush() -> None:
        taken = [False] * len(added)
        for key, parent, old in removed:
            for i, (new_key, new) in enumerate(added):
                if not taken[i] and new_key == key:
                    taken[i] = True
                    pairs.append((key, parent, old, new))
                    break
        removed.clear()
        added.clear()

    for line in diff.splitlines():
        in_hunk = old_left > 0 or new_left > 0
        if not in_hunk and (hunk := _HUNK.match(line)):
            flush()
            stack.clear()
            old_left, new_left = int(hunk[1] or 1), int(hunk[2] or 1)
            continue
        if line.startswith("\\"):  # "\ No newline at end of file"
            continue
        tag, text = line[:1], line[1:]
        if not in_hunk and (tag not in ("-", "+") or line.startswith(("---", "+++"))):
            flush()  # a file header or text between hunks
            continue
        old_left -= tag != "+"
        new_left -= tag != "-"
        if tag == "+":
            if (entry := _key_value(text)) and entry[1] is not None:
                added.append((entry[0], entry[1]))
            continue
        if tag != "-":
            flush()
        entry = _key_value(text)
        if entry is None:
            continue
        key, value = entry
        indent = _indent(text)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        if tag == "-" and value is not None:
            removed.append((key, stack[-1][1] if stack else None, value))
        if value is None:
            stack.append((indent, key))
    flush()
    return pairs


def _key_value(text: str) -> tuple[str, str | None] | None:
    """(key, value) of a `key: value` line, value None for a mapping that opens a block."""
    match = _KEY_LINE.fullmatch(text.rstrip())
    if match is None:
        return None
    return match["key"].strip("'\""), _scalar(match["value"])


def _indent(text: str) -> int:
    match = _KEY_LINE.fullmatch(text.rstrip())
    return 0 if match is None else len(match["indent"]) + len(match["dash"] or "")


def _scalar(raw: str | None) -> str | None:
    """The value as written, without quotes or a trailing comment; None when there is none."""
    raw = (raw or "").strip()
    if raw.startswith("#"):
        return None
    if raw[:1] in ("'", '"'):
        end = raw.find(raw[0], 1)
        return raw[1:end] if end > 0 else None
    return re.split(r"\s#", raw, maxsplit=1)[0].strip() or None
