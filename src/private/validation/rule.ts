/**
 * The rules catalogue: every synth-time rule of the library, with its id, severity and source.
 *
 * A rule is data: what it judges, how severe a violation is and which document says so.
 * Each resource folder declares its rules with `defineRules` in its `*-rules.ts` (shared
 * ones live in `batch-rules.ts`); the checks there produce `Finding`s that name the rule.
 * `defineRules` also records every rule here, so `scripts/rules-doc.ts` can write the README's
 * "Checked at synth" lists and `docs/RULES.md` from the catalogue, and they cannot drift.
 *
 * Severity follows the sources: `error` when Batch or CloudFormation rejects the value or the
 * job cannot work; `warning` when Batch accepts it but ignores it, or it is risky. A rule
 * without a documented source does not exist.
 */

/** How a violation is reported: an error fails synth, a warning is an annotation with the rule's id. */
export type Severity = 'error' | 'warning';

/** The documents rules rest on. */
export enum SourceDocument {
  /** The AWS Batch API Reference (the action or data type and its member). */
  BATCH_API = 'AWS Batch API Reference',
  /** The AWS Batch User Guide (a page). */
  BATCH_USER_GUIDE = 'AWS Batch User Guide',
  /** The CloudFormation resource reference page of an AWS::Batch::* type. */
  CLOUDFORMATION_REFERENCE = 'CloudFormation resource reference',
  /** The CloudFormation resource schema (the registry schema cfn-lint ships: minimum, maximum, pattern, required). */
  CLOUDFORMATION_SCHEMA = 'CloudFormation resource schema',
  /** The CloudFormation User Guide (custom resources, custom names, stack updates). */
  CLOUDFORMATION_USER_GUIDE = 'CloudFormation User Guide',
  /** The AWS Identity and Access Management API Reference (names and limits of IAM resources). */
  IAM_API = 'AWS IAM API Reference',
  /** The Service Authorization Reference (IAM actions, resources and condition keys). */
  SERVICE_AUTHORIZATION = 'Service Authorization Reference',
  /** The Amazon ECS Developer Guide (task definitions, Fargate, ECS Exec). */
  ECS_DEVELOPER_GUIDE = 'Amazon ECS Developer Guide',
  /** The Amazon EC2 User Guide (instance types, tags, launch templates). */
  EC2_USER_GUIDE = 'Amazon EC2 User Guide',
  /** The Amazon EventBridge User Guide (event patterns). */
  EVENTBRIDGE_USER_GUIDE = 'Amazon EventBridge User Guide',
  /** The Amazon EKS User Guide (access entries, node IAM roles, authentication modes). */
  EKS_USER_GUIDE = 'Amazon EKS User Guide',
  /** The AWS CDK API Reference (what aws-cdk-lib's constructs require, e.g. aws-eks's kubectl provider). */
  AWS_CDK = 'AWS CDK API Reference',
  /** The Amazon SageMaker API Reference (CreateTrainingJob, for the payload of SageMaker service jobs). */
  SAGEMAKER_API = 'Amazon SageMaker API Reference',
  /** The Kubernetes documentation (names, labels, resource quantities). */
  KUBERNETES = 'Kubernetes documentation',
  /** This library's own contract with its deploy-time job handler (`src/deploy-time-job/protocol.ts`). */
  LIBRARY = 'cdk-batch-constructs',
}

/** Where a rule comes from. */
export interface Source {
  /** The document. */
  readonly document: SourceDocument;
  /** Where in it: the action and member (`CreateComputeEnvironment: computeResources.minvCpus`), the page, or the schema keyword. */
  readonly where: string;
  /** What it says, in this project's own words. */
  readonly says: string;
}

/** A rule as its `*-rules.ts` file declares it. */
export interface RuleDefinition {
  /** How a violation is reported. */
  readonly severity: Severity;
  /** The props it judges, as the user writes them, e.g. `computeResources.minvCpus`. */
  readonly properties: string;
  /** What the rule requires, one sentence for the rules reference. */
  readonly summary: string;
  /** The documents it rests on (at least one). */
  readonly sources: readonly Source[];
  /**
   * For a shared rule, the constructs that apply it (listed with each of them in the docs).
   * @default - the construct the rule is declared for
   */
  readonly appliesTo?: readonly string[];
}

/** A rule of the catalogue. */
export interface Rule extends RuleDefinition {
  /** The rule's id, unique within its construct: camelCase, e.g. `fargateInstanceTypes`. */
  readonly id: string;
  /** The construct (or constructs, for shared rules) that applies it, e.g. `ComputeEnvironment`. */
  readonly construct: string;
  /**
   * The id a warning of this rule carries, e.g. `@cdk-batch-constructs/compute-environment:noInfrastructureUpdate`:
   * `Annotations.of(scope).acknowledgeWarning(id)` takes it.
   */
  readonly warningId: string;
}

const catalogue: Rule[] = [];

/** `ComputeEnvironment` -> `compute-environment`. */
function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/**
 * Declares the rules of one construct (or, for `batch-rules.ts`, of several) and records
 * them in the catalogue. Returns the rules by id, for the checks to name.
 * @param construct the construct's class name, e.g. `ComputeEnvironment`
 * @param warningScope the kebab-case scope of warning ids (default: from `construct`)
 */
export function defineRules<K extends string>(
  construct: string,
  definitions: Record<K, RuleDefinition>,
  warningScope = kebab(construct),
): Record<K, Rule> {
  const rules = {} as Record<K, Rule>;
  for (const id of Object.keys(definitions) as K[]) {
    const definition = definitions[id];
    if (definition.sources.length === 0) {
      throw new Error(`rule ${construct}.${id} has no source: a rule without a documented source does not exist`);
    }
    if (catalogue.some((r) => r.construct === construct && r.id === id)) {
      throw new Error(`rule ${construct}.${id} is defined twice`);
    }
    const rule: Rule = { ...definition, id, construct, warningId: `@cdk-batch-constructs/${warningScope}:${id}` };
    catalogue.push(rule);
    rules[id] = rule;
  }
  return rules;
}

/** Every rule declared so far (import `src/index` first to load them all). */
export function allRules(): readonly Rule[] {
  return catalogue;
}

/** A source in the Batch API Reference. */
export function batchApi(where: string, says: string): Source {
  return { document: SourceDocument.BATCH_API, where, says };
}

/** A source in the AWS Batch User Guide. */
export function batchUserGuide(where: string, says: string): Source {
  return { document: SourceDocument.BATCH_USER_GUIDE, where, says };
}

/** A source in the CloudFormation resource reference. */
export function cfnReference(where: string, says: string): Source {
  return { document: SourceDocument.CLOUDFORMATION_REFERENCE, where, says };
}

/** A source in the CloudFormation resource schema. */
export function cfnSchema(where: string, says: string): Source {
  return { document: SourceDocument.CLOUDFORMATION_SCHEMA, where, says };
}

/** A source in another document. */
export function source(document: SourceDocument, where: string, says: string): Source {
  return { document, where, says };
}
