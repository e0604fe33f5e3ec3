"""The analyzer's knowledge (pure data): the ordered rule table and what to say per category.

`analyzer.py` holds the matching logic; this module holds only what it matches and says.
Every pattern matches within one line (no `\\s` or `\\W`, which cross newlines), so the lines
a rule matched are exactly the evidence for it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from graph.remediation import Remediation, RemediationKind


@dataclass(frozen=True, slots=True)
class Rule:
    """One line pattern that decides a category. `remediation` is what to propose when this
    rule wins; when it is None, `why_manual` (or the category's) says why a person must act.
    `finding`, when set, replaces the category's in the root cause."""

    category: str
    pattern: re.Pattern[str]
    remediation: Remediation | None = None
    why_manual: str = ""
    finding: str = ""


@dataclass(frozen=True, slots=True)
class Guidance:
    """What the analyzer says for a category. `finding` completes "<app> …"; `actions` are the
    steps after the lead one (the values change, or why there is none). Templates may use
    {app}, {namespace}, {pod}, {dependency} and {resource}."""

    severity: str
    finding: str
    actions: tuple[str, ...]
    why_manual: str = ""


def _rule(
    category: str,
    *alternatives: str,
    remediation: Remediation | None = None,
    why_manual: str = "",
    finding: str = "",
) -> Rule:
    pattern = re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)
    return Rule(category, pattern, remediation, why_manual, finding)


DOUBLE_MEMORY = Remediation(RemediationKind.RAISE_MEMORY, 2.0)
MORE_CPU = Remediation(RemediationKind.RAISE_CPU, 1.5)
RELAX_PROBES = Remediation(RemediationKind.RELAX_PROBES)
SCALE_OUT = Remediation(RemediationKind.SCALE_OUT, 1.5)
GROW_VOLUME = Remediation(RemediationKind.GROW_PERSISTENCE, 1.5)
REVERT_IMAGE = Remediation(RemediationKind.REVERT_IMAGE_TAG)

