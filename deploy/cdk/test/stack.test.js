'use strict';
// Assertions on the stack synthesized from the repository's aspire-manifest.json (synthesized once).
const { test, describe, before } = require('node:test');
const assert = require('node:assert/strict');
const { Match } = require('aws-cdk-lib/assertions');
const { synth, logicalId, appContainer, envOf, secretsOf, statementsOfRole, actionsOf } = require('../testing/helpers');

let app;
let template;
let json;
before(() => {
  ({ app, template } = synth());
  json = template.toJSON();
});

const resourcesOf = (type) => Object.entries(json.Resources).filter(([, r]) => r.Type === type);
const getAtt = (id, attr) => ({ 'Fn::GetAtt': [id, attr] });

describe('network', () => {
  test('one VPC over 2 AZs with public, private (app) and isolated (data) subnets', () => {
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::EC2::Subnet', 6);
    const subnets = resourcesOf('AWS::EC2::Subnet').map(([, r]) => r.Properties);
    const azIndexes = new Set(subnets.map((s) => s.AvailabilityZone['Fn::Select'][0]));
    assert.deepEqual([...azIndexes].sort(), [0, 1]);
    assert.equal(subnets.filter((s) => s.MapPublicIpOnLaunch === true).length, 2);
  });

  test('a NAT gateway in each public subnet, and private subnets route through them', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 2);
    const natRoutes = resourcesOf('AWS::EC2::Route').filter(([, r]) => r.Properties.NatGatewayId);
    assert.equal(natRoutes.length, 2);
    const publicSubnets = resourcesOf('AWS::EC2::Subnet').filter(([, r]) => r.Properties.MapPublicIpOnLaunch).map(([id]) => id);
    for (const [, nat] of resourcesOf('AWS::EC2::NatGateway')) assert.ok(publicSubnets.includes(nat.Properties.SubnetId.Ref));
  });

  test('an S3 gateway endpoint keeps object traffic off the NAT', () => {
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway' });
  });
});

describe('security groups', () => {
  const sgId = (description) => logicalId(template, 'AWS::EC2::SecurityGroup', (p) => p.GroupDescription.startsWith(description));

  test('the ALB accepts HTTPS 443 from anywhere and nothing else', () => {
    const alb = json.Resources[sgId('ALB')].Properties;
    assert.deepEqual(alb.SecurityGroupIngress, [{ CidrIp: '0.0.0.0/0', Description: 'HTTPS from the internet', FromPort: 443, IpProtocol: 'tcp', ToPort: 443 }]);
    const extraIngress = resourcesOf('AWS::EC2::SecurityGroupIngress').filter(([, r]) => r.Properties.GroupId['Fn::GetAtt']?.[0] === sgId('ALB'));
    assert.equal(extraIngress.length, 0);
  });

  test('the API tasks accept traffic only from the ALB on 8080', () => {
    const api = sgId('BuildPeer api');
    assert.equal(json.Resources[api].Properties.SecurityGroupIngress, undefined);
    const ingress = resourcesOf('AWS::EC2::SecurityGroupIngress').filter(([, r]) => r.Properties.GroupId['Fn::GetAtt'][0] === api).map(([, r]) => r.Properties);
    assert.equal(ingress.length, 1);
    assert.deepEqual(ingress[0].SourceSecurityGroupId, getAtt(sgId('ALB'), 'GroupId'));
    assert.equal(ingress[0].FromPort, 8080);
    assert.equal(ingress[0].ToPort, 8080);
  });

  test('the processing tasks accept no inbound traffic', () => {
    const processing = sgId('BuildPeer processing');
    assert.equal(json.Resources[processing].Properties.SecurityGroupIngress, undefined);
    assert.equal(resourcesOf('AWS::EC2::SecurityGroupIngress').filter(([, r]) => r.Properties.GroupId['Fn::GetAtt'][0] === processing).length, 0);
  });

  test('PostgreSQL accepts 5432 only from the two services', () => {
    const db = sgId('Aurora PostgreSQL');
    assert.equal(json.Resources[db].Properties.SecurityGroupIngress, undefined);
    const ingress = resourcesOf('AWS::EC2::SecurityGroupIngress').filter(([, r]) => r.Properties.GroupId['Fn::GetAtt'][0] === db).map(([, r]) => r.Properties);
    assert.deepEqual(ingress.map((i) => i.SourceSecurityGroupId['Fn::GetAtt'][0]).sort(), [sgId('BuildPeer api'), sgId('BuildPeer processing')].sort());
    for (const i of ingress) { assert.equal(i.FromPort, 5432); assert.equal(i.ToPort, 5432); assert.equal(i.CidrIp, undefined); }
  });
});

