/**
 * Checks the npm tarball as users get it (dist/js/cdk-batch-constructs@VERSION.jsii.tgz, from
 * `npx projen package:js`): what must be in it, and what must not.
 *
 * Usage: ts-node scripts/check-package.ts [results-file]
 * Prints one line per check, writes "passed failed" to the results file
 * (default .cache/results/package.txt) and exits non-zero when a check fails.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import { builtinModules } from 'module';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const RESULTS = path.resolve(process.argv[2] ?? path.join(ROOT, '.cache', 'results', 'package.txt'));

/** Folders of the repository that are for its developers only. */
const NOT_SHIPPED = ['src/', 'test/', 'examples/', 'bench/', 'bindings/', 'scripts/', 'rosetta/', 'projenrc/',
  '.ci/', '.cache/', 'cdk.out/', 'coverage/', 'test-reports/', 'dist/', 'node_modules/',
  // developer files at the top: the Python tools' pins, cfn-lint's settings, the map for contributors
  'requirements-dev.', '.cfnlintrc.yaml', 'ARCHITECTURE.md', 'BENCHMARKS.md'];

interface Check {
  readonly name: string;
  /** Undefined when the check passed, else what is wrong. */
  readonly failure: string | undefined;
}

function tarball(): string {
  const dir = path.join(ROOT, 'dist', 'js');
  const found = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^cdk-batch-constructs@.*\.tgz$/.test(f)) : [];
  if (found.length !== 1) {
    throw new Error(`expected one tarball in ${dir}, found ${found.length}: run npx projen package:js`);
  }
  return path.join(dir, found[0]);
}

/** Every file below a folder, as paths relative to it with `/`. */
function filesBelow(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => entry.isDirectory()
    ? filesBelow(path.join(dir, entry.name), `${prefix}${entry.name}/`)
    : [`${prefix}${entry.name}`]);
}

/** The module specifiers a declaration file imports or re-exports. */
function importsOf(source: string): string[] {
  const found = new Set<string>();
  for (const match of source.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    found.add(match[1] ?? match[2] ?? match[3]);
  }
  return [...found];
}

/** The package a module specifier belongs to (`@scope/name` or `name`), or undefined for a relative one. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function main(): void {
  const file = tarball();
  const unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-batch-constructs-package-'));
  execFileSync('tar', ['-xzf', file, '-C', unpacked]);
  const pkgDir = path.join(unpacked, 'package');
  const files = filesBelow(pkgDir);
  const has = (name: string) => files.includes(name);
  const manifest = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  const allowedPackages = new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...builtinModules,
    ...builtinModules.map((m) => `node:${m}`),
  ]);

  const missing = (names: string[]) => {
    const absent = names.filter((n) => !has(n));
    return absent.length > 0 ? `missing ${absent.join(', ')}` : undefined;
  };
  const localAssets = filesBelow(path.join(ROOT, 'assets')).map((f) => `assets/${f}`);
  const declarations = files.filter((f) => f.endsWith('.d.ts'));
  const foreignImports = declarations.flatMap((f) => importsOf(fs.readFileSync(path.join(pkgDir, f), 'utf8'))
    .filter((specifier) => {
      const pkg = packageOf(specifier);
      return pkg !== undefined && !allowedPackages.has(pkg) && !allowedPackages.has(specifier);
    })
    .map((specifier) => `${f} imports ${specifier}`));
  // A relative import of a shipped declaration must resolve to a shipped declaration.
  const danglingImports = declarations.flatMap((f) => importsOf(fs.readFileSync(path.join(pkgDir, f), 'utf8'))
    .filter((specifier) => specifier.startsWith('.'))
    .filter((specifier) => {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(f), specifier));
      return !has(`${target}.d.ts`) && !has(`${target}/index.d.ts`);
    })
    .map((specifier) => `${f} imports ${specifier}`));
  const developerFiles = files.filter((f) => NOT_SHIPPED.some((folder) => f.startsWith(folder)));
  const runtimeSources = files.filter((f) => f.startsWith('lib/') && /(^|\/)runtime\//.test(f));

  const checks: Check[] = [
    { name: 'the compiled library: lib/index.js and lib/index.d.ts', failure: missing(['lib/index.js', 'lib/index.d.ts']) },
    { name: 'the jsii assembly .jsii', failure: missing(['.jsii']) },
    { name: 'README.md, LICENSE and API.md', failure: missing(['README.md', 'LICENSE', 'API.md']) },
    {
      name: 'the bundled Lambda handler: every file of assets/',
      failure: localAssets.length === 0 ? 'assets/ is empty here: run npx projen bundle' : missing(localAssets),
    },
    {
      name: 'no tests, sources or other developer folders',
      failure: developerFiles.length > 0 ? `ships ${developerFiles.slice(0, 10).join(', ')}` : undefined,
    },
    {
      name: 'no Lambda runtime sources in lib/ (they are in the bundle)',
      failure: runtimeSources.length > 0 ? `ships ${runtimeSources.slice(0, 10).join(', ')}` : undefined,
    },
    {
      name: 'every relative import of a type declaration resolves to a shipped declaration',
      failure: danglingImports.length > 0 ? danglingImports.slice(0, 10).join('; ') : undefined,
    },
    {
      name: 'type declarations import only dependencies, peer dependencies and Node built-ins',
      failure: foreignImports.length > 0 ? foreignImports.slice(0, 10).join('; ') : undefined,
    },
  ];

  console.log(`package: ${path.relative(ROOT, file)} (${fs.statSync(file).size} bytes, ${files.length} files)`);
  for (const check of checks) {
    console.log(`${check.failure === undefined ? 'ok  ' : 'FAIL'} ${check.name}${check.failure ? `: ${check.failure}` : ''}`);
  }
  const failed = checks.filter((c) => c.failure !== undefined).length;
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, `${checks.length - failed} ${failed}\n`);
  fs.rmSync(unpacked, { recursive: true, force: true });
  if (failed > 0) process.exit(1);
}

main();
