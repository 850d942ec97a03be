package io.github.cdkbatchconstructs.example;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.cdkbatchconstructs.ComputeEnvironment;
import io.github.cdkbatchconstructs.ComputeResourceType;
import io.github.cdkbatchconstructs.ComputeResources;
import io.github.cdkbatchconstructs.DeployTimeJob;
import io.github.cdkbatchconstructs.EcsTask;
import io.github.cdkbatchconstructs.JobContainer;
import io.github.cdkbatchconstructs.JobDefinition;
import io.github.cdkbatchconstructs.JobQueue;
import io.github.cdkbatchconstructs.MultiNodeProperties;
import io.github.cdkbatchconstructs.NodeRange;
import io.github.cdkbatchconstructs.NodeRangeContainer;
import io.github.cdkbatchconstructs.OrderedComputeEnvironment;
import io.github.cdkbatchconstructs.PlatformCapability;
import io.github.cdkbatchconstructs.TaskContainer;
import io.github.cdkbatchconstructs.TaskContainerDependency;
import io.github.cdkbatchconstructs.TaskContainerDependencyCondition;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.ec2.IKeyPair;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.KeyPair;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.Secret;
import software.constructs.Construct;

/**
 * The example app in Java: the same stack as examples/app.ts, built against the
 * jar jsii-pacmak made. scripts/test-bindings.sh checks that it synthesizes the
 * same template as the TypeScript app.
 */
public final class ExampleApp {
  private ExampleApp() {
  }

  static ComputeEnvironment[] addReferenceComputeEnvironments(final Construct scope, final Vpc vpc) {
    IKeyPair keyPair = KeyPair.fromKeyPairName(scope, "IdRsaKeyPair", "id_rsa");
    ComputeEnvironment c4OnDemand = ComputeEnvironment.Builder.create(scope, "C4OnDemand")
        .computeEnvironmentName("C4OnDemand")
        .enabled(true)
        .computeResources(ComputeResources.builder()
            .vpc(vpc)
            .type(ComputeResourceType.ON_DEMAND)
            .instanceTypes(Stream.of("c4.large", "c4.xlarge", "c4.2xlarge", "c4.4xlarge", "c4.8xlarge")
                .map(InstanceType::new).collect(Collectors.toList()))
            .minvCpus(0)
            .desiredvCpus(48)
            .maxvCpus(128)
            .ec2KeyPair(keyPair)
            .tags(Map.of("Name", "Batch Instance - C4OnDemand"))
            .build())
        .build();
    ComputeEnvironment m4Spot = ComputeEnvironment.Builder.create(scope, "M4Spot")
        .computeEnvironmentName("M4Spot")
        .enabled(true)
        .computeResources(ComputeResources.builder()
            .vpc(vpc)
            .type(ComputeResourceType.SPOT)
            .bidPercentage(20)
            .instanceTypes(List.of(new InstanceType("m4")))
            .minvCpus(0)
            .desiredvCpus(4)
            .maxvCpus(128)
            .ec2KeyPair(keyPair)
            .tags(Map.of("Name", "Batch Instance - M4Spot"))
            .build())
        .build();
    return new ComputeEnvironment[] {c4OnDemand, m4Spot};
  }

  static JobQueue addReferenceJobQueues(final Construct scope, final ComputeEnvironment c4OnDemand,
      final ComputeEnvironment m4Spot) {
    JobQueue highPriority = JobQueue.Builder.create(scope, "HighPriority")
        .jobQueueName("HighPriority")
        .priority(10)
        .computeEnvironments(List.of(
            OrderedComputeEnvironment.builder().computeEnvironment(c4OnDemand).order(1).build(),
            OrderedComputeEnvironment.builder().computeEnvironment(m4Spot).order(2).build()))
        .build();
    JobQueue lowPriority = JobQueue.Builder.create(scope, "LowPriority")
        .jobQueueName("LowPriority")
        .priority(1)
        .computeEnvironments(List.of(
            OrderedComputeEnvironment.builder().computeEnvironment(m4Spot).order(1).build()))
        .build();
    for (JobQueue queue : List.of(highPriority, lowPriority)) {
      Annotations.of(queue).acknowledgeWarning("@cdk-batch-constructs/job-queue:fixed-name",
          "The names of the Batch API reference examples; rename the queue before changing its tags");
    }
    return highPriority;
  }

