/**
 * `--format junit`: JUnit XML, which most CI systems (Jenkins, GitLab, Azure Pipelines, CircleCI) render as test
 * results: a suite per file, a failing test case per error or warning (information and hints are left out, as
 * they do not fail a build), a passing case for a clean file.
 */
import type { FormatContext } from './report';
import { oneBased } from './report';

/** XML 1.0 text: the five entities escaped, characters XML cannot hold dropped. */
export function xmlText(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function formatJunit(ctx: FormatContext): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const r of ctx.reports) {
    const failing = r.findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
    const cases = failing.map((f) => {
      const p = oneBased(f);
      return `    <testcase name="${xmlText(`${f.ruleId} at ${p.line}:${p.column}`)}" classname="${xmlText(r.name)}" file="${xmlText(r.name)}" line="${p.line}">\n      <failure type="${xmlText(f.ruleId)}" message="${xmlText(f.message)}">${xmlText(`${f.severity}: ${f.message}\n${r.name}:${p.line}:${p.column}`)}</failure>\n    </testcase>`;
    });
    if (cases.length === 0) cases.push(`    <testcase name="lint" classname="${xmlText(r.name)}" file="${xmlText(r.name)}"/>`);
    tests += cases.length;
    failures += failing.length;
    suites.push(`  <testsuite name="${xmlText(r.name)}" tests="${cases.length}" failures="${failing.length}" errors="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="pg-architect ${xmlText(ctx.toolVersion)}" tests="${tests}" failures="${failures}" errors="0">\n${suites.join('\n')}\n</testsuites>\n`;
}
