import { IResource, Resource } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * A Batch quota share, created here or imported.
 */
export interface IQuotaShare extends IResource {
  /**
   * The ARN of the quota share: `arn:PARTITION:batch:REGION:ACCOUNT:job-queue/QUEUE/quota-share/NAME`.
   * @attribute
   */
  readonly quotaShareArn: string;
  /**
   * The name of the quota share, which jobs name at submission.
   * @attribute
   */
  readonly quotaShareName: string;
}

/**
 * What every quota share has, created here or imported.
 */
export abstract class QuotaShareBase extends Resource implements IQuotaShare {
  /** @inheritdoc */
  public abstract readonly quotaShareArn: string;
  /** @inheritdoc */
  public abstract readonly quotaShareName: string;
}

/** A quota share imported by ARN. */
export class ImportedQuotaShare extends QuotaShareBase {
  constructor(scope: Construct, id: string, public readonly quotaShareArn: string, public readonly quotaShareName: string) {
    super(scope, id, { environmentFromArn: quotaShareArn });
  }
}
