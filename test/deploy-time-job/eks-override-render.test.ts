import { Size } from 'aws-cdk-lib';
import { renderEksPropertiesOverride } from '../../src/deploy-time-job/eks-override-render';

describe('eksPropertiesOverride in the SDK\'s shape', () => {
  test('containers, init containers and metadata; quantities as Kubernetes strings', () => {
    expect(renderEksPropertiesOverride({
      containers: [{
        name: 'main',
        image: 'repo/app:v2',
        command: ['migrate'],
        args: ['--all'],
        environment: { MODE: 'once' },
        resources: { limits: { cpu: 1, memory: Size.gibibytes(1), gpu: 1 } },
      }],
      initContainers: [{ name: 'fetch', args: ['x'] }],
      labels: { run: 'deploy' },
      annotations: { note: 'x' },
      namespace: 'jobs',
    })).toEqual({
      podProperties: {
        containers: [{
          name: 'main',
          image: 'repo/app:v2',
          command: ['migrate'],
          args: ['--all'],
          env: [{ name: 'MODE', value: 'once' }],
          resources: { requests: undefined, limits: { 'cpu': '1', 'memory': '1024Mi', 'nvidia.com/gpu': '1' } },
        }],
        initContainers: [{ name: 'fetch', args: ['x'] }],
        metadata: { labels: { run: 'deploy' }, annotations: { note: 'x' }, namespace: 'jobs' },
      },
    });
  });

  test('nothing given: nothing rendered', () => {
    expect(renderEksPropertiesOverride(undefined)).toBeUndefined();
    expect(renderEksPropertiesOverride({})).toEqual({ podProperties: {} });
  });
});
