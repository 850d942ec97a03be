import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';

const SINGLETON_ID = 'BatchImdsv2LaunchTemplate';

/**
 * The launch template EC2 compute environments get when the user gives none: it only
 * makes the instances require IMDSv2 (session tokens), one per stack, shared by all.
 *
 * The hop limit is 2 because job containers on EC2 run in bridge networking, one hop
 * further from the instance than the ECS agent: with 1 they could not reach the
 * metadata service at all, which breaks jobs that rely on the instance's credentials
 * or region. Jobs should use a job role; to block containers from the metadata service
 * entirely, give your own launch template with a hop limit of 1.
 */
export function imdsv2LaunchTemplate(scope: IConstruct): ec2.CfnLaunchTemplate {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(SINGLETON_ID);
  if (existing instanceof ec2.CfnLaunchTemplate) return existing;
  return new ec2.CfnLaunchTemplate(stack, SINGLETON_ID, {
    launchTemplateData: {
      metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 2 },
    },
  });
}
