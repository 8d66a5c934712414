#!/usr/bin/env node
'use strict';
// CDK entry point: reads aspire-manifest.json (context "manifest") and synthesizes the AWS stack.
const cdk = require('aws-cdk-lib');
const { createStack } = require('../lib/app');

const app = new cdk.App();
createStack(app);
app.synth();
