'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { adotConfig, UPLOAD_METRIC_NAMES, METRICS_NAMESPACE } = require('../lib/adot-config');

const yaml = adotConfig({ region: 'eu-west-1', telemetryLogGroupName: '/buildpeer/x/api/telemetry' });

test('the upload counters of BuildPeer.Processing are renamed to the alarm\'s metric names', () => {
  assert.deepEqual(UPLOAD_METRIC_NAMES, { 'buildpeer.uploads.processed': 'UploadsProcessed', 'buildpeer.uploads.failed': 'UploadsFailed' });
  assert.equal(METRICS_NAMESPACE, 'BuildPeer/Uploads');
  for (const [from, to] of Object.entries(UPLOAD_METRIC_NAMES)) {
    assert.ok(yaml.includes(`      - include: ${from}\n        match_type: strict\n        action: update\n        new_name: ${to}\n`), from);
  }
});

test('metrics are renamed before they are filtered, then exported as EMF to the telemetry log group', () => {
  assert.match(yaml, /processors: \[resourcedetection, metricstransform\/uploads, filter\/uploads, batch\/metrics\]\n {6}exporters: \[awsemf\]/);
  assert.match(yaml, /namespace: BuildPeer\/Uploads\n {4}log_group_name: \/buildpeer\/x\/api\/telemetry/);
});

test('traces go to X-Ray and logs to CloudWatch Logs, in the given region; OTLP listens on localhost only', () => {
  assert.match(yaml, /exporters: \[awsxray\]/);
  assert.match(yaml, /exporters: \[awscloudwatchlogs\]/);
  assert.match(yaml, /awsxray:\n {4}region: eu-west-1/);
  assert.match(yaml, /endpoint: 127\.0\.0\.1:4317/);
  assert.doesNotMatch(yaml, /0\.0\.0\.0/);
});

test('no tab characters (YAML forbids them for indentation)', () => {
  assert.doesNotMatch(yaml, /\t/);
});

// aws-cdk-lib bundles the "yaml" package (resolved from aws-cdk-lib itself); parse the config as the collector would.
const YAML = require('node:module').createRequire(require.resolve('aws-cdk-lib'))('yaml');
const { EXPORTED_METRICS, PROCESSING_METER } = require('../lib/adot-config');
const parsed = YAML.parse(yaml);

test('the EMF exporter publishes exactly the declared dimension sets (no roll-up, whatever the exporter version adds)', () => {
  const emf = parsed.exporters.awsemf;
  assert.equal(emf.dimension_rollup_option, 'NoDimensionRollup');
  const declared = Object.fromEntries(emf.metric_declarations.map((d) => [d.metric_name_selectors[0], d.dimensions]));
  assert.deepEqual(declared, Object.fromEntries(Object.values(EXPORTED_METRICS).map((m) => [`^${m.name}$`, m.dimensions])));
  assert.deepEqual(declared['^CompleteToProcessedP95$'], [['tenant.id']]);
  assert.deepEqual(declared['^UploadsProcessed$'], [['meter']]);
  assert.deepEqual(declared['^UploadsFailed$'], [['meter'], ['meter', 'stage']]);
});

test('the processing instruments get meter=BuildPeer.Processing; the tenant gauges keep their own attributes', () => {
  const transforms = Object.fromEntries(parsed.processors['metricstransform/uploads'].transforms.map((t) => [t.include, t]));
  assert.deepEqual(Object.keys(transforms).sort(), Object.keys(EXPORTED_METRICS).sort());
  for (const [instrument, m] of Object.entries(EXPORTED_METRICS)) {
    const t = transforms[instrument];
    assert.equal(t.new_name, m.name);
    if (m.meter) assert.deepEqual(t.operations, [{ action: 'add_label', new_label: 'meter', new_value: PROCESSING_METER }]);
    else assert.equal(t.operations, undefined);
  }
  assert.deepEqual(parsed.processors['filter/uploads'].metrics.include.metric_names.sort(), Object.values(EXPORTED_METRICS).map((m) => m.name).sort());
});
