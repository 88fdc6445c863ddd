// Graph: the queries to run, then the pure builder.
export {
  EDGE_LABELS,
  ESSENTIAL_QUERIES,
  GRAPH_QUERY_IDS,
  MAX_QUERY_PARTS,
  QUANTILES,
  graphQueries,
  namespaceGroups,
  validateNamespaces,
  type EdgeLabel,
  type GraphQuery,
  type GraphQueryId,
  type GraphQueryParams,
  type GraphQueryPlan,
  type Quantile,
} from './graph/queries.ts';
export {
  ALL_APPENDERS,
  AMBIENT_TRAFFIC_VALUES,
  APPENDER_NAMES,
  DEFAULT_RATES,
  NO_APPENDERS,
  RATE_GRPC_VALUES,
  RATE_HTTP_VALUES,
  RATE_TCP_VALUES,
  parseAppenders,
  type AmbientTraffic,
  type AppenderName,
  type Appenders,
  type BoxBy,
  type NodeFocus,
  type RateGrpc,
  type RateHttp,
  type RateTcp,
  type RequestedRates,
  type ThroughputType,
} from './graph/options.ts';
export { GraphParamError, type GraphParam } from './graph/errors.ts';
export { buildGraph } from './graph/buildGraph.ts';
export {
  buildNamespaceGraph,
  estimatedNodes,
  namespaceGraphQueries,
  type NamespaceGraphInput,
  type NamespaceGraphQuery,
  type NamespaceGraphQueryId,
} from './graph/namespaceGraph.ts';
export { framesFromMatrices, frameTimes, MAX_REPLAY_FRAMES, type PromMatrixEntry } from './graph/frames.ts';
export {
  parsePromNumber,
  toSamples,
  type GraphError,
  type GraphInput,
  type GraphOptions,
  type GraphQueryResults,
  type PromSample,
  type PromVectorEntry,
} from './graph/types.ts';
export { edgeId } from './graph/elements.ts';
export { nodeIdentity, type Endpoint, type NodeIdentity } from './graph/identity.ts';

// Cluster state.
export {
  DEFAULT_CLUSTER_NAME,
  DEFAULT_MESH_SETTINGS,
  canonicalRevision,
  canonicalService,
  emptyClusterState,
  selectorMatches,
  type ClusterState,
  type DestinationRuleSpec,
  type GatewaySpec,
  type IstioObject,
  type MeshSettings,
  type NamespaceInfo,
  type PeerAuthenticationSpec,
  type ServiceEntryInfo,
  type ServiceEntryLocation,
  type ServiceInfo,
  type ServicePortInfo,
  type VirtualServiceSpec,
  type WorkloadInfo,
} from './cluster/clusterState.ts';
export {
  selectedWorkloads,
  serviceSummary,
  serviceWorkloads,
  servicesOf,
} from './cluster/serviceWorkloads.ts';
export {
  toClusterState,
  type ClusterStateSettings,
  type KubeObjectJson,
  type KubeObjectsByKind,
} from './cluster/toClusterState.ts';

// Istio config.
export {
  configBadgeIndex,
  destinationRuleBadges,
  virtualServiceBadges,
  type BadgeIndex,
  type ConfigBadge,
  type ConfigBadges,
} from './istio/configBadges.ts';
export { hostMatches, qualifyHost, serviceFqdn, serviceOfHost } from './istio/hosts.ts';
export {
  routingSummary,
  serviceConfigIndex,
  workloadVersions,
  type ServiceConfigMatch,
  type ServiceConfigRelation,
  type ServiceRef,
} from './istio/serviceConfig.ts';

// Health.
export {
  DEFAULT_HEALTH_CONFIG,
  DEFAULT_TOLERANCES,
  codeMatches,
  parseCodeList,
  tolerance,
  type CodeMatcher,
  type Direction,
  type HealthConfig,
  type RequestProtocol,
  type Tolerance,
} from './health/tolerance.ts';
export {
  HEALTH_RATE_ANNOTATION,
  describeRateAnnotationError,
  parseRateAnnotation,
  resolveTolerances,
  type AnnotatedObject,
  type RateAnnotationError,
  type RateAnnotationResult,
  type ResolvedTolerances,
} from './health/annotation.ts';
export { requestFindings, type RatesByCode } from './health/requestHealth.ts';
export { replicaFinding, type Replicas } from './health/replicaHealth.ts';
export { combineFindings, HEALTH_RANK, worse, type Finding } from './health/status.ts';

// mTLS.
export { meshTlsStatus, mixStatuses, namespaceTlsStatus, scopeStatus } from './tls/meshTls.ts';

// PromQL helpers.
export { escapePromString, escapeRegex, regexAlternation } from './promql/escape.ts';

// Istio config validation.
export { VALIDATION_CODES, type ValidationCode } from './validation/codes.ts';
export {
  exportScope,
  objectRefOf,
  scopesOverlap,
  validationContext,
  visibleFrom,
  type HostClaim,
  type IstioConfigObject,
  type ValidationContext,
} from './validation/context.ts';
export { groupValidations, objectKey, validateIstioConfig, validateObject } from './validation/validate.ts';
export { MESH_GATEWAY, gatewaySet, resolveGateway } from './validation/gateways.ts';
export { effectivePeerMode } from './validation/destinationRule.ts';
export { validateIstioSpec } from './validation/spec/validateIstioSpec.ts';
export { parseDuration } from './validation/spec/duration.ts';

