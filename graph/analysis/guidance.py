"""What the analyzer says per category (pure data): severity, finding, next steps, and the
values changes it may propose.

Templates may use {app}, {namespace}, {pod}, {dependency} and {resource}.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from graph.patching.remediation import Remediation, RemediationKind


@dataclass(frozen=True, slots=True)
class Guidance:
    """What the analyzer says for a category. `finding` completes "<app> …"; `actions` are the
    steps after the lead one (the values change, or why there is none); `why_manual` says why
    a person must act when no values change fits."""

    severity: str
    finding: str
    actions: tuple[str, ...]
    why_manual: str = ""


DOUBLE_MEMORY = Remediation(RemediationKind.RAISE_MEMORY, 2.0)
MORE_CPU = Remediation(RemediationKind.RAISE_CPU, 1.5)
RELAX_PROBES = Remediation(RemediationKind.RELAX_PROBES)
SCALE_OUT = Remediation(RemediationKind.SCALE_OUT, 1.5)
GROW_VOLUME = Remediation(RemediationKind.GROW_PERSISTENCE, 1.5)
REVERT_IMAGE = Remediation(RemediationKind.REVERT_IMAGE_TAG)

# The values change each category proposes by default; a rule or the scope (a node's disk or
# memory) may take it away. Categories absent here are advice-only.
REMEDIATIONS: Mapping[str, Remediation] = MappingProxyType(
    {
        "oom": DOUBLE_MEMORY,
        "cpu_throttling": MORE_CPU,
        "probe_failure": RELAX_PROBES,
        "disk_full": GROW_VOLUME,
        "high_latency": SCALE_OUT,
        "high_error_rate": SCALE_OUT,
        "image_pull": REVERT_IMAGE,
        "crashloop": REVERT_IMAGE,
        "rollout_failure": REVERT_IMAGE,
    }
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
NODE_DISK_REASON = (
    "the filesystem that is filling up is a node's disk, not a volume in the workload's values"
)
NODE_MEMORY_REASON = (
    "the memory that runs out is a node's, not a container limit in the workload's values"
)
NODE_CPU_REASON = (
    "the CPU that is saturated is a host's or a whole process's, not a container limit in the "
    "workload's values"
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
                "container limit to leave room for off-heap memory; for Redis or Elasticsearch, "
                "check maxmemory or the heap and circuit-breaker settings.",
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
        "tls_error": Guidance(
            "high",
            "cannot establish trusted TLS connections",
            (
                "Read the certificate the peer presents: openssl s_client -connect <host>:443 "
                "-servername <host> -showcerts.",
                "Check that the issuing CA is in the trust store of {app} (a private CA needs its "
                "bundle mounted) and that the name it dials is among the certificate's SANs.",
                "Check the TLS versions and ciphers both sides accept.",
            ),
            why_manual="trust stores, CA bundles and certificate names are fixed by whoever owns "
            "them, not by a values change",
        ),
        "image_pull": Guidance(
            "high",
            "cannot start because its container image cannot be pulled",
            (
                "Check that the image and tag in the values of {app} exist in the registry "
                "(manifest unknown means the tag does not).",
                "If access was denied, check the imagePullSecrets of {app} and the registry "
                "credentials; a rate limit (toomanyrequests) needs authenticated pulls or a "
                "mirror.",
                "If the registry could not be reached, check DNS, proxy and egress from the nodes.",
            ),
        ),
        "config_error": Guidance(
            "high",
            "is missing configuration it needs or cannot read it",
            (
                "Find the missing or invalid secret, config map, key, environment variable, "
                "config file or module named in the evidence: kubectl -n {namespace} describe "
                "pod {pod}.",
                "Create or fix it (or the name the values of {app} refer to), then restart {app}.",
                _RECENT,
            ),
            why_manual="the missing or broken configuration has to be supplied or fixed by a "
            "person",
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
        "dependency_limit": Guidance(
            "high",
            "has hit a limit of {dependency}",
            (
                "Find which limit it is from the evidence: the database's max_connections or "
                "maxclients, the client's pool size, a producer buffer, a circuit breaker or an "
                "API rate limit.",
                "Count who holds the connections (pg_stat_activity, SHOW PROCESSLIST, CLIENT "
                "LIST) and look for leaks or idle pools: replicas × pool size must stay below "
                "the server's limit.",
                "Put a pooler (PgBouncer, ProxySQL) in front, or raise the limit on the "
                "dependency's side if it has the memory for it.",
            ),
            why_manual="the limit belongs to the dependency or to how clients share it; raising "
            "it blindly moves the failure elsewhere",
        ),
        "scheduling": Guidance(
            "warning",
            "cannot get the capacity it needs from the cluster",
            (
                "Read why the scheduler refuses the pods: kubectl -n {namespace} get events "
                "--field-selector reason=FailedScheduling.",
                "Compare the requests of {app} with what nodes have free (kubectl describe nodes) "
                "and with the namespace's ResourceQuota (kubectl -n {namespace} describe quota).",
                "If an HPA is at its maximum, decide whether maxReplicas may rise or the cluster "
                "needs more nodes (the cluster autoscaler's events say why it did not scale up).",
            ),
            why_manual="capacity, quotas and autoscaling limits are the cluster's, and raising "
            "them is a decision about cost and room (raising an HPA's maxReplicas is not a "
            "values change this service makes yet)",
        ),
        "node_health": Guidance(
            "high",
            "runs on a node or scrape target that is not healthy",
            (
                "Check the node: kubectl get nodes; kubectl describe node <node> (conditions, "
                "kubelet and container runtime events).",
                "For a scrape target that is down, check that its pods are running and its "
                "endpoints are ready: kubectl -n {namespace} get endpoints.",
                "Check the node's kubelet, container runtime, network and clock (journalctl -u "
                "kubelet, chronyc tracking).",
            ),
            why_manual="a node or monitoring target has to be repaired or replaced by a person; "
            "no value of the workload fixes it",
        ),
        "volume": Guidance(
            "high",
            "cannot get its volume attached, mounted or provisioned",
            (
                "Read the volume events: kubectl -n {namespace} describe pod {pod} and kubectl "
                "-n {namespace} describe pvc.",
                "Check the StorageClass, the CSI driver's pods and logs, and whether another "
                "node still holds the volume (Multi-Attach).",
                "Check that the claim's size, access mode and zone can be satisfied.",
            ),
            why_manual="attaching, mounting and provisioning are done by the storage system, "
            "not by a values change",
        ),
        "rollout_failure": Guidance(
            "high",
            "has a rollout or job that does not complete",
            (
                "See what the rollout waits for: kubectl -n {namespace} rollout status; "
                "kubectl -n {namespace} describe deploy,sts,ds,job.",
                "Read the failing pods' logs and events (kubectl -n {namespace} get pods; "
                "logs --previous of a failed one).",
                _RECENT,
            ),
            why_manual="a stuck rollout or failed job needs its cause found; only a recent "
            "image change can be reverted safely",
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
