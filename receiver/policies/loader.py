"""The policy file's text → validated rules (pure), or a PolicyError naming the file, the line,
the rule and the field.

The file is read with ruamel.yaml's round-trip loader, so every key and value knows its line:

    rules:
      - name: small-memory             # required, unique
        match: {namespace: "dev-*", kind: raise_memory}   # each a glob or a list of globs
        max_factor: 1.5                # size limits, all optional
        max_memory: 4Gi
        auto_approve: {veto: 10m}      # exactly one of auto_approve / require: N / never: true
        silence_while_verifying: true  # optional
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from graph.patching.quantity import parse_quantity
from receiver.policies.matching import glob_problem
from receiver.policies.model import (
    ACTIONS,
    DEFAULT_RULE,
    LIMIT_FIELDS,
    MATCH_FIELDS,
    Action,
    Limits,
    PolicyError,
    Rule,
)

_RULE_KEYS = ("name", "match", *LIMIT_FIELDS, *ACTIONS, "silence_while_verifying")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")
_DURATION = re.compile(r"(?:(?P<h>[0-9]+)h)?(?:(?P<m>[0-9]+)m)?(?:(?P<s>[0-9]+)s)?")


@dataclass(frozen=True, slots=True)
class _Place:
    """Where a value is: the file, its line (1-based) and the rule it belongs to."""

    source: str
    line: int
    rule: str | None = None

    def error(self, message: str, line: int | None = None) -> PolicyError:
        """The PolicyError for `message` at this place (or at `line` of the same rule)."""
        who = f"rule '{self.rule}': " if self.rule else ""
        return PolicyError(f"{self.source} line {line or self.line}: {who}{message}")


def parse_policies(text: str, source: str) -> tuple[Rule, ...]:
    """The rules of a policy file's `text`, in order; `source` names the file in errors.

    Raises PolicyError naming the line for YAML that does not parse, duplicate keys, unknown
    keys, wrong types, a rule with no action or two, duplicate rule names, globs that are not
    valid (or that match no known category or remediation kind) and limits that are not
    quantities.
    """
    try:
        root = YAML(typ="rt", pure=True).load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = f" line {mark.line + 1}" if mark is not None else ""
        problem = error.problem or error.context or "not valid YAML"
        raise PolicyError(f"{source}{line}: {' '.join(str(problem).split())}") from None
    except YAMLError as error:
        raise PolicyError(f"{source}: not valid YAML ({error})") from None
    if not isinstance(root, CommentedMap) or "rules" not in root:
        raise PolicyError(f"{source} line 1: expected a mapping with a `rules:` list")
    top = _Place(source, root.lc.line + 1)
    for key in root:
        if key != "rules":
            raise top.error(
                f"unknown key '{_shown(key)}' (expected only rules)", _key_line(root, key)
            )
    items = root["rules"]
    if not isinstance(items, CommentedSeq):
        raise top.error("rules must be a list of rules", _value_line(root, "rules"))
    rules = tuple(_rule(item, _Place(source, _item_line(items, i))) for i, item in enumerate(items))
    first: dict[str, int] = {}
    for rule in rules:
        if rule.name in first:
            place = _Place(source, rule.line, rule.name)
            raise place.error(
                f"name '{rule.name}' is already used by the rule at line {first[rule.name]}"
            )
        first[rule.name] = rule.line
    return rules


def _rule(node: Any, place: _Place) -> Rule:
    """One rule, validated."""
    if not isinstance(node, CommentedMap):
        raise place.error("a rule is a mapping (name, match, one action)")
    place = _Place(place.source, place.line, _name(node, place))
    for key in node:
        if key not in _RULE_KEYS:
            known = ", ".join(_RULE_KEYS)
            raise place.error(f"unknown key '{_shown(key)}' (known: {known})", _key_line(node, key))
    action, approvals, veto = _action(node, place)
    silence = node.get("silence_while_verifying", False)
    at = _Place(place.source, _value_line(node, "silence_while_verifying"), place.rule)
    if not isinstance(silence, bool):
        raise at.error(f"silence_while_verifying must be true or false, not '{_shown(silence)}'")
    if silence and action == "never":
        raise at.error(
            "silence_while_verifying with never: nothing is applied, so nothing is verified"
        )
    return Rule(
        name=place.rule or "",
        line=place.line,
        action=action,
        match=MappingProxyType(dict(_match(node, place))),
        limits=_limits(node, place),
        approvals=approvals,
        veto_seconds=veto,
        silence_while_verifying=silence,
    )


def _name(node: CommentedMap, place: _Place) -> str:
    name = node.get("name")
    if name is None:
        raise place.error("a rule needs a name")
    line = _value_line(node, "name")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise place.error(
            f"name '{_shown(name)}' must be letters, digits, '-', '_' or '.' (at most 63)", line
        )
    if name == DEFAULT_RULE:
        raise place.error(f"the name '{DEFAULT_RULE}' is the rule used when none matches", line)
    return name


def _match(node: CommentedMap, place: _Place) -> Iterator[tuple[str, tuple[str, ...]]]:
    """The rule's `match`, field by field in the API's order, each as a tuple of globs."""
    match = node.get("match", {})
    if match is None or not isinstance(match, dict):
        raise place.error("match must be a mapping of fields to globs", _value_line(node, "match"))
    for key in match:
        if key not in MATCH_FIELDS:
            line = _key_line(match, key) if isinstance(match, CommentedMap) else place.line
            known = ", ".join(MATCH_FIELDS)
            raise place.error(f"match: unknown field '{_shown(key)}' (known: {known})", line)
    for field in MATCH_FIELDS:
        if field in match:
            line = _value_line(match, field) if isinstance(match, CommentedMap) else place.line
            at = _Place(place.source, line, place.rule)
            yield field, _globs(match[field], f"match.{field}", at)


def _globs(value: Any, field: str, place: _Place) -> tuple[str, ...]:
    values = list(value) if isinstance(value, list) else [value]
    if not values:
        raise place.error(f"{field} is an empty list, which matches nothing")
    for index, glob in enumerate(values):
        line = _item_line(value, index) if isinstance(value, CommentedSeq) else place.line
        why = glob_problem(glob, field.removeprefix("match."))
        if why:
            raise place.error(f"{field} '{_shown(glob)}' is not a valid glob: {why}", line)
    return tuple(str(glob) for glob in values)


def _limits(node: CommentedMap, place: _Place) -> Limits:
    found: dict[str, Any] = {}
    for field in LIMIT_FIELDS:
        if field in node:
            at = _Place(place.source, _value_line(node, field), place.rule)
            found[field] = _limit(field, node[field], at)
    return Limits(**found)


def _limit(field: str, value: Any, place: _Place) -> Any:
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if field == "max_factor":
        if not number or not math.isfinite(value) or value < 1:
            raise place.error(f"max_factor '{_shown(value)}' must be a number of at least 1")
        return Fraction(repr(float(value))) if isinstance(value, float) else Fraction(value)
    if field == "max_replicas":
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise place.error(
                f"max_replicas '{_shown(value)}' must be a whole number of at least 1"
            )
        return value
    if not (number or isinstance(value, str)):
        raise place.error(f"{field} '{_shown(value)}' is not a quantity")
    try:
        return parse_quantity(str(value))
    except ValueError:
        raise place.error(
            f"{field} '{_shown(value)}' is not a quantity (e.g. 4Gi, 500m, 2)"
        ) from None


def _action(node: CommentedMap, place: _Place) -> tuple[Action, int, float]:
    """The rule's one action, its number of approvals and its veto window in seconds."""
    present = [key for key in node if key in ACTIONS]  # in file order: the second is named
    if not present:
        raise place.error(f"no action: a rule has one of {', '.join(ACTIONS)}")
    if len(present) > 1:
        second = present[1]
        message = f"two actions ({present[0]} and {second}): a rule has exactly one"
        raise place.error(message, _key_line(node, second))
    action = present[0]
    value = node[action]
    at = _Place(place.source, _value_line(node, action), place.rule)
    if action == "never":
        if value is not True:
            raise at.error(f"never must be true (advice only), not '{_shown(value)}'")
        return "never", 0, 0.0
    if action == "require":
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise at.error(
                f"require '{_shown(value)}' must be a whole number of approvals, at least 1"
            )
        return "require", value, 0.0
    return "auto_approve", 0, _veto(value, at)


