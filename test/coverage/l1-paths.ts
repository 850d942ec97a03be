import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * The property paths of aws-cdk-lib's Batch L1 (`aws-batch/lib/batch.generated.d.ts`), read with
 * the TypeScript compiler's parser, so that a coverage test can compare them with what the L2
 * renders. A path is dotted, in the d.ts's camelCase (`ecsProperties.taskProperties.containers`);
 * arrays add no segment; a map (`Record<string, …>`, an index signature, or `any`) is a leaf.
 */

/** One property of the L1 tree. `children` is undefined for a leaf. */
export interface L1Node {
  readonly name: string;
  readonly required: boolean;
  /** What a leaf holds, for building a sample value. */
  readonly leaf?: 'string' | 'number' | 'boolean' | 'map' | 'string[]' | 'number[]';
  readonly array: boolean;
  readonly children?: L1Node[];
}

/** The d.ts of the installed aws-cdk-lib's Batch L1. */
export function batchDeclarationsPath(): string {
  return path.join(path.dirname(require.resolve('aws-cdk-lib/package.json')), 'aws-batch', 'lib', 'batch.generated.d.ts');
}

/** The version of the installed aws-cdk-lib. */
export function cdkLibVersion(): string {
  return JSON.parse(fs.readFileSync(require.resolve('aws-cdk-lib/package.json'), 'utf8')).version;
}

/** The interfaces of the d.ts by qualified name: `CfnJobDefinitionProps`, `CfnJobDefinition.EcsPropertiesProperty`. */
function interfacesOf(file: ts.SourceFile): Map<string, ts.InterfaceDeclaration> {
  const found = new Map<string, ts.InterfaceDeclaration>();
  const visit = (node: ts.Node, prefix: string) => {
    if (ts.isInterfaceDeclaration(node)) {
      found.set(prefix + node.name.text, node);
    } else if (ts.isModuleDeclaration(node) && node.body && ts.isModuleBlock(node.body)) {
      for (const statement of node.body.statements) visit(statement, `${prefix}${node.name.text}.`);
    }
  };
  for (const statement of file.statements) visit(statement, '');
  return found;
}

function typeName(name: ts.EntityName): string {
  return ts.isIdentifier(name) ? name.text : `${typeName(name.left)}.${name.right.text}`;
}

/**
 * Parses the d.ts and returns the property tree under each of the given props interfaces. It
 * throws on a type it does not know how to walk, so that a change in the generated code breaks
 * the test instead of silently dropping paths.
 */
