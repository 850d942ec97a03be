import { Duration, Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  EksDnsPolicy, EksEmptyDirMedium, EksImagePullPolicy, JobDefinition, JobQueue, NodeRange, RetryAction,
} from '../../src';
import { countByType, synthTemplate, testStack } from '../synth';

/**
 * Job definitions with an EKS pod, as templates: every path of `EksProperties.PodProperties`
 * (annotations and namespace as property overrides), multi-node EKS jobs, images, and no role.
 */

const JD = 'AWS::Batch::JobDefinition';
const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable');
const IMAGE = 'public.ecr.aws/docker/library/busybox:stable';

function propertiesOf(stack: ReturnType<typeof testStack>): any {
  return Object.values<any>(synthTemplate(stack).findResources(JD))[0].Properties;
}

describe('a single-node job on EKS', () => {
  test('a minimal pod: EksProperties only, no platform capabilities, no role', () => {
    const stack = testStack();
    new JobDefinition(stack, 'Job', { eksPod: { containers: [{ image }] } });
    const properties = propertiesOf(stack);
    expect(properties).toEqual({
      JobDefinitionName: expect.stringMatching(/^TestStackJob/),
      Type: 'container',
      EksProperties: { PodProperties: { Containers: [{ Image: IMAGE }] } },
    });
    expect(countByType(synthTemplate(stack))).toEqual({ [JD]: 1 });
  });

  test('every pod setting renders: containers, init containers, resources as Kubernetes quantities, volumes, metadata', () => {
    const stack = testStack();
    new JobDefinition(stack, 'Job', {
      eksPod: {
        containers: [{
          image,
          name: 'main',
          command: ['sh', '-c'],
          args: ['echo $(GREETING)'],
          imagePullPolicy: EksImagePullPolicy.IF_NOT_PRESENT,
          environment: { GREETING: 'hello', MODE: 'batch' },
          resources: {
            requests: { cpu: 0.25, memory: Size.gibibytes(2), gpu: 1 },
            limits: { cpu: 1.5, memory: Size.mebibytes(2048), gpu: 1 },
          },
          securityContext: {
            runAsUser: 1000, runAsGroup: 1000, runAsNonRoot: true, privileged: false, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true,
          },
          volumeMounts: [
            { name: 'scratch', mountPath: '/scratch' },
            { name: 'data', mountPath: '/data', subPath: 'inputs', readOnly: true },
            { name: 'creds', mountPath: '/creds', readOnly: true },
            { name: 'efs', mountPath: '/efs' },
          ],
        }, { image, name: 'sidecar', imagePullPolicy: EksImagePullPolicy.ALWAYS }],
        initContainers: [{ image, name: 'fetch', command: ['fetch'], resources: { limits: { memory: Size.mebibytes(64) } } }],
        volumes: [
          { name: 'scratch', emptyDir: { medium: EksEmptyDirMedium.MEMORY, sizeLimit: Size.mebibytes(512) } },
          { name: 'data', persistentVolumeClaim: { claimName: 'inputs', readOnly: true } },
          { name: 'creds', secret: { secretName: 'creds', optional: false } },
          { name: 'efs', hostPath: '/mnt/efs' },
        ],
        serviceAccount: 'job-runner',
        hostNetwork: false,
        dnsPolicy: EksDnsPolicy.CLUSTER_FIRST,
        shareProcessNamespace: true,
        imagePullSecrets: ['registry'],
        labels: { team: 'data' },
        annotations: { 'example.com/owner': 'data-team' },
        namespace: 'batch-jobs',
      },
      parameters: { input: 's3://bucket/in' },
      retryAttempts: 3,
      retryStrategies: [{ action: RetryAction.EXIT, onExitCode: '1' }],
      timeout: Duration.minutes(10),
      schedulingPriority: 5,
      retainPreviousRevisions: true,
      tags: { team: 'data' },
    });
    const properties = propertiesOf(stack);
    expect(properties.EksProperties).toEqual({
      PodProperties: {
        Containers: [{
          Name: 'main',
          Image: IMAGE,
          Command: ['sh', '-c'],
          Args: ['echo $(GREETING)'],
          ImagePullPolicy: 'IfNotPresent',
          Env: [{ Name: 'GREETING', Value: 'hello' }, { Name: 'MODE', Value: 'batch' }],
          Resources: {
            Requests: { 'cpu': '0.25', 'memory': '2048Mi', 'nvidia.com/gpu': '1' },
            Limits: { 'cpu': '1.5', 'memory': '2048Mi', 'nvidia.com/gpu': '1' },
          },
          SecurityContext: {
            RunAsUser: 1000, RunAsGroup: 1000, RunAsNonRoot: true, Privileged: false, AllowPrivilegeEscalation: false, ReadOnlyRootFilesystem: true,
          },
          VolumeMounts: [
            { Name: 'scratch', MountPath: '/scratch' },
            { Name: 'data', MountPath: '/data', SubPath: 'inputs', ReadOnly: true },
            { Name: 'creds', MountPath: '/creds', ReadOnly: true },
            { Name: 'efs', MountPath: '/efs' },
          ],
        }, { Name: 'sidecar', Image: IMAGE, ImagePullPolicy: 'Always' }],
        InitContainers: [{ Name: 'fetch', Image: IMAGE, Command: ['fetch'], Resources: { Limits: { memory: '64Mi' } } }],
        Volumes: [
          { Name: 'scratch', EmptyDir: { Medium: 'Memory', SizeLimit: '512Mi' } },
          { Name: 'data', PersistentVolumeClaim: { ClaimName: 'inputs', ReadOnly: true } },
          { Name: 'creds', Secret: { SecretName: 'creds', Optional: false } },
          { Name: 'efs', HostPath: { Path: '/mnt/efs' } },
        ],
        ServiceAccountName: 'job-runner',
        HostNetwork: false,
        DnsPolicy: 'ClusterFirst',
        ShareProcessNamespace: true,
        ImagePullSecrets: [{ Name: 'registry' }],
        Metadata: { Labels: { team: 'data' }, Annotations: { 'example.com/owner': 'data-team' }, Namespace: 'batch-jobs' },
      },
    });
    expect(properties).toMatchObject({
      Type: 'container',
      Parameters: { input: 's3://bucket/in' },
      RetryStrategy: { Attempts: 3, EvaluateOnExit: [{ Action: 'EXIT', OnExitCode: '1' }] },
      Timeout: { AttemptDurationSeconds: 600 },
      SchedulingPriority: 5,
      ResourceRetentionPolicy: { SkipDeregisterOnUpdate: true },
      Tags: { team: 'data' },
    });
    expect(properties.PlatformCapabilities).toBeUndefined();
    expect(properties.PropagateTags).toBeUndefined();
  });

  test('no security context is rendered unless given (runAsNonRoot is not forced), nor empty resources', () => {
    const stack = testStack();
    new JobDefinition(stack, 'Job', { eksPod: { containers: [{ image, securityContext: {}, resources: {} }] } });
    expect(propertiesOf(stack).EksProperties.PodProperties.Containers).toEqual([{ Image: IMAGE }]);
  });

  test('an emptyDir size that is not whole MiB renders exactly, in KiB', () => {
    const stack = testStack();
    new JobDefinition(stack, 'Job', { eksPod: { containers: [{ image }], volumes: [{ name: 'tmp', emptyDir: { sizeLimit: Size.kibibytes(1536) } }] } });
    expect(propertiesOf(stack).EksProperties.PodProperties.Volumes).toEqual([{ Name: 'tmp', EmptyDir: { SizeLimit: '1536Ki' } }]);
  });

  test('an ECR image renders its URI and creates no role: the nodes pull with their instance role', () => {
    const stack = testStack();
    const repository = ecr.Repository.fromRepositoryName(stack, 'Repo', 'jobs');
    new JobDefinition(stack, 'Job', { eksPod: { containers: [{ image: ecs.ContainerImage.fromEcrRepository(repository, 'v1') }] } });
    const template = synthTemplate(stack);
    expect(propertiesOf(stack).EksProperties.PodProperties.Containers[0].Image).toEqual(stack.resolve(repository.repositoryUriForTag('v1')));
    expect(template.findResources('AWS::IAM::Role')).toEqual({});
    expect(template.findResources('AWS::IAM::Policy')).toEqual({});
  });

  test('an image with repository credentials fails at synth: EKS pulls private images with imagePullSecrets', () => {
    const stack = testStack();
    const credentials = secretsmanager.Secret.fromSecretNameV2(stack, 'Creds', 'registry');
    expect(() => new JobDefinition(stack, 'Job', {
      eksPod: { containers: [{ image: ecs.ContainerImage.fromRegistry('registry.example.com/app:1', { credentials }) }] },
    })).toThrow('[TestStack/Job] eksPod.containers[0].image must not have repository credentials on Amazon EKS, got "an image with repository '
      + 'credentials". Create a docker-registry Secret in the namespace and name it in eksPod.imagePullSecrets');
  });

  test('platformCapabilities and propagateTags fail at synth', () => {
    const stack = testStack();
    expect(() => new JobDefinition(stack, 'Job', { eksPod: { containers: [{ image }] }, propagateTags: true }))
      .toThrow('[TestStack/Job] propagateTags must not be set for a job on Amazon EKS (eksPod), got true. Tags propagate to ECS tasks only; remove it');
  });

  test('grantSubmitJob covers every revision of an EKS definition', () => {
    const stack = testStack();
    const definition = new JobDefinition(stack, 'Job', { jobDefinitionName: 'pod', eksPod: { containers: [{ image }] } });
    const queue = JobQueue.fromJobQueueArn(stack, 'Queue', 'arn:aws:batch:us-east-1:123456789012:job-queue/eks');
    const role = new iam.Role(stack, 'Submitter', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    definition.grantSubmitJob(role, queue);
    synthTemplate(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{
          Action: 'batch:SubmitJob',
          Effect: 'Allow',
          Resource: ['arn:aws:batch:us-east-1:123456789012:job-queue/eks',
            { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':batch:us-east-1:123456789012:job-definition/pod:*']] }],
        }],
      },
    });
  });
});

