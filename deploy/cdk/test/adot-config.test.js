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
