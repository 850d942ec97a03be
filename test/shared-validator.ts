/**
 * What `@aws/cloudformation-validate` resolves to in test files (jest `moduleNameMapper`):
 * the validator that `test/shared-validator-environment.ts` loaded once for this worker.
 */
import { SHARED_VALIDATOR_GLOBAL } from './shared-validator-environment';

const shared = (globalThis as Record<string, unknown>)[SHARED_VALIDATOR_GLOBAL];
if (shared === undefined) {
  throw new Error('test/shared-validator.ts needs the jest environment test/shared-validator-environment.ts');
}
module.exports = shared;