describe('ECS services', () => {
  test('one Fargate service per project, in private subnets, with rollback on failed deployments', () => {
    template.resourceCountIs('AWS::ECS::Service', 2);
    for (const [, s] of resourcesOf('AWS::ECS::Service')) {
      assert.equal(s.Properties.LaunchType, 'FARGATE');
      assert.equal(s.Properties.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp, 'DISABLED');
      assert.deepEqual(s.Properties.DeploymentConfiguration.DeploymentCircuitBreaker, { Enable: true, Rollback: true });
      const subnets = s.Properties.NetworkConfiguration.AwsvpcConfiguration.Subnets.map((x) => x.Ref);
      assert.ok(subnets.every((id) => id.startsWith('Vpcapp')), `service subnets ${subnets}`);
    }
  });

  test('images are Docker assets built from each project\'s Dockerfile at the repository root', () => {
    const assembly = app.synth(); // the synth Template.fromStack already did
    // The main stack's asset manifest (the edge stack's has no images).
    const images = assembly.artifacts.filter((a) => a.constructor.name === 'AssetManifestArtifact')
      .flatMap((m) => Object.values(m.contents.dockerImages ?? {}));
    assert.deepEqual(images.map((i) => i.source.dockerFile).sort(), ['BuildPeer.Api/Dockerfile', 'BuildPeer.Processing/Dockerfile']);
    for (const i of images) assert.equal(i.source.platform, 'linux/amd64');
  });

  test('the API task: 2 vCPU / 4 GB, port 8080', () => {
    const { taskDefinition, container } = appContainer(template, 'api');
    assert.equal(taskDefinition.Cpu, '2048');
    assert.equal(taskDefinition.Memory, '4096');
    assert.deepEqual(taskDefinition.RequiresCompatibilities, ['FARGATE']);
    assert.equal(container.PortMappings[0].ContainerPort, 8080);
  });

  test('the processing task is sized for clamd + libvips (2 vCPU / 4 GB)', () => {
    const { taskDefinition } = appContainer(template, 'processing');
    assert.equal(taskDefinition.Cpu, '2048');
    assert.equal(taskDefinition.Memory, '4096');
  });

  test('the API sits behind the ALB: HTTPS 443 listener, certificate parameter, /health check', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internet-facing', Type: 'application' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: { Ref: 'CertificateArn' } }],
      DefaultActions: [Match.objectLike({ Type: 'forward' })],
    });
    template.hasParameter('CertificateArn', { Type: 'String' });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckPath: '/health', Port: 8080, Protocol: 'HTTP', TargetType: 'ip',
    });
    const apiService = logicalId(template, 'AWS::ECS::Service', (p) => p.LoadBalancers);
    assert.equal(json.Resources[apiService].Properties.LoadBalancers[0].ContainerPort, 8080);
  });
});

