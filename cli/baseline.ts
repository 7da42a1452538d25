/**
 * `lint --write-baseline <file>` records today's findings; `lint --baseline <file>` then reports only findings
 * that are not in it, so a team adopts the linter on an old project and CI fails only on what is new. Findings are
 * matched by fingerprint (fingerprints.ts), so edits above them do not bring them back.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fingerprints } from './fingerprints';
import type { NamedReport } from './formats/report';

interface BaselineFile {
  readonly tool: 'pg-architect';
  readonly version: 1;
  readonly findings: readonly { readonly file: string; readonly ruleId: string; readonly message: string; readonly fingerprint: string }[];
}

/** Writes every finding of the reports; returns how many. */
export function writeBaseline(path: string, reports: readonly NamedReport[]): number {
  const findings = reports.flatMap((r) => {
    const prints = fingerprints(r.name, r.findings, r.lines);
    return r.findings.map((f, i) => ({ file: r.name, ruleId: f.ruleId, message: f.message, fingerprint: prints[i] }));
  });
  const file: BaselineFile = { tool: 'pg-architect', version: 1, findings };
  writeFileSync(path, JSON.stringify(file, null, 2) + '\n');
  return findings.length;
}

/** The fingerprints a baseline holds, or why it cannot be used. */
export function readBaseline(path: string): { fingerprints: ReadonlySet<string> } | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    return { error: `cannot read the baseline ${path}: ${(e as Error).message}` };
  }
  const findings = (parsed as Partial<BaselineFile> | null)?.findings;
  if ((parsed as Partial<BaselineFile> | null)?.tool !== 'pg-architect' || !Array.isArray(findings)) return { error: `${path} is not a pg-architect baseline (write one with --write-baseline)` };
  return { fingerprints: new Set(findings.flatMap((f) => (typeof f?.fingerprint === 'string' ? [f.fingerprint] : []))) };
}

/** The reports without the findings the baseline holds, and how many were left out. */
export function withoutBaseline(reports: readonly NamedReport[], known: ReadonlySet<string>): { reports: NamedReport[]; known: number } {
  let count = 0;
  const out = reports.map((r) => {
    const prints = fingerprints(r.name, r.findings, r.lines);
    const findings = r.findings.filter((_f, i) => {
      const inBaseline = known.has(prints[i]);
      if (inBaseline) count++;
      return !inBaseline;
    });
    return { ...r, findings };
  });
  return { reports: out, known: count };
}
