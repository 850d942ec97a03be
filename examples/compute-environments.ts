import { Annotations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { ComputeEnvironment, ComputeResourceType } from '../src';

/**
 * The two managed EC2 compute environments of the Batch API reference's
 * `createComputeEnvironment` examples, C4OnDemand and M4Spot.
 *
 * The reference passes `serviceRole: .../AWSBatchServiceRole` and
 * `instanceRole: ecsInstanceRole`, which must exist beforehand. Here both use this
 * library's defaults instead: no service role (Batch's service-linked role, so the
 * environments can be updated in place) and a new instance role with its instance
 * profile. M4Spot needs no Spot Fleet role: with the default
 * SPOT_PRICE_CAPACITY_OPTIMIZED strategy Batch uses its service-linked role.
 * Subnets and security groups are the VPC's private subnets and a new group each.
 */
export function addReferenceComputeEnvironments(scope: Construct, vpc: ec2.IVpc): { c4OnDemand: ComputeEnvironment; m4Spot: ComputeEnvironment } {
  const keyPair = ec2.KeyPair.fromKeyPairName(scope, 'IdRsaKeyPair', 'id_rsa');

  const c4OnDemand = new ComputeEnvironment(scope, 'C4OnDemand', {
    computeEnvironmentName: 'C4OnDemand',
    enabled: true,
    computeResources: {
      vpc,
      type: ComputeResourceType.ON_DEMAND,
      instanceTypes: ['c4.large', 'c4.xlarge', 'c4.2xlarge', 'c4.4xlarge', 'c4.8xlarge'].map((t) => new ec2.InstanceType(t)),
      minvCpus: 0,
      desiredvCpus: 48,
      maxvCpus: 128,
      ec2KeyPair: keyPair,
      tags: { Name: 'Batch Instance - C4OnDemand' },
    },
  });

  const m4Spot = new ComputeEnvironment(scope, 'M4Spot', {
    computeEnvironmentName: 'M4Spot',
    enabled: true,
    computeResources: {
      vpc,
      type: ComputeResourceType.SPOT,
      bidPercentage: 20,
      instanceTypes: [new ec2.InstanceType('m4')],
      minvCpus: 0,
      desiredvCpus: 4,
      maxvCpus: 128,
      ec2KeyPair: keyPair,
      tags: { Name: 'Batch Instance - M4Spot' },
    },
  });

  // The reference names are kept on purpose; acknowledging says so instead of hiding the risk.
  for (const environment of [c4OnDemand, m4Spot]) {
    Annotations.of(environment).acknowledgeWarning('@cdk-batch-constructs/compute-environment:fixedNameBlocksReplacement',
      'The names of the Batch API reference examples; rename the environment before a change that replaces it');
  }
  return { c4OnDemand, m4Spot };
}