export function l1Trees(roots: readonly string[], file = batchDeclarationsPath()): Map<string, L1Node[]> {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const interfaces = interfacesOf(source);

  const walkInterface = (qualified: string, seen: readonly string[]): L1Node[] => {
    const declaration = interfaces.get(qualified);
    if (!declaration) throw new Error(`no interface ${qualified} in ${file}`);
    if (seen.includes(qualified)) throw new Error(`recursive L1 type: ${[...seen, qualified].join(' > ')}`);
    return declaration.members.map((member) => {
      if (!ts.isPropertySignature(member) || !member.type || !ts.isIdentifier(member.name)) {
        throw new Error(`unexpected member of ${qualified}: ${member.getText(source)}`);
      }
      return { name: member.name.text, required: member.questionToken === undefined, ...walkType(member.type, [...seen, qualified], false) };
    });
  };

  const walkType = (type: ts.TypeNode, seen: readonly string[], array: boolean): Omit<L1Node, 'name' | 'required'> => {
    if (ts.isUnionTypeNode(type)) {
      // `X | cdk.IResolvable`: a token can stand for any value; the shape is the other member. `any | cdk.IResolvable` is `any`.
      // `iamRefs.IRoleRef | string`: a reference to another resource renders as its ARN, a string.
      const shapes = type.types.filter((t) => !(ts.isTypeReferenceNode(t) && /^(cdk\.IResolvable|\w+Refs\.I\w+Ref)$/.test(typeName(t.typeName))));
      if (shapes.length !== 1) throw new Error(`union with ${shapes.length} shapes: ${type.getText(source)}`);
      return walkType(shapes[0], seen, array);
    }
    if (ts.isArrayTypeNode(type)) return walkArray(type.elementType, seen, array);
    switch (type.kind) {
      case ts.SyntaxKind.StringKeyword: return { leaf: array ? 'string[]' : 'string', array };
      case ts.SyntaxKind.NumberKeyword: return { leaf: array ? 'number[]' : 'number', array };
      case ts.SyntaxKind.BooleanKeyword: return { leaf: 'boolean', array };
      case ts.SyntaxKind.AnyKeyword: return { leaf: 'map', array };
    }
    if (ts.isTypeLiteralNode(type) && type.members.every(ts.isIndexSignatureDeclaration)) return { leaf: 'map', array };
    if (ts.isTypeReferenceNode(type)) {
      const name = typeName(type.typeName);
      if (name === 'Array' && type.typeArguments?.length === 1) return walkArray(type.typeArguments[0], seen, array);
      if (name === 'Record') return { leaf: 'map', array };
      if (name.startsWith('Cfn')) return { array, children: walkInterface(name, seen) };
    }
    throw new Error(`unknown L1 type: ${type.getText(source)}`);
  };

  const walkArray = (element: ts.TypeNode, seen: readonly string[], array: boolean) => {
    if (array) throw new Error(`array of arrays: ${element.getText(source)}`);
    return walkType(element, seen, true);
  };

  return new Map(roots.map((root) => [root, walkInterface(root, [])]));
}

/** CloudFormation's spelling of an L1 property: the first letter capitalised. */
export function cfnName(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Every path of the tree (inner nodes and leaves), in CloudFormation spelling. */
export function cfnPaths(tree: readonly L1Node[], prefix = ''): string[] {
  return tree.flatMap((node) => {
    const p = prefix + cfnName(node.name);
    return [p, ...node.children ? cfnPaths(node.children, `${p}.`) : []];
  });
}

/** The paths of the tree's leaves (strings, numbers, booleans, lists of them, maps). */
export function leafPaths(tree: readonly L1Node[], prefix = ''): string[] {
  return tree.flatMap((node) => {
    const p = prefix + cfnName(node.name);
    return node.children ? leafPaths(node.children, `${p}.`) : [p];
  });
}

/** The paths of the tree whose value is a map: what is under them is the user's keys, not L1 properties. */
export function mapPaths(tree: readonly L1Node[], prefix = ''): string[] {
  return tree.flatMap((node) => {
    const p = prefix + cfnName(node.name);
    return node.leaf === 'map' ? [p] : node.children ? mapPaths(node.children, `${p}.`) : [];
  });
}

/**
 * A value for every property of the tree, in the L1's camelCase, for rendering the L1 itself:
 * the names the L1 renders show CloudFormation's spelling of each path.
 */
export function sampleValue(tree: readonly L1Node[]): Record<string, unknown> {
  const value = (node: L1Node): unknown => {
    const one = node.children ? sampleValue(node.children) : LEAF_SAMPLES[node.leaf!];
    return node.array && node.children ? [one] : one;
  };
  return Object.fromEntries(tree.map((node) => [node.name, value(node)]));
}

const LEAF_SAMPLES: Record<NonNullable<L1Node['leaf']>, unknown> = {
  'string': 'x',
  'number': 1,
  'boolean': true,
  'map': { key: 'value' },
  'string[]': ['x'],
  'number[]': [1],
};

/**
 * Every path present in a rendered CloudFormation value, arrays adding no segment. Keys of
 * maps and of intrinsic functions are collected too; callers look paths up, so extra ones are harmless.
 */
export function renderedPaths(value: unknown, prefix = '', into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) renderedPaths(item, prefix, into);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (child === undefined) continue;
      const p = prefix + key;
      into.add(p);
      renderedPaths(child, `${p}.`, into);
    }
  }
  return into;
}
