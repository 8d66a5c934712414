'use strict';
// Reads the app's settings from CDK context (cdk.json, or `-c key=value` on the command line).

const path = require('node:path');

const CDK_DIR = path.resolve(__dirname, '..');

function list(value) {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value.map(String).map((s) => s.trim()).filter(Boolean);
  return String(value).split(',').map((s) => s.trim()).filter(Boolean);
}

function int(value, name, { min, max, fallback }) {
  if (value === undefined || value === null || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`context ${name} must be an integer from ${min} to ${max}, got "${value}"`);
  return n;
}

/** @param {import('constructs').Node} node  the App's node (context lookups) */
function readConfig(node) {
  const ctx = (k) => node.tryGetContext(k);
  const manifest = ctx('manifest') ?? '../../aspire-manifest.json';
  // Relative paths are relative to deploy/cdk (where cdk.json is), whatever the current directory.
  const manifestPath = path.resolve(CDK_DIR, manifest);
  const region = ctx('region') ?? process.env.CDK_DEFAULT_REGION ?? 'us-east-1';

  const legacyTargetIps = list(ctx('legacyTargetIps'));
  for (const ip of legacyTargetIps) {
    if (!/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(ip) || ip.split('.').some((o) => Number(o) > 255)) {
      throw new Error(`context legacyTargetIps: "${ip}" is not an IPv4 address`);
    }
  }
  const edgeDomainNames = list(ctx('edgeDomainNames'));
  const edgeCertificateArn = ctx('edgeCertificateArn') || undefined;
  if (edgeDomainNames.length && !edgeCertificateArn) throw new Error('context edgeDomainNames needs edgeCertificateArn (an ACM certificate in us-east-1)');
  if (edgeCertificateArn && !/^arn:aws[a-z-]*:acm:us-east-1:/.test(edgeCertificateArn)) {
    throw new Error(`context edgeCertificateArn must be an ACM certificate in us-east-1 (CloudFront reads only those), got "${edgeCertificateArn}"`);
  }

  const cloudFrontPrefixListId = ctx('cloudFrontPrefixListId') || undefined;
  if (cloudFrontPrefixListId && !/^pl-[0-9a-f]+$/.test(cloudFrontPrefixListId)) {
    throw new Error(`context cloudFrontPrefixListId must be a prefix list id (pl-...), got "${cloudFrontPrefixListId}"`);
  }

  const cacheNodeType = ctx('cacheNodeType') ?? 'cache.m7g.large';
  if (!/^cache\.[a-z0-9]+\.[a-z0-9]+$/.test(cacheNodeType)) throw new Error(`context cacheNodeType must be an ElastiCache node type (cache.<family>.<size>), got "${cacheNodeType}"`);

  const legacyProtocol = String(ctx('legacyTargetProtocol') ?? 'HTTPS').toUpperCase();
  if (!['HTTP', 'HTTPS'].includes(legacyProtocol)) throw new Error('context legacyTargetProtocol must be HTTP or HTTPS');

  return {
    stackName: ctx('stackName') ?? 'BuildPeerUploads',
    manifestPath,
    // Docker build context of the services: the repository root (the manifest's folder) unless given.
    repoRoot: ctx('repoRoot') ? path.resolve(CDK_DIR, ctx('repoRoot')) : path.dirname(manifestPath),
    account: ctx('account') ?? process.env.CDK_DEFAULT_ACCOUNT ?? '123456789012',
    region,
    // Empty: the region's first two AZs, resolved by CloudFormation (see UploadsStack.availabilityZones).
    availabilityZones: list(ctx('availabilityZones')),
    natGateways: int(ctx('natGateways'), 'natGateways', { min: 1, max: 2, fallback: 2 }),
    certificateArn: ctx('certificateArn') || undefined,
    corsAllowedOrigins: list(ctx('corsAllowedOrigins')).length ? list(ctx('corsAllowedOrigins')) : ['*'],
    alarmEmail: ctx('alarmEmail') || undefined,
    dbInstanceType: ctx('dbInstanceType') ?? 'r6g.large',
    // The two ElastiCache nodes (primary and replica) of each Redis resource.
    cacheNodeType,
    // CloudFront -> ALB over HTTPS: a DNS name of the ALB that its certificate covers.
    originDomainName: ctx('originDomainName') || undefined,
    // The distribution's own names (optional; else only its *.cloudfront.net name) and their certificate.
    edgeDomainNames,
    edgeCertificateArn,
    // The region's com.amazonaws.global.cloudfront.origin-facing managed prefix list: the ALB then
    // accepts only CloudFront.
    cloudFrontPrefixListId,
    legacy: legacyTargetIps.length
      ? {
          ips: legacyTargetIps,
          port: int(ctx('legacyTargetPort'), 'legacyTargetPort', { min: 1, max: 65535, fallback: legacyProtocol === 'HTTPS' ? 443 : 80 }),
          protocol: legacyProtocol,
          healthCheckPath: ctx('legacyHealthCheckPath') ?? '/',
          pathPatterns: list(ctx('legacyPathPatterns')).length ? list(ctx('legacyPathPatterns')) : ['/api/uploads', '/api/uploads/*'],
          canaryPercent: int(ctx('canaryPercent'), 'canaryPercent', { min: 0, max: 100, fallback: 10 }),
          stickinessMinutes: int(ctx('canaryStickinessMinutes'), 'canaryStickinessMinutes', { min: 0, max: 10080, fallback: 60 }),
        }
      : undefined,
  };
}

module.exports = { readConfig, CDK_DIR };
