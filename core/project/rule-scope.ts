/**
 * Which findings a kind of file gets. A migration or a plain script gets every rule; a schema dump, an
 * extension's script, a query file or a seed is not a change to a live database, so the migration-safety rules
 * (locks, rewrites, transactions) say nothing there; tests and down migrations get syntax errors only (a test
 * creates what it likes; a down migration runs on rollback). Schema-aware checks need a file that runs against
 * the project's schema.
 */
import { RULE_CATEGORIES, type RuleCategory } from '../rules/types';
import type { FileKind } from './classify';

const ALL: ReadonlySet<RuleCategory> = new Set(RULE_CATEGORIES);
const NOT_A_CHANGE: ReadonlySet<RuleCategory> = new Set(RULE_CATEGORIES.filter((c) => c !== 'migration-safety'));
const NONE: ReadonlySet<RuleCategory> = new Set();

export function ruleCategoriesFor(kind: FileKind): ReadonlySet<RuleCategory> {
  switch (kind) {
    case 'migration':
    case 'script':
      return ALL;
    case 'schema-dump':
    case 'extension-script':
    case 'query':
    case 'seed':
      return NOT_A_CHANGE;
    case 'test':
    case 'down-migration':
      return NONE;
  }
}

/** Whether unknown-table, unknown-column and the other schema rules judge this kind of file (they are in ruleCategoriesFor). */
export function schemaChecksApply(kind: FileKind): boolean {
  return ruleCategoriesFor(kind).has('schema');
}
