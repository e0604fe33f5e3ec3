"""What a values change did, and what to try after it failed (pure).

An `Action` is a proposal's change read back from the unified diff that was committed: its
kind, the setting's value before and after, and for the multiplying kinds the factor.
`improved_action` is what to try next when it did not work: the value the feedback named, or a
bigger step.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from graph.patching.quantity import BYTE_RESOLUTION, CPU_RESOLUTION, parse_quantity, scale
from graph.patching.remediation import RemediationKind

_K = RemediationKind
MULTIPLYING = frozenset({_K.RAISE_MEMORY, _K.RAISE_CPU, _K.SCALE_OUT, _K.GROW_PERSISTENCE})
NONE = "none"  # the kind of an action that changed no values
KINDS = frozenset(k.value for k in RemediationKind)

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


@dataclass(frozen=True, slots=True)
class Action:
    """A values change as made.

    Its kind (a RemediationKind value, or "none" when no values changed), the factor for
    multiplying kinds, and the value before and after as written.
    """

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
    before, after = amount(old), amount(new)
    if before is None or after is None or before <= 0:
        return fallback
    return Action(kind, float(round(after / before, 2)), old, new)


def improved_action(
    action: Action, reason: str, expected_result: str, *, escalate: bool = True
) -> Action | None:
    """What to try after `action` failed; None when a person has to decide.

    A person decides for the kinds that do not multiply, and for "none".

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
    old = amount(action.old)
    if old is not None and old > 0:
        for text in (expected_result, reason):
            for target, written in _targets(action.kind, text):
                factor = _ceil_half(target / old)
                if factor > tried:
                    return Action(str(action.kind), float(factor), action.old, written)
    if not escalate:
        return None
    factor = _ceil_half(max(tried, Fraction(1)) * Fraction(3, 2))
    return Action(str(action.kind), float(factor), action.old, times(action, factor))


def _kind(kind: str) -> str:
    if kind != NONE and kind not in KINDS:
        raise ValueError(f"{kind!r} is not a remediation kind (or {NONE!r})")
    return str(kind)


def amount(text: str | None) -> Fraction | None:
    """The exact amount of a quantity or count as written; None when it is not one."""
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
        found = amount(token)
        if found is not None:
            yield found, token


def times(action: Action, factor: Fraction) -> str | None:
    """The value `action.old` × `factor` as it would be written (a whole count of replicas).

    None when `old` is not a known value.
    """
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


_Pair = tuple[str, str | None, str, str]  # key, parent key (old side), old value, new value


def _pairs(diff: str) -> list[_Pair]:
    """The settings a unified diff changes, in order.

    Each removed `key: value` line paired with the next added line of the same key in the same
    run of changed lines.
    """
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
