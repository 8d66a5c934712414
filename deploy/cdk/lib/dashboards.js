'use strict';
// The operators' CloudWatch dashboards: one for the system, one per tenant. The BuildPeer metrics
// are the ones the collector publishes (lib/adot-config.js): the processing counters and
// histograms with meter=BuildPeer.Processing, the API's ops gauges with tenant.id (a tenant's id,
// or "all"). The rest are AWS metrics: SQS, ALB, Aurora, ElastiCache, ECS Container Insights, and WAF in us-east-1.

const cdk = require('aws-cdk-lib');
const cloudwatch = require('aws-cdk-lib/aws-cloudwatch');
const elbv2 = require('aws-cdk-lib/aws-elasticloadbalancingv2');
const {
  METRICS_NAMESPACE, METRIC_NAMES, PROCESSING_METER, METER_DIMENSION, TENANT_DIMENSION, ALL_TENANTS,
} = require('./adot-config');
const { webAclName, EDGE_REGION, RULE_METRICS } = require('./web-acl');

const FIVE_MINUTES = cdk.Duration.minutes(5);
const WIDE = 24;
const THIRD = 8;
const HALF = 12;
const HEIGHT = 6;

const name = (instrument) => METRIC_NAMES[instrument];
const buildpeer = (metricName, dimensionsMap, statistic, label) => new cloudwatch.Metric({
  namespace: METRICS_NAMESPACE, metricName, dimensionsMap, statistic, period: FIVE_MINUTES, label,
});
const processing = (instrument, statistic, label) => buildpeer(name(instrument), { [METER_DIMENSION]: PROCESSING_METER }, statistic, label);
const forTenant = (instrument, tenant, statistic, label, extra = {}) => buildpeer(name(instrument), { [TENANT_DIMENSION]: tenant, ...extra }, statistic, label);
const graph = (title, left, props = {}) => new cloudwatch.GraphWidget({ title, left, width: THIRD, height: HEIGHT, period: FIVE_MINUTES, ...props });
const threshold = (value, label) => ({ value, label, color: cloudwatch.Color.RED });

/** Upload success rate in %, from the processing counters: the same expression as the alarm. */
function successRate() {
  return new cloudwatch.MathExpression({
    expression: 'IF(FILL(processed, 0) + FILL(failed, 0) > 0, 100 * FILL(processed, 0) / (FILL(processed, 0) + FILL(failed, 0)), 100)',
    usingMetrics: {
      processed: processing('buildpeer.uploads.processed', 'Sum'),
      failed: processing('buildpeer.uploads.failed', 'Sum'),
    },
    period: FIVE_MINUTES,
    label: 'upload success rate (%)',
  });
}

function queueWidgets(stack) {
  const queues = [['uploads', stack.uploadsQueue], ['s3-events', stack.s3EventsQueue]];
  const dlqs = [['uploads DLQ', stack.uploadsDlq], ['s3-events DLQ', stack.s3EventsDlq]];
  return [
    graph('Queue depth (messages)', queues.flatMap(([label, q]) => [
      q.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: FIVE_MINUTES, label: `${label}: waiting` }),
      q.metricApproximateNumberOfMessagesNotVisible({ statistic: 'Maximum', period: FIVE_MINUTES, label: `${label}: in flight` }),
    ])),
    graph('Age of the oldest message (s)', queues.map(([label, q]) =>
      q.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum', period: FIVE_MINUTES, label }))),
    graph('Dead-letter queue depth', dlqs.map(([label, q]) =>
      q.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: FIVE_MINUTES, label })),
    { leftAnnotations: [threshold(10, 'alarm > 10')] }),
  ];
}

function apiWidgets(stack) {
  if (!stack.loadBalancer) return [];
  const m = stack.loadBalancer.metrics;
  const sum = { statistic: 'Sum', period: FIVE_MINUTES };
  return [
    graph('API 5xx (% of requests)', [new cloudwatch.MathExpression({
      expression: 'IF(requests > 0, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)',
      usingMetrics: {
        requests: m.requestCount(sum),
        target5xx: m.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, sum),
        elb5xx: m.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, sum),
      },
      period: FIVE_MINUTES,
      label: 'API 5xx (%)',
    })], { leftAnnotations: [threshold(5, 'alarm > 5 %')] }),
    graph('API latency (s)', ['p99', 'p95', 'p50'].map((statistic) =>
      m.targetResponseTime({ statistic, period: FIVE_MINUTES, label: statistic })),
    { leftAnnotations: [threshold(0.5, 'p95 alarm > 0.5 s')] }),
    graph('API requests', [m.requestCount({ ...sum, label: 'requests' })]),
  ];
}

