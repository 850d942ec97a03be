import { ComputeResourceType, IComputeEnvironment } from '../compute-environment';
import { checkCount, checkRange, describeValue, duplicates, isKnown, Problem } from './validation';

/** One compute environment of a queue and its place in the queue's order. */
export interface EnvironmentOrder {
  readonly computeEnvironment: IComputeEnvironment;
  readonly order: number;
}

/** A queue takes one to three compute environments (CreateJobQueue, computeEnvironmentOrder). */
export const MAX_ENVIRONMENTS_PER_QUEUE = 3;

const EC2_TYPES = [ComputeResourceType.ON_DEMAND, ComputeResourceType.SPOT];

/**
 * Every problem of a queue's list of compute environments: how many, their orders,
 * repeated environments, and EC2 mixed with Fargate.
 */
export function environmentOrderProblems(environments: readonly EnvironmentOrder[]): Problem[] {
  return [
    checkCount('computeEnvironments', environments, {
      min: 1,
      max: MAX_ENVIRONMENTS_PER_QUEUE,
      hint: environments.length === 0
        ? 'Add a compute environment with addComputeEnvironment(computeEnvironment, order) or the computeEnvironments property'
        : 'Batch associates at most 3 compute environments with a job queue: use another queue for the others',
    }),
    ...environments.map((entry) => checkRange(`order of ${describeEnvironment(entry.computeEnvironment)}`, entry.order, {
      min: 1,
      integer: true,
      hint: 'Batch tries compute environments in ascending order, starting at 1',
    })),
    repeatedOrders(environments),
    repeatedEnvironments(environments),
    mixedPlatforms(environments),
  ];
}

function repeatedOrders(environments: readonly EnvironmentOrder[]): Problem {
  const repeated = duplicates(environments.map((entry) => entry.order));
  if (repeated.length === 0) return undefined;
  const holders = environments
    .filter((entry) => repeated.includes(entry.order))
    .map((entry) => `${describeEnvironment(entry.computeEnvironment)}: ${entry.order}`);
  return `computeEnvironments orders must be unique, got ${holders.join(', ')}. Give each compute environment its own order`;
}

function repeatedEnvironments(environments: readonly EnvironmentOrder[]): Problem {
  // The same environment: the same ARN when it is known, else the same construct (an
  // environment created here has a token ARN).
  const identity = (environment: IComputeEnvironment): unknown =>
    (isKnown(environment.computeEnvironmentArn) ? environment.computeEnvironmentArn : environment);
  const repeated = duplicates(environments.map((entry) => identity(entry.computeEnvironment)));
  if (repeated.length === 0) return undefined;
  const names = repeated.map((key) => {
    const environment = environments.find((entry) => identity(entry.computeEnvironment) === key)!.computeEnvironment;
    return isKnown(environment.computeEnvironmentArn) ? describeValue(environment.computeEnvironmentArn) : describeEnvironment(environment);
  });
  return `computeEnvironments must list each compute environment once, got ${names.join(', ')} more than once. Remove the repeated entry`;
}

function mixedPlatforms(environments: readonly EnvironmentOrder[]): Problem {
  const typed = environments.filter((entry) => isKnown(entry.computeEnvironment.computeResourceType));
  const ec2 = typed.filter((entry) => EC2_TYPES.includes(entry.computeEnvironment.computeResourceType!));
  if (ec2.length === 0 || ec2.length === typed.length) return undefined;
  const kinds = typed.map((entry) => `${describeEnvironment(entry.computeEnvironment)}: ${entry.computeEnvironment.computeResourceType}`);
  return `computeEnvironments must be all EC2 (EC2, SPOT) or all Fargate (FARGATE, FARGATE_SPOT), got ${kinds.join(', ')}. Put the Fargate environments in a separate job queue`;
}

/** Names an environment in a message by its construct path (its ARN is often a token). */
function describeEnvironment(environment: IComputeEnvironment): string {
  return environment.node.path;
}
