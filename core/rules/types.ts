/**
 * The rule contract. A rule is one file: `meta` (id, category, severity, versions, docs with a bad and a good
 * example that double as its tests) and `create(context)`, which returns visitors keyed by AST node tag, like
 * an ESLint rule. Rules never see the editor: they report offset ranges and text-edit fixes.
 */
import type { OffsetRange } from '../parse/positions';
import type { StatementView, SqlDocument } from '../parse/document';
import type { AstRef, NodeByTag } from '../parse/ast';
import type { StatementFacts, FileFacts } from '../analysis/file-facts';
import type { FileSchema } from './helpers/file-schema';
import type { SchemaLookup } from '../semantics/lookup';
import type { WorkspaceContext } from '../semantics/cross-file-checks';
import type { Steps } from '../runtime/steps';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

/** `schema`: checks against the schema the file runs on (the project's catalog, or a connected database's). */
export type RuleCategory = 'migration-safety' | 'schema-design' | 'query' | 'security' | 'plpgsql' | 'schema';
export const RULE_CATEGORIES: readonly RuleCategory[] = ['migration-safety', 'schema-design', 'query', 'security', 'plpgsql', 'schema'];

export interface TextEdit {
  readonly range: OffsetRange;
  readonly newText: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** Safe to apply without review (shown as the preferred quick fix). */
  readonly preferred?: boolean;
  /**
   * Files the fix creates beside the edits, e.g. a migration of its own for a statement that cannot run in the
   * tool's transaction. Paths are relative to the folder of the file the finding is in, `/`-separated.
   */
  readonly newFiles?: readonly NewFile[];
  /**
   * The schema change the fix makes (an index, a constraint), written as a migration of its own. In a migration that
   * may have run already (not the newest one), that is the fix offered first: editing history changes nothing on
   * the databases where it ran (core/project/history-fixes.ts).
   */
  readonly asMigration?: MigrationChange;
}

/** A schema change as the statements of a new migration. */
export interface MigrationChange {
  /** Words for the file name. */
  readonly name: string;
  readonly up: string;
  readonly down?: string;
  /** The statements cannot run inside a transaction block (CREATE INDEX CONCURRENTLY). */
  readonly outsideTransaction: boolean;
}

export interface NewFile {
  readonly path: string;
  readonly text: string;
}

export interface RuleDocs {
  /** One sentence: what the rule reports. */
  readonly summary: string;
  /** Markdown: why it hurts (locks, rewrites, correctness), with PostgreSQL specifics. */
  readonly why: string;
  /** Markdown: what to do instead. */
  readonly instead: string;
  /** SQL on which the rule must report (at least once). */
  readonly bad: string;
  /** SQL on which the rule must stay silent. */
  readonly good: string;
  /** When set: the text `bad` becomes after applying the first fix of every finding. */
  readonly fixed?: string;
  /** File name the examples are linted as (e.g. a `.down.sql` path), when the rule depends on it. */
  readonly exampleFile?: string;
  /** Settings the examples are linted with, when the rule depends on them. */
  readonly exampleSettings?: Partial<LintSettings>;
  /** For schema rules: the project's schema (DDL) the examples are checked against. */
  readonly exampleSchema?: string;
  /** For rules that need a connected database: its DDL and the row estimates its statistics give. */
  readonly exampleDatabase?: { readonly ddl: string; readonly rowEstimates: Readonly<Record<string, number>> };
}

/** A numeric option a rule takes besides its severity (`{ "severity": "info", "minRows": 50000 }`). */
export interface NumericOption {
  readonly default: number;
  readonly minimum: number;
  readonly integer: boolean;
  readonly description: string;
}

