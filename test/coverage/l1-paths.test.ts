import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as batch from 'aws-cdk-lib/aws-batch';
import { AWS_CDK_LIB } from './aws-cdk-lib-l2';
import { cdkLibVersion, cfnPaths, L1Node, l1Trees, leafPaths, mapPaths, renderedPaths, sampleValue } from './l1-paths';
import { OURS } from './ours';

/**
 * The coverage check of issues 14, 15 and 16: every CloudFormation property path of the pinned
 * aws-cdk-lib's Batch L1 under the roots the issues name is rendered by some maximal
 * configuration of this library's L2 (`ours.ts`), unless it is in UNREACHABLE with the reason:
 * issue 15's (EcsProperties, ConsumableResourceProperties, EnableExecuteCommand, RuntimePlatform,
 * ScalingPolicy, LaunchTemplate.Overrides, S3 Files volumes, AWS::Batch::ConsumableResource),
 * issue 14's (EKS: the pod of single- and multi-node jobs, EksConfiguration and the EKS-only
 * compute paths), issue 16's (AWS::Batch::ServiceEnvironment, AWS::Batch::QuotaShare, the
 * SageMaker parts of JobQueue and the quota-share policy). The paths are read from the L1's d.ts
 * (`l1-paths.ts`), not listed here, so a new L1 property fails this test until the L2 reaches
 * it or it is listed.
 *
 * It also measures the whole surface, every path of every Batch resource type, against what
 * aws-cdk-lib's own aws-batch L2 reaches with its maximal configurations (`aws-cdk-lib-l2.ts`):
 * this library must reach every EKS path aws-cdk-lib's L2 reaches and more (issue 14), and at
 * least as many paths in all.
 */

const JOB_DEFINITION = 'AWS::Batch::JobDefinition';
const COMPUTE_ENVIRONMENT = 'AWS::Batch::ComputeEnvironment';
const JOB_QUEUE = 'AWS::Batch::JobQueue';
const SCHEDULING_POLICY = 'AWS::Batch::SchedulingPolicy';
const CONSUMABLE_RESOURCE = 'AWS::Batch::ConsumableResource';
const SERVICE_ENVIRONMENT = 'AWS::Batch::ServiceEnvironment';
const QUOTA_SHARE = 'AWS::Batch::QuotaShare';

/** Each resource's L1 props interface and L1 class: every Batch resource type of the L1. */
const L1 = {
  [JOB_DEFINITION]: { props: 'CfnJobDefinitionProps', render: (s: Stack, props: any) => new batch.CfnJobDefinition(s, 'L1', props) },
  [COMPUTE_ENVIRONMENT]: { props: 'CfnComputeEnvironmentProps', render: (s: Stack, props: any) => new batch.CfnComputeEnvironment(s, 'L1', props) },
  [JOB_QUEUE]: { props: 'CfnJobQueueProps', render: (s: Stack, props: any) => new batch.CfnJobQueue(s, 'L1', props) },
  [SCHEDULING_POLICY]: { props: 'CfnSchedulingPolicyProps', render: (s: Stack, props: any) => new batch.CfnSchedulingPolicy(s, 'L1', props) },
  [CONSUMABLE_RESOURCE]: { props: 'CfnConsumableResourceProps', render: (s: Stack, props: any) => new batch.CfnConsumableResource(s, 'L1', props) },
  [SERVICE_ENVIRONMENT]: { props: 'CfnServiceEnvironmentProps', render: (s: Stack, props: any) => new batch.CfnServiceEnvironment(s, 'L1', props) },
  [QUOTA_SHARE]: { props: 'CfnQuotaShareProps', render: (s: Stack, props: any) => new batch.CfnQuotaShare(s, 'L1', props) },
};
type ResourceType = keyof typeof L1;
const RESOURCE_TYPES = Object.keys(L1) as ResourceType[];

const startsWith = (prefix: string) => (p: string) => p === prefix || p.startsWith(`${prefix}.`);
const segments = (p: string) => p.split('.');

interface Root {
  readonly issue: 14 | 15 | 16;
  readonly name: string;
  readonly type: ResourceType;
  readonly matches: (path: string) => boolean;
}