# First match wins. Causes come before the symptoms they produce: an OOMKilled container also
# crash-loops, a dependency that refuses connections makes the app panic, a missing secret
# stops the container before it can fail a probe. Probe failures come before connection errors
# because a failed probe says "connection refused" or "context deadline exceeded" about the
# pod itself, not about a dependency.
RULES: tuple[Rule, ...] = (
    _rule(
        "oom",
        r"oom[ _-]?kill(?:ed|er)?",  # OOMKilled, KubePodOOMKilled, oom-kill, OOM killer
        r"\bexit(?:[ _]?code|[ _]status|ed with(?: exit)? code)[:= ]+\"?137\b",
        r"\bkilled process \d+(?= \()",  # the kernel OOM killer's line
        remediation=DOUBLE_MEMORY,
        finding="was killed for exceeding its memory limit",
    ),
    _rule(
        "oom",
        r"out ?of ?memory(?:error)?",  # OutOfMemoryError, Go/Node/kernel "out of memory"
        r"java heap space",
        r"\bMemoryError\b",
        r"reached heap limit",
        remediation=DOUBLE_MEMORY,
    ),
    _rule(
        "oom",
        r"memory (?:usage )?(?:is )?(?:at|above|near|close to) (?:\d+(?:\.\d+)?% of )?"
        r"(?:its |the )?(?:memory )?limit",
        remediation=DOUBLE_MEMORY,
        finding="is about to run out of memory",
    ),
    # A pod evicted for using more memory than it requested needs a larger request; the
    # memory remediation raises the request with the limit.
    _rule(
        "evicted",
        r"low on resource: memory(?=[^\n]*(?:larger consumption of memory|exceeds its request))",
        remediation=DOUBLE_MEMORY,
    ),
    _rule(
        "evicted",
        r"\bevicted\b",
        r"\beviction\b",
        r"low on resource",
        r"(?:memory|disk|pid)[ _-]?pressure",
    ),
    _rule(
        "disk_full",
        r"NodeFilesystem",
        r"filesystem on /dev/[\w/-]+(?=[^\n]*(?:space|inodes) left)",
        why_manual="the filesystem that is filling up is a node's disk, not a volume in the "
        "workload's values",
    ),
    _rule(
        "disk_full",
        r"no space left on device",
        r"\bENOSPC\b",
        r"disk (?:is )?full",
        r"out of (?:disk )?space",
        r"PersistentVolume ?(?:Inodes ?)?FillingUp",
        r"(?:disk|volume|file ?system|pvc)[^\n]{0,60}?(?:almost|nearly|is) full",
        r"expected to fill up",
        r"only \d+(?:\.\d+)?% (?:free|available)",
        r"disk quota exceeded",
        r"flood[ -]stage",
        remediation=GROW_VOLUME,
    ),
    _rule(
        "too_many_open_files",
        r"too many open files",
        r"\bE[MN]FILE\b",
        r"file ?descriptors?[ _]?(?:limit|exhausted|usage)",
    ),
    _rule(
        "cert_expiry",
        r"certificate has expired",
        r"cert(?:ificate)?s?[ _-]?(?:is |will |has )?expir\w*",  # CertExpirySoon, cert expires
        r"certificate (?:used [^\n]{0,60}?)?is expiring",
        r"(?:ssl|tls|x509)(?: certificate|:)[^\n]{0,40}?expir\w*",
        r"\bCERT_HAS_EXPIRED\b",
    ),
    _rule(
        "image_pull",
        r"ImagePullBackOff",
        r"ErrImage(?:Never)?Pull",
        r"InvalidImageName",
        r"failed to pull(?: and unpack)? image",
        r"back-?off pulling image",
        r"manifest unknown",
        r"pull access denied",
        remediation=REVERT_IMAGE,
    ),
    _rule(
        "config_error",
        r"CreateContainerConfigError",
        r"\b(?:secrets?|configmaps?|config ?map) \"?[\w.-]+\"? not found",
        r"couldn't find key \S+(?: in (?:Secret|ConfigMap) \S+)?",
        r"(?-i:KeyError: ['\"][A-Z][A-Z0-9_]*['\"])",  # os.environ["DATABASE_URL"]
        r"\benv(?:ironment)? var(?:iable)?s?\b[^\n]{0,60}?"
        r"(?:not set|missing|required|undefined|is empty|must be set)",
        r"missing (?:required )?env(?:ironment)? var",
        r"required key \S+ missing value",  # Go envconfig
        r"\brequired [^\n]{0,60}?not set",
        r"could not resolve placeholder '[^'\n]+'",  # Spring
        r"(?:failed|unable) to (?:load|parse|read) (?:the )?config",
        r"error (?:loading|parsing|reading) (?:the )?config",
        r"invalid config(?:uration)?\b",
    ),
    _rule(
        "cpu_throttling",
        r"cpu[ _-]?throttl\w*",
        r"throttl\w* (?:of )?cpu",
        r"cfs[ _]throttled",
        remediation=MORE_CPU,
    ),
    _rule(
        "probe_failure",
        r"(?:liveness|readiness|startup) probe (?:failed|errored|timed out|timeout)",
        r"failed (?:liveness|readiness|startup) probe",
        r"(?:liveness|readiness|startup) probes? (?:is |are )?(?:failing|timing out)",
        remediation=RELAX_PROBES,
    ),
    # nginx timing out while *reading* from a connected upstream means the upstream is slow,
    # not unreachable; the same line says "Connection timed out", so it must come first.
    _rule(
        "high_latency",
        r"timed out(?=[^\n]*while reading (?:response header from )?upstream)",
        remediation=SCALE_OUT,
    ),
    _rule(
        "connection_error",
        r"connection refused",
        r"connection reset",
        r"connection timed out",
        r"connect timed out",
        r"\bECONN(?:REFUSED|RESET|ABORTED)\b",
        r"\bE(?:TIMEDOUT|HOSTUNREACH|NOTFOUND|AI_AGAIN)\b",
        r"i/o timeout",
        r"no such host",
        r"name or service not known",
        r"temporary failure in name resolution",
        r"could not resolve host",
        r"no route to host",
        r"network is unreachable",
        r"upstream connect error",
        r"could not connect to",
        r"communications link failure",  # MySQL JDBC
        r"could not be established",  # Kafka clients
        r"broker may not be available",
        r"Client\.Timeout exceeded",
        r"context deadline exceeded",
        r"\bDeadlineExceeded\b",
        r"code = Unavailable",
    ),
    _rule(
        "crashloop",
        r"CrashLoop\w*",  # CrashLoopBackOff, KubePodCrashLooping
        r"back-?off restarting failed container",
        r"is restarting [\d.]+ times",
        r"\bpanic: ",
        r"\bpanick(?:ing|ed)\b",
        r"\bfatal error: ",
        r"\bSIGSEGV\b",
        r"segmentation fault",
        r"Traceback \(most recent call last\)",
        remediation=REVERT_IMAGE,
    ),
    _rule(
        "high_error_rate",
        r"\b5xx\b",
        r"High5\d\d",
        r"errors?(?:[ _-]?log)?[ _-]?(?:rate|ratio)",
        r"ErrorsHigh",
        r"ErrorBudget",
        r"\b(?:HTTP|status(?:[ _]?code)?)[ :=/\"]*5\d\d\b",
        r"\b50[0234] (?:Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)",
        r"high (?:rate of )?errors",
        remediation=SCALE_OUT,
    ),
    _rule(
        "high_latency",
        r"latency",
        r"\bp9[059]\b",
        r"\b9[059](?:th)? percentile",
        r"response[ _-]?time",
        r"request[ _-]?duration",
        r"\bslow",
        remediation=SCALE_OUT,
    ),
)