describe('auto scaling', () => {
  const targetFor = (serviceId) => resourcesOf('AWS::ApplicationAutoScaling::ScalableTarget')
    .find(([, r]) => JSON.stringify(r.Properties.ResourceId).includes(serviceId));
  const apiServiceId = () => logicalId(template, 'AWS::ECS::Service', (p) => p.LoadBalancers);
  const processingServiceId = () => logicalId(template, 'AWS::ECS::Service', (p) => !p.LoadBalancers);

  test('API: 2–10 tasks, CPU target 70 %, scale out after 2 min, in after 5 min', () => {
    const [targetId, target] = targetFor(apiServiceId());
    assert.equal(target.Properties.MinCapacity, 2);
    assert.equal(target.Properties.MaxCapacity, 10);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      ScalingTargetId: { Ref: targetId },
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        TargetValue: 70, ScaleOutCooldown: 120, ScaleInCooldown: 300,
      },
    });
  });

  test('processing: 1–20 tasks on the uploads queue backlog, 100 visible messages per task', () => {
    const [targetId, target] = targetFor(processingServiceId());
    assert.equal(target.Properties.MinCapacity, 1);
    assert.equal(target.Properties.MaxCapacity, 20);
    const [, policy] = resourcesOf('AWS::ApplicationAutoScaling::ScalingPolicy').find(([, r]) => r.Properties.ScalingTargetId.Ref === targetId);
    const cfg = policy.Properties.TargetTrackingScalingPolicyConfiguration;
    assert.equal(cfg.TargetValue, 100);
    const metrics = cfg.CustomizedMetricSpecification.Metrics;
    const visible = metrics.find((m) => m.Id === 'visible').MetricStat.Metric;
    assert.equal(visible.MetricName, 'ApproximateNumberOfMessagesVisible');
    assert.deepEqual(visible.Dimensions[0].Value, getAtt(logicalId(template, 'AWS::SQS::Queue', (p) => p.VisibilityTimeout === 300 && p.RedrivePolicy && JSON.stringify(p.RedrivePolicy).includes('UploadsDeadLetter')), 'QueueName'));
    assert.equal(metrics.find((m) => m.Id === 'tasks').MetricStat.Metric.MetricName, 'RunningTaskCount');
    assert.deepEqual(metrics.find((m) => m.ReturnData === true), { Id: 'backlogPerTask', Label: 'messages per task', Expression: 'visible / tasks', ReturnData: true });
  });

  test('Container Insights is on (the backlog metric needs RunningTaskCount)', () => {
    template.hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] });
  });
});

