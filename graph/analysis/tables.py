"""Structured text read as a whole (pure): access logs (the share of failing requests, Envoy's
response flags), CPU cgroup counters, `df` output and `kafka-consumer-groups` lag tables. Each
reader gives the lines that are evidence as hits of a rule of its own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

from graph.analysis.matching import Hit
from graph.analysis.rules import Rule

# An access-log line: a quoted request line and its status (common/combined log format,
# Envoy's default format with its response flags), or a status field (logfmt, JSON).
_ACCESS_REQUEST = re.compile(
    r"\"(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS|CONNECT|TRACE) [^\"]*\" (?P<status>[1-5]\d\d)"
    r"(?: (?P<flags>[A-Z]{1,4}(?:,[A-Z]{1,4})*|-))?"
)
_ACCESS_FIELD = re.compile(
    r"(?:status|status_code|statusCode|http_status|response_code|responseCode|upstream_status)"
    r"[\"']?[ \t]*[:=][ \t]*[\"']?(?P<status>[1-5]\d\d)\b"
)
# Traefik's JSON access log: the status the client got.
_DOWNSTREAM = re.compile(r"\"DownstreamStatus\"[ \t]*:[ \t]*(?P<status>[1-5]\d\d)\b")
# An AWS ALB access log: type, time, load balancer, client, target, three processing times,
# then the load balancer's status code.
_ALB = re.compile(
    r"^(?:https?|h2|grpcs?|wss?) \d{4}-\d\d-\d\dT\S+ \S+ \S+ \S+ \S+ \S+ \S+ "
    r"(?P<status>[1-5]\d\d) "
)
# HAProxy's HTTP log: backend/server, the five timers Tq/Tw/Tc/Tr/Ta, then the status.
_HAPROXY = re.compile(r" \S+/\S+ -?\d+/-?\d+/-?\d+/-?\d+/\+?\d+ (?P<status>[1-5]\d\d) ")
# ASP.NET Core's hosting diagnostics: "Request finished HTTP/1.1 GET http://h/p - 500 ..."
# (.NET 6 and later) or "Request finished in 12.3ms 500 ..." (earlier).
_ASPNET = re.compile(
    r"\bRequest finished (?:HTTP/[\d.]+ [A-Z]+ \S+ (?:\S+ )?- |in [\d.]+ ?ms )"
    r"(?P<status>[1-5]\d\d)\b"
)

# --- access logs --------------------------------------------------------------------------

_ACCESS_RULES = {
    "high_error_rate": Rule("high_error_rate", frozenset(), re.compile("$^")),
    "connection_error": Rule("connection_error", frozenset(), re.compile("$^")),
    "dependency_limit": Rule("dependency_limit", frozenset(), re.compile("$^")),
    "high_latency": Rule("high_latency", frozenset(), re.compile("$^")),
}
# Envoy response flags (access-log RESPONSE_FLAGS): what a failed request ran into.
_ENVOY_FLAGS = {
    "UF": "connection_error",  # upstream connection failure
    "UH": "connection_error",  # no healthy upstream
    "URX": "connection_error",  # retry limit reached (upstream failing)
    "UC": "connection_error",  # upstream connection termination
    "UR": "connection_error",  # upstream remote reset
    "LR": "connection_error",  # connection local reset
    "NR": "connection_error",  # no route
    "DNS": "connection_error",  # DNS resolution failed
    "UO": "dependency_limit",  # upstream overflow (circuit breaker)
    "UT": "high_latency",  # upstream request timeout
    "RL": "high_error_rate",  # rate limited locally
}
MIN_ACCESS_LINES = 3
MIN_ERROR_SHARE = 0.25


_FLAGS_KV = re.compile(
    r"response_flags[\"']?[ \t]*[:=][ \t]*[\"']?(?P<flags>[A-Z]{1,4}(?:,[A-Z]{1,4})*|-)"
)


def access_lines(lines: Sequence[str]) -> dict[int, tuple[int, str]]:
    """line index → (status, Envoy response flags or "-") of every access-log line."""
    found: dict[int, tuple[int, str]] = {}
    for index, line in enumerate(lines):
        parsed = _access(line)
        if parsed is not None:
            found[index] = parsed
    return found


def _access(line: str) -> tuple[int, str] | None:
    alb = _ALB.match(line) if line[:1] in "hgw" else None
    if alb is not None:
        return int(alb.group("status")), "-"
    if "DownstreamStatus" in line:
        downstream = _DOWNSTREAM.search(line)
        if downstream is not None:
            return int(downstream.group("status")), "-"
    if "Request finished" in line:
        finished = _ASPNET.search(line)
        if finished is not None:
            return int(finished.group("status")), "-"
    if "HTTP/" in line:
        match = _ACCESS_REQUEST.search(line, max(0, line.find('"') - 1))
        if match is not None:
            return int(match.group("status")), match.group("flags") or "-"
        haproxy = _HAPROXY.search(line)
        if haproxy is not None:
            return int(haproxy.group("status")), "-"
    for key in ("tatus", "esponse_code", "esponseCode"):
        position = line.find(key)
        if position > 0:
            match = _ACCESS_FIELD.match(line, position - 1)
            if match is not None:
                status = int(match.group("status"))
                flags = _FLAGS_KV.search(line) if status >= 500 else None
                return status, flags.group("flags") if flags else "-"
    return None


def access_log(
    lines: Sequence[str], parsed: Mapping[int, tuple[int, str]] | None = None
) -> list[Hit]:
    """Failing requests in access-log lines (status 5xx or 429). Lines whose Envoy response
    flags name what the request ran into (a connection failure, an overflow, a timeout) are
    evidence of that each; otherwise, when failures dominate the access lines, they are an
    error rate."""
    parsed = access_lines(lines) if parsed is None else parsed
    failing = [
        (index, lines[index], flags)
        for index, (status, flags) in sorted(parsed.items())
        if status >= 500 or status == 429
    ]
    total = len(parsed)
    flagged = [f for f in failing if _flag_category(f[2]) not in ("", "high_error_rate")]
    if flagged:
        category = Counter(_flag_category(f[2]) for f in flagged).most_common(1)[0][0]
        rule = _ACCESS_RULES[category]
        return [
            Hit(i, line, rule, (f"response flags {flags}",), True)
            for i, line, flags in flagged
            if _flag_category(flags) == category
        ]
    # A few lines are enough when every one of them failed.
    if len(failing) < max(2, MIN_ERROR_SHARE * total) or (
        total < MIN_ACCESS_LINES and len(failing) < total
    ):
        return []
    rule = _ACCESS_RULES["high_error_rate"]
    share = f"{len(failing)} of {total} requests failed"
    return [Hit(index, line, rule, (share,), True) for index, line, _ in failing]


def _flag_category(flags: str) -> str:
    """The category Envoy's response flags point at: the most specific flag decides."""
    found = {_ENVOY_FLAGS[f] for f in flags.split(",") if f in _ENVOY_FLAGS}
    for category in ("dependency_limit", "connection_error", "high_latency", "high_error_rate"):
        if category in found:
            return category
    return ""


