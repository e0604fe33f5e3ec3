"""Development cases G: more of the ways each failure family is worded, on products, runtimes,
clouds, exporters and rule sets that round F did not use (Loki/Tempo/VictoriaMetrics rules, Kong,
APISIX, API Gateway, CloudFront, Google and Azure load balancers, Flagger, Tekton, Argo
Workflows, Helmfile, Erlang, PHP-FPM, Ruby, C++ and more), Korean alerts and reports, grouped
alerts with one cause, long logs and traps. Wording is taken from the public pages named in each
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

LOKI_MIXIN = "https://github.com/grafana/loki/blob/main/production/loki-mixin/alerts.libsonnet"
LOKI_SOP = (
    "https://github.com/grafana/loki/blob/main/operator/docs/standard-operational-procedures/"
    "alert-loki-request-errors.md"
)
TEMPO_MIXIN = "https://github.com/grafana/tempo/blob/main/operations/tempo-mixin/alerts.libsonnet"
VM_HEALTH = (
    "https://github.com/VictoriaMetrics/VictoriaMetrics/blob/master/deployment/docker/rules/"
    "alerts-health.yml"
)
KONG_PROMETHEUS = "https://docs.konghq.com/hub/kong-inc/prometheus/"
APISIX_LOGGING = "https://apisix.apache.org/docs/apisix/plugins/file-logger/"
APIGW_METRICS = (
    "https://docs.aws.amazon.com/apigateway/latest/developerguide/"
    "api-gateway-metrics-and-dimensions.html"
)
CLOUDFRONT_METRICS = "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/viewing-cloudfront-metrics.html"
GCLB_LOGGING = "https://cloud.google.com/load-balancing/docs/https/https-logging-monitoring"
AZURE_APPGW_METRICS = (
    "https://learn.microsoft.com/en-us/azure/application-gateway/application-gateway-metrics"
)
SPRING_ACTUATOR_METRICS = "https://docs.spring.io/spring-boot/reference/actuator/metrics.html"
ENVOY_CLUSTER_STATS = "https://www.envoyproxy.io/docs/envoy/latest/configuration/upstream/cluster_manager/cluster_stats"
HTTPD_LOGS = "https://httpd.apache.org/docs/2.4/logs.html"
CADDY_LOG = "https://caddyserver.com/docs/caddyfile/directives/log"
RAILS_DEBUGGING = "https://guides.rubyonrails.org/debugging_rails_applications.html"
ASPNET_LOGGING = "https://learn.microsoft.com/en-us/aspnet/core/fundamentals/logging/"
GRPC_PROMETHEUS = (
    "https://github.com/grpc-ecosystem/go-grpc-middleware/tree/main/providers/prometheus"
)
KM_APISERVER = (
    "https://github.com/kubernetes-monitoring/kubernetes-mixin/blob/master/alerts/"
    "kube_apiserver.libsonnet"
)
DATADOG_APM_MONITOR = "https://docs.datadoghq.com/monitors/types/apm/"
HAPROXY_LOGGING = "https://www.haproxy.com/documentation/haproxy-configuration-manual/latest/#8.2.3"
UVICORN_DEPLOY = "https://www.uvicorn.org/deployment/"
OPENSLO_SPEC = "https://github.com/OpenSLO/OpenSLO/blob/main/README.md"
SRERUN = "https://github.com/srerun/prometheus-alerts/blob/main/content/runbooks/"
GRAFANA_ALERT_TEMPLATES = "https://grafana.com/docs/grafana/latest/alerting/configure-notifications/template-notifications/"
K8S_KO_PROBES = (
    "https://kubernetes.io/ko/docs/tasks/configure-pod-container/"
    "configure-liveness-readiness-startup-probes/"
)
K8S_KO_DEBUG_PODS = "https://kubernetes.io/ko/docs/tasks/debug/debug-application/debug-pods/"
K8S_KO_DEPLOYMENT = "https://kubernetes.io/ko/docs/concepts/workloads/controllers/deployment/"
K8S_KO_NODES = "https://kubernetes.io/ko/docs/concepts/architecture/nodes/"
K8S_KO_SCHEDULING = "https://kubernetes.io/ko/docs/concepts/scheduling-eviction/"
K8S_KO_CERTS = "https://kubernetes.io/ko/docs/tasks/administer-cluster/kubeadm/kubeadm-certs/"
K8S_KO_PV = "https://kubernetes.io/ko/docs/concepts/storage/persistent-volumes/"
K8S_KO_CONFIGMAP = "https://kubernetes.io/ko/docs/concepts/configuration/configmap/"
K8S_KO_RESOURCES = (
    "https://kubernetes.io/ko/docs/concepts/configuration/manage-resources-containers/"
)
ERLANG_CRASH_DUMP = "https://www.erlang.org/doc/apps/erts/crash_dump.html"
PHP_FPM_CONFIG = "https://www.php.net/manual/en/install.fpm.configuration.php"
RUBY_BUG_REPORT = "https://github.com/ruby/ruby/blob/master/doc/contributing/reporting_issues.md"
PY_FAULTHANDLER = "https://docs.python.org/3/library/faulthandler.html"
CPP_TERMINATE = "https://en.cppreference.com/w/cpp/error/terminate"
NODE_PROCESS = "https://nodejs.org/api/process.html#event-unhandledrejection"
GO_RUNTIME = "https://pkg.go.dev/runtime"
RUST_STACK = "https://doc.rust-lang.org/std/thread/index.html#stack-size"
DOTNET_STACKOVERFLOW = "https://learn.microsoft.com/en-us/dotnet/api/system.stackoverflowexception"
K8S_DEBUG_PODS = "https://kubernetes.io/docs/tasks/debug/debug-application/debug-pods/"
K8S_POD_LIFECYCLE = "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/"
K8S_KUBELET_ISSUE_RESTART = "https://github.com/kubernetes/kubernetes/issues/104051"
DOCKER_COMPOSE_UP = "https://docs.docker.com/reference/cli/docker/compose/up/"
NGINX_DEBUGGING = "https://nginx.org/en/docs/debugging_log.html"
SUPERVISOR_LOGGING = "https://supervisord.org/logging.html"
KM_APPS = (
    "https://github.com/kubernetes-monitoring/kubernetes-mixin/blob/master/alerts/"
    "apps_alerts.libsonnet"
)
GRAFANA_K8S_RESTARTS = (
    "https://grafana.com/docs/grafana-cloud/monitor-infrastructure/kubernetes-monitoring/"
    "configuration/manage-alerts/"
)
OPENSHIFT_ALERTS = (
    "https://github.com/openshift/runbooks/blob/master/alerts/cluster-monitoring-operator/"
    "KubePodCrashLooping.md"
)
FLAGGER_CANARY_ROLLBACK = "https://github.com/fluxcd/flagger/issues/1754"
FLAGGER_HOW = "https://docs.flagger.app/usage/how-it-works"
FLAGGER_PROGRESS = "https://github.com/fluxcd/flagger/issues/1663"
TEKTON_PIPELINERUNS = "https://tekton.dev/docs/pipelines/pipelineruns/"
ARGO_WORKFLOWS_METRICS = "https://argo-workflows.readthedocs.io/en/latest/metrics/"
KUBECTL_ROLLOUT = "https://kubernetes.io/docs/reference/kubectl/generated/kubectl_rollout/"
HELM_TROUBLESHOOTING = "https://helm.sh/docs/faq/troubleshooting/"
HELM_HOOKS = "https://helm.sh/docs/topics/charts_hooks/"
HELMFILE = "https://helmfile.readthedocs.io/en/latest/"
FLUX_KUSTOMIZATION = "https://fluxcd.io/flux/components/kustomize/kustomizations/"
FLUX_NOTIFICATIONS = "https://fluxcd.io/flux/components/notification/alerts/"
ARGOCD_NOTIF_CATALOG = (
    "https://argo-cd.readthedocs.io/en/stable/operator-manual/notifications/catalog/"
)
KNATIVE_DEBUGGING = "https://knative.dev/docs/serving/troubleshooting/debugging-application-issues/"
K8S_CRONJOB = "https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/"
K8S_JOB_FAILURE_POLICY = (
    "https://kubernetes.io/docs/concepts/workloads/controllers/job/#pod-failure-policy"
)
SPINNAKER_DEPLOY = "https://spinnaker.io/docs/guides/user/kubernetes-v2/deploy-manifest/"
OPENSHIFT_DC = "https://docs.openshift.com/container-platform/4.14/applications/deployments/managing-deployment-processes.html"
JENKINS_K8S_DEPLOY = "https://github.com/jenkinsci/kubernetes-cd-plugin/blob/master/README.md"

K8S_NODE_STATUS_ISSUE = "https://github.com/kubernetes/kubernetes/issues/34314"
K8S_NODE_NOT_READY_ISSUE = "https://github.com/kubernetes/kubernetes/issues/127563"
K8S_NODE_STATUS = "https://kubernetes.io/docs/reference/node/node-status/"
K8S_NODE_CONTROLLER = "https://kubernetes.io/docs/concepts/architecture/nodes/#node-controller"
NPD_README = "https://github.com/kubernetes/node-problem-detector/blob/master/README.md"
NPD_HEALTH_CHECKER = (
    "https://github.com/kubernetes/node-problem-detector/blob/master/config/"
    "systemd-monitor-counter.json"
)
GCE_HOST_EVENTS = "https://cloud.google.com/compute/docs/instances/host-maintenance-overview"
TIMESYNCD = "https://www.freedesktop.org/software/systemd/man/latest/systemd-timesyncd.service.html"
KARPENTER_REPAIR = "https://karpenter.sh/docs/concepts/disruption/#node-auto-repair"
CEPH_ALERTS = "https://github.com/ceph/ceph/blob/main/monitoring/ceph-mixin/prometheus_alerts.yml"
ES_EXPORTER_RULES = SRERUN + "prometheus-community-elasticsearch-exporter/"
KM_SYSTEM = (
    "https://github.com/kubernetes-monitoring/kubernetes-mixin/blob/master/alerts/"
    "system_alerts.libsonnet"
)
KM_KUBELET = (
    "https://github.com/kubernetes-monitoring/kubernetes-mixin/blob/master/alerts/kubelet.libsonnet"
)
FLUENTBIT_MISSING_NAME = "https://github.com/fluent/fluent-bit/issues/9178"
REDIS_BAD_DIRECTIVE = "https://github.com/redis/redis/issues/4996"
LOKI_FIELD_NOT_FOUND = "https://github.com/grafana/loki/issues/16141"
PG_CONFIG_FILE = "https://www.postgresql.org/docs/current/config-setting.html"
MYSQL_OPTION_ERRORS = "https://dev.mysql.com/doc/refman/8.0/en/server-options.html"
MOSQUITTO_CONF = "https://mosquitto.org/man/mosquitto-conf-5.html"
ENVOY_BOOTSTRAP = "https://www.envoyproxy.io/docs/envoy/latest/configuration/overview/bootstrap"
KAFKA_CONFIG_EXCEPTION = (
    "https://kafka.apache.org/37/javadoc/org/apache/kafka/common/config/ConfigException.html"
)
LOGSTASH_CONFIG = (
    "https://www.elastic.co/guide/en/logstash/current/configuration-file-structure.html"
)
GRAFANA_CONFIG = "https://grafana.com/docs/grafana/latest/setup-grafana/configure-grafana/"
VIPER = "https://github.com/spf13/viper"
PY_CONFIGPARSER = "https://docs.python.org/3/library/configparser.html"
PY_DECOUPLE = "https://github.com/HBNetwork/python-decouple"
NODE_ESM_ERRORS = "https://nodejs.org/api/errors.html#err_module_not_found"
SPRING_DATASOURCE = "https://docs.spring.io/spring-boot/how-to/data-access.html"
QUARKUS_CONFIG = "https://quarkus.io/guides/config-reference"
ENVCONFIG = "https://github.com/kelseyhightower/envconfig"
K8S_CONFIGMAP = "https://kubernetes.io/docs/concepts/configuration/configmap/"
KUBECTL_VALIDATE = "https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation"
OTEL_COLLECTOR_CONFIG = "https://opentelemetry.io/docs/collector/configuration/"
FLUENTD_CONFIG = "https://docs.fluentd.org/configuration/config-file"
CADDYFILE = "https://caddyserver.com/docs/caddyfile/concepts"
KP_RULES = (
    "https://github.com/prometheus-operator/kube-prometheus/blob/main/manifests/"
    "kubePrometheus-prometheusRule.yaml"
)
GRAYLOG_WATERMARK = (
    "https://github.com/Graylog2/graylog2-server/blob/master/graylog2-server/src/main/resources/"
    "org/graylog2/freemarker/templates/HTML/es_node_disk_watermark_flood_stage.ftl"
)
OPENSEARCH_WATERMARK = (
    "https://opensearch.org/docs/latest/install-and-configure/configuring-opensearch/"
    "cluster-settings/"
)
MONGODB_PRODUCTION = "https://www.mongodb.com/docs/manual/administration/production-notes/"
REDIS_PERSISTENCE = "https://redis.io/docs/latest/operate/oss_and_stack/management/persistence/"
SQLITE_RESULT_CODES = "https://www.sqlite.org/rescode.html#full"
CASSANDRA_COMPACTION = (
    "https://cassandra.apache.org/doc/latest/cassandra/managing/operating/compaction/"
)
RABBITMQ_DISK_ALARMS = "https://www.rabbitmq.com/docs/disk-alarms"
ETCD_MAINTENANCE = "https://etcd.io/docs/v3.5/op-guide/maintenance/#space-quota"
CLOUDSQL_METRICS = "https://cloud.google.com/sql/docs/mysql/monitor-instance"
RDS_METRICS = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html"
JOURNALD = "https://www.freedesktop.org/software/systemd/man/latest/journald.conf.html"
DISTRIBUTION_REGISTRY = "https://distribution.github.io/distribution/about/configuration/"
THANOS_COMPACT = "https://thanos.io/tip/components/compact.md/"
DF_MAN = "https://man7.org/linux/man-pages/man1/df.1.html"
K8S_PROBES = (
    "https://kubernetes.io/docs/tasks/configure-pod-container/"
    "configure-liveness-readiness-startup-probes/"
)
K8S_PROBE_METRICS = "https://kubernetes.io/docs/reference/instrumentation/metrics/"
ES_HELM_READINESS = (
    "https://github.com/elastic/helm-charts/blob/main/elasticsearch/templates/statefulset.yaml"
)
GRPC_HEALTH_PROBE = "https://github.com/grpc-ecosystem/grpc-health-probe"
ISTIO_HEALTH_CHECKS = "https://istio.io/latest/docs/ops/configuration/mesh/app-health-check/"
SPRING_PROBES = (
    "https://docs.spring.io/spring-boot/reference/actuator/endpoints.html#actuator.endpoints."
    "kubernetes-probes"
)
ASPNET_HEALTH = "https://learn.microsoft.com/en-us/aspnet/core/host-and-deploy/health-checks"
COREDNS_READY = "https://coredns.io/plugins/ready/"
KM_KUBELET_CERTS = KM_KUBELET
KM_APISERVER_CERTS = KM_APISERVER
LINKERD_CHECK = "https://linkerd.io/2/tasks/troubleshooting/"
LE_EXPIRY_EMAILS = "https://letsencrypt.org/docs/expiration-emails/"
TRAEFIK_ACME = "https://doc.traefik.io/traefik/https/acme/"
CADDY_AUTOMATIC_HTTPS = "https://caddyserver.com/docs/automatic-https"
ACM_METRICS = "https://docs.aws.amazon.com/acm/latest/userguide/cloudwatch-metrics.html"
KEYVAULT_EVENTS = "https://learn.microsoft.com/en-us/azure/key-vault/general/event-grid-overview"
CMCTL = "https://cert-manager.io/docs/reference/cmctl/"
PY_SSL = "https://docs.python.org/3/library/ssl.html"
DOTNET_CHAIN_STATUS = (
    "https://learn.microsoft.com/en-us/dotnet/api/"
    "system.security.cryptography.x509certificates.x509chainstatusflags"
)
KEYTOOL = "https://docs.oracle.com/en/java/javase/17/docs/specs/man/keytool.html"
CONSUL_TLS_METRICS = "https://developer.hashicorp.com/consul/docs/agent/monitor/telemetry"
ES_SSL_API = "https://www.elastic.co/guide/en/elasticsearch/reference/current/security-api-ssl.html"
K3S_CERTS = "https://docs.k3s.io/cli/certificate"
ISTIO_CERT_METRICS = "https://istio.io/latest/docs/reference/commands/pilot-discovery/#metrics"
K8S_SCHEDULING_TAINTS = (
    "https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/"
)
K8S_DEVICE_PLUGINS = (
    "https://kubernetes.io/docs/concepts/extend-kubernetes/compute-storage-net/device-plugins/"
)
K8S_QUOTA = "https://kubernetes.io/docs/concepts/policy/resource-quotas/"
K8S_LOCAL_EPHEMERAL = (
    "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"
    "#local-ephemeral-storage"
)
K8S_NODE_CORDON = (
    "https://kubernetes.io/docs/concepts/architecture/nodes/#manual-node-administration"
)
KM_RESOURCES = (
    "https://github.com/kubernetes-monitoring/kubernetes-mixin/blob/master/alerts/"
    "resource_alerts.libsonnet"
)
KEDA_SCALEDOBJECT = "https://keda.sh/docs/latest/reference/scaledobject-spec/"
CA_FAQ = "https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/FAQ.md"
EC2_CAPACITY = (
    "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/troubleshooting-launch.html"
    "#troubleshooting-launch-capacity"
)
KARPENTER_TROUBLESHOOT = "https://karpenter.sh/docs/troubleshooting/"
GKE_AUTOSCALER_EVENTS = (
    "https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-autoscaler-visibility"
)
AKS_AUTOSCALER = "https://learn.microsoft.com/en-us/azure/aks/cluster-autoscaler"
K8S_VOLUME_LIMITS = "https://kubernetes.io/docs/concepts/storage/storage-limits/"
GO_MEMORY = "https://go.dev/doc/gc-guide#Memory_limit"
DOTNET_OOM = "https://learn.microsoft.com/en-us/dotnet/api/system.outofmemoryexception"
PHP_MEMORY_LIMIT = "https://www.php.net/manual/en/ini.core.php#ini.memory-limit"
NUMPY_MEMORY = "https://numpy.org/doc/stable/reference/generated/numpy.zeros.html"
RUBY_NOMEMORY = "https://docs.ruby-lang.org/en/3.3/NoMemoryError.html"
MEMCACHED_PROTOCOL = "https://github.com/memcached/memcached/blob/master/doc/protocol.txt"
KSM_POD_METRICS = (
    "https://github.com/kubernetes/kube-state-metrics/blob/main/docs/metrics/workload/"
    "pod-metrics.md"
)
K8S_IMAGES = "https://kubernetes.io/docs/concepts/containers/images/"
ARTIFACT_REGISTRY_TROUBLESHOOT = "https://cloud.google.com/artifact-registry/docs/troubleshoot"
QUAY_ROBOTS = "https://docs.quay.io/glossary/robot-accounts.html"
CONTAINERD_PLATFORMS = "https://github.com/containerd/containerd/blob/main/docs/cri/config.md"
ECR_PUBLIC_QUOTAS = "https://docs.aws.amazon.com/AmazonECR/latest/public/public-service-quotas.html"
NEXUS_DOCKER = "https://help.sonatype.com/en/docker-registry.html"
NEWRELIC_K8S_ALERTS = (
    "https://docs.newrelic.com/docs/kubernetes-pixie/kubernetes-integration/installation/"
    "kubernetes-integration-recommended-alert-policy/"
)
DYNATRACE_THROTTLING = (
    "https://docs.dynatrace.com/docs/observe/infrastructure-monitoring/container-platform-"
    "monitoring/kubernetes-monitoring/alert-on-kubernetes-issues"
)
SYSDIG_CPU = (
    "https://docs.sysdig.com/en/docs/sysdig-monitor/metrics-dictionary/metrics-and-labels-mapping/"
)
CGROUP_V2 = "https://docs.kernel.org/admin-guide/cgroup-v2.html#cpu-interface-files"
AWS_THROTTLING = "https://docs.aws.amazon.com/general/latest/gr/api-retries.html"
MYSQL_SLOW_LOG = "https://dev.mysql.com/doc/refman/8.0/en/slow-query-log.html"
REDIS_SLOWLOG = "https://redis.io/docs/latest/commands/slowlog-get/"
ALB_METRICS = (
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/"
    "load-balancer-cloudwatch-metrics.html"
)
BURROW_STATUS = "https://github.com/linkedin/Burrow/wiki/Consumer-Lag-Evaluation-Rules"
NGINX_UPSTREAM = "https://nginx.org/en/docs/http/ngx_http_upstream_module.html"
GO_NET = "https://pkg.go.dev/net"
MYSQL_JDBC = "https://dev.mysql.com/doc/connector-j/en/connector-j-usagenotes-troubleshooting.html"
REDIS_PY = "https://redis-py.readthedocs.io/en/stable/exceptions.html"
DOTNET_SOCKET = "https://learn.microsoft.com/en-us/dotnet/api/system.net.sockets.socketexception"
REQWEST = "https://docs.rs/reqwest/latest/reqwest/struct.Error.html"
KAFKA_CLIENT_NETWORK = "https://kafka.apache.org/documentation/#producerconfigs_bootstrap.servers"
MONGODB_NODE_ERRORS = "https://www.mongodb.com/docs/drivers/node/current/fundamentals/connection/"
ENVOY_RESPONSE_FLAGS = (
    "https://www.envoyproxy.io/docs/envoy/latest/configuration/observability/access_log/usage"
)
JAVA_SAN = "https://docs.oracle.com/en/java/javase/17/security/java-secure-socket-extension-jsse-reference-guide.html"
NODE_TLS = "https://nodejs.org/api/tls.html#x509-certificate-error-codes"
OPENSSL_ERRORS = "https://docs.openssl.org/3.0/man3/ERR_error_string/"
KAFKA_SSL = "https://kafka.apache.org/documentation/#security_ssl"
PG_SSL = "https://www.postgresql.org/docs/current/libpq-ssl.html"
ES_BOOTSTRAP = (
    "https://www.elastic.co/guide/en/elasticsearch/reference/current/file-descriptors.html"
)
KAFKA_FD = "https://kafka.apache.org/documentation/#os"
RUST_IO_ERRORS = "https://doc.rust-lang.org/std/io/enum.ErrorKind.html"
PROMTAIL_FD = "https://grafana.com/docs/loki/latest/send-data/promtail/troubleshooting/"
PROCESS_METRICS = "https://prometheus.io/docs/instrumenting/writing_clientlibs/#process-metrics"
K8S_EVICTION = "https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/"
K8S_CSI_TROUBLESHOOT = "https://kubernetes.io/docs/concepts/storage/volumes/#csi"
CEPH_CSI = "https://github.com/ceph/ceph-csi/blob/devel/docs/deploy-rbd.md"
LONGHORN_TROUBLESHOOT = "https://longhorn.io/docs/1.6.0/troubleshoot/troubleshooting/"
GCE_PD_CSI = "https://github.com/kubernetes-sigs/gcp-compute-persistent-disk-csi-driver"
K8S_STORAGE_CLASSES = (
    "https://kubernetes.io/docs/concepts/storage/storage-classes/#volume-binding-mode"
)
ORACLE_ORA_00020 = "https://docs.oracle.com/en/error-help/db/ora-00020/"
ES_THREAD_POOL = (
    "https://www.elastic.co/guide/en/elasticsearch/reference/current/modules-threadpool.html"
)
PG_ROLE_LIMIT = "https://www.postgresql.org/docs/current/sql-createrole.html"
SLACK_RATE_LIMITS = "https://api.slack.com/apis/rate-limits"
MONGO_GO_POOL = (
    "https://www.mongodb.com/docs/drivers/go/current/fundamentals/connections/connection-pools/"
)
KP_GENERAL = (
    "https://github.com/prometheus-operator/kube-prometheus/blob/main/manifests/"
    "kubePrometheus-prometheusRule.yaml"
)
VELERO_BACKUPS = "https://velero.io/docs/main/backup-reference/"

# --- compact builders -------------------------------------------------------------------------


def _one(
    id: str,
    category: str,
    name: str,
    severity: str,
    summary: str,
    description: str,
    *,
    source: str,
    why: str,
    lang: str = "en",
    base: dict[str, str] | None = None,
    **labels: str,
) -> Case:
    """A single-alert case."""
    return case(
        id,
        category,
        "alert",
        [alert(name, severity, summary=summary, description=description, base=base, **labels)],
        source=source,
        why=why,
        lang=lang,
    )


def _log(
    id: str, category: str, text: str, *, source: str, why: str, app: str, ns: str = "prod"
) -> Case:
    """A pasted log excerpt."""
    return logged(id, category, text, app=app, ns=ns, source=source, why=why)


def _ko_log(
    id: str, category: str, text: str, *, source: str, why: str, app: str, ns: str = "prod"
) -> Case:
    """Korean text a person pastes."""
    return logged(id, category, text, app=app, ns=ns, source=source, why=why, lang="ko")


def _ev(
    id: str, category: str, text: str, *, source: str, why: str, app: str, ns: str = "prod"
) -> Case:
    """Pasted kubectl describe / get events output."""
    return event(id, category, text, app=app, ns=ns, source=source, why=why)


def _multi(
    id: str,
    category: str,
    alerts: list[dict[str, Any]],
    *,
    source: str,
    why: str,
    log: str = "",
    lang: str = "en",
) -> Case:
    """Several alerts grouped for one workload; the category is the cause."""
    return case(id, category, "multi", alerts, log=log, source=source, why=why, lang=lang)


def _long(
    id: str,
    category: str,
    seed: int,
    runtime: str,
    tail: list[str],
    *,
    source: str,
    why: str,
    app: str,
    ns: str = "prod",
    style: str = "logfmt",
) -> Case:
    """A long log whose deciding block is its last lines."""
    return case(
        id,
        category,
        "long_log",
        [manual(ns, app)],
        log=long_log(seed, runtime, tail, style=style),
        source=source,
        why=why,
    )


# --- high_error_rate --------------------------------------------------------------------------

HIGH_ERROR_RATE: list[Case] = [
    _one(
        "g-err-loki-request-errors",
        "high_error_rate",
        "LokiRequestErrors",
        "critical",
        "Loki request error rate is high.",
        "loki/querier /logproto.Querier/Query is experiencing 14.27% errors.",
        source=LOKI_MIXIN,
        why="Loki mixin: percentage of 5xx responses per route",
        namespace="loki",
        job="loki/querier",
        route="/logproto.Querier/Query",
    ),
    _one(
        "g-err-tempo-request-errors",
        "high_error_rate",
        "TempoRequestErrors",
        "critical",
        "",
        "The tempo/query-frontend api_traces is experiencing 22.50% errors.",
        source=TEMPO_MIXIN,
        why="Tempo mixin: request error percentage per route",
        namespace="tracing",
        job="tracing/query-frontend",
        route="api_traces",
    ),
    _one(
        "g-err-vm-request-errors-to-api",
        "high_error_rate",
        "RequestErrorsToAPI",
        "warning",
        "Too many errors served for vmselect path /select/0/prometheus/api/v1/query_range "
        "(instance vmselect-2:8481)",
        "Requests to path /select/0/prometheus/api/v1/query_range are receiving errors. Please "
        "verify if clients are sending correct requests.",
        source=VM_HEALTH,
        why="VictoriaMetrics health rule: errors served on an API path",
        job="vmselect",
        path="/select/0/prometheus/api/v1/query_range",
    ),
    _one(
        "g-err-kong-5xx-ratio",
        "high_error_rate",
        "KongUpstream5xxRatioHigh",
        "critical",
        "Kong service orders-v2 returns 5xx for 9.1% of requests",
        'sum(rate(kong_http_requests_total{service="orders-v2",code=~"5.."}[5m])) / '
        'sum(rate(kong_http_requests_total{service="orders-v2"}[5m])) = 0.091 for 10m',
        source=KONG_PROMETHEUS,
        why="Kong Prometheus plugin counter by status code, 5xx ratio",
        namespace="kong",
        service="orders-v2",
    ),
    _log(
        "g-err-apisix-access-502-504",
        "high_error_rate",
        '10.42.1.7 - - [02/Mar/2025:09:12:01 +0000] api.shop.example "POST /v2/cart HTTP/1.1" '
        '502 154 0.031 "-" "okhttp/4.12.0" 10.42.3.19:8080 502 0.030 "http://api.shop.example"\n'
        '10.42.1.7 - - [02/Mar/2025:09:12:01 +0000] api.shop.example "GET /v2/cart/88 HTTP/1.1" '
        '500 87 0.012 "-" "okhttp/4.12.0" 10.42.3.19:8080 500 0.011 "http://api.shop.example"\n'
        '10.42.1.9 - - [02/Mar/2025:09:12:02 +0000] api.shop.example "POST /v2/cart HTTP/1.1" '
        '504 160 60.001 "-" "okhttp/4.12.0" 10.42.3.22:8080 504 60.000 "http://api.shop.example"\n'
        '10.42.1.9 - - [02/Mar/2025:09:12:02 +0000] api.shop.example "POST /v2/cart HTTP/1.1" '
        '502 154 0.029 "-" "okhttp/4.12.0" 10.42.3.19:8080 502 0.028 "http://api.shop.example"',
        source=APISIX_LOGGING,
        why="APISIX access log dominated by 5xx answers from the upstream",
        app="apisix",
        ns="ingress-apisix",
    ),
    _one(
        "g-err-apigw-5xxerror",
        "high_error_rate",
        "ApiGateway5XXErrorAlarm",
        "critical",
        'ALARM: "prod-payments-api-5XXError" in EU (Frankfurt)',
        "Threshold Crossed: 1 out of the last 1 datapoints [38.0 (02/03/25 09:20:00)] was "
        "greater than the threshold (10.0) (minimum 1 datapoint for OK -> ALARM transition). "
        "MetricName: 5XXError, ApiName: payments-api, Stage: prod",
        source=APIGW_METRICS,
        why="API Gateway 5XXError CloudWatch alarm relayed as an alert",
        namespace="payments",
    ),
    _one(
        "g-err-cloudfront-5xx-rate",
        "high_error_rate",
        "CloudFront5xxErrorRateHigh",
        "warning",
        "CloudFront distribution E2Q8XK3M1P0Z 5xxErrorRate is 7.4%",
        "The percentage of all viewer requests for which the HTTP status code is 5xx has been "
        "above 5% for 3 consecutive periods of 60 seconds.",
        source=CLOUDFRONT_METRICS,
        why="CloudFront 5xxErrorRate metric alarm",
        namespace="edge",
    ),
    _log(
        "g-err-gclb-backend-5xx",
        "high_error_rate",
        '{"httpRequest":{"requestMethod":"GET","requestUrl":"https://shop.example.com/api/items",'
        '"status":502,"latency":"0.021s"},"jsonPayload":{"statusDetails":'
        '"failed_to_pick_backend","@type":"type.googleapis.com/google.cloud.loadbalancing.type.'
        'LoadBalancerLogEntry"},"severity":"WARNING"}\n'
        '{"httpRequest":{"requestMethod":"POST","requestUrl":"https://shop.example.com/api/cart",'
        '"status":500,"latency":"0.140s"},"jsonPayload":{"statusDetails":"response_sent_by_backend"'
        '},"severity":"ERROR"}\n'
        '{"httpRequest":{"requestMethod":"POST","requestUrl":"https://shop.example.com/api/cart",'
        '"status":500,"latency":"0.133s"},"jsonPayload":{"statusDetails":"response_sent_by_backend"'
        '},"severity":"ERROR"}\n'
        "-- 61% of requests to backend service k8s1-shop-api-8080 in the last 15 minutes were 5xx",
        source=GCLB_LOGGING,
        why="Google external HTTP(S) load balancer request logs with 5xx status and statusDetails",
        app="shop-api",
    ),
    _one(
        "g-err-azure-appgw-5xx",
        "high_error_rate",
        "AppGatewayBackendResponse5xx",
        "critical",
        "Azure Application Gateway agw-prod-weu: Backend Response Status 5xx above 200/min",
        "Metric 'BackendResponseStatus' with dimension HttpStatusGroup=5xx, BackendPool="
        "pool-orders, averaged 412 per minute over the last 15 minutes (threshold 200).",
        source=AZURE_APPGW_METRICS,
        why="Azure Application Gateway backend response status metric, 5xx group",
        namespace="orders",
    ),
    _one(
        "g-err-spring-http-server-5xx",
        "high_error_rate",
        "SpringBootHttpServerErrors",
        "warning",
        "billing-service: 12% of HTTP requests end with status 5xx",
        'rate(http_server_requests_seconds_count{application="billing-service",outcome='
        '"SERVER_ERROR"}[5m]) / rate(http_server_requests_seconds_count{application='
        '"billing-service"}[5m]) > 0.05',
        source=SPRING_ACTUATOR_METRICS,
        why="Spring Boot actuator outcome=SERVER_ERROR ratio",
        namespace="billing",
        application="billing-service",
    ),
    _one(
        "g-err-envoy-cluster-5xx",
        "high_error_rate",
        "EnvoyUpstream5xxResponses",
        "warning",
        "Contour/Envoy cluster shop_frontend_80 answers 5xx",
        'envoy_cluster_upstream_rq_xx{envoy_response_code_class="5",envoy_cluster_name='
        '"shop_frontend_80"} grew by 8,914 in 10 minutes (17% of upstream requests).',
        source=ENVOY_CLUSTER_STATS,
        why="Envoy cluster statistic upstream_rq_5xx as a share of requests",
        namespace="projectcontour",
        envoy_cluster_name="shop_frontend_80",
    ),
    _log(
        "g-err-httpd-combined-500s",
        "high_error_rate",
        '203.0.113.41 - - [02/Mar/2025:09:31:07 +0000] "GET /wp-json/wc/v3/orders HTTP/1.1" 500 '
        '531 "-" "WooCommerce/8.6"\n'
        '203.0.113.41 - - [02/Mar/2025:09:31:07 +0000] "GET /wp-json/wc/v3/orders?page=2 '
        'HTTP/1.1" 500 531 "-" "WooCommerce/8.6"\n'
        '198.51.100.7 - - [02/Mar/2025:09:31:08 +0000] "POST /checkout/ HTTP/1.1" 500 531 '
        '"https://shop.example/cart/" "Mozilla/5.0"\n'
        '198.51.100.9 - - [02/Mar/2025:09:31:08 +0000] "GET / HTTP/1.1" 200 18231 "-" '
        '"Mozilla/5.0"\n'
        '198.51.100.12 - - [02/Mar/2025:09:31:09 +0000] "POST /checkout/ HTTP/1.1" 500 531 '
        '"https://shop.example/cart/" "Mozilla/5.0"',
        source=HTTPD_LOGS,
        why="Apache combined access log dominated by status 500",
        app="wordpress",
        ns="web",
    ),
    _log(
        "g-err-caddy-json-500",
        "high_error_rate",
        '{"level":"error","ts":1740907801.11,"logger":"http.log.access.log0","msg":"handled '
        'request","request":{"remote_ip":"10.0.4.4","method":"GET","host":"docs.example.org",'
        '"uri":"/search?q=tls"},"duration":0.004,"size":0,"status":500}\n'
        '{"level":"error","ts":1740907801.52,"logger":"http.log.access.log0","msg":"handled '
        'request","request":{"remote_ip":"10.0.4.9","method":"GET","host":"docs.example.org",'
        '"uri":"/search?q=helm"},"duration":0.003,"size":0,"status":500}\n'
        '{"level":"error","ts":1740907802.07,"logger":"http.log.access.log0","msg":"handled '
        'request","request":{"remote_ip":"10.0.4.2","method":"GET","host":"docs.example.org",'
        '"uri":"/search?q=ingress"},"duration":0.005,"size":0,"status":500}',
        source=CADDY_LOG,
        why="Caddy structured access log: every request answered 500",
        app="docs",
        ns="web",
    ),
    _log(
        "g-err-rails-completed-500",
        "high_error_rate",
        'Started POST "/api/v1/subscriptions" for 10.0.7.3 at 2025-03-02 09:40:01 +0000\n'
        "Processing by Api::V1::SubscriptionsController#create as JSON\n"
        "Completed 500 Internal Server Error in 41ms (ActiveRecord: 3.1ms | Allocations: 5121)\n"
        'Started POST "/api/v1/subscriptions" for 10.0.7.8 at 2025-03-02 09:40:01 +0000\n'
        "Processing by Api::V1::SubscriptionsController#create as JSON\n"
        "Completed 500 Internal Server Error in 38ms (ActiveRecord: 2.9ms | Allocations: 5004)\n"
        'Started GET "/api/v1/plans" for 10.0.7.3 at 2025-03-02 09:40:02 +0000\n'
        "Completed 500 Internal Server Error in 12ms (ActiveRecord: 0.0ms | Allocations: 901)",
        source=RAILS_DEBUGGING,
        why="Rails request log: requests completing with 500",
        app="subscriptions",
    ),
    _log(
        "g-err-aspnet-request-finished-500",
        "high_error_rate",
        "info: Microsoft.AspNetCore.Hosting.Diagnostics[2]\n"
        "      Request finished HTTP/1.1 POST http://ledger/api/entries - 500 0 - 18.2231ms\n"
        "info: Microsoft.AspNetCore.Hosting.Diagnostics[2]\n"
        "      Request finished HTTP/1.1 POST http://ledger/api/entries - 500 0 - 15.9012ms\n"
        "info: Microsoft.AspNetCore.Hosting.Diagnostics[2]\n"
        "      Request finished HTTP/1.1 GET http://ledger/api/entries/41 - 500 0 - 9.4410ms\n"
        "info: Microsoft.AspNetCore.Hosting.Diagnostics[2]\n"
        "      Request finished HTTP/1.1 GET http://ledger/healthz - 200 - text/plain 0.4421ms",
        source=ASPNET_LOGGING,
        why="ASP.NET Core hosting diagnostics: requests finishing with 500",
        app="ledger",
        ns="finance",
    ),
    _one(
        "g-err-grpc-non-ok-ratio",
        "high_error_rate",
        "GrpcServerNonOkRatioHigh",
        "critical",
        "inventory gRPC server: 31% of handled RPCs return codes other than OK",
        'sum by (grpc_service) (rate(grpc_server_handled_total{grpc_code=~"Unknown|Internal|'
        'DeadlineExceeded|Unavailable",grpc_service="inventory.v1.Stock"}[5m])) / '
        "sum by (grpc_service) (rate(grpc_server_handled_total[5m])) = 0.31",
        source=GRPC_PROMETHEUS,
        why="go-grpc-prometheus handled counter by grpc_code: non-OK share",
        namespace="inventory",
        grpc_service="inventory.v1.Stock",
    ),
    _one(
        "g-err-apiserver-error-budget",
        "high_error_rate",
        "KubeAPIErrorBudgetBurn",
        "critical",
        "The API server is burning too much error budget.",
        "The API server is burning too much error budget on cluster prod-eu.",
        source=KM_APISERVER,
        why="kubernetes-mixin burn-rate rule for apiserver errors (long=1h, short=5m)",
        long="1h",
        short="5m",
    ),
    _log(
        "g-err-datadog-apm-monitor",
        "high_error_rate",
        "[Triggered on {env:prod,service:checkout-web}] Error rate for checkout-web is high\n"
        "The error rate of service:checkout-web on env:prod was above 5% over the last 10m.\n"
        "trace.http.request.errors / trace.http.request.hits = 0.183\n"
        "Top resources: POST /cart/submit (74%), GET /cart (12%)",
        source=DATADOG_APM_MONITOR,
        why="Datadog APM error-rate monitor notification",
        app="checkout-web",
    ),
    _log(
        "g-err-haproxy-httplog-500",
        "high_error_rate",
        "Mar  2 09:50:01 lb-1 haproxy[812]: 10.0.1.9:51234 [02/Mar/2025:09:50:01.112] fe_https~ "
        'be_api/api-3 0/0/1/27/28 500 212 - - ---- 812/790/41/12/0 0/0 "POST /v1/quote HTTP/1.1"\n'
        "Mar  2 09:50:01 lb-1 haproxy[812]: 10.0.1.4:51240 [02/Mar/2025:09:50:01.140] fe_https~ "
        'be_api/api-1 0/0/1/22/23 500 212 - - ---- 812/790/40/11/0 0/0 "POST /v1/quote HTTP/1.1"\n'
        "Mar  2 09:50:02 lb-1 haproxy[812]: 10.0.1.7:51251 [02/Mar/2025:09:50:02.001] fe_https~ "
        'be_api/api-2 0/0/0/31/31 500 212 - - ---- 812/790/39/13/0 0/0 "POST /v1/quote HTTP/1.1"',
        source=HAPROXY_LOGGING,
        why="HAProxy HTTP log: backend servers answering 500 with no termination flags",
        app="quote-api",
    ),
    _log(
        "g-err-uvicorn-500-burst",
        "high_error_rate",
        'INFO:     10.244.2.11:40112 - "POST /v1/score HTTP/1.1" 500 Internal Server Error\n'
        'INFO:     10.244.2.11:40114 - "POST /v1/score HTTP/1.1" 500 Internal Server Error\n'
        'INFO:     10.244.5.3:58820 - "POST /v1/score HTTP/1.1" 500 Internal Server Error\n'
        'INFO:     10.244.5.3:58822 - "GET /health HTTP/1.1" 200 OK\n'
        'INFO:     10.244.2.11:40118 - "POST /v1/score HTTP/1.1" 500 Internal Server Error',
        source=UVICORN_DEPLOY,
        why="uvicorn access lines: the scoring endpoint answers 500",
        app="scorer",
        ns="ml",
    ),
    _one(
        "g-err-openslo-burn",
        "high_error_rate",
        "SLOBurnRateCritical",
        "critical",
        "SLO 'payments-availability' burns its 30d error budget 16x faster than allowed",
        "Ratio of bad events (http status >= 500) to total events is 2.3% over 1h and 2.9% over "
        "5m; objective 99.9%.",
        source=OPENSLO_SPEC,
        why="OpenSLO-style ratio SLO, bad events are 5xx",
        namespace="payments",
        slo="payments-availability",
    ),
    _one(
        "g-err-grafana-templated-5xx",
        "high_error_rate",
        "Frontend HTTP 5xx share",
        "warning",
        "[FIRING:1] Frontend HTTP 5xx share (storefront prod)",
        "Value: B=0.082; Labels: - alertname = Frontend HTTP 5xx share - app = storefront "
        "Annotations: - summary = 8.2% of storefront responses are 5xx",
        source=GRAFANA_ALERT_TEMPLATES,
        why="Grafana-managed alert rendered with its default template",
        namespace="web",
        app="storefront",
    ),
    _one(
        "g-err-429-storm-custom",
        "high_error_rate",
        "PublicApiTooManyRequestsAnswered",
        "warning",
        "public-api answers HTTP 429 to 23% of requests",
        'nginx_ingress_controller_requests{status="429",ingress="public-api"} share over 10m '
        "is 0.23; clients are being turned away by the limit_req zone of this ingress.",
        source=KONG_PROMETHEUS,
        why="Trap: a limit is named, but it is a 429 storm from our own ingress limiter "
        "(high_error_rate, not dependency_limit)",
        namespace="api",
        ingress="public-api",
    ),
    _ko_log(
        "g-ko-err-report-gateway",
        "high_error_rate",
        "결제 게이트웨이 응답 중 500번대 비율이 15분째 12%를 넘고 있습니다. "
        "특히 /v1/approve 경로가 대부분이고, 고객센터에도 결제가 안 된다는 문의가 들어옵니다.",
        source=K8S_KO_DEBUG_PODS,
        why="Korean report: share of 500-range answers",
        app="pay-gateway",
    ),
    _one(
        "g-ko-err-alert-ratio",
        "high_error_rate",
        "주문API_서버응답_500대_비율_상승",
        "critical",
        "주문 API 의 500번대 응답 비율이 8.4% 입니다",
        "최근 10분 동안 주문 API 응답의 8.4% 가 500번대 상태코드로 끝났습니다. 기준치는 2% 입니다.",
        source=GRAFANA_ALERT_TEMPLATES,
        why="Korean alert: ratio of 500-range status codes",
        lang="ko",
        namespace="orders",
    ),
    _one(
        "g-ko-err-alert-burn",
        "high_error_rate",
        "회원서비스_가용성_목표_소진속도_경고",
        "warning",
        "회원 서비스 가용성 목표 예산이 1시간 기준 14배 속도로 소진되고 있습니다",
        "잘못된 응답(500번대) 비율이 1시간 1.5%, 5분 2.1% 입니다. 목표 99.9%.",
        source=OPENSLO_SPEC,
        why="Korean burn-rate alert on bad (500-range) responses",
        lang="ko",
        namespace="members",
    ),
    _log(
        "g-err-trap-4xx-errors-healthy",
        "unknown",
        "hourly traffic summary for search-api: 2xx=982,113 4xx=12,408 5xx=0\n"
        "note: 4xx are clients sending expired paging cursors; client_errors_total grew as "
        "expected after the app release, server_errors_total 0",
        source=DATADOG_APM_MONITOR,
        why="Trap: error words and a 4xx count, but 5xx=0 and server_errors_total 0 - nothing "
        "failing",
        app="search-api",
    ),
    _multi(
        "g-err-multi-ingress-5xx-and-latency",
        "high_error_rate",
        [
            alert(
                "KongUpstream5xxRatioHigh",
                "critical",
                namespace="catalog",
                service="catalog-api",
                summary="Kong service catalog-api returns 5xx for 21% of requests",
                description="5xx share of kong_http_requests_total for catalog-api is 0.21.",
            ),
            alert(
                "KongLatencyP95High",
                "warning",
                namespace="catalog",
                service="catalog-api",
                summary="Kong request latency p95 for catalog-api is 1.9s",
                description="histogram_quantile(0.95, kong_request_latency_ms_bucket) = 1900",
            ),
        ],
        source=KONG_PROMETHEUS,
        why="5xx share is the cause; the latency alert is the symptom of retries",
    ),
]

# --- crashloop --------------------------------------------------------------------------------

CRASHLOOP: list[Case] = [
    _one(
        "g-crash-container-restarts-increase",
        "crashloop",
        "ContainerRestartedTooOften",
        "warning",
        "Container worker in jobs/mailer-6b9d7-kq2p9 restarted 5 times in the last 15 minutes",
        'increase(kube_pod_container_status_restarts_total{namespace="jobs",pod='
        '"mailer-6b9d7-kq2p9",container="worker"}[15m]) = 5',
        source=GRAFANA_K8S_RESTARTS,
        why="restart-count increase over a window",
        base=KSM,
        namespace="jobs",
        pod="mailer-6b9d7-kq2p9",
        container="worker",
    ),
    _one(
        "g-crash-restarts-exceeded-srerun",
        "crashloop",
        "KubernetesPodRestartsExceeded",
        "warning",
        "Pod restarts above threshold (instance 10.244.1.17:8080)",
        "Pod analytics/etl-runner-0 restarted 9 times within the last hour\n  VALUE = 9\n  "
        "LABELS = map[container:runner namespace:analytics pod:etl-runner-0]",
        source=SRERUN + "kubestate-exporter/KubernetesPodCrashLooping.md",
        why="awesome-style restart rule with the VALUE/LABELS tail",
        base=KSM,
        namespace="analytics",
        pod="etl-runner-0",
        container="runner",
    ),
    _one(
        "g-crash-openshift-crashlooping",
        "crashloop",
        "KubePodCrashLooping",
        "warning",
        "Pod is crash looping.",
        "Pod openshift-logging/collector-x7k2d (collector) is in waiting state (reason: "
        '"CrashLoopBackOff").',
        source=OPENSHIFT_ALERTS,
        why="OpenShift rendering of KubePodCrashLooping",
        base=KSM,
        namespace="openshift-logging",
        pod="collector-x7k2d",
        container="collector",
        reason="CrashLoopBackOff",
    ),
    _one(
        "g-crash-frequent-restart-custom",
        "crashloop",
        "DeploymentPodsRestartingFrequently",
        "critical",
        "3 of 4 pods of deployment shop/recommender keep restarting",
        "Each pod of shop/recommender restarted more than 4 times in 30m; last terminated "
        "reason: Error, exit code 1.",
        source=GRAFANA_K8S_RESTARTS,
        why="restart alert with generic exit code 1",
        namespace="shop",
        deployment="recommender",
    ),
    _log(
        "g-crash-erlang-crash-dump",
        "crashloop",
        "=ERROR REPORT==== 2-Mar-2025::10:02:11.401 ===\n"
        "** Generic server 'Elixir.Chat.Presence' terminating\n"
        "** Last message in was {'EXIT',<0.512.0>,shutdown}\n"
        "** Reason for termination ==\n"
        '** {badarg,[{ets,lookup,[presence_table,<<"room:41">>],[]}]}\n'
        '{"Kernel pid terminated",application_controller,"{application_start_failure,chat,'
        "{{shutdown,{failed_to_start_child,'Elixir.Chat.Presence',badarg}}}}\"}\n"
        "Kernel pid terminated (application_controller) ({application_start_failure,chat,"
        "{{shutdown,{failed_to_start_child,'Elixir.Chat.Presence',badarg}}}})\n"
        "Crash dump is being written to: erl_crash.dump...done",
        source=ERLANG_CRASH_DUMP,
        why="BEAM VM terminates with a crash dump; badarg is generic",
        app="chat",
    ),
    _log(
        "g-crash-php-fpm-sigsegv",
        "crashloop",
        "[02-Mar-2025 10:05:41] WARNING: [pool www] child 231 exited on signal 11 (SIGSEGV) after "
        "4.120331 seconds from start\n"
        "[02-Mar-2025 10:05:41] NOTICE: [pool www] child 240 started\n"
        "[02-Mar-2025 10:05:44] WARNING: [pool www] child 240 exited on signal 11 (SIGSEGV) after "
        "2.881102 seconds from start\n"
        "[02-Mar-2025 10:05:44] NOTICE: [pool www] child 244 started",
        source=PHP_FPM_CONFIG,
        why="PHP-FPM children dying on SIGSEGV again and again",
        app="shop-php",
    ),
    _log(
        "g-crash-ruby-bug-segv",
        "crashloop",
        "/usr/local/bundle/gems/grpc-1.62.0-x86_64-linux/src/ruby/lib/grpc/generic/"
        "active_call.rb:229: [BUG] Segmentation fault at 0x0000000000000010\n"
        "ruby 3.3.0 (2023-12-25 revision 5124f9ac75) [x86_64-linux]\n\n"
        "-- Control frame information -----------------------------------------------\n"
        "c:0012 p:---- s:0071 e:000070 CFUNC  :run_batch\n"
        "-- Machine register context ------------------------------------------------\n"
        "Aborted (core dumped)",
        source=RUBY_BUG_REPORT,
        why="Ruby VM [BUG] Segmentation fault and core dump",
        app="notifier",
    ),
    _log(
        "g-crash-python-fatal-segfault",
        "crashloop",
        "Fatal Python error: Segmentation fault\n\n"
        "Thread 0x00007f3b2d7fe700 (most recent call first):\n"
        '  File "/usr/local/lib/python3.11/site-packages/lxml/html/__init__.py", line 873 in '
        "fromstring\n"
        '  File "/app/crawler/parse.py", line 41 in extract\n'
        '  File "/app/crawler/worker.py", line 88 in run\n\n'
        "Current thread 0x00007f3b3a1c4740 (most recent call first):\n"
        "  <no Python frame>\n"
        "Segmentation fault (core dumped)",
        source=PY_FAULTHANDLER,
        why="faulthandler dump after a native segfault",
        app="crawler",
        ns="data",
    ),
    _log(
        "g-crash-cpp-terminate",
        "crashloop",
        "I20250302 10:11:04.118 12 server.cc:88] matcher listening on 0.0.0.0:7000\n"
        "terminate called after throwing an instance of 'std::runtime_error'\n"
        "  what():  order book invariant violated: bid 1012 > ask 1009\n"
        '*** Aborted at 1740910264 (unix time) try "date -d @1740910264" if you are using GNU '
        "date ***\n"
        "*** SIGABRT (@0x1) received by PID 1 (TID 0x7f88c1a6b700) from PID 1; stack trace: ***",
        source=CPP_TERMINATE,
        why="C++ std::terminate, SIGABRT after an uncaught runtime_error",
        app="matcher",
        ns="trading",
    ),
    _log(
        "g-crash-node-unhandled-rejection",
        "crashloop",
        "[feed-bff] 2025-03-02T10:14:40.221Z info  warming timeline cache for 3 shards\n"
        "[feed-bff] 2025-03-02T10:14:40.913Z debug cursor=9f2c shard=2 page=41\n"
        "            triggerUncaughtException(err, true /* fromPromise */);\n"
        "            ^\n"
        '[UnhandledPromiseRejection: ... reason "invalid cursor state for shard 2".] {\n'
        "  code: 'ERR_UNHANDLED_REJECTION'\n"
        "}\n"
        "npm notice lifecycle feed-bff@4.2.0~start: process exited with status 1",
        source=NODE_PROCESS,
        why="Node exits on an unhandled promise rejection with a generic reason",
        app="feed-bff",
    ),
    _log(
        "g-crash-go-deadlock",
        "crashloop",
        "fatal error: all goroutines are asleep - deadlock!\n\n"
        "goroutine 1 [chan receive]:\n"
        "main.main()\n"
        "\t/src/cmd/relay/main.go:61 +0x1c5\n\n"
        "goroutine 18 [select]:\n"
        "github.com/acme/relay/internal/pump.(*Pump).Run(0xc0001a2000)\n"
        "\t/src/internal/pump/pump.go:102 +0x1f1\n"
        "exit status 2",
        source=GO_RUNTIME,
        why="Go runtime fatal error (deadlock), exit status 2",
        app="relay",
    ),
    _log(
        "g-crash-go-index-out-of-range",
        "crashloop",
        "panic: runtime error: index out of range [3] with length 3\n\n"
        "goroutine 214 [running]:\n"
        "github.com/acme/router/pkg/split.Weights(...)\n"
        "\t/src/pkg/split/weights.go:37\n"
        "github.com/acme/router/pkg/split.(*Router).Pick(0xc000522c00, {0xc0003a4090, 0x9})\n"
        "\t/src/pkg/split/router.go:115 +0x2a5",
        source=GO_RUNTIME,
        why="Go panic with a generic runtime error",
        app="router",
    ),
    _log(
        "g-crash-rust-stack-overflow",
        "crashloop",
        "2025-03-02T10:20:01.004Z  INFO indexer: starting 8 tokio workers\n\n"
        "thread 'tokio-runtime-worker' has overflowed its stack\n"
        "fatal runtime error: stack overflow\n"
        "Aborted (core dumped)",
        source=RUST_STACK,
        why="Rust thread stack overflow aborts the process",
        app="indexer",
        ns="search",
    ),
    _log(
        "g-crash-dotnet-stack-overflow",
        "crashloop",
        "Stack overflow.\n"
        "Repeat 12041 times:\n"
        "--------------------------------\n"
        "   at Acme.Pricing.RuleEngine.Evaluate(Acme.Pricing.Rule)\n"
        "--------------------------------\n"
        "   at Acme.Pricing.Program.Main(System.String[])\n"
        "[pod pricing-5f7c9d-2mx8l] container pricing terminated, exit code 134, restarting",
        source=DOTNET_STACKOVERFLOW,
        why=".NET process terminated by a stack overflow, restarted",
        app="pricing",
    ),
    _log(
        "g-crash-kubelet-syncpod-backoff",
        "crashloop",
        "Mar 02 10:25:31 worker-3 kubelet[1187]: E0302 10:25:31.552016    1187 pod_workers.go:1298]"
        ' "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for '
        '\\"importer\\" with '
        'CrashLoopBackOff: \\"back-off 5m0s restarting failed container=importer '
        'pod=importer-7d8f9-q2kkd_batch(4b1c2a77-2f0e-4c1a-9d51-41c2a7bd90ef)\\"" '
        'pod="batch/importer-7d8f9-q2kkd"',
        source=K8S_KUBELET_ISSUE_RESTART,
        why="kubelet journal: StartContainer skipped with CrashLoopBackOff",
        app="importer",
        ns="batch",
    ),
    _ev(
        "g-crash-exit-zero-restart-always",
        "crashloop",
        "$ kubectl get pod -n tools sync-once-5c9f7-7wq2x -w\n"
        "NAME                     READY   STATUS             RESTARTS      AGE\n"
        "sync-once-5c9f7-7wq2x    0/1     Completed          6 (2m ago)    9m\n"
        "sync-once-5c9f7-7wq2x    0/1     CrashLoopBackOff   6 (1s ago)    9m\n"
        "$ kubectl describe pod sync-once-5c9f7-7wq2x | grep -A4 'Last State'\n"
        "    Last State:     Terminated\n"
        "      Reason:       Completed\n"
        "      Exit Code:    0",
        source=K8S_POD_LIFECYCLE,
        why="a run-once program in a Deployment: exits 0, restartPolicy Always loops it",
        app="sync-once",
        ns="tools",
    ),
    _ev(
        "g-crash-events-wide-backoff",
        "crashloop",
        "LAST SEEN   TYPE      REASON    OBJECT                         SUBOBJECT                 "
        "MESSAGE\n"
        "4m          Normal    Created   pod/ranker-66b8c-5ktzv          spec.containers{ranker}   "
        "Created container ranker\n"
        "4m          Normal    Started   pod/ranker-66b8c-5ktzv          spec.containers{ranker}   "
        "Started container ranker\n"
        "12s         Warning   BackOff   pod/ranker-66b8c-5ktzv          spec.containers{ranker}   "
        "Back-off restarting failed container ranker in pod ranker-66b8c-5ktzv_search",
        source=K8S_DEBUG_PODS,
        why="kubectl get events -o wide: BackOff restarting failed container",
        app="ranker",
        ns="search",
    ),
    _log(
        "g-crash-compose-exited-255",
        "crashloop",
        "worker-1  | 2025-03-02 10:31:02 starting consumer group=billing\n"
        "worker-1  | 2025-03-02 10:31:03 unrecoverable state, aborting\n"
        "worker-1 exited with code 255\n"
        "worker-1  | 2025-03-02 10:31:09 starting consumer group=billing\n"
        "worker-1  | 2025-03-02 10:31:10 unrecoverable state, aborting\n"
        "worker-1 exited with code 255",
        source=DOCKER_COMPOSE_UP,
        why="container exits with code 255 each time it starts",
        app="billing-worker",
    ),
    _log(
        "g-crash-nginx-worker-signal",
        "crashloop",
        "2025/03/02 10:35:12 [alert] 1#1: worker process 31 exited on signal 11 (core dumped)\n"
        "2025/03/02 10:35:12 [alert] 1#1: worker process 33 exited on signal 11 (core dumped)\n"
        "2025/03/02 10:35:13 [alert] 1#1: worker process 34 exited on signal 11 (core dumped)",
        source=NGINX_DEBUGGING,
        why="nginx workers dying on signal 11",
        app="edge-nginx",
        ns="edge",
    ),
    _log(
        "g-crash-supervisord-fatal",
        "crashloop",
        "2025-03-02 10:40:01,118 INFO spawned: 'queue' with pid 41\n"
        "2025-03-02 10:40:01,622 INFO exited: queue (exit status 1; not expected)\n"
        "2025-03-02 10:40:02,627 INFO spawned: 'queue' with pid 44\n"
        "2025-03-02 10:40:03,130 INFO exited: queue (exit status 1; not expected)\n"
        "2025-03-02 10:40:06,138 INFO gave up: queue entered FATAL state, too many start retries "
        "too quickly",
        source=SUPERVISOR_LOGGING,
        why="supervisord: program exits 1 repeatedly, gave up",
        app="legacy-queue",
    ),
    _one(
        "g-ko-crash-alert-repeat",
        "crashloop",
        "정산배치_컨테이너_반복_재기동",
        "critical",
        "정산 배치 컨테이너가 30분 동안 7번 다시 시작되었습니다",
        "settle-batch 파드가 시작 직후 종료되고 다시 올라오기를 반복합니다. 마지막 종료 코드 1.",
        source=K8S_KO_DEBUG_PODS,
        why="Korean alert: container started again and again, exit code 1",
        lang="ko",
        namespace="settle",
    ),
    _ko_log(
        "g-ko-crash-report",
        "crashloop",
        "알림 서비스 파드가 뜨자마자 바로 죽어요. kubectl get pods 에서 상태가 계속 바뀌고 "
        "재기동 횟수 열이 12 까지 올라갔습니다. 로그에는 별다른 내용 없이 종료 코드 2 만 남아요.",
        source=K8S_KO_DEBUG_PODS,
        why="Korean report: pod dies right after start, RESTARTS climbing",
        app="notifier",
    ),
    _one(
        "g-ko-crash-alert-abnormal",
        "crashloop",
        "추천엔진_비정상종료_감지",
        "warning",
        "추천엔진 프로세스가 시그널 11 로 비정상 종료되었습니다",
        "최근 1시간 동안 세그멘테이션 오류로 4회 종료 후 재기동되었습니다.",
        source=K8S_KO_DEBUG_PODS,
        why="Korean alert: abnormal termination on signal 11 and re-launch",
        lang="ko",
        namespace="reco",
    ),
    _multi(
        "g-crash-multi-crash-causes-5xx",
        "crashloop",
        [
            alert(
                "KongUpstream5xxRatioHigh",
                "critical",
                namespace="geo",
                service="geo-api",
                summary="Kong service geo-api returns 5xx for 34% of requests",
                description="5xx share of kong_http_requests_total for geo-api is 0.34.",
            ),
            alert(
                "KubePodCrashLooping",
                "warning",
                base=KSM,
                namespace="geo",
                pod="geo-api-84cd5-ww9pz",
                container="geo-api",
                reason="CrashLoopBackOff",
                summary="Pod is crash looping.",
                description="Pod geo/geo-api-84cd5-ww9pz (geo-api) is in waiting state (reason: "
                '"CrashLoopBackOff") on cluster prod-ap.',
            ),
        ],
        source=OPENSHIFT_ALERTS,
        why="crash looping pods are the cause; the 5xx share at the gateway is the symptom",
    ),
    _multi(
        "g-ko-crash-multi",
        "crashloop",
        [
            alert(
                "주문처리_응답_지연",
                "warning",
                namespace="orders",
                summary="주문 처리 p95 응답이 3초를 넘었습니다",
            ),
            alert(
                "주문처리_컨테이너_반복_재기동",
                "critical",
                namespace="orders",
                summary="주문 처리 컨테이너가 20분 동안 6번 다시 시작되었습니다",
                description="시작 후 몇 초 만에 종료 코드 1 로 끝납니다.",
            ),
        ],
        source=K8S_KO_DEBUG_PODS,
        why="Korean multi: repeated re-launch is the cause, slow answers the symptom",
        lang="ko",
    ),
    _long(
        "g-crash-long-python-runtimeerror",
        "crashloop",
        701,
        "python",
        [
            "[2025-03-02 10:50:01 +0000] [7] [ERROR] Exception in worker process",
            "Traceback (most recent call last):",
            '  File "/app/jobs/reconcile.py", line 118, in run',
            "    self._apply(batch)",
            '  File "/app/jobs/reconcile.py", line 164, in _apply',
            '    raise RuntimeError(f"unexpected ledger state for batch {batch.id}")',
            "RuntimeError: unexpected ledger state for batch 88121",
            "[2025-03-02 10:50:01 +0000] [7] [INFO] Worker exiting (pid: 7)",
            "[2025-03-02 10:50:02 +0000] [1] [ERROR] Worker (pid:7) exited with code 1",
            "[2025-03-02 10:50:02 +0000] [1] [ERROR] Shutting down: Master",
            "[2025-03-02 10:50:02 +0000] [1] [ERROR] Reason: Worker failed to boot.",
        ],
        source=PY_FAULTHANDLER,
        why="a long gunicorn log ending in a generic RuntimeError and exit code 1",
        app="reconciler",
        style="json",
    ),
    _long(
        "g-crash-long-go-panic-slice",
        "crashloop",
        702,
        "go",
        [
            "panic: runtime error: slice bounds out of range [:12] with capacity 8",
            "",
            "goroutine 77 [running]:",
            "github.com/acme/ingest/pkg/frame.Decode({0xc0004c2000, 0x8, 0x8})",
            "\t/src/pkg/frame/decode.go:54 +0x2d9",
            "github.com/acme/ingest/pkg/server.(*conn).serve(0xc0001d6000)",
            "\t/src/pkg/server/conn.go:131 +0x1a7",
            "exit status 2",
        ],
        source=GO_RUNTIME,
        why="long Go service log whose end is a generic slice-bounds panic",
        app="ingest",
    ),
    _log(
        "g-crash-trap-restarts-zero",
        "unknown",
        "pod summary for team-search (kubectl get pods):\n"
        "search-api-6f9c-2kq8p   1/1   Running   0   3d\n"
        "search-api-6f9c-8zz1m   1/1   Running   0   3d\n"
        'kube_pod_container_status_restarts_total{container="search-api"} 0\n'
        "restartPolicy: Always, terminationGracePeriodSeconds: 30 - all good after the drill",
        source=K8S_POD_LIFECYCLE,
        why="Trap: restart words and a restartPolicy echo, restarts are 0 and pods Running",
        app="search-api",
    ),
    _ev(
        "g-crash-trap-restarts-by-liveness",
        "probe_failure",
        "    Restart Count:  8\n"
        "    Liveness:       http-get http://:8080/live delay=10s timeout=1s period=10s "
        "#success=1 #failure=3\n"
        "Events:\n"
        "  Warning  Unhealthy  40s (x24 over 8m)  kubelet  Liveness probe failed: Get "
        '"http://10.244.4.21:8080/live": context deadline exceeded (Client.Timeout exceeded '
        "while awaiting headers)\n"
        "  Normal   Killing    40s (x8 over 8m)   kubelet  Container cache failed liveness probe, "
        "will be restarted",
        source=K8S_DEBUG_PODS,
        why="Trap: a high restart count, but the liveness probe is what restarts it",
        app="cache",
    ),
]

# --- rollout_failure --------------------------------------------------------------------------

ROLLOUT: list[Case] = [
    _log(
        "g-roll-flagger-rolling-back",
        "rollout_failure",
        '{"level":"info","ts":"2025-03-02T11:02:31.113Z","caller":"controller/events.go:33",'
        '"msg":"Halt advancement no values found for istio metric request-success-rate probably '
        'checkout.shop is not receiving traffic: running query failed: no values found",'
        '"canary":"checkout.shop"}\n'
        '{"level":"info","ts":"2025-03-02T11:12:31.110Z","caller":"controller/events.go:45",'
        '"msg":"Rolling back checkout.shop failed checks threshold reached 10","canary":'
        '"checkout.shop"}\n'
        '{"level":"info","ts":"2025-03-02T11:12:31.205Z","caller":"controller/events.go:45",'
        '"msg":"Canary failed! Scaling down checkout.shop","canary":"checkout.shop"}',
        source=FLAGGER_CANARY_ROLLBACK,
        why="Flagger canary analysis failed and rolled back",
        app="flagger",
        ns="istio-system",
    ),
    _ev(
        "g-roll-flagger-progress-deadline",
        "rollout_failure",
        "$ kubectl get canaries -A\n"
        "NAMESPACE   NAME      STATUS   WEIGHT   LASTTRANSITIONTIME\n"
        "payments    ledger    Failed   0        2025-03-02T11:20:04Z\n"
        "Events:\n"
        "  Warning  Synced  2m  flagger  Canary deployment ledger.payments not ready: waiting for "
        "rollout to finish: 0 of 2 (readyThreshold 100%) updated replicas are available\n"
        "  Warning  Synced  1m  flagger  ledger.payments exceeded its progress deadline\n"
        "  Warning  Synced  1m  flagger  Rolling back ledger.payments progress deadline exceeded "
        "canary deployment ledger.payments not ready",
        source=FLAGGER_PROGRESS,
        why="Flagger canary Failed after its progress deadline",
        app="ledger",
        ns="payments",
    ),
    _log(
        "g-roll-tekton-pipelinerun-failed",
        "rollout_failure",
        "$ tkn pipelinerun describe deploy-storefront-x8k2q -n ci\n"
        "Name:              deploy-storefront-x8k2q\n"
        "STATUS   Failed\n"
        "Message: Tasks Completed: 3 (Failed: 1, Cancelled 0), Skipped: 2\n"
        " NAME               TASK NAME      STARTED        DURATION   STATUS\n"
        " ∙ rollout-apply    rollout-apply  6 minutes ago  5m12s      Failed\n"
        ' "step-wait" exited with code 1: deployment "storefront" exceeded its progress deadline',
        source=TEKTON_PIPELINERUNS,
        why="Tekton deploy pipeline failed in its rollout task",
        app="storefront",
        ns="ci",
    ),
    _one(
        "g-roll-argo-workflow-failed",
        "rollout_failure",
        "ArgoWorkflowFailed",
        "warning",
        "Argo workflow db-migrate-29017 failed",
        'argo_workflows_count{status="Failed"} increased; workflow ops/db-migrate-29017 phase '
        "Failed: child 'db-migrate-29017-apply-3121' failed",
        source=ARGO_WORKFLOWS_METRICS,
        why="Argo Workflows: a workflow in phase Failed",
        namespace="ops",
        workflow="db-migrate-29017",
    ),
    _log(
        "g-roll-ds-rollout-timeout",
        "rollout_failure",
        "$ kubectl -n monitoring rollout status ds/node-agent --timeout=10m\n"
        'Waiting for daemon set "node-agent" rollout to finish: 3 out of 12 new pods have been '
        "updated...\n"
        'Waiting for daemon set "node-agent" rollout to finish: 3 out of 12 new pods have been '
        "updated...\n"
        "error: timed out waiting for the condition",
        source=KUBECTL_ROLLOUT,
        why="DaemonSet rollout never progressed before the timeout",
        app="node-agent",
        ns="monitoring",
    ),
    _log(
        "g-roll-sts-partition-timeout",
        "rollout_failure",
        "$ kubectl rollout status statefulset/kafka -n streaming --timeout=15m\n"
        "Waiting for 1 pods to be ready...\n"
        "Waiting for partitioned roll out to finish: 1 out of 3 new pods have been updated...\n"
        "error: timed out waiting for the condition",
        source=KUBECTL_ROLLOUT,
        why="StatefulSet rollout stuck at its first updated pod",
        app="kafka",
        ns="streaming",
    ),
    _log(
        "g-roll-helm-another-operation",
        "rollout_failure",
        "$ helm upgrade --install search ./charts/search -n search --wait\n"
        "Error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress\n"
        "$ helm history search -n search | tail -2\n"
        "14  Sat Mar  1 22:10:04 2025  deployed         search-3.8.1  3.8.1  Upgrade complete\n"
        "15  Sun Mar  2 11:30:12 2025  pending-upgrade  search-3.9.0  3.9.0  Preparing upgrade",
        source=HELM_TROUBLESHOOTING,
        why="Helm release stuck in pending-upgrade, the upgrade fails",
        app="search",
        ns="search",
    ),
    _log(
        "g-roll-helm-hook-backoff",
        "rollout_failure",
        "Error: UPGRADE FAILED: pre-upgrade hooks failed: 1 error occurred:\n"
        "\t* job failed: BackoffLimitExceeded\n"
        'client.go:486: [debug] Starting delete for "orders-migrate" Job\n'
        'upgrade.go:470: [debug] warning: Upgrade "orders" failed: pre-upgrade hooks failed',
        source=HELM_HOOKS,
        why="Helm upgrade failed because its pre-upgrade migration job failed",
        app="orders",
    ),
    _log(
        "g-roll-helmfile-release-failed",
        "rollout_failure",
        "Upgrading release=payments, chart=charts/payments, namespace=payments\n"
        "FAILED RELEASES:\n"
        "NAME       NAMESPACE   CHART             VERSION   DURATION\n"
        "payments   payments    charts/payments   2.14.0      5m3s\n\n"
        'in ./helmfile.yaml: failed processing release payments: command "/usr/local/bin/helm" '
        "exited with non-zero status:\n"
        "  ERROR:\n    exit status 1\n"
        "  EXIT STATUS\n    1\n"
        "  STDERR:\n    Error: UPGRADE FAILED: context deadline exceeded",
        source=HELMFILE,
        why="helmfile apply: a release failed to upgrade",
        app="payments",
        ns="payments",
    ),
    _ev(
        "g-roll-flux-kustomization-health-check",
        "rollout_failure",
        "$ flux get kustomizations -n flux-system\n"
        "NAME   REVISION            SUSPENDED  READY  MESSAGE\n"
        "apps   main@sha1:8f3c21e0  False      False  Health check failed after 5m0s: timeout "
        "waiting for: [Deployment/shop/cart status: 'InProgress']",
        source=FLUX_KUSTOMIZATION,
        why="Flux Kustomization health check failed on an InProgress Deployment",
        app="cart",
        ns="shop",
    ),
    _log(
        "g-roll-flux-alert-helm-upgrade",
        "rollout_failure",
        "HelmRelease/podinfo.apps\n"
        "Helm upgrade failed for release apps/podinfo with chart podinfo@6.7.1: context deadline "
        "exceeded\n"
        "revision: 6.7.1\n"
        "severity: error  source: helm-controller",
        source=FLUX_NOTIFICATIONS,
        why="Flux notification-controller alert: Helm upgrade failed",
        app="podinfo",
        ns="apps",
    ),
    _log(
        "g-roll-argocd-notif-degraded",
        "rollout_failure",
        ":exclamation: Application recommender has degraded.\n"
        "Application details: https://argocd.example.com/applications/recommender.\n"
        "Health Status: Degraded | Sync Status: Synced | Repository: "
        "https://git.example.com/platform/apps.git",
        source=ARGOCD_NOTIF_CATALOG,
        why="Argo CD notifications on-health-degraded template",
        app="recommender",
        ns="argocd",
    ),
    _one(
        "g-roll-deployment-generation-mismatch",
        "rollout_failure",
        "KubeDeploymentGenerationMismatch",
        "warning",
        "Deployment generation mismatch due to possible roll-back",
        "Deployment generation for media/transcoder does not match, this indicates that the "
        "Deployment has failed but has not been rolled back.",
        source=KM_APPS,
        why="kubernetes-mixin generation mismatch rule",
        base=KSM,
        namespace="media",
        deployment="transcoder",
    ),
    _one(
        "g-roll-sts-current-revision-lag",
        "rollout_failure",
        "StatefulSetRevisionNotConverged",
        "warning",
        "queue/rabbitmq-server: currentRevision rabbitmq-server-7c9d is still serving 2 of 3 pods",
        "kube_statefulset_status_current_revision != kube_statefulset_status_update_revision "
        "for 40m; updatedReplicas 1, readyReplicas 2 - the update of the StatefulSet has stalled "
        "at ordinal 2.",
        source=KM_APPS,
        why="custom rule on kube-state-metrics revision series: StatefulSet update stalled",
        base=KSM,
        namespace="queue",
        statefulset="rabbitmq-server",
    ),
    _ev(
        "g-roll-cronjob-too-many-missed",
        "rollout_failure",
        "Events:\n"
        "  Type     Reason            Age                  From                Message\n"
        "  Warning  TooManyMissedTimes  3m (x14 over 45m)  cronjob-controller  too many missed "
        "start times: 101. Set or decrease .spec.startingDeadlineSeconds or check clock skew",
        source=K8S_CRONJOB,
        why="Trap: clock skew is only the hint; the CronJob controller gives up after too many "
        "missed start times",
        app="report-nightly",
        ns="bi",
    ),
    _ev(
        "g-roll-job-pod-failure-policy",
        "rollout_failure",
        "Events:\n"
        "  Normal   SuccessfulCreate  4m   job-controller  Created pod: etl-2025-03-02-q7k2m\n"
        "  Warning  PodFailurePolicy  1m   job-controller  Container main for pod "
        "data/etl-2025-03-02-q7k2m failed with exit code 42 matching FailJob rule at index 0",
        source=K8S_JOB_FAILURE_POLICY,
        why="Job failed by its pod failure policy",
        app="etl",
        ns="data",
    ),
    _ev(
        "g-roll-knative-revision-failed",
        "rollout_failure",
        "$ kubectl get ksvc greeter -n fn\n"
        "NAME      URL                              LATESTCREATED   LATESTREADY     READY   "
        "REASON\n"
        "greeter   http://greeter.fn.example.com    greeter-00007   greeter-00006   False   "
        "RevisionFailed\n"
        'Message: Revision "greeter-00007" failed with message: Initial scale was never '
        "achieved.",
        source=KNATIVE_DEBUGGING,
        why="Knative new revision failed to become ready",
        app="greeter",
        ns="fn",
    ),
    _log(
        "g-roll-spinnaker-stage-failed",
        "rollout_failure",
        "Pipeline 'deploy-prod' execution 01HQX8 TERMINAL\n"
        "Stage 'Deploy (Manifest)' failed: Deployment.apps 'catalog' in 'catalog' did not "
        "stabilize: Waiting for all replicas to be updated (2/6 updated, 2/6 available)\n"
        "Exception ( Wait For Manifest To Stabilize ) Failed waiting for manifest to stabilize",
        source=SPINNAKER_DEPLOY,
        why="Spinnaker deploy stage failed: manifest did not stabilize",
        app="catalog",
        ns="catalog",
    ),
    _ev(
        "g-roll-openshift-dc-failed",
        "rollout_failure",
        "$ oc rollout status dc/frontend\n"
        "Waiting for rollout to finish: 1 out of 3 new replicas have been updated...\n"
        'error: replication controller "frontend-7" has failed progressing\n'
        "$ oc get rc frontend-7 -o jsonpath='{.metadata.annotations}'\n"
        '{"openshift.io/deployment.phase":"Failed","openshift.io/deployment.status-reason":'
        '"config change"}',
        source=OPENSHIFT_DC,
        why="OpenShift DeploymentConfig rollout failed",
        app="frontend",
        ns="web",
    ),
    _log(
        "g-roll-jenkins-kubectl-undo",
        "rollout_failure",
        "[Pipeline] sh\n"
        "+ kubectl -n shop rollout status deploy/cart --timeout=300s\n"
        'Waiting for deployment "cart" rollout to finish: 2 of 5 updated replicas are '
        "available...\n"
        'error: deployment "cart" exceeded its progress deadline\n'
        "+ kubectl -n shop rollout undo deploy/cart\n"
        "deployment.apps/cart rolled back\n"
        "[Pipeline] End of Pipeline\nFinished: FAILURE",
        source=JENKINS_K8S_DEPLOY,
        why="CI deploy step: progress deadline exceeded, release rolled back",
        app="cart",
        ns="shop",
    ),
    _one(
        "g-ko-roll-alert-canary",
        "rollout_failure",
        "카나리_배포_중단_및_원복",
        "critical",
        "결제 서비스 카나리 배포가 분석 단계에서 중단되고 이전 버전으로 되돌아갔습니다",
        "성공률 지표가 기준에 미달해 단계 10회 중 10회 불합격, 새 버전 복제본 0 으로 축소됨.",
        source=FLAGGER_HOW,
        why="Korean alert: canary halted and returned to the previous version",
        lang="ko",
        namespace="payments",
    ),
    _one(
        "g-ko-roll-alert-generation",
        "rollout_failure",
        "배포_세대_불일치",
        "warning",
        "정산 API 배포의 관찰된 세대가 명세 세대와 다릅니다",
        "새 리비전이 20분째 반영되지 않았고 자동 되돌리기도 일어나지 않았습니다.",
        source=K8S_KO_DEPLOYMENT,
        why="Korean alert: observed generation differs from the spec, new revision not applied",
        lang="ko",
        namespace="settle",
    ),
    _ko_log(
        "g-ko-roll-report-helm",
        "rollout_failure",
        "어제 밤 헬름으로 검색 서비스 새 차트를 올렸는데 릴리스가 업그레이드 대기 상태에서 "
        "멈춰 있고, 이후 배포가 전부 막혔습니다. 새 레플리카는 하나도 올라오지 않았어요.",
        source=K8S_KO_DEPLOYMENT,
        why="Korean report: release stuck in pending-upgrade, new replicas never came up",
        app="search",
    ),
    _ko_log(
        "g-ko-roll-report-batch",
        "rollout_failure",
        "매일 새벽 2시에 도는 정산 잡이 사흘째 끝까지 완료되지 않습니다. 잡 상태가 Complete 가 "
        "아니고 재시도 횟수를 다 쓴 뒤에 멈췄어요.",
        source=K8S_CRONJOB,
        why="Korean report: nightly job never completes and used up its retries",
        app="settle-job",
    ),
    _multi(
        "g-roll-multi-generation-and-replicas",
        "rollout_failure",
        [
            alert(
                "KubeDeploymentGenerationMismatch",
                "warning",
                base=KSM,
                namespace="media",
                deployment="thumbnailer",
                summary="Deployment generation mismatch due to possible roll-back",
                description="Deployment generation for media/thumbnailer does not match, this "
                "indicates that the Deployment has failed but has not been rolled back.",
            ),
            alert(
                "KubeDeploymentReplicasMismatch",
                "warning",
                base=KSM,
                namespace="media",
                deployment="thumbnailer",
                summary="Deployment has not matched the expected number of replicas.",
                description="Deployment media/thumbnailer has not matched the expected number of "
                "replicas for longer than 15 minutes.",
            ),
        ],
        source=KM_APPS,
        why="a failed Deployment rollout shows as generation and replica mismatch",
    ),
    _multi(
        "g-ko-roll-multi-argocd",
        "rollout_failure",
        [
            alert(
                "아르고_앱_동기화_불가",
                "critical",
                namespace="argocd",
                name="ledger",
                summary="ledger 앱 동기화 작업이 3회 연속 중단되었습니다",
            ),
            alert(
                "원장서비스_응답_지연",
                "warning",
                namespace="ledger",
                summary="원장 서비스 p99 응답 시간이 2.1초입니다",
            ),
        ],
        source=ARGOCD_NOTIF_CATALOG,
        why="Korean multi: the Argo CD app cannot sync (cause); slow answers are a symptom",
        lang="ko",
    ),
    _long(
        "g-roll-long-go-flux-upgrade",
        "rollout_failure",
        703,
        "go",
        [
            'level=info ts=2025-03-02T11:59:01Z msg="reconciling HelmRelease" name=billing '
            "namespace=billing",
            'level=info ts=2025-03-02T11:59:02Z msg="running upgrade" chart=billing@4.2.0',
            'level=error ts=2025-03-02T12:04:02Z msg="Helm upgrade failed for release '
            'billing/billing with chart billing@4.2.0: context deadline exceeded"',
            'level=error ts=2025-03-02T12:04:03Z msg="upgrade retries exhausted (3/3), '
            'remediation: rollback" name=billing',
            'level=info ts=2025-03-02T12:04:30Z msg="Helm rollback to previous release '
            'billing/billing.v41 succeeded"',
        ],
        source=FLUX_NOTIFICATIONS,
        why="long controller log ending in upgrade failed, retries exhausted, rollback",
        app="helm-controller",
        ns="flux-system",
    ),
    _log(
        "g-roll-trap-successfully-rolled-out",
        "unknown",
        "$ kubectl rollout status deploy/checkout -n shop\n"
        'Waiting for deployment "checkout" rollout to finish: 2 of 3 updated replicas are '
        "available...\n"
        'deployment "checkout" successfully rolled out\n'
        "$ helm history checkout | tail -1\n"
        "22  Sun Mar  2 12:10:01 2025  deployed  checkout-1.9.0  1.9.0  Upgrade complete "
        "(previous revision 21 failed health checks only in staging)",
        source=KUBECTL_ROLLOUT,
        why="Trap: rollout words and 'failed' in a note, but the rollout completed",
        app="checkout",
        ns="shop",
    ),
]

# --- node_health ------------------------------------------------------------------------------

NODE_HEALTH: list[Case] = [
    _ev(
        "g-node-stopped-posting-status",
        "node_health",
        "$ kubectl describe node worker-11\n"
        "Conditions:\n"
        "  Type            Status   Reason              Message\n"
        "  ----            ------   ------              -------\n"
        "  MemoryPressure  Unknown  NodeStatusUnknown   Kubelet stopped posting node status.\n"
        "  DiskPressure    Unknown  NodeStatusUnknown   Kubelet stopped posting node status.\n"
        "  PIDPressure     Unknown  NodeStatusUnknown   Kubelet stopped posting node status.\n"
        "  Ready           Unknown  NodeStatusUnknown   Kubelet stopped posting node status.",
        source=K8S_NODE_STATUS_ISSUE,
        why="every condition Unknown: the kubelet stopped posting status",
        app="worker-11",
        ns="kube-system",
    ),
    _log(
        "g-node-not-ready-in-time",
        "node_health",
        "Mar 02 12:20:45 edge-3 kubelet[20183]: E0302 12:20:45.353021   20183 "
        'kubelet_node_status.go:452] "Node not becoming ready in time after startup"\n'
        "Mar 02 12:20:45 edge-3 kubelet[20183]: E0302 12:20:45.575181   20183 kubelet.go:2874] "
        '"Container runtime network not ready" networkReady="NetworkReady=false '
        "reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not "
        'initialized"',
        source=K8S_NODE_NOT_READY_ISSUE,
        why="kubelet: node not becoming ready after start-up",
        app="edge-3",
        ns="kube-system",
    ),
    _log(
        "g-node-update-status-retry",
        "node_health",
        "Mar 02 12:25:01 worker-6 kubelet[998]: E0302 12:25:01.118 998 kubelet_node_status.go:540]"
        ' "Error updating node status, will retry" err="error getting node \\"worker-6\\": Get '
        '\\"https://10.0.0.10:6443/api/v1/nodes/worker-6?timeout=10s\\": context deadline '
        'exceeded"\n'
        "Mar 02 12:25:41 worker-6 kubelet[998]: E0302 12:25:41.120 998 kubelet_node_status.go:527]"
        ' "Unable to update node status" err="update node status exceeds retry count"',
        source=K8S_NODE_STATUS,
        why="kubelet cannot post its node status",
        app="worker-6",
        ns="kube-system",
    ),
    _one(
        "g-node-exporter-target-gone",
        "node_health",
        "NodeExporterScrapeMissing",
        "critical",
        "node-exporter on 10.0.3.12:9100 has not been scraped for 5 minutes",
        'up{job="node-exporter",instance="10.0.3.12:9100"} == 0 - the host may be powered '
        "off or its exporter stopped.",
        source=KP_RULES,
        why="scrape target of a host gone",
        base=NODE_EXPORTER,
        instance="10.0.3.12:9100",
    ),
    _ev(
        "g-node-controller-nodenotready-event",
        "node_health",
        "LAST SEEN   TYPE     REASON         OBJECT                              MESSAGE\n"
        "3m          Normal   NodeNotReady   node/gke-prod-pool-2-8c1d3a-x2mq    Node "
        "gke-prod-pool-2-8c1d3a-x2mq status is now: NodeNotReady\n"
        "3m          Warning  NodeNotReady   pod/payments-api-7b9c-4kq8d         Node is not ready",
        source=K8S_NODE_CONTROLLER,
        why="node-controller NodeNotReady events on the node and its pods",
        app="payments-api",
        ns="payments",
    ),
    _log(
        "g-node-gce-host-error",
        "node_health",
        "protoPayload.methodName: compute.instances.hostError\n"
        "resource.labels.instance_id: 4812391201238812\n"
        "jsonPayload.event_subtype: compute.instances.hostError\n"
        'statusMessage: "Instance gke-prod-pool-1-3fa2 was terminated and restarted: Compute '
        'Engine has detected an error on the host machine."',
        source=GCE_HOST_EVENTS,
        why="GCE host error: the VM under a node was restarted",
        app="gke-prod-pool-1-3fa2",
        ns="kube-system",
    ),
    _ev(
        "g-node-npd-task-hung",
        "node_health",
        "Events:\n"
        "  Type     Reason    Age  From            Message\n"
        "  Warning  TaskHung  2m   kernel-monitor  kernel: INFO: task jbd2/nvme0n1p1-8:412 blocked "
        "for more than 120 seconds.\n"
        "  Warning  TaskHung  2m   kernel-monitor  kernel: INFO: task containerd:1201 blocked for "
        "more than 120 seconds.",
        source=NPD_README,
        why="node-problem-detector: hung kernel tasks on the node",
        app="worker-2",
        ns="kube-system",
    ),
    _ev(
        "g-node-npd-runtime-unhealthy",
        "node_health",
        "Conditions:\n"
        "  Type                       Status  Reason                     Message\n"
        "  ContainerRuntimeUnhealthy  True    ContainerRuntimeIsUnhealthy  Container runtime on "
        "the node is not functioning properly\n"
        "  FrequentContainerdRestart  True    FrequentContainerdRestart  Found 6 matching logs, "
        "which meets the threshold of 5",
        source=NPD_HEALTH_CHECKER,
        why="NPD health-checker conditions: container runtime not functioning",
        app="worker-8",
        ns="kube-system",
    ),
    _ev(
        "g-node-npd-frequent-kubelet-restart",
        "node_health",
        "  FrequentKubeletRestart  True  FrequentKubeletRestart  Found 7 matching logs, which "
        "meets the threshold of 5\n"
        "  KubeletUnhealthy        True  KubeletIsUnhealthy      Kubelet on the node is not "
        "functioning properly",
        source=NPD_HEALTH_CHECKER,
        why="NPD: kubelet service restarting and unhealthy (a node condition, not a pod)",
        app="worker-13",
        ns="kube-system",
    ),
    _log(
        "g-node-timesyncd-unsynchronised",
        "node_health",
        "Mar 02 12:40:11 worker-4 systemd-timesyncd[611]: Timed out waiting for reply from "
        "10.0.0.2:123 (ntp.corp.internal).\n"
        "Mar 02 12:40:21 worker-4 systemd-timesyncd[611]: Timed out waiting for reply from "
        "10.0.0.3:123 (ntp.corp.internal).\n"
        "$ timedatectl\n"
        "System clock synchronized: no\n"
        "              NTP service: active\n"
        "-- node clock is 42s ahead of the API server",
        source=TIMESYNCD,
        why="clock not synchronised, node ahead of the control plane",
        app="worker-4",
        ns="kube-system",
    ),
    _log(
        "g-node-cloud-instance-gone",
        "node_health",
        'I0302 12:42:10.118 1 node_lifecycle_controller.go:164] "Deleting node since it is no '
        'longer present in cloud provider" node="ip-10-40-4-11.ec2.internal"\n'
        'I0302 12:42:10.120 1 event.go:307] "Event occurred" object="ip-10-40-4-11.ec2.internal" '
        'kind="Node" type="Normal" reason="DeletingNode" message="Deleting node '
        'ip-10-40-4-11.ec2.internal because it does not exist in the cloud provider"',
        source=K8S_NODE_CONTROLLER,
        why="cloud node lifecycle controller: the instance under the node is gone",
        app="cloud-controller-manager",
        ns="kube-system",
    ),
    _log(
        "g-node-karpenter-unhealthy-repair",
        "node_health",
        '{"level":"INFO","time":"2025-03-02T12:44:01.552Z","logger":"controller",'
        '"message":"disrupting node(s)","controller":"node.health","NodeClaim":{"name":'
        '"general-purpose-8x2kq"},"reason":"Unhealthy","condition":"Ready=False","duration":'
        '"30m0s"}',
        source=KARPENTER_REPAIR,
        why="Karpenter node repair: node Ready=False for 30m",
        app="karpenter",
        ns="karpenter",
    ),
    _one(
        "g-node-ceph-osd-host-down",
        "node_health",
        "CephOSDHostDown",
        "warning",
        "An OSD host is offline",
        "The following OSDs are down: - storage-4 : osd.3, osd.7",
        source=CEPH_ALERTS,
        why="Ceph: a storage host is offline",
        namespace="rook-ceph",
    ),
    _one(
        "g-node-es-missing-node",
        "node_health",
        "ElasticsearchHealthyNodes",
        "critical",
        "Elasticsearch Healthy Nodes (instance es-exporter:9114)",
        "Missing node in Elasticsearch cluster logging-es\n  VALUE = 4\n  LABELS = "
        "map[cluster:logging-es]",
        source=ES_EXPORTER_RULES + "ElasticsearchHealthyNodes.md",
        why="a node missing from the cluster",
        namespace="logging",
    ),
    _one(
        "g-node-unreachable-mixin",
        "node_health",
        "KubeNodeUnreachable",
        "warning",
        "Node is unreachable.",
        "ip-10-40-7-18.eu-west-1.compute.internal is unreachable and some workloads may be "
        "rescheduled on cluster prod-eu.",
        source=KM_SYSTEM,
        why="kubernetes-mixin: node carries the unreachable taint",
        base=KSM,
        node="ip-10-40-7-18.eu-west-1.compute.internal",
    ),
    _ev(
        "g-node-memorypressure-condition",
        "node_health",
        "Conditions:\n"
        "  MemoryPressure  True   KubeletHasInsufficientMemory  kubelet has insufficient memory "
        "available\n"
        "  DiskPressure    False  KubeletHasNoDiskPressure      kubelet has no disk pressure\n"
        "  Ready           True   KubeletReady                  kubelet is posting ready status\n"
        "Taints:  node.kubernetes.io/memory-pressure:NoSchedule",
        source=K8S_NODE_STATUS,
        why="Trap: memory words, but it is a node condition (node_health), no container killed",
        app="worker-9",
        ns="kube-system",
    ),
    _ev(
        "g-node-pidpressure-condition",
        "node_health",
        "Conditions:\n"
        "  PIDPressure  True  KubeletHasInsufficientPID  kubelet has insufficient PID available\n"
        "Taints:  node.kubernetes.io/pid-pressure:NoSchedule",
        source=K8S_NODE_STATUS,
        why="node condition PIDPressure",
        app="worker-5",
        ns="kube-system",
    ),
    _one(
        "g-node-kubelet-pod-start-slow",
        "node_health",
        "KubeletPodStartUpLatencyHigh",
        "warning",
        "Kubelet Pod startup latency is too high.",
        "Kubelet Pod startup 99th percentile latency is 71.2 seconds on node worker-12 on cluster "
        "prod-us.",
        source=KM_KUBELET,
        why="Trap: latency words, but it is the kubelet of one node that is slow (node_health)",
        base=KUBELET,
        node="worker-12",
    ),
    _one(
        "g-ko-node-alert-silent",
        "node_health",
        "워커노드_상태보고_중단",
        "critical",
        "worker-7 노드의 kubelet 이 5분 넘게 상태를 보고하지 않습니다",
        "노드 조건이 전부 Unknown 으로 바뀌었고 SSH 접속도 되지 않습니다.",
        source=K8S_KO_NODES,
        why="Korean alert: kubelet stopped reporting node status, conditions Unknown",
        lang="ko",
        node="worker-7",
    ),
    _one(
        "g-ko-node-alert-clock",
        "node_health",
        "노드_시간동기화_안됨",
        "warning",
        "worker-3 노드의 시간 동기화가 멈췄습니다 (오차 38초)",
        "NTP 서버에서 응답이 없어 노드 시계가 API 서버보다 38초 빠릅니다.",
        source=K8S_KO_NODES,
        why="Korean alert: node clock not synchronised",
        lang="ko",
        node="worker-3",
    ),
    _ko_log(
        "g-ko-node-report-hang",
        "node_health",
        "gpu-2 노드가 10분 전부터 응답이 없습니다. kubectl get nodes 에서 상태가 Unknown 이고, "
        "콘솔에 커널 작업이 120초 넘게 멈췄다는 메시지가 계속 찍혀요.",
        source=K8S_KO_NODES,
        why="Korean report: node status Unknown and hung kernel tasks",
        app="gpu-2",
        ns="kube-system",
    ),
    _ko_log(
        "g-ko-node-report-runtime",
        "node_health",
        "3번 노드에서 컨테이너 런타임(containerd)이 계속 죽었다 살아나서 노드 상태가 준비됨과 "
        "준비 안 됨 사이를 오갑니다. 그 노드의 파드들이 전부 영향을 받아요.",
        source=K8S_KO_NODES,
        why="Korean report: container runtime on the node unstable, node readiness flapping",
        app="worker-3",
        ns="kube-system",
    ),
    _multi(
        "g-node-multi-unreachable-cause",
        "node_health",
        [
            alert(
                "KubeNodeUnreachable",
                "warning",
                base=KSM,
                node="worker-21",
                summary="Node is unreachable.",
                description="worker-21 is unreachable and some workloads may be rescheduled on "
                "cluster prod-ap.",
            ),
            alert(
                "KubeDaemonSetMisScheduled",
                "warning",
                base=KSM,
                namespace="logging",
                daemonset="fluent-bit",
                summary="DaemonSet pods are misscheduled.",
                description="1 Pods of DaemonSet logging/fluent-bit are running where they are "
                "not supposed to run.",
            ),
            alert(
                "KubeStatefulSetReplicasMismatch",
                "warning",
                base=KSM,
                namespace="db",
                statefulset="redis-node",
                summary="StatefulSet has not matched the expected number of replicas.",
                description="StatefulSet db/redis-node has not matched the expected number of "
                "replicas for longer than 15 minutes.",
            ),
        ],
        source=KM_SYSTEM,
        why="the unreachable node is the cause; DaemonSet and StatefulSet alerts are symptoms",
    ),
    _multi(
        "g-ko-node-multi",
        "node_health",
        [
            alert(
                "워커노드_응답없음",
                "critical",
                node="worker-15",
                summary="worker-15 노드가 5분째 준비 안 됨 상태입니다",
            ),
            alert(
                "정산파드_준비안됨",
                "warning",
                namespace="settle",
                summary="정산 파드 2개가 준비되지 않았습니다 (worker-15 에 배치됨)",
            ),
        ],
        source=K8S_KO_NODES,
        why="Korean multi: the node that stopped answering is the cause",
        lang="ko",
    ),
    _long(
        "g-node-long-kubelet-runtime-down",
        "node_health",
        704,
        "go",
        [
            "Mar 02 12:58:01 worker-17 kubelet[1450]: E0302 12:58:01.101 1450 "
            'remote_runtime.go:294] "ListPodSandbox with filter from runtime service failed" '
            'err="rpc error: code = Unavailable desc = connection error: dial unix '
            '/run/containerd/containerd.sock: connect: connection refused"',
            "Mar 02 12:58:01 worker-17 kubelet[1450]: E0302 12:58:01.102 1450 kubelet.go:2899] "
            '"Container runtime not ready" runtimeReady="RuntimeReady=false '
            'reason:RuntimeNotReady message:container runtime is down"',
            "Mar 02 12:58:05 worker-17 kubelet[1450]: I0302 12:58:05.330 1450 "
            'kubelet_node_status.go:669] "Recording event message for node" node="worker-17" '
            'event="NodeNotReady"',
            "Mar 02 12:58:05 worker-17 kubelet[1450]: I0302 12:58:05.331 1450 setters.go:552] "
            '"Node became not ready" node="worker-17" condition={"type":"Ready","status":"False",'
            '"reason":"KubeletNotReady","message":"container runtime is down"}',
        ],
        source=K8S_NODE_STATUS,
        why="long node journal ending in the runtime going down and the node becoming NotReady",
        app="worker-17",
        ns="kube-system",
    ),
    _ev(
        "g-node-trap-back-to-ready",
        "unknown",
        "LAST SEEN   TYPE     REASON         OBJECT             MESSAGE\n"
        "41m         Normal   NodeNotReady   node/worker-5      Node worker-5 status is now: "
        "NodeNotReady\n"
        "39m         Normal   NodeReady      node/worker-5      Node worker-5 status is now: "
        "NodeReady\n"
        "-- planned kernel patch reboot, drained beforehand; all pods back, no alerts since",
        source=K8S_NODE_CONTROLLER,
        why="Trap: NodeNotReady appears, but it was a planned reboot and the node is Ready",
        app="worker-5",
        ns="kube-system",
    ),
]

# --- config_error -----------------------------------------------------------------------------

CONFIG: list[Case] = [
    _log(
        "g-cfg-fluentbit-missing-name",
        "config_error",
        "Fluent Bit v3.1.4\n"
        "* Copyright (C) 2015-2024 The Fluent Bit Authors\n"
        "[2025/03/02 13:00:01] [error] [config] section 'output' is missing the 'name' property\n"
        "[2025/03/02 13:00:01] [error] configuration file contains errors, aborting.",
        source=FLUENTBIT_MISSING_NAME,
        why="Fluent Bit rejects its configuration file",
        app="fluent-bit",
        ns="logging",
    ),
    _log(
        "g-cfg-redis-bad-directive",
        "config_error",
        "*** FATAL CONFIG FILE ERROR (Redis 7.2.4) ***\n"
        "Reading the configuration file, at line 1118\n"
        ">>> 'maxmemory-polcy allkeys-lru'\n"
        "Bad directive or wrong number of arguments",
        source=REDIS_BAD_DIRECTIVE,
        why="redis.conf has a misspelt directive",
        app="redis-cache",
    ),
    _log(
        "g-cfg-loki-field-not-found",
        "config_error",
        "failed parsing config: /etc/loki/config/config.yaml: yaml: unmarshal errors:\n"
        "  line 38: field enforce_metric_name not found in type validation.plain\n"
        "  line 61: field shared_store not found in type compactor.Config. Use "
        "`-config.expand-env=true` flag if you want to expand environment variables in your "
        "config file",
        source=LOKI_FIELD_NOT_FOUND,
        why="Loki refuses removed fields after an upgrade",
        app="loki",
        ns="loki",
    ),
    _log(
        "g-cfg-postgres-invalid-parameter",
        "config_error",
        '2025-03-02 13:05:01.112 UTC [1] LOG:  invalid value for parameter "shared_buffers": '
        '"2GBs"\n'
        '2025-03-02 13:05:01.112 UTC [1] HINT:  Valid units for this parameter are "B", "kB", '
        '"MB", "GB", and "TB".\n'
        "2025-03-02 13:05:01.112 UTC [1] FATAL:  configuration file "
        '"/var/lib/postgresql/data/postgresql.conf" contains errors',
        source=PG_CONFIG_FILE,
        why="postgresql.conf has an invalid value",
        app="postgres",
        ns="db",
    ),
    _log(
        "g-cfg-mysql-unknown-variable",
        "config_error",
        "2025-03-02T13:07:11.021Z 0 [ERROR] [MY-000067] [Server] unknown variable "
        "'query_cache_size=0'.\n"
        "2025-03-02T13:07:11.021Z 0 [ERROR] [MY-010119] [Server] Aborting\n"
        "2025-03-02T13:07:11.423Z 0 [System] [MY-010910] [Server] /usr/sbin/mysqld: Shutdown "
        "complete (mysqld 8.0.36)",
        source=MYSQL_OPTION_ERRORS,
        why="my.cnf has an option removed in MySQL 8",
        app="mysql",
        ns="db",
    ),
    _log(
        "g-cfg-mosquitto-unknown-variable",
        "config_error",
        "1740920820: mosquitto version 2.0.18 starting\n"
        "1740920820: Config loaded from /mosquitto/config/mosquitto.conf.\n"
        '1740920820: Error: Unknown configuration variable "listner".\n'
        "1740920820: Error found at /mosquitto/config/mosquitto.conf:7.",
        source=MOSQUITTO_CONF,
        why="MQTT broker rejects an unknown configuration variable",
        app="mosquitto",
        ns="iot",
    ),
    _log(
        "g-cfg-envoy-unknown-fields",
        "config_error",
        "[2025-03-02 13:10:01.001][1][critical][main] [source/server/server.cc:131] error "
        "initializing configuration '/etc/envoy/envoy.yaml': Protobuf message (type "
        "envoy.config.bootstrap.v3.Bootstrap reason INVALID_ARGUMENT:static_resources.listeners[0]"
        ".filter_chains[0].filters[0].typed_config: Cannot find field.) has unknown fields\n"
        "[2025-03-02 13:10:01.001][1][info][main] [source/server/server.cc:972] exiting",
        source=ENVOY_BOOTSTRAP,
        why="Envoy bootstrap has unknown fields",
        app="edge-envoy",
        ns="edge",
    ),
    _log(
        "g-cfg-kafka-missing-required",
        "config_error",
        'Exception in thread "main" org.apache.kafka.common.config.ConfigException: Missing '
        'required configuration "bootstrap.servers" which has no default value.\n'
        "\tat org.apache.kafka.common.config.ConfigDef.parseValue(ConfigDef.java:496)\n"
        "\tat org.apache.kafka.clients.consumer.ConsumerConfig.<init>(ConsumerConfig.java:652)",
        source=KAFKA_CONFIG_EXCEPTION,
        why="Kafka client missing a required setting",
        app="audit-consumer",
    ),
    _log(
        "g-cfg-logstash-pipeline-syntax",
        "config_error",
        "[2025-03-02T13:15:01,221][ERROR][logstash.agent] Failed to execute action "
        "{:action=>LogStash::PipelineAction::Create/pipeline_id:main, :exception=>"
        '"LogStash::ConfigurationError", :message=>"Expected one of [ \\\\t\\\\r\\\\n], \\"#\\", '
        '\\"{\\" at line 14, column 9 (byte 311) after filter {\\n  grok "}',
        source=LOGSTASH_CONFIG,
        why="Logstash pipeline configuration syntax error",
        app="logstash",
        ns="logging",
    ),
    _log(
        "g-cfg-grafana-ini",
        "config_error",
        'logger=settings t=2025-03-02T13:16:02Z level=info msg="Starting Grafana" version=10.4.1\n'
        "Grafana-server Init Failed: Could not parse custom config file "
        "/etc/grafana/grafana.ini: key-value delimiter not found: root_url "
        "https://grafana.example.com",
        source=GRAFANA_CONFIG,
        why="grafana.ini line without a delimiter",
        app="grafana",
        ns="monitoring",
    ),
    _log(
        "g-cfg-viper-yaml",
        "config_error",
        "Error: While parsing config: yaml: line 14: did not find expected key\n"
        "Usage:\n  gatekeeperd serve [flags]\n"
        "exit status 1",
        source=VIPER,
        why="Go service (viper) cannot parse its YAML config",
        app="gatekeeperd",
    ),
    _log(
        "g-cfg-configparser-duplicate",
        "config_error",
        "Traceback (most recent call last):\n"
        '  File "/app/worker/settings.py", line 19, in load\n'
        "    parser.read(path)\n"
        "configparser.DuplicateOptionError: While reading from '/etc/worker/settings.ini' "
        "[line 22]: option 'timeout' in section 'db' already exists",
        source=PY_CONFIGPARSER,
        why="INI file with a duplicated option",
        app="worker",
    ),
    _log(
        "g-cfg-decouple-undefined",
        "config_error",
        '  File "/app/core/settings.py", line 48, in <module>\n'
        '    SENTRY_DSN = config("SENTRY_DSN")\n'
        "decouple.UndefinedValueError: SENTRY_DSN not found. Declare it as envvar or define a "
        "default value.",
        source=PY_DECOUPLE,
        why="missing environment variable at start-up",
        app="core-api",
    ),
    _log(
        "g-cfg-node-esm-package-not-found",
        "config_error",
        "node:internal/modules/esm/resolve:854\n"
        "  throw new ERR_MODULE_NOT_FOUND(packageName, fileURLToPath(base), null);\n"
        "Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'pino' imported from /app/src/log.js\n"
        "    at packageResolve (node:internal/modules/esm/resolve:854:9) {\n"
        "  code: 'ERR_MODULE_NOT_FOUND'\n}",
        source=NODE_ESM_ERRORS,
        why="module resolution: a package missing from the image",
        app="events-api",
    ),
    _log(
        "g-cfg-spring-datasource-url",
        "config_error",
        "***************************\n"
        "APPLICATION FAILED TO START\n"
        "***************************\n\n"
        "Description:\n\n"
        "Failed to configure a DataSource: 'url' attribute is not specified and no embedded "
        "datasource could be configured.\n\n"
        "Reason: Failed to determine a suitable driver class",
        source=SPRING_DATASOURCE,
        why="Spring Boot data source url not set",
        app="invoice-service",
    ),
    _log(
        "g-cfg-quarkus-required-property",
        "config_error",
        "ERROR [io.qua.run.Application] (main) Failed to start application: "
        "io.smallrye.config.ConfigValidationException: Configuration validation failed:\n"
        "\tSRCFG00014: The config property quarkus.datasource.jdbc.url is required but it could "
        "not be found in any config source",
        source=QUARKUS_CONFIG,
        why="Quarkus required property missing",
        app="claims",
    ),
    _log(
        "g-cfg-envconfig-required-key",
        "config_error",
        'time="2025-03-02T13:22:01Z" level=fatal msg="failed to load settings" '
        'error="envconfig: required key LEDGER_DB_DSN missing value"',
        source=ENVCONFIG,
        why="Go envconfig: required env var missing",
        app="ledger",
        ns="finance",
    ),
    _ev(
        "g-cfg-configmap-not-found",
        "config_error",
        '  Warning  Failed  12s (x5 over 61s)  kubelet  Error: configmap "feature-flags-v2" '
        "not found\n"
        "    State:          Waiting\n"
        "      Reason:       CreateContainerConfigError",
        source=K8S_CONFIGMAP,
        why="CreateContainerConfigError: referenced ConfigMap missing",
        app="storefront",
        ns="web",
    ),
    _log(
        "g-cfg-kubectl-unknown-field",
        "config_error",
        "$ kubectl apply -f deploy/orders.yaml\n"
        'Error from server (BadRequest): error when creating "deploy/orders.yaml": Deployment in '
        'version "v1" cannot be handled as a Deployment: strict decoding error: unknown field '
        '"spec.template.spec.containers[0].imagePullPolice"',
        source=KUBECTL_VALIDATE,
        why="manifest has an unknown field (strict field validation)",
        app="orders",
    ),
    _log(
        "g-cfg-otel-collector-unknown-type",
        "config_error",
        "Error: failed to get config: cannot unmarshal the configuration: decoding failed due to "
        "the following error(s):\n\n"
        'error decoding \'exporters\': unknown type: "jaeger" for id: "jaeger" (valid values: '
        "[otlp otlphttp debug prometheus file loadbalancing])\n"
        "2025/03/02 13:25:01 collector server run finished with error: failed to get config",
        source=OTEL_COLLECTOR_CONFIG,
        why="OpenTelemetry Collector config names a removed exporter",
        app="otel-collector",
        ns="observability",
    ),
    _log(
        "g-cfg-fluentd-unknown-plugin",
        "config_error",
        '2025-03-02 13:27:01 +0000 [error]: config error file="/fluentd/etc/fluent.conf" '
        "error_class=Fluent::ConfigError error=\"Unknown output plugin 'elasticsearch8'. Run "
        "'gem search -rd fluent-plugin' to find plugins\"",
        source=FLUENTD_CONFIG,
        why="fluentd config names an unknown plugin",
        app="fluentd",
        ns="logging",
    ),
    _log(
        "g-cfg-caddyfile-unrecognized",
        "config_error",
        "Error: adapting config using caddyfile: Caddyfile:12 - Error during parsing: "
        "unrecognized directive: reverse_prox\n"
        "Did you mean to define a second site? If so, you must use curly braces around each "
        "site to separate their configurations.",
        source=CADDYFILE,
        why="Caddyfile parse error",
        app="caddy",
        ns="web",
    ),
    _one(
        "g-ko-cfg-alert-parse",
        "config_error",
        "로그수집기_설정파일_해석불가",
        "critical",
        "fluent-bit 설정 파일 7번째 줄을 해석하지 못해 수집기가 기동하지 않습니다",
        "output 섹션에 name 항목이 빠져 있습니다. 설정 파일을 고친 뒤 다시 배포해야 합니다.",
        source=FLUENTBIT_MISSING_NAME,
        why="Korean alert: configuration file cannot be parsed, name key missing",
        lang="ko",
        namespace="logging",
    ),
    _one(
        "g-ko-cfg-alert-env",
        "config_error",
        "필수_환경변수_미설정_기동중단",
        "critical",
        "원장 서비스가 LEDGER_DB_DSN 환경변수 값이 없어 기동을 멈췄습니다",
        "배포 매니페스트의 env 항목에 LEDGER_DB_DSN 이 빠졌습니다.",
        source=ENVCONFIG,
        why="Korean alert: required environment variable not set",
        lang="ko",
        namespace="finance",
    ),
    _ko_log(
        "g-ko-cfg-report-unknown-key",
        "config_error",
        "레디스 버전을 올린 뒤로 파드가 기동하지 못합니다. 로그를 보니 redis.conf 1118번째 줄 "
        "지시어를 알 수 없다고 나오네요. 오타가 있는 것 같습니다.",
        source=REDIS_BAD_DIRECTIVE,
        why="Korean report: unknown directive in the server's own configuration file",
        app="redis-cache",
    ),
    _ko_log(
        "g-ko-cfg-report-field",
        "config_error",
        "로키를 3.x 로 올렸더니 설정 파일의 shared_store 항목을 인식하지 못한다며 바로 종료됩니다. "
        "이전 버전 설정을 그대로 쓴 게 원인 같아요.",
        source=LOKI_FIELD_NOT_FOUND,
        why="Korean report: a field the new version does not recognise",
        app="loki",
        ns="loki",
    ),
    _multi(
        "g-cfg-multi-crashloop-by-config",
        "config_error",
        [
            alert(
                "KubePodCrashLooping",
                "warning",
                base=KSM,
                namespace="observability",
                pod="otel-collector-5d9c7-7x2lk",
                container="otel-collector",
                reason="CrashLoopBackOff",
                summary="Pod is crash looping.",
                description="Pod observability/otel-collector-5d9c7-7x2lk (otel-collector) is in "
                'waiting state (reason: "CrashLoopBackOff").',
            ),
            alert(
                "OtelCollectorExporterQueueEmpty",
                "info",
                namespace="observability",
                summary="No spans exported from otel-collector in 15m",
            ),
        ],
        log="Error: failed to get config: cannot unmarshal the configuration: error decoding "
        '\'exporters\': unknown type: "jaeger" for id: "jaeger"',
        source=OTEL_COLLECTOR_CONFIG,
        why="the crash loop is a symptom; the collector's config names an unknown exporter",
    ),
    _long(
        "g-cfg-long-jvm-datasource",
        "config_error",
        705,
        "jvm",
        [
            "WARN 1 --- [           main] ConfigServletWebServerApplicationContext : Exception "
            "encountered during context initialization - cancelling refresh attempt",
            "ERROR 1 --- [           main] o.s.b.d.LoggingFailureAnalysisReporter   :",
            "",
            "***************************",
            "APPLICATION FAILED TO START",
            "***************************",
            "",
            "Description:",
            "",
            "Failed to configure a DataSource: 'url' attribute is not specified and no embedded "
            "datasource could be configured.",
        ],
        source=SPRING_DATASOURCE,
        why="long Spring start-up (OOM flags, healthy requests) ending in a missing data source "
        "url",
        app="invoice-service",
        style="json",
    ),
    _long(
        "g-cfg-long-go-viper",
        "config_error",
        706,
        "go",
        [
            'level=info ts=2025-03-02T13:40:01Z msg="reloading configuration" '
            "file=/etc/app/config.yaml",
            'level=error ts=2025-03-02T13:40:01Z msg="configuration reload failed" err="While '
            'parsing config: yaml: line 27: mapping values are not allowed in this context"',
            'level=error ts=2025-03-02T13:40:31Z msg="giving up after 3 reload attempts, exiting"',
        ],
        source=VIPER,
        why="long Go log ending in a YAML parse failure on reload",
        app="router",
    ),
    _log(
        "g-cfg-trap-reload-ok",
        "unknown",
        'ts=2025-03-02T13:45:01Z caller=main.go:1210 level=info msg="Loading configuration file" '
        "filename=/etc/prometheus/config_out/prometheus.env.yaml\n"
        'ts=2025-03-02T13:45:01Z caller=main.go:1247 level=info msg="Completed loading of '
        'configuration file" filename=/etc/prometheus/config_out/prometheus.env.yaml '
        "totalDuration=41.2ms\n"
        "prometheus_config_last_reload_successful 1\n"
        "prometheus_config_last_reload_success_timestamp_seconds 1.7409231e+09",
        source=KP_RULES,
        why="Trap: configuration reload words, but the reload succeeded",
        app="prometheus",
        ns="monitoring",
    ),
    _ev(
        "g-cfg-trap-crash-missing-env",
        "config_error",
        "    State:          Waiting\n"
        "      Reason:       CrashLoopBackOff\n"
        "    Last State:     Terminated\n"
        "      Reason:       Error\n"
        "      Exit Code:    1\n"
        "    Restart Count:  9\n"
        "$ kubectl logs notifier-7f9c-2xk8d --previous\n"
        'panic: settings: required key "SMTP_HOST" missing value',
        source=ENVCONFIG,
        why="Trap: CrashLoopBackOff and a panic, but the previous log says a required setting is "
        "missing",
        app="notifier",
    ),
]

# --- disk_full --------------------------------------------------------------------------------

DISK: list[Case] = [
    _one(
        "g-disk-es-out-of-space",
        "disk_full",
        "ElasticsearchDiskOutOfSpace",
        "critical",
        "Elasticsearch disk out of space (instance es-data-2:9114)",
        "The disk usage is over 90%\n  VALUE = 6.1\n  LABELS = map[cluster:logs name:es-data-2]",
        source=ES_EXPORTER_RULES + "ElasticsearchDiskOutOfSpace.md",
        why="data filesystem over 90%",
        namespace="logging",
    ),
    _log(
        "g-disk-graylog-high-watermark",
        "disk_full",
        "Notification: Elasticsearch nodes disk usage above flood stage watermark\n"
        "There are Elasticsearch nodes in the cluster without free disk, their disk usage is "
        "above the flood stage watermark. For this reason Elasticsearch enforces a read-only index "
        "block on all indexes having any of their shards in any of the affected nodes. The "
        "affected nodes are: [graylog-es-1]",
        source=GRAYLOG_WATERMARK,
        why="Graylog notification: flood-stage watermark exceeded",
        app="graylog",
        ns="logging",
    ),
    _log(
        "g-disk-opensearch-read-only-block",
        "disk_full",
        "[2025-03-02T13:50:01,118][WARN ][o.o.c.r.a.DiskThresholdMonitor] [os-data-0] flood "
        "stage disk watermark [95%] exceeded on [os-data-0][/usr/share/opensearch/data] free: "
        "2.1gb[3.9%], all indices on this node will be marked read-only\n"
        "OpenSearchException: index [audit-2025.03.02] blocked by: [TOO_MANY_REQUESTS/12/disk "
        "usage exceeded flood-stage watermark, index has read-only-allow-delete block]",
        source=OPENSEARCH_WATERMARK,
        why="OpenSearch flood-stage watermark, read-only-allow-delete block",
        app="opensearch",
        ns="logging",
    ),
    _log(
        "g-disk-mongodb-wiredtiger-enospc",
        "disk_full",
        '{"t":{"$date":"2025-03-02T13:52:11.201+00:00"},"s":"E","c":"WT","id":22435,"ctx":'
        '"Checkpointer","msg":"WiredTiger error message","attr":{"error":28,"message":'
        '"__posix_file_write, 615: /data/db/journal/WiredTigerLog.0000000412: handle-write: '
        'pwrite: failed to write 128 bytes at offset 1048576: No space left on device"}}\n'
        '{"t":{"$date":"2025-03-02T13:52:11.202+00:00"},"s":"F","c":"-","id":23089,"ctx":'
        '"Checkpointer","msg":"Fatal assertion","attr":{"msgid":50853}}',
        source=MONGODB_PRODUCTION,
        why="MongoDB WiredTiger write fails with ENOSPC",
        app="mongodb",
        ns="db",
    ),
    _log(
        "g-disk-redis-misconf",
        "disk_full",
        "1:M 02 Mar 2025 13:55:01.118 * Background saving started by pid 2214\n"
        "2214:C 02 Mar 2025 13:55:01.204 # Write error saving DB on disk: No space left on device\n"
        "1:M 02 Mar 2025 13:55:01.301 # Background saving error\n"
        "app log: redis.exceptions.ResponseError: MISCONF Redis is configured to save RDB "
        "snapshots, but it's currently unable to persist to disk.",
        source=REDIS_PERSISTENCE,
        why="Redis snapshot cannot be written: no space left, clients get MISCONF",
        app="redis-sessions",
    ),
    _log(
        "g-disk-loki-wal-full",
        "disk_full",
        'level=error ts=2025-03-02T13:57:02Z caller=wal.go:101 component=ingester msg="Error '
        'writing to WAL, disk full, no further messages will be logged for this error"\n'
        'loki_ingester_wal_disk_full_failures_total{pod="loki-ingester-1"} 4121',
        source=LOKI_SOP,
        why="Loki ingester WAL disk full",
        app="loki-ingester",
        ns="loki",
    ),
    _log(
        "g-disk-registry-blob-write",
        "disk_full",
        'time="2025-03-02T14:00:01Z" level=error msg="response completed with error" '
        'err.code=unknown err.message="write /var/lib/registry/docker/registry/v2/blobs/sha256/'
        '4f/4f1c.../data: no space left on device" http.request.method=PATCH '
        "http.response.status=500",
        source=DISTRIBUTION_REGISTRY,
        why="container registry storage full",
        app="registry",
        ns="registry",
    ),
    _log(
        "g-disk-sqlite-full",
        "disk_full",
        'File "/app/store/db.py", line 77, in commit\n'
        "    self.conn.commit()\n"
        "sqlite3.OperationalError: database or disk is full",
        source=SQLITE_RESULT_CODES,
        why="SQLITE_FULL",
        app="edge-cache",
    ),
    _log(
        "g-disk-cassandra-compaction",
        "disk_full",
        "WARN  [CompactionExecutor:41] 2025-03-02 14:03:01,112 CompactionTask.java:121 - Not "
        "enough space for compaction (estimated write size 41231236112 bytes) on data directory "
        "/var/lib/cassandra/data, 38% of 120GiB used and space is reserved by other compactions\n"
        "ERROR [CompactionExecutor:41] 2025-03-02 14:03:01,113 CassandraDaemon.java:581 - "
        "java.lang.RuntimeException: Not enough space for compaction",
        source=CASSANDRA_COMPACTION,
        why="Cassandra compaction cannot find disk space",
        app="cassandra",
        ns="db",
    ),
    _log(
        "g-disk-rabbitmq-disk-alarm",
        "disk_full",
        "2025-03-02 14:05:01.118 [info] <0.412.0> Free disk space is insufficient. Free bytes: "
        "41200000. Limit: 50000000\n"
        "2025-03-02 14:05:01.119 [warning] <0.408.0> disk resource limit alarm set on node "
        "'rabbit@rmq-server-0'.\n"
        "**********************************************************\n"
        "*** Publishers will be blocked until this alarm clears ***",
        source=RABBITMQ_DISK_ALARMS,
        why="RabbitMQ free disk limit alarm",
        app="rabbitmq",
        ns="queue",
    ),
    _log(
        "g-disk-etcd-space-exceeded",
        "disk_full",
        "E0302 14:07:01.552 1 status.go:71] apiserver received an error that is not an "
        'metav1.Status: rpctypes.EtcdError{code:0x8, desc:"etcdserver: mvcc: database space '
        'exceeded"}\n'
        "etcd: alarm:NOSPACE member 8e9e05c52164694d",
        source=ETCD_MAINTENANCE,
        why="etcd NOSPACE alarm: backend quota reached",
        app="kube-apiserver",
        ns="kube-system",
    ),
    _one(
        "g-disk-cloudsql-utilization",
        "disk_full",
        "CloudSqlDiskUtilizationHigh",
        "critical",
        "Cloud SQL instance orders-pg disk utilization is 97%",
        "cloudsql.googleapis.com/database/disk/utilization > 0.95 for 10m on orders-pg; automatic "
        "storage increase is disabled.",
        source=CLOUDSQL_METRICS,
        why="managed database disk nearly full",
        namespace="orders",
    ),
    _one(
        "g-disk-rds-free-storage",
        "disk_full",
        "RdsFreeStorageSpaceLow",
        "critical",
        'ALARM: "prod-billing-db FreeStorageSpace" in US East (N. Virginia)',
        "Threshold Crossed: 1 datapoint [1.42E9 (02/03/25 14:10:00)] was less than the threshold "
        "(2.0E9). MetricName: FreeStorageSpace, DBInstanceIdentifier: prod-billing-db",
        source=RDS_METRICS,
        why="RDS FreeStorageSpace alarm",
        namespace="billing",
    ),
    _one(
        "g-disk-vm-runs-out-soon",
        "disk_full",
        "DiskRunsOutOfSpaceIn3Days",
        "warning",
        "Instance vmstorage-1:8482 will run out of disk space in 3 days",
        "Taking into account current ingestion rate, free disk space will be enough only for 2.4 "
        "days on instance vmstorage-1:8482.",
        source=VM_HEALTH,
        why="VictoriaMetrics predicted disk exhaustion",
        job="vmstorage",
    ),
    _log(
        "g-disk-df-root-100",
        "disk_full",
        "$ df -h /var/lib/containerd /\n"
        "Filesystem      Size  Used Avail Use% Mounted on\n"
        "/dev/nvme0n1p1   80G   80G     0 100% /\n"
        "/dev/nvme1n1    200G  121G   80G  61% /var/lib/containerd\n"
        "$ sudo du -sh /var/log/pods | tail -1\n"
        "71G     /var/log/pods",
        source=DF_MAN,
        why="root filesystem at 100%, container logs filled it",
        app="worker-19",
        ns="kube-system",
    ),
    _log(
        "g-disk-journald-no-space",
        "disk_full",
        "Mar 02 14:12:01 worker-2 systemd-journald[412]: Failed to write entry (23 items, 712 "
        "bytes), ignoring: No space left on device\n"
        "Mar 02 14:12:01 worker-2 systemd-journald[412]: Failed to write entry (23 items, 698 "
        "bytes), ignoring: No space left on device",
        source=JOURNALD,
        why="journald cannot write: filesystem full",
        app="worker-2",
        ns="kube-system",
    ),
    _log(
        "g-disk-inodes-exhausted",
        "disk_full",
        "touch: cannot touch '/var/spool/mailq/q-8812': No space left on device\n"
        "$ df -h /var/spool\n"
        "/dev/sdb1   50G   11G   39G  22% /var/spool\n"
        "$ df -i /var/spool\n"
        "Filesystem      Inodes   IUsed IFree IUse% Mounted on\n"
        "/dev/sdb1      3276800 3276800     0  100% /var/spool",
        source=DF_MAN,
        why="free blocks but 100% inodes used",
        app="mailer",
    ),
    _log(
        "g-disk-pg-temp-file",
        "disk_full",
        "2025-03-02 14:15:01.112 UTC [8812] ERROR:  could not write block 1312331 of temporary "
        "file: No space left on device\n"
        "2025-03-02 14:15:01.112 UTC [8812] STATEMENT:  SELECT customer_id, sum(total) FROM orders "
        "GROUP BY 1 ORDER BY 2 DESC",
        source=PG_CONFIG_FILE,
        why="Postgres temporary file write fails for lack of space",
        app="postgres",
        ns="db",
    ),
    _log(
        "g-disk-thanos-compact-no-space",
        "disk_full",
        'level=error ts=2025-03-02T14:18:01Z caller=compact.go:484 msg="critical error detected; '
        'halting" err="compaction: group 0@5679675083797525161: compact blocks [/data/compact/'
        "0@5679675083797525161/01HQX...]: write compaction: write chunks: no space left on "
        'device"',
        source=THANOS_COMPACT,
        why="Thanos compactor working directory full",
        app="thanos-compact",
        ns="monitoring",
    ),
    _one(
        "g-ko-disk-alert-pvc",
        "disk_full",
        "주문DB_데이터영역_잔여량_5퍼센트_미만",
        "critical",
        "orders-db 데이터 볼륨 남은 용량이 4.1% 입니다",
        "현재 증가 속도면 약 6시간 뒤 가득 찹니다. 오래된 WAL 보관 파일을 확인하세요.",
        source=K8S_KO_PV,
        why="Korean alert: remaining capacity of the data area under 5%",
        lang="ko",
        namespace="orders",
    ),
    _one(
        "g-ko-disk-alert-node",
        "disk_full",
        "노드_루트파티션_사용률_98퍼센트",
        "warning",
        "worker-19 노드 루트 파티션 사용률이 98% 입니다",
        "/var/log/pods 가 71G 를 차지하고 있습니다.",
        source=K8S_KO_NODES,
        why="Korean alert: root partition usage 98%",
        lang="ko",
        node="worker-19",
    ),
    _ko_log(
        "g-ko-disk-report-es",
        "disk_full",
        "로그 검색 클러스터 데이터 노드 용량이 95%를 넘어서 인덱스가 읽기 전용으로 바뀌었습니다. "
        "새 로그가 들어가지 않아요.",
        source=OPENSEARCH_WATERMARK,
        why="Korean report: data node capacity over 95%, indices read-only",
        app="opensearch",
        ns="logging",
    ),
    _ko_log(
        "g-ko-disk-report-inode",
        "disk_full",
        "메일 큐 서버에서 파일을 새로 만들 수 없다고 나옵니다. 용량은 여유가 있는데 df -i 로 보니 "
        "아이노드 사용률이 100% 네요.",
        source=DF_MAN,
        why="Korean report: inode usage 100%",
        app="mailer",
    ),
    _multi(
        "g-disk-multi-pv-full-causes-errors",
        "disk_full",
        [
            alert(
                "KubePersistentVolumeFillingUp",
                "critical",
                base=KUBELET,
                namespace="queue",
                persistentvolumeclaim="data-rabbitmq-server-0",
                summary="PersistentVolume is filling up.",
                description="The PersistentVolume claimed by data-rabbitmq-server-0 in Namespace "
                "queue is only 1.2% free.",
            ),
            alert(
                "RabbitMQPublishersBlocked",
                "warning",
                namespace="queue",
                summary="Publishers are blocked on rabbitmq-server",
                description="Connections in state blocked: 41",
            ),
            alert(
                "KongUpstream5xxRatioHigh",
                "warning",
                namespace="orders",
                service="orders-api",
                summary="Kong service orders-api returns 5xx for 6% of requests",
            ),
        ],
        source=RABBITMQ_DISK_ALARMS,
        why="the broker's volume is full (cause); blocked publishers and 5xx are symptoms",
    ),
    _multi(
        "g-ko-disk-multi",
        "disk_full",
        [
            alert(
                "검색색인_쓰기_거부",
                "warning",
                namespace="logging",
                summary="검색 색인에 새 문서를 쓰지 못하고 있습니다",
            ),
            alert(
                "검색데이터노드_저장용량_95퍼센트_초과",
                "critical",
                namespace="logging",
                summary="os-data-0 데이터 경로 사용률이 96% 입니다",
            ),
        ],
        source=OPENSEARCH_WATERMARK,
        why="Korean multi: the data node's storage over 95% is the cause",
        lang="ko",
    ),
    _long(
        "g-disk-long-jvm-enospc",
        "disk_full",
        707,
        "jvm",
        [
            "ERROR 1 --- [   scheduling-1] c.e.orders.export.ExportJob : export batch 4121 aborted",
            "java.io.IOException: No space left on device",
            "\tat java.base/java.io.FileOutputStream.writeBytes(Native Method)",
            "\tat java.base/java.io.FileOutputStream.write(FileOutputStream.java:367)",
            "\tat c.e.orders.export.CsvWriter.flush(CsvWriter.java:88)",
            "ERROR 1 --- [   scheduling-1] c.e.orders.export.ExportJob : /exports volume has 0 "
            "bytes free (100% used)",
        ],
        source=DF_MAN,
        why="long Spring log (OOM flags, oom_events 0) ending in ENOSPC on the export volume",
        app="orders",
        style="nginx",
    ),
    _long(
        "g-disk-long-go-wal",
        "disk_full",
        708,
        "go",
        [
            'level=warn ts=2025-03-02T14:30:01Z caller=head.go:912 msg="WAL segment write slow" '
            "segment=00004121",
            'level=error ts=2025-03-02T14:30:02Z caller=db.go:1012 msg="write to WAL" '
            'err="write /data/wal/00004121: no space left on device"',
            'level=error ts=2025-03-02T14:30:02Z caller=main.go:201 msg="appender failed, '
            'dropping samples" dropped=88123',
        ],
        source=THANOS_COMPACT,
        why="long Go log ending in a WAL write failing with no space left",
        app="receiver",
        ns="monitoring",
    ),
    _log(
        "g-disk-trap-healthy-capacity",
        "unknown",
        "weekly capacity report: data volumes 41-63% used, no filesystem above the 80% warning, "
        "inode usage < 10%, predicted full date > 180 days; node_filesystem_readonly 0",
        source=DF_MAN,
        why="Trap: disk, space and inode words, all healthy",
        app="capacity-report",
    ),
    _ev(
        "g-disk-trap-ephemeral-evicted",
        "evicted",
        "  Warning  Evicted  2m  kubelet  Container thumbnailer exceeded its local ephemeral "
        'storage limit "2Gi".\n'
        "  Normal   Killing  2m  kubelet  Stopping container thumbnailer\n"
        "Status:  Failed\nReason:  Evicted",
        source=K8S_KO_RESOURCES,
        why="Trap: storage usage words, but the kubelet evicted the pod (evicted)",
        app="thumbnailer",
    ),
]

# --- probe_failure ----------------------------------------------------------------------------


def _probe(id: str, text: str, app: str, why: str, source: str = K8S_PROBES) -> Case:
    """A kubelet probe event pasted from kubectl describe."""
    return _ev(id, "probe_failure", text, source=source, why=why, app=app)


PROBE: list[Case] = [
    _probe(
        "g-probe-readiness-404",
        "  Warning  Unhealthy  8s (x31 over 5m)  kubelet  Readiness probe failed: HTTP probe "
        "failed with statuscode: 404",
        "billing-web",
        "readiness probe path answers 404",
    ),
    _probe(
        "g-probe-liveness-http-to-https",
        "  Warning  Unhealthy  20s (x9 over 3m)  kubelet  Liveness probe failed: Get "
        '"https://10.244.1.5:8443/healthz": http: server gave HTTP response to HTTPS client\n'
        "  Normal   Killing    20s (x3 over 3m)  kubelet  Container webhook failed liveness "
        "probe, will be restarted",
        "webhook",
        "liveness probe scheme mismatch, container restarted",
    ),
    _probe(
        "g-probe-es-cluster-health-wait",
        "  Warning  Unhealthy  4s (x120 over 20m)  kubelet  Readiness probe failed: Waiting for "
        'elasticsearch cluster to become ready (request params: "wait_for_status=green&timeout=1s"'
        ' )\nCluster is not yet ready (request params: "wait_for_status=green&timeout=1s" )',
        "elasticsearch-master",
        "Elasticsearch chart readiness script keeps failing",
        ES_HELM_READINESS,
    ),
    _probe(
        "g-probe-exec-file-missing",
        "  Warning  Unhealthy  5s (x6 over 30s)  kubelet  Liveness probe failed: cat: can't open "
        "'/tmp/healthy': No such file or directory",
        "legacy-daemon",
        "exec liveness probe command fails",
    ),
    _probe(
        "g-probe-exec-deadline",
        "  Warning  Unhealthy  11s (x14 over 4m)  kubelet  Liveness probe errored: rpc error: "
        "code = DeadlineExceeded desc = failed to exec in container: timeout 1s exceeded: context "
        "deadline exceeded",
        "mysql",
        "Trap: deadline-exceeded words; it is an exec probe exceeding its timeoutSeconds",
    ),
    _probe(
        "g-probe-grpc-health-probe",
        "  Warning  Unhealthy  6s (x20 over 3m)  kubelet  Liveness probe failed: timeout: failed "
        'to connect service ":9090" within 1s',
        "catalog-grpc",
        "grpc-health-probe liveness check times out",
        GRPC_HEALTH_PROBE,
    ),
    _probe(
        "g-probe-tcp-io-timeout",
        "  Warning  Unhealthy  15s (x11 over 2m)  kubelet  Liveness probe failed: dial tcp "
        "10.244.3.4:6379: i/o timeout",
        "redis-cache",
        "tcpSocket liveness probe times out",
    ),
    _probe(
        "g-probe-readiness-eof",
        "  Warning  Unhealthy  3s (x41 over 7m)  kubelet  Readiness probe failed: Get "
        '"http://10.244.0.9:8080/ready": EOF',
        "api-gw",
        "readiness probe connection closed without answer",
    ),
    _probe(
        "g-probe-istio-proxy-readiness",
        "  Warning  Unhealthy  2s (x60 over 4m)  kubelet  Readiness probe failed: HTTP probe "
        "failed with statuscode: 503\n"
        "  (container istio-proxy, port 15021 /healthz/ready)",
        "reviews",
        "Istio sidecar readiness probe fails",
        ISTIO_HEALTH_CHECKS,
    ),
    _log(
        "g-probe-spring-refusing-traffic",
        "probe_failure",
        "INFO 1 --- [nio-8080-exec-9] o.s.b.a.availability.ReadinessStateHealthIndicator : "
        "Readiness state changed to REFUSING_TRAFFIC\n"
        "Warning  Unhealthy  9s (x18 over 3m)  kubelet  Readiness probe failed: HTTP probe failed "
        "with statuscode: 503 (GET /actuator/health/readiness)",
        source=SPRING_PROBES,
        why="Spring availability state REFUSING_TRAFFIC, readiness probe 503",
        app="accounts",
    ),
    _log(
        "g-probe-aspnet-unhealthy-check",
        "probe_failure",
        "fail: Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService[103]\n"
        "      Health check sql with status Unhealthy completed after 5001.2ms with message "
        "'(null)'\n"
        "Warning  Unhealthy  kubelet  Readiness probe failed: HTTP probe failed with statuscode: "
        "503",
        source=ASPNET_HEALTH,
        why="ASP.NET health check Unhealthy behind a failing readiness probe",
        app="claims-api",
    ),
    _probe(
        "g-probe-coredns-ready-plugin",
        "  Warning  Unhealthy  5s (x25 over 2m)  kubelet  Readiness probe failed: HTTP probe "
        "failed with statuscode: 503\n"
        '[INFO] plugin/ready: Still waiting on: "kubernetes"',
        "coredns",
        "CoreDNS ready plugin keeps the readiness probe at 503",
        COREDNS_READY,
    ),
    _probe(
        "g-probe-startup-503-killing",
        "$ kubectl get pod sonarqube-0 -n ci\n"
        "NAME          READY   STATUS    RESTARTS      AGE\n"
        "sonarqube-0   0/1     Running   4 (40s ago)   22m\n"
        "  Warning  Unhealthy  10s (x30 over 5m)  kubelet  Startup probe failed: HTTP probe failed "
        "with statuscode: 503 (GET /api/system/status)",
        "sonarqube",
        "startup probe never passes within failureThreshold; kubelet restarts it",
    ),
    _one(
        "g-probe-prober-metric-alert",
        "probe_failure",
        "KubeletReadinessProbeFailing",
        "warning",
        "Readiness probes of shop/cart-6c9f fail 100% of the time",
        'increase(prober_probe_total{probe_type="Readiness",result="failed",namespace="shop",'
        'pod=~"cart-.*"}[10m]) = 60 while successful = 0',
        source=K8S_PROBE_METRICS,
        why="kubelet prober_probe_total by result",
        base=KUBELET,
        namespace="shop",
    ),
    _one(
        "g-probe-liveness-restart-alert",
        "probe_failure",
        "LivenessProbeKillingContainers",
        "critical",
        "kubelet restarted container search-api 6 times for failed liveness probes",
        "Events reason=Killing message='Container search-api failed liveness probe, will be "
        "restarted' seen 6 times in 20m.",
        source=K8S_PROBES,
        why="event-exporter rule: Killing for failed liveness probe",
        namespace="search",
    ),
    _one(
        "g-probe-startup-alert",
        "probe_failure",
        "StartupProbeNeverSucceeds",
        "warning",
        "Pod ml/embedder-0 has not passed its startup probe after 10 minutes",
        'prober_probe_total{probe_type="Startup",result="failed"} keeps increasing for '
        "ml/embedder-0; failureThreshold 60 x periodSeconds 10 reached.",
        source=K8S_PROBE_METRICS,
        why="startup probe failureThreshold reached",
        namespace="ml",
    ),
    _one(
        "g-ko-probe-alert-readiness",
        "probe_failure",
        "결제API_준비상태_점검_연속_불합격",
        "warning",
        "결제 API 파드의 준비 상태 점검이 5분째 통과하지 못하고 있습니다",
        "kubelet 의 /ready 호출이 503 으로 응답합니다. 서비스 엔드포인트에서 빠진 상태입니다.",
        source=K8S_KO_PROBES,
        why="Korean alert: readiness check keeps answering 503",
        lang="ko",
        namespace="payments",
    ),
    _one(
        "g-ko-probe-alert-liveness",
        "probe_failure",
        "검색API_활성상태_점검_불합격_재기동",
        "critical",
        "검색 API 컨테이너가 활성 상태 점검에 실패해 kubelet 이 다시 띄웠습니다",
        "/live 호출이 1초 안에 응답하지 않아 20분 동안 6번 재기동됐습니다.",
        source=K8S_KO_PROBES,
        why="Korean alert: liveness check not answered in time, kubelet re-launched it",
        lang="ko",
        namespace="search",
    ),
    _ko_log(
        "g-ko-probe-report-startup",
        "probe_failure",
        "소나큐브 파드가 기동 점검을 끝내 통과하지 못하고 5분마다 다시 시작됩니다. "
        "초기화에 7분 정도 걸리는데 점검 허용 시간이 5분이에요.",
        source=K8S_KO_PROBES,
        why="Korean report: start-up check allowance shorter than initialisation",
        app="sonarqube",
    ),
    _ko_log(
        "g-ko-probe-report-exec",
        "probe_failure",
        "MySQL 파드의 exec 점검 명령이 1초 안에 끝나지 않아서 점검이 계속 실패로 떨어집니다. "
        "부하가 높을 때만 그래요.",
        source=K8S_KO_PROBES,
        why="Korean report: exec check command does not finish within 1s",
        app="mysql",
    ),
    _multi(
        "g-probe-multi-readiness-replicas",
        "probe_failure",
        [
            alert(
                "KubeDeploymentReplicasMismatch",
                "warning",
                base=KSM,
                namespace="shop",
                deployment="cart",
                summary="Deployment has not matched the expected number of replicas.",
                description="Deployment shop/cart has not matched the expected number of "
                "replicas for longer than 15 minutes.",
            ),
            alert(
                "KubeletReadinessProbeFailing",
                "warning",
                base=KUBELET,
                namespace="shop",
                summary="Readiness probes of shop/cart fail 100% of the time",
            ),
        ],
        log='Warning  Unhealthy  kubelet  Readiness probe failed: Get "http://10.244.2.7:8080/'
        'ready": context deadline exceeded',
        source=K8S_PROBES,
        why="failing readiness probes are the cause of the replica mismatch",
    ),
    _multi(
        "g-ko-probe-multi",
        "probe_failure",
        [
            alert(
                "주문API_가용_복제본_부족",
                "warning",
                namespace="orders",
                summary="주문 API 가용 복제본이 4개 중 1개뿐입니다",
            ),
            alert(
                "주문API_준비상태_점검_불합격",
                "critical",
                namespace="orders",
                summary="주문 API 파드 3개의 준비 상태 점검이 계속 503 입니다",
            ),
        ],
        source=K8S_KO_PROBES,
        why="Korean multi: readiness checks failing are the cause of missing replicas",
        lang="ko",
    ),
    _long(
        "g-probe-long-nginx-then-readiness",
        "probe_failure",
        709,
        "go",
        [
            '10.244.0.1 - - [02/Mar/2025:14:59:01 +0000] "GET /ready HTTP/1.1" 503 19 "-" '
            '"kube-probe/1.29"',
            '10.244.0.1 - - [02/Mar/2025:14:59:11 +0000] "GET /ready HTTP/1.1" 503 19 "-" '
            '"kube-probe/1.29"',
            "Warning  Unhealthy  1s (x30 over 5m)  kubelet  Readiness probe failed: HTTP probe "
            "failed with statuscode: 503",
        ],
        source=K8S_PROBES,
        why="long log of healthy traffic ending in kube-probe 503s and the Unhealthy event",
        app="edge-api",
        style="nginx",
    ),
    _log(
        "g-probe-trap-probe-lines-healthy",
        "unknown",
        '10.244.0.1 - - [02/Mar/2025:15:01:01 +0000] "GET /healthz HTTP/1.1" 200 2 "-" '
        '"kube-probe/1.29"\n'
        '10.244.0.1 - - [02/Mar/2025:15:01:11 +0000] "GET /readyz HTTP/1.1" 200 2 "-" '
        '"kube-probe/1.29"\n'
        "livenessProbe: failureThreshold=3 periodSeconds=10; readinessProbe: failureThreshold=3",
        source=K8S_PROBES,
        why="Trap: probe words and failureThreshold echo, but probes answer 200",
        app="web",
    ),
    _probe(
        "g-probe-trap-refused-during-start",
        "  Warning  Unhealthy  2s (x40 over 6m)  kubelet  Readiness probe failed: Get "
        '"http://10.244.5.12:3000/api/health": dial tcp 10.244.5.12:3000: connect: connection '
        "refused",
        "grafana",
        "Trap: 'connection refused' is inside the kubelet's readiness probe message (probe, not a "
        "dependency)",
    ),
]

# --- cert_expiry ------------------------------------------------------------------------------

CERT: list[Case] = [
    _one(
        "g-cert-kubelet-client-expiration",
        "cert_expiry",
        "KubeletClientCertificateExpiration",
        "warning",
        "Kubelet client certificate is about to expire.",
        "Client certificate for Kubelet on node worker-3 expires in 5d 3h on cluster prod-eu.",
        source=KM_KUBELET,
        why="kubernetes-mixin kubelet client certificate expiry",
        base=KUBELET,
        node="worker-3",
    ),
    _one(
        "g-cert-istio-root-expiry",
        "cert_expiry",
        "IstioRootCertExpiringSoon",
        "critical",
        "Istio root certificate expires in 9 days",
        "(citadel_server_root_cert_expiry_timestamp - time()) / 86400 = 9.2 on istiod-6d8c; "
        "workload mTLS will break when the root CA expires.",
        source=ISTIO_CERT_METRICS,
        why="Istio root CA expiry timestamp",
        namespace="istio-system",
    ),
    _log(
        "g-cert-linkerd-anchors",
        "cert_expiry",
        "linkerd-identity\n----------------\n"
        "√ certificate config is valid\n"
        "× trust anchors are within their validity period\n"
        "    Invalid anchors:\n"
        "    * 1 identity.linkerd.cluster.local not valid anymore. Expired on "
        "2025-03-01T10:12:13Z\n"
        "‼ issuer cert is valid for at least 60 days\n"
        "    issuer certificate will expire on 2025-03-09T10:12:13Z",
        source=LINKERD_CHECK,
        why="linkerd check: trust anchor expired, issuer expiring",
        app="linkerd-identity",
        ns="linkerd",
    ),
    _log(
        "g-cert-keytool-until",
        "cert_expiry",
        "$ keytool -list -v -keystore /etc/kafka/secrets/broker.keystore.jks | grep -A1 Valid\n"
        "Valid from: Sat Mar 02 10:00:00 UTC 2024 until: Sun Mar 09 10:00:00 UTC 2025\n"
        "Warning:\nThe certificate will expire within 7 days; renew the broker keystore.",
        source=KEYTOOL,
        why="Java keystore certificate valid until next week",
        app="kafka",
        ns="streaming",
    ),
    _log(
        "g-cert-python-verify-expired",
        "cert_expiry",
        "urllib3.exceptions.SSLError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify "
        "failed: certificate has expired (_ssl.c:1006)\n"
        "requests.exceptions.SSLError: HTTPSConnectionPool(host='partner-api.example.net', "
        "port=443): Max retries exceeded with url: /v2/rates",
        source=PY_SSL,
        why="verification fails because the peer's certificate has expired",
        app="rates-sync",
    ),
    _log(
        "g-cert-ruby-verify-expired",
        "cert_expiry",
        "OpenSSL::SSL::SSLError: SSL_connect returned=1 errno=0 peeraddr=203.0.113.5:443 "
        "state=error: certificate verify failed (certificate has expired)\n"
        "  /usr/local/lib/ruby/3.3.0/net/protocol.rb:46:in `connect_nonblock'\n"
        "  /app/lib/shipping/carrier_client.rb:31:in `quote'",
        source=PY_SSL,
        why="Ruby client: the carrier's certificate has expired",
        app="shipping",
    ),
    _log(
        "g-cert-openssl-s-client-code-10",
        "cert_expiry",
        "$ openssl s_client -connect mq.partner.example:8883 -servername mq.partner.example "
        "</dev/null 2>/dev/null | tail -4\n"
        "    Start Time: 1740931201\n"
        "    Timeout   : 7200 (sec)\n"
        "    Verify return code: 10 (certificate has expired)\n"
        "    Extended master secret: no",
        source=KEYTOOL,
        why="s_client verify return code 10: certificate has expired",
        app="telemetry-bridge",
        ns="iot",
    ),
    _log(
        "g-cert-envoy-admin-days-until",
        "cert_expiry",
        "$ curl -s localhost:15000/certs | jq '.certificates[].cert_chain[0]'\n"
        '{"path":"/etc/certs/cert-chain.pem","serial_number":"6a1f","subject_alt_names":'
        '[{"uri":"spiffe://cluster.local/ns/shop/sa/cart"}],"days_until_expiration":"1",'
        '"valid_from":"2025-02-01T16:00:00Z","expiration_time":"2025-03-03T16:00:00Z"}',
        source=ISTIO_CERT_METRICS,
        why="Envoy admin /certs: workload certificate expires in 1 day",
        app="cart",
        ns="shop",
    ),
    _log(
        "g-cert-cmctl-renewal-passed",
        "cert_expiry",
        "$ cmctl status certificate shop-tls -n web\n"
        "Name: shop-tls\n"
        "Conditions:\n"
        "  Ready: False, Reason: Expired, Message: Certificate expired on Sun, 02 Mar 2025 "
        "08:00:00 UTC\n"
        "DNS Names:\n- shop.example.com\n"
        "Not After: 2025-03-02T08:00:00Z\n"
        "Renewal Time: 2025-01-31T08:00:00Z",
        source=CMCTL,
        why="cert-manager certificate expired, renewal time long passed",
        app="shop",
        ns="web",
    ),
    _log(
        "g-cert-letsencrypt-email",
        "cert_expiry",
        'Subject: Let\'s Encrypt certificate expiration notice for domain "status.example.org"\n'
        "Your certificate (or certificates) for the names listed below will expire in 10 days "
        "(on 12 Mar 25 14:00 +0000). Please make sure to renew your certificate before then, or "
        "visitors to your web site will encounter errors.",
        source=LE_EXPIRY_EMAILS,
        why="Let's Encrypt expiry notice",
        app="status-page",
    ),
    _log(
        "g-cert-traefik-renew-error",
        "cert_expiry",
        'time="2025-03-02T15:10:01Z" level=info msg="Renewing certificate from LE : '
        '{Main:shop.example.com SANs:[]}" providerName=le.acme\n'
        'time="2025-03-02T15:10:03Z" level=error msg="Error renewing certificate from LE: '
        '{shop.example.com []}" providerName=le.acme error="error: one or more domains had a '
        "problem:\\n[shop.example.com] acme: error: 403 :: urn:ietf:params:acme:error:"
        'unauthorized :: Invalid response from http://shop.example.com/.well-known/acme-challenge"'
        "\n-- current certificate notAfter 2025-03-06",
        source=TRAEFIK_ACME,
        why="ACME renewal failing while the current certificate runs out in days",
        app="traefik",
        ns="ingress",
    ),
    _log(
        "g-cert-caddy-renewal",
        "cert_expiry",
        '{"level":"info","ts":1740928201.1,"logger":"tls","msg":"certificate expires soon; '
        'queuing for renewal","identifiers":["docs.example.org"],"remaining":172311.2}\n'
        '{"level":"error","ts":1740928263.4,"logger":"tls.renew","msg":"could not get certificate '
        'from issuer","identifier":"docs.example.org","issuer":"acme-v02.api.letsencrypt.org-'
        'directory","error":"HTTP 400 urn:ietf:params:acme:error:dns"}',
        source=CADDY_AUTOMATIC_HTTPS,
        why="Caddy certificate expires soon and renewal fails",
        app="caddy",
        ns="web",
    ),
    _one(
        "g-cert-acm-days-to-expiry",
        "cert_expiry",
        "AcmCertificateDaysToExpiry",
        "warning",
        'ALARM: "acm-api-example-com-DaysToExpiry" in EU (Ireland)',
        "Threshold Crossed: 1 datapoint [12.0 (02/03/25 15:00:00)] was less than the threshold "
        "(14.0). MetricName: DaysToExpiry, CertificateArn: arn:aws:acm:eu-west-1:123456789012:"
        "certificate/4f1c",
        source=ACM_METRICS,
        why="ACM DaysToExpiry alarm",
        namespace="edge",
    ),
    _log(
        "g-cert-keyvault-near-expiry",
        "cert_expiry",
        '{"eventType":"Microsoft.KeyVault.CertificateNearExpiry","subject":"api-tls",'
        '"data":{"VaultName":"kv-prod-weu","ObjectType":"Certificate","ObjectName":"api-tls",'
        '"Version":"8f3c21","NBF":1709373600,"EXP":1741600800}}',
        source=KEYVAULT_EVENTS,
        why="Azure Key Vault CertificateNearExpiry event",
        app="api",
    ),
    _one(
        "g-cert-consul-agent-tls",
        "cert_expiry",
        "ConsulAgentTLSCertExpiring",
        "warning",
        "Consul agent TLS certificate on consul-server-1 expires in 6 days",
        "consul_agent_tls_cert_expiry = 518400 seconds remaining",
        source=CONSUL_TLS_METRICS,
        why="Consul agent TLS certificate expiry metric",
        namespace="consul",
    ),
    _log(
        "g-cert-es-ssl-certificates-api",
        "cert_expiry",
        "GET _ssl/certificates\n"
        '[{"path":"certs/http.p12","format":"PKCS12","alias":"http","subject_dn":"CN=es-http",'
        '"serial_number":"4f1c","has_private_key":true,"expiry":"2025-03-05T00:00:00.000Z"}]\n'
        "-- http certificate of the logging cluster expires in 3 days",
        source=ES_SSL_API,
        why="Elasticsearch SSL certificates API: expiry in 3 days",
        app="elasticsearch",
        ns="logging",
    ),
    _log(
        "g-cert-k3s-serving-expired",
        "cert_expiry",
        'Mar 02 15:20:01 edge-1 k3s[812]: E0302 15:20:01.118 812 authentication.go:73] "Unable '
        'to authenticate the request" err="[x509: certificate has expired or is not yet valid: '
        'current time 2025-03-02T15:20:01Z is after 2025-03-01T09:41:12Z]"\n'
        "$ k3s certificate check --output table | grep -i expired\n"
        "client-kube-apiserver   EXPIRED   2025-03-01T09:41:12Z",
        source=K3S_CERTS,
        why="k3s client certificates past their notAfter",
        app="k3s",
        ns="kube-system",
    ),
    _one(
        "g-ko-cert-alert-days",
        "cert_expiry",
        "대표도메인_인증서_유효기간_7일_미만",
        "warning",
        "www.example.co.kr 인증서 유효기간이 6일 남았습니다",
        "자동 갱신 작업이 3일째 성공하지 못했습니다. 발급 기관 응답을 확인하세요.",
        source=K8S_KO_CERTS,
        why="Korean alert: certificate validity has 6 days left",
        lang="ko",
        namespace="web",
    ),
    _one(
        "g-ko-cert-alert-mesh",
        "cert_expiry",
        "메시_루트인증서_만기_임박",
        "critical",
        "서비스 메시 루트 인증서 만기가 9일 남았습니다",
        "루트 인증서가 만기되면 파드 간 상호 인증 통신이 전부 끊깁니다.",
        source=ISTIO_CERT_METRICS,
        why="Korean alert: mesh root certificate close to its end date",
        lang="ko",
        namespace="istio-system",
    ),
    _ko_log(
        "g-ko-cert-report-kubelet",
        "cert_expiry",
        "온프레미스 클러스터 노드 두 대에서 kubelet 클라이언트 인증서 만기일이 어제였습니다. "
        "그 뒤로 노드가 API 서버에 인증을 못 하고 있어요. 자동 갱신 설정이 꺼져 있었습니다.",
        source=K8S_KO_CERTS,
        why="Korean report: kubelet client certificate reached its end date yesterday",
        app="kubelet",
        ns="kube-system",
    ),
    _ko_log(
        "g-ko-cert-report-partner",
        "cert_expiry",
        "제휴사 API 호출이 오늘 아침부터 전부 거절됩니다. 명령줄 도구로 확인하니 상대 서버 인증서 "
        "notAfter 가 3월 1일이라 기간이 지난 상태입니다.",
        source=K8S_KO_CERTS,
        why="Korean report: partner's certificate notAfter is in the past",
        app="partner-sync",
    ),
    _multi(
        "g-cert-multi-expired-causes-handshake",
        "cert_expiry",
        [
            alert(
                "AcmCertificateDaysToExpiry",
                "critical",
                namespace="edge",
                summary="ACM certificate for api.example.com has 0 days to expiry",
            ),
            alert(
                "CloudFront5xxErrorRateHigh",
                "warning",
                namespace="edge",
                summary="CloudFront distribution E2Q8XK3M1P0Z 5xxErrorRate is 31%",
            ),
        ],
        log="curl: (60) SSL certificate problem: certificate has expired",
        source=ACM_METRICS,
        why="the expired certificate is the cause; 5xx at the edge is the symptom",
    ),
    _multi(
        "g-ko-cert-multi",
        "cert_expiry",
        [
            alert(
                "결제도메인_인증서_기간_지남",
                "critical",
                namespace="payments",
                summary="pay.example.co.kr 인증서 유효기간이 어제 끝났습니다",
            ),
            alert(
                "결제요청_응답_500대_증가",
                "warning",
                namespace="payments",
                summary="결제 요청 중 500번대 응답이 18% 입니다",
            ),
        ],
        source=K8S_KO_CERTS,
        why="Korean multi: the certificate whose validity ended is the cause",
        lang="ko",
    ),
    _long(
        "g-cert-long-go-webhook-expired",
        "cert_expiry",
        710,
        "go",
        [
            'level=error ts=2025-03-02T15:40:01Z msg="call failed" target=https://ledger.finance.'
            'svc:8443/post err="Post \\"https://ledger.finance.svc:8443/post\\": tls: failed to '
            "verify certificate: x509: certificate has expired or is not yet valid: current time "
            '2025-03-02T15:40:01Z is after 2025-03-02T00:00:00Z"',
            'level=error ts=2025-03-02T15:40:11Z msg="call failed" target=https://ledger.finance.'
            'svc:8443/post err="x509: certificate has expired or is not yet valid"',
        ],
        source=K3S_CERTS,
        why="long Go log ending in x509 'certificate has expired' on every call",
        app="posting-worker",
        ns="finance",
    ),
    _log(
        "g-cert-trap-renewed",
        "unknown",
        "$ cmctl status certificate api-tls -n web\n"
        "Conditions:\n  Ready: True, Reason: Ready, Message: Certificate is up to date and has "
        "not expired\n"
        "Not After: 2025-05-31T08:00:00Z\nRenewal Time: 2025-05-01T08:00:00Z",
        source=CMCTL,
        why="Trap: expiry words, but the certificate is valid for months",
        app="api",
        ns="web",
    ),
    _log(
        "g-cert-trap-unknown-authority",
        "tls_error",
        'Error: Get "https://charts.corp.example/index.yaml": tls: failed to verify certificate: '
        "x509: certificate signed by unknown authority\n"
        "(certificate notAfter 2026-01-10, not expired; the corporate root CA is missing from "
        "the image)",
        source=K3S_CERTS,
        why="Trap: certificate problem, but trust (unknown authority), not expiry",
        app="helm-sync",
    ),
    _log(
        "g-cert-trap-acme-rate-limit",
        "dependency_limit",
        'E0302 15:45:01.118 1 sync.go:190] "cert-manager/orders: failed to create Order resource '
        'due to bad request, marking Order as failed" err="429 urn:ietf:params:acme:error:'
        "rateLimited: Error creating new order :: too many certificates already issued for "
        'exact set of domains: shop.example.com: see https://letsencrypt.org/docs/rate-limits/"',
        source=LE_EXPIRY_EMAILS,
        why="Trap: certificate issuance, but the cause is the CA's rate limit (dependency_limit)",
        app="cert-manager",
        ns="cert-manager",
    ),
]

# --- scheduling -------------------------------------------------------------------------------


def _sched(id: str, text: str, app: str, why: str, source: str = K8S_KO_SCHEDULING) -> Case:
    """A scheduler / autoscaler event pasted from kubectl."""
    return _ev(id, "scheduling", text, source=source, why=why, app=app)


SCHEDULING: list[Case] = [
    _sched(
        "g-sched-untolerated-taint",
        "  Warning  FailedScheduling  44s  default-scheduler  0/6 nodes are available: 2 node(s) "
        "had untolerated taint {dedicated: gpu}, 4 node(s) had untolerated taint "
        "{node-role.kubernetes.io/control-plane: }. preemption: 0/6 nodes are available: 6 "
        "Preemption is not helpful for scheduling.",
        "report-builder",
        "no node tolerated",
        K8S_SCHEDULING_TAINTS,
    ),
    _sched(
        "g-sched-insufficient-gpu",
        "  Warning  FailedScheduling  2m (x5 over 9m)  default-scheduler  0/10 nodes are "
        "available: 10 Insufficient nvidia.com/gpu. preemption: 0/10 nodes are available: 10 No "
        "preemption victims found for incoming pod.",
        "trainer",
        "extended resource (GPU) exhausted",
        K8S_DEVICE_PLUGINS,
    ),
    _sched(
        "g-sched-insufficient-ephemeral",
        "  Warning  FailedScheduling  30s  default-scheduler  0/4 nodes are available: 4 "
        "Insufficient ephemeral-storage.",
        "video-encoder",
        "no node has the requested ephemeral storage",
        K8S_LOCAL_EPHEMERAL,
    ),
    _sched(
        "g-sched-free-ports",
        "  Warning  FailedScheduling  1m  default-scheduler  0/5 nodes are available: 5 node(s) "
        "didn't have free ports for the requested pod ports.",
        "node-local-proxy",
        "hostPort already taken on every node",
    ),
    _sched(
        "g-sched-max-volume-count",
        "  Warning  FailedScheduling  3m  default-scheduler  0/8 nodes are available: 8 node(s) "
        "exceed max volume count.",
        "postgres-replica",
        "Trap: volume words, but it is the per-node volume count (capacity, scheduling)",
        K8S_VOLUME_LIMITS,
    ),
    _sched(
        "g-sched-quota-pods",
        "  Warning  FailedCreate  20s (x12 over 3m)  replicaset-controller  Error creating: pods "
        '"worker-7f8c-" is forbidden: exceeded quota: compute-quota, requested: pods=1, used: '
        "pods=50, limited: pods=50",
        "worker",
        "namespace pod-count quota exhausted",
        K8S_QUOTA,
    ),
    _sched(
        "g-sched-cordoned-unschedulable",
        "$ kubectl get pods -n batch\n"
        "NAME                 READY   STATUS    RESTARTS   AGE\n"
        "etl-2025-03-02-x9k   0/1     Pending   0          41m\n"
        "Events:\n"
        "  Warning  FailedScheduling  40m  default-scheduler  0/3 nodes are available: 3 node(s) "
        "were unschedulable.",
        "etl",
        "every node cordoned: pod pending",
        K8S_NODE_CORDON,
    ),
    _ev(
        "g-sched-condition-json-unschedulable",
        "scheduling",
        "$ kubectl get pod ranker-7d9f-x2k -o jsonpath='{.status.conditions}'\n"
        '[{"lastProbeTime":null,"lastTransitionTime":"2025-03-02T15:58:01Z","message":"0/12 '
        "nodes are available: 12 Insufficient cpu. preemption: 0/12 nodes are available: 12 No "
        'preemption victims found for incoming pod.","reason":"Unschedulable","status":"False",'
        '"type":"PodScheduled"}]',
        source=K8S_POD_LIFECYCLE,
        why="PodScheduled=False, Unschedulable: cpu capacity",
        app="ranker",
        ns="search",
    ),
    _one(
        "g-sched-memory-overcommit",
        "scheduling",
        "KubeMemoryOvercommit",
        "warning",
        "Cluster has overcommitted memory resource requests.",
        "Cluster prod-ap has overcommitted memory resource requests for Pods by 41.2Gi bytes and "
        "cannot tolerate node failure.",
        source=KM_RESOURCES,
        why="over-commit of memory requests (capacity, not OOM)",
    ),
    _one(
        "g-sched-keda-at-max",
        "scheduling",
        "KedaScaledObjectAtMaxReplicas",
        "warning",
        "ScaledObject queue/consumer has been at maxReplicaCount (30) for 25m",
        "keda_scaler_metrics_value for rabbitmq queue 'orders' is 18,212 while the workload "
        "cannot scale further.",
        source=KEDA_SCALEDOBJECT,
        why="autoscaler stuck at its maximum",
        namespace="queue",
        scaledObject="consumer",
    ),
    _log(
        "g-sched-ca-asg-insufficient-capacity",
        "scheduling",
        'W0302 16:00:01.118 1 auto_scaling_groups.go:452] "Instance group eks-gpu-a10 has not '
        'increased its size" err="Could not launch On-Demand Instances. '
        "InsufficientInstanceCapacity - We currently do not have sufficient g5.2xlarge capacity "
        'in the Availability Zone you requested (eu-west-1b)."\n'
        "I0302 16:00:01.120 1 scale_up.go:608] Scale-up: setting group eks-gpu-a10 size to 4 "
        "failed, backing off for 5m",
        source=EC2_CAPACITY,
        why="cluster-autoscaler cannot add nodes: cloud capacity",
        app="cluster-autoscaler",
        ns="kube-system",
    ),
    _log(
        "g-sched-karpenter-insufficient-capacity",
        "scheduling",
        '{"level":"ERROR","time":"2025-03-02T16:02:01.552Z","logger":"controller",'
        '"message":"failed launching nodeclaim","controller":"nodeclaim.lifecycle","NodeClaim":'
        '{"name":"gpu-8kq2x"},"error":"creating instance, insufficient capacity, with fleet '
        "error(s), InsufficientInstanceCapacity: We currently do not have sufficient capacity in "
        'the Availability Zone you requested"}',
        source=KARPENTER_TROUBLESHOOT,
        why="Karpenter cannot launch nodes for pending pods: capacity",
        app="karpenter",
        ns="karpenter",
    ),
    _sched(
        "g-sched-gke-quota-scaleup",
        "  Normal   NotTriggerScaleUp  1m  cluster-autoscaler  pod didn't trigger scale-up "
        "(it wouldn't fit if a new node is added): 1 in backoff after failed scale-up\n"
        "  Warning  FailedScaleUp  2m  cluster-autoscaler  Node scale up in zones europe-west1-b "
        "associated with this pod failed: GCE quota exceeded. Pod is at risk of not being "
        "scheduled.",
        "indexer",
        "GKE autoscaler blocked by project CPU quota",
        GKE_AUTOSCALER_EVENTS,
    ),
    _log(
        "g-sched-aks-max-count",
        "scheduling",
        "I0302 16:05:01.118 1 orchestrator.go:186] Skipping node group aks-userpool-31841923-vmss"
        " - max size reached\n"
        "I0302 16:05:01.119 1 orchestrator.go:546] Pod apps/api-7c9d-2mxl is unschedulable\n"
        "I0302 16:05:01.119 1 orchestrator.go:590] No expansion options",
        source=AKS_AUTOSCALER,
        why="AKS node pool at its maximum count, no expansion options",
        app="cluster-autoscaler",
        ns="kube-system",
    ),
    _one(
        "g-sched-pods-unschedulable-custom",
        "scheduling",
        "PodsUnschedulableTooLong",
        "warning",
        "7 pods in namespace ml have been unschedulable for more than 20 minutes",
        'kube_pod_status_unschedulable{namespace="ml"} sum = 7; reason PodScheduled=False, '
        "Unschedulable.",
        source=KM_APPS,
        why="kube-state-metrics unschedulable pods",
        base=KSM,
        namespace="ml",
    ),
    _one(
        "g-sched-quota-exceeded-mixin",
        "scheduling",
        "KubeQuotaExceeded",
        "warning",
        "Namespace quota has exceeded the limits.",
        "Namespace analytics is using 104% of its requests.memory quota on cluster prod-eu.",
        source=KM_RESOURCES,
        why="namespace resource quota exceeded",
        base=KSM,
        namespace="analytics",
        resource="requests.memory",
    ),
    _one(
        "g-sched-node-pod-capacity",
        "scheduling",
        "NodePodCapacityAlmostFull",
        "warning",
        "worker-14 runs 106 of 110 allowed pods",
        'kubelet_running_pods / kube_node_status_capacity{resource="pods"} = 0.96 on worker-14',
        source=KM_KUBELET,
        why="node pod capacity nearly reached",
        base=KUBELET,
        node="worker-14",
    ),
    _one(
        "g-ko-sched-alert-gpu",
        "scheduling",
        "학습파드_배치대기_GPU_부족",
        "warning",
        "학습 파드 4개가 GPU 자원이 남은 노드가 없어 40분째 대기 중입니다",
        "nvidia.com/gpu 요청을 만족하는 노드가 없고 노드 그룹도 최대 크기입니다.",
        source=K8S_KO_SCHEDULING,
        why="Korean alert: pods waiting because no node has GPU left",
        lang="ko",
        namespace="ml",
    ),
    _one(
        "g-ko-sched-alert-namespace-cap",
        "scheduling",
        "네임스페이스_자원할당량_소진",
        "warning",
        "analytics 네임스페이스 메모리 요청 할당량을 104% 사용 중입니다",
        "새 파드 생성이 거부되고 있습니다.",
        source=K8S_KO_SCHEDULING,
        why="Korean alert: namespace resource allotment used up, new pods refused",
        lang="ko",
        namespace="analytics",
    ),
    _ko_log(
        "g-ko-sched-report-taint",
        "scheduling",
        "새로 띄운 리포트 파드가 어느 노드에도 올라가지 못합니다. "
        "노드 전부에 dedicated=gpu 테인트가 걸려 있는데 파드에 톨러레이션이 없어서요.",
        source=K8S_SCHEDULING_TAINTS,
        why="Korean report: pod cannot be placed, taint without toleration",
        app="report-builder",
    ),
    _ko_log(
        "g-ko-sched-report-autoscaler",
        "scheduling",
        "노드 그룹이 최대 크기라 클러스터 오토스케일러가 노드를 더 늘리지 못하고, 배치 파드 20개가 "
        "한 시간째 배치되지 못한 채 대기 중입니다.",
        source=K8S_KO_SCHEDULING,
        why="Korean report: node group at max size, pods waiting for placement",
        app="batch",
    ),
    _multi(
        "g-sched-multi-job-by-pending",
        "scheduling",
        [
            alert(
                "KubeJobNotCompleted",
                "warning",
                base=KSM,
                namespace="ml",
                job_name="embed-refresh-29011",
                summary="Job did not complete in time",
                description="Job ml/embed-refresh-29011 is taking more than 12h 0m 0s to complete.",
            ),
            alert(
                "PodsUnschedulableTooLong",
                "warning",
                base=KSM,
                namespace="ml",
                summary="4 pods in namespace ml have been unschedulable for more than 20 minutes",
                description="0/10 nodes are available: 10 Insufficient nvidia.com/gpu.",
            ),
        ],
        source=K8S_DEVICE_PLUGINS,
        why="Trap: a Job alert, but its pods cannot be scheduled (GPU capacity) - scheduling",
    ),
    _multi(
        "g-ko-sched-multi",
        "scheduling",
        [
            alert(
                "주문처리_복제본_부족",
                "warning",
                namespace="orders",
                summary="주문 처리 복제본이 10개 중 6개만 떠 있습니다",
            ),
            alert(
                "주문처리_파드_배치대기",
                "warning",
                namespace="orders",
                summary="주문 처리 파드 4개가 빈 노드가 없어 배치되지 못했습니다",
            ),
        ],
        source=K8S_KO_SCHEDULING,
        why="Korean multi: pods waiting for placement are the cause of missing replicas",
        lang="ko",
    ),
    _long(
        "g-sched-long-ca-no-expansion",
        "scheduling",
        711,
        "go",
        [
            "I0302 16:20:01.118 1 static_autoscaler.go:547] No unschedulable pods",
            "I0302 16:30:01.118 1 filter_out_schedulable.go:66] Filtering out schedulables",
            "I0302 16:30:01.121 1 orchestrator.go:546] Pod search/indexer-5f9c-q2kx is "
            "unschedulable",
            "I0302 16:30:01.121 1 orchestrator.go:186] Skipping node group "
            "eks-general-8f3c - max size reached",
            "I0302 16:30:01.122 1 orchestrator.go:590] No expansion options",
        ],
        source=CA_FAQ,
        why="long autoscaler log ending in unschedulable pods and no expansion options",
        app="cluster-autoscaler",
        ns="kube-system",
    ),
    _ev(
        "g-sched-trap-assigned",
        "unknown",
        "  Normal  Scheduled  12s  default-scheduler  Successfully assigned shop/cart-6c9f-2kx to "
        "worker-4\n"
        "  Normal  Pulled     10s  kubelet            Container image already present on machine",
        source=K8S_KO_SCHEDULING,
        why="Trap: scheduler words, but the pod was assigned normally",
        app="cart",
    ),
    _ev(
        "g-sched-trap-insufficient-pods-not-oom",
        "scheduling",
        "  Warning  FailedScheduling  5m  default-scheduler  0/7 nodes are available: 3 Too many "
        "pods, 4 Insufficient memory. preemption: 0/7 nodes are available: 7 No preemption "
        "victims found for incoming pod.",
        source=K8S_KO_SCHEDULING,
        why="Trap: 'Insufficient memory' is a scheduling capacity message, not an OOM",
        app="api",
    ),
]

# --- the other families: ten cases each, many of them traps ----------------------------------

OOM: list[Case] = [
    _log(
        "g-oom-go-cannot-allocate",
        "oom",
        "fatal error: runtime: cannot allocate memory\n\n"
        "runtime stack:\nruntime.throw({0x1a2c3f1?, 0x0?})\n"
        "\t/usr/local/go/src/runtime/panic.go:1023 +0x5c\n"
        "runtime.(*mheap).grow(0x2c5e4a0, 0x800)",
        source=GO_MEMORY,
        why="Go runtime cannot allocate memory",
        app="aggregator",
    ),
    _log(
        "g-oom-dotnet-outofmemory",
        "oom",
        "Unhandled exception. System.OutOfMemoryException: Exception of type "
        "'System.OutOfMemoryException' was thrown.\n"
        "   at System.Collections.Generic.List`1.set_Capacity(Int32 value)\n"
        "   at Acme.Reports.PdfBuilder.Render(ReportRequest request)",
        source=DOTNET_OOM,
        why=".NET OutOfMemoryException",
        app="reports",
    ),
    _log(
        "g-oom-php-memory-exhausted",
        "oom",
        "PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate "
        "20480 bytes) in /var/www/html/vendor/laravel/framework/src/Illuminate/Support/"
        "Collection.php on line 1741",
        source=PHP_MEMORY_LIMIT,
        why="PHP memory_limit exhausted",
        app="shop-php",
    ),
    _log(
        "g-oom-numpy-unable-allocate",
        "oom",
        "numpy.core._exceptions._ArrayMemoryError: Unable to allocate 7.45 GiB for an array with "
        "shape (1000000, 1000) and data type float64",
        source=NUMPY_MEMORY,
        why="numpy cannot allocate an array",
        app="feature-builder",
        ns="ml",
    ),
    _log(
        "g-oom-ruby-nomemory",
        "oom",
        "/app/lib/importer/csv_loader.rb:44:in `read': failed to allocate memory (NoMemoryError)\n"
        "\tfrom /app/lib/importer/csv_loader.rb:44:in `load'",
        source=RUBY_NOMEMORY,
        why="Ruby NoMemoryError",
        app="importer",
    ),
    _log(
        "g-oom-memcached-out-of-memory",
        "oom",
        "set session:88121 0 3600 1048576\nSERVER_ERROR out of memory storing object\n"
        "STAT limit_maxbytes 67108864\nSTAT evictions 0",
        source=MEMCACHED_PROTOCOL,
        why="memcached refuses a store for memory (evictions 0 is a counter, not a pod)",
        app="memcached",
    ),
    _one(
        "g-oom-last-terminated-oomkilled",
        "oom",
        "ContainerLastTerminatedOOMKilled",
        "warning",
        "Container exporter in monitoring/blackbox-5c9f was OOMKilled",
        'kube_pod_container_status_last_terminated_reason{reason="OOMKilled"} == 1 and its '
        "restarts increased in the last 10m",
        source=KSM_POD_METRICS,
        why="last terminated reason OOMKilled",
        base=KSM,
        namespace="monitoring",
        container="exporter",
    ),
    _multi(
        "g-oom-multi-oom-behind-crashloop",
        "oom",
        [
            alert(
                "KubePodCrashLooping",
                "warning",
                base=KSM,
                namespace="reports",
                pod="reports-6d9f-2xk8",
                container="reports",
                summary="Pod is crash looping.",
                description="Pod reports/reports-6d9f-2xk8 (reports) is in waiting state (reason: "
                '"CrashLoopBackOff").',
            ),
            alert(
                "ContainerLastTerminatedOOMKilled",
                "warning",
                base=KSM,
                namespace="reports",
                container="reports",
                summary="Container reports in reports/reports-6d9f-2xk8 was OOMKilled",
            ),
        ],
        source=KSM_POD_METRICS,
        why="Trap: the crash-loop alert is the symptom; the OOMKilled reason is the cause",
    ),
    _one(
        "g-ko-oom-alert",
        "oom",
        "리포트서버_메모리_한도초과_강제종료",
        "critical",
        "리포트 컨테이너가 메모리 한도(2Gi)를 넘어 커널에 의해 강제 종료되었습니다",
        "최근 30분 동안 3회 발생했습니다.",
        source=K8S_KO_RESOURCES,
        why="Korean alert: container over its memory allowance, terminated by the kernel",
        lang="ko",
        namespace="reports",
    ),
    _log(
        "g-oom-trap-flags-generic-exit",
        "crashloop",
        "Picked up JAVA_TOOL_OPTIONS: -XX:+ExitOnOutOfMemoryError -XX:MaxRAMPercentage=75\n"
        "oom_score_adj=-997 memory.max=2147483648 container_oom_events_total 0\n"
        'Exception in thread "main" java.lang.IllegalStateException: ledger cursor moved '
        "backwards\n\tat c.e.ledger.Replay.run(Replay.java:88)\n"
        "[pod ledger-replay-0] exited with code 1, Restart Count: 11",
        source=K8S_POD_LIFECYCLE,
        why="Trap: OOM flags and a zero oom counter, but the exit is a generic exception that "
        "keeps restarting (crashloop)",
        app="ledger-replay",
    ),
]

IMAGE_PULL: list[Case] = [
    _ev(
        "g-img-artifact-registry-403",
        "image_pull",
        '  Warning  Failed  14s  kubelet  Failed to pull image "europe-docker.pkg.dev/acme-prod/'
        'apps/api:2.4.1": failed to pull and unpack image: failed to resolve reference: failed '
        "to authorize: failed to fetch oauth token: unexpected status from GET request to "
        "https://europe-docker.pkg.dev/v2/token: 403 Forbidden",
        source=ARTIFACT_REGISTRY_TROUBLESHOOT,
        why="Artifact Registry denies the node's service account",
        app="api",
    ),
    _ev(
        "g-img-quay-unauthorized",
        "image_pull",
        '  Warning  Failed  9s  kubelet  Failed to pull image "quay.io/acme/worker:1.9": '
        "reading manifest 1.9 in quay.io/acme/worker: unauthorized: access to the requested "
        "resource is not authorized",
        source=QUAY_ROBOTS,
        why="Quay robot credentials missing (cri-o wording)",
        app="worker",
    ),
    _ev(
        "g-img-platform-mismatch",
        "image_pull",
        '  Warning  Failed  4s  kubelet  Failed to pull image "ghcr.io/acme/edge-agent:0.8": '
        "no match for platform in manifest: not found\n"
        "  Warning  Failed  4s  kubelet  Error: ErrImagePull",
        source=CONTAINERD_PLATFORMS,
        why="image has no arm64 variant for the node",
        app="edge-agent",
    ),
    _ev(
        "g-img-tag-not-found",
        "image_pull",
        '  Warning  Failed  20s  kubelet  Failed to pull image "nginx:1.27.9": rpc error: code = '
        'NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.27.9": '
        'failed to resolve reference "docker.io/library/nginx:1.27.9": docker.io/library/'
        "nginx:1.27.9: not found",
        source=K8S_IMAGES,
        why="tag does not exist",
        app="edge-nginx",
    ),
    _ev(
        "g-img-nexus-500-trap",
        "image_pull",
        '  Warning  Failed  31s  kubelet  Failed to pull image "nexus.corp:8443/apps/billing:'
        '7.2": rpc error: code = Unknown desc = failed to pull and unpack image: failed to copy: '
        "httpReadSeeker: failed open: unexpected status code https://nexus.corp:8443/v2/apps/"
        "billing/blobs/sha256:4f1c: 500 Internal Server Error\n"
        "  Normal   BackOff  5s  kubelet  Back-off pulling image "
        '"nexus.corp:8443/apps/billing:7.2"',
        source=NEXUS_DOCKER,
        why="Trap: a 500 status, but it is the registry answering a pull (image_pull)",
        app="billing",
    ),
    _ev(
        "g-img-ecr-public-rate",
        "image_pull",
        '  Warning  Failed  12s  kubelet  Failed to pull image "public.ecr.aws/acme/sidecar:3": '
        "toomanyrequests: Rate exceeded\n"
        "  Warning  Failed  12s  kubelet  Error: ErrImagePull",
        source=ECR_PUBLIC_QUOTAS,
        why="Trap: a rate limit, but it is an image pull being refused (image_pull)",
        app="sidecar",
    ),
    _one(
        "g-img-errimagepull-custom",
        "image_pull",
        "PodImagePullErrors",
        "warning",
        "2 containers in shop are waiting with reason ErrImagePull",
        'kube_pod_container_status_waiting_reason{reason="ErrImagePull",namespace="shop"} = 2',
        source=KSM_POD_METRICS,
        why="waiting reason ErrImagePull",
        base=KSM,
        namespace="shop",
        reason="ErrImagePull",
    ),
    _one(
        "g-ko-img-alert",
        "image_pull",
        "배포이미지_내려받기_불가",
        "warning",
        "billing 컨테이너 이미지를 레지스트리에서 내려받지 못하고 있습니다",
        "레지스트리가 인증 정보를 거부합니다 (403). 노드 서비스 계정 권한을 확인하세요.",
        source=K8S_IMAGES,
        why="Korean alert: container image cannot be downloaded from the registry",
        lang="ko",
        namespace="billing",
    ),
    _ko_log(
        "g-ko-img-report",
        "image_pull",
        "새 버전 태그 2.4.1 로 배포했는데 파드가 이미지 받기 대기 상태에서 안 넘어갑니다. "
        "레지스트리에 그 태그가 아직 안 올라간 것 같아요.",
        source=K8S_IMAGES,
        why="Korean report: tag not yet in the registry",
        app="api",
    ),
    _ev(
        "g-img-trap-present-then-probe",
        "probe_failure",
        '  Normal   Pulled     2m   kubelet  Container image "acme/api:2.4.1" already present on '
        "machine\n"
        "  Normal   Started    2m   kubelet  Started container api\n"
        "  Warning  Unhealthy  5s (x12 over 2m)  kubelet  Liveness probe failed: Get "
        '"http://10.244.1.8:8080/live": context deadline exceeded',
        source=K8S_PROBES,
        why="Trap: image words, but the image was present; the liveness probe fails",
        app="api",
    ),
]

CPU: list[Case] = [
    _one(
        "g-cpu-newrelic-throttled",
        "cpu_throttling",
        "K8sContainerCpuThrottled",
        "warning",
        "Container 'api' in payments is CPU throttled 41% of periods",
        "cpuCfsThrottledPeriodsDelta / cpuCfsPeriodsDelta * 100 > 25 for 5 minutes "
        "(podName api-5f9c-2kx, containerName api)",
        source=NEWRELIC_K8S_ALERTS,
        why="New Relic recommended alert on throttled CFS periods",
        namespace="payments",
    ),
    _log(
        "g-cpu-dynatrace-problem",
        "cpu_throttling",
        "Problem P-25031 OPEN: CPU throttling on container ranker\n"
        "Workload search/ranker: CPU throttling detected, containers were throttled 37% of the "
        "time during the last 15 minutes (CPU limit 500m).",
        source=DYNATRACE_THROTTLING,
        why="Dynatrace problem: CPU throttling on a workload",
        app="ranker",
        ns="search",
    ),
    _one(
        "g-cpu-sysdig-quota-used",
        "cpu_throttling",
        "CpuQuotaUsedHigh",
        "warning",
        "cpu.quota.used.percent of container indexer is 99%",
        "The container uses its full CPU limit (cpu.quota.used.percent 99.2 over 10m); "
        "requests beyond the quota are delayed by the CFS scheduler.",
        source=SYSDIG_CPU,
        why="CPU limit saturation",
        namespace="search",
    ),
    _log(
        "g-cpu-cgroup-v2-pressure",
        "cpu_throttling",
        "$ cat /sys/fs/cgroup/cpu.max /sys/fs/cgroup/cpu.pressure\n"
        "100000 100000\n"
        "some avg10=62.11 avg60=58.40 avg300=51.02 total=912341231\n"
        "$ grep throttled /sys/fs/cgroup/cpu.stat\n"
        "nr_throttled 48121\nthrottled_usec 3812331211",
        source=CGROUP_V2,
        why="cgroup v2: 1 CPU quota, throttled counters and CPU pressure high",
        app="encoder",
    ),
    _log(
        "g-cpu-cadvisor-dump",
        "cpu_throttling",
        'container_cpu_cfs_periods_total{container="ingest"} 1.812e+06\n'
        'container_cpu_cfs_throttled_periods_total{container="ingest"} 1.102e+06\n'
        'container_spec_cpu_quota{container="ingest"} 50000\n'
        "-- 61% of CFS periods throttled; p99 of ingest went from 40ms to 900ms",
        source=CGROUP_V2,
        why="cAdvisor counters: most periods throttled",
        app="ingest",
    ),
    _one(
        "g-ko-cpu-alert",
        "cpu_throttling",
        "검색랭커_연산한도_제한_비율_40퍼센트",
        "warning",
        "검색 랭커 컨테이너가 CFS 주기의 40% 동안 제한에 걸렸습니다",
        "연산 한도 500m 에 계속 붙어 있어 응답이 느려지고 있습니다.",
        source=K8S_KO_RESOURCES,
        why="Korean alert: container held back for 40% of CFS periods",
        lang="ko",
        namespace="search",
    ),
    _multi(
        "g-ko-cpu-multi",
        "cpu_throttling",
        [
            alert("결제API_응답지연_p99", "warning", namespace="payments", summary="p99 2.4초"),
            alert(
                "결제API_연산한도_제한_과다",
                "warning",
                namespace="payments",
                summary="결제 API 컨테이너가 주기의 55% 동안 연산 한도에 막혔습니다",
            ),
        ],
        source=K8S_KO_RESOURCES,
        why="Korean multi: being held at the compute allowance is the cause of slow answers",
        lang="ko",
    ),
    _log(
        "g-cpu-trap-aws-throttling",
        "dependency_limit",
        "botocore.exceptions.ClientError: An error occurred (ThrottlingException) when calling "
        "the PutMetricData operation (reached max retries: 4): Rate exceeded",
        source=AWS_THROTTLING,
        why="Trap: 'Throttling' is the AWS API's rate limit (dependency_limit), not CPU",
        app="metrics-shipper",
    ),
    _log(
        "g-cpu-trap-no-throttle",
        "unknown",
        "capacity review: ranker uses 1.4 of 4 CPU limit at peak; "
        "container_cpu_cfs_throttled_periods_total rate 0; nr_throttled 0; no action needed",
        source=CGROUP_V2,
        why="Trap: throttling counters named, all zero",
        app="ranker",
    ),
    _multi(
        "g-cpu-multi-throttle-probe",
        "cpu_throttling",
        [
            alert(
                "K8sContainerCpuThrottled",
                "warning",
                namespace="edge",
                summary="Container 'gateway' in edge is CPU throttled 72% of periods",
            ),
            alert(
                "LivenessProbeKillingContainers",
                "warning",
                namespace="edge",
                summary="kubelet restarted container gateway 3 times for failed liveness probes",
            ),
        ],
        source=NEWRELIC_K8S_ALERTS,
        why="Trap: probe restarts are the symptom; throttling at the CPU limit is the cause",
    ),
]

LATENCY: list[Case] = [
    _one(
        "g-lat-loki-request-latency",
        "high_latency",
        "LokiRequestLatency",
        "critical",
        "Loki request error latency is high.",
        "loki/query-frontend /loki/api/v1/query_range is experiencing 4.21s 99th percentile "
        "latency.",
        source=LOKI_MIXIN,
        why="Trap: the summary says 'error latency', but it is a p99 latency rule",
        namespace="loki",
    ),
    _log(
        "g-lat-mysql-slow-log",
        "high_latency",
        "# Time: 2025-03-02T16:40:01.118Z\n# User@Host: shop[shop] @  [10.0.4.9]\n"
        "# Query_time: 12.401231  Lock_time: 0.000112 Rows_sent: 20  Rows_examined: 8812331\n"
        "SET timestamp=1740933601;\n"
        "SELECT * FROM orders WHERE customer_email LIKE '%@example.com' ORDER BY created_at DESC "
        "LIMIT 20;",
        source=MYSQL_SLOW_LOG,
        why="MySQL slow query log, 12s query",
        app="mysql",
    ),
    _log(
        "g-lat-redis-slowlog",
        "high_latency",
        "127.0.0.1:6379> SLOWLOG GET 2\n"
        "1) 1) (integer) 412\n   2) (integer) 1740933610\n   3) (integer) 1812331\n"
        '   4) 1) "KEYS"\n      2) "session:*"\n'
        "-- 1.8s per call, every client blocked meanwhile",
        source=REDIS_SLOWLOG,
        why="Redis slowlog: a 1.8s command",
        app="redis-sessions",
    ),
    _one(
        "g-lat-alb-target-response-time",
        "high_latency",
        "AlbTargetResponseTimeHigh",
        "warning",
        'ALARM: "prod-api-TargetResponseTime-p99"',
        "TargetResponseTime p99 = 3.8 seconds over 3 datapoints (threshold 1.0) for target group "
        "tg-api-8080.",
        source=ALB_METRICS,
        why="ALB TargetResponseTime p99 alarm",
        namespace="api",
    ),
    _log(
        "g-lat-burrow-lag",
        "high_latency",
        '{"status":"WARN","group":"billing-consumer","partitions":[{"topic":"invoices",'
        '"partition":4,"status":"WARN","current_lag":88121,"complete":1}],"totallag":412331}',
        source=BURROW_STATUS,
        why="Burrow consumer lag status WARN (lag phrased as lag)",
        app="billing-consumer",
    ),
    _log(
        "g-lat-nginx-upstream-timed-out",
        "high_latency",
        "2025/03/02 16:45:01 [error] 31#31: *88121 upstream timed out (110: Connection timed out) "
        "while reading response header from upstream, client: 10.0.1.4, server: api.example.com, "
        'request: "GET /v1/report HTTP/1.1", upstream: "http://10.244.2.9:8080/v1/report"',
        source=NGINX_UPSTREAM,
        why="Trap: 'Connection timed out' while reading the response header - the upstream was "
        "reached but slow (high_latency)",
        app="edge-nginx",
    ),
    _one(
        "g-ko-lat-alert",
        "high_latency",
        "상품검색_응답시간_p99_3초_초과",
        "warning",
        "상품 검색 API 99번째 백분위 응답 시간이 3.2초입니다",
        "평소 0.4초 수준이던 응답이 15분째 3초를 넘고 있습니다.",
        source=GRAFANA_ALERT_TEMPLATES,
        why="Korean alert: p99 answer time 3.2s",
        lang="ko",
        namespace="search",
    ),
    _log(
        "g-lat-grpc-p99",
        "high_latency",
        "histogram_quantile(0.99, sum by (le, grpc_method) (rate(grpc_server_handling_seconds_"
        'bucket{grpc_service="inventory.v1.Stock"}[5m])))\n'
        '{grpc_method="Reserve"} 2.91\n{grpc_method="Get"} 1.12\n'
        "-- all calls answered OK, just slowly",
        source=GRPC_PROMETHEUS,
        why="gRPC server handling time p99 high with OK codes",
        app="inventory",
    ),
    _one(
        "g-lat-vm-slow-inserts",
        "high_latency",
        "TooHighSlowInsertsRate",
        "warning",
        "Percentage of slow inserts is more than 5% on vmstorage-2:8482",
        "High rate of slow inserts on vmstorage-2:8482 may be a sign of resource exhaustion for "
        "the current load.",
        source=VM_HEALTH,
        why="VictoriaMetrics slow inserts",
        job="vmstorage",
    ),
    _log(
        "g-lat-trap-latency-words-fast",
        "unknown",
        "SLO report: p50 41ms, p95 120ms, p99 210ms (objective p99 < 500ms); slow requests 0; "
        "latency budget remaining 96%",
        source=GRAFANA_ALERT_TEMPLATES,
        why="Trap: latency words, every percentile within objective",
        app="checkout",
    ),
]

CONNECTION: list[Case] = [
    _log(
        "g-conn-go-server-misbehaving",
        "connection_error",
        'level=error msg="cache unavailable" err="dial tcp: lookup redis-master.cache.svc.cluster.'
        'local on 10.96.0.10:53: server misbehaving"',
        source=GO_NET,
        why="DNS lookup fails (server misbehaving)",
        app="session-api",
    ),
    _log(
        "g-conn-jdbc-link-failure",
        "connection_error",
        "com.mysql.cj.jdbc.exceptions.CommunicationsException: Communications link failure\n\n"
        "Caused by: java.net.NoRouteToHostException: No route to host (Host unreachable)\n"
        "\tat java.base/sun.nio.ch.Net.pollConnect(Native Method)\n"
        "HikariPool-2 - Exception during pool initialization (mysql-primary.catalog.svc:3306)",
        source=MYSQL_JDBC,
        why="JDBC cannot reach MySQL: no route to host",
        app="catalog",
    ),
    _log(
        "g-conn-redis-py-111",
        "connection_error",
        "redis.exceptions.ConnectionError: Error 111 connecting to redis-master.cache.svc:6379. "
        "Connection refused.",
        source=REDIS_PY,
        why="redis-py connection refused",
        app="rq-worker",
    ),
    _log(
        "g-conn-dotnet-actively-refused",
        "connection_error",
        "System.Net.Http.HttpRequestException: No connection could be made because the target "
        "machine actively refused it. (pricing.pricing.svc:8080)\n"
        " ---> System.Net.Sockets.SocketException (10061): No connection could be made because "
        "the target machine actively refused it.",
        source=DOTNET_SOCKET,
        why=".NET socket refused",
        app="checkout",
    ),
    _log(
        "g-conn-reqwest-refused",
        "connection_error",
        'Error: reqwest::Error { kind: Request, url: "http://geo.geo.svc:8080/lookup", source: '
        'hyper_util::client::legacy::Error(Connect, ConnectError("tcp connect error", Os { '
        'code: 111, kind: ConnectionRefused, message: "Connection refused" })) }',
        source=REQWEST,
        why="Rust client: tcp connect error, connection refused",
        app="router",
    ),
    _log(
        "g-conn-kafka-broker-unavailable",
        "connection_error",
        "[Producer clientId=orders-producer] Connection to node -1 (kafka-0.kafka-headless."
        "streaming.svc/10.244.3.11:9092) could not be established. Broker may not be available.",
        source=KAFKA_CLIENT_NETWORK,
        why="Kafka client cannot reach the broker",
        app="orders",
    ),
    _log(
        "g-conn-mongo-server-selection",
        "connection_error",
        "MongoServerSelectionError: connect ECONNREFUSED 10.96.41.7:27017\n"
        "    at Timeout._onTimeout (/app/node_modules/mongodb/lib/sdam/topology.js:292:38)\n"
        "  reason: TopologyDescription { type: 'Unknown', servers: Map(1) { 'mongo-0:27017' => "
        "[ServerDescription] } }",
        source=MONGODB_NODE_ERRORS,
        why="MongoDB driver cannot reach any server",
        app="profile-api",
    ),
    _ko_log(
        "g-ko-conn-report",
        "connection_error",
        "정산 워커가 레디스에 붙지 못합니다. "
        "로그에 10.96.12.4:6379 로의 연결이 거부됐다고만 나오고, "
        "레디스 파드는 방금 다른 노드로 옮겨졌어요.",
        source=REDIS_PY,
        why="Korean report: the connection to the cache is refused",
        app="settle-worker",
    ),
    _multi(
        "g-conn-multi-db-unreachable",
        "connection_error",
        [
            alert(
                "KongUpstream5xxRatioHigh",
                "critical",
                namespace="catalog",
                summary="Kong service catalog returns 5xx for 44% of requests",
            ),
            alert(
                "CatalogDatabaseUnreachable",
                "critical",
                namespace="catalog",
                summary="catalog cannot reach mysql-primary:3306 (no route to host)",
            ),
        ],
        source=MYSQL_JDBC,
        why="the unreachable database is the cause; 5xx is the symptom",
    ),
    _long(
        "g-conn-long-jvm-refused",
        "connection_error",
        712,
        "jvm",
        [
            "WARN 1 --- [   scheduling-1] o.a.k.clients.NetworkClient : [Consumer clientId="
            "audit-1, groupId=audit] Connection to node 2 (kafka-2.kafka-headless/10.244.5.4:9092) "
            "could not be established. Broker may not be available.",
            "ERROR 1 --- [   scheduling-1] c.e.audit.Sink : flush failed",
            "Caused by: java.net.ConnectException: Connection refused",
        ],
        source=KAFKA_CLIENT_NETWORK,
        why="Trap: long JVM log with OOM flags and oom_events 0; the end is a refused broker "
        "connection",
        app="audit",
        style="json",
    ),
]

TLS: list[Case] = [
    _log(
        "g-tls-java-no-san",
        "tls_error",
        "javax.net.ssl.SSLHandshakeException: No subject alternative DNS name matching "
        "payments-gw.internal found.\n"
        "\tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:131)",
        source=JAVA_SAN,
        why="SAN mismatch",
        app="checkout",
    ),
    _log(
        "g-tls-python-hostname-mismatch",
        "tls_error",
        "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify "
        "failed: Hostname mismatch, certificate is not valid for 'search.internal'. (_ssl.c:1006)",
        source=PY_SSL,
        why="hostname mismatch",
        app="indexer",
    ),
    _log(
        "g-tls-node-issuer-locally",
        "tls_error",
        "Error: unable to get local issuer certificate\n"
        "    at TLSSocket.onConnectSecure (node:_tls_wrap:1659:34)\n"
        "  code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'",
        source=NODE_TLS,
        why="missing issuer in the trust store",
        app="webhooks",
    ),
    _log(
        "g-tls-openssl-wrong-version",
        "tls_error",
        "curl: (35) OpenSSL/3.0.13: error:0A00010B:SSL routines::wrong version number\n"
        "(https:// used against the plain-HTTP port 8080 of the service)",
        source=OPENSSL_ERRORS,
        why="TLS handshake against a non-TLS port",
        app="smoke-test",
    ),
    _log(
        "g-tls-kafka-handshake",
        "tls_error",
        "[SocketServer listenerType=ZK_BROKER, nodeId=1] Failed authentication with "
        "/10.244.2.7 (channelId=10.244.3.11:9093-10.244.2.7:51234-41) (SSL handshake failed)\n"
        "javax.net.ssl.SSLHandshakeException: PKIX path validation failed: "
        "java.security.cert.CertPathValidatorException: signature check failed",
        source=KAFKA_SSL,
        why="Kafka TLS handshake fails on path validation",
        app="kafka",
    ),
    _log(
        "g-tls-pg-verify-full",
        "tls_error",
        'psql: error: connection to server at "pg.db.svc" (10.96.5.5), port 5432 failed: server '
        'certificate for "pg-primary" does not match host name "pg.db.svc"',
        source=PG_SSL,
        why="libpq verify-full host name mismatch",
        app="migrator",
    ),
    _ko_log(
        "g-ko-tls-report",
        "tls_error",
        "사내 차트 저장소 주소로 접속하면 발급 기관을 신뢰할 수 없다고 나옵니다. 인증서 기간은 "
        "남아 있는데 사내 루트 인증 기관이 컨테이너에 들어 있지 않아요.",
        source=NODE_TLS,
        why="Korean report: issuing authority not trusted (validity still fine)",
        app="helm-sync",
    ),
    _multi(
        "g-tls-multi-handshake-errors",
        "tls_error",
        [
            alert(
                "ServiceHighErrorRate",
                "warning",
                namespace="payments",
                summary="payments -> payments-gw calls fail 100%",
            ),
            alert(
                "OutboundTLSHandshakeFailures",
                "critical",
                namespace="payments",
                summary="TLS handshakes to payments-gw.internal fail: no subject alternative "
                "name matches",
            ),
        ],
        source=JAVA_SAN,
        why="the handshake failure (SAN) is the cause; the failing calls are the symptom",
    ),
    _log(
        "g-tls-trap-handshake-timeout-ok",
        "unknown",
        "tls: handshake complete, TLSv1.3 TLS_AES_128_GCM_SHA256, peer verified "
        "CN=payments-gw.internal; handshake_failures_total 0",
        source=OPENSSL_ERRORS,
        why="Trap: handshake and failure words, handshake succeeded",
        app="checkout",
    ),
]

FDS: list[Case] = [
    _log(
        "g-fd-es-bootstrap-check",
        "too_many_open_files",
        "ERROR: [1] bootstrap checks failed. You must address the points described in the "
        "following [1] lines before starting Elasticsearch.\n"
        "bootstrap check failure [1] of [1]: max file descriptors [4096] for elasticsearch "
        "process is too low, increase to at least [65535]",
        source=ES_BOOTSTRAP,
        why="file descriptor limit too low for Elasticsearch",
        app="elasticsearch",
    ),
    _log(
        "g-fd-kafka-segment",
        "too_many_open_files",
        "ERROR Error while loading log dir /var/lib/kafka/data (kafka.log.LogManager)\n"
        "java.nio.file.FileSystemException: /var/lib/kafka/data/events-41/00000000000041231234."
        "index: Too many open files",
        source=KAFKA_FD,
        why="Kafka broker runs out of descriptors on segments",
        app="kafka",
    ),
    _log(
        "g-fd-nginx-socket-24",
        "too_many_open_files",
        "2025/03/02 17:01:01 [crit] 31#31: *412331 socket() failed (24: Too many open files) "
        'while connecting to upstream, client: 10.0.1.9, server: _, request: "GET / HTTP/1.1"',
        source=NGINX_UPSTREAM,
        why="nginx errno 24",
        app="edge-nginx",
    ),
    _log(
        "g-fd-rust-os-error-24",
        "too_many_open_files",
        "thread 'main' panicked at src/server.rs:77:14:\naccept failed: Os { code: 24, kind: "
        'Uncategorized, message: "Too many open files" }',
        source=RUST_IO_ERRORS,
        why="Rust accept fails with os error 24",
        app="ws-gateway",
    ),
    _log(
        "g-fd-promtail-tail",
        "too_many_open_files",
        'level=error ts=2025-03-02T17:03:01Z caller=filetarget.go:307 msg="failed to tail file" '
        'error="open /var/log/pods/shop_cart-6c9f/cart/0.log: too many open files"',
        source=PROMTAIL_FD,
        why="promtail cannot open more files",
        app="promtail",
    ),
    _one(
        "g-fd-process-fd-ratio",
        "too_many_open_files",
        "ProcessFdUsageHigh",
        "warning",
        "search-api uses 93% of its file descriptors",
        "process_open_fds / process_max_fds = 0.93 on search-api-6f9c-2kq8p",
        source=PROCESS_METRICS,
        why="fd usage ratio",
        namespace="search",
    ),
    _one(
        "g-ko-fd-alert",
        "too_many_open_files",
        "게이트웨이_열린파일수_상한_근접",
        "warning",
        "게이트웨이 프로세스가 열린 파일 상한 65536 중 63900 개를 쓰고 있습니다",
        "새 소켓을 받지 못할 수 있습니다. 프로세스의 열린 파일 상한 설정값을 확인하세요.",
        source=PROCESS_METRICS,
        why="Korean alert: open-file count near the process cap",
        lang="ko",
        namespace="edge",
    ),
    _multi(
        "g-fd-multi-emfile-5xx",
        "too_many_open_files",
        [
            alert(
                "KongUpstream5xxRatioHigh",
                "warning",
                namespace="edge",
                summary="Kong service ws-gateway returns 5xx for 12% of requests",
            ),
            alert(
                "ProcessFdUsageHigh",
                "critical",
                namespace="edge",
                summary="ws-gateway uses 100% of its file descriptors",
            ),
        ],
        source=PROCESS_METRICS,
        why="descriptor exhaustion is the cause; 5xx is the symptom",
    ),
    _log(
        "g-fd-trap-limits-echo",
        "unknown",
        "$ cat /proc/1/limits | grep 'open files'\nMax open files  1048576  1048576  files\n"
        "process_open_fds 212\nstartup complete, accepting connections",
        source=PROCESS_METRICS,
        why="Trap: 'open files' limit echo, usage tiny",
        app="ws-gateway",
    ),
    _log(
        "g-fd-trap-too-many-requests",
        "high_error_rate",
        "nginx access summary 17:00-17:10: 429 Too Many Requests x 41,221 of 120,332 "
        "(limit_req zone=api), 2xx x 79,111",
        source=NGINX_UPSTREAM,
        why="Trap: 'Too many' but requests, not files: our own limiter answering 429 "
        "(high_error_rate)",
        app="edge-nginx",
    ),
]

EVICTED: list[Case] = [
    _one(
        "g-evict-node-eviction-mixin",
        "evicted",
        "KubeNodeEviction",
        "info",
        "Node is evicting pods.",
        "Node worker-8 is evicting Pods due to memory.available eviction threshold.\nThe "
        "eviction threshold on the node has been reached",
        source=K8S_EVICTION,
        why="node is evicting pods (memory signal)",
        base=KUBELET,
        node="worker-8",
    ),
    _log(
        "g-evict-reclaim-imagefs",
        "evicted",
        'I0302 17:10:01.118 1450 eviction_manager.go:366] "Eviction manager: attempting to '
        'reclaim" resourceName="ephemeral-storage"\n'
        'I0302 17:10:01.552 1450 eviction_manager.go:596] "Eviction manager: pod is evicted '
        'successfully" pod="ci/runner-8kq2"',
        source=K8S_EVICTION,
        why="eviction manager evicted a pod",
        app="runner",
        ns="ci",
    ),
    _log(
        "g-evict-get-pods-evicted",
        "evicted",
        "$ kubectl get pods -n ci | grep -v Running\n"
        "runner-8kq2    0/1   Evicted   0     12m\n"
        "runner-9mx1    0/1   Evicted   0     12m\n"
        "runner-q2z8    0/1   Error     0     12m",
        source=K8S_EVICTION,
        why="pods in Evicted status",
        app="runner",
        ns="ci",
    ),
    _ev(
        "g-evict-memory-message-trap",
        "evicted",
        "  Warning  Evicted  4m  kubelet  The node was low on resource: memory. Threshold "
        "quantity: 500Mi, available: 311Mi. Container etl was using 3.1Gi, request is 1Gi, has "
        "larger consumption of memory.",
        source=K8S_EVICTION,
        why="Trap: memory words, but the kubelet evicted the pod (evicted, not oom)",
        app="etl",
    ),
    _ev(
        "g-evict-nodefs",
        "evicted",
        "Status:   Failed\nReason:   Evicted\n"
        "Message:  The node was low on resource: nodefs. Threshold quantity: 10%, available: 7%.",
        source=K8S_EVICTION,
        why="pod evicted for nodefs",
        app="web",
    ),
    _ev(
        "g-evict-pids",
        "evicted",
        "  Warning  Evicted  1m  kubelet  The node was low on resource: pids. Threshold quantity: "
        "5%, available: 2%.",
        source=K8S_EVICTION,
        why="pod evicted for PIDs",
        app="build",
    ),
    _ko_log(
        "g-ko-evict-report",
        "evicted",
        "CI 러너 노드 디스크 여유가 10% 아래로 떨어지자 kubelet 이 러너 파드 6개를 내보냈습니다. "
        "상태 열에 전부 축출됨으로 찍혀요.",
        source=K8S_EVICTION,
        why="Korean report: kubelet pushed pods off the node, status Evicted",
        app="runner",
    ),
    _multi(
        "g-evict-multi-evicting-replicas",
        "evicted",
        [
            alert(
                "KubeDeploymentReplicasMismatch",
                "warning",
                base=KSM,
                namespace="web",
                deployment="web",
                summary="Deployment has not matched the expected number of replicas.",
                description="Deployment web/web has had 3 of 8 replicas missing for 20 minutes "
                "after pods on worker-2 were evicted.",
            ),
            alert(
                "KubeNodeEviction",
                "info",
                base=KUBELET,
                node="worker-2",
                summary="Node is evicting pods.",
                description="Node worker-2 is evicting Pods due to nodefs.available eviction "
                "threshold.",
            ),
        ],
        source=K8S_EVICTION,
        why="evictions are the cause of the replica mismatch",
    ),
    _log(
        "g-evict-trap-lru-eviction",
        "unknown",
        "INFO cache stats: hit_ratio=0.94 evictions=41231 (LRU, expected for a 2GiB cache), "
        "used_bytes=2.0GiB",
        source=MEMCACHED_PROTOCOL,
        why="Trap: 'evictions' are normal cache LRU evictions, no pod evicted",
        app="memcached",
    ),
]

VOLUME: list[Case] = [
    _ev(
        "g-vol-unmounted-volumes-timeout",
        "volume",
        "  Warning  FailedMount  2m (x12 over 26m)  kubelet  Unable to attach or mount volumes: "
        "unmounted volumes=[data], unattached volumes=[data kube-api-access-8x2kq]: timed out "
        "waiting for the condition",
        source=K8S_CSI_TROUBLESHOOT,
        why="volume not attached/mounted in time",
        app="postgres",
    ),
    _ev(
        "g-vol-wrong-fs-type",
        "volume",
        "  Warning  FailedMount  30s  kubelet  MountVolume.MountDevice failed for volume "
        '"pvc-4f1c" : rpc error: code = Internal desc = mount failed: exit status 32\n'
        "Output: mount: /var/lib/kubelet/plugins/kubernetes.io/csi/pv/pvc-4f1c/globalmount: wrong "
        "fs type, bad option, bad superblock on /dev/nvme2n1",
        source=K8S_CSI_TROUBLESHOOT,
        why="CSI mount fails: wrong fs type / bad superblock",
        app="kafka",
    ),
    _ev(
        "g-vol-rbd-map-failed",
        "volume",
        "  Warning  FailedMount  1m  kubelet  MountVolume.MountDevice failed for volume "
        '"pvc-88a1" : rpc error: code = Internal desc = rbd: map failed with error an error '
        "(exit status 110) occurred while running rbd args: [--id csi-rbd-node -m "
        "10.0.9.1:6789 map replicapool/csi-vol-88a1]",
        source=CEPH_CSI,
        why="Ceph RBD map fails",
        app="minio",
    ),
    _ev(
        "g-vol-longhorn-not-ready",
        "volume",
        "  Warning  FailedAttachVolume  3m  attachdetach-controller  AttachVolume.Attach failed "
        'for volume "pvc-19c2" : rpc error: code = Aborted desc = volume pvc-19c2 is not ready '
        "for workloads",
        source=LONGHORN_TROUBLESHOOT,
        why="Longhorn volume not ready: attach fails",
        app="gitea",
    ),
    _ev(
        "g-vol-gce-pd-in-use",
        "volume",
        "  Warning  FailedAttachVolume  2m  attachdetach-controller  AttachVolume.Attach failed "
        'for volume "pvc-7d1e" : rpc error: code = Internal desc = Failed to Attach: failed cloud '
        "service attach disk call: googleapi: Error 400: The disk resource 'projects/acme/zones/"
        "europe-west1-b/disks/pvc-7d1e' is already being used by 'gke-prod-pool-1-3fa2'",
        source=GCE_PD_CSI,
        why="persistent disk still attached to another VM",
        app="elasticsearch",
    ),
    _one(
        "g-vol-csi-attach-errors-alert",
        "volume",
        "CSIAttachOperationErrors",
        "warning",
        "CSI attach operations are failing for driver ebs.csi.aws.com",
        'rate(storage_operation_duration_seconds_count{operation_name="volume_attach",'
        'status="fail-unknown"}[10m]) > 0 on cluster prod-eu',
        source=K8S_CSI_TROUBLESHOOT,
        why="storage operation attach failures",
    ),
    _ko_log(
        "g-ko-vol-report",
        "volume",
        "postgres 파드가 다른 노드로 옮겨진 뒤 데이터 볼륨을 붙이지 못해 ContainerCreating 에서 "
        "멈춰 있습니다. 이전 노드에서 분리가 아직 안 된 것 같아요.",
        source=K8S_KO_PV,
        why="Korean report: data volume cannot be joined to the new node",
        app="postgres",
    ),
    _multi(
        "g-vol-multi-attach-blocks-sts",
        "volume",
        [
            alert(
                "KubeStatefulSetReplicasMismatch",
                "warning",
                base=KSM,
                namespace="search",
                statefulset="elasticsearch",
                summary="StatefulSet has not matched the expected number of replicas.",
            ),
            alert(
                "CSIAttachOperationErrors",
                "warning",
                summary="CSI attach operations are failing for driver pd.csi.storage.gke.io",
            ),
        ],
        log='AttachVolume.Attach failed for volume "pvc-7d1e" : disk is already being used by '
        "'gke-prod-pool-1-3fa2'",
        source=GCE_PD_CSI,
        why="the attach failure is the cause; the StatefulSet mismatch is the symptom",
    ),
    _ev(
        "g-vol-trap-wait-first-consumer",
        "unknown",
        "  Normal  WaitForFirstConsumer  8s  persistentvolume-controller  waiting for first "
        "consumer to be created before binding\n"
        "  Normal  Provisioning  2s  ebs.csi.aws.com  External provisioner is provisioning volume "
        'for claim "shop/data-cart-0"\n'
        "  Normal  ProvisioningSucceeded  1s  ebs.csi.aws.com  Successfully provisioned volume "
        "pvc-3c1a",
        source=K8S_STORAGE_CLASSES,
        why="Trap: volume and waiting words, normal WaitForFirstConsumer binding that succeeded",
        app="cart",
    ),
    _ev(
        "g-vol-trap-mount-ok-disk-full",
        "disk_full",
        "  Normal  SuccessfulAttachVolume  5m  attachdetach-controller  AttachVolume.Attach "
        'succeeded for volume "pvc-88a1"\n'
        "$ kubectl exec minio-0 -- df -h /data\n/dev/rbd0  100G  100G  0  100% /data",
        source=CEPH_CSI,
        why="Trap: attach words (succeeded); the mounted volume is 100% used (disk_full)",
        app="minio",
    ),
]

DEPENDENCY: list[Case] = [
    _log(
        "g-dep-oracle-processes",
        "dependency_limit",
        "java.sql.SQLException: ORA-00020: maximum number of processes (300) exceeded\n"
        "\tat oracle.jdbc.driver.T4CTTIoer11.processError(T4CTTIoer11.java:509)",
        source=ORACLE_ORA_00020,
        why="Oracle process limit",
        app="erp-sync",
    ),
    _log(
        "g-dep-es-rejected-execution",
        "dependency_limit",
        "ElasticsearchStatusException[Elasticsearch exception [type=es_rejected_execution_"
        "exception, reason=rejected execution of coordinating operation [shard_detail=[logs-"
        "2025.03.02][0][P], shard_coordinating_and_primary_bytes=0, replica_bytes=0, all_bytes="
        "536870912, coordinating_operation_bytes=1048576, max_coordinating_and_primary_bytes="
        "536870912]]]",
        source=ES_THREAD_POOL,
        why="Elasticsearch rejects writes at its indexing pressure limit",
        app="log-shipper",
    ),
    _log(
        "g-dep-pg-role-limit",
        "dependency_limit",
        'FATAL:  too many connections for role "reporting"\n'
        "sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) connection to server at "
        '"pg.db.svc" (10.96.5.5), port 5432 failed: FATAL:  too many connections for role '
        '"reporting"',
        source=PG_ROLE_LIMIT,
        why="Postgres per-role connection limit",
        app="reporting",
    ),
    _log(
        "g-dep-slack-ratelimited",
        "dependency_limit",
        "slack_sdk.errors.SlackApiError: The request to the Slack API failed. (url: "
        "https://slack.com/api/chat.postMessage)\n"
        "The server responded with: {'ok': False, 'error': 'ratelimited'} Retry-After: 30",
        source=SLACK_RATE_LIMITS,
        why="Slack API rate limit",
        app="notifier",
    ),
    _log(
        "g-dep-mongo-go-pool",
        "dependency_limit",
        'level=error msg="find failed" err="timed out while checking out a connection from '
        "connection pool: context deadline exceeded; maxPoolSize: 100, connections in use by "
        "cursors: 0, connections in use by transactions: 0, connections in use by other "
        'operations: 100"',
        source=MONGO_GO_POOL,
        why="Mongo Go driver pool exhausted",
        app="profile-api",
    ),
    _one(
        "g-ko-dep-alert",
        "dependency_limit",
        "원장DB_역할별_접속수_상한_도달",
        "critical",
        "reporting 역할의 DB 접속 수가 상한(50)에 닿아 새 접속이 거절됩니다",
        "리포트 배치가 접속을 반납하지 않는 것으로 보입니다.",
        source=PG_ROLE_LIMIT,
        why="Korean alert: per-role database connection cap reached",
        lang="ko",
        namespace="finance",
    ),
    _multi(
        "g-dep-multi-pool-behind-latency",
        "dependency_limit",
        [
            alert(
                "AlbTargetResponseTimeHigh",
                "warning",
                namespace="profile",
                summary="TargetResponseTime p99 = 6.1 seconds for tg-profile",
            ),
            alert(
                "MongoPoolCheckoutTimeouts",
                "critical",
                namespace="profile",
                summary="profile-api: 41 checkouts/min time out, pool 100/100 in use",
            ),
        ],
        source=MONGO_GO_POOL,
        why="Trap: a latency alert leads, but the exhausted client pool is the cause",
    ),
    _log(
        "g-dep-trap-pool-word-healthy",
        "unknown",
        "pool stats: maxPoolSize=100 inUse=12 idle=30 waitQueue=0; too_many_connections_total 0",
        source=MONGO_GO_POOL,
        why="Trap: pool and 'too many connections' counter named, all healthy",
        app="profile-api",
    ),
    _ko_log(
        "g-dep-ko-report-api-quota",
        "dependency_limit",
        "외부 번역 API 일일 호출 한도를 오후 3시에 다 써서 그 뒤 요청이 전부 429 로 돌아옵니다.",
        source=AWS_THROTTLING,
        why="Korean report: an external API's daily allowance used up",
        app="translator",
    ),
]

UNKNOWN: list[Case] = [
    _log(
        "g-unk-velero-backup-completed",
        "unknown",
        "$ velero backup describe nightly-20250302 | head -4\n"
        "Name:         nightly-20250302\nPhase:  Completed\nErrors:    0\nWarnings:  0",
        source=VELERO_BACKUPS,
        why="a completed backup with 0 errors",
        app="velero",
    ),
    _ko_log(
        "g-unk-ko-vague",
        "unknown",
        "고객사에서 오늘 화면이 좀 이상하다고만 연락이 왔습니다. 언제부터인지, 어느 화면인지는 "
        "모른다고 합니다.",
        source=K8S_KO_DEBUG_PODS,
        why="Korean vague report with no symptom",
        app="portal",
    ),
    _one(
        "g-unk-info-maintenance-notice",
        "unknown",
        "MaintenanceWindowStarted",
        "info",
        "Planned maintenance window for cluster prod-eu started",
        "Node OS patching from 02:00 to 04:00 UTC; alerts for drained nodes are expected.",
        source=KP_GENERAL,
        why="an informational notice",
    ),
    _multi(
        "g-unk-multi-symptoms-only",
        "unknown",
        [
            alert("KubePodNotReady", "warning", base=KSM, namespace="web", pod="web-6c9f-2kx"),
            alert("AlbTargetResponseTimeHigh", "warning", namespace="web", summary="p99 1.3s"),
        ],
        source=KP_GENERAL,
        why="Trap: two symptom alerts with no cause stated",
    ),
]

MORE_CERT: list[Case] = [
    _log(
        "g-cert-trap-not-yet-valid-expiry-words",
        "cert_expiry",
        "x509: certificate has expired or is not yet valid: current time 2025-03-09T00:00:01Z is "
        "after 2025-03-08T23:59:59Z\n"
        "-- partner rotated nothing; their certificate simply ran out at midnight",
        source=K3S_CERTS,
        why="the current time is after notAfter: expired",
        app="partner-sync",
    ),
]

EXTRA: list[Case] = [
    _ev(
        "g-evict-trap-diskpressure-words",
        "evicted",
        "$ kubectl describe pod build-cache-0 -n ci | sed -n '/^Status/,/^IP/p;/^Events/,$p'\n"
        "Status:   Failed\n"
        "Reason:   Evicted\n"
        "Message:  The node had condition: [DiskPressure].\n"
        "IP:\n"
        "Events:\n"
        "  Warning  Evicted  3m  kubelet  The node had condition: [DiskPressure].\n"
        "  Normal   Killing  3m  kubelet  Stopping container build-cache",
        source=K8S_EVICTION,
        why="Trap: DiskPressure is named, but the pod was evicted (evicted, not disk_full)",
        app="build-cache",
    ),
    _log(
        "g-tls-trap-curl-60-san",
        "tls_error",
        "curl: (60) SSL: no alternative certificate subject name matches target host name "
        "'api.internal'\nMore details here: https://curl.se/docs/sslcerts.html",
        source=OPENSSL_ERRORS,
        why="Trap: curl error 60 as in expired-certificate cases, but the cause is a SAN mismatch",
        app="smoke-test",
    ),
    _ev(
        "g-oom-trap-137-reason",
        "oom",
        "    Last State:     Terminated\n"
        "      Reason:       OOMKilled\n"
        "      Exit Code:    137\n"
        "    Restart Count:  14\n"
        "    Limits:\n      memory:  512Mi",
        source=KSM_POD_METRICS,
        why="Trap: restart count and exit code; the reason OOMKilled decides",
        app="pdf-render",
    ),
    _ev(
        "g-img-trap-dns-during-pull",
        "image_pull",
        '  Warning  Failed  8s  kubelet  Failed to pull image "registry.corp.internal/apps/api:3": '
        "rpc error: code = Unknown desc = failed to resolve reference: dial tcp: lookup "
        "registry.corp.internal on 10.0.0.2:53: no such host\n"
        "  Warning  Failed  8s  kubelet  Error: ErrImagePull",
        source=K8S_IMAGES,
        why="Trap: DNS 'no such host' words, but it is the image pull that fails (image_pull)",
        app="api",
    ),
    _log(
        "g-lat-pg-long-running-query",
        "high_latency",
        "  pid  | state  |   duration   | query\n"
        " 41231 | active | 00:14:12.118 | SELECT * FROM events e JOIN sessions s USING (sid) "
        "WHERE e.ts > now() - interval '90 days'\n"
        " 41240 | active | 00:13:58.004 | SELECT * FROM events e JOIN sessions s USING (sid) "
        "WHERE e.ts > now() - interval '90 days'",
        source=PG_CONFIG_FILE,
        why="pg_stat_activity: queries running for 14 minutes",
        app="analytics-api",
    ),
    _ev(
        "g-cpu-describe-limit-counter",
        "cpu_throttling",
        "    Limits:\n      cpu:     250m\n      memory:  1Gi\n"
        "    Requests:\n      cpu:     250m\n"
        "-- container_cpu_cfs_throttled_seconds_total for thumbnailer grows by 44s every minute",
        source=CGROUP_V2,
        why="a 250m limit and throttled seconds growing",
        app="thumbnailer",
    ),
    _log(
        "g-cpu-trap-latency-report-throttled",
        "cpu_throttling",
        "users report slow checkout since 09:00 (p99 1.9s). nothing in the app logs. "
        "cpu.stat: nr_periods 6012 nr_throttled 4410 throttled_usec 118231121 for container "
        "checkout (limit 1 CPU)",
        source=CGROUP_V2,
        why="Trap: the report leads with latency; the cgroup counters show CPU throttling",
        app="checkout",
    ),
    _log(
        "g-fd-java-processbuilder-24",
        "too_many_open_files",
        'java.io.IOException: Cannot run program "convert": error=24, Too many open files\n'
        "\tat java.base/java.lang.ProcessBuilder.start(ProcessBuilder.java:1143)",
        source=PROCESS_METRICS,
        why="error=24 when spawning a process",
        app="thumbnailer",
    ),
    _log(
        "g-fd-trap-accept-then-refused",
        "too_many_open_files",
        "2025/03/02 17:20:01 http: Accept error: accept tcp [::]:8080: accept4: too many open "
        "files; retrying in 1s\n"
        "client side: dial tcp 10.244.3.9:8080: connect: connection refused",
        source=GO_NET,
        why="Trap: 'connection refused' on the client side, but the server is out of descriptors",
        app="ws-gateway",
    ),
    _ev(
        "g-vol-azure-zone-conflict",
        "volume",
        "  Warning  FailedAttachVolume  1m  attachdetach-controller  AttachVolume.Attach failed "
        'for volume "pvc-5e2a" : rpc error: code = Unknown desc = Attach volume '
        '"/subscriptions/4f1c/resourceGroups/mc_prod/providers/Microsoft.Compute/disks/pvc-5e2a" '
        'to instance "aks-userpool-31841923-vmss000004" failed with Code="ConflictingUserInput" '
        'Message="Disk cannot be attached to the VM because it is not in the same zone as the VM."',
        source=K8S_CSI_TROUBLESHOOT,
        why="Azure disk in another zone cannot attach",
        app="postgres",
    ),
    _ev(
        "g-vol-trap-nfs-timed-out",
        "volume",
        "  Warning  FailedMount  40s (x6 over 4m)  kubelet  MountVolume.SetUp failed for volume "
        '"shared" : mount failed: exit status 32\n'
        "Output: mount.nfs: Connection timed out",
        source=K8S_CSI_TROUBLESHOOT,
        why="Trap: 'Connection timed out' words, but it is an NFS mount failing (volume)",
        app="media",
    ),
]

CASES: list[Case] = (
    HIGH_ERROR_RATE
    + CRASHLOOP
    + ROLLOUT
    + NODE_HEALTH
    + CONFIG
    + DISK
    + PROBE
    + CERT
    + SCHEDULING
    + OOM
    + IMAGE_PULL
    + CPU
    + LATENCY
    + CONNECTION
    + TLS
    + FDS
    + EVICTED
    + VOLUME
    + DEPENDENCY
    + UNKNOWN
    + MORE_CERT
    + EXTRA
)
