'use strict';
// The edge: the CloudFront distribution and its WAF web ACL. A web ACL for CloudFront must be
// created in us-east-1, so both live in this stack, always deployed to us-east-1 whatever the
// region of the main stack. It references nothing in the main stack (the ALB is reached by a DNS
// name), so no cross-region reference or custom resource is needed; it depends on the main stack
// only so that `cdk deploy --all` creates the ALB first.

const cdk = require('aws-cdk-lib');
const acm = require('aws-cdk-lib/aws-certificatemanager');
const { createWebAcl, webAclName, EDGE_REGION } = require('./web-acl');
const { createDistribution } = require('./distribution');

class EdgeStack extends cdk.Stack {
  /**
   * @param {import('constructs').Construct} scope
   * @param {string} id
   * @param {object} props  { config (lib/config.js), mainStackName } plus the usual StackProps
   */
  constructor(scope, id, props) {
    super(scope, id, props);
    const { config, mainStackName } = props;

    const originDomainName = config.originDomainName ?? new cdk.CfnParameter(this, 'OriginDomainName', {
      type: 'String',
      description: 'DNS name of the ALB that its HTTPS certificate covers, e.g. origin.uploads.example.com (or pass -c originDomainName=...)',
      allowedPattern: '^[A-Za-z0-9.-]+$',
    }).valueAsString;

    this.waf = createWebAcl(this, { name: webAclName(mainStackName) });
    const certificate = config.edgeCertificateArn
      ? acm.Certificate.fromCertificateArn(this, 'EdgeCertificate', config.edgeCertificateArn)
      : undefined;
    this.distribution = createDistribution(this, {
      originDomainName,
      webAclArn: this.waf.webAcl.attrArn,
      domainNames: config.edgeDomainNames,
      certificate,
    });

    new cdk.CfnOutput(this, 'DistributionId', { value: this.distribution.distributionId });
    new cdk.CfnOutput(this, 'DistributionDomainName', { value: this.distribution.distributionDomainName });
    new cdk.CfnOutput(this, 'WebAclArn', { value: this.waf.webAcl.attrArn });
  }
}

module.exports = { EdgeStack, EDGE_REGION };
