import { awscdk, javascript } from 'projen';

// One place for versions that more than one setting needs.
// The newest aws-cdk-lib that npm, PyPI and Maven Central all serve (Maven lags):
// the Python and Java consumers must install the same version as the TypeScript build.
const CDK_VERSION = '2.263.0';
// Pinned: SDK releases after early January 2027 need Node 22, and the tests still run on
// Node 20, which engines (minNodeVersion below) keeps for aws-cdk-lib 2.263's sake. Only the
// tests use it: the Lambda runtime provides the SDK to the handler. Drop the pin with Node 20.
const AWS_SDK_BATCH_VERSION = '3.1138.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-batch-constructs',
  description: 'AWS Batch constructs for the AWS CDK: safe defaults, synth-time validation of every Batch limit, and Batch jobs that run during cdk deploy.',
  author: 'cdk-batch-constructs maintainers',
  authorAddress: 'maintainers@cdkbatchconstructs.github.io',
  repositoryUrl: 'https://github.com/cdk-batch-constructs/cdk-batch-constructs.git',
  keywords: ['aws-cdk', 'aws-batch', 'batch', 'cdk', 'construct', 'deploy-time-job'],
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  // The one Lambda (the deploy-time job runner) is declared below, so its generated construct
  // lives outside runtime/ and ships in lib/ while the runtime sources do not.
  lambdaAutoDiscover: false,

  cdkVersion: CDK_VERSION,
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~6.0.0',
  // aws-cdk-lib 2.263 (the peer floor) supports Node >= 20, so this library does too, and CI
  // runs `npm test` on Node 20 besides Node 24. Raise to 22 when the peer floor drops 20.
  minNodeVersion: '20.16.0',

  // No release pipeline on this machine (the release tooling wants Node 22);
  // no GitHub workflows either: CI is `.ci/run`.
  release: false,
  github: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  vscode: false,

  publishToPypi: {
    distName: 'cdk-batch-constructs',
    module: 'cdk_batch_constructs',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdkbatchconstructs',
    mavenGroupId: 'io.github.cdkbatchconstructs',
    mavenArtifactId: 'cdk-batch-constructs',
  },

  devDeps: [
    `@aws-sdk/client-batch@${AWS_SDK_BATCH_VERSION}`,
    // The handler continues waiting in a new invocation of itself (the runtime provides it).
    `@aws-sdk/client-lambda@${AWS_SDK_BATCH_VERSION}`,
    'aws-cdk@^2',
    'cdk-nag@^3',
    // Integration tests (test/integ.*.ts): assertions deployed with the test stacks.
    '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
    'ts-node@^10',
    // The jest environment of every suite (test/shared-validator-environment.ts) extends it.
    'jest-environment-node@^30',
  ],

  jestOptions: {
    // Snapshots are never rewritten by a test run: a changed template must fail.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      // The handler tests start moto server; give them room on 2 cores.
      testTimeout: 120_000,
      // Coverage instruments every module and costs a third of the run; `npx jest --coverage` when wanted.
      collectCoverage: false,
      // aws-cdk-lib's template validator is an 8 MB WebAssembly engine: each jest worker
      // loads it once and shares it between test files (test/shared-validator-environment.ts).
      testEnvironment: '<rootDir>/test/shared-validator-environment.ts',
      moduleNameMapper: { '^@aws/cloudformation-validate$': '<rootDir>/test/shared-validator.ts' },
      // jest keeps every test file's modules until the worker ends; a worker past 1 GB is restarted.
      workerIdleMemoryLimit: '1GB',
      // Three workers on 2 cores: the fault-matrix and handler suites spend half their time
      // waiting on timers and loopback servers, so a third worker keeps both cores busy
      // (measured: 173 s -> 105 s for the whole suite, same load).
      maxWorkers: 3,
    },
  },

  // projen ignores `coverage` anywhere (jest's report directory); test/coverage/ holds tests of what the L2 covers of the L1.
  gitignore: ['/.jsii.tabl.json', '/.cache/', 'cdk.out/', '/examples/cdk.out/', '/bindings/java/target/', '/bindings/python/cdk.out/', '/bindings/java/cdk.out/',
    '!/test/coverage/'],
});

// The deploy-time job's Lambda code: src/deploy-time-job/runtime/ (imports nothing from
// aws-cdk-lib or constructs) bundled by esbuild into assets/; the generated construct that
// points at the bundle is synth-time code beside it.
new awscdk.LambdaFunction(project, {
  entrypoint: 'src/deploy-time-job/runtime/job-runner.lambda.ts',
  constructFile: 'src/deploy-time-job/job-runner-function.ts',
  constructName: 'JobRunnerFunction',
  cdkDeps: project.cdkDeps,
});

