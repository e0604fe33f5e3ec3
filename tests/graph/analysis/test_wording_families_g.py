"""Failure families of the development cases G (issue 12, round 4), each worded as other
products and runtimes word it, plus the round's traps: every text must give the taxonomy's
category (tests/eval/README.md), and a healthy one `unknown`."""

from __future__ import annotations

import pytest

from graph.analysis import analyze
from receiver.ingest.events import build_log_text


def _alert(name: str, summary: str, description: str = "", **labels: str) -> str:
    """The category of an alert analysed the way the workflow does."""
    all_labels = {"alertname": name, "severity": "warning", **labels}
    annotations = {"summary": summary, "description": description}
    text = build_log_text(all_labels, annotations)
    return analyze(text, all_labels, annotations).category


def _log(text: str) -> str:
    """The category of a pasted log (a manual trigger)."""
    labels = {"alertname": "ManualTrigger", "namespace": "shop", "severity": "warning"}
    return analyze(text, labels).category


ALERTS: list[tuple[str, ...]] = [
    # the share of requests that end in a failing gRPC code
    ("high_error_rate", "LedgerRpcFailures", "Ledger RPCs: code=Internal on 7.5% of calls"),
]

LOGS = [
    # a filesystem's own quota (EDQUOT) is a full disk, not a namespace's quota
    ("disk_full", "rsync: write failed on /backup/db.tar: Disk quota exceeded (122)"),
    # runtimes refusing an allocation of a stated size
    ("oom", 'beam: hipe_alloc: Cannot allocate 41943040 bytes of memory (of type "code").'),
    (
        "oom",
        "numpy.core._exceptions._ArrayMemoryError: Unable to allocate 3.1 GiB for an array "
        "with shape (20000, 20000)",
    ),
    # message brokers and cluster drivers that reach no server
    ("connection_error", "pika.exceptions.AMQPConnectionError: (ConnectionRefusedError(111))"),
    ("connection_error", "nats: error: no servers available for connection"),
    (
        "connection_error",
        "cassandra.cluster.NoHostAvailable: ('Unable to complete the operation against any "
        "hosts', {})",
    ),
    ("connection_error", "panic: no reachable servers"),
    # pools and wait queues of other drivers
    (
        "dependency_limit",
        "ERROR cache: redis connection pool has been exhausted (maxTotal=16)",
    ),
    (
        "dependency_limit",
        "com.mongodb.MongoWaitQueueFullException: Too many threads are already waiting for a "
        "connection. Max number of threads (maxWaitQueueSize) of 500 has been exceeded.",
    ),
    # configuration files the parser rejects; a connection string the configuration lacks
    (
        "config_error",
        'yaml.parser.ParserError: while parsing a block mapping in "/etc/app/settings.yml"',
    ),
    ("config_error", "YAMLException: bad indentation of a mapping entry (12:3)"),
    ("config_error", "tomllib.TOMLDecodeError: Invalid value (at line 7, column 9)"),
    (
        "config_error",
        "System.InvalidOperationException: The ConnectionString property has not been initialized.",
    ),
    # a rollout that kubectl gave up waiting for; Argo CD's application conditions
    ("rollout_failure", 'error: deployment "web" timed out waiting for the rollout to finish'),
    ("rollout_failure", "Type: SyncError  Message: Failed sync attempt to 4f2a: one or more"),
]

HEALTHY = [
    "INFO amqp: connection to rabbitmq:5672 established (channel 1 open)",
    "pool stats: active=3 idle=5 waiting=0 exhausted=false",
    "loaded /etc/app/settings.yml (14 keys)",
]


@pytest.mark.parametrize(
    ("category", "name", "summary", "description"),
    [(*a, "") if len(a) == 3 else a for a in ALERTS],
    ids=[f"{n}-{a[0]}" for n, a in enumerate(ALERTS)],
)
def test_alerts_of_each_family_get_their_category(
    category: str, name: str, summary: str, description: str
) -> None:
    assert _alert(name, summary, description) == category


@pytest.mark.parametrize(
    ("category", "text"), LOGS, ids=[f"{n}-{c}" for n, (c, _) in enumerate(LOGS)]
)
def test_pasted_text_of_each_family_gets_its_category(category: str, text: str) -> None:
    assert _log(text) == category


@pytest.mark.parametrize("text", HEALTHY, ids=[f"healthy-{n}" for n in range(len(HEALTHY))])
def test_healthy_text_with_failure_words_is_unknown(text: str) -> None:
    assert _log(text) == "unknown"
