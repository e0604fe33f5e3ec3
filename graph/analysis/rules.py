"""The analyzer's line patterns (pure data), written from how each failure family is worded by
Kubernetes, the kernel, language runtimes, database drivers, proxies and exporters.

Every pattern matches within one line. A rule's `needles` are lowercase words (runs of
`[a-z0-9]` of the lowered line) of which every line it can match contains at least one: a line
holding none of them is never searched, which keeps a long log cheap to read. The table is
ordered: on one line the first rule that matches decides, so a rule that must win over
another on the same line comes first (a probe message quotes "connection refused" about the
pod itself; an eviction message names the memory the node ran low on; a pull that timed out
is an image pull problem). Across lines and alerts the cause-over-symptom ranking of
`graph.analysis.taxonomy` decides instead.
"""

from __future__ import annotations

from graph.analysis.guidance import DOUBLE_MEMORY, NODE_CPU_REASON, NODE_DISK_REASON
from graph.analysis.rule import STRONG, WEAK, Rule
from graph.analysis.rule import make_rule as _rule

__all__ = ["RULES", "STRONG", "WEAK", "WEAK_RULES", "Rule"]

_PCT = r"\d+(?:[.,]\d+)?[ ]?%"
_MEM = r"(?:memory|mem|ram|heap)"

