/**
 * Suppression comments:
 *   -- pg-architect-ignore rule-a, rule-b -- reason     (the statement containing or following the comment)
 *   -- pg-architect-ignore-file rule-a -- reason        (the whole file)
 * Without rule ids they suppress every rule. An ignore that suppresses nothing is itself reported.
 *
 * A project moving from squawk or postgres-language-server keeps its comments: `-- squawk-ignore rule`,
 * `-- squawk-ignore-file rule` (squawk's ids are ours where we have the rule), and `-- pgls-ignore lint/safety/banDropColumn`
 * (also `pgt-ignore`, its former name; the camelCase name is our kebab-case id). Their ids for rules we do not have
 * are skipped, and they are never reported as unused: the other tool may still need them.
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
  /** Another tool's comment (squawk, postgres-language-server): honoured, never reported as unused. */
  readonly foreign?: 'squawk' | 'pgls';
}

const DIRECTIVE = /^(--|\/\*)\s*(pg-architect|squawk|pgls|pgt)-(ignore-file|ignore-all|ignore)\b([\s\S]*)$/;

/** postgres-language-server's `lint/safety/banDropColumn` -> `ban-drop-column`. */
function pglsRuleId(name: string): string {
  return (name.split('/').pop() ?? name).replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

export function findSuppressions(document: SqlDocument): Suppression[] {
  const out: Suppression[] = [];
  const statements = document.statements;
  let next = 0;
  for (const comment of document.comments) {
    const text = document.text.slice(comment.start, comment.end);
    const m = DIRECTIVE.exec(text);
    if (!m) continue;
    const tool = m[2];
    const foreign = tool === 'squawk' ? 'squawk' : tool === 'pgls' || tool === 'pgt' ? 'pgls' : undefined;
    const fileWide = m[3] === 'ignore-file' || m[3] === 'ignore-all';
    if (m[3] === 'ignore-all' && !foreign) continue;
    let body = m[4];
    if (comment.block) body = body.replace(/\*\/\s*$/, '');
    // A reason: after `--` (ours, squawk's) or `:` (postgres-language-server's `lint/x/y: why`).
    const reason = foreign === 'pgls' ? body.search(/:|--/) : body.indexOf('--');
    if (reason >= 0) body = body.slice(0, reason);
    const bodyStart = comment.start + text.length - m[4].length;
    const ruleIds: string[] = [];
    const idRanges: OffsetRange[] = [];
    for (const id of body.matchAll(foreign === 'pgls' ? /[a-z][a-z0-9/]*[a-z0-9]/gi : /[a-z0-9][a-z0-9-]*/gi)) {
      const ruleId = foreign === 'pgls' ? pglsRuleId(id[0]) : id[0].toLowerCase();
      // A whole pgls group (`lint`, `lint/safety`) stands for every rule.
      if (foreign === 'pgls' && !/[A-Z]/.test(id[0].split('/').pop() ?? '')) continue;
      ruleIds.push(ruleId);
      idRanges.push({ start: bodyStart + (id.index ?? 0), end: bodyStart + (id.index ?? 0) + id[0].length });
    }
    while (next < statements.length && statements[next].end <= comment.start) next++;
    const target = !fileWide && next < statements.length ? statements[next].range : undefined;
    out.push({ scope: fileWide ? 'file' : 'statement', ruleIds, idRanges, range: { start: comment.start, end: comment.end }, target, ...(foreign ? { foreign } : {}) });
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
