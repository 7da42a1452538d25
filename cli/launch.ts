/**
 * dist/cli.js, the command's entry: runs the CLI bundle (dist/cli-bundle.js) from the V8 code cache the build writes
 * beside it (dist/cli-bundle.cache, made by a lint of examples/), so a run does not first compile 6 MB of JavaScript.
 * A cache this Node.js cannot use (another V8 version or flags, a bundle built after it, no file) is rejected by V8
 * and the bundle compiles as usual: the cache changes the start-up time, never the behaviour.
 *
 * The bundle has no dynamic import() (the build turns it into require()): Node 20's vm gives a script made from
 * cached data no import callback.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { useBaselineWasmCompiler } from '../core/runtime/v8-flags';
import { setCodeCacheStatus } from './code-cache-status';

const BUNDLE = join(__dirname, 'cli-bundle.js');
const CACHE = join(__dirname, 'cli-bundle.cache');

function readCache(): Buffer | undefined {
  try {
    return readFileSync(CACHE);
  } catch {
    return undefined;
  }
}

const cachedData = readCache();
const script = new Script(wrap(readFileSync(BUNDLE, 'utf8')), { filename: BUNDLE, ...(cachedData ? { cachedData } : {}) });
setCodeCacheStatus(!cachedData ? 'absent' : script.cachedDataRejected ? 'rejected' : 'used');

// WebAssembly in the baseline compiler (core/runtime/v8-flags.ts says why), set after the cache is read and
// never in the build's run that writes it: V8 takes a cache only under the flags it was made with.
const writeCache = process.env.PGA_WRITE_CODE_CACHE === '1';
if (!writeCache) useBaselineWasmCompiler();

// The build's run: the cache is written at exit, so it holds the functions that run compiled, not only the top level.
if (writeCache) process.once('exit', () => writeFileSync(CACHE, script.createCachedData()));
const module_ = { exports: {} };
(script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void)(
  module_.exports,
  createRequire(BUNDLE),
  module_,
  BUNDLE,
  __dirname,
);
