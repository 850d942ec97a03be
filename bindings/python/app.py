"""The example app in Python: the same stack as examples/app.ts, built with the
cdk_batch_constructs wheel. scripts/test-bindings.sh checks that it synthesizes
the same template as the TypeScript app."""
import aws_cdk as cdk
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_secretsmanager as secretsmanager

import cdk_batch_constructs as batch


def add_reference_compute_environments(scope, vpc):
    key_pair = ec2.KeyPair.from_key_pair_name(scope, "IdRsaKeyPair", "id_rsa")
    c4_on_demand = batch.ComputeEnvironment(
        scope, "C4OnDemand",
        compute_environment_name="C4OnDemand",
        enabled=True,
        compute_resources=batch.ComputeResources(
            vpc=vpc,
            type=batch.ComputeResourceType.ON_DEMAND,
            instance_types=[ec2.InstanceType(t) for t in
                            ["c4.large", "c4.xlarge", "c4.2xlarge", "c4.4xlarge", "c4.8xlarge"]],
            minv_cpus=0,
            desiredv_cpus=48,
            maxv_cpus=128,
            ec2_key_pair=key_pair,
            tags={"Name": "Batch Instance - C4OnDemand"},
        ),
    )
    m4_spot = batch.ComputeEnvironment(
        scope, "M4Spot",
        compute_environment_name="M4Spot",
        enabled=True,
        compute_resources=batch.ComputeResources(
            vpc=vpc,
            type=batch.ComputeResourceType.SPOT,
            bid_percentage=20,
            instance_types=[ec2.InstanceType("m4")],
            minv_cpus=0,
            desiredv_cpus=4,
            maxv_cpus=128,
            ec2_key_pair=key_pair,
            tags={"Name": "Batch Instance - M4Spot"},
        ),
    )
    return c4_on_demand, m4_spot


def add_reference_job_queues(scope, c4_on_demand, m4_spot):
    high_priority = batch.JobQueue(
        scope, "HighPriority",
        job_queue_name="HighPriority",
        priority=10,
        compute_environments=[
            batch.OrderedComputeEnvironment(compute_environment=c4_on_demand, order=1),
            batch.OrderedComputeEnvironment(compute_environment=m4_spot, order=2),
        ],
    )
    low_priority = batch.JobQueue(
        scope, "LowPriority",
        job_queue_name="LowPriority",
        priority=1,
        compute_environments=[batch.OrderedComputeEnvironment(compute_environment=m4_spot, order=1)],
    )
    for queue in (high_priority, low_priority):
        cdk.Annotations.of(queue).acknowledge_warning(
            "@cdk-batch-constructs/job-queue:fixed-name",
            "The names of the Batch API reference examples; rename the queue before changing its tags")
    return high_priority, low_priority


def add_reference_job_definitions(scope):
    busybox = ecs.ContainerImage.from_registry("busybox")
    sleep10 = batch.JobDefinition(
        scope, "Sleep10",
        job_definition_name="sleep10",
        container=batch.JobContainer(
            image=busybox, vcpus=1, memory=cdk.Size.mebibytes(128), command=["sleep", "10"]),
    )
    batch.JobDefinition(
        scope, "MultiNode",
        node_properties=batch.MultiNodeProperties(
            num_nodes=3,
            main_node=0,
            node_ranges=[batch.NodeRangeContainer(
                target_nodes=batch.NodeRange.all(),
                container=batch.JobContainer(
                    image=busybox, vcpus=1, memory=cdk.Size.mebibytes(256),
                    command=["sh", "-c", "echo node $AWS_BATCH_JOB_NODE_INDEX of $AWS_BATCH_JOB_NUM_NODES"]),
            )],
        ),
        timeout=cdk.Duration.minutes(10),
    )
    secret = secretsmanager.Secret(
        scope, "ExampleSecret",
        description="Example secret read by the fargate-with-secret job definition")
    # Rotating a token needs a rotation function that knows the system issuing it.
    cdk.Validations.of(secret).acknowledge(cdk.Acknowledgment(
        id="AwsSolutions-SMG4",
        reason="An example API token issued by an external system; rotate it there and put the new value into the secret"))
    batch.JobDefinition(
        scope, "FargateWithSecret",
        platform_capabilities=[batch.PlatformCapability.FARGATE],
        container=batch.JobContainer(
            image=busybox, vcpus=0.25, memory=cdk.Size.mebibytes(512),
            command=["sh", "-c", 'test -n "$API_TOKEN" && echo secret received'],
            secrets={"API_TOKEN": ecs.Secret.from_secrets_manager(secret)},
        ),
        retry_attempts=2,
        retain_previous_revisions=True,
    )
    # Two containers in one Fargate task: the sidecar starts first and stops with the job.
    batch.JobDefinition(
        scope, "WithSidecar",
        platform_capabilities=[batch.PlatformCapability.FARGATE],
        ecs_task=batch.EcsTask(containers=[
            batch.TaskContainer(
                name="main", image=busybox, vcpus=0.5, memory=cdk.Size.mebibytes(1024),
                command=["sh", "-c", "sleep 5 && echo done"],
                depends_on=[batch.TaskContainerDependency(
                    container_name="sidecar", condition=batch.TaskContainerDependencyCondition.START)]),
            batch.TaskContainer(
                name="sidecar", image=busybox, essential=False, vcpus=0.5, memory=cdk.Size.mebibytes(1024),
                command=["sh", "-c", "while true; do echo alive; sleep 1; done"]),
        ]),
    )
    return sleep10


def build_example_stack(app):
    stack = cdk.Stack(
        app, "BatchReferenceExamples",
        description="The examples of the AWS Batch API reference, built with cdk-batch-constructs")
    # Flow logs (to CloudWatch Logs) record the traffic of the jobs' network interfaces.
    vpc = ec2.Vpc(stack, "Vpc", max_azs=2, nat_gateways=1)
    vpc.add_flow_log("FlowLog")
    c4_on_demand, m4_spot = add_reference_compute_environments(stack, vpc)
    high_priority, _ = add_reference_job_queues(stack, c4_on_demand, m4_spot)
    sleep10 = add_reference_job_definitions(stack)
    batch.DeployTimeJob(
        stack, "ReferenceSubmitJob",
        job_queue=high_priority, job_definition=sleep10, job_name="example")
    return stack


# CloudFormation schema findings are synth errors, as in examples/app.ts.
app = cdk.App(context={"@aws-cdk/core:validateAgainstDefaultRules": True})
build_example_stack(app)
app.synth()
