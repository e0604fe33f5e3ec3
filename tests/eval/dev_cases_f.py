"""Development cases F: the variety of how each failure family is worded across runtimes,
proxies, operators, exporters, mixins and Kubernetes itself (SLO burn-rate rules, GitOps
controllers, restart-count rules of many projects, certificate exporters, config parsers of
many tools, node and kubelet states, CPU throttling, capacity, disks and dependency limits),
with Korean alerts and reports and traps. Wording is taken from the public pages named in each
case's `source`; names, hosts and numbers are varied and excerpts trimmed."""

from __future__ import annotations

from typing import Any

from tests.eval.dev_builders import (
    KSM,
    KUBELET,
    NODE_EXPORTER,
    Case,
    alert,
    case,
    event,
    logged,
    long_log,
    manual,
)

# --- sources ----------------------------------------------------------------------------------

_MM = "https://github.com/monitoring-mixins/website/blob/master/assets/"
MM_ARGO = _MM + "argo-cd-2/alerts.yaml"
MM_CERTMGR = _MM + "cert-manager/alerts.yaml"
MM_BLACKBOX = _MM + "blackbox_exporter/alerts.yaml"
MM_CEPH = _MM + "ceph/alerts.yaml"
MM_CLICKHOUSE = _MM + "clickhouse/alerts.yaml"
MM_COREDNS = _MM + "coredns/alerts.yaml"
MM_INGRESS = _MM + "ingress-nginx-mixin/alerts.yaml"
MM_ISTIO = _MM + "istio/alerts.yaml"
MM_AUTOSCALING = _MM + "kubernetes-autoscaling/alerts.yaml"
MM_LOKI = _MM + "loki/alerts.yaml"
MM_THANOS = _MM + "thanos/alerts.yaml"
MM_VELERO = _MM + "velero/alerts.yaml"
MM_TRAEFIK = _MM + "traefik/alerts.yaml"
MM_RABBITMQ = _MM + "rabbitmq/alerts.yaml"
MM_MONGODB = _MM + "mongodb/alerts.yaml"
MM_CASSANDRA = _MM + "apache-cassandra/alerts.yaml"
MM_DJANGO = _MM + "django/alerts.yaml"
MM_CELERY = _MM + "celery/alerts.yaml"
MM_PGBOUNCER = _MM + "pgbouncer/alerts.yaml"
MM_GITLAB = _MM + "gitlab/alerts.yaml"
MM_HARBOR = _MM + "harbor/alerts.yaml"
MM_KAFKA = _MM + "kafka/alerts.yaml"
MM_CILIUM = _MM + "cilium-enterprise/alerts.yaml"
MM_CONSUL = _MM + "consul/alerts.yaml"
MM_HAPROXY = _MM + "haproxy/alerts.yaml"
MM_OPENSEARCH = _MM + "opensearch/alerts.yaml"
MM_SEALED = _MM + "sealed-secrets/alerts.yaml"
MIMIR = "https://github.com/grafana/mimir/blob/main/operations/mimir-mixin-compiled/alerts.yaml"
TEMPO = "https://github.com/grafana/tempo/blob/main/operations/tempo-mixin-compiled/alerts.yaml"
_VM = "https://github.com/VictoriaMetrics/VictoriaMetrics/blob/master/deployment/docker/rules/"
VM_HEALTH = _VM + "alerts-health.yml"
VM_VMAGENT = _VM + "alerts-vmagent.yml"
VM_CLUSTER = _VM + "alerts-cluster.yml"
STRIMZI = (
    "https://github.com/strimzi/strimzi-kafka-operator/blob/main/packaging/examples/metrics/"
    "prometheus-install/prometheus-rules.yaml"
)
RMQ_OPERATOR = (
    "https://github.com/rabbitmq/cluster-operator/tree/main/observability/prometheus/rules"
)
CNPG_RULES = "https://github.com/cloudnative-pg/charts/tree/main/charts/cluster/prometheus_rules"
PROM_MIXIN = (
    "https://github.com/prometheus/prometheus/blob/main/documentation/prometheus-mixin/"
    "alerts.libsonnet"
)
AM_MIXIN = (
    "https://github.com/prometheus/alertmanager/blob/main/doc/alertmanager-mixin/alerts.libsonnet"
)
PROM_OPERATOR_RULES = (
    "https://github.com/prometheus-operator/kube-prometheus/blob/main/manifests/"
    "prometheusOperator-prometheusRule.yaml"
)
NODE_MIXIN = "https://github.com/prometheus/node_exporter/blob/master/docs/node-mixin/alerts/alerts.libsonnet"
_KM = "https://github.com/kubernetes-monitoring/kubernetes-mixin/blob/master/alerts/"
KM_APPS = _KM + "apps_alerts.libsonnet"
KM_RESOURCES = _KM + "resource_alerts.libsonnet"
KM_STORAGE = _KM + "storage_alerts.libsonnet"
KM_KUBELET = _KM + "kubelet.libsonnet"
KM_SYSTEM = _KM + "system_alerts.libsonnet"
ETCD_MIXIN = "https://github.com/etcd-io/etcd/blob/main/contrib/mixin/alerts/alerts.libsonnet"
SLOTH = "https://github.com/slok/sloth/blob/main/examples/getting-started.yml"
KUADRANT_SLO = "https://github.com/Kuadrant/kuadrant-operator/blob/main/examples/alerts/README.md"
PYRRA = "https://github.com/pyrra-dev/pyrra/blob/main/README.md"
SRE_WORKBOOK = "https://sre.google/workbook/alerting-on-slos/"
ALB_METRICS = (
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/"
    "load-balancer-cloudwatch-metrics.html"
)
ALB_LOGS = (
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/"
    "load-balancer-access-logs.html"
)
ENVOY_ACCESS_LOG = (
    "https://www.envoyproxy.io/docs/envoy/latest/configuration/observability/access_log/usage"
)
ENVOY_CIRCUIT = (
    "https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/circuit_breaking"
)
INGRESS_LOG_FORMAT = (
    "https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/log-format/"
)
TRAEFIK_ACCESS = "https://doc.traefik.io/traefik/observability/access-logs/"
TRAEFIK_CONFIG = "https://doc.traefik.io/traefik/getting-started/configuration-overview/"
HAPROXY_DOCS = "https://docs.haproxy.org/2.8/configuration.html"
GRPC_CODES = "https://grpc.io/docs/guides/status-codes/"
LINKERD_METRICS = "https://linkerd.io/2/reference/proxy-metrics/"
ISTIO_METRICS = "https://istio.io/latest/docs/reference/config/metrics/"
FLUX_UPGRADE_EXHAUSTED = "https://github.com/fluxcd/flux2/issues/1878"
FLUX_INSTALL_EXHAUSTED = "https://github.com/fluxcd/helm-controller/issues/701"
FLUX_FAQ_PR = "https://github.com/fluxcd/website/pull/847"
ARGO_MIXIN = "https://github.com/adinhodovic/argo-cd-mixin/blob/main/alerts/alerts.libsonnet"
ARGO_SRERUN = (
    "https://github.com/srerun/prometheus-alerts/blob/main/content/runbooks/argocd-internal/"
    "ArgocdServiceNotSynced.md"
)
ROLLOUTS_ABORT = "https://github.com/argoproj/argo-rollouts/issues/2824"
ROLLOUTS_DEGRADED = "https://github.com/argoproj/argo-rollouts/pull/729"
HELM_UPGRADE = "https://helm.sh/docs/helm/helm_upgrade/"
K8S_JOB = "https://kubernetes.io/docs/concepts/workloads/controllers/job/"
K8S_CRONJOB = "https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/"
K8S_DEPLOYMENT = "https://kubernetes.io/docs/concepts/workloads/controllers/deployment/"
K8S_STATEFULSET = "https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/"
K8S_POD_LIFECYCLE = "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/"
K8S_DEBUG_RUNNING = "https://kubernetes.io/docs/tasks/debug/debug-application/debug-running-pod/"
K8S_PROBES = (
    "https://kubernetes.io/docs/tasks/configure-pod-container/"
    "configure-liveness-readiness-startup-probes/"
)
K8S_IMAGES = "https://kubernetes.io/docs/concepts/containers/images/"
K8S_EVICTION = "https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/"
K8S_NODE_STATUS = "https://kubernetes.io/docs/reference/node/node-status/"
K8S_CPU = "https://kubernetes.io/docs/tasks/configure-pod-container/assign-cpu-resource/"
K8S_QUOTA = "https://kubernetes.io/docs/concepts/policy/resource-quotas/"
K8S_HPA = "https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/"
K8S_TAINTS = "https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/"
K8S_AFFINITY = "https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/"
K8S_PV = "https://kubernetes.io/docs/concepts/storage/persistent-volumes/"
K8S_CONFIGMAP = "https://kubernetes.io/docs/concepts/configuration/configmap/"
K8S_KUBEADM_CERTS = "https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-certs/"
K8S_KO_NODES = "https://kubernetes.io/ko/docs/concepts/architecture/nodes/"
K8S_KO_PROBES = (
    "https://kubernetes.io/ko/docs/tasks/configure-pod-container/"
    "configure-liveness-readiness-startup-probes/"
)
PLEG_ISSUE = "https://github.com/kubernetes/kubernetes/issues/61117"
PLEG_EKS = "https://github.com/aws-samples/eks-workshop-v2/issues/447"
NODE_FLAPPING = "https://github.com/kubernetes/kubernetes/issues/45419"
NPD = "https://github.com/kubernetes/node-problem-detector"
EC2_STATUS = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/monitoring-system-instance-status-check.html"
SPRING_BIND_NACOS = "https://github.com/alibaba/nacos/issues/10833"
SPRING_FAILED_START = "https://github.com/quantumdb/quantumdb/issues/87"
SPRING_CONFIG = "https://docs.spring.io/spring-boot/reference/features/external-config.html"
DJANGO_SECRET_EMPTY = "https://github.com/mozilla/fx-private-relay/issues/11"
DJANGO_SECRET_ENV = "https://github.com/aboutcode-org/purldb/issues/319"
KARPENTER_INCOMPATIBLE = "https://github.com/kubernetes-sigs/karpenter/issues/1162"
KARPENTER_LABEL = "https://github.com/aws/karpenter-provider-aws/issues/7535"
CA_MAX_SIZE = "https://github.com/kubernetes/autoscaler/issues/5692"
CA_MAX_LIMIT = "https://github.com/kubernetes/autoscaler/issues/3268"
CA_SELECTOR = "https://github.com/kubernetes/autoscaler/issues/3503"
CGROUP_V2 = "https://docs.kernel.org/admin-guide/cgroup-v2.html"
CFS_BANDWIDTH = "https://docs.kernel.org/scheduler/sched-bwc.html"
AUTOMAXPROCS = "https://github.com/uber-go/automaxprocs"
ES_WATERMARK = (
    "https://www.elastic.co/guide/en/elasticsearch/reference/current/fix-watermark-errors.html"
)
PG_DISK_FULL = "https://www.postgresql.org/docs/current/disk-full.html"
PG_CONNECTIONS = "https://www.postgresql.org/docs/current/runtime-config-connection.html"
MYSQL_FULL_DISK = "https://dev.mysql.com/doc/refman/8.0/en/full-disk.html"
MYSQL_TOO_MANY = "https://dev.mysql.com/doc/refman/8.0/en/too-many-connections.html"
CLICKHOUSE_ERRORS = "https://github.com/ClickHouse/ClickHouse/blob/master/src/Common/ErrorCodes.cpp"
HIKARI = "https://github.com/brettwooldridge/HikariCP"
SQLALCHEMY_ERRORS = "https://docs.sqlalchemy.org/en/20/errors.html"
RAILS_POOL = (
    "https://api.rubyonrails.org/classes/ActiveRecord/ConnectionAdapters/ConnectionPool.html"
)
DOTNET_POOL = (
    "https://learn.microsoft.com/en-us/dotnet/framework/data/adonet/sql-server-connection-pooling"
)
REDIS_CLIENTS = "https://redis.io/docs/latest/develop/reference/clients/"
PGBOUNCER_CONFIG = "https://www.pgbouncer.org/config.html"
GITHUB_RATE_LIMIT = (
    "https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api"
)
KAFKA_PRODUCER = "https://kafka.apache.org/documentation/#producerconfigs"
GO_PANIC = "https://go.dev/blog/defer-panic-and-recover"
SIGNALS = "https://man7.org/linux/man-pages/man7/signal.7.html"
RUST_PANIC = "https://doc.rust-lang.org/std/macro.panic.html"
NODE_ERRORS = "https://nodejs.org/api/errors.html"
PY_EXCEPTIONS = "https://docs.python.org/3/library/exceptions.html"
CERT_MANAGER_ACME = "https://cert-manager.io/docs/troubleshooting/acme/"
CERTBOT_RENEW = "https://eff-certbot.readthedocs.io/en/stable/using.html#renewing-certificates"
SSL_EXPORTER = "https://github.com/ribbybibby/ssl_exporter"
BLACKBOX = "https://github.com/prometheus/blackbox_exporter"
X509_EXPORTER = "https://github.com/enix/x509-certificate-exporter"
VAULT_PKI = "https://developer.hashicorp.com/vault/docs/secrets/pki"
VAULT_CONFIG = "https://developer.hashicorp.com/vault/docs/configuration"
CONSUL_CONFIG = "https://developer.hashicorp.com/consul/docs/agent/config"
PROM_CONFIG = "https://prometheus.io/docs/prometheus/latest/configuration/configuration/"
AM_CONFIG = "https://prometheus.io/docs/alerting/latest/configuration/"
NGINX_CORE = "https://nginx.org/en/docs/ngx_core_module.html"
NGINX_UPSTREAM = "https://nginx.org/en/docs/http/ngx_http_upstream_module.html"
PYDANTIC_SETTINGS = "https://docs.pydantic.dev/latest/concepts/pydantic_settings/"
NEST_CONFIG = "https://docs.nestjs.com/techniques/configuration"
RAILS_CREDENTIALS = "https://guides.rubyonrails.org/security.html#custom-credentials"
DOTNET_CONFIG = "https://learn.microsoft.com/en-us/aspnet/core/fundamentals/configuration/"
TOML_RS = "https://docs.rs/toml/latest/toml/"
CELERY_DOCS = "https://docs.celeryq.dev/en/stable/userguide/configuration.html"
GUNICORN_SETTINGS = "https://docs.gunicorn.org/en/stable/settings.html"
UVICORN_SETTINGS = "https://www.uvicorn.org/settings/"
CONTAINERD = "https://github.com/containerd/containerd/blob/main/docs/getting-started.md"
CRIO = "https://github.com/cri-o/cri-o/blob/main/tutorials/debugging.md"
CSI_EBS = "https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/master/docs/faq.md"
KEDA_TROUBLESHOOT = "https://keda.sh/docs/latest/troubleshooting/"
VELERO_TROUBLESHOOT = "https://velero.io/docs/main/troubleshooting/"
CHRONY = "https://chrony-project.org/faq.html"
MM_NODEJS = _MM + "nodejs/alerts.yaml"
GRAFANA_TEMPLATES = (
    "https://grafana.com/docs/grafana/latest/alerting/configure-notifications/"
    "template-notifications/"
)
ARGO_NOTIFICATIONS = (
    "https://github.com/argoproj/argo-cd/blob/master/notifications_catalog/templates/"
    "app-sync-failed.yaml"
)
CONFLUENT_KAFKA = "https://github.com/confluentinc/confluent-kafka-python"


# --- builders ---------------------------------------------------------------------------------


def _a(cid: str, category: str, one: dict[str, Any], src: str, why: str, lang: str = "en") -> Case:
    """A case of one alert as Alertmanager sends it."""
    return case(f"f-{cid}", category, "alert", [one], source=src, why=why, lang=lang)


def _log(
    cid: str, category: str, text: str, src: str, why: str, app: str, ns: str = "default"
) -> Case:
    """A pasted log excerpt."""
    return logged(f"f-{cid}", category, text, app=app, ns=ns, source=src, why=why)


def _ko_log(cid: str, category: str, text: str, src: str, why: str, app: str, ns: str) -> Case:
    """A Korean report or pasted text (manual trigger)."""
    return logged(f"f-{cid}", category, text, app=app, ns=ns, source=src, why=why, lang="ko")


def _ev(
    cid: str, category: str, text: str, src: str, why: str, app: str, ns: str = "default"
) -> Case:
    """Pasted `kubectl describe` / `kubectl get events` output."""
    return event(f"f-{cid}", category, text, app=app, ns=ns, source=src, why=why)


def _multi(
    cid: str, category: str, alerts: list[dict[str, Any]], src: str, why: str, log: str = ""
) -> Case:
    """Several alerts of one group; the category is the cause."""
    return case(f"f-{cid}", category, "multi", alerts, log=log, source=src, why=why)


def _long(
    cid: str,
    category: str,
    runtime: str,
    tail: list[str],
    src: str,
    why: str,
    *,
    app: str,
    ns: str = "default",
    style: str = "logfmt",
) -> Case:
    """A long log whose deciding block is in its last lines."""
    text = long_log(sum(map(ord, cid)) * 7, runtime, tail, style=style)
    return case(f"f-{cid}", category, "long_log", [manual(ns, app)], log=text, source=src, why=why)


def _pod(ns: str, pod: str, container: str) -> dict[str, str]:
    """kube-state-metrics labels of one container."""
    return {**KSM, "namespace": ns, "pod": pod, "container": container}


# --- high_error_rate --------------------------------------------------------------------------

ERROR_RATE: list[Case] = [
    _a(
        "err-sloth-page-burn",
        "high_error_rate",
        alert(
            "CheckoutAvailabilityBurnFast",
            "critical",
            sloth_service="checkout",
            sloth_slo="requests-availability",
            sloth_id="checkout-requests-availability",
            sloth_severity="page",
            namespace="shop",
            title="(page) checkout requests-availability SLO error budget burn rate is too fast.",
            summary="checkout requests-availability SLO error budget burn rate is over expected.",
        ),
        SLOTH,
        "a sloth page alert: availability SLO error budget burning (1h and 5m windows)",
    ),
    _a(
        "err-sloth-ticket-burn",
        "high_error_rate",
        alert(
            "LedgerApiErrorBudgetTicket",
            "warning",
            sloth_service="ledger-api",
            sloth_slo="http-errors",
            sloth_severity="ticket",
            namespace="finance",
            summary="High error rate on 'ledger-api' requests responses",
            description="ledger-api http-errors SLO error budget burn rate is over expected "
            "for the 6h and 30m windows.",
        ),
        SLOTH,
        "a sloth ticket alert named by the team; summary says high error rate on responses",
    ),
    _a(
        "err-pyrra-errorbudgetburn",
        "high_error_rate",
        alert(
            "ErrorBudgetBurn",
            "critical",
            slo="prometheus-http-errors",
            long="1h",
            short="5m",
            exhaustion="2d",
            namespace="monitoring",
            job="prometheus-k8s",
            summary="prometheus-http-errors SLO: share of HTTP 5xx responses burns the 30d "
            "budget 14x too fast (1h and 5m windows)",
        ),
        PYRRA,
        "pyrra's generated ErrorBudgetBurn (long/short windows) with a team summary on 5xx",
    ),
    _a(
        "err-kuadrant-availability",
        "high_error_rate",
        alert(
            "KuadrantAvailabilityHighErrorRate",
            "critical",
            namespace="gateway-system",
            summary="Multi burn rate multi window alert for availability: more than 14.4x the "
            "allowed 5xx responses over 1h and 5m",
            description="istio_requests_total with response_code 5xx is consuming the 0.05% "
            "error budget of the 28d window too fast.",
        ),
        KUADRANT_SLO,
        "burn-rate availability alert computed on 5xx responses",
    ),
    _a(
        "err-workbook-budget-ratio",
        "high_error_rate",
        alert(
            "SLOErrorBudgetBurnFast",
            "critical",
            service="search-api",
            summary="Fast error budget burn detected",
            description="Error budget burning at 16.2x rate (2% of the 30d budget consumed "
            "in the last hour).",
        ),
        SRE_WORKBOOK,
        "generic fast burn alert: the error budget is being consumed",
    ),
    _a(
        "err-mimir-request-errors",
        "high_error_rate",
        alert(
            "MimirRequestErrors",
            "critical",
            cluster="prod-eu-1",
            namespace="mimir",
            route="api_v1_push",
            job="mimir/distributor",
            message="The route api_v1_push in prod-eu-1/mimir is experiencing 7.41% errors.",
        ),
        MIMIR,
        "Mimir mixin: a route experiencing a percentage of errors",
    ),
    _a(
        "err-thanos-query-failing",
        "high_error_rate",
        alert(
            "ThanosQueryHttpRequestQueryRangeErrorRateHigh",
            "critical",
            job="thanos-query",
            namespace="observability",
            summary="Thanos Query is failing to handle requests.",
            description='Thanos Query thanos-query is failing to handle 12.3% of "query_range" '
            "requests.",
        ),
        MM_THANOS,
        "Thanos mixin: failing to handle a percentage of requests",
    ),
    _a(
        "err-ingress-nginx-5xx",
        "high_error_rate",
        alert(
            "NginxHighHttp5xxErrorRate",
            "warning",
            exported_namespace="storefront",
            ingress="storefront-web",
            controller_class="k8s.io/ingress-nginx",
            summary="Nginx high HTTP 5xx error rate.",
            description="More than 5% HTTP requests with status 5xx for storefront/storefront-web "
            "the past 5m.",
        ),
        MM_INGRESS,
        "ingress-nginx mixin 5xx ratio per ingress",
    ),
    _a(
        "err-istio-http-errors",
        "high_error_rate",
        alert(
            "IstioHighHTTPRequestErrorsCritical",
            "critical",
            source_canonical_service="frontend",
            destination_canonical_service="reviews",
            cluster="mesh-a",
            summary="There are a high number of HTTP request errors in the Istio system.",
            description="HTTP requests from Istio service frontend to service reviews on cluster "
            "mesh-a have an error rate of 9% over the last 5 minutes, which is above the "
            "threshold of 5%.",
        ),
        MM_ISTIO,
        "Istio mixin: HTTP request errors between services",
    ),
    _a(
        "err-linkerd-success-rate",
        "high_error_rate",
        alert(
            "LinkerdSuccessRateLow",
            "warning",
            namespace="emojivoto",
            deployment="web",
            summary="Success rate of deploy/web dropped to 87.6%",
            description='response_total{classification="failure"} / response_total for '
            "deploy/web is 12.4% over 5m (SLO 99.5% success).",
        ),
        LINKERD_METRICS,
        "Linkerd success-rate rule on response_total classification=failure",
    ),
    _a(
        "err-alb-target-5xx",
        "high_error_rate",
        alert(
            "AwsAlbTarget5xxHigh",
            "critical",
            job="yace",
            dimension_LoadBalancer="app/prod-public/6f0e3c1a2b",
            summary="ALB prod-public HTTPCode_Target_5XX_Count is 1,842 in 5 minutes",
            description="aws_applicationelb_httpcode_target_5_xx_count_sum is 6.8% of "
            "RequestCount for app/prod-public.",
        ),
        ALB_METRICS,
        "CloudWatch (YACE) ALB target 5XX count as a share of requests",
    ),
    _log(
        "err-alb-access-log-502",
        "high_error_rate",
        "https 2025-03-02T08:14:01.112Z app/prod-public/6f0e3c1a2b 203.0.113.7:51544 "
        '10.0.3.41:8080 0.001 0.014 0.000 502 502 412 173 "GET '
        "https://shop.example.com:443/api/cart "
        'HTTP/1.1" "Mozilla/5.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2\n'
        "https 2025-03-02T08:14:01.380Z app/prod-public/6f0e3c1a2b 203.0.113.9:40212 "
        '10.0.3.41:8080 0.001 0.011 0.000 502 502 388 173 "POST '
        "https://shop.example.com:443/api/order "
        'HTTP/1.1" "okhttp/4.12" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2\n'
        "https 2025-03-02T08:14:02.002Z app/prod-public/6f0e3c1a2b 198.51.100.4:33190 "
        '10.0.3.42:8080 0.000 0.013 0.000 502 502 401 173 "GET '
        "https://shop.example.com:443/api/cart "
        'HTTP/1.1" "Mozilla/5.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2',
        ALB_LOGS,
        "ALB access log where elb_status_code and target_status_code are 502 line after line",
        app="shop-api",
        ns="shop",
    ),
    _log(
        "err-json-access-500s",
        "high_error_rate",
        '{"time":"2025-03-02T08:21:10Z","method":"POST","path":"/v1/payments","status":500,'
        '"latency_ms":41,"request_id":"7c1e"}\n'
        '{"time":"2025-03-02T08:21:10Z","method":"POST","path":"/v1/payments","status":500,'
        '"latency_ms":38,"request_id":"7c1f"}\n'
        '{"time":"2025-03-02T08:21:11Z","method":"GET","path":"/v1/payments/88","status":200,'
        '"latency_ms":9,"request_id":"7c20"}\n'
        '{"time":"2025-03-02T08:21:11Z","method":"POST","path":"/v1/payments","status":500,'
        '"latency_ms":44,"request_id":"7c21"}\n'
        "payments-api: 71% of POST /v1/payments returned 500 in the last 10 minutes",
        TRAEFIK_ACCESS,
        "JSON access log dominated by status 500 on one route",
        app="payments-api",
        ns="payments",
    ),
    _log(
        "err-traefik-json-downstream-503",
        "high_error_rate",
        '{"ClientHost":"10.42.0.1","DownstreamStatus":503,"OriginStatus":503,'
        '"RequestMethod":"GET","RequestPath":"/graphql","RouterName":"api@kubernetescrd",'
        '"ServiceName":"api-backend@kubernetescrd","Duration":3112044}\n'
        '{"ClientHost":"10.42.0.1","DownstreamStatus":503,"OriginStatus":503,'
        '"RequestMethod":"POST","RequestPath":"/graphql","RouterName":"api@kubernetescrd",'
        '"ServiceName":"api-backend@kubernetescrd","Duration":2981210}',
        TRAEFIK_ACCESS,
        "Traefik JSON access log: DownstreamStatus/OriginStatus 503 from the backend",
        app="api-backend",
        ns="api",
    ),
    _log(
        "err-grpc-internal-rate",
        "high_error_rate",
        'level=warn ts=2025-03-02T08:30:12Z msg="grpc request finished" '
        "grpc.method=/inventory.v1.Stock/Reserve grpc.code=Internal grpc.time_ms=12\n"
        'level=warn ts=2025-03-02T08:30:12Z msg="grpc request finished" '
        "grpc.method=/inventory.v1.Stock/Reserve grpc.code=Internal grpc.time_ms=15\n"
        'level=warn ts=2025-03-02T08:30:13Z msg="grpc request finished" '
        "grpc.method=/inventory.v1.Stock/Reserve grpc.code=Unknown grpc.time_ms=9\n"
        'grpc_server_handled_total{grpc_code!="OK"} ratio for Reserve: 0.34',
        GRPC_CODES,
        "gRPC server finishing calls with non-OK codes (Internal/Unknown), 34% non-OK ratio",
        app="inventory",
        ns="retail",
    ),
    _a(
        "err-argocd-grpc-rate",
        "high_error_rate",
        alert(
            "ArgoCdHighGrpcErrorRate",
            "warning",
            job="argocd-server-metrics",
            namespace="argocd",
            summary="ArgoCD gRPC error rate is high.",
            description="ArgoCD argocd-server-metrics in argocd has a gRPC error rate above 5% "
            "for the past 10m.",
        ),
        ARGO_MIXIN,
        "gRPC error-rate alert of a controller",
    ),
    _a(
        "err-django-5xx",
        "high_error_rate",
        alert(
            "DjangoHighHttp5xxErrorRate",
            "warning",
            job="cms",
            view="articles.views.detail",
            namespace="content",
            summary="Django high HTTP 5xx error rate.",
            description="More than 5% HTTP requests with status 5xx for cms/articles.views.detail "
            "the past 5m.",
        ),
        MM_DJANGO,
        "Django mixin: share of 5xx per view",
    ),
    _a(
        "err-gitlab-5xx",
        "high_error_rate",
        alert(
            "GitLabHigh5xxResponses",
            "critical",
            instance="gitlab-webservice-default:8080",
            summary="Large rate of HTTP 5XX errors.",
            description="14.20% of all requests returned 5XX HTTP responses, which is above the "
            "threshold 10%, indicating a system issue on gitlab-webservice-default:8080.",
        ),
        MM_GITLAB,
        "GitLab mixin: percentage of 5XX responses",
    ),
    _a(
        "err-error-percentage-custom",
        "high_error_rate",
        alert(
            "OrdersErrorPercentageHigh",
            "critical",
            namespace="orders",
            service="orders-api",
            summary="Error percentage of orders-api is 23%",
            description='sum(rate(http_server_requests_seconds_count{outcome="SERVER_ERROR"}[5m])) '
            "/ sum(rate(http_server_requests_seconds_count[5m])) is 0.23",
        ),
        SRE_WORKBOOK,
        "custom Spring Boot rule: outcome=SERVER_ERROR share called error percentage",
    ),
    _multi(
        "err-multi-coredns-servfail-clients",
        "high_error_rate",
        [
            alert(
                "CoreDNSErrorsHigh",
                "critical",
                job="coredns",
                namespace="kube-system",
                summary="CoreDNS is returning SERVFAIL.",
                description="CoreDNS is returning SERVFAIL for 18.2% of requests.",
            ),
            alert(
                "KubePodNotReady",
                "warning",
                base=KSM,
                namespace="kube-system",
                pod="coredns-7db6d8ff4d-9x2lq",
                summary="Pod has been in a non-ready state for more than 15 minutes.",
            ),
        ],
        MM_COREDNS,
        "SERVFAIL share of DNS responses is the error rate; the not-ready pod is the symptom",
    ),
    _a(
        "err-trap-name-says-errors-summary-latency",
        "high_latency",
        alert(
            "ApiHighErrorRate",
            "warning",
            namespace="edge",
            service="gateway",
            summary="gateway p99 request duration is 4.2s (threshold 1s)",
            description="histogram_quantile(0.99, http_request_duration_seconds_bucket) for "
            "gateway has been above 1s for 10 minutes; status codes are all 2xx.",
        ),
        SRE_WORKBOOK,
        "Trap: the rule name says error rate but the summary measures p99 duration with 2xx "
        "only; the summary is the truth",
    ),
    _log(
        "err-trap-zero-5xx-summary",
        "unknown",
        "traffic report 08:00-09:00 storefront: requests=1,204,551 2xx=1,198,002 3xx=6,410 "
        "4xx=139 5xx=0 error_ratio=0.0000 (budget remaining 99.2%)",
        SRE_WORKBOOK,
        "Trap: a report that names 5xx and error ratio, but they are zero; nothing failed",
        app="storefront",
        ns="shop",
    ),
]


