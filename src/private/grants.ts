import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/**
 * The ARN that matches every revision of a job definition: `job-definition/NAME:*`.
 *
 * SubmitJob authorizes against the revision's ARN, so a grant on `NAME:*` keeps
 * working when the definition gets a new revision.
 */
export function jobDefinitionRevisionsArn(scope: IConstruct, jobDefinitionName: string): string {
  return Stack.of(scope).formatArn({
    service: 'batch',
    resource: 'job-definition',
    resourceName: `${jobDefinitionName}:*`,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}

/**
 * Grants `batch:SubmitJob` on one queue and every revision of one job definition,
 * nothing wider. Shared by `JobQueue.grantSubmitJob` and `JobDefinition.grantSubmitJob`.
 */
export function grantSubmitJob(
  scope: IConstruct,
  grantee: iam.IGrantable,
  jobQueueArn: string,
  jobDefinitionName: string,
): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['batch:SubmitJob'],
    resourceArns: [jobQueueArn, jobDefinitionRevisionsArn(scope, jobDefinitionName)],

  });
}
