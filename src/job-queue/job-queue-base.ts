import { IResource, Resource } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { IJobDefinition } from '../job-definition';
import { jobStateChangeProblems } from './job-queue-rules';
import { GrantSubmitServiceJobOptions, JobStatus, OnJobEventOptions, OnJobStateChangeOptions } from './job-queue-types';
import { grantSubmitJob } from '../private/grants';
import { grantSubmitServiceJob } from '../private/service-job-grants';
import { reportProblems } from '../private/validation/problem';

/**
 * What every job queue has, created here or imported: its ARN and name, the grant to
 * submit jobs, and rules for its job events. Written once, here; `JobQueue` adds the resource.
 */

/** aws-events, loaded when a rule is made: a stack without job event rules never needs it. */
function eventsModule(): typeof import('aws-cdk-lib/aws-events') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, typed by the import type above
  return require('aws-cdk-lib/aws-events');
}

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

  /**
   * Allows the grantee to submit jobs of one job definition (any of its revisions) to this queue.
   *
   * Grants `batch:SubmitJob` on this queue and on `job-definition/NAME:*`, nothing wider.
   * @param grantee who may submit
   * @param jobDefinition the job definition they submit
   */
  grantSubmitJob(grantee: iam.IGrantable, jobDefinition: IJobDefinition): iam.Grant;

  /**
   * Allows the grantee to submit SageMaker training jobs (service jobs) to this SageMaker training queue.
   *
   * Grants `batch:SubmitServiceJob` on this queue, on `service-job/*` of its account and
   * Region (a new job's id is known only once it exists) and on this queue's quota shares;
   * with `tagging`, `batch:TagResource` on `service-job/*`; with `executionRole`, `iam:PassRole`
   * of that role to `sagemaker.amazonaws.com` only. The caller needs no SageMaker permission:
   * Batch starts the training job with its service-linked role.
   * @param grantee who may submit
   * @param options the execution role the jobs name, and whether they are tagged
   */
  grantSubmitServiceJob(grantee: iam.IGrantable, options?: GrantSubmitServiceJobOptions): iam.Grant;

  /**
   * An EventBridge rule for the job state change events of this queue's jobs (`Batch Job State
   * Change`; `Batch Service Job State Change` on a SageMaker training queue created here).
   *
   * The rule lives on the default event bus of this stack's account and region, where Batch
   * sends the events of queues in that account and region.
   * @param id the rule's construct id
   * @param options target, statuses and naming of the rule
   */
  onJobStateChange(id: string, options?: OnJobStateChangeOptions): events.Rule;

  /**
   * An EventBridge rule for this queue's jobs that reach `FAILED`.
   * @param id the rule's construct id
   * @param options target and naming of the rule
   */
  onJobFailed(id: string, options?: OnJobEventOptions): events.Rule;

  /**
   * An EventBridge rule for this queue's jobs that reach `SUCCEEDED`.
   * @param id the rule's construct id
   * @param options target and naming of the rule
   */
  onJobSucceeded(id: string, options?: OnJobEventOptions): events.Rule;
}

/**
 * What every job queue has, created here or imported: grants and job events.
 */
export abstract class JobQueueBase extends Resource implements IJobQueue {
  /** @inheritdoc */
  public abstract readonly jobQueueArn: string;
  /** @inheritdoc */
  public abstract readonly jobQueueName: string;

  /** @inheritdoc */
  public grantSubmitJob(grantee: iam.IGrantable, jobDefinition: IJobDefinition): iam.Grant {
    // The definition's ARN is granted in the definition's own partition, region and account.
    return grantSubmitJob(this, grantee, this.jobQueueArn, jobDefinition);
  }

  /** @inheritdoc */
  public grantSubmitServiceJob(grantee: iam.IGrantable, options: GrantSubmitServiceJobOptions = {}): iam.Grant {
    return grantSubmitServiceJob(this, grantee, this, options);
  }

  /** @inheritdoc */
  public onJobStateChange(id: string, options: OnJobStateChangeOptions = {}): events.Rule {
    reportProblems(this, jobStateChangeProblems(options));
    const statuses = options.statuses ? [...new Set(options.statuses)] : undefined;
    const rule = new (eventsModule().Rule)(this, id, {
      ruleName: options.ruleName,
      description: options.description,
      eventPattern: {
        source: ['aws.batch'],
        detailType: [this._jobEventDetailType()],
        // Batch puts the queue's ARN in each event; matching it keeps other queues' jobs out.
        detail: { jobQueue: [this.jobQueueArn], ...(statuses ? { status: statuses } : {}) },
      },
    });
    if (options.target) rule.addTarget(options.target);
    return rule;
  }

  /**
   * The detail type of the queue's job events: container jobs send `Batch Job State Change`.
   * @internal
   */
  public _jobEventDetailType(): string {
    return 'Batch Job State Change';
  }

  /** @inheritdoc */
  public onJobFailed(id: string, options: OnJobEventOptions = {}): events.Rule {
    return this.onJobStateChange(id, { ...options, statuses: [JobStatus.FAILED] });
  }

  /** @inheritdoc */
  public onJobSucceeded(id: string, options: OnJobEventOptions = {}): events.Rule {
    return this.onJobStateChange(id, { ...options, statuses: [JobStatus.SUCCEEDED] });
  }
}

/** A queue imported by ARN or name: grants and events work as on an owned queue. */
export class ImportedJobQueue extends JobQueueBase {
  /** @inheritdoc */
  public readonly jobQueueArn: string;
  /** @inheritdoc */
  public readonly jobQueueName: string;

  constructor(scope: Construct, id: string, jobQueueArn: string, jobQueueName: string) {
    super(scope, id, { environmentFromArn: jobQueueArn });
    this.jobQueueArn = jobQueueArn;
    this.jobQueueName = jobQueueName;
  }
}
