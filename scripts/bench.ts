/**
 * Benchmarks this library against aws-cdk-lib's `aws-batch` L2 and raw `Cfn*` L1
 * constructs on the same app, and writes BENCHMARKS.md and an SVG chart.
 *
 *   ts-node scripts/bench.ts [--n 10,100,400] [--runs 7] [--warmup 1]
 *     [--out BENCHMARKS.md] [--chart docs/bench-synth-cpu.svg] [--validation-n N]
 *     [--handler-bundle PATH] [--profile DIR] [--smoke]
 *
 * `--smoke`: N = 10, one run, no warm-up, output to a temporary file.
 * `--validation-n N`: the N of the one default synth (template validation on) per
 * variant; default the largest N, none in a smoke run.
 * `--profile DIR`: also profiles each variant at the largest N with `node --cpu-prof`
 * and adds the functions with the most self time to the report (to find why a
 * target is missed).
 * The apps in bench/ are compiled with tsc into .cache/bench and each synth runs as
 * its own plain-JavaScript Node process; this driver only orchestrates and is not
 * measured. Exits non-zero when a variant fails (after writing the report).
 * Expects lib/ (npx projen compile) and the handler bundle (npx projen bundle);
 * the `bench` and `bench:smoke` tasks run both first.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
// eslint-disable-next-line import/no-extraneous-dependencies -- a dev script; the SDK is a devDependency on purpose
import { STACK_NAME_ENV, SUBMITTED_BY_ENV } from '../src/deploy-time-job/protocol';
import { startMotoServer } from '../test/moto-server';

const ROOT = path.resolve(__dirname, '..');
const OUT_DIR = path.join(ROOT, '.cache', 'bench');
const APPS_DIR = path.join(OUT_DIR, 'bench', 'apps');
const ANALYSIS_FILE = path.join(ROOT, 'bench', 'ANALYSIS.md');
const RESULT_PREFIX = 'BENCH_RESULT ';
const STACK_TEMPLATE = 'BenchStack.template.json';
const HANDLER_BUNDLE = 'assets/deploy-time-job/runtime/job-runner.lambda/index.js';
/** The resource limit every measured synth uses, so no variant stops at CloudFormation's 500. */
const RAISED_RESOURCE_LIMIT = 100_000;
const CLOUDFORMATION_RESOURCE_LIMIT = 500;
const LIMIT_CHECK_N = 450;
const DTJ_JOB_COUNTS = [0, 1, 3];

/** The job the apps define (bench/apps/common.ts): every variant must render exactly it. */
const EXPECTED_DEFINITION = { image: 'busybox', vcpus: 1, memoryMiB: 128, attempts: 3, timeoutSeconds: 600 };

/** The targets of issue 7. */
const TARGETS = {
  cpuRatioAtMaxN: 1.15,
  resourcesPerDefinition: 1,
  dtjPerStack: 4,
  dtjPerJob: 1,
  bundleBytes: 50 * 1024,
};

interface App {
  /** Key, also the compiled file name in bench/apps. */
  readonly key: string;
  readonly label: string;
  /** The bench sources it depends on: a type error in one fails the app. */
  readonly sources: string[];
}

const LIBRARY: App = { key: 'library', label: '(a) cdk-batch-constructs', sources: ['apps/library.ts'] };
const L2: App = { key: 'l2', label: '(b) aws-cdk-lib aws-batch L2', sources: ['apps/l2.ts'] };
const L1: App = { key: 'l1', label: '(c) aws-cdk-lib Cfn* L1 (floor)', sources: ['apps/l1.ts'] };
const VARIANTS = [LIBRARY, L2, L1];
const DTJ_LIBRARY: App = { key: 'dtj-library', label: 'cdk-batch-constructs `DeployTimeJob`', sources: ['apps/dtj-library.ts', 'apps/library.ts'] };
const DTJ_PROVIDER: App = { key: 'dtj-provider', label: 'aws-cdk-lib `custom_resources.Provider` + `isComplete`', sources: ['apps/dtj-provider.ts', 'apps/l1.ts'] };
const COLD_START_SOURCES = ['cold-start.ts'];

interface Options {
  readonly ns: number[];
  readonly runs: number;
  readonly warmup: number;
  readonly out: string;
  readonly chart: string;
  readonly validationN?: number;
  readonly handlerBundle: string;
  readonly smoke: boolean;
  /** Where to write a `node --cpu-prof` profile of each variant at the largest N. */
  readonly profileDir?: string;
}

interface Synth {
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly maxRssKb: number;
  readonly counts: Record<string, number>;
  readonly total: number;
  readonly template: any;
}

/** A variant, app or measurement that could not run, with the reason. */
class Failure extends Error {}

// ---------------------------------------------------------------- options

