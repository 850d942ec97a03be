import { Duration, Size, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { JobDefinition, NodeRange, PlatformCapability, TaskContainerDependencyCondition } from '../src';

/**
 * The example app's job definitions: the reference `sleep10`, a small multi-node
 * job, a Fargate job reading a Secrets Manager secret and a Fargate job of two
 * containers (a main container with a sidecar).
 */
export function addReferenceJobDefinitions(scope: Construct): {
  sleep10: JobDefinition;
  multiNode: JobDefinition;
  fargateWithSecret: JobDefinition;
  withSidecar: JobDefinition;
} {
  const busybox = ecs.ContainerImage.fromRegistry('busybox');

  // The registerJobDefinition example of the Batch API reference: one resource, no role.
  const sleep10 = new JobDefinition(scope, 'Sleep10', {
    jobDefinitionName: 'sleep10',
    container: {
      image: busybox,
      vcpus: 1,
      memory: Size.mebibytes(128),
      command: ['sleep', '10'],
    },
  });

  // Three nodes on EC2; node 0 is the main node. Every node runs the same container.
  const multiNode = new JobDefinition(scope, 'MultiNode', {
    nodeProperties: {
      numNodes: 3,
      mainNode: 0,
      nodeRanges: [{
        targetNodes: NodeRange.all(),
        container: {
          image: busybox,
          vcpus: 1,
          memory: Size.mebibytes(256),
          command: ['sh', '-c', 'echo node $AWS_BATCH_JOB_NODE_INDEX of $AWS_BATCH_JOB_NUM_NODES'],
        },
      }],
    },
    timeout: Duration.minutes(10),
  });

  // Fargate reads the secret at container start with the execution role, which is
  // created for this definition and granted read access to exactly this secret.
  const secret = new secretsmanager.Secret(scope, 'ExampleSecret', {
    description: 'Example secret read by the fargate-with-secret job definition',
  });
  // Rotating a token needs a rotation function that knows the system issuing it.
  Validations.of(secret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason: 'An example API token issued by an external system; rotate it there and put the new value into the secret',
  });
  const fargateWithSecret = new JobDefinition(scope, 'FargateWithSecret', {
    platformCapabilities: [PlatformCapability.FARGATE],
    container: {
      image: busybox,
      vcpus: 0.25,
      memory: Size.mebibytes(512),
      command: ['sh', '-c', 'test -n "$API_TOKEN" && echo secret received'],
      secrets: { API_TOKEN: ecs.Secret.fromSecretsManager(secret) },
    },
    retryAttempts: 2,
    retainPreviousRevisions: true,
  });

  // Two containers in one Fargate task: the sidecar starts first and stops with the job
  // (it is not essential); together they take a Fargate size, 1 vCPU and 2 GiB.
  const withSidecar = new JobDefinition(scope, 'WithSidecar', {
    platformCapabilities: [PlatformCapability.FARGATE],
    ecsTask: {
      containers: [
        {
          name: 'main',
          image: busybox,
          vcpus: 0.5,
          memory: Size.mebibytes(1024),
          command: ['sh', '-c', 'sleep 5 && echo done'],
          dependsOn: [{ containerName: 'sidecar', condition: TaskContainerDependencyCondition.START }],
        },
        {
          name: 'sidecar',
          image: busybox,
          essential: false,
          vcpus: 0.5,
          memory: Size.mebibytes(1024),
          command: ['sh', '-c', 'while true; do echo alive; sleep 1; done'],
        },
      ],
    },
  });

  return { sleep10, multiNode, fargateWithSecret, withSidecar };
}
