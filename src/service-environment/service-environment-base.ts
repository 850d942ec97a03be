import { IResource, Resource } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CapacityLimit, ServiceEnvironmentType } from './service-environment-types';

/**
 * A Batch service environment, created here or imported.
 */
export interface IServiceEnvironment extends IResource {
  /**
   * The ARN of the service environment.
   * @attribute
   */
  readonly serviceEnvironmentArn: string;
  /**
   * The name of the service environment.
   * @attribute
   */
  readonly serviceEnvironmentName: string;
  /**
   * The service it provides capacity for, when known here.
   * @default - unknown (an imported service environment)
   */
  readonly serviceEnvironmentType?: ServiceEnvironmentType;
  /**
   * Its capacity limits, when known here. Job queues and quota shares check their
   * scheduling against the units.
   * @default - unknown (an imported service environment)
   */
  readonly capacityLimits?: CapacityLimit[];
}

/**
 * What every service environment has, created here or imported.
 */
export abstract class ServiceEnvironmentBase extends Resource implements IServiceEnvironment {
  /** @inheritdoc */
  public abstract readonly serviceEnvironmentArn: string;
  /** @inheritdoc */
  public abstract readonly serviceEnvironmentName: string;
  /** @inheritdoc */
  public abstract readonly serviceEnvironmentType?: ServiceEnvironmentType;
  /** @inheritdoc */
  public abstract readonly capacityLimits?: CapacityLimit[];
}

/** A service environment imported by ARN or name: its type and limits are unknown here. */
export class ImportedServiceEnvironment extends ServiceEnvironmentBase {
  /** @inheritdoc */
  public readonly serviceEnvironmentType?: ServiceEnvironmentType = undefined;
  /** @inheritdoc */
  public readonly capacityLimits?: CapacityLimit[] = undefined;

  constructor(scope: Construct, id: string, public readonly serviceEnvironmentArn: string, public readonly serviceEnvironmentName: string) {
    super(scope, id, { environmentFromArn: serviceEnvironmentArn });
  }
}
