"""A unified diff as rows a page can show (pure): unified (one column) or side by side.

Each line is classed `add`, `del`, `ctx` (unchanged), `hunk` (`@@ … @@`) or `file` (`---`,
`+++`, `diff …`); the class is shown with a +/- sign as well as a colour.
"""

from __future__ import annotations

from dataclasses import dataclass

_FILE_PREFIXES = ("--- ", "+++ ", "diff ", "index ")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a diff: its class, its sign and its text (without the sign)."""

    kind: str
    sign: str
    text: str


@dataclass(frozen=True, slots=True)
class Pair:
    """One row of the side-by-side view: the old side and the new side (None: blank)."""

    old: Line | None
    new: Line | None


def unified_rows(diff: str) -> list[Line]:
    """Every line of `diff`, classed."""
    rows = []
    for raw in diff.splitlines():
        if raw.startswith(_FILE_PREFIXES):
            rows.append(Line("file", "", raw))
        elif raw.startswith("@@"):
            rows.append(Line("hunk", "", raw))
        elif raw.startswith("+"):
            rows.append(Line("add", "+", raw[1:]))
        elif raw.startswith("-"):
            rows.append(Line("del", "-", raw[1:]))
        else:
            rows.append(Line("ctx", " ", raw[1:] if raw.startswith(" ") else raw))
    return rows


def split_rows(diff: str) -> list[Pair]:
    """The side-by-side rows of `diff`: removed lines beside the added lines that replace
    them, unchanged lines on both sides."""
    pairs: list[Pair] = []
    removed: list[Line] = []
    added: list[Line] = []

    def flush() -> None:
        for index in range(max(len(removed), len(added))):
            old = removed[index] if index < len(removed) else None
            new = added[index] if index < len(added) else None
            pairs.append(Pair(old, new))
        removed.clear()
        added.clear()

    for line in unified_rows(diff):
        if line.kind == "del":
            removed.append(line)
        elif line.kind == "add":
            added.append(line)
        else:
            flush()
            pairs.append(Pair(line, line))
    flush()
    return pairs
