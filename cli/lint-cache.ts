/**
 * `lint --cache`: the reports of files whose inputs did not change since the last run, as ESLint's cache does,
 * so an unchanged tree re-lints without analysing anything. A file's findings depend on more than its text:
 * on the configuration, this version of the tool, and the project's schema (every schema file, in order). The
 * key holds all of them, so a changed migration makes every file's entry stale, as it should. An unreadable or
 * foreign cache file is started afresh; one that cannot be written is said, never fatal.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FileReport } from './lint-file';

const FORMAT = 'pg-architect-lint-cache/1';

interface CacheFile {
  readonly format: string;
  readonly entries: Record<string, { readonly key: string; readonly report: FileReport }>;
  readonly notices: Record<string, readonly string[]>;
}

export class LintCache {
  private entries: Record<string, { key: string; report: FileReport }> = {};
  private notices: Record<string, readonly string[]> = {};
  /** Why the cache was started afresh, if it was (shown once). */
  readonly problem: string | undefined;

  constructor(readonly location: string) {
    let problem: string | undefined;
    try {
      const parsed = JSON.parse(readFileSync(location, 'utf8')) as Partial<CacheFile>;
      if (parsed.format === FORMAT && parsed.entries && typeof parsed.entries === 'object') {
        this.entries = { ...parsed.entries };
        this.notices = { ...(parsed.notices ?? {}) };
      } else problem = `${location} is not a pg-architect lint cache of this version: starting afresh`;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') problem = `cannot read the cache ${location} (${(e as Error).message}): starting afresh`;
    }
    this.problem = problem;
  }

  /** The report cached for `path` under `key`, with its path as given now. */
  report(path: string, key: string): FileReport | undefined {
    const hit = this.entries[path];
    return hit && hit.key === key ? { ...hit.report, path } : undefined;
  }

  remember(path: string, key: string, report: FileReport): void {
    // Unreadable and failed files are tried again next time.
    if (!report.unreadable) this.entries[path] = { key, report };
  }

  projectNotices(fingerprint: string): readonly string[] | undefined {
    return this.notices[fingerprint];
  }

  rememberNotices(fingerprint: string, notices: readonly string[]): void {
    this.notices = { [fingerprint]: notices };
  }

  /** Writes the cache (atomically); the reason when it cannot be written. */
  save(): string | undefined {
    const file: CacheFile = { format: FORMAT, entries: this.entries, notices: this.notices };
    try {
      mkdirSync(dirname(this.location), { recursive: true });
      const temporary = `${this.location}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(file));
      renameSync(temporary, this.location);
      return undefined;
    } catch (e) {
      return `cannot write the cache ${this.location}: ${(e as Error).message}`;
    }
  }
}

/** A digest of the parts, in order. */
export function digest(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part.length}:`).update(part);
  return hash.digest('hex');
}
