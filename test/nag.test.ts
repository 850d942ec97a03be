import { App, Duration, Size, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { TEST_ENV } from './synth';
import { buildExampleStack } from '../examples/app';
import {
  AllocationStrategy, ComputeEnvironment, ComputeResourceType, ConsumableResource, ConsumableResourceType, DeployTimeJob, JobDefinition, JobQueue,
  NodeRange,
  PlatformCapability, SchedulingPolicy,
} from '../src';

/**
 * cdk-nag's AwsSolutionsChecks over the example app and over a stack with every construct
 * at its defaults. A finding that no construct acknowledges fails synth; the test shows
 * cdk-nag's report (rule, construct path) as the failure.
 */

/** An app whose synth runs AwsSolutionsChecks and fails on any unacknowledged finding. */
function nagApp(): App {
  const app = new App();
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}

/** The VPC of the defaults stack; its flow log keeps VPC7 out of the constructs' findings. */
function vpcWithFlowLog(stack: Stack): ec2.Vpc {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  vpc.addFlowLog('FlowLog');
  return vpc;
}

/** Every construct with its defaults (only the required props), and the grants. */
function everyConstructWithDefaults(app: App): Stack {
  const stack = new Stack(app, 'Defaults', { env: TEST_ENV });
  const vpc = vpcWithFlowLog(stack);
  const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable');

  const onDemand = new ComputeEnvironment(stack, 'OnDemand', { computeResources: { vpc } });
  const spot = new ComputeEnvironment(stack, 'Spot', { computeResources: { vpc, type: ComputeResourceType.SPOT } });
  // BEST_FIT Spot is the one case with a created Spot Fleet role.
  new ComputeEnvironment(stack, 'SpotBestFit', {
    computeResources: { vpc, type: ComputeResourceType.SPOT, allocationStrategy: AllocationStrategy.BEST_FIT },
    replaceComputeEnvironment: true,
  });
  const fargate = new ComputeEnvironment(stack, 'Fargate', { computeResources: { vpc, type: ComputeResourceType.FARGATE } });

  const policy = new SchedulingPolicy(stack, 'Fairshare');
  const ec2Queue = new JobQueue(stack, 'Ec2Queue', {
    computeEnvironments: [{ computeEnvironment: onDemand, order: 1 }, { computeEnvironment: spot, order: 2 }],
    schedulingPolicy: policy,
  });
  const fargateQueue = new JobQueue(stack, 'FargateQueue', { computeEnvironments: [{ computeEnvironment: fargate, order: 1 }] });

  const ec2Definition = new JobDefinition(stack, 'Ec2Definition', { container: { image } });
  const fargateDefinition = new JobDefinition(stack, 'FargateDefinition', {
    platformCapabilities: [PlatformCapability.FARGATE],
    container: { image },
  });
  // An ECR image: the execution role gets the pull grant (registry login on *).
  new JobDefinition(stack, 'EcrDefinition', {
    platformCapabilities: [PlatformCapability.FARGATE],
    container: { image: ecs.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(stack, 'Repository', 'jobs'), 'v1') },
  });
  new JobDefinition(stack, 'MultiNodeDefinition', {
    nodeProperties: { numNodes: 2, mainNode: 0, nodeRanges: [{ targetNodes: NodeRange.all(), container: { image } }] },
  });
  // EFS volumes: encrypted in transit by default.
  const fileSystem = new efs.FileSystem(stack, 'FileSystem', { vpc });
  new JobDefinition(stack, 'EfsDefinition', {
    container: {
      image,
      memory: Size.mebibytes(512),
      volumes: [{ name: 'data', efs: { fileSystem } }],
      mountPoints: [{ sourceVolume: 'data', containerPath: '/data' }],
    },
    timeout: Duration.minutes(5),
  });

  new DeployTimeJob(stack, 'Migrate', { jobQueue: fargateQueue, jobDefinition: fargateDefinition });

  const submitter = new iam.Role(stack, 'Submitter', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  ec2Queue.grantSubmitJob(submitter, ec2Definition);
  fargateDefinition.grantSubmitJob(submitter, fargateQueue);
  return stack;
}

describe('cdk-nag AwsSolutionsChecks', () => {
  test('the example app has no unacknowledged finding', () => {
    const app = nagApp();
    buildExampleStack(app);
    expect(() => app.synth()).not.toThrow();
  });

  test('every construct with its defaults has no unacknowledged finding', () => {
    const app = nagApp();
    everyConstructWithDefaults(app);
    expect(() => app.synth()).not.toThrow();
  });

  test('multi-container jobs, ECS Exec, S3 Files, consumable resources and launch template overrides have no unacknowledged finding', () => {
    const app = nagApp();
    const stack = new Stack(app, 'Newer', { env: TEST_ENV });
    const vpc = vpcWithFlowLog(stack);
    const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable');
    const taskRole = new iam.Role(stack, 'TaskRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    const licenses = new ConsumableResource(stack, 'Licenses', { resourceType: ConsumableResourceType.REPLENISHABLE, totalQuantity: 4 });
    new JobDefinition(stack, 'Task', {
      platformCapabilities: [PlatformCapability.FARGATE],
      consumableResources: [{ resource: licenses, quantity: 1 }],
      ecsTask: {
        taskRole,
        enableExecuteCommand: true,
        volumes: [{ name: 'objects', s3Files: { fileSystemArn: 'arn:aws:s3files:us-east-1:123456789012:file-system/fs-0123456789abcdef0' } }],
        containers: [
          { name: 'main', image, vcpus: 0.5, memory: Size.mebibytes(1024), mountPoints: [{ sourceVolume: 'objects', containerPath: '/objects' }] },
          { name: 'sidecar', image, essential: false, vcpus: 0.5, memory: Size.mebibytes(1024) },
        ],
      },
    });
    const base = new ec2.LaunchTemplate(stack, 'Base', { requireImdsv2: true });
    const gpu = new ec2.LaunchTemplate(stack, 'Gpu', { requireImdsv2: true });
    new ComputeEnvironment(stack, 'Gpus', {
      computeResources: {
        vpc,
        instanceTypes: [new ec2.InstanceType('m5'), new ec2.InstanceType('g5')],
        launchTemplate: { launchTemplate: base, overrides: [{ launchTemplate: gpu, targetInstanceTypes: [new ec2.InstanceType('g5')] }] },
        scaleDownDelay: Duration.minutes(30),
      },
    });
    expect(() => app.synth()).not.toThrow();
  });

  test('an unacknowledged finding fails synth and names the rule and the construct', () => {
    const app = nagApp();
    const stack = new Stack(app, 'Bare', { env: TEST_ENV });
    // The same VPC without a flow log: the check is live, not vacuous.
    new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
    expect(() => app.synth()).toThrow(/Bare\/Vpc\/Resource[\s\S]*AwsSolutions-VPC7/);
  });

  test('the acknowledgements are granular: a wider grant on the same role is still reported', () => {
    const app = nagApp();
    const stack = new Stack(app, 'Widened', { env: TEST_ENV });
    const vpc = vpcWithFlowLog(stack);
    const environment = new ComputeEnvironment(stack, 'OnDemand', { computeResources: { vpc } });
    // Another managed policy and a wildcard on the instance role this construct created.
    environment.instanceRole!.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonS3ReadOnlyAccess'));
    environment.instanceRole!.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
    expect(() => app.synth()).toThrow(/AwsSolutions-IAM4\[Policy::arn:<AWS::Partition>:iam::aws:policy\/AmazonS3ReadOnlyAccess\]/);
    const again = nagApp();
    const other = new Stack(again, 'Widened', { env: TEST_ENV });
    const environment2 = new ComputeEnvironment(other, 'OnDemand', { computeResources: { vpc: vpcWithFlowLog(other) } });
    environment2.instanceRole!.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
    expect(() => again.synth()).toThrow(/AwsSolutions-IAM5\[Resource::\*\]/);
  });
});
