/**
 * The SageMaker training job a deploy-time job runs through a SageMaker training queue: the
 * typed part of SageMaker's CreateTrainingJob request that Batch sends on (its
 * `serviceRequestPayload`), and an escape hatch for the rest. A leaf: imports no sibling.
 */
import type { Duration, Size } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';

/**
 * How SageMaker gives the training container its input data (`AlgorithmSpecification.TrainingInputMode`).
 */
export enum TrainingInputMode {
  /** Copies the data to the instance's volume before training starts. */
  FILE = 'File',
  /** Streams the data to the container through named pipes. */
  PIPE = 'Pipe',
  /** Streams the data from S3 on access, while presenting it as files. */
  FAST_FILE = 'FastFile',
}

/**
 * A SageMaker training job, as SageMaker's CreateTrainingJob request describes it.
 *
 * Batch passes the request to SageMaker without validating it; the typed fields here are
 * checked at synth, everything else goes in `additionalParameters`.
 */
export interface SageMakerTrainingJob {
  /**
   * The execution role SageMaker runs the job as (`RoleArn`): it trusts `sagemaker.amazonaws.com`
   * and can read the image, the input data and write the output. The deploy-time job runner is
   * allowed to pass it to SageMaker, nothing else.
   */
  readonly role: iam.IRole;
  /**
   * The training image in Amazon ECR (`AlgorithmSpecification.TrainingImage`), e.g.
   * `repository.repositoryUriForTag('v1')`. Exactly one of `trainingImage` and `algorithmName`.
   * @default - none: `algorithmName` names the algorithm
   */
  readonly trainingImage?: string;
  /**
   * A SageMaker built-in or Marketplace algorithm (`AlgorithmSpecification.AlgorithmName`).
   * @default - none: `trainingImage` names the image
   */
  readonly algorithmName?: string;
  /**
   * How the container gets its input data.
   * @default TrainingInputMode.FILE
   */
  readonly trainingInputMode?: TrainingInputMode;
  /**
   * The container's entrypoint (`AlgorithmSpecification.ContainerEntrypoint`).
   * @default - the image's entrypoint
   */
  readonly entrypoint?: string[];
  /**
   * The arguments of the entrypoint (`AlgorithmSpecification.ContainerArguments`).
   * @default - the image's arguments
   */
  readonly arguments?: string[];
  /**
   * The SageMaker instance type (`ResourceConfig.InstanceType`), e.g. `ml.m5.large`. With a
   * quota-management queue, one of its service environment's capacity units.
   */
  readonly instanceType: string;
  /**
   * How many instances (`ResourceConfig.InstanceCount`): what the job counts against the
   * service environment's capacity.
   * @default 1
   */
  readonly instanceCount?: number;
  /**
   * The storage volume of each instance (`ResourceConfig.VolumeSizeInGB`), in whole GiB.
   * @default Size.gibibytes(30)
   */
  readonly volumeSize?: Size;
  /**
   * Where SageMaker writes the model artifacts (`OutputDataConfig.S3OutputPath`), an `s3://` URI,
   * e.g. `bucket.s3UrlForObject('models')`.
   */
  readonly outputPath: string;
  /**
   * How long the training may run (`StoppingCondition.MaxRuntimeInSeconds`), in whole seconds.
   * @default Duration.days(1), SageMaker's default
   */
  readonly maxRuntime?: Duration;
  /**
   * Hyperparameters passed to the algorithm (`HyperParameters`).
   * @default - none
   */
  readonly hyperParameters?: { [name: string]: string };
  /**
   * Environment variables of the training container (`Environment`).
   * @default - none
   */
  readonly environment?: { [name: string]: string };
  /**
   * The SageMaker name of the training job (`TrainingJobName`): 1-63 letters, digits and hyphens,
   * starting with a letter or digit. Batch prefixes it with `AWSBatch` and adds the attempt.
   * @default - the deploy-time job's name prefix, shortened to SageMaker's rules
   */
  readonly trainingJobName?: string;
  /**
   * More CreateTrainingJob fields, exactly as SageMaker's API names them (e.g. `InputDataConfig`,
   * `VpcConfig`, `CheckpointConfig`, `OutputDataConfig.KmsKeyId` as `{ OutputDataConfig: { KmsKeyId } }`).
   * Merged into the request; a field the typed props set cannot be given here as well.
   * @default - none
   */
  readonly additionalParameters?: { [field: string]: any };
}
