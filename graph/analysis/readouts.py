"""Command output read whole (pure): what a person pastes from a shell rather than a log, where
the figure decides and the words alone do not. A cgroup's `memory.events` (or
`memory.oom_control`) with a non-zero `oom_kill` count, `kubeadm certs check-expiration` with a
certificate close to its end, a PromQL result giving the share of CFS periods throttled,
`kubectl rollout status` (or `oc rollout status`) that stopped waiting, and slow answers as
Redis's SLOWLOG, a PromQL latency quantile and `pg_stat_activity` show them.
Each reader gives the lines that are evidence as hits of a rule of its own; a healthy readout
(`oom_kill 0`, residual times of a year, a throttled share of 0.02) says nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from graph.analysis.matching import Hit
from graph.analysis.rules import Rule

__all__ = [
    "cert_residual_time",
    "long_running_queries",
    "oom_kill_count",
    "quantile_result",
    "redis_slowlog",
    "rollout_wait_timed_out",
    "throttled_share",
]

# --- cgroup memory events ------------------------------------------------------------------

_OOM_KILL = re.compile(r"^oom_kill[ \t]+(?P<count>\d+)$")
_OOM_RULE = Rule("oom", frozenset(), re.compile("$^"))


def oom_kill_count(lines: Sequence[str]) -> list[Hit]:
    """The `oom_kill N` line of a cgroup's memory.events (v2) or memory.oom_control (v1) when
    N is not zero: the kernel killed a process of the cgroup for memory N times."""
    found = []
    for index, line in enumerate(lines):
        if line.startswith("oom_kill"):
            match = _OOM_KILL.match(line)
            if match and int(match.group("count")) > 0:
                fragment = f"oom_kill {match.group('count')} in the cgroup's memory events"
                found.append(Hit(index, line, _OOM_RULE, (fragment,), True))
    return found


# --- kubeadm certs check-expiration ----------------------------------------------------------

_CERT_RULE = Rule("cert_expiry", frozenset(), re.compile("$^"))
_RESIDUAL = re.compile(r"^(?:(?P<n>\d+)(?P<unit>[ydhm])|(?P<invalid><invalid>))$")
SOON_DAYS = 30
_DAYS = {"y": 365.0, "d": 1.0, "h": 1 / 24, "m": 1 / 1440}


def cert_residual_time(lines: Sequence[str]) -> list[Hit]:
    """Rows of a `kubeadm certs check-expiration` table (CERTIFICATE ... RESIDUAL TIME ...)
    whose residual time is under SOON_DAYS days or `<invalid>` (expired): one hit on the
    row that expires first."""
    column = -1
    soonest: tuple[float, int, str] | None = None
    for index, line in enumerate(lines):
        if "RESIDUAL TIME" in line:
            header = [h.strip() for h in re.split(r"\s{2,}", line)]
            column = header.index("RESIDUAL TIME") if "RESIDUAL TIME" in header else -1
            continue
        if column < 0:
            continue
        cells = re.split(r"\s{2,}", line)
        if len(cells) <= column:
            continue
        residual = _RESIDUAL.match(cells[column].strip())
        if residual is None:
            continue
        days = -1.0 if residual.group("invalid") else int(residual["n"]) * _DAYS[residual["unit"]]
        if days < SOON_DAYS and (soonest is None or days < soonest[0]):
            soonest = (days, index, line)
    if soonest is None:
        return []
    days, index, line = soonest
    name = line.split()[0]
    left = f"expires in {days:g} days" if days >= 1 else "expires within a day"
    fragment = f"{name} has expired" if days < 0 else f"{name} {left}"
    return [Hit(index, line, _CERT_RULE, (fragment,), True)]


# --- a PromQL result: the share of CFS periods throttled -------------------------------------

_THROTTLED_QUERY = re.compile(r"cfs_throttled_periods_total.*/.*cfs_periods_total")
_RESULT = re.compile(
    r"(?:^|=>|=|:)[ \t]*(?:\{[^}]*\}[ \t]*)?(?P<value>\d+(?:\.\d+)?)(?P<pct> ?%)?$"
)
_THROTTLE_RULE = Rule("cpu_throttling", frozenset(), re.compile("$^"))
MIN_THROTTLED_SHARE = 0.25
_RESULT_LINES = 3


def throttled_share(lines: Sequence[str]) -> list[Hit]:
    """A pasted PromQL query dividing throttled CFS periods by all periods, with its result
    on the same line or one of the next few (`=> 0.72`, `{} 0.72`, `72 %`): a hit when at
    least MIN_THROTTLED_SHARE of the periods were throttled."""
    for index, line in enumerate(lines):
        if "throttled" not in line or _THROTTLED_QUERY.search(line) is None:
            continue
        for offset, candidate in enumerate(lines[index : index + _RESULT_LINES]):
            tail = candidate if offset else candidate[candidate.rfind(")") + 1 :]
            result = _RESULT.search(tail.strip())
            if result is None:
                continue
            share = float(result.group("value")) / (100 if result.group("pct") else 1)
            if share >= MIN_THROTTLED_SHARE:
                fragment = f"{share:.0%} of CFS periods throttled"
                return [Hit(index + offset, candidate, _THROTTLE_RULE, (fragment,), True)]
            break
    return []


# --- kubectl rollout status ------------------------------------------------------------------

_WAITING = re.compile(r"\bWaiting for .{0,80}?\broll(?:ing)? ?out to finish\b", re.IGNORECASE)
_GAVE_UP = re.compile(
    r"\b(?:timed out waiting for the condition|timed out waiting for rollout|"
    r"exceeded its progress deadline|has failed progressing|deadline exceeded)\b",
    re.IGNORECASE,
)
_ROLLOUT_RULE = Rule("rollout_failure", frozenset(), re.compile("$^"))


def rollout_wait_timed_out(lines: Sequence[str]) -> list[Hit]:
    """`kubectl rollout status` printing its progress ("Waiting for deployment "x" rollout to
    finish: 1 of 3 updated replicas are available...") and then giving up ("error: timed out
    waiting for the condition"): the rollout did not finish. Progress lines alone say
    nothing."""
    waiting = -1
    for index, line in enumerate(lines):
        if "to finish" in line and _WAITING.search(line):
            waiting = index
        elif waiting >= 0 and _GAVE_UP.search(line):
            fragment = "the rollout did not finish before kubectl stopped waiting"
            return [Hit(index, line, _ROLLOUT_RULE, (fragment,), True)]
    return []


# --- slow answers as databases and PromQL report them ----------------------------------------

_LATENCY_RULE = Rule("high_latency", frozenset(), re.compile("$^"))
SLOW_MS = 1000.0
_SLOWLOG_DURATION = re.compile(r"^(?:\d+\)[ \t]+)*3\)[ \t]+\(integer\)[ \t]+(?P<us>\d+)$")


def redis_slowlog(lines: Sequence[str]) -> list[Hit]:
    """Redis `SLOWLOG GET` output: the entry whose duration (its third field, in
    microseconds) is the longest, when it took at least SLOW_MS."""
    start = next((i for i, line in enumerate(lines) if "SLOWLOG GET" in line.upper()), -1)
    if start < 0:
        return []
    slowest: tuple[float, int] | None = None
    for index in range(start + 1, len(lines)):
        match = _SLOWLOG_DURATION.match(lines[index])
        if match is not None:
            ms = int(match.group("us")) / 1000
            if slowest is None or ms > slowest[0]:
                slowest = (ms, index)
    if slowest is None or slowest[0] < SLOW_MS:
        return []
    ms, index = slowest
    return [Hit(index, lines[index], _LATENCY_RULE, (f"a command took {ms:.0f} ms",), True)]


_QUANTILE_QUERY = re.compile(
    r"histogram_quantile\([ \t]*0?\.9\d*[ \t]*,.*_(?P<unit>seconds|milliseconds|ms)_bucket"
)
_SAMPLE = re.compile(r"^(?:\{[^}]*\}[ \t]*|=>[ \t]*)(?P<value>\d+(?:\.\d+)?)$")
_SAMPLE_LINES = 6


def quantile_result(lines: Sequence[str]) -> list[Hit]:
    """A pasted PromQL `histogram_quantile(0.9x, …_seconds_bucket…)` with its results on
    the next lines (`{method="Get"} 2.91`): a hit on the slowest when it is at least
    SLOW_MS."""
    for index, line in enumerate(lines):
        query = _QUANTILE_QUERY.search(line) if "histogram_quantile" in line else None
        if query is None:
            continue
        scale = 1000.0 if query.group("unit") == "seconds" else 1.0
        samples = []
        for offset in range(1, _SAMPLE_LINES + 1):
            if index + offset >= len(lines):
                break
            sample = _SAMPLE.match(lines[index + offset])
            if sample is not None:
                samples.append((float(sample.group("value")) * scale, index + offset))
        if samples and max(samples)[0] >= SLOW_MS:
            ms, at = max(samples)
            return [Hit(at, lines[at], _LATENCY_RULE, (f"quantile {ms / 1000:g} s",), True)]
    return []


_ELAPSED = re.compile(r"^(?:(?P<days>\d+) days? )?(?P<h>\d+):(?P<m>\d\d):(?P<s>\d\d)(?:\.\d+)?$")
LONG_QUERY_S = 60


def long_running_queries(lines: Sequence[str]) -> list[Hit]:
    """A `pg_stat_activity` listing (columns state, duration and query, `|`-separated): the
    active query that has run longest, when it has run at least LONG_QUERY_S seconds."""
    columns: list[str] = []
    longest: tuple[int, int] | None = None
    for index, line in enumerate(lines):
        cells = [c.strip().lower() for c in line.split("|")]
        if "query" in cells and "state" in cells and ("duration" in cells or "age" in cells):
            columns = cells
            continue
        if not columns or len(cells) != len(columns):
            continue
        row = dict(zip(columns, cells, strict=True))
        elapsed = _ELAPSED.match(row.get("duration") or row.get("age") or "")
        if row.get("state") != "active" or elapsed is None:
            continue
        seconds = (
            int(elapsed.group("days") or 0) * 86400
            + int(elapsed["h"]) * 3600
            + int(elapsed["m"]) * 60
            + int(elapsed["s"])
        )
        if longest is None or seconds > longest[0]:
            longest = (seconds, index)
    if longest is None or longest[0] < LONG_QUERY_S:
        return []
    seconds, index = longest
    fragment = f"a query active for {seconds // 60} min"
    return [Hit(index, lines[index], _LATENCY_RULE, (fragment,), True)]
