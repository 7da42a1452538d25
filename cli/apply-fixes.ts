/**
 * `lint --fix`: core's safe fixes (core/fixes/safe-fixes.ts) applied to the files on disk. Reports carry lines and
 * characters; they are turned back into offsets of the file's text. Returns, per file, the fixes applied.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { LineIndex } from '../core/parse/positions';
import { applyFixes, chooseSafeFixes } from '../core/fixes/safe-fixes';
import type { FileReport } from './lint-file';

export interface AppliedFixes {
  readonly path: string;
  readonly applied: readonly { readonly ruleId: string; readonly title: string }[];
}

export function applySafeFixes(reports: readonly FileReport[]): AppliedFixes[] {
  const out: AppliedFixes[] = [];
  for (const report of reports) {
    if (report.unreadable || !report.findings.some((f) => f.fixes.some((x) => x.preferred))) continue;
    const text = readFileSync(report.path, 'utf8');
    const index = new LineIndex(text);
    const findings = report.findings.map((f) => ({
      ruleId: f.ruleId,
      fixes: f.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => ({ range: { start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end) }, newText: e.newText })) })),
    }));
    const chosen = chooseSafeFixes(findings);
    if (chosen.length === 0) continue;
    writeFileSync(report.path, applyFixes(text, chosen));
    out.push({ path: report.path, applied: chosen.map((c) => ({ ruleId: c.ruleId, title: c.fix.title })) });
  }
  return out;
}
