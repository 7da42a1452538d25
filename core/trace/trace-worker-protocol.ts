/** The one request and reply between trace-in-worker.ts and trace-worker.ts. */
import type { RunSection } from '../project/tools/types';
import type { ProjectTrace } from './model';
import type { TraceSnapshotsData } from './snapshot';

export interface TraceWorkerRequest {
  /** The files in order: each as traceInput read it (its id, path, text and sections). */
  readonly files: readonly { readonly id: string; readonly path: string; readonly text: string; readonly sections: readonly RunSection[] }[];
  readonly extensions: readonly string[];
  readonly partialHistory: boolean;
  readonly statementTimeoutMs?: number;
  readonly snapshots?: TraceSnapshotsData;
  /** Where to load PGlite from (default: node resolution). */
  readonly module?: string;
}

export type TraceWorkerReply = { readonly ok: true; readonly trace: ProjectTrace; readonly snapshots: TraceSnapshotsData } | { readonly ok: false; readonly message: string };
