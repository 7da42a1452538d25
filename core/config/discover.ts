/**
 * Finding and reading pg-architect.json: the nearest one in `dir` or its ancestors. The only file I/O in
 * core/config, shared by the CLI and the language server so both see the same configuration.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CONFIG_FILE_NAME, DEFAULT_CONFIG, parseConfig, type Config, type ConfigProblem, type KnownFindings } from './config';
import { KNOWN_FINDINGS } from '../rules/catalog';
import { configFromSquawkToml, SQUAWK_CONFIG_FILE_NAME } from './squawk-toml';

export interface LoadedConfig {
  readonly config: Config;
  readonly problems: readonly ConfigProblem[];
  /** The file read, if any. */
  readonly path: string | undefined;
  /** Folder that include/exclude globs are relative to: the file's folder, else the starting folder. */
  readonly root: string;
  /** Top-level settings the file sets (see ParsedConfig.specified). */
  readonly specified?: readonly string[];
  /** Things said about the file that do not stop a run (a squawk rule pg-architect does not have). */
  readonly notes?: readonly string[];
}

/** Every id a configuration may name, with the options each takes: the catalogue of finding ids. */
export function knownRuleIds(): KnownFindings {
  return KNOWN_FINDINGS;
}

export function findConfigFile(startDir: string): string | undefined {
  let dir = resolve(startDir);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Reads the configuration that applies to `startDir`; problems (unreadable file, bad values) are values. */
export function loadConfig(startDir: string, explicitPath?: string): LoadedConfig {
  const path = explicitPath ? resolve(explicitPath) : findConfigFile(startDir);
  if (!path) return loadSquawkConfig(startDir) ?? { config: DEFAULT_CONFIG, problems: [], path: undefined, root: resolve(startDir) };
  let text: string;
  try {
    // Only a regular file: a FIFO or device named pg-architect.json would block the reader forever.
    if (!statSync(path).isFile()) throw new Error('not a regular file');
    text = readFileSync(path, 'utf8');
  } catch (e) {
    // Node's message ends with the path again (", open '/x/pg-architect.json'"): the problem is printed after it.
    const reason = (e as Error).message.replace(/, \w+ '.*'$/s, '');
    return { config: DEFAULT_CONFIG, problems: [{ message: `Cannot read the configuration file: ${reason}`, fatal: true }], path, root: dirname(path) };
  }
  const parsed = parseConfig(text, knownRuleIds());
  return { config: parsed.config, problems: parsed.problems, path, root: dirname(path), specified: parsed.specified };
}

/** One line per problem, `file:line:column: message` (1-based, as compilers print), for the CLI's stderr. */
export function describeConfigProblems(loaded: LoadedConfig): string[] {
  const file = loaded.path ?? CONFIG_FILE_NAME;
  return loaded.problems.map((p) => (p.range ? `${file}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.message}` : `${file}: ${p.message}`));
}

/** A .squawk.toml in `startDir` or above, when there is no pg-architect.json: a team coming from squawk keeps its settings. */
function loadSquawkConfig(startDir: string): LoadedConfig | undefined {
  let dir = resolve(startDir);
  for (;;) {
    const candidate = join(dir, SQUAWK_CONFIG_FILE_NAME);
    if (existsSync(candidate)) {
      try {
        if (!statSync(candidate).isFile()) return undefined;
        const { config, notes } = configFromSquawkToml(readFileSync(candidate, 'utf8'), (id) => KNOWN_FINDINGS.has(id));
        return { config, problems: [], path: candidate, root: dir, notes: [`read squawk's ${SQUAWK_CONFIG_FILE_NAME} (no ${CONFIG_FILE_NAME} here)`, ...notes] };
      } catch {
        return undefined;
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
