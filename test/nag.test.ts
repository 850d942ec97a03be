import { App, Duration, Size, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { TEST_ENV } from './synth';
import { buildExampleStack } from '../examples/app';
import { buildEksExampleStack } from '../examples/eks';
import {
  AllocationStrategy, CapacityUnit, ComputeEnvironment, ComputeResourceType, ConsumableResource, ConsumableResourceType, DeployTimeJob,
  JobDefinition, JobQueue, NodeRange, PlatformCapability, QuotaShare, SchedulingPolicy, ServiceEnvironment,
} from '../src';
import { nagText } from '../src/private/nag';

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

/**
 * aws-cdk-lib's aws-eks creates, for an `eks.Cluster`, roles with AWS managed policies, wildcard
 * grants for its handlers, Lambda functions and a state machine: findings of aws-cdk-lib's
 * implementation, which no prop of the cluster changes. They are acknowledged exactly (each id as
 * cdk-nag writes it) on the constructs aws-eks creates. aws-cdk-lib applies an acknowledged id to
 * every finding with that id in the app, so the first EKS test shows, without acknowledgements, that
 * no finding is on a resource of this library or of the example. The ids are worked out from the
 * resources themselves.
 */
function acknowledgeAwsEksInternals(stack: Stack): void {
  const reason = 'aws-cdk-lib\'s aws-eks creates this for the cluster (its roles, handlers and provider framework); not this library\'s resource';
  const ours = (c: IConstruct) => c.node.id.startsWith('manifest-Batch') || c.node.id === 'AwsAuth';
  const roots = [stack.node.findChild('Cluster'), ...stack.node.children.filter((c) => c.node.id.includes('aws-eks'))];
  const visit = (construct: IConstruct): void => {
    if (ours(construct)) return;
    const ids = new Set<string>();
    if (construct instanceof iam.CfnRole) {
      for (const arn of list(stack.resolve(construct.managedPolicyArns))) {
        const text = nagText(construct, arn);
        if (text.includes(':iam::aws:')) ids.add(`AwsSolutions-IAM4[Policy::${text}]`);
      }
    }
    if (construct instanceof iam.CfnPolicy) {
      for (const statement of list<any>(stack.resolve(construct.policyDocument).Statement)) {
        for (const action of list<string>(statement.Action).filter((a) => a.includes('*'))) ids.add(`AwsSolutions-IAM5[Action::${action}]`);
        for (const resource of list(statement.Resource).map((r) => nagText(construct, r)).filter((r) => r.includes('*'))) {
          ids.add(`AwsSolutions-IAM5[Resource::${resource}]`);
        }
      }
    }
    for (const id of ['AwsSolutions-L1', 'AwsSolutions-SF1', 'AwsSolutions-SF2']) ids.add(id);
    for (const id of ids) construct.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [id]: reason });
    construct.node.children.forEach(visit);
  };
  roots.forEach(visit);
}

const list = <T = unknown>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

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

  // SageMaker training through Batch: a quota-management queue, a quota share, and the service-job grant.
  const training = new ServiceEnvironment(stack, 'Training', { capacityLimits: [{ maxCapacity: 4, capacityUnit: CapacityUnit.instanceType('ml.g5.xlarge') }] });
  const trainingQueue = new JobQueue(stack, 'TrainingQueue', {
    serviceEnvironments: [{ serviceEnvironment: training, order: 1 }],
    schedulingPolicy: new SchedulingPolicy(stack, 'Quotas', { quotaSharePolicy: {} }),
  });
  const teamA = new QuotaShare(stack, 'TeamA', {
    jobQueue: trainingQueue, capacityLimits: [{ capacityUnit: CapacityUnit.instanceType('ml.g5.xlarge'), maxCapacity: 2 }],
  });
  // A SageMaker training job at deploy time: the runner gets the service-job statements too.
  new DeployTimeJob(stack, 'Train', {
    jobQueue: trainingQueue,
    quotaShare: teamA,
    trainingJob: {
      role: new iam.Role(stack, 'TrainingRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') }),
      trainingImage: '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3.0-cpu-py311',
      instanceType: 'ml.g5.xlarge',
      outputPath: 's3://models/out',
    },
  });

  const submitter = new iam.Role(stack, 'Submitter', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  ec2Queue.grantSubmitJob(submitter, ec2Definition);
  fargateDefinition.grantSubmitJob(submitter, fargateQueue);
  const executionRole = iam.Role.fromRoleArn(stack, 'SageMakerExecution', 'arn:aws:iam::123456789012:role/SageMakerExecution');
  trainingQueue.grantSubmitServiceJob(submitter, { executionRole, tagging: true });
  return stack;
}

