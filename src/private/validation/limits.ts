import { Duration } from 'aws-cdk-lib';

/**
 * The numbers of AWS Batch and CloudFormation that the rules and defaults use, each once,
 * with the page it comes from. The rules that apply them name the same sources in the
 * catalogue (`docs/RULES.md`).
 */

/** Resource names (CreateComputeEnvironment, CreateJobQueue, RegisterJobDefinition, CreateSchedulingPolicy): up to 128 characters. */
export const MAX_NAME_LENGTH = 128;

/** Job names (SubmitJob `jobName`): up to 128 characters, the first alphanumeric. */
export const MAX_JOB_NAME_LENGTH = 128;

/** RetryStrategy `attempts`: 1 to 10. */
export const RETRY_ATTEMPTS = { min: 1, max: 10, integer: true } as const;

/** RegisterJobDefinition `schedulingPriority` and SubmitJob `schedulingPriorityOverride`: 0 to 9999. */
export const SCHEDULING_PRIORITY = { min: 0, max: 9999, integer: true } as const;

/** JobTimeout `attemptDurationSeconds`: at least 60 seconds. */
export const MIN_ATTEMPT_TIMEOUT = Duration.seconds(60);

/** ResourceRequirement MEMORY: at least 4 MiB. */
export const MIN_MEMORY_MIB = 4;

/** ResourceRequirement VCPU on EC2 resources: at least one vCPU, a whole number (fractions are Fargate's). */
export const MIN_EC2_VCPUS = 1;

/** ContainerProperties `image`: up to 255 characters. */
export const MAX_IMAGE_NAME_LENGTH = 255;
/** Volume `name`: up to 255 characters. */
export const MAX_VOLUME_NAME_LENGTH = 255;

/** EvaluateOnExit `onExitCode`, `onReason` and `onStatusReason`: up to 512 characters. */
export const MAX_RETRY_PATTERN_LENGTH = 512;

/** EphemeralStorage `sizeInGiB` (Fargate): 21 to 200 GiB. */
export const EPHEMERAL_STORAGE_GIB = { min: 21, max: 200, integer: true } as const;

/** LinuxParameters `swappiness`: a whole number from 0 to 100. */
export const SWAPPINESS = { min: 0, max: 100, integer: true } as const;

/** EFSVolumeConfiguration `transitEncryptionPort`: 0 to 65,535. */
export const TRANSIT_ENCRYPTION_PORT = { min: 0, max: 65_535, integer: true } as const;

/** Tags of Batch resources and jobs (TagResource, `TagrisTagsMap`; User Guide "Tag restrictions"): 50 tags, keys 1-128, values up to 256. */
export const MAX_TAGS = 50;
/** The longest tag key. */
export const MAX_TAG_KEY_LENGTH = 128;
/** The longest tag value. */
export const MAX_TAG_VALUE_LENGTH = 256;

/** ShareAttributes / SubmitJob `shareIdentifier`: up to 255 letters and digits, optionally followed by `*`. */
export const SHARE_IDENTIFIER_PATTERN = /^[A-Za-z0-9]{1,255}\*?$/;

/** Environment variables (ContainerProperties, ContainerOverrides): names must not start with this. */
export const RESERVED_ENVIRONMENT_PREFIX = 'AWS_BATCH';

/** CreateJobQueue `computeEnvironmentOrder`: up to three compute environments per queue. */
export const MAX_ENVIRONMENTS_PER_QUEUE = 3;

/** CreateJobQueue `priority`; CloudFormation schema AWS::Batch::JobQueue `Priority`: 0 to 1000. */
export const JOB_QUEUE_PRIORITY = { min: 0, max: 1000, integer: true } as const;

/** JobStateTimeLimitAction `maxTimeSeconds`: 600 to 86,400 seconds. */
export const JOB_STATE_TIME_LIMIT = { min: Duration.minutes(10), max: Duration.hours(24) } as const;

/** SubmitJob `arrayProperties.size`: 2 to 10,000. */
export const ARRAY_SIZE = { min: 2, max: 10_000, integer: true } as const;

/** SubmitJob `dependsOn`: a job depends on at most 20 jobs. */
export const MAX_DEPENDENCIES = 20;

/** RetryStrategy `evaluateOnExit`: up to 5 rules. */
export const MAX_RETRY_RULES = 5;

/** ComputeResource `maxvCpus`: required by Batch; this library's default when omitted. */
export const DEFAULT_MAX_VCPUS = 256;

/** A job container's vCPUs and memory when omitted: this library's defaults, valid on EC2 and on Fargate (1 vCPU takes 2-8 GiB). */
export const DEFAULT_JOB_VCPUS = 1;
/** A job container's memory (MiB) when omitted. */
export const DEFAULT_JOB_MEMORY_MIB = 2048;

/** Fargate compute resources: up to 16 subnets and 5 security groups (ComputeResource `subnets`, `securityGroupIds`). */
export const MAX_FARGATE_SUBNETS = 16;
/** Fargate compute resources: up to 5 security groups. */
export const MAX_FARGATE_SECURITY_GROUPS = 5;

/** AWS::CloudFormation::CustomResource `ServiceTimeout`: at most 3600 seconds. */
export const MAX_SERVICE_TIMEOUT = Duration.hours(1);

/** FairsharePolicy `computeReservation`: an integer from 0 to 99 (percent). */
export const COMPUTE_RESERVATION = { min: 0, max: 99, integer: true } as const;

/** FairsharePolicy `shareDecaySeconds`: at most 604,800 seconds (one week). */
export const MAX_SHARE_DECAY = Duration.days(7);

/** ShareAttributes `weightFactor`: 0.0001 to 999.9999. */
export const WEIGHT_FACTOR = { min: 0.0001, max: 999.9999 } as const;

/** A SageMaker training instance type as Batch takes it for a capacity unit (CapacityLimit `capacityUnit`, e.g. `ml.m5.large`). */
export const SAGEMAKER_INSTANCE_TYPE_PATTERN = /^ml\.[a-z0-9-]+\.[a-z0-9]+$/;

/** CapacityLimit `capacityUnit` of a service environment that is not quota-management enabled. */
export const NUM_INSTANCES = 'NUM_INSTANCES';

/** Create quota management resources (User Guide): a quota-management service environment takes 1 to 5 instance-type limits (the console's limit). */
export const MAX_SERVICE_ENVIRONMENT_INSTANCE_TYPE_LIMITS = 5;

/** Quota shares (User Guide), QuotaShareCapacityLimit: 1 to 5 capacity limits per quota share. */
export const QUOTA_SHARE_CAPACITY_LIMITS = { min: 1, max: 5 } as const;

/** Quota shares (User Guide), Service quotas: at most 20 quota shares per job queue. */
export const MAX_QUOTA_SHARES_PER_QUEUE = 20;

/** QuotaShareResourceSharingConfiguration `borrowLimit`; CloudFormation schema minimum: -1 (unlimited) or more. */
export const BORROW_LIMIT = { min: -1, integer: true } as const;

/** Service quotas (User Guide): a job queue has at most 1 service environment. */
export const MAX_SERVICE_ENVIRONMENTS_PER_QUEUE = 1;

/** AWS Batch service quotas (User Guide): the service request payload of SubmitServiceJob is at most 10 KiB. */
export const MAX_SERVICE_REQUEST_PAYLOAD_BYTES = 10 * 1024;
