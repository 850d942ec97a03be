import { IResource } from 'aws-cdk-lib';

/**
 * The kind of compute resources a managed compute environment launches.
 */
export enum ComputeResourceType {
  /** On-Demand EC2 instances (Batch's `EC2` type). */
  ON_DEMAND = 'EC2',
  /** EC2 Spot Instances. */
  SPOT = 'SPOT',
  /** AWS Fargate. */
  FARGATE = 'FARGATE',
  /** AWS Fargate Spot. */
  FARGATE_SPOT = 'FARGATE_SPOT',
}

/**
 * A Batch compute environment, created here or imported.
 */
export interface IComputeEnvironment extends IResource {
  /**
   * The ARN of the compute environment.
   * @attribute
   */
  readonly computeEnvironmentArn: string;
  /**
   * The name of the compute environment.
   * @attribute
   */
  readonly computeEnvironmentName: string;
  /**
   * The kind of compute resources it launches, when known here.
   *
   * Job queues use it to reject mixing EC2 and Fargate environments.
   * @default - unknown (an imported or unmanaged environment)
   */
  readonly computeResourceType?: ComputeResourceType;
}
