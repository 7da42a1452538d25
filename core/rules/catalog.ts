/**
 * The one catalogue of finding ids: every rule (schema-aware checks included) and the findings the linter
 * reports itself, with what the configuration, suppressions, the docs, SARIF and the editor need to know of
 * each. Built from the rules' meta, so adding a rule file adds its entry; `npm run docs` also writes it as
 * docs/findings.json for tools outside this code.
 */
import { BUILTIN_FINDINGS, RULE_FAILURE_ID } from './built-in-findings';
import { ALL_RULES } from './registry';
import type { NumericOption, RuleCategory, RuleDocs, Severity } from './types';

export interface FindingKind {
  readonly id: string;
  /** The rule's category, or 'built-in' for the linter's own findings. */
  readonly family: RuleCategory | 'built-in';
  readonly defaultSeverity: Severity;
  /** Off unless the configuration turns it on. */
  readonly optIn: boolean;
  readonly fixable: boolean;
  /** Whether `-- pg-architect-ignore` comments can silence it. */
  readonly suppressible: boolean;
  /** The documentation page, relative to the repository (absent: not documented, e.g. internal-error). */
  readonly docsPage?: string;
  readonly options?: Readonly<Record<string, NumericOption>>;
  readonly docs?: RuleDocs;
}

export const FINDING_KINDS: readonly FindingKind[] = [
  ...BUILTIN_FINDINGS.map((b) => ({ id: b.id, family: 'built-in' as const, defaultSeverity: b.defaultSeverity, optIn: false, fixable: b.fixable, suppressible: b.suppressible, docsPage: docsPage(b.id), docs: b.docs })),
  { id: RULE_FAILURE_ID, family: 'built-in', defaultSeverity: 'warning', optIn: false, fixable: false, suppressible: true },
  ...ALL_RULES.map(({ meta }) => ({
    id: meta.id,
    family: meta.category,
    defaultSeverity: meta.defaultSeverity,
    optIn: meta.optIn === true,
    fixable: meta.fixable,
    suppressible: true,
    docsPage: docsPage(meta.id),
    ...(meta.options ? { options: meta.options } : {}),
    docs: meta.docs,
  })),
];

const byId = new Map(FINDING_KINDS.map((k) => [k.id, k]));

export function findingKind(id: string): FindingKind | undefined {
  return byId.get(id);
}

/** What the configuration parser needs: whether an id exists, and the options it takes. */
export const KNOWN_FINDINGS = {
  has: (id: string): boolean => byId.has(id),
  options: (id: string): Readonly<Record<string, NumericOption>> | undefined => byId.get(id)?.options,
};

function docsPage(id: string): string {
  return `docs/rules/${id}.md`;
}
