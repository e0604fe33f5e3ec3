"""Line-aware reading of alert and log text (pure).

A text is read as lines, within a bounded window (its head says what it is about, its tail
holds the crash). Lines that are not evidence are skipped: start-up flags and command-line
echoes (`-XX:+HeapDumpOnOutOfMemoryError`, `--oom-score-adj=-999`), config and metric dumps
(`oom_score_adj: -997`, `container_oom_events_total 0`), stack frames (`at …`,
`File "…", line N`, `goroutine N [`) and healthy access-log lines. Each remaining line gets at
most one category, the first rule of `graph.analysis.rules.RULES` that matches it.

The text's verdict is then its *final error block*: the last error-level line that names a
failure (the exception that ends a traceback, the `Caused by:` at the bottom of a Java chain,
the last `ERROR`/`FATAL`/`panic:` line). When that line only names a symptom (a crash, a
restart, a failed rollout), an earlier line naming a cause wins: a traceback that ends in a
generic crash but shows a missing module is a configuration error.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate, islice

from graph.analysis.rules import RULES, STRONG, WEAK_RULES, Rule
from graph.analysis.taxonomy import RANK, is_cause

HEAD_CHARS = 4 * 1024
TAIL_CHARS = 20 * 1024
MAX_LINE_CHARS = 1024

# --- lines that are not evidence ------------------------------------------------------------

# Command-line flags are removed from a line before it is matched: they name options, not
# events (`-XX:+ExitOnOutOfMemoryError`, `--memory-limit=2Gi`, `-Xmx512m`).
_FLAG = re.compile(r"(?<![\w/.-])--?[A-Za-z][\w.:+-]*(?:=\S*)?|\b\w*oom_score_adj\w*[\":= ]*-?\d+")
_METRIC = re.compile(
    r"^[A-Za-z_:][\w:]*(?:\{[^}]*\})?[ \t]+[-+]?(?:\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|NaN|Inf)"
    r"(?:[ \t]+\d+)?$"
)
_FRAME = re.compile(
    r"^(?:# (?:HELP|TYPE|UNIT) "  # metric exposition comments
    r"|at [\w$.<>/:\[\]-]+[(\[]"  # Java, Node
    r"|at (?:async )?[\w$.<>]+ \("  # Node
    r"|File \".*\", line \d+"  # Python
    r"|goroutine \d+ \["  # Go
    r"|[\w./-]+\.(?:go|rs|py|js|ts|java|rb|c|cc|cpp):\d+"  # source positions
    r"|\d+: 0x[0-9a-f]+"  # Node native frames
    r"|\.\.\. \d+ (?:more|common frames omitted)"
    r"|#\d+ +0x[0-9a-f]+)"
)
_CONFIG_ECHO = re.compile(
    r"^[\"']?[A-Za-z_][\w.-]*[\"']?[ \t]*[:=][ \t]*[\"']?"
    r"(?:-?\d+(?:\.\d+)?[A-Za-z%]{0,3}|true|false|yes|no|on|off|null|none|nil)[\"']?,?$",
    re.IGNORECASE,
)
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
_ERROR_LEVEL = re.compile(
    r"(?-i:\b(?:ERROR|ERR|FATAL|CRITICAL|CRIT|SEVERE|PANIC|EMERG|ALERT)\b)"
    r"|\blevel[\"']?[ \t]*[:=][ \t]*[\"']?(?:error|err|fatal|panic|crit|critical|emerg)\b"
    r"|^[EF]\d{4} |\[(?:error|crit|alert|emerg)\]|\b(?:error|fatal|panic):"
    r"|\w(?:Exception|Error)\b|^Caused by:|\bTraceback\b|^Warning[ \t]+\w"
    r"|\bexception\b|\bfailed\b|\bfailure\b|\bkilled\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Hit:
    """One line that names a failure: its index in the read window, the line as given
    (stripped), the rule that matched, the matched words, and whether it is error-level."""

    index: int
    line: str
    rule: Rule
    fragments: tuple[str, ...]
    error_level: bool

    @property
    def category(self) -> str:
        """The category the line names."""
        return self.rule.category


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


def is_noise(line: str) -> bool:
    """Whether a line is not evidence: a metric sample, a stack frame or a config echo."""
    return bool(_METRIC.match(line) or _FRAME.match(line) or _CONFIG_ECHO.match(line))


def strip_flags(line: str) -> str:
    """The line without command-line flags and oom_score_adj settings."""
    return _FLAG.sub(" ", line) if "-" in line or "oom_score_adj" in line else line


class _Needles:
    """Which rules each needle opens, for one rule table."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        opened: dict[str, set[int]] = {}
        for position, rule in enumerate(self.rules):
            for needle in rule.needles:
                opened.setdefault(needle, set()).add(position)
        self.opened = {needle: frozenset(ids) for needle, ids in opened.items()}
        self.encoded = frozenset(needle.encode() for needle in self.opened)


