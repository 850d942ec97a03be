import { CfnParameter, Size, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { synthTemplate, testStack } from './synth';
import {
  AllocationStrategy, ComputeEnvironment, ComputeResourceType, ConsumableResource, ConsumableResourceType, DeployTimeJob, JobDefinition, JobQueue,
  PlatformCapability, ServiceEnvironment,
} from '../src';

/**
 * Every IAM principal and statement the library creates, per construct, asserted as an
 * exact set: a new role, a new managed policy or a widened action, resource or condition
 * fails here. The DeployTimeJob handler's complete policy is asserted in
 * deploy-time-job/job-runner.test.ts ('exact statements for two queues and two job definitions');
 * this file adds where its job definition ARNs point.
 */

const ACCOUNT_ARN = 'arn:aws:batch:us-east-1:123456789012';
const PARTITION = { Ref: 'AWS::Partition' };

/** The execution role a Fargate job definition gets by default: it may only write log streams of /aws/batch/job. */
const FARGATE_DEFAULT_EXECUTION_ROLE = {
  principal: { Service: 'ecs-tasks.amazonaws.com' },
  managedPolicies: [],
  statements: [{
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    resources: [{ 'Fn::Join': ['', ['arn:', PARTITION, ':logs:us-east-1:123456789012:log-group:/aws/batch/job:*']] }],
  }],
};
const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable');

/** A statement as compared here: actions and resources as sorted lists. */
interface Statement {
  readonly actions: string[];
  readonly resources: unknown[];
  readonly condition?: unknown;
  readonly effect?: 'Deny';
}

/** What one role can do: who assumes it, its managed policies, and every statement given to it. */
interface RoleAccess {
  readonly principal: unknown;
  readonly managedPolicies: unknown[];
  readonly statements: Statement[];
}

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

function normalize(statement: any): Statement {
  // Only the DeployTimeJob runner's policy has a Deny (no retagging of deploy-time jobs); it is marked.
  expect(['Allow', 'Deny']).toContain(statement.Effect);
  return {
    ...(statement.Effect === 'Deny' ? { effect: 'Deny' } : {}),
    actions: list<string>(statement.Action).sort(),
    resources: list(statement.Resource),
    ...(statement.Condition ? { condition: statement.Condition } : {}),
  };
}

/** Every role of the template by logical id, with its inline and attached policy statements. */
function rolesOf(template: Template): Record<string, RoleAccess> {
  const resources = template.toJSON().Resources as Record<string, any>;
  const roles: Record<string, RoleAccess> = {};
  for (const [id, role] of Object.entries(resources).filter(([, r]) => r.Type === 'AWS::IAM::Role')) {
    const assume = role.Properties.AssumeRolePolicyDocument.Statement;
    expect(assume).toHaveLength(1);
    const inline = list<any>(role.Properties.Policies).flatMap((p) => p.PolicyDocument.Statement);
    const attached = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && list<any>(r.Properties.Roles).some((ref) => ref.Ref === id))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    roles[id] = {
      principal: assume[0].Principal,
      managedPolicies: list(role.Properties.ManagedPolicyArns),
      statements: [...inline, ...attached].map(normalize),
    };
  }
  return roles;
}

/** An AWS managed policy ARN as the template writes it. */
function managedPolicy(name: string): unknown {
  return { 'Fn::Join': ['', ['arn:', PARTITION, `:iam::aws:policy/${name}`]] };
}

function vpcOf(stack: Stack): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'Private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
}

function environment(stack: Stack, id: string, type: ComputeResourceType, allocationStrategy?: AllocationStrategy): ComputeEnvironment {
  return new ComputeEnvironment(stack, id, {
    computeResources: { vpc: vpcOf(stack), type, allocationStrategy, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } },
    replaceComputeEnvironment: allocationStrategy === AllocationStrategy.BEST_FIT ? true : undefined,
  });
}

