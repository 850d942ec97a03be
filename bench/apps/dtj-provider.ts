import { CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { runApp } from './common';
import { buildL1 } from './l1';

// The usual hand-written pair: onEvent submits (and terminates on delete), isComplete polls.
const ON_EVENT = `
const { BatchClient, SubmitJobCommand, TerminateJobCommand } = require('@aws-sdk/client-batch');
const batch = new BatchClient({});
exports.handler = async (event) => {
  const p = event.ResourceProperties;
  if (event.RequestType === 'Delete') {
    await batch.send(new TerminateJobCommand({ jobId: event.PhysicalResourceId, reason: 'stack delete' }));
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  const job = await batch.send(new SubmitJobCommand({ jobName: p.JobName, jobQueue: p.JobQueue, jobDefinition: p.JobDefinition }));
  return { PhysicalResourceId: job.jobId, Data: { JobId: job.jobId, JobArn: job.jobArn } };
};`;
const IS_COMPLETE = `
const { BatchClient, DescribeJobsCommand } = require('@aws-sdk/client-batch');
const batch = new BatchClient({});
exports.handler = async (event) => {
  if (event.RequestType === 'Delete') return { IsComplete: true };
  const { jobs } = await batch.send(new DescribeJobsCommand({ jobs: [event.PhysicalResourceId] }));
  const job = jobs[0];
  if (job.status === 'FAILED') throw new Error(job.statusReason);
  return { IsComplete: job.status === 'SUCCEEDED' };
};`;

/**
 * DeployTimeJob cost with aws-cdk-lib's `custom_resources.Provider` and an
 * `isComplete` handler: the L1 environment, queue and one definition, plus `count`
 * CustomResources on one shared provider (the driver diffs 0, 1 and 3 jobs; with 0
 * jobs there is no provider, as an app without deploy-time jobs would have none).
 */
export function buildProviderJobs(stack: Stack, vpc: ec2.IVpc, count: number): void {
  const { queue, definitions } = buildL1(stack, vpc, 1);
  if (count === 0) {
    return;
  }
  const handler = (id: string, code: string) => new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline(code),
    timeout: Duration.minutes(1),
  });
  const onEvent = handler('OnEvent', ON_EVENT);
  onEvent.addToRolePolicy(new iam.PolicyStatement({
    actions: ['batch:SubmitJob'],
    resources: [queue.attrJobQueueArn, definitions[0].ref],
  }));
  onEvent.addToRolePolicy(new iam.PolicyStatement({ actions: ['batch:TerminateJob'], resources: ['*'] }));
  const isComplete = handler('IsComplete', IS_COMPLETE);
  isComplete.addToRolePolicy(new iam.PolicyStatement({ actions: ['batch:DescribeJobs'], resources: ['*'] }));
  const provider = new cr.Provider(stack, 'Provider', {
    onEventHandler: onEvent,
    isCompleteHandler: isComplete,
    queryInterval: Duration.seconds(30),
    totalTimeout: Duration.minutes(30),
  });
  for (let i = 0; i < count; i++) {
    new CustomResource(stack, `Job${i}`, {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::BatchJob',
      properties: { JobName: `job-${i}`, JobQueue: queue.attrJobQueueArn, JobDefinition: definitions[0].ref },
    });
  }
}

if (require.main === module) {
  runApp(buildProviderJobs);
}
