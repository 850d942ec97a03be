/**
 * The EKS example app: AWS Batch on an Amazon EKS cluster of the app. The compute environment
 * runs EC2 Spot nodes in the cluster's namespace `batch` and sets up the cluster access Batch
 * needs (namespace, RBAC for `aws-batch`, aws-auth mappings); the job definition is a pod with an
 * init container and a scratch volume; one queue serves it, and a deploy-time job runs the pod once per
 * deployment with an override of its environment.
 *
 * Synthesize it with
 * `CDK_OUTDIR=cdk.out/eks npx ts-node --transpile-only --project examples/tsconfig.json examples/eks.ts`.
 * Deploying it needs a Lambda layer with kubectl and helm (aws-eks runs the manifests with it):
 * publish one from `@aws-cdk/lambda-layer-kubectl-v33` and pass its ARN as the parameter
 * KubectlLayerArn.
 */
import { App, CfnParameter, Size, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cxapi from 'aws-cdk-lib/cx-api';
import {
  ComputeEnvironment, ComputeResourceType, DeployTimeJob, EksDnsPolicy, EksEmptyDirMedium, JobDefinition, JobQueue,
} from '../src';

/** Builds the EKS example stack into an app. */
export function buildEksExampleStack(app: App): Stack {
  const stack = new Stack(app, 'BatchOnEks', { description: 'AWS Batch on Amazon EKS, built with cdk-batch-constructs' });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  vpc.addFlowLog('FlowLog');

  const kubectlLayerArn = new CfnParameter(stack, 'KubectlLayerArn', {
    description: 'ARN of a Lambda layer with kubectl and helm (e.g. published from @aws-cdk/lambda-layer-kubectl-v33)',
  });
  // A private API endpoint and control plane logging: the cluster settings cdk-nag asks for.
  const cluster = new eks.Cluster(stack, 'Cluster', {
    version: eks.KubernetesVersion.V1_33,
    vpc,
    defaultCapacity: 0,
    endpointAccess: eks.EndpointAccess.PRIVATE,
    clusterLogging: [
      eks.ClusterLoggingTypes.API, eks.ClusterLoggingTypes.AUDIT, eks.ClusterLoggingTypes.AUTHENTICATOR,
      eks.ClusterLoggingTypes.CONTROLLER_MANAGER, eks.ClusterLoggingTypes.SCHEDULER,
    ],
    kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, 'KubectlLayer', kubectlLayerArn.valueAsString),
  });

  // Spot nodes in the cluster's security group; the construct creates the namespace, the RBAC for
  // aws-batch and the aws-auth mappings of Batch's service-linked role and of the node role.
  const spot = new ComputeEnvironment(stack, 'EksSpot', {
    eks: { cluster, kubernetesNamespace: 'batch' },
    computeResources: {
      vpc,
      type: ComputeResourceType.SPOT,
      instanceTypes: [new ec2.InstanceType('c6i'), new ec2.InstanceType('m6i')],
      maxvCpus: 64,
    },
  });

  const queue = new JobQueue(stack, 'EksQueue', { computeEnvironments: [{ computeEnvironment: spot, order: 1 }] });

  const busybox = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable');
  const hello = new JobDefinition(stack, 'HelloPod', {
    eksPod: {
      initContainers: [{
        image: busybox,
        name: 'prepare',
        command: ['sh', '-c', 'echo ready > /work/state'],
        resources: { limits: { cpu: 0.25, memory: Size.mebibytes(64) } },
        volumeMounts: [{ name: 'work', mountPath: '/work' }],
      }],
      containers: [{
        image: busybox,
        name: 'hello',
        command: ['sh', '-c', 'cat /work/state && echo "hello from $(POD_ROLE)"'],
        environment: { POD_ROLE: 'batch' },
        resources: { requests: { cpu: 0.5 }, limits: { cpu: 1, memory: Size.mebibytes(512) } },
        securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
        volumeMounts: [{ name: 'work', mountPath: '/work', readOnly: true }],
      }],
      volumes: [{ name: 'work', emptyDir: { medium: EksEmptyDirMedium.MEMORY, sizeLimit: Size.mebibytes(16) } }],
      dnsPolicy: EksDnsPolicy.CLUSTER_FIRST_WITH_HOST_NET,
      labels: { app: 'hello' },
      annotations: { 'example.com/owner': 'batch-team' },
    },
    retryAttempts: 2,
  });

  // Runs the pod once per deployment, with a greeting of its own; a failure names the pod and its containers.
  new DeployTimeJob(stack, 'HelloOnDeploy', {
    jobQueue: queue,
    jobDefinition: hello,
    eksPropertiesOverride: {
      containers: [{ name: 'hello', environment: { POD_ROLE: 'deployment' } }],
      labels: { trigger: 'cloudformation' },
    },
  });
  return stack;
}

/** The app, with CloudFormation schema findings turned into synth errors. */
export function buildEksExampleApp(): App {
  const app = new App({ context: { [cxapi.VALIDATE_AGAINST_DEFAULT_RULES]: true } });
  buildEksExampleStack(app);
  return app;
}

if (require.main === module) {
  buildEksExampleApp().synth();
}
