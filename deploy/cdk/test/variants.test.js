'use strict';
// Variants of the stack: a manifest with one more project, and the canary/strangler options.
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Match } = require('aws-cdk-lib/assertions');
const cdk = require('aws-cdk-lib');
const { createStack } = require('../lib/app');
const { synth, tempRepo, logicalId, appContainer, envOf, secretsOf, statementsOfRole, actionsOf } = require('../testing/helpers');

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';

describe('a manifest with one more project (reports) and a certificate ARN from context', () => {
  let repo;
  let template;
  before(() => {
    repo = tempRepo((m) => {
      m.resources.reports = {
        type: 'project.v0',
        path: 'BuildPeer.Reports/BuildPeer.Reports.csproj',
        env: {
          ConnectionStrings__uploadsdb: '{uploadsdb.connectionString}',
          Reports__Title: 'Weekly',
          Reports__Bucket: '{uploads-bucket.value}',
        },
        bindings: { http: { scheme: 'http', protocol: 'tcp', transport: 'http' } },
      };
      return m;
    });
    ({ template } = synth({ manifest: repo.manifestPath, certificateArn: CERT }));
  });
  after(() => repo.cleanup());

  test('yields one more ECS service (3 instead of 2) and task definition', () => {
    template.resourceCountIs('AWS::ECS::Service', 3);
    template.resourceCountIs('AWS::ECS::TaskDefinition', 3);
    template.hasResourceProperties('AWS::ECS::TaskDefinition', { Family: 'BuildPeerUploads-reports' });
  });

  test('the new project gets its resolved environment, the collector sidecar and a 30-day log group', () => {
    const { container, sidecar } = appContainer(template, 'reports');
    const env = envOf(container);
    assert.equal(env.Reports__Title, 'Weekly');
    assert.deepEqual(env.Reports__Bucket, { Ref: logicalId(template, 'AWS::S3::Bucket') });
    // The same composed connection-string secret as the API's.
    assert.deepEqual(secretsOf(container).ConnectionStrings__uploadsdb, secretsOf(appContainer(template, 'api').container).ConnectionStrings__uploadsdb);
    template.resourceCountIs('AWS::SecretsManager::Secret', 5); // no new secret for the new project
    assert.ok(sidecar);
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/buildpeer/BuildPeerUploads/reports', RetentionInDays: 30 });
  });

  test('the new project may reach PostgreSQL, and only gets the bucket rights its env asks for', () => {
    const sg = logicalId(template, 'AWS::EC2::SecurityGroup', (p) => p.GroupDescription === 'BuildPeer reports tasks');
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 5432, SourceSecurityGroupId: { 'Fn::GetAtt': [sg, 'GroupId'] } });
    const role = logicalId(template, 'AWS::IAM::Role', (p) => p.Description?.startsWith('BuildPeer reports'));
    const actions = actionsOf(statementsOfRole(template, role));
    assert.ok(actions.includes('s3:GetObject'));
    assert.ok(!actions.some((a) => a.startsWith('sqs:')), 'no queue rights: its env references no queue');
  });

  test('the certificate ARN from context is used directly (no CertificateArn parameter)', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Certificates: [{ CertificateArn: CERT }] });
    assert.equal(template.toJSON().Parameters?.CertificateArn, undefined);
  });

  test('a project without a Dockerfile is an error that names the file', () => {
    const broken = tempRepo((m) => {
      m.resources.ghost = { type: 'project.v0', path: 'Ghost/Ghost.csproj', env: {} };
      return m;
    });
    require('node:fs').rmSync(require('node:path').join(broken.dir, 'Ghost', 'Dockerfile'));
    try {
      const app = new cdk.App({ context: { manifest: broken.manifestPath } });
      assert.throws(() => createStack(app), /Ghost\/Dockerfile not found/);
    } finally {
      broken.cleanup();
    }
  });
});

describe('canary / strangler from the legacy /api/uploads', () => {
  let template;
  before(() => {
    ({ template } = synth({ legacyTargetIps: '10.20.0.10,10.20.1.10', legacyTargetPort: '8443', canaryPercent: '25' }));
  });

  const legacyTg = () => logicalId(template, 'AWS::ElasticLoadBalancingV2::TargetGroup', (p) => p.Port === 8443);
  const apiTg = () => logicalId(template, 'AWS::ElasticLoadBalancingV2::TargetGroup', (p) => p.Port === 8080);

  test('a legacy IP target group with the legacy addresses (outside the VPC: AvailabilityZone all)', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 8443,
      Protocol: 'HTTPS',
      TargetType: 'ip',
      Targets: [
        { Id: '10.20.0.10', Port: 8443, AvailabilityZone: 'all' },
        { Id: '10.20.1.10', Port: 8443, AvailabilityZone: 'all' },
      ],
    });
  });

  test('a listener rule on the legacy paths splits traffic 75/25 with group stickiness', () => {
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 10,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/uploads', '/api/uploads/*'] } }],
      Actions: [{
        Type: 'forward',
        ForwardConfig: {
          TargetGroups: [
            { TargetGroupArn: { Ref: legacyTg() }, Weight: 75 },
            { TargetGroupArn: { Ref: apiTg() }, Weight: 25 },
          ],
          TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 3600 },
        },
      }],
    });
  });

  test('everything else still goes to the new API by default', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      DefaultActions: [Match.objectLike({ Type: 'forward', TargetGroupArn: { Ref: apiTg() } })],
    });
  });

  test('the ALB may reach the legacy addresses, and only on the legacy port', () => {
    const alb = logicalId(template, 'AWS::EC2::SecurityGroup', (p) => p.GroupDescription.startsWith('ALB'));
    const egress = template.toJSON().Resources[alb].Properties.SecurityGroupEgress;
    const legacy = egress.filter((e) => e.CidrIp?.startsWith('10.20.'));
    assert.deepEqual(legacy.map((e) => [e.CidrIp, e.FromPort, e.ToPort]).sort(), [['10.20.0.10/32', 8443, 8443], ['10.20.1.10/32', 8443, 8443]]);
  });
});
