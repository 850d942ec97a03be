import { IResource, Resource } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ComputeResourceType } from './compute-environment-types';
import { ContainerOrchestrationType } from './eks-configuration-types';

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
  /**
   * What runs its jobs, Amazon ECS or Amazon EKS, when known here.
   *
   * Job queues use it to reject mixing EKS and ECS environments.
   * @default - unknown (an imported environment)
   */
  readonly containerOrchestrationType?: ContainerOrchestrationType;
}

/**
 * What every compute environment, created or imported, has.
 */
export abstract class ComputeEnvironmentBase extends Resource implements IComputeEnvironment {
  /** @inheritdoc */
  public abstract readonly computeEnvironmentArn: string;
  /** @inheritdoc */
  public abstract readonly computeEnvironmentName: string;
  /** @inheritdoc */
  public abstract readonly computeResourceType?: ComputeResourceType;
  /**
   * What runs its jobs, when known here (the construct knows; an imported environment does not).
   * @default - unknown
   */
  public readonly containerOrchestrationType?: ContainerOrchestrationType = undefined;
}

/**
 * A compute environment defined outside this app, by its ARN and the name in it (both
 * checked by `private/arn.ts` before it is made). It carries the ARN's account and region.
 */
export class ImportedComputeEnvironment extends ComputeEnvironmentBase {
  public readonly computeEnvironmentArn: string;
  public readonly computeEnvironmentName: string;
  public readonly computeResourceType?: ComputeResourceType = undefined;

  constructor(scope: Construct, id: string, arn: string, name: string) {
    super(scope, id, { environmentFromArn: arn });
    this.computeEnvironmentArn = arn;
    this.computeEnvironmentName = name;
  }
}
