'use strict';
// Resolves the `{resource.property}` expressions of an Aspire manifest (aspire-8.0 format).
//
// Pure module: no CDK, no file system. The stack hands it the manifest's `resources` object and a
// map of overrides ("resource.property.path" -> value) for everything that only exists once the
// AWS resources exist (the Aurora endpoint, the bucket's name, ...). Values may be any string,
// including CDK token strings: the resolver only concatenates them.
//
// An expression resolves to a list of segments:
//   { text: '...' }                      literal text (may contain CDK tokens)
//   { secret: 'name', field?: 'json' }   the value of a secret (a Secrets Manager secret at deploy time)
// `resolveEnv` sorts a project's env block into plain values, whole secrets and composed values.

const EXPRESSION = /\{\{|\}\}|\{([A-Za-z0-9_.-]+)\}/g;

/** Splits a manifest string into literal text and `{resource.path}` references ({{ and }} are escaped braces). */
function parseExpression(value) {
  if (typeof value !== 'string') {
    throw new TypeError(`manifest expression must be a string, got ${typeof value}`);
  }
  const parts = [];
  let text = '';
  let last = 0;
  for (const match of value.matchAll(EXPRESSION)) {
    text += value.slice(last, match.index);
    last = match.index + match[0].length;
    if (match[0] === '{{') { text += '{'; continue; }
    if (match[0] === '}}') { text += '}'; continue; }
    const ref = match[1];
    const dot = ref.indexOf('.');
    if (dot <= 0 || dot === ref.length - 1) {
      throw new Error(`invalid manifest expression {${ref}} in "${value}" (expected {resource.property})`);
    }
    if (text) { parts.push({ text }); text = ''; }
    parts.push({ ref, resource: ref.slice(0, dot), path: ref.slice(dot + 1).split('.') });
  }
  text += value.slice(last);
  if (text) parts.push({ text });
  return parts;
}

/** Merges adjacent text segments. */
function compact(segments) {
  const out = [];
  for (const s of segments) {
    const prev = out[out.length - 1];
    if (s.text !== undefined && prev && prev.text !== undefined) prev.text += s.text;
    else if (s.text !== undefined) { if (s.text !== '') out.push({ text: s.text }); }
    else out.push({ ...s });
  }
  return out;
}

function toSegments(value, ref) {
  if (typeof value === 'string') return [{ text: value }];
  if (typeof value === 'number') return [{ text: String(value) }];
  if (value && typeof value === 'object' && typeof value.secret === 'string') {
    return [value.field ? { secret: value.secret, field: value.field } : { secret: value.secret }];
  }
  if (Array.isArray(value)) return compact(value.flatMap((v) => toSegments(v, ref)));
  throw new Error(`override for {${ref}} must be a string, a number or { secret, field? }`);
}

class ManifestResolver {
  /**
   * @param {object} resources  the manifest's `resources` object
   * @param {object} [options]
   * @param {object} [options.overrides]  "resource.property.path" -> string | number | { secret, field? }
   * @param {number} [options.defaultTargetPort=8080]  container port of a project binding that has no targetPort
   */
  constructor(resources, options = {}) {
    if (!resources || typeof resources !== 'object') throw new Error('manifest has no resources');
    this.resources = resources;
    this.overrides = options.overrides ?? {};
    this.defaultTargetPort = options.defaultTargetPort ?? 8080;
  }

  /** Resolves a manifest string to segments (text / secret). */
  resolveExpression(value, stack = []) {
    return compact(parseExpression(value).flatMap((p) => (p.ref ? this.resolveReference(p.ref, stack) : [p])));
  }

