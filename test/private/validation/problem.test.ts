import { Annotations as CoreAnnotations, CfnResource, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { problem, reportProblems, validateLater } from '../../../src/private/validation/problem';
import { defineRules, source, SourceDocument } from '../../../src/private/validation/rule';
import { synthTemplate, testStack } from '../../synth';

const RULES = defineRules('ProblemTestConstruct', {
  broken: { severity: 'error', properties: 'a', summary: 'a is valid', sources: [source(SourceDocument.LIBRARY, 'test', 'test')] },
  risky: { severity: 'warning', properties: 'b', summary: 'b is safe', sources: [source(SourceDocument.LIBRARY, 'test', 'test')] },
});

/** A construct with a CloudFormation resource, like every construct of the library. */
function withResource(stack: Stack, id: string): Construct {
  const scope = new Construct(stack, id);
  new CfnResource(scope, 'Resource', { type: 'AWS::SQS::Queue' });
  return scope;
}

describe('reportProblems', () => {
  test('throws every error at once with the construct path', () => {
    const scope = withResource(testStack(), 'Thing');
    expect(() => reportProblems(scope, [
      problem(RULES.broken, 'a', 1, 'must be 2'),
      undefined,
      problem(RULES.broken, 'c', 'x', 'must be "y"', 'Use y'),
    ])).toThrow('[TestStack/Thing]\n  - a must be 2, got 1\n  - c must be "y", got "x". Use y');
  });

  test('turns a warning into an annotation with the rule\'s id', () => {
    const stack = testStack();
    reportProblems(withResource(stack, 'Thing'), [problem(RULES.risky, 'b', 3, 'should be 4')]);
    Annotations.fromStack(stack).hasWarning('/TestStack/Thing',
      'b should be 4, got 3 [ack: @cdk-batch-constructs/problem-test-construct:risky]');
  });
});

describe('validateLater', () => {
  test('reports errors at synth and counts what changed after construction', () => {
    const stack = testStack();
    const scope = withResource(stack, 'Thing');
    const values: number[] = [];
    validateLater(scope, () => values.map((v) => (v > 1 ? problem(RULES.broken, 'a', v, 'must be at most 1') : undefined)));
    values.push(5);
    expect(() => synthTemplate(stack)).toThrow(/\[TestStack\/Thing\] a must be at most 1, got 5/);
  });

  test('a late warning acknowledged on the construct itself is not reported', () => {
    const stack = testStack();
    const scope = withResource(stack, 'Thing');
    validateLater(scope, () => [problem(RULES.risky, 'b', 3, 'should be 4')]);
    CoreAnnotations.of(scope).acknowledgeWarning(RULES.risky.warningId, 'tested');
    synthTemplate(stack);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('should be 4'));
  });

  test('a late warning that is not acknowledged is reported once', () => {
    const stack = testStack();
    const scope = withResource(stack, 'Thing');
    validateLater(scope, () => [problem(RULES.risky, 'b', 3, 'should be 4')]);
    synthTemplate(stack);
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('should be 4'));
    expect(warnings.map((w) => w.id)).toEqual(['/TestStack/Thing/Resource']);
  });
});
