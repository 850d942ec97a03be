/**
 * EKS clusters for the tests: a cluster of the app (aws-eks v1 needs a kubectl layer; an imported
 * layer ARN keeps the asset out), and imported clusters with or without a kubectl role.
 */
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/** The ARN of the kubectl layer the test clusters use. */
export const KUBECTL_LAYER_ARN = 'arn:aws:lambda:us-east-1:123456789012:layer:kubectl:1';

/** An `eks.Cluster` without default capacity in `vpc`. */
export function ownedCluster(scope: Construct, vpc: ec2.IVpc, props: Partial<eks.ClusterProps> = {}, id = 'Cluster'): eks.Cluster {
  return new eks.Cluster(scope, id, {
    version: eks.KubernetesVersion.V1_33,
    vpc,
    defaultCapacity: 0,
    kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(scope, `${id}KubectlLayer`, KUBECTL_LAYER_ARN),
    ...props,
  });
}

/** The kubectl role ARN of `importedCluster`. */
export const KUBECTL_ROLE_ARN = 'arn:aws:iam::123456789012:role/kubectl';
/** The cluster security group of `importedCluster`. */
export const CLUSTER_SECURITY_GROUP = 'sg-0123456789abcdef0';

/** A cluster `jobs` imported by name; with `kubectl`, with a kubectl role; with its cluster security group unless told otherwise. */
export function importedCluster(scope: Stack, options: { kubectl?: boolean; securityGroup?: boolean; id?: string } = {}): eks.ICluster {
  return eks.Cluster.fromClusterAttributes(scope, options.id ?? 'Cluster', {
    clusterName: 'jobs',
    kubectlRoleArn: options.kubectl ? KUBECTL_ROLE_ARN : undefined,
    clusterSecurityGroupId: options.securityGroup === false ? undefined : CLUSTER_SECURITY_GROUP,
  });
}
