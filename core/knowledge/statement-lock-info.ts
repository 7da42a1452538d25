/** What one statement does to the tables it touches: locks, rewrites, scans, transaction-block use. */
import { strongerLock, type LockMode } from './lock-modes';

export interface LockEffect {
  /** The relation as written (`orders`, `app.orders`); for index statements, the index or its table. */
  readonly relation: string;
  readonly mode: LockMode;
  /** Why this relation is locked, when it is not the statement's own target (e.g. "referenced table"). */
  readonly reason?: string;
}

export interface StatementLockInfo {
  /** One entry per relation, with the strongest mode the statement takes on it. */
  readonly effects: readonly LockEffect[];
  /** The table's data (and its indexes) are rewritten into new files while the lock is held. */
  readonly rewrites: boolean;
  /** Every row is read (to validate or build something) while the lock is held. */
  readonly scans: boolean;
  /** Can run inside a transaction block (BEGIN ... COMMIT). */
  readonly transactional: boolean;
  /** Conditions and caveats an expert would add ("no rewrite if the default is not volatile", ...). */
  readonly notes: readonly string[];
}

/** Accumulates the effects of a statement's parts; the strongest mode per relation wins. */
export class LockInfoBuilder {
  private readonly effects = new Map<string, LockEffect>();
  private readonly notes: string[] = [];
  rewrites = false;
  scans = false;
  transactional = true;

  lock(relation: string, mode: LockMode, reason?: string): this {
    if (!relation) return this;
    const previous = this.effects.get(relation);
    if (!previous) {
      this.effects.set(relation, reason ? { relation, mode, reason } : { relation, mode });
      return this;
    }
    const strongest = strongerLock(previous.mode, mode);
    const keptReason = strongest === previous.mode ? previous.reason : reason;
    this.effects.set(relation, keptReason ? { relation, mode: strongest, reason: keptReason } : { relation, mode: strongest });
    return this;
  }

  note(text: string): this {
    if (!this.notes.includes(text)) this.notes.push(text);
    return this;
  }

  build(): StatementLockInfo {
    return { effects: [...this.effects.values()], rewrites: this.rewrites, scans: this.scans, transactional: this.transactional, notes: [...this.notes] };
  }
}