function databaseWidgets(stack) {
  return Object.entries(stack.databases).flatMap(([dbName, { cluster }]) => {
    const byRole = (metricName, role) => new cloudwatch.Metric({
      namespace: 'AWS/RDS', metricName, statistic: 'Maximum', period: FIVE_MINUTES, label: `${role.toLowerCase()}`,
      dimensionsMap: { DBClusterIdentifier: cluster.clusterIdentifier, Role: role },
    });
    return [
      graph(`Aurora ${dbName}: connections`, [cluster.metricDatabaseConnections({ statistic: 'Maximum', period: FIVE_MINUTES, label: 'connections' })],
        { leftAnnotations: [threshold(500, 'alarm > 500')] }),
      graph(`Aurora ${dbName}: CPU (%)`, ['WRITER', 'READER'].map((role) => byRole('CPUUtilization', role)),
        { leftYAxis: { min: 0, max: 100 } }),
    ];
  });
}

/** Per node (the primary can be either after a failover): engine CPU, memory against maxmemory, evictions. */
function cacheWidgets(stack) {
  return Object.entries(stack.caches).flatMap(([cacheName, cache]) => {
    const perNode = (metricName, statistic) => cache.nodeIds.map((node) => cache.nodeMetric(metricName, node, statistic));
    return [
      graph(`Redis ${cacheName}: engine CPU (%)`, perNode('EngineCPUUtilization'),
        { leftAnnotations: [threshold(80, 'alarm > 80 %')], leftYAxis: { min: 0, max: 100 } }),
      graph(`Redis ${cacheName}: memory used (% of maxmemory)`, perNode('DatabaseMemoryUsagePercentage'),
        { leftAnnotations: [threshold(80, 'alarm > 80 %')], leftYAxis: { min: 0, max: 100 } }),
      graph(`Redis ${cacheName}: evictions and connections`, perNode('Evictions', 'Sum').map((m) => m.with({ label: `${m.label}: evictions` })),
        { right: perNode('CurrConnections').map((m) => m.with({ label: `${m.label}: connections` })) }),
    ];
  });
}

function taskCountWidget(stack, width = THIRD) {
  const metrics = Object.entries(stack.services).flatMap(([project, { service }]) => ['RunningTaskCount', 'DesiredTaskCount'].map((metricName) =>
    new cloudwatch.Metric({
      namespace: 'ECS/ContainerInsights', metricName, statistic: 'Average', period: FIVE_MINUTES,
      label: `${project}: ${metricName === 'RunningTaskCount' ? 'running' : 'desired'}`,
      dimensionsMap: { ClusterName: stack.cluster.clusterName, ServiceName: service.serviceName },
    })));
  return graph('ECS tasks', metrics, { width });
}

function pipelineDurationWidget(width = THIRD) {
  return graph('Pipeline stage duration, all tenants (ms)', [
    processing('buildpeer.scan.duration', 'Average', 'scan: average'),
    processing('buildpeer.scan.duration', 'Maximum', 'scan: max'),
    processing('buildpeer.process.duration', 'Average', 'process: average'),
    processing('buildpeer.process.duration', 'Maximum', 'process: max'),
  ], { width });
}

/** The edge stack's web ACL (there is one when there is an ALB); its metrics are in us-east-1. */
function wafWidget(stack) {
  if (!stack.loadBalancer) return [];
  const webAcl = webAclName(cdk.Stack.of(stack).stackName);
  const waf = (metricName, rule, label) => new cloudwatch.Metric({
    namespace: 'AWS/WAFV2', metricName, statistic: 'Sum', period: FIVE_MINUTES, region: EDGE_REGION, label,
    dimensionsMap: { WebACL: webAcl, Rule: rule },
  });
  return [graph('Edge: WAF requests (us-east-1)', [
    waf('AllowedRequests', 'ALL', 'allowed'),
    waf('BlockedRequests', 'ALL', 'blocked'),
    ...RULE_METRICS.map((rule) => waf('BlockedRequests', rule, `blocked by ${rule}`)),
  ], { width: WIDE })];
}

