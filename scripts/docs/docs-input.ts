/**
 * What the documentation and the configuration schema are generated from: every rule's meta, the built-in
 * findings and the configuration defaults. One function, imported by the generators (through tsx) and by the
 * docs-sync test, so both see the same input.
 */
import { ALL_RULES } from '../../core/rules/registry';
import { RULE_CATEGORIES, SEVERITIES, type RuleCategory, type RuleMeta, type Severity } from '../../core/rules/types';
import { CONFIG_FILE_NAME, DEFAULT_CONFIG, SUPPORTED_POSTGRES_VERSIONS } from '../../core/config/config';
import type { NumericOption } from '../../core/rules/types';
import { BUILTIN_FINDINGS, type BuiltinFinding } from '../../core/rules/built-in-findings';
import { FINDING_KINDS } from '../../core/rules/catalog';

export interface DocsInput {
  /** The catalogue of finding ids (core/rules/catalog.ts) as docs/findings.json lists it. */
  readonly findings: readonly Readonly<Record<string, unknown>>[];
  readonly rules: readonly RuleMeta[];
  readonly builtins: readonly BuiltinFinding[];
  /** The rules that check against the schema a file runs on (category `schema`), documented in their own section. */
  readonly schemaChecks: readonly RuleMeta[];
  /** Options beyond the severity, per id (the rules' meta.options). */
  readonly ruleOptions: Readonly<Record<string, Readonly<Record<string, NumericOption>>>>;
  readonly categories: readonly RuleCategory[];
  readonly severities: readonly Severity[];
  readonly config: {
    readonly fileName: string;
    readonly postgresVersion: number;
    readonly versions: { readonly min: number; readonly max: number };
    readonly assumeInTransaction: boolean;
    readonly include: readonly string[];
    readonly exclude: readonly string[];
  };
}

export function docsInput(): DocsInput {
  return {
    findings: FINDING_KINDS.map(({ docs, ...kind }) => ({ ...kind, ...(docs ? { summary: docs.summary } : {}) })),
    rules: ALL_RULES.map((r) => r.meta).filter((m) => m.category !== 'schema'),
    builtins: BUILTIN_FINDINGS,
    schemaChecks: ALL_RULES.map((r) => r.meta).filter((m) => m.category === 'schema'),
    ruleOptions: Object.fromEntries(ALL_RULES.flatMap((r) => (r.meta.options ? [[r.meta.id, r.meta.options]] : []))),
    categories: RULE_CATEGORIES.filter((c) => c !== 'schema'),
    severities: SEVERITIES,
    config: {
      fileName: CONFIG_FILE_NAME,
      postgresVersion: DEFAULT_CONFIG.postgresVersion,
      versions: SUPPORTED_POSTGRES_VERSIONS,
      assumeInTransaction: DEFAULT_CONFIG.assumeInTransaction,
      include: DEFAULT_CONFIG.include,
      exclude: DEFAULT_CONFIG.exclude,
    },
  };
}
