/**
 * Turns the custom resource's properties (every scalar a string, as CloudFormation
 * delivers them) back into a typed SubmitJob request, or a SubmitServiceJob request for a
 * SageMaker training job.
 */
import { createHash } from 'crypto';
import {
  DEFAULT_COMPLETION_TIMEOUT_SECONDS, DeployTimeJobProperties, SUBMIT_JOB_BOOLEAN_PATHS, SUBMIT_JOB_NUMBER_PATHS,
  SUBMIT_SERVICE_JOB_NUMBER_PATHS, SubmitJobRequest, SubmitServiceJobRequest,
} from '../protocol';

/** A container job's SubmitJob request, with its name. */
export type ContainerJobSubmission = SubmitJobRequest & { jobName: string; jobQueue: string; jobDefinition: string };
/** A SageMaker training job's SubmitServiceJob request, with its name. */
export type ServiceJobSubmission = SubmitServiceJobRequest & {
  jobName: string; jobQueue: string; serviceRequestPayload: string;
};

/** Either request. */
export type JobSubmission = ContainerJobSubmission | ServiceJobSubmission;

/** Which Batch API a deploy-time job uses: SubmitJob (container jobs) or SubmitServiceJob (SageMaker training jobs). */
export type JobKind = 'job' | 'service-job';

/** The kind of job the resource properties describe (a Delete's properties too). */
export function jobKindOf(properties: Record<string, unknown> | undefined): JobKind {
  return properties !== undefined && typeof properties.SubmitServiceJob === 'object' && properties.SubmitServiceJob !== null
    ? 'service-job' : 'job';
}

/** A deploy-time job request, parsed. */
export interface JobRequest {
  /** SubmitJob or SubmitServiceJob. */
  readonly kind: JobKind;
  /** The request of the construct (`protocol.ts`'s types), with jobName set. */
  readonly submitJob: JobSubmission;
  /** The key of the job's inputs (`inputsKeyOf`): equal keys, equal jobs. */
  readonly inputsKey: string;
  readonly waitForCompletion: boolean;
  readonly completionTimeoutSeconds: number;
  readonly terminateOnDelete: boolean;
}

/** Input the handler cannot act on; the message says which property and why. */
export class InvalidPropertiesError extends Error {}

/** Batch job names: at most 128 characters. */
const MAX_JOB_NAME_LENGTH = 128;
/** Hex digits of the request-id hash and of the inputs hash in a job name. */
const HASH_DIGITS = 12;
const NAME_SUFFIX = new RegExp(`-[0-9a-f]{${HASH_DIGITS}}([0-9a-f]{${HASH_DIGITS}})$`);

/**
 * The job name of a request: the prefix, a short hash of the request id (so that a Create
 * delivered twice maps to the same name) and a short hash of the job's inputs (so that the
 * runner can tell, from a job's name, whether it ran these inputs: a rollback Update).
 */
export function jobNameFor(prefix: string, requestId: string, inputsKey: string): string {
  const suffix = `${sha256(requestId).slice(0, HASH_DIGITS)}${inputsKey}`;
  return `${prefix.slice(0, MAX_JOB_NAME_LENGTH - suffix.length - 1)}-${suffix}`;
}

/** The inputs key in a job name the runner chose, or undefined for any other name. */
export function inputsKeyOfName(jobName: string | undefined): string | undefined {
  return jobName === undefined ? undefined : NAME_SUFFIX.exec(jobName)?.[1];
}

/**
 * A key of the job's inputs: the parsed SubmitJob request (numbers and booleans typed, keys
 * sorted), so that "42" and 42, or a reordered object, are the same inputs.
 */
export function inputsKeyOf(submitJob: Record<string, unknown>): string {
  const { jobName: _name, ...inputs } = submitJob;
  return sha256(canonicalJson(inputs)).slice(0, HASH_DIGITS);
}

