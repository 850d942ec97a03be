import { App, Stack, StackProps } from 'aws-cdk-lib';
import { Annotations, Template } from 'aws-cdk-lib/assertions';
import * as cxapi from 'aws-cdk-lib/cx-api';

/**
 * Test harness shared by every construct test.
 *
 * Stacks live in an app whose synth runs aws-cdk-lib's CloudFormation template
 * validation with findings turned into errors, so a template that CloudFormation's
 * schema rejects fails the test that synthesizes it.
 */

/** The account and region every test stack uses, so ARNs are concrete. */
export const TEST_ENV = { account: '123456789012', region: 'us-east-1' };

/** An app whose synth fails on any CloudFormation schema finding. */
export function validatingApp(context: Record<string, unknown> = {}): App {
  return new App({
    context: { [cxapi.VALIDATE_AGAINST_DEFAULT_RULES]: true, ...context },
  });
}

/** A stack with a concrete environment inside a validating app. */
export function testStack(id = 'TestStack', props: StackProps = {}): Stack {
  return new Stack(validatingApp(), id, { env: TEST_ENV, ...props });
}

/** Synthesizes (and so validates) the stack's app and returns the stack's template. */
export function synthTemplate(stack: Stack): Template {
  return Template.fromStack(stack);
}

/** Synthesizes the stack and returns its annotations (warnings, errors). */
export function synthAnnotations(stack: Stack): Annotations {
  synthTemplate(stack);
  return Annotations.fromStack(stack);
}

/** The resources of one type in a synthesized template, keyed by logical id. */
export function resourcesOfType(template: Template, type: string): Record<string, any> {
  return template.findResources(type);
}

/** Counts the resources of a template by type, e.g. `{ 'AWS::Batch::JobQueue': 1 }`. */
export function countByType(template: Template): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const resource of Object.values<any>(template.toJSON().Resources ?? {})) {
    counts[resource.Type] = (counts[resource.Type] ?? 0) + 1;
  }
  return counts;
}