# Signs that a workload is short of capacity, which is when more replicas help latency and
# error rates. `load` alone is a word, but "load balancer" is not load.
LOAD_HINT = re.compile(
    r"traffic|\bload\b(?! ?balanc)|overload|saturat|requests? per second|\b(?:rps|qps|req/s)\b"
    r"|request (?:rate|volume) (?:is )?(?:up|high|increas|doubl|spik)|queue (?:depth|length|size)"
    r"|backlog|concurren|HpaMaxedOut|max(?:imum)? replicas|maxed out"
    r"|high cpu|cpu (?:usage|utili[sz]ation)|cpu (?:is )?(?:high|pegged)",
    re.IGNORECASE,
)
NO_LOAD_REASON = (
    "the alert shows no sign of load (traffic, saturation, CPU, queue depth, HPA at its "
    "maximum), so more replicas would not obviously help"
)

REMEDIATION_ACTIONS: Mapping[RemediationKind, str] = MappingProxyType(
    {
        RemediationKind.RAISE_MEMORY: "Raise the memory limit of {app} ×{factor} in its Helm "
        "values; the request rises in the same ratio.",
        RemediationKind.RAISE_CPU: "Raise the CPU limit of {app} ×{factor} in its Helm values.",
        RemediationKind.RELAX_PROBES: "Relax the probes of {app} in its Helm values: raise "
        "timeoutSeconds, failureThreshold and initialDelaySeconds.",
        RemediationKind.SCALE_OUT: "Scale {app} out ×{factor} (replicaCount) to absorb the "
        "load; with an HPA, raise its maxReplicas instead.",
        RemediationKind.GROW_PERSISTENCE: "Grow the volume of {app} ×{factor} "
        "(persistence.size); its StorageClass must allow volume expansion.",
        RemediationKind.REVERT_IMAGE_TAG: "If image.tag of {app} changed recently in git "
        "history, revert it to the previous tag; without such a change no values change is "
        "proposed and the steps below apply.",
    }
)

_LOGS = "Read the logs of the crashed container: kubectl -n {namespace} logs {pod} --previous."
_EVENTS = "Read the events: kubectl -n {namespace} get events --sort-by=.lastTimestamp."
_RECENT = "Check what changed recently: deploys, image tags and values in git history."