/** JSON with object keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Parses the resource properties of a Create or Update request. */
export function parseJobRequest(properties: Record<string, unknown>, requestId: string): JobRequest {
  const props = properties as Partial<DeployTimeJobProperties>;
  if (typeof props.JobNamePrefix !== 'string' || props.JobNamePrefix === '') {
    throw new InvalidPropertiesError('JobNamePrefix is required');
  }
  const kind = jobKindOf(properties);
  const submitJob = kind === 'service-job' ? parseSubmitServiceJob(props) : parseSubmitJob(props);
  const inputsKey = inputsKeyOf(submitJob);
  return {
    kind,
    submitJob: { ...submitJob, jobName: jobNameFor(props.JobNamePrefix, requestId, inputsKey) },
    inputsKey,
    waitForCompletion: toBoolean(props.WaitForCompletion ?? true, 'WaitForCompletion'),
    completionTimeoutSeconds: toNumber(props.CompletionTimeoutSeconds ?? DEFAULT_COMPLETION_TIMEOUT_SECONDS, 'CompletionTimeoutSeconds'),
    terminateOnDelete: toBoolean(props.TerminateOnDelete ?? true, 'TerminateOnDelete'),
  };
}

function parseSubmitJob(props: Partial<DeployTimeJobProperties>): Omit<ContainerJobSubmission, 'jobName'> {
  if (typeof props.SubmitJob !== 'object' || props.SubmitJob === null) {
    throw new InvalidPropertiesError('SubmitJob is required');
  }
  const submitJob: Record<string, unknown> = JSON.parse(JSON.stringify(props.SubmitJob));
  for (const path of SUBMIT_JOB_NUMBER_PATHS) {
    convertAt(submitJob, path.split('.'), `SubmitJob.${path}`, toNumber);
  }
  for (const path of SUBMIT_JOB_BOOLEAN_PATHS) {
    convertAt(submitJob, path.split('.'), `SubmitJob.${path}`, toBoolean);
  }
  if (typeof submitJob.jobQueue !== 'string' || typeof submitJob.jobDefinition !== 'string') {
    throw new InvalidPropertiesError('SubmitJob.jobQueue and SubmitJob.jobDefinition are required');
  }
  return { ...submitJob, jobQueue: submitJob.jobQueue, jobDefinition: submitJob.jobDefinition };
}

function parseSubmitServiceJob(props: Partial<DeployTimeJobProperties>): Omit<ServiceJobSubmission, 'jobName'> {
  const submitJob: Record<string, unknown> = JSON.parse(JSON.stringify(props.SubmitServiceJob));
  for (const path of SUBMIT_SERVICE_JOB_NUMBER_PATHS) {
    convertAt(submitJob, path.split('.'), `SubmitServiceJob.${path}`, toNumber);
  }
  const { jobQueue, serviceJobType, serviceRequestPayload } = submitJob;
  if (typeof jobQueue !== 'string' || typeof serviceJobType !== 'string' || typeof serviceRequestPayload !== 'string') {
    throw new InvalidPropertiesError('SubmitServiceJob.jobQueue, SubmitServiceJob.serviceJobType and SubmitServiceJob.serviceRequestPayload are required');
  }
  return { ...submitJob, jobQueue, serviceJobType: serviceJobType as ServiceJobSubmission['serviceJobType'], serviceRequestPayload };
}

/** Reads TerminateOnDelete of a Delete request; true when absent or unreadable. */
export function terminateOnDelete(properties: Record<string, unknown> | undefined): boolean {
  try {
    return toBoolean(properties?.TerminateOnDelete ?? true, 'TerminateOnDelete');
  } catch {
    return true;
  }
}

function convertAt<T>(
  node: unknown,
  steps: string[],
  path: string,
  convert: (value: unknown, path: string) => T,
): void {
  if (typeof node !== 'object' || node === null) {
    return;
  }
  const [step, ...rest] = steps;
  const isList = step.endsWith('[]');
  const key = isList ? step.slice(0, -2) : step;
  const record = node as Record<string, unknown>;
  const value = record[key];
  if (value === undefined) {
    return;
  }
  if (isList) {
    if (Array.isArray(value)) {
      value.forEach(element => convertAt(element, rest, path, convert));
    }
  } else if (rest.length === 0) {
    record[key] = convert(value, path);
  } else {
    convertAt(value, rest, path, convert);
  }
}

function toNumber(value: unknown, property: string): number {
  const parsed = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(parsed)) {
    throw new InvalidPropertiesError(`${property} must be a number, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

function toBoolean(value: unknown, property: string): boolean {
  if (value === true || value === 'true') {
    return true;
  }
  if (value === false || value === 'false') {
    return false;
  }
  throw new InvalidPropertiesError(`${property} must be "true" or "false", got ${JSON.stringify(value)}`);
}
