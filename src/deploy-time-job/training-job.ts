/**
 * Renders a SageMaker training job as the CreateTrainingJob request that Batch passes to
 * SageMaker (SubmitServiceJob `serviceRequestPayload`), and the shortened name SageMaker takes.
 */
import { Duration, Size, SizeRoundingBehavior, Token } from 'aws-cdk-lib';
import { SageMakerTrainingJob, TrainingInputMode } from './training-job-types';

/** SageMaker's default StoppingCondition.MaxRuntimeInSeconds. */
export const DEFAULT_MAX_RUNTIME = Duration.days(1);

/** This library's default ResourceConfig.VolumeSizeInGB (SageMaker requires one). */
export const DEFAULT_VOLUME_SIZE = Size.gibibytes(30);

/** A JSON object of the request. */
export type JsonObject = { [key: string]: unknown };

/**
 * The typed fields as CreateTrainingJob names them, without `additionalParameters`. Renders
 * fractional sizes and durations as they are (the rules reject them), so it never throws.
 */
export function typedTrainingRequest(job: SageMakerTrainingJob, trainingJobName: string): JsonObject {
  return dropUndefined({
    TrainingJobName: trainingJobName,
    RoleArn: job.role.roleArn,
    AlgorithmSpecification: {
      TrainingImage: job.trainingImage,
      AlgorithmName: job.algorithmName,
      TrainingInputMode: job.trainingInputMode ?? TrainingInputMode.FILE,
      ContainerEntrypoint: job.entrypoint,
      ContainerArguments: job.arguments,
    },
    ResourceConfig: {
      InstanceType: job.instanceType,
      InstanceCount: job.instanceCount ?? 1,
      VolumeSizeInGB: (job.volumeSize ?? DEFAULT_VOLUME_SIZE).toGibibytes({ rounding: SizeRoundingBehavior.NONE }),
    },
    OutputDataConfig: { S3OutputPath: job.outputPath },
    StoppingCondition: { MaxRuntimeInSeconds: (job.maxRuntime ?? DEFAULT_MAX_RUNTIME).toSeconds({ integral: false }) },
    HyperParameters: job.hyperParameters,
    Environment: job.environment,
  });
}

/** The paths (`A.B`) that `additionalParameters` sets and the typed fields set too. */
export function collidingFields(typed: JsonObject, additional: JsonObject | undefined, prefix = ''): string[] {
  if (additional === undefined) return [];
  return Object.entries(additional).flatMap(([key, value]) => {
    const mine = typed[key];
    if (mine === undefined || value === undefined) return [];
    if (isPlainObject(mine) && isPlainObject(value)) return collidingFields(mine, value, `${prefix}${key}.`);
    return [`${prefix}${key}`];
  });
}

/** The whole CreateTrainingJob request: the typed fields with `additionalParameters` merged in (objects merge). */
export function trainingRequest(job: SageMakerTrainingJob, trainingJobName: string): JsonObject {
  return merge(typedTrainingRequest(job, trainingJobName), job.additionalParameters ?? {});
}

/**
 * A SageMaker training job name from the deploy-time job's name prefix: letters, digits and
 * hyphens (underscores become hyphens, runs of others are dropped), starting with a letter or
 * digit, at most `maxLength` characters (Batch adds its own prefix and the attempt to it).
 */
export function trainingJobNameFrom(prefix: string, maxLength = 32): string {
  if (Token.isUnresolved(prefix)) return 'deploy-time-job';
  const name = prefix.replace(/_/g, '-').replace(/[^A-Za-z0-9-]/g, '').replace(/^-+/, '').slice(0, maxLength).replace(/-+$/, '');
  return name === '' ? 'deploy-time-job' : name;
}

function merge(base: JsonObject, extra: JsonObject): JsonObject {
  const result: JsonObject = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const mine = result[key];
    result[key] = isPlainObject(mine) && isPlainObject(value) ? merge(mine, value) : value;
  }
  return result;
}

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Token.isUnresolved(value)
    && Object.getPrototypeOf(value) === Object.prototype;
}

function dropUndefined(value: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const [key, entry] of Object.entries(value)) {
    if (entry === undefined) continue;
    result[key] = isPlainObject(entry) ? dropUndefined(entry) : entry;
  }
  return result;
}
