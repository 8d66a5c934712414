'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const cdk = require('aws-cdk-lib');
const { Template } = require('aws-cdk-lib/assertions');
const { createStack } = require('../lib/app');

const CDK_DIR = path.resolve(__dirname, '..');
const REPO_MANIFEST = path.resolve(CDK_DIR, '../../aspire-manifest.json');

/** Synthesizes the stack the way `cdk synth` does (cdk.json's context + the given context). */
function synth(context = {}) {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(CDK_DIR, 'cdk.json'), 'utf8'));
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'buildpeer-cdk-out-'));
  process.once('exit', () => fs.rmSync(outdir, { recursive: true, force: true }));
  const app = new cdk.App({ outdir, context: { ...cdkJson.context, ...context } });
  const stack = createStack(app);
  const edgeStack = stack.edgeStack;
  return { app, stack, template: Template.fromStack(stack), edgeStack, edgeTemplate: edgeStack && Template.fromStack(edgeStack) };
}

/**
 * A dashboard's body as an object: DashboardBody is an Fn::Join of JSON text and tokens; each token
 * becomes the string "<<token JSON>>" (tokens only appear inside JSON strings).
 */
function dashboardBody(template, dashboardName) {
  const id = logicalId(template, 'AWS::CloudWatch::Dashboard', (p) => p.DashboardName === dashboardName);
  const body = template.toJSON().Resources[id].Properties.DashboardBody;
  const parts = typeof body === 'string' ? [body] : body['Fn::Join'][1];
  const text = parts.map((p) => (typeof p === 'string' ? p : `<<${JSON.stringify(p).replace(/"/g, "'")}>>`)).join('');
  return JSON.parse(text);
}

/** The metrics of a dashboard's metric widgets as { namespace, name, dimensions, options, widget, region }. */
function dashboardMetrics(body) {
  return body.widgets.filter((w) => w.type === 'metric').flatMap((w) => w.properties.metrics.map((m) => {
    const options = typeof m[m.length - 1] === 'object' ? m[m.length - 1] : {};
    const names = m.filter((x) => typeof x === 'string');
    if (names.length === 0) return { expression: options.expression, options, widget: w.properties.title, region: w.properties.region };
    const [namespace, name, ...pairs] = names;
    const dimensions = {};
    for (let i = 0; i < pairs.length; i += 2) dimensions[pairs[i]] = pairs[i + 1];
    return { namespace, name, dimensions, options, widget: w.properties.title, region: options.region ?? w.properties.region };
  }));
}

/** A temporary repository: a copy of the manifest (changed by `edit`) and a stub Dockerfile per project. */
function tempRepo(edit = (m) => m) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buildpeer-cdk-'));
  const manifest = edit(JSON.parse(fs.readFileSync(REPO_MANIFEST, 'utf8')));
  fs.writeFileSync(path.join(dir, 'aspire-manifest.json'), JSON.stringify(manifest, null, 2));
  for (const r of Object.values(manifest.resources)) {
    if (r.type !== 'project.v0') continue;
    const projectDir = path.join(dir, path.dirname(r.path));
    fs.mkdirSync(projectDir, { recursive: true });
    fs.writeFileSync(path.join(projectDir, 'Dockerfile'), 'FROM scratch\n');
  }
  return { dir, manifestPath: path.join(dir, 'aspire-manifest.json'), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Logical id of the single resource of `type` whose properties match `predicate`. */
function logicalId(template, type, predicate = () => true) {
  const ids = Object.entries(template.findResources(type)).filter(([, r]) => predicate(r.Properties ?? {}, r)).map(([id]) => id);
  if (ids.length !== 1) throw new Error(`expected one ${type} matching, found ${ids.length}: ${ids.join(', ')}`);
  return ids[0];
}

/** The `app` container definition of a project's task definition (family <stack>-<project>). */
function appContainer(template, project) {
  const id = logicalId(template, 'AWS::ECS::TaskDefinition', (p) => p.Family === `BuildPeerUploads-${project}`);
  const td = template.toJSON().Resources[id].Properties;
  return { taskDefinition: td, container: td.ContainerDefinitions.find((c) => c.Name === 'app'), sidecar: td.ContainerDefinitions.find((c) => c.Name === 'otel-collector'), id };
}

function envOf(container) {
  return Object.fromEntries((container.Environment ?? []).map((e) => [e.Name, e.Value]));
}

function secretsOf(container) {
  return Object.fromEntries((container.Secrets ?? []).map((e) => [e.Name, e.ValueFrom]));
}

/** All IAM statements attached (through AWS::IAM::Policy) to the role with this logical id. */
function statementsOfRole(template, roleId) {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles ?? []).some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

function actionsOf(statements) {
  return statements.flatMap((s) => [].concat(s.Action));
}

module.exports = { synth, dashboardBody, dashboardMetrics, tempRepo, logicalId, appContainer, envOf, secretsOf, statementsOfRole, actionsOf, REPO_MANIFEST, CDK_DIR };
