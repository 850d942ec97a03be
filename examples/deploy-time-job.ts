import { Construct } from 'constructs';
import { DeployTimeJob, IJobDefinition, IJobQueue } from '../src';

/**
 * The Batch reference's submitJob example ("submits a simple container job called
 * example to the HighPriority job queue"), run while `cdk deploy` runs: the
 * deployment waits until the job SUCCEEDED and fails with its reason if it fails.
 */
export function addReferenceDeployTimeJob(scope: Construct, highPriority: IJobQueue, sleep10: IJobDefinition): DeployTimeJob {
  return new DeployTimeJob(scope, 'ReferenceSubmitJob', {
    jobQueue: highPriority,
    jobDefinition: sleep10,
    jobName: 'example',
  });
}