describe('environment resolved from the manifest', () => {
  test('API: the connection string is a secret composed from the Aurora endpoint and the password secret', () => {
    const { container } = appContainer(template, 'api');
    const env = envOf(container);
    const secrets = secretsOf(container);
    const cluster = logicalId(template, 'AWS::RDS::DBCluster');
    const dbSecret = logicalId(template, 'AWS::SecretsManager::Secret', (p) => p.GenerateSecretString?.GenerateStringKey === 'password');
    const composed = logicalId(template, 'AWS::SecretsManager::Secret', (p) => p.Description?.includes('ConnectionStrings__uploadsdb'));
    assert.equal(env.ConnectionStrings__uploadsdb, undefined);
    assert.deepEqual(secrets.ConnectionStrings__uploadsdb, { Ref: composed });
    // Host/port from the cluster endpoint; the password as a dynamic reference CloudFormation resolves.
    assert.deepEqual(json.Resources[composed].Properties.SecretString, {
      'Fn::Join': ['', [
        'Host=', getAtt(cluster, 'Endpoint.Address'), ';Port=', getAtt(cluster, 'Endpoint.Port'),
        ';Username=postgres;Password={{resolve:secretsmanager:', { Ref: dbSecret }, ':SecretString:password::}};Database=uploadsdb',
      ]],
    });
  });

  test('API: the JWT key is injected from its own secret', () => {
    const { container } = appContainer(template, 'api');
    const jwtSecret = logicalId(template, 'AWS::SecretsManager::Secret', (p) => p.Description?.includes('jwt-signing-key'));
    assert.deepEqual(secretsOf(container).Jwt__SigningKey, { Ref: jwtSecret });
    assert.equal(envOf(container).Jwt__SigningKey, undefined);
  });

  test('both services share the one composed connection-string secret', () => {
    const api = secretsOf(appContainer(template, 'api').container).ConnectionStrings__uploadsdb;
    const processing = secretsOf(appContainer(template, 'processing').container).ConnectionStrings__uploadsdb;
    assert.deepEqual(api, processing);
  });

  test('API: parameters resolve to the bucket, the queue, the region; literals pass through', () => {
    const env = envOf(appContainer(template, 'api').container);
    assert.deepEqual(env.Storage__Bucket, { Ref: logicalId(template, 'AWS::S3::Bucket') });
    assert.equal(env.Messaging__UploadsQueue['Fn::GetAtt'][1], 'QueueName');
    assert.ok(env.Messaging__UploadsQueue['Fn::GetAtt'][0].startsWith('UploadsQueue'));
    assert.equal(env.Aws__Region, 'us-east-1');
    assert.equal(env.HTTP_PORTS, '8080');
    assert.equal(env.ASPNETCORE_FORWARDEDHEADERS_ENABLED, 'true');
    assert.equal(env.OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY, 'in_memory');
  });

  test('upload URLs are signed for the accelerate endpoint of the bucket that has Transfer Acceleration', () => {
    const bucket = Object.values(template.findResources('AWS::S3::Bucket')).find((b) => b.Properties.AccelerateConfiguration);
    assert.equal(bucket.Properties.AccelerateConfiguration.AccelerationStatus, 'Enabled');
    assert.equal(envOf(appContainer(template, 'api').container).Storage__UseAccelerateEndpoint, 'true');
  });

  test('processing: clamd literal, database password secret, the worker\'s queues', () => {
    const { container } = appContainer(template, 'processing');
    const env = envOf(container);
    assert.equal(env.ConnectionStrings__clamd, 'tcp://127.0.0.1:3310');
    assert.equal(env.Messaging__VisibilityTimeoutSeconds, '300');
    assert.ok(env.Messaging__DeadLetterQueue['Fn::GetAtt'][0].startsWith('UploadsDeadLetterQueue'));
    assert.ok(env.Messaging__S3EventsQueue['Fn::GetAtt'][0].startsWith('S3EventsQueue'));
    assert.deepEqual(Object.keys(secretsOf(container)), ['ConnectionStrings__uploadsdb']);
  });

  test('no plaintext secret anywhere in a container environment', () => {
    for (const project of ['api', 'processing']) {
      const env = JSON.stringify(envOf(appContainer(template, project).container));
      assert.doesNotMatch(env, /Password=/i);
      assert.doesNotMatch(env, /resolve:secretsmanager/);
    }
  });

  test('only the execution roles may read the secrets', () => {
    const readers = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => actionsOf(p.Properties.PolicyDocument.Statement).includes('secretsmanager:GetSecretValue'))
      .flatMap((p) => p.Properties.Roles.map((r) => r.Ref));
    assert.equal(readers.length, 2);
    for (const role of readers) assert.match(role, /TaskDefinitionExecutionRole/);
  });
});

describe('telemetry', () => {
  test('each task has an ADOT collector sidecar and exports OTLP to it', () => {
    for (const project of ['api', 'processing']) {
      const { container, sidecar } = appContainer(template, project);
      assert.match(sidecar.Image, /^public\.ecr\.aws\/aws-observability\/aws-otel-collector:v\d+\.\d+\.\d+$/, 'a pinned collector release, not :latest');
      const env = envOf(container);
      assert.equal(env.OTEL_EXPORTER_OTLP_ENDPOINT, 'http://localhost:4317');
      assert.equal(env.OTEL_SERVICE_NAME, project);
      const config = JSON.stringify(envOf(sidecar).AOT_CONFIG_CONTENT);
      assert.match(config, /awsxray/);
      assert.match(config, /namespace: BuildPeer\/Uploads/);
      assert.match(config, /include: buildpeer.uploads.processed\\n {8}match_type: strict\\n {8}action: update\\n {8}new_name: UploadsProcessed/);
      assert.match(config, /new_name: UploadsFailed/);
      assert.match(config, /logs:\\n {6}receivers: \[otlp\]/);
    }
  });

  test('the task roles may write traces to X-Ray', () => {
    const apiRole = logicalId(template, 'AWS::IAM::Role', (p) => p.Description?.startsWith('BuildPeer api'));
    assert.ok(actionsOf(statementsOfRole(template, apiRole)).includes('xray:PutTraceSegments'));
  });

  test('every log group keeps 30 days', () => {
    const groups = resourcesOf('AWS::Logs::LogGroup');
    assert.equal(groups.length, 6); // api, api telemetry, processing, processing telemetry, postgresql, redis slow log
    for (const [, g] of groups) assert.equal(g.Properties.RetentionInDays, 30);
    for (const project of ['api', 'processing']) {
      const { container, sidecar } = appContainer(template, project);
      assert.equal(container.LogConfiguration.LogDriver, 'awslogs');
      assert.equal(sidecar.LogConfiguration.LogDriver, 'awslogs');
    }
  });
});

