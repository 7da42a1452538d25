/** A benchmark module: measures something and returns rows for the table. */
export interface BenchRow {
  readonly benchmark: string;
  readonly metric: string;
  readonly unit: string;
  readonly ours: number;
  /** The same measurement of the peer tool, when installed. */
  readonly peer?: { readonly name: string; readonly value: number };
  readonly note?: string;
}

export interface BenchModule {
  readonly name: string;
  run(context: BenchContext): Promise<BenchRow[]>;
}

export interface BenchContext {
  readonly root: string;
  readonly corpus: string;
  readonly runs: number;
  log(message: string): void;
}
