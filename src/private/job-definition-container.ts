import { Size, SizeRoundingBehavior, Token, Tokenization } from 'aws-cdk-lib';
import { CfnJobDefinition } from 'aws-cdk-lib/aws-batch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { JobContainer, LinuxParameters, MountPoint, Volume } from '../job-definition';
import { describeMemoryChoices, FARGATE_VCPUS, fargateMemoryFor } from './job-definition-fargate';
import { acknowledgeWildcardResource } from './nag';
import {
  checkNotSet, checkPattern, checkRange, duplicates, isKnown, Problem, problem, throwIfInvalid,
} from './validation';

/** Default resources: valid on EC2 and on Fargate (1 vCPU allows 2-8 GiB). */
const DEFAULT_VCPUS = 1;
const DEFAULT_MEMORY = Size.mebibytes(2048);

/** Image names Batch accepts: up to 255 of these characters (`@` added for digest references). */
const IMAGE_PATTERN = /^[A-Za-z0-9_:./#@-]{1,255}$/;
const VOLUME_NAME_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;

/** Log drivers of AWS::Batch::JobDefinition LogConfiguration; Fargate accepts only some. */
const LOG_DRIVERS = ['awslogs', 'fluentd', 'gelf', 'journald', 'json-file', 'splunk', 'syslog', 'awsfirelens'];
const FARGATE_LOG_DRIVERS = ['awslogs', 'splunk'];

const NOT_ON_FARGATE = 'is not available on Fargate';
const FARGATE_HINT = 'Remove it or use PlatformCapability.EC2';

/** What a container renders against. */
export interface ContainerContext {
  /** Whether the definition runs on Fargate. */
  readonly fargate: boolean;
  /** Whether the container is a node range's container. */
  readonly multiNode: boolean;
  /** The job definition, whose path problems are reported with. */
  readonly owner: Construct;
  /** The execution role: the given one, or the definition's shared one (created on first use). */
  readonly obtainExecutionRole: (given: iam.IRole | undefined) => iam.IRole;
}

/**
 * Validates one container and renders it as CloudFormation ContainerProperties.
 *
 * Images and log drivers of aws-cdk-lib's ECS module bind against an ECS container definition,
 * using only `taskDefinition.obtainExecutionRole()`. A small adapter hands them our execution
 * role instead, so a role exists only when an image, log driver or secret asks for one.
 */
export class ContainerRenderer {
  private executionRoleUsed = false;

  constructor(private readonly scope: Construct, private readonly property: string, private readonly context: ContainerContext) {}

  public render(container: JobContainer): CfnJobDefinition.ContainerPropertiesProperty {
    const vcpus = container.vcpus ?? DEFAULT_VCPUS;
    const memory = container.memory ?? DEFAULT_MEMORY;
    throwIfInvalid(this.context.owner, this.check(container, vcpus, memory));

    const roleGiven = container.executionRole;
    const executionRole = () => {
      this.executionRoleUsed = true;
      return this.context.obtainExecutionRole(roleGiven);
    };
    const adapter = { taskDefinition: { obtainExecutionRole: executionRole } } as unknown as ecs.ContainerDefinition;

    const image = container.image.bind(this.scope, adapter);
    if (!roleGiven && (container.image instanceof ecs.EcrImage || container.image instanceof ecs.AssetImage)) {
      // aws-cdk-lib's pull grant: repository actions on the repository, and the registry login.
      acknowledgeWildcardResource(executionRole(), '*',
        'ecr:GetAuthorizationToken supports no resource-level permissions (Service Authorization Reference for Amazon ECR); '
        + 'the image pull actions are granted on the one repository. This execution role is created for the job definition alone');
    }
    const logging = container.logging?.bind(this.scope, adapter);
    const secrets = Object.entries(container.secrets ?? {}).map(([name, secret]) => {
      secret.grantRead(executionRole());
      return { name, valueFrom: secret.arn };
    });
    throwIfInvalid(this.context.owner, [
      checkPattern(`${this.property}.image`, image.imageName, IMAGE_PATTERN,
        'must be up to 255 letters, digits, hyphens, underscores, colons, periods, slashes and number signs'),
      this.checkLogDriver(logging?.logDriver),
    ]);
    if (this.context.fargate || roleGiven) executionRole();

    return {
      image: image.imageName,
      repositoryCredentials: image.repositoryCredentials?.credentialsParameter !== undefined
        ? { credentialsParameter: image.repositoryCredentials.credentialsParameter } : undefined,
      command: container.command,
      resourceRequirements: [
        { type: 'VCPU', value: Tokenization.stringifyNumber(vcpus) },
        { type: 'MEMORY', value: Tokenization.stringifyNumber(mebibytes(memory)) },
        ...(container.gpuCount !== undefined ? [{ type: 'GPU', value: Tokenization.stringifyNumber(container.gpuCount) }] : []),
      ],
      environment: renderEnvironment(container.environment),
      secrets: secrets.length > 0 ? secrets : undefined,
      jobRoleArn: container.jobRole?.roleArn,
      executionRoleArn: this.executionRoleUsed ? this.context.obtainExecutionRole(roleGiven).roleArn : undefined,
      user: container.user,
      privileged: container.privileged,
      readonlyRootFilesystem: container.readonlyRootFilesystem,
      volumes: container.volumes?.map(renderVolume),
      mountPoints: container.mountPoints?.map((mount) => ({
        sourceVolume: mount.sourceVolume,
        containerPath: mount.containerPath,
        readOnly: mount.readOnly,
      })),
      ulimits: container.ulimits?.map((ulimit) => ({ name: ulimit.name, softLimit: ulimit.softLimit, hardLimit: ulimit.hardLimit })),
      instanceType: container.instanceType?.toString(),
      logConfiguration: logging && {
        logDriver: logging.logDriver,
        options: logging.options,
        secretOptions: logging.secretOptions?.map((option) => ({ name: option.name, valueFrom: option.valueFrom })),
      },
      linuxParameters: renderLinuxParameters(container.linuxParameters),
      ...this.renderFargate(container),
    };
  }

  private renderFargate(container: JobContainer): Partial<CfnJobDefinition.ContainerPropertiesProperty> {
    if (!this.context.fargate) return {};
    const settings = container.fargate ?? {};
    return {
      // Explicit, so the template shows that Fargate jobs get no public IP unless asked.
      networkConfiguration: { assignPublicIp: settings.assignPublicIp ? 'ENABLED' : 'DISABLED' },
      fargatePlatformConfiguration: settings.platformVersion ? { platformVersion: settings.platformVersion } : undefined,
      ephemeralStorage: settings.ephemeralStorage
        ? { sizeInGiB: settings.ephemeralStorage.toGibibytes({ rounding: SizeRoundingBehavior.NONE }) } : undefined,
      runtimePlatform: settings.cpuArchitecture ? { cpuArchitecture: settings.cpuArchitecture._cpuArchitecture } : undefined,
    };
  }

  private check(container: JobContainer, vcpus: number, memory: Size): Problem[] {
    const p = this.property;
    const { fargate, multiNode } = this.context;
    const memoryMiB = isKnown(memory) ? memory.toMebibytes({ rounding: SizeRoundingBehavior.NONE }) : undefined;
    const problems: Problem[] = [];

    if (fargate) {
      if (isKnown(vcpus) && !FARGATE_VCPUS.includes(vcpus)) {
        problems.push(problem(`${p}.vcpus`, vcpus, `must be one of ${FARGATE_VCPUS.join(', ')} on Fargate`));
      }
      const allowed = isKnown(vcpus) ? fargateMemoryFor(vcpus) : undefined;
      if (allowed && memoryMiB !== undefined && !allowed.includes(memoryMiB)) {
        problems.push(problem(`${p}.memory`, memory, `must be ${describeMemoryChoices(allowed)} MiB with ${vcpus} vCPU on Fargate`));
      }
    } else {
      problems.push(checkRange(`${p}.vcpus`, vcpus, { min: 1, integer: true, hint: 'Fractional vCPUs are for Fargate only' }));
      problems.push(checkRange(`${p}.memory (MiB)`, memoryMiB, { min: 4, hint: 'Batch reserves at least 4 MiB per job' }));
    }
    if (memoryMiB !== undefined && !Number.isInteger(memoryMiB)) {
      problems.push(problem(`${p}.memory`, memory, 'must be a whole number of MiB'));
    }

    problems.push(checkRange(`${p}.gpuCount`, container.gpuCount, { min: 1, integer: true }));
    if (fargate) {
      problems.push(
        checkNotSet(`${p}.gpuCount`, container.gpuCount, NOT_ON_FARGATE, FARGATE_HINT),
        checkNotSet(`${p}.privileged`, container.privileged, NOT_ON_FARGATE, FARGATE_HINT),
        checkNotSet(`${p}.ulimits`, container.ulimits?.map((u) => u.name), NOT_ON_FARGATE, FARGATE_HINT),
        checkNotSet(`${p}.instanceType`, container.instanceType?.toString(), NOT_ON_FARGATE, FARGATE_HINT),
      );
    } else {
      problems.push(checkNotSet(`${p}.fargate`, container.fargate && Object.keys(container.fargate), 'needs platformCapabilities [FARGATE]',
        'Add platformCapabilities: [PlatformCapability.FARGATE] or remove the fargate settings'));
    }
    if (!multiNode) {
      problems.push(checkNotSet(`${p}.instanceType`, container.instanceType?.toString(), 'is only for node ranges of multi-node jobs',
        'Single-node jobs run on the compute environment\'s instance types; remove it'));
    }

    const variableNames = [...Object.keys(container.environment ?? {}), ...Object.keys(container.secrets ?? {})];
    for (const name of variableNames.filter((n) => isKnown(n) && n.startsWith('AWS_BATCH'))) {
      problems.push(problem(`${p}.environment`, name, 'names must not start with AWS_BATCH', 'Batch reserves that prefix for the variables it sets'));
    }
    for (const name of duplicates(variableNames)) {
      problems.push(problem(`${p}.secrets`, name, 'must not repeat a name of environment', 'Give each variable one source'));
    }

    problems.push(...this.checkVolumes(container.volumes ?? [], container.mountPoints ?? []));
    for (const [i, ulimit] of (container.ulimits ?? []).entries()) {
      problems.push(
        checkRange(`${p}.ulimits[${i}].softLimit`, ulimit.softLimit, { min: 0, integer: true }),
        checkRange(`${p}.ulimits[${i}].hardLimit`, ulimit.hardLimit, { min: 0, integer: true }),
      );
      if (isKnown(ulimit.softLimit) && isKnown(ulimit.hardLimit) && ulimit.softLimit > ulimit.hardLimit) {
        problems.push(problem(`${p}.ulimits[${i}].softLimit`, ulimit.softLimit, `must be at most hardLimit (${ulimit.hardLimit})`));
      }
    }
    for (const name of duplicates((container.ulimits ?? []).map((u) => u.name))) {
      problems.push(problem(`${p}.ulimits`, name, 'must name each limit once'));
    }
    problems.push(...this.checkLinuxParameters(container.linuxParameters));
    problems.push(...this.checkFargateSettings(container));
    return problems;
  }

  private checkVolumes(volumes: readonly Volume[], mountPoints: readonly MountPoint[]): Problem[] {
    const p = this.property;
    const problems: Problem[] = [];
    volumes.forEach((volume, i) => {
      const v = `${p}.volumes[${i}]`;
      problems.push(checkPattern(`${v}.name`, volume.name, VOLUME_NAME_PATTERN, 'must be 1-255 letters, digits, hyphens and underscores'));
      if (volume.hostPath !== undefined && volume.efs) {
        problems.push(problem(`${v}`, volume.name, 'must set at most one of hostPath and efs'));
      }
      if (this.context.fargate) problems.push(checkNotSet(`${v}.hostPath`, volume.hostPath, NOT_ON_FARGATE, 'Use an EFS volume or a volume without hostPath'));
      const efs = volume.efs;
      if (efs) {
        const authorized = efs.accessPoint !== undefined || efs.useJobRole === true;
        if (authorized && efs.transitEncryption === false) {
          problems.push(problem(`${v}.efs.transitEncryption`, false, 'must be true with an access point or useJobRole'));
        }
        if (efs.accessPoint && efs.rootDirectory !== undefined && efs.rootDirectory !== '/') {
          problems.push(problem(`${v}.efs.rootDirectory`, efs.rootDirectory, 'must be omitted or "/" with an access point',
            'The access point sets the root directory'));
        }
        problems.push(checkRange(`${v}.efs.transitEncryptionPort`, efs.transitEncryptionPort, { min: 0, max: 65535, integer: true }));
      }
    });
    const names = volumes.map((v) => v.name);
    for (const name of duplicates(names)) problems.push(problem(`${p}.volumes`, name, 'names must be unique'));
    mountPoints.forEach((mount, i) => {
      if (isKnown(mount.sourceVolume) && !names.includes(mount.sourceVolume)) {
        problems.push(problem(`${p}.mountPoints[${i}].sourceVolume`, mount.sourceVolume,
          `must name a volume of this container (${names.length ? names.map((n) => JSON.stringify(n)).join(', ') : 'none declared'})`,
          'Add the volume to volumes'));
      }
    });
    return problems;
  }

  private checkLinuxParameters(linux: LinuxParameters | undefined): Problem[] {
    if (!linux) return [];
    const p = `${this.property}.linuxParameters`;
    const problems: Problem[] = [];
    if (this.context.fargate) {
      problems.push(
        checkNotSet(`${p}.devices`, linux.devices?.map((d) => d.hostPath), NOT_ON_FARGATE, FARGATE_HINT),
        checkNotSet(`${p}.maxSwap`, linux.maxSwap, NOT_ON_FARGATE, FARGATE_HINT),
        checkNotSet(`${p}.sharedMemorySize`, linux.sharedMemorySize, NOT_ON_FARGATE, FARGATE_HINT),
        checkNotSet(`${p}.swappiness`, linux.swappiness, NOT_ON_FARGATE, FARGATE_HINT),
        checkNotSet(`${p}.tmpfs`, linux.tmpfs?.map((t) => t.containerPath), NOT_ON_FARGATE, FARGATE_HINT),
      );
    }
    problems.push(
      checkRange(`${p}.swappiness`, linux.swappiness, { min: 0, max: 100, integer: true }),
      checkWholeMiB(`${p}.maxSwap`, linux.maxSwap, 0),
      checkWholeMiB(`${p}.sharedMemorySize`, linux.sharedMemorySize, 1),
    );
    if (linux.swappiness !== undefined && linux.maxSwap === undefined) {
      problems.push(problem(`${p}.swappiness`, linux.swappiness, 'needs maxSwap', 'Without maxSwap Batch ignores swappiness; set maxSwap'));
    }
    (linux.tmpfs ?? []).forEach((tmpfs, i) => {
      problems.push(checkWholeMiB(`${p}.tmpfs[${i}].size`, tmpfs.size, 1));
      if (isKnown(tmpfs.containerPath) && tmpfs.containerPath.length === 0) problems.push(problem(`${p}.tmpfs[${i}].containerPath`, '', 'must not be empty'));
    });
    (linux.devices ?? []).forEach((device, i) => {
      if (isKnown(device.hostPath) && device.hostPath.length === 0) problems.push(problem(`${p}.devices[${i}].hostPath`, '', 'must not be empty'));
      for (const permission of duplicates(device.permissions ?? [])) {
        problems.push(problem(`${p}.devices[${i}].permissions`, permission, 'must list each permission once'));
      }
    });
    return problems;
  }

  private checkFargateSettings(container: JobContainer): Problem[] {
    const storage = container.fargate?.ephemeralStorage;
    if (!isKnown(storage)) return [];
    const gib = storage.toGibibytes({ rounding: SizeRoundingBehavior.NONE });
    return [checkRange(`${this.property}.fargate.ephemeralStorage (GiB)`, gib, {
      min: 21,
      max: 200,
      integer: true,
      hint: 'Fargate gives 20 GiB without this setting',
    })];
  }

  private checkLogDriver(driver: string | undefined): Problem {
    if (!isKnown(driver)) return undefined;
    const allowed = this.context.fargate ? FARGATE_LOG_DRIVERS : LOG_DRIVERS;
    return allowed.includes(driver)
      ? undefined
      : problem(`${this.property}.logging`, driver, `must use one of the log drivers ${allowed.join(', ')}${this.context.fargate ? ' on Fargate' : ''}`);
  }
}

function mebibytes(size: Size): number {
  return size.isUnresolved() ? size.toMebibytes() : size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
}

function checkWholeMiB(property: string, size: Size | undefined, min: number): Problem {
  if (!isKnown(size)) return undefined;
  const mib = size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
  return Number.isInteger(mib) && mib >= min ? undefined : problem(property, size, `must be a whole number of MiB >= ${min}`);
}

function renderEnvironment(environment: { [name: string]: string } | undefined): CfnJobDefinition.EnvironmentProperty[] | undefined {
  if (!environment) return undefined;
  return Object.entries(environment).map(([name, value]) => ({ name, value }));
}

function renderVolume(volume: Volume): CfnJobDefinition.VolumesProperty {
  const efs = volume.efs;
  const authorized = efs && (efs.accessPoint !== undefined || efs.useJobRole === true);
  return {
    name: volume.name,
    host: volume.hostPath !== undefined ? { sourcePath: volume.hostPath } : undefined,
    efsVolumeConfiguration: efs && {
      fileSystemId: efs.fileSystem.fileSystemId,
      rootDirectory: efs.rootDirectory,
      // Encrypted in transit unless explicitly turned off.
      transitEncryption: efs.transitEncryption === false ? 'DISABLED' : 'ENABLED',
      transitEncryptionPort: efs.transitEncryptionPort,
      authorizationConfig: authorized ? {
        accessPointId: efs.accessPoint?.accessPointId,
        iam: efs.useJobRole ? 'ENABLED' : undefined,
      } : undefined,
    },
  };
}

function renderLinuxParameters(linux: LinuxParameters | undefined): CfnJobDefinition.LinuxParametersProperty | undefined {
  if (!linux) return undefined;
  return {
    initProcessEnabled: linux.initProcessEnabled,
    maxSwap: linux.maxSwap && mebibytes(linux.maxSwap),
    sharedMemorySize: linux.sharedMemorySize && mebibytes(linux.sharedMemorySize),
    swappiness: linux.swappiness,
    devices: linux.devices?.map((device) => ({
      hostPath: device.hostPath,
      containerPath: device.containerPath,
      permissions: device.permissions?.map((permission) => permission.toUpperCase()),
    })),
    tmpfs: linux.tmpfs?.map((tmpfs) => ({
      containerPath: tmpfs.containerPath,
      size: mebibytes(tmpfs.size),
      mountOptions: tmpfs.mountOptions,
    })),
  };
}

/** The `Ref::NAME` placeholders of a command that `parameters` does not declare. */
export function undeclaredParameters(command: readonly string[] | undefined, parameters: { [name: string]: string } | undefined): string[] {
  const found = new Set<string>();
  for (const arg of command ?? []) {
    if (Token.isUnresolved(arg)) continue;
    for (const match of arg.matchAll(/Ref::([A-Za-z0-9_-]+)/g)) {
      if (!(match[1] in (parameters ?? {}))) found.add(match[1]);
    }
  }
  return [...found];
}
