/** The messages between pglite-worker-session.ts (the asking thread) and pglite-worker.ts (the worker). */

export type WorkerRequest =
  | { readonly id: number; readonly op: 'open'; readonly module: string; readonly dataDir: string | undefined; readonly extensions?: readonly string[] }
  | { readonly id: number; readonly op: 'query'; readonly sql: string; readonly params?: readonly unknown[] }
  | { readonly id: number; readonly op: 'snapshot' }
  | { readonly id: number; readonly op: 'close' };

export interface WorkerValue {
  readonly serverVersion?: number;
  readonly rows?: readonly unknown[];
  readonly snapshot?: ArrayBuffer;
}

export type WorkerReply = { readonly id: number; readonly ok: true; readonly value: WorkerValue } | { readonly id: number; readonly ok: false; readonly error: Record<string, unknown> };
