/**
 * The CreateTrainingJob request a deploy-time job's SageMaker training job renders.
 */
import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SageMakerTrainingJob, TrainingInputMode } from '../../src';
import { collidingFields, trainingJobNameFrom, trainingRequest, typedTrainingRequest } from '../../src/deploy-time-job/training-job';
import { TEST_ENV } from '../synth';

const ROLE = 'arn:aws:iam::123456789012:role/SageMakerExecution';

function job(overrides: Partial<SageMakerTrainingJob> = {}): SageMakerTrainingJob {
  const stack = new Stack(new App(), 'TestStack', { env: TEST_ENV });
  return {
    role: iam.Role.fromRoleArn(stack, 'Role', ROLE),
    trainingImage: '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.0.0-cpu-py310',
    instanceType: 'ml.c5.xlarge',
    outputPath: 's3://models/output',
    ...overrides,
  };
}

test('defaults: File input, one instance, 30 GiB, one day, SageMaker\'s field names', () => {
  expect(trainingRequest(job(), 'migrate')).toEqual({
    TrainingJobName: 'migrate',
    RoleArn: ROLE,
    AlgorithmSpecification: {
      TrainingImage: '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.0.0-cpu-py310',
      TrainingInputMode: 'File',
    },
    ResourceConfig: { InstanceType: 'ml.c5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 },
    OutputDataConfig: { S3OutputPath: 's3://models/output' },
    StoppingCondition: { MaxRuntimeInSeconds: 86400 },
  });
});

test('every typed field', () => {
  expect(trainingRequest(job({
    trainingImage: undefined,
    algorithmName: 'xgboost',
    trainingInputMode: TrainingInputMode.FAST_FILE,
    entrypoint: ['python', 'train.py'],
    arguments: ['--epochs', '3'],
    instanceCount: 2,
    volumeSize: Size.gibibytes(100),
    maxRuntime: Duration.hours(2),
    hyperParameters: { epochs: '3' },
    environment: { STAGE: 'deploy' },
  }), 'train')).toEqual({
    TrainingJobName: 'train',
    RoleArn: ROLE,
    AlgorithmSpecification: {
      AlgorithmName: 'xgboost', TrainingInputMode: 'FastFile', ContainerEntrypoint: ['python', 'train.py'], ContainerArguments: ['--epochs', '3'],
    },
    ResourceConfig: { InstanceType: 'ml.c5.xlarge', InstanceCount: 2, VolumeSizeInGB: 100 },
    OutputDataConfig: { S3OutputPath: 's3://models/output' },
    StoppingCondition: { MaxRuntimeInSeconds: 7200 },
    HyperParameters: { epochs: '3' },
    Environment: { STAGE: 'deploy' },
  });
});

test('additional parameters merge in, objects field by field', () => {
  const request = trainingRequest(job({
    additionalParameters: {
      OutputDataConfig: { KmsKeyId: 'alias/models' },
      InputDataConfig: [{ ChannelName: 'train', DataSource: { S3DataSource: { S3Uri: 's3://data/train', S3DataType: 'S3Prefix' } } }],
      StoppingCondition: { MaxWaitTimeInSeconds: 3600 },
    },
  }), 'train');
  expect(request.OutputDataConfig).toEqual({ S3OutputPath: 's3://models/output', KmsKeyId: 'alias/models' });
  expect(request.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 86400, MaxWaitTimeInSeconds: 3600 });
  expect(request.InputDataConfig).toEqual([{ ChannelName: 'train', DataSource: { S3DataSource: { S3Uri: 's3://data/train', S3DataType: 'S3Prefix' } } }]);
});

test('colliding fields are found at their path', () => {
  const typed = typedTrainingRequest(job(), 'train');
  expect(collidingFields(typed, { RoleArn: 'x', OutputDataConfig: { KmsKeyId: 'k', S3OutputPath: 's3://b' }, VpcConfig: {} }))
    .toEqual(['RoleArn', 'OutputDataConfig.S3OutputPath']);
  expect(collidingFields(typed, undefined)).toEqual([]);
});

test.each([
  ['migrate', 'migrate'],
  ['db_migrate_v2', 'db-migrate-v2'],
  ['-Stack.Job', 'StackJob'],
  ['a'.repeat(40), 'a'.repeat(32)],
  [`${'a'.repeat(31)}-b`, 'a'.repeat(31)],
  ['___', 'deploy-time-job'],
])('the training job name from the prefix %j is %j', (prefix, name) => {
  expect(trainingJobNameFrom(prefix)).toBe(name);
});