// The runtime is shipped bundled (assets/); its compiled sources and their types, which
// import devDependencies such as @aws-sdk/client-batch, stay out of the npm package. So do the
// declarations of the typed SubmitJob and SubmitServiceJob contracts and of the EKS override
// renderer (they name the SDK's types; no public type
// refers to them: scripts/check-package.ts checks that every shipped declaration resolves).
for (const pattern of ['/lib/deploy-time-job/runtime/', '/lib/deploy-time-job/protocol.d.ts', '/lib/deploy-time-job/submit-job.d.ts', '/lib/deploy-time-job/submit-service-job.d.ts', '/lib/deploy-time-job/eks-override-render.d.ts', '/examples/', '/bench/', '/bindings/', '/scripts/', '/rosetta/', '/.ci/', '/.cache/', 'cdk.out/', '/BENCHMARKS.md', '/ARCHITECTURE.md', '/requirements-dev.txt', '/requirements-dev.lock', '/.cfnlintrc.yaml']) {
  project.addPackageIgnore(pattern);
}

// Every task that synthesizes, packages or tests needs the handler bundle on disk
// (the deploy-time job's Lambda code is an asset): each bundles first, so any README or
// Development command works on a fresh clone, in any order. Bundling takes well under a second.
const bundleTask = project.bundler.bundleTask;
project.testTask.prependSpawn(bundleTask);
// Packaging reads the compiled library (.jsii, lib/): compile first when it is missing
// (a fresh clone); `build` compiles before it packages.
for (const name of ['package:js', 'package:python', 'package:java']) {
  const task = project.tasks.tryFind(name)!;
  task.prependSpawn(project.compileTask, { condition: 'node -e "process.exit(require(\'fs\').existsSync(\'.jsii\') ? 1 : 0)"' });
  task.prependSpawn(bundleTask);
}

// Fences between the parts of src/ (ARCHITECTURE.md): no import cycles; the Lambda runtime
// imports only itself and the protocol it shares with the construct; synth-time code never
// imports the runtime; private/ holds cross-cutting code and imports no resource folder.
project.eslint?.addRules({
  'import/no-cycle': ['error', { ignoreExternal: true }],
  'import/no-restricted-paths': ['error', {
    zones: [
      {
        target: './src/deploy-time-job/runtime',
        from: './src',
        except: ['./deploy-time-job/runtime', './deploy-time-job/protocol.ts'],
        message: 'The Lambda runtime may import only runtime/ and ../protocol.ts (it is bundled without the library)',
      },
      {
        target: ['./src/*.ts', './src/!(deploy-time-job)/**/*', './src/deploy-time-job/*.ts'],
        from: './src/deploy-time-job/runtime',
        message: 'Synth-time code must not import the Lambda runtime; share contracts through deploy-time-job/protocol.ts',
      },
      {
        target: './src/private',
        from: './src',
        except: ['./private'],
        message: 'private/ is cross-cutting: it must not import a resource folder (move the shared part into private/)',
      },
    ],
  }],
});
// Cycles matter in the library; outside src/ nothing imports the linted files but their own
// folder, and walking the library's import graph again from every test file cost 80 % of
// eslint's time (25 of 31 s of rule time), so the cycle check runs on src/ only.
project.eslint?.addOverride({
  files: ['test/**/*.ts', 'examples/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'projenrc/**/*.ts', '.projenrc.ts'],
  rules: { 'import/no-cycle': 'off' },
});
project.eslint?.addOverride({
  files: ['src/deploy-time-job/runtime/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [{
        group: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs'],
        message: 'The Lambda runtime runs without aws-cdk-lib and constructs',
      }],
    }],
  },
});

// Examples and scripts are type-checked and linted with the rest of the project;
// each folder has its own tsconfig.json so eslint's project service finds it.
for (const folder of ['examples', 'scripts']) {
  new javascript.TypescriptConfig(project, {
    fileName: `${folder}/tsconfig.json`,
    extends: javascript.TypescriptConfigExtends.fromPaths(['../tsconfig.json']),
    include: ['**/*.ts'],
    compilerOptions: { rootDir: '..', noEmit: true },
  });
  project.eslint?.addLintPattern(folder);
}

// The benchmark apps have their own tsconfig (bench/tsconfig.json: compiled to plain JS).
project.eslint?.addLintPattern('bench');

// projen's eslint ignores `coverage` anywhere (jest's report directory), as its .gitignore does; test/coverage/ is tests.
project.eslint?.addIgnorePattern('!/test/coverage/');

const tsNode = 'ts-node --transpile-only --project examples/tsconfig.json';

