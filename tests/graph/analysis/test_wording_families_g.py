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
    # a PromQL selector over failing gRPC codes counts them; nothing ran into Unavailable
    (
        "high_error_rate",
        "RpcNonOk",
        "Search RPCs not OK",
        'rate(grpc_server_handled_total{grpc_code!~"OK|NotFound"}[5m]) > 0.05',
    ),
    # cloud load balancers' 5XX metrics; our own service answering 429 to a share of calls
    ("high_error_rate", "GatewayAlarm", "API Gateway 5XXError sum is 48 for stage prod"),
    ("high_error_rate", "EdgeShedding", "edge answers with 429 to 31% of requests"),
    # rollouts that stalled, as the StatefulSet's revisions show it
    (
        "rollout_failure",
        "StsUpdateStalled",
        "The update of the StatefulSet db/pg has stalled for 30 minutes",
    ),
    # Korean: the 500 range of answers, an availability objective's budget, a generation
    ("high_error_rate", "결제_오류", "결제 API 응답의 500번대 비중이 9% 입니다"),
    ("high_error_rate", "회원_SLO", "가용성 목표 예산이 6배 속도로 소진 중입니다"),
    ("rollout_failure", "배포_세대", "검색 API 디플로이먼트의 세대가 아직 맞지 않습니다"),
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
    # helm as Flux reports it: the deadline is the upgrade's, not a connection's
    (
        "rollout_failure",
        "helm install failed for chart redis-18.1.0: context deadline exceeded",
    ),
    ("rollout_failure", "timeout waiting for: [StatefulSet/db/pg status: 'InProgress']"),
    # kubectl rollout status gave up after its progress lines
    (
        "rollout_failure",
        'Waiting for deployment "web" rollout to finish: 0 of 2 updated replicas are '
        "available...\nerror: timed out waiting for the condition",
    ),
    # canaries, revisions, workflows, pipelines and pod failure policies
    ("rollout_failure", "Canary analysis failed for web.prod, rolling back"),
    ("rollout_failure", 'Revision "api-00012" failed with message: Container failed to start'),
    ("rollout_failure", "tekton: PipelineRun build-and-deploy-x7 failed: TaskRun push failed"),
    ("rollout_failure", "Warning PodFailurePolicy job/reindex pod matched FailJob rule"),
    # runtimes that end the process: the C++ runtime, the BEAM, other fatal signals
    ("crashloop", "terminate called after throwing an instance of 'std::logic_error'"),
    # ... unless what it threw was the allocator's
    ("oom", "terminate called after throwing an instance of 'std::bad_alloc'\n  what(): x"),
    ("crashloop", "Kernel pid terminated (application_controller) (shutdown)"),
    ("crashloop", "fatal: SIGBUS received, faulting address 0x7f1c"),
    # access logs of HAProxy and ASP.NET Core dominated by failures
    (
        "high_error_rate",
        "\n".join(
            f"haproxy[9]: 10.0.0.{n}:5000 [02/Mar/2025:10:00:0{n}.000] fe be/s{n} "
            f'0/0/2/40/42 503 180 - - ---- 9/9/1/1/0 0/0 "GET /cart HTTP/1.1"'
            for n in range(3)
        ),
    ),
    (
        "high_error_rate",
        "\n".join(
            "Request finished HTTP/2 GET https://shop/api/cart - 502 - application/json 4.1ms"
            for _ in range(3)
        ),
    ),
]

HEALTHY = [
    "INFO amqp: connection to rabbitmq:5672 established (channel 1 open)",
    "pool stats: active=3 idle=5 waiting=0 exhausted=false",
    "loaded /etc/app/settings.yml (14 keys)",
    # a finished rollout, an upgrade that names an old failure, healthy access lines
    'Waiting for deployment "web" rollout to finish: 1 of 2 updated replicas are available...\n'
    'deployment "web" successfully rolled out',
    "23  deployed  api-2.0.0  Upgrade complete (revision 22 failed in staging only)",
    "\n".join(
        "Request finished HTTP/1.1 GET http://shop/api/cart - 200 - application/json 3.0ms"
        for _ in range(4)
    ),
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
