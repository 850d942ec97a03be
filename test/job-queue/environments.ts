/**
 * Compute environments for the job queue tests: imported by ARN (no resources, nothing to
 * synthesize), optionally with a known type.
 */
import { Resource } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ComputeEnvironment, ComputeResourceType, IComputeEnvironment } from '../../src';
import { testArn } from '../fixtures';

/** The ARN `importedEnvironment(scope, id)` gets: `.../compute-environment/<id>`. */
export const ceArn = (id: string): string => testArn('compute-environment', id);

// An environment imported by ARN has no known type; the EC2/Fargate mixing rules need
// one, so typed environments with a fixed ARN are this test-only stand-in.
class TypedTestEnvironment extends Resource implements IComputeEnvironment {
  public readonly computeEnvironmentArn: string;
  public readonly computeEnvironmentName: string;
  constructor(scope: Construct, id: string, public readonly computeResourceType: ComputeResourceType) {
    super(scope, id, { environmentFromArn: ceArn(id) });
    this.computeEnvironmentName = id;
    this.computeEnvironmentArn = ceArn(id);
  }
}

/** An environment imported by ARN (`.../compute-environment/<id>`), with an optional known type. */
export function importedEnvironment(scope: Construct, id: string, type?: ComputeResourceType): IComputeEnvironment {
  return type === undefined
    ? ComputeEnvironment.fromComputeEnvironmentArn(scope, id, ceArn(id))
    : new TypedTestEnvironment(scope, id, type);
}
