/**
 * The jest test environment of every suite: Node's, plus one CloudFormation template
 * validator per jest worker.
 *
 * aws-cdk-lib validates every synthesized template with `@aws/cloudformation-validate`,
 * an 8 MB WebAssembly rule engine that takes about 5 s to start. jest evaluates each
 * test file's modules afresh, so every suite that synthesized paid for a new engine.
 * This environment is loaded once per worker, outside the per-file module registry: it
 * loads the validator once and hands each test file the same module and, per
 * configuration, the same engine. `test/shared-validator.ts` is what
 * `@aws/cloudformation-validate` resolves to inside the test files (jest's
 * `moduleNameMapper`), so aws-cdk-lib's own validation plugin runs unchanged on it.
 */
import * as path from 'path';
import { TestEnvironment } from 'jest-environment-node';

/** The global through which `test/shared-validator.ts` reaches the worker's validator. */
export const SHARED_VALIDATOR_GLOBAL = '__cdkBatchConstructsCloudFormationValidate';

type Validator = Record<string, unknown> & { RegoEngine: new (config?: unknown) => object };

let validator: Validator | undefined;
const engines = new Map<string, object>();

/** The validator module of the installed aws-cdk-lib, loaded once per worker. */
function sharedValidator(): Validator {
  if (!validator) {
    const cdkDir = path.dirname(require.resolve('aws-cdk-lib/package.json'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    validator = require(require.resolve('@aws/cloudformation-validate', { paths: [cdkDir] })) as Validator;
  }
  return validator;
}

export default class SharedValidatorEnvironment extends TestEnvironment {
  constructor(...args: ConstructorParameters<typeof TestEnvironment>) {
    super(...args);
    const real = sharedValidator();
    // A constructor that returns the worker's engine for the same configuration.
    function RegoEngine(config?: unknown): object {
      const key = JSON.stringify(config ?? {});
      let engine = engines.get(key);
      if (!engine) {
        engine = new real.RegoEngine(config);
        engines.set(key, engine);
      }
      return engine;
    }
    this.global[SHARED_VALIDATOR_GLOBAL] = { ...real, RegoEngine };
  }
}
