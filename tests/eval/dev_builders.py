"""Builders for the development corpus (tests/eval/dev_corpus.py): alerts as Alertmanager sends
them (kube-prometheus-stack label sets), manual triggers, and long logs with realistic noise
(start-up flags, config and metric dumps, healthy requests) before the deciding block.

Cases have the shape of heldout.json (see README.md here) plus an optional `status` per alert.
"""

from __future__ import annotations

import random
from typing import Any

Case = dict[str, Any]

KSM = {
    "job": "kube-state-metrics",
    "endpoint": "http",
    "instance": "10.244.1.17:8080",
    "service": "kube-prometheus-stack-kube-state-metrics",
    "prometheus": "monitoring/kube-prometheus-stack-prometheus",
}
KUBELET = {
    "job": "kubelet",
    "endpoint": "https-metrics",
    "metrics_path": "/metrics",
    "service": "kube-prometheus-stack-kubelet",
}
NODE_EXPORTER = {
    "job": "node-exporter",
    "endpoint": "http-metrics",
    "service": "kube-prometheus-stack-prometheus-node-exporter",
    "container": "node-exporter",
}


def alert(
    alertname: str,
    severity: str = "warning",
    /,
    *,
    summary: str = "",
    description: str = "",
    message: str = "",
    base: dict[str, str] | None = None,
    status: str = "",
    **labels: str,
) -> dict[str, Any]:
    """One alert: `alertname`, `severity`, the base label set and the extra labels."""
    all_labels = {"alertname": alertname, "severity": severity, **(base or {}), **labels}
    annotations = {
        key: value
        for key, value in (("summary", summary), ("description", description), ("message", message))
        if value
    }
    result: dict[str, Any] = {"labels": all_labels, "annotations": annotations}
    if status:
        result["status"] = status
    return result


def manual(namespace: str = "default", app: str = "", severity: str = "warning") -> dict[str, Any]:
    """What a manual trigger becomes: alertname ManualTrigger, namespace, app, severity."""
    labels = {"alertname": "ManualTrigger", "namespace": namespace, "severity": severity}
    if app:
        labels["app"] = app
    return {"labels": labels, "annotations": {}}


def case(
    id: str,
    category: str,
    shape: str,
    alerts: list[dict[str, Any]],
    *,
    log: str = "",
    lang: str = "en",
    source: str,
    why: str,
) -> Case:
    """One development case in the held-out format."""
    return {
        "id": id,
        "category": category,
        "lang": lang,
        "shape": shape,
        "alerts": alerts,
        "log": log,
        "source": source,
        "why": why,
    }


def logged(
    id: str, category: str, log: str, *, app: str, ns: str, source: str, why: str, lang: str = "en"
) -> Case:
    """A pasted log or event excerpt (shape `log`)."""
    return case(id, category, "log", [manual(ns, app)], log=log, source=source, why=why, lang=lang)


def event(id: str, category: str, log: str, *, app: str, ns: str, source: str, why: str) -> Case:
    """Pasted `kubectl describe` / `kubectl get events` output (shape `event`)."""
    return case(id, category, "event", [manual(ns, app)], log=log, source=source, why=why)


# --- long logs -------------------------------------------------------------------------------

