'use strict';
// The BuildPeer Uploads stack, synthesized from the resources of an Aspire manifest.

const fs = require('node:fs');
const path = require('node:path');
const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const ecs = require('aws-cdk-lib/aws-ecs');
const ecrAssets = require('aws-cdk-lib/aws-ecr-assets');
const elbv2 = require('aws-cdk-lib/aws-elasticloadbalancingv2');
const elbv2Targets = require('aws-cdk-lib/aws-elasticloadbalancingv2-targets');
const rds = require('aws-cdk-lib/aws-rds');
const s3 = require('aws-cdk-lib/aws-s3');
const sqs = require('aws-cdk-lib/aws-sqs');
const sns = require('aws-cdk-lib/aws-sns');
const snsSubscriptions = require('aws-cdk-lib/aws-sns-subscriptions');
const events = require('aws-cdk-lib/aws-events');
const eventTargets = require('aws-cdk-lib/aws-events-targets');
const iam = require('aws-cdk-lib/aws-iam');
const kms = require('aws-cdk-lib/aws-kms');
const logs = require('aws-cdk-lib/aws-logs');
const secretsmanager = require('aws-cdk-lib/aws-secretsmanager');
const cloudwatch = require('aws-cdk-lib/aws-cloudwatch');
const cwActions = require('aws-cdk-lib/aws-cloudwatch-actions');
const appscaling = require('aws-cdk-lib/aws-applicationautoscaling');

const { loadManifest, analyzeManifest } = require('./manifest');
const { ManifestResolver } = require('./resolver');
const { adotConfig, METRICS_NAMESPACE, PROCESSING_METER, METER_DIMENSION } = require('./adot-config');
const { createDashboards } = require('./dashboards');
const { RedisCache } = require('./redis-cache');

const CONTAINER_PORT = 8080;
// A fixed collector release, so that a deploy is repeatable (":latest" changed under us between
// deploys). Raise it on purpose, after checking its release notes against lib/adot-config.js.
const ADOT_IMAGE = 'public.ecr.aws/aws-observability/aws-otel-collector:v0.50.0';
// Characters left out of the generated database password: they would need quoting in a
// connection string or are refused by RDS.
const DB_PASSWORD_EXCLUDE = ' %+~`#$&*()|[]{}:;<>?!\'/@"\\,=';
// What goes into the Docker build context (the repository root) besides the sources.
const DOCKER_EXCLUDE = [
  '.git', '.ci', '.state', '**/bin', '**/obj', '**/node_modules', '**/TestResults', 'artifacts',
  'deploy', 'tests', 'bench', 'tools', '**/*.swp',
];

// Sizes and scaling per role. A public project (external http binding) is a web service behind
// the ALB; any other project is a worker.
const WEB = { cpu: 2048, memoryLimitMiB: 4096, minCapacity: 2, maxCapacity: 10, cpuTarget: 70 };
const WORKER = { cpu: 2048, memoryLimitMiB: 4096, minCapacity: 1, maxCapacity: 20, backlogPerTask: 100 };
const SCALE_OUT_COOLDOWN = cdk.Duration.minutes(2);
const SCALE_IN_COOLDOWN = cdk.Duration.minutes(5);
const UPLOADS_VISIBILITY_TIMEOUT = cdk.Duration.minutes(5);

const pascal = (s) => s.replace(/(^|[^A-Za-z0-9])([A-Za-z0-9])/g, (_, __, c) => c.toUpperCase());

