package io.github.cdkbatchconstructs.example;

import java.util.List;
import java.util.Map;

import io.github.cdkbatchconstructs.ComputeEnvironment;
import io.github.cdkbatchconstructs.ComputeResourceType;
import io.github.cdkbatchconstructs.ComputeResources;
import io.github.cdkbatchconstructs.DeployTimeJob;
import io.github.cdkbatchconstructs.DeployTimeJobEksContainerOverride;
import io.github.cdkbatchconstructs.DeployTimeJobEksPropertiesOverride;
import io.github.cdkbatchconstructs.EksConfiguration;
import io.github.cdkbatchconstructs.EksContainer;
import io.github.cdkbatchconstructs.EksContainerResources;
import io.github.cdkbatchconstructs.EksContainerSecurityContext;
import io.github.cdkbatchconstructs.EksDnsPolicy;
import io.github.cdkbatchconstructs.EksEmptyDirMedium;
import io.github.cdkbatchconstructs.EksEmptyDirVolume;
import io.github.cdkbatchconstructs.EksPod;
import io.github.cdkbatchconstructs.EksResourceQuantities;
import io.github.cdkbatchconstructs.EksVolume;
import io.github.cdkbatchconstructs.EksVolumeMount;
import io.github.cdkbatchconstructs.JobDefinition;
import io.github.cdkbatchconstructs.JobQueue;
import io.github.cdkbatchconstructs.OrderedComputeEnvironment;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.eks.Cluster;
import software.amazon.awscdk.services.eks.ClusterLoggingTypes;
import software.amazon.awscdk.services.eks.EndpointAccess;
import software.amazon.awscdk.services.eks.KubernetesVersion;
import software.amazon.awscdk.services.lambda.LayerVersion;

/**
 * The EKS example app in Java: the same stack as examples/eks.ts, built against the
 * jar jsii-pacmak made. scripts/test-bindings.sh checks that it synthesizes the
 * same template as the TypeScript app.
 */
public final class EksExampleApp {
  private EksExampleApp() {
  }

  static Stack buildEksExampleStack(final App app) {
    Stack stack = new Stack(app, "BatchOnEks", StackProps.builder()
        .description("AWS Batch on Amazon EKS, built with cdk-batch-constructs")
        .build());
    Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
    vpc.addFlowLog("FlowLog");

    CfnParameter kubectlLayerArn = CfnParameter.Builder.create(stack, "KubectlLayerArn")
        .description("ARN of a Lambda layer with kubectl and helm (e.g. published from @aws-cdk/lambda-layer-kubectl-v33)")
        .build();
    // A private API endpoint and control plane logging: the cluster settings cdk-nag asks for.
    Cluster cluster = Cluster.Builder.create(stack, "Cluster")
        .version(KubernetesVersion.V1_33)
        .vpc(vpc)
        .defaultCapacity(0)
        .endpointAccess(EndpointAccess.PRIVATE)
        .clusterLogging(List.of(
            ClusterLoggingTypes.API, ClusterLoggingTypes.AUDIT, ClusterLoggingTypes.AUTHENTICATOR,
            ClusterLoggingTypes.CONTROLLER_MANAGER, ClusterLoggingTypes.SCHEDULER))
        .kubectlLayer(LayerVersion.fromLayerVersionArn(stack, "KubectlLayer", kubectlLayerArn.getValueAsString()))
        .build();

    // Spot nodes in the cluster's security group; the construct creates the namespace, the RBAC for
    // aws-batch and the aws-auth mappings of Batch's service-linked role and of the node role.
    ComputeEnvironment spot = ComputeEnvironment.Builder.create(stack, "EksSpot")
        .eks(EksConfiguration.builder().cluster(cluster).kubernetesNamespace("batch").build())
        .computeResources(ComputeResources.builder()
            .vpc(vpc)
            .type(ComputeResourceType.SPOT)
            .instanceTypes(List.of(new InstanceType("c6i"), new InstanceType("m6i")))
            .maxvCpus(64)
            .build())
        .build();

    JobQueue queue = JobQueue.Builder.create(stack, "EksQueue")
        .computeEnvironments(List.of(
            OrderedComputeEnvironment.builder().computeEnvironment(spot).order(1).build()))
        .build();

    ContainerImage busybox = ContainerImage.fromRegistry("public.ecr.aws/docker/library/busybox:stable");
    JobDefinition hello = JobDefinition.Builder.create(stack, "HelloPod")
        .eksPod(EksPod.builder()
            .initContainers(List.of(EksContainer.builder()
                .image(busybox)
                .name("prepare")
                .command(List.of("sh", "-c", "echo ready > /work/state"))
                .resources(EksContainerResources.builder()
                    .limits(EksResourceQuantities.builder().cpu(0.25).memory(Size.mebibytes(64)).build())
                    .build())
                .volumeMounts(List.of(EksVolumeMount.builder().name("work").mountPath("/work").build()))
                .build()))
            .containers(List.of(EksContainer.builder()
                .image(busybox)
                .name("hello")
                .command(List.of("sh", "-c", "cat /work/state && echo \"hello from $(POD_ROLE)\""))
                .environment(Map.of("POD_ROLE", "batch"))
                .resources(EksContainerResources.builder()
                    .requests(EksResourceQuantities.builder().cpu(0.5).build())
                    .limits(EksResourceQuantities.builder().cpu(1).memory(Size.mebibytes(512)).build())
                    .build())
                .securityContext(EksContainerSecurityContext.builder()
                    .readOnlyRootFilesystem(true).allowPrivilegeEscalation(false).build())
                .volumeMounts(List.of(EksVolumeMount.builder().name("work").mountPath("/work").readOnly(true).build()))
                .build()))
            .volumes(List.of(EksVolume.builder()
                .name("work")
                .emptyDir(EksEmptyDirVolume.builder()
                    .medium(EksEmptyDirMedium.MEMORY).sizeLimit(Size.mebibytes(16)).build())
                .build()))
            .dnsPolicy(EksDnsPolicy.CLUSTER_FIRST_WITH_HOST_NET)
            .labels(Map.of("app", "hello"))
            .annotations(Map.of("example.com/owner", "batch-team"))
            .build())
        .retryAttempts(2)
        .build();

    // Runs the pod once per deployment, with a greeting of its own; a failure names the pod and its containers.
    DeployTimeJob.Builder.create(stack, "HelloOnDeploy")
        .jobQueue(queue)
        .jobDefinition(hello)
        .eksPropertiesOverride(DeployTimeJobEksPropertiesOverride.builder()
            .containers(List.of(DeployTimeJobEksContainerOverride.builder()
                .name("hello").environment(Map.of("POD_ROLE", "deployment")).build()))
            .labels(Map.of("trigger", "cloudformation"))
            .build())
        .build();
    return stack;
  }

  public static void main(final String[] args) {
    App app = ExampleApp.validatingApp();
    buildEksExampleStack(app);
    app.synth();
  }
}
