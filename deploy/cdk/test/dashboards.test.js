'use strict';
// The operators' dashboards, and the proof that their BuildPeer metrics are what the services emit
// and the collector publishes (names and dimension sets).
const fs = require('node:fs');
const path = require('node:path');
const { test, describe, before } = require('node:test');
const assert = require('node:assert/strict');
const { synth, logicalId, dashboardBody, dashboardMetrics, CDK_DIR } = require('../testing/helpers');
const { EXPORTED_METRICS, NOT_EXPORTED, METRICS_NAMESPACE } = require('../lib/adot-config');

const REPO = path.resolve(CDK_DIR, '../..');
const SOURCES = {
  'BuildPeer.Processing': 'BuildPeer.Processing/Infrastructure/ProcessingMetrics.cs',
  'BuildPeer.Uploads': 'BuildPeer.Api/Ops/UploadMetrics.cs',
};
const read = (file) => fs.readFileSync(path.join(REPO, file), 'utf8');
/** The meter's source plus the files that record on it (ProcessingMetrics.Failed.Add(1, new("stage", …)), …). */
function recordingSources(meter) {
  if (meter === 'BuildPeer.Uploads') return read(SOURCES[meter]);
  const files = fs.readdirSync(path.join(REPO, 'BuildPeer.Processing'), { recursive: true })
    .filter((f) => f.endsWith('.cs') && !f.split(path.sep).some((d) => d === 'bin' || d === 'obj'));
  return files.map((f) => read(path.join('BuildPeer.Processing', f))).filter((t) => t.includes('ProcessingMetrics')).join('\n');
}

let template;
let edge;
let system;
let tenant;
before(() => {
  ({ template, edgeTemplate: edge } = synth());
  system = dashboardBody(template, 'BuildPeerUploads-system');
  tenant = dashboardBody(template, 'BuildPeerUploads-tenant');
});

const widget = (body, title) => {
  const w = body.widgets.find((x) => x.properties.title === title);
  assert.ok(w, `widget "${title}"`);
  return w;
};
const metricsOf = (body, title) => dashboardMetrics({ widgets: [widget(body, title)] });
const ref = (token) => `<<${JSON.stringify(token).replace(/"/g, "'")}>>`;
const getAtt = (id, attr) => ref({ 'Fn::GetAtt': [id, attr] });
const resourceId = (type, prefix) => Object.keys(template.findResources(type)).find((id) => id.startsWith(prefix));

describe('metrics match what the services emit and the collector publishes', () => {
  test('every instrument of the two meters is exported (or left out on purpose), and nothing else', () => {
    const inSource = Object.values(SOURCES).flatMap((file) => [...read(file).matchAll(/"(buildpeer\.[a-z0-9_.]+)"/g)].map((m) => m[1]));
    assert.ok(inSource.length >= 10, `instruments found: ${inSource}`);
    assert.deepEqual([...inSource].sort(), [...Object.keys(EXPORTED_METRICS), ...Object.keys(NOT_EXPORTED)].sort());
  });

  test('each exported instrument\'s meter and dimension attributes are in its source file', () => {
    for (const [instrument, m] of Object.entries(EXPORTED_METRICS)) {
      const [meter, file] = Object.entries(SOURCES).find(([, f]) => read(f).includes(`"${instrument}"`));
      assert.match(read(file), new RegExp(`(new\\(|MeterName = )"${meter.replace('.', '\\.')}"`), `${instrument} is on meter ${meter}`);
      if (m.meter) assert.equal(m.meter, meter, `${instrument}: the collector labels it with its own meter`);
      for (const dimension of new Set(m.dimensions.flat())) {
        if (dimension === 'meter') continue; // added by the collector
        assert.ok(recordingSources(meter).includes(`"${dimension}"`), `${instrument}: attribute "${dimension}" is recorded on ${meter}`);
      }
    }
  });

  test('every BuildPeer/Uploads metric in a dashboard or alarm is a published name with a published dimension set', () => {
    const published = Object.fromEntries(Object.values(EXPORTED_METRICS).map((m) => [m.name, m.dimensions.map((d) => [...d].sort().join(','))]));
    const used = [...dashboardMetrics(system), ...dashboardMetrics(tenant)].filter((m) => m.namespace === METRICS_NAMESPACE);
    const alarmMetrics = Object.values(template.findResources('AWS::CloudWatch::Alarm')).flatMap((a) => (a.Properties.Metrics ?? [])
      .filter((m) => m.MetricStat?.Metric.Namespace === METRICS_NAMESPACE)
      .map((m) => ({ name: m.MetricStat.Metric.MetricName, dimensions: Object.fromEntries(m.MetricStat.Metric.Dimensions.map((d) => [d.Name, d.Value])) })));
    assert.ok(used.length >= 10 && alarmMetrics.length === 2);
    for (const m of [...used, ...alarmMetrics]) {
      assert.ok(published[m.name], `${m.name} is published`);
      assert.ok(published[m.name].includes(Object.keys(m.dimensions).sort().join(',')), `${m.name} {${Object.keys(m.dimensions)}} is a published dimension set`);
    }
  });
});

