import { ArnFormat, Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { JobRunnerFunction } from './job-runner-function';
import { HANDLER_SINGLETON_ID, STACK_NAME_ENV, SUBMITTED_BY_ENV, SUBMITTED_BY_TAG } from './protocol';
import { consumableResourceArns, jobDefinitionNameArn, jobDefinitionRevisionsArn, JobDefinitionLocation, REVISIONS_REASON } from '../private/grants';
import { acknowledgeWildcardResource } from '../private/nag';

/**
 * The per-stack job runner of every DeployTimeJob: its function, role, policy and log
 * group (4 resources, however many jobs the stack has). Its construct id and the
 * function's logical id are `HANDLER_SINGLETON_ID`, kept from the first release.
 *
 * The permissions live in a separate `AWS::IAM::Policy` rather than the role's
 * default policy: the policy names the function's own ARN (for the continuation
 * invoke), and a default policy would make the function depend on it, a cycle.
 * Each job resource depends on the policy instead, so the handler never runs
 * without its permissions.
 */
export class JobRunner extends Construct {
  /** The job runner of the stack that contains `scope`, created on first use. */
  public static of(scope: IConstruct): JobRunner {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(HANDLER_SINGLETON_ID);
    return existing instanceof JobRunner ? existing : new JobRunner(stack, HANDLER_SINGLETON_ID);
  }

  /** The Lambda function CloudFormation sends every job's requests to. */
  public readonly function: lambda.Function;
  /** The handler's permissions; job resources depend on it. */
  public readonly policy: iam.Policy;
  /** SubmitJob on the queues and definitions used, grown by `allowSubmit`. */
  private readonly submitStatement: iam.PolicyStatement;
  private readonly submitResources = new Set<string>();

  private constructor(scope: Stack, id: string) {
    super(scope, id);
    const stack = Stack.of(this);

    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Runs the Batch deploy-time jobs of this stack',
    });
    // Retained: the log explains a failed first deployment, whose rollback deletes the stack.
    const logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // The projen-generated function bundles src/deploy-time-job/runtime/job-runner.lambda.ts
    // and uses the newest Node.js runtime aws-cdk-lib knows.
    this.function = new JobRunnerFunction(this, 'Function', {
      description: 'Submits, waits for and terminates the Batch deploy-time jobs of this stack',
      role,
      logGroup,
      // Lambda's limit; the handler continues in a new invocation before it.
      timeout: Duration.minutes(15),
      // The handler mostly waits on Batch; 256 MB (not 128) buys the CPU share that
      // keeps the SDK's cold start short, at a negligible cost for a deploy-time wait.
      memorySize: 256,
      environment: {
        [SUBMITTED_BY_ENV]: Aws.STACK_ID,
        [STACK_NAME_ENV]: Aws.STACK_NAME,
      },
    });
    // A stable logical id: refactoring this construct must not replace the function.
    (this.function.node.defaultChild as lambda.CfnFunction).overrideLogicalId(HANDLER_SINGLETON_ID);

    const jobs = stack.formatArn({ service: 'batch', resource: 'job', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    this.submitStatement = new iam.PolicyStatement({ actions: ['batch:SubmitJob'] });
    this.policy = new iam.Policy(this, 'Policy', {
      roles: [role],
      statements: [
        this.submitStatement,
        // SubmitJob also authorizes on the new job's ARN, and tags given at submit
        // are authorized as batch:TagResource: both only with the handler's own tag.
        new iam.PolicyStatement({
          actions: ['batch:SubmitJob', 'batch:TagResource'],
          resources: [jobs],
          conditions: { StringEquals: { [`aws:RequestTag/${SUBMITTED_BY_TAG}`]: Aws.STACK_ID } },
        }),
        // Only jobs this stack's handler submitted can be terminated.
        new iam.PolicyStatement({
          actions: ['batch:TerminateJob'],
          resources: [jobs],
          conditions: { StringEquals: { [`aws:ResourceTag/${SUBMITTED_BY_TAG}`]: Aws.STACK_ID } },
        }),
        // No resource-level permissions exist for these two.
        new iam.PolicyStatement({ actions: ['batch:DescribeJobs', 'batch:ListJobs'], resources: ['*'] }),
        // The continuation of a long wait invokes the function itself (unqualified or by version).
        new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.function.functionArn, `${this.function.functionArn}:*`] }),
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
      ],
    });

    // The wildcards that remain are the narrowest the services allow (cdk-nag AwsSolutions-IAM5).
    const acknowledge = (resource: string, reason: string) => acknowledgeWildcardResource(this.policy, resource, reason);
    acknowledge(jobs, 'Job ids exist only after SubmitJob, so job ARNs cannot be named in advance; '
      + `SubmitJob/TagResource require the request tag ${SUBMITTED_BY_TAG}=<this stack id> and TerminateJob requires that resource tag, `
      + 'so the handler can only create and terminate jobs of its own stack');
    acknowledge('*', 'batch:DescribeJobs and batch:ListJobs support no resource-level permissions (Service Authorization Reference for AWS Batch); both are read-only');
    acknowledge(`${this.function.functionArn}:*`, 'The handler continues a long wait by invoking itself; :* covers only the versions and aliases of this one function');
  }

  /**
   * Allows SubmitJob on one queue and one job definition: by name without a
   * revision (what Batch evaluates when the request names no revision) and every
   * revision (`NAME:*`); and on the consumable resources the job needs (the
   * definition's and the overrides'), which SubmitJob authorizes too.
   */
  public allowSubmit(jobQueueArn: string, jobDefinition: JobDefinitionLocation,
    consumableResources: ReadonlyArray<{ readonly consumableResourceArn: string }> = []): void {
    const revisions = jobDefinitionRevisionsArn(this, jobDefinition);
    const resources = [...consumableResourceArns(jobDefinition), ...consumableResources.map((resource) => resource.consumableResourceArn)];
    for (const arn of [jobQueueArn, jobDefinitionNameArn(this, jobDefinition), revisions, ...resources]) {
      if (this.submitResources.has(arn)) continue;
      this.submitResources.add(arn);
      this.submitStatement.addResources(arn);
    }
    acknowledgeWildcardResource(this.policy, revisions, REVISIONS_REASON);
  }
}