/** The roots of the issues, as tests on a path of one resource type (CloudFormation spelling). */
const ROOTS: Array<Root> = [
  { issue: 15, name: 'JobDefinition EcsProperties', type: JOB_DEFINITION, matches: startsWith('EcsProperties') },
  { issue: 15, name: 'JobDefinition NodeRangeProperties[].EcsProperties', type: JOB_DEFINITION, matches: startsWith('NodeProperties.NodeRangeProperties.EcsProperties') },
  { issue: 15, name: 'JobDefinition ConsumableResourceProperties', type: JOB_DEFINITION, matches: startsWith('ConsumableResourceProperties') },
  {
    issue: 15,
    name: 'JobDefinition NodeRangeProperties[].ConsumableResourceProperties',
    type: JOB_DEFINITION,
    matches: startsWith('NodeProperties.NodeRangeProperties.ConsumableResourceProperties'),
  },
  { issue: 15, name: 'JobDefinition EnableExecuteCommand (anywhere)', type: JOB_DEFINITION, matches: (p) => segments(p).pop() === 'EnableExecuteCommand' },
  { issue: 15, name: 'JobDefinition RuntimePlatform (anywhere)', type: JOB_DEFINITION, matches: (p) => segments(p).includes('RuntimePlatform') },
  { issue: 15, name: 'JobDefinition S3 Files volumes (anywhere)', type: JOB_DEFINITION, matches: (p) => segments(p).some((s) => /s3files/i.test(s)) },
  { issue: 15, name: 'ComputeEnvironment ComputeResources.ScalingPolicy', type: COMPUTE_ENVIRONMENT, matches: startsWith('ComputeResources.ScalingPolicy') },
  {
    issue: 15,
    name: 'ComputeEnvironment ComputeResources.LaunchTemplate.Overrides',
    type: COMPUTE_ENVIRONMENT,
    matches: startsWith('ComputeResources.LaunchTemplate.Overrides'),
  },
  { issue: 15, name: 'ConsumableResource (all)', type: CONSUMABLE_RESOURCE, matches: () => true },
  { issue: 14, name: 'JobDefinition EksProperties', type: JOB_DEFINITION, matches: startsWith('EksProperties') },
  { issue: 14, name: 'JobDefinition NodeRangeProperties[].EksProperties', type: JOB_DEFINITION, matches: startsWith('NodeProperties.NodeRangeProperties.EksProperties') },
  { issue: 14, name: 'ComputeEnvironment EksConfiguration', type: COMPUTE_ENVIRONMENT, matches: startsWith('EksConfiguration') },
  {
    issue: 14,
    name: 'ComputeEnvironment EKS-only compute paths (ImageKubernetesVersion, UserdataType)',
    type: COMPUTE_ENVIRONMENT,
    matches: (p) => ['ImageKubernetesVersion', 'UserdataType'].includes(segments(p).pop()!),
  },
  { issue: 16, name: 'ServiceEnvironment (all)', type: SERVICE_ENVIRONMENT, matches: () => true },
  { issue: 16, name: 'QuotaShare (all)', type: QUOTA_SHARE, matches: () => true },
  {
    issue: 16,
    name: 'JobQueue SageMaker parts (ServiceEnvironmentOrder, JobQueueType, JobStateTimeLimitActions)',
    type: JOB_QUEUE,
    matches: (p) => ['ServiceEnvironmentOrder', 'JobQueueType', 'JobStateTimeLimitActions'].some((root) => startsWith(root)(p)),
  },
  { issue: 16, name: 'SchedulingPolicy QuotaSharePolicy', type: SCHEDULING_POLICY, matches: startsWith('QuotaSharePolicy') },
];

/**
 * The paths the L2 cannot render, each with the reason. The test fails if one of them becomes
 * reachable or leaves the L1, so the list stays what is true.
 */
const UNREACHABLE: Record<string, string> = {
  [`${JOB_DEFINITION} NodeProperties.NodeRangeProperties.Container.RuntimePlatform`]: 'A multi-node parallel job runs on EC2 only '
    + '(RegisterJobDefinition: "a job on Fargate resources must not specify nodeProperties"; the L2\'s multiNodeNotFargate error), '
    + 'and RuntimePlatform is a Fargate setting (CloudFormation: "the compute environment architecture for AWS Batch jobs on Fargate"): '
    + 'the L2 renders a container\'s fargate settings only on Fargate and warns that they are not rendered on EC2.',
  [`${JOB_DEFINITION} NodeProperties.NodeRangeProperties.Container.RuntimePlatform.CpuArchitecture`]: 'As its RuntimePlatform: Fargate only.',
  [`${JOB_DEFINITION} NodeProperties.NodeRangeProperties.Container.RuntimePlatform.OperatingSystemFamily`]: 'As its RuntimePlatform: Fargate only.',
};

// ---------------------------------------------------------------------------------------------
// The L1's paths, from its d.ts.

const trees = l1Trees(Object.values(L1).map((l1) => l1.props));
const treeOf = (type: ResourceType): L1Node[] => trees.get(L1[type].props)!;
const allPaths = (type: ResourceType) => cfnPaths(treeOf(type));

