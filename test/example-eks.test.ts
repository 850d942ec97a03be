import { Template } from 'aws-cdk-lib/assertions';
import { countByType, validatingApp } from './synth';
import { buildEksExampleStack } from '../examples/eks';

describe('the EKS example app (examples/eks.ts)', () => {
  const stack = buildEksExampleStack(validatingApp());
  // Synthesizing validates the template against the CloudFormation schema.
  const template = Template.fromStack(stack);

  test('holds a cluster, an EKS compute environment, a queue and a pod job definition', () => {
    expect(countByType(template)).toMatchObject({
      'AWS::Batch::ComputeEnvironment': 1,
      'AWS::Batch::JobQueue': 1,
      'AWS::Batch::JobDefinition': 1,
      'Custom::AWSCDK-EKS-Cluster': 1,
      'Custom::AWSCDK-EKS-KubernetesResource': 3,
      'Custom::BatchDeployTimeJob': 1,
    });
  });

  test('the deploy-time job overrides the pod\'s environment and labels', () => {
    template.hasResourceProperties('Custom::BatchDeployTimeJob', {
      SubmitJob: {
        eksPropertiesOverride: {
          podProperties: {
            containers: [{ name: 'hello', env: [{ name: 'POD_ROLE', value: 'deployment' }] }],
            metadata: { labels: { trigger: 'cloudformation' } },
          },
        },
      },
    });
  });

  test('the environment runs Spot nodes in the namespace batch of the cluster, after its access is set up', () => {
    const environments = template.findResources('AWS::Batch::ComputeEnvironment');
    const [environment] = Object.values<any>(environments);
    expect(environment.Properties.EksConfiguration).toEqual({
      EksClusterArn: { 'Fn::GetAtt': [expect.stringMatching(/^Cluster/), 'Arn'] },
      KubernetesNamespace: 'batch',
    });
    expect(environment.Properties.ComputeResources).toMatchObject({ Type: 'SPOT', AllocationStrategy: 'SPOT_PRICE_CAPACITY_OPTIMIZED', MaxvCpus: 64 });
    expect(environment.DependsOn).toHaveLength(3);
  });

  test('the job definition is a pod with an init container, a memory-backed scratch volume and metadata', () => {
    template.hasResourceProperties('AWS::Batch::JobDefinition', {
      Type: 'container',
      EksProperties: {
        PodProperties: {
          InitContainers: [{ Name: 'prepare', Resources: { Limits: { cpu: '0.25', memory: '64Mi' } } }],
          Containers: [{ Name: 'hello', Resources: { Requests: { cpu: '0.5' }, Limits: { cpu: '1', memory: '512Mi' } } }],
          Volumes: [{ Name: 'work', EmptyDir: { Medium: 'Memory', SizeLimit: '16Mi' } }],
          DnsPolicy: 'ClusterFirstWithHostNet',
          Metadata: { Labels: { app: 'hello' }, Annotations: { 'example.com/owner': 'batch-team' } },
        },
      },
    });
  });
});
