import { Arn, ArnFormat, Lazy } from 'aws-cdk-lib';
import { CfnSchedulingPolicy } from 'aws-cdk-lib/aws-batch';
import { Construct } from 'constructs';
import { quotaSharePolicyProblems, quotaSharePolicyShareProblems } from './quota-share-policy-rules';
import { ImportedSchedulingPolicy, ISchedulingPolicy, SchedulingPolicyBase } from './scheduling-policy-base';
import { schedulingPolicyProblems, shareProblems } from './scheduling-policy-rules';
import { IdleResourceAssignmentStrategy, SchedulingPolicyProps, SchedulingPolicyType, Share } from './scheduling-policy-types';
import { importedName } from '../private/arn';
import { reportProblems, validateLater } from '../private/validation/problem';

/**
 * A scheduling policy for job queues: fair-share (the default), or quota-share with `quotaSharePolicy`.
 *
 * A queue with a fair-share policy schedules jobs by share identifier instead of first in,
 * first out. Batch rejects, at run time, every job submitted to such a queue without a share
 * identifier; nothing checks it at synth or deploy time. A SageMaker training queue with a
 * quota-share policy divides its capacity among its `QuotaShare`s, and its jobs name one.
 *
 * @resource AWS::Batch::SchedulingPolicy
 */
export class SchedulingPolicy extends SchedulingPolicyBase {
  /**
   * Imports a scheduling policy by ARN.
   * @param scope the scope of the imported policy
   * @param id its construct id
   * @param schedulingPolicyArn e.g. `arn:aws:batch:us-east-1:123456789012:scheduling-policy/Teams`
   */
  public static fromSchedulingPolicyArn(scope: Construct, id: string, schedulingPolicyArn: string): ISchedulingPolicy {
    return new ImportedSchedulingPolicy(scope, id, schedulingPolicyArn, importedName(scope, id, schedulingPolicyArn, 'scheduling-policy'));
  }

  /** @inheritdoc */
  public readonly schedulingPolicyArn: string;
  /** @inheritdoc */
  public readonly schedulingPolicyName: string;
  /** The variant of the policy (always set on a policy created here). */
  public readonly schedulingPolicyType?: SchedulingPolicyType;

  private readonly shares: Share[] = [];

  /**
   * @param scope the scope of the policy
   * @param id its construct id
   * @param props its settings; shares can also be added later
   */
  constructor(scope: Construct, id: string, props: SchedulingPolicyProps = {}) {
    super(scope, id, { physicalName: props.schedulingPolicyName });
    reportProblems(this, [...schedulingPolicyProblems(props), ...quotaSharePolicyProblems(props)]);
    for (const share of props.shares ?? []) this.addShare(share);
    const quotaShare = props.quotaSharePolicy;
    this.schedulingPolicyType = quotaShare ? SchedulingPolicyType.QUOTA_SHARE : SchedulingPolicyType.FAIR_SHARE;

    const resource = new CfnSchedulingPolicy(this, 'Resource', {
      name: this.physicalName,
      // Batch requires the strategy although CloudFormation leaves it optional: always rendered.
      quotaSharePolicy: quotaShare && {
        idleResourceAssignmentStrategy: quotaShare.idleResourceAssignmentStrategy ?? IdleResourceAssignmentStrategy.FIFO,
      },
      fairsharePolicy: quotaShare ? undefined : {
        computeReservation: props.computeReservation,
        shareDecaySeconds: props.shareDecay?.toSeconds(),
        shareDistribution: Lazy.any({
          produce: () => this.shares.map((share) => ({ shareIdentifier: share.shareIdentifier, weightFactor: share.weightFactor })),
        }, { omitEmptyArray: true }),
      },
    });

    this.schedulingPolicyArn = this.getResourceArnAttribute(resource.attrArn, {
      service: 'batch',
      resource: 'scheduling-policy',
      resourceName: this.physicalName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    this.schedulingPolicyName = this.getResourceNameAttribute(Arn.extractResourceName(resource.attrArn, 'scheduling-policy'));

    // Shares can still be added after construction: check the final list at synth.
    validateLater(this, () => (quotaShare ? quotaSharePolicyShareProblems(this.shares) : shareProblems(this.shares)));
  }

  /**
   * Adds the weight of a share identifier (or prefix) to a fair-share policy. Synth checks the final list.
   * @param share the share identifier and its weight
   */
  public addShare(share: Share): void {
    this.shares.push(share);
  }
}
