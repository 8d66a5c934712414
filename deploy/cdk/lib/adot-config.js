'use strict';
// Configuration of the AWS Distro for OpenTelemetry collector that runs as a sidecar in every task.
// The services export OTLP to localhost:4317 (tasks use awsvpc networking, so the containers of a
// task share one network namespace). Traces go to X-Ray; the upload counters go to CloudWatch
// metrics in the BuildPeer/Uploads namespace through the EMF exporter (the success-rate alarm reads
// them). The collector reads this YAML from its AOT_CONFIG_CONTENT environment variable.

const METRICS_NAMESPACE = 'BuildPeer/Uploads';
const UPLOAD_METRICS = ['UploadsProcessed', 'UploadsFailed'];

function adotConfig({ region, metricsLogGroupName }) {
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
    '  batch/traces:',
    '    timeout: 1s',
    '    send_batch_size: 50',
    '  batch/metrics:',
    '    timeout: 60s',
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
    `    log_group_name: ${metricsLogGroupName}`,
    "    log_stream_name: '{TaskId}'",
    '    dimension_rollup_option: ZeroAndSingleDimensionRollup',
    'service:',
    '  extensions: [health_check]',
    '  pipelines:',
    '    traces:',
    '      receivers: [otlp]',
    '      processors: [batch/traces]',
    '      exporters: [awsxray]',
    '    metrics:',
    '      receivers: [otlp]',
    '      processors: [filter/uploads, batch/metrics]',
    '      exporters: [awsemf]',
    '',
  ].join('\n');
}

module.exports = { adotConfig, METRICS_NAMESPACE, UPLOAD_METRICS };
