import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EXECUTE_COMMAND_ACTIONS, executeCommandProblems, grantExecuteCommand } from '../../src/job-definition/execute-command';
import { found } from '../rule-findings';

const stack = new Stack();
const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
const base = {
  property: 'container.enableExecuteCommand',
  roleProperty: 'container.jobRole',
  role: role as iam.IRole | undefined,
  windows: false,
  platformVersionProperty: 'container.fargate.platformVersion',
  readonlyRootFilesystems: [] as string[],
};

describe('ECS Exec rules', () => {
  test('a role and a recent platform pass', () => {
    expect(found(executeCommandProblems({ ...base, platformVersion: '1.4.0' }))).toEqual([]);
    expect(found(executeCommandProblems({ ...base, platformVersion: 'LATEST' }))).toEqual([]);
    expect(found(executeCommandProblems({ ...base, platformVersion: '1.0.0', windows: true }))).toEqual([]);
  });

  test('no role, an old platform, a read-only root file system', () => {
    expect(found(executeCommandProblems({ ...base, role: undefined, platformVersion: '1.3.0', readonlyRootFilesystems: ['container.readonlyRootFilesystem'] }))).toEqual([
      {
        rule: 'executeCommandRole',
        severity: 'error',
        message: 'container.jobRole is required with container.enableExecuteCommand, got undefined. '
        + 'ECS Exec runs with the task role; give one (it is granted the ssmmessages actions)',
      },
      {
        rule: 'executeCommandPlatformVersion',
        severity: 'error',
        message: 'container.fargate.platformVersion must be 1.4.0 or later with '
        + 'container.enableExecuteCommand, got "1.3.0". Use ecs.FargatePlatformVersion.LATEST or VERSION1_4',
      },
      {
        rule: 'executeCommandReadonlyRoot',
        severity: 'warning',
        message: 'container.readonlyRootFilesystem stops ECS Exec (container.enableExecuteCommand) '
        + 'from working: the SSM agent writes to the container\'s file system, got true. Mount writable volumes at /managed-agents, /var/lib/amazon/ssm '
        + 'and /var/log/amazon/ssm, or turn one of the two off',
      },
    ]);
  });

  test('the grant: one policy with exactly the four ssmmessages actions, attached to the role', () => {
    const s = new Stack();
    const r = new iam.Role(s, 'Role', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    grantExecuteCommand(s, 'ExecuteCommand', [r]);
    const policies = Object.values(Template.fromStack(s).findResources('AWS::IAM::Policy'));
    expect(policies).toHaveLength(1);
    expect(policies[0].Properties.Roles).toEqual([{ Ref: s.getLogicalId(r.node.defaultChild as any) }]);
    expect(policies[0].Properties.PolicyDocument.Statement).toEqual([{ Effect: 'Allow', Action: EXECUTE_COMMAND_ACTIONS, Resource: '*' }]);
    expect(EXECUTE_COMMAND_ACTIONS).toEqual(['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel',
      'ssmmessages:OpenDataChannel']);
  });
});
