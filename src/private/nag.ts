import { Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Acknowledgements of cdk-nag findings that are inherent to what a construct creates.
 *
 * cdk-nag 3 reads `Validations.of(construct).acknowledge()` on the resource and its
 * ancestors. A finding about one policy entry has the id `RULE[Kind::value]`, where
 * value is the entry as cdk-nag prints it: tokens resolved, `Ref` as `<Name>`,
 * `Fn::GetAtt` as `<Name.Attribute>`, `Fn::Join` joined. Acknowledging that exact
 * id (not the whole rule) keeps any other finding of the same rule visible.
 */

/** The text cdk-nag shows for a policy entry (an ARN, possibly with tokens). */
export function nagText(scope: IConstruct, value: string): string {
  return render(Stack.of(scope).resolve(value));
}

function render(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const fn = node as Record<string, any>;
  if (fn['Fn::Join']) {
    const [separator, parts] = fn['Fn::Join'] as [string, unknown[]];
    return parts.map(render).join(separator);
  }
  if (fn['Fn::Sub']) return render(fn['Fn::Sub']);
  if (fn['Fn::GetAtt']) return `<${render(fn['Fn::GetAtt'][0])}.${render(fn['Fn::GetAtt'][1])}>`;
  if (fn['Fn::ImportValue']) return render(fn['Fn::ImportValue']);
  if (fn.Ref) return `<${render(fn.Ref)}>`;
  return JSON.stringify(node);
}

/**
 * Records an acknowledgement of one finding, exactly as `Validations.of(scope).acknowledge()`
 * records it (construct metadata under `Validations.ACKNOWLEDGED_RULES_METADATA_KEY`, which
 * cdk-nag reads). Written directly because aws-cdk-lib 2.263's `acknowledge()` rejects ids
 * with more than one `::`, and every ARN finding has one inside `<AWS::Partition>`.
 */
function acknowledgeFinding(scope: IConstruct, id: string, reason: string): void {
  if (id.split('::').length <= 2) {
    Validations.of(scope).acknowledge({ id, reason });
  } else {
    scope.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [id]: reason });
  }
}

/** Acknowledges `AwsSolutions-IAM4` for one AWS managed policy of a role this library creates. */
export function acknowledgeManagedPolicy(role: IConstruct, managedPolicyArn: string, reason: string): void {
  acknowledgeFinding(role, `AwsSolutions-IAM4[Policy::${nagText(role, managedPolicyArn)}]`, reason);
}

/** Acknowledges `AwsSolutions-IAM5` for one wildcard resource of a policy this library writes. */
export function acknowledgeWildcardResource(policy: IConstruct, resourceArn: string, reason: string): void {
  acknowledgeFinding(policy, `AwsSolutions-IAM5[Resource::${nagText(policy, resourceArn)}]`, reason);
}
