'use strict';
// Configuration of the AWS Distro for OpenTelemetry collector that runs as a sidecar in every task.
// The services export OTLP to localhost:4317 (tasks use awsvpc networking, so the containers of a
// task share one network namespace): traces go to X-Ray; of the metrics, the upload counters are
// renamed and go to CloudWatch metrics in the BuildPeer/Uploads namespace through the EMF exporter
// (the success-rate alarm reads them), the rest is dropped; OTLP logs (ServiceDefaults exports
// them too) go to CloudWatch Logs. The collector reads this YAML from its AOT_CONFIG_CONTENT
// environment variable.

const METRICS_NAMESPACE = 'BuildPeer/Uploads';
// OpenTelemetry instrument (BuildPeer.Processing's ProcessingMetrics) -> CloudWatch metric name.
const UPLOAD_METRIC_NAMES = {
  'buildpeer.uploads.processed': 'UploadsProcessed',
  'buildpeer.uploads.failed': 'UploadsFailed',
};
const UPLOAD_METRICS = Object.values(UPLOAD_METRIC_NAMES);

function adotConfig({ region, telemetryLogGroupName }) {
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
    ...Object.entries(UPLOAD_METRIC_NAMES).flatMap(([from, to]) => [
      `      - include: ${from}`,
      '        match_type: strict',
      '        action: update',
      `        new_name: ${to}`,
    ]),
    '  filter/uploads:',
    '    metrics:',
    '      include:',
    '        match_type: strict',
    '        metric_names:',
    ...UPLOAD_METRICS.map((m) => `          - ${m}`),
    'exporters:',
    '  awsxray:',
    `    region: ${region}`,
    '  awsemf:',
    `    region: ${region}`,
    `    namespace: ${METRICS_NAMESPACE}`,
    `    log_group_name: ${telemetryLogGroupName}`,
    "    log_stream_name: 'metrics-{TaskId}'",
    '    dimension_rollup_option: ZeroAndSingleDimensionRollup',
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

module.exports = { adotConfig, METRICS_NAMESPACE, UPLOAD_METRICS, UPLOAD_METRIC_NAMES };
