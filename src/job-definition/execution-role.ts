import { ArnFormat, CfnResource, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { ContainerSettings } from './job-container';
import { acknowledgeWildcardResource } from '../private/nag';

/**
 * The execution roles of one job definition: the one place that decides whether a container
 * has one, creates the definition's shared role, and grants it what its containers use.
 *
 * A container renders an execution role when it gives one (`executionRole`: used as given,
 * nothing is created), when it runs on Fargate (which pulls images and ships logs with it),
 * or when something it has asks for one while it binds: an ECR repository or asset image
 * (the pull grant), a private registry image (read access to its credentials secret), a log
 * driver that ships with it (awslogs: write to its log group), or a secret (read access to it).
 *
 * Every container without a role of its own shares one role, `ExecutionRole` under the
 * definition, created on first use and granted exactly what each container asks for. On
 * Fargate without a log driver, Batch writes the logs to `/aws/batch/job` with it, so the
 * role may write that log group. The definition resource depends on the role's policy, so
 * a job submitted right after deployment finds its grants in place.
 *
 * Images and log drivers of aws-cdk-lib's ECS module bind against an ECS container
 * definition, using only `taskDefinition.obtainExecutionRole()`: a small adapter hands them
 * this role instead, so it exists only when one of them asks.
 */

/**
 * A container as the execution role sees it: its image, log driver and secrets, and the role it
 * was given (a task's containers share the task's `executionRole`).
 */
export interface ExecutionRoleUser extends Pick<ContainerSettings, 'image' | 'logging' | 'secrets'> {
  /** The role given for it, if any. */
  readonly executionRole?: iam.IRole;
}

/** What a container's image, log driver and secrets bound to, and the execution role it renders. */
export interface ContainerBinding {
  /** The image as the container definition names it. */
  readonly image: ecs.ContainerImageConfig;
  /** The log driver's configuration, when the container has one. */
  readonly logging?: ecs.LogDriverConfig;
  /** The secrets as environment variable names and the ARNs they are read from. */
  readonly secrets: ReadonlyArray<{ readonly name: string; readonly valueFrom: string }>;
  /** The execution role the container renders: its own, the shared one, or none. */
  readonly executionRole?: iam.IRole;
}

/** Why the shared role's wildcard entries are as narrow as they can be (cdk-nag acknowledgements). */
const ECR_LOGIN_REASON = 'ecr:GetAuthorizationToken supports no resource-level permissions (Service Authorization Reference for '
  + 'Amazon ECR); the image pull actions are granted on the one repository. This execution role is created for the job definition alone';
const DEFAULT_LOGS_REASON = 'Batch writes the logs of a Fargate job without a log driver to the shared /aws/batch/job log group, in '
  + 'streams it names at run time (NAME/default/TASK_ID); the grant covers that one log group only. Give container.logging with your '
  + 'own log group to get a role that writes only there';

/** The execution roles of one job definition's containers. */
export class ExecutionRoles {
  private shared?: iam.Role;
  private readonly fargateDefaultLogs: boolean;

  /**
   * @param definition the job definition, which the shared role is created under
   * @param fargate whether the definition runs on Fargate
   * @param containers its containers (whether one ships Batch's default Fargate logs with the shared role)
   */
  constructor(private readonly definition: Construct, private readonly fargate: boolean, containers: readonly ExecutionRoleUser[]) {
    // Only a container that uses the shared role ships its default logs with it.
    this.fargateDefaultLogs = fargate && containers.some((container) => container.logging === undefined && container.executionRole === undefined);
  }

  /** The role created for the definition, if any container needed it. */
  public get createdRole(): iam.IRole | undefined {
    return this.shared;
  }

  /**
   * Binds a container's image, log driver and secrets in `scope` (where assets and log groups
   * are created), granting the execution role what they use, in that order.
   */
  public bind(scope: Construct, container: ExecutionRoleUser): ContainerBinding {
    const given = container.executionRole;
    let used = false;
    const executionRole = (): iam.IRole => {
      used = true;
      return given ?? this.sharedRole();
    };
    const adapter = { taskDefinition: { obtainExecutionRole: executionRole } } as unknown as ecs.ContainerDefinition;

    const image = container.image.bind(scope, adapter);
    if (!given && (container.image instanceof ecs.EcrImage || container.image instanceof ecs.AssetImage)) {
      // aws-cdk-lib's pull grant: repository actions on the repository, and the registry login.
      acknowledgeWildcardResource(executionRole(), '*', ECR_LOGIN_REASON);
    }
    const logging = container.logging?.bind(scope, adapter);
    const secrets = Object.entries(container.secrets ?? {}).map(([name, secret]) => {
      secret.grantRead(executionRole());
      return { name, valueFrom: secret.arn };
    });
    if (this.fargate || given) executionRole();
    return { image, logging, secrets, executionRole: used ? given ?? this.shared : undefined };
  }

  /** Makes the definition's resource wait for the created role's policy (the role itself is a GetAtt dependency already). */
  public addDependencies(resource: CfnResource): void {
    const policy = this.shared?.node.tryFindChild('DefaultPolicy');
    if (policy) resource.node.addDependency(policy);
  }

  /** The definition's shared execution role, created on first use. */
  private sharedRole(): iam.Role {
    if (!this.shared) {
      const defaultLogGroup = Stack.of(this.definition).formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: '/aws/batch/job:*',
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
      this.shared = new iam.Role(this.definition, 'ExecutionRole', {
        assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
        description: `Execution role of Batch job definition ${this.definition.node.path}`,
        inlinePolicies: this.fargateDefaultLogs ? {
          Logs: new iam.PolicyDocument({
            statements: [new iam.PolicyStatement({
              actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              resources: [defaultLogGroup],
            })],
          }),
        } : undefined,
      });
      if (this.fargateDefaultLogs) acknowledgeWildcardResource(this.shared, defaultLogGroup, DEFAULT_LOGS_REASON);
    }
    return this.shared;
  }
}
