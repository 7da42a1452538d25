/**
 * Whether the CLI bundle started from the build's V8 code cache (set by dist/cli.js, cli/launch.ts; read by
 * `--timing`): 'used', 'rejected' (V8 would not take it: another Node.js, or a bundle built after it), 'absent'.
 * Undefined when the bundle was started some other way (tests through tsx, `node dist/cli-bundle.js`).
 */
export type CodeCacheStatus = 'used' | 'rejected' | 'absent';

const KEY = Symbol.for('pg-architect.code-cache');

export function setCodeCacheStatus(status: CodeCacheStatus): void {
  (globalThis as Record<symbol, unknown>)[KEY] = status;
}

export function codeCacheStatus(): CodeCacheStatus | undefined {
  const status = (globalThis as Record<symbol, unknown>)[KEY];
  return status === 'used' || status === 'rejected' || status === 'absent' ? status : undefined;
}
