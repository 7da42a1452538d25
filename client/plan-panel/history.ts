/**
 * Runs of each statement, kept so two can be compared: keyed by the statement's text with whitespace and
 * comments folded, so re-running after an edit elsewhere in the file still lands in the same history.
 */
import type { PlanView } from '../../core/explain/view';
import type { RunInfo } from '../webview/protocol';

export interface Run {
  readonly info: RunInfo;
  readonly key: string;
  /** Replaced when the index advisor's verdicts on its insights arrive. */
  view: PlanView;
}

const MAX_RUNS = 12;

export function statementKey(sql: string | null): string {
  if (!sql) return '';
  return sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/;\s*$/, '')
    .trim()
    .toLowerCase();
}

export class RunHistory {
  private readonly runs: Run[] = [];
  private counter = 0;

  nextId(): string {
    this.counter += 1;
    return `run-${Date.now().toString(36)}-${this.counter}`;
  }

  add(run: Run): void {
    this.runs.push(run);
    const same = this.runs.filter((r) => r.key === run.key);
    if (same.length > MAX_RUNS) this.runs.splice(this.runs.indexOf(same[0]), 1);
  }

  get(id: string): Run | undefined {
    return this.runs.find((r) => r.info.id === id);
  }

  /** Runs of the same statement as `run`, oldest first (a run with no statement is alone). */
  of(run: Run): RunInfo[] {
    if (!run.key) return [run.info];
    return this.runs.filter((r) => r.key === run.key).map((r) => r.info);
  }
}