/** `type path` for every path under one of the roots. */
const enumerated = new Set(ROOTS.flatMap((root) => allPaths(root.type).filter(root.matches).map((p) => `${root.type} ${p}`)));

/** `type path` for every path rendered in the Properties of a Batch resource of the template. */
function reachedBy(template: Template): Set<string> {
  const reached = new Set<string>();
  for (const type of RESOURCE_TYPES) {
    for (const resource of Object.values<any>(template.findResources(type))) {
      for (const p of renderedPaths(resource.Properties)) reached.add(`${type} ${p}`);
    }
  }
  return reached;
}

/**
 * What each library's configurations reached, filled by their tests (the tests of a file run in
 * order, those that read these sets after those that fill them).
 */
const reached = new Set<string>();
const reachedByAwsCdkLib = new Set<string>();

/** The paths of the roots of one issue. */
const pathsOfIssue = (issue: Root['issue']) => [...new Set(ROOTS.filter((root) => root.issue === issue)
  .flatMap((root) => allPaths(root.type).filter(root.matches).map((p) => `${root.type} ${p}`)))];

/** Every path of every Batch resource type. */
const everyPath = RESOURCE_TYPES.flatMap((type) => allPaths(type).map((p) => `${type} ${p}`));

// ---------------------------------------------------------------------------------------------

describe('the L1 paths, read from the d.ts', () => {
  test('are many: a parser that finds few cannot pass the coverage test vacuously', () => {
    expect(allPaths(JOB_DEFINITION).length).toBeGreaterThan(400);
    expect(allPaths(COMPUTE_ENVIRONMENT).length).toBeGreaterThan(40);
    expect(enumerated.size).toBeGreaterThan(200);
    for (const root of ROOTS) expect(allPaths(root.type).filter(root.matches).length).toBeGreaterThan(0);
    expect([...enumerated]).toEqual(expect.arrayContaining([
      `${JOB_DEFINITION} EcsProperties.TaskProperties.Containers.DependsOn.Condition`,
      `${JOB_DEFINITION} NodeProperties.NodeRangeProperties.EcsProperties.TaskProperties.Volumes.S3FilesVolumeConfiguration.FileSystemArn`,
      `${COMPUTE_ENVIRONMENT} ComputeResources.ScalingPolicy.MinScaleDownDelayMinutes`,
      `${CONSUMABLE_RESOURCE} TotalQuantity`,
      `${JOB_DEFINITION} NodeProperties.NodeRangeProperties.EksProperties.PodProperties.InitContainers.SecurityContext.RunAsNonRoot`,
      `${COMPUTE_ENVIRONMENT} EksConfiguration.KubernetesNamespace`,
      `${SERVICE_ENVIRONMENT} CapacityLimits.CapacityUnit`,
      `${QUOTA_SHARE} ResourceSharingConfiguration.BorrowLimit`,
      `${JOB_QUEUE} ServiceEnvironmentOrder.ServiceEnvironment`,
      `${SCHEDULING_POLICY} QuotaSharePolicy.IdleResourceAssignmentStrategy`,
    ]));
    for (const issue of [14, 15, 16] as const) expect(pathsOfIssue(issue).length).toBeGreaterThan(10);
  });

  test.each(RESOURCE_TYPES)('are spelled as the L1 renders them: %s with every property set', (type) => {
    // The L1 itself, with a value for every property, renders each path in CloudFormation's spelling.
    // The sample values ('x' for an ARN) are not valid CloudFormation: synthesize without aws-cdk-lib's template validation.
    const stack = new Stack(new App(), 'L1');
    L1[type].render(stack, sampleValue(treeOf(type)));
    const validation = process.env.CDK_VALIDATION;
    process.env.CDK_VALIDATION = 'false';
    let template: Template;
    try {
      template = Template.fromStack(stack);
    } finally {
      if (validation === undefined) delete process.env.CDK_VALIDATION;
      else process.env.CDK_VALIDATION = validation;
    }
    const properties = Object.values<any>(template.findResources(type))[0].Properties;
    const rendered = renderedPaths(properties);
    const paths = allPaths(type);
    expect(paths.filter((p) => !rendered.has(p))).toEqual([]);
    // And nothing else, but the keys of maps (tags, options, parameters).
    const maps = mapPaths(treeOf(type));
    expect([...rendered].filter((p) => !paths.includes(p) && !maps.some((m) => p.startsWith(`${m}.`)))).toEqual([]);
  });
});

