import { ArnFormat, Names } from 'aws-cdk-lib';
import { CfnQuotaShare } from 'aws-cdk-lib/aws-batch';
import { Construct, IConstruct } from 'constructs';
import { IJobQueue, JobQueue } from '../job-queue';
import { ImportedQuotaShare, IQuotaShare, QuotaShareBase } from './quota-share-base';
import { QueueFacts, queueFitProblems, quotaShareProblems } from './quota-share-rules';
import { QuotaShareCapacityLimit, QuotaShareProps, ResourceSharingStrategy } from './quota-share-types';
import { importedName } from '../private/arn';
import { isKnown, reportProblems, validateLater } from '../private/validation/problem';
import { SchedulingPolicyType } from '../scheduling-policy/scheduling-policy-types';

/**
 * A quota share: a virtual queue inside a SageMaker training job queue with a quota-share
 * scheduling policy, with its own capacity per instance type and a rule for sharing idle
 * capacity with the queue's other shares. Jobs name it at submission (`quotaShareName`).
 *
 * Deleting a share eventually terminates its jobs; lowering its limits can preempt them.
 *
 * @resource AWS::Batch::QuotaShare
 */
export class QuotaShare extends QuotaShareBase {
  /**
   * Imports a quota share by ARN.
   * @param scope the scope of the imported share
   * @param id its construct id
   * @param quotaShareArn e.g. `arn:aws:batch:us-east-1:123456789012:job-queue/Training/quota-share/TeamA`
   */
  public static fromQuotaShareArn(scope: Construct, id: string, quotaShareArn: string): IQuotaShare {
    return new ImportedQuotaShare(scope, id, quotaShareArn, importedName(scope, id, quotaShareArn, 'quota-share'));
  }

  /** @inheritdoc */
  public readonly quotaShareArn: string;
  /** @inheritdoc */
  public readonly quotaShareName: string;
  /** The job queue the share belongs to. */
  public readonly jobQueue: IJobQueue;
  /** The share's capacity limits. */
  public readonly capacityLimits: QuotaShareCapacityLimit[];

  /**
   * @param scope the scope of the quota share
   * @param id its construct id
   * @param props its queue, capacity and sharing
   */
  constructor(scope: Construct, id: string, props: QuotaShareProps) {
    // CloudFormation requires a name: a stable one from the construct path when none is given.
    // It is the physical name, so the share can be used from stacks of other environments.
    const name = props.quotaShareName ?? nameFromPath(scope, id);
    super(scope, id, { physicalName: name });
    reportProblems(this, quotaShareProblems(props));
    this.jobQueue = props.jobQueue;
    this.capacityLimits = [...props.capacityLimits];
    const sharing = props.resourceSharingConfiguration ?? { strategy: ResourceSharingStrategy.RESERVE };

    const resource = new CfnQuotaShare(this, 'Resource', {
      quotaShareName: name,
      jobQueue: props.jobQueue.jobQueueArn,
      capacityLimits: this.capacityLimits.map((limit) => ({ capacityUnit: limit.capacityUnit.value, maxCapacity: limit.maxCapacity })),
      resourceSharingConfiguration: { strategy: sharing.strategy, borrowLimit: sharing.borrowLimit },
      preemptionConfiguration: { inSharePreemption: props.preemptionConfiguration?.inSharePreemption ? 'ENABLED' : 'DISABLED' },
      state: props.enabled === false ? 'DISABLED' : 'ENABLED',
      tags: props.tags,
    });

    // Ref is the ARN, which names the queue.
    this.quotaShareArn = this.getResourceArnAttribute(resource.ref, {
      service: 'batch',
      resource: 'job-queue',
      resourceName: `${props.jobQueue.jobQueueName}/quota-share/${name}`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    this.quotaShareName = name;

    // Shares and the queue's environments and policy can change until synth.
    validateLater(this, () => queueFitProblems(this.capacityLimits, queueFacts(this)));
  }
}

/**
 * `Names.uniqueResourceName` of the construct about to be created at `scope/id` (letters and
 * digits, at most 128 characters): worked out on a placeholder at that path, which is removed again.
 */
function nameFromPath(scope: Construct, id: string): string {
  const placeholder = new Construct(scope, id);
  const name = Names.uniqueResourceName(placeholder, { maxLength: 128 });
  scope.node.tryRemoveChild(id);
  return name;
}

/** The same queue: one object, or one literal ARN. */
function sameQueue(a: IJobQueue, b: IJobQueue): boolean {
  return a === b || (isKnown(a.jobQueueArn) && a.jobQueueArn === b.jobQueueArn);
}

/**
 * What the share's rules know of its queue: where the share comes among the queue's shares,
 * and, for a queue created here, its scheduling policy and its service environment's units.
 */
function queueFacts(share: QuotaShare): QueueFacts {
  const shares = share.node.root.node.findAll()
    .filter((c: IConstruct): c is QuotaShare => c instanceof QuotaShare && sameQueue(c.jobQueue, share.jobQueue));
  const queue = share.jobQueue instanceof JobQueue ? share.jobQueue : undefined;
  const policy = queue?.schedulingPolicy;
  const limits = queue?.serviceEnvironments.map((entry) => entry.serviceEnvironment.capacityLimits);
  return {
    label: share.jobQueue.node.path,
    shares: { count: shares.length, index: shares.indexOf(share) },
    quotaSharePolicy: queue === undefined ? undefined
      : policy === undefined ? false
        : policy.schedulingPolicyType === undefined ? undefined : policy.schedulingPolicyType === SchedulingPolicyType.QUOTA_SHARE,
    // Known only when the queue has service environments whose limits are all known here.
    serviceEnvironmentUnits: limits === undefined || limits.length === 0 || limits.some((l) => l === undefined) ? undefined
      : limits.flatMap((l) => l!.map((limit) => limit.capacityUnit?.value ?? 'NUM_INSTANCES')),
  };
}