_JVM_START = [
    "Picked up JAVA_TOOL_OPTIONS: -XX:+UseContainerSupport -XX:MaxRAMPercentage=75.0 "
    "-XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath=/dumps -XX:+ExitOnOutOfMemoryError",
    "OpenJDK 64-Bit Server VM warning: Options -Xverify:none and -noverify were deprecated",
    "  .   ____          _            __ _ _",
    " :: Spring Boot ::                (v3.2.4)",
    "INFO 1 --- [           main] c.e.orders.OrdersApplication : Starting OrdersApplication "
    "v1.14.2 using Java 17.0.10 with PID 1",
    "INFO 1 --- [           main] c.e.orders.OrdersApplication : No active profile set, falling "
    'back to 1 default profile: "default"',
    "INFO 1 --- [           main] o.s.b.w.embedded.tomcat.TomcatWebServer : Tomcat initialized "
    "with port 8080 (http)",
    "INFO 1 --- [           main] com.zaxxer.hikari.HikariDataSource : HikariPool-1 - Starting...",
    "INFO 1 --- [           main] com.zaxxer.hikari.HikariDataSource : HikariPool-1 - Start "
    "completed.",
]
_GO_START = [
    'level=info ts=2025-03-02T08:00:01.112Z caller=main.go:88 msg="starting" version=2.9.1 '
    "revision=4f1c2e0",
    'level=info ts=2025-03-02T08:00:01.113Z caller=main.go:92 msg="flags" '
    'args="--config.file=/etc/app/config.yaml --memory-ballast=256MiB --oom-score-adj=-998 '
    '--log.level=info"',
    'level=info ts=2025-03-02T08:00:01.120Z caller=server.go:41 msg="listening" addr=:8080',
    'level=info ts=2025-03-02T08:00:01.121Z caller=metrics.go:23 msg="metrics exposed" '
    "path=/metrics",
]
_PY_START = [
    "[2025-03-02 08:00:01 +0000] [1] [INFO] Starting gunicorn 21.2.0",
    "[2025-03-02 08:00:01 +0000] [1] [INFO] Listening at: http://0.0.0.0:8000 (1)",
    "[2025-03-02 08:00:01 +0000] [1] [INFO] Using worker: uvicorn.workers.UvicornWorker",
    "[2025-03-02 08:00:01 +0000] [7] [INFO] Booting worker with pid: 7",
]
_CONFIG_DUMP = [
    "config:",
    "  oom_score_adj: -997",
    "  memory_limit: 2147483648",
    "  max_connections: 200",
    "  timeout_seconds: 30",
    "  evict_idle: false",
    "  retries: 3",
    "  log_level: info",
]
_METRICS = [
    "# HELP container_oom_events_total Count of out of memory events observed for the container",
    "# TYPE container_oom_events_total counter",
    'container_oom_events_total{container="app"} 0',
    "process_open_fds 41",
    "process_max_fds 1048576",
    'http_requests_total{code="500",method="get"} 0',
    "errors_total 0",
    "go_memstats_heap_alloc_bytes 2.3187456e+07",
    'kube_pod_container_status_restarts_total{container="app"} 0',
]


def _healthy_requests(rng: random.Random, count: int, style: str) -> list[str]:
    routes = ["/api/orders", "/api/cart", "/healthz", "/api/users/42", "/metrics", "/api/search"]
    out = []
    for n in range(count):
        route = rng.choice(routes)
        ms = rng.randint(2, 90)
        if style == "nginx":
            out.append(
                f"10.244.{rng.randint(0, 9)}.{rng.randint(2, 250)} - - [02/Mar/2025:08:{n % 60:02d}"
                f':{rng.randint(0, 59):02d} +0000] "GET {route} HTTP/1.1" 200 '
                f"{rng.randint(90, 4000)}"
                f' "-" "kube-probe/1.29"'
            )
        elif style == "json":
            out.append(
                f'{{"ts":"2025-03-02T08:{n % 60:02d}:{rng.randint(0, 59):02d}Z","level":"info",'
                f'"msg":"request handled","path":"{route}","status":200,"duration_ms":{ms}}}'
            )
        else:
            out.append(
                f"level=info ts=2025-03-02T08:{n % 60:02d}:{rng.randint(0, 59):02d}Z "
                f'msg="handled request" route={route} status=200 duration={ms}ms'
            )
    return out


def long_log(seed: int, runtime: str, tail: list[str], *, style: str = "logfmt") -> str:
    """At least 3 KiB of start-up, config and metric noise and healthy requests, then `tail`."""
    rng = random.Random(seed)
    start = {"jvm": _JVM_START, "go": _GO_START, "python": _PY_START}[runtime]
    lines = list(start) + list(_CONFIG_DUMP) + _healthy_requests(rng, 18, style)
    lines += list(_METRICS) + _healthy_requests(rng, 22, style)
    text = "\n".join(lines + tail)
    while len(text.encode()) < 3200:
        lines += _healthy_requests(rng, 10, style)
        text = "\n".join(lines + tail)
    return text
