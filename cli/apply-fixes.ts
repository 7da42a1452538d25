/**
 * `lint --fix`: the safe fixes (those the editor offers as the preferred quick fix, with no files to create)
 * applied to the files on disk, the way ESLint's --fix does: a fix whose edits overlap one already taken waits for
 * the next run. Returns, per file, the fixes applied.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { LineIndex } from '../core/parse/positions';
import type { FileReport } from './lint-file';

export interface AppliedFixes {
  readonly path: string;
  readonly applied: readonly { readonly ruleId: string; readonly title: string }[];
}

export function applySafeFixes(reports: readonly FileReport[]): AppliedFixes[] {
  const out: AppliedFixes[] = [];
  for (const report of reports) {
    const candidates = report.findings.flatMap((f) => f.fixes.filter((x) => x.preferred === true && !x.newFiles?.length && x.edits.length > 0).slice(0, 1).map((fix) => ({ ruleId: f.ruleId, fix })));
    if (report.unreadable || candidates.length === 0) continue;
    const text = readFileSync(report.path, 'utf8');
    const index = new LineIndex(text);
    const taken: { start: number; end: number; newText: string }[] = [];
    const applied: { ruleId: string; title: string }[] = [];
    for (const { ruleId, fix } of candidates) {
      const edits = fix.edits.map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), newText: e.newText }));
      const overlaps = edits.some((e) => taken.some((t) => (e.start < t.end && t.start < e.end) || (e.start === e.end && e.start === t.start)));
      if (overlaps) continue;
      taken.push(...edits);
      applied.push({ ruleId, title: fix.title });
    }
    if (applied.length === 0) continue;
    let fixed = text;
    for (const e of [...taken].sort((a, b) => b.start - a.start)) fixed = fixed.slice(0, e.start) + e.newText + fixed.slice(e.end);
    writeFileSync(report.path, fixed);
    out.push({ path: report.path, applied });
  }
  return out;
}
