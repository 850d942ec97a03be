import { Arn, ArnFormat, ResourceEnvironment, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { acknowledgeWildcardResource } from './nag';

/**
 * The IAM of submitting SageMaker training jobs through a Batch queue (Service Authorization
 * Reference, AWS Batch: SubmitServiceJob needs the job-queue and service-job resources, and the
 * quota-share resource when the job names one; tags sent with it need TagResource; the
 * execution role in the payload is passed to SageMaker). Shared by the queue's
 * `grantSubmitServiceJob` and the deploy-time job runner.
 */

/** The principal that SageMaker training jobs run as must be passed to this service. */
export const SAGEMAKER_SERVICE = 'sagemaker.amazonaws.com';

/** Why `service-job/*` is as narrow as SubmitServiceJob allows. */
export const SERVICE_JOBS_REASON = 'batch:SubmitServiceJob authorizes against the new job\'s service-job ARN, whose id Batch assigns '
  + 'at submission: service-job/* in the queue\'s account and Region is the narrowest resource that allows it';

/** Why `QUEUE/quota-share/*` is as narrow as SubmitServiceJob allows. */
export const QUOTA_SHARES_REASON = 'batch:SubmitServiceJob authorizes a job that names a quota share against that share\'s ARN; '
  + 'QUEUE/quota-share/* covers the shares of this one queue only';

/** A queue as far as a grant needs it: what `IJobQueue` has. */
export interface ServiceJobQueueLocation {
  /** The queue's ARN. */
  readonly jobQueueArn: string;
  /** The account and region it lives in. */
  readonly env: ResourceEnvironment;
}

/**
 * `arn:PARTITION:batch:REGION:ACCOUNT:service-job/*` where the queue lives (its literal ARN's
 * partition, region and account, else its environment), the service jobs submitted to it.
 */
export function serviceJobsArn(scope: IConstruct, queue: ServiceJobQueueLocation): string {
  const literal = Token.isUnresolved(queue.jobQueueArn) ? undefined : Arn.split(queue.jobQueueArn, ArnFormat.SLASH_RESOURCE_NAME);
  return Stack.of(scope).formatArn({
    partition: literal?.partition,
    region: literal?.region ?? queue.env.region,
    account: literal?.account ?? queue.env.account,
    service: 'batch',
    resource: 'service-job',
    resourceName: '*',
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}

/** `QUEUE_ARN/quota-share/*`: the quota shares of one queue. */
export function quotaSharesArn(queue: ServiceJobQueueLocation): string {
  return `${queue.jobQueueArn}/quota-share/*`;
}

/** What to grant besides SubmitServiceJob. */
export interface ServiceJobGrantOptions {
  /** The SageMaker execution role the payloads name (`RoleArn`): PassRole to SageMaker only. */
  readonly executionRole?: iam.IRole;
  /** Whether jobs are submitted with tags: `batch:TagResource` on the service jobs. */
  readonly tagging?: boolean;
}

/**
 * Grants `batch:SubmitServiceJob` on the queue, its service jobs and its quota shares, and
 * optionally `batch:TagResource` on its service jobs and `iam:PassRole` of the execution role
 * to SageMaker; nothing wider.
 */
export function grantSubmitServiceJob(scope: IConstruct, grantee: iam.IGrantable, queue: ServiceJobQueueLocation,
  options: ServiceJobGrantOptions = {}): iam.Grant {
  const serviceJobs = serviceJobsArn(scope, queue);
  const quotaShares = quotaSharesArn(queue);
  let grant = iam.Grant.addToPrincipal({
    grantee,
    actions: ['batch:SubmitServiceJob'],
    resourceArns: [queue.jobQueueArn, serviceJobs, quotaShares],
  });
  if (options.tagging) {
    grant = grant.combine(iam.Grant.addToPrincipal({ grantee, actions: ['batch:TagResource'], resourceArns: [serviceJobs] }));
  }
  if (options.executionRole) {
    grant = grant.combine(iam.Grant.addToPrincipal({
      grantee,
      actions: ['iam:PassRole'],
      resourceArns: [options.executionRole.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': SAGEMAKER_SERVICE } },
    }));
  }
  // The statements land in a policy of the principal: acknowledging there covers exactly these ARNs.
  if (grant.principalStatements.length > 0 && Construct.isConstruct(grantee.grantPrincipal)) {
    acknowledgeWildcardResource(grantee.grantPrincipal, serviceJobs, SERVICE_JOBS_REASON);
    acknowledgeWildcardResource(grantee.grantPrincipal, quotaShares, QUOTA_SHARES_REASON);
  }
  return grant;
}
