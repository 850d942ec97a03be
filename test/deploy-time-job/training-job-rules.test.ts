/**
 * The rules of a deploy-time SageMaker training job as tables, without synthesizing a stack.
 */
import { App, CfnParameter, Duration, Size, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DeployTimeJobProps, JobDefinition, JobQueue, QuotaShare, SageMakerTrainingJob } from '../../src';
import { trainingRequest } from '../../src/deploy-time-job/training-job';
import { jobVariantProblems, serviceJobSettingProblems, TRAINING_RULES, trainingJobProblems } from '../../src/deploy-time-job/training-job-rules';
import { found, FoundRule } from '../rule-findings';
import { TEST_ENV } from '../synth';

type Row = [title: string, job: (stack: Stack) => Partial<SageMakerTrainingJob>, expected: FoundRule[]];

function error(rule: keyof typeof TRAINING_RULES, message: string): FoundRule {
  return { rule, severity: 'error', message };
}

function problemsOf(overrides: (stack: Stack) => Partial<SageMakerTrainingJob>): FoundRule[] {
  const stack = new Stack(new App(), 'TestStack', { env: TEST_ENV });
  const job: SageMakerTrainingJob = {
    // A role of this stack: its ARN is a token, counted as empty in the payload size.
    role: new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') }),
    trainingImage: '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.0.0-cpu-py310',
    instanceType: 'ml.c5.xlarge',
    outputPath: 's3://models/output',
    ...overrides(stack),
  };
  const name = job.trainingJobName ?? 'train';
  return found(trainingJobProblems(stack, job, name, trainingRequest(job, name)));
}

const table = (rows: Row[]) => test.each(rows)('%s', (_title, job, expected) => expect(problemsOf(job)).toEqual(expected));
const number = (stack: Stack, id: string) => new CfnParameter(stack, id, { type: 'Number' }).valueAsNumber;

describe('the typed CreateTrainingJob fields', () => {
  table([
    ['a valid job', () => ({}), []],
    ['an EC2 instance type', () => ({ instanceType: 'c5.xlarge' }), [error('trainingInstanceType',
      'trainingJob.instanceType must be a SageMaker instance type such as "ml.m5.large", got "c5.xlarge". SageMaker training runs only on ml.* instance types')]],
    ['a token instance type', (s) => ({ instanceType: new CfnParameter(s, 'Type').valueAsString }), []],
    ['0 instances', () => ({ instanceCount: 0 }), [error('trainingInstanceCount', 'trainingJob.instanceCount must be an integer >= 1, got 0')]],
    ['1.5 instances', () => ({ instanceCount: 1.5 }), [error('trainingInstanceCount', 'trainingJob.instanceCount must be an integer >= 1, got 1.5')]],
    ['a token instance count', (s) => ({ instanceCount: number(s, 'Count') }), []],
    ['a volume of 1.5 GiB', () => ({ volumeSize: Size.mebibytes(1536) }),
      [error('trainingVolumeSize', 'trainingJob.volumeSize must be a whole number of GiB, at least 1 GiB, got 1536 MiB')]],
    ['a volume of 0 GiB', () => ({ volumeSize: Size.gibibytes(0) }),
      [error('trainingVolumeSize', 'trainingJob.volumeSize must be a whole number of GiB, at least 1 GiB, got 0 MiB')]],
    ['a volume of 1 GiB', () => ({ volumeSize: Size.gibibytes(1) }), []],
    ['a runtime of 1.5 seconds', () => ({ maxRuntime: Duration.millis(1500) }),
      [error('trainingMaxRuntime', 'trainingJob.maxRuntime must be a whole number of seconds, got 1 second 500 millis')]],
    ['a runtime of 0 seconds', () => ({ maxRuntime: Duration.seconds(0) }),
      [error('trainingMaxRuntime', 'trainingJob.maxRuntime must be at least 1 second, got 0 seconds')]],
    ['a runtime of 1 second', () => ({ maxRuntime: Duration.seconds(1) }), []],
    ['an output path without a scheme', () => ({ outputPath: 'models/output' }), [error('trainingOutputPath',
      'trainingJob.outputPath must be an s3:// URI such as "s3://bucket/models", got "models/output". Use bucket.s3UrlForObject(prefix)')]],
    ['an https output path', () => ({ outputPath: 'https://models.s3.amazonaws.com/output' }), []],
    ['a token output path', (s) => ({ outputPath: new CfnParameter(s, 'Out').valueAsString }), []],
    ['a training job name with an underscore', () => ({ trainingJobName: 'db_migrate' }), [error('trainingJobName',
      'trainingJob.trainingJobName must be 1-63 letters, digits and hyphens (-), starting and ending with a letter or digit, got "db_migrate"')]],
    ['a training job name of 64 characters', () => ({ trainingJobName: 'a'.repeat(64) }), [error('trainingJobName',
      `trainingJob.trainingJobName must be 1-63 letters, digits and hyphens (-), starting and ending with a letter or digit, got "${'a'.repeat(64)}"`)]],
    ['a training job name of 63 characters with hyphens', () => ({ trainingJobName: `a--${'b'.repeat(60)}` }), []],
    ['an image and an algorithm', () => ({ algorithmName: 'xgboost' }), [error('trainingAlgorithm',
      'trainingJob must name exactly one of trainingImage and algorithmName, got "trainingImage and algorithmName"')]],
    ['neither', () => ({ trainingImage: undefined }), [error('trainingAlgorithm',
      'trainingJob must name exactly one of trainingImage and algorithmName, got "neither trainingImage nor algorithmName"')]],
    ['an algorithm only', () => ({ trainingImage: undefined, algorithmName: 'xgboost' }), []],
    ['additional parameters that set typed fields', () => ({ additionalParameters: { RoleArn: 'x', ResourceConfig: { InstanceCount: 2, KeepAlivePeriodInSeconds: 60 } } }),
      [error('trainingAdditionalParameters', 'trainingJob.additionalParameters must not set fields the typed props set, '
        + 'got ["RoleArn", "ResourceConfig.InstanceCount"]. Set them with the typed props (role, instanceType, outputPath, ...) only')]],
    ['additional parameters beside the typed fields', () => ({ additionalParameters: { ResourceConfig: { KeepAlivePeriodInSeconds: 60 }, VpcConfig: {} } }), []],
  ]);
});

