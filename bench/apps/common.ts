import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';

/**
 * What every benchmark app shares: the command line, the stack, the imported VPC,
 * the job definition every variant builds, and the measurement printed at exit.
 *
 * An app is run as `node <app>.js <count> <outdir> [resourceLimit]`; it builds one
 * stack, synthesizes it into outdir and prints one line
 * `BENCH_RESULT {"cpuMs":..,"maxRssKb":..}` measured right after the synth.
 */

/** Fixed account and region, so ARNs and AZs are concrete and no lookup happens. */
export const ENV = { account: '123456789012', region: 'us-east-1' };

/** The name of the synthesized stack (its template is `<STACK_NAME>.template.json`). */
export const STACK_NAME = 'BenchStack';

/** The prefix of the measurement line the driver parses. */
export const RESULT_PREFIX = 'BENCH_RESULT ';

/** The job every variant defines N times: the same work, three ways. */
export const JOB = {
  image: 'busybox',
  vcpus: 1,
  memoryMiB: 128,
  retryAttempts: 3,
  timeoutMinutes: 10,
};

/** The compute environment every variant builds: managed, On-Demand EC2. */
export const COMPUTE = {
  instanceType: 'm5.large',
  maxvCpus: 16,
};

/** The path of the library's compiled entry point (jsii output in lib/). */
export const LIBRARY_ENTRY = path.resolve(process.env.BENCH_LIBRARY_DIR ?? path.join(__dirname, '..', '..', '..', '..', 'lib'));

/** A VPC imported by attributes: no VPC resources, no lookups. */
export function importVpc(stack: Stack): ec2.IVpc {
  return ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-0123456789abcdef0',
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    privateSubnetIds: ['subnet-0123456789abcdef1', 'subnet-0123456789abcdef2'],
  });
}

/** Builds what an app measures into the stack; `count` is N (definitions or jobs). */
export type Build = (stack: Stack, vpc: ec2.IVpc, count: number) => unknown;

/** Runs an app: parse the command line, build, synthesize, print the measurement. */
export function runApp(build: Build): void {
  const [countArg, outdir, limitArg] = process.argv.slice(2);
  const count = Number(countArg);
  if (!Number.isInteger(count) || count < 0 || !outdir) {
    throw new Error(`usage: node ${path.basename(process.argv[1])} <count> <outdir> [resourceLimit], got ${process.argv.slice(2).join(' ')}`);
  }
  const context: Record<string, unknown> = {};
  if (limitArg) {
    context['@aws-cdk/core:stackResourceLimit'] = Number(limitArg);
  }
  // No CDKMetadata resource: it is the same in every variant and not part of the work.
  const app = new App({ outdir, context, analyticsReporting: false });
  const stack = new Stack(app, STACK_NAME, { env: ENV });
  build(stack, importVpc(stack), count);
  app.synth();
  const usage = process.resourceUsage();
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify({ cpuMs, maxRssKb: usage.maxRSS })}\n`);
}

/** The construct id of the i-th job definition (or job), the same in every variant. */
export function itemId(prefix: string, index: number): string {
  return `${prefix}${index}`;
}
