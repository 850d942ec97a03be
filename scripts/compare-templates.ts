/**
 * Compares the stack templates of cloud assemblies synthesized by the TypeScript,
 * Python and Java versions of the example app.
 *
 * Usage: ts-node scripts/compare-templates.ts RESULTS_FILE REFERENCE_DIR NAME=DIR...
 *
 * Templates are compared after removing what legitimately differs between
 * languages: resource and template Metadata (construct paths, asset metadata),
 * the CDKMetadata resource and its condition (it records the app's language), and
 * asset hashes. Every stack of every language is one check (a nested stack too);
 * the counts go to RESULTS_FILE as "passed failed", and the exit code is non-zero
 * on a mismatch.
 */
import * as fs from 'fs';
import * as path from 'path';

const ASSET_HASH = /[0-9a-f]{64}/g;
const NESTED_TEMPLATE = '.nested.template.json';

function stackTemplates(outdir: string): Map<string, any> {
  const templates = new Map<string, any>();
  // An app that failed to synthesize left no assembly: every stack counts as missing.
  if (!fs.existsSync(path.join(outdir, 'manifest.json'))) return templates;
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf-8'));
  for (const [name, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const file = path.join(outdir, artifact.properties.templateFile);
    templates.set(name, normalize(JSON.parse(fs.readFileSync(file, 'utf-8'))));
  }
  // Nested stacks (e.g. aws-eks's providers) are file assets, not artifacts, and their parent
  // refers to them by an asset hash that normalize() hides: compare them as stacks of their own.
  for (const file of fs.readdirSync(outdir).filter(f => f.endsWith(NESTED_TEMPLATE)).sort()) {
    templates.set(`${file.slice(0, -NESTED_TEMPLATE.length)} (nested)`,
      normalize(JSON.parse(fs.readFileSync(path.join(outdir, file), 'utf-8'))));
  }
  return templates;
}

function normalize(template: any): any {
  const copy = JSON.parse(JSON.stringify(template).replace(ASSET_HASH, '<asset-hash>'));
  delete copy.Metadata;
  delete copy.Resources?.CDKMetadata;
  delete copy.Conditions?.CDKMetadataAvailable;
  if (copy.Conditions && Object.keys(copy.Conditions).length === 0) delete copy.Conditions;
  for (const resource of Object.values<any>(copy.Resources ?? {})) delete resource.Metadata;
  return copy;
}

/** The first few JSON paths where two values differ. */
function differences(a: any, b: any, at = '', found: string[] = []): string[] {
  if (found.length >= 5) return found;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') {
    if (JSON.stringify(a) !== JSON.stringify(b)) found.push(`${at || '/'}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`);
    return found;
  }
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    differences(a[key], b[key], `${at}/${key}`, found);
  }
  return found;
}

function main(args: string[]): number {
  const [resultsFile, referenceDir, ...others] = args;
  const reference = stackTemplates(referenceDir);
  let passed = 0;
  let failed = 0;
  if (reference.size === 0) {
    console.error(`no stack templates in ${referenceDir}`);
    failed++;
  }
  for (const other of others) {
    const [language, dir] = other.split('=');
    const templates = stackTemplates(dir);
    for (const [stack, expected] of reference) {
      const actual = templates.get(stack);
      const diff = actual === undefined ? ['stack missing'] : differences(expected, actual);
      if (diff.length === 0) {
        passed++;
        console.log(`ok   ${language} ${stack}: same template as TypeScript (${Object.keys(expected.Resources ?? {}).length} resources)`);
      } else {
        failed++;
        console.log(`FAIL ${language} ${stack}: differs from TypeScript\n  ${diff.join('\n  ')}`);
      }
    }
  }
  fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
  fs.writeFileSync(resultsFile, `${passed} ${failed}\n`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
