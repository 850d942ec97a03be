/**
 * The rules of a deploy-time job that runs a SageMaker training job (SubmitServiceJob): the
 * typed CreateTrainingJob fields, the payload's size, and the SubmitServiceJob settings.
 * Pure: props in, problems out.
 */
import { Duration, SizeRoundingBehavior, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { DeployTimeJobProps } from './deploy-time-job-types';
import { collidingFields, JsonObject, typedTrainingRequest } from './training-job';
import { SageMakerTrainingJob } from './training-job-types';
import { checkDuration, checkPattern, checkRange, checkWholeSeconds } from '../private/validation/checks';
import { MAX_SERVICE_REQUEST_PAYLOAD_BYTES, SAGEMAKER_INSTANCE_TYPE_PATTERN } from '../private/validation/limits';
import { isKnown, Problem, problem } from '../private/validation/problem';
import { batchApi, batchUserGuide, defineRules, source, SourceDocument } from '../private/validation/rule';

/** A source in the SageMaker API Reference. */
const sageMakerApi = (where: string, says: string) => source(SourceDocument.SAGEMAKER_API, where, says);

export const TRAINING_RULES = defineRules('DeployTimeJob', {
  trainingInstanceType: {
    severity: 'error',
    properties: 'trainingJob.instanceType',
    summary: 'A training job runs on a SageMaker instance type (ml.FAMILY.SIZE).',
    sources: [sageMakerApi('CreateTrainingJob ResourceConfig.InstanceType', 'The instance type is one of SageMaker\'s ml.* types.'),
      batchUserGuide('Service job payloads', 'Batch passes the payload to SageMaker without validating it: a wrong value fails the job at run time.')],
  },
  trainingInstanceCount: {
    severity: 'error',
    properties: 'trainingJob.instanceCount',
    summary: 'A training job runs on an integer number of instances, at least 1.',
    sources: [sageMakerApi('CreateTrainingJob ResourceConfig.InstanceCount', 'An integer, minimum 1.')],
  },
  trainingVolumeSize: {
    severity: 'error',
    properties: 'trainingJob.volumeSize',
    summary: 'A training volume is a whole number of GiB, at least 1.',
    sources: [sageMakerApi('CreateTrainingJob ResourceConfig.VolumeSizeInGB', 'An integer number of GB, minimum 1.')],
  },
  trainingMaxRuntime: {
    severity: 'error',
    properties: 'trainingJob.maxRuntime',
    summary: 'A training job\'s maximum runtime is a whole number of seconds, at least 1 second.',
    sources: [sageMakerApi('CreateTrainingJob StoppingCondition.MaxRuntimeInSeconds', 'An integer number of seconds, minimum 1.')],
  },
  trainingOutputPath: {
    severity: 'error',
    properties: 'trainingJob.outputPath',
    summary: 'The output path is an s3:// (or https://) URI.',
    sources: [sageMakerApi('CreateTrainingJob OutputDataConfig.S3OutputPath', 'Matches ^(https|s3)://([^/]+)/?(.*)$.')],
  },
  trainingJobName: {
    severity: 'error',
    properties: 'trainingJob.trainingJobName',
    summary: 'A SageMaker training job name is 1-63 letters, digits and hyphens, starting with a letter or digit.',
    sources: [sageMakerApi('CreateTrainingJob TrainingJobName', 'Matches ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$.')],
  },
  trainingAlgorithm: {
    severity: 'error',
    properties: 'trainingJob.trainingImage, trainingJob.algorithmName',
    summary: 'A training job names exactly one of a training image and an algorithm.',
    sources: [sageMakerApi('CreateTrainingJob AlgorithmSpecification', 'Specify either the algorithm name or the training image, not both.')],
  },
  trainingAdditionalParameters: {
    severity: 'error',
    properties: 'trainingJob.additionalParameters',
    summary: 'additionalParameters does not set a field the typed props set.',
    sources: [source(SourceDocument.LIBRARY, 'SageMakerTrainingJob additionalParameters', 'The typed props render those fields; '
      + 'the same field given twice has no single meaning.')],
  },
  servicePayloadSize: {
    severity: 'error',
    properties: 'trainingJob',
    summary: 'The CreateTrainingJob request is at most 10 KiB of JSON.',
    sources: [batchUserGuide('AWS Batch service quotas', 'The service request payload of SubmitServiceJob is at most 10 KiB.')],
  },
  serviceJobTimeout: {
    severity: 'error',
    properties: 'timeout (with trainingJob)',
    summary: 'A service job\'s attempt duration is a whole number of seconds, at least 1 second.',
    sources: [batchApi('ServiceJobTimeout attemptDurationSeconds', 'An integer number of seconds after which Batch terminates the attempt.')],
  },
  jobOrTrainingJob: {
    severity: 'error',
    properties: 'jobDefinition, trainingJob',
    summary: 'A deploy-time job runs exactly one of a job definition (SubmitJob) and a SageMaker training job (SubmitServiceJob).',
    sources: [batchApi('SubmitJob jobDefinition, SubmitServiceJob serviceRequestPayload', 'A container job names its job definition; '
      + 'a service job carries its service request instead; each is required by its own action.')],
  },
  containerSettingsWithTrainingJob: {
    severity: 'error',
    properties: 'parameters, containerOverrides, nodeOverrides, arraySize, sequentialArrayChildren, dependsOn, propagateTags (with trainingJob)',
    summary: 'The container-job settings of SubmitJob do not apply to a SageMaker training job.',
    sources: [batchApi('SubmitServiceJob', 'The request has no parameters, overrides, array properties, dependencies or tag propagation.')],
  },
  serviceSettingsWithJobDefinition: {
    severity: 'error',
    properties: 'quotaShare, preemptionRetries (with jobDefinition)',
    summary: 'Quota shares and preemption retries are settings of SageMaker training jobs (SubmitServiceJob), not of container jobs.',
    sources: [batchApi('SubmitJob', 'The request has no quotaShareName and no preemption configuration.'),
      batchApi('SubmitServiceJob quotaShareName, preemptionConfiguration', 'Settings of service jobs.')],
  },
  preemptionRetries: {
    severity: 'error',
    properties: 'preemptionRetries',
    summary: 'Preemption retries are an integer of at least 0.',
    sources: [batchApi('ServiceJobPreemptionConfiguration preemptionRetriesBeforeTermination', 'The number of times a preempted job '
      + 'is retried, an integer; unset, a preempted job is requeued without limit.')],
  },
});

/** Every problem of a training job's typed fields and of its whole request. */
export function trainingJobProblems(scope: IConstruct, job: SageMakerTrainingJob, trainingJobName: string, request: JsonObject): Problem[] {
  const sizeInGiB = job.volumeSize && isKnown(job.volumeSize) ? job.volumeSize.toGibibytes({ rounding: SizeRoundingBehavior.NONE }) : undefined;
  const both = job.trainingImage !== undefined && job.algorithmName !== undefined;
  const neither = job.trainingImage === undefined && job.algorithmName === undefined;
  const collisions = collidingFields(typedTrainingRequest(job, trainingJobName), job.additionalParameters);
  return [
    checkPattern(TRAINING_RULES.trainingInstanceType, 'trainingJob.instanceType', job.instanceType, SAGEMAKER_INSTANCE_TYPE_PATTERN,
      'must be a SageMaker instance type such as "ml.m5.large"', 'SageMaker training runs only on ml.* instance types'),
    checkRange(TRAINING_RULES.trainingInstanceCount, 'trainingJob.instanceCount', job.instanceCount, { min: 1, integer: true }),
    sizeInGiB !== undefined && (!Number.isInteger(sizeInGiB) || sizeInGiB < 1)
      ? problem(TRAINING_RULES.trainingVolumeSize, 'trainingJob.volumeSize', job.volumeSize, 'must be a whole number of GiB, at least 1 GiB')
      : undefined,
    checkWholeSeconds(TRAINING_RULES.trainingMaxRuntime, 'trainingJob.maxRuntime', job.maxRuntime)
      ?? checkDuration(TRAINING_RULES.trainingMaxRuntime, 'trainingJob.maxRuntime', job.maxRuntime, { min: oneSecond() }),
    checkPattern(TRAINING_RULES.trainingOutputPath, 'trainingJob.outputPath', job.outputPath, /^(https|s3):\/\/([^/]+)\/?(.*)$/,
      'must be an s3:// URI such as "s3://bucket/models"', 'Use bucket.s3UrlForObject(prefix)'),
    checkPattern(TRAINING_RULES.trainingJobName, 'trainingJob.trainingJobName', job.trainingJobName, /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/,
      'must be 1-63 letters, digits and hyphens (-), starting and ending with a letter or digit'),
    both || neither
      ? problem(TRAINING_RULES.trainingAlgorithm, 'trainingJob', both ? 'trainingImage and algorithmName' : 'neither trainingImage nor algorithmName',
        'must name exactly one of trainingImage and algorithmName')
      : undefined,
    collisions.length > 0
      ? problem(TRAINING_RULES.trainingAdditionalParameters, 'trainingJob.additionalParameters', collisions,
        'must not set fields the typed props set', 'Set them with the typed props (role, instanceType, outputPath, ...) only')
      : undefined,
    payloadSizeProblem(scope, request),
  ];
}

/**
 * The payload at most 10 KiB. Tokens (a role's ARN, a bucket's name) are counted as empty, so
 * the length is a lower bound: only a payload that is surely too long fails.
 */
function payloadSizeProblem(scope: IConstruct, request: JsonObject): Problem {
  const json = Stack.of(scope).toJsonString(request);
  const known = Token.isUnresolved(json) ? knownText(Stack.of(scope).resolve(json)) : json;
  const bytes = Buffer.byteLength(known, 'utf8');
  if (bytes <= MAX_SERVICE_REQUEST_PAYLOAD_BYTES) return undefined;
  return problem(TRAINING_RULES.servicePayloadSize, 'trainingJob', `${bytes} bytes of JSON or more`,
    `must render at most ${MAX_SERVICE_REQUEST_PAYLOAD_BYTES} bytes (10 KiB) of CreateTrainingJob JSON`,
    'Move large settings (hyperparameters, environment) into the training data or the image');
}

/** The literal text of a resolved CloudFormation string expression (Fn::Join parts), tokens left out. */
function knownText(node: unknown): string {
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return node.map(knownText).join('');
  const fn = node as { 'Fn::Join'?: [string, unknown[]] } | undefined;
  if (fn && fn['Fn::Join']) return fn['Fn::Join'][1].map(knownText).join(fn['Fn::Join'][0]);
  return '';
}

const CONTAINER_SETTINGS = ['parameters', 'containerOverrides', 'ecsPropertiesOverride', 'eksPropertiesOverride',
  'consumableResourcePropertiesOverride', 'nodeOverrides', 'arraySize', 'sequentialArrayChildren', 'dependsOn', 'propagateTags'] as const;

/** Which of the two kinds of job the props describe, and the settings of the other kind. */
export function jobVariantProblems(props: DeployTimeJobProps): Problem[] {
  const both = props.jobDefinition !== undefined && props.trainingJob !== undefined;
  const neither = props.jobDefinition === undefined && props.trainingJob === undefined;
  const problems: Problem[] = [both || neither
    ? problem(TRAINING_RULES.jobOrTrainingJob, 'jobDefinition', both ? 'jobDefinition and trainingJob' : 'neither jobDefinition nor trainingJob',
      'must be given, or trainingJob instead: exactly one of them', 'A container job names its job definition; a SageMaker training job is a trainingJob')
    : undefined];
  if (props.trainingJob !== undefined) {
    for (const name of CONTAINER_SETTINGS) {
      const value = props[name];
      if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
      const shown = Array.isArray(value) ? `${value.length} entries` : typeof value === 'object' ? Object.keys(value) : value;
      problems.push(problem(TRAINING_RULES.containerSettingsWithTrainingJob, name, shown,
        'applies only to container jobs (jobDefinition), not to a trainingJob', 'Remove it; a training job takes its settings in trainingJob'));
    }
  } else {
    if (props.quotaShare !== undefined) {
      problems.push(problem(TRAINING_RULES.serviceSettingsWithJobDefinition, 'quotaShare', props.quotaShare.node.path,
        'applies only to SageMaker training jobs (trainingJob)', 'Container jobs of a fair-share queue name a shareIdentifier instead'));
    }
    if (props.preemptionRetries !== undefined) {
      problems.push(problem(TRAINING_RULES.serviceSettingsWithJobDefinition, 'preemptionRetries', props.preemptionRetries,
        'applies only to SageMaker training jobs (trainingJob)'));
    }
  }
  return problems;
}

/** The SubmitServiceJob settings that only service jobs have. */
export function serviceJobSettingProblems(props: { readonly timeout?: Duration; readonly preemptionRetries?: number }): Problem[] {
  return [
    checkWholeSeconds(TRAINING_RULES.serviceJobTimeout, 'timeout', props.timeout)
      ?? checkDuration(TRAINING_RULES.serviceJobTimeout, 'timeout', props.timeout, { min: oneSecond() }),
    checkRange(TRAINING_RULES.preemptionRetries, 'preemptionRetries', props.preemptionRetries, { min: 0, integer: true }),
  ];
}

function oneSecond(): Duration {
  return Duration.seconds(1);
}
