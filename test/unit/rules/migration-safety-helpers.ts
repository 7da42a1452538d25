// Linting with one migration-safety rule, the way the CLI and the editor do, for the rules' edge-case tests.
import { lintText, type Finding } from '../../../core/lint';
import { applyEdits } from '../../../core/fixes';
import { DEFAULT_CONFIG, type Config } from '../../../core/config/config';
import { ALL_RULES } from '../../../core/rules/registry';

export interface LintOptions {
  readonly postgresVersion?: number;
  readonly assumeInTransaction?: boolean;
  readonly fileName?: string;
}

export function lintWithRule(ruleId: string, sql: string, options: LintOptions = {}): Finding[] {
  const rule = ALL_RULES.find((r) => r.meta.id === ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  const config: Config = {
    ...DEFAULT_CONFIG,
    postgresVersion: options.postgresVersion ?? DEFAULT_CONFIG.postgresVersion,
    assumeInTransaction: options.assumeInTransaction ?? false,
    rules: { [ruleId]: rule.meta.defaultSeverity }, // on, opt-in rules too (meta.optIn)
  };
  const result = lintText(sql, { rules: [rule], config, fileName: options.fileName ?? 'migrations/001_change.sql' });
  if (result.ruleFailures.length > 0) throw new Error(result.ruleFailures.map((f) => f.message).join('\n'));
  const syntax = result.findings.filter((f) => f.ruleId === 'syntax-error');
  if (syntax.length > 0) throw new Error(`syntax error in test SQL: ${syntax[0].message}`);
  return result.findings.filter((f) => f.ruleId === ruleId);
}

/** The text after applying the first fix of every finding. */
export function fixed(sql: string, findings: readonly Finding[]): string {
  return applyEdits(sql, findings.flatMap((f) => (f.fixes[0] ? f.fixes[0].edits : []))).text;
}

/** The reported text of each finding. */
export function reported(sql: string, findings: readonly Finding[]): string[] {
  return findings.map((f) => sql.slice(f.range.start, f.range.end));
}