# --- rollout_failure --------------------------------------------------------------------------

ROLLOUT: list[Case] = [
    _log(
        "roll-argocd-notification-sync-failed",
        "rollout_failure",
        ":exclamation: The sync operation of application ledger-prod has failed at "
        "2025-03-02T08:14:11Z with the following error: one or more objects failed to apply, "
        "reason: admission webhook denied the request\nSync operation details are available at: "
        "https://argocd.example.com/applications/ledger-prod?operation=true .",
        ARGO_NOTIFICATIONS,
        "Argo CD notifications on-sync-failed message pasted from Slack",
        app="ledger",
        ns="argocd",
    ),
    _a(
        "roll-argocd-degraded",
        "rollout_failure",
        alert(
            "ArgoCdAppUnhealthy",
            "warning",
            dest_server="https://10.20.0.4:6443",
            project="web",
            name="storefront",
            health_status="Degraded",
            summary="An ArgoCD Application is Unhealthy.",
            description="The application https://10.20.0.4:6443/web/storefront is unhealthy with "
            "the health status Degraded for the past 15m.",
        ),
        ARGO_MIXIN,
        "Argo CD application health Degraded after a rollout",
    ),
    _a(
        "roll-argocd-outofsync-awesome",
        "rollout_failure",
        alert(
            "ArgocdServiceNotSynced",
            "warning",
            name="search-indexer",
            instance="argocd-metrics:8082",
            summary="ArgoCD service not synced (instance argocd-metrics:8082)",
            description="Service search-indexer run by argo is currently not in sync.\n  "
            "VALUE = 1\n  LABELS = map[name:search-indexer sync_status:OutOfSync]",
        ),
        ARGO_SRERUN,
        "Argo CD OutOfSync rendered with the VALUE/LABELS tail",
    ),
    _ev(
        "roll-argocd-app-describe",
        "rollout_failure",
        "Status:\n  Health:\n    Status:  Degraded\n  Operation State:\n    Message:  one or more "
        'objects failed to apply, reason: Deployment.apps "billing" is invalid: '
        "spec.template.spec.containers[0].image: Required value\n    Phase:    Failed\n  Sync:\n"
        "    Status:  OutOfSync\n"
        "Events:\n  Warning  OperationCompleted  2m  argocd-application-controller  Sync "
        "operation to 4f2a91c failed: one or more objects failed to apply",
        MM_ARGO,
        "Argo CD Application status: sync operation failed, Degraded/OutOfSync",
        app="billing",
        ns="argocd",
    ),
    _log(
        "roll-flux-upgrade-exhausted",
        "rollout_failure",
        '{"level":"error","ts":"2025-03-02T08:01:41.124Z","logger":"controller.helmrelease",'
        '"msg":"Reconciler error","reconciler group":"helm.toolkit.fluxcd.io","reconciler kind":'
        '"HelmRelease","name":"loki","namespace":"logging","error":"upgrade retries exhausted"}\n'
        '{"level":"info","ts":"2025-03-02T08:01:43.644Z","logger":"controller.helmrelease",'
        '"msg":"reconcilation finished in 1.70s, next run in 5m0s","name":"loki"}',
        FLUX_UPGRADE_EXHAUSTED,
        "Flux helm-controller: upgrade retries exhausted",
        app="helm-controller",
        ns="flux-system",
    ),
    _log(
        "roll-flux-install-exhausted",
        "rollout_failure",
        "$ flux get helmreleases -n apps\nNAME     REVISION  SUSPENDED  READY  MESSAGE\n"
        "tomcat   10.1.2    False      False  install retries exhausted\n"
        "podinfo  6.5.4     False      True   Helm install succeeded for release apps/podinfo.v1",
        FLUX_INSTALL_EXHAUSTED,
        "HelmRelease READY False: install retries exhausted (shell prompt added by hand)",
        app="tomcat",
        ns="apps",
    ),
    _a(
        "roll-flux-kustomization-not-ready",
        "rollout_failure",
        alert(
            "FluxReconciliationFailure",
            "warning",
            kind="Kustomization",
            exported_namespace="flux-system",
            name="apps-prod",
            summary="Kustomization flux-system/apps-prod reconciliation has been failing for "
            "more than ten minutes.",
            description='gotk_reconcile_condition{type="Ready",status="False"} for '
            "Kustomization apps-prod: health check failed after 5m0s: timeout waiting for: "
            "[Deployment/prod/api status: 'InProgress']",
        ),
        FLUX_FAQ_PR,
        "Flux Kustomization Ready=False: health check failed waiting for a Deployment",
    ),
    _log(
        "roll-helm-upgrade-failed-context",
        "rollout_failure",
        "$ helm upgrade --install search ./charts/search -n search --wait --timeout 5m\n"
        "Error: UPGRADE FAILED: context deadline exceeded\n"
        "$ helm history search -n search\nREVISION  STATUS      DESCRIPTION\n"
        '7         deployed    Upgrade complete\n8         failed      Upgrade "search" failed: '
        "context deadline exceeded",
        HELM_UPGRADE,
        "helm upgrade --wait timed out; the release revision is failed",
        app="search",
        ns="search",
    ),
    _log(
        "roll-argo-rollouts-aborted",
        "rollout_failure",
        'time="2025-03-02T06:57:51Z" level=info msg="Event(v1.ObjectReference{Kind:\\"Rollout\\", '
        'Namespace:\\"checkout\\", Name:\\"checkout-rollout\\"}): type: \'Warning\' reason: '
        "'RolloutAborted' Rollout aborted update to revision 14: Metric \\\"success-rate\\\" "
        'assessed Failed due to failed (3) > failureLimit (2)" namespace=checkout '
        "rollout=checkout-rollout",
        ROLLOUTS_ABORT,
        "Argo Rollouts RolloutAborted after the analysis failed",
        app="checkout",
        ns="checkout",
    ),
    _log(
        "roll-argo-rollouts-degraded",
        "rollout_failure",
        "$ kubectl argo rollouts get rollout recommender -n ml\nName:            recommender\n"
        "Status:          \u2716 Degraded\nStrategy:        Canary\n  Step:          1/4\n"
        'Errors:\n* metric "error-ratio" assessed Failed due to failed (1) > failureLimit (0)',
        ROLLOUTS_DEGRADED,
        "kubectl-argo-rollouts shows the rollout Degraded after a failed metric",
        app="recommender",
        ns="ml",
    ),
    _a(
        "roll-sts-generation-mismatch",
        "rollout_failure",
        alert(
            "KubeStatefulSetGenerationMismatch",
            "warning",
            base=KSM,
            namespace="queue",
            statefulset="nats",
            summary="StatefulSet generation mismatch due to possible roll-back",
            description="StatefulSet generation for queue/nats does not match, this indicates "
            "that the StatefulSet has failed but has not been rolled back.",
        ),
        KM_APPS,
        "StatefulSet observed generation lags: failed and not rolled back",
    ),
    _a(
        "roll-ds-not-scheduled",
        "rollout_failure",
        alert(
            "KubeDaemonSetMisScheduled",
            "warning",
            base=KSM,
            namespace="observability",
            daemonset="otel-agent",
            summary="DaemonSet pods are misscheduled.",
            description="3 Pods of DaemonSet observability/otel-agent are running where they are "
            "not supposed to run.",
        ),
        KM_APPS,
        "DaemonSet rollout state wrong (misscheduled pods)",
    ),
    _a(
        "roll-mimir-rollout-stuck",
        "rollout_failure",
        alert(
            "MimirRolloutStuck",
            "warning",
            cluster="prod-us-2",
            namespace="mimir",
            rollout_group="ingester",
            message="The ingester rollout is stuck in prod-us-2/mimir.",
        ),
        MIMIR,
        "Mimir mixin: a rollout group is stuck",
    ),
    _ev(
        "roll-cronjob-missed-starts",
        "rollout_failure",
        "Events:\n  Type     Reason            Age   From                Message\n"
        "  Warning  TooManyMissedTimes  4m  cronjob-controller  too many missed start times: "
        "101. Set or decrease .spec.startingDeadlineSeconds or check clock skew\n"
        "Last Schedule Time:  Sat, 01 Mar 2025 02:00:00 +0000",
        K8S_CRONJOB,
        "CronJob missed more than 100 schedules",
        app="report-mailer",
        ns="reports",
    ),
    _ev(
        "roll-job-deadline-exceeded",
        "rollout_failure",
        "Conditions:\n  Type    Status  Reason\n  Failed  True    DeadlineExceeded\n"
        "Events:\n  Warning  DeadlineExceeded  30s  job-controller  Job was active longer than "
        "specified deadline",
        K8S_JOB,
        "Job activeDeadlineSeconds passed: DeadlineExceeded",
        app="reindex",
        ns="search",
    ),
    _ev(
        "roll-deploy-replicafailure",
        "rollout_failure",
        "Conditions:\n  Type             Status  Reason\n  Available        False   "
        "MinimumReplicasUnavailable\n  Progressing      False   ProgressDeadlineExceeded\n"
        "  ReplicaFailure   True    FailedCreate\n"
        "Events:\n  Normal  ScalingReplicaSet  11m  deployment-controller  Scaled up replica set "
        "notifier-6d9c8 to 2",
        K8S_DEPLOYMENT,
        "Deployment conditions Progressing=False ProgressDeadlineExceeded",
        app="notifier",
        ns="comms",
    ),
    _a(
        "roll-velero-backup-failure",
        "rollout_failure",
        alert(
            "VeleroBackupFailure",
            "critical",
            instance="velero.velero:8085",
            schedule="nightly-cluster",
            summary="Velero backup failures detected.",
            description="Backup failures detected on velero.velero:8085. This could lead to data "
            "loss or inability to recover in case of a disaster.",
        ),
        MM_VELERO,
        "scheduled backup job failing (a failing periodic job)",
    ),
    _a(
        "roll-thanos-compact-halted",
        "rollout_failure",
        alert(
            "ThanosCompactHalted",
            "warning",
            job="thanos-compact",
            namespace="observability",
            summary="Thanos Compact has failed to run and is now halted.",
            description="Thanos Compact thanos-compact has failed to run and now is halted.",
        ),
        MM_THANOS,
        "a periodic compaction job failed and halted",
    ),
    _a(
        "roll-keda-scaledjob-errors",
        "rollout_failure",
        alert(
            "KedaScaledJobErrors",
            "warning",
            exported_namespace="etl",
            scaledObject="invoice-export",
            summary="Errors detected for KEDA scaled jobs.",
            description="KEDA scaled jobs are experiencing errors. Check the scaled job "
            "invoice-export in the namespace etl.",
        ),
        MM_AUTOSCALING,
        "KEDA ScaledJob runs failing",
    ),
    _multi(
        "roll-multi-job-failed-replicas",
        "rollout_failure",
        [
            alert(
                "KubeJobFailed",
                "warning",
                base=KSM,
                namespace="db",
                job_name="schema-migrate-v42",
                summary="Job failed to complete.",
            ),
            alert(
                "KubeDeploymentReplicasMismatch",
                "warning",
                base=KSM,
                namespace="db",
                deployment="accounts",
                summary="Deployment has not matched the expected number of replicas.",
            ),
        ],
        K8S_JOB,
        "the pre-upgrade migration Job failed (BackoffLimitExceeded), holding the rollout",
        log="Warning  BackoffLimitExceeded  job-controller  Job has reached the specified "
        "backoff limit",
    ),
    _log(
        "roll-trap-argocd-healthy",
        "unknown",
        'time="2025-03-02T09:00:12Z" level=info msg="Sync operation to 9c1d2e0 succeeded" '
        "application=argocd/catalog\n"
        'time="2025-03-02T09:00:12Z" level=info msg="Updated health status: Progressing -> '
        'Healthy" application=argocd/catalog\n'
        'time="2025-03-02T09:00:13Z" level=info msg="Skipping auto-sync: application status is '
        'Synced" application=argocd/catalog',
        MM_ARGO,
        "Trap: sync, health and OutOfSync vocabulary, but the sync succeeded and is Healthy",
        app="argocd-application-controller",
        ns="argocd",
    ),
    _multi(
        "roll-trap-stuck-by-image",
        "image_pull",
        [
            alert(
                "KubeDeploymentRolloutStuck",
                "warning",
                base=KSM,
                namespace="web",
                deployment="landing",
                summary="Deployment rollout is not progressing.",
                description="Rollout of deployment web/landing is not progressing for longer "
                "than 15 minutes.",
            ),
            alert(
                "KubeContainerWaiting",
                "warning",
                base=KSM,
                namespace="web",
                pod="landing-7f9c-q2x",
                container="landing",
                reason="ImagePullBackOff",
                summary="Pod container waiting longer than 1 hour",
            ),
        ],
        KM_APPS,
        "Trap: the rollout is stuck because the new image cannot be pulled; the cause is the pull",
    ),
]


# --- crashloop --------------------------------------------------------------------------------

