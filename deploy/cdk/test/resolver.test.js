'use strict';
const { test, describe } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { parseExpression, ManifestResolver, referencedResources } = require('../lib/resolver');
const { REPO_MANIFEST } = require('../testing/helpers');

const manifest = JSON.parse(fs.readFileSync(REPO_MANIFEST, 'utf8'));

// Overrides as the stack gives them (plain strings here instead of CDK tokens).
const overrides = {
  'postgres.bindings.tcp.host': 'db.cluster-abc.us-east-1.rds.amazonaws.com',
  'postgres.bindings.tcp.port': '5432',
  'redis.bindings.tcp.host': 'master.redis.abc.use1.cache.amazonaws.com',
  'redis.bindings.tcp.port': '6379',
  'cond-redis-bindings-tcp-tlsenabled-d148d83a.connectionString': ',ssl=true',
  'uploads-bucket.value': 'buildpeeruploads-bucket-123',
  'uploads-queue.value': 'BuildPeerUploads-UploadsQueue-XYZ',
  'aws-region.value': 'eu-west-1',
};

describe('parseExpression', () => {
  test('splits text and references', () => {
    assert.deepEqual(parseExpression('Host={pg.bindings.tcp.host};Port=1'), [
      { text: 'Host=' },
      { ref: 'pg.bindings.tcp.host', resource: 'pg', path: ['bindings', 'tcp', 'host'] },
      { text: ';Port=1' },
    ]);
  });
  test('plain text has no references', () => {
    assert.deepEqual(parseExpression('tcp://127.0.0.1:3310'), [{ text: 'tcp://127.0.0.1:3310' }]);
  });
  test('{{ and }} are literal braces', () => {
    assert.deepEqual(parseExpression('{{"a":1}}'), [{ text: '{"a":1}' }]);
  });
  test('a reference without a property is rejected', () => {
    assert.throws(() => parseExpression('{justname}'), /invalid manifest expression/);
  });
  test('referencedResources lists direct references once', () => {
    assert.deepEqual(referencedResources('{a.value}-{b.connectionString}-{a.value}'), ['a', 'b']);
  });
});

describe('ManifestResolver on the repository manifest', () => {
  const resolver = new ManifestResolver(manifest.resources, { overrides });

  test('{uploadsdb.connectionString} resolves through postgres to host, port and a secret password', () => {
    assert.deepEqual(resolver.resolveExpression('{uploadsdb.connectionString}'), [
      { text: 'Host=db.cluster-abc.us-east-1.rds.amazonaws.com;Port=5432;Username=postgres;Password=' },
      { secret: 'postgres-password' },
      { text: ';Database=uploadsdb' },
    ]);
  });

  test('the API env: connection string composed with the password secret, JWT key a whole secret, the rest plain', () => {
    const { environment, secrets, composed } = resolver.resolveEnv(manifest.resources.api.env);
    assert.deepEqual(composed, {
      ConnectionStrings__uploadsdb: [
        { text: 'Host=db.cluster-abc.us-east-1.rds.amazonaws.com;Port=5432;Username=postgres;Password=' },
        { secret: 'postgres-password' },
        { text: ';Database=uploadsdb' },
      ],
      ConnectionStrings__redis: [
        { text: 'master.redis.abc.use1.cache.amazonaws.com:6379,password=' },
        { secret: 'redis-password' },
        { text: ',ssl=true' },
      ],
    });
    assert.deepEqual(secrets, { Jwt__SigningKey: { secret: 'jwt-signing-key' } });
    assert.equal(environment.ConnectionStrings__uploadsdb, undefined);
    assert.equal(environment.Jwt__SigningKey, undefined);
    assert.equal(environment.HTTP_PORTS, '8080');
    assert.equal(environment.Storage__Bucket, 'buildpeeruploads-bucket-123');
    assert.equal(environment.Messaging__UploadsQueue, 'BuildPeerUploads-UploadsQueue-XYZ');
    assert.equal(environment.Aws__Region, 'eu-west-1');
    assert.equal(environment.ASPNETCORE_FORWARDEDHEADERS_ENABLED, 'true');
    assert.equal(environment.OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY, 'in_memory');
  });

  test('the processing env keeps its literal clamd connection string', () => {
    const { environment, secrets, composed } = resolver.resolveEnv(manifest.resources.processing.env);
    assert.equal(environment.ConnectionStrings__clamd, 'tcp://127.0.0.1:3310');
    assert.equal(environment.HTTP_PORTS, '8080');
    assert.deepEqual(secrets, {});
    assert.deepEqual(Object.keys(composed), ['ConnectionStrings__uploadsdb']);
  });

  test('{api.bindings.http.targetPort} is the container port', () => {
    assert.deepEqual(resolver.resolveExpression('{api.bindings.http.targetPort}'), [{ text: '8080' }]);
    const other = new ManifestResolver(manifest.resources, { defaultTargetPort: 5000 });
    assert.deepEqual(other.resolveExpression('{api.bindings.http.targetPort}'), [{ text: '5000' }]);
  });

  test('a container binding targetPort comes from the manifest', () => {
    const bare = new ManifestResolver(manifest.resources);
    assert.deepEqual(bare.resolveExpression('{postgres.bindings.tcp.targetPort}'), [{ text: '5432' }]);
    assert.deepEqual(bare.resolveExpression('{postgres.bindings.tcp.port}'), [{ text: '5432' }]);
  });

  test('non-secret parameters without an override resolve to their default', () => {
    const bare = new ManifestResolver(manifest.resources);
    assert.deepEqual(bare.resolveExpression('{uploads-bucket.value}'), [{ text: 'buildpeer-uploads' }]);
    assert.deepEqual(bare.resolveExpression('{aws-region.value}'), [{ text: 'us-east-1' }]);
  });

  test('overrides win over defaults', () => {
    assert.deepEqual(resolver.resolveExpression('{aws-region.value}'), [{ text: 'eu-west-1' }]);
  });

  test('a secret parameter is a secret segment', () => {
    assert.deepEqual(resolver.resolveExpression('{jwt-signing-key.value}'), [{ secret: 'jwt-signing-key' }]);
  });

  test('the host of a container is unknown without an override', () => {
    const bare = new ManifestResolver(manifest.resources);
    assert.throws(() => bare.resolveExpression('{uploadsdb.connectionString}'), /host of "postgres" is only known once it is deployed/);
  });

  test('url = scheme://host:port', () => {
    const r = new ManifestResolver(manifest.resources, { overrides: { 'processing.bindings.http.host': 'processing.local' } });
    assert.deepEqual(r.resolveExpression('{processing.bindings.http.url}'), [{ text: 'http://processing.local:8080' }]);
  });
});

