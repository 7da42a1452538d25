/**
 * `--format gitlab`: GitLab's Code Quality report (a JSON array of issues), for `artifacts: reports: codequality`,
 * which shows findings in merge requests. The fingerprint identifies a finding across commits: its file, rule, the
 * text of its line and its rank among identical ones, not its line number (which moves when lines are added above).
 */
import { createHash } from 'node:crypto';
import type { Severity } from '../../core/rules/types';
import type { FormatContext } from './report';
import { oneBased } from './report';

const SEVERITY: Record<Severity, string> = { error: 'critical', warning: 'major', info: 'minor', hint: 'info' };

export function formatGitlab(ctx: FormatContext): string {
  const issues: unknown[] = [];
  for (const r of ctx.reports) {
    const seen = new Map<string, number>();
    for (const f of r.findings) {
      const p = oneBased(f);
      const line = (r.lines[f.range.start.line] ?? '').trim();
      const base = `${r.name}\0${f.ruleId}\0${line}`;
      const rank = seen.get(base) ?? 0;
      seen.set(base, rank + 1);
      issues.push({
        type: 'issue',
        check_name: f.ruleId,
        description: f.message,
        categories: ['Bug Risk'],
        severity: SEVERITY[f.severity],
        fingerprint: createHash('sha256').update(`${base}\0${rank}`).digest('hex'),
        location: { path: r.name, lines: { begin: p.line, end: p.endLine } },
      });
    }
  }
  return JSON.stringify(issues, null, 2) + '\n';
}
