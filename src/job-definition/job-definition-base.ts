import { IResource, Resource } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { IJobQueue } from '../job-queue';
import { importedArn, importedName } from '../private/arn';
import { grantSubmitJob } from '../private/grants';

/**
 * A Batch job definition, created here or imported.
 */
export interface IJobDefinition extends IResource {
  /**
   * The ARN of the job definition, including its revision when known (an import by name has none).
   * @attribute
   */
  readonly jobDefinitionArn: string;
  /**
   * The name of the job definition (without revision).
   * @attribute
   */
  readonly jobDefinitionName: string;

  /**
   * Grants `batch:SubmitJob` on one job queue and on every revision of this job definition
   * (`NAME:*`), so the grant survives new revisions. Nothing wider.
   */
  grantSubmitJob(grantee: iam.IGrantable, queue: IJobQueue): iam.Grant;
}

/**
 * What every job definition does, created here or imported.
 */
export abstract class JobDefinitionBase extends Resource implements IJobDefinition {
  /** @inheritdoc */
  public abstract readonly jobDefinitionArn: string;
  /** @inheritdoc */
  public abstract readonly jobDefinitionName: string;

  /** @inheritdoc */
  public grantSubmitJob(grantee: iam.IGrantable, queue: IJobQueue): iam.Grant {
    return grantSubmitJob(this, grantee, queue.jobQueueArn, this);
  }
}

/** A job definition registered outside this app, imported by ARN or by name. */
export class ImportedJobDefinition extends JobDefinitionBase {
  /** Imports `...:job-definition/NAME[:REVISION]`; the input is checked, the name taken from the ARN. */
  public static fromArn(scope: Construct, id: string, jobDefinitionArn: string): IJobDefinition {
    const name = importedName(scope, id, jobDefinitionArn, 'job-definition', { revision: true });
    return new ImportedJobDefinition(scope, id, jobDefinitionArn, name);
  }

  /** Imports by name; the ARN has no revision, so jobs use the latest ACTIVE revision. */
  public static fromName(scope: Construct, id: string, jobDefinitionName: string): IJobDefinition {
    const arn = importedArn(scope, id, jobDefinitionName, 'job-definition');
    return new ImportedJobDefinition(scope, id, arn, jobDefinitionName);
  }

  private constructor(scope: Construct, id: string, public readonly jobDefinitionArn: string, public readonly jobDefinitionName: string) {
    // The account and region of the ARN: grants name the definition where it lives.
    super(scope, id, { environmentFromArn: jobDefinitionArn });
  }
}
