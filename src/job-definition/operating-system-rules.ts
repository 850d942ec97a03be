import * as ecs from 'aws-cdk-lib/aws-ecs';
import type { ContainerSettings, FargateSettings, Volume } from './job-container';
import { DEFAULT_JOB_VCPUS } from '../private/validation/limits';
import { isKnown, Problem, problem } from '../private/validation/problem';
import { batchApi, defineRules, source, SourceDocument } from '../private/validation/rule';

/**
 * The rules of the operating system a Fargate job runs on (`fargate.operatingSystemFamily`):
 * what Windows containers cannot have. They apply to a single container
 * (`container.fargate`) and to a multi-container task (`ecsTask.fargate`, every container).
 */

/** The operating system families Batch lists for RuntimePlatform. */
export const BATCH_OPERATING_SYSTEMS = [
  'LINUX', 'WINDOWS_SERVER_2019_CORE', 'WINDOWS_SERVER_2019_FULL', 'WINDOWS_SERVER_2022_CORE', 'WINDOWS_SERVER_2022_FULL',
];

/** The vCPU values of a Windows task on Fargate. */
export const WINDOWS_FARGATE_VCPUS = [1, 2, 4];

const RUNTIME_PLATFORM = 'RuntimePlatform operatingSystemFamily';

export const OPERATING_SYSTEM_RULES = defineRules('JobDefinition', {
  operatingSystemUnlisted: {
    severity: 'warning',
    properties: 'fargate.operatingSystemFamily',
    summary: 'An operating system family outside the five Batch lists (LINUX and Windows Server 2019/2022 Core/Full) may not run.',
    sources: [batchApi(RUNTIME_PLATFORM, 'Valid values are LINUX, WINDOWS_SERVER_2019_CORE, WINDOWS_SERVER_2019_FULL, '
      + 'WINDOWS_SERVER_2022_CORE and WINDOWS_SERVER_2022_FULL.')],
  },
  windowsArchitecture: {
    severity: 'error',
    properties: 'fargate.cpuArchitecture with a Windows fargate.operatingSystemFamily',
    summary: 'Windows containers run on X86_64 only.',
    sources: [batchApi('RuntimePlatform cpuArchitecture', 'For Windows containers the value must be X86_64.')],
  },
  windowsContainerSettings: {
    severity: 'error',
    properties: 'linuxParameters, privileged, user, ulimits, readonlyRootFilesystem, EFS volumes (Windows)',
    summary: 'Windows containers have no Linux parameters, privileged mode, user, ulimits, read-only root file system or EFS volumes.',
    sources: [batchApi(RUNTIME_PLATFORM, 'For Windows containers, linuxParameters, privileged, user, ulimits, readonlyRootFilesystem '
      + 'and efsVolumeConfiguration are not valid.')],
  },
  windowsNamespaces: {
    severity: 'error',
    properties: 'ecsTask.ipcMode, ecsTask.pidMode (Windows)',
    summary: 'Windows tasks have no ipcMode or pidMode.',
    sources: [source(SourceDocument.ECS_DEVELOPER_GUIDE, 'RegisterTaskDefinition ipcMode and pidMode (Amazon ECS API Reference)',
      'Neither parameter is supported for Windows containers.')],
  },
  windowsVcpus: {
    severity: 'error',
    properties: 'vcpus (Windows on Fargate)',
    summary: 'A Windows job on Fargate has 1, 2 or 4 vCPUs.',
    sources: [source(SourceDocument.ECS_DEVELOPER_GUIDE, 'task-cpu-memory-error.html (Fargate task CPU and memory)',
      'Windows tasks on Fargate take 1, 2 or 4 vCPU; 0.25, 0.5, 8 and 16 vCPU are for Linux only.')],
  },
  windowsTaskVcpus: {
    severity: 'warning',
    properties: 'ecsTask.containers[].vcpus (the sum, Windows on Fargate)',
    summary: 'The vCPUs of a Windows task on Fargate add up to 1, 2 or 4 (derived from ECS task sizes; how Batch sizes the task is not documented).',
    sources: [source(SourceDocument.ECS_DEVELOPER_GUIDE, 'task-cpu-memory-error.html (Fargate task CPU and memory)',
      'Windows tasks on Fargate take 1, 2 or 4 vCPU; the containers\' reservations must fit the task size.')],
  },
  windowsEphemeralStorage: {
    severity: 'warning',
    properties: 'fargate.ephemeralStorage (Windows)',
    summary: 'Extra ephemeral storage for Windows tasks: the ECS guide says it is not supported, the ECS API says it is.',
    sources: [source(SourceDocument.ECS_DEVELOPER_GUIDE, 'fargate-task-storage.html', 'Bind-mount ephemeral storage beyond the default '
      + 'is not supported for Windows tasks (the API\'s EphemeralStorage says Windows platform 1.0.0 and later support it).')],
  },
  windowsS3Files: {
    severity: 'warning',
    properties: 'volumes[].s3Files (Windows)',
    summary: 'S3 Files volumes on Windows: they are NFS mounts like EFS, which Windows containers cannot use; Batch does not say.',
    sources: [batchApi(RUNTIME_PLATFORM, 'efsVolumeConfiguration (an NFS mount) is not valid for Windows containers.')],
  },
});

/** One container of the job as the rules name it. */
export interface NamedContainer {
  /** Its property path, e.g. `container` or `ecsTask.containers[1]`. */
  readonly property: string;
  /** The container. */
  readonly container: ContainerSettings;
}

