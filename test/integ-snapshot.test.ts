import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildIntegApp } from './integ.batch';

/**
 * The snapshot check integ-runner would do, without an AWS account: test/integ.batch.ts
 * synthesizes the same templates and test cases as its committed snapshot; only what
 * changes on every synth is masked. After an intended change: `npx projen integ:snapshot`, review, commit.
 */
const SNAPSHOT = path.join(__dirname, 'integ.batch.ts.snapshot');

/**
 * A file's JSON with what changes on every synth masked: asset hashes (64 hex digits) and
 * the assertion's salt (the synth time, so that every deployment runs the assertion again).
 */
function readMasked(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8')
    .replace(/[0-9a-f]{64}/g, '<asset hash>')
    .replace(/"salt":\s*"\d+"/g, '"salt": "<synth time>"'));
}

describe('integration test snapshot (test/integ.batch.ts)', () => {
  const assembly = buildIntegApp(new App()).synth();
  const templates = fs.readdirSync(SNAPSHOT).filter((f) => f.endsWith('.template.json')).sort();

  test('the snapshot holds both test cases and their assertion stacks', () => {
    expect(templates).toEqual([
      'BatchIntegFails.template.json',
      'BatchIntegSucceeds.template.json',
      'DeployTimeJobFailsAssertions.template.json',
      expect.stringMatching(/^DeployTimeJobSucceedsDefaultTestDeployAssert[0-9A-F]+\.template\.json$/),
    ]);
    expect(fs.readdirSync(assembly.directory).filter((f) => f.endsWith('.template.json')).sort()).toEqual(templates);
  });

  test.each(templates)('%s matches the app', (template) => {
    expect(readMasked(path.join(assembly.directory, template))).toEqual(readMasked(path.join(SNAPSHOT, template)));
  });

  test('the test cases match: the failing case expects the deployment to fail with the exit code', () => {
    const integ = readMasked(path.join(SNAPSHOT, 'integ.json')) as any;
    expect(readMasked(path.join(assembly.directory, 'integ.json'))).toEqual(integ);
    const failing = Object.values<any>(integ.testCases).find((c) => c.stacks.includes('BatchIntegFails'));
    expect(failing.cdkCommandOptions.deploy).toEqual({ expectError: true, expectedMessage: 'exit code 3' });
  });

  test('the succeeding case asserts that Batch reports the job SUCCEEDED', () => {
    const assertions = JSON.stringify(readMasked(path.join(SNAPSHOT, templates[3])));
    expect(assertions).toContain('"service":"Batch","api":"describeJobs"');
    expect(assertions).toContain('SUCCEEDED');
  });
});
