'use strict';
// The manifest's Redis container as an ElastiCache (Valkey) replication group: a primary and a
// replica in the two isolated (data) subnets with automatic failover, TLS in transit, encrypted at
// rest, and the manifest's generated password parameter as its AUTH token.

const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const elasticache = require('aws-cdk-lib/aws-elasticache');
const logs = require('aws-cdk-lib/aws-logs');
const cloudwatch = require('aws-cdk-lib/aws-cloudwatch');
const { Construct } = require('constructs');
const { ManifestResolver } = require('./resolver');

// Valkey is ElastiCache's Redis-compatible engine (the local Redis speaks the same protocol to
// StackExchange.Redis); ElastiCache's Redis OSS engine stops at 7.1.
const ENGINE = 'valkey';
const ENGINE_VERSION = '8.2';
const NODES = 2;
// Appended to the manifest's connection string: StackExchange.Redis keeps reconnecting (a failover
// moves the primary) instead of failing the service's start when the first connect fails.
const CLIENT_OPTIONS = ',abortConnect=false';
const FIVE_MINUTES = cdk.Duration.minutes(5);

/** "BuildPeerUploads" + "redis" -> "buildpeeruploads-redis": 1-40 characters, a letter first, no "--", no trailing "-". */
function replicationGroupId(stackName, name) {
  const id = `${stackName}-${name}`.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/-+/g, '-').replace(/^[^a-z]+/, '');
  return id.slice(0, 40).replace(/-+$/, '');
}

class RedisCache extends Construct {
  /**
   * @param {object} props
   * @param {object} props.server     the manifest's Redis (analyzeManifest: name, passwordParameter, tlsConditions, port)
   * @param {ec2.IVpc} props.vpc
   * @param {import('aws-cdk-lib/aws-secretsmanager').ISecret} props.authToken  the generated password parameter
   * @param {string} props.nodeType   e.g. cache.m7g.large
   */
  constructor(scope, id, { server, vpc, authToken, nodeType }) {
    super(scope, id);
    this.server = server;
    this.port = server.port;
    this.replicationGroupId = replicationGroupId(cdk.Stack.of(this).stackName, server.name);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: `ElastiCache ${server.name}: ${this.port} from the services that use it only`,
      allowAllOutbound: false,
    });
    const subnetGroup = new elasticache.CfnSubnetGroup(this, 'SubnetGroup', {
      description: `BuildPeer Uploads ${server.name}: the isolated (data) subnets`,
      subnetIds: vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }).subnetIds,
    });
    const slowLog = new logs.LogGroup(this, 'SlowLog', {
      logGroupName: `/aws/elasticache/${this.replicationGroupId}/slow-log`,
      retention: logs.RetentionDays.ONE_MONTH,
    });
    this.replicationGroup = new elasticache.CfnReplicationGroup(this, 'ReplicationGroup', {
      replicationGroupId: this.replicationGroupId,
      replicationGroupDescription: `BuildPeer Uploads ${server.name}: rate limits and status reads shared by the API tasks`,
      engine: ENGINE,
      engineVersion: ENGINE_VERSION,
      cacheNodeType: nodeType,
      numCacheClusters: NODES,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      cacheSubnetGroupName: subnetGroup.ref,
      securityGroupIds: [this.securityGroup.securityGroupId],
      port: this.port,
      transitEncryptionEnabled: true,
      atRestEncryptionEnabled: true,
      // A dynamic reference: CloudFormation reads the secret when it creates the group.
      authToken: authToken.secretValue.unsafeUnwrap(),
      autoMinorVersionUpgrade: true,
      preferredMaintenanceWindow: 'sun:04:00-sun:05:00',
      // Counters that expire within minutes and reads PostgreSQL can answer again: nothing to restore.
      snapshotRetentionLimit: 0,
      logDeliveryConfigurations: [{
        logType: 'slow-log',
        logFormat: 'json',
        destinationType: 'cloudwatch-logs',
        destinationDetails: { cloudWatchLogsDetails: { logGroup: slowLog.logGroupName } },
      }],
    });
  }

  /** The primary endpoint: it follows a failover to the replica. */
  get host() {
    return this.replicationGroup.attrPrimaryEndPointAddress;
  }

  /** The member clusters ElastiCache creates for the group ("<group>-001", ...): the metrics' CacheClusterId. */
  get nodeIds() {
    return Array.from({ length: NODES }, (_, i) => `${this.replicationGroupId}-${String(i + 1).padStart(3, '0')}`);
  }

  /** Only the tasks of a project that references the Redis resource reach it. */
  allowFrom(peer, projectName) {
    this.securityGroup.addIngressRule(peer, ec2.Port.tcp(this.port), `Redis from ${projectName}`);
  }

  /**
   * Values for the resolver ("resource.path" -> value): the endpoint in place of the container's
   * binding, ",ssl=true" for Aspire's TLS condition (in-transit encryption is on), and the whole
   * connection string, resolved from the manifest's own expression plus CLIENT_OPTIONS:
   * "<primary endpoint>:6379,password=<secret>,ssl=true,abortConnect=false".
   */
  manifestOverrides(resources) {
    const name = this.server.name;
    const endpoint = {
      [`${name}.bindings.tcp.host`]: this.host,
      [`${name}.bindings.tcp.port`]: String(this.port),
      [`${name}.bindings.tcp.targetPort`]: String(this.port),
    };
    for (const condition of this.server.tlsConditions) endpoint[`${condition}.connectionString`] = ',ssl=true';
    const segments = new ManifestResolver(resources, { overrides: endpoint }).resolveReference(`${name}.connectionString`);
    const tls = this.server.tlsConditions.length ? '' : ',ssl=true';
    const value = [...segments.map((s) => (s.text !== undefined ? s.text : s)), `${tls}${CLIENT_OPTIONS}`];
    return { ...endpoint, [`${name}.connectionString`]: value };
  }

  /** One node's metric (AWS/ElastiCache, by CacheClusterId). */
  nodeMetric(metricName, node, statistic = 'Maximum') {
    return new cloudwatch.Metric({
      namespace: 'AWS/ElastiCache', metricName, statistic, period: FIVE_MINUTES,
      dimensionsMap: { CacheClusterId: node }, label: node,
    });
  }

  /** The higher of the two nodes, whichever is the primary now. */
  worstNode(metricName, label) {
    const usingMetrics = Object.fromEntries(this.nodeIds.map((node, i) => [`n${i + 1}`, this.nodeMetric(metricName, node)]));
    return new cloudwatch.MathExpression({
      expression: `MAX([${Object.keys(usingMetrics).join(', ')}])`, usingMetrics, period: FIVE_MINUTES, label,
    });
  }

  /** Engine CPU (Valkey runs commands on one thread) and memory alarms; `wire` adds the SNS actions. */
  createAlarms(wire) {
    const alarm = (id, metricName, description) => wire(this.worstNode(metricName, `${this.server.name}: ${metricName} (max of nodes)`)
      .createAlarm(this, id, {
        alarmDescription: `${this.server.name} (${this.replicationGroupId}): ${description}`,
        threshold: 80,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }));
    return {
      engineCpu: alarm('EngineCpuAlarm', 'EngineCPUUtilization', 'engine CPU above 80 % for 15 minutes'),
      memory: alarm('MemoryAlarm', 'DatabaseMemoryUsagePercentage', 'memory above 80 % of maxmemory for 15 minutes (evictions follow)'),
    };
  }
}

module.exports = { RedisCache, replicationGroupId, ENGINE, ENGINE_VERSION, NODES };
