import { Construct } from 'constructs';
import { IComputeEnvironment, JobQueue } from '../src';

/**
 * The two queues of the Batch API reference's CreateJobQueue examples: HighPriority tries the
 * On-Demand environment first and falls back to Spot; LowPriority only uses Spot and yields
 * to HighPriority wherever they share the Spot environment.
 */
export function addReferenceJobQueues(
  scope: Construct,
  c4OnDemand: IComputeEnvironment,
  m4Spot: IComputeEnvironment,
): { highPriority: JobQueue; lowPriority: JobQueue } {
  const highPriority = new JobQueue(scope, 'HighPriority', {
    jobQueueName: 'HighPriority',
    priority: 10,
    computeEnvironments: [
      { computeEnvironment: c4OnDemand, order: 1 },
      { computeEnvironment: m4Spot, order: 2 },
    ],
  });
  const lowPriority = new JobQueue(scope, 'LowPriority', {
    jobQueueName: 'LowPriority',
    priority: 1,
    computeEnvironments: [{ computeEnvironment: m4Spot, order: 1 }],
  });
  return { highPriority, lowPriority };
}