describe('system dashboard', () => {
  test('upload success rate: the alarm\'s expression over the processing counters, with the 95 % line', () => {
    const metrics = metricsOf(system, 'Upload success rate (%)');
    assert.match(metrics.find((m) => m.expression).expression, /100 \* FILL\(processed, 0\) \/ \(FILL\(processed, 0\) \+ FILL\(failed, 0\)\)/);
    const inputs = metrics.filter((m) => m.name);
    assert.deepEqual(inputs.map((m) => [m.options.id, m.name, m.dimensions.meter, m.options.stat]).sort(),
      [['failed', 'UploadsFailed', 'BuildPeer.Processing', 'Sum'], ['processed', 'UploadsProcessed', 'BuildPeer.Processing', 'Sum']]);
    assert.equal(widget(system, 'Upload success rate (%)').properties.annotations.horizontal[0].value, 95);
  });

  test('complete → processed p95 for all tenants, and per tenant by search', () => {
    const [p95] = metricsOf(system, 'Complete → processed p95 (ms)');
    assert.deepEqual([p95.name, p95.dimensions, p95.options.stat], ['CompleteToProcessedP95', { 'tenant.id': 'all' }, 'Maximum']);
    const [search] = metricsOf(system, 'Complete → processed p95 by tenant (ms)');
    assert.equal(search.expression, 'SEARCH(\'{BuildPeer/Uploads,tenant.id} MetricName="CompleteToProcessedP95"\', \'Maximum\', 300)');
  });

  test('queue depth and age of the oldest message for both queues; dead-letter queue depth', () => {
    const uploads = getAtt(resourceId('AWS::SQS::Queue', 'UploadsQueue'), 'QueueName');
    const s3Events = getAtt(resourceId('AWS::SQS::Queue', 'S3EventsQueue'), 'QueueName');
    const depth = metricsOf(system, 'Queue depth (messages)').map((m) => `${m.name}:${m.dimensions.QueueName}`);
    for (const q of [uploads, s3Events]) {
      assert.ok(depth.includes(`ApproximateNumberOfMessagesVisible:${q}`));
      assert.ok(depth.includes(`ApproximateNumberOfMessagesNotVisible:${q}`));
    }
    const age = metricsOf(system, 'Age of the oldest message (s)');
    assert.deepEqual(age.map((m) => [m.namespace, m.name, m.dimensions.QueueName, m.options.stat]),
      [['AWS/SQS', 'ApproximateAgeOfOldestMessage', uploads, 'Maximum'], ['AWS/SQS', 'ApproximateAgeOfOldestMessage', s3Events, 'Maximum']]);
    const dlq = metricsOf(system, 'Dead-letter queue depth');
    assert.deepEqual(dlq.map((m) => m.dimensions.QueueName).sort(),
      [getAtt(resourceId('AWS::SQS::Queue', 'UploadsDeadLetterQueue'), 'QueueName'), getAtt(resourceId('AWS::SQS::Queue', 'S3EventsDeadLetterQueue'), 'QueueName')].sort());
    assert.ok(dlq.every((m) => m.name === 'ApproximateNumberOfMessagesVisible'));
  });

  test('API 5xx (%) and p99 latency from the ALB', () => {
    const errors = metricsOf(system, 'API 5xx (% of requests)');
    assert.match(errors.find((m) => m.expression).expression, /100 \* \(FILL\(target5xx, 0\) \+ FILL\(elb5xx, 0\)\) \/ requests/);
    assert.deepEqual(errors.filter((m) => m.name).map((m) => m.name).sort(), ['HTTPCode_ELB_5XX_Count', 'HTTPCode_Target_5XX_Count', 'RequestCount']);
    const latency = metricsOf(system, 'API latency (s)');
    assert.ok(latency.every((m) => m.namespace === 'AWS/ApplicationELB' && m.name === 'TargetResponseTime'));
    assert.deepEqual(latency.map((m) => m.options.stat), ['p99', 'p95', 'p50']);
  });

  test('Aurora connections and CPU (writer and reader)', () => {
    const cluster = ref({ Ref: logicalId(template, 'AWS::RDS::DBCluster') });
    const [connections] = metricsOf(system, 'Aurora postgres: connections');
    assert.deepEqual([connections.namespace, connections.name, connections.dimensions], ['AWS/RDS', 'DatabaseConnections', { DBClusterIdentifier: cluster }]);
    const cpu = metricsOf(system, 'Aurora postgres: CPU (%)');
    assert.deepEqual(cpu.map((m) => [m.name, m.dimensions.Role, m.dimensions.DBClusterIdentifier]),
      [['CPUUtilization', 'WRITER', cluster], ['CPUUtilization', 'READER', cluster]]);
  });

  test('ECS running and desired task counts of every service', () => {
    const tasks = metricsOf(system, 'ECS tasks');
    const services = Object.keys(template.findResources('AWS::ECS::Service'));
    assert.equal(services.length, 2);
    for (const service of services) {
      for (const name of ['RunningTaskCount', 'DesiredTaskCount']) {
        assert.ok(tasks.some((m) => m.namespace === 'ECS/ContainerInsights' && m.name === name && m.dimensions.ServiceName === getAtt(service, 'Name')), `${name} of ${service}`);
      }
    }
  });

  test('WAF allowed/blocked requests from us-east-1, for the edge stack\'s web ACL and its rules', () => {
    const acl = Object.values(edge.findResources('AWS::WAFv2::WebACL'))[0].Properties;
    const waf = metricsOf(system, 'Edge: WAF requests (us-east-1)');
    assert.ok(waf.every((m) => m.namespace === 'AWS/WAFV2' && m.region === 'us-east-1' && m.dimensions.WebACL === acl.Name));
    const rules = new Set(waf.map((m) => m.dimensions.Rule));
    for (const r of ['ALL', ...acl.Rules.map((x) => x.VisibilityConfig.MetricName)]) assert.ok(rules.has(r), `rule ${r}`);
  });
});

