import { CfnParameter, Duration, Size, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ecsTaskProblems, logDriverOf, taskResources } from '../../src/job-definition/ecs-task-rules';
import { EcsTask, TaskContainer, TaskContainerDependencyCondition } from '../../src/job-definition/ecs-task-types';
import { found } from '../rule-findings';

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable');
const defaults = { vcpus: 1, memory: Size.mebibytes(2048) };
const c = (name: string, props: Partial<TaskContainer> = {}): TaskContainer => ({ name, image, ...props });
const { START, COMPLETE, SUCCESS } = TaskContainerDependencyCondition;

function check(task: Partial<EcsTask>, fargate = false) {
  return found(ecsTaskProblems({ containers: [c('main')], ...task }, { property: 'ecsTask', fargate, defaults }));
}

describe('ecsTask rules', () => {
  test.each<[string, Partial<EcsTask>, boolean, ReturnType<typeof found>]>([
    ['no container', { containers: [] }, false, [{ rule: 'taskContainerCount', severity: 'error', message: 'ecsTask.containers must have between 1 and 10 entries, got 0' }]],
    ['11 containers', { containers: Array.from({ length: 11 }, (_, i) => c(`c${i}`)) }, false, [
      { rule: 'taskContainerCount', severity: 'error', message: 'ecsTask.containers must have between 1 and 10 entries, got 11' },
    ]],
    ['a name with a space', { containers: [c('main app')] }, false, [{
      rule: 'taskContainerName', severity: 'error', message: 'ecsTask.containers[0].name must be 1-255 letters, digits, hyphens and underscores, got "main app"',
    }]],
    ['a repeated name', { containers: [c('app'), c('app')] }, false, [{
      rule: 'taskContainerNameRepeated',
      severity: 'error',
      message: 'ecsTask.containers must not repeat a container name, got "app". dependsOn and SubmitJob overrides find containers by name',
    }]],
    ['no essential container', { containers: [c('a', { essential: false }), c('b', { essential: false })] }, false, [{
      rule: 'taskEssential',
      severity: 'error',
      message: 'ecsTask.containers[].essential must be true (or omitted) for at least one container, got false. '
        + 'The task ends when its essential containers end; mark the main container essential',
    }]],
    ['a dependency on a missing container', { containers: [c('app', { dependsOn: [{ containerName: 'proxy', condition: START }] })] }, false, [{
      rule: 'taskDependsOnContainer',
      severity: 'error',
      message: 'ecsTask.containers[0].dependsOn[0].containerName must name another container of the task (there is none), got "proxy"',
    }]],
    ['a dependency on itself', { containers: [c('app', { dependsOn: [{ containerName: 'app', condition: START }] }), c('log')] }, false, [{
      rule: 'taskDependsOnContainer',
      severity: 'error',
      message: 'ecsTask.containers[0].dependsOn[0].containerName must name another container of the task ("log"), got "app"',
    }]],
    ['an unknown condition', { containers: [c('app', { dependsOn: [{ containerName: 'init', condition: 'HEALTHY' as any }] }), c('init', { essential: false })] },
      false, [{ rule: 'taskDependsOnCondition', severity: 'error', message: 'ecsTask.containers[0].dependsOn[0].condition must be "START", "COMPLETE" or "SUCCESS", got "HEALTHY"' }]],
    ['COMPLETE on an essential container', { containers: [c('app', { dependsOn: [{ containerName: 'init', condition: COMPLETE }] }), c('init')] }, false, [{
      rule: 'taskDependsOnEssential',
      severity: 'error',
      message: 'ecsTask.containers[0].dependsOn[0].condition must be START when it waits for the essential '
        + 'container "init", got "COMPLETE". An essential container runs until the task ends; mark it essential: false or wait for START',
    }]],
    ['a cycle', {
      containers: [
        c('a', { dependsOn: [{ containerName: 'b', condition: START }] }),
        c('b', { dependsOn: [{ containerName: 'c', condition: START }] }),
        c('c', { dependsOn: [{ containerName: 'a', condition: START }] }),
      ],
    }, false, [{
      rule: 'taskDependsOnCycle',
      severity: 'error',
      message: 'ecsTask.containers[].dependsOn must not form a cycle, got "a -> b -> c -> a". Each container in the cycle waits for the next, so none starts',
    }]],
    ['a 1-second start timeout', { containers: [c('app', { startTimeout: Duration.seconds(1) })] }, false, [{
      rule: 'taskContainerTimeout', severity: 'error', message: 'ecsTask.containers[0].startTimeout must be at least 2 seconds, got 1 second',
    }]],
    ['a fractional stop timeout', { containers: [c('app', { stopTimeout: Duration.millis(2500) })] }, false, [{
      rule: 'taskContainerTimeout', severity: 'error', message: 'ecsTask.containers[0].stopTimeout must be a whole number of seconds, got 2 seconds 500 millis',
    }]],
    ['a 121-second stop timeout on Fargate', { containers: [c('app', { stopTimeout: Duration.seconds(121) })] }, true, [{
      rule: 'taskContainerTimeout',
      severity: 'error',
      message: 'ecsTask.containers[0].stopTimeout must be between 2 seconds and 2 minutes, got 2 minutes 1 second. Fargate allows at most 120 seconds',
    }]],
    ['awsfirelens without a router', { containers: [c('app', { logging: ecs.LogDrivers.firelens({}) })] }, false, [{
      rule: 'taskFirelensRouter',
      severity: 'error',
      message: 'ecsTask.containers[0].logging needs a FireLens log router in the task, got "awsfirelens". '
        + 'Add a container with firelens: { type: ecs.FirelensLogRouterType.FLUENTBIT } (e.g. the AWS for Fluent Bit image)',
    }]],
    ['a router that is not essential', {
      containers: [c('app'), c('router', { essential: false, firelens: { type: ecs.FirelensLogRouterType.FLUENTBIT } })],
    }, false, [{
      rule: 'taskFirelensEssential',
      severity: 'warning',
      message: 'ecsTask.containers[1].essential should be true for the FireLens log router, got false. If the router stops, the other containers\' logs are lost',
    }]],
    ['an S3 FireLens configuration on Fargate', {
      containers: [c('app', { vcpus: 1 }), c('router', {
        vcpus: 1, firelens: { type: ecs.FirelensLogRouterType.FLUENTBIT, configFileType: ecs.FirelensConfigFileType.S3, configFileValue: 'arn:aws:s3:::b/c.conf' },
      })],
    }, true, [{
      rule: 'taskFirelensS3Config',
      severity: 'error',
      message: 'ecsTask.containers[1].firelens.configFileType must be FILE on Fargate, got "s3". '
        + 'Put the configuration file in the log router image',
    }]],
    ['ipcMode on Fargate', { ipcMode: ecs.IpcMode.TASK }, true, [{
      rule: 'taskIpcMode', severity: 'error', message: 'ecsTask.ipcMode is not available on Fargate, got "task". Remove it or use PlatformCapability.EC2',
    }]],
    ['pidMode HOST on Fargate', { pidMode: ecs.PidMode.HOST }, true, [{
      rule: 'taskPidMode', severity: 'error', message: 'ecsTask.pidMode must be TASK on Fargate, got "host". Use ecs.PidMode.TASK or remove it',
    }]],
    ['three default containers on Fargate (3 vCPU)', { containers: [c('a'), c('b'), c('c')] }, true, [{
      rule: 'taskFargateSize',
      severity: 'warning',
      message: 'ecsTask.containers[].vcpus (sum) should be one of 0.25, 0.5, 1, 2, 4, 8, 16 on Fargate, got 3. '
        + 'Batch sizes a Fargate task from its containers; how it rounds is not documented, so use a Fargate size',
    }]],
    ['2 vCPU with 3 GiB in all on Fargate', { containers: [c('a', { memory: Size.mebibytes(2048) }), c('b', { memory: Size.mebibytes(1024) })] }, true, [{
      rule: 'taskFargateSize',
      severity: 'warning',
      message: 'ecsTask.containers[].memory (sum, MiB) should be 4096 to 16384 in steps of 1024 MiB with 2 vCPU '
        + 'on Fargate, got 3072. Batch sizes a Fargate task from its containers; how it rounds is not documented, so use a Fargate size',
    }]],
  ])('%s', (_name, task, fargate, expected) => {
    expect(check(task, fargate)).toEqual(expected);
  });

  test('the nearest valid tasks pass: 10 containers, a router and a sidecar, COMPLETE and SUCCESS on non-essential containers', () => {
    expect(check({ containers: Array.from({ length: 10 }, (_, i) => c(`c${i}`)) })).toEqual([]);
    expect(check({
      containers: [
        c('app', {
          logging: ecs.LogDrivers.firelens({}),
          dependsOn: [{ containerName: 'init', condition: SUCCESS }, { containerName: 'router', condition: START }, { containerName: 'seed', condition: COMPLETE }],
          startTimeout: Duration.seconds(2),
          stopTimeout: Duration.seconds(120),
        }),
        c('init', { essential: false, vcpus: 0.5, memory: Size.mebibytes(1024) }),
        c('seed', { essential: false, vcpus: 0.25, memory: Size.mebibytes(512) }),
        c('router', { vcpus: 0.25, memory: Size.mebibytes(512), firelens: { type: ecs.FirelensLogRouterType.FLUENTBIT } }),
      ],
      pidMode: ecs.PidMode.TASK,
    }, true)).toEqual([{
      rule: 'taskFirelensOnFargate',
      severity: 'warning',
      message: 'ecsTask.containers[0].logging is not among the log drivers Batch lists for Fargate '
        + '(awslogs, splunk), got "awsfirelens". Check one job run, or use awslogs',
    }]);
    // EC2: ipcMode and pidMode HOST, long timeouts, any sizes.
    expect(check({ containers: [c('a', { stopTimeout: Duration.minutes(10) }), c('b'), c('c')], ipcMode: ecs.IpcMode.HOST, pidMode: ecs.PidMode.HOST })).toEqual([]);
  });

  test('tokens skip the checks', () => {
    const stack = new Stack();
    const name = new CfnParameter(stack, 'Name').valueAsString;
    const vcpus = new CfnParameter(stack, 'Vcpus', { type: 'Number' }).valueAsNumber;
    const seconds = new CfnParameter(stack, 'Seconds', { type: 'Number' }).valueAsNumber;
    expect(check({
      containers: [c(name, { vcpus, stopTimeout: Duration.seconds(seconds), dependsOn: [{ containerName: name, condition: START }] }), c('b')],
    }, true)).toEqual([]);
  });

  test('task resources add up the containers, with the single-container defaults', () => {
    expect(taskResources([c('a'), c('b', { vcpus: 2, memory: Size.gibibytes(4) })], defaults)).toEqual({ vcpus: 3, memoryMiB: 6144 });
  });

  test('log drivers are read without binding them', () => {
    expect(logDriverOf(ecs.LogDrivers.firelens({}))).toBe('awsfirelens');
    expect(logDriverOf(ecs.LogDrivers.awsLogs({ streamPrefix: 'x' }))).toBe('awslogs');
    expect(logDriverOf(ecs.LogDrivers.journald())).toBe('journald');
    expect(logDriverOf(new ecs.GenericLogDriver({ logDriver: 'awsfirelens' }))).toBe('awsfirelens');
    expect(logDriverOf(undefined)).toBeUndefined();
  });
});