describe('ComputeEnvironment IAM', () => {
  test('On-Demand: one instance role for EC2 with only AmazonEC2ContainerServiceforEC2Role, and its instance profile', () => {
    const stack = testStack();
    const ce = environment(stack, 'OnDemand', ComputeResourceType.ON_DEMAND);
    const template = synthTemplate(stack);
    const roleId = stack.getLogicalId(ce.instanceRole!.node.defaultChild as iam.CfnRole);
    expect(rolesOf(template)).toEqual({
      [roleId]: {
        principal: { Service: 'ec2.amazonaws.com' },
        managedPolicies: [managedPolicy('service-role/AmazonEC2ContainerServiceforEC2Role')],
        statements: [],
      },
    });
    template.resourceCountIs('AWS::IAM::InstanceProfile', 1);
    template.hasResourceProperties('AWS::IAM::InstanceProfile', { Roles: [{ Ref: roleId }] });
  });

  test('Spot with the default strategy: the instance role only (Batch uses its service-linked role for the fleet)', () => {
    const stack = testStack();
    environment(stack, 'Spot', ComputeResourceType.SPOT);
    const roles = Object.values(rolesOf(synthTemplate(stack)));
    expect(roles.map((r) => r.principal)).toEqual([{ Service: 'ec2.amazonaws.com' }]);
  });

  test('Spot with BEST_FIT: a Spot Fleet role with only AmazonEC2SpotFleetTaggingRole, beside the instance role', () => {
    const stack = testStack();
    const ce = environment(stack, 'Spot', ComputeResourceType.SPOT, AllocationStrategy.BEST_FIT);
    const roles = rolesOf(synthTemplate(stack));
    expect(roles[stack.getLogicalId(ce.spotFleetRole!.node.defaultChild as iam.CfnRole)]).toEqual({
      principal: { Service: 'spotfleet.amazonaws.com' },
      managedPolicies: [managedPolicy('service-role/AmazonEC2SpotFleetTaggingRole')],
      statements: [],
    });
    expect(Object.keys(roles)).toHaveLength(2);
  });

  test('an existing instance profile: no role, no instance profile, no policy created; Batch gets the profile ARN', () => {
    const stack = testStack();
    const profile = iam.InstanceProfile.fromInstanceProfileName(stack, 'Profile', 'ecsInstanceRole');
    const ce = new ComputeEnvironment(stack, 'OnDemand', {
      computeResources: { vpc: vpcOf(stack), vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, instanceProfile: profile },
    });
    const template = synthTemplate(stack);
    expect(rolesOf(template)).toEqual({});
    template.resourceCountIs('AWS::IAM::InstanceProfile', 0);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
    template.hasResourceProperties('AWS::Batch::ComputeEnvironment', {
      ComputeResources: { InstanceRole: { 'Fn::Join': ['', ['arn:', PARTITION, ':iam::123456789012:instance-profile/ecsInstanceRole']] } },
    });
    expect(ce.instanceRole).toBeUndefined();
  });

  test('a named instance profile: the same one role and one profile as the default, the profile with that name', () => {
    const stack = testStack();
    const ce = new ComputeEnvironment(stack, 'OnDemand', {
      computeResources: { vpc: vpcOf(stack), vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, instanceProfileName: 'batch-instances' },
    });
    const template = synthTemplate(stack);
    const roleId = stack.getLogicalId(ce.instanceRole!.node.defaultChild as iam.CfnRole);
    expect(rolesOf(template)).toEqual({
      [roleId]: {
        principal: { Service: 'ec2.amazonaws.com' },
        managedPolicies: [managedPolicy('service-role/AmazonEC2ContainerServiceforEC2Role')],
        statements: [],
      },
    });
    template.resourceCountIs('AWS::IAM::InstanceProfile', 1);
    template.hasResourceProperties('AWS::IAM::InstanceProfile', { InstanceProfileName: 'batch-instances', Roles: [{ Ref: roleId }] });
  });

  test('Fargate: no role at all', () => {
    const stack = testStack();
    environment(stack, 'Fargate', ComputeResourceType.FARGATE);
    expect(rolesOf(synthTemplate(stack))).toEqual({});
  });

  test('EKS: one node role for EC2 with only the EKS worker, ECR pull-only and VPC CNI policies, its instance profile; the access '
    + 'it configures adds an access entry, no IAM', () => {
    const stack = testStack();
    const cluster = eks.Cluster.fromClusterAttributes(stack, 'Cluster', {
      clusterName: 'jobs', kubectlRoleArn: 'arn:aws:iam::123456789012:role/kubectl', clusterSecurityGroupId: 'sg-0123456789abcdef0',
    });
    const ce = new ComputeEnvironment(stack, 'Eks', {
      eks: { cluster, kubernetesNamespace: 'batch', configureClusterAccess: true },
      computeResources: { vpc: vpcOf(stack), vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } },
    });
    const template = synthTemplate(stack);
    const roleId = stack.getLogicalId(ce.instanceRole!.node.defaultChild as iam.CfnRole);
    expect(rolesOf(template)).toEqual({
      [roleId]: {
        principal: { Service: 'ec2.amazonaws.com' },
        managedPolicies: [managedPolicy('AmazonEKSWorkerNodePolicy'), managedPolicy('AmazonEC2ContainerRegistryPullOnly'), managedPolicy('AmazonEKS_CNI_Policy')],
        statements: [],
      },
    });
    template.resourceCountIs('AWS::IAM::InstanceProfile', 1);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::EKS::AccessEntry', { PrincipalArn: { 'Fn::GetAtt': [roleId, 'Arn'] }, Type: 'EC2_LINUX', AccessPolicies: Match.absent() });
  });
});

