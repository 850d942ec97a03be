import { Size, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ConsumableResource, ConsumableResourceType, DeployTimeJobProps, JobDefinition, JobQueue } from '../../src';
import { overrideProblems } from '../../src/deploy-time-job/override-rules';
import { testArn } from '../fixtures';
import { found } from '../rule-findings';
import { TEST_ENV } from '../synth';

const stack = new Stack(undefined, 'Rules', { env: TEST_ENV });
const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable');
const jobQueue = JobQueue.fromJobQueueArn(stack, 'Queue', testArn('job-queue', 'jobs'));
const taskDefinition = new JobDefinition(stack, 'Task', { ecsTask: { containers: [{ name: 'app', image }, { name: 'sidecar', image, essential: false }] } });
const containerDefinition = new JobDefinition(stack, 'Single', { container: { image } });
const imported = JobDefinition.fromJobDefinitionName(stack, 'Imported', 'elsewhere');
const pool = new ConsumableResource(stack, 'Pool', { resourceType: ConsumableResourceType.REPLENISHABLE, totalQuantity: 2 });
const check = (props: Partial<DeployTimeJobProps>) => found(overrideProblems({ jobQueue, jobDefinition: taskDefinition, ...props }));

describe('DeployTimeJob overrides of tasks and consumable resources', () => {
  test('named containers of the task and valid settings pass', () => {
    expect(check({ ecsPropertiesOverride: { containers: [{ name: 'app', command: ['run'], vcpus: 2, memory: Size.gibibytes(4) }, { name: 'sidecar' }] } }))
      .toEqual([]);
    expect(check({ jobDefinition: imported, ecsPropertiesOverride: { containers: [{ name: 'anything' }] } })).toEqual([]);
    expect(check({ consumableResourcePropertiesOverride: [{ resource: pool, quantity: 2 }] })).toEqual([]);
  });

  test.each<[string, Partial<DeployTimeJobProps>, ReturnType<typeof found>]>([
    ['no container', { ecsPropertiesOverride: { containers: [] } }, [{
      rule: 'taskOverrideContainers', severity: 'error', message: 'ecsPropertiesOverride.containers must have at least 1 entry, got 0',
    }]],
    ['a name the task does not have', { ecsPropertiesOverride: { containers: [{ name: 'worker' }] } }, [{
      rule: 'taskOverrideName',
      severity: 'error',
      message: 'ecsPropertiesOverride.containers[0].name must name a container of the job definition\'s task ("app", "sidecar"), got "worker"',
    }]],
    ['one container twice', { ecsPropertiesOverride: { containers: [{ name: 'app' }, { name: 'app' }] } }, [{
      rule: 'taskOverrideNameRepeated',
      severity: 'warning',
      message: 'ecsPropertiesOverride.containers should override each container once, got "app". Merge the two overrides',
    }]],
    ['a reserved variable and 0.3 vCPUs', { ecsPropertiesOverride: { containers: [{ name: 'app', environment: { AWS_BATCH_X: '1' }, vcpus: 0.3 }] } }, [
      {
        rule: 'reservedEnvironmentName',
        severity: 'error',
        message: 'ecsPropertiesOverride.containers[0].environment names must not start with AWS_BATCH, '
        + 'got "AWS_BATCH_X". Batch reserves that prefix for the variables it sets',
      },
      { rule: 'overrideVcpus', severity: 'error', message: 'ecsPropertiesOverride.containers[0].vcpus must be a whole number >= 1, or 0.25 or 0.5 (Fargate), got 0.3' },
    ]],
    ['containerOverrides of a task definition', { containerOverrides: { command: ['x'] } }, [{
      rule: 'overrideKind',
      severity: 'warning',
      message: 'containerOverrides does not apply: Rules/Task runs an ECS task, got ["command"]. '
        + 'Use ecsPropertiesOverride with the names of its containers',
    }]],
    ['a task override of a single-container definition', { jobDefinition: containerDefinition, ecsPropertiesOverride: { containers: [{ name: 'app' }] } }, [{
      rule: 'overrideKind',
      severity: 'warning',
      message: 'ecsPropertiesOverride does not apply: Rules/Single runs no ECS task of its own (ecsTask), got ["app"]. '
        + 'Use containerOverrides for a single container, nodeOverrides for the node ranges of a multi-node job',
    }]],
    ['more units than the pool', { consumableResourcePropertiesOverride: [{ resource: pool, quantity: 3 }] }, [{
      rule: 'consumableResourceExceedsTotal',
      severity: 'error',
      message: 'consumableResourcePropertiesOverride[0].quantity must be at most the totalQuantity of Rules/Pool (2), got 3. '
        + 'More units are never available, so the job would stay RUNNABLE; raise totalQuantity or lower the quantity',
    }]],
    ['a node range override of a fractional quantity', {
      nodeOverrides: { nodePropertyOverrides: [{ targetNodes: '0:', consumableResourcePropertiesOverride: [{ resource: pool, quantity: 0.5 }] }] },
    }, [{
      rule: 'consumableResourceQuantity',
      severity: 'error',
      message: 'nodeOverrides.nodePropertyOverrides[0].consumableResourcePropertiesOverride[0].quantity must be a whole number, got 0.5',
    }]],
  ])('%s', (_name, props, expected) => {
    expect(check(props)).toEqual(expected);
  });
});
