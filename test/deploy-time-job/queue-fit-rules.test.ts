/**
 * A deploy-time job against its queue, as tables: `queueFitProblems(props)` called directly
 * (queues, environments and definitions are constructed, nothing is synthesized), and once
 * through synth to show that the check runs late and names the construct.
 */
import { Annotations as CoreAnnotations, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import {
  ComputeEnvironment, ComputeResourceType, DeployTimeJob, DeployTimeJobProps, IComputeEnvironment, IJobDefinition, JobDefinition,
  JobQueue, PlatformCapability, SchedulingPolicy,
} from '../../src';
import { QUEUE_FIT_RULES, queueFitProblems } from '../../src/deploy-time-job/queue-fit-rules';
import { importedVpc, testArn } from '../fixtures';
import { FoundRule, found } from '../rule-findings';
import { synthTemplate, TEST_ENV, testStack } from '../synth';

const stack = new Stack(undefined, 'RulesStack', { env: TEST_ENV });
const vpc = importedVpc(stack);
let ids = 0;
const environment = (type: ComputeResourceType): IComputeEnvironment =>
  new ComputeEnvironment(stack, `Env${ids++}`, { computeResources: { vpc, type } });
const queueOf = (environments: IComputeEnvironment[], withPolicy = false): JobQueue => new JobQueue(stack, `Queue${ids++}`, {
  computeEnvironments: environments.map((computeEnvironment, i) => ({ computeEnvironment, order: i + 1 })),
  schedulingPolicy: withPolicy ? new SchedulingPolicy(stack, `Policy${ids++}`) : undefined,
});
const definitionOn = (platform: PlatformCapability): JobDefinition => new JobDefinition(stack, `Definition${ids++}`, {
  platformCapabilities: [platform],
  container: { image: ecs.ContainerImage.fromRegistry('busybox') },
});

const ec2Queue = queueOf([environment(ComputeResourceType.ON_DEMAND), environment(ComputeResourceType.SPOT)]);
const fargateQueue = queueOf([environment(ComputeResourceType.FARGATE_SPOT), environment(ComputeResourceType.FARGATE)]);
const fairShareQueue = queueOf([environment(ComputeResourceType.ON_DEMAND)], true);
const unknownTypeQueue = queueOf([ComputeEnvironment.fromComputeEnvironmentArn(stack, 'Imported', testArn('compute-environment', 'ce'))]);
const importedQueue = JobQueue.fromJobQueueArn(stack, 'ImportedQueue', testArn('job-queue', 'q'));
const ec2Definition = definitionOn(PlatformCapability.EC2);
const fargateDefinition = definitionOn(PlatformCapability.FARGATE);
const importedDefinition: IJobDefinition = JobDefinition.fromJobDefinitionArn(stack, 'ImportedDefinition', testArn('job-definition', 'd:1'));

const error = (rule: string, message: string): FoundRule => ({ rule, severity: 'error', message });
const warning = (rule: string, message: string): FoundRule => ({ rule, severity: 'warning', message });
const path = (construct: { node: { path: string } }) => construct.node.path;

const TABLE: Array<[string, DeployTimeJobProps, FoundRule[]]> = [
  ['an EC2 definition on an EC2 queue', { jobQueue: ec2Queue, jobDefinition: ec2Definition }, []],
  ['a Fargate definition on a Fargate queue', { jobQueue: fargateQueue, jobDefinition: fargateDefinition }, []],
  ['a Fargate definition on an EC2 queue', { jobQueue: ec2Queue, jobDefinition: fargateDefinition }, [error('platformMatchesQueue',
    `jobDefinition must run on the platform of the job queue ${path(ec2Queue)}, whose compute environments are ON_DEMAND, SPOT; `
    + `the definition's platformCapabilities are [FARGATE], got "${path(fargateDefinition)}". `
    + 'Submit it to a queue of FARGATE or FARGATE_SPOT environments, or give the definition platformCapabilities [EC2]')]],
  ['an EC2 definition on a Fargate queue', { jobQueue: fargateQueue, jobDefinition: ec2Definition }, [error('platformMatchesQueue',
    `jobDefinition must run on the platform of the job queue ${path(fargateQueue)}, whose compute environments are FARGATE_SPOT, FARGATE; `
    + `the definition's platformCapabilities are [EC2], got "${path(ec2Definition)}". `
    + 'Submit it to a queue of ON_DEMAND or SPOT environments, or give the definition platformCapabilities [FARGATE]')]],
  ['an imported definition: its platform is unknown', { jobQueue: fargateQueue, jobDefinition: importedDefinition }, []],
  ['an environment of unknown type: not judged', { jobQueue: unknownTypeQueue, jobDefinition: fargateDefinition }, []],
  ['an imported queue: nothing is known', { jobQueue: importedQueue, jobDefinition: fargateDefinition, shareIdentifier: 'A' }, []],
  ['a fair-share queue with a share identifier', { jobQueue: fairShareQueue, jobDefinition: ec2Definition, shareIdentifier: 'TeamA' }, []],
  ['a fair-share queue without a share identifier', { jobQueue: fairShareQueue, jobDefinition: ec2Definition }, [error('shareIdentifierRequired',
    `shareIdentifier must be set: the job queue ${path(fairShareQueue)} has a fair-share scheduling policy, got undefined. `
    + 'Batch rejects a SubmitJob without a share identifier on such a queue; give the share this job counts against')]],
  ['a share identifier on a queue without a policy', { jobQueue: ec2Queue, jobDefinition: ec2Definition, shareIdentifier: 'TeamA' },
    [error('shareIdentifierWithoutPolicy', `shareIdentifier must not be set: the job queue ${path(ec2Queue)} has no scheduling policy, `
      + 'got "TeamA". Batch rejects a share identifier on a first-in, first-out queue; remove it or give the queue a schedulingPolicy')]],
  ['a scheduling priority on a queue without a policy', { jobQueue: ec2Queue, jobDefinition: ec2Definition, schedulingPriority: 5 },
    [warning('schedulingPriorityWithoutPolicy', `schedulingPriority has no effect: the job queue ${path(ec2Queue)} has no fair-share `
      + 'scheduling policy, got 5')]],
  ['a scheduling priority on a fair-share queue',
    { jobQueue: fairShareQueue, jobDefinition: ec2Definition, shareIdentifier: 'TeamA', schedulingPriority: 5 }, []],
];

describe('a deploy-time job against its queue', () => {
  test.each(TABLE)('%s', (_, props, expected) => {
    expect(found(queueFitProblems(props))).toEqual(expected);
  });
});

describe('checked at synth, after the queue is complete', () => {
  test('an environment added after the job still counts, and the error names the job', () => {
    const app = testStack();
    const queue = new JobQueue(app, 'Queue');
    const definition = new JobDefinition(app, 'Definition', { container: { image: ecs.ContainerImage.fromRegistry('busybox') } });
    new DeployTimeJob(app, 'Job', { jobQueue: queue, jobDefinition: definition });
    const fargate = new ComputeEnvironment(app, 'Fargate', {
      computeResources: { vpc: ec2.Vpc.fromVpcAttributes(app, 'Vpc', { vpcId: 'vpc-1', availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet-1'] }), type: ComputeResourceType.FARGATE },
    });
    queue.addComputeEnvironment(fargate, 1);
    expect(() => synthTemplate(app)).toThrow(/\[TestStack\/Job\] jobDefinition must run on the platform of the job queue TestStack\/Queue/);
  });

  test('the warning is reported on the job, and acknowledging it on the job silences it', () => {
    const build = (acknowledge: boolean) => {
      const app = testStack();
      const queue = new JobQueue(app, 'Queue');
      queue.addComputeEnvironment(ComputeEnvironment.fromComputeEnvironmentArn(app, 'Env', testArn('compute-environment', 'ce')), 1);
      const job = new DeployTimeJob(app, 'Job', {
        jobQueue: queue,
        jobDefinition: JobDefinition.fromJobDefinitionArn(app, 'Definition', testArn('job-definition', 'd:1')),
        schedulingPriority: 5,
      });
      if (acknowledge) CoreAnnotations.of(job).acknowledgeWarning(QUEUE_FIT_RULES.schedulingPriorityWithoutPolicy.warningId, 'tested');
      synthTemplate(app);
      return Annotations.fromStack(app);
    };
    build(false).hasWarning('/TestStack/Job/Resource', Match.stringLikeRegexp(
      'schedulingPriority has no effect: .*deploy-time-job:schedulingPriorityWithoutPolicy'));
    build(true).hasNoWarning('*', Match.stringLikeRegexp('schedulingPriority'));
  });
});
