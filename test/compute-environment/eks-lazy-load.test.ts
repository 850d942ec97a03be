import { spawnSync } from 'child_process';
import * as path from 'path';

/**
 * "Load only what is used": a stack without an EKS compute environment must not load
 * aws-cdk-lib/aws-eks (the EKS files import its types only and require it when an EKS
 * environment configures cluster access). Each case synthesizes in a fresh Node process and
 * reports the aws-eks modules in require.cache.
 */

const ROOT = path.resolve(__dirname, '..', '..');

function eksModulesLoadedBy(body: string): number {
  const script = `
    require('ts-node').register({ transpileOnly: true, project: ${JSON.stringify(path.join(ROOT, 'test', 'tsconfig.json'))} });
    const { App, Stack } = require('aws-cdk-lib');
    const ec2 = require('aws-cdk-lib/aws-ec2');
    const ecs = require('aws-cdk-lib/aws-ecs');
    const batch = require(${JSON.stringify(path.join(ROOT, 'src'))});
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const image = ecs.ContainerImage.fromRegistry('busybox');
    ${body}
    app.synth();
    const loaded = Object.keys(require.cache).filter((file) => file.includes(${JSON.stringify(`${path.sep}aws-eks${path.sep}`)}));
    process.stdout.write(String(loaded.length));
  `;
  const result = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(result.stderr);
  return Number(result.stdout);
}

describe('aws-cdk-lib/aws-eks is loaded only for EKS environments', () => {
  test('a stack of ECS environments, a queue and job definitions does not load it', () => {
    expect(eksModulesLoadedBy(`
      const ce = new batch.ComputeEnvironment(stack, 'Ce', { computeResources: { vpc } });
      new batch.JobQueue(stack, 'Queue', { computeEnvironments: [{ computeEnvironment: ce, order: 1 }] });
      new batch.JobDefinition(stack, 'Job', { container: { image } });
    `)).toBe(0);
  }, 150_000);

  test('an EKS environment does (the control: the check sees the module when it is loaded)', () => {
    expect(eksModulesLoadedBy(`
      const eks = require('aws-cdk-lib/aws-eks');
      const cluster = eks.Cluster.fromClusterAttributes(stack, 'Cluster', { clusterName: 'jobs', kubectlRoleArn: 'arn:aws:iam::123456789012:role/k' });
      new batch.ComputeEnvironment(stack, 'Ce', { eks: { cluster, kubernetesNamespace: 'batch', configureClusterAccess: true }, computeResources: { vpc } });
    `)).toBeGreaterThan(0);
  }, 150_000);
});
