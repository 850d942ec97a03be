import { ArnFormat, Aws, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import type { DeployTimeJobRunnerOptions } from './deploy-time-job-types';
import { JobRunnerFunction } from './job-runner-function';
import { HANDLER_SINGLETON_ID, STACK_NAME_ENV, SUBMITTED_BY_ENV, SUBMITTED_BY_TAG } from './protocol';
import { consumableResourceArns, jobDefinitionNameArn, jobDefinitionRevisionsArn, JobDefinitionLocation, REVISIONS_REASON } from '../private/grants';
import { acknowledgeWildcardResource } from '../private/nag';
import { QUOTA_SHARES_REASON, quotaSharesArn, SAGEMAKER_SERVICE, SERVICE_JOBS_REASON, serviceJobsArn } from '../private/service-job-grants';

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

  /**
   * Applies the log settings of `DeployTimeJob.configureRunner` to the stack's runner (created
   * now if the stack has none yet). Every call for a stack must give the same settings.
   */
  public static configure(scope: IConstruct, options: DeployTimeJobRunnerOptions): void {
    const runner = JobRunner.of(scope);
    const previous = runner.options;
    if (previous && (previous.logRetention !== options.logRetention || previous.logEncryptionKey !== options.logEncryptionKey)) {
      throw new Error(`[${scope.node.path}] DeployTimeJob.configureRunner was called for stack ${Stack.of(scope).node.path} with other `
        + 'settings before: one runner serves every DeployTimeJob of a stack, so its log settings are given once (or the same each time)');
    }
    runner.options = options;
    const logGroup = runner.logGroup.node.defaultChild as logs.CfnLogGroup;
    logGroup.retentionInDays = options.logRetention ?? logs.RetentionDays.ONE_MONTH;
    if (options.logRetention === logs.RetentionDays.INFINITE) logGroup.retentionInDays = undefined;
    const key = options.logEncryptionKey;
    if (key) {
      logGroup.kmsKeyId = key.keyArn;
      const stack = Stack.of(runner);
      // CloudWatch Logs encrypts with the key as its regional service principal (a no-op for an imported key,
      // whose policy must allow it).
      key.addToResourcePolicy(new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
          },
        },
      }));
    }
  }

  /** The Lambda function CloudFormation sends every job's requests to. */
  public readonly function: lambda.Function;
  /** The handler's permissions; job resources depend on it. */
  public readonly policy: iam.Policy;
  /** SubmitJob on the queues and definitions used, grown by `allowSubmit`. */
  private readonly submitStatement: iam.PolicyStatement;
  private readonly submitResources = new Set<string>();
  /** TagResource on the queues and definitions used (a tagged SubmitJob may be authorized on them). */
  private readonly tagStatement: iam.PolicyStatement;
  /** The tag keys the stack's jobs carry: the only keys SubmitJob and TagResource may set. */
  private readonly tagKeys = new Set<string>([SUBMITTED_BY_TAG]);
  private readonly logGroup: logs.LogGroup;
  private options?: DeployTimeJobRunnerOptions;
  /** The request-tag conditions of every submit and tag statement. */
  private readonly requestTags: Record<string, unknown>;
  /** SubmitServiceJob, TagResource and PassRole of SageMaker training jobs: made by the first `allowSubmitServiceJob`. */
  private serviceJobStatements?: { submit: iam.PolicyStatement; tag: iam.PolicyStatement; passRole: iam.PolicyStatement };
  private readonly serviceQueues = new Set<string>();
  private readonly executionRoles = new Set<string>();
  /** The statements of container jobs, and the runner's own (invoke itself, write its logs). */
  private readonly containerStatements: iam.PolicyStatement[];
  private readonly runnerStatements: iam.PolicyStatement[];
  private readonly kinds = new Set<'container' | 'service'>();

  private constructor(scope: Stack, id: string) {
    super(scope, id);
    const stack = Stack.of(this);

    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Runs the Batch deploy-time jobs of this stack',
    });
    // Retained: the log explains a failed first deployment, whose rollback deletes the stack.
    const logGroup = this.logGroup = new logs.LogGroup(this, 'LogGroup', {
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
    // Tags given at SubmitJob are authorized as batch:TagResource. The Service Authorization
    // Reference lists it as SubmitJob's dependent action (on the new job); live reports saw it
    // checked on the job definition. Both readings are allowed, each only for requests that
    // carry this stack's tag and no keys but the stack's jobs' own.
    const requestTags = {
      'StringEquals': { [`aws:RequestTag/${SUBMITTED_BY_TAG}`]: Aws.STACK_ID },
      'ForAllValues:StringEquals': { 'aws:TagKeys': Lazy.list({ produce: () => [...this.tagKeys] }) },
    };
    this.requestTags = requestTags;
    this.tagStatement = new iam.PolicyStatement({ actions: ['batch:TagResource'], resources: [jobs], conditions: requestTags });
    // The statements are added with the first job of each kind (container jobs: these; SageMaker
    // training jobs: allowSubmitServiceJob's), then the runner's own: a stack with one kind has
    // no statement of the other (a SubmitJob statement without resources is not even valid).
    this.policy = new iam.Policy(this, 'Policy', { roles: [role] });
    this.containerStatements = [
      this.submitStatement,
      // SubmitJob may also authorize on the new job's ARN: only with the runner's own tag.
      new iam.PolicyStatement({ actions: ['batch:SubmitJob'], resources: [jobs], conditions: requestTags }),
      this.tagStatement,
      // No retagging of a job that already carries a submitted-by tag (another stack's
      // deploy-time job, or one of this stack's): it could not be taken over to be terminated.
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        actions: ['batch:TagResource', 'batch:UntagResource'],
        resources: [jobs],
        conditions: { Null: { [`aws:ResourceTag/${SUBMITTED_BY_TAG}`]: 'false' } },
      }),
      // Only jobs this stack's handler submitted can be terminated.
      new iam.PolicyStatement({
        actions: ['batch:TerminateJob'],
        resources: [jobs],
        conditions: { StringEquals: { [`aws:ResourceTag/${SUBMITTED_BY_TAG}`]: Aws.STACK_ID } },
      }),
      // No resource-level permissions exist for these two.
      new iam.PolicyStatement({ actions: ['batch:DescribeJobs', 'batch:ListJobs'], resources: ['*'] }),
    ];
    this.runnerStatements = [
      // The continuation of a long wait invokes the function itself (unqualified or by version).
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.function.functionArn, `${this.function.functionArn}:*`] }),
      new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
    ];

    // The wildcards that remain are the narrowest the services allow (cdk-nag AwsSolutions-IAM5).
    const acknowledge = (resource: string, reason: string) => acknowledgeWildcardResource(this.policy, resource, reason);
    acknowledge(jobs, 'Job ids exist only after SubmitJob, so job ARNs cannot be named in advance. '
      + `SubmitJob and TagResource on job/* require the request tag ${SUBMITTED_BY_TAG}=<this stack id> and allow only the tag keys of this `
      + 'stack\'s jobs; TagResource and UntagResource are denied on jobs that already carry that tag key; TerminateJob requires the tag '
      + 'with this stack id. So the role can terminate the jobs it submitted, and a job of this account and region that has no '
      + `${SUBMITTED_BY_TAG} tag only after tagging it first; it cannot retag or terminate another stack\'s deploy-time jobs. `
      + 'The runner itself terminates only the jobs it finds under its own deterministic job names');
    acknowledge('*', 'batch:DescribeJobs and batch:ListJobs support no resource-level permissions (Service Authorization Reference for AWS Batch); both are read-only');
    acknowledge(`${this.function.functionArn}:*`, 'The handler continues a long wait by invoking itself; :* covers only the versions and aliases of this one function');
  }

  /**
   * Allows SubmitJob on one queue and one job definition: by name without a
   * revision (what Batch evaluates when the request names no revision) and every
   * revision (`NAME:*`); TagResource on both, for the request's tags (`tagKeys`: the user's);
   * and SubmitJob on the consumable resources the job needs (the definition's and the
   * overrides'), which SubmitJob authorizes too.
   */
  public allowSubmit(jobQueueArn: string, jobDefinition: JobDefinitionLocation, tagKeys: readonly string[] = [],
    consumableResources: ReadonlyArray<{ readonly consumableResourceArn: string }> = []): void {
    this.addStatementsOf('container', this.containerStatements);
    const revisions = jobDefinitionRevisionsArn(this, jobDefinition);
    for (const arn of [jobQueueArn, jobDefinitionNameArn(this, jobDefinition), revisions]) {
      if (this.submitResources.has(arn)) continue;
      this.submitResources.add(arn);
      this.submitStatement.addResources(arn);
      this.tagStatement.addResources(arn);
    }
    for (const arn of [...consumableResourceArns(jobDefinition), ...consumableResources.map((resource) => resource.consumableResourceArn)]) {
      if (this.submitResources.has(arn)) continue;
      this.submitResources.add(arn);
      this.submitStatement.addResources(arn);
    }
    tagKeys.forEach((key) => this.tagKeys.add(key));
    acknowledgeWildcardResource(this.policy, revisions, REVISIONS_REASON);
  }

  /** The statements of one kind of job, the first time; the runner's own follow the first kind. */
  private addStatementsOf(kind: 'container' | 'service', statements: iam.PolicyStatement[]): void {
    if (this.kinds.has(kind)) return;
    this.policy.addStatements(...statements);
    if (this.kinds.size === 0) this.policy.addStatements(...this.runnerStatements);
    this.kinds.add(kind);
  }

  /**
   * Allows SubmitServiceJob (a SageMaker training job) on one queue and its quota shares,
   * TagResource for the request's tags, passing the training job's execution role to SageMaker
   * only, and, once per stack, what waiting and terminating take: DescribeServiceJob and
   * ListServiceJobs (no resource-level permissions) and TerminateServiceJob on the service
   * jobs this stack's runner tagged.
   */
  public allowSubmitServiceJob(jobQueueArn: string, executionRole: iam.IRole, tagKeys: readonly string[] = []): void {
    const serviceJobs = serviceJobsArn(this, { jobQueueArn, env: Stack.of(this) });
    if (!this.serviceJobStatements) {
      this.serviceJobStatements = {
        submit: new iam.PolicyStatement({ actions: ['batch:SubmitServiceJob'] }),
        tag: new iam.PolicyStatement({ actions: ['batch:TagResource'], resources: [serviceJobs], conditions: this.requestTags }),
        passRole: new iam.PolicyStatement({
          actions: ['iam:PassRole'], conditions: { StringEquals: { 'iam:PassedToService': SAGEMAKER_SERVICE } },
        }),
      };
      this.addStatementsOf('service', [
        this.serviceJobStatements.submit,
        // The new service job's ARN: only with the runner's own tag, as for SubmitJob.
        new iam.PolicyStatement({ actions: ['batch:SubmitServiceJob'], resources: [serviceJobs], conditions: this.requestTags }),
        this.serviceJobStatements.tag,
        new iam.PolicyStatement({
          effect: iam.Effect.DENY,
          actions: ['batch:TagResource', 'batch:UntagResource'],
          resources: [serviceJobs],
          conditions: { Null: { [`aws:ResourceTag/${SUBMITTED_BY_TAG}`]: 'false' } },
        }),
        new iam.PolicyStatement({
          actions: ['batch:TerminateServiceJob'],
          resources: [serviceJobs],
          conditions: { StringEquals: { [`aws:ResourceTag/${SUBMITTED_BY_TAG}`]: Aws.STACK_ID } },
        }),
        new iam.PolicyStatement({ actions: ['batch:DescribeServiceJob', 'batch:ListServiceJobs'], resources: ['*'] }),
        this.serviceJobStatements.passRole,
      ]);
      acknowledgeWildcardResource(this.policy, serviceJobs, `${SERVICE_JOBS_REASON}. SubmitServiceJob and TagResource on service-job/* `
        + `require the request tag ${SUBMITTED_BY_TAG}=<this stack id>; retagging is denied; TerminateServiceJob requires that tag`);
    }
    const { submit, tag, passRole } = this.serviceJobStatements;
    const quotaShares = quotaSharesArn({ jobQueueArn, env: Stack.of(this) });
    if (!this.serviceQueues.has(jobQueueArn)) {
      this.serviceQueues.add(jobQueueArn);
      submit.addResources(jobQueueArn, quotaShares);
      tag.addResources(jobQueueArn);
      acknowledgeWildcardResource(this.policy, quotaShares, QUOTA_SHARES_REASON);
    }
    if (!this.executionRoles.has(executionRole.roleArn)) {
      this.executionRoles.add(executionRole.roleArn);
      passRole.addResources(executionRole.roleArn);
    }
    tagKeys.forEach((key) => this.tagKeys.add(key));
  }
}