describe('JobDefinition IAM', () => {
  test('EC2 with a public image: no role', () => {
    const stack = testStack();
    new JobDefinition(stack, 'Def', { container: { image } });
    expect(rolesOf(synthTemplate(stack))).toEqual({});
  });

  test('EKS with a public or an ECR image: no role (the nodes pull with their instance role)', () => {
    const stack = testStack();
    const repository = ecr.Repository.fromRepositoryName(stack, 'Repository', 'jobs');
    new JobDefinition(stack, 'Def', {
      eksPod: { containers: [{ image, name: 'main' }, { image: ecs.ContainerImage.fromEcrRepository(repository, 'v1'), name: 'side' }] },
    });
    const template = synthTemplate(stack);
    expect(rolesOf(template)).toEqual({});
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('Fargate default: an execution role that may only write log streams of the /aws/batch/job group', () => {
    const stack = testStack();
    new JobDefinition(stack, 'Def', { platformCapabilities: [PlatformCapability.FARGATE], container: { image } });
    expect(Object.values(rolesOf(synthTemplate(stack)))).toEqual([FARGATE_DEFAULT_EXECUTION_ROLE]);
  });

  test('Fargate with a secret: the log statement and read access to that one secret', () => {
    const stack = testStack();
    const secret = new secretsmanager.Secret(stack, 'Secret');
    new JobDefinition(stack, 'Def', {
      platformCapabilities: [PlatformCapability.FARGATE],
      container: { image, secrets: { TOKEN: ecs.Secret.fromSecretsManager(secret) } },
    });
    const [role] = Object.values(rolesOf(synthTemplate(stack)));
    expect(role.statements).toEqual([
      expect.objectContaining({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'] }),
      { actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], resources: [{ Ref: stack.getLogicalId(secret.node.defaultChild as any) }] },
    ]);
  });

  test('an ECR image: pull from that one repository, and the registry login (which has no resource-level permissions)', () => {
    const stack = testStack();
    const repository = ecr.Repository.fromRepositoryName(stack, 'Repository', 'jobs');
    new JobDefinition(stack, 'Def', { container: { image: ecs.ContainerImage.fromEcrRepository(repository, 'v1') } });
    expect(Object.values(rolesOf(synthTemplate(stack)))).toEqual([{
      principal: { Service: 'ecs-tasks.amazonaws.com' },
      managedPolicies: [],
      statements: [
        {
          actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
          resources: [{ 'Fn::Join': ['', ['arn:', PARTITION, ':ecr:us-east-1:123456789012:repository/jobs']] }],
        },
        { actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
      ],
    }]);
  });
});

describe('multi-container jobs, ECS Exec, S3 Files and consumable resources IAM', () => {
  const taskRole = (stack: Stack) => new iam.Role(stack, 'TaskRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
  const roleOf = (stack: Stack, template: Template, role: iam.Role) => rolesOf(template)[stack.getLogicalId(role.node.defaultChild as iam.CfnRole)];

  test('a Fargate task of two public images: one execution role for the task, with only the default log statement', () => {
    const stack = testStack();
    new JobDefinition(stack, 'Def', {
      platformCapabilities: [PlatformCapability.FARGATE],
      ecsTask: { containers: [{ name: 'main', image, vcpus: 0.5, memory: Size.mebibytes(1024) }, { name: 'sidecar', image, vcpus: 0.5, memory: Size.mebibytes(1024) }] },
    });
    expect(Object.values(rolesOf(synthTemplate(stack)))).toEqual([FARGATE_DEFAULT_EXECUTION_ROLE]);
  });

  test('ECS Exec: the task role gets exactly the four ssmmessages actions (no resource-level permissions exist)', () => {
    const stack = testStack();
    const role = taskRole(stack);
    new JobDefinition(stack, 'Def', { ecsTask: { taskRole: role, enableExecuteCommand: true, containers: [{ name: 'main', image }] } });
    expect(roleOf(stack, synthTemplate(stack), role)).toEqual({
      principal: { Service: 'ecs-tasks.amazonaws.com' },
      managedPolicies: [],
      statements: [{
        actions: ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'],
        resources: ['*'],
      }],
    });
  });

  test('an S3 Files volume: the job role may mount and write that one file system; root access only when asked', () => {
    const stack = testStack();
    const role = taskRole(stack);
    const fileSystemArn = 'arn:aws:s3files:us-east-1:123456789012:file-system/fs-0123456789abcdef0';
    new JobDefinition(stack, 'Def', {
      container: {
        image,
        jobRole: role,
        volumes: [{ name: 'objects', s3Files: { fileSystemArn } }, { name: 'root', s3Files: { fileSystemArn: `${fileSystemArn}1`, readOnly: true, rootAccess: true } }],
      },
    });
    expect(roleOf(stack, synthTemplate(stack), role).statements).toEqual([
      { actions: ['s3files:ClientMount', 's3files:ClientWrite'], resources: [fileSystemArn] },
      { actions: ['s3files:ClientMount', 's3files:ClientRootAccess'], resources: [`${fileSystemArn}1`] },
    ]);
  });

  test('grantSubmitJob of a definition that needs consumable resources: the queue, NAME:* and those resources', () => {
    const stack = testStack();
    const licenses = new ConsumableResource(stack, 'Licenses', { resourceType: ConsumableResourceType.REPLENISHABLE, totalQuantity: 4 });
    const queue = JobQueue.fromJobQueueArn(stack, 'Queue', `${ACCOUNT_ARN}:job-queue/jobs`);
    const definition = new JobDefinition(stack, 'Def', {
      jobDefinitionName: 'licensed', container: { image }, consumableResources: [{ resource: licenses, quantity: 1 }],
    });
    const role = new iam.Role(stack, 'Submitter', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    queue.grantSubmitJob(role, definition);
    expect(roleOf(stack, synthTemplate(stack), role).statements).toEqual([{
      actions: ['batch:SubmitJob'],
      resources: [
        `${ACCOUNT_ARN}:job-queue/jobs`,
        { 'Fn::Join': ['', ['arn:', PARTITION, ':batch:us-east-1:123456789012:job-definition/licensed:*']] },
        { Ref: stack.getLogicalId(licenses.node.defaultChild as any) },
      ],
    }]);
  });

  test('ConsumableResource grants: read and update on that one resource', () => {
    const stack = testStack();
    const pool = ConsumableResource.fromConsumableResourceArn(stack, 'Pool', `${ACCOUNT_ARN}:consumable-resource/budget`);
    const role = new iam.Role(stack, 'Refiller', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    pool.grantRead(role);
    pool.grantUpdate(role);
    expect(roleOf(stack, synthTemplate(stack), role).statements).toEqual([
      { actions: ['batch:DescribeConsumableResource', 'batch:ListJobsByConsumableResource'], resources: [`${ACCOUNT_ARN}:consumable-resource/budget`] },
      { actions: ['batch:UpdateConsumableResource'], resources: [`${ACCOUNT_ARN}:consumable-resource/budget`] },
    ]);
  });
});

describe('grantSubmitJob', () => {
  const SUBMIT_ONLY = (queueArn: unknown, definitionRevisions: unknown) => [{ actions: ['batch:SubmitJob'], resources: [queueArn, definitionRevisions] }];

  function submitter(stack: Stack): iam.Role {
    return new iam.Role(stack, 'Submitter', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  }

  test('queue.grantSubmitJob and definition.grantSubmitJob give the same single statement: the queue and NAME:*', () => {
    for (const viaQueue of [true, false]) {
      const stack = testStack();
      const queue = JobQueue.fromJobQueueArn(stack, 'Queue', `${ACCOUNT_ARN}:job-queue/jobs`);
      const definition = new JobDefinition(stack, 'Def', { jobDefinitionName: 'migrate', container: { image } });
      const role = submitter(stack);
      if (viaQueue) queue.grantSubmitJob(role, definition); else definition.grantSubmitJob(role, queue);
      const roles = rolesOf(synthTemplate(stack));
      expect(roles[stack.getLogicalId(role.node.defaultChild as iam.CfnRole)].statements).toEqual(SUBMIT_ONLY(
        `${ACCOUNT_ARN}:job-queue/jobs`,
        { 'Fn::Join': ['', ['arn:', PARTITION, ':batch:us-east-1:123456789012:job-definition/migrate:*']] },
      ));
    }
  });

  test('a definition imported from another account and region is granted there, not in the caller\'s', () => {
    const stack = testStack();
    const queue = JobQueue.fromJobQueueArn(stack, 'Queue', 'arn:aws:batch:eu-west-1:111111111111:job-queue/shared');
    const definition = JobDefinition.fromJobDefinitionArn(stack, 'Def', 'arn:aws:batch:eu-west-1:111111111111:job-definition/report:7');
    const role = submitter(stack);
    queue.grantSubmitJob(role, definition);
    expect(rolesOf(synthTemplate(stack))[stack.getLogicalId(role.node.defaultChild as iam.CfnRole)].statements).toEqual(SUBMIT_ONLY(
      'arn:aws:batch:eu-west-1:111111111111:job-queue/shared',
      'arn:aws:batch:eu-west-1:111111111111:job-definition/report:*',
    ));
  });

  test('a definition imported by an ARN token is granted in the account and region of that ARN', () => {
    const stack = testStack();
    const arn = new CfnParameter(stack, 'DefinitionArn').valueAsString;
    const definition = JobDefinition.fromJobDefinitionArn(stack, 'Def', arn);
    const role = submitter(stack);
    definition.grantSubmitJob(role, JobQueue.fromJobQueueArn(stack, 'Queue', `${ACCOUNT_ARN}:job-queue/jobs`));
    const [, revisions] = rolesOf(synthTemplate(stack))[stack.getLogicalId(role.node.defaultChild as iam.CfnRole)].statements[0].resources;
    const fromArn = (index: number) => ({ 'Fn::Select': [index, { 'Fn::Split': [':', { Ref: 'DefinitionArn' }] }] });
    expect(JSON.stringify(revisions)).toContain(JSON.stringify(fromArn(3)));
    expect(JSON.stringify(revisions)).toContain(JSON.stringify(fromArn(4)));
    expect(JSON.stringify(revisions)).not.toContain('us-east-1');
  });

  test('a definition imported by name is granted in the stack\'s account and region', () => {
    const stack = testStack();
    const role = submitter(stack);
    JobDefinition.fromJobDefinitionName(stack, 'Def', 'nightly')
      .grantSubmitJob(role, JobQueue.fromJobQueueArn(stack, 'Queue', `${ACCOUNT_ARN}:job-queue/jobs`));
    expect(rolesOf(synthTemplate(stack))[stack.getLogicalId(role.node.defaultChild as iam.CfnRole)].statements).toEqual(SUBMIT_ONLY(
      `${ACCOUNT_ARN}:job-queue/jobs`,
      { 'Fn::Join': ['', ['arn:', PARTITION, ':batch:us-east-1:123456789012:job-definition/nightly:*']] },
    ));
  });
});

describe('grantSubmitServiceJob (SageMaker training queues)', () => {
  function submitter(stack: Stack): iam.Role {
    return new iam.Role(stack, 'Submitter', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  }
  const statementsOf = (stack: Stack, role: iam.Role) =>
    rolesOf(synthTemplate(stack))[stack.getLogicalId(role.node.defaultChild as iam.CfnRole)].statements;

  test('exactly SubmitServiceJob on the queue, its service jobs and its quota shares; nothing for SageMaker', () => {
    const stack = testStack();
    const role = submitter(stack);
    JobQueue.fromJobQueueArn(stack, 'Queue', `${ACCOUNT_ARN}:job-queue/training`).grantSubmitServiceJob(role);
    expect(statementsOf(stack, role)).toEqual([{
      actions: ['batch:SubmitServiceJob'],
      resources: [`${ACCOUNT_ARN}:job-queue/training`, `${ACCOUNT_ARN}:service-job/*`, `${ACCOUNT_ARN}:job-queue/training/quota-share/*`],
    }]);
  });

  test('with tagging and the execution role: TagResource on the service jobs, PassRole of that role to SageMaker only', () => {
    const stack = testStack();
    const role = submitter(stack);
    const executionRole = new iam.Role(stack, 'Execution', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    const training = new ServiceEnvironment(stack, 'Training', { capacityLimits: [{ maxCapacity: 4 }] });
    const queue = new JobQueue(stack, 'Queue', { serviceEnvironments: [{ serviceEnvironment: training, order: 1 }] });
    queue.grantSubmitServiceJob(role, { executionRole, tagging: true });
    const queueArn = { 'Fn::GetAtt': [stack.getLogicalId(queue.node.defaultChild as any), 'JobQueueArn'] };
    const roles = rolesOf(synthTemplate(stack));
    expect(roles[stack.getLogicalId(role.node.defaultChild as iam.CfnRole)].statements).toEqual([
      {
        actions: ['batch:SubmitServiceJob'],
        resources: [queueArn, { 'Fn::Join': ['', ['arn:', PARTITION, ':batch:us-east-1:123456789012:service-job/*']] },
          { 'Fn::Join': ['', [queueArn, '/quota-share/*']] }],
      },
      { actions: ['batch:TagResource'], resources: [{ 'Fn::Join': ['', ['arn:', PARTITION, ':batch:us-east-1:123456789012:service-job/*']] }] },
      {
        actions: ['iam:PassRole'],
        resources: [{ 'Fn::GetAtt': [stack.getLogicalId(executionRole.node.defaultChild as iam.CfnRole), 'Arn'] }],
        condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
      },
    ]);
    // The execution role itself gets nothing from the grant.
    expect(roles[stack.getLogicalId(executionRole.node.defaultChild as iam.CfnRole)].statements).toEqual([]);
  });

  test('a queue of another account and region is granted there', () => {
    const stack = testStack();
    const role = submitter(stack);
    JobQueue.fromJobQueueArn(stack, 'Queue', 'arn:aws:batch:eu-west-1:111111111111:job-queue/shared').grantSubmitServiceJob(role);
    expect(statementsOf(stack, role)).toEqual([{
      actions: ['batch:SubmitServiceJob'],
      resources: ['arn:aws:batch:eu-west-1:111111111111:job-queue/shared', 'arn:aws:batch:eu-west-1:111111111111:service-job/*',
        'arn:aws:batch:eu-west-1:111111111111:job-queue/shared/quota-share/*'],
    }]);
  });
});

describe('DeployTimeJob handler IAM', () => {
  test('one role for Lambda, no managed policy; SubmitJob names the imported definition in its own account and region', () => {
    const stack = testStack();
    const queue = JobQueue.fromJobQueueArn(stack, 'Queue', 'arn:aws:batch:eu-west-1:111111111111:job-queue/shared');
    const definition = JobDefinition.fromJobDefinitionArn(stack, 'Def', 'arn:aws:batch:eu-west-1:111111111111:job-definition/report:7');
    new DeployTimeJob(stack, 'Report', { jobQueue: queue, jobDefinition: definition });
    const roles = Object.values(rolesOf(synthTemplate(stack)));
    expect(roles).toHaveLength(1);
    expect(roles[0].principal).toEqual({ Service: 'lambda.amazonaws.com' });
    expect(roles[0].managedPolicies).toEqual([]);
    expect(roles[0].statements[0]).toEqual({
      actions: ['batch:SubmitJob'],
      resources: [
        'arn:aws:batch:eu-west-1:111111111111:job-queue/shared',
        'arn:aws:batch:eu-west-1:111111111111:job-definition/report',
        'arn:aws:batch:eu-west-1:111111111111:job-definition/report:*',
      ],
    });
    // The other statements are those of deploy-time-job/job-runner.test.ts: the same eight statements in all.
    expect(roles[0].statements.map((s) => s.actions)).toEqual([
      ['batch:SubmitJob'],
      ['batch:SubmitJob'],
      ['batch:TagResource'],
      ['batch:TagResource', 'batch:UntagResource'],
      ['batch:TerminateJob'],
      ['batch:DescribeJobs', 'batch:ListJobs'],
      ['lambda:InvokeFunction'],
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
    ]);
  });
});
