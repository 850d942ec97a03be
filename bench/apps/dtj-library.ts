import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { runApp } from './common';
import { buildLibrary, loadLibrary } from './library';

/**
 * DeployTimeJob cost with this library: the library's environment, queue and one
 * definition, plus `count` DeployTimeJobs (the driver diffs 0, 1 and 3 jobs).
 */
export function buildDeployTimeJobs(stack: Stack, vpc: ec2.IVpc, count: number): void {
  const batch = loadLibrary('DeployTimeJob');
  const { queue, definitions } = buildLibrary(stack, vpc, 1);
  for (let i = 0; i < count; i++) {
    new batch.DeployTimeJob(stack, `Job${i}`, { jobQueue: queue, jobDefinition: definitions[0] });
  }
}

if (require.main === module) {
  runApp(buildDeployTimeJobs);
}