describe('a multi-node job on EKS', () => {
  test('eksPod node ranges with an instance type; each range\'s namespace as an override at its index', () => {
    const stack = testStack();
    const pod = { containers: [{ image, resources: { limits: { cpu: 4, memory: Size.gibibytes(8) } } }], namespace: 'mpi' };
    new JobDefinition(stack, 'Job', {
      nodeProperties: {
        numNodes: 4,
        mainNode: 0,
        nodeRanges: [
          { targetNodes: NodeRange.of(0, 0), eksPod: { ...pod, labels: { role: 'main' } }, instanceType: new ec2.InstanceType('c6i.4xlarge') },
          { targetNodes: NodeRange.from(1), eksPod: pod, instanceType: new ec2.InstanceType('c6i.4xlarge') },
        ],
      },
    });
    const properties = propertiesOf(stack);
    expect(properties.Type).toBe('multinode');
    expect(properties.PlatformCapabilities).toBeUndefined();
    const podProperties = (labels?: object) => ({
      Containers: [{ Image: IMAGE, Resources: { Limits: { cpu: '4', memory: '8192Mi' } } }],
      Metadata: { ...(labels ? { Labels: labels } : {}), Namespace: 'mpi' },
    });
    expect(properties.NodeProperties).toEqual({
      NumNodes: 4,
      MainNode: 0,
      NodeRangeProperties: [
        { TargetNodes: '0:0', InstanceTypes: ['c6i.4xlarge'], EksProperties: { PodProperties: podProperties({ role: 'main' }) } },
        { TargetNodes: '1:', InstanceTypes: ['c6i.4xlarge'], EksProperties: { PodProperties: podProperties() } },
      ],
    });
  });

  test('a container range beside an eksPod range fails at synth', () => {
    const stack = testStack();
    expect(() => new JobDefinition(stack, 'Job', {
      nodeProperties: {
        numNodes: 2,
        mainNode: 0,
        nodeRanges: [{ targetNodes: NodeRange.of(0, 0), eksPod: { containers: [{ image }] } },
          { targetNodes: NodeRange.from(1), container: { image } }],
      },
    })).toThrow('[TestStack/Job] nodeProperties.nodeRanges must all be eksPod ranges when one is, got ["nodeRanges[1]"]. A job runs on EKS or on '
      + 'ECS; use a separate job definition for the other');
  });

  test('the instance type must be the same in every range, as for container ranges', () => {
    const stack = testStack();
    expect(() => new JobDefinition(stack, 'Job', {
      nodeProperties: {
        numNodes: 2,
        mainNode: 0,
        nodeRanges: [
          { targetNodes: NodeRange.of(0, 0), eksPod: { containers: [{ image }] }, instanceType: new ec2.InstanceType('c6i.large') },
          { targetNodes: NodeRange.from(1), eksPod: { containers: [{ image }] }, instanceType: new ec2.InstanceType('c6i.xlarge') },
        ],
      },
    })).toThrow(/nodeProperties.nodeRanges\[\*\].container.instanceType must be the same for every node range/);
  });
});

describe('the shape', () => {
  test('eksPod with container fails, naming all four workload kinds', () => {
    const stack = testStack();
    expect(() => new JobDefinition(stack, 'Job', { container: { image }, eksPod: { containers: [{ image }] } }))
      .toThrow('[TestStack/Job] container, ecsTask, eksPod and nodeProperties: exactly one must be set, got container and eksPod. '
        + 'Use container for a job of one container on ECS, ecsTask for a job of several containers on ECS, '
        + 'eksPod for a job on EKS, nodeProperties for a multi-node parallel job');
  });
});