def _veto(value: Any, place: _Place) -> float:
    """The veto window of `auto_approve: true` (none) or `auto_approve: {veto: 10m}`."""
    if value is True:
        return 0.0
    if not isinstance(value, dict):
        raise place.error(
            f"auto_approve must be true or {{veto: <duration>}}, not '{_shown(value)}'"
        )
    for key in value:
        if key != "veto":
            line = _key_line(value, key) if isinstance(value, CommentedMap) else place.line
            raise place.error(f"auto_approve: unknown key '{_shown(key)}' (known: veto)", line)
    if "veto" not in value:
        return 0.0
    veto = value["veto"]
    line = _value_line(value, "veto") if isinstance(value, CommentedMap) else place.line
    seconds = _duration(veto)
    if seconds is None:
        message = f"veto '{_shown(veto)}' is not a duration (e.g. 0, 90s, 10m, 2h, 1h30m)"
        raise place.error(message, line)
    return seconds


def _duration(value: Any) -> float | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value) if value >= 0 else None
    if not isinstance(value, str) or not value:
        return None
    found = _DURATION.fullmatch(value)
    if found is None:
        return None
    parts = {unit: int(found[unit] or 0) for unit in "hms"}
    return float(parts["h"] * 3600 + parts["m"] * 60 + parts["s"])


def _shown(value: Any) -> str:
    """A value as an error message quotes it: one line, at most 60 characters."""
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:59] + "…"


def _value_line(node: CommentedMap, key: str) -> int:
    try:
        return int(node.lc.value(key)[0]) + 1
    except (KeyError, AttributeError, TypeError):  # a merged (`<<:`) key has no place of its own
        return int(node.lc.line) + 1


def _key_line(node: CommentedMap, key: Any) -> int:
    try:
        return int(node.lc.key(key)[0]) + 1
    except (KeyError, AttributeError, TypeError):
        return int(node.lc.line) + 1


def _item_line(node: CommentedSeq, index: int) -> int:
    try:
        return int(node.lc.item(index)[0]) + 1
    except (KeyError, AttributeError, TypeError, IndexError):
        return int(node.lc.line) + 1