describe('cdk-nag AwsSolutionsChecks', () => {
  test('the example app has no unacknowledged finding', () => {
    const app = nagApp();
    buildExampleStack(app);
    expect(() => app.synth()).not.toThrow();
  });

  test('the EKS example: every finding is on a resource aws-eks creates for the cluster, none on this library\'s or the example\'s', () => {
    const app = nagApp();
    buildEksExampleStack(app);
    let report = '';
    try {
      app.synth();
    } catch (e) {
      report = (e as Error).message;
    }
    const paths = [...new Set([...report.matchAll(/^\s+(BatchOnEks\/\S+) aws-cdk-lib/gm)].map((m) => m[1]))];
    expect(paths.length).toBeGreaterThan(0);
    const awsEks = (path: string) => /^BatchOnEks\/(Cluster\/(Role|KubectlHandlerRole|Resource)\/|@aws-cdk--aws-eks\.)/.test(path);
    expect(paths.filter((path) => !awsEks(path))).toEqual([]);
  });

  test('the EKS example with aws-eks\'s own findings acknowledged exactly has no unacknowledged finding', () => {
    const app = nagApp();
    acknowledgeAwsEksInternals(buildEksExampleStack(app));
    expect(() => app.synth()).not.toThrow();
  });

  test('those acknowledgements are exact: another wildcard on a role of this library is still reported', () => {
    const app = nagApp();
    const stack = buildEksExampleStack(app);
    acknowledgeAwsEksInternals(stack);
    const environment = stack.node.findChild('EksSpot') as ComputeEnvironment;
    environment.instanceRole!.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::jobs/*'] }));
    expect(() => app.synth()).toThrow(/BatchOnEks\/EksSpot\/InstanceRole[\s\S]*AwsSolutions-IAM5\[Resource::arn:aws:s3:::jobs\/\*\]/);
  });

  test('the EKS constructs with their defaults have no unacknowledged finding', () => {
    const app = nagApp();
    const stack = new Stack(app, 'EksDefaults', { env: TEST_ENV });
    const vpc = vpcWithFlowLog(stack);
    const cluster = eks.Cluster.fromClusterAttributes(stack, 'Cluster', { clusterName: 'jobs', clusterSecurityGroupId: 'sg-0123456789abcdef0' });
    const onEks = new ComputeEnvironment(stack, 'Eks', { eks: { cluster, kubernetesNamespace: 'batch' }, computeResources: { vpc } });
    const queue = new JobQueue(stack, 'EksQueue', { computeEnvironments: [{ computeEnvironment: onEks, order: 1 }] });
    const pod = new JobDefinition(stack, 'Pod', { eksPod: { containers: [{ image: ecs.ContainerImage.fromRegistry('busybox') }] } });
    queue.grantSubmitJob(new iam.Role(stack, 'Submitter', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }), pod);
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

  test('a deploy-time job with a tagged job and the runner\'s log group on a KMS key with a retention has no unacknowledged finding', () => {
    const app = nagApp();
    const stack = new Stack(app, 'Runner', { env: TEST_ENV });
    const jobQueue = JobQueue.fromJobQueueArn(stack, 'Queue', 'arn:aws:batch:us-east-1:123456789012:job-queue/jobs');
    const jobDefinition = JobDefinition.fromJobDefinitionArn(stack, 'Def', 'arn:aws:batch:us-east-1:123456789012:job-definition/migrate:1');
    new DeployTimeJob(stack, 'Migrate', { jobQueue, jobDefinition, tags: { team: 'data' } });
    DeployTimeJob.configureRunner(stack, {
      logRetention: logs.RetentionDays.ONE_YEAR,
      logEncryptionKey: new kms.Key(stack, 'LogKey', { enableKeyRotation: true }),
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
