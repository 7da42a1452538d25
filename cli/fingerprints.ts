/**
 * Stable identities of findings across commits: the file, the rule, the text of the finding's first line and its
 * rank among identical ones. Not the line number, which moves when lines are added above. GitLab's Code Quality
 * report and `lint --baseline` both use them.
 */
import { createHash } from 'node:crypto';
import type { ReportFinding } from './lint-file';

/** One fingerprint per finding of a file, in the findings' order. */
export function fingerprints(fileName: string, findings: readonly ReportFinding[], lines: Readonly<Record<number, string>>): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const base = `${fileName}\0${f.ruleId}\0${(lines[f.range.start.line] ?? '').trim()}`;
    const rank = seen.get(base) ?? 0;
    seen.set(base, rank + 1);
    return createHash('sha256').update(`${base}\0${rank}`).digest('hex');
  });
}
