"""A loopback fake of Loki's query API (the contract is loki_contract.md beside this file).

A real HTTP server (stdlib `ThreadingHTTPServer` in a thread) so the code under test uses
httpx as it would against Loki. Tests push log lines, queue failures, read the requests back.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

MAX_ENTRIES = 5000
_MATCHER = re.compile(r'\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*,?')
_FILTER = re.compile(r'\s*(\|=|!=|\|~|!~)\s*"((?:[^"\\]|\\.)*)"')

Labels = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Recorded:
    """One request the fake received."""

    path: str
    params: dict[str, str]
    headers: dict[str, str]


@dataclass
class Failure:
    """An answer to give instead of the real one."""

    status: int
    body: str
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


class LogQLError(ValueError):
    """A query the fake (and Loki) cannot parse."""


def _unquote(text: str) -> str:
    return json.loads(f'"{text}"')  # Go-style escapes are JSON escapes for our queries


def parse_logql(
    query: str,
) -> tuple[list[tuple[str, str, re.Pattern[str] | str]], list[tuple[str, Any]]]:
    """A stream selector plus line filters, or LogQLError."""
    text = query.strip()
    if not text.startswith("{") or "}" not in text:
        raise LogQLError(f"parse error : syntax error: unexpected input {text[:20]!r}")
    inner, rest = text[1 : text.index("}")], text[text.index("}") + 1 :]
    matchers: list[tuple[str, str, re.Pattern[str] | str]] = []
    pos = 0
    while pos < len(inner):
        match = _MATCHER.match(inner, pos)
        if match is None:
            raise LogQLError(f"parse error : unexpected matcher at {inner[pos : pos + 20]!r}")
        name, op, raw = match.groups()
        value = _unquote(raw)
        matchers.append((name, op, re.compile(value) if "~" in op else value))
        pos = match.end()
    if not matchers:
        raise LogQLError("parse error : queries require at least one matcher")
    filters: list[tuple[str, Any]] = []
    pos = 0
    while pos < len(rest.strip()):
        match = _FILTER.match(rest.strip(), pos)
        if match is None:
            raise LogQLError(f"parse error : unexpected {rest.strip()[pos : pos + 20]!r}")
        op, raw = match.groups()
        value = _unquote(raw)
        filters.append((op, re.compile(value) if "~" in op else value))
        pos = match.end()
    return matchers, filters


def _selects(matchers: list[tuple[str, str, Any]], labels: Mapping[str, str]) -> bool:
    for name, op, value in matchers:
        actual = labels.get(name, "")
        if op == "=" and actual != value:
            return False
        if op == "!=" and actual == value:
            return False
        if op == "=~" and not value.fullmatch(actual):
            return False
        if op == "!~" and value.fullmatch(actual):
            return False
    return True


def _keeps(filters: list[tuple[str, Any]], line: str) -> bool:
    for op, value in filters:
        if op == "|=" and value not in line:
            return False
        if op == "!=" and value in line:
            return False
        if op == "|~" and not value.search(line):
            return False
        if op == "!~" and value.search(line):
            return False
    return True


class FakeLoki:
    """The fake's state: streams of lines, queued failures, recorded requests."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._streams: dict[Labels, list[tuple[int, str]]] = {}
        self._failures: list[Failure | None] = []  # None: let one request through
        self.requests: list[Recorded] = []
        self.vectors: dict[str, list[dict[str, Any]]] = {}
        self.url = ""

    # -- what tests do ------------------------------------------------------------------------

    def push(self, labels: Mapping[str, str], entries: list[tuple[int, str]]) -> None:
        """Add lines (ns, text) to the stream with `labels` (kept sorted by time)."""
        key = tuple(sorted(labels.items()))
        with self._lock:
            stream = self._streams.setdefault(key, [])
            stream.extend(entries)
            stream.sort(key=lambda e: e[0])

    def fail(
        self,
        status: int,
        body: str = "",
        *,
        times: int = 1,
        after: int = 0,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Let `after` requests through, then answer `times` requests with `status`, `body`."""
        with self._lock:
            self._failures += [None] * after
            self._failures += [Failure(status, body, headers or {}) for _ in range(times)]

    def stall(self, seconds: float, *, times: int = 1) -> None:
        """Answer the next `times` requests only after `seconds`."""
        with self._lock:
            self._failures += [Failure(0, "", {}, seconds) for _ in range(times)]

    def query_range_requests(self) -> list[Recorded]:
        """The query_range requests received so far."""
        with self._lock:
            return [r for r in self.requests if r.path.endswith("/query_range")]

    # -- the protocol ------------------------------------------------------------------------

    def answer(
        self, path: str, params: dict[str, str], headers: dict[str, str]
    ) -> tuple[int, dict[str, str], bytes]:
        with self._lock:
            self.requests.append(Recorded(path, params, headers))
            failure = self._failures.pop(0) if self._failures else None
        if failure is not None:
            if failure.delay:
                time.sleep(failure.delay)
            else:
                return (
                    failure.status,
                    {"Content-Type": "text/plain", **failure.headers},
                    failure.body.encode(),
                )
        if path == "/loki/api/v1/query_range":
            return self._query_range(params)
        if path == "/loki/api/v1/query":
            result = self.vectors.get(params.get("query", ""), [])
            return _json({"status": "success", "data": {"resultType": "vector", "result": result}})
        if path == "/loki/api/v1/labels":
            with self._lock:
                names = sorted({k for key in self._streams for k, _ in key})
            return _json({"status": "success", "data": names})
        return 404, {"Content-Type": "text/plain"}, b"404 page not found\n"

    def _query_range(self, params: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        try:
            matchers, filters = parse_logql(params.get("query", ""))
        except LogQLError as exc:
            return _text(400, str(exc))
        now = time.time_ns()
        try:
            start = _ns(params.get("start"), now - 3600 * 10**9)
            end = _ns(params.get("end"), now)
            limit = int(params.get("limit", "100"))
        except ValueError as exc:
            return _text(400, f"invalid parameter: {exc}")
        if limit > MAX_ENTRIES:
            return _text(
                400,
                f"max entries limit per query exceeded, limit > max_entries_limit_per_query "
                f"({limit} > {MAX_ENTRIES})",
            )
        if limit <= 0:
            return _text(400, "limit must be a positive value")
        if end <= start:
            return _text(400, "the end timestamp must not be before or equal to the start time")
        direction = params.get("direction", "backward")
        if direction not in ("forward", "backward"):
            return _text(400, f"invalid direction {direction!r}")
        with self._lock:
            picked = [
                (ts, index, line)
                for index, (key, entries) in enumerate(self._streams.items())
                if _selects(matchers, dict(key))
                for ts, line in entries
                if start <= ts < end and _keeps(filters, line)
            ]
            keys = list(self._streams)
        picked.sort(key=lambda e: (e[0], e[1]), reverse=direction == "backward")
        grouped: dict[int, list[list[str]]] = {}
        for ts, index, line in picked[:limit]:
            grouped.setdefault(index, []).append([str(ts), line])
        result = [{"stream": dict(keys[i]), "values": values} for i, values in grouped.items()]
        return _json(
            {"status": "success", "data": {"resultType": "streams", "result": result, "stats": {}}}
        )


def _ns(raw: str | None, default: int) -> int:
    if raw is None:
        return default
    return int(float(raw) * 10**9) if "." in raw else int(raw)


def _json(document: Any) -> tuple[int, dict[str, str], bytes]:
    return 200, {"Content-Type": "application/json"}, json.dumps(document).encode()


def _text(status: int, message: str) -> tuple[int, dict[str, str], bytes]:
    return status, {"Content-Type": "text/plain; charset=utf-8"}, (message + "\n").encode()


@contextmanager
def serving(fake: FakeLoki) -> Iterator[FakeLoki]:
    """Serve `fake` on a free loopback port (its `url`) while the block runs."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body leave at once, no 40 ms ACK wait
        wbufsize = 1 << 16

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            params = {k: v[0] for k, v in parse_qs(parts.query).items()}
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, response_headers, body = fake.answer(parts.path, params, headers)
            self.send_response(status)
            for name, value in response_headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
