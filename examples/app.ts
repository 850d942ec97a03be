/**
 * The example app: the examples of the AWS Batch API reference, built with this
 * library. `npm run example` synthesizes it with the cdk CLI into cdk.out/;
 * bindings/python/app.py and bindings/java are the same app in Python and Java,
 * and must synthesize the same templates.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { addReferenceComputeEnvironments } from './compute-environments';
import { addReferenceDeployTimeJob } from './deploy-time-job';
import { addReferenceJobDefinitions } from './job-definitions';
import { addReferenceJobQueues } from './job-queues';

/** Builds the example stack into an app. */
export function buildExampleStack(app: App): Stack {
  const stack = new Stack(app, 'BatchReferenceExamples', {
    description: 'The examples of the AWS Batch API reference, built with cdk-batch-constructs',
  });
  // Two AZs, one NAT gateway: the compute environments run in the private subnets.
  // Flow logs (to CloudWatch Logs) record the traffic of the jobs' network interfaces.
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  vpc.addFlowLog('FlowLog');

  const { c4OnDemand, m4Spot } = addReferenceComputeEnvironments(stack, vpc);
  const { highPriority } = addReferenceJobQueues(stack, c4OnDemand, m4Spot);
  const { sleep10 } = addReferenceJobDefinitions(stack);
  addReferenceDeployTimeJob(stack, highPriority, sleep10);
  return stack;
}

/** The app, with CloudFormation schema findings turned into synth errors. */
export function buildExampleApp(): App {
  const app = new App({ context: { [cxapi.VALIDATE_AGAINST_DEFAULT_RULES]: true } });
  buildExampleStack(app);
  return app;
}

if (require.main === module) {
  buildExampleApp().synth();
}
