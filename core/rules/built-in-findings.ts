/**
 * Findings the linter reports itself rather than through a rule (syntax errors, stale ignore comments): their
 * documentation pages and configuration entries. Examples are checked by test/unit/docs-sync.test.ts.
 */
import type { RuleDocs, Severity } from './types';

export const SYNTAX_ERROR_RULE_ID = 'syntax-error';
export const RULE_FAILURE_ID = 'internal-error';
export const UNUSED_IGNORE_RULE_ID = 'unused-ignore';
export const MIGRATION_REFUSED_ID = 'migration-refused';

export interface BuiltinFinding {
  readonly id: string;
  readonly defaultSeverity: Severity;
  readonly fixable: boolean;
  /** Whether `-- pg-architect-ignore` comments can silence it. */
  readonly suppressible: boolean;
  /**
   * Reported by applying the project's migrations to the embedded PostgreSQL (core/trace), not by the linter: its
   * examples are checked that way (the bad example is a project's only migration).
   */
  readonly observed?: boolean;
  readonly docs: RuleDocs;
}

export const BUILTIN_FINDINGS: readonly BuiltinFinding[] = [
  {
    id: SYNTAX_ERROR_RULE_ID,
    defaultSeverity: 'error',
    fixable: false,
    suppressible: false,
    docs: {
      summary: 'A statement PostgreSQL cannot parse, with PostgreSQL’s own message at PostgreSQL’s own cursor.',
      why:
        'Every statement is parsed by PostgreSQL’s real parser (libpg-query), one statement at a time, so an error in ' +
        'one statement never hides the rest of the file. PL/pgSQL bodies are parsed too. A migration with a syntax ' +
        'error fails when it runs — and when it runs without a transaction, the statements before it have already ' +
        'been applied.',
      instead: 'Correct the statement. The message and position are what `psql` would show for the same text.',
      bad: 'SELECT * FORM users;',
      good: 'SELECT * FROM users;',
    },
  },
  {
    id: MIGRATION_REFUSED_ID,
    defaultSeverity: 'error',
    fixable: false,
    suppressible: false,
    observed: true,
    docs: {
      summary: 'A statement PostgreSQL refused when the project’s migrations were applied in order to the embedded PostgreSQL, with its own message.',
      why:
        'The migrations are applied to an embedded PostgreSQL (the real server, in WASM) the way their tool runs them: in ' +
        'order, each part inside or outside a transaction as the tool does. A column that does not exist, a type that ' +
        'does not cast, a constraint the data or the schema cannot have, a function body that does not compile: ' +
        'PostgreSQL says so here, before the deploy does. The rest of the history still applies, so one refusal does not ' +
        'hide the next. What this run cannot have (an extension the embedded build does not ship, a role of the server, ' +
        'the migration tool’s own table, a history that starts with tables no file creates) is not reported.',
      instead: 'Correct the statement, or the migration it depends on. `pg-architect trace` shows what each statement did.',
      bad: 'CREATE TABLE orders (id bigint PRIMARY KEY);\nALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES orders (id);',
      good: 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\nALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES orders (id);',
    },
  },
  {
    id: UNUSED_IGNORE_RULE_ID,
    defaultSeverity: 'warning',
    fixable: true,
    suppressible: false,
    docs: {
      summary: 'A `pg-architect-ignore` comment that suppresses nothing.',
      why:
        'Ignore comments outlive the code they were written for: after the statement changes, a stale ignore would ' +
        'silently swallow the next real finding of that rule. Reporting them keeps every ignore deliberate.',
      instead: 'Remove the comment (the quick fix does), or move it next to the statement it is meant for.',
      bad: '-- pg-architect-ignore ban-drop-table -- nothing here drops a table\nSELECT 1;',
      good: "SET lock_timeout = '5s';\n-- pg-architect-ignore ban-drop-table -- recreated by the next migration\nDROP TABLE audit_log;",
      fixed: '\nSELECT 1;',
    },
  },
];