describe('Aurora PostgreSQL', () => {
  test('encrypted cluster, 7-day backups, deletion protection, the manifest\'s database', () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      Engine: 'aurora-postgresql',
      EngineVersion: Match.stringLikeRegexp('^15\\.'),
      StorageEncrypted: true,
      BackupRetentionPeriod: 7,
      DeletionProtection: true,
      DatabaseName: 'uploadsdb',
      Port: 5432,
      EnableCloudwatchLogsExports: ['postgresql'],
    });
    const cluster = json.Resources[logicalId(template, 'AWS::RDS::DBCluster')];
    assert.equal(cluster.DeletionPolicy, 'Snapshot');
  });

  test('Multi-AZ: a writer and a reader instance, not public, in the isolated subnets', () => {
    template.resourceCountIs('AWS::RDS::DBInstance', 2);
    const instances = resourcesOf('AWS::RDS::DBInstance').map(([, r]) => r.Properties);
    const tiers = instances.map((i) => i.PromotionTier).sort();
    assert.equal(tiers[0], 0, 'a writer');
    assert.ok(tiers[1] > 0, 'a reader (failover target)');
    for (const i of instances) assert.equal(i.PubliclyAccessible, false);
    const group = resourcesOf('AWS::RDS::DBSubnetGroup')[0][1].Properties;
    assert.ok(group.SubnetIds.every((s) => s.Ref.startsWith('Vpcdata')));
  });

  test('master credentials come from the generated postgres-password secret', () => {
    const dbSecret = logicalId(template, 'AWS::SecretsManager::Secret', (p) => p.GenerateSecretString?.GenerateStringKey === 'password');
    const cluster = json.Resources[logicalId(template, 'AWS::RDS::DBCluster')].Properties;
    assert.match(JSON.stringify(cluster.MasterUsername), new RegExp(dbSecret));
    assert.match(JSON.stringify(cluster.MasterUserPassword), new RegExp(`${dbSecret}.*password`));
    const gen = json.Resources[dbSecret].Properties.GenerateSecretString;
    assert.equal(gen.SecretStringTemplate, '{"username":"postgres"}');
    assert.ok(gen.PasswordLength >= 22);
    assert.ok(gen.ExcludeCharacters.includes(';') && gen.ExcludeCharacters.includes('='), 'no connection-string separators in the password');
  });
});

describe('secrets', () => {
  test('each secret parameter is a generated Secrets Manager secret (plus the composed connection strings)', () => {
    // Generated: postgres-password, jwt-signing-key, redis-password; composed: uploadsdb, redis.
    template.resourceCountIs('AWS::SecretsManager::Secret', 5);
    assert.equal(resourcesOf('AWS::SecretsManager::Secret').filter(([, r]) => r.Properties.GenerateSecretString).length, 3);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Description: Match.stringLikeRegexp('jwt-signing-key'),
      GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true, IncludeSpace: false },
    });
  });
});

describe('S3 bucket', () => {
  test('versioned, SSE-KMS, public access blocked, Transfer Acceleration, EventBridge on', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }), BucketKeyEnabled: true })] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      AccelerateConfiguration: { AccelerationStatus: 'Enabled' },
    });
    template.hasResourceProperties('Custom::S3BucketNotifications', { NotificationConfiguration: { EventBridgeConfiguration: {} } });
  });

  test('Intelligent-Tiering at once, Glacier after 90 days', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({
        Status: 'Enabled',
        Transitions: [
          { StorageClass: 'INTELLIGENT_TIERING', TransitionInDays: 0 },
          { StorageClass: 'GLACIER', TransitionInDays: 90 },
        ],
      })]) },
    });
  });

  test('what clients write under incoming/ and nothing copied out of it expires within days, old versions too', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({
        Id: 'incoming', Status: 'Enabled', Prefix: 'incoming/', ExpirationInDays: 2,
        NoncurrentVersionExpiration: { NoncurrentDays: 1 }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      })]) },
    });
  });

  test('CORS allows browser PUT and exposes ETag', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedMethods: ['PUT'], ExposedHeaders: ['ETag'], AllowedHeaders: ['*'] })] },
    });
  });

  test('the bucket refuses plain HTTP', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });
});

