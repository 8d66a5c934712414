'use strict';
const cdk = require('aws-cdk-lib');
const { readConfig } = require('./config');
const { UploadsStack } = require('./uploads-stack');
const { EdgeStack, EDGE_REGION } = require('./edge-stack');

/**
 * Creates the stacks on an App; used by bin/app.js and by the tests. Returns the main stack; when
 * the manifest has a public project, the edge stack (CloudFront + WAF, us-east-1) is its `edgeStack`.
 */
function createStack(app) {
  const config = readConfig(app.node);
  // Explicit environments, so synth needs no credentials and makes no lookups.
  const main = new UploadsStack(app, config.stackName, {
    config,
    stackName: config.stackName,
    description: 'BuildPeer Uploads (synthesized from aspire-manifest.json)',
    env: { account: config.account, region: config.region },
  });
  if (main.loadBalancer) {
    const edgeName = `${config.stackName}-Edge`;
    main.edgeStack = new EdgeStack(app, edgeName, {
      config,
      mainStackName: config.stackName,
      stackName: edgeName,
      description: 'BuildPeer Uploads edge: CloudFront and its WAF web ACL (us-east-1)',
      env: { account: config.account, region: EDGE_REGION },
    });
    main.edgeStack.addStackDependency(main, 'the distribution sends requests to the ALB');
  }
  return main;
}

module.exports = { createStack };