  /** Resolves one reference such as `postgres.bindings.tcp.host` to segments. */
  resolveReference(ref, stack = []) {
    if (stack.includes(ref)) throw new Error(`circular manifest reference: ${[...stack, ref].join(' -> ')}`);
    const next = [...stack, ref];
    if (Object.prototype.hasOwnProperty.call(this.overrides, ref)) return toSegments(this.overrides[ref], ref);

    const dot = ref.indexOf('.');
    const name = ref.slice(0, dot);
    const path = ref.slice(dot + 1).split('.');
    const resource = this.resources[name];
    if (!resource) throw new Error(`{${ref}} refers to unknown resource "${name}"`);

    // parameter.v0: {p.value} is "{p.inputs.value}"; {p.inputs.value} is a secret or the default value.
    if (resource.type === 'parameter.v0' && path[0] === 'inputs' && path.length === 2) {
      const input = resource.inputs?.[path[1]];
      if (!input) throw new Error(`{${ref}}: parameter "${name}" has no input "${path[1]}"`);
      if (input.secret) return [{ secret: name }];
      if (input.default && Object.prototype.hasOwnProperty.call(input.default, 'value')) {
        return [{ text: String(input.default.value) }];
      }
      throw new Error(`{${ref}}: parameter "${name}" has no default value and no deploy-time value was given`);
    }

    if (path[0] === 'bindings') return this.resolveBinding(ref, name, resource, path, next);

    // Any other string property (connectionString, value, ...) is itself an expression.
    let node = resource;
    for (const key of path) node = node == null ? undefined : node[key];
    if (typeof node === 'string') return this.resolveExpression(node, next);
    if (typeof node === 'number') return [{ text: String(node) }];
    throw new Error(`{${ref}}: resource "${name}" (${resource.type}) has no property "${path.join('.')}"`);
  }

  resolveBinding(ref, name, resource, path, stack) {
    if (path.length !== 3) throw new Error(`{${ref}}: expected {${name}.bindings.<binding>.<property>}`);
    const [, bindingName, prop] = path;
    const binding = resource.bindings?.[bindingName];
    if (!binding) throw new Error(`{${ref}}: resource "${name}" has no binding "${bindingName}"`);
    const targetPort = () => {
      if (binding.targetPort !== undefined) return [{ text: String(binding.targetPort) }];
      if (resource.type === 'project.v0') return [{ text: String(this.defaultTargetPort) }];
      throw new Error(`{${ref}}: binding "${bindingName}" of "${name}" has no targetPort`);
    };
    const sub = (p) => this.resolveReference(`${name}.bindings.${bindingName}.${p}`, stack);
    switch (prop) {
      case 'targetPort':
        return targetPort();
      case 'port':
        return binding.port !== undefined ? [{ text: String(binding.port) }] : sub('targetPort');
      case 'scheme':
        return [{ text: binding.scheme }];
      case 'host':
        throw new Error(`{${ref}}: the host of "${name}" is only known once it is deployed; no value was given for it`);
      case 'url':
        return compact([{ text: `${binding.scheme}://` }, ...sub('host'), { text: ':' }, ...sub('port')]);
      default:
        throw new Error(`{${ref}}: unknown binding property "${prop}"`);
    }
  }

  /**
   * Resolves a project's env block into
   *   environment: {NAME: string}            values without secrets (literals, endpoints, names);
   *   secrets:     {NAME: {secret, field?}}  values that are exactly one secret;
   *   composed:    {NAME: segment[]}         values with a secret inside a larger string, e.g. the
   *                                          connection string "Host=…;Password=<secret>;Database=…".
   * The stack injects `secrets` with ECS secrets, and turns each `composed` value into a Secrets
   * Manager secret holding the whole string (see UploadsStack.composedSecret).
   */
  resolveEnv(env = {}) {
    const environment = {};
    const secrets = {};
    const composed = {};
    for (const [key, raw] of Object.entries(env)) {
      const segments = this.resolveExpression(String(raw));
      const secretSegments = segments.filter((s) => s.secret !== undefined);
      if (secretSegments.length === 0) environment[key] = segments.map((s) => s.text).join('');
      else if (segments.length === 1) secrets[key] = { ...segments[0] };
      else composed[key] = segments;
    }
    return { environment, secrets, composed };
  }
}

/** Names of the resources a string references directly, e.g. "{a.value};{b.connectionString}" -> ['a','b']. */
function referencedResources(value) {
  return [...new Set(parseExpression(String(value)).filter((p) => p.ref).map((p) => p.resource))];
}

module.exports = { parseExpression, ManifestResolver, referencedResources };