// README snippets and docstring examples must compile (strict), so the Python and
// Java docs carry translated, working examples.
const rosetta = project.addTask('rosetta:extract', {
  description: 'Compile every README/docstring example with jsii-rosetta (strict)',
  exec: 'jsii-rosetta extract --strict',
});
project.postCompileTask.spawn(rosetta);

// The rules catalogue documents itself: docs/RULES.md and the README's "Checked at synth" lists
// are written from it in every build, so CI's clean-tree check fails when they are stale.
const rulesDoc = project.addTask('docs:rules', {
  description: 'Write docs/RULES.md and the README rule lists from the rules catalogue (src/**/*-rules.ts)',
  exec: 'ts-node --transpile-only --project scripts/tsconfig.json scripts/rules-doc.ts',
});
project.postCompileTask.spawn(rulesDoc);

// Quick start, command 1: build the library, synthesize the example app with the
// real cdk CLI, then summarize what was synthesized.
project.addTask('example', {
  description: 'Build the library and synthesize examples/app.ts into cdk.out/ with the cdk CLI',
  steps: [
    { spawn: bundleTask.name },
    { spawn: project.compileTask.name },
    { exec: `cdk synth --app "${tsNode} examples/app.ts" --output cdk.out --quiet` },
    { exec: `${tsNode} scripts/summarize-cdk-out.ts cdk.out` },
  ],
});

// The EKS example app (examples/eks.ts): its own cloud assembly, linted like the main one.
project.addTask('example:eks', {
  description: 'Synthesize the EKS example app (examples/eks.ts) into cdk.out/eks and run cfn-lint over it',
  steps: [
    { spawn: bundleTask.name },
    { exec: `CDK_OUTDIR=cdk.out/eks ${tsNode} examples/eks.ts` },
    { exec: 'bash scripts/cfn-lint.sh cdk.out/eks' },
  ],
});

project.addTask('cfn-lint', {
  description: 'Run cfn-lint over every template in cdk.out/ (installs cfn-lint into .cache/venv)',
  exec: 'bash scripts/cfn-lint.sh cdk.out',
});

project.addTask('test:bindings', {
  description: 'Build the Python wheel and the Java jar, run the Python and Java example apps, compare templates',
  steps: [
    { spawn: bundleTask.name },
    { spawn: project.compileTask.name },
    { exec: 'bash scripts/test-bindings.sh' },
  ],
});

// Benchmarks (BENCHMARKS.md): this library against aws-cdk-lib's L2 and L1 constructs.
// The library and the handler bundle are built first: variant (a) loads lib/.
const benchScript = `${tsNode} scripts/bench.ts`;
project.addTask('bench', {
  description: 'Benchmark synth time, memory and resources against aws-cdk-lib L2 and L1; writes BENCHMARKS.md and docs/bench-synth-cpu.svg',
  steps: [
    { spawn: bundleTask.name },
    { spawn: project.compileTask.name },
    { exec: `${benchScript} --n 10,100,400 --runs 7 --warmup 1 --out BENCHMARKS.md --chart docs/bench-synth-cpu.svg` },
  ],
});
project.addTask('bench:smoke', {
  description: 'The benchmark with N = 10 and one run into a temporary file; fails when a variant fails',
  steps: [
    { spawn: bundleTask.name },
    { spawn: project.compileTask.name },
    { exec: `${benchScript} --smoke` },
  ],
});

// Integration tests: the newest integ-runner (2.197.10) cannot read the cloud assembly
// of aws-cdk-lib 2.263 (schema 54, it reads up to 53), so test/integ-snapshot.test.ts
// compares each test/integ.*.ts with its committed snapshot instead (no AWS account),
// and this task rewrites the snapshot after an intended change.
project.addTask('integ:snapshot', {
  description: 'Rewrite the integration test snapshot test/integ.batch.ts.snapshot/ (review the diff before committing)',
  steps: [
    { spawn: bundleTask.name },
    { exec: 'rm -rf test/integ.batch.ts.snapshot' },
    { exec: `CDK_OUTDIR=test/integ.batch.ts.snapshot ${tsNode.replace('examples/tsconfig.json', 'test/tsconfig.json')} test/integ.batch.ts` },
    // Only what the comparison reads: no build outputs, no stack traces with local paths.
    { exec: 'find test/integ.batch.ts.snapshot -mindepth 1 \\( -name "asset.*" -prune -o -name "*.metadata.json" -o -name tree.json -o -name validation-report.json \\) -exec rm -rf {} +' },
  ],
});
project.addTask('integ', {
  description: 'Verify the integration test snapshots without deploying (no AWS account needed)',
  steps: [
    { spawn: bundleTask.name },
    { exec: 'jest --coverage=false test/integ-snapshot.test.ts' },
  ],
});

project.synth();
