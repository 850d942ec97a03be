import { Size } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { renderContainer } from '../../src/job-definition/container-render';
import { ContainerBinding } from '../../src/job-definition/execution-role';

/** Rendering one container from its props and its binding: pure, and it judges nothing. */

const image = ecs.ContainerImage.fromRegistry('busybox');
const binding = (extra: Partial<ContainerBinding> = {}): ContainerBinding => ({ image: { imageName: 'busybox' }, secrets: [], ...extra });

describe('renderContainer', () => {
  test('the defaults: 1 vCPU and 2048 MiB as resource requirements, nothing else', () => {
    expect(renderContainer({ image }, binding(), false)).toEqual({
      image: 'busybox',
      resourceRequirements: [{ type: 'VCPU', value: '1' }, { type: 'MEMORY', value: '2048' }],
    });
  });

  test('on Fargate the network configuration is always explicit', () => {
    expect(renderContainer({ image }, binding(), true)).toMatchObject({ networkConfiguration: { assignPublicIp: 'DISABLED' } });
  });

  test('renders what it is given without checking it (the rules ran before)', () => {
    const rendered = renderContainer({ image, vcpus: 0.3, memory: Size.mebibytes(3), gpuCount: 0.5 }, binding({ image: { imageName: 'busy box' } }), true);
    expect(rendered).toMatchObject({
      image: 'busy box',
      resourceRequirements: [{ type: 'VCPU', value: '0.3' }, { type: 'MEMORY', value: '3' }, { type: 'GPU', value: '0.5' }],
    });
  });

  test('0 GPUs reserve none: no GPU requirement is rendered', () => {
    expect(renderContainer({ image, gpuCount: 0 }, binding(), false).resourceRequirements).toEqual([
      { type: 'VCPU', value: '1' }, { type: 'MEMORY', value: '2048' },
    ]);
  });

  test('Fargate-only settings are not rendered on EC2', () => {
    const fargate = { ephemeralStorage: Size.gibibytes(50), cpuArchitecture: ecs.CpuArchitecture.ARM64 };
    const rendered = renderContainer({ image, fargate }, binding(), false);
    expect(rendered.ephemeralStorage).toBeUndefined();
    expect(rendered.runtimePlatform).toBeUndefined();
    expect(rendered.networkConfiguration).toBeUndefined();
  });

  test('secrets and the log driver come from the binding', () => {
    const rendered = renderContainer({ image }, binding({
      secrets: [{ name: 'TOKEN', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:token' }],
      logging: { logDriver: 'awslogs', options: { 'awslogs-group': 'jobs' } },
    }), false);
    expect(rendered).toMatchObject({
      secrets: [{ name: 'TOKEN', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:token' }],
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': 'jobs' } },
    });
    expect(rendered.executionRoleArn).toBeUndefined();
  });
});
