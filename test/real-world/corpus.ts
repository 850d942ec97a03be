/**
 * Helpers of the real-world corpus (`test/real-world/NN-*.test.ts`): synthesize a setup once
 * and read back, per construct, what the template says, so each test compares the Batch
 * properties with the original's values one by one.
 */
import { CfnElement, Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct, IConstruct } from 'constructs';

/** A synthesized setup. */
export interface Synthesized {
  /** The template (the synth ran the CloudFormation schema validation as errors). */
  readonly template: Template;
  /** Every warning as `construct path: warning id`, sorted (a warning without an id shows its text). */
  readonly warnings: string[];
  /** The `Properties` of the CloudFormation resource of a construct (its default child, or itself). */
  properties(construct: IConstruct): Record<string, any>;
  /** `{ Ref: logicalId }` of a construct's resource. */
  ref(construct: IConstruct): { Ref: string };
  /** `{ 'Fn::GetAtt': [logicalId, attribute] }` of a construct's resource. */
  getAtt(construct: IConstruct, attribute: string): { 'Fn::GetAtt': [string, string] };
  /** The resources of a type, keyed by logical id. */
  resources(type: string): Record<string, any>;
}

/** The CloudFormation resource behind a construct: its default child, or the construct itself. */
function resourceOf(construct: IConstruct): CfnElement {
  const element = construct.node.defaultChild ?? construct;
  if (!CfnElement.isCfnElement(element)) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return element;
}

/**
 * Synthesizes the setup's app once (which runs the CloudFormation schema validation as errors: `testStack`'s app)
 * and reads the stack's template and warnings from that one cloud assembly.
 */
export function synthesize(stack: Stack): Synthesized {
  const artifact = Stage.of(stack)!.synth({ force: true }).getStackArtifact(stack.artifactId);
  const template = Template.fromJSON(artifact.template);
  const json = artifact.template;
  const warnings = artifact.messages.filter((message) => message.level === 'warning').map((message) => {
    const text = String(message.entry.data);
    const id = /\[ack: ([^\]]+)\]\s*$/.exec(text)?.[1] ?? text;
    return `${message.id}: ${id}`;
  }).sort();
  const logicalId = (construct: IConstruct) => stack.getLogicalId(resourceOf(construct));
  return {
    template,
    warnings,
    properties: (construct) => {
      const resource = json.Resources?.[logicalId(construct)];
      if (!resource) throw new Error(`no resource for ${construct.node.path} in the template`);
      return resource.Properties ?? {};
    },
    ref: (construct) => ({ Ref: logicalId(construct) }),
    getAtt: (construct, attribute) => ({ 'Fn::GetAtt': [logicalId(construct), attribute] }),
    resources: (type) => template.findResources(type),
  };
}

/** The launch template the library gives EC2 environments without one of their own (IMDSv2 only, one per stack). */
export const LIBRARY_LAUNCH_TEMPLATE = {
  LaunchTemplateId: { Ref: 'BatchImdsv2LaunchTemplate' },
  Version: { 'Fn::GetAtt': ['BatchImdsv2LaunchTemplate', 'LatestVersionNumber'] },
};

/** An ARN of the stack's partition as CDK renders an imported one: `arn:${AWS::Partition}REST`. */
export function partitionArn(rest: string): { 'Fn::Join': [string, unknown[]] } {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] };
}

/** The warning id of a rule of this library, e.g. `warning('compute-environment', 'noInfrastructureUpdate')`. */
export function warning(path: string, scope: string, rule: string): string {
  return `${path}: @cdk-batch-constructs/${scope}:${rule}`;
}

/** `[{ Key, Value }]` of a tag map, as CloudFormation lists tags of most non-Batch resources. */
export function tagList(tags: Record<string, string>): Array<{ Key: string; Value: string }> {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value })).sort((a, b) => a.Key.localeCompare(b.Key));
}

/**
 * A VPC made outside the setup (by another module or stack), imported with the subnets the original names:
 * private subnets with egress (the library's default selection) or public ones, one per availability zone.
 */
export function existingVpc(scope: Construct, vpcId: string, subnetIds: string[], kind: 'private' | 'public' = 'private'): ec2.IVpc {
  const region = Stack.of(scope).region;
  const availabilityZones = subnetIds.map((_, i) => `${region}${'abcdef'[i]}`);
  const routeTableIds = subnetIds.map((_, i) => `rtb-0${String(i + 1).padStart(16, '0')}`);
  return ec2.Vpc.fromVpcAttributes(scope, 'Vpc', {
    vpcId,
    availabilityZones,
    ...(kind === 'private'
      ? { privateSubnetIds: subnetIds, privateSubnetRouteTableIds: routeTableIds }
      : { publicSubnetIds: subnetIds, publicSubnetRouteTableIds: routeTableIds }),
  });
}
