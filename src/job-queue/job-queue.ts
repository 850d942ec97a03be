import { Arn, ArnFormat, Lazy } from 'aws-cdk-lib';
import { CfnJobQueue } from 'aws-cdk-lib/aws-batch';
import { Construct } from 'constructs';
import type { IComputeEnvironment } from '../compute-environment';
import type { ISchedulingPolicy } from '../scheduling-policy';
import { ImportedJobQueue, IJobQueue, JobQueueBase } from './job-queue-base';
import { jobQueueEnvironmentProblems, jobQueueProblems } from './job-queue-rules';
import { JobQueueProps, JobStateTimeLimitActionType, JobStateTimeLimitState, OrderedComputeEnvironment } from './job-queue-types';
import { importedArn, importedName } from '../private/arn';
import { reportProblems, validateLater } from '../private/validation/problem';

/**
 * A Batch job queue: up to three compute environments in order, a priority, and optionally
 * a fair-share scheduling policy and time limits for blocked jobs.
 *
 * @resource AWS::Batch::JobQueue
 */
export class JobQueue extends JobQueueBase {
  /**
   * Imports a job queue by ARN.
   * @param scope the scope of the imported queue
   * @param id its construct id
   * @param jobQueueArn e.g. `arn:aws:batch:us-east-1:123456789012:job-queue/HighPriority`
   */
  public static fromJobQueueArn(scope: Construct, id: string, jobQueueArn: string): IJobQueue {
    return new ImportedJobQueue(scope, id, jobQueueArn, importedName(scope, id, jobQueueArn, 'job-queue'));
  }

  /**
   * Imports a job queue of this stack's account and region by name.
   * @param scope the scope of the imported queue
   * @param id its construct id
   * @param jobQueueName the queue's name
   */
  public static fromJobQueueName(scope: Construct, id: string, jobQueueName: string): IJobQueue {
    return new ImportedJobQueue(scope, id, importedArn(scope, id, jobQueueName, 'job-queue'), jobQueueName);
  }

  /** @inheritdoc */
  public readonly jobQueueArn: string;
  /** @inheritdoc */
  public readonly jobQueueName: string;
  /**
   * The fair-share scheduling policy of the queue, if it has one: jobs submitted to it need a
   * share identifier that the policy schedules.
   */
  public readonly schedulingPolicy?: ISchedulingPolicy;

  private readonly environments: OrderedComputeEnvironment[] = [];

  /**
   * @param scope the scope of the queue
   * @param id its construct id
   * @param props its settings; compute environments can also be added later
   */
  constructor(scope: Construct, id: string, props: JobQueueProps = {}) {
    super(scope, id, { physicalName: props.jobQueueName });
    reportProblems(this, jobQueueProblems(props));
    this.schedulingPolicy = props.schedulingPolicy;
    for (const entry of props.computeEnvironments ?? []) {
      this.addComputeEnvironment(entry.computeEnvironment, entry.order);
    }

    const resource = new CfnJobQueue(this, 'Resource', {
      jobQueueName: this.physicalName,
      priority: props.priority ?? 1,
      state: props.enabled === false ? 'DISABLED' : 'ENABLED',
      computeEnvironmentOrder: Lazy.any({
        produce: () => this.computeEnvironments
          .map((entry) => ({ computeEnvironment: entry.computeEnvironment.computeEnvironmentArn, order: entry.order })),
      }),
      schedulingPolicyArn: this.schedulingPolicy?.schedulingPolicyArn,
      jobStateTimeLimitActions: props.jobStateTimeLimitActions?.map((limit) => ({
        reason: limit.reason.value,
        maxTimeSeconds: limit.maxTime.toSeconds(),
        action: limit.action ?? JobStateTimeLimitActionType.CANCEL,
        state: limit.state ?? JobStateTimeLimitState.RUNNABLE,
      })),
    });

    this.jobQueueArn = this.getResourceArnAttribute(resource.attrJobQueueArn, {
      service: 'batch',
      resource: 'job-queue',
      resourceName: this.physicalName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    this.jobQueueName = this.getResourceNameAttribute(Arn.extractResourceName(resource.attrJobQueueArn, 'job-queue'));

    // Environments can still be added after construction: check the final list at synth.
    validateLater(this, () => jobQueueEnvironmentProblems(this.environments));
  }

  /**
   * The compute environments of the queue so far, sorted by order as the template lists them
   * (a copy: add environments with `addComputeEnvironment`).
   */
  public get computeEnvironments(): OrderedComputeEnvironment[] {
    return [...this.environments].sort((a, b) => a.order - b.order);
  }

  /**
   * Adds a compute environment to the queue. A queue holds 1 to 3 environments, all EC2
   * (ON_DEMAND, SPOT) or all Fargate (FARGATE, FARGATE_SPOT), each with its own order; synth
   * checks the final list.
   * @param computeEnvironment the compute environment
   * @param order where Batch tries it: an integer, lower first; give each environment its own
   */
  public addComputeEnvironment(computeEnvironment: IComputeEnvironment, order: number): void {
    this.environments.push({ computeEnvironment, order });
  }
}