CRASHLOOP: list[Case] = [
    _log(
        "crash-grafana-restart-loop",
        "crashloop",
        "[FIRING:1] PodRestartLoop orders (orders-api-6f9c7-2xkq production)\n"
        "Value: B=6\nLabels:\n - alertname = PodRestartLoop\n - container = api\n"
        "Annotations:\n - summary = orders-api-6f9c7-2xkq keeps getting restarted (6 times in "
        "10m), last exit code 1",
        GRAFANA_TEMPLATES,
        "Grafana-managed alert notification pasted: a restart loop with exit code 1",
        app="orders-api",
        ns="production",
    ),
    _a(
        "crash-strimzi-topic-operator",
        "crashloop",
        alert(
            "TopicOperatorContainerDown",
            "major",
            namespace="kafka",
            summary="Container topic-operator in Entity Operator pod down or in CrashLookBackOff "
            "status",
            description="Container topic-operator in Entity Operator pod has been or has been in "
            "CrashLookBackOff status for 5 minutes",
        ),
        STRIMZI,
        "Strimzi entity-operator rule (with its own CrashLookBackOff spelling)",
    ),
    _log(
        "crash-datadog-restarts",
        "crashloop",
        "[Triggered on {kube_deployment:ledger,kube_namespace:finance}] Ledger pods restarting\n"
        "kubernetes_state.container.restarts increased by 7 over the last 10m (threshold 3).\n"
        "Waiting reason: CrashLoopBackOff",
        K8S_POD_LIFECYCLE,
        "agent monitor text pasted: restart counter increasing",
        app="ledger",
        ns="finance",
    ),
    _a(
        "crash-rabbitmq-container-restarts",
        "crashloop",
        alert(
            "ContainerRestarts",
            "warning",
            namespace="messaging",
            pod="orders-mq-server-1",
            container="rabbitmq",
            rabbitmq_cluster="orders-mq",
            summary="Investigate why the container got restarted. Check the logs of the current "
            "container: `kubectl -n messaging logs orders-mq-server-1`",
            description="Over the last 10 minutes, container rabbitmq restarted 4 times in pod "
            "orders-mq-server-1 of RabbitMQ cluster orders-mq in namespace messaging.",
        ),
        RMQ_OPERATOR,
        "RabbitMQ cluster-operator rule counting container restarts",
    ),
    _a(
        "crash-restart-count-custom",
        "crashloop",
        alert(
            "PodRestartingTooOften",
            "warning",
            base=KSM,
            namespace="crm",
            pod="crm-sync-5c7d9-kk2lp",
            container="sync",
            summary="crm-sync-5c7d9-kk2lp restarted 9 times in the last hour",
            description="increase(kube_pod_container_status_restarts_total[1h]) = 9 for "
            "container sync",
        ),
        K8S_POD_LIFECYCLE,
        "custom restart-count rule",
    ),
    _a(
        "crash-container-waiting-crashloop",
        "crashloop",
        alert(
            "KubeContainerWaiting",
            "warning",
            base=KSM,
            namespace="iot",
            pod="mqtt-bridge-0",
            container="bridge",
            reason="CrashLoopBackOff",
            summary="Pod container waiting longer than 1 hour",
            description="pod/mqtt-bridge-0 in namespace iot on container bridge has been in "
            'waiting state for longer than 1 hour. (reason: "CrashLoopBackOff") on cluster .',
        ),
        KM_APPS,
        "waiting-state alert whose reason label is CrashLoopBackOff",
    ),
    _log(
        "crash-go-nil-pointer",
        "crashloop",
        "panic: runtime error: invalid memory address or nil pointer dereference\n"
        "[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x9d51c3]\n\n"
        "goroutine 214 [running]:\n"
        "github.com/acme/ledger/internal/sync.(*Worker).flush(0x0, {0xc0004a2000, 0x3, 0x4})\n"
        "\t/src/internal/sync/worker.go:88 +0x43\nexit status 2",
        GO_PANIC,
        "Go panic (nil dereference) ending the process",
        app="ledger-sync",
        ns="finance",
    ),
    _log(
        "crash-go-concurrent-map",
        "crashloop",
        "fatal error: concurrent map writes\n\ngoroutine 1093 [running]:\n"
        "main.(*cache).set(...)\n\t/app/cache.go:51\ncreated by net/http.(*Server).Serve in "
        "goroutine 1\n\t/usr/local/go/src/net/http/server.go:3285 +0x4b4",
        GO_PANIC,
        "Go runtime fatal error that kills the process",
        app="edge-cache",
        ns="edge",
    ),
    _log(
        "crash-rust-unwrap-panic",
        "crashloop",
        "thread 'tokio-runtime-worker' panicked at src/ingest.rs:142:38:\n"
        "called `Option::unwrap()` on a `None` value\n"
        "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace",
        RUST_PANIC,
        "Rust panic with a generic unwrap",
        app="ingest-rs",
        ns="pipeline",
    ),
    _log(
        "crash-segfault-139",
        "crashloop",
        "Fatal Python error: Segmentation fault\n\nCurrent thread 0x00007f3c2a1fe700 (most recent "
        'call first):\n  File "/usr/lib/python3.11/site-packages/lxml/html/__init__.py", line '
        "873 in fromstring\n\n$ kubectl get pod scraper-6b5d-2xv -o "
        "jsonpath='{.status.containerStatuses[0].lastState}'\n"
        '{"terminated":{"exitCode":139,"reason":"Error","startedAt":"2025-03-02T07:59:01Z"}}',
        SIGNALS,
        "segfault in a native extension, exit code 139 (128+SIGSEGV)",
        app="scraper",
        ns="crawl",
    ),
    _log(
        "crash-node-uncaught",
        "crashloop",
        "/app/dist/main.js:214\n    throw new TypeError(`Cannot read properties of undefined "
        "(reading 'id')`);\n    ^\n\nTypeError: Cannot read properties of undefined (reading "
        "'id')\n    at Object.handler (/app/dist/routes/user.js:33:21)\n\nNode.js v20.11.1\n"
        "npm ERR! code ELIFECYCLE\nnpm ERR! errno 1",
        NODE_ERRORS,
        "Node.js uncaught TypeError ends the process with code 1",
        app="user-svc",
        ns="accounts",
    ),
    _log(
        "crash-python-traceback-generic",
        "crashloop",
        'Traceback (most recent call last):\n  File "/app/worker.py", line 61, in <module>\n'
        '    main()\n  File "/app/worker.py", line 54, in main\n    handle(batch)\n'
        '  File "/app/worker.py", line 38, in handle\n    total += row["amount"]\n'
        "TypeError: unsupported operand type(s) for +=: 'int' and 'NoneType'",
        PY_EXCEPTIONS,
        "Python traceback with a generic final error; the worker exits",
        app="billing-worker",
        ns="billing",
    ),
    _log(
        "crash-dotnet-unhandled",
        "crashloop",
        "Unhandled exception. System.NullReferenceException: Object reference not set to an "
        "instance of an object.\n   at Shipping.Api.Program.<Main>$(String[] args) in "
        "/src/Program.cs:line 27\n[1]    exited with code 134 (SIGABRT)",
        DOTNET_CONFIG,
        ".NET unhandled exception aborting the process",
        app="shipping-api",
        ns="logistics",
    ),
    _log(
        "crash-java-exited-code-1",
        "crashloop",
        'Exception in thread "main" java.lang.IllegalStateException: Unexpected state REBALANCING '
        "for task 0_3\n\tat com.acme.stream.Topology.start(Topology.java:118)\n\tat "
        "com.acme.stream.Main.main(Main.java:22)\n"
        "$ docker ps -a --filter name=stream\nCONTAINER ID  IMAGE  STATUS\n"
        "3f9a1c  acme/stream:2.1  Exited (1) 4 seconds ago",
        K8S_DEBUG_RUNNING,
        "Java main thread exception; container Exited (1)",
        app="stream",
        ns="pipeline",
    ),
    _ev(
        "crash-backoff-event-restart",
        "crashloop",
        "LAST SEEN   TYPE      REASON    OBJECT                         MESSAGE\n"
        "2m          Warning   BackOff   pod/geo-api-7c5d8f-w2k8m       Back-off restarting "
        "failed container geo-api in pod geo-api-7c5d8f-w2k8m_maps(4b1e0c2f)\n"
        "5m          Normal    Pulled    pod/geo-api-7c5d8f-w2k8m       Container image "
        '"registry.local/geo-api:3.4" already present on machine',
        K8S_POD_LIFECYCLE,
        "kubectl get events: Back-off restarting failed container",
        app="geo-api",
        ns="maps",
    ),
    _ev(
        "crash-describe-last-state-error",
        "crashloop",
        "    State:          Waiting\n      Reason:       CrashLoopBackOff\n"
        "    Last State:     Terminated\n      Reason:       Error\n      Exit Code:    2\n"
        "      Started:      Sun, 02 Mar 2025 08:11:02 +0000\n      Finished:     Sun, 02 Mar "
        "2025 08:11:03 +0000\n    Ready:          False\n    Restart Count:  17",
        K8S_DEBUG_RUNNING,
        "describe: CrashLoopBackOff, last state Error with exit code 2, 17 restarts",
        app="reports",
        ns="bi",
    ),
    _log(
        "crash-crio-exec-format",
        "crashloop",
        "exec /usr/local/bin/entrypoint: exec format error\n"
        'Mar 02 08:20:14 worker-4 crio[1022]: time="2025-03-02 08:20:14.1" level=info '
        'msg="Removed container 8d1f... : default/arm-build-0/app"',
        CRIO,
        "binary for another architecture: the container exits immediately and restarts",
        app="arm-build",
        ns="ci",
    ),
    _a(
        "crash-loki-panics",
        "crashloop",
        alert(
            "LokiRequestPanics",
            "critical",
            cluster="logs-prod",
            job="loki/querier",
            namespace="loki",
            summary="Loki requests are causing code panics.",
            description="logs-prod loki/querier is experiencing 3.00% increase of panics.",
        ),
        MM_LOKI,
        "Loki mixin: requests causing panics",
    ),
    _a(
        "crash-ceph-mgr-module",
        "crashloop",
        alert(
            "CephMgrModuleCrash",
            "critical",
            cluster="rook-ceph",
            summary="A manager module has recently crashed on cluster rook-ceph",
            description="One or more mgr modules have crashed and have yet to be acknowledged by "
            "an administrator. A crashed module may impact functionality within the cluster.",
        ),
        MM_CEPH,
        "Ceph manager module crashed",
    ),
    _multi(
        "crash-multi-restarts-notready",
        "crashloop",
        [
            alert(
                "KubePodCrashLooping",
                "warning",
                base=KSM,
                namespace="ads",
                pod="bidder-5f4c-8mxt2",
                container="bidder",
                summary="Pod is crash looping.",
                description="Pod ads/bidder-5f4c-8mxt2 (bidder) is in waiting state (reason: "
                '"CrashLoopBackOff") on cluster .',
            ),
            alert(
                "KubeDeploymentReplicasMismatch",
                "warning",
                base=KSM,
                namespace="ads",
                deployment="bidder",
                summary="Deployment has not matched the expected number of replicas.",
            ),
        ],
        KM_APPS,
        "the crash loop is the cause; replicas mismatch follows",
        log="I0302 08:40:01 main.go:71] starting bidder\nF0302 08:40:02 main.go:95] bid table "
        "not initialised",
    ),
    _long(
        "crash-long-go-fatal",
        "crashloop",
        "go",
        [
            'level=info ts=2025-03-02T08:41:00Z caller=sync.go:44 msg="starting shard sync" '
            "shards=12",
            "panic: assignment to entry in nil map",
            "",
            "goroutine 88 [running]:",
            "github.com/acme/router/shard.(*Table).Put(...)",
            "\t/src/shard/table.go:61",
            "github.com/acme/router/shard.Sync(0xc000512000)",
            "\t/src/shard/sync.go:57 +0x1d2",
            "exit status 2",
        ],
        GO_PANIC,
        "long start-up with --oom-score-adj and *_total 0 dumps; ends in a Go panic",
        app="router",
        ns="edge",
    ),
    _long(
        "crash-trap-long-oom-flags-segv",
        "crashloop",
        "jvm",
        [
            "INFO 1 --- [           main] c.e.orders.OrdersApplication : Started in 7.1s",
            "#",
            "# A fatal error has been detected by the Java Runtime Environment:",
            "#",
            "#  SIGSEGV (0xb) at pc=0x00007f21c5a0e1b4, pid=1, tid=57",
            "#",
            "# Problematic frame:",
            "# C  [libzstd-jni-1.5.5.so+0x6e1b4]  ZSTD_decompressBlock_internal+0x3a4",
        ],
        SIGNALS,
        "Trap: -XX:+ExitOnOutOfMemoryError and container_oom_events_total 0 in the start-up, "
        "but the JVM dies with SIGSEGV in a native library",
        app="orders",
        ns="shop",
    ),
    _log(
        "crash-trap-backoff-oomkilled",
        "oom",
        "    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137\n"
        "    Restart Count:  6\n"
        "  Warning  BackOff  1m (x41 over 20m)  kubelet  Back-off restarting failed container",
        K8S_POD_LIFECYCLE,
        "Trap: Back-off restarting, but the last termination reason is OOMKilled",
        app="thumbnailer",
        ns="media",
    ),
]


# --- cert_expiry ------------------------------------------------------------------------------

CERT: list[Case] = [
    _a(
        "cert-x509-exporter-days-left",
        "cert_expiry",
        alert(
            "CertificateRenewal",
            "warning",
            secret_namespace="ingress",
            secret_name="wildcard-example-com",
            subject_CN="*.example.com",
            summary="Certificate should be renewed",
            description='Certificate for "*.example.com" should be renewed (secret '
            "ingress/wildcard-example-com), it expires in 6 days",
        ),
        X509_EXPORTER,
        "x509-certificate-exporter rule: days left before notAfter",
    ),
    _a(
        "cert-x509-exporter-expired",
        "cert_expiry",
        alert(
            "CertificateExpiration",
            "critical",
            filepath="/etc/kubernetes/pki/apiserver-etcd-client.crt",
            subject_CN="kube-apiserver-etcd-client",
            summary="Certificate is about to expire",
            description="x509_cert_not_after - time() = 2d 3h for "
            "/etc/kubernetes/pki/apiserver-etcd-client.crt on cp-1",
        ),
        X509_EXPORTER,
        "x509_cert_not_after minus now, a control-plane file certificate",
    ),
    _a(
        "cert-blackbox-will-expire",
        "cert_expiry",
        alert(
            "BlackboxSslCertificateWillExpireSoon",
            "warning",
            instance="https://portal.example.org",
            job="blackbox-https",
            summary="SSL certificate will expire soon.",
            description="The SSL certificate of the instance https://portal.example.org is "
            "expiring within 21 days. Actual time left: 12d 4h 10m.",
        ),
        MM_BLACKBOX,
        "blackbox mixin: probe_ssl_earliest_cert_expiry within 21 days",
    ),
    _a(
        "cert-blackbox-expired",
        "cert_expiry",
        alert(
            "BlackboxSslCertificateExpired",
            "warning",
            instance="https://legacy-sso.example.org",
            summary="SSL certificate has expired.",
            description="The SSL certificate of the instance https://legacy-sso.example.org has "
            "expired. Actual time left: -1d 2h.",
        ),
        MM_BLACKBOX,
        "blackbox mixin: the served certificate has already expired",
    ),
    _a(
        "cert-ssl-exporter-not-after",
        "cert_expiry",
        alert(
            "SSLCertExpiringSoon",
            "warning",
            instance="mail.example.net:993",
            job="ssl",
            cn="mail.example.net",
            summary="SSL certificate for mail.example.net:993 expires in 9 days",
            description='ssl_cert_not_after{cn="mail.example.net"} - time() < 86400 * 14',
        ),
        SSL_EXPORTER,
        "ssl_exporter ssl_cert_not_after rule",
    ),
    _a(
        "cert-certmanager-expiry-soon",
        "cert_expiry",
        alert(
            "CertManagerCertExpirySoon",
            "warning",
            exported_namespace="grafana",
            name="grafana-tls",
            summary="The cert `grafana-tls` is 2d 20h from expiry, it should have been renewed "
            "over a week ago.",
            description="The domain that this cert covers will be unavailable after 2d 20h. "
            "Clients using endpoints that this cert protects will start to fail in 2d 20h.",
        ),
        MM_CERTMGR,
        "cert-manager mixin: certificate close to expiry, not renewed",
    ),
    _a(
        "cert-traefik-expiring",
        "cert_expiry",
        alert(
            "TraefikTLSCertificatesExpiring",
            "critical",
            sans="api.example.io",
            job="traefik",
            summary="A Traefik-served TLS certificate will expire very soon.",
            description="The minimum number of days until a Traefik-served certificate expires "
            "is 3 days on api.example.io which is below the critical threshold of 7.",
        ),
        MM_TRAEFIK,
        "Traefik mixin: days until a served certificate expires",
    ),
    _a(
        "cert-strimzi-ca-expiry",
        "cert_expiry",
        alert(
            "CertificateExpiration",
            "warning",
            cluster="events",
            resource_namespace="kafka",
            type="clients-ca",
            summary="Certificate will expire in less than 30 days",
            description="Certificate of type clients-ca in cluster events in namespace kafka "
            "will expire in less than 30 days",
        ),
        STRIMZI,
        "Strimzi CA certificate expiry rule",
    ),
    _a(
        "cert-kubelet-server",
        "cert_expiry",
        alert(
            "KubeletServerCertificateExpiration",
            "warning",
            base=KUBELET,
            node="gpu-node-3",
            summary="Kubelet server certificate is about to expire.",
            description="Server certificate for Kubelet on node gpu-node-3 expires in 5d 2h on "
            "cluster .",
        ),
        KM_KUBELET,
        "kubelet serving certificate expiry",
    ),
    _log(
        "cert-apiserver-client-expired",
        "cert_expiry",
        'E0302 10:00:01.118 1 authentication.go:73] "Unable to authenticate the request" '
        'err="[x509: certificate has expired or is not yet valid: current time '
        "2025-03-02T10:00:01Z is after 2025-03-01T09:12:00Z, verifying certificate SN=4412, "
        'SKID=, AKID=9A:1C failed: x509: certificate has expired or is not yet valid]"',
        K8S_KUBEADM_CERTS,
        "kube-apiserver rejects a client whose certificate has passed notAfter",
        app="kube-apiserver",
        ns="kube-system",
    ),
    _log(
        "cert-kubeadm-check-expiration",
        "cert_expiry",
        "$ kubeadm certs check-expiration\nCERTIFICATE                EXPIRES                  "
        "RESIDUAL TIME   CERTIFICATE AUTHORITY   EXTERNALLY MANAGED\n"
        "admin.conf                 Mar 04, 2025 10:12 UTC   1d              ca                   "
        "   no\n"
        "apiserver                  Mar 04, 2025 10:12 UTC   1d              ca                   "
        "   no\n"
        "apiserver-kubelet-client   Mar 04, 2025 10:12 UTC   1d              ca                   "
        "   no",
        K8S_KUBEADM_CERTS,
        "kubeadm residual time of one day on control-plane certificates",
        app="control-plane",
        ns="kube-system",
    ),
    _log(
        "cert-go-x509-expired",
        "cert_expiry",
        'level=error ts=2025-03-02T08:50:00Z msg="failed to call webhook" err="Post '
        '\\"https://policy-webhook.policy.svc:443/validate?timeout=10s\\": tls: failed to verify '
        "certificate: x509: certificate has expired or is not yet valid: current time "
        '2025-03-02T08:50:00Z is after 2025-02-28T23:59:59Z"',
        X509_EXPORTER,
        "Go x509: current time is after notAfter",
        app="policy-webhook",
        ns="policy",
    ),
    _log(
        "cert-java-certificateexpired",
        "cert_expiry",
        "javax.net.ssl.SSLHandshakeException: PKIX path validation failed: "
        "java.security.cert.CertPathValidatorException: validity check failed\n"
        "Caused by: java.security.cert.CertificateExpiredException: NotAfter: Fri Feb 28 "
        "23:59:59 UTC 2025",
        X509_EXPORTER,
        "Java CertificateExpiredException with NotAfter in the past",
        app="partner-gw",
        ns="b2b",
    ),
    _log(
        "cert-openssl-enddate",
        "cert_expiry",
        "$ openssl x509 -in /etc/nginx/tls/tls.crt -noout -enddate -checkend 604800\n"
        "notAfter=Mar  6 12:00:00 2025 GMT\nCertificate will expire",
        SSL_EXPORTER,
        "openssl -checkend: certificate will expire within a week",
        app="nginx-edge",
        ns="edge",
    ),
    _log(
        "cert-certbot-renewal-failed",
        "cert_expiry",
        "Processing /etc/letsencrypt/renewal/shop.example.com.conf\n"
        "Failed to renew certificate shop.example.com with error: Some challenges have failed.\n"
        "The following renewals failed:\n  /etc/letsencrypt/live/shop.example.com/fullchain.pem "
        "(failure)\nThe certificate expires on 2025-03-07 (5 days).",
        CERTBOT_RENEW,
        "Let's Encrypt renewal failed and the certificate expires in 5 days",
        app="certbot",
        ns="edge",
    ),
    _ev(
        "cert-certmanager-renewal-stuck",
        "cert_expiry",
        "Status:\n  Conditions:\n    Message:  Issuing certificate as Secret was previously "
        "issued by Issuer.cert-manager.io/letsencrypt-prod\n    Reason:   Renewing\n"
        "  Not After:    2025-03-04T07:12:40Z\n  Renewal Time: 2025-02-02T07:12:40Z\n"
        "Events:\n  Warning  Failed  3m  cert-manager-certificates-issuing  The certificate "
        "request "
        "has failed to complete and will be retried: Failed to wait for order resource "
        '"docs-tls-1-2231" to become ready: order is in "invalid" state',
        CERT_MANAGER_ACME,
        "renewal time long past, notAfter in two days, renewal keeps failing",
        app="docs",
        ns="docs",
    ),
    _a(
        "cert-vault-pki-expiry",
        "cert_expiry",
        alert(
            "VaultPkiIssuerExpiring",
            "warning",
            mount="pki_int",
            issuer="intermediate-2024",
            summary="Vault PKI intermediate issuer intermediate-2024 expires in 11 days",
            description="Leaf certificates issued from pki_int after the issuer expires will "
            "not validate.",
        ),
        VAULT_PKI,
        "custom rule on an intermediate CA approaching expiry",
    ),
    _log(
        "cert-curl-expired",
        "cert_expiry",
        "$ curl -sv https://billing.internal.example.com/healthz\n* SSL certificate problem: "
        "certificate has expired\ncurl: (60) SSL certificate problem: certificate has expired",
        SSL_EXPORTER,
        "curl exit 60 because the certificate has expired",
        app="billing",
        ns="billing",
    ),
    _multi(
        "cert-multi-expired-causes-5xx",
        "cert_expiry",
        [
            alert(
                "NginxHighHttp5xxErrorRate",
                "warning",
                exported_namespace="partners",
                ingress="partner-api",
                summary="Nginx high HTTP 5xx error rate.",
            ),
            alert(
                "CertManagerCertNotReady",
                "critical",
                exported_namespace="partners",
                name="partner-api-upstream-mtls",
                summary="The cert `partner-api-upstream-mtls` is not ready to serve traffic.",
                description="This certificate has not been ready to serve traffic for at least "
                "10m.",
            ),
        ],
        MM_CERTMGR,
        "the upstream mTLS certificate expired (log); the 5xx ratio is the symptom",
        log="upstream SSL certificate verify error: (10:certificate has expired) while SSL "
        "handshaking to upstream",
    ),
    _log(
        "cert-trap-renewed",
        "unknown",
        "I0302 09:12:40.122 1 conditions.go:192] Setting lastTransitionTime for Certificate "
        '"api-tls" condition "Ready" to 2025-03-02 09:12:40\n'
        'I0302 09:12:40.130 1 trigger_controller.go:200] "Certificate does not require '
        're-issuance. Next renewal scheduled" key="web/api-tls" '
        'renewal_time="2025-05-01 09:12:38 +0000 UTC" expires="2025-05-31"',
        CERT_MANAGER_ACME,
        "Trap: certificate, renewal and expiry vocabulary, but it was just renewed and is Ready",
        app="cert-manager",
        ns="cert-manager",
    ),
    _log(
        "cert-trap-unknown-authority",
        "tls_error",
        'Get "https://registry.corp.local/v2/": tls: failed to verify certificate: x509: '
        'certificate signed by unknown authority (possibly because of "crypto/rsa: verification '
        'error" while trying to verify candidate authority certificate "corp-root-ca")',
        X509_EXPORTER,
        "Trap: x509 and certificate words, but trust fails (unknown authority), not expiry",
        app="builder",
        ns="ci",
    ),
    _multi(
        "cert-trap-not-yet-valid-clock",
        "node_health",
        [
            alert(
                "NodeClockNotSynchronising",
                "warning",
                base=NODE_EXPORTER,
                instance="10.0.4.17:9100",
                summary="Clock not synchronising.",
            ),
            alert(
                "NodeClockSkewDetected",
                "warning",
                base=NODE_EXPORTER,
                instance="10.0.4.17:9100",
                summary="Clock skew detected.",
            ),
        ],
        NODE_MIXIN,
        "Trap: the log says certificate not yet valid, but the node clock is hours behind; the "
        "clock is the cause",
        log="x509: certificate has expired or is not yet valid: current time "
        "2025-03-01T21:02:11Z is before 2025-03-02T00:00:00Z\nchronyd: System clock wrong by "
        "10799.4 seconds",
    ),
]


# --- config_error -----------------------------------------------------------------------------

