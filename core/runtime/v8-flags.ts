/**
 * V8 settings for our own processes (the CLI and the language server; never the editor's extension host, which
 * other extensions share).
 */
import { setFlagsFromString } from 'node:v8';

/**
 * Keeps WebAssembly in V8's baseline compiler (Liftoff) for this process: the parser (libpg-query) and the embedded
 * PostgreSQL (PGlite) are large modules, and V8's optimising tier compiles their hot functions on background threads
 * that compete with the work itself on a 2-core machine and hold the process's exit until done. Must run before the
 * modules are compiled (and, in the CLI, after its code cache is read: V8 takes a cache only under its flags).
 *
 * Measured on 2 cores, whole processes: a one-file lint 0.40 -> 0.19 s; explain on the embedded database
 * 1.27 -> 0.78 s; trace of a 39-migration project 3.8 -> 2.7 s; the 100k-line regression suite as fast; the longest
 * trace (openFEC, 4,672 statements) 17.4 -> 18.9 s. The language server: a 15k-line dump's first diagnostics
 * ~270 -> ~150 ms, edits as fast.
 */
export function useBaselineWasmCompiler(): void {
  setFlagsFromString('--liftoff-only');
}

/**
 * Back to V8's optimising tier for WebAssembly compiled from now on: for work long enough to repay it (a trace of
 * a history over LONG_WORK_SQL_LENGTH of SQL: openFEC's 1.5 MB, 4,672 statements, 18.9-21.7 s with the baseline
 * compiler only, 17.4 s with both; the other corpus projects, at most 100 KB, are faster without).
 */
export function useOptimisingWasmCompiler(): void {
  setFlagsFromString('--no-liftoff-only');
}

/** SQL to apply beyond which the embedded PostgreSQL runs long enough for the optimising tier to pay. */
export const LONG_WORK_SQL_LENGTH = 500_000;

/**
 * A long-running process's heap grows by half past what a full collection left live, instead of V8's default of up to
 * four times: the language server's live heap on a 15k-line dump is ~50 MB, but each analysis allocates a lot and V8
 * let the heap grow to 150-270 MB. Measured over LSP, 60 edits, three rounds interleaved: RSS 208-348 -> 166-171 MB,
 * edit p50 56-84 -> 63-73 ms (a fifth instead of a half: 160 MB, but edits ~15 % slower).
 */
export function useLeanHeap(): void {
  setFlagsFromString('--heap-growing-percent=50');
}
