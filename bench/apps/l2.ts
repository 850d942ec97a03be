import { Duration, Size, Stack } from 'aws-cdk-lib';
import * as batch from 'aws-cdk-lib/aws-batch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { COMPUTE, JOB, itemId, runApp } from './common';

/** Variant (b): aws-cdk-lib's own `aws-batch` L2 constructs, defaults otherwise. */
export function buildL2(stack: Stack, vpc: ec2.IVpc, count: number): void {
  const computeEnvironment = new batch.ManagedEc2EcsComputeEnvironment(stack, 'ComputeEnvironment', {
    vpc,
    instanceTypes: [new ec2.InstanceType(COMPUTE.instanceType)],
    useOptimalInstanceClasses: false,
    maxvCpus: COMPUTE.maxvCpus,
  });
  new batch.JobQueue(stack, 'JobQueue', {
    computeEnvironments: [{ computeEnvironment, order: 1 }],
  });
  for (let i = 0; i < count; i++) {
    new batch.EcsJobDefinition(stack, itemId('JobDefinition', i), {
      container: new batch.EcsEc2ContainerDefinition(stack, itemId('Container', i), {
        image: ecs.ContainerImage.fromRegistry(JOB.image),
        cpu: JOB.vcpus,
        memory: Size.mebibytes(JOB.memoryMiB),
      }),
      retryAttempts: JOB.retryAttempts,
      timeout: Duration.minutes(JOB.timeoutMinutes),
    });
  }
}

if (require.main === module) {
  runApp(buildL2);
}
