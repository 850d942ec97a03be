/**
 * "Load only what is used": a stack that does not use a feature does not load the aws-cdk-lib
 * modules behind it. Each case runs a small app in a fresh Node process (the library from src/
 * through ts-node) and lists the aws-cdk-lib modules that process loaded.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

/** The aws-cdk-lib submodules (e.g. `aws-lambda`) loaded by a process that runs `body` with `batch` = the library. */
function modulesLoadedBy(body: string): string[] {
  const script = `
    const cdk = require('aws-cdk-lib');
    const ec2 = require('aws-cdk-lib/aws-ec2');
    const ecs = require('aws-cdk-lib/aws-ecs');
    const batch = require('./src');
    const app = new cdk.App();
    const stack = new cdk.Stack(app, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet-1'] });
    ${body}
    app.synth();
    const loaded = Object.keys(require.cache)
      .map((file) => /aws-cdk-lib\\/(aws-[a-z0-9-]+)\\//.exec(file))
      .filter(Boolean).map((match) => match[1]);
    console.log(JSON.stringify([...new Set(loaded)].sort()));
  `;
  const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'test', 'tsconfig.json'), CDK_VALIDATION: 'false' },
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

const ENVIRONMENT_QUEUE_DEFINITION = `
  const environment = new batch.ComputeEnvironment(stack, 'Environment', { computeResources: { vpc } });
  const queue = new batch.JobQueue(stack, 'Queue', { computeEnvironments: [{ computeEnvironment: environment, order: 1 }] });
  const definition = new batch.JobDefinition(stack, 'Definition', { container: { image: ecs.ContainerImage.fromRegistry('busybox') } });
`;

describe('a stack loads only the aws-cdk-lib modules of what it uses', () => {
  test('environment, queue and definitions: no aws-lambda, aws-logs, aws-events or aws-eks', () => {
    const loaded = modulesLoadedBy(ENVIRONMENT_QUEUE_DEFINITION);
    expect(loaded).toEqual(expect.arrayContaining(['aws-batch', 'aws-ec2', 'aws-iam']));
    expect(loaded).not.toEqual(expect.arrayContaining(['aws-lambda']));
    expect(loaded).not.toEqual(expect.arrayContaining(['aws-logs']));
    expect(loaded).not.toEqual(expect.arrayContaining(['aws-events']));
    expect(loaded).not.toEqual(expect.arrayContaining(['aws-eks']));
  });

  test('an EKS environment with cluster access uses aws-eks (the app loads it for its cluster; the library then requires it)', () => {
    const loaded = modulesLoadedBy(`
      const eks = require('aws-cdk-lib/aws-eks');
      const cluster = eks.Cluster.fromClusterAttributes(stack, 'Cluster', { clusterName: 'jobs', kubectlRoleArn: 'arn:aws:iam::123456789012:role/k' });
      new batch.ComputeEnvironment(stack, 'Eks', { eks: { cluster, kubernetesNamespace: 'batch', configureClusterAccess: true }, computeResources: { vpc } });
    `);
    expect(loaded).toEqual(expect.arrayContaining(['aws-batch', 'aws-eks']));
  });

  test('a deploy-time job loads aws-lambda and aws-logs, a job event rule aws-events', () => {
    const loaded = modulesLoadedBy(`${ENVIRONMENT_QUEUE_DEFINITION}
      new batch.DeployTimeJob(stack, 'Job', { jobQueue: queue, jobDefinition: definition });
      queue.onJobFailed('Failed');
    `);
    expect(loaded).toEqual(expect.arrayContaining(['aws-lambda', 'aws-logs', 'aws-events']));
  });
});