# --- slow requests ---------------------------------------------------------------------------

# How long a request took, where the format says it: Envoy's default format (duration in ms
# after the byte counts), ingress-nginx's (request_time in s after the request length), and
# nginx formats that end in $request_time.
_ENVOY_DURATION = re.compile(r"HTTP/[\d.]+\" [1-5]\d\d \S+ \d+ \d+ (?P<ms>\d+) (?:\d+|-) \"")
_NGINX_DURATION = re.compile(r"\" \d+ (?P<s>\d+\.\d{3}) \[|\" (?P<tail>\d+\.\d{3})$")
_SLOW_RULE = Rule("high_latency", frozenset(), re.compile("$^"))
SLOW_SECONDS = 1.0
SLOW_READ_LINES = 64  # the last access lines: where a pasted excerpt shows the slowness


def slow_requests(
    lines: Sequence[str], parsed: Mapping[int, tuple[int, str]] | None = None
) -> list[Hit]:
    """Access-log lines of answered requests (status below 500) that took SLOW_SECONDS or
    more, when they are at least half of the last SLOW_READ_LINES access lines whose
    duration is known."""
    parsed = access_lines(lines) if parsed is None else parsed
    timed: list[tuple[int, float]] = []
    for index, (status, _) in sorted(parsed.items())[-SLOW_READ_LINES:]:
        seconds = _duration(lines[index])
        if seconds is not None and status < 500:
            timed.append((index, seconds))
    slow = [(index, seconds) for index, seconds in timed if seconds >= SLOW_SECONDS]
    if not slow or 2 * len(slow) < len(timed):
        return []
    return [Hit(i, lines[i], _SLOW_RULE, (f"request took {s:g} s",), True) for i, s in slow]