function parseOptions(argv: string[]): Options {
  const values: Record<string, string> = {};
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, '');
    if (name === 'smoke') {
      flags.add(name);
    } else if (i + 1 < argv.length) {
      values[name] = argv[++i];
    } else {
      throw new Error(`option --${name} needs a value`);
    }
  }
  const smoke = flags.has('smoke');
  const int = (name: string, fallback: number) => {
    const value = Number(values[name] ?? fallback);
    if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer, got ${values[name]}`);
    return value;
  };
  const temp = smoke ? fs.mkdtempSync(path.join(os.tmpdir(), 'bench-smoke-')) : undefined;
  return {
    smoke,
    ns: (values.n ?? (smoke ? '10' : '10,100,400')).split(',').map(Number),
    runs: Math.max(1, int('runs', smoke ? 1 : 7)),
    warmup: int('warmup', smoke ? 0 : 1),
    out: path.resolve(values.out ?? (temp ? path.join(temp, 'BENCHMARKS.md') : path.join(ROOT, 'BENCHMARKS.md'))),
    chart: path.resolve(values.chart ?? (temp ? path.join(temp, 'bench-synth-cpu.svg') : path.join(ROOT, 'docs', 'bench-synth-cpu.svg'))),
    validationN: values['validation-n'] ? int('validation-n', 0) : undefined,
    handlerBundle: path.resolve(ROOT, values['handler-bundle'] ?? HANDLER_BUNDLE),
    profileDir: values.profile ? path.resolve(values.profile) : undefined,
  };
}

// ---------------------------------------------------------------- compile

/**
 * Compiles bench/ with tsc into .cache/bench. tsc emits despite type errors; each
 * error is attributed to its source file, and an app whose sources have errors
 * fails with them (e.g. variant (a) before the library's constructs land).
 */
function compileApps(): Map<string, string[]> {
  fs.rmSync(OUT_DIR, { recursive: true, force: true });
  const tsc = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'bench/tsconfig.json', '--pretty', 'false'], { cwd: ROOT, encoding: 'utf8' });
  const errors = new Map<string, string[]>();
  for (const line of `${tsc.stdout}${tsc.stderr}`.split('\n')) {
    const match = /^bench\/(.+?)\(\d+,\d+\): error (.*)$/.exec(line.trim());
    if (match) {
      errors.set(match[1], [...(errors.get(match[1]) ?? []), line.trim()]);
    } else if (line.trim() && !line.startsWith(' ')) {
      // An error outside bench/ (or in tsc itself) breaks every app.
      throw new Error(`tsc -p bench/tsconfig.json failed: ${line}`);
    }
  }
  const owned = new Set([...VARIANTS, DTJ_LIBRARY, DTJ_PROVIDER].flatMap((app) => app.sources).concat(COLD_START_SOURCES));
  const shared = [...errors.keys()].filter((file) => !owned.has(file));
  if (shared.length > 0) {
    throw new Error(`type errors in shared bench code:\n${shared.flatMap((file) => errors.get(file)!).join('\n')}`);
  }
  return errors;
}

function compileErrors(errors: Map<string, string[]>, sources: string[]): string | undefined {
  const found = sources.flatMap((file) => errors.get(file) ?? []).map((line) => line.split(`${ROOT}/`).join(''));
  return found.length > 0 ? `does not compile against this branch (${found.length} type errors), first: ${found.join('\n')}` : undefined;
}

// ---------------------------------------------------------------- synth processes

interface SynthOptions {
  readonly resourceLimit?: number;
  /** Write a V8 CPU profile of the process into this directory. */
  readonly cpuProfileDir?: string;
  /** Run aws-cdk-lib's CloudFormation template validation (default synth); off for the timings. */
  readonly validation?: boolean;
}

/** Synthesizes one app with `count` items in a fresh Node process and reads its template. */
function synth(app: App, count: number, options: SynthOptions = {}): Synth {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${app.key}-`));
  try {
    const profile = options.cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir] : [];
    const args = [...profile, path.join(APPS_DIR, `${app.key}.js`), String(count), outdir];
    if (options.resourceLimit !== undefined) args.push(String(options.resourceLimit));
    const env = { ...process.env, CDK_VALIDATION: options.validation ? 'true' : 'false' };
    const started = process.hrtime.bigint();
    const child = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const line = child.stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
    if (child.status !== 0 || !line) {
      throw new Failure(`${app.key} with ${count} failed (exit ${child.status}): ${errorSummary(child.stderr)}`);
    }
    const measured = JSON.parse(line.slice(RESULT_PREFIX.length));
    const template = JSON.parse(fs.readFileSync(path.join(outdir, STACK_TEMPLATE), 'utf8'));
    const counts = countByType(template);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    return { cpuMs: measured.cpuMs, maxRssKb: measured.maxRssKb, wallMs, counts, total, template };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The first error line of a Node stderr (the thrown message), not its whole stack. */
function errorSummary(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  // aws-cdk-lib's errors print as `[«Code» message ...`, others as `SomeError: message`.
  const message = lines.find((l) => /^\w*Error\b|^\[«/.test(l)) ?? lines.find((l) => /\w*Error: /.test(l)) ?? lines[0] ?? '(no output)';
  return message.length > 600 ? `${message.slice(0, 600)}...` : message;
}

function countByType(template: any): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const resource of Object.values<any>(template.Resources ?? {})) {
    counts[resource.Type] = (counts[resource.Type] ?? 0) + 1;
  }
  return counts;
}

/** Throws unless the template holds exactly `count` definitions of the benchmark's job. */
function checkSameWork(app: App, count: number, template: any): void {
  const definitions = Object.entries<any>(template.Resources ?? {}).filter(([, r]) => r.Type === 'AWS::Batch::JobDefinition');
  if (definitions.length !== count) {
    throw new Failure(`${app.key} rendered ${definitions.length} job definitions, expected ${count}`);
  }
  for (const [id, resource] of definitions) {
    const rendered = normalizeDefinition(resource.Properties ?? {});
    if (JSON.stringify(rendered) !== JSON.stringify(EXPECTED_DEFINITION)) {
      throw new Failure(`${app.key} does not render the benchmark's job: ${id} is ${JSON.stringify(rendered)}, expected ${JSON.stringify(EXPECTED_DEFINITION)}`);
    }
  }
}

/** The job a definition describes, whichever CloudFormation fields it uses for it. */
function normalizeDefinition(properties: any): typeof EXPECTED_DEFINITION {
  const container = properties.ContainerProperties ?? {};
  const requirement = (type: string) => container.ResourceRequirements?.find((r: any) => r.Type === type)?.Value;
  return {
    image: container.Image,
    vcpus: Number(requirement('VCPU') ?? container.Vcpus),
    memoryMiB: Number(requirement('MEMORY') ?? container.Memory),
    attempts: Number(properties.RetryStrategy?.Attempts),
    timeoutSeconds: Number(properties.Timeout?.AttemptDurationSeconds),
  };
}

