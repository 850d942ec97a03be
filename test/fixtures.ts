/**
 * Fixtures shared by the test suites: VPCs, and ARNs in the test environment. Each name says
 * what it builds; a VPC is made once per stack.
 */
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { TEST_ENV } from './synth';

/** A VPC with public subnets and private subnets with egress (2 AZs, 1 NAT gateway): the library's default subnets exist. */
export function vpcWithNat(stack: Stack): ec2.Vpc {
  const existing = stack.node.tryFindChild('Vpc');
  return existing instanceof ec2.Vpc ? existing : new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
}

/** A VPC with isolated private subnets only (2 AZs, no NAT gateway, fewer resources); select them with `ISOLATED_SUBNETS`. */
export function isolatedVpc(stack: Stack): ec2.Vpc {
  const existing = stack.node.tryFindChild('IsolatedVpc');
  return existing instanceof ec2.Vpc ? existing : new ec2.Vpc(stack, 'IsolatedVpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'Private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
}

/** The subnet selection of `isolatedVpc`. */
export const ISOLATED_SUBNETS: ec2.SubnetSelection = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };

/**
 * An imported VPC with two private subnets with egress: no resources, nothing to synthesize,
 * for rule tables that need an `ec2.IVpc`.
 */
export function importedVpc(scope: Construct, id = 'ImportedVpc'): ec2.IVpc {
  return ec2.Vpc.fromVpcAttributes(scope, id, {
    vpcId: 'vpc-0123456789abcdef0',
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'],
  });
}

/** The ARN of a Batch resource in the test account and region, e.g. `testArn('job-queue', 'HighPriority')`. */
export function testArn(type: string, name: string): string {
  return `arn:aws:batch:${TEST_ENV.region}:${TEST_ENV.account}:${type}/${name}`;
}
