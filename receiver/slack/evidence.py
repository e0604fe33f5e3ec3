"""The evidence lines of an incident's Slack message (pure): one compact line per signal.

From the evidence view the workflow keeps (graph.evidence.view: rows of signal, subject and
short keys with formatted amounts, the missing evidence grouped by backend and reason, and the
count of Loki's error lines), the card shows at most `MAX_ROWS` lines such as
`memory checkout: peak 7d 1.71 GiB · limit 1 GiB`, then one line saying which evidence is
missing and why. The signal names and the frame are translated (receiver.slack.texts); the
keys and amounts are tokens (`peak 7d`, `1.71 GiB`) and stay as they are. The view is already
masked by the workflow, and the Slack client masks every text again on its way out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from receiver.slack.mrkdwn import fit
from receiver.slack.texts import Language, text

MAX_ROWS = 6
_VALUES_MAX = 6  # values shown per row
_SIGNALS = ("memory", "cpu", "restarts", "replicas", "volume")


def evidence_lines(view: Mapping[str, Any] | None, language: Language) -> list[str]:
    """The card's evidence lines for `view`; none without evidence (no backend configured)."""
    if not view:
        return []
    lines = [_row(row, language) for row in _rows(view)[:MAX_ROWS]]
    rows = _rows(view)
    if len(rows) > MAX_ROWS:
        lines.append(text("and_more", language, count=str(len(rows) - MAX_ROWS)))
    logs = view.get("logs")
    if isinstance(logs, Mapping) and logs.get("lines"):
        lines.append(text("evidence_logs", language, count=str(logs["lines"])))
    missing = [_missing(item) for item in view.get("missing") or () if isinstance(item, Mapping)]
    if missing:
        lines.append(text("evidence_missing", language, missing="; ".join(missing[:4])))
    return lines


def _rows(view: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    rows = view.get("rows") or ()
    return [row for row in rows if isinstance(row, Mapping)]


def _row(row: Mapping[str, Any], language: Language) -> str:
    signal = str(row.get("signal", ""))
    name = text(f"signal_{signal}", language) if signal in _SIGNALS else fit(signal, 30)
    values = row.get("values")
    shown = list(values.items())[:_VALUES_MAX] if isinstance(values, Mapping) else []
    amounts = " · ".join(f"{fit(str(k), 30)} {fit(str(v), 40)}" for k, v in shown)
    return f"• *{name}* `{fit(str(row.get('subject', '')), 80)}`: {amounts}"


def _missing(item: Mapping[str, Any]) -> str:
    signals = item.get("signals") or ()
    what = ", ".join(str(s) for s in list(signals)[:4]) if isinstance(signals, list) else ""
    reason = f"{fit(str(item.get('backend', '')), 30)} {fit(str(item.get('reason', '')), 30)}"
    return f"{reason} ({fit(what, 80)})" if what else reason