export interface RuleMeta {
  /** kebab-case; squawk's id where squawk has the rule, so configurations carry over. */
  readonly id: string;
  readonly category: RuleCategory;
  /** The severity it reports with when on (for an opt-in rule: the one its docs suggest turning it on with). */
  readonly defaultSeverity: Severity;
  /**
   * Off unless pg-architect.json sets a severity for it: advice that was mostly noise on real projects (measured
   * with `npm run corpus-report`), worth turning on where a team wants it. Its docs say so.
   */
  readonly optIn?: boolean;
  /** PostgreSQL major versions the rule applies to (inclusive); absent bounds are open. */
  readonly postgresVersions?: { readonly min?: number; readonly max?: number };
  readonly docs: RuleDocs;
  /** True when the rule offers at least one fix. */
  readonly fixable: boolean;
  /** Options besides the severity, read by the configuration, its JSON schema and the docs. */
  readonly options?: Readonly<Record<string, NumericOption>>;
  /**
   * `statement`: what the rule reports on a statement depends on that statement alone (its text, its facts), the
   * settings, the file's kind and name, which relations the file created before it (`file.isNewRelation`), and
   * what `Rule.fileInputs` names. It
   * keeps nothing across statements, has no endOfFile, and reads no other statement, no file schema and no project
   * schema. The editor's engine then keeps its findings per statement across edits and re-runs it only on the
   * statements an edit changed (core/analysis/statement-cache.ts); a test checks the claim on the corpus.
   */
  readonly scope?: 'statement';
}

export interface LintSettings {
  /** Target PostgreSQL major version. */
  readonly postgresVersion: number;
  /** Treat every file as running inside one transaction (as most migration tools do). */
  readonly assumeInTransaction: boolean;
}

export interface ReportDescriptor {
  readonly range: OffsetRange;
  readonly message: string;
  readonly fixes?: readonly Fix[];
}

export interface RuleContext {
  readonly document: SqlDocument;
  readonly settings: LintSettings;
  readonly file: FileFacts;
  /** The tables, indexes and keys the whole file declares, built once per lint and shared by the rules that ask. */
  fileSchema(): FileSchema;
  /** The schema the file runs on, when the engine has one (a project, a connected database); else absent. */
  readonly schema?: RuleSchema;
  /** The value of one of the rule's options (meta.options): the configured one, else its default. */
  option(name: string): number | undefined;
  report(descriptor: ReportDescriptor): void;
}

/** The schema a file is checked against, as schema rules see it. */
export interface RuleSchema {
  readonly lookup: SchemaLookup;
  /** False when the file's own DDL in the lookup is from an older text of it (its tables' columns may lag). */
  readonly fresh: boolean;
  /** Set for a schema file whose project catalog is current: pair rules judge keys and indexes across files. */
  readonly workspace?: WorkspaceContext;
  /**
   * The schema before this file runs (the project's earlier files in migration order), when the project knows it:
   * what a change in this file changes from (a column's type before ALTER ... TYPE).
   */
  readonly before?: SchemaLookup;
  /**
   * The schema checks' findings for one rule id, computed once per lint for every check that is on (name
   * resolution is shared), in the order of the text.
   */
  findings(ruleId: string): readonly ReportDescriptor[];
}

/** Where a visited node is: its statement (with migration facts) and its ancestors, outermost first. */
export interface VisitInfo {
  readonly statement: StatementView;
  readonly facts: StatementFacts;
  readonly parents: readonly AstRef[];
  /** Field of the parent that holds this node. */
  readonly field: string;
}

export type NodeVisitors = { readonly [K in keyof NodeByTag]?: (node: NodeByTag[K], info: VisitInfo) => void };

export interface RuleVisitors extends NodeVisitors {
  /** Every top-level statement that parsed, before its nodes are visited. */
  readonly statement?: (statement: StatementView, facts: StatementFacts) => void;
  /**
   * After all statements: for file-level conclusions. A generator (`*endOfFile()`) may yield between pieces of a
   * long conclusion (every few of a large file's foreign keys): the editor answers other requests meanwhile.
   */
  readonly endOfFile?: () => void | Steps<void>;
}

export interface Rule {
  readonly meta: RuleMeta;
  create(context: RuleContext): RuleVisitors;
  /**
   * For a statement-scoped rule that also reads something of the whole file (the functions it uses as aggregate
   * support, the columns its tables have): that, as a key. Its findings on a statement are reused only while the
   * key is the same.
   */
  fileInputs?(document: SqlDocument): string;
}

/** Identity helper that checks a rule's shape at compile time. */
export function defineRule(rule: Rule): Rule {
  return rule;
}
