"""Line-aware reading of alert and log text (pure).

A text is read as lines, within a bounded window (its head says what it is about, its tail
holds the crash). Lines that are not evidence are skipped: start-up flags and command-line
echoes (`-XX:+HeapDumpOnOutOfMemoryError`, `--oom-score-adj=-999`), config and metric dumps
(`oom_score_adj: -997`, `container_oom_events_total 0`), stack frames (`at …`,
`File "…", line N`, `goroutine N [`) and healthy access-log lines. Each remaining line gets at
most one category, the first rule of `graph.analysis.rules.RULES` that matches it
(`graph.analysis.matching`; what is not evidence is `graph.analysis.noise`), and structured
blocks (access logs, cgroup counters, `df`, consumer-lag tables) are read whole
(`graph.analysis.tables`).

The text's verdict is then its *final error block*: the last error-level line that names a
failure (the exception that ends a traceback, the `Caused by:` at the bottom of a Java chain,
the last `ERROR`/`FATAL`/`panic:` line). When that line only names a symptom (a crash, a
restart, a failed rollout), an earlier line naming a cause wins: a traceback that ends in a
generic crash but shows a missing module is a configuration error.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from graph.analysis.matching import Hit, hits
from graph.analysis.readouts import (
    cert_residual_time,
    long_running_queries,
    oom_kill_count,
    quantile_result,
    redis_slowlog,
    rollout_wait_timed_out,
    throttled_share,
)
from graph.analysis.rules import STRONG, WEAK_RULES
from graph.analysis.tables import (
    access_lines,
    access_log,
    cgroup_throttling,
    consumer_lag,
    df_full,
    slow_requests,
)
from graph.analysis.taxonomy import RANK, is_cause

__all__ = ["HEAD_CHARS", "MAX_LINE_CHARS", "TAIL_CHARS", "Hit", "Verdict", "verdict", "window"]

HEAD_CHARS = 4 * 1024
TAIL_CHARS = 20 * 1024
MAX_LINE_CHARS = 1024


@dataclass(frozen=True, slots=True)
class Verdict:
    """What one text says: the category, the line that decided it, every line of that
    category (evidence, in input order) and whether only weak hints were found."""

    category: str
    deciding: Hit
    hits: tuple[Hit, ...]
    weak: bool = False


def window(text: str) -> list[str]:
    """The stripped, non-empty lines of `text` that are read: all of a short text; of a text
    longer than HEAD_CHARS + TAIL_CHARS its head and its tail, cut at line boundaries. A line
    longer than MAX_LINE_CHARS keeps its head and tail."""
    if len(text) > HEAD_CHARS + TAIL_CHARS:
        head = text[:HEAD_CHARS].rsplit("\n", 1)[0]
        tail = text[-TAIL_CHARS:].split("\n", 1)[-1]
        text = head + "\n" + tail
    lines = []
    for raw in text.splitlines():
        line = raw.strip()
        if len(line) > MAX_LINE_CHARS:
            half = MAX_LINE_CHARS // 2
            line = line[:half] + " … " + line[-half:]
        if line:
            lines.append(line)
    return lines


# --- the verdict of one text ----------------------------------------------------------------


def verdict(lines: Sequence[str]) -> Verdict | None:
    """The category the text names (see the module docstring), or None when no line names a
    failure. Only weak hints give a Verdict with `weak` set."""
    parsed = access_lines(lines)
    # A client error (401, 404) in a line is what the line reports, not a healthy request.
    healthy = {i for i, (status, _) in parsed.items() if status < 400}
    failing = {i for i, (status, _) in parsed.items() if status >= 500 or status == 429}
    found = [h for h in hits(lines, skip=healthy, failing=failing) if h.rule.strength == STRONG]
    found += access_log(lines, parsed)
    found += cgroup_throttling(lines)
    found += df_full(lines)
    found += consumer_lag(lines)
    if parsed:
        found += slow_requests(lines, parsed)
    found += _readouts(lines)
    found = _not_recovered(found, lines)
    if not found:
        weak = hits(lines, rules=WEAK_RULES, skip=parsed)
        if not weak:
            return None
        last = weak[-1]
        return Verdict(
            last.category, last, tuple(h for h in weak if h.category == last.category), True
        )
    found.sort(key=lambda h: h.index)
    category, deciding = _decide(found)
    return Verdict(category, deciding, tuple(h for h in found if h.category == category))


_NEAR_LINES = 30


def _readouts(lines: Sequence[str]) -> list[Hit]:
    """The command outputs of `graph.analysis.readouts`, each read only when the text holds
    the word its output cannot lack."""
    text = "\n".join(lines)
    found: list[Hit] = []
    if "oom_kill" in text:
        found += oom_kill_count(lines)
    if "RESIDUAL TIME" in text:
        found += cert_residual_time(lines)
    if "cfs_throttled_periods" in text:
        found += throttled_share(lines)
    if "out to finish" in text:
        found += rollout_wait_timed_out(lines)
    if "SLOWLOG" in text or "slowlog" in text:
        found += redis_slowlog(lines)
    if "histogram_quantile" in text:
        found += quantile_result(lines)
    if "| query" in text:
        found += long_running_queries(lines)
    return found


# A later line that says the connection was made after all.
_CONNECTED = re.compile(
    r"(?<!not )(?<!never )\b(?:re)?connected (?:to|successfully|again|on attempt)\b"
    r"|(?<!no )(?<!not )\bconnection (?:re-?)?established\b|\bsuccessfully (?:re)?connected\b",
    re.IGNORECASE,
)


# A later event or line that says the node is ready again.
_NODE_READY = re.compile(
    r"(?-i:\bNodeReady\b)|\bnode \S+ (?:is )?(?:ready again|back to ready)\b", re.IGNORECASE
)


# A later event that says the volume was provisioned, attached or mounted after all.
_VOLUME_DONE = re.compile(
    r"(?-i:\b(?:ProvisioningSucceeded|SuccessfulAttachVolume)\b)|\bSuccessfully provisioned "
    r"volume\b|\b(?:AttachVolume\.Attach|MountVolume\.SetUp) succeeded\b",
    re.IGNORECASE,
)


def _not_recovered(found: list[Hit], lines: Sequence[str]) -> list[Hit]:
    """The hits without the failures that a later line says were overcome: a connection
    refused at start-up, then "connected to … on attempt 2"; a node not ready, then its
    NodeReady event (a target reported down is not a node and stays); a volume waiting to be
    provisioned or attached, then provisioned or attached."""
    kept = found
    if any(h.category == "connection_error" for h in kept):
        last = _last(lines, "onnect", _CONNECTED)
        kept = [h for h in kept if h.category != "connection_error" or h.index > last]
    if any(h.category == "node_health" and not h.rule.availability for h in kept):
        last = _last(lines, "eady", _NODE_READY)
        kept = [
            h for h in kept if h.category != "node_health" or h.rule.availability or h.index > last
        ]
    if any(h.category == "volume" for h in kept):
        last = _last(lines, "ucce", _VOLUME_DONE)
        kept = [h for h in kept if h.category != "volume" or h.index > last]
    return kept


def _last(lines: Sequence[str], word: str, pattern: re.Pattern[str]) -> int:
    """The index of the last line holding `word` that `pattern` finds, or -1."""
    return max(
        (i for i, line in enumerate(lines) if word in line and pattern.search(line)), default=-1
    )


def _decide(found: Sequence[Hit]) -> tuple[str, Hit]:
    errors = [h for h in found if h.error_level]
    final = (errors or found)[-1]
    present = {h.category for h in found}

    def rank(hit: Hit) -> float:
        explained = hit.rule.explained_by
        return RANK[explained] + 0.5 if explained in present else RANK[hit.category]

    if is_cause(final.category) and final.rule.explained_by not in present:
        return final.category, final
    # An earlier cause explains the final symptom when it was an error too, or close to it: a
    # warning about a refused connection that the log then recovered from explains nothing.
    causes = [
        h
        for h in found
        if is_cause(h.category) and (h.error_level or final.index - h.index <= _NEAR_LINES)
    ]
    pool = causes or list(found)
    best = min(pool, key=lambda h: (not h.error_level, rank(h), -h.index))
    if not causes and rank(final) <= rank(best):
        return final.category, final
    return best.category, best