def _duration(line: str) -> float | None:
    envoy = _ENVOY_DURATION.search(line)
    if envoy is not None:
        return int(envoy.group("ms")) / 1000
    nginx = _NGINX_DURATION.search(line)
    if nginx is not None:
        return float(nginx.group("s") or nginx.group("tail"))
    return None


# --- cgroup counters -----------------------------------------------------------------------

_THROTTLE_COUNTER = re.compile(
    r"^(?:container_cpu_cfs_throttled_periods_total|nr_throttled)(?:\{[^}]*\})?[ \t]+(?P<value>\d+)"
)
_PERIOD_COUNTER = re.compile(
    r"^(?:container_cpu_cfs_periods_total|nr_periods)(?:\{[^}]*\})?[ \t]+(?P<value>\d+)"
)
_THROTTLE_RULE = Rule("cpu_throttling", frozenset(), re.compile("$^"))
MIN_THROTTLED_SHARE = 0.1


def cgroup_throttling(lines: Sequence[str]) -> list[Hit]:
    """A dump of CPU cgroup counters (`cpu.stat`, or the cAdvisor metrics) in which a real
    share of the CFS periods were throttled: one hit on the throttled counter's line. Metric
    lines are otherwise not evidence, so a healthy dump (`nr_throttled 0`) says nothing."""
    throttled: tuple[int, str, int] | None = None
    periods = 0
    for index, line in enumerate(lines):
        if "throttled" in line:
            match = _THROTTLE_COUNTER.match(line)
            if match:
                throttled = (index, line, int(match.group("value")))
        elif "periods" in line:
            match = _PERIOD_COUNTER.match(line)
            if match:
                periods = int(match.group("value"))
    if throttled is None or throttled[2] == 0:
        return []
    index, line, count = throttled
    if periods and count / periods < MIN_THROTTLED_SHARE:
        return []
    share = f"{count} of {periods} periods throttled" if periods else f"{count} periods throttled"
    return [Hit(index, line, _THROTTLE_RULE, (share,), True)]


# --- df output -------------------------------------------------------------------------------

_DF_ROW = re.compile(
    r"(?:^|[ \t])\S+[ \t]+\d[\d.,]*[KMGTPE]?i?B?[ \t]+\d[\d.,]*[KMGTPE]?i?B?[ \t]+"
    r"\d[\d.,]*[KMGTPE]?i?B?[ \t]+(?P<use>\d{1,3})%[ \t]+(?P<mount>/\S*)$"
)
_DF_RULE = Rule("disk_full", frozenset(), re.compile("$^"))
DF_FULL_PERCENT = 90


def df_full(lines: Sequence[str]) -> list[Hit]:
    """Rows of `df` (or `df -i`) output whose filesystem is at least 90 % used."""
    found = []
    for index, line in enumerate(lines):
        if "%" in line and "/" in line:
            match = _DF_ROW.search(line)
            if match and int(match.group("use")) >= DF_FULL_PERCENT:
                fragment = f"{match.group('use')}% used on {match.group('mount')}"
                found.append(Hit(index, line, _DF_RULE, (fragment,), True))
    return found


# --- consumer lag tables ---------------------------------------------------------------------

_LAG_RULE = Rule("high_latency", frozenset(), re.compile("$^"))
LAG_MESSAGES = 1000  # a partition this far behind is lagging, not catching up


def consumer_lag(lines: Sequence[str]) -> list[Hit]:
    """Rows of a `kafka-consumer-groups --describe` table (TOPIC PARTITION CURRENT-OFFSET
    LOG-END-OFFSET LAG ...) whose LAG is at least LAG_MESSAGES: one hit on the most lagging
    row, naming the total lag of the table."""
    column = -1
    width = 0
    rows: list[tuple[int, str, int]] = []
    for index, line in enumerate(lines):
        if "LAG" in line and "OFFSET" in line:
            header = line.split()
            column = header.index("LAG") if "LAG" in header else -1
            width = len(header)
            continue
        if column < 0:
            continue
        cells = line.split()
        if len(cells) == width and cells[column].isdigit():
            rows.append((index, line, int(cells[column])))
    lagging = [row for row in rows if row[2] >= LAG_MESSAGES]
    if not lagging:
        return []
    index, line, _ = max(lagging, key=lambda row: row[2])
    total = sum(row[2] for row in rows)
    return [Hit(index, line, _LAG_RULE, (f"consumer lag {total} messages",), True)]
