'use strict';
// AWS WAF in front of CloudFront: a CLOUDFRONT-scoped web ACL, which AWS only accepts in us-east-1
// (so it lives in the edge stack, lib/edge-stack.js). The API keeps its own per-user limits; this
// is the outer wall: a per-IP rate limit and AWS's managed common and SQL-injection rule sets.

const cdk = require('aws-cdk-lib');
const wafv2 = require('aws-cdk-lib/aws-wafv2');
const logs = require('aws-cdk-lib/aws-logs');

const EDGE_REGION = 'us-east-1';
// 1,000 requests per minute per client IP, counted over a 5-minute window.
const RATE_LIMIT = { limit: 5000, evaluationWindowSec: 300 };
const RATE_RULE = 'RateLimitPerIp';
const COMMON_RULES = 'AWSManagedRulesCommonRuleSet';
const SQLI_RULES = 'AWSManagedRulesSQLiRuleSet';
// The rules' CloudWatch metric names (dimension Rule of AWS/WAFV2), for the dashboard.
const RULE_METRICS = [RATE_RULE, COMMON_RULES, SQLI_RULES];

const webAclName = (stackName) => `${stackName}-edge`;

const visibility = (metricName) => ({ cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });

const managed = (name, priority, ruleActionOverrides) => ({
  name,
  priority,
  overrideAction: { none: {} }, // the group's own actions (block) apply
  statement: { managedRuleGroupStatement: { vendorName: 'AWS', name, ruleActionOverrides } },
  visibilityConfig: visibility(name),
});

/**
 * @param {import('constructs').Construct} scope  a construct in a us-east-1 stack
 * @returns {{ webAcl: wafv2.CfnWebACL, logGroup: logs.LogGroup, name: string }}
 */
function createWebAcl(scope, { name }) {
  const webAcl = new wafv2.CfnWebACL(scope, 'WebAcl', {
    name,
    description: 'BuildPeer Uploads: per-IP rate limit, AWS common and SQL-injection rule sets',
    scope: 'CLOUDFRONT',
    defaultAction: { allow: {} },
    visibilityConfig: visibility(name),
    rules: [
      {
        // First, so that a flood is cut before the managed groups inspect it.
        name: RATE_RULE,
        priority: 0,
        action: { block: { customResponse: { responseCode: 429 } } },
        statement: { rateBasedStatement: { aggregateKeyType: 'IP', ...RATE_LIMIT } },
        visibilityConfig: visibility(RATE_RULE),
      },
      // SizeRestrictions_BODY blocks bodies over 8 KB; the API takes JSON bodies up to 1 MB (an upload
      // batch holds up to 1,000 files) and enforces that itself (RequestBodyLimit), so it only counts.
      managed(COMMON_RULES, 1, [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }]),
      managed(SQLI_RULES, 2),
    ],
  });

  // WAF delivers only to log groups whose name starts with aws-waf-logs-, in the web ACL's region.
  const logGroup = new logs.LogGroup(scope, 'WafLogs', {
    logGroupName: `aws-waf-logs-${name}`,
    retention: logs.RetentionDays.ONE_MONTH,
  });
  new wafv2.CfnLoggingConfiguration(scope, 'WafLogging', {
    resourceArn: webAcl.attrArn,
    // The log group's ARN without the ":*" that its Arn attribute ends with (WAF refuses that form).
    logDestinationConfigs: [cdk.Stack.of(scope).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: logGroup.logGroupName,
      arnFormat: cdk.ArnFormat.COLON_RESOURCE_NAME,
    })],
    // Bearer tokens stay out of the logs.
    redactedFields: [{ singleHeader: { Name: 'authorization' } }],
  });
  return { webAcl, logGroup, name };
}

module.exports = { createWebAcl, webAclName, EDGE_REGION, RATE_LIMIT, RATE_RULE, COMMON_RULES, SQLI_RULES, RULE_METRICS };