  static JobDefinition addReferenceJobDefinitions(final Construct scope) {
    ContainerImage busybox = ContainerImage.fromRegistry("busybox");
    JobDefinition sleep10 = JobDefinition.Builder.create(scope, "Sleep10")
        .jobDefinitionName("sleep10")
        .container(JobContainer.builder()
            .image(busybox).vcpus(1).memory(Size.mebibytes(128)).command(List.of("sleep", "10")).build())
        .build();
    JobDefinition.Builder.create(scope, "MultiNode")
        .nodeProperties(MultiNodeProperties.builder()
            .numNodes(3)
            .mainNode(0)
            .nodeRanges(List.of(NodeRangeContainer.builder()
                .targetNodes(NodeRange.all())
                .container(JobContainer.builder()
                    .image(busybox).vcpus(1).memory(Size.mebibytes(256))
                    .command(List.of("sh", "-c", "echo node $AWS_BATCH_JOB_NODE_INDEX of $AWS_BATCH_JOB_NUM_NODES"))
                    .build())
                .build()))
            .build())
        .timeout(Duration.minutes(10))
        .build();
    software.amazon.awscdk.services.secretsmanager.Secret secret =
        software.amazon.awscdk.services.secretsmanager.Secret.Builder.create(scope, "ExampleSecret")
            .description("Example secret read by the fargate-with-secret job definition")
            .build();
    // Rotating a token needs a rotation function that knows the system issuing it.
    Validations.of(secret).acknowledge(Acknowledgment.builder()
        .id("AwsSolutions-SMG4")
        .reason("An example API token issued by an external system; rotate it there and put the new value into the secret")
        .build());
    JobDefinition.Builder.create(scope, "FargateWithSecret")
        .platformCapabilities(List.of(PlatformCapability.FARGATE))
        .container(JobContainer.builder()
            .image(busybox).vcpus(0.25).memory(Size.mebibytes(512))
            .command(List.of("sh", "-c", "test -n \"$API_TOKEN\" && echo secret received"))
            .secrets(Map.of("API_TOKEN", Secret.fromSecretsManager(secret)))
            .build())
        .retryAttempts(2)
        .retainPreviousRevisions(true)
        .build();
    // Two containers in one Fargate task: the sidecar starts first and stops with the job.
    JobDefinition.Builder.create(scope, "WithSidecar")
        .platformCapabilities(List.of(PlatformCapability.FARGATE))
        .ecsTask(EcsTask.builder()
            .containers(List.of(
                TaskContainer.builder()
                    .name("main").image(busybox).vcpus(0.5).memory(Size.mebibytes(1024))
                    .command(List.of("sh", "-c", "sleep 5 && echo done"))
                    .dependsOn(List.of(TaskContainerDependency.builder()
                        .containerName("sidecar").condition(TaskContainerDependencyCondition.START).build()))
                    .build(),
                TaskContainer.builder()
                    .name("sidecar").image(busybox).essential(false).vcpus(0.5).memory(Size.mebibytes(1024))
                    .command(List.of("sh", "-c", "while true; do echo alive; sleep 1; done"))
                    .build()))
            .build())
        .build();
    return sleep10;
  }

  static Stack buildExampleStack(final App app) {
    Stack stack = new Stack(app, "BatchReferenceExamples", StackProps.builder()
        .description("The examples of the AWS Batch API reference, built with cdk-batch-constructs")
        .build());
    // Flow logs (to CloudWatch Logs) record the traffic of the jobs' network interfaces.
    Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
    vpc.addFlowLog("FlowLog");
    ComputeEnvironment[] environments = addReferenceComputeEnvironments(stack, vpc);
    JobQueue highPriority = addReferenceJobQueues(stack, environments[0], environments[1]);
    JobDefinition sleep10 = addReferenceJobDefinitions(stack);
    DeployTimeJob.Builder.create(stack, "ReferenceSubmitJob")
        .jobQueue(highPriority).jobDefinition(sleep10).jobName("example")
        .build();
    return stack;
  }

  /** An app whose CloudFormation schema findings are synth errors, as in examples/app.ts and examples/eks.ts. */
  static App validatingApp() {
    return new App(AppProps.builder()
        .context(Map.of("@aws-cdk/core:validateAgainstDefaultRules", true))
        .build());
  }

  public static void main(final String[] args) {
    App app = validatingApp();
    buildExampleStack(app);
    app.synth();
  }
}