CONFIG: list[Case] = [
    _log(
        "cfg-spring-bind-failed",
        "config_error",
        "***************************\nAPPLICATION FAILED TO START\n***************************\n\n"
        "Description:\n\nFailed to bind properties under 'spring.datasource.hikari' to "
        "com.zaxxer.hikari.HikariDataSource:\n\n    Property: spring.datasource.hikari."
        'maximum-pool-size\n    Value: "twenty"\n    Reason: failed to convert java.lang.String '
        "to int\n\nAction:\n\nUpdate your application's configuration",
        SPRING_FAILED_START,
        "Spring Boot failure analysis: Failed to bind properties",
        app="accounts",
        ns="core",
    ),
    _log(
        "cfg-spring-bindexception-nested",
        "config_error",
        "Caused by: org.springframework.boot.context.properties.bind.BindException: Failed to "
        "bind properties under 'db.pool.config' to com.zaxxer.hikari.HikariDataSource\n"
        "\tat org.springframework.boot.context.properties.bind.Binder.handleBindError"
        "(Binder.java:384)",
        SPRING_BIND_NACOS,
        "BindException in a stack trace",
        app="registry",
        ns="platform",
    ),
    _log(
        "cfg-django-secret-key-empty",
        "config_error",
        'File "/usr/local/lib/python3.12/site-packages/django/conf/__init__.py", line 176, in '
        '__init__\n    raise ImproperlyConfigured("The SECRET_KEY setting must not be empty.")\n'
        "django.core.exceptions.ImproperlyConfigured: The SECRET_KEY setting must not be empty.",
        DJANGO_SECRET_EMPTY,
        "Django ImproperlyConfigured: a required setting is empty",
        app="relay",
        ns="web",
    ),
    _log(
        "cfg-django-set-env",
        "config_error",
        "    raise ImproperlyConfigured(error_msg)\ndjango.core.exceptions.ImproperlyConfigured: "
        "Set the DATABASE_URL environment variable",
        DJANGO_SECRET_ENV,
        "django-environ: a required environment variable is not set",
        app="matchcode",
        ns="scan",
    ),
    _log(
        "cfg-nest-joi-validation",
        "config_error",
        "[Nest] 1  - 03/02/2025, 8:00:01 AM   ERROR [ExceptionHandler] Config validation error: "
        '"REDIS_URL" is required. "PORT" must be a number\n'
        'Error: Config validation error: "REDIS_URL" is required.\n    at ConfigModule.forRoot '
        "(/app/node_modules/@nestjs/config/dist/config.module.js:74:23)",
        NEST_CONFIG,
        "NestJS ConfigModule validation: required variable missing, wrong type",
        app="notifications",
        ns="comms",
    ),
    _log(
        "cfg-rails-secret-key-base",
        "config_error",
        "/usr/local/bundle/gems/railties-7.1.3/lib/rails/application.rb:664:in "
        "`validate_secret_key_base': Missing `secret_key_base` for 'production' environment, "
        "set this string with `bin/rails credentials:edit` (ArgumentError)",
        RAILS_CREDENTIALS,
        "Rails refuses to boot without secret_key_base",
        app="storefront-rails",
        ns="shop",
    ),
    _log(
        "cfg-dotnet-json-parse",
        "config_error",
        "Unhandled exception. System.IO.InvalidDataException: Failed to load configuration from "
        "file '/app/appsettings.Production.json'.\n ---> System.FormatException: Could not parse "
        "the JSON file.\n ---> System.Text.Json.JsonReaderException: '}' is an invalid start of "
        "a value. LineNumber: 14 | BytePositionInLine: 4.",
        DOTNET_CONFIG,
        ".NET configuration JSON parse error",
        app="pricing",
        ns="retail",
    ),
    _log(
        "cfg-rust-toml-parse",
        "config_error",
        "Error: failed to load /etc/gateway/gateway.toml\n\nCaused by:\n    TOML parse error at "
        'line 7, column 8\n      |\n    7 | port = "80\n      |        ^\n    invalid basic '
        "string",
        TOML_RS,
        "Rust service: TOML parse error in its config file",
        app="gateway-rs",
        ns="edge",
    ),
    _log(
        "cfg-vault-hcl-parse",
        "config_error",
        "Error loading configuration from /vault/config/vault.hcl: At 12:3: expected: IDENT | "
        "STRING got: LBRACE",
        VAULT_CONFIG,
        "Vault cannot parse its HCL configuration",
        app="vault",
        ns="vault",
    ),
    _log(
        "cfg-consul-json-invalid",
        "config_error",
        "==> failed to parse /consul/config/server.json: invalid character '}' looking for "
        "beginning of object key string",
        CONSUL_CONFIG,
        "Consul agent JSON config parse failure",
        app="consul-server",
        ns="consul",
    ),
    _log(
        "cfg-haproxy-unknown-keyword",
        "config_error",
        "[NOTICE]   (1) : haproxy version is 2.8.5\n[ALERT]    (1) : config : parsing "
        "[/usr/local/etc/haproxy/haproxy.cfg:23] : unknown keyword 'timout' in 'defaults' "
        "section; did you mean 'timeout' maybe ?\n[ALERT]    (1) : config : Fatal errors found "
        "in configuration.",
        HAPROXY_DOCS,
        "HAProxy configuration check: unknown keyword",
        app="haproxy",
        ns="lb",
    ),
    _log(
        "cfg-traefik-field-not-found",
        "config_error",
        "2025/03/02 08:00:01 command traefik error: failed to decode configuration from flags: "
        "field not found, node: entrypoint",
        TRAEFIK_CONFIG,
        "Traefik static configuration: unknown field in flags",
        app="traefik",
        ns="ingress",
    ),
    _log(
        "cfg-ingress-nginx-reload-emerg",
        "config_error",
        "E0302 08:12:44.171  7 controller.go:210] Unexpected failure reloading the backend:\n"
        'exit status 1\n2025/03/02 08:12:44 [emerg] 311#311: unknown directive "proxy_buffer" '
        'in /tmp/nginx/nginx-cfg2739461:1021\nnginx: [emerg] unknown directive "proxy_buffer"',
        NGINX_CORE,
        "ingress-nginx reload fails on a bad configuration snippet",
        app="ingress-nginx-controller",
        ns="ingress-nginx",
    ),
    _a(
        "cfg-nginx-config-reload-alert",
        "config_error",
        alert(
            "NginxConfigReloadFailed",
            "warning",
            controller_class="k8s.io/ingress-nginx",
            summary="Nginx config reload failed.",
            description="Nginx config reload failed for the controller with the class "
            "k8s.io/ingress-nginx.",
        ),
        MM_INGRESS,
        "ingress-nginx mixin: config reload failed",
    ),
    _a(
        "cfg-prometheus-bad-config",
        "config_error",
        alert(
            "PrometheusBadConfig",
            "critical",
            namespace="monitoring",
            pod="prometheus-k8s-1",
            summary="Failed Prometheus configuration reload.",
            description="Prometheus monitoring/prometheus-k8s-1 has failed to reload its "
            "configuration.",
        ),
        PROM_MIXIN,
        "Prometheus mixin: configuration reload failed",
    ),
    _a(
        "cfg-istio-validation-failures",
        "config_error",
        alert(
            "IstioGalleyValidationFailuresWarning",
            "warning",
            pod="istiod-7d9c5-2xk",
            cluster="mesh-a",
            summary="Istio Galley is reporting failures for a number of configurations.",
            description="istiod-7d9c5-2xk on cluster mesh-a has had 12 Galley validation "
            "failures, which is above the thresold of 0.",
        ),
        MM_ISTIO,
        "mesh configuration objects rejected by validation",
    ),
    _a(
        "cfg-thanos-rule-reload",
        "config_error",
        alert(
            "ThanosRuleConfigReloadFailure",
            "info",
            job="thanos-ruler",
            namespace="observability",
            summary="Thanos Rule has not been able to reload configuration.",
            description="Thanos Rule thanos-ruler has not been able to reload its configuration.",
        ),
        MM_THANOS,
        "Thanos ruler cannot reload its configuration",
    ),
    _a(
        "cfg-vmalert-reload",
        "config_error",
        alert(
            "ConfigurationReloadFailure",
            "warning",
            job="vmalert",
            instance="vmalert-0:8880",
            summary='Configuration reload failed for "vmalert-0:8880"',
            description='Configuration hot-reload failed for "vmalert" instance "vmalert-0:8880". '
            "Check the logs for the reason.",
        ),
        VM_HEALTH,
        "VictoriaMetrics: configuration hot-reload failed",
    ),
    _a(
        "cfg-tempo-bad-overrides",
        "config_error",
        alert(
            "TempoBadOverrides",
            "critical",
            cluster="traces-prod",
            namespace="tempo",
            job="tempo/distributor",
            message="tempo/distributor failed to reload overrides.",
        ),
        TEMPO,
        "Tempo cannot load its per-tenant overrides file",
    ),
    _log(
        "cfg-unknown-flag",
        "config_error",
        "flag provided but not defined: -storage.tsdb.retention\nUsage of /bin/exporter:\n"
        '  -web.listen-address string\n    \tAddress to listen on. (default ":9100")',
        PROM_CONFIG,
        "a flag the binary does not know (Go flag package)",
        app="custom-exporter",
        ns="monitoring",
    ),
    _log(
        "cfg-prometheus-yaml-unmarshal",
        "config_error",
        'ts=2025-03-02T08:00:02Z caller=main.go:1159 level=error msg="Error loading config" '
        'file=/etc/prometheus/prometheus.yml err="parsing YAML file '
        "/etc/prometheus/prometheus.yml: "
        "yaml: unmarshal errors:\\n  line 31: field scrape_interva not found in type "
        'config.ScrapeConfig"',
        PROM_CONFIG,
        "Prometheus: unknown field in YAML",
        app="prometheus",
        ns="monitoring",
    ),
    _ev(
        "cfg-argocd-comparison-yaml",
        "config_error",
        "Status:\n  Conditions:\n    Message:  Failed to load target state: failed to generate "
        "manifest for source 1 of 1: rpc error: code = Unknown desc = Manifest generation error "
        "(cached): `helm template . --values values-prod.yaml` failed exit status 1: Error: "
        "failed to parse values-prod.yaml: error converting YAML to JSON: yaml: line 14: mapping "
        "values are not allowed in this context\n    Type:     ComparisonError\n"
        "  Sync:\n    Status:  Unknown",
        MM_ARGO,
        "Trap: Argo CD shows a sync problem, but the cause is a values file that is not valid YAML",
        app="payments",
        ns="argocd",
    ),
    _log(
        "cfg-trap-pydantic-after-connect-words",
        "config_error",
        "INFO:     Waiting for application startup.\n"
        "pydantic_core._pydantic_core.ValidationError: 1 validation error for Settings\n"
        "database_url\n  Input should be a valid URL, relative URL without a base "
        "[type=url_parsing, input_value='postgres//db:5432/app', input_type=str]\n"
        "ERROR:    Application startup failed. Exiting.",
        PYDANTIC_SETTINGS,
        "Trap: database words and a startup failure, but the settings value is malformed",
        app="catalog-api",
        ns="catalog",
    ),
    _log(
        "cfg-trap-config-echo-healthy",
        "unknown",
        "loaded configuration from /etc/app/config.yaml (checksum 9a1c2e)\n"
        "config: strict_mode=true unknown_fields=reject validate=true\n"
        "config reload #14 succeeded, 0 errors, 0 warnings\nlistening on :8080",
        PROM_CONFIG,
        "Trap: config, reload and errors words, but the reload succeeded with 0 errors",
        app="router",
        ns="edge",
    ),
]


# --- node_health ------------------------------------------------------------------------------

NODE: list[Case] = [
    _log(
        "node-pleg-not-healthy",
        "node_health",
        "Mar 02 16:02:43 worker-7 kubelet[1450]: I0302 16:02:43.934473    1450 kubelet.go:1778] "
        "skipping pod synchronization - [PLEG is not healthy: pleg was last seen active "
        "3m5.30015447s ago; threshold is 3m0s]\nMar 02 16:02:48 worker-7 kubelet[1450]: I0302 "
        "16:02:48.934773    1450 kubelet.go:1778] skipping pod synchronization - [PLEG is not "
        "healthy: pleg was last seen active 3m10.3s ago; threshold is 3m0s]",
        PLEG_ISSUE,
        "kubelet PLEG not healthy: the node goes NotReady",
        app="kubelet",
        ns="kube-system",
    ),
    _log(
        "node-pleg-eks-skipping",
        "node_health",
        "Apr 13 10:53:52 ip-10-42-10-121 kubelet: E0413 10:53:52.844381    3263 kubelet.go:2055] "
        '"Skipping pod synchronization" err="PLEG is not healthy: pleg was last seen active '
        '2h33m12.7s ago; threshold is 3m0s"',
        PLEG_EKS,
        "structured kubelet log of the same PLEG state",
        app="kubelet",
        ns="kube-system",
    ),
    _ev(
        "node-describe-kubeletnotready",
        "node_health",
        "Conditions:\n  Type             Status  Reason                       Message\n"
        "  MemoryPressure   False   KubeletHasSufficientMemory   kubelet has sufficient memory "
        "available\n  DiskPressure     False   KubeletHasNoDiskPressure     kubelet has no disk "
        "pressure\n  Ready            False   KubeletNotReady              container runtime is "
        "down",
        K8S_NODE_STATUS,
        "node Ready=False because the container runtime is down",
        app="node",
        ns="kube-system",
    ),
    _ev(
        "node-cni-not-initialized",
        "node_health",
        "  Ready  False  KubeletNotReady  container runtime network not ready: NetworkReady=false "
        "reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not "
        "initialized",
        K8S_NODE_STATUS,
        "node NotReady: CNI not initialised",
        app="node",
        ns="kube-system",
    ),
    _ev(
        "node-status-unknown",
        "node_health",
        "  Ready            Unknown   NodeStatusUnknown   Kubelet stopped posting node status.\n"
        "  MemoryPressure   Unknown   NodeStatusUnknown   Kubelet stopped posting node status.\n"
        "Taints:  node.kubernetes.io/unreachable:NoExecute",
        K8S_NODE_STATUS,
        "Kubelet stopped posting node status; unreachable taint",
        app="node",
        ns="kube-system",
    ),
    _log(
        "node-flapping-journal",
        "node_health",
        "May 05 13:59:56 ip-10-50-20-208 kubelet[2858]: I0505 kubelet_node_status.go:379] "
        "Recording NodeNotReady event message for node ip-10-50-20-208.ec2.internal\n"
        "May 05 13:59:56 ip-10-50-20-208 kubelet[2858]: I0505 kubelet_node_status.go:682] Node "
        "became not ready: {Type:Ready Status:False Reason:KubeletNotReady}",
        NODE_FLAPPING,
        "kubelet recording NodeNotReady, node became not ready",
        app="kubelet",
        ns="kube-system",
    ),
    _a(
        "node-readiness-flapping",
        "node_health",
        alert(
            "KubeNodeReadinessFlapping",
            "warning",
            base=KSM,
            node="ip-10-0-7-55.eu-west-1.compute.internal",
            summary="Node readiness status is flapping.",
            description="The readiness status of node ip-10-0-7-55.eu-west-1.compute.internal has "
            "changed 6 times in the last 15 minutes on cluster .",
        ),
        KM_KUBELET,
        "node readiness flapping",
    ),
    _a(
        "node-pleg-duration-high",
        "node_health",
        alert(
            "KubeletPlegDurationHigh",
            "warning",
            base=KUBELET,
            node="worker-12",
            quantile="0.99",
            summary="Kubelet Pod Lifecycle Event Generator is taking too long to relist.",
            description="The Kubelet Pod Lifecycle Event Generator has a 99th percentile "
            "duration of 14.2 seconds on node worker-12 on cluster .",
        ),
        KM_KUBELET,
        "PLEG relist duration (kubelet health)",
    ),
    _a(
        "node-ec2-status-check",
        "node_health",
        alert(
            "EC2InstanceStatusCheckFailed",
            "critical",
            job="yace",
            dimension_InstanceId="i-0a1b2c3d4e5f6a7b8",
            summary="EC2 instance i-0a1b2c3d4e5f6a7b8 StatusCheckFailed_Instance = 1",
            description="The instance status check failed for 3 consecutive periods; the worker "
            "node behind it stopped answering.",
        ),
        EC2_STATUS,
        "cloud instance status check failed",
    ),
    _log(
        "node-npd-kernel-deadlock",
        "node_health",
        "Conditions:\n  KernelDeadlock      True   DockerHung   kernel: INFO: task docker:20744 "
        "blocked for more than 120 seconds.\n  ReadonlyFilesystem  False  FilesystemIsNotReadOnly  "
        "Filesystem is not read-only",
        NPD,
        "node-problem-detector KernelDeadlock condition",
        app="node-problem-detector",
        ns="kube-system",
    ),
    _log(
        "node-chrony-wrong",
        "node_health",
        "Mar 02 07:10:00 worker-3 chronyd[812]: System clock wrong by 7.412337 seconds\n"
        "Mar 02 07:10:00 worker-3 chronyd[812]: Can't synchronise: no selectable sources\n"
        "$ timedatectl\n               System clock synchronized: no\n              NTP service: "
        "active",
        CHRONY,
        "clock skew on a node, NTP unsynchronised",
        app="chronyd",
        ns="kube-system",
    ),
    _a(
        "node-ceph-clock-skew",
        "node_health",
        alert(
            "CephMonClockSkew",
            "warning",
            cluster="rook-ceph",
            summary="Clock skew detected among monitors on cluster rook-ceph",
            description="Ceph monitors rely on closely synchronized time to maintain quorum and "
            "cluster consistency. This event indicates that the time on at least one mon has "
            "drifted too far from the lead mon.",
        ),
        MM_CEPH,
        "Ceph monitors: clock skew between hosts",
    ),
    _a(
        "node-thanos-store-disappeared",
        "node_health",
        alert(
            "ThanosStoreIsDown",
            "critical",
            job="thanos-store",
            summary="Thanos component has disappeared.",
            description="ThanosStore has disappeared. Prometheus target for the component cannot "
            "be discovered.",
        ),
        MM_THANOS,
        "a scrape target missing from discovery",
    ),
    _a(
        "node-nodejs-not-up",
        "node_health",
        alert(
            "NodejsDown",
            "critical",
            job="bff",
            instance="10.244.1.4:9091",
            summary="Node.js not up.",
            description="Node.js bff on 10.244.1.4:9091 is not up.",
        ),
        MM_NODEJS,
        "scrape target up == 0",
    ),
    _a(
        "node-cilium-unreachable-nodes",
        "node_health",
        alert(
            "CiliumUnreachableNodes",
            "info",
            pod="cilium-x8h2k",
            namespace="kube-system",
            summary="Cilium Agent is reporting unreachable Nodes in the cluster.",
            description="Cilium Agent cilium-x8h2k is reporting unreachable Nodes in the cluster.",
        ),
        MM_CILIUM,
        "CNI health: nodes unreachable",
    ),
    _a(
        "node-consul-up",
        "node_health",
        alert(
            "ConsulUp",
            "critical",
            job="consul",
            summary="Consul is not up.",
            description="Consul 'consul' is not up.",
        ),
        MM_CONSUL,
        "exporter reports the agent target not up",
    ),
    _a(
        "node-systemd-failed",
        "node_health",
        alert(
            "NodeSystemdServiceFailed",
            "warning",
            base=NODE_EXPORTER,
            instance="10.0.2.9:9100",
            name="containerd.service",
            summary="Systemd service has entered failed state.",
            description="Systemd service containerd.service has entered failed state at "
            "10.0.2.9:9100",
        ),
        NODE_MIXIN,
        "containerd unit failed on the host",
    ),
    _log(
        "node-containerd-socket",
        "node_health",
        'E0302 08:33:12.118 2211 remote_runtime.go:633] "Status from runtime service failed" '
        'err="rpc error: code = Unavailable desc = connection error: desc = \\"transport: Error '
        "while dialing: dial unix /run/containerd/containerd.sock: connect: no such file or "
        'directory\\""\nE0302 08:33:12.118 2211 kubelet.go:2899] "Container runtime sanity check '
        'failed"',
        CONTAINERD,
        "kubelet cannot reach the container runtime socket",
        app="kubelet",
        ns="kube-system",
    ),
    _multi(
        "node-multi-notready-pods",
        "node_health",
        [
            alert(
                "KubeNodeNotReady",
                "warning",
                base=KSM,
                node="worker-19",
                condition="Ready",
                status="true",
                summary="Node is not ready.",
            ),
            alert(
                "KubePodNotReady",
                "warning",
                base=KSM,
                namespace="search",
                pod="search-2",
                summary="Pod is not ready.",
            ),
            alert(
                "KubeStatefulSetReplicasMismatch",
                "warning",
                base=KSM,
                namespace="search",
                statefulset="search",
                summary="Replicas mismatch.",
            ),
        ],
        KM_SYSTEM,
        "the node is NotReady; pods on it are the symptom",
        log="worker-19   NotReady   <none>   212d   v1.29.4",
    ),
    _log(
        "node-trap-diskpressure-condition",
        "node_health",
        "Conditions:\n  DiskPressure   True    KubeletHasDiskPressure   kubelet has disk pressure\n"
        "  Ready          True    KubeletReady             kubelet is posting ready status\n"
        "Taints:  node.kubernetes.io/disk-pressure:NoSchedule",
        K8S_NODE_STATUS,
        "Trap: DiskPressure is a node condition here (no filesystem usage alert), node_health "
        "rather than disk_full",
        app="node",
        ns="kube-system",
    ),
    _log(
        "node-trap-ready-status",
        "unknown",
        'I0302 09:00:01.112 kubelet_node_status.go:76] "Successfully registered node" '
        'node="worker-21"\nI0302 09:00:04.551 kubelet.go:2388] "Node became ready" '
        'node="worker-21"\n  Ready  True  KubeletReady  kubelet is posting ready status',
        K8S_NODE_STATUS,
        "Trap: NotReady-adjacent vocabulary, but the node registered and became ready",
        app="kubelet",
        ns="kube-system",
    ),
]


# --- cpu_throttling ---------------------------------------------------------------------------

CPU: list[Case] = [
    _a(
        "cpu-throttling-high-ratio",
        "cpu_throttling",
        alert(
            "CPUThrottlingHigh",
            "info",
            base=KUBELET,
            namespace="search",
            pod="indexer-6c9f-2k9xp",
            container="indexer",
            summary="Processes experience elevated CPU throttling.",
            description="61.2% throttling of CPU in namespace search for container indexer in "
            "pod indexer-6c9f-2k9xp on cluster prod.",
        ),
        KM_RESOURCES,
        "CFS throttled periods share",
    ),
    _a(
        "cpu-container-high-throttle-rate",
        "cpu_throttling",
        alert(
            "ContainerHighThrottleRate",
            "warning",
            namespace="api",
            pod="graphql-0",
            container="graphql",
            summary="Container high throttle rate (instance 10.0.1.5:10250)",
            description="Container is being throttled\n  VALUE = 0.41\n  LABELS = "
            "map[container:graphql namespace:api pod:graphql-0]",
        ),
        CFS_BANDWIDTH,
        "cAdvisor throttled periods ratio rule",
    ),
    _a(
        "cpu-limit-saturation",
        "cpu_throttling",
        alert(
            "ContainerCpuNearLimit",
            "warning",
            namespace="ml",
            pod="embedder-7d-4x",
            container="embedder",
            summary="embedder uses 98% of its CPU limit (2 cores)",
            description="rate(container_cpu_usage_seconds_total[5m]) / container_spec_cpu_quota * "
            "container_spec_cpu_period = 0.98",
        ),
        K8S_CPU,
        "CPU usage pinned at the limit",
    ),
    _a(
        "cpu-cassandra-high-usage",
        "cpu_throttling",
        alert(
            "HighCpuUsage",
            "critical",
            instance="cassandra-1:9103",
            summary="A node has a CPU usage higher than the configured threshold.",
            description="Cpu usage is at 93 percent over the last 5 minutes on cassandra-1:9103, "
            "which is above the threshold of 80.",
        ),
        MM_CASSANDRA,
        "CPU saturation of a database node",
    ),
    _a(
        "cpu-node-high-usage",
        "cpu_throttling",
        alert(
            "NodeCPUHighUsage",
            "info",
            base=NODE_EXPORTER,
            instance="10.0.5.21:9100",
            summary="High CPU usage.",
            description="CPU usage at 10.0.5.21:9100 has been above 90% for the last 15 minutes, "
            "is currently at 97.31%.",
        ),
        NODE_MIXIN,
        "host CPU saturated",
    ),
    _log(
        "cpu-cgroup-v2-stat",
        "cpu_throttling",
        "$ cat /sys/fs/cgroup/cpu.stat\nusage_usec 912004551\nuser_usec 800112004\n"
        "system_usec 111892547\nnr_periods 182211\nnr_throttled 97340\nthrottled_usec 5120338811\n"
        "$ cat /sys/fs/cgroup/cpu.max\n50000 100000",
        CGROUP_V2,
        "cgroup v2 cpu.stat: more than half of the periods throttled at a 0.5 CPU quota",
        app="renderer",
        ns="media",
    ),
    _log(
        "cpu-cgroup-v1-throttled-time",
        "cpu_throttling",
        "$ cat /sys/fs/cgroup/cpu,cpuacct/cpu.stat\nnr_periods 40211\nnr_throttled 31877\n"
        "throttled_time 2841290331882\n$ cat /sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us\n20000",
        CFS_BANDWIDTH,
        "cgroup v1 counters: throttled_time and nr_throttled high for a 0.2 CPU quota",
        app="thumbs",
        ns="media",
    ),
    _log(
        "cpu-promql-throttled-periods",
        "cpu_throttling",
        'sum(increase(container_cpu_cfs_throttled_periods_total{namespace="checkout",'
        'container="api"}[5m])) / sum(increase(container_cpu_cfs_periods_total{namespace='
        '"checkout",container="api"}[5m]))\n=> 0.72',
        CFS_BANDWIDTH,
        "72% of CFS periods throttled in a pasted query result",
        app="checkout-api",
        ns="checkout",
    ),
    _log(
        "cpu-jvm-gc-starved",
        "cpu_throttling",
        "[2025-03-02T08:12:01.332+0000][gc] GC(412) Pause Young (Normal) (G1 Evacuation Pause) "
        "512M->301M(1024M) 1834.112ms\n[2025-03-02T08:12:01.333+0000][safepoint] Safepoint "
        '"G1CollectForAllocation", Time since last: 2001 ms, Reaching safepoint: 1602 ms\n'
        "container cpu limit 500m, cpu.stat nr_throttled grew by 3,912 in 60s",
        CFS_BANDWIDTH,
        "GC threads starved by a low CPU quota; throttled counter growing",
        app="pricing",
        ns="retail",
    ),
    _log(
        "cpu-node-event-loop-lag",
        "cpu_throttling",
        "warn: event loop lag 912ms (threshold 100ms) pid=1\n"
        'container_cpu_cfs_throttled_seconds_total{container="bff"} +38.2s over the last minute '
        "with limits.cpu=250m",
        CFS_BANDWIDTH,
        "event loop delayed while the container is throttled at 250m",
        app="bff",
        ns="web",
    ),
    _a(
        "cpu-kube-cpu-quota-overcommit",
        "scheduling",
        alert(
            "KubeCPUQuotaOvercommit",
            "warning",
            summary="Cluster has overcommitted CPU resource requests.",
            description="Cluster  has overcommitted CPU resource requests for Namespaces.",
        ),
        KM_RESOURCES,
        "Trap: CPU words, but this is quota over-commit of the cluster (capacity), not throttling",
    ),
    _a(
        "cpu-windows-exporter",
        "cpu_throttling",
        alert(
            "WindowsServerCpuUsage",
            "warning",
            instance="win-build-02:9182",
            summary="Windows Server CPU Usage (instance win-build-02:9182)",
            description="CPU Usage is more than 80%\n  VALUE = 96.4",
        ),
        K8S_CPU,
        "CPU saturation on a Windows node",
    ),
    _a(
        "cpu-opensearch-high",
        "cpu_throttling",
        alert(
            "OpenSearchHighCPUUsage",
            "critical",
            node="os-data-1",
            summary="The CPU usage has exceeded the critical threshold.",
            description="os-data-1 has had 96% CPU usage over the last 5m which is above the "
            "threshold of 90.",
        ),
        MM_OPENSEARCH,
        "search node CPU saturated",
    ),
    _multi(
        "cpu-multi-latency-by-throttle",
        "cpu_throttling",
        [
            alert(
                "CheckoutLatencyHigh",
                "warning",
                namespace="checkout",
                service="checkout-api",
                summary="checkout-api p99 latency is 2.8s",
            ),
            alert(
                "CPUThrottlingHigh",
                "info",
                base=KUBELET,
                namespace="checkout",
                pod="checkout-api-5b8d-7qjmf",
                container="api",
                summary="Processes experience elevated CPU throttling.",
                description="58% throttling of CPU in namespace checkout for container api in pod "
                "checkout-api-5b8d-7qjmf on cluster .",
            ),
        ],
        KM_RESOURCES,
        "throttling is the cause of the latency symptom",
    ),
    _long(
        "cpu-long-go-throttled",
        "cpu_throttling",
        "go",
        [
            'level=warn ts=2025-03-02T08:59:01Z caller=watchdog.go:40 msg="scheduler latency '
            'high" p99=840ms',
            'level=warn ts=2025-03-02T08:59:01Z caller=watchdog.go:44 msg="cgroup cpu.stat" '
            "nr_periods=6000 nr_throttled=4410 throttled_usec=281004112",
            'level=warn ts=2025-03-02T08:59:02Z caller=watchdog.go:47 msg="cpu quota exhausted '
            'in most periods" quota=100000 period=100000',
        ],
        CGROUP_V2,
        "long start-up and metric dumps; ends in throttled cgroup counters",
        app="ingester",
        ns="obs",
    ),
    _log(
        "cpu-trap-automaxprocs",
        "crashloop",
        "2025/03/02 08:00:01 maxprocs: Updating GOMAXPROCS=1: determined from CPU quota\n"
        "panic: runtime error: index out of range [3] with length 3\n\ngoroutine 1 [running]:\n"
        "main.loadShards(...)\n\t/app/main.go:44",
        AUTOMAXPROCS,
        "Trap: CPU quota is mentioned by automaxprocs at start-up, but the process panics",
        app="shard-router",
        ns="edge",
    ),
    _log(
        "cpu-trap-throttled-zero",
        "unknown",
        'container_cpu_cfs_throttled_periods_total{container="api"} 0\n'
        'container_cpu_cfs_periods_total{container="api"} 88211\n'
        "cpu requests=500m limits=none; p99 latency 41ms",
        CFS_BANDWIDTH,
        "Trap: throttling counters are zero (no CPU limit), nothing wrong",
        app="api",
        ns="web",
    ),
    _a(
        "cpu-system-saturation",
        "cpu_throttling",
        alert(
            "NodeSystemSaturation",
            "warning",
            base=NODE_EXPORTER,
            instance="10.0.9.3:9100",
            summary="System saturated, load per core is very high.",
            description="System load per core at 10.0.9.3:9100 has been above 2 for the last 15 "
            "minutes, is currently at 3.71. This might indicate this instance resources are "
            "saturated and can cause it becoming unresponsive.",
        ),
        NODE_MIXIN,
        "load per core far above 1: CPU saturated",
    ),
    _log(
        "cpu-datadog-throttled",
        "cpu_throttling",
        "[Monitor] kubernetes.cpu.cfs.throttled.seconds on kube_deployment:ranker is 21.4s/min "
        "(threshold 10) - ranker pods hit their 1 core limit",
        K8S_CPU,
        "agent monitor text on CFS throttled seconds",
        app="ranker",
        ns="ml",
    ),
    _log(
        "cpu-kubectl-top-at-limit",
        "cpu_throttling",
        "$ kubectl top pod -n etl\nNAME                    CPU(cores)   MEMORY(bytes)\n"
        "transform-5cd8-ptk2z    1000m        812Mi\ntransform-5cd8-xw9qs    999m         790Mi\n"
        "$ kubectl get pod transform-5cd8-ptk2z -o jsonpath='{..resources.limits.cpu}'\n1",
        K8S_CPU,
        "pods sitting at their 1-core CPU limit",
        app="transform",
        ns="etl",
    ),
    _log(
        "cpu-python-worker-slow-quota",
        "cpu_throttling",
        "[2025-03-02 08:40:11,201: WARNING/MainProcess] Task resize[3f1] took 41.2s (p50 4s)\n"
        "cgroup: cpu.max 25000 100000, cpu.stat throttled_usec +58,120,442 in 60s",
        CGROUP_V2,
        "Celery tasks slow while a 0.25 CPU quota throttles",
        app="image-worker",
        ns="media",
    ),
    _a(
        "cpu-cilium-denied-trap",
        "unknown",
        alert(
            "CiliumAgentHighDeniedRate",
            "info",
            pod="cilium-7s2lm",
            summary="Cilium Agent is experiencing a high drop rate due to policy rule denies.",
            description="Cilium Agent Pod cilium-7s2lm is experiencing a high drop rate due to "
            "policy rule denies.",
        ),
        MM_CILIUM,
        "Trap: 'high rate' wording but it is policy denies by design (informational)",
    ),
]