describe('SQS', () => {
  const queues = () => resourcesOf('AWS::SQS::Queue');
  const byId = (prefix) => queues().find(([id]) => id.startsWith(prefix));

  test('four queues: uploads and s3-events, each with its dead-letter queue', () => {
    assert.equal(queues().length, 4);
    for (const [main, dlq] of [['UploadsQueue', 'UploadsDeadLetterQueue'], ['S3EventsQueue', 'S3EventsDeadLetterQueue']]) {
      const [, q] = byId(main);
      assert.deepEqual(q.Properties.RedrivePolicy, { deadLetterTargetArn: getAtt(byId(dlq)[0], 'Arn'), maxReceiveCount: 3 });
    }
  });

  test('the uploads queue hides a received message for 5 minutes', () => {
    assert.equal(byId('UploadsQueue')[1].Properties.VisibilityTimeout, 300);
  });

  test('dead-letter queues keep messages 14 days', () => {
    assert.equal(byId('UploadsDeadLetterQueue')[1].Properties.MessageRetentionPeriod, 1209600);
    assert.equal(byId('S3EventsDeadLetterQueue')[1].Properties.MessageRetentionPeriod, 1209600);
  });
});

describe('EventBridge', () => {
  test('ObjectCreated under incoming/ (the keys clients write) goes to the s3-events queue', () => {
    const bucket = logicalId(template, 'AWS::S3::Bucket');
    const [ruleId, rule] = resourcesOf('AWS::Events::Rule')[0];
    assert.deepEqual(rule.Properties.EventPattern, {
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: { bucket: { name: [{ Ref: bucket }] }, object: { key: [{ prefix: 'incoming/' }] } },
    });
    const s3Events = queues3Events();
    assert.deepEqual(rule.Properties.Targets[0].Arn, getAtt(s3Events, 'Arn'));
    // The queue policy lets only this rule send.
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: s3Events }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Action: Match.arrayWith(['sqs:SendMessage']), Principal: { Service: 'events.amazonaws.com' },
        Condition: { ArnEquals: { 'aws:SourceArn': getAtt(ruleId, 'Arn') } },
      })]) },
    });
  });
  const queues3Events = () => resourcesOf('AWS::SQS::Queue').find(([id]) => id.startsWith('S3EventsQueue'))[0];
});

