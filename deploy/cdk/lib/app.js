'use strict';
const cdk = require('aws-cdk-lib');
const { readConfig } = require('./config');
const { UploadsStack } = require('./uploads-stack');

/** Creates the stack on an App; used by bin/app.js and by the tests. */
function createStack(app) {
  const config = readConfig(app.node);
  return new UploadsStack(app, config.stackName, {
    config,
    stackName: config.stackName,
    description: 'BuildPeer Uploads (synthesized from aspire-manifest.json)',
    // An explicit environment, so synth needs no credentials and makes no lookups.
    env: { account: config.account, region: config.region },
  });
}

module.exports = { createStack };
