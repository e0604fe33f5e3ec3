"""The evidence chart (pure): an incident's memory or CPU readings against the old and the
new limit, as inline SVG drawn by the server.

The evidence view (graph.evidence.view) holds readings, not a time series: for a container
the peak and p99 over the longest window, the request and the limit, as formatted amounts
(`1.71 GiB`, `480m`, `1.5 cores`). The chart draws each reading as a bar, the current limit
and the proposed one (from the proposal's `changes`: `…resources.limits.memory`) as vertical
lines, each labelled with its amount in text — the chart is readable without colour.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from graph.patching.quantity import parse_quantity

_UNITS = {"B": 1, "KiB": 1024, "MiB": 1024**2, "GiB": 1024**3, "cores": 1, "core": 1, "m": 1e-3}
_AMOUNT = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(B|KiB|MiB|GiB|cores?|m)?\s*$")
WIDTH, BAR, GAP, LEFT = 480, 18, 8, 110


@dataclass(frozen=True, slots=True)
class ChartData:
    """What one chart shows: the signal, its subject, the readings (label → amount, text)
    and the old and new limit (amount, text), when known."""

    signal: str
    subject: str
    readings: list[tuple[str, float, str]]
    old_limit: tuple[float, str] | None
    new_limit: tuple[float, str] | None


def amount(text: str) -> float | None:
    """The number an evidence amount (`1.71 GiB`, `480m`, `1.5 cores`) stands for, in bytes
    or cores; None for anything else."""
    match = _AMOUNT.match(text)
    if match is None:
        return None
    return float(match[1]) * _UNITS.get(match[2] or "cores", 1)


def chart_data(evidence: Mapping[str, Any] | None, changes: Mapping[str, str]) -> ChartData | None:
    """The chart of the first memory (else CPU) row of `evidence` that has readings, with the
    new limit from `changes`; None when there is nothing to draw."""
    rows = (evidence or {}).get("rows") or []
    for signal in ("memory", "cpu"):
        for row in rows:
            if row.get("signal") != signal:
                continue
            data = _row_chart(signal, row, changes)
            if data is not None:
                return data
    return None


def _row_chart(signal: str, row: Mapping[str, Any], changes: Mapping[str, str]) -> ChartData | None:
    values: Mapping[str, str] = row.get("values") or {}
    readings = [
        (label, number, text)
        for label, text in values.items()
        if label != "limit" and (number := amount(text)) is not None
    ]
    if not readings:
        return None
    old = values.get("limit")
    old_amount = amount(old) if old else None
    new = next(
        (v for path, v in changes.items() if path.endswith(f"resources.limits.{signal}")), None
    )
    return ChartData(
        signal,
        str(row.get("subject", "")),
        readings,
        (old_amount, old) if old and old_amount is not None else None,
        _proposed(new),
    )


def _proposed(text: str | None) -> tuple[float, str] | None:
    if not text:
        return None
    try:
        return float(parse_quantity(text).value), text
    except ValueError:
        return None


def chart_svg(data: ChartData, label: Callable[..., str]) -> Markup:
    """`data` as an inline SVG (role img, titled); `label(key, **fields)` names the limits
    and the title in the page's language."""
    limits = [x for x in (data.old_limit, data.new_limit) if x is not None]
    top = max([n for _, n, _ in data.readings] + [n for n, _ in limits]) * 1.1 or 1.0
    span = WIDTH - LEFT - 20

    def x(number: float) -> float:
        return LEFT + span * number / top

    height = (BAR + GAP) * len(data.readings) + 40
    title = label("chart_title", signal=data.signal, subject=data.subject)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" aria-labelledby="chart-title">'
        f'<title id="chart-title">{escape(title)}</title>'
    ]
    for index, (name, number, text) in enumerate(data.readings):
        y = 10 + index * (BAR + GAP)
        parts.append(
            f'<text x="4" y="{y + 13}" class="chart-label">{escape(name)}</text>'
            f'<rect x="{LEFT}" y="{y}" width="{x(number) - LEFT:.1f}" height="{BAR}" '
            f'class="chart-bar"/><text x="{x(number) + 4:.1f}" y="{y + 13}" '
            f'class="chart-value">{escape(text)}</text>'
        )
    bottom = height - 22
    for key, limit, css in (
        ("chart_old", data.old_limit, "chart-old"),
        ("chart_new", data.new_limit, "chart-new"),
    ):
        if limit is None:
            continue
        at = x(limit[0])
        caption = escape(label(key, value=limit[1]))
        y_text = bottom + (12 if css == "chart-old" else 22)
        parts.append(
            f'<line x1="{at:.1f}" x2="{at:.1f}" y1="4" y2="{bottom}" class="{css}"/>'
            f'<text x="{max(at - 60, 4):.1f}" y="{y_text}" class="{css}-text">{caption}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every piece of text above is escaped
