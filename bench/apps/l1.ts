import { Stack } from 'aws-cdk-lib';
import * as batch from 'aws-cdk-lib/aws-batch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { COMPUTE, JOB, itemId, runApp } from './common';

/** What the L1 variant built, for apps that add to it. */
export interface L1Batch {
  readonly queue: batch.CfnJobQueue;
  readonly definitions: batch.CfnJobDefinition[];
}

/**
 * Variant (c), the floor: aws-cdk-lib `Cfn*` L1 constructs only. The same deployable
 * work as the other variants: a security group, the ECS instance role and its
 * instance profile, the compute environment, the queue and N job definitions.
 */
export function buildL1(stack: Stack, vpc: ec2.IVpc, count: number): L1Batch {
  const securityGroup = new ec2.CfnSecurityGroup(stack, 'SecurityGroup', {
    groupDescription: 'Batch compute environment',
    vpcId: vpc.vpcId,
    securityGroupEgress: [{ ipProtocol: '-1', cidrIp: '0.0.0.0/0' }],
  });
  const instanceRole = new iam.CfnRole(stack, 'InstanceRole', {
    assumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    },
    managedPolicyArns: [`arn:${stack.partition}:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role`],
  });
  const instanceProfile = new iam.CfnInstanceProfile(stack, 'InstanceProfile', { roles: [instanceRole.ref] });
  const computeEnvironment = new batch.CfnComputeEnvironment(stack, 'ComputeEnvironment', {
    type: 'MANAGED',
    computeResources: {
      type: 'EC2',
      minvCpus: 0,
      maxvCpus: COMPUTE.maxvCpus,
      instanceTypes: [COMPUTE.instanceType],
      subnets: vpc.privateSubnets.map((subnet) => subnet.subnetId),
      securityGroupIds: [securityGroup.attrGroupId],
      instanceRole: instanceProfile.attrArn,
    },
  });
  const queue = new batch.CfnJobQueue(stack, 'JobQueue', {
    priority: 1,
    computeEnvironmentOrder: [{ computeEnvironment: computeEnvironment.attrComputeEnvironmentArn, order: 1 }],
  });
  queue.node.addDependency(computeEnvironment);
  const definitions: batch.CfnJobDefinition[] = [];
  for (let i = 0; i < count; i++) {
    definitions.push(new batch.CfnJobDefinition(stack, itemId('JobDefinition', i), {
      type: 'container',
      platformCapabilities: ['EC2'],
      containerProperties: {
        image: JOB.image,
        resourceRequirements: [
          { type: 'VCPU', value: String(JOB.vcpus) },
          { type: 'MEMORY', value: String(JOB.memoryMiB) },
        ],
      },
      retryStrategy: { attempts: JOB.retryAttempts },
      timeout: { attemptDurationSeconds: JOB.timeoutMinutes * 60 },
    }));
  }
  return { queue, definitions };
}

if (require.main === module) {
  runApp(buildL1);
}
