import { IResource } from 'aws-cdk-lib';

/**
 * A Batch job definition, created here or imported.
 */
export interface IJobDefinition extends IResource {
  /**
   * The ARN of the job definition, including its revision.
   * @attribute
   */
  readonly jobDefinitionArn: string;
  /**
   * The name of the job definition (without revision).
   * @attribute
   */
  readonly jobDefinitionName: string;
}
