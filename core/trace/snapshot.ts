/**
 * Incremental tracing: the embedded database as it was before one migration, kept between runs, so an edit
 * re-applies only from the edited migration on. A run starts from the snapshot when every file before it is
 * unchanged (same path, text and way its tool runs it) and the run would load the same extensions; it keeps the
 * traces of those files from the run that took the snapshot. The snapshot is taken before the first file that
 * changed since the last run (where the next edit most likely is); a first run takes none.
 *
 * A run resumed from a snapshot starts a new session there: settings a history's earlier files SET for the session
 * (search_path) are not carried over, as they would not be by a deploy that applies only the new migrations.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { TraceFile, TracerState } from './apply';
import type { MigrationTrace } from './model';

/** What decides a file's trace: its path, its text, how its tool runs it. */
export function traceFileKey(file: TraceFile): string {
  return createHash('sha1').update(file.path).update('\0').update(file.document.text).update('\0').update(JSON.stringify(file.sections)).digest('hex');
}

interface Snapshot {
  /** The files before it (their keys), and the run's setting they were applied with. */
  readonly keys: readonly string[];
  readonly setting: string;
  /**
   * The data directory's tar, gzipped at level 1: most of it is the cluster's own catalogs, 40 MB that become 5 MB
   * in 0.12 s and come back in 0.06 s (measured): what the language server holds per project.
   */
  readonly data: Buffer;
  readonly state: TracerState;
  /** Their traces. */
  readonly migrations: readonly MigrationTrace[];
}

export interface ResumePlan {
  /** Start from this snapshot (undefined: from an empty database). */
  readonly from?: { readonly data: Blob; readonly state: TracerState; readonly migrations: readonly MigrationTrace[] };
  /** The first file to apply. */
  readonly start: number;
  /** Take a snapshot before this file (undefined: keep the one there is). */
  readonly snapshotAt?: number;
}

/** What a TraceSnapshots holds, as plain data (handed to and back from a worker that traces: trace-worker.ts). */
export interface TraceSnapshotsData {
  readonly snapshot?: Snapshot;
  readonly lastKeys: readonly string[];
}

export class TraceSnapshots {
  private snapshot: Snapshot | undefined;
  private lastKeys: readonly string[] = [];

  static from(data: TraceSnapshotsData | undefined): TraceSnapshots {
    const snapshots = new TraceSnapshots();
    if (data) {
      snapshots.snapshot = data.snapshot ? { ...data.snapshot, data: Buffer.from(data.snapshot.data.buffer, data.snapshot.data.byteOffset, data.snapshot.data.byteLength) } : undefined;
      snapshots.lastKeys = [...data.lastKeys];
    }
    return snapshots;
  }

  data(): TraceSnapshotsData {
    return { ...(this.snapshot ? { snapshot: this.snapshot } : {}), lastKeys: this.lastKeys };
  }

  /** Where a run over files with these keys starts, and where it takes its snapshot. `setting`: extensions, partial history. */
  plan(keys: readonly string[], setting: string): ResumePlan {
    let changed = 0;
    while (changed < keys.length && changed < this.lastKeys.length && keys[changed] === this.lastKeys[changed]) changed++;
    const first = this.lastKeys.length === 0;
    this.lastKeys = [...keys];
    // A first run takes none: it runs while the editor starts (a snapshot costs 0.3 s of CPU then), and most
    // projects are opened without editing their migrations.
    if (first) return { start: 0 };
    // Where the next edit most likely is: the file that changed (none changed: the last one).
    const wanted = changed >= keys.length ? Math.max(0, keys.length - 1) : changed;
    const s = this.snapshot;
    const usable = s !== undefined && s.setting === setting && s.keys.length <= keys.length && s.keys.every((k, i) => keys[i] === k);
    if (!usable || s.keys.length > wanted) {
      if (!usable) this.snapshot = undefined;
      return { start: 0, ...(keys.length > 0 ? { snapshotAt: wanted } : {}) };
    }
    return { from: { data: new Blob([gunzipSync(s.data)]), state: s.state, migrations: s.migrations }, start: s.keys.length, ...(wanted > s.keys.length ? { snapshotAt: wanted } : {}) };
  }

  /** The database before file `index` (its keys `keys.slice(0, index)`), as a run reached it. */
  async keep(keys: readonly string[], setting: string, data: Blob, state: TracerState, migrations: readonly MigrationTrace[]): Promise<void> {
    this.snapshot = { keys: [...keys], setting, data: gzipSync(new Uint8Array(await data.arrayBuffer()), { level: 1 }), state, migrations: [...migrations] };
  }

  clear(): void {
    this.snapshot = undefined;
    this.lastKeys = [];
  }
}