/** The system dashboard: is the pipeline healthy, and where is it stuck? */
function systemDashboard(stack) {
  const stackName = cdk.Stack.of(stack).stackName;
  const perTenantSearch = (instrument, statistic) => new cloudwatch.MathExpression({
    expression: `SEARCH('{${METRICS_NAMESPACE},${TENANT_DIMENSION}} MetricName="${name(instrument)}"', '${statistic}', 300)`,
    period: FIVE_MINUTES,
    label: '',
  });
  return new cloudwatch.Dashboard(stack, 'SystemDashboard', {
    dashboardName: `${stackName}-system`,
    defaultInterval: cdk.Duration.hours(3),
    widgets: [
      [new cloudwatch.TextWidget({
        width: WIDE, height: 2,
        markdown: `# BuildPeer Uploads: system\nUploads, queues, API, database, cache and tasks of \`${stackName}\`. For one client, open the \`${stackName}-tenant\` dashboard and pick its tenant id.`,
      })],
      [
        graph('Upload success rate (%)', [successRate()], { leftAnnotations: [threshold(95, 'alarm < 95 %')], leftYAxis: { min: 0, max: 100 } }),
        graph('Uploads per 5 minutes', [
          processing('buildpeer.uploads.processed', 'Sum', 'processed'),
          processing('buildpeer.uploads.failed', 'Sum', 'failed'),
          processing('buildpeer.uploads.quarantined', 'Sum', 'quarantined'),
          processing('buildpeer.uploads.overwrites_rejected', 'Sum', 'late writes rejected'),
        ]),
        graph('Complete → processed p95 (ms)', [forTenant('buildpeer.uploads.complete_to_processed.p95', ALL_TENANTS, 'Maximum', 'all tenants')]),
      ],
      queueWidgets(stack),
      apiWidgets(stack),
      [...databaseWidgets(stack), taskCountWidget(stack)],
      cacheWidgets(stack),
      [
        graph('Complete → processed p95 by tenant (ms)', [perTenantSearch('buildpeer.uploads.complete_to_processed.p95', 'Maximum')], { width: HALF, legendPosition: cloudwatch.LegendPosition.RIGHT }),
        graph('Success rate by tenant (0–1)', [perTenantSearch('buildpeer.uploads.success_rate', 'Minimum')], { width: HALF, legendPosition: cloudwatch.LegendPosition.RIGHT }),
      ],
      [pipelineDurationWidget(WIDE)],
      wafWidget(stack),
    ].filter((row) => row.length),
  });
}

/**
 * "Why are uploads slow for Client X?": pick the tenant (the tenant.id dimension) at the top; the
 * first row is that tenant, the second the shared pipeline every tenant goes through.
 */
function tenantDashboard(stack) {
  const stackName = cdk.Stack.of(stack).stackName;
  // The widgets' tenant.id is "all" in the source; the dashboard variable (a property variable on
  // tenant.id) replaces it in every widget with the tenant picked.
  const tenant = ALL_TENANTS;
  const window = (outcome) => forTenant('buildpeer.uploads.window', tenant, 'Maximum', outcome, { outcome });
  const uploadsAge = stack.uploadsQueue.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum', period: FIVE_MINUTES, label: 'uploads queue: oldest message (s)' });
  return new cloudwatch.Dashboard(stack, 'TenantDashboard', {
    dashboardName: `${stackName}-tenant`,
    defaultInterval: cdk.Duration.hours(24),
    variables: [new cloudwatch.DashboardVariable({
      id: 'tenant',
      label: 'Tenant (tenant.id)',
      type: cloudwatch.VariableType.PROPERTY,
      value: TENANT_DIMENSION,
      inputType: cloudwatch.VariableInputType.SELECT,
      values: cloudwatch.Values.fromSearchComponents({
        namespace: METRICS_NAMESPACE,
        dimensions: [TENANT_DIMENSION],
        metricName: name('buildpeer.uploads.complete_to_processed.p95'),
        populateFrom: TENANT_DIMENSION,
      }),
      defaultValue: cloudwatch.DefaultValue.value(ALL_TENANTS),
      visible: true,
    })],
    widgets: [
      [new cloudwatch.TextWidget({
        width: WIDE, height: 3,
        markdown: [
          '# Why are uploads slow for this tenant?',
          'Pick the tenant above (`all` = every tenant together; the ops page shows tenant ids). Top row: this tenant over the API\'s ops window. '
          + 'If its complete → processed p95 is high and `all` is not, look at its uploads (sizes, types, failures); if `all` is high too, the shared pipeline below is the cause: '
          + 'a growing queue age with few worker tasks is a backlog (scaling), long scan/process durations are clamd or libvips.',
        ].join('\n'),
      })],
      [
        graph('Complete → processed p95 (ms)', [forTenant('buildpeer.uploads.complete_to_processed.p95', tenant, 'Maximum', 'p95')], { width: 6 }),
        graph('Uploads per minute', [forTenant('buildpeer.uploads.per_minute', tenant, 'Average', 'uploads/min')], { width: 6 }),
        graph('Success rate (0–1)', [forTenant('buildpeer.uploads.success_rate', tenant, 'Minimum', 'success rate')], { width: 6, leftYAxis: { min: 0, max: 1 } }),
        graph('Uploads in the window, by outcome', ['received', 'processed', 'failed', 'quarantined'].map(window), { width: 6 }),
      ],
      [
        graph('Shared: uploads queue', [uploadsAge], {
          right: [stack.uploadsQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: FIVE_MINUTES, label: 'uploads queue: waiting' })],
        }),
        taskCountWidget(stack),
        pipelineDurationWidget(),
      ],
    ],
  });
}

function createDashboards(stack) {
  return { system: systemDashboard(stack), tenant: tenantDashboard(stack) };
}

module.exports = { createDashboards };