describe('per-tenant dashboard ("why are uploads slow for Client X?")', () => {
  test('a tenant picker: a property variable on tenant.id, filled from the published tenants, "all" by default', () => {
    assert.deepEqual(tenant.variables, [{
      type: 'property', property: 'tenant.id', inputType: 'select', id: 'tenant', label: 'Tenant (tenant.id)',
      search: '{BuildPeer/Uploads,tenant.id} MetricName="CompleteToProcessedP95"', populateFrom: 'tenant.id',
      defaultValue: 'all', visible: true,
    }]);
  });

  test('the tenant\'s p95, rate, success rate and outcomes, all on tenant.id', () => {
    const perTenant = dashboardMetrics(tenant).filter((m) => m.namespace === METRICS_NAMESPACE && m.dimensions['tenant.id']);
    assert.deepEqual([...new Set(perTenant.map((m) => m.name))].sort(), ['CompleteToProcessedP95', 'UploadSuccessRate', 'UploadsInWindow', 'UploadsPerMinute']);
    assert.deepEqual(metricsOf(tenant, 'Uploads in the window, by outcome').map((m) => m.dimensions.outcome), ['received', 'processed', 'failed', 'quarantined']);
  });

  test('the shared pipeline beside it: queue age, worker tasks, scan and process durations', () => {
    const [age] = metricsOf(tenant, 'Shared: uploads queue');
    assert.equal(age.name, 'ApproximateAgeOfOldestMessage');
    assert.ok(metricsOf(tenant, 'ECS tasks').some((m) => m.name === 'RunningTaskCount'));
    const durations = metricsOf(tenant, 'Pipeline stage duration, all tenants (ms)');
    assert.deepEqual([...new Set(durations.map((m) => m.name))], ['ScanDuration', 'ProcessDuration']);
  });
});
