import { Arn, ArnFormat } from 'aws-cdk-lib';
import { CfnServiceEnvironment } from 'aws-cdk-lib/aws-batch';
import { Construct } from 'constructs';
import { ImportedServiceEnvironment, IServiceEnvironment, ServiceEnvironmentBase } from './service-environment-base';
import { serviceEnvironmentProblems, unitOf } from './service-environment-rules';
import { CapacityLimit, ServiceEnvironmentProps, ServiceEnvironmentType } from './service-environment-types';
import { importedArn, importedName } from '../private/arn';
import { reportProblems } from '../private/validation/problem';

/**
 * A Batch service environment: capacity for SageMaker Training jobs that Batch queues.
 *
 * Give it to a `JobQueue` as `serviceEnvironments` to make a SageMaker training queue. On
 * the first service environment of an account, Batch creates the service-linked role
 * `AWSServiceRoleForAWSBatchWithSagemaker`, so the deploying role needs
 * `iam:CreateServiceLinkedRole` for it.
 *
 * @resource AWS::Batch::ServiceEnvironment
 */
export class ServiceEnvironment extends ServiceEnvironmentBase {
  /**
   * Imports a service environment by ARN.
   * @param scope the scope of the imported environment
   * @param id its construct id
   * @param serviceEnvironmentArn e.g. `arn:aws:batch:us-east-1:123456789012:service-environment/Training`
   */
  public static fromServiceEnvironmentArn(scope: Construct, id: string, serviceEnvironmentArn: string): IServiceEnvironment {
    const name = importedName(scope, id, serviceEnvironmentArn, 'service-environment');
    return new ImportedServiceEnvironment(scope, id, serviceEnvironmentArn, name);
  }

  /**
   * Imports a service environment of this stack's account and region by name.
   * @param scope the scope of the imported environment
   * @param id its construct id
   * @param serviceEnvironmentName the environment's name
   */
  public static fromServiceEnvironmentName(scope: Construct, id: string, serviceEnvironmentName: string): IServiceEnvironment {
    const arn = importedArn(scope, id, serviceEnvironmentName, 'service-environment');
    return new ImportedServiceEnvironment(scope, id, arn, serviceEnvironmentName);
  }

  /** @inheritdoc */
  public readonly serviceEnvironmentArn: string;
  /** @inheritdoc */
  public readonly serviceEnvironmentName: string;
  /** The service it provides capacity for (always set on an environment created here). */
  public readonly serviceEnvironmentType?: ServiceEnvironmentType;
  /** Its capacity limits, each with its unit filled in (always set on an environment created here). */
  public readonly capacityLimits?: CapacityLimit[];

  /**
   * @param scope the scope of the service environment
   * @param id its construct id
   * @param props its type and capacity limits
   */
  constructor(scope: Construct, id: string, props: ServiceEnvironmentProps) {
    super(scope, id, { physicalName: props.serviceEnvironmentName });
    reportProblems(this, serviceEnvironmentProblems(props));

    this.serviceEnvironmentType = props.type ?? ServiceEnvironmentType.SAGEMAKER_TRAINING;
    this.capacityLimits = props.capacityLimits.map((limit) => ({ maxCapacity: limit.maxCapacity, capacityUnit: unitOf(limit) }));

    const resource = new CfnServiceEnvironment(this, 'Resource', {
      serviceEnvironmentName: this.physicalName,
      serviceEnvironmentType: this.serviceEnvironmentType.value,
      capacityLimits: this.capacityLimits.map((limit) => ({ maxCapacity: limit.maxCapacity, capacityUnit: limit.capacityUnit!.value })),
      state: props.enabled === false ? 'DISABLED' : 'ENABLED',
      tags: props.tags,
    });

    // Ref is the ARN.
    this.serviceEnvironmentArn = this.getResourceArnAttribute(resource.ref, {
      service: 'batch',
      resource: 'service-environment',
      resourceName: this.physicalName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    this.serviceEnvironmentName = this.getResourceNameAttribute(Arn.extractResourceName(resource.ref, 'service-environment'));
  }
}
