"""Slack's text limits and the mrkdwn/plain-text helpers every Slack view is built with.

Pure. Alert- and user-provided text goes through `fit` (escaped for mrkdwn, cut never inside
an entity) or `clip` (plain text) before it is put in a block, so Slack's limits (contracts.md
4.6) hold by construction; `text_size` measures a message against MESSAGE_TEXT_BUDGET.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

MAX_BLOCKS = 50
MESSAGE_TEXT_BUDGET = 11_000
HEADER_MAX = 150
SECTION_MAX = 3000
FIELD_MAX = 2000
BLOCK_ID_MAX = 255
INPUT_MAX = 3000
BUTTON_VALUE_MAX = 2000
MODAL_BLOCKS_MAX = 100
LIST_MAX = 20
SHA_SHOWN = 10
DIFF_LINE_MAX = 300


def escape(raw: str) -> str:
    """`raw` with `&`, `<`, `>` escaped as Slack's mrkdwn requires (no link or mention
    inside it survives)."""
    return raw.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fit(raw: str, limit: int) -> str:
    """`raw` escaped and, when longer than `limit`, cut (never inside an entity) with "…"."""
    escaped = escape(raw)
    if len(escaped) <= limit:
        return escaped
    out: list[str] = []
    used = 0
    for char in raw:
        piece = escape(char)
        if used + len(piece) > limit - 1:
            break
        out.append(piece)
        used += len(piece)
    return "".join(out) + "…"


def clip(raw: str, limit: int) -> str:
    """Plain text cut to `limit` characters with "…" (for plain_text objects: no escaping)."""
    return raw if len(raw) <= limit else raw[: limit - 1] + "…"


def mrkdwn(value: str) -> dict[str, Any]:
    """A mrkdwn text object (`value` must already be escaped and fit)."""
    return {"type": "mrkdwn", "text": value}


def plain(value: str, limit: int) -> dict[str, Any]:
    """A plain_text object of `value` cut to `limit` characters."""
    return {"type": "plain_text", "text": clip(value, limit), "emoji": True}


def text_size(blocks: Sequence[Mapping[str, Any]]) -> int:
    """How many characters of text `blocks` carry (every text object's `text`, nested)."""

    def size(node: Any) -> int:
        if isinstance(node, Mapping):
            return sum(
                len(v) if k == "text" and isinstance(v, str) else size(v) for k, v in node.items()
            )
        if isinstance(node, list):
            return sum(size(v) for v in node)
        return 0

    return sum(size(block) for block in blocks)


_SLACK_USER = re.compile(r"[UW](?=[A-Z0-9]*[0-9])[A-Z0-9]{2,}")  # U012AB3CD, W0ABC12


def who(decided_by: str) -> str:
    """A Slack user id (U…/W… with a digit) as a mention, any other name escaped."""
    if _SLACK_USER.fullmatch(decided_by):
        return f"<@{decided_by}>"
    return fit(decided_by, 100)


def hhmm(moment: datetime) -> str:
    """`moment` as "HH:MM UTC" (a naive datetime is taken as UTC)."""
    utc = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    return utc.strftime("%H:%M UTC")
