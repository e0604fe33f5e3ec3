"""Which rule a line matches (pure): the needles of `graph.analysis.rules` gate the search so a
long text is cheap to read, and each line that is evidence (`graph.analysis.noise`) gets at most
one category, the first rule of the table that matches it; rules marked `support` of the same
category add their words to that line's.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate, islice

from graph.analysis.noise import (
    MEASURED,
    fast,
    is_noise,
    low_usage,
    negated,
    said_normal,
    strip_flags,
)
from graph.analysis.rules import RULES, WEAK_RULES, Rule

_ERROR_LEVEL = re.compile(
    r"(?-i:\b(?:ERROR|ERR|FATAL|CRITICAL|CRIT|SEVERE|PANIC|EMERG|ALERT)\b)"
    r"|\blevel[\"']?[ \t]*[:=][ \t]*[\"']?(?:error|err|fatal|panic|crit|critical|emerg)\b"
    r"|^[EF]\d{4} |\[(?:error|crit|alert|emerg)\]|\b(?:error|fatal|panic):"
    r"|\w(?:Exception|Error)\b|^Caused by:|\bTraceback\b|^Warning[ \t]+\w"
    r"|\bexception\b|\bfailed\b|\bfailure\b|\bkilled\b",
    re.IGNORECASE,
)
_NOT_RATES = frozenset({"high_error_rate"})
_MAX_MATCHES = 8  # of one rule on one line: enough for the root cause's words


@dataclass(frozen=True, slots=True)
class Hit:
    """One line that names a failure: its index in the read window, the line as given
    (stripped), the rule that matched, the matched words, and whether it is error-level."""

    index: int
    line: str
    rule: Rule
    fragments: tuple[str, ...]
    error_level: bool

    @property
    def category(self) -> str:
        """The category the line names."""
        return self.rule.category


class _Needles:
    """Which rules each needle opens, for one rule table."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        opened: dict[str, set[int]] = {}
        for position, rule in enumerate(self.rules):
            for needle in rule.needles:
                opened.setdefault(needle, set()).add(position)
        self.opened = {needle: frozenset(ids) for needle, ids in opened.items()}
        self.encoded = frozenset(needle.encode() for needle in self.opened)


_TABLES = {id(RULES): _Needles(RULES), id(WEAK_RULES): _Needles(WEAK_RULES)}
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
# Everything but ASCII letters and digits becomes a space: the words of a lowered text.
_NOT_WORD = bytes.maketrans(
    bytes(range(256)),
    bytes(
        b if chr(b).isascii() and chr(b).isalnum() and not chr(b).isupper() else 32
        for b in range(256)
    ),
)


def _candidate_lines(
    lines: Sequence[str], table: _Needles, skip: Container[int] = ()
) -> dict[int, set[str]]:
    """line index → the needles it holds, for the lines that hold any (lines in `skip` hold
    none). The text's words are collected once (C speed); only the needles present are then
    located."""
    if skip:
        lines = ["" if index in skip else line for index, line in enumerate(lines)]
    joined = "\n".join(lines).lower()
    words = set(joined.encode("utf-8", "ignore").translate(_NOT_WORD).split())
    needles = [word.decode() for word in words & table.encoded]
    if not needles:
        return {}
    starts = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    per_line: dict[int, set[str]] = {}
    end = len(joined)
    for needle in needles:
        size = len(needle)
        position = joined.find(needle)
        while position != -1:
            after = position + size
            if (position and joined[position - 1] in _WORD_CHARS) or (
                after < end and joined[after] in _WORD_CHARS
            ):  # inside a longer word: not this needle
                position = joined.find(needle, after)
                continue
            index = bisect_right(starts, position) - 1
            per_line.setdefault(index, set()).add(needle)
            position = joined.find(needle, starts[index + 1] if index + 1 < len(starts) else end)
    return per_line


def hits(
    lines: Sequence[str],
    *,
    rules: Sequence[Rule] = RULES,
    skip: Container[int] = (),
    failing: Container[int] = (),
) -> list[Hit]:
    """The lines that name a failure, one rule each (the first that matches), skipping the
    lines that are not evidence and the lines in `skip` (healthy access-log lines); the
    `failing` access-log lines are not read as an error rate."""
    table = _TABLES.get(id(rules)) or _Needles(rules)
    found: list[Hit] = []
    for index, needles in sorted(_candidate_lines(lines, table, skip).items()):
        line = lines[index]
        if is_noise(line):
            continue
        opened = set().union(*(table.opened[needle] for needle in needles))
        candidates = [table.rules[position] for position in sorted(opened)]
        # A failing request line is read for what it ran into, not as an error rate: the
        # share of failing requests decides that (`access_log`).
        other = _NOT_RATES if index in failing else ()
        hit = _first_match(index, line, strip_flags(line), candidates, skip=other)
        if hit is not None:
            found.append(hit)
    return found


def _first_match(
    index: int, line: str, text: str, candidates: Iterable[Rule], *, skip: Container[str] = ()
) -> Hit | None:
    decided: Hit | None = None
    lowered = text.lower()
    for rule in candidates:
        if rule.category in skip:
            continue
        if decided is not None and (rule.category != decided.category or not rule.support):
            continue
        # Only the branches whose words the line holds can match it.
        pattern = rule.pattern_for(word for word in rule.owners if word in lowered)
        found = [m for m in islice(pattern.finditer(text), _MAX_MATCHES) if m.group(0).strip()]
        if rule.category in MEASURED:
            found = [m for m in found if not said_normal(text, m.end(), rule.category)]
        if rule.category == "high_latency" and found and fast(text):
            continue
        found = [m for m in found if not low_usage(m.group(0)) and not negated(text, m)]
        matches = [" ".join(m.group(0).split()) for m in found]
        if not matches:
            continue
        if decided is None:
            if rule.support:
                continue
            decided = Hit(index, line, rule, tuple(matches), bool(_ERROR_LEVEL.search(line)))
        else:
            decided = Hit(
                index, line, decided.rule, decided.fragments + tuple(matches), decided.error_level
            )
    return decided
