"""What in a line is not evidence (pure): command-line flags, metric samples, stack frames and
config echoes (whole lines), and, within a line, a failure word negated ("no errors",
"OOMKilled=false"), a measured figure said to be normal ("p99 180ms (normal)", "error ratio
0.3 %") and a usage figure too low to matter ("memory usage 40 %").

`graph.analysis.matching` asks these questions of every line and match it reads.
"""

from __future__ import annotations

import re

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
    # source positions, not klog's header nor runc's "standard_init_linux.go:228: message"
    r"|[\w./-]+\.(?:go|rs|py|js|ts|java|rb|c|cc|cpp):\d+(?![\d\]])(?!: \S)"
    r"(?!.*\((?:[A-Z]\w*::)*[A-Z]\w*(?:Error|Exception)\)$)"  # Ruby's error line names its class
    r"|\d+: 0x[0-9a-f]+"  # Node native frames
    r"|\.\.\. \d+ (?:more|common frames omitted)"
    r"|#\d+ +0x[0-9a-f]+)"
)
_CONFIG_ECHO = re.compile(
    r"^[\"']?[A-Za-z_][\w.-]*[\"']?[ \t]*[:=][ \t]*[\"']?"
    r"(?:-?\d+(?:\.\d+)?[A-Za-z%]{0,3}|true|false|yes|no|on|off|null|none|nil)[\"']?,?$",
    re.IGNORECASE,
)


# A row of `kubectl describe node`'s Conditions table that says the node is fine: a pressure
# or problem condition False, Ready True. Its reason and message still name the condition.
_HEALTHY_CONDITION = re.compile(
    r"^(?:\w*Pressure|NetworkUnavailable|KernelDeadlock|ReadonlyFilesystem|\w+Problem|"
    r"Frequent\w+Restart|CorruptDockerOverlay2)[ \t]+False\b|^Ready[ \t]+True\b"
)
# A pod's tolerations as `kubectl describe pod` lists them (every pod tolerates
# `node.kubernetes.io/unreachable` for 300 s by default): settings, not events.
_TOLERATION = re.compile(
    r"^(?:Tolerations:[ \t]+)?node\.kubernetes\.io/[\w-]+:(?:NoExecute|NoSchedule|"
    r"PreferNoSchedule)\b"
)
# A line that says its own problem is over ("Warning  FailedMount  kubelet  (resolved)") or
# reports a check that passed ("disk usage check: OK (threshold 85%)").
_RESOLVED = re.compile(
    r"\((?:resolved|recovered|cleared)\)$|\bcheck(?:ed|s)?:? (?:OK|passed)\b", re.IGNORECASE
)


def is_noise(line: str) -> bool:
    """Whether a line is not evidence: a metric sample, a stack frame, a config echo, a
    healthy row of a node's Conditions table, a pod's tolerations or a line marked
    resolved."""
    return bool(
        _METRIC.match(line)
        or _FRAME.match(line)
        or _CONFIG_ECHO.match(line)
        or _HEALTHY_CONDITION.match(line)
        or _TOLERATION.match(line)
        or _RESOLVED.search(line)
    )


def strip_flags(line: str) -> str:
    """The line without command-line flags and oom_score_adj settings."""
    return _FLAG.sub(" ", line) if "-" in line or "oom_score_adj" in line else line


# A measured symptom stated as normal is not the problem: "p99 latency 180ms (normal)",
# "error ratio 0.3%" beside the figure that is.
MEASURED = frozenset({"high_latency", "high_error_rate"})
_CLAUSE_END = re.compile(r"[;,]|\.(?:\s|$)")
_NORMAL = re.compile(
    r"\b(?:normal|ok|okay|fine|healthy|as usual|nominal|unchanged|stable|within (?:the )?"
    r"(?:slo|target|budget|limits?|threshold))\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"(\d+(?:\.\d+)?) ?%")
_SMALL_ERROR_SHARE = 1.0


_DURATION = re.compile(r"\b(\d+(?:\.\d+)?) ?(ms|milliseconds?|s|secs?|seconds?)\b", re.IGNORECASE)
FAST_MS = 100.0


# An objective stated beside the figures: "(objective p99 < 500ms)", "target: under 2s".
_OBJECTIVE = re.compile(
    r"\b(?:objective|target|slo|threshold)\b[^;)]{0,20}?(?:<=?|≤|under|below)[ \t]*"
    r"(\d+(?:\.\d+)?) ?(ms|milliseconds?|s|secs?|seconds?)\b",
    re.IGNORECASE,
)


def _ms(number: str, unit: str) -> float:
    return float(number) * (1 if unit.lower().startswith("m") else 1000)


def fast(line: str) -> bool:
    """Whether every duration a line states is below FAST_MS ("p99 latency 41ms"), or within
    the objective the line states ("p99 210ms (objective p99 < 500ms)"): such a latency is a
    figure, not a complaint."""
    found = _DURATION.findall(line)
    if not found:
        return False
    if all(_ms(n, unit) < FAST_MS for n, unit in found):
        return True
    objective = _OBJECTIVE.search(line)
    if objective is None:
        return False
    limit = _ms(*objective.groups())
    return all(_ms(n, unit) <= limit for n, unit in found)


_USAGE = re.compile(r"\b(?:usage|used|utili[sz]ation|consumption|use|full)\b", re.IGNORECASE)
HIGH_USAGE_PERCENT = 70.0


def low_usage(matched: str) -> bool:
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


# A failure word negated is not evidence: "no errors", "0 failures", "not OOMKilled",
# "OOMKilled=false", "without restarts".
_NEGATION_BEFORE = re.compile(
    r"(?:\b(?:no|not|never|without|zero|none of the)|(?<![\w.,/:-])0)[ \t]+(?:[\w-]+[ \t]+)?$",
    re.IGNORECASE,
)
_NEGATION_AFTER = re.compile(
    r"^[\"']?[ \t]*[:=][ \t]*[\"']?(?:false|0(?![.,]?\d))\b", re.IGNORECASE
)
# A counter whose name the match is part of, read as zero: "nr_throttled 0",
# "container_cpu_cfs_throttled_periods_total rate 0" (a metric's name holds "_"; a table
# column after a status, "Evicted   0", is not a value of it).
_ZERO_AFTER_METRIC = re.compile(r"^(\w*)(?:\{[^}]*\})?[ \t]+(?:rate[ \t]+)?0(?![.,]?\d)\b")
_WORD_END = re.compile(r"\w*$")


# A match that ends in a count of errors which is zero: "config reload succeeded, 0 errors".
_NONE_AT_END = re.compile(
    r"(?:^|[\s,;(])(?:no|0|zero)[ \t]+(?:errors?|failures?|warnings?)$", re.IGNORECASE
)


def negated(text: str, match: re.Match[str]) -> bool:
    """Whether a match is negated by the words just before it or the value just after it,
    or ends in a count of errors that is zero."""
    start, end = match.start(), match.end()
    return bool(
        _NEGATION_BEFORE.search(text, max(0, start - 24), start)
        or _NEGATION_AFTER.match(text[end : end + 12])
        or _zero_counter(text, start, end)
        or _NONE_AT_END.search(match.group(0))
    )


def _zero_counter(text: str, start: int, end: int) -> bool:
    after = _ZERO_AFTER_METRIC.match(text[end : end + 48])
    if after is None:
        return False
    before = _WORD_END.search(text, max(0, start - 48), start)
    name = (before.group(0) if before else "") + text[start:end] + after.group(1)
    return "_" in name


def said_normal(text: str, end: int, category: str) -> bool:
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
