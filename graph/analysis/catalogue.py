"""Alert names of widely used public rule sets → category (pure data).

Only names are taken from those rule sets (their annotation text is not copied); each entry
records the rule set it comes from. A name is mapped only when the name alone decides the
category. Names that are ambiguous on their own (`KubePodNotReady`, `KubeContainerWaiting`,
`KubePdbNotEnoughHealthyPods`...) are listed under `DEFER`: the catalogue knows them, and their
labels and annotations decide (`KubeContainerWaiting` with `reason="ImagePullBackOff"` is an
image pull). Alerts that are not failures at all (`Watchdog`, `InfoInhibitor`, dead man's
switches, restarts reported for information) map to `unknown`.

Lookups ignore case, `_`, `-`, `.` and a trailing parenthesised or comparison suffix, so
`MysqlTooManyConnections(>80%)`, `certmanager_cert_expiry_soon` and `KubePodCrashlooping`
are found.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

DEFER = ""  # the name alone does not decide: labels and annotations do


@dataclass(frozen=True, slots=True)
class Entry:
    """One catalogued alert name: its category (DEFER when the name does not decide it), the
    public rule set it comes from, whether it is about a node rather than a workload, and
    whether it reports a target or service down or missing (which a crash explains) rather
    than a node or the control plane."""

    name: str
    category: str
    source: str
    node_scope: bool = False
    availability: bool = False


KUBERNETES_MIXIN = "kubernetes-mixin"
KUBE_PROMETHEUS = "kube-prometheus"
NODE_MIXIN = "node-exporter mixin"
KSM_MIXIN = "kube-state-metrics mixin"
ETCD_MIXIN = "etcd mixin"
CERT_MANAGER_MIXIN = "cert-manager mixin"
LOKI_MIXIN = "Loki mixin"
PROMETHEUS_OPERATOR = "prometheus-operator"
PROMETHEUS_MIXIN = "Prometheus mixin"
ALERTMANAGER_MIXIN = "Alertmanager mixin"
AWESOME = "awesome-prometheus-alerts"
ARGO_CD_MIXIN = "argo-cd mixin"
COREDNS_MIXIN = "CoreDNS mixin"
THANOS_MIXIN = "Thanos mixin"
CEPH_MIXIN = "Ceph mixin"
MIMIR_MIXIN = "Mimir mixin"

# source → category → names (whitespace-separated).
_SETS: dict[str, dict[str, str]] = {
    KUBERNETES_MIXIN: {
        "crashloop": "KubePodCrashLooping",
        "rollout_failure": """KubeDeploymentGenerationMismatch KubeDeploymentReplicasMismatch
            KubeDeploymentRolloutStuck KubeStatefulSetReplicasMismatch
            KubeStatefulSetGenerationMismatch KubeStatefulSetUpdateNotRolledOut
            KubeDaemonSetRolloutStuck KubeDaemonSetMisScheduled KubeJobNotCompleted KubeJobFailed
            KubeJobCompletion KubeCronJobRunning""",
        "scheduling": """KubeDaemonSetNotScheduled
            KubeHpaReplicasMismatch KubeHpaMaxedOut KubeCPUOvercommit KubeMemoryOvercommit
            KubeMemOvercommit KubeCPUQuotaOvercommit KubeMemoryQuotaOvercommit KubeQuotaAlmostFull
            KubeQuotaFullyUsed KubeQuotaExceeded KubeletTooManyPods""",
        "high_error_rate": """KubeAPIErrorBudgetBurn KubeAggregatedAPIErrors
            KubeAPITerminatedRequests KubeClientErrors KubeAPIErrorsHigh""",
        "high_latency": "KubeAPILatencyHigh",
        "cert_expiry": """KubeClientCertificateExpiration KubeletClientCertificateExpiration
            KubeletServerCertificateExpiration KubeletClientCertificateRenewalErrors
            KubeletServerCertificateRenewalErrors""",
        "node_health": """KubeAggregatedAPIDown KubeNodeNotReady KubeNodePressure
            KubeNodeUnreachable KubeNodeReadinessFlapping KubeletDown KubeAPIDown
            KubeAPIInstanceUnreachable KubeletInstanceUnreachable KubeSchedulerDown
            KubeSchedulerInstanceUnreachable KubeControllerManagerDown
            KubeControllerManagerInstanceUnreachable KubeProxyDown KubeletPlegDurationHigh
            KubeletPodStartUpLatencyHigh""",
        "evicted": "KubeNodeEviction",
        "cpu_throttling": "CPUThrottlingHigh",
        "disk_full": """KubePersistentVolumeFillingUp KubePersistentVolumeInodesFillingUp
            KubePersistentVolumeUsageCritical KubePersistentVolumeFullInFourDays""",
        "volume": "KubePersistentVolumeErrors",
        "unknown": "KubeVersionMismatch",
        DEFER: "KubePodNotReady KubeContainerWaiting KubePdbNotEnoughHealthyPods",
    },
    KUBE_PROMETHEUS: {
        "node_health": "TargetDown NodeNetworkInterfaceFlapping",
        "unknown": "Watchdog InfoInhibitor",
        "high_error_rate": "GrafanaRequestsFailing",
    },
    NODE_MIXIN: {
        "disk_full": """NodeFilesystemSpaceFillingUp NodeFilesystemAlmostOutOfSpace
            NodeFilesystemFilesFillingUp NodeFilesystemAlmostOutOfFiles NodeDiskRunningFull""",
        "node_health": """NodeNetworkReceiveErrs NodeNetworkTransmitErrs
            NodeHighNumberConntrackEntriesUsed NodeClockSkewDetected NodeClockNotSynchronising
            NodeRAIDDegraded NodeRAIDDiskFailure NodeMemoryMajorPagesFaults NodeDiskIOSaturation
            NodeSystemdServiceFailed
            NodeBondingDegraded""",
        "too_many_open_files": "NodeFileDescriptorLimit",
        "cpu_throttling": "NodeCPUHighUsage NodeSystemSaturation",
        "oom": "NodeMemoryHighUtilization",
        "crashloop": "NodeSystemdServiceCrashlooping",
        DEFER: "NodeTextFileCollectorScrapeError",
    },
    KSM_MIXIN: {
        "high_error_rate": "KubeStateMetricsListErrors KubeStateMetricsWatchErrors",
        DEFER: "KubeStateMetricsShardingMismatch KubeStateMetricsShardsMissing",
    },
    ETCD_MIXIN: {
        "node_health": """etcdMembersDown etcdInsufficientMembers etcdNoLeader
            etcdHighNumberOfLeaderChanges""",
        "high_error_rate": "etcdHighNumberOfFailedGRPCRequests etcdHighNumberOfFailedHTTPRequests",
        "high_latency": """etcdGRPCRequestsSlow etcdMemberCommunicationSlow etcdHighFsyncDurations
            etcdHighCommitDurations etcdHTTPRequestsSlow""",
        "disk_full": "etcdDatabaseQuotaLowSpace etcdExcessiveDatabaseGrowth",
        DEFER: "etcdHighNumberOfFailedProposals etcdDatabaseHighFragmentationRatio",
    },
    CERT_MANAGER_MIXIN: {
        "cert_expiry": "CertManagerCertExpirySoon certmanager_cert_expiry_soon",
        "dependency_limit": "CertManagerHittingRateLimits certmanager_hitting_rate_limits",
        "node_health": "CertManagerAbsent certmanager_absent",
        DEFER: "CertManagerCertNotReady certmanager_cert_not_ready",
    },
    LOKI_MIXIN: {
        "high_error_rate": "LokiRequestErrors FrontendRequestErrors PromtailRequestsErrors",
        "high_latency": "LokiRequestLatency FrontendRequestLatency PromtailRequestLatency",
        "crashloop": "LokiRequestPanics",
    },
    PROMETHEUS_OPERATOR: {
        "config_error": "PrometheusOperatorRejectedResources ConfigReloaderSidecarErrors",
        DEFER: """PrometheusOperatorListErrors PrometheusOperatorWatchErrors
            PrometheusOperatorSyncFailed PrometheusOperatorReconcileErrors
            PrometheusOperatorStatusUpdateErrors PrometheusOperatorNodeLookupErrors
            PrometheusOperatorNotReady""",
    },
    PROMETHEUS_MIXIN: {
        "config_error": "PrometheusBadConfig",
        "connection_error": "PrometheusNotConnectedToAlertmanagers",
        "high_error_rate": """PrometheusErrorSendingAlertsToSomeAlertmanagers
            PrometheusErrorSendingAlertsToAnyAlertmanager""",
        "high_latency": "PrometheusRemoteWriteBehind",
        DEFER: """PrometheusSDRefreshFailure PrometheusKubernetesListWatchFailures
            PrometheusNotificationQueueRunningFull PrometheusTSDBReloadsFailing
            PrometheusTSDBCompactionsFailing PrometheusNotIngestingSamples
            PrometheusDuplicateTimestamps PrometheusOutOfOrderTimestamps
            PrometheusRemoteStorageFailures PrometheusRemoteWriteDesiredShards
            PrometheusRuleFailures PrometheusMissingRuleEvaluations PrometheusTargetLimitHit
            PrometheusLabelLimitHit PrometheusScrapeBodySizeLimitHit PrometheusScrapeSampleLimitHit
            PrometheusTargetSyncFailure PrometheusHighQueryLoad""",
    },
    ALERTMANAGER_MIXIN: {
        "config_error": "AlertmanagerFailedReload AlertmanagerConfigInconsistent",
        "node_health": "AlertmanagerMembersInconsistent AlertmanagerClusterDown",
        "high_error_rate": "AlertmanagerFailedToSendAlerts AlertmanagerClusterFailedToSendAlerts",
        "crashloop": "AlertmanagerClusterCrashlooping",
    },
    ARGO_CD_MIXIN: {
        "rollout_failure": "ArgoCdAppSyncFailed ArgoCdAppUnhealthy ArgoCdAppOutOfSync",
    },
    COREDNS_MIXIN: {
        "high_error_rate": "CoreDNSErrorsHigh CoreDNSForwardErrorsHigh",
        "high_latency": "CoreDNSLatencyHigh CoreDNSForwardLatencyHigh",
        "node_health": "CoreDNSDown",
    },
    THANOS_MIXIN: {
        "rollout_failure": """ThanosCompactHalted ThanosCompactHighCompactionFailures
            ThanosCompactHasNotRun""",
    },
    CEPH_MIXIN: {
        "crashloop": "CephMgrModuleCrash CephDaemonCrash",
        "disk_full": "CephMonDiskspaceCritical CephMonDiskspaceLow",
    },
    MIMIR_MIXIN: {
        "oom": "MimirAllocatingTooMuchMemory",
    },
    AWESOME: {
        "oom": """FlinkTaskmanagerHeapMemoryHigh FlinkJobmanagerHeapMemoryHigh
            SparkWorkerMemoryExhausted ClickhouseMemoryUsageCritical ClickhouseMemoryUsageWarning
            CouchdbAtomMemoryUsageCritical ContainerHighMemoryUsage ElasticsearchHeapUsageTooHigh
            ElasticsearchHeapUsageWarning EnvoyHighMemoryUsage GitlabHighMemoryUsage
            GoMemoryUsageHigh GoMemoryLeak HadoopResourceManagerMemoryHigh
            HadoopHbaseRegionServerHeapLow HostOutOfMemory HostOomKillDetected JvmMemoryFillingUp
            JvmNon-heapMemoryFillingUp KubernetesContainerOomKiller MemcachedOutOfMemoryErrors
            MemcachedMemoryUsageHigh(>90%) NatsHighMemoryUsage NatsHighJetstreamMemoryUsage
            NetdataHighMemoryUsage OpensearchHighHeapUsage OpensearchCircuitbreakerTripped
            OpenstackHypervisorHighMemoryUsage OpentelemetryCollectorHighMemoryUsage
            ProcessExporterHighMemoryUsage PythonVirtualMemoryHigh RabbitmqOutOfMemory
            RabbitmqMemoryHigh RedisOutOfSystemMemory RedisOutOfConfiguredMaxmemory RubyRssHigh
            VirtualMachineMemoryWarning VirtualMachineMemoryCritical WindowsServerMemoryUsage
            PveHighMemoryUsage""",
        "crashloop": """FlinkJobRestartIncreasing CorednsPanicCount HostSystemdServiceCrashed
            KubernetesPodCrashLooping LokiProcessTooManyRestarts LokiRequestPanic
            ProcessExporterProcessRestarting PrometheusTooManyRestarts
            SystemdServiceCrashLooping""",
        "cpu_throttling": """ContainerHighCpuUtilization ContainerHighThrottleRate
            GitlabGitalyCpuThrottled HostHighCpuLoad WindowsServerCpuUsage""",
        "disk_full": """AwsRdsLowFreeStorageSpace CephMonitorLowSpace CephOsdNearFull
            CephPgBackfillFull ClickhouseDiskSpaceLowOnDefault ClickhouseDiskSpaceCriticalOnDefault
            ClickhouseDiskSpaceLowOnBackups ContainerVolumeUsage ElasticsearchDiskOutOfSpace
            ElasticsearchDiskSpaceLow HadoopHdfsDiskSpaceLow HostOutOfDiskSpace
            HostDiskMayFillIn24Hours HostOutOfInodes HostInodesMayFillIn24Hours
            KubernetesVolumeOutOfDiskSpace KubernetesVolumeFullInFourDays
            MimirCompactorHasRunOutOfDiskSpace MinioDiskSpaceUsage NatsHighJetstreamStoreUsage
            NetdataLowDiskSpace NetdataPredictedDiskFull OpenebsUsedPoolCapacity
            OpenstackHypervisorHighDiskUsage OpenstackCinderPoolLowFreeCapacity
            OracleDbTablespaceReachingCapacity(>85%) OracleDbTablespaceFull(>95%)
            PulsarHighLedgerDiskUsage PveStorageFillingUp PveStorageAlmostFull
            WindowsServerDiskSpaceUsage ZfsPoolOutOfSpace""",
        "probe_failure": "BlackboxProbeFailed BlackboxProbeHttpFailure",
        "high_error_rate": """SparkExecutorAllTasksFailing SparkExecutorHighTaskFailureRate
            AwsAlbHigh5xxErrorRate AwsLambdaHighErrorRate CaddyHighHttp4xxErrorRateService
            CaddyHighHttp5xxErrorRateService CassandraClientRequestWriteFailure
            CassandraClientRequestReadFailure CloudflareHttp4xxErrorRate CloudflareHttp5xxErrorRate
            Couchdb5xxErrorRatioHigh EnvoyHighDownstreamHttp5xxErrorRate
            EnvoyHighDownstreamHttp4xxErrorRate EnvoyHighClusterUpstream5xxErrorRate
            EtcdHighNumberOfFailedGrpcRequestsWarning EtcdHighNumberOfFailedGrpcRequestsCritical
            EtcdHighNumberOfFailedHttpRequestsWarning EtcdHighNumberOfFailedHttpRequestsCritical
            GitlabGitalyHighGrpcErrorRate GitlabHighHttpErrorRate GitlabWorkhorseHighErrorRate
            HaproxyHighHttp4xxErrorRateBackend HaproxyHighHttp5xxErrorRateBackend
            HaproxyHighHttp4xxErrorRateServer HaproxyHighHttp5xxErrorRateServer
            HaproxyServerResponseErrors IstioPilotHighPushErrorRate IstioHigh4xxErrorRate
            IstioHigh5xxErrorRate JaegerAgentHttpServerErrors JaegerClientRpcRequestErrors
            JaegerQueryRequestFailures JaegerHighStorageErrorRate JaegerQueryServiceHighErrorRate
            KeycloakHighTokenRefreshErrorRate KeycloakHighCode-to-tokenExchangeErrorRate
            KubernetesApiServerErrors KubernetesApiClientErrors LinkerdHighErrorRate
            LitellmProxyFailedRequestsRateHigh MimirRequestErrors NginxHighHttp4xxErrorRate
            NginxHighHttp5xxErrorRate PromtailRequestErrors SolrUpdateErrors SolrQueryErrors
            SpinnakerHighApiErrorRate SpinnakerClouddriverHighErrorRate
            ThanosQueryHttpRequestQueryErrorRateHigh ThanosQueryHttpRequestQueryRangeErrorRateHigh
            ThanosQueryGrpcServerErrorRate ThanosQueryGrpcClientErrorRate
            ThanosReceiveHttpRequestErrorRateHigh ThanosRuleGrpcErrorRate ThanosStoreGrpcErrorRate
            TraefikHighHttp4xxErrorRateBackend TraefikHighHttp5xxErrorRateBackend
            TraefikHighHttp4xxErrorRateService TraefikHighHttp5xxErrorRateService""",
        "high_latency": """FlinkCheckpointDurationHigh FlinkTaskBackpressured
            FlinkTaskHighBackpressureTime AwsSqsMessageAgeTooOld AwsAlbHighTargetResponseTime
            BlackboxSlowProbe BlackboxProbeSlowHttp BlackboxProbeSlowPing CassandraViewwriteLatency
            CephHighOsdLatency ElasticsearchHighIndexingLatency ElasticsearchHighQueryLatency
            EnvoyHighClusterUpstreamRequestTimeoutRate EnvoyHighDownstreamRequestTimeoutRate
            EtcdGrpcRequestsSlow EtcdHttpRequestsSlow EtcdMemberCommunicationSlow
            EtcdHighFsyncDurations EtcdHighCommitDurations GitlabGitalyHighRpcLatency
            GitlabHighHttpRequestLatency GitlabSidekiqHighJobCompletionTime
            GitlabSidekiqHighQueueLatency GitlabCiPipelineCreationSlow GitlabWorkhorseHighLatency
            StoreConnectionSlow StoreConnectionVerySlow HadoopHbaseWriteRequestsLatencyHigh
            HaproxyHttpSlowingDown IstioHighRequestLatency IstioLatency99Percentile
            JaegerSlowStorageOperations JaegerQueryServiceSlowResponses
            JaegerSlowSingleTraceRetrieval KafkaConsumerGroupLag KafkaConsumerLag
            KeycloakSlowRequestResponseTime KubernetesApiServerLatency LitellmRequestLatencyP95High
            MeilisearchHttpResponseTime MongodbReplicationLag MysqlSlaveReplicationLag
            MysqlSlowQueries NatsSlowConsumers NginxLatencyHigh OracleDbHighWaitTime
            PostgresqlReplicationLag PrometheusRuleEvaluationSlow PrometheusTargetScrapingSlow
            PromtailRequestLatency PulsarHighWriteLatency RabbitmqSlowQueueConsuming
            SidekiqSchedulingLatencyTooHigh SpinnakerOrcaQueueMessageLagHigh
            ThanosQueryInstantLatencyHigh ThanosQueryRangeLatencyHigh
            ThanosReceiveHttpRequestLatencyHigh ThanosRuleRuleEvaluationLatencyHigh
            ThanosStoreSeriesGateLatencyHigh ThanosStoreObjstoreOperationLatencyHigh""",
        "connection_error": """CassandraConnectionTimeoutsTotal
            ClickhouseInterserverConnectionIssues ClickhouseZookeeperConnectionIssues
            CortexNotConnectedToAlertmanager EnvoyHighClusterUpstreamConnectionFailures
            EnvoyNoHealthyUpstream HaproxyBackendConnectionErrors HaproxyServerConnectionErrors
            HaproxyHasNoAliveBackends HaproxyBackendDown HaproxyServerDown
            JaegerStorageCompletelyUnavailable NatsLeafNodeConnectionIssue
            PrometheusNotConnectedToAlertmanager ThanosQueryHighDNSFailures
            ThanosRuleQueryHighDNSFailures ThanosRuleAlertmanagerHighDNSFailures
            ThanosSidecarNoConnectionToStartedPrometheus TraefikBackendDown TraefikServiceDown
            RedisDisconnectedSlaves RedisReplicationBroken""",
        "cert_expiry": """BlackboxSslCertificateWillExpireSoon
            BlackboxSslCertificateWillExpireVerySoon BlackboxSslCertificateExpired
            Cert-managerCertificateExpiringSoon EnvoySslCertificateExpiringSoon
            EnvoySslCertificateExpired KubernetesClientCertificateExpiresNextWeek
            KubernetesClientCertificateExpiresSoon SslCertificateExpiry(<7Days)""",
        "tls_error": """EnvoyListenerSslConnectionErrors SslCertificateProbeFailed
            SslCertificateRevoked""",
        "too_many_open_files": """CouchdbOpenOsFilesCritical CouchdbFileDescriptorsHigh
            GitlabHighFileDescriptorUsage JvmFileDescriptorsExhaustion MysqlTooManyOpenFiles
            ProcessExporterHighFileDescriptorUsage ProcessExporterFileDescriptorsExhausted
            PythonFileDescriptorsExhaustion RabbitmqFileDescriptorsUsage""",
        "config_error": """BlackboxConfigurationReloadFailure CortexRulerConfigurationReloadFailure
            IstioPilotDuplicateEntry MimirInconsistentRuntimeConfig MimirBadRuntimeConfig
            PrometheusConfigurationReloadFailure PrometheusAlertmanagerConfigurationReloadFailure
            PrometheusAlertmanagerConfigNotSynced TempoBadOverrides
            TempoUserConfigurableOverridesReloadFailing ThanosReceiveConfigReloadFailure
            ThanosRuleConfigReloadFailure""",
        "scheduling": """FlinkAllTaskSlotsUsed SparkTooManyWaitingApps SparkWorkerCoresExhausted
            HadoopYarnContainerAllocationFailures KubernetesNodeOutOfPodCapacity
            KubernetesHpaScaleInability KubernetesHpaScaleMaximum KubernetesDaemonsetMisscheduled
            NomadJobQueued NomadBlockedEvaluation OpenstackNovaTenantVcpuQuotaNearlyExhausted
            OpenstackNovaTenantMemoryQuotaNearlyExhausted
            OpenstackNovaTenantInstanceQuotaNearlyExhausted
            OpenstackCinderTenantVolumeQuotaNearlyExhausted""",
        "node_health": """FlinkNoTaskmanagersRegistered SparkNoAliveWorkers ApacheDown
            CaddyReverseProxyDown CassandraNodeDown CassandraNodeIsUnavailable CephMonitorClockSkew
            CephOsdDown Cert-managerAbsent CiliumAgentUnreachableNodes
            CiliumAgentUnreachableHealthEndpoints ClickhouseNodeDown ConsulMissingMasterNode
            ConsulAgentUnhealthy CortexIngesterUnhealthy CouchdbNodeDown DigitaloceanDropletDown
            DigitaloceanDatabaseDown DigitaloceanKubernetesClusterDown DigitaloceanLoadBalancerDown
            ElasticsearchHealthyNodes ElasticsearchHealthyDataNodes EtcdInsufficientMembers
            EtcdNoLeader EtcdHighNumberOfLeaderChanges GrafanaAlloyServiceDown
            MimirIngesterUnhealthy TempoDistributorUnhealthy TempoLiveStoreUnhealthy
            TempoMetricsGeneratorUnhealthy HadoopNameNodeDown HadoopResourceManagerDown
            HadoopDataNodeOutOfService HaproxyDown HostMemoryUnderMemoryPressure
            HostDiskIoUtilizationHigh HostFilesystemDeviceError
            HostCpuStealNoisyNeighbor HostCpuHighIowait HostContextSwitchingHigh
            HostSwapIsFillingUp HostPhysicalComponentTooHot HostNodeOvertemperatureAlarm
            HostSoftwareRaidInsufficientDrives HostSoftwareRaidDiskFailure
            HostEdacCorrectableErrorsDetected HostEdacUncorrectableErrorsDetected
            HostNetworkReceiveErrors HostNetworkTransmitErrors HostNetworkBondDegraded
            HostConntrackLimit HostClockSkew HostClockNotSynchronising IpmiCollectorDown
            IpmiTemperatureSensorWarning IpmiTemperatureSensorCritical IpmiFanSpeedSensorWarning
            IpmiFanSpeedSensorCritical IpmiFanSpeedZero IpmiVoltageSensorWarning
            IpmiVoltageSensorCritical IpmiCurrentSensorWarning IpmiCurrentSensorCritical
            IpmiPowerSensorWarning IpmiPowerSensorCritical IpmiGenericSensorCritical
            IpmiChassisPowerOff IpmiChassisDriveFault IpmiChassisCoolingFault JenkinsNodeOffline
            JenkinsNoNodeOnline KubernetesNodeNotReady KubernetesNodeMemoryPressure
            KubernetesNodeDiskPressure KubernetesNodeNetworkUnavailable MemcachedDown MongodbDown
            MongodbReplicaMemberUnhealthy MysqlDown NatsServerDown NetdataCpuStealNoisyNeighbor
            NetdataMdMismatchCntUnsynchronizedBlocks NetdataDiskReallocatedSectors
            NetdataDiskCurrentPendingSector NetdataReportedUncorrectableDiskSectors
            OpenstackExporterDown OpenstackNovaAgentDown OpenstackNeutronAgentDown
            OpenstackCinderAgentDown OpentelemetryCollectorDown OracleDbDown PatroniHasNoLeader
            PostgresqlDown ProcessExporterGroupDown PrometheusJobMissing PrometheusTargetMissing
            PrometheusAllTargetsMissing PrometheusTargetMissingWithWarmupTime
            PrometheusAlertmanagerJobMissing PveNodeDown PveVm/ctDown PveClusterNotQuorate
            RabbitmqDown RabbitmqClusterDown RabbitmqClusterPartition RabbitmqNodeDown RedisDown
            RedisMissingMaster SmartDeviceTemperatureWarning SmartDeviceTemperatureCritical
            SmartDeviceTemperatureOverTripValue SmartDeviceTemperatureNearingTripValue SmartStatus
            SmartCriticalWarning SmartMediaErrors SmartWearoutIndicator SnmpTargetDown
            SnmpInterfaceDown SolrLowLiveNodeCount SqlServerDown ThanosCompactIsDown
            ThanosQueryIsDown ThanosReceiveIsDown ThanosRuleIsDown ThanosSidecarIsDown
            ThanosStoreIsDown ZfsOfflinePool ZfsPoolUnhealthy ZookeeperDown
            ZookeeperMissingLeader""",
        "volume": "KubernetesPersistentvolumeclaimPending KubernetesPersistentvolumeError",
        "rollout_failure": """ArgocdServiceNotSynced FluxKustomizationFailure
            FluxHelmreleaseFailure KubernetesJobFailed KubernetesJobNotStarting
            KubernetesCronjobFailing KubernetesStatefulsetDown KubernetesReplicasetReplicasMismatch
            KubernetesDeploymentReplicasMismatch KubernetesStatefulsetReplicasMismatch
            KubernetesDeploymentGenerationMismatch KubernetesStatefulsetGenerationMismatch
            KubernetesStatefulsetUpdateNotRolledOut KubernetesDaemonsetRolloutStuck
            KubernetesCronjobTooLong KubernetesJobSlowCompletion NomadJobFailed NomadJobLost""",
        "dependency_limit": """ApacheWorkersLoad AwsRdsHighDatabaseConnections
            AzureApiReadRateLimitApproaching AzureApiWriteRateLimitApproaching
            Cert-managerHittingAcmeRateLimits ClickhouseHighTcpConnections
            EnvoyDownstreamConnectionsOverflowing EnvoyGlobalDownstreamConnectionsOverflowing
            EnvoyClusterCircuitBreakerTripped GitlabGitalyResourceExhausted
            GitlabGitalyCircuitBreakerTripped GitlabPumaNoAvailablePoolCapacity
            GitlabDatabaseConnectionPoolSaturation GitlabDatabaseConnectionPoolWaiting
            HaproxyBackendMaxActiveSession>80% HaproxyBackendMaxActiveSession
            MemcachedConnectionLimitApproaching(>80%) MemcachedConnectionLimitApproaching(>95%)
            MemcachedConnectionsRejected MimirReachingTcpConnectionsLimit
            MongodbTooManyConnections(dcu) MongodbTooManyConnections(percona)
            MysqlTooManyConnections(>80%) NatsHighNumberOfConnections
            OracleDbSessionsReachingLimit(>85%) OracleDbProcessesReachingLimit(>85%)
            OracleDbTooManyActiveSessions PgbouncerActiveConnections PgbouncerMaxConnections
            Php-fpmMax-childrenReached PostgresqlTooManyConnections
            RabbitmqInstanceTooManyConnections RabbitmqTooManyConnections RedisTooManyConnections
            RedisRejectedConnections SpinnakerCircuitBreakerOpen SpinnakerThreadPoolExhaustion
            SpinnakerApiRateLimitThrottling SpinnakerAwsRateLimiting""",
        "unknown": """ApacheRestart HostMemoryIsUnderutilized HostCpuIsUnderutilized
            HostKernelVersionDeviations ContainerLowCpuUtilization ContainerLowMemoryUsage
            GitlabVersionMismatch JenkinsOutdatedPlugins KubernetesCronjobSuspended
            KubernetesHpaUnderutilized MeilisearchIndexIsEmpty MysqlRestarted PostgresqlRestarted
            PostgresqlConfigurationChanged PrometheusAlertmanagerE2eDeadManSwitch
            RabbitmqInstancesDifferentVersions SnmpDeviceRestarted""",
        DEFER: """KubernetesPodNotHealthy Cert-managerCertificateNotReady ElasticsearchClusterRed
            ElasticsearchClusterYellow EnvoyServerNotLive HaproxyServerHealthcheckFailure
            ConsulServiceHealthcheckFailed EnvoyClusterHealthCheckFailures
            KubernetesHpaMetricsUnavailability ArgocdServiceUnhealthy PgbouncerErrors""",
    },
}

# Catalogued names about a node or host rather than a workload: their memory or disk is not
# a container limit or a volume in the workload's values.
_NODE_SCOPE = frozenset(
    """
    NodeMemoryHighUtilization HostOutOfMemory HostOomKillDetected HostOutOfDiskSpace
    NodeCPUHighUsage NodeSystemSaturation HostHighCpuLoad WindowsServerCpuUsage
    HostDiskMayFillIn24Hours HostOutOfInodes HostInodesMayFillIn24Hours
    NetdataHighMemoryUsage NetdataLowDiskSpace NetdataPredictedDiskFull
    NodeFilesystemSpaceFillingUp NodeFilesystemAlmostOutOfSpace NodeFilesystemFilesFillingUp
    NodeFilesystemAlmostOutOfFiles NodeDiskRunningFull VirtualMachineMemoryWarning
    VirtualMachineMemoryCritical WindowsServerMemoryUsage WindowsServerDiskSpaceUsage
    OpenstackHypervisorHighMemoryUsage OpenstackHypervisorHighDiskUsage PveHighMemoryUsage
    PveStorageFillingUp PveStorageAlmostFull
    """.split()  # noqa: SIM905 — a list of names reads best as words
)
_SUFFIX = re.compile(r"[(<>].*$")
_SEPARATORS = re.compile(r"[^a-z0-9]")


def catalogue_key(name: str) -> str:
    """The lookup key of an alert name: lower-case letters and digits only, without a
    trailing `(…)` or comparison suffix."""
    return _SEPARATORS.sub("", _SUFFIX.sub("", name).lower())


_AVAILABILITY = re.compile(
    r"(?:Down|Missing|Absent|NotLive|ProbeFailed|ProbeHttpFailure|Unhealthy|Unavailable)"
    r"(?:\(.*\))?$"
)
_INFRASTRUCTURE = re.compile(r"^(?:Kube|Node|Host|etcd|Etcd|Kubernetes|Ipmi|Smart|Zfs)")


def _is_availability(name: str, category: str) -> bool:
    """A target or service reported down or missing (TargetDown, MysqlDown,
    BlackboxProbeFailed), not a node or the control plane (KubeletDown, KubeNodeNotReady)."""
    return name == "TargetDown" or (
        category in ("node_health", "probe_failure", "connection_error")
        and _AVAILABILITY.search(name) is not None
        and _INFRASTRUCTURE.match(name) is None
    )


def _build() -> Mapping[str, Entry]:
    entries: dict[str, Entry] = {}
    for source, categories in _SETS.items():
        for category, names in categories.items():
            for name in names.split():
                key = catalogue_key(name)
                if key and key not in entries:
                    availability = _is_availability(name, category)
                    entries[key] = Entry(name, category, source, name in _NODE_SCOPE, availability)
    return MappingProxyType(entries)


CATALOGUE: Mapping[str, Entry] = _build()


def lookup(alertname: str) -> Entry | None:
    """The catalogue entry of an alert name, or None when no catalogued rule set has it."""
    return CATALOGUE.get(catalogue_key(alertname)) if alertname else None
