import { Arn, ArnFormat, ResourceEnvironment, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { acknowledgeWildcardResource } from './nag';

/** A job definition as far as a grant needs it: its name and where it lives (what `IJobDefinition` has). */
export interface JobDefinitionLocation {
  /** The name, without revision. */
  readonly jobDefinitionName: string;
  /** The ARN, with or without revision. */
  readonly jobDefinitionArn: string;
  /** The account and region it lives in. */
  readonly env: ResourceEnvironment;
  /**
   * The consumable resources its jobs need, when known (a definition created in the app):
   * SubmitJob authorizes against them too (Service Authorization Reference, SubmitJob's
   * consumable-resource resource type).
   */
  readonly consumableResources?: ReadonlyArray<{ readonly consumableResourceArn: string }>;
}

/** Why a grant on `NAME:*` is as narrow as SubmitJob allows. */
export const REVISIONS_REASON = 'batch:SubmitJob authorizes against the revision ARN job-definition/NAME:REVISION; '
  + 'NAME:* is one job definition (every revision of it), so a new revision keeps working without widening the grant to other definitions';

/**
 * The ARN of one job definition without a revision, in the definition's own partition,
 * region and account (taken from its ARN), so an imported definition of another account
 * or region is granted where it lives, not in the caller's stack.
 */
export function jobDefinitionNameArn(scope: IConstruct, definition: JobDefinitionLocation, resourceName = definition.jobDefinitionName): string {
  const stack = Stack.of(scope);
  // A literal ARN names its partition too; otherwise the definition's environment
  // (its stack's, or the one an imported ARN token carries).
  const literal = Token.isUnresolved(definition.jobDefinitionArn)
    ? undefined : Arn.split(definition.jobDefinitionArn, ArnFormat.SLASH_RESOURCE_NAME);
  return stack.formatArn({
    partition: literal?.partition,
    region: literal?.region ?? definition.env.region,
    account: literal?.account ?? definition.env.account,
    service: 'batch',
    resource: 'job-definition',
    resourceName,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}

/**
 * The ARN that matches every revision of a job definition: `job-definition/NAME:*`.
 *
 * SubmitJob authorizes against the revision's ARN, so a grant on `NAME:*` keeps
 * working when the definition gets a new revision.
 */
export function jobDefinitionRevisionsArn(scope: IConstruct, definition: JobDefinitionLocation): string {
  return jobDefinitionNameArn(scope, definition, `${definition.jobDefinitionName}:*`);
}

/** The ARNs of the consumable resources a definition's jobs need, each once. */
export function consumableResourceArns(definition: JobDefinitionLocation): string[] {
  return [...new Set((definition.consumableResources ?? []).map((resource) => resource.consumableResourceArn))];
}

/**
 * Grants `batch:SubmitJob` on one queue and every revision of one job definition,
 * nothing wider. Shared by `JobQueue.grantSubmitJob` and `JobDefinition.grantSubmitJob`.
 */
export function grantSubmitJob(scope: IConstruct, grantee: iam.IGrantable, jobQueueArn: string, definition: JobDefinitionLocation): iam.Grant {
  const revisions = jobDefinitionRevisionsArn(scope, definition);
  const grant = iam.Grant.addToPrincipal({
    grantee,
    actions: ['batch:SubmitJob'],
    resourceArns: [jobQueueArn, revisions, ...consumableResourceArns(definition)],
  });
  // The statement lands in a policy of the principal (a role's or user's default policy):
  // acknowledging there covers exactly this ARN, nothing else the principal is given.
  if (grant.principalStatement && Construct.isConstruct(grantee.grantPrincipal)) {
    acknowledgeWildcardResource(grantee.grantPrincipal, revisions, REVISIONS_REASON);
  }
  return grant;
}
