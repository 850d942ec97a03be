import { Duration } from 'aws-cdk-lib';
import { checkCount, checkDuration, checkPattern, checkRange, checkWholeSeconds } from './checks';
import {
  MAX_NAME_LENGTH, MAX_TAG_KEY_LENGTH, MAX_TAG_VALUE_LENGTH, MAX_TAGS, MIN_ATTEMPT_TIMEOUT, RESERVED_ENVIRONMENT_PREFIX,
  RETRY_ATTEMPTS, SCHEDULING_PRIORITY, SHARE_IDENTIFIER_PATTERN,
} from './limits';
import { isKnown, Problem, problem } from './problem';
import { batchApi, batchUserGuide, defineRules, source, SourceDocument } from './rule';

/**
 * Rules that more than one construct applies: resource names, retries, priorities, attempt
 * timeouts, tags, share identifiers and reserved environment variable names. Each exists
 * once here; the constructs call these functions with their own property names.
 */
export const SHARED_RULES = defineRules('Shared', {
  resourceName: {
    severity: 'error',
    appliesTo: ['ComputeEnvironment', 'JobQueue', 'JobDefinition', 'SchedulingPolicy', 'ServiceEnvironment', 'QuotaShare'],
    properties: 'computeEnvironmentName, jobQueueName, jobDefinitionName, schedulingPolicyName, consumableResourceName, '
      + 'serviceEnvironmentName, quotaShareName, and the names given to from...Name imports',
    summary: `A resource name is 1-${MAX_NAME_LENGTH} letters, digits, hyphens and underscores.`,
    sources: [batchApi('CreateComputeEnvironment computeEnvironmentName, CreateJobQueue jobQueueName, RegisterJobDefinition '
      + 'jobDefinitionName, CreateSchedulingPolicy name', 'Names are up to 128 characters: uppercase and lowercase letters, '
      + 'numbers, hyphens and underscores.'),
    batchApi('CreateServiceEnvironment serviceEnvironmentName, CreateQuotaShare quotaShareName',
      'Up to 128 characters: letters, numbers, hyphens and underscores.')],
  },
  retryAttempts: {
    severity: 'error',
    appliesTo: ['JobDefinition', 'DeployTimeJob'],
    properties: 'JobDefinition retryAttempts, DeployTimeJob retryAttempts',
    summary: 'The number of attempts is an integer from 1 to 10.',
    sources: [batchApi('RetryStrategy attempts', 'Between 1 and 10 attempts; with more than one, a failed job is retried.')],
  },
  schedulingPriority: {
    severity: 'error',
    appliesTo: ['JobDefinition', 'DeployTimeJob'],
    properties: 'JobDefinition schedulingPriority, DeployTimeJob schedulingPriority',
    summary: 'A scheduling priority is an integer from 0 to 9999.',
    sources: [batchApi('RegisterJobDefinition schedulingPriority, SubmitJob schedulingPriorityOverride',
      'The smallest supported value is 0 and the largest 9999.')],
  },
  attemptTimeoutWholeSeconds: {
    severity: 'error',
    appliesTo: ['JobDefinition', 'DeployTimeJob'],
    properties: 'JobDefinition timeout, DeployTimeJob timeout',
    summary: 'An attempt timeout is a whole number of seconds.',
    sources: [batchApi('JobTimeout attemptDurationSeconds', 'The timeout is an integer number of seconds.')],
  },
  attemptTimeoutMinimum: {
    severity: 'error',
    appliesTo: ['JobDefinition', 'DeployTimeJob'],
    properties: 'JobDefinition timeout, DeployTimeJob timeout',
    summary: 'An attempt timeout is at least 60 seconds.',
    sources: [batchApi('JobTimeout attemptDurationSeconds', 'The minimum value for the timeout is 60 seconds.')],
  },
  tagCount: {
    severity: 'error',
    appliesTo: ['ComputeEnvironment', 'JobDefinition', 'DeployTimeJob', 'ServiceEnvironment', 'QuotaShare'],
    properties: 'JobDefinition tags, DeployTimeJob tags (49: the handler adds one), ComputeEnvironment computeResources.tags',
    summary: `At most ${MAX_TAGS} tags.`,
    sources: [batchUserGuide('Tag restrictions', 'A resource has at most 50 user tags.'),
      batchApi('TagResource tags (TagrisTagsMap)', 'A tag map has 1 to 50 entries.'),
      source(SourceDocument.EC2_USER_GUIDE, 'Tag restrictions', 'The tags Batch puts on the instances it launches follow EC2\'s '
        + 'limits: 50 tags per resource, keys up to 128 and values up to 256 characters, no aws: prefix.')],
  },
  tagKey: {
    severity: 'error',
    appliesTo: ['ComputeEnvironment', 'JobDefinition', 'DeployTimeJob', 'ServiceEnvironment', 'QuotaShare'],
    properties: 'tags (keys)',
    summary: `Tag keys are 1-${MAX_TAG_KEY_LENGTH} characters and do not start with aws: (in any case).`,
    sources: [batchUserGuide('Tag restrictions', 'Keys are at most 128 characters; the aws: prefix, in any case, is reserved for AWS.'),
      batchApi('TagKey', 'A tag key has 1 to 128 characters.')],
  },
  tagValue: {
    severity: 'error',
    appliesTo: ['ComputeEnvironment', 'JobDefinition', 'DeployTimeJob', 'ServiceEnvironment', 'QuotaShare'],
    properties: 'tags (values)',
    summary: `Tag values are at most ${MAX_TAG_VALUE_LENGTH} characters.`,
    sources: [batchUserGuide('Tag restrictions', 'Values are at most 256 characters.'),
      batchApi('TagValue', 'A tag value has at most 256 characters.')],
  },
  shareIdentifier: {
    severity: 'error',
    appliesTo: ['SchedulingPolicy', 'DeployTimeJob'],
    properties: 'SchedulingPolicy shares[].shareIdentifier, DeployTimeJob shareIdentifier',
    summary: 'A share identifier is 1-255 letters and digits, optionally followed by *.',
    sources: [batchApi('ShareAttributes shareIdentifier, SubmitJob shareIdentifier',
      'Share identifiers are limited to 255 alphanumeric characters and can be followed by an asterisk.')],
  },
  importArn: {
    severity: 'error',
    appliesTo: ['ComputeEnvironment', 'JobQueue', 'JobDefinition', 'SchedulingPolicy', 'ServiceEnvironment', 'QuotaShare'],
    properties: 'the ARN given to every from...Arn import',
    summary: 'An imported ARN is the ARN of that kind of Batch resource: arn:PARTITION:batch:REGION:ACCOUNT:TYPE/NAME.',
    sources: [batchApi('ARN formats of compute-environment, job-queue, job-definition, scheduling-policy, consumable-resource, '
      + 'service-environment', 'Batch resource ARNs have the form arn:PARTITION:batch:REGION:ACCOUNT:TYPE/NAME; a job definition ARN '
      + 'may end with :REVISION.'),
    source(SourceDocument.SERVICE_AUTHORIZATION, 'Resource types defined by AWS Batch: quota-share',
      'A quota share ARN names its job queue: arn:PARTITION:batch:REGION:ACCOUNT:job-queue/QUEUE/quota-share/NAME.')],
  },
  typedInput: {
    severity: 'error',
    appliesTo: ['ComputeEnvironment', 'JobQueue', 'JobDefinition', 'DeployTimeJob', 'QuotaShare'],
    properties: 'every prop typed as a construct or CDK object (vpc, roles, key pairs, images, launch templates, ...)',
    summary: 'A prop typed as a construct or CDK object gets one, not a string: JavaScript and Python callers are not type-checked.',
    sources: [source(SourceDocument.LIBRARY, 'API reference (API.md)', 'Each such prop names the type it takes and how to import an '
      + 'existing resource by name or ARN (e.g. ec2.KeyPair.fromKeyPairName); a string in its place cannot be rendered.')],
  },
  reservedEnvironmentName: {
    severity: 'error',
    appliesTo: ['JobDefinition', 'DeployTimeJob'],
    properties: 'environment variable names of containers and container overrides',
    summary: `Environment variable names do not start with ${RESERVED_ENVIRONMENT_PREFIX}.`,
    sources: [batchApi('ContainerProperties environment, ContainerOverrides environment',
      'Environment variables must not start with AWS_BATCH: Batch reserves that prefix for the variables it sets.')],
  },
}, 'batch');