RULES: tuple[Rule, ...] = (
    # --- evicted: the kubelet's eviction messages name the resource, so they come first ---
    _rule(
        "evicted",
        "resource",
        r"low on resource: memory(?=.*(?:larger consumption of memory|exceeds its request))",
        remediation=DOUBLE_MEMORY,
    ),
    _rule(
        "evicted",
        "evicted evicting eviction evict resource reclaim ephemeral condition preempted",
        r"(?-i:(?<![\w-])Evicted\b)",
        r"\bevicting (?:pods?|the pods?)\b",
        r"\beviction[ _]manager\b",
        r"\bmust evict pod",
        r"\bthe node was low on resource",
        r"\blow on resource: ",
        r"\battempting to reclaim (?:memory|ephemeral-storage|nodefs|imagefs|pids|inodes)",
        r"\bephemeral local storage usage exceeds",
        r"\bexceeded its local ephemeral storage limit",
        r"\bthe node had condition: \[",
        r"\bpods? (?:(?:are|is|was|were|have|has|had|being|been|get|got|getting) )*evicted\b",
        r"\b(?:killing|deleting|terminating) (?:the )?pods?\b.{0,60}?\bdue to eviction\b",
        r"\beviction thresholds? (?:are |is |was |were |have been |has been )?(?:crossed|met|"
        r"reached|exceeded)",
        r"\beviction[ _]signal\b",
        r"(?-i:\bPreempted\b)(?!: )",  # the victim's event; "preemption: " is the scheduler's
    ),
    # A taint-based eviction follows a node that is not ready or unreachable: that node's
    # state, when the text shows it, is the cause.
    _rule(
        "evicted",
        "taintmanagereviction marking",
        r"\bTaintManagerEviction\b",
        r"\bmarking for deletion pod\b",
        explained_by="node_health",
    ),
    # --- disk_full: a write refused for space decides its line, whatever failed with it (a
    # layer that cannot be unpacked during a pull, a volume that cannot be set up) ----------
    _rule(
        "disk_full",
        "space enospc",
        r"\bno space left on device\b",
        r"\bENOSPC\b",
        remediation=None,
    ),
    # --- disk_full as storage products word it (before the pool, quota and config rules) ------
    _rule(
        "disk_full",
        "osd osds pool pools nearfull backfillfull full osd_full osd_nearfull pool_full "
        "pool_near_full misconf persist bgsave background rdb quota space drive minio "
        "xminiostoragefull "
        "writes write blocked disabled database edquot garbage freediskspacefailed imagegcfailed",
        r"\bOSD_(?:NEAR|BACKFILL)?FULL\b",
        r"\bPOOL_(?:NEAR_)?FULL\b",
        r"\b(?:near|backfill)[ _-]?full osd",
        r"\b\d+ (?:near|backfill)?full osd\(s\)",
        r"\bpool\(s\) (?:near ?)?full\b",
        r"\bosd(?:\.\d+|s|\(s\))?\b.{0,60}?\b(?:is |are )?"
        r"(?:near[ _-]?full|backfill[ _-]?full|full)\b(?! ?(?:scrub|sync|mesh))",
        r"(?-i:\b(?:NEARFULL|BACKFILLFULL|FULL) threshold)",
        r"\bpool\b.{0,40}?\b(?:is (?:near ?)?full|reached its max(?:imum)? quota|near full)\b"
        r"(?=.{0,60}(?:writes?|quota|capacity|osd|space|$))",
        r"\bwrites? (?:to the pool )?(?:are|is|will be) (?:blocked|disabled)\b",
        # Redis stops writes when its snapshot cannot be saved; a fork refused for memory is
        # an OOM, said on the same line.
        r"\bMISCONF\b(?!.*\b(?:cannot allocate memory|out of memory|ENOMEM)\b)",
        r"\b(?:not able|unable) to persist (?:on|to) disk\b"
        r"(?!.*\b(?:cannot allocate memory|out of memory|ENOMEM)\b)",
        r"\bstop-writes-on-bgsave-error\b",
        r"\bbackground saving error\b",
        r"\bminimum free drive threshold\b",
        r"(?-i:\bXMinioStorageFull\b)",
        r"\bbucket quota exceeded\b",
        r"\b(?:database|db|backend) size\b.{0,40}?\b(?:exceeds?|exceeded|close to|near|above|"
        r"reach(?:ed|es|ing)?)\b.{0,30}?\bquota\b",
        r"\bspace quota\b.{0,30}?\b(?:exceeded|reached|low|full)",
        # EDQUOT: a filesystem's quota, not a namespace's (before the resource-quota rule)
        r"\bdisk quota exceeded\b",
        r"\bEDQUOT\b",
        r"\bout of free disk space\b",  # PHP
        # the kubelet's image garbage collection could not free the disk it needs
        r"\bfailed to garbage collect required amount of images\b",
        r"(?-i:\bFreeDiskSpaceFailed\b)",
        r"(?-i:\bImageGCFailed\b)",
        remediation=None,
    ),
    # --- high_error_rate: our own nginx limiter (limit_req) answering 429 is not a dependency's
    # rate limit (before the rate-limit rule reads "Too Many Requests") ---------------------
    _rule(
        "high_error_rate",
        "limit_req",
        r"\b429\b.{0,80}?\blimit_req\b",
        r"\blimit_req\b.{0,80}?\b429\b",
    ),
    # --- dependency_limit: rate limits and quotas of third-party APIs (before resource quotas) --
    _rule(
        "dependency_limit",
        "throttlingexception throttling rate slowdown reduce requestlimitexceeded "
        "toomanyrequestsexception provisionedthroughputexceededexception ratelimiterror "
        "ratelimitexceeded userratelimitexceeded quota resource_exhausted limit 429 "
        "servicequotaexceededexception limitexceededexception requestthrottled",
        r"\bThrottlingException\b",
        r"\bThrottling: Rate exceeded\b",
        r"(?-i:\bRate exceeded\b)",
        r"(?-i:\(SlowDown\)|\bSlowDown: )",
        r"\bplease reduce your request rate\b",
        r"\b(?:RequestLimitExceeded|TooManyRequestsException|RequestThrottled(?:Exception)?|"
        r"ProvisionedThroughputExceededException|ServiceQuotaExceededException|"
        r"LimitExceededException)\b",
        r"\bRateLimitError\b",
        r"\b(?:user)?rateLimitExceeded\b",
        r"\bquota exceeded for (?:quota metric|quota group|metric|project|service)",
        r"\b(?:api|secondary|request) rate limit (?:exceeded|reached|hit)",
        r"\b(?:exceeded|hit|reached) (?:a |the |your |its )?(?:secondary |primary |api |request )?"
        r"rate limit",
        r"\b(?:HTTP(?:/\d(?:\.\d)?)?|status(?: code)?|HttpError|code)[ :=\"<]+429\b"
        r"(?=.{0,80}(?:too many requests|rate|quota|limit|throttl))",
    ),
    # --- cpu_throttling: a CPU quota (CFS) spent, before the resource-quota rule ---------------
    _rule(
        "cpu_throttling",
        "cfs cpu quota",
        r"\bcfs[ _-](?:quota|period)s?\b",
        r"^(?!.*\b(?:namespace|resourcequota|resource quota)\b)(?:(?!limits\.|requests\.).)*?"
        r"\bcpu quota\b.{0,40}?\b(?:exceeded|exhausted|reached|hit|used up|spent|saturat\w*)",
        r"\bcpu[._]quota[._]used\b",
        r"\b(?:9\d|100)(?:[.,]\d+)? ?% of (?:its |the |their )?(?:container )?cpu "
        r"(?:limit|quota)\b",
        r"\b(?:uses|using|used|consumes|consuming) (?:its|the|their) (?:full|whole|entire) "
        r"cpu (?:limit|quota)\b",
    ),
    # --- image_pull -------------------------------------------------------------------------
    _rule(
        "image_pull",
        "imagepullbackoff errimagepull errimageneverpull invalidimagename imageinspecterror "
        "registryunavailable pull pulling manifest image toomanyrequests repository reference "
        "registry anonymous fetch unauthorized denied basic authorize authorization v2 "
        "artifactregistry inspectfailed parse",
        r"ImagePullBackOff",
        r"ErrImage(?:Never)?Pull",
        r"\bInvalidImageName\b",
        r"\bImageInspectError\b",
        r"(?-i:\bInspectFailed\b)",
        r"\bcouldn't parse image reference\b",
        r"\bRegistryUnavailable\b",
        r"\bfailed to pull(?: and unpack)? image",
        r"\bback-?off pulling image",
        r"\berror (?:pulling|while pulling) image",
        r"\bpulling image\b.{0,120}(?:failed|error|denied|not found|timeout|timed out|forbidden|"
        r"unauthorized|\b40[134]\b)",
        r"\bmanifest unknown\b",
        r"\bmanifest for \S+ not found",
        r"\bno matching manifest for\b",
        r"\bpull access denied\b",
        r"\brepository does not exist or may require",
        r"\btoomanyrequests\b",
        r"\breached your (?:unauthenticated )?pull rate limit",
        r"\bfailed to resolve reference\b",
        r"\bfailed to fetch anonymous token",
        r"\bimage \S+ (?:not found|does not exist|not known)",  # podman: "not known"
        r"\brepository \S+ not found\b.{0,40}?\b(?:does not exist|no pull access|pull)",
        r"\bcouldn't (?:pull|find) image\b",
        r"\b(?:cannot|can't|could not|unable to|fails? to) pull (?:its |the )?(?:container )?image",
        r"\bimage (?:can't|cannot|could not) be pulled",
        r"\binvalid reference format\b",
        r"\bimage not present with pull policy",
        r"\bregistry\b.{0,60}\b(?:unauthorized|denied|forbidden|not found|timeout)",
        r"\bunauthorized: (?:authentication required|access to the requested resource|"
        r"incorrect username or password|unauthorized to access repository)",
        r"\bunauthorized to access repository\b",
        r"\bdenied: requested access to the resource is denied",
        r"\bno basic auth credentials\b",
        r"\bfailed to (?:authorize|fetch (?:oauth|anonymous|bearer) token)",
        r"\byour authorization token has expired\b",
        r"\breading manifest \S+ in \S+",
        r"\bnot found: manifest unknown\b",
        r"/v2/\S+/(?:manifests|blobs)/\S+.{0,80}?\b(?:40[134]|unauthorized|forbidden|denied)\b",
        r"\bartifactregistry\.repositories\.downloadArtifacts\b",
    ),
    # --- probe_failure: probes report refusals, timeouts and 5xx about the pod itself --------
    _rule(
        "probe_failure",
        "liveness readiness startup probe probes unhealthy probefailed probefailure probefailing "
        "prober_probe_total",
        r"\b(?:liveness|readiness|startup) probe (?:failed|errored|timed out|timeout|failure)",
        r"\bfailed (?:the )?(?:liveness|readiness|startup) probe",
        r"\b(?:liveness|readiness|startup) probes? (?:is |are |keeps? )?(?:failing|timing out)",
        r"\b(?:liveness|readiness|startup) checks?\b.{0,40}?\b(?:fail|fails|failing|failed)\b",
        r"\bhttp probe failed with statuscode",
        r"\bprobe (?:failed|errored|timed out)\b",
        r"\bUnhealthy\b.{0,80}\bprobe\b",
        r"\bUnhealthy (?:events?|warnings?)\b",
        r"\breason[=: ]+\"?Unhealthy\b",
        r"\bprobe[ _-]?fail(?:ed|ure|ing)",
        r"\b(?:not passed|never passed|not passing) (?:its |the )?(?:liveness|readiness|startup) "
        r"probe",
        r"\bprober_probe_total\b.{0,80}?\bresult=\"failed\"",
    ),
    # --- config_error: the workload's own configuration is missing or wrong -----------------
    _rule(
        "config_error",
        "createcontainerconfigerror createcontainererror secret secrets configmap configmaps "
        "config key keyerror env environment variable variables required placeholder "
        "properties missing undefined set envvar password authentication denied "
        "nocredentialserror credentials database string connectionstring configuration declare "
        "undefinedvalueerror datasource attribute bean",
        r"CreateContainer(?:Config)?Error",
        r"\b(?:secrets?|configmaps?|config ?map) \\?\"?[\w.-]+\\?\"? not found",
        r"\bcouldn't find key \S+",
        r"(?-i:KeyError: ['\"][A-Z][A-Z0-9_]*['\"])",
        r"\benv(?:ironment)?[ _]?var(?:iable)?s?\b.{0,60}?"
        r"(?:not set|missing|required|undefined|is empty|must be set|not defined|not found)",
        r"\bmissing (?:required )?(?:env(?:ironment)?[ _]?var|configuration|config|setting)",
        r"\brequired key \S+ missing value",
        r"\brequired\b.{0,60}?\bnot set\b",
        r"(?-i:\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b) (?:is )?(?:not set|missing|required|undefined|"
        r"must be (?:set|provided|defined)|not found\. Declare it)",
        r"\bUndefinedValueError\b",  # python-decouple
        # Spring Boot's failure analysis names the missing setting or bean
        r"\bFailed to configure a DataSource\b",
        r"\b'\w+' attribute is not specified\b",
        r"\brequired a bean (?:of type|named) '[^']+' that could not be found",
        r"\bcould not resolve placeholder",
        r"\bfailed to bind properties\b",
        r"\bproperty '[^']+' is required",
        r"\bpassword authentication failed\b",
        r"\bauthentication failed for user\b",
        r"\baccess denied for user\b",
        r"\b(?:NoCredentialsError|Unable to locate credentials)\b",
        r"\binvalid (?:credentials|username or password|api[ _-]?key)\b",
        r"\bdatabase \S+ does not exist\b",
        r"\bunknown database\b",
        # .NET: a connection string missing from the application's configuration
        r"\bno connection string named\b",
        r"\bconnection ?string\b.{0,40}?\b(?:has not been initialized|is not set|is missing|"
        r"is empty|(?:could )?not (?:be )?found)",
        r"\bcould not be found in the (?:application(?:'s)? )?configuration\b",
    ),
    _rule(
        "config_error",
        "improperlyconfigured missing missingkeyerror environment toml yaml yml json hcl ini xml "
        "validation load parse read yamlexception psych tomldecodeerror snakeyaml mapping",
        r"\bImproperlyConfigured\b",  # Django, django-environ
        r"\bmissing\b.{0,40}?\bfor '?\w+'? environment\b",  # Rails
        r"\bMissing (?:encryption )?key to decrypt\b|\bMissingKeyError\b",
        r"\b(?:TOML|YAML|JSON|HCL|INI|XML) (?:parse|parsing|syntax|decode|decoding) error\b",
        # the parsers' own exceptions: PyYAML, SnakeYAML, js-yaml, Psych, toml, tomllib
        r"\byaml\.(?:scanner|parser|constructor|composer)\.\w+(?:Error|Exception)\b",
        r"\bsnakeyaml\.(?:scanner|parser|constructor|composer)\.\w+Exception\b",
        r"\bYAMLException\b",
        r"\bPsych::SyntaxError\b",
        r"\bmapping values are not allowed (?:here|in this context)\b",
        r"\bTOMLDecodeError\b",
        r"\btoml: line \d+\b",
        r"\bTOML parse error at line\b",
        r"\b(?:failed|unable|could not|couldn't) (?:to )?(?:load|parse|read) \S+\."
        r"(?:ya?ml|toml|json|conf|ini|properties|cfg|hcl)\b",
        r"\b(?:galley|admission|config(?:uration)?s?|schema|manifests?|resources?|webhook)\b"
        r".{0,60}?\bvalidation (?:failures?|failed|errors?)\b",
    ),
    _rule(
        "config_error",
        "config configuration conf settings yaml yml toml json ini properties parse parsing "
        "reload reloading directive emerg unmarshal invalid unknown unrecognized flag flags "
        "option argument field exec trigger reloader received backend delimiter configurationerror "
        "configurationexception configparser duplicateoptionerror duplicatesectionerror "
        "missingsectionheadererror nosectionerror nooptionerror missing required command such "
        "optionsvalidationexception",
        r"\b(?:failed|unable|could not|couldn't|cannot|can't) (?:to )?(?:load|parse|read|"
        r"unmarshal|decode|open|find|validate|apply|reload) (?:the |its |new )?"
        r"(?:custom |default |main |local )?"
        r"(?:config|configuration|settings|config file|yaml|toml|properties file)",
        r"\bkey-value delimiter not found\b",
        # the parsers' and frameworks' own exceptions: Logstash, pymongo, Cassandra, configparser
        r"\bConfiguration(?:Error|Exception)\b",
        r"\bconfigparser\.\w+Error\b",
        r"\bDuplicateOptionError\b",
        r"\bDuplicateSectionError\b",
        r"\bMissingSectionHeaderError\b",
        r"\bNoSectionError\b",
        r"\bNoOptionError\b",
        r"\berror (?:loading|parsing|reading|decoding|validating|in) (?:the )?"
        r"(?:config|configuration|settings)",
        r"\b(?:config|configuration)(?: file)?\b.{0,80}(?<![\w.]0 )(?<!\bno )\b(?:test failed|"
        r"is invalid|invalid|error|errors|failed to (?:load|parse|reload))",
        r"\binvalid (?:config|configuration|settings)\b",
        r"\b(?:config|configuration) (?:reload|reloading) (?:failed|failure|error|unsuccessful)",
        r"\b(?:reload|reloading) (?:of )?(?:the )?(?:config|configuration)\b.{0,40}"
        r"(?:failed|error|unsuccessful)",
        r"\bfailed to reload (?:its |the )?(?:config|configuration)",
        r"\btrigger(?:ing)? (?:a )?reload\b.{0,80}\b(?:failed|non-200|error|refused|timeout)",
        r"\breceived response code \d+ ?, expected \d+",
        r"\b(?:config(?:map)?[ -]reload(?:er)?|reloader)\b.{0,80}\b(?:failed|failure|errors?|"
        r"unsuccessful)\b",
        r"\b(?:loading|reloading|applying) (?:the )?(?:new )?(?:config|configuration)(?: file)? "
        r"(?:has )?failed",
        r"\bconfig(?:uration)? reload\w* (?:was )?unsuccessful",
        r"\b(?:unexpected )?failure reloading the backend",
        r"\berror reloading (?:nginx|haproxy|envoy|the backend|config)",
        r"\[emerg\].{0,120}(?:unknown directive|directive is not allowed|invalid|unexpected|"
        r"not terminated|no \"\w+\" section|duplicate|is not allowed here|unknown \"|"
        r"could not build|bind\(\))",
        r"\bunknown directive\b",
        r"\byaml: (?:line \d+|unmarshal errors)",
        r"\bjson: cannot unmarshal\b",
        r"\bfield \w+ not found in type\b",
        r"\b(?:unknown|unrecognized|unrecognised) (?:field|option|argument|flag|parameter|"
        r"configuration key|config key|setting|variable|configuration variable|"
        r"configuration option|config option|property|section)s?\b",
        r"\bflag provided but not defined\b",
        # command lines the program rejects (cobra, click, argparse)
        r"\bmissing required (?:argument|option|flag|parameter)s?\b",
        r"\brequired flag\(s\) .{1,60}? not set\b",
        r"\bInvalid value for '[^']+'",
        r"\bunknown command \"[\w-]+\" for\b",
        r"\binvalid (?:value|argument)\b.{0,60}?\bfor\b.{0,20}?\b(?:flag|option|argument)",
        r"\bexec: \S+: (?:stat \S+: )?no such file or directory",
        r"\berror initializing configuration\b",
        r"\bunable to parse (?:json|yaml) as proto",
        r"\bopen \S+\.(?:ya?ml|json|toml|conf|ini|properties|cfg)\b.{0,40}"
        r"no such file or directory",
        # Node names the file after the error
        r"\bno such file or directory, open '[^']+\."
        r"(?:ya?ml|json|toml|conf|ini|properties|cfg|env)'",
        r"\bOptionsValidationException\b",  # .NET options validated at start-up
    ),
    _rule(
        "config_error",
        "modulenotfounderror importerror module modules classnotfoundexception "
        "noclassdeffounderror class package shared libraries loaderror",
        r"\bModuleNotFoundError\b",
        r"\bImportError: (?:No module named|cannot import name)",
        r"\bNo module named\b",
        r"\bCannot find module\b",
        r"\b(?:ERR_)?MODULE_NOT_FOUND\b",
        r"\bClassNotFoundException\b",
        r"\bNoClassDefFoundError\b",
        r"\bCould not find or load main class\b",
        r"\bcannot find package\b",
        r"\berror while loading shared libraries\b",
        r"\bLoadError: cannot load such file",
        finding="cannot load code or a library it needs",
    ),
    _rule(
        "config_error",
        "validation validationerror executable runasnonroot",
        r"\b\d+ validation errors? for [A-Z]\w*",
        r"\bValidationError\b.{0,80}\b(?:settings|config|configuration|env)",
        r"\bexecutable file not found in \$PATH",
        # the pod's security context and the image disagree
        r"\bhas runAsNonRoot and image (?:will run as root|has non-numeric user)",
    ),
    # --- volume: attach, mount, provisioning (not fullness) ---------------------------------
    _rule(
        "volume",
        "failedmount failedattachvolume mount mountvolume attach attachvolume volume volumes "
        "provisioningfailed provision provisioning persistentvolumeclaim persistentvolumeclaims "
        "pvc persistentvolume csi storageclass multi unbound nodepublishvolume nodestagevolume "
        "failedbinding stale unmountvolume claimlost lost controllerpublishvolume failedmapvolume "
        "mapvolume attacher attached disk detach",
        r"\bFailedMount\b",
        r"\bstale (?:NFS )?file handle\b",
        r"\bUnmountVolume\.\w+ failed",
        r"\bClaimLost\b",
        r"(?-i:\bLost[ \t]+pvc-\w)",
        r"\bFailedAttachVolume\b",
        r"\bFailedBinding\b",
        r"\bMulti-Attach error\b",
        r"\bMountVolume\.\w+ failed",
        r"\bFailedMapVolume\b",
        r"\bMapVolume\.\w+ failed",
        r"\btimed out waiting for external-attacher\b",
        r"\bfailed to attach (?:the )?(?:disk|volume)\b",
        r"\bfailed to detach (?:the )?(?:disk|volume)\b",
        r"\b(?:disk|volume) is (?:already )?attached to (?:another|a different) "
        r"(?:vm|node|instance)",
        r"\bAttachVolume\.\w+ failed",
        r"\bunable to (?:attach or )?mount volumes",
        r"\bProvisioningFailed\b",
        r"\bcsi\b.{0,60}?\boperations? (?:are |is )?(?:failing|failed)\b",
        r"\bfailed to provision volume",
        r"\bwaiting for (?:a volume to be created|first consumer)",
        r"\bunbound immediate PersistentVolumeClaims",
        r"\bdidn't find available persistent volumes",
        r"\bno persistent volumes available",
        r"\bvolume node affinity conflict",
        r"\b(?:persistentvolumeclaim|pvc)s?\b.{0,80}\b(?:pending|not bound|is lost|lost|"
        r"not found|failed)\b",
        r"\bpersistentvolume\b.{0,60}\b(?:failed|pending|lost|error)",
        r"\bstorageclass\b.{0,60}\bnot found",
        r"\bNode(?:Publish|Stage|Unpublish|Unstage)Volume\b",
        r"\bControllerPublishVolume\b",
        r"\bnot found in the list of registered CSI drivers",
        r"\bcsi\b.{0,80}\b(?:error|failed|timed out|timeout)",
        r"\bvolume\b.{0,80}\b(?:failed to (?:attach|mount|detach|provision|resize)|"
        r"is already (?:attached|exclusively attached|in use)|not attached|attach(?:ment)? "
        r"timeout|stuck|in use by)",
        r"\bmount(?:ing)? (?:failed|error)\b",
        r"\bmount: .{0,80}(?:wrong fs type|bad superblock|permission denied|no such)",
        r"\bmount\.nfs\b",
    ),
    # --- scheduling and capacity ------------------------------------------------------------
    _rule(
        "scheduling",
        "failedscheduling nodes node insufficient unschedulable taint taints untolerated "
        "preemption affinity selector scale nottriggerscaleup outofcpu outofmemory outofpods",
        r"\bFailedScheduling\b",
        r"\b\d+/\d+ nodes are available",
        r"(?<!has )\bInsufficient "
        r"(?:cpu|memory|pods|ephemeral-storage|nvidia\.com/gpu|[\w.]+/[\w.-]+)\b",
        r"\bnode\(s\) (?:didn't|had|were)\b",
        r"\buntolerated taint",
        r"\bUnschedulable\b",
        r"\bpreemption: ",
        r"\bpod didn't trigger scale-up",
        r"\bNotTriggerScaleUp\b",
        r"(?-i:\bOutOf(?:cpu|memory|pods)\b)",
    ),
    _rule(
        "scheduling",
        "hpa horizontalpodautoscaler replicas replica maxreplicas quota quotas overcommit "
        "overcommitted committed pending capacity maxed autoscaler tolerate scheduling trigger "
        "pods stuck waiting scalinglimited toomanyreplicas schedule incompatible exceed nodepool "
        "provisioner ipam addresses pool maxreplicacount insufficientinstancecapacity insufficient "
        "sufficient group increased nodeclaim kube_node_status_capacity allowed nodegroup",
        r"\bScalingLimited\b.{0,30}?\bTooManyReplicas\b|\bTooManyReplicas\b",
        r"\b(?:at|reached|hit|hitting) (?:its |the )?maxReplicaCount\b",  # KEDA
        r"\bmax(?:imum)? node ?group size reached\b",  # cluster-autoscaler
        # the cloud has no machine to add (cluster-autoscaler, Karpenter)
        r"(?-i:\bInsufficientInstanceCapacity\b)",
        r"\binsufficient capacity\b",
        r"\bdo not have sufficient \S+ ?capacity\b",
        r"\bscale-up: setting group \S+ size to \d+ failed",
        r"\bhas not increased its size\b",
        r"\bfailed launching nodeclaim\b",
        r"\bkube_node_status_capacity\{resource=\"pods\"\}",
        r"\b\d+ of \d+ allowed pods\b",
        r"\bpod capacity\b.{0,20}?\b(?:almost|nearly|full|reached|exhausted)",
        r"\bmore than the maximum replica count\b",
        r"\b(?:could not|couldn't|unable to|failed to|cannot) schedule (?:the )?pods?\b",
        r"\bincompatible with (?:nodepool|provisioner)",
        r"\bexceed limits for (?:nodepool|provisioner)",
        r"\bnode ?pool\b.{0,60}?\b(?:nearing|near|at|reached|exceed\w*|approaching) (?:its |the )?"
        r"(?:capacity|limits?)\b",
        r"\bIPAM\b.{0,40}?\b(?:exhausted|full|no (?:more )?(?:free |available )?(?:ip )?"
        r"(?:ips|addresses))",
        r"\bexhausted (?:its |the )?IPAM\b",
        r"\bno (?:more )?(?:free |available )?IP addresses (?:left|available|in)\b",
        r"\b(?:running|run|scaled|stuck|been) at (?:its )?max(?:imum)? (?:number of )?"
        r"(?:replicas|replica count)",
        r"\bmax(?:imum)? replicas\b.{0,40}\b(?:reached|for longer|hit)",
        r"\breached (?:its |the )?max(?:imum)? (?:number of )?replicas",
        r"\b(?:hpa|horizontalpodautoscaler)\b.{0,60}?\b(?:at|on) (\d+)/\1 replicas\b",
        r"\b(?:hpa|horizontalpodautoscaler)\b.{0,60}\b(?:max(?:imum)?|maxed|limit|"
        r"not matched the desired|unable to scale)",
        r"\bexceeded quota\b",
        r"\bfailed quota\b",
        r"\b(?:resource ?)?quota\b.{0,60}\b(?:exceeded|almost full|fully used|nearly "
        r"(?:full|exhausted)|is full|" + _PCT + r")",
        r"\bovercommit(?:ted)?\b",
        r"\bover-committed\b",
        r"\bcannot tolerate node failure",
        r"\btoo many pods\b",
        r"\bout of pod capacity\b",
        r"\bpods? (?:has been |have been |are |is |stuck )?(?:in )?(?:the )?pending\b"
        r"(?! termination)",
        r"\bpods? (?:stuck|waiting) (?:in|for) (?:scheduling|pending)",
        r"\b(?:stays?|remains?|stuck|stuck in|keeps? being|still) (?:in )?pending\b",
        r"^\S+ +\d+/\d+ +Pending\b",
    ),
    # --- dependency_limit: limits of databases, pools, buffers, breakers, rate limits -------
    _rule(
        "dependency_limit",
        "clients connections connection slots maxclients max_client_conn pool pools circuitbreaker "
        "queuepool hikaripool bufferexhaustedexception buffer allocate circuit breaker overflow "
        "rejectedexecutionexception esrejectedexecutionexception rejected children "
        "worker_connections requests rate ratelimited ratelimit throttled throttling limit "
        "resource_exhausted resourceexhausted quota acquiring er_con_count_error certificates "
        "upstreamoverflow upstream_reset_before_response_started blocked execution size capacity "
        "obtaining simultaneous concurrent parallel too_many_simultaneous_queries queue "
        "waitqueuefullerror mongowaitqueuefullerror mongowaitqueuefullexception waiting ora "
        "processes sessions "
        "checking checkout checkouts",
        r"\btoo many clients\b",
        r"\bblocked because of many connection errors\b",
        r"\brejected execution of\b",
        r"\bremaining connection slots are reserved",
        r"\btoo many connections\b",
        r"\bER_CON_COUNT_ERROR\b",
        r"\bmax_user_connections\b",
        r"\bmax(?:imum)? number of clients reached",
        r"\bmaxclients\b",
        r"\bno more connections allowed",
        r"\bmax_client_conn\b",
        r"\bconnection is not available, request timed out",
        r"\bHikariPool-\d+ - Connection is not available",
        r"\bQueuePool limit of size",
        r"(?<!node )(?<!ip )\b(?:connection )?pool (?:is |has been |was |got )?(?:exhausted|full|"
        r"limit reached)",
        r"\bconnection pool timeout\b",  # go-redis
        # clients queueing for a pooled connection (PgBouncer cl_waiting, Hikari pending)
        r"\b\d+ (?:clients?|threads?|callers?) (?:are )?(?:waiting|pending) (?:for )?(?:a )?"
        r"(?:server )?connection\b",
        r"\bconnection not available and request was dropped from queue\b",  # Elixir DBConnection
        r"\bMongoWaitQueueFullError\b",
        r"\bMongoWaitQueueFullException\b",
        r"\bWaitQueueFullError\b",
        r"\bwait queue (?:for \S+ )?is full\b",
        r"\btoo many (?:operations|threads|requests) (?:are )?already waiting for a connection",
        r"\b(?:could not|unable to|failed to|cannot|can't) (?:get|acquire|obtain|checkout|"
        r"check out) (?:a )?(?:new )?connection from (?:the )?pool",
        r"\btimeout (?:waiting for|acquiring) (?:a )?connection",
        r"\bthe pool is probably full",
        r"\bcannot get a connection, pool error",
        r"\bBufferExhaustedException\b",
        r"\bfailed to allocate memory within the configured max blocking time",
        r"\bcircuit[ _-]?breaker\b.{0,40}\b(?:open|opened|tripped|overflow|overflowing)",
        r"\b(?:upstream_rq_pending_overflow|upstream_cx_overflow)\b",
        r"\breset reason: overflow",
        r"(?-i:\bUpstreamOverflow\b)",
        r"\bupstream_reset_before_response_started\{overflow\}",
        r"\b(?:Es)?RejectedExecutionException\b",
        r"\bes_rejected_execution_exception\b",
        r"\bserver reached (?:pm\.)?max_children",
        r"\bworker_connections are not enough",
        r"\bmax(?:imum)? (?:number of )?(?:active |open |concurrent )?connections "
        r"(?:reached|exceeded|limit)",
        r"\bconnection limit (?:reached|exceeded|approaching)",
        r"\bconnections?\b.{0,40}\b(?:near|close to|approaching|above|at) (?:the |its )?"
        r"(?:max(?:imum)?|limit)",
        _PCT + r" of (?:the )?(?:max(?:imum)? (?:number of )?|available )?connections",
        r"\b(?:api )?rate[ -]?limit(?:ed|ing)?\b.{0,40}\b(?:exceeded|reached|hit|by)",
        r"\brate limit exceeded\b",
        r"\bRateLimited\b",
        r"\btoo many requests\b",
        r"\bRESOURCE_EXHAUSTED\b",
        r"\bcode = ResourceExhausted\b",
        r"\bquota exceeded for\b",
        r"\btoo many certificates (?:already )?issued",
        r"\btimeout acquiring a connection",
        r"\bmax pool size (?:was )?reached\b",  # .NET SqlClient, Npgsql
        r"\bprior to obtaining a connection from the pool\b",
        r"\bconnection capacity\b.{0,40}?(?:above|nearing|near|critical|exhaust|" + _PCT + ")",
        r"\btoo many (?:simultaneous|concurrent|parallel) (?:queries|requests|connections)\b",
        r"\bTOO_MANY_SIMULTANEOUS_QUERIES\b",
        r"\bLocal: Queue full\b",  # librdkafka producer queue
        # Oracle: the instance's process or session limit; the listener with no handler left
        r"\bORA-000(?:18|20)\b|\bORA-1251[69]\b",
        r"\bmax(?:imum)? number of processes \(\d+\) exceeded",
        r"\bmax(?:imum)? number of sessions \(\d+\) exceeded",
        # a client pool checked out in full (Mongo drivers, generic pool gauges)
        r"\b(?:timed out|timeout) (?:while )?(?:checking out|acquiring|waiting for|getting) "
        r"(?:a )?connection from (?:the )?(?:connection )?pool\b",
        r"\bpool\b.{0,20}?\b(\d+) ?/ ?\1 (?:in use|busy|active|checked out)\b",
        r"\bcheckouts?\b.{0,30}?\btim(?:e|ed|ing) ?out\b",
    ),
    # --- oom --------------------------------------------------------------------------------
    _rule(
        "oom",
        "oom oomkilled oomkilling oomkill oomkiller memory systemoom killed process reason "
        "oomevent oomevents",
        r"(?<![a-z0-9_])oom[ _-]?kill(?:ed|er|ing)?\b",
        r"(?-i:OOMKill)",
        r"(?-i:(?<![A-Za-z0-9_])OOM(?![A-Za-z0-9_]|Score|_))",
        r"\binvoked oom-killer\b",
        r"\bmemory cgroup out of memory\b",
        r"\bout of memory: kill(?:ed)? process",
        r"\bkilled process \d+ \(",
        r"(?-i:\bSystemOOM\b)",
        r"\bsystem oom encountered",
        r"\boom[ _-]?(?:events?|reaper|kill events?)\b",
        r"\b\w*oom_(?:events|kills?)(?:_total)?\b(?![\"':= ]*0\b)",
        remediation=DOUBLE_MEMORY,
        finding="was killed for exceeding its memory limit",
    ),
    _rule(
        "oom",
        "exit 137",
        r"\bexit(?:[ _]?code|[ _]status|ed with(?: exit)? code)[:= ]+\"?137\b",
        support=True,
    ),
    _rule(
        "oom",
        "outofmemoryerror outofmemoryexception memoryerror nomemoryerror memory heap enomem "
        "allocate allocation oom data circuit_breaking_exception circuitbreakingexception "
        "maxmemory gc large memory_limit_exceeded bad_alloc",
        r"\bOutOfMemory(?:Error|Exception)\b",
        r"\bjava heap space\b",
        r"\bstd::bad_alloc\b",  # C++: operator new could not allocate
        r"\bgc overhead limit exceeded\b",
        r"\b(?:No)?MemoryError\b",
        r"\bruntime: out of memory\b",
        r"\bcannot allocate memory\b",
        r"\bENOMEM\b",
        r"\bjavascript heap out of memory\b",
        r"\breached heap limit\b",
        r"\bmemory allocation of \d+ bytes failed",
        # a runtime refused an allocation of a stated size (Erlang, numpy, C libraries)
        r"\b(?:cannot|can't|unable to|could not|couldn't|failed to) allocate \d[\d.,]* ?"
        r"(?:bytes|[KMGT]i?B)\b",
        r"\ballowed memory size of \d+ bytes exhausted",
        r"\bfailed to allocate memory\b",
        r"\bOOM command not allowed",
        r"\bmemory (?:resource limit )?alarm\b",
        r"\b(?:vm_)?memory[ _]high[ _]watermark\b",
        r"\bused memory > 'maxmemory'",
        r"\bData too large\b",
        r"\bcircuit_breaking_exception\b",
        r"\bCircuitBreakingException\b",
        r"\bout of memory\b",
        r"\bout-of-memory\b",
        r"\bmemory limit (?:\([^)]*\) )?(?:exceeded|reached)\b",  # ClickHouse, Mimir, Loki
        r"\bMEMORY_LIMIT_EXCEEDED\b",
        r"\bGC heap (?:hard )?limit\b.{0,20}?\bexceeded\b",  # .NET
        r"\b(?:allocating|allocates|using|uses|consuming|consumes) too much memory\b",
        remediation=DOUBLE_MEMORY,
    ),
    _rule(
        "oom",
        "memory mem ram heap rss",
        _MEM + r"\b.{0,50}?\b(?:is |are )?(?:at|above|near|over|close to|exceeds?|exceeding|"
        r"reached|reaching|approaching|hitting|of)\b.{0,30}?\blimits?\b",
        r"\b(?:near|close to|approaching|reached|reaching|exceed(?:s|ed|ing)?|above|over|hit|"
        r"hitting) (?:its |the |their )?(?:container |configured |pod )?" + _MEM + r" limit",
        _MEM + r"\b.{0,40}?\b(?:usage|used|utili[sz]ation|consumption|use|working set)\b"
        r"(?:(?!\b(?:under|below|less than|lower than)\b|<).){0,40}?" + _PCT,
        _PCT + r" (?:of )?(?:its |the |their )?(?:container )?(?:memory|heap)\b",
        r"\b(?:high|excessive|critical) " + _MEM + r" (?:usage|use|consumption|utili[sz]ation)",
        _MEM + r" (?:usage|utili[sz]ation|consumption|use) (?:is )?(?:too |very )?"
        r"(?:high|critical)",
        _MEM + r" (?:is )?(?:filling up|nearly full|almost full|exhausted|running out)",
        r"\b(?:running|run|ran) out of (?:system |available )?" + _MEM,
        r"\b(?:low|little) (?:available|free) " + _MEM,
        r"\bavailable " + _MEM + r" (?:is )?(?:low|below)",
        remediation=DOUBLE_MEMORY,
        finding="is about to run out of memory",
    ),
    # --- disk_full ----------------------------------------------------------------------------
    _rule(
        "disk_full",
        "nodefilesystem filesystem disk file",
        r"\bNodeFilesystem",
        r"\bfilesystem on /dev/\S+.{0,60}\b(?:space|inodes)",
        r"\b(?:node|host)\b.{0,40}\b(?:disk|filesystem|file system)\b.{0,40}"
        r"\b(?:full|filling|space|almost|predicted)",
        advice_only=True,
        why_manual=NODE_DISK_REASON,
    ),
    _rule(
        "disk_full",
        "space enospc disk full edquot quota flood watermark extend errcode errno 28 errcode28 "
        "errno28 persistentvolumefillingup fill free "
        "inodes inode filling block storage persistentvolume filesystem partition mountpoint "
        "mount index "
        "persistentvolumes volume pvc database mvcc table alarm",
        r"\bno space left on device\b",
        r"\bENOSPC\b",
        r"\bdisk (?:is )?full\b",
        r"\bnot enough (?:disk |free )?space\b",
        r"\b(?:running |ran |run |is )?out of (?:disk |storage |free )?space\b",
        r"\bdisk quota exceeded\b",
        r"\bEDQUOT\b",
        r"\bflood[ -]stage\b",
        r"\b(?:high|low) disk watermark\b",
        r"\bindex read-only / allow delete\b",
        r"\bcould not extend file\b",
        r"\bthe table '?\S+'? is full\b",
        r"\b(?:errcode|errno|os error(?: code)?):? ?28\b",
        r"\bdatabase space exceeded\b",
        r"\b(?:disk|volume|filesystem|file system|partition|storage|pvc|persistent ?volume|"
        r"persistentvolume|data directory)\b.{0,60}?\b(?:almost|nearly|is|are|running|getting|"
        r"will be|becomes?) (?:full|out of space)\b",
        r"\b(?:disk|volume|filesystem|file system|storage|persistent ?volume|"
        r"persistentvolume|inodes?|space)\b.{0,40}?\bfilling up\b",
        r"\bpersistent ?volume ?(?:inodes ?)?filling ?up",
        r"\b(?:disk|volume|filesystem|file system|partition|storage|pvc|persistent ?volume|"
        r"mount ?point)\b.{0,60}?\b\d+(?:\.\d+)? ?% (?:full|used|utili[sz]ed)\b",
        r"\b(?:disk|volume|filesystem|file system|partition|storage|pvc|mount ?point)\b.{0,60}?"
        r"\bonly\b.{0,25}?\b(?:free|left|available|remaining)\b",
        r"\b(?:expected|predicted|will|may|going) to (?:fill|run out)\b",
        r"\b(?:fill|full) (?:up )?(?:in|within) (?:\d+|four|the next)",
        r"\b(?:only )?" + _PCT + r" (?:of )?(?:free |available )?(?:disk |storage )?"
        r"(?:space|inodes?) (?:left|free|available|remaining)",
        r"\b(?:free|available) (?:disk |storage )?(?:space|inodes?)\b.{0,40}?"
        r"(?:is |are )?(?:critically |very |too |getting )?(?:low|below|less than|under|"
        + _PCT
        + ")",
        r"\bfilesystem space\b.{0,40}?\b(?:is )?(?:critically |very |too |getting )?low\b",
        r"\b(?:disk|storage|volume|filesystem)(?: space)? (?:usage|utili[sz]ation|used)\b"
        r".{0,30}?" + _PCT,
        r"\b(?:low|little) (?:disk|storage) space\b",
        r"\b(?:pvc|volume|disk|storage|filesystem)\b.{0,30}?\busage\b.{0,30}?(?:high|above|over|"
        r">|critical|\d+(?:\.\d+)? ?%)",
        r"\b(?:storage|disk|space|volume)\b.{0,20}?\b(?:is )?running out\b",
        r"\bless than \d+(?:\.\d+)? ?% (?:of (?:the )?(?:disk|volume|storage|space|filesystem) )?"
        r"(?:is |are )?(?:free|left|available)",
        r"\bdisk space (?:is )?(?:low|critical|running low|insufficient)",
        r"\bdisk (?:resource )?(?:limit )?alarm (?:set|raised|triggered|is set)\b",  # RabbitMQ
        r"\b(?:out of|no free|exhausted|running out of) inodes\b",
        r"\binodes? (?:are |is )?(?:exhausted|almost|nearly)",
        remediation=None,
    ),
    # --- too_many_open_files ------------------------------------------------------------------
    _rule(
        "too_many_open_files",
        "files file emfile enfile descriptor descriptors filedescriptor filedescriptors fd fds "
        "nofile handles 24 max",
        r"\btoo many open files\b",
        r"\bE[MN]FILE\b",
        r"\bfile[ _-]?descriptors?\b.{0,40}?\b(?:limit|exhausted|exhaustion|usage|running "
        r"out|are out|near|used|almost|too low|" + _PCT + ")",
        r"\b(?:out of|exhausted|running out of|ran out of) file[ _-]?descriptors",
        r"\b(?:open|used) (?:file )?descriptors?\b.{0,40}?" + _PCT,
        _PCT + r" of (?:its |the )?(?:open |available |allowed )?file[ _-]?descriptors\b",
        r"\bprocess_(?:open|max)_fds\b",
        r"\bfd (?:limit|exhaustion|usage)\b",
        r"\bulimit\b.{0,30}\b(?:nofile|open files)",
        r"\bos error 24\b",
        r"\berrno 24\b",
        r"\(24: too many",
        r"\bfile handles? (?:exhausted|limit)",
        r"\bno file descriptors available\b",
        r"\bfile-max limit \d* ?reached\b",
        r"\bfile-nr\b.{0,30}?(?:\bfile-max\b|" + _PCT + ")",
    ),
    # --- cert_expiry ------------------------------------------------------------------------
    _rule(
        "cert_expiry",
        "certificate certificates cert certs expired expiry expiration expiring expire "
        "expires cert_has_expired certificateexpiredexception notafter ssl tls x509 renewal "
        "renew err_cert_date_invalid sec_error_expired_certificate "
        "sec_error_expired_issuer_certificate ssl_error_expired_cert_alert "
        "x509_v_err_cert_has_expired issuer renewed certificaterequest certexpired "
        "certexpiry certexpires certexpiring certexpiration days_until_expiration daystoexpiry "
        "certificatenearexpiry certificateexpired",
        r"\bcertificate has expired\b",
        r"\bcertificate (?:is |was )?expired\b",
        r"\bcert(?:ificate)?s?[ _-]?(?:is |will |has |have |are |was )?"
        r"(?:expir(?:ed|es|ing|y|ation)|about to expire|close to expir|due to expire)",
        r"\bexpir(?:ed|ing|y|ation)\b.{0,20}\b(?:ssl |tls |x509 |client |server )?"
        r"cert(?:ificate)?s?\b",
        r"\b(?:ssl|tls|x509)\b.{0,40}?\bexpir(?:ed|es|ing|y|ation)",
        r"\bCERT_HAS_EXPIRED\b",
        r"\bcertificate\b.{0,60}?\b(?:has|had|is) expired\b",
        r"\bcertificate\b.{0,60}?\brenewal (?:failed|failure|error)",
        r"\bCertificateExpiredException\b",
        r"\bcertificate[ _]expired\b",
        r"\bNotAfter\b",
        r"\bERR_CERT_DATE_INVALID\b",
        r"\bSEC_ERROR_EXPIRED_(?:ISSUER_)?CERTIFICATE\b",
        r"\bSSL_ERROR_EXPIRED_CERT_ALERT\b",
        r"\bX509_V_ERR_CERT_HAS_EXPIRED\b",
        r"\bcertificate has expired or is not yet valid",
        r"\bcert(?:ificate)?s?\b.{0,120}?\bexpires? (?:in|on|at|soon|within)",
        r"\b(?:issuer|ca|pki|intermediate|root)\b.{0,60}?\bexpires? (?:in|on|within|soon)\b",
        r"\bcert(?:ificate)?s?\b.{0,60}?\bshould be renewed\b",
        r"\bcertificate ?request\b.{0,30}?\b(?:has )?failed\b",
        r"\bcert(?:ificate)?\b.{0,60}?\bfrom expiry\b",
        r"\bcert(?:ificate)? (?:renewal|rotation) (?:errors?|failed|failing|failure)",
        r"\bfailed to (?:renew|rotate) (?:the )?(?:client |server |serving )?cert",
        # days left as a field or metric (Envoy admin /certs, ACM), cloud CA events
        r"\bdays_until_expiration\"?[:=] ?\"?(?:[0-9]|[12][0-9])\b(?![.,]\d)",
        r"(?-i:\bDaysToExpiry\b)(?![ :=\"]*(?:[3-9]\d|\d{3,})\b)",
        r"(?-i:\bCertificate(?:NearExpiry|Expired)\b)",
    ),
    # --- tls_error: trust failures other than expiry ------------------------------------------
    _rule(
        "tls_error",
        "x509 authority certificate certificates cert verify certificate_verify_failed issuer "
        "self signed unable_to_verify_leaf_signature depth_zero_self_signed_cert "
        "self_signed_cert_in_chain err_tls_cert_altname_invalid altnames pkix certification "
        "sslhandshakeexception handshake handshake_failure tls ssl sslerror ssl_error "
        "ssl_error_syscall routines alternative san hostname sec_error_unknown_issuer "
        "suncertpathbuilderexception trusted openssl_internal wrong version remote untrustedroot "
        "remotecertificatenamemismatch remotecertificatechainerrors match subject first alert "
        "sslpeerunverifiedexception",
        r"\bx509: ",
        r"\bunknown (?:certificate )?authority\b",
        r"\bunable to get (?:local )?issuer certificate",
        r"\bself[- ]signed certificate",
        r"\bUNABLE_TO_VERIFY_LEAF_SIGNATURE\b",
        r"\bunable to verify the first certificate\b",
        r"\bSSLPeerUnverifiedException\b",
        r"\bDEPTH_ZERO_SELF_SIGNED_CERT\b",
        r"\bSELF_SIGNED_CERT_IN_CHAIN\b",
        r"\bERR_TLS_CERT_ALTNAME_INVALID\b",
        r"\bdoes not match certificate's altnames",
        r"\bPKIX path (?:building|validation) failed",
        r"\bunable to find valid certification path",
        r"\bSunCertPathBuilderException\b",
        r"\bSSLHandshakeException\b",
        r"\bhandshake[_ ]failure\b",
        r"\b(?:tls|ssl) handshake (?:error|failed|failure|timeout|timed out)",
        r"\bremote error: tls: ",
        r"\bALERT: Fatal - (?:Unknown CA|Bad Certificate|Handshake Failure|Certificate Unknown)",
        r"\btls: (?:bad certificate|unknown certificate|failed to verify|first record|"
        r"handshake(?! (?:complete|completed|done|succeeded|successful|ok)\b)|protocol version|"
        r"no (?:application|cipher))",
        # .NET (SslStream, HttpClient): the chain status names the trust failure
        r"\bremote certificate (?:is invalid|was rejected)",
        r"\b(?:UntrustedRoot|PartialChain|RemoteCertificate(?:NameMismatch|ChainErrors))\b",
        r"\bwrong version number\b",
        r"\b(?:no )?subject alternative (?:names?|DNS name) (?:matching|match)",
        r"\bdoesn't match any of the subject alternative names",
        r"\bhostname mismatch\b",
        r"\bcertificate\b.{0,60}?\bdoes not match (?:the )?(?:target )?host ?name\b",
        r"\b(?:no alternative )?certificate subject name\b.{0,60}?\bmatch(?:es)? target host",
        r"\bcertificate (?:is )?not (?:trusted|valid for)",
        r"\bSEC_ERROR_UNKNOWN_ISSUER\b",
        r"\bupstream SSL certificate verify error",
        r"\bpeer certificate cannot be authenticated",
        r"\bcertificate (?:chain|validation|verification) (?:error|failed|failure)",
    ),
    # What a client wraps any trust failure in; an expiry shown elsewhere in the text explains
    # it (Python's SSLError around "certificate has expired").
    _rule(
        "tls_error",
        "certificate verify certificate_verify_failed ssl sslerror ssl_error routines tls "
        "established",
        r"\bcertificate verify failed\b",
        r"\bCERTIFICATE_VERIFY_FAILED\b",
        r"\bthe SSL connection could not be established\b",
        r"\bSSL(?:Error| routines|_ERROR_\w+)\b",
        r"\b(?:ssl|tls) (?:connection )?errors?\b",
        explained_by="cert_expiry",
    ),
    # --- cpu_throttling -----------------------------------------------------------------------
    _rule(
        "cpu_throttling",
        "cpu throttling throttled throttle cfs nr_throttled throttled_time throttled_usec "
        "cputhrottling cputhrottled cputhrottle cputhrottl "
        "periods processor core cores limit",
        r"\bcpu[ _-]?throttl\w*",
        r"\bthrottl\w* (?:of )?cpu\b",
        r"\bcfs[ _]throttled",
        r"\bnr_throttled\b",
        r"\bthrottled_(?:time|usec|periods)\b",
        r"\bthrottled (?:periods|time)\b",
        r"\b(?:high )?throttl(?:e|ing) (?:rate|ratio|percentage)\b",
        r"\b" + _PCT + r" throttling\b",
        r"\bcpu\b.{0,40}?\b(?:at|near|above|reached|hitting|exceeds?|of) (?:its |the )?"
        r"(?:cpu )?limit",
        r"\b(?:cpu|processor) limit (?:reached|saturat\w*|exceeded|hit)",
        r"\bbeing throttled\b",
        r"(?<![a-z0-9])cfs[ _.]throttled",
        r"\b\d+(?:\.\d+)? ?s (?:of (?:every|each) (?:minute|second|period) )?throttled\b",
        r"\b(?:hit|hits|hitting|reached|at) (?:their|its|the) \d+(?:\.\d+)?[ -]?(?:cores?|cpus?|"
        r"vcpus?|m)\b(?: cpu)? limit",
    ),
    # --- node_health --------------------------------------------------------------------------
    # A scrape target or service reported down or missing: often the result of a crash.
    _rule(
        "node_health",
        "targetdown target targets exporter instance agent disappeared discovery service services "
        "endpoint endpoints job application website site up",
        r"\bTargetDown\b",
        r"\btargets? (?:is |are |has been )?(?:down|missing|unreachable|disappeared)",
        r"\btargets?\b.{0,60}?\b(?:are|is) down\b",
        r"\b(?:exporter|scrape target|instance|agent)s? (?:is |has been |are )?"
        r"(?:down|unreachable|not responding|offline)\b",
        r"\bhas disappeared from (?:prometheus )?(?:target|service) discovery",
        r"\b(?:services?|endpoints?|job|application|website|site)s?\b"
        r"(?: (?!shutting|scal|slow|wind|going|count|for)\S+){0,2}? "
        r"(?:is |are |has been |was |went )?(?:down|unreachable|not responding|offline)\b",
        r"\bup ?== ?0\b",
        r"\bup\{[^}]*\} ?== ?0\b",
        r"\b(?:is|are) not up\b",
        availability=True,
        finding="is not answering its health checks or scrapes",
    ),
    _rule(
        "node_health",
        "nodenotready notready ready node nodes unreachable kubelet pleg memorypressure deadlock "
        "diskpressure pidpressure pressure networkunavailable targetdown target targets "
        "down clock ntp skew synchronising synchronizing flapping nodehasdiskpressure "
        "nodehasinsufficientmemory kerneldeadlock instance exporter scrape nodestatusunknown "
        "failedcreatepodsandbox sandbox networknotready network cni master leader quorum serving "
        "statuscheckfailed check checks unreachable synchronise synchronize synchronized sources "
        "runtime dial lifecycle interface containerruntimeunhealthy containerruntimeisunhealthy "
        "kubeletunhealthy kubeletisunhealthy frequentkubeletrestart frequentcontainerdrestart "
        "frequentdockerrestart frequentcriorestart functioning taskhung blocked readonlyfilesystem "
        "hosterror host provider deletingnode condition containergcfailed",
        r"\bNodeNotReady\b",
        r"\bnode\b.{0,60}?\b(?:is |has been |became |was )?not[ -]?ready\b",
        r"\bNotReady\b",
        r"\bnode\b.{0,40}?\bunreachable\b",
        r"\bkubelet stopped posting node status",
        r"\bNodeStatusUnknown\b",
        r"\bkubelet (?:is |has been |was |went )?(?:down|not running|unhealthy|stopped|"
        r"unreachable|not responding)\b",
        r"\bPLEG is not healthy",
        r"\bcontainer runtime (?:is )?(?:down|not ready)",
        r"\b(?:Memory|Disk|PID)Pressure\b",
        r"\bnode\b.{0,40}?\b(?:memory|disk|pid) pressure\b",
        r"\b(?:memory|disk|pid) pressure\b.{0,30}?\bnode\b",
        r"\b(?:network )?interface\b.{0,60}?\b(?:errors?|drops?|dropped|flapping|is down)\b",
        r"\bNodeHas(?:Disk|Memory|PID)Pressure\b",
        r"\bNodeHasInsufficientMemory\b",
        r"\bNetworkUnavailable\b",
        r"\bKernelDeadlock\b",
        r"\bkernel deadlock\b",
        r"\bFailedCreatePodSandBox\b",
        r"\bfailed to (?:create pod sandbox|setup network for sandbox)",
        r"\bNetworkNotReady\b",
        r"\bnetwork (?:plugin )?(?:is )?not ready\b",
        r"\bcni plugin not initialized\b",
        r"\bmaster not discovered\b",
        r"\b(?:has |have )?no (?:elected |cluster |raft )?leader\b",
        r"\bleader (?:election )?(?:lost|not elected|not found|unavailable)\b",
        r"\b(?:lost|no) quorum\b",
        r"\bquorum (?:lost|not (?:reached|available))\b",
        r"\bnot currently serving requests\b",
        r"(?<![(\w])(?:node|host|kubelet)s? (?:is |has been |are )?(?:down|unreachable|"
        r"not responding|offline)\b(?!.*\bno route to host\b)",
        r"(?<!check )\bclock\b.{0,40}?\b(?:skew|drift|not synchroni[sz]ing|out of sync|"
        r"not synchroni[sz]ed|offset)",
        r"\bNTP\b.{0,40}?\b(?:not|unsynchroni|sync)",
        r"\bready(?:ness)? (?:status )?(?:is )?flapping\b",
        r"\binterface\b.{0,40}?\b(?:flapping|is down)\b",
        r"\b(?:instance|system) status checks? (?:has |have )?failed\b",  # EC2
        r"\bStatusCheckFailed(?:_Instance|_System)?\b",
        r"\bunreachable (?:nodes?|hosts?)\b",
        r"\bclock\b.{0,20}?\b(?:wrong|off) by\b",
        r"\bcan(?:'|no)t synchroni[sz]e\b|\bno selectable sources\b",
        r"\bclock synchroni[sz]ed: no\b",
        r"\bcontainer runtime\b.{0,40}?\b(?:not running|unhealthy|sanity check failed|"
        r"status check failed|is down)",
        r"\b(?:Status|Version) from runtime service failed\b",
        r"\bdial unix \S*(?:containerd|crio|cri-dockerd|docker|dockershim)\.sock\b",
        r"\bPod Lifecycle Event Generator\b|\bPLEG\b.{0,40}?\b(?:relist|taking too long)",
        # the kubelet cannot post its node status
        r"\b(?:error updating|unable to update|failed to update) node status\b",
        r"\bupdate node status exceeds retry count\b",
        # node-problem-detector: conditions (a False row is healthy) and hung kernel tasks
        r"(?-i:\bContainerRuntimeUnhealthy\b)(?![ \t]+False\b)",
        r"(?-i:\bContainerRuntimeIsUnhealthy\b)",
        r"(?-i:\bKubeletUnhealthy\b)(?![ \t]+False\b)",
        r"(?-i:\bKubeletIsUnhealthy\b)",
        r"(?-i:\bFrequentKubeletRestart\b)(?![ \t]+False\b)",
        r"(?-i:\bFrequentContainerdRestart\b)(?![ \t]+False\b)",
        r"(?-i:\bFrequentDockerRestart\b)(?![ \t]+False\b)",
        r"(?-i:\bFrequentCRIORestart\b)(?![ \t]+False\b)",
        r"\b(?:kubelet|container runtime|containerd|docker) on the node is not functioning",
        r"(?-i:\bTaskHung\b)(?![ \t]+False\b)",
        r"\btask \S+ blocked for more than \d+ seconds\b",
        r"(?-i:\bReadonlyFilesystem\b)(?![ \t]+False\b)",
        # the machine under the node: a cloud host error, an instance that is gone
        r"(?-i:\bhostError\b)",
        r"(?-i:\bContainerGCFailed\b)",  # the runtime did not answer the kubelet's GC
        r"\ban error on the host machine\b",
        r"\bno longer present in (?:the )?cloud provider\b",
        r"\bdoes not exist in the cloud provider\b",
        r"(?-i:\bDeletingNode\b)",
        # a node's Ready condition false or unknown as a controller logs it (Karpenter repair)
        r"\bcondition\"?[:=] ?\"?Ready=(?:False|Unknown)\b",
        r"\bnode\b.{0,40}?\bReady=(?:False|Unknown)\b",
    ),
    # --- rollout_failure ----------------------------------------------------------------------
    _rule(
        "rollout_failure",
        "backofflimitexceeded backoff progressdeadlineexceeded deadline rollout rolled replica "
        "mismatch "
        "replicas generation job jobs cronjob cronjobs helmrelease kustomization release "
        "upgrade install installation rollback synced outofsync degraded failedcreate "
        "replicafailure deployment statefulset daemonset deadlineexceeded toomanymissedtimes "
        "missed sync operation objects health assessed rolloutaborted aborted backup "
        "backups compact compactor compaction halted scaled scaledjob scaledjobs comparisonerror "
        "syncerror helm stabilize progressing phase canary threshold revisionfailed revision "
        "workflow workflows pipeline pipelinerun taskrun podfailurepolicy failjob update "
        "current_revision stalled timed availability minimumreplicasunavailable waiting run",
        r"\bBackoffLimitExceeded\b",
        r"\breached the specified backoff limit",
        r"\bProgressDeadlineExceeded\b",
        r"\bexceeded its progress deadline",
        r"\bjob was active longer than specified deadline",
        # a Job's condition row or event (before the gRPC status of the same name)
        r"^(?:Failed[ \t]+True|Warning)[ \t]+DeadlineExceeded\b",
        r"\bTooManyMissedTimes\b|\bmissed (?:start times|schedules)\b",
        r"\brollout\b.{0,60}?\b(?:stuck|failed|not progressing|not (?:been )?completed|"
        r"timed out|exceeded|is not|has not|aborted|degraded)",
        r"\bRolloutAborted\b",
        r"\b(?:timed out|timeout) waiting for (?:the )?rollout\b",
        r"\bhelm (?:upgrade|install|rollback|uninstall|test)\b.{0,20}?\bfailed\b",
        r"\b(?:upgrade|install|installation|rollback) failed for release\b",
        # kstatus (Flux, Helm --wait): a workload never became ready
        r"\b(?:timeout|timed out) waiting for:? \[?(?:Deployment|StatefulSet|DaemonSet|Job|"
        r"Rollout|HelmRelease|Kustomization)[/ ]",  # owned by "waiting"
        r"\bhas failed progressing\b",  # OpenShift DeploymentConfig
        r"\bhas timed out progressing\b",
        r"\bdoes not have minimum availability\b",
        r"(?-i:\bMinimumReplicasUnavailable\b)",
        r"\bdeployment\.phase\"?[:=] ?\"?Failed\b",
        r"\bdid not stabilize\b",  # Spinnaker
        r"\bmanifest to stabilize\b",
        # Flagger, Knative: a canary or a new revision that failed
        r"\bcanary (?:analysis )?failed\b",
        r"\bfailed checks threshold reached\b",
        r"(?-i:\bRevisionFailed\b)",
        r"\brevision \"[\w.-]+\" failed with\b",
        # Argo Workflows, Tekton, Spinnaker: a run of a workflow or pipeline that failed
        r"\bworkflows?\b.{0,50}?\b(?:failed|phase:? Failed)\b",
        r"\bPipelineRun\b.{0,50}?\b(?:failed|phase:? Failed)\b",
        r"\bTaskRun\b.{0,50}?\b(?:failed|phase:? Failed)\b",
        r"\b(?:pipeline|task) run\b.{0,50}?\b(?:failed|phase:? Failed)\b",  # owned by "run"
        r"\bpipeline '[^']+' execution \S+ (?:TERMINAL|failed)\b",
        # the Job's pod failure policy ended it
        r"(?-i:\bPodFailurePolicy\b)",
        r"\bmatching FailJob rule\b",
        r"(?-i:\bComparisonError\b)",
        r"(?-i:\bSyncError\b)",
        r"\bassessed (?:Failed|Error|Inconclusive)\b",  # Argo Rollouts analysis
        # Argo CD: a sync that failed, an application whose health is Degraded
        r"\bsync operation\b.{0,60}?\bfailed\b",
        r"\bone or more objects failed to apply\b",
        r"\bhealth(?: status)?\b[ :=]{0,3}(?:\w+ ){0,2}?\"?Degraded\b",
        r"(?-i:^Status:[ \t]+\W{0,2}[ \t]*Degraded\b)",
        # periodic jobs of operators: backups, compactions, scaled jobs
        r"\bbackups?\b.{0,30}?\b(?:failures?|failed|failing|partially ?failed)\b",
        r"\bcompact(?:or|ion)?\b.{0,40}?\bhalted\b",
        r"\bscaled ?jobs?\b.{0,40}?\berrors?\b|\berrors?\b.{0,40}?\bscaled ?jobs?\b",
        r"\bnot (?:been )?rolled out\b",
        r"\bnot matched the expected number of (?:replicas|pods)",
        r"\breplicas? mismatch\b",
        r"\bgeneration (?:mismatch|for \S+ does not match)",
        r"\bhas failed but has not been rolled back",
        r"\b(?:deployment|statefulset|daemonset)\b.{0,80}?\b(?:update|rollout) (?:has )?"
        r"(?:not|failed|stuck|stalled)",
        r"\bupdate of (?:the )?(?:deployment|statefulset|daemonset)\b.{0,30}?"
        r"\b(?:has )?(?:stalled|stuck|failed|not progressed)",
        r"\brollout of (?:the )?(?:deployment|statefulset|daemonset)\b.{0,30}?"
        r"\b(?:has )?(?:stalled|stuck|failed|not progressed)",
        r"\bcurrent_revision\b.{0,20}?!=.{0,60}?\bupdate_revision\b",
        r"\bjob\b[^.;,]{0,60}?\b(?:failed to complete|did not complete|not completed|has failed|"
        r"is failing|failed(?=[:.;,)]|$| with| after| because| due)|taking (?:more|longer) than)",
        r"\bcron ?job\b.{0,60}?\b(?:failed|failing|missed|taking|not (?:run|scheduled)|"
        r"(?:has |have )?not (?:completed|succeeded|finished)|did not (?:complete|succeed|finish)|"
        r"unsuccessful)",
        r"\b(?:helm ?release|kustomization)\b.{0,60}?\b(?:failed|not ready|failure)",
        r"\b(?:install|upgrade) retries exhausted",
        r"(?-i:\b(?:UPGRADE|INSTALLATION|ROLLBACK) FAILED\b)",
        r"\brelease \S+ failed\b",
        r"\b(?:Upgrade|Install|Rollback|Release) \"[^\"]+\" failed\b",  # helm history
        r"\bhas been rolled back\b",
        r"\b(?:upgrade|install|release)\b.{0,20}?\bfailed\b.{0,40}?\bhelm",
        r"\bOutOfSync\b",
        r"\b(?:FailedCreate|ReplicaFailure)\b",
        r"\bpods? (?:are |is )?(?:not )?(?:scheduled|running|available) on .{0,40}"
        r"\bdaemonset\b",
        r"\bdaemonset\b.{0,80}?\b(?:not scheduled|misscheduled|not running|rollout)",
    ),
    # --- high_error_rate of a DNS server: it answers SERVFAIL (before the client's lookup) ----
    _rule(
        "high_error_rate",
        "servfail",
        r"\b(?:is )?(?:returning|returns|returned|answering(?: with)?|responding with) "
        r"SERVFAIL\b",
        r"\bSERVFAIL\b.{0,40}?" + _PCT,
    ),
    # --- high_error_rate of a PromQL selector over gRPC codes: it counts them, it did not
    # run into them (before the connection rule reads Unavailable or DeadlineExceeded) ------
    _rule(
        "high_error_rate",
        "grpc_code",
        r"\bgrpc_code ?(?:=~|!=|!~) ?\"[^\"]*\"",  # the selector whole: its "OK" is no verdict
    ),
    # --- high_latency decided by the reading side of a timeout (connected, answer slow) -------
    _rule(
        "high_latency",
        "timed upstream read timeout awaiting sockettimeoutexception upstreamrequesttimeout "
        "upstream_response_timeout",
        r"\btimed out\b(?=.*while (?:reading|sending)(?: response header)? (?:from|to) upstream)",
        r"\bupstream request timeout\b",
        r"(?-i:\bUpstreamRequestTimeout\b)",
        r"\bupstream_response_timeout\b",
        r"\bread timed out\b",
        r"\bread timeout\b",
        r"\bSocketTimeoutException: (?:Read timed out|timeout)",
        r"\bClient\.Timeout exceeded while awaiting headers",
        r"\btimeout awaiting response headers",
        finding="is responding too slowly for its clients",
    ),
    # --- connection_error ---------------------------------------------------------------------
    _rule(
        "connection_error",
        "connection connect connecting refused reset gone found econnrefused econnreset "
        "econnaborted "
        "etimedout ehostunreach enetunreach enotfound eai_again timeout timed dial host "
        "resolve resolution misbehaving unknownhostexception getaddrinfo "
        "network unreachable upstream reach communications established broker deadline "
        "deadlineexceeded unavailable nxdomain servfail lookup dns socket hang disconnected "
        "newconnectionerror connecttimeouterror connectexception closed lost "
        "mongoserverselectionerror "
        "serverselectiontimeouterror nonodeavailableexception masterdown addresses "
        "remotedisconnected master_link_status link socket thread known running "
        "upstreamconnectionfailure nohealthyupstream upstreamretrylimitexceeded "
        "upstreamconnectiontermination upstreamremotereset noroutefound dnsresolutionfailed "
        "upstream_reset_before_response_started no_healthy_upstream metadata prematurely live "
        "database grpc attempting connectionloss connectionlossexception additional "
        "endpoints losing amqpconnectionerror servers brokers hosts reachable nohostavailable "
        "nohostavailableexception tried actively made noroutetohostexception "
        "nolivingconnectionserror living",
        r"\bconnection refused\b",
        r"\bconnection to \S+ refused\b",
        r"(?-i:\b(?:UpstreamConnectionFailure|NoHealthyUpstream|UpstreamRetryLimitExceeded|"
        r"UpstreamConnectionTermination|UpstreamRemoteReset|NoRouteFound|DnsResolutionFailed)\b)",
        r"\bupstream_reset_before_response_started\{(?:remote_)?connection_(?:failure|termination)",
        r"\bno_healthy_upstream\b",
        r"\bserver has gone away\b",
        r"\bnot present in metadata after\b",
        r"\bupstream prematurely closed (?:the )?connection\b",
        r"\bno live upstreams\b",
        r"\bthe database system is (?:in recovery mode|starting up|shutting down|not yet "
        r"accepting connections)",
        r"\btimeout (?:while )?connecting to\b",
        r"\bhost not found in upstream\b",
        r"\bconnection reset\b",
        r"\bconnection (?:timed out|timeout)\b",
        r"\bconnect timed out\b",
        r"\bECONN(?:REFUSED|RESET|ABORTED)\b",
        r"\bE(?:TIMEDOUT|HOSTUNREACH|NETUNREACH|NOTFOUND|AI_AGAIN)\b",
        r"\bi/o timeout\b",
        r"\bno such host\b",
        r"\bserver misbehaving\b",
        r"\bname or service not known\b",
        r"\btemporary failure in name resolution\b",
        r"\b(?:could not|couldn't|failed to|unable to) resolve (?:host|hostname|address)",
        r"\bUnknownHostException\b",
        r"\bgetaddrinfo\b",
        r"\bNXDOMAIN\b",
        r"\bSERVFAIL\b",
        r"\bdns (?:lookups?|resolution|queries) (?:failed|failing|failure|errors?)",
        r"\bname resolution (?:failed|failure)",
        r"\bno route to host\b",
        r"\b(?:network|host) is unreachable\b",
        r"\bupstream connect error\b",
        r"\bno healthy upstream\b",
        r"\b(?:could not|couldn't|cannot|can't|unable to|failed to) (?:connect|reach|establish "
        r"(?:a )?connection)\b",
        r"\bcommunications link failure\b",
        r"\bcould not be established\b",
        r"\bbroker may not be available\b",
        r"\bClient\.Timeout exceeded\b",
        r"\bcontext deadline exceeded\b",
        r"\bDeadlineExceeded\b",
        r"\bcode = Unavailable\b",
        r"\bStatusCode\.UNAVAILABLE\b",
        r"\b14 UNAVAILABLE\b",
        r"(?-i:\bUNAVAILABLE: (?:io exception|No connection established|upstream connect|Network "
        r"closed|failed to connect|Connection|Unable to resolve|DNS resolution failed|"
        r"Socket closed|unavailable))",
        r"\bgrpc[-_ ]status[\"']?[ :=]+14\b",
        r"\battempting (?:to )?reconnect\b",
        r"\bConnectionLoss(?:Exception)?\b",
        r"\bunable to read additional data from server",
        r"\bno available endpoints\b",
        r"\bfailed to connect to all addresses",
        r"\b(?:lost|losing) (?:the )?connection to\b",
        r"\bserver closed the connection unexpectedly",
        r"\bis the server running on\b",
        r"\bConnectException\b",
        r"\bNoNodeAvailableException\b",
        r"\bNewConnectionError\b",
        r"\bConnectTimeoutError\b",
        r"\bfailed to establish a new connection",
        r"\bMongoServerSelectionError\b",
        r"\bServerSelectionTimeoutError\b",
        r"\bsocket hang up\b",
        r"\bRemoteDisconnected\b",
        r"\bremote end closed connection",
        r"\bconnection (?:to \S+ )?(?:was )?(?:lost|aborted|closed unexpectedly)\b",
        r"\berror connecting to\b",
        r"\bMASTERDOWN\b",
        r"\bmaster_link_status:down\b",
        r"\b(?:master|primary|leader|upstream|replication)[ _-]link[ _-](?:status[: =]*)?"
        r"(?:is )?down\b",
        r"\blink (?:to|with) (?:the |its )?(?:master|primary|leader) (?:is |went )?down",
        r"\blost (?:its |the )?(?:connection|link) (?:to|with) (?:the |its )?(?:master|primary|"
        r"leader|broker|database|server|upstream)",
        r"\berror condition on socket for sync\b",
        r"\b(?:io|i/o|replica(?:tion)?) thread (?:is )?not running\b.{0,60}\b(?:connect|"
        r"error)",
        r"\bdisconnected from (?:node|broker|master|server)",
        r"\bwhile connecting to upstream",
        r"\btcp connect error\b",
        r"\berror trying to connect\b",
        r"\bconnection (?:error|failure|failed)\b",
        # AMQP, NATS, mgo, the Cassandra driver: no server of the cluster could be reached
        r"\bAMQPConnectionError\b",
        r"\bactively refused\b",  # Windows/.NET (10061)
        r"\bException while connecting\b",  # Npgsql
        r"\bNo connection could be made\b",
        r"\bNoRouteToHostException\b",
        r"\bconnection to \S+ (?:failed|was refused|timed out)\b",
        r"\bno servers (?:are )?available\b",
        r"\bno brokers (?:are )?available\b",
        r"\bno hosts (?:are )?available\b",
        r"\bno reachable servers\b",
        r"\brun out of available brokers\b",
        r"\bNoLivingConnectionsError\b",  # Elasticsearch clients
        r"\bno living connections\b",
        r"\bNoHostAvailable(?:Exception)?\b",
        r"\ball host\(s\) tried for query failed",
    ),
    # --- crashloop: restarts and crashes with no more specific cause ------------------------
    _rule(
        "crashloop",
        "crashloopbackoff crashloop crashlooping crash crashing looping restarting restart "
        "restarts restarted panic panicked panicking fatal sigsegv segmentation traceback "
        "unhandled uncaught exception exited exit terminated died worker containercannotrun "
        "runcontainererror starterror oci aborted application boot dumped triggeruncaughtexception "
        "js exitcode exit_code restartcount restart_count sigkill signal crashlookbackoff "
        "format crashed sigabrt sigbus sigill sigfpe terminate kernel application_start_failure",
        r"CrashLoop\w*",
        r"\bCrashLookBackOff\b",  # the Strimzi rules' spelling
        r"\bexec format error\b",  # a binary built for another architecture
        r"\b(?:modules?|daemons?|services?|process(?:es)?|pods?|containers?|workers?|"
        r"instances?)\b.{0,30}?\b(?:has |have )?(?:recently )?crashed\b",
        r"\bcrash[ -]?loop(?:ing)?\b",
        r"\bback-?off(?: \S+)? restarting failed container",
        r"\bis restarting [\d.]+ times",
        r"\brestart(?:ed|s|ing)?\b.{0,40}?\b\d+(?:\.\d+)? times\b",
        r"\b(?:restart count|restarts? (?:count|rate))\b",
        r"\b(?:too many|frequent|excessive|high number of|repeated) restarts\b",
        r"\bkeeps? (?:crashing|restarting)\b",
        r"\bpanic: ",
        r"\bpanick(?:ing|ed)\b",
        r"\b(?:go )?panics? (?:detected|in (?:the )?logs|found|occurred|logged)\b",
        r"\bthread '[^']*' panicked at",
        r"\bfatal error: ",
        r"\bSIGSEGV\b",
        r"\bSIGABRT\b",
        r"\bSIGBUS\b",
        r"\bSIGILL\b",
        r"\bSIGFPE\b",
        r"\bsegmentation fault\b",
        # C++: an exception nobody caught ends the process; the BEAM's VM halting
        r"\bterminate called (?:after throwing|without an active exception)\b",
        r"\*\*\* Aborted at \d+",
        r"\bKernel pid terminated\b",
        r"\bCrash dump is being written to\b",
        r"\*\* \(EXIT\) an exception was raised\b",  # Elixir
        r"\bapplication_start_failure\b",
        r"\bcore dumped\b",
        r"\bTraceback \(most recent call last\)",
        r"\bunhandled (?:exception|rejection|promise rejection)",
        r"\buncaught (?:exception|error)\b",
        r"\bexception in thread \"main\"",
        r"\bContainerCannotRun\b",
        r"\bRunContainerError\b",
        r"\bStartError\b",
        r"\bOCI runtime (?:create|exec|start) failed",
        r"\bworker failed to boot\b",
        r"\bApplication run failed\b",
        r"\bAPPLICATION FAILED TO START\b",
        r"\bterminated with (?:exit code|signal)\b",
        r"\bexit(?:ed)? (?:with )?(?:exit )?(?:code|status)[:= ]+[1-9]\d*\b",
        r"\bexit code: +[1-9]\d*\b",
        r"\bexit_?code[\"']?[:=] ?\"?[1-9]\d*\b",
        r"\brestart_?count[\"']?[:=] ?\"?[1-9]\d*\b",
        r"\b(?:received|got|killed by) (?:a )?(?:SIGKILL|signal 9)\b",
        r"\bprocess (?:exited|died|crashed)\b",
        r"\bcontainer (?:exited|died|crashed)\b",
        r"\btriggerUncaughtException\b",
        r"^Node\.js v\d+\.\d+",
    ),
    # --- high_latency stated as a quantile and a duration (before error words on one line) ----
    _rule(
        "high_latency",
        "p90 p95 p99 p999 percentile quantile latency latencies",
        r"\bp9[059]9?\b.{0,60}?\b\d+(?:\.\d+)? ?(?:ms|s|sec|seconds|milliseconds)\b",
        r"\b9[059](?:\.\d+)?(?:th)? percentile\b.{0,60}?\b\d+(?:\.\d+)? ?(?:ms|s|sec|seconds)\b",
        r"\b\d+(?:\.\d+)? ?(?:ms|s) (?:9[059](?:th)? percentile|p9[059])",
        r"\blatenc(?:y|ies)\b.{0,40}?\b\d+(?:\.\d+)? ?(?:ms|s|sec|seconds)\b",
        r"\bpercentile latency\b",
    ),
    # --- high_latency: the error budget of a latency SLO (before the error-budget rule) --------
    _rule(
        "high_latency",
        "slo sli slos objective budget burn burning",
        r"\b(?:latency|latencies|duration|response[ _-]?times?|slow)[\w-]*\b.{0,60}?"
        r"\b(?:slo|sli|slos|objective|error[ _-]?budget|burn(?:ing)?[ _-]?rate)\b",
        r"\b(?:slo|error[ _-]?budget|burn(?:ing)?[ _-]?rate)\b.{0,80}?\b(?:latency|latencies|"
        r"duration|response[ _-]?times?|slow)",
    ),
    # --- high_error_rate ------------------------------------------------------------------------
    _rule(
        "high_error_rate",
        "5xx error errors errorrate errorratio errorbudget failure failures failing failed status "
        "returned returning answered answering responding serving respond "
        "response_code "
        "requests calls queries operations notifications rpcs rate ratio increase spike "
        "500 502 503 504 grpc experiencing server send push write ingest ingestion ingester "
        "export exporting exporter exported unexpected success successrate classification "
        "grpc_code code limiting errorshigh 5xxerror 5xxerrors httpcode 429",
        r"\b5xx\b",
        r"\b5xx_?errors?\b",  # CloudWatch metrics
        r"\bHTTPCode_(?:Target|ELB|Backend)_5XX\b",
        r"\b(?:answers?|answered|answering|returns?|returned|returning|responds?|responded|"
        r"responding|serves?|serving)\b (?:with )?(?:http |status )?429\b.{0,20}?(?:to )?" + _PCT,
        r"\b(?:high|elevated|increased|spike in|increase in|rising|too many) (?:rate of )?"
        r"(?:\w+ )?(?:errors|failures|5xx)",
        r"\berrors?(?:[ _-]?log)?[ _-]?(?:rate|ratio|percentage|budget)",
        r"\b(?:high|elevated|increased|unusual|large|abnormal) (?:number|count|volume|amount) of "
        r"(?:\w+ )?(?:errors?|error logs?|error lines|failures|failed requests|exceptions)\b",
        r"\berror ?budget\b",
        r"\bErrorsHigh\b",
        r"\bexperiencing " + _PCT + r" (?:errors|failures)",
        r"\b" + _PCT + r" (?:of )?(?:the )?(?:\w+ )?(?:requests|calls|queries|operations|"
        r"notifications|rpcs)\b.{0,40}?\b(?:fail|error|return)",
        r"\b(?:failure|failed|error) (?:rate|ratio)\b",
        r"\bfailing (?:to \w+ )?\d+(?:\.\d+)? ?% of\b",
        r"\b(?:requests|calls|rpcs)\b.{0,30}?\bare failing\b",
        r"\b(?:HTTP|status(?:[ _]?code)?)[ :=/\"]*5\d\d\b.{0,60}?(?:rate|ratio|%|errors|"
        r"increase|spike|high)",
        r"\b(?:status|code|status_code|response_code)=~?\"5(?:\.\.|xx|\[0-9\]\{2\})\"",
        r"\b50[0234] (?:Internal Server Error|Bad Gateway|Service Unavailable|"
        r"Gateway Time-?out)",
        r"\bgrpc\b.{0,60}?\b(?:errors?|failures?|failing)\b",
        r"\b(?:returned|returning|answered|answering|responding with|serving|respond with) "
        r"(?:http |status |an? )?5\d\d",
        r"\b5\d\d(?:/5\d\d)+\b",
        r"\bserver returned HTTP status 5\d\d\b",
        r"\bfailed to send\b.{0,60}?\b(?:samples|batch(?:es)?|logs?|entries|spans|metrics|"
        r"data points|series|events)\b",
        r"\b(?:push|remote[ _-]?write|ingest\w*|send|export\w*)\b.{0,60}?"
        r"\b(?:HTTP|status(?: code)?)[ :=]*5\d\d\b",
        r"\bunexpected (?:HTTP )?status(?: code)?:? 5\d\d\b",
        r"\bsuccess[ _-]?rate\b.{0,40}?\b(?:dropped|drops|dropping|fell|falls|below|under|low|"
        r"degraded)\b",
        r"\bclassification=\"?failure\b",  # Linkerd's response_total
        r"\bgrpc[._]code[\"']?[=:] ?\"?(?:Internal|Unknown|DataLoss)\b",
        r"\bgrpc_code!=\"OK\"",
        r"\bcode[ =:\"]*(?:Unavailable|Internal|Unknown|DeadlineExceeded|DataLoss)\b\"?"
        r".{0,30}?" + _PCT,
        r"\blimiting requests, excess:",  # nginx limit_req: our own limiter refusing
    ),
    # --- high_latency ---------------------------------------------------------------------------
    _rule(
        "high_latency",
        "latency latencies p90 p95 p99 percentile quantile response duration slow slowness "
        "slowing lag lagging behind took apdex query_time statement querycanceled query lock "
        "responsetime responsetimes requestduration totallag total_lag current_lag max_lag "
        "consumer_lag execution messages",
        r"\blatenc(?:y|ies)\b",
        r"\bp9[059]\b",
        r"\b9[059](?:\.\d+)?(?:th)? percentile",
        r"\b0\.9[059]? quantile",
        r"\bresponse[ _-]?times?\b",
        r"\brequest[ _-]?duration",
        r"\bslow(?:ly|ness|ing down)?\b",
        r"\b(?:consumer|replication|replica|consumer group) lag\b",
        r"\blag(?:ging)?\b.{0,30}?\b(?:behind|messages|seconds|high|increasing|is|of)\b",
        r"\bbehind (?:the )?(?:leader|primary|master) by\b",
        r"\b(?:total_?|current_|max_|consumer_)lag\"?[:=] ?\"?[1-9]\d{3,}",
        r"\btook (?:too long|longer than)\b",
        r"\b(?:requests?|query|queries|calls?|responses?|rpcs?|operations?)\b.{0,30}?\btook "
        r"\d+(?:\.\d+)? ?(?:s|secs?|seconds)\b",
        r"\bmaximum statement execution time exceeded\b",
        r"\b(?:requests?|query|queries|calls?|responses?|rpcs?|operations?)\b.{0,30}?\btook "
        r"\d{4,}(?:\.\d+)? ?ms\b",
        r"\b[1-9]\d* messages behind\b",
        r"\bapdex\b",
        r"\bduration: \d+(?:\.\d+)? ms +(?:statement|execute|parse|bind)\b",
        r"\bQuery_time: \d",
        r"\bslow (?:query|queries|log|request|requests|operation)",
        r"\bstatement timeout\b",
        r"\bQueryCanceled\b",
        r"\bquery (?:timeout|timed out)\b",
        r"\block wait timeout exceeded\b",
    ),
    # --- cpu_throttling as a host's or database's CPU saturation: last, so that a line naming
    # latency, errors or a crash beside its CPU figure is read as what it names ------------
    _rule(
        "cpu_throttling",
        "cpu processor usage utilization utilisation load busy saturated",
        # (a share "of target" is an autoscaler's, relative to the requests)
        r"\b(?:cpu|processor) (?:usage|utili[sz]ation|load|busy)\b.{0,40}?\d+(?:\.\d+)? ?"
        r"(?:%|percent\b)(?! of (?:the |its )?target)",
        r"\b\d+(?:\.\d+)? ?% (?:of )?cpu (?:usage|utili[sz]ation|time|load)\b",
        r"\bhigh cpu (?:usage|utili[sz]ation|load)\b",
        r"\bload (?:per core|average)\b.{0,40}?\b(?:very high|high|above|saturat\w*)",
        r"\bsystem (?:is )?saturated\b",
        advice_only=True,
        why_manual=NODE_CPU_REASON,
    ),
)

# Words that decide nothing alone (a low-confidence hint, never a category).
WEAK_RULES: tuple[Rule, ...] = (
    _rule(
        "oom",
        "memory",
        r"\bmemory\b.{0,30}\b(?:high|leak|growing|increasing|warning|critical)\b",
        strength=WEAK,
    ),
    _rule("node_health", "down", r"\b(?:is|are|went|service) down\b", strength=WEAK),
    _rule("high_error_rate", "errors", r"\berrors\b.{0,20}\b(?:increas|high|spik)", strength=WEAK),
    _rule(
        "crashloop",
        "restarted restarts",
        r"\b(?:has |have |was )?restarted\b",
        strength=WEAK,
    ),
)
