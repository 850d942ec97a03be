import { IResource } from 'aws-cdk-lib';

/**
 * A Batch job queue, created here or imported.
 */
export interface IJobQueue extends IResource {
  /**
   * The ARN of the job queue.
   * @attribute
   */
  readonly jobQueueArn: string;
  /**
   * The name of the job queue.
   * @attribute
   */
  readonly jobQueueName: string;
}