# --- scheduling -------------------------------------------------------------------------------

SCHEDULING: list[Case] = [
    _ev(
        "sched-insufficient-cpu-memory",
        "scheduling",
        "  Warning  FailedScheduling  77s (x3 over 4m)  default-scheduler  0/8 nodes are "
        "available: 3 Insufficient cpu, 4 Insufficient memory, 1 node(s) had untolerated taint "
        "{node-role.kubernetes.io/control-plane: }. preemption: 0/8 nodes are available: 1 "
        "Preemption is not helpful for scheduling, 7 No preemption victims found for incoming pod.",
        K8S_TAINTS,
        "FailedScheduling: insufficient cpu/memory, untolerated taint",
        app="spark-exec",
        ns="analytics",
    ),
    _ev(
        "sched-affinity-mismatch",
        "scheduling",
        "  Warning  FailedScheduling  2m  default-scheduler  0/12 nodes are available: 12 "
        "node(s) didn't match Pod's node affinity/selector. preemption: 0/12 nodes are "
        "available: 12 Preemption is not helpful for scheduling.",
        K8S_AFFINITY,
        "node affinity/selector matches no node",
        app="gpu-infer",
        ns="ml",
    ),
    _ev(
        "sched-anti-affinity",
        "scheduling",
        "  Warning  FailedScheduling  5m  default-scheduler  0/3 nodes are available: 3 node(s) "
        "didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No "
        "preemption victims found for incoming pod.",
        K8S_AFFINITY,
        "pod anti-affinity leaves no node",
        app="zookeeper",
        ns="kafka",
    ),
    _ev(
        "sched-topology-spread",
        "scheduling",
        "  Warning  FailedScheduling  40s  default-scheduler  0/6 nodes are available: 2 "
        "node(s) didn't match pod topology spread constraints, 4 node(s) didn't match pod "
        "topology spread constraints (missing required label).",
        K8S_AFFINITY,
        "topology spread constraints unsatisfiable",
        app="web",
        ns="web",
    ),
    _ev(
        "sched-quota-exceeded",
        "scheduling",
        "  Warning  FailedCreate  12s (x9 over 2m)  replicaset-controller  Error creating: pods "
        '"reporting-7d9c-" is forbidden: exceeded quota: team-quota, requested: limits.memory=2Gi, '
        "used: limits.memory=15Gi, limited: limits.memory=16Gi",
        K8S_QUOTA,
        "ResourceQuota exceeded: pods cannot be created",
        app="reporting",
        ns="bi",
    ),
    _a(
        "sched-quota-almost-full",
        "scheduling",
        alert(
            "KubeQuotaAlmostFull",
            "info",
            base=KSM,
            namespace="team-b",
            resource="requests.cpu",
            resourcequota="compute",
            summary="Namespace quota is going to be full.",
            description="Namespace team-b is using 93.8% of its requests.cpu quota on cluster .",
        ),
        KM_RESOURCES,
        "namespace quota nearly full",
    ),
    _a(
        "sched-hpa-at-max-custom",
        "scheduling",
        alert(
            "HpaAtMaxReplicas",
            "warning",
            namespace="checkout",
            horizontalpodautoscaler="checkout-api",
            summary="checkout-api HPA has been at 20/20 replicas for 45m",
            description="kube_horizontalpodautoscaler_status_current_replicas == "
            "kube_horizontalpodautoscaler_spec_max_replicas; cpu utilisation still 180% of target",
        ),
        K8S_HPA,
        "HPA pinned at maxReplicas while still over target",
    ),
    _ev(
        "sched-hpa-scaling-limited",
        "scheduling",
        "Conditions:\n  Type            Status  Reason            Message\n  AbleToScale     True "
        "   "
        "ReadyForNewScale  recommended size matches current size\n  ScalingLimited  True    "
        "TooManyReplicas   the desired replica count is more than the maximum replica count",
        K8S_HPA,
        "HPA ScalingLimited TooManyReplicas",
        app="search-api",
        ns="search",
    ),
    _log(
        "sched-karpenter-incompatible",
        "scheduling",
        '{"level":"ERROR","time":"2025-03-02T06:40:04.552Z","logger":"controller.provisioner",'
        '"message":"Could not schedule pod, incompatible with nodepool \\"default\\", daemonset '
        'overhead={\\"cpu\\":\\"675m\\",\\"memory\\":\\"390Mi\\",\\"pods\\":\\"6\\"}, incompatible '
        'requirements, label \\"nodegroup\\" does not have known values","pod":"apps/api-0"}',
        KARPENTER_INCOMPATIBLE,
        "Karpenter cannot provision a node the pod fits",
        app="karpenter",
        ns="karpenter",
    ),
    _log(
        "sched-karpenter-limits",
        "scheduling",
        '{"level":"ERROR","logger":"controller","message":"could not schedule pod","Pod":'
        '{"name":"batch-7c-2x","namespace":"batch"},"error":"all available instance types exceed '
        'limits for nodepool: \\"batch-spot\\""}',
        KARPENTER_LABEL,
        "Karpenter nodepool limits reached",
        app="karpenter",
        ns="karpenter",
    ),
    _ev(
        "sched-ca-max-size",
        "scheduling",
        "  Normal   NotTriggerScaleUp  3m (x31 over 8m)  cluster-autoscaler  pod didn't trigger "
        "scale-up: 12 node(s) didn't match Pod's node affinity/selector, 3 max node group size "
        "reached\n  Warning  FailedScheduling  3m  default-scheduler  0/15 nodes are available: "
        "3 Insufficient memory, 12 node(s) didn't match Pod's node affinity/selector.",
        CA_MAX_SIZE,
        "cluster-autoscaler could not scale up: max node group size",
        app="etl-runner",
        ns="etl",
    ),
    _log(
        "sched-ca-max-limit-log",
        "scheduling",
        'I0702 12:46:14.945401  1 event.go:209] Event(v1.ObjectReference{Kind:"Pod", '
        'Namespace:"default", Name:"hello-world-699d84fcc5-7c4pr"}): type: \'Normal\' reason: '
        "'NotTriggerScaleUp' pod didn't trigger scale-up (it wouldn't fit if a new node is "
        "added): 1 max limit reached",
        CA_MAX_LIMIT,
        "cluster-autoscaler log: NotTriggerScaleUp, max limit reached",
        app="cluster-autoscaler",
        ns="kube-system",
    ),
    _a(
        "sched-ca-unschedulable",
        "scheduling",
        alert(
            "ClusterAutoscalerUnschedulablePods",
            "warning",
            job="cluster-autoscaler",
            summary="Pods Pending Scheduling - Cluster Node Group Scaling Required",
            description="The cluster currently has unschedulable pods, indicating resource "
            "shortages. Consider adding more nodes or increasing node group capacity.",
        ),
        MM_AUTOSCALING,
        "autoscaling mixin: unschedulable pods",
    ),
    _a(
        "sched-karpenter-nodepool-capacity",
        "scheduling",
        alert(
            "KarpenterNodepoolNearCapacity",
            "warning",
            nodepool="general",
            resource_type="cpu",
            summary="Karpenter Nodepool near capacity.",
            description="The resource cpu in the Karpenter node pool general is nearing its "
            "limit. Consider scaling or adding resources.",
        ),
        MM_AUTOSCALING,
        "node pool at its limit",
    ),
    _a(
        "sched-kubelet-too-many-pods",
        "scheduling",
        alert(
            "KubeletTooManyPods",
            "info",
            base=KUBELET,
            node="worker-4",
            summary="Kubelet is running at capacity.",
            description="Kubelet 'worker-4' is running at 97.3% of its Pod capacity on cluster .",
        ),
        KM_KUBELET,
        "node pod capacity",
    ),
    _a(
        "sched-pending-pods-custom",
        "scheduling",
        alert(
            "PodsPendingTooLong",
            "warning",
            base=KSM,
            namespace="jobs",
            pod="nightly-agg-29013120-pl2mx",
            phase="Pending",
            summary="Pod jobs/nightly-agg-29013120-pl2mx has been Pending for 25 minutes",
            description='kube_pod_status_phase{phase="Pending"} == 1; kube_pod_status_'
            "unschedulable == 1",
        ),
        K8S_POD_LIFECYCLE,
        "pod Pending and unschedulable",
    ),
    _a(
        "sched-cilium-ipam-exhausted",
        "scheduling",
        alert(
            "CiliumOperatorExhaustedIpamIps",
            "critical",
            pod="cilium-operator-6d9f-2xz",
            summary="Cilium Operator has exhausted its IPAM IPs.",
            description="Cilium Operator cilium-operator-6d9f-2xz has exhausted its IPAM IPs. "
            "This is a critical issue which may cause Pods to fail to be scheduled.",
        ),
        MM_CILIUM,
        "no pod IPs left: pods cannot be placed (capacity)",
    ),
    _ev(
        "sched-too-many-pods",
        "scheduling",
        "  Warning  FailedScheduling  1m  default-scheduler  0/4 nodes are available: 4 Too many "
        "pods.\n  Normal   NotTriggerScaleUp  40s  cluster-autoscaler  pod didn't trigger "
        "scale-up: 1 max node group size reached",
        CA_SELECTOR,
        "nodes full by pod count and the node group cannot grow",
        app="log-shipper",
        ns="logging",
    ),
    _multi(
        "sched-multi-pending-replicas",
        "scheduling",
        [
            alert(
                "KubeDeploymentReplicasMismatch",
                "warning",
                base=KSM,
                namespace="ml",
                deployment="trainer",
                summary="Deployment has not matched the expected number of replicas.",
            ),
            alert(
                "KubePodNotScheduled",
                "warning",
                base=KSM,
                namespace="ml",
                pod="trainer-6f4-9zq",
                summary="Pod cannot be scheduled.",
                description="Pod ml/trainer-6f4-9zq cannot be scheduled for more than 30 "
                "minutes. Reason: 0/6 nodes are available: 6 Insufficient nvidia.com/gpu.",
            ),
        ],
        K8S_POD_LIFECYCLE,
        "unschedulable (no GPU capacity) is the cause of the replicas mismatch",
    ),
    _ev(
        "sched-trap-unbound-pvc",
        "volume",
        "  Warning  FailedScheduling  30s  default-scheduler  0/5 nodes are available: pod has "
        "unbound immediate PersistentVolumeClaims. preemption: 0/5 nodes are available: 5 "
        "Preemption is not helpful for scheduling.",
        K8S_PV,
        "Trap: a FailedScheduling event, but the reason is an unbound PVC (volume provisioning)",
        app="postgres",
        ns="db",
    ),
    _ev(
        "sched-trap-insufficient-memory-not-oom",
        "scheduling",
        "  Warning  FailedScheduling  2m  default-scheduler  0/5 nodes are available: 5 "
        "Insufficient memory. preemption: 0/5 nodes are available: 5 No preemption victims "
        "found for incoming pod.",
        K8S_POD_LIFECYCLE,
        "Trap: memory words, but the pod never ran: capacity, not an OOM kill",
        app="cache-warmer",
        ns="cache",
    ),
]


# --- disk_full --------------------------------------------------------------------------------

DISK: list[Case] = [
    _a(
        "disk-strimzi-running-out",
        "disk_full",
        alert(
            "KafkaRunningOutOfSpace",
            "warning",
            namespace="kafka",
            persistentvolumeclaim="data-0-events-kafka-1",
            summary="Kafka is running out of free disk space",
            description="There are only 2.1GB available at data-0-events-kafka-1 PVC",
        ),
        STRIMZI,
        "Strimzi rule: free bytes on the broker PVC",
    ),
    _a(
        "disk-rabbitmq-watermark-predicted",
        "disk_full",
        alert(
            "LowDiskWatermarkPredicted",
            "warning",
            namespace="messaging",
            rabbitmq_cluster="events-mq",
            pod="events-mq-server-0",
            summary="The predicted free disk space in 24 hours from now is low.",
            description="The predicted free disk space in 24 hours from now is 41MiB in RabbitMQ "
            "node rabbit@events-mq-server-0, pod events-mq-server-0, RabbitMQ cluster events-mq.",
        ),
        RMQ_OPERATOR,
        "RabbitMQ disk free predicted below the watermark",
    ),
    _a(
        "disk-ceph-osd-full",
        "disk_full",
        alert(
            "CephOSDFull",
            "critical",
            cluster="rook-ceph",
            summary="OSD full, writes blocked on cluster rook-ceph",
            description="An OSD has reached the FULL threshold. Writes to pools that share the "
            "affected OSD will be blocked.",
        ),
        MM_CEPH,
        "Ceph OSD FULL threshold",
    ),
    _a(
        "disk-ceph-mon-space",
        "disk_full",
        alert(
            "CephMonDiskspaceCritical",
            "critical",
            cluster="rook-ceph",
            summary="Filesystem space on at least one monitor is critically low on cluster "
            "rook-ceph",
            description="The free space available to a monitor's store is critically low. You "
            "should increase the space available to the monitor(s).",
        ),
        MM_CEPH,
        "monitor store filesystem almost full",
    ),
    _a(
        "disk-cnpg-low-space",
        "disk_full",
        alert(
            "CNPGClusterLowDiskSpaceWarning",
            "warning",
            namespace="db",
            job="db/orders-pg",
            summary="CNPG Instance is running out of disk space!",
            description='CloudNativePG Cluster "db/orders-pg" is running low on disk space. '
            "Check attached PVCs.",
        ),
        CNPG_RULES,
        "CloudNativePG low disk space",
    ),
    _a(
        "disk-node-fs-filling",
        "disk_full",
        alert(
            "NodeFilesystemSpaceFillingUp",
            "warning",
            base=NODE_EXPORTER,
            instance="10.0.3.8:9100",
            device="/dev/nvme1n1",
            mountpoint="/var/lib/containerd",
            fstype="xfs",
            summary="Filesystem is predicted to run out of space within the next 24 hours.",
            description="Filesystem on /dev/nvme1n1, mounted on /var/lib/containerd, at "
            "10.0.3.8:9100 has only 8.12% available space left and is filling up.",
        ),
        NODE_MIXIN,
        "filesystem predicted to fill",
    ),
    _a(
        "disk-node-inodes",
        "disk_full",
        alert(
            "NodeFilesystemAlmostOutOfFiles",
            "warning",
            base=NODE_EXPORTER,
            instance="10.0.3.9:9100",
            device="/dev/sda1",
            mountpoint="/",
            summary="Filesystem has less than 5% inodes left.",
            description="Filesystem on /dev/sda1, mounted on /, at 10.0.3.9:9100 has only 2.4% "
            "available inodes left.",
        ),
        NODE_MIXIN,
        "inodes exhausted",
    ),
    _a(
        "disk-pv-filling",
        "disk_full",
        alert(
            "KubePersistentVolumeFillingUp",
            "critical",
            base=KUBELET,
            namespace="logging",
            persistentvolumeclaim="storage-loki-0",
            summary="PersistentVolume is filling up.",
            description="The PersistentVolume claimed by storage-loki-0 in Namespace logging on "
            "Cluster  is only 1.9% free.",
        ),
        KM_STORAGE,
        "PVC nearly full",
    ),
    _a(
        "disk-etcd-quota",
        "disk_full",
        alert(
            "etcdDatabaseQuotaLowSpace",
            "critical",
            job="etcd",
            instance="10.0.0.11:2379",
            summary="etcd cluster database is running full.",
            description='etcd cluster "etcd": database size exceeds the defined quota on etcd '
            "instance 10.0.0.11:2379, please defrag or increase the quota as the writes to etcd "
            "will be disabled when it is full.",
        ),
        ETCD_MIXIN,
        "etcd backend quota almost used (writes disabled when full)",
    ),
    _log(
        "disk-es-flood-stage",
        "disk_full",
        '{"type":"server","level":"WARN","component":"o.e.c.r.a.DiskThresholdMonitor",'
        '"message":"flood stage disk watermark [95%] exceeded on [es-data-2][/usr/share/'
        "elasticsearch/data] free: 3.9gb[3.8%], all indices on this node will be marked "
        'read-only"}',
        ES_WATERMARK,
        "Elasticsearch flood-stage watermark",
        app="es-data",
        ns="search",
    ),
    _log(
        "disk-pg-could-not-extend",
        "disk_full",
        '2025-03-02 08:14:11.002 UTC [4412] ERROR:  could not extend file "base/16384/2619": No '
        "space left on device\n2025-03-02 08:14:11.002 UTC [4412] HINT:  Check free disk space.",
        PG_DISK_FULL,
        "Postgres cannot extend a relation file",
        app="orders-pg",
        ns="db",
    ),
    _log(
        "disk-pg-wal-panic",
        "disk_full",
        '2025-03-02 08:20:01 UTC [61] PANIC:  could not write to file "pg_wal/xlogtemp.61": No '
        "space left on device\n2025-03-02 08:20:01 UTC [1] LOG:  WAL writer process (PID 61) was "
        "terminated by signal 6: Aborted",
        PG_DISK_FULL,
        "WAL volume full, postmaster restarts",
        app="ledger-pg",
        ns="db",
    ),
    _log(
        "disk-mysql-table-full",
        "disk_full",
        "2025-03-02T08:31:00.118Z 12 [ERROR] [MY-012640] [InnoDB] Write to file ./ib_logfile1 "
        "failed at offset 2048, 1024 bytes should have been written, only 0 were written. "
        "Operating system error number 28.\n[ERROR] [MY-000035] [Server] Disk is full writing "
        "'./binlog.000412' (OS errno 28 - No space left on device). Waiting for someone to free "
        "space...",
        MYSQL_FULL_DISK,
        "MySQL waits for someone to free space (errno 28)",
        app="mysql",
        ns="db",
    ),
    _log(
        "disk-clickhouse-not-enough-space",
        "disk_full",
        "2025.03.02 08:40:12.118 [ 311 ] {} <Error> MergeTreeBackgroundExecutor: Exception while "
        "executing background task: Code: 243. DB::Exception: Cannot reserve 1.02 GiB, not "
        "enough space. (NOT_ENOUGH_SPACE)",
        CLICKHOUSE_ERRORS,
        "ClickHouse cannot reserve space for a merge",
        app="clickhouse",
        ns="analytics",
    ),
    _log(
        "disk-node-enospc-write",
        "disk_full",
        "Error: ENOSPC: no space left on device, write\n    at Object.writeSync (node:fs:927:3)\n"
        "    at /app/dist/export.js:88:12 {\n  errno: -28,\n  code: 'ENOSPC',\n  syscall: "
        "'write'\n}",
        NODE_ERRORS,
        "Node ENOSPC on write",
        app="exporter",
        ns="bi",
    ),
    _log(
        "disk-python-oserror-28",
        "disk_full",
        'Traceback (most recent call last):\n  File "/app/spool.py", line 33, in write_chunk\n'
        "    fh.write(chunk)\nOSError: [Errno 28] No space left on device: '/data/spool/"
        "part-00913.parquet'",
        PY_EXCEPTIONS,
        "Python OSError errno 28",
        app="spooler",
        ns="etl",
    ),
    _log(
        "disk-containerd-extract",
        "disk_full",
        'E0302 08:50:01 remote_image.go:180] "PullImage from image service failed" err="rpc '
        'error: code = Unknown desc = failed to pull and unpack image \\"registry.local/ml/'
        'trainer:4.2\\": failed to extract layer sha256:9f1c: write /var/lib/containerd/io.'
        "containerd.snapshotter.v1.overlayfs/snapshots/412/fs/usr/lib/libcuda.so: no space left "
        'on device"',
        CONTAINERD,
        "containerd cannot unpack: no space left on the node filesystem",
        app="trainer",
        ns="ml",
    ),
    _log(
        "disk-kafka-log-dir-failed",
        "disk_full",
        "[2025-03-02 08:55:10,001] ERROR Error while appending records to events-7 in dir "
        "/var/lib/kafka/data-0 (org.apache.kafka.storage.internals.log.LogDirFailureChannel)\n"
        "java.io.IOException: No space left on device",
        KAFKA_PRODUCER,
        "Kafka broker log dir out of space",
        app="events-kafka",
        ns="kafka",
    ),
    _multi(
        "disk-multi-pvc-full-crash",
        "disk_full",
        [
            alert(
                "KubePersistentVolumeFillingUp",
                "critical",
                base=KUBELET,
                namespace="monitoring",
                persistentvolumeclaim="prometheus-k8s-db-prometheus-k8s-0",
                summary="PersistentVolume is filling up.",
            ),
            alert(
                "KubePodCrashLooping",
                "warning",
                base=KSM,
                namespace="monitoring",
                pod="prometheus-k8s-0",
                container="prometheus",
                summary="Pod is crash looping.",
            ),
        ],
        KM_STORAGE,
        "the full volume is the cause; the crash loop follows",
        log='level=error msg="opening storage failed" err="open /prometheus/wal/00012345: no '
        'space left on device"',
    ),
    _long(
        "disk-long-python-enospc",
        "disk_full",
        "python",
        [
            "[2025-03-02 08:58:01 +0000] [7] [INFO] export job 8812 started",
            'Traceback (most recent call last):\n  File "/app/export.py", line 71, in run',
            "    shutil.copyfileobj(src, dst)",
            "OSError: [Errno 28] No space left on device",
            "[2025-03-02 08:58:02 +0000] [7] [WARNING] export job 8812 aborted",
        ],
        PY_EXCEPTIONS,
        "long gunicorn log with config and metrics dumps; ends in ENOSPC",
        app="exporter",
        ns="bi",
        style="json",
    ),
    _log(
        "disk-trap-df-healthy",
        "unknown",
        "$ df -h /var/lib/postgresql/data\nFilesystem      Size  Used Avail Use% Mounted on\n"
        "/dev/rbd3       200G   61G  139G  31% /var/lib/postgresql/data\n"
        "disk usage check: OK (threshold 85%), no space warnings",
        PG_DISK_FULL,
        "Trap: a disk report with the words space and usage; 31% used, nothing is full",
        app="orders-pg",
        ns="db",
    ),
    _log(
        "disk-trap-ephemeral-eviction",
        "evicted",
        "Status:  Failed\nReason:  Evicted\nMessage: Pod ephemeral local storage usage exceeds "
        "the total limit of containers 1Gi.",
        K8S_EVICTION,
        "Trap: storage usage words, but the kubelet evicted the pod (evicted, not disk_full)",
        app="builder",
        ns="ci",
    ),
]


