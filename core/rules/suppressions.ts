/**
 * Suppression comments:
 *   -- pg-architect-ignore rule-a, rule-b -- reason     (the statement containing or following the comment)
 *   -- pg-architect-ignore-file rule-a -- reason        (the whole file)
 * Without rule ids they suppress every rule. An ignore that suppresses nothing is itself reported.
 */
import type { SqlDocument } from '../parse/document';
import type { OffsetRange } from '../parse/positions';

export { UNUSED_IGNORE_RULE_ID } from './built-in-findings';

export interface Suppression {
  readonly scope: 'statement' | 'file';
  /** Empty: every rule. */
  readonly ruleIds: readonly string[];
  /** The comment. */
  readonly range: OffsetRange;
  /** Offsets of the ids within the comment, parallel to ruleIds. */
  readonly idRanges: readonly OffsetRange[];
  /** For statement scope: the target statement's range (undefined when no statement follows). */
  readonly target: OffsetRange | undefined;
}

const DIRECTIVE = /^(--|\/\*)\s*pg-architect-(ignore-file|ignore)\b([\s\S]*)$/;

export function findSuppressions(document: SqlDocument): Suppression[] {
  const out: Suppression[] = [];
  const statements = document.statements;
  let next = 0;
  for (const comment of document.comments) {
    const text = document.text.slice(comment.start, comment.end);
    const m = DIRECTIVE.exec(text);
    if (!m) continue;
    let body = m[3];
    if (comment.block) body = body.replace(/\*\/\s*$/, '');
    const reason = body.indexOf('--');
    if (reason >= 0) body = body.slice(0, reason);
    const bodyStart = comment.start + text.length - m[3].length;
    const ruleIds: string[] = [];
    const idRanges: OffsetRange[] = [];
    for (const id of body.matchAll(/[a-z0-9][a-z0-9-]*/gi)) {
      ruleIds.push(id[0].toLowerCase());
      idRanges.push({ start: bodyStart + (id.index ?? 0), end: bodyStart + (id.index ?? 0) + id[0].length });
    }
    while (next < statements.length && statements[next].end <= comment.start) next++;
    const target = m[2] === 'ignore' && next < statements.length ? statements[next].range : undefined;
    out.push({ scope: m[2] === 'ignore-file' ? 'file' : 'statement', ruleIds, idRanges, range: { start: comment.start, end: comment.end }, target });
  }
  return out;
}

/** Whether a suppression covers a finding of `ruleId` starting at `offset`. */
export function suppresses(s: Suppression, ruleId: string, offset: number): boolean {
  if (s.ruleIds.length > 0 && !s.ruleIds.includes(ruleId)) return false;
  if (s.scope === 'file') return true;
  return s.target !== undefined && offset >= s.target.start && offset < s.target.end;
}

/**
 * The suppressions of a file, found by a finding's offset: the file-wide ones and those aimed at the statement
 * holding the offset (binary search over the statements' starts), instead of every comment for every finding.
 */
export class SuppressionIndex {
  private readonly fileWide: number[] = [];
  /** Distinct target starts, ascending, and the suppressions aimed at each (targets are whole statements: equal or disjoint). */
  private readonly starts: number[];
  private readonly atStart = new Map<number, number[]>();

  constructor(readonly suppressions: readonly Suppression[]) {
    suppressions.forEach((s, i) => {
      if (s.scope === 'file') this.fileWide.push(i);
      else if (s.target) {
        const list = this.atStart.get(s.target.start);
        if (list) list.push(i);
        else this.atStart.set(s.target.start, [i]);
      }
    });
    this.starts = [...this.atStart.keys()].sort((a, b) => a - b);
  }

  /** Positions in `suppressions` of those that cover a finding of `ruleId` at `offset` (suppresses() for each). */
  covering(ruleId: string, offset: number): number[] {
    const out = this.fileWide.filter((i) => suppresses(this.suppressions[i], ruleId, offset));
    let low = 0;
    let high = this.starts.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (this.starts[mid] <= offset) low = mid + 1;
      else high = mid - 1;
    }
    if (high >= 0) for (const i of this.atStart.get(this.starts[high])!) if (suppresses(this.suppressions[i], ruleId, offset)) out.push(i);
    return out;
  }
}