describe('ManifestResolver edge cases', () => {
  const resources = {
    secretp: { type: 'parameter.v0', value: '{secretp.inputs.value}', inputs: { value: { type: 'string', secret: true } } },
    nodefault: { type: 'parameter.v0', value: '{nodefault.inputs.value}', inputs: { value: { type: 'string' } } },
    a: { type: 'value.v0', connectionString: '{b.connectionString}' },
    b: { type: 'value.v0', connectionString: '{a.connectionString}' },
  };
  const r = new ManifestResolver(resources);

  test('a secret inside a larger value is composed, whatever its key', () => {
    const { environment, secrets, composed } = r.resolveEnv({ X: 'token={secretp.value}', CS: 'Host=h;PWD={secretp.value};Database=d' });
    assert.deepEqual(environment, {});
    assert.deepEqual(secrets, {});
    assert.deepEqual(composed.X, [{ text: 'token=' }, { secret: 'secretp' }]);
    assert.deepEqual(composed.CS, [{ text: 'Host=h;PWD=' }, { secret: 'secretp' }, { text: ';Database=d' }]);
  });

  test('a value that is exactly one secret is a whole secret; plain values stay plain', () => {
    const { environment, secrets, composed } = r.resolveEnv({ S: '{secretp.value}', P: 'plain {{braces}}' });
    assert.deepEqual(secrets, { S: { secret: 'secretp' } });
    assert.deepEqual(environment, { P: 'plain {braces}' });
    assert.deepEqual(composed, {});
  });

  test('a parameter with neither default nor override is an error', () => {
    assert.throws(() => r.resolveExpression('{nodefault.value}'), /no default value/);
    const withOverride = new ManifestResolver(resources, { overrides: { 'nodefault.value': 'given' } });
    assert.deepEqual(withOverride.resolveExpression('{nodefault.value}'), [{ text: 'given' }]);
  });

  test('circular references are detected', () => {
    assert.throws(() => r.resolveExpression('{a.connectionString}'), /circular manifest reference/);
  });

  test('unknown resources and properties are errors', () => {
    assert.throws(() => r.resolveExpression('{missing.value}'), /unknown resource "missing"/);
    assert.throws(() => r.resolveExpression('{a.nothing}'), /has no property "nothing"/);
  });

  test('overrides may be secrets with a JSON field', () => {
    const o = new ManifestResolver(resources, { overrides: { 'x.value': { secret: 'db', field: 'password' } } });
    const res2 = { ...resources, x: { type: 'parameter.v0' } };
    const o2 = new ManifestResolver(res2, { overrides: o.overrides });
    assert.deepEqual(o2.resolveEnv({ P: '{x.value}' }).secrets, { P: { secret: 'db', field: 'password' } });
  });
});
