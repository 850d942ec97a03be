import { Duration, Size, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
// Types from the jsii build in lib/; the value is loaded at run time from the same place.
import { COMPUTE, JOB, LIBRARY_ENTRY, itemId, runApp } from './common';
import type * as Library from '../../lib';

type LibraryExport = keyof typeof Library;

/**
 * The library as built by `npx projen compile`, checked to export the constructs an
 * app needs, so a construct that has not landed fails the variant with a clear message.
 */
export function loadLibrary(...needed: LibraryExport[]): typeof Library {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by path at run time, typed by the import above
  const library = require(LIBRARY_ENTRY);
  const missing = needed.filter((name) => typeof library[name] !== 'function');
  if (missing.length > 0) {
    throw new Error(`${LIBRARY_ENTRY} does not export ${missing.join(', ')}: the construct has not landed in this branch, or lib/ is stale (run npx projen compile)`);
  }
  return library;
}

/** What the library variant built, for apps that add to it. */
export interface LibraryBatch {
  readonly queue: Library.JobQueue;
  readonly definitions: Library.JobDefinition[];
}

/** Variant (a): this library's constructs, defaults otherwise. */
export function buildLibrary(stack: Stack, vpc: ec2.IVpc, count: number): LibraryBatch {
  const batch = loadLibrary('ComputeEnvironment', 'JobQueue', 'JobDefinition');
  const computeEnvironment = new batch.ComputeEnvironment(stack, 'ComputeEnvironment', {
    computeResources: {
      vpc,
      instanceTypes: [new ec2.InstanceType(COMPUTE.instanceType)],
      maxvCpus: COMPUTE.maxvCpus,
    },
  });
  const queue = new batch.JobQueue(stack, 'JobQueue', {
    computeEnvironments: [{ computeEnvironment, order: 1 }],
  });
  const definitions: Library.JobDefinition[] = [];
  for (let i = 0; i < count; i++) {
    definitions.push(new batch.JobDefinition(stack, itemId('JobDefinition', i), {
      container: {
        image: ecs.ContainerImage.fromRegistry(JOB.image),
        vcpus: JOB.vcpus,
        memory: Size.mebibytes(JOB.memoryMiB),
      },
      retryAttempts: JOB.retryAttempts,
      timeout: Duration.minutes(JOB.timeoutMinutes),
    }));
  }
  return { queue, definitions };
}

if (require.main === module) {
  runApp(buildLibrary);
}
