import { SizeRoundingBehavior } from 'aws-cdk-lib';
import { MAX_TAGS, checkTagMap } from './tags';
import { checkNotSet, checkPattern, checkRange, duplicates, isKnown, problem, Problem } from './validation';
import type { DeployTimeJobContainerOverrides, DeployTimeJobNodeOverrides } from '../deploy-time-job';
import { SUBMITTED_BY_TAG } from '../deploy-time-job/protocol';

/**
 * Checks of DeployTimeJob's SubmitJob settings that are not plain ranges, from
 * the submitJob reference: container and node overrides, tags, the name prefix.
 */

/**
 * Batch's job name rule with room for the handler's suffix: 128 characters in
 * all, of which the prefix may use 100.
 */
export const JOB_NAME_PREFIX_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

/** A job name prefix from a construct id: invalid characters become `-`. */
export function defaultJobNamePrefix(id: string): string {
  const prefix = id.replace(/[^A-Za-z0-9_-]/g, '-').replace(/^[-_]+/, '').slice(0, 100);
  return prefix.length > 0 ? prefix : 'deploy-time-job';
}

/** Batch reserves environment variable names starting with this. */
const RESERVED_ENVIRONMENT_PREFIX = 'AWS_BATCH';
/** Docker's smallest memory reservation. */
const MIN_MEMORY_MIB = 4;
/** Fractional vCPU values (Fargate only). */
const FRACTIONAL_VCPUS = [0.25, 0.5];
/** Batch's limit of tags per job, minus the one the handler adds. */
const MAX_USER_TAGS = MAX_TAGS - 1;

/** Checks container overrides; `instanceType` only applies to a node range. */
export function checkContainerOverrides(property: string, overrides: DeployTimeJobContainerOverrides | undefined, forNodeRange: boolean): Problem[] {
  if (overrides === undefined) return [];
  const problems: Problem[] = [];
  for (const name of Object.keys(overrides.environment ?? {})) {
    if (isKnown(name) && name.startsWith(RESERVED_ENVIRONMENT_PREFIX)) {
      problems.push(problem(`${property}.environment`, name, `must not have names starting with ${RESERVED_ENVIRONMENT_PREFIX}`,
        'Batch reserves them for the variables it sets'));
    }
  }
  const vcpus = overrides.vcpus;
  if (isKnown(vcpus) && !(Number.isInteger(vcpus) && vcpus >= 1) && !FRACTIONAL_VCPUS.includes(vcpus)) {
    problems.push(problem(`${property}.vcpus`, vcpus, 'must be a whole number >= 1, or 0.25 or 0.5 (Fargate)'));
  }
  const memory = overrides.memory;
  if (isKnown(memory)) {
    const mebibytes = memory.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
    if (!Number.isInteger(mebibytes) || mebibytes < MIN_MEMORY_MIB) {
      problems.push(problem(`${property}.memory`, memory, `must be a whole number of MiB >= ${MIN_MEMORY_MIB} MiB`));
    }
  }
  problems.push(checkRange(`${property}.gpuCount`, overrides.gpuCount, { min: 0, integer: true }));
  if (!forNodeRange) {
    problems.push(checkNotSet(`${property}.instanceType`, overrides.instanceType?.toString(),
      'only applies to a node range of a multi-node parallel job',
      'Batch rejects it for single-node jobs; set it in nodeOverrides.nodePropertyOverrides[].containerOverrides'));
  }
  return problems;
}

/** Checks the node count and every node range of multi-node overrides. */
export function checkNodeOverrides(overrides: DeployTimeJobNodeOverrides | undefined): Problem[] {
  if (overrides === undefined) return [];
  const numNodes = overrides.numNodes;
  const problems: Problem[] = [checkRange('nodeOverrides.numNodes', numNodes, { min: 1, integer: true })];
  const ranges = overrides.nodePropertyOverrides ?? [];
  const repeated = duplicates(ranges.map((r) => r.targetNodes));
  if (repeated.length > 0) {
    problems.push(problem('nodeOverrides.nodePropertyOverrides', repeated, 'must target each node range once',
      'Merge the overrides of the same range'));
  }
  ranges.forEach((range, index) => {
    const property = `nodeOverrides.nodePropertyOverrides[${index}]`;
    problems.push(checkNodeRange(`${property}.targetNodes`, range.targetNodes, isKnown(numNodes) ? numNodes : undefined));
    problems.push(...checkContainerOverrides(`${property}.containerOverrides`, range.containerOverrides, true));
  });
  return problems;
}

/** A node range: `start:end` with either end open, start <= end, within the node count. */
function checkNodeRange(property: string, targetNodes: string, numNodes: number | undefined): Problem {
  const format = checkPattern(property, targetNodes, /^\d*:\d*$/,
    'must be a node range "start:end" such as "0:3", ":3", "2:" or ":"');
  if (format !== undefined || !isKnown(targetNodes)) return format;
  const [start, end] = targetNodes.split(':').map((s) => (s === '' ? undefined : Number(s)));
  if (start !== undefined && end !== undefined && start > end) {
    return problem(property, targetNodes, 'must not start after it ends');
  }
  const last = Math.max(start ?? 0, end ?? 0);
  if (numNodes !== undefined && last >= numNodes) {
    return problem(property, targetNodes, `must only name node indexes below numNodes (${numNodes})`);
  }
  return undefined;
}

/** Tags: Batch's limits, and the handler's own tag key left to the handler. */
export function checkTags(tags: { [key: string]: string } | undefined): Problem[] {
  if (tags === undefined) return [];
  return [
    ...checkTagMap('tags', tags, MAX_USER_TAGS, `Batch allows ${MAX_TAGS} tags per job and the handler adds ${SUBMITTED_BY_TAG}`),
    SUBMITTED_BY_TAG in tags
      ? problem('tags', SUBMITTED_BY_TAG, `must not set ${SUBMITTED_BY_TAG}`,
        'The handler sets it to the stack id; it limits the handler\'s TerminateJob permission to its own jobs')
      : undefined,
  ];
}
