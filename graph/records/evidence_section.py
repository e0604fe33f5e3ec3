r"""The evidence part of summary.md (pure): a small table of what the workload used, the
evidence that was missing and why, a short excerpt of Loki's error lines, and how recovery
was verified — written and read back.

```
## Evidence

| Signal | Subject | Values |
|---|---|---|
| memory | checkout | peak 7d: 1.71 GiB; limit: 1 GiB |

Missing evidence:

- loki not_configured: logs

## Logs

    2026-11-24T15:29:58Z ERROR java.lang.OutOfMemoryError: Java heap space
```

Cells escape `\` and `|` with a backslash; every text is one line. Records written before
evidence existed have none of it and read back as empty.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from graph.records.commit_message import one_line

EvidenceRow = tuple[str, str, str]  # signal, subject, values ("peak 7d: 1.71 GiB; limit: 1 GiB")
_HEADER = ("| Signal | Subject | Values |", "|---|---|---|")
_MISSING = "Missing evidence:"
_VERIFICATION = "Verification: "


def values_text(values: Mapping[str, str]) -> str:
    """A view row's values as one cell: `peak 7d: 1.71 GiB; limit: 1 GiB`."""
    return "; ".join(f"{key}: {value}" for key, value in values.items())


def render_evidence(
    rows: Sequence[EvidenceRow], missing: Sequence[str], excerpt: Sequence[str]
) -> list[str]:
    """The Evidence and Logs sections' lines; none when there is nothing to say."""
    lines: list[str] = []
    if rows or missing:
        lines += ["## Evidence", ""]
    if rows:
        cells = (" | ".join(_cell(text) for text in row) for row in rows)
        lines += [*_HEADER, *(f"| {row} |" for row in cells), ""]
    if missing:
        lines += [_MISSING, "", *(f"- {one_line(m)}" for m in missing if one_line(m)), ""]
    shown = [one_line(line) for line in excerpt if one_line(line)]
    if shown:
        lines += ["## Logs", "", *(f"    {line}" for line in shown), ""]
    return lines


def verification_line(verification: str) -> str:
    """The Outcome section's line saying how recovery was verified ("" when it was not)."""
    return _VERIFICATION + one_line(verification) if one_line(verification) else ""


def parse_evidence(sections: Mapping[str, str]) -> dict[str, Any]:
    """`evidence` (rows as {"signal", "subject", "values"}), `missing_evidence`,
    `log_excerpt` and `verification` from the sections of a summary.md."""
    rows, missing = [], []
    in_missing = False
    for line in sections.get("Evidence", "").split("\n"):
        if line == _MISSING:
            in_missing = True
        elif in_missing and line.startswith("- "):
            missing.append(line[2:])
        elif line.startswith("| ") and line not in _HEADER:
            cells = _split_row(line)
            if len(cells) == 3:
                rows.append(dict(zip(("signal", "subject", "values"), cells, strict=True)))
    excerpt = [line[4:] for line in sections.get("Logs", "").split("\n") if line.startswith("    ")]
    verification = next(
        (
            line.removeprefix(_VERIFICATION)
            for line in sections.get("Outcome", "").split("\n")
            if line.startswith(_VERIFICATION)
        ),
        "",
    )
    return {
        "evidence": rows,
        "missing_evidence": missing,
        "log_excerpt": excerpt,
        "verification": verification,
    }


def _cell(text: str) -> str:
    return one_line(text).replace("\\", "\\\\").replace("|", "\\|")


def _split_row(line: str) -> list[str]:
    r"""The cells of `| a | b\|c | d |`, unescaped."""
    cells, current, escaped = [], [], False
    for char in line.strip()[1:]:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "|":
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    return cells
