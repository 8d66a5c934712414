'use strict';
// Reads an Aspire manifest and classifies its resources for the stack. Pure apart from loadManifest.

const fs = require('node:fs');
const path = require('node:path');
const { parseExpression, referencedResources } = require('./resolver');

function loadManifest(manifestPath) {
  const file = path.resolve(manifestPath);
  let json;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read Aspire manifest ${file}: ${err.message}`);
  }
  if (!json || typeof json.resources !== 'object') throw new Error(`${file} is not an Aspire manifest (no "resources")`);
  return { file, dir: path.dirname(file), resources: json.resources };
}

/** Parses `Key=Value;Key2=Value2` ignoring case of keys (values may contain expressions). */
function connectionStringPairs(cs) {
  const out = {};
  for (const part of String(cs).split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim();
  }
  return out;
}

function isPostgresContainer(resource) {
  return resource.type === 'container.v0' && /(^|\/)postgres(ql)?(:|@|$)/.test(String(resource.image ?? ''));
}

function isRedisContainer(resource) {
  return resource.type === 'container.v0' && /(^|\/)(redis|valkey)(:|@|$)/.test(String(resource.image ?? ''));
}

/**
 * The parts of a Redis container's StackExchange.Redis connection string, as Aspire writes it:
 * "{r.bindings.tcp.host}:{r.bindings.tcp.port},password={p.value}{cond-…-tlsenabled-….connectionString}".
 * The last reference is Aspire's "TLS enabled?" condition: a value.v0 resource the publisher evaluated
 * for the container (no TLS), which the cache that replaces it must answer again.
 */
function redisServer(name, resource, resources) {
  const parts = parseExpression(resource.connectionString ?? '');
  const password = parts.find((p, i) => p.ref && p.path.join('.') === 'value' && /(^|,)password=$/.test(parts[i - 1]?.text ?? ''));
  if (!password) throw new Error(`Redis "${name}": its connection string has no password={<parameter>.value}`);
  const conditions = parts.filter((p) => p.ref && p.resource !== name && p.resource !== password.resource
    && resources[p.resource]?.type === 'value.v0' && /tlsenabled/i.test(p.resource));
  const targetPort = resource.bindings?.tcp?.targetPort;
  return {
    name,
    passwordParameter: password.resource,
    tlsConditions: conditions.map((p) => p.resource),
    port: targetPort ?? 6379,
  };
}

/**
 * Classifies the manifest:
 * - projects: every project.v0, with its directory (relative to the manifest) and whether it is public
 *   (an http/https binding with external: true);
 * - postgres: container.v0 resources running the postgres image (become Aurora clusters);
 * - databases: value.v0 resources "{<postgres>.connectionString};Database=<name>";
 * - redis: container.v0 resources running the redis (or valkey) image (become ElastiCache replication groups);
 * - parameters: parameter.v0 resources (secret or not, default value, generate options);
 * - ignored: resources this app does not deploy.
 */
function analyzeManifest(resources) {
  const projects = [];
  const postgres = [];
  const databases = [];
  const redis = [];
  const parameters = [];
  const ignored = [];
  for (const [name, r] of Object.entries(resources)) {
    switch (r.type) {
      case 'project.v0': {
        if (!r.path) throw new Error(`project "${name}" has no path`);
        const projectPath = r.path.replace(/\\/g, '/');
        const bindings = r.bindings ?? {};
        const http = bindings.http ?? Object.values(bindings).find((b) => b.scheme === 'http');
        const external = Object.values(bindings).some((b) => b.external === true && /^https?$/.test(b.scheme ?? ''));
        const env = r.env ?? {};
        const refs = new Set(Object.values(env).flatMap((v) => referencedResources(v)));
        projects.push({
          name,
          path: projectPath,
          dir: path.posix.dirname(projectPath),
          external,
          httpBinding: http ? Object.keys(bindings).find((k) => bindings[k] === http) : undefined,
          targetPort: http?.targetPort,
          env,
          references: refs,
        });
        break;
      }
      case 'container.v0':
        if (isPostgresContainer(r)) {
          const cs = connectionStringPairs(r.connectionString ?? '');
          const pw = parseExpression(cs.password ?? '').find((p) => p.ref);
          const major = /:(\d+)/.exec(r.image)?.[1];
          postgres.push({
            name,
            username: cs.username ?? cs['user id'] ?? r.env?.POSTGRES_USER ?? 'postgres',
            passwordParameter: pw && pw.path.join('.') === 'value' ? pw.resource : undefined,
            majorVersion: major ? Number(major) : undefined,
          });
        } else if (isRedisContainer(r)) {
          redis.push(redisServer(name, r, resources));
        } else {
          ignored.push({ name, type: r.type, reason: 'only PostgreSQL (to Aurora) and Redis (to ElastiCache) containers are mapped' });
        }
        break;
      case 'value.v0': {
        const m = /^\{([A-Za-z0-9_-]+)\.connectionString\};\s*Database=([^;]+)$/i.exec(r.connectionString ?? '');
        if (m) databases.push({ name, server: m[1], database: m[2] });
        break;
      }
      case 'parameter.v0': {
        const input = r.inputs?.value ?? {};
        parameters.push({
          name,
          secret: input.secret === true,
          defaultValue: input.default && Object.prototype.hasOwnProperty.call(input.default, 'value') ? String(input.default.value) : undefined,
          minLength: input.default?.generate?.minLength,
        });
        break;
      }
      default:
        ignored.push({ name, type: r.type, reason: 'resource type not deployed by this app' });
    }
  }
  for (const db of databases) {
    if (!postgres.some((p) => p.name === db.server)) {
      throw new Error(`database "${db.name}" refers to "${db.server}", which is not a PostgreSQL container`);
    }
  }
  for (const server of redis) {
    if (!parameters.some((p) => p.name === server.passwordParameter && p.secret)) {
      throw new Error(`Redis "${server.name}": its password "${server.passwordParameter}" is not a secret parameter`);
    }
  }
  return { projects, postgres, databases, redis, parameters, ignored };
}

module.exports = { loadManifest, analyzeManifest, connectionStringPairs, isPostgresContainer, isRedisContainer };