/** What the operating system rules look at. */
export interface OperatingSystemInput {
  /** The Fargate settings' property, e.g. `container.fargate`. */
  readonly fargateProperty: string;
  /** The Fargate settings (with the operating system). */
  readonly fargate?: FargateSettings;
  /** Whether the job runs on Fargate. */
  readonly onFargate: boolean;
  /** The containers. */
  readonly containers: readonly NamedContainer[];
  /** The volumes with their property paths. */
  readonly volumes: ReadonlyArray<{ readonly property: string; readonly volume: Volume }>;
  /** A multi-container task: its vCPU sum and namespaces. */
  readonly task?: { readonly vcpus?: number; readonly ipcMode?: ecs.IpcMode; readonly pidMode?: ecs.PidMode };
}

/** The operating system family as Batch spells it, or undefined (not given, or a token). */
export function operatingSystemOf(fargate: FargateSettings | undefined): string | undefined {
  const family = fargate?.operatingSystemFamily?._operatingSystemFamily;
  return isKnown(family) ? family : undefined;
}

/** Whether the settings choose a Windows operating system. */
export function isWindows(fargate: FargateSettings | undefined): boolean {
  return operatingSystemOf(fargate)?.startsWith('WINDOWS') ?? false;
}

/** The findings of the operating system a job runs on. */
export function operatingSystemProblems(input: OperatingSystemInput): Problem[] {
  const family = operatingSystemOf(input.fargate);
  if (family === undefined) return [];
  const p = input.fargateProperty;
  const problems: Problem[] = [];
  if (!BATCH_OPERATING_SYSTEMS.includes(family)) {
    problems.push(problem(OPERATING_SYSTEM_RULES.operatingSystemUnlisted, `${p}.operatingSystemFamily`, family,
      `is not one Batch lists (${BATCH_OPERATING_SYSTEMS.join(', ')})`, 'Batch may reject or not schedule the job; use a listed family'));
  }
  if (!family.startsWith('WINDOWS')) return problems;

  const architecture = input.fargate?.cpuArchitecture?._cpuArchitecture;
  if (isKnown(architecture) && architecture !== 'X86_64') {
    problems.push(problem(OPERATING_SYSTEM_RULES.windowsArchitecture, `${p}.cpuArchitecture`, architecture,
      `must be X86_64 with ${family}`, 'Windows containers run on X86_64 only'));
  }
  const notOnWindows = `is not available for Windows containers (${family})`;
  for (const { property, container } of input.containers) {
    const settings: Array<[string, unknown]> = [
      ['linuxParameters', container.linuxParameters && Object.keys(container.linuxParameters)],
      ['privileged', container.privileged],
      ['user', container.user],
      ['ulimits', container.ulimits?.map((u) => u.name)],
      ['readonlyRootFilesystem', container.readonlyRootFilesystem],
    ];
    for (const [name, value] of settings.filter(([, v]) => v !== undefined)) {
      problems.push(problem(OPERATING_SYSTEM_RULES.windowsContainerSettings, `${property}.${name}`, value, notOnWindows, 'Remove it'));
    }
  }
  for (const { property, volume } of input.volumes) {
    if (volume.efs) {
      problems.push(problem(OPERATING_SYSTEM_RULES.windowsContainerSettings, `${property}.efs`, volume.name, notOnWindows,
        'Windows tasks cannot mount EFS'));
    }
    if (volume.s3Files !== undefined) {
      problems.push(problem(OPERATING_SYSTEM_RULES.windowsS3Files, `${property}.s3Files`, volume.name,
        `may not mount on Windows (${family}): S3 Files is an NFS mount, like EFS`, 'Run the job on Linux to mount it'));
    }
  }
  if (input.fargate?.ephemeralStorage !== undefined) {
    problems.push(problem(OPERATING_SYSTEM_RULES.windowsEphemeralStorage, `${p}.ephemeralStorage`, input.fargate.ephemeralStorage,
      `may be ignored or rejected for Windows (${family})`, 'The ECS documentation disagrees with itself; check one job run'));
  }
  if (input.task) {
    const { ipcMode, pidMode, vcpus } = input.task;
    if (ipcMode !== undefined) problems.push(problem(OPERATING_SYSTEM_RULES.windowsNamespaces, 'ecsTask.ipcMode', ipcMode, notOnWindows, 'Remove it'));
    if (pidMode !== undefined) problems.push(problem(OPERATING_SYSTEM_RULES.windowsNamespaces, 'ecsTask.pidMode', pidMode, notOnWindows, 'Remove it'));
    if (input.onFargate && isKnown(vcpus) && !WINDOWS_FARGATE_VCPUS.includes(vcpus)) {
      problems.push(problem(OPERATING_SYSTEM_RULES.windowsTaskVcpus, 'ecsTask.containers[].vcpus (sum)', vcpus,
        `must add up to 1, 2 or 4 for Windows on Fargate (${family})`, 'Fargate sizes Windows tasks at 1, 2 or 4 vCPU'));
    }
  } else if (input.onFargate) {
    for (const { property, container } of input.containers) {
      const vcpus = container.vcpus ?? DEFAULT_JOB_VCPUS;
      if (isKnown(vcpus) && !WINDOWS_FARGATE_VCPUS.includes(vcpus)) {
        problems.push(problem(OPERATING_SYSTEM_RULES.windowsVcpus, `${property}.vcpus`, vcpus,
          `must be 1, 2 or 4 for Windows on Fargate (${family})`, '0.25, 0.5, 8 and 16 vCPU are for Linux only'));
      }
    }
  }
  return problems;
}
