/**
 * The safe fixes of a file applied together: the fix a rule marks preferred (safe without review) and that
 * creates no files, one per finding, in order; a fix whose edits overlap one already taken waits for the next pass
 * (as ESLint's --fix does). The CLI's `lint --fix` and the editor's "Fix all" (source.fixAll.pgArchitect) use it.
 */
import type { Finding } from '../lint';
import type { Fix, TextEdit } from '../rules/types';

export interface ChosenFix {
  readonly ruleId: string;
  readonly fix: Fix;
}

/** The fix applied for each finding that has a safe one, leaving out those that collide with an earlier one. */
export function chooseSafeFixes(findings: readonly Pick<Finding, 'ruleId' | 'fixes'>[]): ChosenFix[] {
  const taken: TextEdit[] = [];
  const chosen: ChosenFix[] = [];
  for (const f of findings) {
    const fix = f.fixes.find((x) => x.preferred === true && !x.newFiles?.length && x.edits.length > 0);
    if (!fix) continue;
    const collides = fix.edits.some((e) => taken.some((t) => (e.range.start < t.range.end && t.range.start < e.range.end) || (e.range.start === e.range.end && e.range.start === t.range.start)));
    if (collides) continue;
    taken.push(...fix.edits);
    chosen.push({ ruleId: f.ruleId, fix });
  }
  return chosen;
}

/** The text with the edits of the chosen fixes applied (they do not overlap). */
export function applyFixes(text: string, chosen: readonly ChosenFix[]): string {
  let out = text;
  for (const e of chosen.flatMap((c) => c.fix.edits).sort((a, b) => b.range.start - a.range.start)) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}