// ---------------------------------------------------------------- statistics

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Least-squares line through the points: slope and intercept. */
function leastSquares(points: Array<[number, number]>): { slope: number; intercept: number } {
  const n = points.length;
  const meanX = points.reduce((s, [x]) => s + x, 0) / n;
  const meanY = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - meanX) ** 2, 0);
  const sxy = points.reduce((s, [x, y]) => s + (x - meanX) * (y - meanY), 0);
  const slope = sxx === 0 ? NaN : sxy / sxx;
  return { slope, intercept: meanY - slope * meanX };
}

// ---------------------------------------------------------------- measurements

interface Cell {
  readonly cpuMs: number;
  readonly cpuMinMs: number;
  readonly cpuMaxMs: number;
  readonly wallMs: number;
  readonly rssMb: number;
  readonly total: number;
  readonly runs: number;
}

interface VariantResult {
  readonly app: App;
  readonly failure?: string;
  /** Medians per N. */
  readonly cells: Map<number, Cell>;
  /** Resource counts by type with zero definitions (the fixed part). */
  readonly baseline?: Record<string, number>;
  /** Resource counts by type at the largest N. */
  readonly atMaxN?: Record<string, number>;
}

/** Synth timings: interleaved rounds (a b c a b c ...) per N, warm-up rounds discarded. */
function measureSynth(options: Options, errors: Map<string, string[]>): VariantResult[] {
  const failures = new Map<string, string>();
  for (const app of VARIANTS) {
    const error = compileErrors(errors, app.sources);
    if (error) failures.set(app.key, error);
  }
  const samples = new Map<string, Map<number, Synth[]>>(VARIANTS.map((app) => [app.key, new Map()]));
  const baselines = new Map<string, Record<string, number>>();
  const attempt = (app: App, fn: () => void) => {
    if (failures.has(app.key)) return;
    try {
      fn();
    } catch (error) {
      if (!(error instanceof Failure)) throw error;
      failures.set(app.key, error.message);
      log(`  ${app.key}: FAILED: ${error.message}`);
    }
  };
  for (const app of VARIANTS) {
    attempt(app, () => baselines.set(app.key, synth(app, 0, { resourceLimit: RAISED_RESOURCE_LIMIT }).counts));
  }
  for (const n of options.ns) {
    for (let round = -options.warmup; round < options.runs; round++) {
      log(`N=${n} ${round < 0 ? 'warm-up' : `round ${round + 1}/${options.runs}`}`);
      for (const app of VARIANTS) {
        attempt(app, () => {
          const result = synth(app, n, { resourceLimit: RAISED_RESOURCE_LIMIT });
          checkSameWork(app, n, result.template);
          log(`  ${app.key}: ${result.cpuMs.toFixed(0)} ms CPU, ${result.wallMs.toFixed(0)} ms wall, ${result.total} resources`);
          if (round >= 0) {
            const perN = samples.get(app.key)!;
            perN.set(n, [...(perN.get(n) ?? []), result]);
          }
        });
      }
    }
  }
  const maxN = Math.max(...options.ns);
  return VARIANTS.map((app) => {
    const cells = new Map<number, Cell>();
    for (const [n, runs] of samples.get(app.key)!) {
      cells.set(n, {
        cpuMs: median(runs.map((r) => r.cpuMs)),
        cpuMinMs: Math.min(...runs.map((r) => r.cpuMs)),
        cpuMaxMs: Math.max(...runs.map((r) => r.cpuMs)),
        wallMs: median(runs.map((r) => r.wallMs)),
        rssMb: median(runs.map((r) => r.maxRssKb / 1024)),
        total: runs[runs.length - 1].total,
        runs: runs.length,
      });
    }
    const maxRuns = samples.get(app.key)!.get(maxN);
    return { app, failure: failures.get(app.key), cells, baseline: baselines.get(app.key), atMaxN: maxRuns?.[maxRuns.length - 1].counts };
  });
}

interface ProfileSummary {
  readonly app: App;
  readonly file: string;
  /** The functions with the most self time: [function (file:line), percent of samples]. */
  readonly top: Array<[string, number]>;
}

const PROFILE_TOP = 12;

/** Profiles each working variant at the largest N (`--profile DIR`) and sums self time per function. */
function profileVariants(options: Options, results: VariantResult[]): ProfileSummary[] {
  const maxN = Math.max(...options.ns);
  return results.filter((r) => !r.failure).map(({ app }) => {
    const dir = path.join(options.profileDir!, app.key);
    fs.rmSync(dir, { recursive: true, force: true });
    log(`profiling ${app.key} with ${maxN}`);
    synth(app, maxN, { resourceLimit: RAISED_RESOURCE_LIMIT, cpuProfileDir: dir });
    const file = path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!);
    const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
    const self = new Map<string, number>();
    let samples = 0;
    for (const node of profile.nodes) {
      const frame = node.callFrame;
      const where = frame.url ? `${frame.url.replace(`file://${ROOT}/`, '')}:${frame.lineNumber + 1}` : 'native';
      const key = `${frame.functionName || '(anonymous)'} (${where})`;
      self.set(key, (self.get(key) ?? 0) + (node.hitCount ?? 0));
      samples += node.hitCount ?? 0;
    }
    const top = [...self]
      .sort(([, a], [, b]) => b - a)
      .slice(0, PROFILE_TOP)
      .map(([name, hits]): [string, number] => [name, (100 * hits) / Math.max(1, samples)]);
    return { app, file, top };
  });
}

