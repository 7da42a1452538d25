/**
 * `--format gitlab`: GitLab's Code Quality report (a JSON array of issues), for `artifacts: reports: codequality`,
 * which shows findings in merge requests, each with a fingerprint that survives lines added above (fingerprints.ts).
 */
import type { Severity } from '../../core/rules/types';
import { fingerprints } from '../fingerprints';
import type { FormatContext } from './report';
import { oneBased } from './report';

const SEVERITY: Record<Severity, string> = { error: 'critical', warning: 'major', info: 'minor', hint: 'info' };

export function formatGitlab(ctx: FormatContext): string {
  const issues: unknown[] = [];
  for (const r of ctx.reports) {
    const prints = fingerprints(r.name, r.findings, r.lines);
    r.findings.forEach((f, i) => {
      const p = oneBased(f);
      issues.push({
        type: 'issue',
        check_name: f.ruleId,
        description: f.message,
        categories: ['Bug Risk'],
        severity: SEVERITY[f.severity],
        fingerprint: prints[i],
        location: { path: r.name, lines: { begin: p.line, end: p.endLine } },
      });
    });
  }
  return JSON.stringify(issues, null, 2) + '\n';
}
