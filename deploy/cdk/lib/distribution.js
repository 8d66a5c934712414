'use strict';
// CloudFront in front of the ALB. The web page's static files are cached at the edge; /api/* goes
// through uncached with everything the API reads (Authorization, Last-Event-ID, Content-Type, query
// strings); the Server-Sent Events streams have their own behaviours so that nothing caches or
// compresses them. Presigned S3 URLs point at S3 (or its accelerate endpoint) and never come here:
// the ALB is the distribution's only origin.

const cdk = require('aws-cdk-lib');
const cloudfront = require('aws-cdk-lib/aws-cloudfront');
const origins = require('aws-cdk-lib/aws-cloudfront-origins');

// BuildPeer.Api/Live: ProjectUploadsStreamEndpoint and UploadStreamEndpoint.
const SSE_PATHS = ['/api/projects/*/uploads/stream', '/api/uploads/*/stream'];
const API_PATH = '/api/*';
// The streams send a heartbeat every 15 s (LiveOptions.HeartbeatInterval): CloudFront waits up to
// 60 s for the next bytes (the default account quota allows 120 s). It keeps idle connections to
// the ALB for 60 s, less than the ALB's 120 s idle timeout, so the ALB never closes one CloudFront
// is about to reuse. No response completion timeout: a stream stays open as long as the client.
const ORIGIN_READ_TIMEOUT = cdk.Duration.seconds(60);
const ORIGIN_KEEPALIVE_TIMEOUT = cdk.Duration.seconds(60);
// The page's files have fixed names (app.js, styles.css, index.html), so the edge keeps them for
// minutes, not days: a deploy is visible within STATIC_DEFAULT_TTL (or at once after an invalidation).
const STATIC_DEFAULT_TTL = cdk.Duration.minutes(10);
const STATIC_MAX_TTL = cdk.Duration.days(1);

/**
 * @param {import('constructs').Construct} scope
 * @param {{ originDomainName: string, webAclArn: string, domainNames?: string[], certificate?: import('aws-cdk-lib/aws-certificatemanager').ICertificate }} props
 */
function createDistribution(scope, { originDomainName, webAclArn, domainNames, certificate }) {
  // HTTPS to the ALB: the origin's name must be one the ALB's certificate covers (see README).
  const alb = new origins.HttpOrigin(originDomainName, {
    protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
    originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
    readTimeout: ORIGIN_READ_TIMEOUT,
    keepaliveTimeout: ORIGIN_KEEPALIVE_TIMEOUT,
  });

  const staticFiles = new cloudfront.CachePolicy(scope, 'StaticFilesCachePolicy', {
    comment: 'BuildPeer web page: files keyed by path only, compressed',
    defaultTtl: STATIC_DEFAULT_TTL,
    minTtl: cdk.Duration.seconds(0),
    maxTtl: STATIC_MAX_TTL,
    headerBehavior: cloudfront.CacheHeaderBehavior.none(),
    queryStringBehavior: cloudfront.CacheQueryStringBehavior.none(),
    cookieBehavior: cloudfront.CacheCookieBehavior.none(),
    enableAcceptEncodingGzip: true,
    enableAcceptEncodingBrotli: true,
  });

  // Caching disabled, every viewer header (Authorization and Last-Event-ID included: with caching
  // disabled the AllViewer policies forward Authorization), cookie and query string except Host,
  // which stays the origin's name so that TLS to the ALB verifies.
  const api = {
    origin: alb,
    viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
    cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
    originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    compress: false,
  };
  const stream = { ...api, allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD };

  return new cloudfront.Distribution(scope, 'Distribution', {
    comment: 'BuildPeer Uploads: web page and API',
    // PriceClass_100 and _200 leave out South America's edge locations; the clients are in LATAM.
    priceClass: cloudfront.PriceClass.PRICE_CLASS_ALL,
    httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
    enableIpv6: true,
    webAclId: webAclArn,
    domainNames: domainNames?.length ? domainNames : undefined,
    certificate,
    minimumProtocolVersion: certificate ? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
    defaultBehavior: {
      origin: alb,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
      cachePolicy: staticFiles,
      compress: true,
    },
    // Matched in this order: the streams before the rest of /api/*.
    additionalBehaviors: {
      ...Object.fromEntries(SSE_PATHS.map((p) => [p, stream])),
      [API_PATH]: api,
    },
  });
}

module.exports = { createDistribution, SSE_PATHS, API_PATH, ORIGIN_READ_TIMEOUT, ORIGIN_KEEPALIVE_TIMEOUT, STATIC_DEFAULT_TTL };