_TABLES = {id(RULES): _Needles(RULES), id(WEAK_RULES): _Needles(WEAK_RULES)}
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
# Everything but ASCII letters and digits becomes a space: the words of a lowered text.
_NOT_WORD = bytes.maketrans(
    bytes(range(256)),
    bytes(
        b if chr(b).isascii() and chr(b).isalnum() and not chr(b).isupper() else 32
        for b in range(256)
    ),
)


def _candidate_lines(
    lines: Sequence[str], table: _Needles, skip: Container[int] = ()
) -> dict[int, set[str]]:
    """line index → the needles it holds, for the lines that hold any (lines in `skip` hold
    none). The text's words are collected once (C speed); only the needles present are then
    located."""
    if skip:
        lines = ["" if index in skip else line for index, line in enumerate(lines)]
    joined = "\n".join(lines).lower()
    words = set(joined.encode("utf-8", "ignore").translate(_NOT_WORD).split())
    needles = [word.decode() for word in words & table.encoded]
    if not needles:
        return {}
    starts = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    per_line: dict[int, set[str]] = {}
    end = len(joined)
    for needle in needles:
        size = len(needle)
        position = joined.find(needle)
        while position != -1:
            after = position + size
            if (position and joined[position - 1] in _WORD_CHARS) or (
                after < end and joined[after] in _WORD_CHARS
            ):  # inside a longer word: not this needle
                position = joined.find(needle, after)
                continue
            index = bisect_right(starts, position) - 1
            per_line.setdefault(index, set()).add(needle)
            position = joined.find(needle, starts[index + 1] if index + 1 < len(starts) else end)
    return per_line


def hits(
    lines: Sequence[str],
    *,
    rules: Sequence[Rule] = RULES,
    skip: Container[int] = (),
    failing: Container[int] = (),
) -> list[Hit]:
    """The lines that name a failure, one rule each (the first that matches), skipping the
    lines that are not evidence and the lines in `skip` (healthy access-log lines); the
    `failing` access-log lines are not read as an error rate."""
    table = _TABLES.get(id(rules)) or _Needles(rules)
    found: list[Hit] = []
    for index, needles in sorted(_candidate_lines(lines, table, skip).items()):
        line = lines[index]
        if is_noise(line):
            continue
        opened = set().union(*(table.opened[needle] for needle in needles))
        candidates = [table.rules[position] for position in sorted(opened)]
        # A failing request line is read for what it ran into, not as an error rate: the
        # share of failing requests decides that (`access_log`).
        other = _NOT_RATES if index in failing else ()
        hit = _first_match(index, line, strip_flags(line), candidates, skip=other)
        if hit is not None:
            found.append(hit)
    return found


def _first_match(
    index: int, line: str, text: str, candidates: Iterable[Rule], *, skip: Container[str] = ()
) -> Hit | None:
    decided: Hit | None = None
    lowered = text.lower()
    for rule in candidates:
        if rule.category in skip:
            continue
        if decided is not None and (rule.category != decided.category or not rule.support):
            continue
        # Only the branches whose words the line holds can match it.
        pattern = rule.pattern_for(word for word in rule.owners if word in lowered)
        found = [m for m in islice(pattern.finditer(text), _MAX_MATCHES) if m.group(0).strip()]
        if rule.category in _MEASURED:
            found = [m for m in found if not _said_normal(text, m.end(), rule.category)]
        found = [m for m in found if not _low_usage(m.group(0))]
        matches = [" ".join(m.group(0).split()) for m in found]
        if not matches:
            continue
        if decided is None:
            if rule.support:
                continue
            decided = Hit(index, line, rule, tuple(matches), bool(_ERROR_LEVEL.search(line)))
        else:
            decided = Hit(
                index, line, decided.rule, decided.fragments + tuple(matches), decided.error_level
            )
    return decided


