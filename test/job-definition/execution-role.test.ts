import { Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { JobContainer, JobDefinition, JobDefinitionProps, NodeRange, PlatformCapability } from '../../src';
import { ExecutionRoles } from '../../src/job-definition/execution-role';
import { countByType, synthTemplate, testStack } from '../synth';

/**
 * When a job definition has an execution role, when it is created and shared, and what it
 * is granted: `ExecutionRoles` directly, and the templates of definitions that use it.
 */

const image = ecs.ContainerImage.fromRegistry('busybox');
const FARGATE = [PlatformCapability.FARGATE];
const GIVEN_ARN = 'arn:aws:iam::123456789012:role/exec';

/** The roles of one definition, bound in a fresh stack. */
function roles(fargate: boolean, ...containers: JobContainer[]) {
  const stack = testStack();
  const definition = new Construct(stack, 'Def');
  const executionRoles = new ExecutionRoles(definition, fargate, containers);
  const bindings = containers.map((container, i) => executionRoles.bind(new Construct(definition, `C${i}`), container));
  return { stack, executionRoles, bindings };
}

function define(props: JobDefinitionProps, stack: Stack = testStack()) {
  new JobDefinition(stack, 'Def', props);
  return stack;
}

describe('when a container has an execution role', () => {
  test('EC2 with a public image, no secret and no log driver: none', () => {
    const { executionRoles, bindings } = roles(false, { image });
    expect(bindings[0].executionRole).toBeUndefined();
    expect(executionRoles.createdRole).toBeUndefined();
  });

  test('a log driver that needs no role (json-file): none', () => {
    const { executionRoles, bindings } = roles(false, { image, logging: ecs.LogDrivers.jsonFile() });
    expect(bindings[0].executionRole).toBeUndefined();
    expect(executionRoles.createdRole).toBeUndefined();
    expect(countByType(synthTemplate(define({ container: { image, logging: ecs.LogDrivers.jsonFile() } })))).toEqual({ 'AWS::Batch::JobDefinition': 1 });
  });

  test('Fargate: always, the shared one', () => {
    const { executionRoles, bindings } = roles(true, { image });
    expect(executionRoles.createdRole).toBeDefined();
    expect(bindings[0].executionRole).toBe(executionRoles.createdRole);
  });

  test('a given role: that role, on EC2 and on Fargate, and nothing is created', () => {
    for (const fargate of [false, true]) {
      const stack = testStack();
      const given = iam.Role.fromRoleArn(stack, 'Exec', GIVEN_ARN, { mutable: false });
      const executionRoles = new ExecutionRoles(new Construct(stack, 'Def'), fargate, [{ image, executionRole: given }]);
      expect(executionRoles.bind(stack, { image, executionRole: given }).executionRole).toBe(given);
      expect(executionRoles.createdRole).toBeUndefined();
    }
  });

  test('a secret on EC2: the shared one', () => {
    const stack = testStack();
    const parameter = ssm.StringParameter.fromSecureStringParameterAttributes(stack, 'Param', { parameterName: 'db-password' });
    const container = { image, secrets: { DB_PASSWORD: ecs.Secret.fromSsmParameter(parameter) } };
    const executionRoles = new ExecutionRoles(new Construct(stack, 'Def'), false, [container]);
    const binding = executionRoles.bind(stack, container);
    expect(binding.executionRole).toBe(executionRoles.createdRole);
    expect(binding.secrets).toEqual([{ name: 'DB_PASSWORD', valueFrom: expect.stringContaining('parameter/db-password') }]);
  });

  test('node ranges share one role; a range with its own role keeps it', () => {
    const stack = testStack();
    const secret = ecs.Secret.fromSecretsManager(new secretsmanager.Secret(stack, 'Secret'));
    const given = iam.Role.fromRoleArn(stack, 'Exec', GIVEN_ARN, { mutable: false });
    const containers: JobContainer[] = [
      { image, secrets: { A: secret } },
      { image, secrets: { B: secret } },
      { image, secrets: { C: secret }, executionRole: given },
    ];
    const executionRoles = new ExecutionRoles(new Construct(stack, 'Def'), false, containers);
    const [first, second, third] = containers.map((container, i) => executionRoles.bind(new Construct(stack, `Range${i}`), container));
    expect(first.executionRole).toBe(executionRoles.createdRole);
    expect(second.executionRole).toBe(executionRoles.createdRole);
    expect(third.executionRole).toBe(given);
  });
});

describe('what the role is granted (templates)', () => {
  test('Fargate without a log driver: the shared role may write the default /aws/batch/job logs, nothing else', () => {
    const template = synthTemplate(define({ platformCapabilities: FARGATE, container: { image } }));
    expect(countByType(template)).toEqual({ 'AWS::Batch::JobDefinition': 1, 'AWS::IAM::Role': 1 });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'ecs-tasks.amazonaws.com' } })] },
      Policies: [Match.objectLike({
        PolicyDocument: { Statement: [Match.objectLike({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] })] },
      })],
    });
    // No policy resource: the definition has nothing to wait for.
    template.hasResource('AWS::Batch::JobDefinition', { DependsOn: Match.absent() });
  });

  test('Fargate with a log driver: no default-logs policy, the driver\'s own grant instead', () => {
    const template = synthTemplate(define({ platformCapabilities: FARGATE, container: { image, logging: ecs.LogDriver.awsLogs({ streamPrefix: 'job' }) } }));
    template.hasResourceProperties('AWS::IAM::Role', { Policies: Match.absent() });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] })] },
    });
  });

  test('Fargate with a Secrets Manager secret: one role, granted the secret, referenced by the definition, which waits for the grant', () => {
    const stack = testStack();
    const secret = new secretsmanager.Secret(stack, 'Secret');
    define({ platformCapabilities: FARGATE, container: { image, secrets: { PASSWORD: ecs.Secret.fromSecretsManager(secret) } } }, stack);
    const template = synthTemplate(stack);
    expect(countByType(template)).toEqual({
      'AWS::Batch::JobDefinition': 1,
      'AWS::IAM::Role': 1,
      'AWS::IAM::Policy': 1,
      'AWS::SecretsManager::Secret': 1,
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] })] },
    });
    template.hasResource('AWS::Batch::JobDefinition', {
      DependsOn: [Match.stringLikeRegexp('^DefExecutionRoleDefaultPolicy')],
      Properties: {
        PlatformCapabilities: ['FARGATE'],
        ContainerProperties: Match.objectLike({
          ExecutionRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DefExecutionRole'), 'Arn'] },
          Secrets: [{ Name: 'PASSWORD', ValueFrom: { Ref: Match.stringLikeRegexp('Secret') } }],
        }),
      },
    });
  });

  test('an SSM parameter secret on EC2: the role is created and may read the parameter', () => {
    const stack = testStack();
    const parameter = ssm.StringParameter.fromSecureStringParameterAttributes(stack, 'Param', { parameterName: 'db-password' });
    define({ container: { image, secrets: { DB_PASSWORD: ecs.Secret.fromSsmParameter(parameter) } } }, stack);
    const template = synthTemplate(stack);
    expect(countByType(template)).toEqual({ 'AWS::Batch::JobDefinition': 1, 'AWS::IAM::Role': 1, 'AWS::IAM::Policy': 1 });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: Match.arrayWith(['ssm:GetParameters']) })] },
    });
  });

  test('an ECR repository image: the pull grant, and the definition renders the role', () => {
    const stack = testStack();
    define({ container: { image: ecs.ContainerImage.fromEcrRepository(new ecr.Repository(stack, 'Repo'), 'v1') } }, stack);
    const template = synthTemplate(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['ecr:BatchGetImage']) })]) },
    });
    const props = Object.values<any>(template.findResources('AWS::Batch::JobDefinition'))[0].Properties;
    expect(props.ContainerProperties.ExecutionRoleArn).toBeDefined();
  });

  test('a given role is rendered as given; no role is created', () => {
    const stack = testStack();
    const role = iam.Role.fromRoleArn(stack, 'Exec', GIVEN_ARN, { mutable: false });
    define({ platformCapabilities: FARGATE, container: { image, executionRole: role } }, stack);
    const template = synthTemplate(stack);
    expect(countByType(template)).toEqual({ 'AWS::Batch::JobDefinition': 1 });
    template.hasResourceProperties('AWS::Batch::JobDefinition', { ContainerProperties: Match.objectLike({ ExecutionRoleArn: GIVEN_ARN }) });
  });

  test('multi-node ranges with secrets share one role, granted once per secret', () => {
    const stack = testStack();
    const secret = new secretsmanager.Secret(stack, 'Secret');
    const secrets = { TOKEN: ecs.Secret.fromSecretsManager(secret) };
    define({
      nodeProperties: {
        numNodes: 2,
        mainNode: 0,
        nodeRanges: [
          { targetNodes: NodeRange.of(0, 0), container: { image, secrets } },
          { targetNodes: NodeRange.of(1, 1), container: { image, secrets } },
        ],
      },
    }, stack);
    const template = synthTemplate(stack);
    expect(countByType(template)['AWS::IAM::Role']).toBe(1);
    const [props] = Object.values<any>(template.findResources('AWS::Batch::JobDefinition')).map((r) => r.Properties);
    const arns = props.NodeProperties.NodeRangeProperties.map((range: any) => range.Container.ExecutionRoleArn);
    expect(arns[0]).toEqual(arns[1]);
  });
});