# --- dependency_limit -------------------------------------------------------------------------

DEPENDENCY: list[Case] = [
    _log(
        "dep-pg-too-many-clients",
        "dependency_limit",
        'psycopg2.OperationalError: connection to server at "orders-pg-rw" (10.96.14.2), port '
        "5432 failed: FATAL:  sorry, too many clients already",
        PG_CONNECTIONS,
        "Postgres max_connections reached",
        app="orders-api",
        ns="orders",
    ),
    _log(
        "dep-pg-reserved-slots",
        "dependency_limit",
        "org.postgresql.util.PSQLException: FATAL: remaining connection slots are reserved for "
        "non-replication superuser connections",
        PG_CONNECTIONS,
        "Postgres: only reserved slots left",
        app="ledger",
        ns="finance",
    ),
    _log(
        "dep-mysql-1040",
        "dependency_limit",
        "PHP Fatal error:  Uncaught PDOException: SQLSTATE[HY000] [1040] Too many connections in "
        "/var/www/html/lib/Db.php:22",
        MYSQL_TOO_MANY,
        "MySQL error 1040 from PHP PDO",
        app="shop-php",
        ns="shop",
    ),
    _log(
        "dep-hikari-timeout",
        "dependency_limit",
        "java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, "
        "request timed out after 30000ms (total=20, active=20, idle=0, waiting=57)",
        HIKARI,
        "HikariCP pool exhausted",
        app="inventory",
        ns="retail",
    ),
    _log(
        "dep-sqlalchemy-queuepool",
        "dependency_limit",
        "sqlalchemy.exc.TimeoutError: QueuePool limit of size 5 overflow 10 reached, connection "
        "timed out, timeout 30.00 (Background on this error at: https://sqlalche.me/e/20/3o7r)",
        SQLALCHEMY_ERRORS,
        "SQLAlchemy QueuePool exhausted",
        app="catalog-api",
        ns="catalog",
    ),
    _log(
        "dep-rails-pool",
        "dependency_limit",
        "ActiveRecord::ConnectionTimeoutError (could not obtain a connection from the pool "
        "within 5.000 seconds (waited 5.004 seconds); all pooled connections were in use)",
        RAILS_POOL,
        "Rails ActiveRecord pool exhausted",
        app="storefront-rails",
        ns="shop",
    ),
    _log(
        "dep-dotnet-max-pool",
        "dependency_limit",
        "System.InvalidOperationException: Timeout expired.  The timeout period elapsed prior to "
        "obtaining a connection from the pool.  This may have occurred because all pooled "
        "connections were in use and max pool size was reached.",
        DOTNET_POOL,
        ".NET SqlClient max pool size reached",
        app="claims",
        ns="insurance",
    ),
    _log(
        "dep-redis-maxclients",
        "dependency_limit",
        "redis.exceptions.ConnectionError: max number of clients reached\n"
        "[2025-03-02 09:01:11,402: ERROR/MainProcess] consumer: Cannot connect to "
        "redis://redis-master:6379/0: max number of clients reached.",
        REDIS_CLIENTS,
        "Redis maxclients reached (Celery broker)",
        app="celery-worker",
        ns="jobs",
    ),
    _log(
        "dep-pgbouncer-max-client",
        "dependency_limit",
        "2025-03-02 09:05:01.118 UTC [1] WARNING C-0x55d1: (nodb)/(nouser)@10.244.3.9:51822 "
        "pooler error: no more connections allowed (max_client_conn)",
        PGBOUNCER_CONFIG,
        "PgBouncer max_client_conn reached",
        app="pgbouncer",
        ns="db",
    ),
    _a(
        "dep-pgbouncer-saturation",
        "dependency_limit",
        alert(
            "PGBouncerHighSaturationCritical",
            "critical",
            instance="pgbouncer-0:9127",
            summary="PGBouncer is nearing critical levels of user connection capacity.",
            description="User connection capacity on pgbouncer-0:9127, is above 90%. The current "
            "value is 96.40.",
        ),
        MM_PGBOUNCER,
        "PgBouncer user connection capacity above 90%",
    ),
    _a(
        "dep-cnpg-connections",
        "dependency_limit",
        alert(
            "CNPGClusterHighConnectionsWarning",
            "warning",
            namespace="db",
            pod="orders-pg-1",
            job="db/orders-pg",
            summary="CNPG Instance maximum number of connections warning!",
            description='CloudNativePG Cluster "db/orders-pg" instance orders-pg-1 is using 91% '
            "of the maximum number of connections.",
        ),
        CNPG_RULES,
        "share of max_connections in use",
    ),
    _a(
        "dep-mongodb-connections",
        "dependency_limit",
        alert(
            "MongodbTooManyConnections",
            "warning",
            service_name="mongo-rs0-1",
            summary="MongoDB has too many connections.",
            description="Too many connections to MongoDB instance mongo-rs0-1 (> 80%).",
        ),
        MM_MONGODB,
        "MongoDB connections near the limit",
    ),
    _log(
        "dep-clickhouse-simultaneous",
        "dependency_limit",
        "Code: 202. DB::Exception: Too many simultaneous queries. Maximum: 100. "
        "(TOO_MANY_SIMULTANEOUS_QUERIES) (version 24.3.2.23 (official build))",
        CLICKHOUSE_ERRORS,
        "ClickHouse max_concurrent_queries reached, seen by a client",
        app="dash-api",
        ns="analytics",
    ),
    _log(
        "dep-librdkafka-queue-full",
        "dependency_limit",
        'Traceback (most recent call last):\n  File "/app/emit.py", line 41, in emit\n'
        "    producer.produce(topic, value=payload)\nBufferError: Local: Queue full\n"
        "%4|1740906001.118|TERMINATE|rdkafka#producer-1| Producer terminating with 100000 "
        "messages (91 MB) still in queue or transit",
        CONFLUENT_KAFKA,
        "librdkafka producer queue (queue.buffering.max.messages) full",
        app="clickstream",
        ns="events",
    ),
    _log(
        "dep-envoy-uo-overflow",
        "dependency_limit",
        '[2025-03-02T09:12:01.118Z] "POST /v1/quote HTTP/2" 503 UO 0 81 0 - "10.244.5.4" '
        '"grpc-go/1.62" "b1c2" "pricing.pricing.svc:8080" "-"\n'
        "cluster.outbound|8080||pricing.pricing.svc.cluster.local.upstream_rq_pending_overflow: "
        "412",
        ENVOY_CIRCUIT,
        "Envoy circuit breaker overflow (UO, pending overflow counter)",
        app="quote-svc",
        ns="pricing",
    ),
    _log(
        "dep-github-rate-limit",
        "dependency_limit",
        "HTTP 403: API rate limit exceeded for installation ID 4412981.\n"
        "x-ratelimit-limit: 5000\nx-ratelimit-remaining: 0\nx-ratelimit-reset: 1740906000",
        GITHUB_RATE_LIMIT,
        "the GitHub API rate limit of our integration is used up",
        app="release-bot",
        ns="ci",
    ),
    _log(
        "dep-llm-429",
        "dependency_limit",
        "openai.RateLimitError: Error code: 429 - {'error': {'message': 'Rate limit reached for "
        "gpt-4o in organization org-xxxx on tokens per min (TPM): Limit 30000, Used 29870, "
        "Requested 1204.', 'type': 'tokens', 'code': 'rate_limit_exceeded'}}",
        "https://platform.openai.com/docs/guides/rate-limits",
        "an upstream LLM API rate limit hit by our service",
        app="summarizer",
        ns="ai",
    ),
    _a(
        "dep-redis-rejected-connections",
        "dependency_limit",
        alert(
            "RedisRejectedConnections",
            "critical",
            instance="redis-sessions:9121",
            summary="Redis rejected connections (instance redis-sessions:9121)",
            description="Some connections to Redis has been rejected\n  VALUE = 37",
        ),
        REDIS_CLIENTS,
        "redis_rejected_connections_total increasing (maxclients)",
    ),
    _multi(
        "dep-multi-pool-causes-5xx",
        "dependency_limit",
        [
            alert(
                "DjangoHighHttp5xxErrorRate",
                "warning",
                job="portal",
                view="billing.views.invoice",
                summary="Django high HTTP 5xx error rate.",
            ),
            alert(
                "PostgresqlTooManyConnections",
                "warning",
                instance="billing-pg:9187",
                summary="Postgresql too many connections (instance billing-pg:9187)",
                description="PostgreSQL instance has too many connections (> 80%).\n  VALUE = 97",
            ),
        ],
        PG_CONNECTIONS,
        "the database connection limit is the cause; the 5xx ratio follows",
        log="django.db.utils.OperationalError: FATAL:  sorry, too many clients already",
    ),
    _long(
        "dep-long-hikari",
        "dependency_limit",
        "jvm",
        [
            "WARN 1 --- [nio-8080-exec-9] com.zaxxer.hikari.pool.HikariPool : HikariPool-1 - "
            "Thread starvation or clock leap detected (housekeeper delta=1m2s).",
            "WARN 1 --- [nio-8080-exec-4] o.h.engine.jdbc.spi.SqlExceptionHelper : SQL Error: "
            "0, SQLState: null",
            "ERROR 1 --- [nio-8080-exec-4] o.h.engine.jdbc.spi.SqlExceptionHelper : HikariPool-1 "
            "- Connection is not available, request timed out after 30005ms (total=10, "
            "active=10, idle=0, waiting=33).",
        ],
        HIKARI,
        "long Spring log with max_connections echo; ends in the pool exhausted",
        app="orders",
        ns="shop",
    ),
    _log(
        "dep-trap-pool-stats-healthy",
        "unknown",
        "HikariPool-1 - Pool stats (total=10, active=2, idle=8, waiting=0)\n"
        "HikariPool-1 - Fill pool skipped, pool has sufficient level or currently being filled "
        "(queueDepth=0).",
        HIKARI,
        "Trap: pool vocabulary at DEBUG level, nothing waiting; healthy",
        app="orders",
        ns="shop",
    ),
    _log(
        "dep-trap-own-429",
        "high_error_rate",
        '10.0.3.4 - - [02/Mar/2025:09:30:01 +0000] "GET /api/search?q=tv HTTP/1.1" 429 64 "-" '
        '"Mozilla/5.0" 0.001\n10.0.3.9 - - [02/Mar/2025:09:30:01 +0000] "GET /api/search?q=pc '
        'HTTP/1.1" 429 64 "-" "Mozilla/5.0" 0.001\nlimiting requests, excess: 20.812 by zone '
        '"search", client: 10.0.3.9',
        NGINX_CORE,
        "Trap: 429 storm from our own nginx limit_req zone (error rate), not a dependency's limit",
        app="search-edge",
        ns="search",
    ),
]


# --- the other families: one pasted line or event block per row --------------------------------

# (id, category, shape, text, source, why, app, namespace)
_ROWS: tuple[tuple[str, str, str, str, str, str, str, str], ...] = (
    (
        "oom-node-heap",
        "oom",
        "log",
        "<--- Last few GCs --->\n[1:0x5d1e]   81234 ms: Mark-Compact "
        "2041.1 (2083.4) -> 2039.8 (2084.1) MB\nFATAL ERROR: Reached heap limit Allocation failed "
        "- "
        "JavaScript heap out of memory",
        NODE_ERRORS,
        "V8 heap limit reached",
        "ssr",
        "web",
    ),
    (
        "oom-go-runtime",
        "oom",
        "log",
        "fatal error: runtime: out of memory\n\nruntime stack:\n"
        "runtime.throw({0x1b2e4f1?, 0x2000?})\n\t/usr/local/go/src/runtime/panic.go:1023 +0x5c",
        GO_PANIC,
        "Go runtime out of memory",
        "tsdb-compactor",
        "obs",
    ),
    (
        "oom-java-heap",
        "oom",
        "log",
        "java.lang.OutOfMemoryError: Java heap space\nDumping heap to "
        "/dumps/java_pid1.hprof ...\nTerminating due to java.lang.OutOfMemoryError: Java heap "
        "space",
        SPRING_CONFIG,
        "Java heap exhausted",
        "reports",
        "bi",
    ),
    (
        "oom-kernel-cgroup",
        "oom",
        "log",
        "Memory cgroup out of memory: Killed process 31200 "
        "(uwsgi) total-vm:2811452kB, anon-rss:1043212kB, file-rss:10244kB, shmem-rss:0kB, UID:1000 "
        "pgtables:2412kB oom_score_adj:985",
        CGROUP_V2,
        "kernel cgroup OOM kill",
        "legacy-api",
        "web",
    ),
    (
        "oom-cgroup-v2-events",
        "oom",
        "log",
        "$ cat /sys/fs/cgroup/memory.events\nlow 0\nhigh 0\n"
        "max 2211\noom 14\noom_kill 14\noom_group_kill 0",
        CGROUP_V2,
        "memory.events oom_kill counter at 14",
        "ranker",
        "ml",
    ),
    (
        "oom-clickhouse-memory-limit",
        "oom",
        "log",
        "Code: 241. DB::Exception: Memory limit (for "
        "query) exceeded: would use 9.31 GiB (attempt to allocate chunk of 4194304 bytes), "
        "maximum: "
        "9.31 GiB. (MEMORY_LIMIT_EXCEEDED)",
        CLICKHOUSE_ERRORS,
        "ClickHouse query memory limit",
        "clickhouse",
        "analytics",
    ),
    (
        "oom-trap-flags-only",
        "unknown",
        "log",
        "JAVA_TOOL_OPTIONS=-XX:+ExitOnOutOfMemoryError "
        '-XX:+HeapDumpOnOutOfMemoryError\ncontainer_oom_events_total{container="app"} 0\n'
        "Started Application in 6.2 seconds (process running for 7.0)",
        SPRING_CONFIG,
        "Trap: OOM options and a zero OOM counter in a healthy start",
        "orders",
        "shop",
    ),
    (
        "img-ecr-not-found",
        "image_pull",
        "event",
        "  Warning  Failed  12s  kubelet  Failed to "
        'pull image "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:v9.9.9": rpc error: code = '
        "NotFound desc = failed to pull and unpack image: failed to resolve reference: "
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:v9.9.9: not found",
        K8S_IMAGES,
        "ECR tag not found",
        "api",
        "prod",
    ),
    (
        "img-ghcr-denied",
        "image_pull",
        "event",
        "  Warning  Failed  30s  kubelet  Failed to pull "
        'image "ghcr.io/acme/worker:2.0": failed to authorize: failed to fetch anonymous token: '
        "unexpected status from GET request to https://ghcr.io/token: 401 Unauthorized\n  Warning  "
        "Failed  30s  kubelet  Error: ErrImagePull",
        K8S_IMAGES,
        "GHCR 401 on a private image",
        "worker",
        "jobs",
    ),
    (
        "img-dockerhub-ratelimit",
        "image_pull",
        "event",
        "  Warning  Failed  1m  kubelet  Failed to "
        'pull image "redis:7.2": toomanyrequests: You have reached your pull rate limit. You may '
        "increase the limit by authenticating and upgrading",
        K8S_IMAGES,
        "Docker Hub pull rate limit (image_pull per taxonomy)",
        "redis",
        "cache",
    ),
    (
        "img-invalid-name",
        "image_pull",
        "event",
        "  Warning  InspectFailed  5s  kubelet  Failed to "
        'apply default image tag "registry.local/Team/App:1.0": couldn\'t parse image name '
        '"registry.local/Team/App:1.0": invalid reference format: repository name must be '
        "lowercase\n  Warning  Failed  5s  kubelet  Error: InvalidImageName",
        K8S_IMAGES,
        "InvalidImageName",
        "app",
        "team",
    ),
    (
        "img-harbor-quota-trap",
        "image_pull",
        "event",
        "  Warning  Failed  20s  kubelet  Failed to "
        'pull image "harbor.corp/ml/trainer:5": rpc error: code = Unknown desc = failed to pull '
        "and unpack image: unexpected status code 403 Forbidden\n  Normal  BackOff  8s  kubelet  "
        'Back-off pulling image "harbor.corp/ml/trainer:5"',
        K8S_IMAGES,
        "Trap: Back-off wording, but it is a pull back-off after 403, not a restart loop",
        "trainer",
        "ml",
    ),
    (
        "img-crio-manifest-unknown",
        "image_pull",
        "log",
        "Mar 02 09:40:01 node-2 crio[911]: "
        'level=info msg="Trying to access \\"quay.io/acme/edge:latest\\""\nMar 02 09:40:02 node-2 '
        'kubelet[1020]: E0302 pod_workers.go:1298] "Error syncing pod" err="failed to '
        '\\"StartContainer\\" '
        'with ErrImagePull: \\"reading manifest latest in quay.io/acme/edge: manifest unknown\\""',
        CRIO,
        "cri-o manifest unknown",
        "edge",
        "edge",
    ),
    (
        "probe-liveness-http-500",
        "probe_failure",
        "event",
        "  Warning  Unhealthy  40s (x9 over "
        "4m)  kubelet  Liveness probe failed: HTTP probe failed with statuscode: 500\n  Normal   "
        "Killing    40s  kubelet  Container api failed liveness probe, will be restarted",
        K8S_PROBES,
        "liveness probe status 500, container restarted",
        "api",
        "web",
    ),
    (
        "probe-readiness-timeout",
        "probe_failure",
        "event",
        "  Warning  Unhealthy  12s (x30 over "
        '10m)  kubelet  Readiness probe failed: Get "http://10.244.2.17:8080/ready": context '
        "deadline exceeded (Client.Timeout exceeded while awaiting headers)",
        K8S_PROBES,
        "readiness probe timeout",
        "search",
        "search",
    ),
    (
        "probe-startup-refused-trap",
        "probe_failure",
        "event",
        "  Warning  Unhealthy  5s (x12 over "
        "60s)  kubelet  Startup probe failed: dial tcp 10.244.1.9:9000: connect: connection "
        "refused",
        K8S_PROBES,
        "Trap: connection refused inside a probe message is a probe failure",
        "minio",
        "storage",
    ),
    (
        "probe-exec-failed",
        "probe_failure",
        "event",
        "  Warning  Unhealthy  33s  kubelet  "
        'Liveness probe failed: command "redis-cli ping" timed out after 1s\n  Normal  Killing  '
        "33s  kubelet  Container redis failed liveness probe, will be restarted",
        K8S_PROBES,
        "exec probe timing out",
        "redis",
        "cache",
    ),
    (
        "probe-grpc-probe",
        "probe_failure",
        "event",
        "  Warning  Unhealthy  20s (x6 over 2m)  "
        'kubelet  Readiness probe failed: service unhealthy (responded with "NOT_SERVING")',
        K8S_PROBES,
        "gRPC health probe NOT_SERVING",
        "grpc-gw",
        "edge",
    ),
    (
        "lat-nginx-upstream-time",
        "high_latency",
        "log",
        "10.0.0.4 - - [02/Mar/2025:10:01:11 +0000] "
        '"GET /api/report HTTP/1.1" 200 5123 "-" "curl/8.5" 1834 12.311 [bi-report-8080] [] '
        '10.244.3.4:8080 5123 12.309 200 f1c2\n10.0.0.4 - - [02/Mar/2025:10:01:13 +0000] "GET '
        '/api/report HTTP/1.1" 200 5120 "-" "curl/8.5" 1830 14.002 [bi-report-8080] [] '
        "10.244.3.4:8080 5120 14.001 200 f1c3",
        INGRESS_LOG_FORMAT,
        "ingress-nginx access log: request_time and upstream_response_time of 12-14s, status 200",
        "report",
        "bi",
    ),
    (
        "lat-pg-slow-query",
        "high_latency",
        "log",
        "2025-03-02 10:05:01 UTC [812] LOG:  duration: "
        "8412.339 ms  statement: SELECT o.* FROM orders o JOIN items i ON i.order_id = o.id WHERE "
        "o.created_at > now() - interval '30 days'",
        PG_CONNECTIONS,
        "Postgres log_min_duration_statement: 8.4 s query",
        "orders-pg",
        "db",
    ),
    (
        "lat-envoy-duration",
        "high_latency",
        "log",
        '[2025-03-02T10:10:01.000Z] "GET /v1/feed '
        'HTTP/1.1" 200 - 0 48812 9312 9310 "10.244.1.2" "okhttp/4.12" "a1" "feed:8080" '
        '"10.244.4.7:8080"',
        ENVOY_ACCESS_LOG,
        "Envoy duration 9.3 s with 200",
        "feed",
        "social",
    ),
    (
        "conn-celery-redis-refused",
        "connection_error",
        "log",
        "[2025-03-02 10:12:01,118: "
        "ERROR/MainProcess] consumer: Cannot connect to redis://redis-master:6379/0: Error 111 "
        "connecting to redis-master:6379. Connection refused..\nTrying again in 4.00 seconds... "
        "(2/100)",
        CELERY_DOCS,
        "Celery broker connection refused",
        "celery-worker",
        "jobs",
    ),
    (
        "conn-grpc-unavailable",
        "connection_error",
        "log",
        'level=error msg="call failed" '
        'err="rpc error: code = Unavailable desc = connection error: desc = \\"transport: Error '
        'while dialing: dial tcp 10.96.31.4:9090: connect: connection refused\\""',
        GRPC_CODES,
        "gRPC Unavailable: dial refused",
        "frontend",
        "web",
    ),
    (
        "conn-dns-no-such-host",
        "connection_error",
        "log",
        'Get "http://inventory.retail.svc:8080/'
        'stock": dial tcp: lookup inventory.retail.svc on 10.96.0.10:53: no such host',
        GO_PANIC,
        "DNS lookup no such host",
        "cart",
        "retail",
    ),
    (
        "conn-node-econnreset",
        "connection_error",
        "log",
        "Error: read ECONNRESET\n    at "
        "TLSWrap.onStreamRead (node:internal/stream_base_commons:217:20) {\n  errno: -104,\n  "
        "code: "
        "'ECONNRESET',\n  syscall: 'read'\n}",
        NODE_ERRORS,
        "connection reset by the peer",
        "bff",
        "web",
    ),
    (
        "conn-envoy-uf",
        "connection_error",
        "log",
        '[2025-03-02T10:20:01.000Z] "GET /v1/users '
        'HTTP/1.1" 503 UF 0 91 1 - "10.244.1.5" "curl/8.5" "c3" "users:8080" "10.244.6.2:8080"\n'
        "upstream connect error or disconnect/reset before headers. reset reason: connection "
        "failure",
        ENVOY_ACCESS_LOG,
        "Envoy UF: upstream connection failure",
        "users",
        "accounts",
    ),
    (
        "conn-trap-5xx-refused",
        "connection_error",
        "log",
        "2025/03/02 10:22:01 [error] 31#31: *812 "
        "connect() failed (111: Connection refused) while connecting to upstream, client: "
        '10.0.0.9, server: shop, request: "GET / HTTP/1.1", upstream: "http://10.244.2.9:3000/"\n'
        '10.0.0.9 - - [02/Mar/2025:10:22:01 +0000] "GET / HTTP/1.1" 502 157',
        NGINX_UPSTREAM,
        "Trap: 502s in the access log, but the error log says the upstream refused connections",
        "shop-web",
        "shop",
    ),
    (
        "tls-java-pkix",
        "tls_error",
        "log",
        "javax.net.ssl.SSLHandshakeException: PKIX path "
        "building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to "
        "find valid certification path to requested target",
        SSL_EXPORTER,
        "Java PKIX trust",
        "partner-sync",
        "b2b",
    ),
    (
        "tls-python-verify",
        "tls_error",
        "log",
        "requests.exceptions.SSLError: HTTPSConnectionPool"
        "(host='api.partner.example', port=443): Max retries exceeded with url: /v2/orders (Caused "
        "by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate "
        "verify failed: self-signed certificate in certificate chain (_ssl.c:1006)')))",
        PY_EXCEPTIONS,
        "Python CERTIFICATE_VERIFY_FAILED, self-signed chain",
        "orders-sync",
        "b2b",
    ),
    (
        "tls-go-san-mismatch",
        "tls_error",
        "log",
        'Post "https://10.0.12.4:8443/hook": tls: failed '
        "to verify certificate: x509: certificate is valid for webhook.svc, "
        "webhook.svc.cluster.local, not 10.0.12.4",
        X509_EXPORTER,
        "SAN mismatch",
        "notifier",
        "comms",
    ),
    (
        "tls-node-leaf",
        "tls_error",
        "log",
        "Error: unable to verify the first certificate\n    at "
        "TLSSocket.onConnectSecure (node:_tls_wrap:1674:34) {\n  code: "
        "'UNABLE_TO_VERIFY_LEAF_SIGNATURE'\n}",
        NODE_ERRORS,
        "Node leaf signature",
        "mailer",
        "comms",
    ),
    (
        "tls-openssl-handshake",
        "tls_error",
        "log",
        "SSL_connect: error:0A000410:SSL "
        "routines::sslv3 alert handshake failure\n140213:error:0A000410:SSL "
        "routines:ssl3_read_bytes"
        ":sslv3 alert handshake failure:../ssl/record/rec_layer_s3.c:1586:SSL alert number 40",
        SSL_EXPORTER,
        "TLS handshake alert 40",
        "legacy-client",
        "ops",
    ),
    (
        "fd-go-accept",
        "too_many_open_files",
        "log",
        "2025/03/02 10:30:01 http: Accept error: "
        "accept tcp [::]:8080: accept4: too many open files; retrying in 1s",
        GO_PANIC,
        "Go accept EMFILE",
        "gateway",
        "edge",
    ),
    (
        "fd-node-emfile",
        "too_many_open_files",
        "log",
        "Error: EMFILE: too many open files, open "
        "'/app/uploads/tmp-81234'\n    at Object.openSync (node:fs:573:18) {\n  errno: -24,\n  "
        "code: 'EMFILE'",
        NODE_ERRORS,
        "Node EMFILE",
        "uploader",
        "media",
    ),
    (
        "fd-java-socket",
        "too_many_open_files",
        "log",
        "java.net.SocketException: Too many open "
        "files\n\tat java.base/sun.nio.ch.Net.accept(Native Method)\n\tat org.eclipse.jetty.server."
        "ServerConnector.accept(ServerConnector.java:388)",
        SPRING_CONFIG,
        "Jetty accept EMFILE",
        "solr",
        "search",
    ),
    (
        "fd-python-errno24",
        "too_many_open_files",
        "log",
        "OSError: [Errno 24] Too many open files: '/data/shards/shard-1023.idx'",
        PY_EXCEPTIONS,
        "Python errno 24",
        "indexer",
        "search",
    ),
    (
        "fd-pg-file-descriptors",
        "too_many_open_files",
        "log",
        "2025-03-02 10:35:01 UTC [412] LOG:  "
        "out of file descriptors: Too many open files; release and retry",
        PG_CONNECTIONS,
        "Postgres out of file descriptors",
        "analytics-pg",
        "db",
    ),
    (
        "fd-trap-ulimit-echo",
        "unknown",
        "log",
        "$ ulimit -n\n1048576\nprocess_open_fds 212\n"
        "process_max_fds 1048576\nserver started, accepting connections",
        GO_PANIC,
        "Trap: descriptor limits echoed, usage 212 of 1048576",
        "gateway",
        "edge",
    ),
    (
        "evict-memory-pressure",
        "evicted",
        "event",
        "  Warning  Evicted  3m  kubelet  The node was "
        "low on resource: memory. Threshold quantity: 100Mi, available: 91232Ki. Container app was "
        "using 1812004Ki, request is 512Mi, has larger consumption of memory.",
        K8S_EVICTION,
        "Trap: memory words, but the kubelet evicted the pod (evicted, not oom)",
        "reports",
        "bi",
    ),
    (
        "evict-ephemeral-node",
        "evicted",
        "event",
        "  Warning  Evicted  1m  kubelet  The node was "
        "low on resource: ephemeral-storage. Threshold quantity: 10Gi, available: 8812340Ki. "
        "Container builder was using 22Gi, request is 0, has larger consumption of "
        "ephemeral-storage.",
        K8S_EVICTION,
        "Trap: storage words; the pod was evicted",
        "builder",
        "ci",
    ),
    (
        "evict-manager-log",
        "evicted",
        "log",
        'I0302 10:40:01 eviction_manager.go:366] "Eviction '
        'manager: attempting to reclaim" resourceName="memory"\nI0302 10:40:01 eviction_manager.go:'
        '377] "Eviction manager: must evict pod(s) to reclaim" resourceName="memory"\nI0302 '
        "10:40:01 "
        'eviction_manager.go:395] "Eviction manager: pods ranked for eviction" '
        'pods=["bi/reports-0"]',
        K8S_EVICTION,
        "kubelet eviction manager reclaiming by evicting pods",
        "reports",
        "bi",
    ),
    (
        "evict-get-pods",
        "evicted",
        "log",
        "$ kubectl get pods -n jobs\nNAME              READY   "
        "STATUS    RESTARTS   AGE\nexporter-7c-2kx   0/1     Evicted   0          14m\nexporter-7c-"
        "9qp   0/1     Evicted   0          13m\nexporter-7c-zz1   1/1     Running   0          2m",
        K8S_EVICTION,
        "pods listed with STATUS Evicted",
        "exporter",
        "jobs",
    ),
    (
        "vol-multi-attach",
        "volume",
        "event",
        "  Warning  FailedAttachVolume  2m  attachdetach-"
        'controller  Multi-Attach error for volume "pvc-4f1c" Volume is already exclusively '
        "attached to one node and can't be attached to another",
        CSI_EBS,
        "Multi-Attach",
        "postgres",
        "db",
    ),
    (
        "vol-mount-timeout",
        "volume",
        "event",
        "  Warning  FailedMount  1m (x4 over 8m)  kubelet  "
        'MountVolume.MountDevice failed for volume "pvc-9a2b" : rpc error: code = DeadlineExceeded '
        "desc = context deadline exceeded",
        CSI_EBS,
        "CSI MountDevice deadline",
        "kafka",
        "kafka",
    ),
    (
        "vol-provisioning-failed",
        "volume",
        "event",
        "  Warning  ProvisioningFailed  30s  "
        "ebs.csi.aws.com_ebs-csi-controller-6d  failed to provision volume with StorageClass "
        '"gp3-enc": rpc error: code = Internal desc = Could not create volume "pvc-1d2e": '
        "UnauthorizedOperation: You are not authorized to perform this operation",
        CSI_EBS,
        "CSI provisioning failure",
        "loki",
        "logging",
    ),
    (
        "vol-pvc-pending-class",
        "volume",
        "event",
        "  Normal  ExternalProvisioning  10s (x26 over "
        "6m)  persistentvolume-controller  Waiting for a volume to be created either by the "
        "external provisioner 'rbd.csi.ceph.com' or manually by the system administrator",
        K8S_PV,
        "PVC stays Pending waiting for the provisioner",
        "grafana",
        "monitoring",
    ),
    (
        "vol-nfs-mount",
        "volume",
        "event",
        "  Warning  FailedMount  20s  kubelet  MountVolume.SetUp "
        'failed for volume "shared" : mount failed: exit status 32\nmount.nfs: access denied by '
        "server while mounting 10.0.9.4:/exports/shared",
        K8S_PV,
        "NFS mount denied",
        "cms",
        "web",
    ),
    (
        "vol-trap-fs-full-not-mount",
        "disk_full",
        "log",
        "  Warning  FailedMount  kubelet  "
        "(resolved)\nWARN  [storage] write /var/lib/app/data/segment-0042: no space left on device",
        K8S_PV,
        "Trap: a resolved mount warning, then a write that finds the volume full",
        "ingestor",
        "obs",
    ),
    (
        "unk-watchdog-like",
        "unknown",
        "log",
        "Heartbeat OK: alertmanager route test (deadman) fired as expected at 2025-03-02T11:00:00Z",
        AM_CONFIG,
        "dead-man heartbeat",
        "alertmanager",
        "monitoring",
    ),
    (
        "unk-scaled-up",
        "unknown",
        "event",
        "  Normal  ScalingReplicaSet  12s  deployment-"
        "controller  Scaled up replica set web-6c9d8 to 5 from 3\n  Normal  SuccessfulRescale  "
        "12s  horizontal-pod-autoscaler  New size: 5; reason: cpu resource utilization (percentage "
        "of request) above target",
        K8S_HPA,
        "normal scaling events",
        "web",
        "web",
    ),
    (
        "unk-pulled",
        "unknown",
        "event",
        "  Normal  Pulled  4s  kubelet  Successfully pulled image "
        '"registry.local/api:2.1" in 1.204s (1.204s including waiting)\n  Normal  Created  4s  '
        "kubelet  Created container api\n  Normal  Started  4s  kubelet  Started container api",
        K8S_IMAGES,
        "a normal pull and start",
        "api",
        "web",
    ),
    (
        "unk-graceful-shutdown",
        "unknown",
        "log",
        "[2025-03-02 11:10:01 +0000] [1] [INFO] Handling "
        "signal: term\n[2025-03-02 11:10:01 +0000] [7] [INFO] Worker exiting (pid: 7)\n[2025-03-02 "
        "11:10:02 +0000] [1] [INFO] Shutting down: Master",
        GUNICORN_SETTINGS,
        "graceful shutdown on SIGTERM",
        "api",
        "web",
    ),
    (
        "unk-user-says-slowish",
        "unknown",
        "log",
        "someone in #support says the dashboard 'feels off' today, no screenshots, no times",
        SRE_WORKBOOK,
        "vague report",
        "dashboard",
        "web",
    ),
)


