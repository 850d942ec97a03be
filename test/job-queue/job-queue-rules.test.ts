import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import { ceArn, importedEnvironment } from './environments';
import {
  ComputeEnvironment, ComputeResourceType, JobQueueProps, JobStateTimeLimitActionType, JobStateTimeLimitReason, JobStatus,
  OrderedComputeEnvironment,
} from '../../src';
import { jobQueueEnvironmentProblems, jobQueueProblems, jobStateChangeProblems } from '../../src/job-queue/job-queue-rules';
import { Problem } from '../../src/private/validation/problem';
import { importedVpc } from '../fixtures';
import { found } from '../rule-findings';
import { testStack } from '../synth';

/** A finding as the tables spell it: [rule id, severity, message]. */
type Expected = [string, 'error' | 'warning', string];

function expectFindings(problems: readonly Problem[], expected: Expected[]): void {
  expect(found(problems)).toEqual(expected.map(([rule, severity, message]) => ({ rule, severity, message })));
}

const reason = JobStateTimeLimitReason.INSUFFICIENT_INSTANCE_CAPACITY;
const NAME_RULE = 'must be 1-128 letters, digits, hyphens (-) and underscores (_)';
const REPEATED = 'should be at most 1, got 2. Batch does not document what a repeated compute environment does: list each compute environment once';

describe('jobQueueProblems: name, priority and time-limit actions', () => {
  const rows: Array<[string, JobQueueProps, Expected[]]> = [
    ['no settings', {}, []],
    ['priority 0', { priority: 0 }, []],
    ['priority 1000', { priority: 1000 }, []],
    ['priority 1001', { priority: 1001 }, [['priorityRange', 'error',
      'priority must be an integer between 0 and 1000, got 1001. Queues with a higher priority are scheduled first']]],
    ['priority -1', { priority: -1 }, [['priorityRange', 'error',
      'priority must be an integer between 0 and 1000, got -1. Queues with a higher priority are scheduled first']]],
    ['priority 1.5', { priority: 1.5 }, [['priorityRange', 'error',
      'priority must be an integer between 0 and 1000, got 1.5. Queues with a higher priority are scheduled first']]],
    ['a priority token', { priority: Token.asNumber({ Ref: 'Priority' }) }, []],
    ['a name with a space', { jobQueueName: 'has space' }, [['resourceName', 'error', `jobQueueName ${NAME_RULE}, got "has space"`]]],
    ['a 129-character name', { jobQueueName: 'a'.repeat(129) }, [
      ['resourceName', 'error', `jobQueueName ${NAME_RULE}, got "${'a'.repeat(129)}"`],
    ]],
    // A fixed name is no risk: only a change of the name replaces a queue, and under the new name.
    ['a 128-character name, without a warning', { jobQueueName: 'a'.repeat(128) }, []],
    ['a name token', { jobQueueName: Token.asString({ Ref: 'Name' }) }, []],
    ['maxTime 10 minutes', { jobStateTimeLimitActions: [{ reason, maxTime: Duration.seconds(600) }] }, []],
    ['maxTime 24 hours', { jobStateTimeLimitActions: [{ reason, maxTime: Duration.seconds(86400) }] }, []],
    ['maxTime 599 seconds', { jobStateTimeLimitActions: [{ reason, maxTime: Duration.seconds(599) }] }, [['timeLimitRange', 'error',
      'jobStateTimeLimitActions[0].maxTime must be between 10 minutes and 1 day, got 9 minutes 59 seconds. '
      + 'Batch acts on blocked jobs after 10 minutes at the earliest and 24 hours at the latest']]],
    ['maxTime 86401 seconds', { jobStateTimeLimitActions: [{ reason, maxTime: Duration.seconds(86401) }] }, [['timeLimitRange', 'error',
      'jobStateTimeLimitActions[0].maxTime must be between 10 minutes and 1 day, got 1 day 1 second. '
      + 'Batch acts on blocked jobs after 10 minutes at the earliest and 24 hours at the latest']]],
    ['maxTime in milliseconds', { jobStateTimeLimitActions: [{ reason, maxTime: Duration.millis(600_500) }] }, [['timeLimitWholeSeconds', 'error',
      'jobStateTimeLimitActions[0].maxTime must be a whole number of seconds, got 10 minutes 500 millis']]],
    ['a maxTime token', { jobStateTimeLimitActions: [{ reason, maxTime: Duration.seconds(Token.asNumber({ Ref: 'Seconds' })) }] }, []],
    // The action depends on the kind of queue, known at synth (service-environment-rules.test.ts has the TERMINATE row).
    ['TERMINATE (checked at synth)', { jobStateTimeLimitActions: [{ reason, maxTime: Duration.hours(1), action: JobStateTimeLimitActionType.TERMINATE }] }, []],
    ['CANCEL', { jobStateTimeLimitActions: [{ reason, maxTime: Duration.hours(1), action: JobStateTimeLimitActionType.CANCEL }] }, []],
    // No source rejects a blank reason: it is rendered as given.
    ['a blank reason', { jobStateTimeLimitActions: [{ reason: JobStateTimeLimitReason.of(' '), maxTime: Duration.hours(1) }] }, []],
    ['a custom reason', { jobStateTimeLimitActions: [{ reason: JobStateTimeLimitReason.of('MISCONFIGURATION:NEW_REASON'), maxTime: Duration.hours(1) }] }, []],
    ['the second action is named by its index', {
      jobStateTimeLimitActions: [{ reason, maxTime: Duration.hours(1) }, { reason, maxTime: Duration.hours(25) }],
    }, [['timeLimitRange', 'error', 'jobStateTimeLimitActions[1].maxTime must be between 10 minutes and 1 day, got 1 day 1 hour. '
      + 'Batch acts on blocked jobs after 10 minutes at the earliest and 24 hours at the latest']]],
  ];

  test.each(rows)('%s', (_name, props, expected) => {
    expectFindings(jobQueueProblems(props), expected);
  });
});

