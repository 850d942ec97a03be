import { Size, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import { OperatingSystemInput, operatingSystemProblems, isWindows } from '../../src/job-definition/operating-system-rules';
import { found } from '../rule-findings';

const image = ecs.ContainerImage.fromRegistry('mcr.microsoft.com/windows/servercore:ltsc2022');
const WINDOWS = ecs.OperatingSystemFamily.WINDOWS_SERVER_2022_CORE;

function check(input: Partial<OperatingSystemInput>) {
  return found(operatingSystemProblems({
    fargateProperty: 'container.fargate',
    fargate: { operatingSystemFamily: WINDOWS } as any,
    onFargate: true,
    containers: [{ property: 'container', container: { image } }],
    volumes: [],
    ...input,
  }));
}

describe('operating system rules', () => {
  test('Windows on X86_64 with 1, 2 or 4 vCPUs passes; Linux and no family are not checked', () => {
    expect(check({})).toEqual([]);
    expect(check({ containers: [{ property: 'container', container: { image, vcpus: 4, memory: Size.gibibytes(30) } }] })).toEqual([]);
    expect(check({
      fargate: { operatingSystemFamily: ecs.OperatingSystemFamily.LINUX, cpuArchitecture: ecs.CpuArchitecture.ARM64 } as any,
      containers: [{ property: 'container', container: { image, vcpus: 0.25, privileged: true } }],
    })).toEqual([]);
    expect(check({ fargate: undefined })).toEqual([]);
    expect(isWindows({ operatingSystemFamily: WINDOWS } as any)).toBe(true);
    expect(isWindows(undefined)).toBe(false);
  });

  test.each<[string, Partial<OperatingSystemInput>, ReturnType<typeof found>]>([
    ['ARM64', { fargate: { operatingSystemFamily: WINDOWS, cpuArchitecture: ecs.CpuArchitecture.ARM64 } as any }, [{
      rule: 'windowsArchitecture',
      severity: 'error',
      message: 'container.fargate.cpuArchitecture must be X86_64 with WINDOWS_SERVER_2022_CORE, got "ARM64". Windows containers run on X86_64 only',
    }]],
    ['Linux-only container settings', {
      containers: [{ property: 'container', container: { image, privileged: true, user: 'app', readonlyRootFilesystem: true, linuxParameters: { initProcessEnabled: true } } }],
    }, [
      'container.linuxParameters is not available for Windows containers (WINDOWS_SERVER_2022_CORE), got ["initProcessEnabled"]. Remove it',
      'container.privileged is not available for Windows containers (WINDOWS_SERVER_2022_CORE), got true. Remove it',
      'container.user is not available for Windows containers (WINDOWS_SERVER_2022_CORE), got "app". Remove it',
      'container.readonlyRootFilesystem is not available for Windows containers (WINDOWS_SERVER_2022_CORE), got true. Remove it',
    ].map((message) => ({ rule: 'windowsContainerSettings', severity: 'error' as const, message }))],
    ['0.5 vCPU', { containers: [{ property: 'container', container: { image, vcpus: 0.5 } }] }, [{
      rule: 'windowsVcpus',
      severity: 'error',
      message: 'container.vcpus must be 1, 2 or 4 for Windows on Fargate (WINDOWS_SERVER_2022_CORE), got 0.5. 0.25, 0.5, 8 and 16 vCPU are for Linux only',
    }]],
    ['a task of 3 vCPU with namespaces', { task: { vcpus: 3, ipcMode: ecs.IpcMode.TASK, pidMode: ecs.PidMode.TASK } }, [
      { rule: 'windowsNamespaces', severity: 'error', message: 'ecsTask.ipcMode is not available for Windows containers (WINDOWS_SERVER_2022_CORE), got "task". Remove it' },
      { rule: 'windowsNamespaces', severity: 'error', message: 'ecsTask.pidMode is not available for Windows containers (WINDOWS_SERVER_2022_CORE), got "task". Remove it' },
      {
        rule: 'windowsTaskVcpus',
        severity: 'warning',
        message: 'ecsTask.containers[].vcpus (sum) must add up to 1, 2 or 4 for Windows on Fargate '
        + '(WINDOWS_SERVER_2022_CORE), got 3. Fargate sizes Windows tasks at 1, 2 or 4 vCPU',
      },
    ]],
    ['ephemeral storage', { fargate: { operatingSystemFamily: WINDOWS, ephemeralStorage: Size.gibibytes(30) } as any }, [{
      rule: 'windowsEphemeralStorage',
      severity: 'warning',
      message: 'container.fargate.ephemeralStorage may be ignored or rejected for Windows '
        + '(WINDOWS_SERVER_2022_CORE), got 30720 MiB. The ECS documentation disagrees with itself; check one job run',
    }]],
    ['a family Batch does not list', { fargate: { operatingSystemFamily: ecs.OperatingSystemFamily.WINDOWS_SERVER_2025_CORE } as any }, [{
      rule: 'operatingSystemUnlisted',
      severity: 'warning',
      message: 'container.fargate.operatingSystemFamily is not one Batch lists (LINUX, WINDOWS_SERVER_2019_CORE, '
        + 'WINDOWS_SERVER_2019_FULL, WINDOWS_SERVER_2022_CORE, WINDOWS_SERVER_2022_FULL), got "WINDOWS_SERVER_2025_CORE". Batch may reject or not schedule the job; use a listed family',
    }]],
  ])('Windows with %s', (_name, input, expected) => {
    expect(check(input)).toEqual(expected);
  });

  test('EFS and S3 Files volumes on Windows', () => {
    const fileSystem = efs.FileSystem.fromFileSystemAttributes(new Stack(), 'Fs', { fileSystemId: 'fs-1', securityGroup: undefined as any });
    expect(check({
      volumes: [
        { property: 'container.volumes[0]', volume: { name: 'data', efs: { fileSystem } } },
        { property: 'container.volumes[1]', volume: { name: 'objects', s3Files: { fileSystemArn: 'arn:aws:s3files:us-east-1:123456789012:file-system/fs-1' } } as any },
      ],
    })).toEqual([
      {
        rule: 'windowsContainerSettings',
        severity: 'error',
        message: 'container.volumes[0].efs is not available for Windows containers (WINDOWS_SERVER_2022_CORE), '
        + 'got "data". Windows tasks cannot mount EFS',
      },
      {
        rule: 'windowsS3Files',
        severity: 'warning',
        message: 'container.volumes[1].s3Files may not mount on Windows (WINDOWS_SERVER_2022_CORE): S3 Files is an NFS '
        + 'mount, like EFS, got "objects". Run the job on Linux to mount it',
      },
    ]);
  });
});
