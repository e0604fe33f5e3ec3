"""What the incident list needs of a summary.md front matter, read fast (pure).

`graph.records.summary.parse_front_matter` reads every key of the front matter, ~60 µs a file:
six seconds of a start-up at 100,000 incidents. The list needs eight keys (`LISTED`). A front
matter "plain" — every line `key: value`, each key once, the values null, strings with no
escape and no control character or lists of such strings (all the service writes, unless a
value holds a backslash or a quote) — is read here and its eight values sliced out: by one
regular expression when its keys are in the order `render_summary` writes them (learned from
it once, `_layout`), else line by line. Anything else — edited by hand, escapes, CRLF — goes to
`parse_front_matter`, so the answer is always the one it gives.
"""

from __future__ import annotations

import re
import sys
from dataclasses import fields
from datetime import UTC, datetime
from typing import Any, NamedTuple

from graph.records.incident import Feedback, IncidentRecord
from graph.records.summary import parse_front_matter, render_summary

LISTED = ("status", "category", "severity", "app", "namespace", "created", "updated", "decision")
_KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
_PLAIN = r'"[^"\\\x00-\x1f]*"'  # a JSON string that needs no unescaping
_VALUE = rf"null|{_PLAIN}|\[(?:{_PLAIN}(?:, {_PLAIN})*)?\]"
_PLAIN_BLOCK = re.compile(rf"(?:{_KEY}: (?:{_VALUE})\n|\n)*")


class Listed(NamedTuple):
    """The LISTED values of a front matter; None for a key it does not have (or null)."""

    status: Any
    category: Any
    severity: Any
    app: Any
    namespace: Any
    created: datetime | None
    updated: datetime | None
    decision: Any


def _front_keys(text: str) -> list[str]:
    """The keys of the front matter of summary.md `text`, in order."""
    block = text[4 : text.find("\n---\n", 3)]
    return [line.partition(": ")[0] for line in block.split("\n")]


def _layout() -> tuple[re.Pattern[str], list[str]]:
    """The front matter `render_summary` writes as a regular expression over plain values, and
    the LISTED keys its groups are, in order. Its keys in its order; the ones it writes only
    sometimes (for a record with every text field set, not for one with none) optional."""
    stamp = datetime(2026, 1, 1, tzinfo=UTC)
    given: dict[str, Any] = {
        "id": "incident-20260101000000-0000",
        **dict.fromkeys(("status", "category", "severity", "app", "namespace", "approver"), ""),
        **{"fingerprints": (), "created": stamp, "updated": stamp, "decision": None},
        **{"root_cause": "", "actions": (), "feedback": Feedback(""), "alert": {}},
    }
    bare = IncidentRecord(**given)
    texts = {f.name: "x" for f in fields(bare) if f.type in ("str", str) and f.name != "id"}
    full = IncidentRecord(**{**given, **texts})
    always = _front_keys(render_summary(bare))
    pattern, groups = "", []
    for key in _front_keys(render_summary(full)):
        value = f"({_VALUE})" if key in LISTED else f"(?:{_VALUE})"
        line = f"{re.escape(key)}: {value}\n"
        pattern += line if key in always else f"(?:{line})?"
        groups += [key] if key in LISTED else []
    return re.compile(pattern), groups


_LAYOUT, _LAYOUT_GROUPS = _layout()
_IN_ORDER = tuple(_LAYOUT_GROUPS) == LISTED


def listing_fields(text: str) -> Listed | None:
    """The LISTED values of summary.md `text` as `parse_front_matter` reads them; None when it
    refuses the text (no front matter, not a mapping, …). Short strings are interned: a
    hundred thousand incidents share a few dozen."""
    try:
        fast = _plain(text)
    except ValueError:
        fast = None  # a date that does not parse: the parser says so its own way
    if fast is not None:
        return fast
    try:
        front = parse_front_matter(text)
    except ValueError:
        return None
    return _as_listed([front.get(key) for key in LISTED])


def _plain(text: str) -> Listed | None:
    """The values when the front matter is plain (module docstring), else None (ask the
    parser). ValueError for a date that does not parse."""
    if not text.startswith("---\n") or "\r" in text:
        return None
    end = text.find("\n---\n", 3)
    if end < 0:
        return None
    written = _LAYOUT.fullmatch(text, 4, end + 1)
    if written is not None and _IN_ORDER:  # its groups are the LISTED values, in order
        raws: tuple[str | None, ...] = written.groups()
    else:
        if written is not None:
            values = dict(zip(_LAYOUT_GROUPS, written.groups(), strict=True))
        elif _PLAIN_BLOCK.fullmatch(text, 4, end + 1) is None:
            return None
        else:
            pairs = [line.partition(": ") for line in text[4:end].split("\n") if line]
            values = {key: raw for key, _, raw in pairs}
            if len(values) != len(pairs):
                return None  # a key twice: the parser decides
        raws = tuple(values.get(key) for key in LISTED)
    found: list[Any] = []
    for raw in raws:
        if raw is None or raw == "null":
            found.append(None)
        elif raw[0] == "[":  # a list where the list wants a word: the parser decides
            return None
        else:
            found.append(raw[1:-1])
    return _as_listed(found)


def _as_listed(values: list[Any]) -> Listed:
    """The LISTED `values` in order: short strings interned, created/updated as datetimes."""
    status, category, severity, app, namespace, created, updated, decision = values
    return Listed(
        _shared(status),
        _shared(category),
        _shared(severity),
        _shared(app),
        _shared(namespace),
        _datetime(created),
        _datetime(updated),
        _shared(decision),
    )


def _shared(value: Any) -> Any:
    """A short string interned (one copy for every incident), anything else as it is."""
    return sys.intern(value) if type(value) is str and len(value) <= 64 else value


def _datetime(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    stamp = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return stamp if stamp.utcoffset() is not None else stamp.replace(tzinfo=UTC)


def front_texts(data: bytes) -> list[str | None]:
    """Each blob of `git cat-file --batch=%(objecttype) %(objectsize)` output `data`, as far
    as the end of its front matter (all of it when that is not plainly there), as text; None
    for an object that is missing or no blob."""
    texts: list[str | None] = []
    pos = 0
    while pos < len(data):
        end = data.index(b"\n", pos)
        kind, _, size = data[pos:end].partition(b" ")
        if size.endswith(b"missing") or not size:  # `<sha> missing`: nothing follows
            texts.append(None)
            pos = end + 1
            continue
        start, stop = end + 1, end + 1 + int(size)
        close = data.find(b"\n---\n", start + 3, stop)
        if close < 0 or data.find(b"\r", start, close) >= 0:  # as the parser reads it, whole
            close = stop - 5
        texts.append(
            data[start : close + 5].decode("utf-8", "replace") if kind == b"blob" else None
        )
        pos = stop + 1
    return texts