# Second table: families that needed more breadth, and more traps.
_ROWS_2: tuple[tuple[str, str, str, str, str, str, str, str], ...] = (
    (
        "evict-describe-pod",
        "evicted",
        "event",
        "Status:         Failed\nReason:         Evicted\n"
        "Message:        The node was low on resource: memory. Threshold quantity: 750Mi, "
        "available: "
        "612040Ki.\nEvents:\n  Warning  Evicted  6m  kubelet  The node had condition: "
        "[MemoryPressure].",
        K8S_EVICTION,
        "Trap: memory and MemoryPressure words; the pod was evicted",
        "recommender",
        "ml",
    ),
    (
        "evict-pid-pressure",
        "evicted",
        "event",
        "  Warning  Evicted  2m  kubelet  The node was low "
        "on resource: pids. Threshold quantity: 5%, available: 3%.\n  Normal   Killing  2m  "
        "kubelet  "
        "Stopping container fork-bomb-test",
        K8S_EVICTION,
        "eviction for the pids signal",
        "sandbox",
        "dev",
    ),
    (
        "evict-preemption",
        "evicted",
        "event",
        "  Normal  Preempted  1m  default-scheduler  "
        "Preempted by pod 7a1c-44e2 on node worker-2\n  Normal  Killing    1m  kubelet  Stopping "
        "container batch",
        K8S_EVICTION,
        "pod removed from its node (preempted by priority)",
        "batch",
        "jobs",
    ),
    (
        "evict-taint-manager",
        "evicted",
        "event",
        "  Normal  TaintManagerEviction  30s  "
        "taint-eviction-controller  Marking for deletion Pod web/web-7c-2x\nTolerations: "
        "node.kubernetes.io/unreachable:NoExecute op=Exists for 300s",
        K8S_TAINTS,
        "taint-based eviction of a pod",
        "web",
        "web",
    ),
    (
        "evict-trap-redis-evicted-keys",
        "unknown",
        "log",
        "# Stats\nevicted_keys:18211\n"
        "expired_keys:402213\nkeyspace_hits:9912002\nmaxmemory_policy:allkeys-lru\nused_memory_"
        "human:1.20G",
        REDIS_CLIENTS,
        "Trap: Redis evicting cache keys under its LRU policy is normal, not a pod eviction",
        "redis",
        "cache",
    ),
    (
        "probe-trap-liveness-137",
        "probe_failure",
        "event",
        "  Warning  Unhealthy  3m (x3 over "
        '4m)  kubelet  Liveness probe failed: Get "http://10.244.3.3:8080/live": context deadline '
        "exceeded\n  Normal   Killing    3m  kubelet  Container worker failed liveness probe, will "
        "be restarted\n    Last State:  Terminated\n      Reason:  Error\n      Exit Code:  137",
        K8S_PROBES,
        "Trap: exit code 137 after a liveness kill, not an OOM",
        "worker",
        "jobs",
    ),
    (
        "probe-startup-threshold",
        "probe_failure",
        "event",
        "  Warning  Unhealthy  10s (x30 over "
        "5m)  kubelet  Startup probe failed: HTTP probe failed with statuscode: 404\n  Normal  "
        "Killing  10s  kubelet  Container keycloak failed startup probe, will be restarted",
        K8S_PROBES,
        "startup probe path returns 404",
        "keycloak",
        "auth",
    ),
    (
        "probe-readiness-refused-tcp",
        "probe_failure",
        "event",
        "  Warning  Unhealthy  45s (x90 "
        "over 15m)  kubelet  Readiness probe failed: dial tcp 10.244.0.31:5432: connect: "
        "connection "
        "refused",
        K8S_PROBES,
        "Trap: connection refused inside a readiness probe message",
        "postgres",
        "db",
    ),
    (
        "probe-liveness-503",
        "probe_failure",
        "event",
        "  Warning  Unhealthy  1m (x5 over 3m)  "
        "kubelet  Liveness probe failed: HTTP probe failed with statuscode: 503\n  Normal  "
        "Killing  "
        "1m  kubelet  Container gateway failed liveness probe, will be restarted",
        K8S_PROBES,
        "liveness probe status 503 and restart",
        "gateway",
        "edge",
    ),
    (
        "probe-exec-nonzero",
        "probe_failure",
        "event",
        "  Warning  Unhealthy  20s  kubelet  "
        "Readiness probe failed: OCI runtime exec failed: exec failed: unable to start container "
        'process: exec: "pg_isready": executable file not found in $PATH: unknown',
        K8S_PROBES,
        "exec probe command missing",
        "pg-proxy",
        "db",
    ),
    (
        "tls-trap-handshake-ok",
        "unknown",
        "log",
        "2025-03-02T11:20:01Z INFO tls: handshake "
        "complete version=TLS1.3 cipher=TLS_AES_128_GCM_SHA256 peer=CN=billing.svc verify=ok\n"
        "2025-03-02T11:20:01Z INFO certificate chain verified (3 certs), no errors",
        SSL_EXPORTER,
        "Trap: TLS handshake and verification words, all successful",
        "billing",
        "billing",
    ),
    (
        "tls-dotnet-remote-cert",
        "tls_error",
        "log",
        "System.Net.Http.HttpRequestException: The "
        "SSL connection could not be established, see inner exception.\n ---> System.Security."
        "Authentication.AuthenticationException: The remote certificate is invalid because of "
        "errors in the certificate chain: UntrustedRoot",
        DOTNET_CONFIG,
        ".NET untrusted root",
        "claims",
        "insurance",
    ),
    (
        "tls-envoy-verify-failed",
        "tls_error",
        "log",
        '[2025-03-02T11:22:01.000Z] "GET /v1/rates '
        'HTTP/1.1" 503 UF,URX 0 190 12 - "-" "okhttp" "d1" "rates.fx.svc:443" "10.0.8.4:443"\n'
        "upstream connect error or disconnect/reset before headers. reset reason: connection "
        "failure, transport failure reason: TLS_error:|268435581:SSL routines:OPENSSL_internal:"
        "CERTIFICATE_VERIFY_FAILED",
        ENVOY_ACCESS_LOG,
        "Envoy transport failure: certificate verify failed",
        "fx-client",
        "fx",
    ),
    (
        "tls-grpc-authority",
        "tls_error",
        "log",
        "rpc error: code = Unavailable desc = connection "
        'error: desc = "transport: authentication handshake failed: tls: failed to verify '
        "certificate: x509: certificate is not valid for any names, but wanted to match "
        'ledger.finance.svc"',
        GRPC_CODES,
        "gRPC TLS name mismatch",
        "payments",
        "payments",
    ),
    (
        "tls-mysql-ssl",
        "tls_error",
        "log",
        "ERROR 2026 (HY000): SSL connection error: "
        "error:0A000086:SSL routines::certificate verify failed",
        MYSQL_TOO_MANY,
        "MySQL client TLS verification",
        "reporting",
        "bi",
    ),
    (
        "vol-trap-configmap-mount",
        "config_error",
        "event",
        "  Warning  FailedMount  2m (x8 over "
        '11m)  kubelet  MountVolume.SetUp failed for volume "app-config" : configmap '
        '"checkout-config" not found',
        K8S_CONFIGMAP,
        "Trap: a FailedMount event, but the missing object is the app's ConfigMap (config_error)",
        "checkout",
        "shop",
    ),
    (
        "vol-csi-attach-limit",
        "volume",
        "event",
        "  Warning  FailedAttachVolume  1m  "
        'attachdetach-controller  AttachVolume.Attach failed for volume "pvc-82a1" : rpc error: '
        'code = Internal desc = Could not attach volume "vol-0a1b" to node "i-0c2d": '
        "AttachmentLimitExceeded: attachment limit exceeded",
        CSI_EBS,
        "CSI attach failure",
        "es-data",
        "search",
    ),
    (
        "vol-stale-nfs",
        "volume",
        "log",
        "ls: cannot access '/mnt/shared': Stale file handle\n"
        'E0302 11:30:01 nestedpendingoperations.go:348] Operation for "{volumeName:kubernetes.io/'
        'nfs/shared}" failed. Error: "UnmountVolume.TearDown failed: stale NFS file handle"',
        K8S_PV,
        "stale NFS handle on unmount",
        "cms",
        "web",
    ),
    (
        "vol-pvc-lost",
        "volume",
        "log",
        "$ kubectl get pvc -n db\nNAME             STATUS   "
        "VOLUME     CAPACITY   ACCESS MODES   STORAGECLASS\ndata-postgres-0  Lost     pvc-3c1a   "
        "0                         gp3",
        K8S_PV,
        "PVC phase Lost",
        "postgres",
        "db",
    ),
    (
        "fd-trap-latency-with-fd-dump",
        "high_latency",
        "log",
        "process_open_fds 93\n"
        "process_max_fds 65536\nhttp_request_duration_seconds p99=5.8 route=/api/export "
        "(SLO 1s)\nslow request: GET /api/export took 6104ms",
        SRE_WORKBOOK,
        "Trap: descriptor metrics in the paste, but the problem is slow requests",
        "export",
        "bi",
    ),
    (
        "fd-haproxy-maxsock",
        "too_many_open_files",
        "log",
        "[WARNING]  (1) : [haproxy.main()] "
        "Cannot raise FD limit to 200039, limit is 65536.\n[ALERT]    (8) : accept(): too many "
        "open "
        "files on frontend fe_http",
        HAPROXY_DOCS,
        "HAProxy descriptor limit hit",
        "haproxy",
        "lb",
    ),
    (
        "fd-etcd-accept",
        "too_many_open_files",
        "log",
        '{"level":"warn","ts":"2025-03-02T11:33:01Z",'
        '"caller":"embed/serve.go:417","msg":"accept error","error":"accept tcp 10.0.0.11:2379: '
        'accept4: too many open files"}',
        ETCD_MIXIN,
        "etcd accept EMFILE",
        "etcd",
        "kube-system",
    ),
    (
        "img-trap-pulled-then-crash",
        "crashloop",
        "event",
        "  Normal   Pulled   2m  kubelet  "
        'Successfully pulled image "registry.local/geo:4.1" in 812ms\n  Normal   Started  2m  '
        "kubelet  Started container geo\n  Warning  BackOff  10s (x9 over 2m)  kubelet  Back-off "
        "restarting failed container geo in pod geo-0_maps",
        K8S_POD_LIFECYCLE,
        "Trap: image words, but the pull succeeded and the container keeps failing",
        "geo",
        "maps",
    ),
    (
        "img-acr-unauthorized",
        "image_pull",
        "event",
        "  Warning  Failed  15s  kubelet  Failed to "
        'pull image "acmeprod.azurecr.io/api:3.2": failed to authorize: failed to fetch oauth '
        "token: unexpected status: 401 Unauthorized\n  Normal   BackOff  3s  kubelet  Back-off "
        'pulling image "acmeprod.azurecr.io/api:3.2"',
        K8S_IMAGES,
        "ACR 401",
        "api",
        "prod",
    ),
    (
        "img-never-pull",
        "image_pull",
        "event",
        "  Warning  ErrImageNeverPull  4s  kubelet  "
        'Container image "local/debug:dev" is not present with pull policy of Never',
        K8S_IMAGES,
        "ErrImageNeverPull",
        "debug",
        "dev",
    ),
    (
        "conn-trap-retry-recovered",
        "unknown",
        "log",
        "WARN  redis: dial tcp 10.96.4.4:6379: "
        "connect: connection refused (attempt 1/5)\nINFO  redis: connected to 10.96.4.4:6379 on "
        "attempt 2\nINFO  cache warmed: 41211 keys",
        REDIS_CLIENTS,
        "Trap: one refused attempt during start-up, then connected; healthy",
        "api",
        "web",
    ),
    (
        "conn-java-jdbc-link",
        "connection_error",
        "log",
        "com.mysql.cj.jdbc.exceptions."
        "CommunicationsException: Communications link failure\n\nThe last packet sent "
        "successfully to the server was 0 milliseconds ago. The driver has not received any "
        "packets "
        "from the server.\nCaused by: java.net.ConnectException: Connection refused",
        MYSQL_TOO_MANY,
        "JDBC communications link failure",
        "orders",
        "shop",
    ),
    (
        "conn-ruby-pg-bad",
        "connection_error",
        "log",
        "PG::ConnectionBad: connection to server at "
        '"10.96.8.12", port 5432 failed: No route to host\n\tIs the server running on that host '
        "and accepting TCP/IP connections?",
        RAILS_POOL,
        "no route to the database host",
        "storefront-rails",
        "shop",
    ),
    (
        "cpu-custom-throttled-seconds",
        "cpu_throttling",
        "log",
        "[FIRING:1] ContainerCpuThrottled "
        "payments/api\nsummary = payments/api spent 24s of every minute throttled "
        "(container_cpu_cfs_throttled_seconds_total), limit 500m",
        GRAFANA_TEMPLATES,
        "throttled seconds per minute from a notification",
        "api",
        "payments",
    ),
)


def _rows() -> list[Case]:
    """Cases of the row table."""
    out: list[Case] = []
    for cid, category, shape, text, src, why, app, ns in _ROWS + _ROWS_2:
        build = _ev if shape == "event" else _log
        out.append(build(cid, category, text, src, why, app, ns))
    return out


def _al(
    alertname: str, severity: str, summary: str, description: str = "", /, **labels: str
) -> Any:
    """One alert with a summary and description (compact form for the alert table)."""
    return alert(alertname, severity, summary=summary, description=description, base=labels)


