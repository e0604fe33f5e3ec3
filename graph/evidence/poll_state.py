"""The Loki poller's values (pure data): its configuration, the cursor and state it carries
from one poll to the next (plain JSON across restarts), and what one poll gives. The reading
itself is graph.evidence.poller.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graph.evidence.backend import Unavailable

SOURCE = "loki_poller"


@dataclass(frozen=True, slots=True)
class PollerConfig:
    """What to poll and the bounds. `query` is a LogQL selector with a line filter
    (LOKI_POLL_QUERY); `window` LOKI_QUERY_INTERVAL, `interval` LOG_MONITOR_INTERVAL (s)."""

    query: str
    interval: float = 60.0
    window: float = 300.0
    delay: float = 10.0
    limit: int = 1000
    max_pages: int = 50
    max_lines_per_stream: int = 20
    max_line_chars: int = 1000
    max_streams: int = 100
    repeat_after: float = 3600.0
    max_backoff: float = 600.0
    tenant: str | None = None


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where reading stopped: the newest timestamp read, the hashes of the lines read at it,
    and the end of the last range read completely (for lag and gaps)."""

    timestamp_ns: int
    hashes: frozenset[str]
    read_until_ns: int


@dataclass(frozen=True, slots=True)
class PollerState:
    """Everything a poller carries from one poll to the next (and across restarts)."""

    cursor: Cursor | None = None
    last_event_ns: Mapping[str, int] = field(default_factory=dict)  # stream key → log time
    failures: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values."""
        cursor = self.cursor
        return {
            "cursor": None
            if cursor is None
            else {
                "timestamp_ns": str(cursor.timestamp_ns),
                "hashes": sorted(cursor.hashes),
                "read_until_ns": str(cursor.read_until_ns),
            },
            "last_event_ns": {key: str(ns) for key, ns in sorted(self.last_event_ns.items())},
            "failures": self.failures,
        }

    @classmethod
    def from_dict(cls, document: Mapping[str, Any]) -> PollerState:
        """The inverse of `to_dict`."""
        raw = document.get("cursor")
        cursor = (
            None
            if raw is None
            else Cursor(
                int(raw["timestamp_ns"]), frozenset(raw["hashes"]), int(raw["read_until_ns"])
            )
        )
        events = {str(k): int(v) for k, v in (document.get("last_event_ns") or {}).items()}
        return cls(cursor, events, int(document.get("failures", 0)))


@dataclass(frozen=True, slots=True)
class PollEvent:
    """Lines of one stream from one poll: the stream's labels, the lines (masked, oldest
    first, at most `max_lines_per_stream`), the first and last line's time (ns), how many
    lines matched in all, and the source."""

    labels: Mapping[str, str]
    text: str
    timestamp_ns: int
    last_timestamp_ns: int
    line_count: int
    source: str = SOURCE

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values (timestamps as strings: nanoseconds overflow JSON numbers)."""
        return {
            "labels": dict(self.labels),
            "text": self.text,
            "timestamp_ns": str(self.timestamp_ns),
            "last_timestamp_ns": str(self.last_timestamp_ns),
            "line_count": self.line_count,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class PollResult:
    """One poll: the new state, the events, the counts, the error (None when all went
    well) and the delay before the next poll."""

    state: PollerState
    events: tuple[PollEvent, ...]
    lines_read: int
    suppressed_streams: int
    dropped_streams: int
    skipped_seconds: float
    skipped_lines: int
    error: Unavailable | None
    next_delay: float
