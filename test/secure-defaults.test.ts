import { Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as logs from 'aws-cdk-lib/aws-logs';
import { countByType, synthTemplate, testStack } from './synth';
import { ComputeEnvironment, ComputeResourceType, DeployTimeJob, JobDefinition, JobQueue, PlatformCapability } from '../src';

/**
 * The security defaults (README, Security): what a template gets without asking.
 */

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable');

function vpcOf(stack: Stack): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
}

describe('EC2 instances require IMDSv2', () => {
  test('EC2 environments without a launch template share one IMDSv2-only template, at its latest version', () => {
    const stack = testStack();
    const vpc = vpcOf(stack);
    new ComputeEnvironment(stack, 'OnDemand', { computeResources: { vpc } });
    new ComputeEnvironment(stack, 'Spot', { computeResources: { vpc, type: ComputeResourceType.SPOT } });
    const template = synthTemplate(stack);
    expect(countByType(template)['AWS::EC2::LaunchTemplate']).toBe(1);
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: { MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 2 } },
    });
    const [templateId] = Object.keys(template.findResources('AWS::EC2::LaunchTemplate'));
    const environments = Object.values(template.findResources('AWS::Batch::ComputeEnvironment'));
    expect(environments.map((ce) => ce.Properties.ComputeResources.LaunchTemplate)).toEqual([1, 2].map(() => ({
      LaunchTemplateId: { Ref: templateId },
      Version: { 'Fn::GetAtt': [templateId, 'LatestVersionNumber'] },
    })));
  });

  test('a launch template of the user\'s replaces it, and no template is created', () => {
    const stack = testStack();
    const launchTemplate = ec2.LaunchTemplate.fromLaunchTemplateAttributes(stack, 'Mine', { launchTemplateId: 'lt-0123456789abcdef0' });
    new ComputeEnvironment(stack, 'OnDemand', { computeResources: { vpc: vpcOf(stack), launchTemplate: { launchTemplate, version: '3' } } });
    const template = synthTemplate(stack);
    template.resourceCountIs('AWS::EC2::LaunchTemplate', 0);
    template.hasResourceProperties('AWS::Batch::ComputeEnvironment', {
      ComputeResources: { LaunchTemplate: { LaunchTemplateId: 'lt-0123456789abcdef0', Version: '3' } },
    });
  });

  test('EKS environments use the same IMDSv2-only template for their nodes', () => {
    const stack = testStack();
    const vpc = vpcOf(stack);
    const cluster = eks.Cluster.fromClusterAttributes(stack, 'Cluster', { clusterName: 'jobs', clusterSecurityGroupId: 'sg-0123456789abcdef0' });
    new ComputeEnvironment(stack, 'Ecs', { computeResources: { vpc } });
    new ComputeEnvironment(stack, 'Eks', { eks: { cluster, kubernetesNamespace: 'batch', configureClusterAccess: false }, computeResources: { vpc } });
    const template = synthTemplate(stack);
    expect(countByType(template)['AWS::EC2::LaunchTemplate']).toBe(1);
    const [templateId] = Object.keys(template.findResources('AWS::EC2::LaunchTemplate'));
    template.hasResourceProperties('AWS::Batch::ComputeEnvironment', {
      EksConfiguration: Match.anyValue(),
      ComputeResources: { LaunchTemplate: { LaunchTemplateId: { Ref: templateId }, Version: { 'Fn::GetAtt': [templateId, 'LatestVersionNumber'] } } },
    });
  });

  test('Fargate environments get no launch template', () => {
    const stack = testStack();
    new ComputeEnvironment(stack, 'Fargate', { computeResources: { vpc: vpcOf(stack), type: ComputeResourceType.FARGATE } });
    synthTemplate(stack).resourceCountIs('AWS::EC2::LaunchTemplate', 0);
  });
});

describe('Fargate jobs get no public IP unless asked', () => {
  test.each([
    [undefined, 'DISABLED'],
    [false, 'DISABLED'],
    [true, 'ENABLED'],
  ])('assignPublicIp %s renders %s', (assignPublicIp, rendered) => {
    const stack = testStack();
    new JobDefinition(stack, 'Def', {
      platformCapabilities: [PlatformCapability.FARGATE],
      container: { image, fargate: assignPublicIp === undefined ? undefined : { assignPublicIp } },
    });
    synthTemplate(stack).hasResourceProperties('AWS::Batch::JobDefinition', {
      ContainerProperties: { NetworkConfiguration: { AssignPublicIp: rendered } },
    });
  });

  test('EC2 job definitions carry no network configuration', () => {
    const stack = testStack();
    new JobDefinition(stack, 'Def', { container: { image } });
    synthTemplate(stack).hasResourceProperties('AWS::Batch::JobDefinition', {
      ContainerProperties: { NetworkConfiguration: Match.absent() },
    });
  });
});

describe('EFS volumes are encrypted in transit', () => {
  test.each([
    [undefined, 'ENABLED'],
    [true, 'ENABLED'],
    [false, 'DISABLED'],
  ])('transitEncryption %s renders %s', (transitEncryption, rendered) => {
    const stack = testStack();
    const fileSystem = new efs.FileSystem(stack, 'FileSystem', { vpc: vpcOf(stack) });
    new JobDefinition(stack, 'Def', {
      container: { image, volumes: [{ name: 'data', efs: { fileSystem, transitEncryption } }] },
    });
    synthTemplate(stack).hasResourceProperties('AWS::Batch::JobDefinition', {
      ContainerProperties: { Volumes: [{ Name: 'data', EfsVolumeConfiguration: { TransitEncryption: rendered } }] },
    });
  });
});

test('the deploy-time job handler keeps its logs for one month', () => {
  const stack = testStack();
  const queue = JobQueue.fromJobQueueArn(stack, 'Queue', 'arn:aws:batch:us-east-1:123456789012:job-queue/jobs');
  const definition = JobDefinition.fromJobDefinitionName(stack, 'Def', 'migrate');
  new DeployTimeJob(stack, 'Migrate', { jobQueue: queue, jobDefinition: definition });
  synthTemplate(stack).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: logs.RetentionDays.ONE_MONTH });
});
