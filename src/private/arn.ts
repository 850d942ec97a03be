import { Arn, ArnFormat, Fn, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { checkResourceName, SHARED_RULES } from './validation/batch-rules';
import { checkPattern } from './validation/checks';
import { reportProblems } from './validation/problem';

/**
 * The one way every `from...Arn` and `from...Name` import checks its input and takes a
 * resource name from an ARN. Literal input is checked (a token is not); the name of a token
 * ARN is a CloudFormation expression.
 */

/** What kind of Batch resource an ARN names, as its ARN spells it. */
export type BatchResourceType = 'compute-environment' | 'job-queue' | 'job-definition' | 'scheduling-policy'
| 'consumable-resource' | 'service-environment' | 'quota-share';

/** Options of `importedName`. */
export interface ImportedNameOptions {
  /** Whether the ARN may end with `:REVISION` (job definitions), which the name leaves out. */
  readonly revision?: boolean;
}

/**
 * Checks an imported ARN and returns the resource name in it (without a revision).
 * @param scope where the import is made; a bad ARN is reported at its path
 * @param id the import's construct id, named in the message
 */
export function importedName(scope: IConstruct, id: string, arn: string, type: BatchResourceType, options: ImportedNameOptions = {}): string {
  if (type === 'quota-share') return importedQuotaShareName(scope, id, arn);
  const revision = options.revision ? '(:[1-9][0-9]*)?' : '';
  const pattern = new RegExp(`^arn:[a-z-]+:batch:[a-z0-9-]*:[0-9]*:${type}/[A-Za-z0-9_-]{1,128}${revision}$`);
  reportProblems(scope, [checkPattern(SHARED_RULES.importArn, `${id}: ${camel(type)}Arn`, arn, pattern,
    `must be a ${type.replace(/-/g, ' ')} ARN (arn:PARTITION:batch:REGION:ACCOUNT:${type}/NAME${options.revision ? '[:REVISION]' : ''})`)]);
  const resourceName = Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME).resourceName!;
  if (!options.revision) return resourceName;
  return Token.isUnresolved(resourceName) ? Fn.select(0, Fn.split(':', resourceName)) : resourceName.split(':')[0];
}

/**
 * Checks an imported name and returns the ARN of that resource in the stack's account and region.
 * @param scope where the import is made
 * @param id the import's construct id, named in the message
 */
export function importedArn(scope: IConstruct, id: string, name: string, type: BatchResourceType): string {
  reportProblems(scope, [checkResourceName(`${id}: ${camel(type)}Name`, name)]);
  return Stack.of(scope).formatArn({ service: 'batch', resource: type, resourceName: name, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}

/**
 * A quota share's ARN names its queue too: `job-queue/QUEUE/quota-share/NAME`. Checks it
 * and returns NAME (the fourth `/`-separated part, also of a token ARN).
 */
function importedQuotaShareName(scope: IConstruct, id: string, arn: string): string {
  const pattern = /^arn:[a-z-]+:batch:[a-z0-9-]*:[0-9]*:job-queue\/[A-Za-z0-9_-]{1,128}\/quota-share\/[A-Za-z0-9_-]{1,128}$/;
  reportProblems(scope, [checkPattern(SHARED_RULES.importArn, `${id}: quotaShareArn`, arn, pattern,
    'must be a quota share ARN (arn:PARTITION:batch:REGION:ACCOUNT:job-queue/QUEUE/quota-share/NAME)')]);
  return Token.isUnresolved(arn) ? Fn.select(3, Fn.split('/', arn)) : arn.split('/')[3];
}

/** `job-queue` -> `jobQueue`. */
function camel(type: BatchResourceType): string {
  return type.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
