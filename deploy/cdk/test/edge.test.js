'use strict';
// The edge stack: CloudFront in front of the ALB, and the WAF web ACL on it (us-east-1).
const fs = require('node:fs');
const path = require('node:path');
const { test, describe, before } = require('node:test');
const assert = require('node:assert/strict');
const cloudfront = require('aws-cdk-lib/aws-cloudfront');
const { synth, logicalId, CDK_DIR } = require('../testing/helpers');

const REPO = path.resolve(CDK_DIR, '../..');
const EDGE_CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/99999999-8888-7777-6666-555555555555';

let stack;
let edgeStack;
let template;
let edge;
let json;
before(() => {
  ({ stack, template, edgeStack, edgeTemplate: edge } = synth());
  json = edge.toJSON();
});

const distribution = () => json.Resources[logicalId(edge, 'AWS::CloudFront::Distribution')].Properties.DistributionConfig;
const behaviour = (pattern) => distribution().CacheBehaviors.find((b) => b.PathPattern === pattern);
const webAclId = () => logicalId(edge, 'AWS::WAFv2::WebACL');
const webAcl = () => json.Resources[webAclId()].Properties;
const rule = (name) => webAcl().Rules.find((r) => r.Name === name);

/** CloudFront's path pattern (* and ? wildcards, case-sensitive) as a RegExp. */
const patternRegex = (p) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
/** The behaviour CloudFront picks for a path: the first matching pattern, else the default. */
function behaviourFor(urlPath) {
  return distribution().CacheBehaviors.find((b) => patternRegex(b.PathPattern).test(urlPath)) ?? distribution().DefaultCacheBehavior;
}

describe('edge stack', () => {
  test('is in us-east-1 (a CLOUDFRONT web ACL can only be created there) and deploys after the main stack', () => {
    assert.equal(edgeStack.region, 'us-east-1');
    assert.equal(edgeStack.stackName, 'BuildPeerUploads-Edge');
    assert.ok(edgeStack.dependencies.includes(stack), 'depends on the main stack');
  });

  test('references nothing from the main stack: the ALB is reached by a DNS name given at deploy time', () => {
    assert.doesNotMatch(JSON.stringify(json), /Fn::ImportValue|CrossRegion/);
    edge.hasParameter('OriginDomainName', { Type: 'String' });
    const origins = distribution().Origins;
    assert.equal(origins.length, 1);
    assert.deepEqual(origins[0].DomainName, { Ref: 'OriginDomainName' });
  });
});