/** [case, the queue's environments built in a stack, expected findings]. */
const ENVIRONMENT_ROWS: Array<[string, (stack: Stack) => OrderedComputeEnvironment[], Expected[]]> = [
  ['no environment', () => [], [['environmentCount', 'error', 'computeEnvironments must have between 1 and 3 entries, got 0. '
    + 'Add a compute environment with addComputeEnvironment(computeEnvironment, order) or the computeEnvironments property']]],
  ['one environment', (stack) => [{ computeEnvironment: importedEnvironment(stack, 'Ce'), order: 1 }], []],
  ['three environments', (stack) => [1, 2, 3].map((order) => ({ computeEnvironment: importedEnvironment(stack, `Ce${order}`), order })), []],
  ['four environments', (stack) => [1, 2, 3, 4].map((order) => ({ computeEnvironment: importedEnvironment(stack, `Ce${order}`), order })),
    [['environmentCount', 'error', 'computeEnvironments must have between 1 and 3 entries, got 4. '
      + 'Batch associates at most 3 compute environments with a job queue: use another queue for the others']]],
  ...[1.5, Number.NaN].map((order): [string, (stack: Stack) => OrderedComputeEnvironment[], Expected[]] => [`order ${order}`,
    (stack) => [{ computeEnvironment: importedEnvironment(stack, 'Ce'), order }],
    [['environmentOrder', 'error', `order of TestStack/Ce must be an integer, got ${order}. `
      + 'Batch tries compute environments in ascending order of this integer']]]),
  // Neither the API nor the CloudFormation schema sets a minimum; Terraform numbers environments from 0.
  ...[0, -1].map((order): [string, (stack: Stack) => OrderedComputeEnvironment[], Expected[]] => [`order ${order}`,
    (stack) => [{ computeEnvironment: importedEnvironment(stack, 'Ce'), order }], []]),
  ['orders 0 and 1, as Terraform numbers them', (stack) => [
    { computeEnvironment: importedEnvironment(stack, 'A'), order: 0 },
    { computeEnvironment: importedEnvironment(stack, 'B'), order: 1 },
  ], []],
  ['an order token', (stack) => [{ computeEnvironment: importedEnvironment(stack, 'Ce'), order: Token.asNumber({ Ref: 'Order' }) }], []],
  ['a repeated order', (stack) => [
    { computeEnvironment: importedEnvironment(stack, 'A'), order: 1 },
    { computeEnvironment: importedEnvironment(stack, 'B'), order: 1 },
  ], [['environmentOrderUnique', 'warning', 'order of TestStack/A and TestStack/B should be unique within the queue, got 1. '
    + 'Batch does not document which of two environments with the same order it tries first: give each compute environment its own order']]],
  ['three environments with two orders', (stack) => [
    { computeEnvironment: importedEnvironment(stack, 'A'), order: 2 },
    { computeEnvironment: importedEnvironment(stack, 'B'), order: 1 },
    { computeEnvironment: importedEnvironment(stack, 'C'), order: 2 },
  ], [['environmentOrderUnique', 'warning', 'order of TestStack/A and TestStack/C should be unique within the queue, got 2. '
    + 'Batch does not document which of two environments with the same order it tries first: give each compute environment its own order']]],
  ['an imported environment listed twice', (stack) => {
    const ce = importedEnvironment(stack, 'Ce');
    return [{ computeEnvironment: ce, order: 1 }, { computeEnvironment: ce, order: 2 }];
  }, [['environmentUnique', 'warning', `computeEnvironments entries of ${ceArn('Ce')} ${REPEATED}`]]],
  ['the same ARN imported twice', (stack) => [
    { computeEnvironment: ComputeEnvironment.fromComputeEnvironmentArn(stack, 'One', ceArn('Ce')), order: 1 },
    { computeEnvironment: ComputeEnvironment.fromComputeEnvironmentArn(stack, 'Two', ceArn('Ce')), order: 2 },
  ], [['environmentUnique', 'warning', `computeEnvironments entries of ${ceArn('Ce')} ${REPEATED}`]]],
  ['a created environment listed twice is named by its path (its ARN is a token)', (stack) => {
    const fargate = new ComputeEnvironment(stack, 'Fargate', { computeResources: { vpc: importedVpc(stack), type: ComputeResourceType.FARGATE } });
    return [{ computeEnvironment: fargate, order: 1 }, { computeEnvironment: fargate, order: 2 }];
  }, [['environmentUnique', 'warning', `computeEnvironments entries of TestStack/Fargate ${REPEATED}`]]],
  ['SPOT with FARGATE', (stack) => [
    { computeEnvironment: importedEnvironment(stack, 'Spot', ComputeResourceType.SPOT), order: 1 },
    { computeEnvironment: importedEnvironment(stack, 'Fargate', ComputeResourceType.FARGATE), order: 2 },
  ], [['noEc2FargateMix', 'error', 'computeEnvironments must be all EC2 (ON_DEMAND, SPOT) or all Fargate (FARGATE, FARGATE_SPOT), '
    + 'got ["TestStack/Spot: SPOT", "TestStack/Fargate: FARGATE"]. Put the Fargate environments in a separate job queue']]],
  ['ON_DEMAND with FARGATE_SPOT, in the user\'s terms', (stack) => [
    { computeEnvironment: importedEnvironment(stack, 'OnDemand', ComputeResourceType.ON_DEMAND), order: 1 },
    { computeEnvironment: importedEnvironment(stack, 'FargateSpot', ComputeResourceType.FARGATE_SPOT), order: 2 },
  ], [['noEc2FargateMix', 'error', 'computeEnvironments must be all EC2 (ON_DEMAND, SPOT) or all Fargate (FARGATE, FARGATE_SPOT), '
    + 'got ["TestStack/OnDemand: ON_DEMAND", "TestStack/FargateSpot: FARGATE_SPOT"]. Put the Fargate environments in a separate job queue']]],
  ...([
    [ComputeResourceType.ON_DEMAND, ComputeResourceType.SPOT],
    [ComputeResourceType.FARGATE, ComputeResourceType.FARGATE_SPOT],
    [undefined, ComputeResourceType.FARGATE],
  ] as const).map(([first, second]): [string, (stack: Stack) => OrderedComputeEnvironment[], Expected[]] => [`${first} with ${second}`,
    (stack) => [
      { computeEnvironment: importedEnvironment(stack, 'First', first), order: 1 },
      { computeEnvironment: importedEnvironment(stack, 'Second', second), order: 2 },
    ], []]),
  ['an EKS environment with an ECS one', (stack) => [
    { computeEnvironment: eksEnvironment(stack, 'Eks'), order: 1 },
    { computeEnvironment: new ComputeEnvironment(stack, 'Ecs', { computeResources: { vpc: importedVpc(stack) } }), order: 2 },
  ], [['noEksEcsMix', 'error', 'computeEnvironments must all run on Amazon EKS or all on Amazon ECS, got ["TestStack/Eks: EKS", '
    + '"TestStack/Ecs: ECS"]. Put the EKS environments in a job queue of their own']]],
  ['two EKS environments', (stack) => [
    { computeEnvironment: eksEnvironment(stack, 'OnDemand'), order: 1 },
    { computeEnvironment: eksEnvironment(stack, 'Spot', ComputeResourceType.SPOT), order: 2 },
  ], []],
  ['an EKS environment with an imported one (orchestration unknown)', (stack) => [
    { computeEnvironment: eksEnvironment(stack, 'Eks'), order: 1 },
    { computeEnvironment: importedEnvironment(stack, 'Imported'), order: 2 },
  ], []],
];

