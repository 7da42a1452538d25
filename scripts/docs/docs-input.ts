/**
 * What the documentation and the configuration schema are generated from: every rule's meta, the built-in
 * findings and the configuration defaults. One function, imported by the generators (through tsx) and by the
 * docs-sync test, so both see the same input.
 */
import { ALL_RULES } from '../../core/rules/registry';
import { RULE_CATEGORIES, SEVERITIES, type RuleCategory, type RuleMeta, type Severity } from '../../core/rules/types';
import { CONFIG_FILE_NAME, DEFAULT_CONFIG, SUPPORTED_POSTGRES_VERSIONS } from '../../core/config/config';
import { SCHEMA_CHECK_DOCS, type SchemaCheckDocs } from '../../core/semantics/check-docs';
import { UNINDEXED_FILTER_META, type SchemaCheckMeta } from '../../core/semantics/unindexed-filter';
import { RULE_OPTIONS, type NumericOption } from '../../core/config/rule-options';
import { BUILTIN_FINDINGS, type BuiltinFinding } from './builtin-findings';

export interface DocsInput {
  readonly rules: readonly RuleMeta[];
  readonly builtins: readonly BuiltinFinding[];
  /** Checks against the workspace's schema (core/semantics/check-docs.ts). */
  readonly schemaChecks: readonly (SchemaCheckDocs | SchemaCheckMeta)[];
  /** Options beyond the severity, per id (core/config/rule-options.ts). */
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
    rules: ALL_RULES.map((r) => r.meta),
    builtins: BUILTIN_FINDINGS,
    // The database-backed check is documented with the schema checks; its examples need row estimates.
    schemaChecks: [...SCHEMA_CHECK_DOCS, UNINDEXED_FILTER_META],
    ruleOptions: RULE_OPTIONS,
    categories: RULE_CATEGORIES,
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