GUIDANCE: Mapping[str, Guidance] = MappingProxyType(
    {
        "oom": Guidance(
            "high",
            "ran out of memory",
            (
                "Compare the memory use of {app} (container_memory_working_set_bytes) with its "
                "limit over the last days: steady growth means a leak, a step means more work.",
                "For a JVM, keep the heap (-Xmx or -XX:MaxRAMPercentage) well below the "
                "container limit to leave room for off-heap memory.",
                "Watch the restarts after the change: kubectl -n {namespace} get pods -w.",
            ),
        ),
        "evicted": Guidance(
            "warning",
            "was evicted because its node ran low on {resource}",
            (
                "See which pods use more than they request: kubectl -n {namespace} top pods.",
                "Set requests close to real use (memory, ephemeral-storage) so the scheduler "
                "places {app} on a node with room.",
                "For ephemeral-storage, cap emptyDir volumes with sizeLimit or move the data to "
                "a PersistentVolume.",
                "Check the node's pressure conditions: kubectl describe node <node>.",
            ),
            why_manual="the eviction comes from node pressure, not from a setting of the workload "
            "alone",
        ),
        "disk_full": Guidance(
            "high",
            "is running out of disk space",
            (
                "Find what fills the disk (df -h and du -sh inside the pod of {app}, or on the "
                "node).",
                "Set retention or clean up (logs, WAL, old data) so it does not fill up again.",
            ),
        ),
        "too_many_open_files": Guidance(
            "high",
            "has run out of file descriptors",
            (
                "Count the open files of {app} (ls /proc/1/fd | wc -l in the container, or "
                "process_open_fds) and compare with the limit (process_max_fds).",
                "Look for a descriptor leak: connections or files opened and never closed.",
                "If the use is legitimate, raise the nofile ulimit of the container runtime or "
                "node.",
            ),
            why_manual="the open-files limit comes from the container runtime or node, not from "
            "the chart values",
        ),
        "cert_expiry": Guidance(
            "warning",
            "uses a TLS certificate that has expired or is about to",
            (
                "Find which certificate it is and who issues it: kubectl -n {namespace} get "
                "certificates,secrets.",
                "Renew it (cert-manager: kubectl cert-manager renew <name>) and check why the "
                "automatic renewal did not happen.",
                "Restart the pods that load the certificate only at start-up.",
            ),
            why_manual="a certificate is renewed by its issuer, not by a values change",
        ),
        "image_pull": Guidance(
            "high",
            "cannot start because its container image cannot be pulled",
            (
                "Check that the image and tag in the values of {app} exist in the registry "
                "(manifest unknown means the tag does not).",
                "If access was denied, check the imagePullSecrets of {app} and the registry "
                "credentials.",
                "If the registry could not be reached, check DNS, proxy and egress from the nodes.",
            ),
        ),
        "config_error": Guidance(
            "high",
            "is missing configuration it needs",
            (
                "Find the missing secret, config map, key or environment variable named in the "
                "evidence: kubectl -n {namespace} describe pod {pod}.",
                "Create it, or fix the name the values of {app} refer to, then restart {app}.",
            ),
            why_manual="the missing configuration has to be supplied by a person",
        ),
        "cpu_throttling": Guidance(
            "warning",
            "is being throttled at its CPU limit",
            (
                "Compare the CPU use of {app} with its limit "
                "(container_cpu_usage_seconds_total, container_cpu_cfs_throttled_periods_total).",
                "If the use is only bursty, consider dropping the CPU limit and keeping the "
                "request.",
            ),
        ),
        "probe_failure": Guidance(
            "warning",
            "is failing its health probes",
            (
                "Check why the probe endpoint of {app} is slow or down: kubectl -n {namespace} "
                "describe pod {pod}.",
                "If {app} starts slowly, a startupProbe keeps the liveness probe from killing it.",
                "Make sure the probe checks only the pod itself, not its dependencies.",
            ),
        ),
        "connection_error": Guidance(
            "high",
            "cannot reach {dependency}",
            (
                "Check that {dependency} is up and has ready endpoints.",
                "Check DNS, NetworkPolicies and firewalls between {app} and {dependency}.",
                "Check the address {app} is configured with, and its connection timeouts and "
                "retries.",
            ),
            why_manual="the dependency has to be made reachable; no value of the workload "
            "fixes that",
        ),
        "crashloop": Guidance(
            "high",
            "keeps crashing and Kubernetes is backing off its restarts",
            (
                _LOGS,
                "Look at the last termination reason and exit code: kubectl -n {namespace} "
                "describe pod {pod}.",
                _RECENT,
            ),
        ),
        "high_error_rate": Guidance(
            "high",
            "is answering a high share of requests with errors",
            (
                "Find which routes and status codes fail in the logs and metrics of {app}.",
                "Check the dependencies of {app} and anything it logs as an error.",
                _RECENT,
            ),
        ),
        "high_latency": Guidance(
            "warning",
            "is responding slowly",
            (
                "Find which routes are slow and whether a dependency (database, upstream API) "
                "is the slow part.",
                "Check CPU throttling, garbage collection and connection-pool waits of {app}.",
                _RECENT,
            ),
        ),
        "unknown": Guidance(
            "warning",
            "raised an alert that matches no known failure pattern",
            (
                "Read the recent logs: kubectl -n {namespace} logs {pod} --since=1h.",
                _EVENTS,
                _RECENT,
            ),
            why_manual="the alert matched no known failure pattern",
        ),
    }
)