const RESOURCE_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/** A Batch resource name: 1-128 letters, digits, hyphens and underscores. */
export function checkResourceName(property: string, value: string | undefined): Problem {
  return checkPattern(SHARED_RULES.resourceName, property, value, RESOURCE_NAME,
    `must be 1-${MAX_NAME_LENGTH} letters, digits, hyphens (-) and underscores (_)`);
}

/** Retry attempts, 1 to 10. */
export function checkRetryAttempts(property: string, value: number | undefined): Problem {
  return checkRange(SHARED_RULES.retryAttempts, property, value, RETRY_ATTEMPTS);
}

/** A scheduling priority, 0 to 9999. */
export function checkSchedulingPriority(property: string, value: number | undefined): Problem {
  return checkRange(SHARED_RULES.schedulingPriority, property, value, { ...SCHEDULING_PRIORITY, hint: 'Higher runs first within a share' });
}

/** An attempt timeout: whole seconds (checked first: the range needs them), at least 60 s. */
export function checkAttemptTimeout(property: string, value: Duration | undefined): Problem {
  return checkWholeSeconds(SHARED_RULES.attemptTimeoutWholeSeconds, property, value)
    ?? checkDuration(SHARED_RULES.attemptTimeoutMinimum, property, value, { min: MIN_ATTEMPT_TIMEOUT, hint: 'Batch allows no shorter attempt timeout' });
}