interface LimitCheck {
  readonly app: App;
  /** Whether it synthesizes; undefined when it was not run. */
  readonly ok?: boolean;
  readonly detail: string;
}

/** Synthesizes 450 definitions with CloudFormation's default 500-resource limit in force. */
function checkResourceLimit(results: VariantResult[]): LimitCheck[] {
  return [LIBRARY, L2].map((app) => {
    const failure = results.find((r) => r.app === app)?.failure;
    if (failure) return { app, detail: `not run: the variant failed (${firstLine(failure)})` };
    log(`limit check: ${app.key} with ${LIMIT_CHECK_N} definitions`);
    try {
      const result = synth(app, LIMIT_CHECK_N);
      return { app, ok: true, detail: `${result.total} resources` };
    } catch (error) {
      if (!(error instanceof Failure)) throw error;
      return { app, ok: false, detail: error.message.replace(/^.*?failed \(exit \d+\): /, '') };
    }
  });
}

interface ValidationRun {
  readonly app: App;
  readonly cpuMs?: number;
  readonly wallMs?: number;
  readonly detail?: string;
}

/** One default synth (template validation on) per variant, to show what a user's `cdk synth` costs. */
function measureWithValidation(n: number, results: VariantResult[]): ValidationRun[] {
  return VARIANTS.map((app) => {
    if (results.find((r) => r.app === app)?.failure) return { app, detail: 'variant failed' };
    log(`validation on: ${app.key} with ${n}`);
    try {
      const result = synth(app, n, { resourceLimit: RAISED_RESOURCE_LIMIT, validation: true });
      return { app, cpuMs: result.cpuMs, wallMs: result.wallMs };
    } catch (error) {
      if (!(error instanceof Failure)) throw error;
      return { app, detail: error.message };
    }
  });
}

interface DeployTimeJobCost {
  readonly app: App;
  readonly failure?: string;
  readonly totals?: number[];
  readonly perStack?: number;
  readonly perJob?: number;
  /** Resource types added by the first job. */
  readonly firstJob?: Record<string, number>;
}

/** Resources added by deploy-time jobs: synth 0, 1 and 3 jobs and take differences. */
function measureDeployTimeJobs(errors: Map<string, string[]>): DeployTimeJobCost[] {
  return [DTJ_LIBRARY, DTJ_PROVIDER].map((app) => {
    const error = compileErrors(errors, app.sources);
    if (error) return { app, failure: error };
    try {
      log(`DeployTimeJob cost: ${app.key}`);
      const [none, one, three] = DTJ_JOB_COUNTS.map((count) => synth(app, count));
      const perJob = (three.total - one.total) / (DTJ_JOB_COUNTS[2] - DTJ_JOB_COUNTS[1]);
      const firstJob: Record<string, number> = {};
      for (const [type, count] of Object.entries(one.counts)) {
        const added = count - (none.counts[type] ?? 0);
        if (added) firstJob[type] = added;
      }
      return { app, totals: [none.total, one.total, three.total], perJob, perStack: one.total - none.total - perJob, firstJob };
    } catch (caught) {
      if (!(caught instanceof Failure)) throw caught;
      return { app, failure: caught.message };
    }
  });
}

interface HandlerResult {
  readonly bundleBytes?: number;
  readonly gzipBytes?: number;
  readonly sdkExternal?: boolean;
  readonly coldStart?: { loadMs: number; firstRequestMs: number; totalMs: number; runs: number };
  /** Why the cold start was not measured. */
  readonly notMeasured?: string;
}