// Editor forms: form <-> spec mapping that never loses a field, and the editor's helpers.
export {
  STRING_MATCH_KINDS,
  emptyHttpRouteForm,
  emptyTcpRouteForm,
  formToVirtualService,
  freshVirtualServiceKey,
  virtualServiceToForm,
  type DestinationForm,
  type FaultForm,
  type HeaderMatchForm,
  type HttpMatchForm,
  type HttpRouteForm,
  type MirrorForm,
  type RetriesForm,
  type StringMatchForm,
  type StringMatchKind,
  type TcpMatchForm,
  type TcpRouteForm,
  type VirtualServiceForm,
} from './forms/virtualServiceForm.ts';
export {
  CLIENT_TLS_MODES,
  SIMPLE_LOAD_BALANCERS,
  destinationRuleToForm,
  emptySubsetForm,
  emptyTrafficPolicyForm,
  formToDestinationRule,
  freshSubsetKey,
  type ClientTlsMode,
  type DestinationRuleForm,
  type LabelForm,
  type SimpleLoadBalancer,
  type SubsetForm,
  type TrafficPolicyForm,
} from './forms/destinationRuleForm.ts';
export {
  VERSION_LABEL,
  addVersionSubsets,
  labelSuggestions,
  missingVersions,
  subsetSelector,
  subsetWorkloads,
  type LabelSuggestion,
  type LabelledWorkload,
} from './forms/subsetSuggestions.ts';
export {
  distribute,
  evenWeights,
  rebalanceWeights,
  rebalanceWithLocks,
  weightsWithAdded,
  weightsWithRemoved,
} from './forms/weights.ts';
export { diffLines, diffObjects, SERVER_MANAGED_PATHS, type DiffOptions } from './forms/diff.ts';
export {
  mergeThreeWay,
  parsePath,
  replaceAtPath,
  takeTheirs,
  type MergeConflict,
  type MergeResult,
} from './forms/merge.ts';
export {
  generateFaultInjection,
  generateHeaderRoute,
  generateRequestTimeout,
  generateTrafficShift,
  planDestinationRule,
  serviceSubsets,
  type DestinationRulePlan,
  type FaultInjectionOptions,
  type GeneratedConfig,
  type HeaderRouteOptions,
  type RequestTimeoutOptions,
  type WizardSubset,
  type WizardTarget,
} from './forms/wizards.ts';
export {
  INGRESS_GATEWAY_SELECTOR,
  freeName,
  istioTemplate,
  templateService,
  type TemplateInput,
  type TemplateService,
} from './forms/templates.ts';
export {
  dashboardQueries,
  dashboardSeries,
  defaultReporter,
  groupName,
  quantileStat,
  type DashboardPanelPlan,
  type DashboardQuery,
  type DashboardQueryParams,
  type PromRangeSeries,
} from './promql/dashboard.ts';
export {
  accessLogSeverity,
  parseAccessLogLine,
  type AccessLogRecord,
  type AccessLogSeverity,
} from './logs/accessLog.ts';
export { workloadPods } from './cluster/workloadPods.ts';

// Overview and Mesh pages: the queries, then the pure shaping.
export { overviewQueries, type OverviewQueries } from './overview/overviewQueries.ts';
export {
  MAX_REASONS,
  namespaceOverviews,
  overallHealth,
  type NamespaceSeries,
  type OverviewInput,
} from './overview/namespaceOverview.ts';
export {
  componentRole,
  componentVersion,
  meshComponent,
  meshStatus,
  type DeploymentFacts,
  type MeshStatusInput,
} from './overview/meshComponents.ts';

// Workloads and applications: list and details page data.
export {
  appLabelOf,
  commonLabels,
  groupApps,
  inboundTraffic,
  tolerancesFor,
  versionsOf,
  workloadWarnings,
  type AppGroup,
} from './workloads/workloadView.ts';
// The one health rule of workloads and apps, and the query that feeds it outside the graph.
export { entityHealth, type EntityHealthInput } from './health/entityHealth.ts';
export {
  appHealth,
  healthKey,
  healthRates,
  requestHealthQuery,
  workloadHealth,
  type HealthRates,
  type RatesIndex,
} from './health/workloadHealth.ts';
export { serviceHealth, serviceHealthQuery, serviceRates, serviceWarnings } from './health/serviceHealth.ts';
export {
  imageTag,
  podSummary,
  podsOfDeployment,
  selectorConfigFor,
  sortConfigRefs,
  worstSeverity,
} from './workloads/appliedConfig.ts';

// The change history: what is recorded of an object and what counts as a change.
export {
  canonicalJson,
  changeBetween,
  changedPaths,
  historyContent,
  parseRetention,
  pathsOf,
} from './history/changes.ts';
export { RECORDED_METRICS, RECORDED_PROBE, useRecordedMetrics } from './promql/recorded.ts';