/** A share identifier: 1-255 letters and digits, optionally followed by `*`. */
export function checkShareIdentifier(property: string, value: string | undefined): Problem {
  return checkPattern(SHARED_RULES.shareIdentifier, property, value, SHARE_IDENTIFIER_PATTERN,
    'must be 1-255 letters and digits, optionally followed by *');
}

/**
 * A tag map: at most `max` tags (50, less what the library adds itself), keys of 1-128
 * characters not starting with `aws:`, values of at most 256 characters.
 */
export function checkTags(property: string, tags: { [key: string]: string } | undefined, max = MAX_TAGS, hint?: string): Problem[] {
  if (tags === undefined) return [];
  const problems: Problem[] = [checkCount(SHARED_RULES.tagCount, property, Object.keys(tags), { max, hint })];
  for (const [key, value] of Object.entries(tags)) {
    if (!isKnown(key)) continue;
    if (key.length < 1 || key.length > MAX_TAG_KEY_LENGTH) {
      problems.push(problem(SHARED_RULES.tagKey, property, key, `must have keys of 1-${MAX_TAG_KEY_LENGTH} characters`));
    } else if (key.toLowerCase().startsWith('aws:')) {
      problems.push(problem(SHARED_RULES.tagKey, property, key, 'must not have keys starting with aws:', 'AWS reserves them'));
    }
    if (isKnown(value) && value.length > MAX_TAG_VALUE_LENGTH) {
      problems.push(problem(SHARED_RULES.tagValue, `${property}.${key}`, `${value.slice(0, 20)}...`, `must be at most ${MAX_TAG_VALUE_LENGTH} characters`));
    }
  }
  return problems;
}

/**
 * A prop that takes a construct or CDK object got something else (a name or an ARN from
 * JavaScript or Python, where nothing checks the type).
 * @param expected the type as the message names it, e.g. `an ec2.IKeyPair`
 * @param isExpected whether the value has the expected shape
 * @param hint how to get one, e.g. `Import it with ec2.KeyPair.fromKeyPairName(scope, id, name)`
 */
export function checkTyped(property: string, value: unknown, expected: string, isExpected: (value: object) => boolean, hint?: string): Problem {
  if (value === undefined || (typeof value === 'object' && value !== null && isExpected(value))) return undefined;
  return problem(SHARED_RULES.typedInput, property, value, `must be ${expected}`, hint);
}

/** Environment variable names: none may start with `AWS_BATCH`. */
export function checkEnvironmentNames(property: string, names: readonly string[]): Problem[] {
  return names
    .filter((name) => isKnown(name) && name.startsWith(RESERVED_ENVIRONMENT_PREFIX))
    .map((name) => problem(SHARED_RULES.reservedEnvironmentName, property, name, `names must not start with ${RESERVED_ENVIRONMENT_PREFIX}`,
      'Batch reserves that prefix for the variables it sets'));
}
