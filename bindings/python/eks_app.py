"""The EKS example app in Python: the same stack as examples/eks.ts, built with the
cdk_batch_constructs wheel. scripts/test-bindings.sh checks that it synthesizes
the same template as the TypeScript app."""
import aws_cdk as cdk
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_eks as eks
from aws_cdk import aws_lambda as lambda_

import cdk_batch_constructs as batch


def build_eks_example_stack(app):
    stack = cdk.Stack(app, "BatchOnEks", description="AWS Batch on Amazon EKS, built with cdk-batch-constructs")
    vpc = ec2.Vpc(stack, "Vpc", max_azs=2, nat_gateways=1)
    vpc.add_flow_log("FlowLog")

    kubectl_layer_arn = cdk.CfnParameter(
        stack, "KubectlLayerArn",
        description="ARN of a Lambda layer with kubectl and helm (e.g. published from @aws-cdk/lambda-layer-kubectl-v33)")
    # A private API endpoint and control plane logging: the cluster settings cdk-nag asks for.
    cluster = eks.Cluster(
        stack, "Cluster",
        version=eks.KubernetesVersion.V1_33,
        vpc=vpc,
        default_capacity=0,
        endpoint_access=eks.EndpointAccess.PRIVATE,
        cluster_logging=[
            eks.ClusterLoggingTypes.API, eks.ClusterLoggingTypes.AUDIT, eks.ClusterLoggingTypes.AUTHENTICATOR,
            eks.ClusterLoggingTypes.CONTROLLER_MANAGER, eks.ClusterLoggingTypes.SCHEDULER,
        ],
        kubectl_layer=lambda_.LayerVersion.from_layer_version_arn(
            stack, "KubectlLayer", kubectl_layer_arn.value_as_string),
    )

    # Spot nodes in the cluster's security group; the construct creates the namespace, the RBAC for
    # aws-batch and the aws-auth mappings of Batch's service-linked role and of the node role.
    spot = batch.ComputeEnvironment(
        stack, "EksSpot",
        eks=batch.EksConfiguration(cluster=cluster, kubernetes_namespace="batch"),
        compute_resources=batch.ComputeResources(
            vpc=vpc,
            type=batch.ComputeResourceType.SPOT,
            instance_types=[ec2.InstanceType("c6i"), ec2.InstanceType("m6i")],
            maxv_cpus=64,
        ),
    )

    queue = batch.JobQueue(
        stack, "EksQueue",
        compute_environments=[batch.OrderedComputeEnvironment(compute_environment=spot, order=1)])

    busybox = ecs.ContainerImage.from_registry("public.ecr.aws/docker/library/busybox:stable")
    hello = batch.JobDefinition(
        stack, "HelloPod",
        eks_pod=batch.EksPod(
            init_containers=[batch.EksContainer(
                image=busybox,
                name="prepare",
                command=["sh", "-c", "echo ready > /work/state"],
                resources=batch.EksContainerResources(
                    limits=batch.EksResourceQuantities(cpu=0.25, memory=cdk.Size.mebibytes(64))),
                volume_mounts=[batch.EksVolumeMount(name="work", mount_path="/work")],
            )],
            containers=[batch.EksContainer(
                image=busybox,
                name="hello",
                command=["sh", "-c", 'cat /work/state && echo "hello from $(POD_ROLE)"'],
                environment={"POD_ROLE": "batch"},
                resources=batch.EksContainerResources(
                    requests=batch.EksResourceQuantities(cpu=0.5),
                    limits=batch.EksResourceQuantities(cpu=1, memory=cdk.Size.mebibytes(512))),
                security_context=batch.EksContainerSecurityContext(
                    read_only_root_filesystem=True, allow_privilege_escalation=False),
                volume_mounts=[batch.EksVolumeMount(name="work", mount_path="/work", read_only=True)],
            )],
            volumes=[batch.EksVolume(
                name="work",
                empty_dir=batch.EksEmptyDirVolume(
                    medium=batch.EksEmptyDirMedium.MEMORY, size_limit=cdk.Size.mebibytes(16)))],
            dns_policy=batch.EksDnsPolicy.CLUSTER_FIRST_WITH_HOST_NET,
            labels={"app": "hello"},
            annotations={"example.com/owner": "batch-team"},
        ),
        retry_attempts=2,
    )

    # Runs the pod once per deployment, with a greeting of its own; a failure names the pod and its containers.
    batch.DeployTimeJob(
        stack, "HelloOnDeploy",
        job_queue=queue,
        job_definition=hello,
        eks_properties_override=batch.DeployTimeJobEksPropertiesOverride(
            containers=[batch.DeployTimeJobEksContainerOverride(
                name="hello", environment={"POD_ROLE": "deployment"})],
            labels={"trigger": "cloudformation"},
        ),
    )
    return stack


# CloudFormation schema findings are synth errors, as in examples/eks.ts.
app = cdk.App(context={"@aws-cdk/core:validateAgainstDefaultRules": True})
build_eks_example_stack(app)
app.synth()