describe('IAM least privilege', () => {
  const role = (project) => logicalId(template, 'AWS::IAM::Role', (p) => p.Description?.startsWith(`BuildPeer ${project}`));
  const statements = (project) => statementsOfRole(template, role(project));

  test('API: writes (and so signs client URLs for) incoming/ only; reads and deletes objects; sends to the uploads queue', () => {
    const s = statements('api');
    const bucket = logicalId(template, 'AWS::S3::Bucket');
    const upload = s.find((x) => x.Sid === 'UploadToIncoming');
    assert.deepEqual(upload.Action, ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts']);
    assert.deepEqual(upload.Resource, { 'Fn::Join': ['', [getAtt(bucket, 'Arn'), '/incoming/*']] });
    assert.deepEqual(s.filter((x) => [].concat(x.Action).includes('s3:PutObject')).map((x) => x.Sid), ['UploadToIncoming']);
    assert.deepEqual(s.find((x) => x.Sid === 'ReadObjects').Action, 's3:GetObject');
    assert.deepEqual(s.find((x) => x.Sid === 'DeleteObjects').Action, 's3:DeleteObject');
    const send = s.find((x) => x.Sid === 'SendToUploadsQueue');
    assert.ok(send.Action.includes('sqs:SendMessage'));
    assert.ok(send.Resource['Fn::GetAtt'][0].startsWith('UploadsQueue'));
  });

  test('API: no receive/delete on queues, no bucket administration, no wildcards', () => {
    const actions = actionsOf(statements('api'));
    for (const forbidden of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:PurgeQueue', 'sqs:*',
      's3:DeleteBucket', 's3:PutBucketPolicy', 's3:PutBucketAcl', 's3:*', '*', 'secretsmanager:GetSecretValue']) {
      assert.ok(!actions.includes(forbidden), `API role must not have ${forbidden}`);
    }
    assert.ok(actions.every((a) => !a.endsWith('*')), 'no action wildcards');
    for (const st of statements('api')) {
      if (st.Resource === '*') assert.ok([].concat(st.Action).every((a) => a.startsWith('xray:')), `only X-Ray may use Resource "*": ${st.Action}`);
    }
  });

  test('processing: get/put objects, consume uploads and s3-events, send to the dead-letter queues', () => {
    const s = statements('processing');
    const bucket = logicalId(template, 'AWS::S3::Bucket');
    const write = s.find((x) => x.Sid === 'WriteScannedCopiesAndRenditions');
    assert.deepEqual(write.Resource, ['tenant-*', 'quarantine/*'].map((p) => ({ 'Fn::Join': ['', [getAtt(bucket, 'Arn'), `/${p}`]] })));
    assert.deepEqual(s.filter((x) => [].concat(x.Action).includes('s3:PutObject')).map((x) => x.Sid), ['WriteScannedCopiesAndRenditions']);
    assert.deepEqual(s.find((x) => x.Sid === 'ListIncoming').Condition, { StringLike: { 's3:prefix': ['incoming/*'] } });
    const consume = s.find((x) => x.Sid === 'ConsumeQueues');
    for (const a of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility']) assert.ok(consume.Action.includes(a));
    assert.deepEqual(consume.Resource.map((r) => r['Fn::GetAtt'][0].replace(/[0-9A-F]{8}$/, '')).sort(), ['S3EventsQueue', 'UploadsQueue']);
    const dlq = s.find((x) => x.Sid === 'SendToDeadLetterQueues');
    assert.deepEqual(dlq.Resource.map((r) => r['Fn::GetAtt'][0].replace(/[0-9A-F]{8}$/, '')).sort(), ['S3EventsDeadLetterQueue', 'UploadsDeadLetterQueue']);
    const actions = actionsOf(s);
    for (const forbidden of ['s3:DeleteBucket', 'sqs:PurgeQueue', 'sqs:DeleteQueue', 's3:*', 'sqs:*', '*']) {
      assert.ok(!actions.includes(forbidden), `processing role must not have ${forbidden}`);
    }
  });

  test('both services may use the bucket\'s KMS key for data keys and decryption only', () => {
    const key = logicalId(template, 'AWS::KMS::Key');
    for (const project of ['api', 'processing']) {
      const st = statements(project).find((x) => x.Sid === 'UseBucketKey');
      assert.deepEqual(st.Action, ['kms:GenerateDataKey', 'kms:Decrypt']);
      assert.deepEqual(st.Resource, getAtt(key, 'Arn'));
    }
  });
});

describe('alarms', () => {
  const alarms = () => resourcesOf('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
  const topic = () => logicalId(template, 'AWS::SNS::Topic');
  const byDescription = (re) => {
    const found = alarms().filter((a) => re.test(a.AlarmDescription));
    assert.equal(found.length, 1, `one alarm matching ${re}`);
    return found[0];
  };

  test('an SNS topic receives every alarm (and its recovery)', () => {
    template.resourceCountIs('AWS::SNS::Topic', 1);
    assert.equal(alarms().length, 9); // with the Redis engine CPU and memory alarms
    for (const a of alarms()) {
      assert.deepEqual(a.AlarmActions, [{ Ref: topic() }]);
      assert.deepEqual(a.OKActions, [{ Ref: topic() }]);
    }
  });

  test('any write to a client URL after its upload completed (rejected, never served) alarms', () => {
    const a = byDescription(/wrote an upload again/);
    assert.equal(a.MetricName, 'UploadOverwritesRejected');
    assert.equal(a.Namespace, 'BuildPeer/Uploads');
    assert.deepEqual(a.Dimensions, [{ Name: 'meter', Value: 'BuildPeer.Processing' }]);
    assert.equal(a.ComparisonOperator, 'GreaterThanThreshold');
    assert.equal(a.Threshold, 0);
  });

  test('upload success rate < 95 % over 5 minutes, from BuildPeer/Uploads metrics', () => {
    const a = byDescription(/success rate/);
    assert.equal(a.ComparisonOperator, 'LessThanThreshold');
    assert.equal(a.Threshold, 95);
    assert.equal(a.EvaluationPeriods, 1);
    const expr = a.Metrics.find((m) => m.Expression);
    assert.match(expr.Expression, /100 \* FILL\(processed, 0\) \/ \(FILL\(processed, 0\) \+ FILL\(failed, 0\)\)/);
    const inputs = a.Metrics.filter((m) => m.MetricStat).map((m) => m.MetricStat);
    assert.deepEqual(inputs.map((m) => m.Metric.MetricName).sort(), ['UploadsFailed', 'UploadsProcessed']);
    for (const m of inputs) { assert.equal(m.Metric.Namespace, 'BuildPeer/Uploads'); assert.equal(m.Period, 300); assert.equal(m.Stat, 'Sum'); }
    // The dimension set the collector publishes the counters with (lib/adot-config.js).
    for (const m of inputs) assert.deepEqual(m.Metric.Dimensions, [{ Name: 'meter', Value: 'BuildPeer.Processing' }]);
  });

  test('API 5xx > 5 % of ALB requests', () => {
    const a = byDescription(/5xx/);
    assert.equal(a.ComparisonOperator, 'GreaterThanThreshold');
    assert.equal(a.Threshold, 5);
    assert.match(a.Metrics.find((m) => m.Expression).Expression, /100 \* \(FILL\(target5xx, 0\) \+ FILL\(elb5xx, 0\)\) \/ requests/);
    const names = a.Metrics.filter((m) => m.MetricStat).map((m) => m.MetricStat.Metric.MetricName).sort();
    assert.deepEqual(names, ['HTTPCode_ELB_5XX_Count', 'HTTPCode_Target_5XX_Count', 'RequestCount']);
    for (const m of a.Metrics.filter((x) => x.MetricStat)) assert.equal(m.MetricStat.Metric.Namespace, 'AWS/ApplicationELB');
  });

  test('API p95 latency > 0.5 s', () => {
    const a = byDescription(/p95 latency/);
    assert.equal(a.MetricName, 'TargetResponseTime');
    assert.equal(a.Namespace, 'AWS/ApplicationELB');
    assert.equal(a.ExtendedStatistic, 'p95');
    assert.equal(a.Threshold, 0.5);
    assert.equal(a.ComparisonOperator, 'GreaterThanThreshold');
  });

  test('each dead-letter queue > 10 messages', () => {
    for (const re of [/uploads dead-letter/, /s3-events dead-letter/]) {
      const a = byDescription(re);
      assert.equal(a.MetricName, 'ApproximateNumberOfMessagesVisible');
      assert.equal(a.Namespace, 'AWS/SQS');
      assert.equal(a.Threshold, 10);
      assert.equal(a.ComparisonOperator, 'GreaterThanThreshold');
      assert.ok(a.Dimensions[0].Value['Fn::GetAtt'][0].includes('DeadLetterQueue'));
    }
  });

  test('database connections > 500', () => {
    const a = byDescription(/connections/);
    assert.equal(a.MetricName, 'DatabaseConnections');
    assert.equal(a.Namespace, 'AWS/RDS');
    assert.equal(a.Threshold, 500);
    assert.deepEqual(a.Dimensions, [{ Name: 'DBClusterIdentifier', Value: { Ref: logicalId(template, 'AWS::RDS::DBCluster') } }]);
  });
});

describe('no strangler rule unless asked for', () => {
  test('no listener rule and a single target group by default', () => {
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 0);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 1);
  });
});