describe('CloudFront distribution', () => {
  test('every path is HTTPS only: HTTP redirects, and CloudFront talks TLS 1.2 to the ALB', () => {
    const all = [distribution().DefaultCacheBehavior, ...distribution().CacheBehaviors];
    for (const b of all) assert.equal(b.ViewerProtocolPolicy, 'redirect-to-https', b.PathPattern ?? 'default');
    const origin = distribution().Origins[0].CustomOriginConfig;
    assert.equal(origin.OriginProtocolPolicy, 'https-only');
    assert.deepEqual(origin.OriginSSLProtocols, ['TLSv1.2']);
  });

  test('price class includes South America\'s edge locations', () => {
    assert.equal(distribution().PriceClass, 'PriceClass_All');
  });

  test('presigned S3 URLs never go through CloudFront: the ALB is the only origin, there is no S3 origin', () => {
    const origins = distribution().Origins;
    assert.equal(origins.length, 1);
    assert.equal(origins[0].S3OriginConfig, undefined);
    assert.ok(origins[0].CustomOriginConfig);
    assert.doesNotMatch(JSON.stringify(origins), /s3|bucket/i);
    const targets = new Set([distribution().DefaultCacheBehavior, ...distribution().CacheBehaviors].map((b) => b.TargetOriginId));
    assert.deepEqual([...targets], [origins[0].Id]);
  });

  test('static files (the default behaviour): GET/HEAD, cached at the edge for minutes, compressed, keyed by path only', () => {
    const d = distribution().DefaultCacheBehavior;
    assert.deepEqual(d.AllowedMethods, ['GET', 'HEAD']);
    assert.equal(d.Compress, true);
    assert.equal(d.OriginRequestPolicyId, undefined);
    const policy = json.Resources[d.CachePolicyId.Ref].Properties.CachePolicyConfig;
    assert.equal(policy.DefaultTTL, 600);
    assert.equal(policy.MinTTL, 0);
    assert.equal(policy.MaxTTL, 86400);
    const key = policy.ParametersInCacheKeyAndForwardedToOrigin;
    assert.equal(key.HeadersConfig.HeaderBehavior, 'none');
    assert.equal(key.QueryStringsConfig.QueryStringBehavior, 'none');
    assert.equal(key.CookiesConfig.CookieBehavior, 'none');
    assert.equal(key.EnableAcceptEncodingGzip, true);
    assert.equal(key.EnableAcceptEncodingBrotli, true);
    for (const file of ['/', '/index.html', '/app.js', '/styles.css']) assert.equal(behaviourFor(file), d, file);
  });

  test('/api/*: every method, not cached, all viewer headers (Authorization, Last-Event-ID, Content-Type), cookies and query strings', () => {
    const api = behaviour('/api/*');
    assert.deepEqual(api.AllowedMethods.slice().sort(), ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
    assert.equal(api.CachePolicyId, cloudfront.CachePolicy.CACHING_DISABLED.cachePolicyId);
    // AllViewerExceptHostHeader: every viewer header, cookie and query string; with caching disabled it
    // forwards Authorization too. Host stays the origin's name, so TLS to the ALB verifies.
    assert.equal(api.OriginRequestPolicyId, cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId);
    assert.equal(api.Compress, false);
    for (const p of ['/api/auth/login', '/api/projects', '/api/projects/3f2c1d7e-0000-4000-8000-000000000001/uploads', '/api/uploads/3f2c1d7e-0000-4000-8000-000000000001/complete']) {
      assert.equal(behaviourFor(p), api, p);
    }
  });

  test('the Server-Sent Events streams have their own uncached, uncompressed GET behaviours, matched before /api/*', () => {
    const patterns = distribution().CacheBehaviors.map((b) => b.PathPattern);
    assert.deepEqual(patterns, ['/api/projects/*/uploads/stream', '/api/uploads/*/stream', '/api/*']);
    for (const p of patterns.slice(0, 2)) {
      const b = behaviour(p);
      assert.deepEqual(b.AllowedMethods, ['GET', 'HEAD']);
      assert.equal(b.CachePolicyId, cloudfront.CachePolicy.CACHING_DISABLED.cachePolicyId);
      assert.equal(b.OriginRequestPolicyId, cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId);
      assert.equal(b.Compress, false, 'compression would buffer the stream');
    }
  });

  test('the stream behaviours\' patterns are the API\'s stream routes (read from BuildPeer.Api/Live)', () => {
    const routes = fs.readdirSync(path.join(REPO, 'BuildPeer.Api/Live')).filter((f) => f.endsWith('StreamEndpoint.cs'))
      .map((f) => /MapGet\("([^"]+)"/.exec(fs.readFileSync(path.join(REPO, 'BuildPeer.Api/Live', f), 'utf8'))[1]);
    assert.equal(routes.length, 2, `stream endpoints: ${routes}`);
    for (const route of routes) {
      // The group is /api; {x:guid} segments become a sample id.
      const sample = `/api${route.replace(/\{[^}]+\}/g, '3f2c1d7e-0000-4000-8000-000000000001')}`;
      const b = behaviourFor(sample);
      assert.ok(b.PathPattern?.endsWith('/stream'), `${sample} is served by a stream behaviour, got ${b.PathPattern}`);
    }
  });

  test('origin timeouts fit streams with 15 s heartbeats: read timeout of several heartbeats (within the default quota), keep-alive below the ALB idle timeout', () => {
    const origin = distribution().Origins[0];
    const c = origin.CustomOriginConfig;
    assert.ok(c.OriginReadTimeout >= 4 * 15 && c.OriginReadTimeout <= 120, `read timeout ${c.OriginReadTimeout}`);
    const albIdle = Number(Object.values(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'))[0]
      .Properties.LoadBalancerAttributes.find((a) => a.Key === 'idle_timeout.timeout_seconds').Value);
    assert.ok(c.OriginKeepaliveTimeout < albIdle, `keep-alive ${c.OriginKeepaliveTimeout} < ALB idle ${albIdle}`);
    assert.equal(origin.ResponseCompletionTimeout, undefined, 'no cap on a stream\'s total duration');
  });

  test('without a certificate of its own it serves on its *.cloudfront.net name', () => {
    assert.equal(distribution().Aliases, undefined);
    assert.equal(distribution().ViewerCertificate, undefined);
  });
});

describe('WAF', () => {
  test('a CLOUDFRONT-scoped web ACL that allows by default and is associated with the distribution', () => {
    assert.equal(webAcl().Scope, 'CLOUDFRONT');
    assert.deepEqual(webAcl().DefaultAction, { Allow: {} });
    assert.equal(webAcl().Name, 'BuildPeerUploads-edge');
    // CloudFront associates through the distribution's WebACLId (AWS::WAFv2::WebACLAssociation is for regional resources).
    assert.deepEqual(distribution().WebACLId, { 'Fn::GetAtt': [webAclId(), 'Arn'] });
    edge.resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
  });

  test('rate limit: 1,000 requests per minute per IP as 5,000 over a 5-minute window, blocked with 429, evaluated first', () => {
    const r = rule('RateLimitPerIp');
    assert.equal(r.Priority, 0);
    assert.deepEqual(r.Statement, { RateBasedStatement: { AggregateKeyType: 'IP', Limit: 5000, EvaluationWindowSec: 300 } });
    assert.equal(r.Statement.RateBasedStatement.Limit / (r.Statement.RateBasedStatement.EvaluationWindowSec / 60), 1000);
    assert.deepEqual(r.Action, { Block: { CustomResponse: { ResponseCode: 429 } } });
  });

  test('the AWS managed common and SQL-injection rule sets, with their own actions', () => {
    const names = webAcl().Rules.map((r) => r.Name);
    assert.deepEqual(names, ['RateLimitPerIp', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesSQLiRuleSet']);
    for (const name of names.slice(1)) {
      const r = rule(name);
      assert.equal(r.Statement.ManagedRuleGroupStatement.VendorName, 'AWS');
      assert.equal(r.Statement.ManagedRuleGroupStatement.Name, name);
      assert.deepEqual(r.OverrideAction, { None: {} });
    }
    assert.deepEqual(new Set(webAcl().Rules.map((r) => r.Priority)).size, 3, 'distinct priorities');
  });

  test('the common rule set only counts bodies over 8 KB (the API takes upload batches up to 1 MB and limits bodies itself)', () => {
    assert.deepEqual(rule('AWSManagedRulesCommonRuleSet').Statement.ManagedRuleGroupStatement.RuleActionOverrides,
      [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }]);
    const source = fs.readFileSync(path.join(REPO, 'BuildPeer.Api/Infrastructure/RequestBodyLimit.cs'), 'utf8');
    assert.match(source, /MaxBytes = 1024 \* 1024/);
  });

  test('metrics and sampled requests for the web ACL and each rule', () => {
    for (const v of [webAcl().VisibilityConfig, ...webAcl().Rules.map((r) => r.VisibilityConfig)]) {
      assert.equal(v.CloudWatchMetricsEnabled, true);
      assert.equal(v.SampledRequestsEnabled, true);
    }
  });

  test('request logs go to an aws-waf-logs-* log group kept 30 days, without the Authorization header', () => {
    const [groupId, group] = Object.entries(edge.findResources('AWS::Logs::LogGroup'))[0];
    assert.match(group.Properties.LogGroupName, /^aws-waf-logs-/);
    assert.equal(group.Properties.RetentionInDays, 30);
    const logging = Object.values(edge.findResources('AWS::WAFv2::LoggingConfiguration'));
    assert.equal(logging.length, 1);
    const p = logging[0].Properties;
    assert.deepEqual(p.ResourceArn, { 'Fn::GetAtt': [webAclId(), 'Arn'] });
    // arn:<partition>:logs:us-east-1:<account>:log-group:<name>, without the ":*" of the group's Arn attribute.
    const arn = p.LogDestinationConfigs[0]['Fn::Join'][1];
    assert.deepEqual(arn.slice(-2), [':logs:us-east-1:123456789012:log-group:', { Ref: groupId }]);
    assert.deepEqual(p.RedactedFields, [{ SingleHeader: { Name: 'authorization' } }]);
  });
});

describe('edge with its own domain, an ALB origin name and the CloudFront prefix list from context', () => {
  let props;
  let main;
  before(() => {
    const { edgeTemplate, template: mainTemplate } = synth({
      originDomainName: 'origin.uploads.example.com',
      edgeDomainNames: 'uploads.example.com',
      edgeCertificateArn: EDGE_CERT,
      cloudFrontPrefixListId: 'pl-3b927c52',
    });
    main = mainTemplate.toJSON();
    props = Object.values(edgeTemplate.findResources('AWS::CloudFront::Distribution'))[0].Properties.DistributionConfig;
    assert.equal(edgeTemplate.toJSON().Parameters?.OriginDomainName, undefined);
  });

  test('uses the given origin name, aliases and certificate, TLS 1.2 or later for viewers', () => {
    assert.equal(props.Origins[0].DomainName, 'origin.uploads.example.com');
    assert.deepEqual(props.Aliases, ['uploads.example.com']);
    assert.equal(props.ViewerCertificate.AcmCertificateArn, EDGE_CERT);
    assert.equal(props.ViewerCertificate.MinimumProtocolVersion, 'TLSv1.2_2021');
    assert.equal(props.ViewerCertificate.SslSupportMethod, 'sni-only');
  });

  test('the ALB then accepts HTTPS only from CloudFront\'s origin-facing prefix list, so nobody goes round the WAF', () => {
    const [sgId, sg] = Object.entries(main.Resources).find(([, r]) => r.Type === 'AWS::EC2::SecurityGroup' && r.Properties.GroupDescription.startsWith('ALB'));
    assert.equal(sg.Properties.SecurityGroupIngress, undefined, 'nothing from 0.0.0.0/0');
    const ingress = Object.values(main.Resources)
      .filter((r) => r.Type === 'AWS::EC2::SecurityGroupIngress' && r.Properties.GroupId['Fn::GetAtt']?.[0] === sgId).map((r) => r.Properties);
    assert.deepEqual(ingress, [{ GroupId: { 'Fn::GetAtt': [sgId, 'GroupId'] }, SourcePrefixListId: 'pl-3b927c52', Description: 'HTTPS from CloudFront', FromPort: 443, IpProtocol: 'tcp', ToPort: 443 }]);
  });

  test('refuses a certificate outside us-east-1, aliases without a certificate, and a prefix list id that is not one', () => {
    assert.throws(() => synth({ edgeDomainNames: 'uploads.example.com', edgeCertificateArn: EDGE_CERT.replace('us-east-1', 'sa-east-1') }), /us-east-1/);
    assert.throws(() => synth({ edgeDomainNames: 'uploads.example.com' }), /edgeCertificateArn/);
    assert.throws(() => synth({ cloudFrontPrefixListId: '0.0.0.0/0' }), /prefix list id/);
  });
});
