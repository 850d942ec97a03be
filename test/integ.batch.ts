/**
 * Integration test a user can deploy (README, Security: with the cdk CLI, or with
 * integ-runner once it reads this aws-cdk-lib's cloud assembly). Without an AWS account,
 * test/integ-snapshot.test.ts compares this app with the committed snapshot
 * (test/integ.batch.ts.snapshot/, rewritten by `npx projen integ:snapshot`).
 *
 * Two test cases, each a stack with its own Fargate compute environment, queue and job
 * definition (public subnets and a public IP, so no NAT gateway is paid for):
 * - BatchIntegSucceeds: a deploy-time job that succeeds, and an assertion that Batch
 *   reports it SUCCEEDED (describeJobs);
 * - BatchIntegFails: a deploy-time job that exits with code 3; the deployment must fail
 *   with the job's exit code in its message.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ComputeEnvironment, ComputeResourceType, DeployTimeJob, JobDefinition, JobQueue, PlatformCapability } from '../src';

/** A stack with a Fargate environment, a queue and a job definition running `command`. */
function batchStack(app: App, id: string, command: string[]): { stack: Stack; job: DeployTimeJob } {
  const stack = new Stack(app, id);
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }],
  });
  const environment = new ComputeEnvironment(stack, 'Fargate', {
    computeResources: { vpc, type: ComputeResourceType.FARGATE, maxvCpus: 4, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } },
  });
  const queue = new JobQueue(stack, 'Queue', { computeEnvironments: [{ computeEnvironment: environment, order: 1 }] });
  const definition = new JobDefinition(stack, 'Definition', {
    platformCapabilities: [PlatformCapability.FARGATE],
    container: {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable'),
      vcpus: 0.25,
      command,
      // A public subnet without NAT: the task needs a public IP to pull the image.
      fargate: { assignPublicIp: true },
    },
  });
  const job = new DeployTimeJob(stack, 'Job', { jobQueue: queue, jobDefinition: definition });
  return { stack, job };
}

/** The integration test app: both test cases and the assertion. */
export function buildIntegApp(app: App = new App()): App {
  const succeeds = batchStack(app, 'BatchIntegSucceeds', ['sh', '-c', 'echo deploy-time job ran']);
  const integ = new IntegTest(app, 'DeployTimeJobSucceeds', { testCases: [succeeds.stack] });
  integ.assertions
    .awsApiCall('Batch', 'describeJobs', { jobs: [succeeds.job.jobId] })
    .expect(ExpectedResult.objectLike({ jobs: [Match.objectLike({ jobId: succeeds.job.jobId, status: 'SUCCEEDED' })] }));

  const fails = batchStack(app, 'BatchIntegFails', ['sh', '-c', 'echo failing on purpose; exit 3']);
  // No assertion resources: the cdk CLI skips the empty stack.
  const noAssertions = new Stack(app, 'DeployTimeJobFailsAssertions');
  Validations.of(noAssertions).acknowledge({
    id: 'CloudFormation-Validate::F0001',
    reason: 'The failing deployment is the assertion; this assertion stack stays empty and is skipped',
  });
  new IntegTest(app, 'DeployTimeJobFails', {
    testCases: [fails.stack],
    assertionStack: noAssertions,
    // The deployment is the assertion: it must fail with the job's exit code.
    cdkCommandOptions: { deploy: { expectError: true, expectedMessage: 'exit code 3' } },
  });
  return app;
}

if (require.main === module) {
  buildIntegApp().synth();
}
