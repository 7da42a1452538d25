// Skipping for missing system software: a clear reason locally, a failure in CI (CI=true), where .ci/run
// installs everything and a skip would hide a broken suite.
import type { Context } from 'mocha';

export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

/** Skips the current test or hook (or fails it in CI) with a reason. */
export function skipOrFail(ctx: Context, reason: string): never {
  if (IN_CI) throw new Error(`Required in CI but unavailable: ${reason}`);
  console.log(`      skipped: ${reason}`);
  ctx.skip();
}