describe('every L1 path under the roots of issues 14, 15 and 16 is reached by the L2', () => {
  test.each(Object.keys(OURS))('%s synthesizes, validated against the CloudFormation schema', (name) => {
    const paths = reachedBy(OURS[name]());
    expect(paths.size).toBeGreaterThan(0);
    for (const p of paths) reached.add(p);
  });

  test.each(ROOTS.map((root) => [root.issue, root.name, root] as const))('issue %s, %s: every path is reached or listed as unreachable', (_issue, _name, root) => {
    const paths = allPaths(root.type).filter(root.matches).map((p) => `${root.type} ${p}`);
    expect(paths.filter((p) => !reached.has(p) && !(p in UNREACHABLE))).toEqual([]);
  });

  test('every UNREACHABLE entry is an L1 path under a root, and is not reached', () => {
    const listed = Object.keys(UNREACHABLE);
    expect({ notInTheL1: listed.filter((p) => !enumerated.has(p)), reached: listed.filter((p) => reached.has(p)) })
      .toEqual({ notInTheL1: [], reached: [] });
  });

  test('counts', () => {
    const leaves = new Set(RESOURCE_TYPES.flatMap((type) => leafPaths(treeOf(type)).map((p) => `${type} ${p}`)));
    const row = (name: string, paths: readonly string[]) => `${name}: ${paths.length} enumerated (${paths.filter((p) => leaves.has(p)).length} leaves), `
      + `${paths.filter((p) => reached.has(p)).length} reached, ${paths.filter((p) => p in UNREACHABLE).length} unreachable`;
    const rows = ROOTS.map((root) => row(`issue ${root.issue}, ${root.name}`, allPaths(root.type).filter(root.matches).map((p) => `${root.type} ${p}`)));
    for (const issue of [14, 15, 16] as const) rows.push(row(`issue ${issue}, all roots (each path once)`, pathsOfIssue(issue)));
    rows.push(row('all roots (each path once)', [...enumerated]));
    console.log(`L1 path coverage (aws-cdk-lib ${cdkLibVersion()}):\n${rows.join('\n')}`);
    expect(rows).toHaveLength(ROOTS.length + 4);
  });
});

describe('aws-cdk-lib\'s own aws-batch L2, with every prop set, reaches less', () => {
  test.each(Object.keys(AWS_CDK_LIB))('aws-cdk-lib: %s synthesizes, validated against the CloudFormation schema', (name) => {
    const paths = reachedBy(AWS_CDK_LIB[name]());
    expect(paths.size).toBeGreaterThan(0);
    for (const p of paths) reachedByAwsCdkLib.add(p);
  });

  test('EKS (issue 14): every path aws-cdk-lib\'s L2 reaches is reached here, and strictly more', () => {
    const eks = pathsOfIssue(14);
    const theirs = eks.filter((p) => reachedByAwsCdkLib.has(p));
    const ours = eks.filter((p) => reached.has(p));
    console.log(`EKS paths (issue 14's roots, ${eks.length} in the L1): ours ${ours.length}, aws-cdk-lib's L2 ${theirs.length}`);
    expect(theirs.filter((p) => !reached.has(p))).toEqual([]);
    expect(ours.length).toBeGreaterThan(theirs.length);
  });

  test('the whole surface: every path of every Batch resource type, per type; ours reaches every path aws-cdk-lib\'s L2 reaches', () => {
    const count = (paths: readonly string[], set: ReadonlySet<string>) => paths.filter((p) => set.has(p)).length;
    const rows = RESOURCE_TYPES.map((type) => {
      const paths = everyPath.filter((p) => p.startsWith(`${type} `));
      return `${type}: ${paths.length} paths, ours ${count(paths, reached)}, aws-cdk-lib's L2 ${count(paths, reachedByAwsCdkLib)}`;
    });
    const ours = count(everyPath, reached);
    const theirs = count(everyPath, reachedByAwsCdkLib);
    rows.push(`all: ${everyPath.length} paths, ours ${ours}, aws-cdk-lib's L2 ${theirs}`);
    const unreached = everyPath.filter((p) => !reached.has(p));
    const onlyTheirs = everyPath.filter((p) => reachedByAwsCdkLib.has(p) && !reached.has(p));
    console.log(`The whole L1 surface (aws-cdk-lib ${cdkLibVersion()}):\n${rows.join('\n')}\n`
      + `Not reached by ours:\n${unreached.join('\n')}\nReached by aws-cdk-lib's L2, not by ours:\n${onlyTheirs.join('\n') || '(none)'}`);
    expect(ours).toBeGreaterThanOrEqual(theirs);
    expect(onlyTheirs).toEqual([]);
    // A floor, the count when this was written, so that a configuration that stops rendering shows.
    expect(ours).toBeGreaterThanOrEqual(573);
  });
});
