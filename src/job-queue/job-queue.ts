import { Arn, ArnFormat, Lazy } from 'aws-cdk-lib';
import { CfnJobQueue } from 'aws-cdk-lib/aws-batch';
import { Construct, IConstruct } from 'constructs';
import type { IComputeEnvironment } from '../compute-environment';
import type { ISchedulingPolicy } from '../scheduling-policy';
import { ImportedJobQueue, IJobQueue, JobQueueBase } from './job-queue-base';
import { jobQueueEnvironmentProblems, jobQueueProblems } from './job-queue-rules';
import { JobQueueProps, JobStateTimeLimitState, OrderedComputeEnvironment, OrderedServiceEnvironment } from './job-queue-types';
import { defaultTimeLimitAction, queueKindProblems } from './service-environment-rules';
import { importedArn, importedName } from '../private/arn';
import { isKnown, reportProblems, validateLater } from '../private/validation/problem';
import type { IServiceEnvironment } from '../service-environment';

/**
 * A Batch job queue: up to three compute environments in order (container jobs), or one
 * SageMaker training service environment (service jobs); a priority, and optionally a
 * scheduling policy and time limits for blocked jobs.
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
   * The scheduling policy of the queue, if it has one: jobs submitted to it need a share
   * identifier (fair-share) or a quota share name (quota-share) that the policy schedules.
   */
  public readonly schedulingPolicy?: ISchedulingPolicy;

  private readonly environments: OrderedComputeEnvironment[] = [];
  private readonly serviceEnvironmentEntries: OrderedServiceEnvironment[] = [];

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
    for (const entry of props.serviceEnvironments ?? []) {
      this.addServiceEnvironment(entry.serviceEnvironment, entry.order);
    }
    const serviceQueue = () => this.serviceEnvironmentEntries.length > 0;

    const resource = new CfnJobQueue(this, 'Resource', {
      jobQueueName: this.physicalName,
      priority: props.priority ?? 1,
      state: props.enabled === false ? 'DISABLED' : 'ENABLED',
      // A SageMaker training queue orders service environments instead (CloudFormation takes one of the two).
      jobQueueType: Lazy.string({ produce: () => (serviceQueue() ? 'SAGEMAKER_TRAINING' : undefined) }),
      computeEnvironmentOrder: Lazy.any({
        produce: () => (serviceQueue() ? undefined : this.computeEnvironments
          .map((entry) => ({ computeEnvironment: entry.computeEnvironment.computeEnvironmentArn, order: entry.order }))),
      }),
      serviceEnvironmentOrder: Lazy.any({
        produce: () => this.serviceEnvironments
          .map((entry) => ({ serviceEnvironment: entry.serviceEnvironment.serviceEnvironmentArn, order: entry.order })),
      }, { omitEmptyArray: true }),
      schedulingPolicyArn: this.schedulingPolicy?.schedulingPolicyArn,
      jobStateTimeLimitActions: props.jobStateTimeLimitActions?.map((limit) => ({
        reason: limit.reason.value,
        maxTimeSeconds: limit.maxTime.toSeconds(),
        action: limit.action ?? Lazy.string({ produce: () => defaultTimeLimitAction(serviceQueue()) }),
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

    // Environments can still be added after construction: check the final lists at synth.
    validateLater(this, () => [
      ...(serviceQueue() ? [] : jobQueueEnvironmentProblems(this.environments)),
      ...queueKindProblems({
        computeEnvironments: this.environments,
        serviceEnvironments: this.serviceEnvironmentEntries,
        schedulingPolicy: this.schedulingPolicy,
        jobStateTimeLimitActions: props.jobStateTimeLimitActions,
        otherQueues: this.serviceEnvironmentEntries.map((entry) => this.otherQueuesOf(entry.serviceEnvironment)),
      }),
    ]);
  }

  /**
   * The service environments of the queue so far, sorted by order as the template lists them
   * (a copy: add one with `addServiceEnvironment`).
   */
  public get serviceEnvironments(): OrderedServiceEnvironment[] {
    return [...this.serviceEnvironmentEntries].sort((a, b) => a.order - b.order);
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

  /**
   * Adds the service environment of a SageMaker training queue (a queue has at most one, and no
   * compute environments); synth checks the final list.
   * @param serviceEnvironment the service environment
   * @param order its order, an integer (1 is usual)
   */
  public addServiceEnvironment(serviceEnvironment: IServiceEnvironment, order: number): void {
    this.serviceEnvironmentEntries.push({ serviceEnvironment, order });
  }

  /**
   * SageMaker training jobs (service jobs) send `Batch Service Job State Change` events.
   * @internal
   */
  public _jobEventDetailType(): string {
    return Lazy.string({
      produce: () => (this.serviceEnvironmentEntries.length > 0 ? 'Batch Service Job State Change' : super._jobEventDetailType()),
    });
  }

  /** The paths of the other queues of the app that list this service environment. */
  private otherQueuesOf(serviceEnvironment: IServiceEnvironment): string[] {
    const same = (other: IServiceEnvironment) => other === serviceEnvironment
      || (isKnown(other.serviceEnvironmentArn) && other.serviceEnvironmentArn === serviceEnvironment.serviceEnvironmentArn);
    return this.node.root.node.findAll()
      .filter((c: IConstruct): c is JobQueue => c instanceof JobQueue && c !== this
        && c.serviceEnvironmentEntries.some((entry) => same(entry.serviceEnvironment)))
      .map((queue) => queue.node.path);
  }
}
