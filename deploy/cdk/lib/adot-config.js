'use strict';
// Configuration of the AWS Distro for OpenTelemetry collector that runs as a sidecar in every task.
// The services export OTLP to localhost:4317 (tasks use awsvpc networking, so the containers of a
// task share one network namespace): traces go to X-Ray; of the metrics, the BuildPeer ones below
// are renamed and go to CloudWatch metrics in the BuildPeer/Uploads namespace through the EMF
// exporter (the alarms and dashboards read them), the rest is dropped; OTLP logs (ServiceDefaults
// exports them too) go to CloudWatch Logs. The collector reads this YAML from its
// AOT_CONFIG_CONTENT environment variable.
//
// Dimensions: the EMF exporter publishes exactly the dimension sets declared here
// (metric_declarations, no roll-up), so the CloudWatch identity of each metric is fixed by this
// file and not by the exporter version (older exporters add the instrumentation scope as an
// "OTelLib" label, newer ones do not). The processing counters carry no attribute that would do as
// a dimension, so the collector adds meter=<meter name> to them.

const METRICS_NAMESPACE = 'BuildPeer/Uploads';
const PROCESSING_METER = 'BuildPeer.Processing'; // BuildPeer.Processing/Infrastructure/ProcessingMetrics.cs
const API_METER = 'BuildPeer.Uploads'; // BuildPeer.Api/Ops/UploadMetrics.cs
const TENANT_DIMENSION = 'tenant.id'; // UploadMetrics: one series per tenant id, plus "all"
const ALL_TENANTS = 'all';
const METER_DIMENSION = 'meter';

/**
 * OpenTelemetry instrument -> CloudWatch metric name, the dimension sets it is published with and,
 * for attribute-less instruments, the meter label the collector adds.
 */
const EXPORTED_METRICS = {
  // BuildPeer.Processing (counters and histograms, recorded by the worker)
  'buildpeer.uploads.processed': { name: 'UploadsProcessed', meter: PROCESSING_METER, dimensions: [[METER_DIMENSION]] },
  'buildpeer.uploads.failed': { name: 'UploadsFailed', meter: PROCESSING_METER, dimensions: [[METER_DIMENSION], [METER_DIMENSION, 'stage']] },
  'buildpeer.uploads.quarantined': { name: 'UploadsQuarantined', meter: PROCESSING_METER, dimensions: [[METER_DIMENSION]] },
  'buildpeer.scan.duration': { name: 'ScanDuration', meter: PROCESSING_METER, dimensions: [[METER_DIMENSION]] },
  'buildpeer.process.duration': { name: 'ProcessDuration', meter: PROCESSING_METER, dimensions: [[METER_DIMENSION]] },
  // BuildPeer.Uploads (gauges the API computes from the database: every API task reports the same value)
  'buildpeer.uploads.per_minute': { name: 'UploadsPerMinute', dimensions: [[TENANT_DIMENSION]] },
  'buildpeer.uploads.success_rate': { name: 'UploadSuccessRate', dimensions: [[TENANT_DIMENSION]] },
  'buildpeer.uploads.complete_to_processed.p95': { name: 'CompleteToProcessedP95', dimensions: [[TENANT_DIMENSION]] },
  'buildpeer.uploads.window': { name: 'UploadsInWindow', dimensions: [[TENANT_DIMENSION, 'outcome']] },
};
// Instruments of the two meters that stay out of CloudWatch, and why.
const NOT_EXPORTED = {
  'buildpeer.queue.depth': 'AWS/SQS publishes the same queue depths; the dashboards read those',
};
// CloudWatch name by instrument name.
const METRIC_NAMES = Object.fromEntries(Object.entries(EXPORTED_METRICS).map(([from, m]) => [from, m.name]));
// The two counters the success-rate alarm reads.
const UPLOAD_METRIC_NAMES = {
  'buildpeer.uploads.processed': METRIC_NAMES['buildpeer.uploads.processed'],
  'buildpeer.uploads.failed': METRIC_NAMES['buildpeer.uploads.failed'],
};
const UPLOAD_METRICS = Object.values(UPLOAD_METRIC_NAMES);

function adotConfig({ region, telemetryLogGroupName }) {
  const exported = Object.entries(EXPORTED_METRICS);
  return [
    'extensions:',
    '  health_check:',
    'receivers:',
    '  otlp:',
    '    protocols:',
    '      grpc:',
    '        endpoint: 127.0.0.1:4317',
    '      http:',
    '        endpoint: 127.0.0.1:4318',
    'processors:',
    '  resourcedetection:',
    '    detectors: [env, ecs]',
    '    timeout: 2s',
    '    override: false',
    '  batch/traces:',
    '    timeout: 1s',
    '    send_batch_size: 50',
    '  batch/metrics:',
    '    timeout: 60s',
    '  batch/logs:',
    '    timeout: 5s',
    '  metricstransform/uploads:',
    '    transforms:',
    ...exported.flatMap(([from, m]) => [
      `      - include: ${from}`,
      '        match_type: strict',
      '        action: update',
      `        new_name: ${m.name}`,
      ...(m.meter
        ? [
            '        operations:',
            '          - action: add_label',
            `            new_label: ${METER_DIMENSION}`,
            `            new_value: ${m.meter}`,
          ]
        : []),
    ]),
    '  filter/uploads:',
    '    metrics:',
    '      include:',
    '        match_type: strict',
    '        metric_names:',
    ...exported.map(([, m]) => `          - ${m.name}`),
    'exporters:',
    '  awsxray:',
    `    region: ${region}`,
    '  awsemf:',
    `    region: ${region}`,
    `    namespace: ${METRICS_NAMESPACE}`,
    `    log_group_name: ${telemetryLogGroupName}`,
    "    log_stream_name: 'metrics-{TaskId}'",
    '    dimension_rollup_option: NoDimensionRollup',
    '    metric_declarations:',
    ...exported.flatMap(([, m]) => [
      `      - metric_name_selectors: ['^${m.name}$']`,
      `        dimensions: [${m.dimensions.map((set) => `[${set.map((d) => `'${d}'`).join(', ')}]`).join(', ')}]`,
    ]),
    '  awscloudwatchlogs:',
    `    region: ${region}`,
    `    log_group_name: ${telemetryLogGroupName}`,
    '    log_stream_name: otlp-logs',
    'service:',
    '  extensions: [health_check]',
    '  pipelines:',
    '    traces:',
    '      receivers: [otlp]',
    '      processors: [resourcedetection, batch/traces]',
    '      exporters: [awsxray]',
    '    metrics:',
    '      receivers: [otlp]',
    '      processors: [resourcedetection, metricstransform/uploads, filter/uploads, batch/metrics]',
    '      exporters: [awsemf]',
    '    logs:',
    '      receivers: [otlp]',
    '      processors: [resourcedetection, batch/logs]',
    '      exporters: [awscloudwatchlogs]',
    '',
  ].join('\n');
}

module.exports = {
  adotConfig,
  METRICS_NAMESPACE,
  UPLOAD_METRICS,
  UPLOAD_METRIC_NAMES,
  EXPORTED_METRICS,
  NOT_EXPORTED,
  METRIC_NAMES,
  PROCESSING_METER,
  API_METER,
  METER_DIMENSION,
  TENANT_DIMENSION,
  ALL_TENANTS,
};