# A measured symptom stated as normal is not the problem: "p99 latency 180ms (normal)",
# "error ratio 0.3%" beside the figure that is.
_MEASURED = frozenset({"high_latency", "high_error_rate"})
_NOT_RATES = frozenset({"high_error_rate"})
_CLAUSE_END = re.compile(r"[;,]|\.(?:\s|$)")
_NORMAL = re.compile(
    r"\b(?:normal|ok|okay|fine|healthy|as usual|nominal|unchanged|stable|within (?:the )?"
    r"(?:slo|target|budget|limits?|threshold))\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"(\d+(?:\.\d+)?) ?%")
_SMALL_ERROR_SHARE = 1.0


_USAGE = re.compile(r"\b(?:usage|used|utili[sz]ation|consumption|use|full)\b", re.IGNORECASE)
HIGH_USAGE_PERCENT = 70.0
_MAX_MATCHES = 8  # of one rule on one line: enough for the root cause's words


def _low_usage(matched: str) -> bool:
    """Whether a usage figure is too low to be a problem ("memory usage 40% of its limit");
    a share free or left is read the other way and is not judged here."""
    if "%" not in matched:
        return False
    share = _PERCENT.search(matched)
    return (
        share is not None
        and _USAGE.search(matched) is not None
        and float(share.group(1)) < HIGH_USAGE_PERCENT
    )


def _said_normal(text: str, end: int, category: str) -> bool:
    """Whether the clause after a match says the figure is normal (or, for an error rate, is
    below 1 %)."""
    clause_end = _CLAUSE_END.search(text, end)
    clause = text[end : clause_end.start() if clause_end else len(text)][:60]
    if _NORMAL.search(clause):
        return True
    if category == "high_error_rate":
        share = _PERCENT.search(clause)
        return share is not None and float(share.group(1)) < _SMALL_ERROR_SHARE
    return False


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
    if "HTTP/" in line:
        match = _ACCESS_REQUEST.search(line, max(0, line.find('"') - 1))
        if match is not None:
            return int(match.group("status")), match.group("flags") or "-"
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
    if total < MIN_ACCESS_LINES or len(failing) < max(2, MIN_ERROR_SHARE * total):
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


# --- the verdict of one text ----------------------------------------------------------------


def verdict(lines: Sequence[str]) -> Verdict | None:
    """The category the text names (see the module docstring), or None when no line names a
    failure. Only weak hints give a Verdict with `weak` set."""
    parsed = access_lines(lines)
    healthy = {i for i, (status, _) in parsed.items() if status < 500 and status != 429}
    failing = set(parsed) - healthy
    found = [h for h in hits(lines, skip=healthy, failing=failing) if h.rule.strength == STRONG]
    found += access_log(lines, parsed)
    found += cgroup_throttling(lines)
    found += df_full(lines)
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


def _decide(found: Sequence[Hit]) -> tuple[str, Hit]:
    errors = [h for h in found if h.error_level]
    final = (errors or found)[-1]
    if is_cause(final.category):
        return final.category, final
    # An earlier cause explains the final symptom when it was an error too, or close to it: a
    # warning about a refused connection that the log then recovered from explains nothing.
    causes = [
        h
        for h in found
        if is_cause(h.category) and (h.error_level or final.index - h.index <= _NEAR_LINES)
    ]
    pool = causes or list(found)
    best = min(pool, key=lambda h: (not h.error_level, RANK[h.category], -h.index))
    if not causes and RANK[final.category] <= RANK[best.category]:
        return final.category, final
    return best.category, best
