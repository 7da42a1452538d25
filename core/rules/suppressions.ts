/**
 * Suppression comments:
 *   -- pg-architect-ignore rule-a, rule-b -- reason     (the statement containing or following the comment)
 *   -- pg-architect-ignore-file rule-a -- reason        (the whole file)
 * Without rule ids they suppress every rule. An ignore that suppresses nothing is itself reported.
 */
import type { SqlDocument } from '../parse/document';
import type { OffsetRange } from '../parse/positions';

export const UNUSED_IGNORE_RULE_ID = 'unused-ignore';

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
