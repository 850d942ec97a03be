import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ConsumableResource, ConsumableResourceType, JobDefinition, JobQueue, NodeRange, PlatformCapability } from '../../src';
import { synthTemplate, testStack } from '../synth';

/**
 * What a job definition's containers and tasks are given: execution roles (one per task,
 * shared with single containers), the job or task role's grants for ECS Exec and S3 Files, the
 * scopes their log groups and assets bind in, and the SubmitJob grant over consumable resources.
 */

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable');
const fileSystemArn = 'arn:aws:s3files:us-east-1:123456789012:file-system/fs-0123456789abcdef0';
const EXEC = ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'];

function taskRole(stack: Stack, id = 'TaskRole'): iam.Role {
  return new iam.Role(stack, id, { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
}

/** The statements attached to one role, from every AWS::IAM::Policy naming it. */
function statementsOf(template: Template, stack: Stack, role: iam.Role): any[] {
  const id = stack.getLogicalId(role.node.defaultChild as iam.CfnRole);
  return Object.values<any>(template.findResources('AWS::IAM::Policy'))
    .filter((p) => p.Properties.Roles.some((r: any) => r.Ref === id))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

describe('job and task role grants', () => {
  test('ECS Exec on a task: the task role gets exactly the four ssmmessages actions, in the definition\'s ExecuteCommand policy', () => {
    const stack = testStack();
    const role = taskRole(stack);
    const definition = new JobDefinition(stack, 'Def', { ecsTask: { taskRole: role, enableExecuteCommand: true, containers: [{ name: 'app', image }] } });
    const template = synthTemplate(stack);
    expect(statementsOf(template, stack, role)).toEqual([{ Effect: 'Allow', Action: EXEC, Resource: '*' }]);
    expect(definition.node.tryFindChild('ExecuteCommand')).toBeInstanceOf(iam.Policy);
  });

  test('ECS Exec on node ranges: one policy for every range role; none without exec', () => {
    const stack = testStack();
    const a = taskRole(stack, 'A');
    const b = taskRole(stack, 'B');
    new JobDefinition(stack, 'Def', {
      nodeProperties: {
        numNodes: 3,
        mainNode: 0,
        nodeRanges: [
          { targetNodes: NodeRange.of(0, 0), container: { image, jobRole: a, enableExecuteCommand: true } },
          { targetNodes: NodeRange.of(1, 1), ecsTask: { taskRole: b, enableExecuteCommand: true, containers: [{ name: 'w', image }] } },
          { targetNodes: NodeRange.of(2, 2), container: { image, jobRole: a, enableExecuteCommand: true } },
        ],
      },
    });
    new JobDefinition(stack, 'NoExec', { container: { image, jobRole: taskRole(stack, 'C') } });
    const template = synthTemplate(stack);
    const policies = Object.values<any>(template.findResources('AWS::IAM::Policy'));
    expect(policies).toHaveLength(1);
    const refOf = (role: iam.Role) => ({ Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) });
    expect(policies[0].Properties.Roles).toEqual([refOf(a), refOf(b)]);
  });

  test('S3 Files: a read-only volume lets the job role mount the file system, nothing else', () => {
    const stack = testStack();
    const role = taskRole(stack);
    new JobDefinition(stack, 'Def', {
      ecsTask: {
        taskRole: role,
        volumes: [{ name: 'objects', s3Files: { fileSystemArn, readOnly: true } }],
        containers: [{ name: 'app', image, mountPoints: [{ sourceVolume: 'objects', containerPath: '/objects' }] }],
      },
    });
    expect(statementsOf(synthTemplate(stack), stack, role)).toEqual([{ Effect: 'Allow', Action: 's3files:ClientMount', Resource: fileSystemArn }]);
  });
});

describe('execution roles and scopes of a task', () => {
  test('one ECR image makes the task use the shared execution role; its log groups bind per container', () => {
    const stack = testStack();
    const repository = ecr.Repository.fromRepositoryName(stack, 'Repo', 'jobs');
    new JobDefinition(stack, 'Def', {
      ecsTask: {
        containers: [
          {
            name: 'app',
            image: ecs.ContainerImage.fromEcrRepository(repository, 'v1'),
            logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app', logRetention: logs.RetentionDays.ONE_WEEK }),
          },
          { name: 'sidecar', image, logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'sidecar', logRetention: logs.RetentionDays.ONE_WEEK }) },
        ],
      },
    });
    const template = synthTemplate(stack);
    const roles = Object.keys(template.findResources('AWS::IAM::Role'));
    const task = Object.values<any>(template.findResources('AWS::Batch::JobDefinition'))[0].Properties.EcsProperties.TaskProperties[0];
    const executionRole = roles.find((id) => id.startsWith('DefExecutionRole'));
    expect(task.ExecutionRoleArn).toEqual({ 'Fn::GetAtt': [executionRole, 'Arn'] });
    expect(Object.keys(template.findResources('AWS::Logs::LogGroup')).sort()).toEqual([
      expect.stringMatching(/^DefContainersappLogGroup/), expect.stringMatching(/^DefContainerssidecarLogGroup/),
    ]);
  });

  test('a given task execution role is used as given; nothing is created', () => {
    const stack = testStack();
    const executionRole = iam.Role.fromRoleArn(stack, 'Exec', 'arn:aws:iam::123456789012:role/exec', { mutable: false });
    new JobDefinition(stack, 'Def', {
      platformCapabilities: [PlatformCapability.FARGATE],
      ecsTask: { executionRole, containers: [{ name: 'app', image }, { name: 'sidecar', image, vcpus: 1 }] },
    });
    const template = synthTemplate(stack);
    expect(template.findResources('AWS::IAM::Role')).toEqual({});
    const task = Object.values<any>(template.findResources('AWS::Batch::JobDefinition'))[0].Properties.EcsProperties.TaskProperties[0];
    expect(task.ExecutionRoleArn).toBe('arn:aws:iam::123456789012:role/exec');
  });
});

describe('submitting a job that needs consumable resources', () => {
  test('grantSubmitJob covers the queue, the definition\'s revisions and its consumable resources', () => {
    const stack = testStack();
    const licenses = new ConsumableResource(stack, 'Licenses', { resourceType: ConsumableResourceType.REPLENISHABLE, totalQuantity: 4 });
    const definition = new JobDefinition(stack, 'Def', { container: { image }, consumableResources: [{ resource: licenses, quantity: 1 }] });
    const queue = JobQueue.fromJobQueueArn(stack, 'Queue', 'arn:aws:batch:us-east-1:123456789012:job-queue/jobs');
    const submitter = new iam.Role(stack, 'Submitter', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    definition.grantSubmitJob(submitter, queue);
    expect(definition.consumableResources).toEqual([licenses]);
    const [statement] = statementsOf(synthTemplate(stack), stack, submitter);
    expect(statement.Action).toBe('batch:SubmitJob');
    expect(statement.Resource).toHaveLength(3);
    expect(statement.Resource[0]).toBe('arn:aws:batch:us-east-1:123456789012:job-queue/jobs');
    expect(statement.Resource[2]).toEqual({ Ref: stack.getLogicalId(licenses.node.defaultChild as any) });
  });
});