class UploadsStack extends cdk.Stack {
  /**
   * @param {import('constructs').Construct} scope
   * @param {string} id
   * @param {object} props  see lib/config.js (readConfig) plus the usual StackProps
   */
  constructor(scope, id, props) {
    super(scope, id, props);
    this.config = props.config; // before anything asks for availabilityZones
    const config = props.config;
    const manifest = loadManifest(config.manifestPath);
    const model = analyzeManifest(manifest.resources);
    for (const ignored of model.ignored) {
      cdk.Annotations.of(this).addWarningV2(`buildpeer:ignored:${ignored.name}`, `manifest resource "${ignored.name}" (${ignored.type}) is not deployed: ${ignored.reason}`);
    }
    const webProjects = model.projects.filter((p) => p.external);
    if (webProjects.length > 1) {
      throw new Error(`more than one public project (${webProjects.map((p) => p.name).join(', ')}): the ALB routes to exactly one`);
    }

    // ---------- network ----------
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.40.0.0/16'),
      maxAzs: 2,
      natGateways: config.natGateways,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      // Objects move between the services and S3 without going through (and paying for) the NAT.
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
    });

    // ---------- storage and messaging ----------
    this.createStorage(config);
    this.createQueues();

    // ---------- secrets from the manifest's secret parameters ----------
    // name -> { secret: ISecret, field?: string }
    this.secretParameters = {};
    const dbPasswordParams = new Map(model.postgres.filter((p) => p.passwordParameter).map((p) => [p.passwordParameter, p]));
    for (const param of model.parameters.filter((p) => p.secret)) {
      const length = Math.max(param.minLength ?? 0, 32);
      const server = dbPasswordParams.get(param.name);
      const secret = new secretsmanager.Secret(this, `${pascal(param.name)}Secret`, {
        description: `BuildPeer Uploads: manifest parameter "${param.name}" (generated)`,
        generateSecretString: server
          ? {
              // The database credentials: {"username": ..., "password": ...}; RDS adds host/port.
              secretStringTemplate: JSON.stringify({ username: server.username }),
              generateStringKey: 'password',
              passwordLength: length,
              excludeCharacters: DB_PASSWORD_EXCLUDE,
            }
          : { passwordLength: length, excludePunctuation: true, includeSpace: false },
      });
      this.secretParameters[param.name] = { secret, field: server ? 'password' : undefined };
    }

    // ---------- database ----------
    this.databases = {};
    for (const server of model.postgres) this.createDatabase(server, model, config);

    // ---------- cache ----------
    this.caches = {};
    for (const server of model.redis) {
      this.caches[server.name] = new RedisCache(this, `${pascal(server.name)}Cache`, {
        server,
        vpc: this.vpc,
        authToken: this.secretParameters[server.passwordParameter].secret,
        nodeType: config.cacheNodeType,
      });
    }

    // ---------- compute ----------
    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: this.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', { displayName: 'BuildPeer Uploads alarms', enforceSSL: true });
    if (config.alarmEmail) this.alarmTopic.addSubscription(new snsSubscriptions.EmailSubscription(config.alarmEmail));

    if (webProjects.length) this.createLoadBalancer(config);

    // Values that exist only once the AWS resources exist, for the resolver.
    const overrides = {};
    for (const param of model.parameters.filter((p) => !p.secret)) {
      const known = {
        'uploads-bucket': this.bucket.bucketName,
        'uploads-queue': this.uploadsQueue.queueName,
        'aws-region': cdk.Stack.of(this).region,
      }[param.name];
      if (known !== undefined) overrides[`${param.name}.value`] = known;
      else if (param.defaultValue === undefined) {
        // No default: ask for it at deploy time (cdk deploy --parameters <Name>=...).
        overrides[`${param.name}.value`] = new cdk.CfnParameter(this, pascal(param.name), {
          type: 'String',
          description: `manifest parameter "${param.name}"`,
        }).valueAsString;
      }
    }
    for (const [name, db] of Object.entries(this.databases)) {
      overrides[`${name}.bindings.tcp.host`] = db.cluster.clusterEndpoint.hostname;
      overrides[`${name}.bindings.tcp.port`] = cdk.Token.asString(db.cluster.clusterEndpoint.port);
      overrides[`${name}.bindings.tcp.targetPort`] = cdk.Token.asString(db.cluster.clusterEndpoint.port);
    }
    for (const cache of Object.values(this.caches)) Object.assign(overrides, cache.manifestOverrides(manifest.resources));
    for (const p of model.projects) {
      const b = manifest.resources[p.name].bindings ?? {};
      for (const bindingName of Object.keys(b)) overrides[`${p.name}.bindings.${bindingName}.targetPort`] = String(p.targetPort ?? CONTAINER_PORT);
      if (p.external && this.loadBalancer) {
        for (const bindingName of Object.keys(b)) {
          overrides[`${p.name}.bindings.${bindingName}.host`] = this.loadBalancer.loadBalancerDnsName;
          overrides[`${p.name}.bindings.${bindingName}.port`] = '443';
          overrides[`${p.name}.bindings.${bindingName}.url`] = `https://${this.loadBalancer.loadBalancerDnsName}`;
        }
      }
    }
    this.resolver = new ManifestResolver(manifest.resources, { overrides, defaultTargetPort: CONTAINER_PORT });
    this.composedSecrets = new Map();

    this.services = {};
    for (const project of model.projects) this.createService(project, manifest, model, config);

    this.createAlarms();
    this.dashboards = createDashboards(this);

    new cdk.CfnOutput(this, 'BucketName', { value: this.bucket.bucketName });
    new cdk.CfnOutput(this, 'UploadsQueueUrl', { value: this.uploadsQueue.queueUrl });
    if (this.loadBalancer) new cdk.CfnOutput(this, 'LoadBalancerDnsName', { value: this.loadBalancer.loadBalancerDnsName });
  }

  /**
   * Two AZs without a context lookup (synth needs no credentials): the ones given with
   * -c availabilityZones=..., else the region's first two as CloudFormation resolves them
   * (Fn::GetAZs), so nothing is hard-coded to one region.
   */
  get availabilityZones() {
    if (this.config.availabilityZones?.length) return this.config.availabilityZones;
    return [0, 1].map((i) => cdk.Fn.select(i, cdk.Fn.getAzs()));
  }

  createStorage(config) {
    this.bucketKey = new kms.Key(this, 'UploadsKey', {
      description: 'BuildPeer Uploads: S3 objects',
      enableKeyRotation: true,
    });
    this.bucket = new s3.Bucket(this, 'UploadsBucket', {
      versioned: true,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.bucketKey,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      transferAcceleration: true,
      eventBridgeEnabled: true,
      removalPolicy: cdk.RemovalPolicy.RETAIN,
      cors: [{
        allowedMethods: [s3.HttpMethods.PUT],
        allowedOrigins: config.corsAllowedOrigins,
        allowedHeaders: ['*'],
        exposedHeaders: ['ETag'],
        maxAge: 3000,
      }],
      lifecycleRules: [{
        id: 'tiering',
        enabled: true,
        transitions: [
          { storageClass: s3.StorageClass.INTELLIGENT_TIERING, transitionAfter: cdk.Duration.days(0) },
          { storageClass: s3.StorageClass.GLACIER, transitionAfter: cdk.Duration.days(90) },
        ],
        noncurrentVersionExpiration: cdk.Duration.days(30),
        abortIncompleteMultipartUploadAfter: cdk.Duration.days(7),
      }, {
        // Clients write only under incoming/; Processing copies what it scans out of it and deletes the rest.
        id: 'incoming',
        enabled: true,
        prefix: 'incoming/',
        expiration: cdk.Duration.days(2),
        noncurrentVersionExpiration: cdk.Duration.days(1),
        abortIncompleteMultipartUploadAfter: cdk.Duration.days(1),
      }],
    });
  }

  createQueues() {
    const queue = (id, props = {}) => new sqs.Queue(this, id, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      ...props,
    });
    this.uploadsDlq = queue('UploadsDeadLetterQueue', { retentionPeriod: cdk.Duration.days(14) });
    this.uploadsQueue = queue('UploadsQueue', {
      visibilityTimeout: UPLOADS_VISIBILITY_TIMEOUT,
      retentionPeriod: cdk.Duration.days(4),
      deadLetterQueue: { queue: this.uploadsDlq, maxReceiveCount: 3 },
    });
    this.s3EventsDlq = queue('S3EventsDeadLetterQueue', { retentionPeriod: cdk.Duration.days(14) });
    this.s3EventsQueue = queue('S3EventsQueue', {
      visibilityTimeout: cdk.Duration.minutes(5),
      retentionPeriod: cdk.Duration.days(4),
      deadLetterQueue: { queue: this.s3EventsDlq, maxReceiveCount: 3 },
    });
    // ObjectCreated under incoming/ (the only keys clients write) -> EventBridge -> s3-events queue: objects a
    // client uploaded but never confirmed with /complete still get processed, and writes after completion are rejected.
    this.objectCreatedRule = new events.Rule(this, 'ObjectCreatedRule', {
      description: 'S3 ObjectCreated under incoming/ to the s3-events queue',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [this.bucket.bucketName] },
          object: { key: events.Match.prefix('incoming/') },
        },
      },
      targets: [new eventTargets.SqsQueue(this.s3EventsQueue)],
    });
  }

  createDatabase(server, model, config) {
    const db = model.databases.find((d) => d.server === server.name);
    const secretRef = server.passwordParameter && this.secretParameters[server.passwordParameter];
    if (!secretRef) throw new Error(`PostgreSQL "${server.name}": its connection string has no secret Password={<parameter>.value}`);
    const version = auroraPostgresVersion(server.majorVersion);
    const sg = new ec2.SecurityGroup(this, `${pascal(server.name)}SecurityGroup`, {
      vpc: this.vpc,
      description: `Aurora PostgreSQL ${server.name}: 5432 from the services only`,
      allowAllOutbound: false,
    });
    const clusterIdentifier = `${cdk.Stack.of(this).stackName}-${server.name}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
    // Create the log group ourselves so that it has a retention (RDS would create it without one).
    const logGroup = new logs.LogGroup(this, `${pascal(server.name)}PostgresqlLogs`, {
      logGroupName: `/aws/rds/cluster/${clusterIdentifier}/postgresql`,
      retention: logs.RetentionDays.ONE_MONTH,
    });
    const [cls, size] = config.dbInstanceType.split('.');
    const instanceType = ec2.InstanceType.of(cls, size);
    const cluster = new rds.DatabaseCluster(this, `${pascal(server.name)}Cluster`, {
      clusterIdentifier,
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version }),
      credentials: rds.Credentials.fromSecret(secretRef.secret),
      defaultDatabaseName: db?.database,
      writer: rds.ClusterInstance.provisioned('writer', { instanceType, publiclyAccessible: false }),
      readers: [rds.ClusterInstance.provisioned('reader', { instanceType, publiclyAccessible: false })],
      vpc: this.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [sg],
      port: 5432,
      storageEncrypted: true,
      backup: { retention: cdk.Duration.days(7), preferredWindow: '03:00-04:00' },
      deletionProtection: true,
      removalPolicy: cdk.RemovalPolicy.SNAPSHOT,
      cloudwatchLogsExports: ['postgresql'],
    });
    cluster.node.addDependency(logGroup);
    this.databases[server.name] = { cluster, securityGroup: sg };
  }

  createLoadBalancer(config) {
    // With the CloudFront origin-facing prefix list given, only CloudFront reaches the ALB, so nobody
    // goes round the WAF; without it the ALB stays open to the internet (see README).
    const fromCloudFront = config.cloudFrontPrefixListId;
    this.albSecurityGroup = new ec2.SecurityGroup(this, 'AlbSecurityGroup', {
      vpc: this.vpc,
      description: fromCloudFront ? 'ALB: HTTPS 443 from CloudFront only' : 'ALB: HTTPS 443 from the internet',
      allowAllOutbound: false,
    });
    if (fromCloudFront) this.albSecurityGroup.addIngressRule(ec2.Peer.prefixList(fromCloudFront), ec2.Port.tcp(443), 'HTTPS from CloudFront');
    else this.albSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS from the internet');
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'Alb', {
      vpc: this.vpc,
      internetFacing: true,
      securityGroup: this.albSecurityGroup,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      // Server-Sent Events stay open: give idle streams room between heartbeats.
      idleTimeout: cdk.Duration.seconds(120),
      dropInvalidHeaderFields: true,
    });
    const certificateArn = config.certificateArn ?? new cdk.CfnParameter(this, 'CertificateArn', {
      type: 'String',
      description: 'ARN of the ACM certificate for the HTTPS listener (or pass -c certificateArn=...)',
      allowedPattern: '^arn:aws[a-z-]*:acm:.+',
    }).valueAsString;
    this.listener = this.loadBalancer.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [elbv2.ListenerCertificate.fromArn(certificateArn)],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      open: false,
      // The default action (forward to the public project) is added with its target group.
    });
  }

  createService(project, manifest, model, config) {
    const id = pascal(project.name);
    const role = project.external ? WEB : WORKER;
    const dockerfile = path.posix.join(project.dir, 'Dockerfile');
    if (!fs.existsSync(path.join(config.repoRoot, dockerfile))) {
      throw new Error(`project "${project.name}": ${dockerfile} not found under ${config.repoRoot}`);
    }
    const uses = (name) => project.references.has(name);
    const consumesQueue = !project.external && uses('uploads-queue');

    // ----- environment: the manifest's env, resolved, plus the telemetry settings -----
    const { environment, secrets, composed } = this.resolver.resolveEnv(project.env);
    Object.assign(environment, {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4317',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_SERVICE_NAME: project.name,
    });
    if (uses('uploads-bucket')) {
      // Not in the manifest (AWS only): the bucket has Transfer Acceleration, so the URLs clients upload to
      // are signed for its edge endpoint (StorageOptions.UseAccelerateEndpoint; the emulator has none).
      environment.Storage__UseAccelerateEndpoint = 'true';
    }
    if (consumesQueue) {
      // Not in the manifest (AWS only). Messaging__DeadLetterQueue and VisibilityTimeoutSeconds are
      // BuildPeer.Messaging's MessagingOptions (its DLQ would otherwise default to "<queue>-dlq",
      // which is not this stack's generated name); S3EventsQueue is where S3's ObjectCreated events arrive.
      environment.Messaging__DeadLetterQueue = this.uploadsDlq.queueName;
      environment.Messaging__VisibilityTimeoutSeconds = String(UPLOADS_VISIBILITY_TIMEOUT.toSeconds());
      environment.Messaging__S3EventsQueue = this.s3EventsQueue.queueName;
      environment.Messaging__S3EventsDeadLetterQueue = this.s3EventsDlq.queueName;
    }
    // Secrets: ECS reads them from Secrets Manager when the task starts and sets them as
    // environment variables; only the task's execution role may read them, and no value is in
    // the task definition. A value that is one secret (Jwt__SigningKey) comes straight from that
    // secret; a value with a secret inside (ConnectionStrings__uploadsdb = "Host=…;Port=…;
    // Username=postgres;Password=<secret>;Database=uploadsdb") comes from a secret that holds the
    // whole string, so the service sees exactly the connection string it gets locally.
    const ecsSecrets = {};
    for (const [envName, ref] of Object.entries(secrets)) {
      const param = this.secretParameters[ref.secret];
      if (!param) throw new Error(`project "${project.name}": ${envName} needs secret "${ref.secret}", which is not a secret parameter`);
      ecsSecrets[envName] = ecs.Secret.fromSecretsManager(param.secret, ref.field ?? param.field);
    }
    for (const [envName, segments] of Object.entries(composed)) {
      ecsSecrets[envName] = ecs.Secret.fromSecretsManager(this.composedSecret(project, envName, segments));
    }

    // ----- roles -----
    const taskRole = new iam.Role(this, `${id}TaskRole`, {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: `BuildPeer ${project.name}: what the service itself may do`,
    });
    this.grantStorageAndQueues(project, taskRole, consumesQueue);

    // ----- logs and telemetry -----
    const logGroup = new logs.LogGroup(this, `${id}Logs`, {
      logGroupName: `/buildpeer/${cdk.Stack.of(this).stackName}/${project.name}`,
      retention: logs.RetentionDays.ONE_MONTH,
    });
    // What the collector writes: EMF records (the upload metrics) and the services' OTLP logs.
    const telemetryLogGroup = new logs.LogGroup(this, `${id}TelemetryLogs`, {
      logGroupName: `/buildpeer/${cdk.Stack.of(this).stackName}/${project.name}/telemetry`,
      retention: logs.RetentionDays.ONE_MONTH,
    });
    taskRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'TracesToXRay',
      actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'],
      resources: ['*'], // X-Ray has no resource-level permissions
    }));
    taskRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'TelemetryToLogs',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      resources: [telemetryLogGroup.logGroupArn, `${telemetryLogGroup.logGroupArn}:log-stream:*`],
    }));

    // ----- task definition -----
    const taskDefinition = new ecs.FargateTaskDefinition(this, `${id}TaskDefinition`, {
      family: `${cdk.Stack.of(this).stackName}-${project.name}`,
      cpu: role.cpu,
      memoryLimitMiB: role.memoryLimitMiB,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
      taskRole,
    });
    const app = taskDefinition.addContainer('app', {
      image: ecs.ContainerImage.fromAsset(config.repoRoot, {
        file: dockerfile,
        platform: ecrAssets.Platform.LINUX_AMD64,
        exclude: DOCKER_EXCLUDE,
      }),
      essential: true,
      environment,
      secrets: ecsSecrets,
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: project.name }),
      portMappings: project.httpBinding ? [{ containerPort: Number(project.targetPort ?? CONTAINER_PORT), name: 'http' }] : [],
      linuxParameters: new ecs.LinuxParameters(this, `${id}LinuxParameters`, { initProcessEnabled: true }),
      stopTimeout: cdk.Duration.seconds(60),
    });
    taskDefinition.addContainer('otel-collector', {
      image: ecs.ContainerImage.fromRegistry(ADOT_IMAGE),
      essential: false,
      cpu: 256,
      memoryReservationMiB: 256,
      environment: { AOT_CONFIG_CONTENT: adotConfig({ region: cdk.Stack.of(this).region, telemetryLogGroupName: telemetryLogGroup.logGroupName }) },
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: `${project.name}-otel` }),
    });

    // ----- service -----
    const securityGroup = new ec2.SecurityGroup(this, `${id}SecurityGroup`, {
      vpc: this.vpc,
      description: `BuildPeer ${project.name} tasks`,
      allowAllOutbound: true,
    });
    const service = new ecs.FargateService(this, `${id}Service`, {
      cluster: this.cluster,
      taskDefinition,
      securityGroups: [securityGroup],
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
      // A deployment whose tasks keep failing stops and rolls back to the last good task definition.
      circuitBreaker: { enable: true, rollback: true },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      enableECSManagedTags: true,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      healthCheckGracePeriod: project.external ? cdk.Duration.seconds(60) : undefined,
      // desiredCount is left to Application Auto Scaling, so that a deploy does not reset it.
    });
    for (const db of Object.values(this.databases)) {
      db.securityGroup.addIngressRule(securityGroup, ec2.Port.tcp(5432), `PostgreSQL from ${project.name}`);
    }
    for (const [name, cache] of Object.entries(this.caches)) {
      if (uses(name)) cache.allowFrom(securityGroup, project.name);
    }

    if (project.external) {
      const targetGroup = new elbv2.ApplicationTargetGroup(this, `${id}TargetGroup`, {
        vpc: this.vpc,
        targetType: elbv2.TargetType.IP,
        protocol: elbv2.ApplicationProtocol.HTTP,
        port: Number(project.targetPort ?? CONTAINER_PORT),
        deregistrationDelay: cdk.Duration.seconds(30),
        healthCheck: {
          path: '/health',
          healthyHttpCodes: '200',
          interval: cdk.Duration.seconds(15),
          timeout: cdk.Duration.seconds(5),
          healthyThresholdCount: 2,
          unhealthyThresholdCount: 3,
        },
        targets: [service.loadBalancerTarget({ containerName: app.containerName, containerPort: Number(project.targetPort ?? CONTAINER_PORT) })],
      });
      this.listener.addTargetGroups(`${id}Default`, { targetGroups: [targetGroup] });
      this.apiTargetGroup = targetGroup;
      this.apiService = service;
      if (config.legacy) this.createLegacyCanary(config.legacy, targetGroup);

      const scaling = service.autoScaleTaskCount({ minCapacity: role.minCapacity, maxCapacity: role.maxCapacity });
      scaling.scaleOnCpuUtilization('CpuScaling', {
        targetUtilizationPercent: role.cpuTarget,
        scaleOutCooldown: SCALE_OUT_COOLDOWN,
        scaleInCooldown: SCALE_IN_COOLDOWN,
      });
    } else if (consumesQueue) {
      // Backlog per task = visible messages / running tasks, tracked at 100.
      // The L2 target tracking policy takes a single metric only, so the policy itself is L1;
      // the scalable target is the service's own (it uses the ECS auto scaling service-linked role).
      const scaling = service.autoScaleTaskCount({ minCapacity: role.minCapacity, maxCapacity: role.maxCapacity });
      const target = scaling.node.findChild('Target');
      new appscaling.CfnScalingPolicy(this, `${id}QueueBacklogScaling`, {
        policyName: `${cdk.Stack.of(this).stackName}-${project.name}-queue-backlog`,
        policyType: 'TargetTrackingScaling',
        scalingTargetId: target.scalableTargetId,
        targetTrackingScalingPolicyConfiguration: {
          targetValue: role.backlogPerTask,
          scaleOutCooldown: SCALE_OUT_COOLDOWN.toSeconds(),
          scaleInCooldown: SCALE_IN_COOLDOWN.toSeconds(),
          customizedMetricSpecification: {
            metrics: [
              {
                id: 'visible',
                label: 'uploads queue: ApproximateNumberOfMessagesVisible',
                returnData: false,
                metricStat: {
                  stat: 'Average',
                  metric: {
                    namespace: 'AWS/SQS',
                    metricName: 'ApproximateNumberOfMessagesVisible',
                    dimensions: [{ name: 'QueueName', value: this.uploadsQueue.queueName }],
                  },
                },
              },
              {
                id: 'tasks',
                label: 'running tasks',
                returnData: false,
                metricStat: {
                  stat: 'Average',
                  metric: {
                    namespace: 'ECS/ContainerInsights',
                    metricName: 'RunningTaskCount',
                    dimensions: [
                      { name: 'ClusterName', value: this.cluster.clusterName },
                      { name: 'ServiceName', value: service.serviceName },
                    ],
                  },
                },
              },
              { id: 'backlogPerTask', label: 'messages per task', expression: 'visible / tasks', returnData: true },
            ],
          },
        },
      });
    }
    // A worker that reads no queue runs one task (ECS's default desired count).

    this.services[project.name] = { service, taskDefinition, taskRole, securityGroup, logGroup, project };
  }

  /**
   * A Secrets Manager secret whose value is a manifest value with secrets inside, such as a
   * connection string with a password. Its SecretString is an Fn::Join of the literal parts (the
   * Aurora endpoint, ...) and CloudFormation dynamic references ({{resolve:secretsmanager:…}}) to
   * the generated secrets; CloudFormation resolves them when it writes the secret, so the password
   * is never in the template, and ECS injects the finished string. Projects with the same value
   * share one secret. The copy follows a rotated password only on the next deploy that changes it
   * (rotation is not enabled here).
   */
  composedSecret(project, envName, segments) {
    const key = JSON.stringify(segments);
    const existing = this.composedSecrets.get(key);
    if (existing) return existing;
    const parts = segments.map((s) => {
      if (s.text !== undefined) return s.text;
      const param = this.secretParameters[s.secret];
      if (!param) throw new Error(`project "${project.name}": ${envName} needs secret "${s.secret}", which is not a secret parameter`);
      const field = s.field ?? param.field;
      return (field ? param.secret.secretValueFromJson(field) : param.secret.secretValue).unsafeUnwrap();
    });
    const value = parts.join('');
    let id = `${pascal(envName)}Secret`;
    for (let i = 2; this.node.tryFindChild(id); i++) id = `${pascal(envName)}Secret${i}`;
    const secret = new secretsmanager.Secret(this, id, {
      description: `BuildPeer Uploads: ${envName}, composed from the manifest and the generated secrets`,
      // Only dynamic references and non-secret parts: no plaintext secret is in the template.
      secretStringValue: cdk.SecretValue.unsafePlainText(value),
    });
    this.composedSecrets.set(key, secret);
    return secret;
  }

  grantStorageAndQueues(project, role, consumesQueue) {
    const uses = (name) => project.references.has(name);
    const objects = this.bucket.arnForObjects('*');
    const statement = (sid, actions, resources, conditions) =>
      role.addToPrincipalPolicy(new iam.PolicyStatement({ sid, actions, resources, conditions }));
    if (uses('uploads-bucket')) {
      // Reads (HeadObject, presigned GETs, the scan's copy source) anywhere; deletes for deleted uploads and
      // tenants (API) and for incoming/ and quarantined leftovers (Processing).
      statement('ReadObjects', ['s3:GetObject'], [objects]);
      statement('DeleteObjects', ['s3:DeleteObject'], [objects]);
      if (project.external) {
        // The API signs the clients' URLs with its own credentials: they can write only incoming/, never a
        // key that is served (Create/UploadPart/Complete are all s3:PutObject).
        statement('UploadToIncoming', ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
          [this.bucket.arnForObjects('incoming/*')]);
        statement('ListMultipartUploads', ['s3:ListBucketMultipartUploads'], [this.bucket.bucketArn]);
        statement('ListTenantObjects', ['s3:ListBucket'], [this.bucket.bucketArn]); // tenant deletion
      } else {
        // The scanned copy, renditions and quarantine, never incoming/ (the scan copies out of it).
        statement('WriteScannedCopiesAndRenditions', ['s3:PutObject'],
          [this.bucket.arnForObjects('tenant-*'), this.bucket.arnForObjects('quarantine/*')]);
        statement('ListIncoming', ['s3:ListBucket'], [this.bucket.bucketArn], { StringLike: { 's3:prefix': ['incoming/*'] } });
      }
      // SSE-KMS: writing needs a data key, reading (and completing a multipart upload) needs Decrypt.
      role.addToPrincipalPolicy(new iam.PolicyStatement({
        sid: 'UseBucketKey',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [this.bucketKey.keyArn],
      }));
    }
    if (uses('uploads-queue')) {
      if (consumesQueue) {
        role.addToPrincipalPolicy(new iam.PolicyStatement({
          sid: 'ConsumeQueues',
          actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
          resources: [this.uploadsQueue.queueArn, this.s3EventsQueue.queueArn],
        }));
        role.addToPrincipalPolicy(new iam.PolicyStatement({
          sid: 'SendToDeadLetterQueues',
          actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
          resources: [this.uploadsDlq.queueArn, this.s3EventsDlq.queueArn],
        }));
        // BuildPeer.Messaging runs the outbox relay on every node that uses durable messaging: the
        // worker's handlers cascade the next stage's message through its outbox to the uploads queue.
        role.addToPrincipalPolicy(new iam.PolicyStatement({
          sid: 'RelayOutboxToUploadsQueue',
          actions: ['sqs:SendMessage'],
          resources: [this.uploadsQueue.queueArn],
        }));
      } else {
        role.addToPrincipalPolicy(new iam.PolicyStatement({
          sid: 'SendToUploadsQueue',
          actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
          resources: [this.uploadsQueue.queueArn],
        }));
      }
    }
  }

  /**
   * Strangler/canary: requests for the legacy upload paths are split between the legacy system
   * (IP targets, e.g. reached through a VPN or peering) and the new API by weight. Group
   * stickiness keeps a client on the side it started on for the stickiness duration.
   */
  createLegacyCanary(legacy, apiTargetGroup) {
    const protocol = legacy.protocol === 'HTTPS' ? elbv2.ApplicationProtocol.HTTPS : elbv2.ApplicationProtocol.HTTP;
    const legacyTargetGroup = new elbv2.ApplicationTargetGroup(this, 'LegacyTargetGroup', {
      vpc: this.vpc,
      targetType: elbv2.TargetType.IP,
      protocol,
      port: legacy.port,
      // 'all': the addresses may be outside this VPC (peered VPC, VPN, Direct Connect).
      targets: legacy.ips.map((ip) => new elbv2Targets.IpTarget(ip, legacy.port, 'all')),
      healthCheck: { path: legacy.healthCheckPath, protocol: legacy.protocol === 'HTTPS' ? elbv2.Protocol.HTTPS : elbv2.Protocol.HTTP },
      deregistrationDelay: cdk.Duration.seconds(30),
    });
    for (const ip of legacy.ips) {
      this.albSecurityGroup.addEgressRule(ec2.Peer.ipv4(`${ip}/32`), ec2.Port.tcp(legacy.port), `legacy uploads ${ip}`);
    }
    this.listener.addAction('LegacyCanary', {
      priority: 10,
      conditions: [elbv2.ListenerCondition.pathPatterns(legacy.pathPatterns)],
      action: elbv2.ListenerAction.weightedForward(
        [
          { targetGroup: legacyTargetGroup, weight: 100 - legacy.canaryPercent },
          { targetGroup: apiTargetGroup, weight: legacy.canaryPercent },
        ],
        legacy.stickinessMinutes > 0 ? { stickinessDuration: cdk.Duration.minutes(legacy.stickinessMinutes) } : {},
      ),
    });
    this.legacyTargetGroup = legacyTargetGroup;
  }

  createAlarms() {
    const five = cdk.Duration.minutes(5);
    const action = new cwActions.SnsAction(this.alarmTopic);
    const wire = (alarm) => { alarm.addAlarmAction(action); alarm.addOkAction(action); return alarm; };
    this.alarms = {};

    // The processing counters as the collector publishes them (lib/adot-config.js: meter=BuildPeer.Processing).
    const uploads = (metricName) => new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { [METER_DIMENSION]: PROCESSING_METER }, statistic: 'Sum', period: five,
    });
    this.alarms.uploadSuccessRate = wire(new cloudwatch.MathExpression({
      expression: 'IF(FILL(processed, 0) + FILL(failed, 0) > 0, 100 * FILL(processed, 0) / (FILL(processed, 0) + FILL(failed, 0)), 100)',
      usingMetrics: { processed: uploads('UploadsProcessed'), failed: uploads('UploadsFailed') },
      period: five,
      label: 'upload success rate (%)',
    }).createAlarm(this, 'UploadSuccessRateAlarm', {
      alarmDescription: 'Upload success rate below 95 % over 5 minutes',
      threshold: 95,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }));

    // A write to a client URL after its upload completed: never served, but a client doing it is worth a look.
    this.alarms.overwritesRejected = wire(uploads('UploadOverwritesRejected').createAlarm(this, 'UploadOverwritesRejectedAlarm', {
      alarmDescription: 'A presigned URL wrote an upload again after it was completed (rejected, never served)',
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }));

    if (this.loadBalancer) {
      const m = this.loadBalancer.metrics;
      this.alarms.api5xx = wire(new cloudwatch.MathExpression({
        expression: 'IF(requests > 0, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)',
        usingMetrics: {
          requests: m.requestCount({ period: five, statistic: 'Sum' }),
          target5xx: m.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: five, statistic: 'Sum' }),
          elb5xx: m.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period: five, statistic: 'Sum' }),
        },
        period: five,
        label: 'API 5xx (%)',
      }).createAlarm(this, 'Api5xxAlarm', {
        alarmDescription: 'API 5xx responses above 5 % of requests',
        threshold: 5,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }));
      this.alarms.apiLatency = wire(m.targetResponseTime({ statistic: 'p95', period: five }).createAlarm(this, 'ApiLatencyP95Alarm', {
        alarmDescription: 'API p95 latency above 500 ms',
        threshold: 0.5,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }));
    }

    for (const [key, dlq] of [['uploadsDlq', this.uploadsDlq], ['s3EventsDlq', this.s3EventsDlq]]) {
      this.alarms[key] = wire(dlq.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: five })
        .createAlarm(this, `${key === 'uploadsDlq' ? 'Uploads' : 'S3Events'}DeadLetterAlarm`, {
          alarmDescription: `More than 10 messages in the ${key === 'uploadsDlq' ? 'uploads' : 's3-events'} dead-letter queue`,
          threshold: 10,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }));
    }

    for (const [name, db] of Object.entries(this.databases)) {
      this.alarms[`${name}Connections`] = wire(db.cluster.metricDatabaseConnections({ statistic: 'Maximum', period: five })
        .createAlarm(this, `${pascal(name)}ConnectionsAlarm`, {
          alarmDescription: `More than 500 connections to ${name}`,
          threshold: 500,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }));
    }

    for (const [name, cache] of Object.entries(this.caches)) {
      const { engineCpu, memory } = cache.createAlarms(wire);
      this.alarms[`${name}EngineCpu`] = engineCpu;
      this.alarms[`${name}Memory`] = memory;
    }
  }
}

/** Newest Aurora PostgreSQL version this aws-cdk-lib knows for the manifest image's major version. */
function auroraPostgresVersion(major) {
  const all = Object.keys(rds.AuroraPostgresEngineVersion)
    .map((k) => /^VER_(\d+)_(\d+)$/.exec(k))
    .filter(Boolean)
    .map((m) => ({ key: m[0], major: Number(m[1]), minor: Number(m[2]) }));
  const wanted = major ?? Math.max(...all.map((v) => v.major));
  const candidates = all.filter((v) => v.major === wanted).sort((a, b) => b.minor - a.minor);
  if (!candidates.length) throw new Error(`no Aurora PostgreSQL ${wanted}.x version known to aws-cdk-lib`);
  return rds.AuroraPostgresEngineVersion[candidates[0].key];
}

module.exports = { UploadsStack, auroraPostgresVersion, ADOT_IMAGE, CONTAINER_PORT };