describe('the payload size (10 KiB; tokens count as empty)', () => {
  const environment = (bytes: number) => ({ environment: { BIG: 'x'.repeat(bytes) } });
  test('a payload just under 10 KiB passes', () => {
    // The rest of the request is about 330 bytes without the role's ARN.
    expect(problemsOf(() => environment(9_800))).toEqual([]);
  });

  test('a payload over 10 KiB fails, with its size', () => {
    const [finding] = problemsOf(() => environment(10_240));
    expect(finding.rule).toBe('servicePayloadSize');
    expect(finding.message).toMatch(/^trainingJob must render at most 10240 bytes \(10 KiB\) of CreateTrainingJob JSON, got "10\d{3} bytes of JSON or more"\. /);
  });
});

describe('SubmitServiceJob settings', () => {
  test.each([
    [{ timeout: Duration.millis(1500) }, [error('serviceJobTimeout', 'timeout must be a whole number of seconds, got 1 second 500 millis')]],
    [{ timeout: Duration.seconds(0) }, [error('serviceJobTimeout', 'timeout must be at least 1 second, got 0 seconds')]],
    [{ timeout: Duration.seconds(30) }, []],
    [{ preemptionRetries: -1 }, [error('preemptionRetries', 'preemptionRetries must be an integer >= 0, got -1')]],
    [{ preemptionRetries: 0 }, []],
    [{ preemptionRetries: 2.5 }, [error('preemptionRetries', 'preemptionRetries must be an integer >= 0, got 2.5')]],
  ])('%j', (props, expected) => {
    expect(found(serviceJobSettingProblems(props))).toEqual(expected);
  });
});

describe('one kind of job, and the settings of the other', () => {
  const queue = (stack: Stack) => JobQueue.fromJobQueueArn(stack, 'Q', 'arn:aws:batch:us-east-1:123456789012:job-queue/q');
  const definition = (stack: Stack) => JobDefinition.fromJobDefinitionArn(stack, 'D', 'arn:aws:batch:us-east-1:123456789012:job-definition/d:1');
  const training = (stack: Stack): SageMakerTrainingJob => ({
    role: iam.Role.fromRoleArn(stack, 'R', 'arn:aws:iam::123456789012:role/Exec'), trainingImage: 'img', instanceType: 'ml.m5.large', outputPath: 's3://b/o',
  });
  const variant = (rule: keyof typeof TRAINING_RULES, message: string) => error(rule, message);
  test.each<[string, (stack: Stack) => Partial<DeployTimeJobProps>, FoundRule[]]>([
    ['a job definition', (s) => ({ jobDefinition: definition(s) }), []],
    ['a training job', (s) => ({ trainingJob: training(s) }), []],
    ['neither', () => ({}), [variant('jobOrTrainingJob', 'jobDefinition must be given, or trainingJob instead: exactly one of them, '
      + 'got "neither jobDefinition nor trainingJob". A container job names its job definition; a SageMaker training job is a trainingJob')]],
    ['both', (s) => ({ jobDefinition: definition(s), trainingJob: training(s) }), [variant('jobOrTrainingJob', 'jobDefinition must be given, '
      + 'or trainingJob instead: exactly one of them, got "jobDefinition and trainingJob". A container job names its job definition; '
      + 'a SageMaker training job is a trainingJob')]],
    ['container settings with a training job', (s) => ({
      trainingJob: training(s), parameters: { a: 'b' }, arraySize: 2, propagateTags: false, dependsOn: [],
    }), [
      variant('containerSettingsWithTrainingJob', 'parameters applies only to container jobs (jobDefinition), not to a trainingJob, '
        + 'got ["a"]. Remove it; a training job takes its settings in trainingJob'),
      variant('containerSettingsWithTrainingJob', 'arraySize applies only to container jobs (jobDefinition), not to a trainingJob, got 2. '
        + 'Remove it; a training job takes its settings in trainingJob'),
      variant('containerSettingsWithTrainingJob', 'propagateTags applies only to container jobs (jobDefinition), not to a trainingJob, '
        + 'got false. Remove it; a training job takes its settings in trainingJob'),
    ]],
    ['a quota share and preemption retries with a job definition', (s) => ({
      jobDefinition: definition(s),
      preemptionRetries: 1,
      quotaShare: QuotaShare.fromQuotaShareArn(s, 'S', 'arn:aws:batch:us-east-1:123456789012:job-queue/q/quota-share/s'),
    }), [
      variant('serviceSettingsWithJobDefinition', 'quotaShare applies only to SageMaker training jobs (trainingJob), got "TestStack/S". '
        + 'Container jobs of a fair-share queue name a shareIdentifier instead'),
      variant('serviceSettingsWithJobDefinition', 'preemptionRetries applies only to SageMaker training jobs (trainingJob), got 1'),
    ]],
  ])('%s', (_title, props, expected) => {
    const stack = new Stack(new App(), 'TestStack', { env: TEST_ENV });
    expect(found(jobVariantProblems({ jobQueue: queue(stack), ...props(stack) }))).toEqual(expected);
  });
});