async function measureHandler(options: Options, errors: Map<string, string[]>): Promise<HandlerResult> {
  if (!fs.existsSync(options.handlerBundle)) {
    return { notMeasured: `handler not built (${path.relative(ROOT, options.handlerBundle)} is absent; \`npx projen bundle\` builds it once the handler lands)` };
  }
  const code = fs.readFileSync(options.handlerBundle);
  const sdkExternal = /require\(["']@aws-sdk\/client-batch["']\)/.test(code.toString('utf8'));
  const size = { bundleBytes: code.length, gzipBytes: zlib.gzipSync(code).length, sdkExternal };
  const compileError = compileErrors(errors, COLD_START_SOURCES);
  if (compileError) return { ...size, notMeasured: compileError };
  const runs: Array<{ loadMs: number; firstRequestMs: number }> = [];
  // The same moto server and seed (an unmanaged environment, a queue, a definition) as
  // the handler's tests; jobs succeed as SubmitJob returns (no Docker here).
  const moto = await startMotoServer({ useDocker: false }).catch((error) => {
    throw new Failure(`starting and seeding moto server failed: ${error}`);
  });
  try {
    const fixtures: Fixtures = { jobQueue: moto.jobQueueArn, jobDefinition: moto.jobDefinitionArn };
    for (let round = -options.warmup; round < options.runs; round++) {
      const result = coldStart(options.handlerBundle, moto.endpoint, fixtures);
      log(`cold start ${round < 0 ? 'warm-up' : round + 1}: load ${result.loadMs.toFixed(0)} ms, first request ${result.firstRequestMs.toFixed(0)} ms`);
      if (round >= 0) runs.push(result);
    }
  } catch (caught) {
    if (!(caught instanceof Failure)) throw caught;
    return { ...size, notMeasured: `cold start failed: ${caught.message}` };
  } finally {
    await moto.stop();
  }
  const loadMs = median(runs.map((r) => r.loadMs));
  const firstRequestMs = median(runs.map((r) => r.firstRequestMs));
  return { ...size, coldStart: { loadMs, firstRequestMs, totalMs: median(runs.map((r) => r.loadMs + r.firstRequestMs)), runs: runs.length } };
}

interface Fixtures {
  readonly jobQueue: string;
  readonly jobDefinition: string;
}

function coldStart(bundle: string, endpoint: string, fixtures: Fixtures): { loadMs: number; firstRequestMs: number } {
  const env = {
    ...process.env,
    ...motoCredentials(endpoint),
    [SUBMITTED_BY_ENV]: 'arn:aws:cloudformation:us-east-1:123456789012:stack/BenchStack/bench',
    [STACK_NAME_ENV]: 'BenchStack',
    AWS_LAMBDA_FUNCTION_NAME: 'bench-handler',
  };
  const child = spawnSync(process.execPath, [path.join(OUT_DIR, 'bench', 'cold-start.js'), bundle, fixtures.jobQueue, fixtures.jobDefinition], { cwd: ROOT, env, encoding: 'utf8' });
  const line = child.stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (child.status !== 0 || !line) throw new Failure(`the handler process failed (exit ${child.status}): ${errorSummary(child.stderr)}`);
  const result = JSON.parse(line.slice(RESULT_PREFIX.length));
  if (result.status !== 'SUCCESS') throw new Failure(`the handler answered ${result.status}: ${result.reason}`);
  return result;
}

function motoCredentials(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  };
}

// ---------------------------------------------------------------- report

interface Report {
  readonly options: Options;
  readonly startedAt: Date;
  readonly durationS: number;
  readonly loadAverage: number[];
  readonly results: VariantResult[];
  readonly limits: LimitCheck[];
  readonly validation?: ValidationRun[];
  readonly validationN?: number;
  readonly deployTimeJobs: DeployTimeJobCost[];
  readonly handler: HandlerResult;
  readonly profiles?: ProfileSummary[];
}

const fmt = (value: number | undefined, digits = 0) => (value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(digits));
const ratio = (value: number | undefined, floor: number | undefined) => (value === undefined || !floor ? 'n/a' : `${(value / floor).toFixed(2)} ×`);
const firstLine = (text: string) => text.split('\n')[0];

function perDefinition(result: VariantResult, n: number): number | undefined {
  const cell = result.cells.get(n);
  if (!cell || !result.baseline || n === 0) return undefined;
  const fixed = Object.values(result.baseline).reduce((a, b) => a + b, 0);
  return (cell.total - fixed) / n;
}

function slopeOf(result: VariantResult, key: 'cpuMs' | 'wallMs' | 'rssMb'): { slope: number; intercept: number } | undefined {
  const points = [...result.cells].map(([n, cell]): [number, number] => [n, cell[key]]);
  return points.length >= 2 ? leastSquares(points) : undefined;
}

function machine(): string[] {
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  const gib = (os.totalmem() / 1024 ** 3).toFixed(1);
  const pkg = (name: string) => JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  const own = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
  const git = spawnSync('git', ['describe', '--always', '--dirty'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() || 'unknown';
  return [
    `- CPU: ${cpu}, ${os.availableParallelism()} cores (nproc); memory ${gib} GiB; ${os.type()} ${os.release()}`,
    `- Node ${process.version}, aws-cdk-lib ${pkg('aws-cdk-lib')}, constructs ${pkg('constructs')}, cdk-batch-constructs ${own} (git ${git})`,
  ];
}

function renderReport(report: Report): string {
  const { options, results } = report;
  const floor = results.find((r) => r.app === L1)!;
  const maxN = Math.max(...options.ns);
  const out: string[] = [];
  const push = (...lines: string[]) => out.push(...lines);

  push('# Benchmarks', '');
  push('<!-- Generated by scripts/bench.ts (`npm run bench`): edit the script, not this file. -->', '');
  push('This library against aws-cdk-lib\'s `aws-batch` L2 constructs and raw `Cfn*` L1 constructs (the floor) on the same app: one stack with a VPC imported by attributes (no VPC resources), one managed EC2 compute environment, one job queue and N container job definitions (`busybox`, 1 vCPU, 128 MiB, 3 attempts, 10-minute timeout). The driver checks that every variant renders exactly that job before it counts a run.', '');
  push(`Measured ${report.startedAt.toISOString().replace(/\.\d+Z$/, 'Z')}; the run took ${report.durationS.toFixed(0)} s. Load average at the start: ${report.loadAverage.map((l) => l.toFixed(2)).join(', ')} (anything near or above the core count means other work shared the CPU and the timings are noisy).`, '');
  push(...machine(), '');
  push('Reproduce on a fresh clone: `npm ci && npm run bench` (the task bundles the handler, compiles the library with jsii, then runs `scripts/bench.ts`). `npm run bench:smoke` runs N = 10 once into a temporary file; `.ci/run` should run it so the script cannot rot.', '');

  push('## Method', '');
  push('- Each synth is its own Node process running the app compiled to plain JavaScript (`bench/` -> `.cache/bench` with tsc): `node <app>.js N outdir`, no TypeScript tooling in the measured process.');
  push(`- Rounds are interleaved (a, b, c, a, b, c, ...); ${options.warmup} warm-up round(s) per N are discarded, then ${options.runs} measured round(s); the tables show medians.`);
  push('- CPU time is user + system time of the whole child process (`process.resourceUsage()` right after `app.synth()`: Node start-up, module loading, construction, synthesis); wall time is spawn to exit as seen by the driver; memory is the child\'s peak RSS.');
  push('- aws-cdk-lib\'s CloudFormation template validation (on by default in `app.synth()`) is turned off for the timed runs (`CDK_VALIDATION=false`): it is the same validator for every variant and costs several seconds per synth, which would hide the differences between the constructs. Its cost is shown once below.');
  push(`- The stack resource limit is raised for the timed runs (context \`@aws-cdk/core:stackResourceLimit\` = ${RAISED_RESOURCE_LIMIT}), because variant (b) passes CloudFormation's ${CLOUDFORMATION_RESOURCE_LIMIT}-resource limit at N = 400. The limit check below runs with the default limit.`);
  push('- Resources per job definition: (resources at N - resources at N = 0) / N, from the synthesized template. The per-definition slope is the least-squares line through the medians over N.', '');

  push('## Targets', '');
  push('| target | measured | status |', '|---|---|---|');
  for (const row of targetRows(report)) push(`| ${row.join(' | ')} |`);
  push('');
  // What a person found out about the numbers (the cause of a missed target, say) is
  // written by hand in bench/ANALYSIS.md and carried into every report.
  if (fs.existsSync(ANALYSIS_FILE)) push(fs.readFileSync(ANALYSIS_FILE, 'utf-8').trim(), '');

  push('## Synth time and memory', '');
  push(`![Synth CPU time against N](${path.relative(path.dirname(options.out), options.chart)})`, '');
  push('| N | variant | CPU (ms) | CPU min-max (ms) | CPU / floor | wall (ms) | wall / floor | peak RSS (MB) | RSS / floor | resources | per definition | runs |');
  push('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const n of options.ns) {
    for (const result of results) {
      const cell = result.cells.get(n);
      const f = floor.cells.get(n);
      if (!cell) {
        push(`| ${n} | ${result.app.label} | failed | | | | | | | | | |`);
        continue;
      }
      push(`| ${n} | ${result.app.label} | ${fmt(cell.cpuMs)} | ${fmt(cell.cpuMinMs)}-${fmt(cell.cpuMaxMs)} | ${ratio(cell.cpuMs, f?.cpuMs)} | ${fmt(cell.wallMs)} | ${ratio(cell.wallMs, f?.wallMs)} | ${fmt(cell.rssMb)} | ${ratio(cell.rssMb, f?.rssMb)} | ${cell.total} | ${fmt(perDefinition(result, n), 2)} | ${cell.runs} |`);
    }
  }
  push('');

  push('## Growth in N (least squares over the medians)', '');
  push('| variant | CPU per definition (ms) | CPU intercept (ms) | wall per definition (ms) | RSS per definition (MB) |', '|---|---:|---:|---:|---:|');
  for (const result of results) {
    const cpu = slopeOf(result, 'cpuMs');
    push(`| ${result.app.label} | ${fmt(cpu?.slope, 2)} | ${fmt(cpu?.intercept)} | ${fmt(slopeOf(result, 'wallMs')?.slope, 2)} | ${fmt(slopeOf(result, 'rssMb')?.slope, 3)} |`);
  }
  push('');

  push(`## Resources per job definition (N = ${maxN})`, '');
  push('| variant | fixed (N = 0) | added per definition |', '|---|---|---|');
  for (const result of results) {
    if (!result.baseline || !result.atMaxN) {
      push(`| ${result.app.label} | failed | |`);
      continue;
    }
    const added = Object.entries(result.atMaxN)
      .map(([type, count]) => [type, (count - (result.baseline![type] ?? 0)) / maxN] as const)
      .filter(([, per]) => per !== 0)
      .map(([type, per]) => `${fmt(per, 2)} ${type}`);
    push(`| ${result.app.label} | ${describeCounts(result.baseline)} | ${added.join(', ') || 'none'} |`);
  }
  push('');

  push(`## ${LIMIT_CHECK_N} job definitions with CloudFormation's default ${CLOUDFORMATION_RESOURCE_LIMIT}-resource limit`, '');
  push('| variant | result |', '|---|---|');
  const outcome = (ok?: boolean) => (ok === undefined ? '' : ok ? 'synthesizes: ' : 'does not synthesize: ');
  for (const check of report.limits) push(`| ${check.app.label} | ${outcome(check.ok)}${escape(check.detail)} |`);
  push('');

  if (report.validation) {
    push(`## Default synth with template validation (N = ${report.validationN}, one run)`, '');
    push('What `cdk synth` costs with aws-cdk-lib\'s defaults: the same apps with the CloudFormation template validation on.', '');
    push('| variant | CPU (ms) | CPU / floor | wall (ms) |', '|---|---:|---:|---:|');
    const validatedFloor = report.validation.find((run) => run.app === L1)?.cpuMs;
    for (const run of report.validation) {
      const cpu = run.cpuMs === undefined ? escape(firstLine(run.detail ?? '')) : fmt(run.cpuMs);
      push(`| ${run.app.label} | ${cpu} | ${ratio(run.cpuMs, validatedFloor)} | ${fmt(run.wallMs)} |`);
    }
    push('');
  }

  push('## DeployTimeJob cost', '');
  push(`Resources added to a stack that already has an environment, a queue and a definition, for ${DTJ_JOB_COUNTS.slice(1).join(' and ')} jobs; per job = (3 jobs - 1 job) / 2, per stack = 1 job - 0 jobs - per job. The Provider variant is the usual hand-written alternative: two inline Lambda functions (onEvent submits, isComplete polls \`DescribeJobs\`) behind one shared \`custom_resources.Provider\`, one \`CustomResource\` per job.`, '');
  push('| approach | resources with 0 / 1 / 3 jobs | fixed per stack | per job | added by the first job |', '|---|---|---:|---:|---|');
  for (const cost of report.deployTimeJobs) {
    if (cost.failure) {
      push(`| ${cost.app.label} | FAILED: ${escape(firstLine(cost.failure))} | | | |`);
      continue;
    }
    push(`| ${cost.app.label} | ${cost.totals!.join(' / ')} | ${fmt(cost.perStack)} | ${fmt(cost.perJob)} | ${describeCounts(cost.firstJob!)} |`);
  }
  push('');

  push('## DeployTimeJob handler', '');
  const handler = report.handler;
  if (handler.bundleBytes === undefined) {
    push(`- Bundle size: not built. Cold start: not measured: ${handler.notMeasured}`);
  } else {
    push(`- Bundle \`${path.relative(ROOT, options.handlerBundle)}\`: ${handler.bundleBytes} bytes (${fmt(handler.bundleBytes / 1024, 1)} KiB; ${handler.gzipBytes} bytes gzipped); \`@aws-sdk/client-batch\` ${handler.sdkExternal ? 'is external (taken from the Lambda runtime)' : 'is bundled'}.`);
    if (handler.coldStart) {
      push(`- Cold start (fresh Node process, median of ${handler.coldStart.runs}): loading the bundle ${fmt(handler.coldStart.loadMs)} ms, answering its first request ${fmt(handler.coldStart.firstRequestMs)} ms, total ${fmt(handler.coldStart.totalMs)} ms. The request is a CloudFormation Create that does not wait for the job (\`WaitForCompletion: "false"\`): the handler submits the job to moto server on loopback and PUTs its response to a local server; the time includes loading the SDK, which the Lambda runtime also loads on a cold start.`);
    } else {
      push(`- Cold start: not measured: ${handler.notMeasured}`);
    }
  }
  push('');

  if (report.profiles) {
    push(`## CPU profiles (N = ${maxN}, \`node --cpu-prof\`): functions with the most self time`, '');
    for (const summary of report.profiles) {
      push(`${summary.app.label}: \`${path.relative(ROOT, summary.file)}\` (open in Chrome DevTools)`, '', '| function | self time |', '|---|---:|');
      for (const [name, percent] of summary.top) push(`| \`${escape(name)}\` | ${percent.toFixed(1)} % |`);
      push('');
    }
  }

  const failed = results.filter((r) => r.failure);
  if (failed.length > 0) {
    push('## Failures', '');
    for (const result of failed) push(`- ${result.app.label}:`, '', '  ```text', ...result.failure!.split('\n').map((l) => `  ${l}`), '  ```', '');
  }
  return out.join('\n');
}

function targetRows(report: Report): string[][] {
  const { results, options } = report;
  const maxN = Math.max(...options.ns);
  const library = results.find((r) => r.app === LIBRARY)!;
  const floor = results.find((r) => r.app === L1)!;
  const l2 = results.find((r) => r.app === L2)!;
  const status = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? 'met' : 'MISSED');
  const rows: string[][] = [];

  const cpu = library.cells.get(maxN)?.cpuMs;
  const floorCpu = floor.cells.get(maxN)?.cpuMs;
  const cpuRatio = cpu !== undefined && floorCpu ? cpu / floorCpu : undefined;
  const validated = (app: App) => report.validation?.find((run) => run.app === app)?.cpuMs;
  const withValidation = report.validation
    ? `; default synth with template validation at N = ${report.validationN}: library ${ratio(validated(LIBRARY), validated(L1))}, L2 ${ratio(validated(L2), validated(L1))}`
    : '';
  const measuredCpu = cpuRatio === undefined ? `library: ${library.failure ? 'failed' : 'n/a'}` : `${cpuRatio.toFixed(2)} ×`;
  rows.push([
    `synth CPU at N = ${maxN} ≤ ${TARGETS.cpuRatioAtMaxN} × the L1 floor (validation off)`,
    `${measuredCpu} (aws-cdk-lib L2: ${ratio(l2.cells.get(maxN)?.cpuMs, floorCpu)})${withValidation}`,
    status(cpuRatio === undefined ? undefined : cpuRatio <= TARGETS.cpuRatioAtMaxN),
  ]);

  const perDef = perDefinition(library, maxN);
  rows.push([
    `resources per plain EC2 job definition = ${TARGETS.resourcesPerDefinition}`,
    perDef === undefined ? 'library failed' : `${fmt(perDef, 2)} (aws-cdk-lib L2: ${fmt(perDefinition(l2, maxN), 2)})`,
    status(perDef === undefined ? undefined : perDef === TARGETS.resourcesPerDefinition),
  ]);

  const limit = report.limits.find((l) => l.app === LIBRARY)!;
  rows.push([`${LIMIT_CHECK_N} job definitions synthesize with the default resource limit`, escape(limit.detail), status(limit.ok)]);

  const dtj = report.deployTimeJobs.find((d) => d.app === DTJ_LIBRARY)!;
  const provider = report.deployTimeJobs.find((d) => d.app === DTJ_PROVIDER)!;
  const providerText = provider.failure ? 'Provider: failed' : `Provider: ${fmt(provider.perStack)} per stack, ${fmt(provider.perJob)} per job`;
  rows.push([
    `DeployTimeJob: ≤ ${TARGETS.dtjPerStack} resources per stack, exactly ${TARGETS.dtjPerJob} per job`,
    dtj.failure ? `library: failed (${providerText})` : `${fmt(dtj.perStack)} per stack, ${fmt(dtj.perJob)} per job (${providerText})`,
    status(dtj.failure ? undefined : dtj.perStack! <= TARGETS.dtjPerStack && dtj.perJob === TARGETS.dtjPerJob),
  ]);

  const handler = report.handler;
  rows.push([
    `handler bundle ≤ ${TARGETS.bundleBytes / 1024} KiB with the SDK from the Lambda runtime`,
    handler.bundleBytes === undefined ? 'not built' : `${handler.bundleBytes} bytes, SDK ${handler.sdkExternal ? 'external' : 'bundled'}`,
    status(handler.bundleBytes === undefined ? undefined : handler.bundleBytes <= TARGETS.bundleBytes && handler.sdkExternal),
  ]);
  rows.push([
    'handler cold start reported',
    handler.coldStart ? `${fmt(handler.coldStart.totalMs)} ms` : `not measured: ${escape(firstLine(handler.notMeasured ?? ''))}`,
    status(handler.coldStart ? true : undefined),
  ]);

  const slopes = results.map((r) => `${r.app.key} ${fmt(slopeOf(r, 'cpuMs')?.slope, 2)}`).join(', ');
  rows.push(['per-definition synth CPU slope reported for each variant', `ms per definition: ${slopes}`, status(results.every((r) => slopeOf(r, 'cpuMs')) ? true : undefined)]);
  return rows;
}

function describeCounts(counts: Record<string, number>): string {
  return Object.entries(counts).map(([type, count]) => `${count} ${type}`).join(', ') || 'none';
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

// ---------------------------------------------------------------- chart

const CHART_COLORS: Record<string, string> = { library: '#1b7f3b', l2: '#c0392b', l1: '#2c6fbb' };

/** A line chart of median synth CPU time against N, one line per variant. */
function renderChart(results: VariantResult[], ns: number[]): string {
  const width = 640;
  const height = 400;
  const margin = { left: 70, right: 20, top: 40, bottom: 110 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const maxN = Math.max(...ns);
  const maxCpu = Math.max(1, ...results.flatMap((r) => [...r.cells.values()].map((c) => c.cpuMs)));
  const yMax = niceCeiling(maxCpu);
  const x = (n: number) => margin.left + (n / maxN) * plotW;
  const y = (ms: number) => margin.top + plotH - (ms / yMax) * plotH;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="${width / 2}" y="22" text-anchor="middle" font-size="15">Synth CPU time (median, ms) against job definitions N</text>`);
  for (let i = 0; i <= 5; i++) {
    const value = (yMax / 5) * i;
    parts.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${y(value)}" y2="${y(value)}" stroke="#e0e0e0"/>`);
    parts.push(`<text x="${margin.left - 8}" y="${y(value) + 4}" text-anchor="end">${value.toFixed(0)}</text>`);
  }
  for (const n of ns) {
    parts.push(`<line x1="${x(n)}" x2="${x(n)}" y1="${margin.top + plotH}" y2="${margin.top + plotH + 5}" stroke="#333"/>`);
    parts.push(`<text x="${x(n)}" y="${margin.top + plotH + 18}" text-anchor="middle">${n}</text>`);
  }
  parts.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${margin.top + plotH}" y2="${margin.top + plotH}" stroke="#333"/>`);
  parts.push(`<line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${margin.top + plotH}" stroke="#333"/>`);
  parts.push(`<text x="${margin.left + plotW / 2}" y="${margin.top + plotH + 36}" text-anchor="middle">N (job definitions)</text>`);
  parts.push(`<text transform="translate(16 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle">CPU time (ms)</text>`);
  results.forEach((result, index) => {
    const color = CHART_COLORS[result.app.key] ?? '#555';
    const points = [...result.cells].sort(([a], [b]) => a - b);
    if (points.length > 0) {
      parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.map(([n, c]) => `${x(n).toFixed(1)},${y(c.cpuMs).toFixed(1)}`).join(' ')}"/>`);
      for (const [n, c] of points) parts.push(`<circle cx="${x(n).toFixed(1)}" cy="${y(c.cpuMs).toFixed(1)}" r="3.5" fill="${color}"><title>${result.app.label}, N = ${n}: ${c.cpuMs.toFixed(0)} ms</title></circle>`);
    }
    const legendY = margin.top + plotH + 58 + index * 16;
    parts.push(`<line x1="${margin.left}" x2="${margin.left + 24}" y1="${legendY - 4}" y2="${legendY - 4}" stroke="${color}" stroke-width="2"/>`);
    parts.push(`<text x="${margin.left + 32}" y="${legendY}">${xml(result.app.label)}${result.failure ? ' (failed: not plotted)' : ''}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

function niceCeiling(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * magnitude >= value)!;
  return step * magnitude;
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// ---------------------------------------------------------------- main

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  const loadAverage = os.loadavg();
  log(`compiling bench/ into ${path.relative(ROOT, OUT_DIR)}`);
  const errors = compileApps();
  const results = measureSynth(options, errors);
  const limits = checkResourceLimit(results);
  // One default synth per variant at the largest N (not in the smoke run: it costs seconds each).
  const validationN = options.smoke ? options.validationN : options.validationN ?? Math.max(...options.ns);
  const validation = validationN === undefined ? undefined : measureWithValidation(validationN, results);
  const deployTimeJobs = measureDeployTimeJobs(errors);
  const handler = await measureHandler(options, errors);
  const profiles = options.profileDir ? profileVariants(options, results) : undefined;
  const durationS = (Date.now() - startedAt.getTime()) / 1000;
  const report: Report = { options, startedAt, durationS, loadAverage, results, limits, validation, deployTimeJobs, handler, profiles, validationN };

  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  fs.mkdirSync(path.dirname(options.chart), { recursive: true });
  fs.writeFileSync(options.out, renderReport(report) + '\n');
  fs.writeFileSync(options.chart, renderChart(results, options.ns));
  log(`wrote ${options.out} and ${options.chart} in ${durationS.toFixed(0)} s`);

  const failures = [
    ...results.filter((r) => r.failure).map((r) => `${r.app.label}: ${r.failure}`),
    ...deployTimeJobs.filter((d) => d.failure).map((d) => `${d.app.label}: ${d.failure}`),
  ];
  if (failures.length > 0) {
    log(`FAILED:\n${failures.join('\n')}`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
