/** A CLI command: its one-line summary for `--help`, and a run that returns the exit code. */
export interface Command {
  readonly summary: string;
  /** Full help text (usage and options). */
  readonly help: string;
  run(argv: readonly string[]): Promise<number>;
}

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;