# (id, category, alert, source, why)
_ALERTS: tuple[tuple[str, str, Any, str, str], ...] = (
    (
        "oom-jvm-filling",
        "oom",
        _al(
            "JvmMemoryFillingUp",
            "warning",
            "JVM heap memory filling up.",
            "JVM heap memory usage is at 94% over the last 5 minutes on kafka-2:7071, which is "
            "above "
            "the threshold of 80%.",
            instance="kafka-2:7071",
        ),
        MM_KAFKA,
        "JVM heap near its maximum",
    ),
    (
        "oom-rabbitmq-memory",
        "oom",
        _al(
            "RabbitMQMemoryHigh",
            "warning",
            "RabbitMQ memory usage is high.",
            "A node rabbitmq-1:15692 is using more than 90% of allocated RAM.",
            instance="rabbitmq-1:15692",
        ),
        MM_RABBITMQ,
        "store near its memory limit",
    ),
    (
        "oom-mimir-too-much-memory",
        "oom",
        _al(
            "MimirAllocatingTooMuchMemory",
            "critical",
            "",
            "",
            cluster="prod-eu-1",
            namespace="mimir",
            pod="ingester-zone-a-4",
        ),
        MIMIR,
        "Mimir ingester memory close to its limit (name decides)",
    ),
    (
        "oom-opensearch-heap",
        "oom",
        _al(
            "OpenSearchHighHeapMemoryUsage",
            "critical",
            "The heap memory usage has exceeded the critical threshold.",
            "os-data-3 has had 91% heap "
            "memory usage over the last 5m which is above the threshold of 85.",
            node="os-data-3",
        ),
        MM_OPENSEARCH,
        "search node heap above 85%",
    ),
    (
        "oom-container-working-set",
        "oom",
        _al(
            "ContainerMemoryNearLimit",
            "warning",
            "Container etl/loader uses 96% of its memory limit",
            "container_memory_working_set_bytes / container_spec_memory_limit_bytes = 0.96",
            namespace="etl",
            container="loader",
        ),
        CGROUP_V2,
        "working set near the limit",
    ),
    (
        "img-waiting-errimagepull",
        "image_pull",
        _al(
            "KubeContainerWaiting",
            "warning",
            "Pod container waiting longer than 1 hour",
            "pod/scanner-0 in namespace sec on container "
            'scanner has been in waiting state for longer than 1 hour. (reason: "ErrImagePull") on '
            "cluster .",
            **_pod("sec", "scanner-0", "scanner"),
            reason="ErrImagePull",
        ),
        KM_APPS,
        "waiting reason ErrImagePull",
    ),
    (
        "img-backoff-custom",
        "image_pull",
        _al(
            "PodImagePullBackOff",
            "warning",
            "Pod web/landing-5c-k2 cannot pull its image",
            'kube_pod_container_status_waiting_reason{reason="ImagePullBackOff"} == 1 for 10m',
            **_pod("web", "landing-5c-k2", "landing"),
        ),
        K8S_IMAGES,
        "custom rule on ImagePullBackOff",
    ),
    (
        "probe-kubelet-prober-failed",
        "probe_failure",
        _al(
            "ContainerProbeFailing",
            "warning",
            "Liveness probe of payments/api-7d-x2 failing",
            'increase(prober_probe_total{probe_type="Liveness",result="failed"}[5m]) = 6',
            **_pod("payments", "api-7d-x2", "api"),
        ),
        K8S_PROBES,
        "kubelet prober_probe_total failed results",
    ),
    (
        "probe-readiness-custom",
        "probe_failure",
        _al(
            "ReadinessProbeFailures",
            "warning",
            "Readiness probe failing for checkout/cart-0 (HTTP 503 on /ready)",
            "",
            namespace="checkout",
            pod="cart-0",
        ),
        K8S_PROBES,
        "custom readiness probe rule",
    ),
    (
        "lat-mimir-latency",
        "high_latency",
        _al(
            "MimirRequestLatency",
            "warning",
            "",
            "",
            cluster="prod-eu-1",
            namespace="mimir",
            route="prometheus_api_v1_query_range",
            message="mimir/query-frontend prometheus_api_v1_query_range is experiencing 4.21s 99th "
            "percentile latency.",
        ),
        MIMIR,
        "99th percentile latency of a route",
    ),
    (
        "lat-thanos-range",
        "high_latency",
        _al(
            "ThanosQueryRangeLatencyHigh",
            "critical",
            "Thanos Query has high latency for queries.",
            "Thanos Query thanos-query has a 99th "
            "percentile latency of 92.4 seconds for range queries.",
            job="thanos-query",
        ),
        MM_THANOS,
        "p99 range query latency",
    ),
    (
        "lat-coredns",
        "high_latency",
        _al(
            "CoreDNSLatencyHigh",
            "critical",
            "CoreDNS is experiencing high 99th percentile latency.",
            "CoreDNS has 99th percentile "
            "latency of 2.1 seconds for server dns://:53 zone cluster.local .",
            job="coredns",
        ),
        MM_COREDNS,
        "DNS latency p99",
    ),
    (
        "lat-istio",
        "high_latency",
        _al(
            "IstioHighRequestLatencyWarning",
            "warning",
            "High request latency between pods can indicate that there are performance issues "
            "within "
            "the Istio system.",
            "Requests from Istio service web to service catalog on cluster mesh-a "
            "have a latency of 1840ms, which is above the threshold of 4000ms.",
            source_canonical_service="web",
            destination_canonical_service="catalog",
        ),
        MM_ISTIO,
        "mesh request latency",
    ),
    (
        "lat-cassandra-read",
        "high_latency",
        _al(
            "HighReadLatency",
            "critical",
            "There is a high level of read latency within the node.",
            "An average of 412ms of read "
            "latency has occurred over the last 5 minutes on cassandra-0:9103, which is above the "
            "threshold of 200ms.",
            instance="cassandra-0:9103",
        ),
        MM_CASSANDRA,
        "read latency",
    ),
    (
        "lat-kafka-lag",
        "high_latency",
        _al(
            "KafkaLagIsTooHigh",
            "critical",
            "Kafka lag is too high.",
            "Total kafka lag across all partitions is too high (1841203) for consumer group: "
            "billing, "
            "topic: invoices.",
            consumergroup="billing",
            topic="invoices",
        ),
        MM_KAFKA,
        "consumer lag phrased as lag",
    ),
    (
        "lat-sloth-latency-slo",
        "high_latency",
        _al(
            "SearchLatencyBudgetBurn",
            "critical",
            "search requests-latency SLO error budget burn rate is over expected.",
            "Requests slower than 300ms are consuming the latency SLO budget 14x too fast.",
            sloth_service="search",
            sloth_slo="requests-latency",
        ),
        SLOTH,
        "a latency SLO (not errors) burning",
    ),
    (
        "lat-argocd-git-duration",
        "high_latency",
        _al(
            "ArgoCdRepoServerHighGitRequestDuration",
            "warning",
            "ArgoCD Repo Server has high git request duration.",
            "ArgoCD repo server in "
            "argocd is experiencing git operations (fetch/clone) taking more than 30s (0.95 "
            "percentile) for the past 10m.",
            namespace="argocd",
        ),
        ARGO_MIXIN,
        "slow git fetches",
    ),
    (
        "conn-thanos-sidecar",
        "connection_error",
        _al(
            "ThanosSidecarNoConnectionToStartedPrometheus",
            "critical",
            "Thanos Sidecar cannot access Prometheus, even though Prometheus seems healthy "
            "and has reloaded WAL.",
            "Thanos Sidecar prometheus-k8s-0 is unhealthy.",
            instance="prometheus-k8s-0",
        ),
        MM_THANOS,
        "sidecar cannot reach Prometheus",
    ),
    (
        "conn-argocd-cluster",
        "connection_error",
        _al(
            "ArgoCdClusterConnectionError",
            "warning",
            "ArgoCD cannot connect to managed cluster.",
            "ArgoCD in argocd cannot connect to cluster "
            "https://10.30.0.1:6443 for the past 5m. Check cluster credentials and network "
            "connectivity.",
            server="https://10.30.0.1:6443",
        ),
        ARGO_MIXIN,
        "controller cannot reach a managed cluster",
    ),
    (
        "conn-kafka-zookeeper",
        "connection_error",
        _al(
            "KafkaZookeeperSyncConnect",
            "critical",
            "Kafka Zookeeper sync disconnected.",
            "Kafka broker kafka-1:7071 in cluster events has lost connection to Zookeeper.",
            instance="kafka-1:7071",
        ),
        MM_KAFKA,
        "broker lost ZooKeeper",
    ),
    (
        "conn-clickhouse-readonly",
        "connection_error",
        _al(
            "ClickHouseReplicasInReadOnly",
            "critical",
            "ClickHouse has too many replicas in read only state.",
            "ClickHouse has "
            "replicas in a read only state on ch-0:9363 after losing connection to Zookeeper or at "
            "startup.",
            instance="ch-0:9363",
        ),
        MM_CLICKHOUSE,
        "replicas read-only after losing ZooKeeper",
    ),
    (
        "tls-linkerd-identity",
        "tls_error",
        _al(
            "LinkerdProxyTLSHandshakeErrors",
            "warning",
            "inbound TLS handshakes failing for deploy/payments",
            'tcp_close_total{direction="inbound",'
            'tls="no_identity",errno=""} rising; peer certificate not issued by the mesh trust '
            "anchor",
            deployment="payments",
        ),
        LINKERD_METRICS,
        "mesh TLS identity/trust failures",
    ),
    (
        "tls-blackbox-verify",
        "tls_error",
        _al(
            "ProbeTLSVerifyFailed",
            "warning",
            "TLS verification of https://idp.example.org failed",
            "probe_ssl_last_chain_info present but "
            "probe_http_ssl == 0: x509: certificate signed by unknown authority",
            instance="https://idp.example.org",
        ),
        BLACKBOX,
        "unknown authority in a probe",
    ),
    (
        "fd-rabbitmq",
        "too_many_open_files",
        _al(
            "RabbitMQFileDescriptorsUsage",
            "warning",
            "RabbitMQ file descriptors usage is high.",
            "A node rabbitmq-0:15692 is using more than 90% of file descriptors.",
            instance="rabbitmq-0:15692",
        ),
        MM_RABBITMQ,
        "fd usage above 90%",
    ),
    (
        "fd-rmq-operator",
        "too_many_open_files",
        _al(
            "FileDescriptorsNearLimit",
            "warning",
            "More than 80% of file descriptors are used on the RabbitMQ node.",
            "84% file descriptors "
            "of file descriptor limit are used in RabbitMQ node rabbit@mq-server-2, pod "
            "mq-server-2.",
            pod="mq-server-2",
        ),
        RMQ_OPERATOR,
        "fd near limit",
    ),
    (
        "fd-ruby-emfile",
        "too_many_open_files",
        _al(
            "RubyEmfileErrors",
            "warning",
            "Errno::EMFILE raised 412 times in 5m by sidekiq",
            "Errno::EMFILE: Too many open files @ rb_sysopen - /app/tmp/cache/assets/sprockets",
            namespace="jobs",
        ),
        RAILS_POOL,
        "Ruby EMFILE counted by an error tracker rule",
    ),
    (
        "fd-node-limit",
        "too_many_open_files",
        _al(
            "NodeFileDescriptorLimit",
            "warning",
            "Kernel is predicted to exhaust file descriptors limit soon.",
            "File descriptors limit at 10.0.1.4:9100 is currently at 91.2%.",
            **NODE_EXPORTER,
            instance="10.0.1.4:9100",
        ),
        NODE_MIXIN,
        "kernel file-nr near file-max",
    ),
    (
        "evict-kubelet-threshold-met",
        "evicted",
        _al(
            "NodeEvictingPods",
            "warning",
            "worker-8 kubelet met an eviction threshold (memory.available<100Mi)",
            "EvictionThresholdMet: Attempting to reclaim memory; 4 pods evicted on worker-8",
            node="worker-8",
        ),
        K8S_EVICTION,
        "Trap: memory in the text, but the kubelet is evicting pods",
    ),
    (
        "evict-custom-reason",
        "evicted",
        _al(
            "PodsEvicted",
            "warning",
            "5 pods evicted in namespace jobs in the last 30m",
            'kube_pod_status_reason{reason="Evicted"} == 1',
            namespace="jobs",
        ),
        K8S_EVICTION,
        "count of pods with reason Evicted",
    ),
    (
        "vol-pv-errors",
        "volume",
        _al(
            "KubePersistentVolumeErrors",
            "critical",
            "PersistentVolume is having issues with provisioning.",
            "The persistent volume pvc-71e2 on Cluster  has status Failed.",
            persistentvolume="pvc-71e2",
            phase="Failed",
        ),
        KM_STORAGE,
        "PV phase Failed",
    ),
    (
        "vol-rmq-pv-missing",
        "volume",
        _al(
            "PersistentVolumeMissing",
            "critical",
            "RabbitMQ Cluster has no PersistentVolume bound.",
            "PersistentVolumeClaim "
            "persistence-mq-server-0 of RabbitMQ cluster mq in namespace messaging is not bound.",
            persistentvolumeclaim="persistence-mq-server-0",
        ),
        RMQ_OPERATOR,
        "PVC not bound",
    ),
    (
        "vol-pvc-pending-custom",
        "volume",
        _al(
            "PVCPendingTooLong",
            "warning",
            "PVC logging/storage-loki-2 Pending for 20m",
            'kube_persistentvolumeclaim_status_phase{phase="Pending"} == 1',
            namespace="logging",
        ),
        K8S_PV,
        "PVC Pending",
    ),
    (
        "unk-argocd-autosync-disabled",
        "unknown",
        _al(
            "ArgoCdAppAutoSyncDisabled",
            "warning",
            "An ArgoCD Application has AutoSync Disabled.",
            "The application https://kubernetes.default."
            "svc/ops/sandbox has autosync disabled for the past 2h.",
            name="sandbox",
        ),
        MM_ARGO,
        "a setting notice, nothing fails",
    ),
    (
        "unk-keda-paused",
        "unknown",
        _al(
            "KedaScaledObjectPaused",
            "warning",
            "KEDA scaled object is paused.",
            "The scaled object crawler in namespace etl is paused for longer than 25h.",
            scaledObject="crawler",
        ),
        MM_AUTOSCALING,
        "paused on purpose (notice)",
    ),
    (
        "unk-ceph-pg-imbalance",
        "unknown",
        _al(
            "CephPGImbalance",
            "warning",
            "PGs are not balanced across OSDs on cluster rook-ceph",
            "OSD osd.4 on storage-2 deviates by more than 30% from average PG count.",
            ceph_daemon="osd.4",
        ),
        MM_CEPH,
        "balance notice, no failure",
    ),
)


def _alert_rows() -> list[Case]:
    """Cases of the alert table."""
    return [_a(cid, category, one, src, why) for cid, category, one, src, why in _ALERTS]


# --- Korean: rule names and summaries as Korean teams write them, and pasted reports ----------

# (id, category, alertname, summary, description, source, why)
_KO_ALERTS: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    (
        "ko-err-burn",
        "high_error_rate",
        "결제API_가용성_예산소진_빠름",
        "결제 API 가용성 SLO 에러 예산이 1시간 창에서 14배 속도로 소진되고 있습니다",
        "응답의 7%가 HTTP 500으로 끝나고 있습니다.",
        SRE_WORKBOOK,
        "가용성 예산 소진, 500 응답 비율",
    ),
    (
        "ko-err-ratio",
        "high_error_rate",
        "주문서비스_응답_실패율_급증",
        "주문 서비스 요청 실패율 12% (기준 2%)",
        "게이트웨이에서 본 502/503 응답 비율이 10분째 높습니다.",
        MM_INGRESS,
        "응답 실패율 급증",
    ),
    (
        "ko-err-grpc",
        "high_error_rate",
        "재고_gRPC_비정상코드_비율",
        "재고 서비스 gRPC 호출의 31%가 Internal 코드로 끝남",
        "",
        GRPC_CODES,
        "gRPC 비정상 코드 비율",
    ),
    (
        "ko-roll-argocd",
        "rollout_failure",
        "ArgoCD_동기화_실패",
        "정산 앱 ArgoCD 동기화 작업이 실패 상태로 끝났습니다",
        "Degraded 상태가 15분째 유지되고 있습니다.",
        MM_ARGO,
        "ArgoCD 동기화 실패, Degraded",
    ),
    (
        "ko-roll-flux",
        "rollout_failure",
        "플럭스_헬름릴리스_업그레이드_재시도_소진",
        "헬름 릴리스 loki 업그레이드 재시도를 모두 소진했습니다",
        "",
        FLUX_UPGRADE_EXHAUSTED,
        "업그레이드 재시도 소진",
    ),
    (
        "ko-roll-deploy",
        "rollout_failure",
        "배포_진행_멈춤",
        "checkout 디플로이먼트 배포가 진행 기한을 넘겨 멈췄습니다",
        "진행 기한 초과 상태입니다.",
        K8S_DEPLOYMENT,
        "배포 진행 기한 초과",
    ),
    (
        "ko-roll-cron",
        "rollout_failure",
        "야간배치_크론잡_연속_실패",
        "야간 정산 크론잡이 3회 연속 실패했습니다",
        "마지막 성공 실행은 3일 전입니다.",
        K8S_CRONJOB,
        "크론잡 연속 실패",
    ),
    (
        "ko-crash-restart",
        "crashloop",
        "파드_재시작_반복",
        "api-7d9f 파드가 1시간 동안 14번 재시작했습니다",
        "컨테이너가 시작 직후 종료 코드 1로 종료되고 다시 시작되기를 반복합니다.",
        K8S_POD_LIFECYCLE,
        "재시작 반복, 종료 코드 1",
    ),
    (
        "ko-crash-panic",
        "crashloop",
        "정산워커_비정상_종료_반복",
        "정산 워커가 기동 직후 패닉으로 죽고 재기동을 반복합니다",
        "",
        GO_PANIC,
        "패닉 후 재기동 반복",
    ),
    (
        "ko-cert-days",
        "cert_expiry",
        "인증서_만료_임박",
        "*.example.co.kr 인증서 만료까지 6일 남았습니다",
        "갱신이 되지 않고 있습니다. 만료일 2025-03-08.",
        X509_EXPORTER,
        "인증서 만료 임박",
    ),
    (
        "ko-cert-expired",
        "cert_expiry",
        "결제도메인_인증서_만료됨",
        "pay.example.co.kr 인증서가 어제 만료되었습니다",
        "",
        MM_BLACKBOX,
        "인증서 만료됨",
    ),
    (
        "ko-cfg-parse",
        "config_error",
        "설정파일_파싱_실패",
        "게이트웨이가 설정 파일 14번째 줄을 해석하지 못해 기동하지 못합니다",
        "YAML 들여쓰기가 잘못되었습니다.",
        PROM_CONFIG,
        "설정 파일 해석 실패",
    ),
    (
        "ko-cfg-env",
        "config_error",
        "필수_환경변수_누락",
        "주문 API 기동 시 DATABASE_URL 환경변수가 없어 종료됩니다",
        "",
        DJANGO_SECRET_ENV,
        "필수 환경변수 누락",
    ),
    (
        "ko-node-notready",
        "node_health",
        "워커노드_준비안됨",
        "worker-7 노드가 15분째 준비되지 않은 상태입니다",
        "kubelet 상태 보고가 끊겼습니다.",
        K8S_KO_NODES,
        "노드 준비 안 됨",
    ),
    (
        "ko-node-clock",
        "node_health",
        "노드_시계_어긋남",
        "worker-3 노드 시계가 7초 어긋나 있고 NTP 동기화가 안 됩니다",
        "",
        NODE_MIXIN,
        "시계 어긋남, 동기화 안 됨",
    ),
    (
        "ko-cpu-throttle",
        "cpu_throttling",
        "컨테이너_연산자원_스로틀링_과다",
        "indexer 컨테이너 연산 주기의 61%가 할당 상한에 걸려 스로틀되었습니다",
        "",
        KM_RESOURCES,
        "스로틀링 비율",
    ),
    (
        "ko-sched-pending",
        "scheduling",
        "파드_배치_불가",
        "trainer 파드를 올릴 노드가 없습니다 (GPU 자원 부족)",
        "30분째 대기 중입니다.",
        K8S_POD_LIFECYCLE,
        "배치 불가, 자원 부족",
    ),
    (
        "ko-sched-hpa",
        "scheduling",
        "오토스케일러_최대치_도달",
        "checkout HPA가 최대 레플리카 수에 도달해 더 늘릴 수 없습니다",
        "",
        K8S_HPA,
        "HPA 최대치",
    ),
    (
        "ko-disk-pvc",
        "disk_full",
        "데이터볼륨_잔여용량_부족",
        "loki 저장소 볼륨 남은 용량 2%",
        "24시간 안에 가득 찰 것으로 예상됩니다.",
        KM_STORAGE,
        "볼륨 잔여 용량 부족",
    ),
    (
        "ko-disk-node",
        "disk_full",
        "노드_파일시스템_사용률_95퍼센트",
        "worker-2 노드 /var/lib/containerd 사용률 95%",
        "",
        NODE_MIXIN,
        "파일시스템 사용률 95%",
    ),
    (
        "ko-dep-pg",
        "dependency_limit",
        "주문DB_접속수_한계",
        "주문 DB 최대 접속 수 200개 중 199개 사용 중",
        "신규 접속이 거부되고 있습니다.",
        PG_CONNECTIONS,
        "DB 접속 수 한계",
    ),
    (
        "ko-dep-pool",
        "dependency_limit",
        "커넥션풀_고갈",
        "정산 서비스 커넥션 풀이 고갈되어 요청이 30초씩 대기합니다",
        "",
        HIKARI,
        "커넥션 풀 고갈",
    ),
    (
        "ko-lat-p99",
        "high_latency",
        "검색_응답시간_p99_급등",
        "검색 API p99 응답 시간이 4.2초로 올라갔습니다",
        "",
        SRE_WORKBOOK,
        "응답 시간 p99",
    ),
    (
        "ko-img",
        "image_pull",
        "컨테이너_이미지_받기_실패",
        "레지스트리에서 태그 v9.9.9를 찾을 수 없어 파드가 뜨지 않습니다",
        "",
        K8S_IMAGES,
        "이미지 태그 없음",
    ),
)

# (id, category, text, source, why, app, namespace)
_KO_REPORTS: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    (
        "ko-rep-err",
        "high_error_rate",
        "오늘 10시부터 결제 요청의 절반 가까이가 500 응답으로 떨어지고 있어요. "
        "게이트웨이 대시보드에서 비율이 계속 올라갑니다.",
        MM_INGRESS,
        "응답 500 비율 보고",
        "payments-api",
        "payments",
    ),
    (
        "ko-rep-roll",
        "rollout_failure",
        "어제 밤 배포한 정산 서비스가 아르고에서 계속 동기화 실패로 나오고, "
        "새 레플리카가 절반만 올라온 채 멈춰 있습니다.",
        MM_ARGO,
        "동기화 실패, 배포 멈춤",
        "settlement",
        "finance",
    ),
    (
        "ko-rep-crash",
        "crashloop",
        "리포트 파드가 뜨자마자 죽고 다시 뜨는 걸 계속 반복합니다. 재시작 횟수가 "
        "벌써 30번을 넘었어요.",
        K8S_KO_PROBES,
        "재시작 반복 보고",
        "reports",
        "bi",
    ),
    (
        "ko-rep-cert",
        "cert_expiry",
        "사내 포털 접속 시 브라우저가 인증서 유효기간이 지났다고 경고합니다. 만료일이 어제였어요.",
        X509_EXPORTER,
        "인증서 유효기간 지남",
        "portal",
        "intra",
    ),
    (
        "ko-rep-node",
        "node_health",
        "3번 워커 노드가 응답이 없고 kubectl get nodes 에서 준비되지 않음으로 "
        "보입니다. SSH 접속도 안 됩니다.",
        K8S_KO_NODES,
        "노드 응답 없음",
        "node",
        "kube-system",
    ),
    (
        "ko-rep-dep",
        "dependency_limit",
        "외부 지도 API 호출량 한도를 넘어서 오후부터 전부 거절당하고 있습니다. "
        "일일 할당량이 소진됐다고 나옵니다.",
        GITHUB_RATE_LIMIT,
        "외부 API 호출 한도 소진",
        "geo-api",
        "maps",
    ),
    (
        "ko-rep-sched",
        "scheduling",
        "새 배치 작업 파드들이 노드에 자리가 없어서 한 시간째 대기 상태예요. "
        "네임스페이스 자원 할당량도 거의 찼습니다.",
        K8S_QUOTA,
        "자리 없음, 할당량 거의 참",
        "batch",
        "jobs",
    ),
    (
        "ko-rep-evict",
        "evicted",
        "배치 노드 메모리가 모자라자 kubelet 이 리포트 파드 4개를 축출했습니다. "
        "파드 상태가 전부 축출됨으로 바뀌었어요.",
        K8S_EVICTION,
        "kubelet 이 파드를 축출함",
        "reports",
        "bi",
    ),
    (
        "ko-rep-fd",
        "too_many_open_files",
        "게이트웨이가 열린 파일 수 상한(65536)에 닿아서 새 소켓을 "
        "받지 못하고 있습니다. 파일 수 설정값을 올려야 할 것 같아요.",
        HAPROXY_DOCS,
        "열린 파일 수 상한 도달",
        "gateway",
        "edge",
    ),
    (
        "ko-rep-disk",
        "disk_full",
        "로그 서버 디스크가 꽉 차서 더 이상 쓰지 못한다고 나옵니다.",
        PG_DISK_FULL,
        "디스크가 꽉 참",
        "log-server",
        "logging",
    ),
)


def _korean() -> list[Case]:
    """The Korean alerts and reports."""
    out = [
        case(
            f"f-{cid}",
            category,
            "alert",
            [alert(name, "warning", summary=summary, description=description, namespace="prod")],
            source=src,
            why=why,
            lang="ko",
        )
        for cid, category, name, summary, description, src, why in _KO_ALERTS
    ]
    out += [
        _ko_log(cid, c, text, src, why, app, ns) for cid, c, text, src, why, app, ns in _KO_REPORTS
    ]
    return out


CASES: list[Case] = (
    ERROR_RATE
    + ROLLOUT
    + CRASHLOOP
    + CERT
    + CONFIG
    + NODE
    + CPU
    + SCHEDULING
    + DISK
    + DEPENDENCY
    + _rows()
    + _alert_rows()
    + _korean()
)