/** An EKS environment on an imported cluster (no resources to synthesize; access configured by hand). */
function eksEnvironment(stack: Stack, id: string, type?: ComputeResourceType): ComputeEnvironment {
  const cluster = (stack.node.tryFindChild('Cluster') as eks.ICluster | undefined)
    ?? eks.Cluster.fromClusterAttributes(stack, 'Cluster', { clusterName: 'jobs', clusterSecurityGroupId: 'sg-0123456789abcdef0' });
  return new ComputeEnvironment(stack, id, {
    eks: { cluster, kubernetesNamespace: 'batch', configureClusterAccess: false },
    computeResources: { vpc: importedVpc(stack, `${id}Vpc`), type },
  });
}

describe('jobQueueEnvironmentProblems: the final list of compute environments', () => {
  test.each(ENVIRONMENT_ROWS)('%s', (_name, build, expected) => {
    expectFindings(jobQueueEnvironmentProblems(build(testStack())), expected);
  });
});

describe('jobStateChangeProblems: the statuses of an event rule', () => {
  const rows: Array<[string, JobStatus[] | undefined, Expected[]]> = [
    ['every status', undefined, []],
    ['RUNNING and RUNNABLE', [JobStatus.RUNNING, JobStatus.RUNNABLE], []],
    ['no status', [], [['eventStatusesNotEmpty', 'error',
      'statuses must have at least 1 entry, got 0. An empty list matches no event: omit statuses to match every status']]],
    ['SUBMITTED', [JobStatus.SUBMITTED, JobStatus.RUNNING], [['eventNoSubmitted', 'warning',
      'statuses should not include SUBMITTED, got ["SUBMITTED", "RUNNING"]. '
      + 'Batch sends no event for the initial submission, so SUBMITTED never matches; the first event of a job is PENDING or RUNNABLE']]],
  ];
  test.each(rows)('%s', (_name, statuses, expected) => {
    expectFindings(jobStateChangeProblems({ statuses }), expected);
  });
});
