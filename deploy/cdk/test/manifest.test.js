'use strict';
const { test, describe } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const cdk = require('aws-cdk-lib');
const { loadManifest, analyzeManifest, connectionStringPairs } = require('../lib/manifest');
const { readConfig } = require('../lib/config');
const { REPO_MANIFEST, CDK_DIR } = require('../testing/helpers');

describe('analyzeManifest (repository manifest)', () => {
  const model = analyzeManifest(loadManifest(REPO_MANIFEST).resources);

  test('finds the two projects; only the API is public', () => {
    assert.deepEqual(model.projects.map((p) => [p.name, p.dir, p.external]), [
      ['api', 'BuildPeer.Api', true],
      ['processing', 'BuildPeer.Processing', false],
    ]);
  });

  test('records which resources each project references', () => {
    const processing = model.projects.find((p) => p.name === 'processing');
    assert.ok(processing.references.has('uploads-queue'));
    assert.ok(processing.references.has('uploadsdb'));
    assert.ok(!processing.references.has('jwt-signing-key'));
  });

  test('maps the postgres container (user, password parameter, major version) and its database', () => {
    assert.deepEqual(model.postgres, [{ name: 'postgres', username: 'postgres', passwordParameter: 'postgres-password', majorVersion: 15 }]);
    assert.deepEqual(model.databases, [{ name: 'uploadsdb', server: 'postgres', database: 'uploadsdb' }]);
  });

  test('classifies parameters as secret or with a default', () => {
    const byName = Object.fromEntries(model.parameters.map((p) => [p.name, p]));
    assert.equal(byName['postgres-password'].secret, true);
    assert.equal(byName['postgres-password'].minLength, 22);
    assert.equal(byName['jwt-signing-key'].minLength, 48);
    assert.equal(byName['uploads-bucket'].secret, false);
    assert.equal(byName['uploads-bucket'].defaultValue, 'buildpeer-uploads');
  });

  test('ignores resource types it does not deploy', () => {
    const m = analyzeManifest({ proxy: { type: 'container.v0', image: 'docker.io/library/nginx:1' }, x: { type: 'executable.v0' } });
    assert.deepEqual(m.ignored.map((i) => i.name), ['proxy', 'x']);
  });

  test('maps the redis container: its password parameter and Aspire\'s TLS condition', () => {
    const model = analyzeManifest(loadManifest(REPO_MANIFEST).resources);
    assert.deepEqual(model.redis, [{
      name: 'redis', passwordParameter: 'redis-password', tlsConditions: ['cond-redis-bindings-tcp-tlsenabled-d148d83a'], port: 6379,
    }]);
    assert.ok(!model.ignored.some((i) => i.name === 'redis'));
    assert.ok(model.projects.find((p) => p.name === 'api').references.has('redis'));
    assert.ok(!model.projects.find((p) => p.name === 'processing').references.has('redis'));
  });

  test('a redis container without a secret password parameter is an error', () => {
    assert.throws(() => analyzeManifest({ cache: { type: 'container.v0', image: 'docker.io/library/redis:7', connectionString: '{cache.bindings.tcp.host}:6379' } }),
      /no password=\{<parameter>\.value\}/);
    assert.throws(() => analyzeManifest({
      pw: { type: 'parameter.v0', value: '{pw.inputs.value}', inputs: { value: { type: 'string', default: { value: 'x' } } } },
      cache: { type: 'container.v0', image: 'valkey/valkey:8', connectionString: '{cache.bindings.tcp.host}:6379,password={pw.value}' },
    }), /"pw" is not a secret parameter/);
  });

  test('a database on an unknown server is an error', () => {
    assert.throws(() => analyzeManifest({ db: { type: 'value.v0', connectionString: '{nope.connectionString};Database=d' } }), /not a PostgreSQL container/);
  });

  test('connectionStringPairs lower-cases keys', () => {
    assert.deepEqual(connectionStringPairs('Host=h;PassWord={p.value}'), { host: 'h', password: '{p.value}' });
  });

  test('loadManifest reports a missing file', () => {
    assert.throws(() => loadManifest('/nonexistent/aspire-manifest.json'), /cannot read Aspire manifest/);
  });
});

describe('readConfig (CDK context)', () => {
  const config = (context) => readConfig(new cdk.App({ context }).node);

  test('defaults: the repository manifest, its folder as build context, 2 NAT gateways', () => {
    const c = config({});
    assert.equal(c.manifestPath, REPO_MANIFEST);
    assert.equal(c.repoRoot, path.dirname(REPO_MANIFEST));
    assert.equal(c.natGateways, 2);
    assert.equal(c.legacy, undefined);
    assert.equal(c.certificateArn, undefined);
  });

  test('a relative manifest path is relative to deploy/cdk', () => {
    assert.equal(config({ manifest: 'x/m.json' }).manifestPath, path.join(CDK_DIR, 'x/m.json'));
  });

  test('legacy canary options are parsed and validated', () => {
    const c = config({ legacyTargetIps: '10.1.0.5, 10.1.1.5', canaryPercent: '25' });
    assert.deepEqual(c.legacy.ips, ['10.1.0.5', '10.1.1.5']);
    assert.equal(c.legacy.canaryPercent, 25);
    assert.equal(c.legacy.port, 443);
    assert.throws(() => config({ legacyTargetIps: 'legacy.example' }), /not an IPv4 address/);
    assert.throws(() => config({ legacyTargetIps: '10.0.0.1', canaryPercent: 101 }), /canaryPercent/);
  });
});
