import { describeConfigProblems, loadConfig, type LoadedConfig } from '../../core/config/discover';

/** A CLI command: its one-line summary for `--help`, and a run that returns the exit code. */
export interface Command {
  readonly summary: string;
  /** Full help text (usage and options). */
  readonly help: string;
  run(argv: readonly string[]): Promise<number>;
}

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/**
 * The configuration that applies at `root` (or the file given), or undefined after saying what is wrong with it: any
 * problem stops a command (as ESLint does), since a setting silently dropped must not pass CI.
 */
export function configOrProblems(command: string, root: string, file?: string): LoadedConfig | undefined {
  const loaded = loadConfig(root, file);
  if (loaded.problems.length === 0) return loaded;
  for (const line of describeConfigProblems(loaded)) process.stderr.write(`pg-architect ${command}: ${line}\n`);
  return undefined;
}
