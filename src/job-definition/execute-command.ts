import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeWildcardResource } from '../private/nag';
import { Problem, problem } from '../private/validation/problem';
import { defineRules, source, SourceDocument } from '../private/validation/rule';

/**
 * ECS Exec (`enableExecuteCommand`): opening a shell or running a command in a running job's
 * container with `aws ecs execute-command`. The SSM agent in the container talks to Systems
 * Manager through `ssmmessages`, authorized by the task role (a container's `jobRole`, a task's
 * `taskRole`), which the job definition grants these actions.
 */

/** The actions the task role needs for ECS Exec: all of `ssmmessages`. */
export const EXECUTE_COMMAND_ACTIONS = [
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
];

const ECS_EXEC = 'ecs-exec.html (Monitor Amazon ECS containers with ECS Exec)';

export const EXECUTE_COMMAND_RULES = defineRules('JobDefinition', {
  executeCommandRole: {
    severity: 'error',
    properties: 'container.enableExecuteCommand + container.jobRole, ecsTask.enableExecuteCommand + ecsTask.taskRole',
    summary: 'ECS Exec needs a job role (task role): the SSM agent in the container uses it.',
    sources: [source(SourceDocument.ECS_DEVELOPER_GUIDE, ECS_EXEC, 'ECS Exec needs a task IAM role that allows the ssmmessages '
      + 'actions CreateControlChannel, CreateDataChannel, OpenControlChannel and OpenDataChannel.')],
  },
  executeCommandPlatformVersion: {
    severity: 'error',
    properties: 'fargate.platformVersion with enableExecuteCommand',
    summary: 'ECS Exec on Linux Fargate needs platform version 1.4.0 or later.',
    sources: [source(SourceDocument.ECS_DEVELOPER_GUIDE, ECS_EXEC, 'ECS Exec needs Fargate platform version 1.4.0 or later on Linux '
      + '(1.0.0 or later on Windows).')],
  },
  executeCommandReadonlyRoot: {
    severity: 'warning',
    properties: 'readonlyRootFilesystem with enableExecuteCommand',
    summary: 'ECS Exec does not work in a container with a read-only root file system, unless writable volumes are mounted where the SSM agent writes.',
    sources: [source(SourceDocument.ECS_DEVELOPER_GUIDE, ECS_EXEC, 'The SSM agent needs a writable container file system: a read-only '
      + 'root file system is not supported.')],
  },
});

/** The platform versions below 1.4.0 (ecs.FargatePlatformVersion's older values). */
const BEFORE_1_4 = /^1\.[0-3]\.[0-9]+$/;

/**
 * The checks of ECS Exec on one container or task.
 * @param property where exec is turned on, e.g. `container.enableExecuteCommand`
 * @param roleProperty the role it needs, e.g. `container.jobRole`
 */
export function executeCommandProblems(options: {
  readonly property: string;
  readonly roleProperty: string;
  readonly role: iam.IRole | undefined;
  readonly windows: boolean;
  readonly platformVersion?: string;
  readonly platformVersionProperty: string;
  readonly readonlyRootFilesystems: readonly string[];
}): Problem[] {
  const { property } = options;
  return [
    options.role === undefined
      ? problem(EXECUTE_COMMAND_RULES.executeCommandRole, options.roleProperty, undefined, `is required with ${property}`,
        'ECS Exec runs with the task role; give one (it is granted the ssmmessages actions)')
      : undefined,
    !options.windows && options.platformVersion !== undefined && BEFORE_1_4.test(options.platformVersion)
      ? problem(EXECUTE_COMMAND_RULES.executeCommandPlatformVersion, options.platformVersionProperty, options.platformVersion,
        `must be 1.4.0 or later with ${property}`, 'Use ecs.FargatePlatformVersion.LATEST or VERSION1_4')
      : undefined,
    ...options.readonlyRootFilesystems.map((readonly) => problem(EXECUTE_COMMAND_RULES.executeCommandReadonlyRoot, readonly, true,
      `stops ECS Exec (${property}) from working: the SSM agent writes to the container's file system`,
      'Mount writable volumes at /managed-agents, /var/lib/amazon/ssm and /var/log/amazon/ssm, or turn one of the two off')),
  ];
}

/**
 * Grants task roles what ECS Exec needs, in a policy of its own (so the acknowledged wildcard
 * covers these actions only), attached to each role.
 * @param scope where the policy is created (the job definition)
 * @param id the policy's construct id
 */
export function grantExecuteCommand(scope: Construct, id: string, roles: readonly iam.IRole[]): iam.Policy {
  const policy = new iam.Policy(scope, id, {
    statements: [new iam.PolicyStatement({ actions: EXECUTE_COMMAND_ACTIONS, resources: ['*'] })],
  });
  for (const role of roles) role.attachInlinePolicy(policy);
  acknowledgeWildcardResource(policy, '*', 'The ssmmessages actions support no resource-level permissions (Service Authorization '
    + 'Reference for Amazon Session Manager Message Gateway Service); this policy holds only the four actions ECS Exec needs');
  return policy;
}
