"""A client for the Loki HTTP query API, and a workload's error lines around a time.

`query_range` (`GET <base>/loki/api/v1/query_range`) reads log lines: `query` (LogQL),
`start` / `end` as nanosecond epoch strings (start inclusive, end exclusive), `limit`
(entries in total across streams, default 100; above the tenant's `max_entries_limit_per_query`,
5000 by default, Loki answers 400), `direction` `forward` (oldest first) or `backward`
(newest first, Loki's default). The answer is
`{"status":"success","data":{"resultType":"streams","result":[{"stream":{labels},
"values":[["<ns>","<line>"], …]}], "stats":{…}}}`; a value may carry a third element
(structured metadata) and is read defensively. `query` (`/loki/api/v1/query`) evaluates a
LogQL metric expression at one instant (same envelope as Prometheus: `vector`). Errors come
back as non-2xx answers with a plain-text body: 400 (bad query, limits), 429 (rate limited),
5xx; `X-Scope-OrgID` selects the tenant. The full contract the tests rely on is
tests/graph/evidence/loki_contract.md.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from graph.evidence.backend import (
    QueryApi,
    Unavailable,
    bad_response,
    http_error,
)
from graph.evidence.model import LogExcerpt, LogLine
from graph.evidence.prometheus import QueryResult, parse_query_answer
from graph.evidence.queries import pod_regex, pods_of, quote
from graph.masking import mask_secrets

BACKEND = "loki"
DEFAULT_TIMEOUT = 10.0
MAX_LIMIT = 5000  # Loki's default max_entries_limit_per_query
ERROR_FILTER = r"(?i)(error|exception|fatal|panic|oom|killed|traceback)"
Direction = Literal["forward", "backward"]
_NS = 1_000_000_000


@dataclass(frozen=True, slots=True)
class Stream:
    """One stream of a `streams` answer: its labels and its entries as (ns, line), in the
    order Loki sent them (ascending for forward, descending for backward)."""

    labels: Mapping[str, str]
    entries: tuple[tuple[int, str], ...]


@dataclass(frozen=True, slots=True)
class Streams:
    """A successful log query."""

    streams: tuple[Stream, ...]

    def entry_count(self) -> int:
        """Entries over all streams (what Loki's `limit` counts)."""
        return sum(len(s.entries) for s in self.streams)


@dataclass(frozen=True, slots=True)
class LokiLabels:
    """Stream label names (what Promtail / Alloy / the Loki Helm chart's agents set)."""

    namespace: str = "namespace"
    pod: str = "pod"
    cluster: str = "cluster"


class LokiClient(QueryApi):
    """The query API of one Loki (or its query frontend / gateway) at `base_url`. `http` is
    created by the caller once and closed at shutdown."""

    BACKEND = BACKEND

    async def query_range(
        self,
        query: str,
        *,
        start_ns: int,
        end_ns: int,
        limit: int = 100,
        direction: Direction = "backward",
        tenant: str | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - per call, also httpx's per-phase timeout
    ) -> Streams | Unavailable:
        """Log lines of `query` in [start_ns, end_ns): at most `limit` entries in total."""
        params = {
            "query": query,
            "start": str(start_ns),
            "end": str(end_ns),
            "limit": str(limit),
            "direction": direction,
        }
        answer = await self.request(
            "GET",
            "/loki/api/v1/query_range",
            params=params,
            tenant=tenant,
            timeout=timeout,
        )
        if isinstance(answer, Unavailable):
            return answer
        if not 200 <= answer.status < 300:
            return http_error(BACKEND, answer)
        return parse_streams(answer.body)

    async def query(
        self,
        expr: str,
        *,
        at: float | None = None,
        tenant: str | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - per call, also httpx's per-phase timeout
    ) -> QueryResult | Unavailable:
        """A LogQL metric expression at one instant (`at`, unix seconds): a vector."""
        params = {"query": expr}
        if at is not None:
            params["time"] = str(int(at * _NS))
        answer = await self.request(
            "GET",
            "/loki/api/v1/query",
            params=params,
            tenant=tenant,
            timeout=timeout,
        )
        if isinstance(answer, Unavailable):
            return answer
        return parse_query_answer(answer, BACKEND)

    async def probe(self, *, tenant: str | None = None) -> Unavailable | None:
        """None when Loki answers a label query; else why not (`check-config`)."""
        answer = await self.request(
            "GET",
            "/loki/api/v1/labels",
            tenant=tenant,
        )
        if isinstance(answer, Unavailable):
            return answer
        return None if 200 <= answer.status < 300 else http_error(BACKEND, answer)


def parse_streams(body: bytes) -> Streams | Unavailable:
    """A `streams` answer body, or why it is not one."""
    try:
        document: Any = json.loads(body)
    except ValueError:
        return bad_response(BACKEND, f"not JSON: {body[:100]!r}")
    data = document.get("data") if isinstance(document, dict) else None
    if not isinstance(data, dict) or document.get("status") != "success":
        return bad_response(BACKEND, "not a success envelope")
    if data.get("resultType") != "streams" or not isinstance(data.get("result"), list):
        return bad_response(BACKEND, f"expected streams, got {data.get('resultType')!r}")
    streams: list[Stream] = []
    try:
        for item in data["result"]:
            labels = item.get("stream") or {}
            entries = tuple((int(v[0]), str(v[1])) for v in item.get("values") or ())
            streams.append(Stream({str(k): str(v) for k, v in labels.items()}, entries))
    except (TypeError, ValueError, IndexError, AttributeError) as exc:
        return bad_response(BACKEND, f"malformed stream: {exc}")
    return Streams(tuple(streams))


def error_lines_query(
    namespace: str,
    workload: str,
    *,
    cluster: str | None = None,
    labels: LokiLabels = LokiLabels(),
    line_filter: str = ERROR_FILTER,
) -> str:
    """`{namespace="shop", pod=~"checkout-…", cluster="…"} |~ "(?i)(error|…)"`."""
    matchers = [
        f"{labels.namespace}={quote(namespace)}",
        f"{labels.pod}=~{quote(pod_regex(workload))}",
    ]
    if cluster:
        matchers.append(f"{labels.cluster}={quote(cluster)}")
    selector = "{" + ", ".join(matchers) + "}"
    return f"{selector} |~ {quote(line_filter)}" if line_filter else selector


@dataclass(frozen=True, slots=True)
class LineBounds:
    """How much of the logs an excerpt may hold: `before` / `after` the time (seconds), lines,
    bytes (UTF-8, after masking), characters per line."""

    before: float = 900.0
    after: float = 300.0
    max_lines: int = 50
    max_bytes: int = 16 * 1024
    max_line_chars: int = 1000


async def recent_error_lines(
    client: LokiClient,
    namespace: str,
    workload: str,
    *,
    around: float,
    tenant: str | None = None,
    cluster: str | None = None,
    labels: LokiLabels = LokiLabels(),
    bounds: LineBounds = LineBounds(),
    line_filter: str = ERROR_FILTER,
    timeout: float | None = None,  # noqa: ASYNC109 - per call, also httpx's per-phase timeout
) -> LogExcerpt | Unavailable:
    """The workload's newest error lines in [around - before, around + after), oldest first,
    each masked (graph.masking) then cut; at most `max_lines` lines and `max_bytes` bytes.
    Lines of pods of another workload sharing the name prefix are left out."""
    query = error_lines_query(
        namespace, workload, cluster=cluster, labels=labels, line_filter=line_filter
    )
    start_ns, end_ns = int((around - bounds.before) * _NS), int((around + bounds.after) * _NS)
    limit = min(MAX_LIMIT, bounds.max_lines * 4)  # room for lines of pods filtered out
    answer = await client.query_range(
        query,
        start_ns=start_ns,
        end_ns=end_ns,
        limit=limit,
        direction="backward",
        tenant=tenant,
        timeout=timeout,
    )
    if isinstance(answer, Unavailable):
        return answer
    pods = pods_of((s.labels.get(labels.pod, "") for s in answer.streams), workload)
    newest_first = sorted(
        (
            (ts, line, s.labels.get(labels.pod, ""))
            for s in answer.streams
            if s.labels.get(labels.pod, "") in pods or labels.pod not in s.labels
            for ts, line in s.entries
        ),
        key=lambda entry: entry[0],
        reverse=True,
    )
    kept: list[LogLine] = []
    size = 0
    for ts, line, pod in newest_first:
        text = _cut(mask_secrets(line), bounds.max_line_chars)
        size += len(text.encode()) + 1
        if len(kept) == bounds.max_lines or size > bounds.max_bytes:
            break
        kept.append(LogLine(ts, text, pod))
    truncated = len(kept) < len(newest_first) or answer.entry_count() >= limit
    return LogExcerpt(query, start_ns, end_ns, tuple(reversed(kept)), truncated)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
