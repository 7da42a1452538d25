/**
 * The linter: syntax errors from PostgreSQL's parser, then every enabled rule over one walk of each statement
 * (and of SQL embedded in PL/pgSQL bodies), then suppression comments. A rule that throws is reported as a
 * failure of that rule; it never takes the linter down.
 */
import { createHash } from 'node:crypto';
import type { Node } from '@pgsql/types';
import { parseDocument, type SqlDocument, type Statement, type StatementView } from './parse/document';
import type { OffsetRange } from './parse/positions';
import { collectVisited, VisitIndex, type VisitedNode } from './parse/visit-index';
import { analyzePlpgsql } from './parse/plpgsql';
import { describeNesting } from './parse/nesting';
import { computeFileFactsSteps, relationKey, type FileFacts, type FileRun, type StatementFacts } from './analysis/file-facts';
import { StatementFindingsCache, type NewRelationQuestion } from './analysis/statement-cache';
import { isPgDumpOutput } from './rules/migration-safety/support/pg-dump';
import { DEFAULT_CONFIG, defaultSetting, ruleOption, ruleSetting, type Config } from './config/config';
import { findSuppressions, SuppressionIndex, UNUSED_IGNORE_RULE_ID } from './rules/suppressions';
import type { Fix, ReportDescriptor, Rule, RuleCategory, RuleContext, RuleSchema, RuleVisitors, Severity, VisitInfo } from './rules/types';
import { ALL_RULES } from './rules/registry';
import { buildFileSchema, buildFileSchemaSteps, type FileSchema } from './rules/helpers/file-schema';
import { findingKind } from './rules/catalog';
import { schemaFindingsSteps } from './semantics/diagnostics';
import { finish, STATEMENTS_PER_LIGHT_STEP, STATEMENTS_PER_STEP, type Steps } from './runtime/steps';
import type { SchemaLookup } from './semantics/lookup';
import type { WorkspaceContext } from './semantics/cross-file-checks';

export { RULE_FAILURE_ID, SYNTAX_ERROR_RULE_ID } from './rules/built-in-findings';
import { SYNTAX_ERROR_RULE_ID } from './rules/built-in-findings';
import { timedVisitors, type Timings } from './timing';

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly range: OffsetRange;
  readonly fixes: readonly Fix[];
  readonly category?: RuleCategory;
}

export interface RuleFailure {
  readonly ruleId: string;
  readonly message: string;
  readonly stack?: string;
}

export interface LintResult {
  readonly document: SqlDocument;
  readonly findings: readonly Finding[];
  /** Rules that threw; their other findings are kept. */
  readonly ruleFailures: readonly RuleFailure[];
}

export interface LintOptions {
  readonly config?: Config;
  /** The file's path or name, for context such as `*.down.sql`. */
  readonly fileName?: string;
  /** Defaults to every rule. */
  readonly rules?: readonly Rule[];
  /** What the file is and how it runs (core/project); without it, read from the file's name and markers alone. */
  readonly run?: FileRun;
  /** The rule families that judge this kind of file (core/project/rule-scope.ts); default: all. */
  readonly categories?: ReadonlySet<RuleCategory>;
  /** The schema the file runs on (core/project), for the schema rules; without it they say nothing. */
  readonly schema?: { readonly lookup: SchemaLookup; readonly fresh: boolean; readonly workspace?: WorkspaceContext; readonly before?: SchemaLookup };
  /**
   * Keep per-statement work (what each statement's walk visits, the statement-scoped rules' findings) for the next
   * lint of an edited text, so an edit redoes only the statements it changed: the editor sets it; a one-pass run
   * does not (it would only hold memory).
   */
  readonly incremental?: boolean;
  /** Measure each rule's time and the file's facts here (`--timing`); absent: nothing is measured. */
  readonly timing?: Timings;
  /**
   * Judge only the statements that end within the first `head` characters (an editor's first answer on a large
   * file, about the part it opens at). Rules see the whole document as always, so each finding is one the whole
   * lint gives too; what is judged after the last statement is left out: end-of-file rules, ignore comments that
   * suppress nothing.
   */
  readonly head?: number;
}

/** Categories whose rules also run on SQL embedded in PL/pgSQL bodies. */
const EMBEDDED_CATEGORIES: ReadonlySet<RuleCategory> = new Set(['query', 'plpgsql', 'security']);

export function lintText(text: string, options: LintOptions = {}): LintResult {
  return lintDocument(parseDocument(text, options.fileName ?? 'untitled:query.sql'), options);
}

export function lintDocument(document: SqlDocument, options: LintOptions = {}): LintResult {
  return finish(lintDocumentSteps(document, options));
}

/** lintDocument, pausing every few statements (core/runtime/steps.ts). */
export function* lintDocumentSteps(document: SqlDocument, options: LintOptions = {}): Steps<LintResult> {
  const config = options.config ?? DEFAULT_CONFIG;
  const fileName = options.fileName ?? document.uri;
  const findings: Finding[] = [];
  const ruleFailures: RuleFailure[] = [];
  const timing = options.timing;
  const factsStarted = timing ? performance.now() : 0;
  const facts = yield* computeFileFactsSteps(document, fileName, config.assumeInTransaction, options.run);
  yield;
  if (timing) timing.addPart('file facts (transactions, locks, names)', performance.now() - factsStarted);

  const syntaxSeverity = ruleSetting(config, SYNTAX_ERROR_RULE_ID, 'error');
  const addSyntaxError = (message: string, range: OffsetRange): void => {
    if (syntaxSeverity !== 'off') findings.push({ ruleId: SYNTAX_ERROR_RULE_ID, severity: syntaxSeverity, message, range, fixes: [] });
  };
  /** Input that was not analysed (too large, nested too deeply): said once, where it starts. */
  const addNotice = (message: string, range: OffsetRange): void => {
    findings.push({ ruleId: SYNTAX_ERROR_RULE_ID, severity: 'info', message, range, fixes: [] });
  };
  for (const statement of document.statements) {
    const error = statement.syntaxError;
    if (error) addSyntaxError(error.message, errorRange(statement, error.offset));
    else if (statement.skipReason) addNotice(statement.skipReason, statement.headRange());
  }

  // Enabled rules and their visitors.
  const active: Active[] = [];
  let declared: FileSchema | undefined;
  const fileSchema = (): FileSchema => (declared ??= buildFileSchema(document, facts));
  const schemaChecks = options.schema && schemaForRules(document, options.schema, config, () => activeSeverities, timing, options.incremental === true);
  const ruleSchema = schemaChecks?.schema;
  /** While the statement-scoped rules judge a statement for the cache: the isNewRelation questions they ask. */
  let questions: NewRelationQuestion[] | undefined;
  let judging = 0;
  const statementFile: FileFacts = {
    fileName: facts.fileName,
    role: facts.role,
    sections: facts.sections,
    ...(facts.newMigration ? { newMigration: facts.newMigration } : {}),
    statements: facts.statements,
    created: facts.created,
    isNewRelation(rel, index) {
      const answer = facts.isNewRelation(rel, index);
      questions?.push({ relation: relationKey(rel), offset: index - judging, answer });
      return answer;
    },
  };
  // A pause between the syntax errors (one pass over a large file) and the rules' creation (another).
  yield;
  /** The severity of every rule that is on, for the schema checks judged in one pass. */
  const activeSeverities = new Map<string, Severity>();
  for (const rule of options.rules ?? ALL_RULES) {
    const setting = ruleSetting(config, rule.meta.id, defaultSetting(rule.meta));
    if (setting === 'off' || !appliesToVersion(rule, config.postgresVersion) || (options.categories && !options.categories.has(rule.meta.category))) continue;
    // Schema rules need the schema the file runs on: without one they are not on (and their ignore comments not stale).
    if (rule.meta.category === 'schema' && !ruleSchema) continue;
    const severity: Severity = setting;
    activeSeverities.set(rule.meta.id, severity);
    const statementScoped = rule.meta.scope === 'statement';
    const context: RuleContext = {
      document,
      settings: config,
      file: statementScoped ? statementFile : facts,
      // A statement-scoped rule's findings are kept per statement: the file's and the project's schema are not its.
      fileSchema: statementScoped ? () => { throw new Error(`${rule.meta.id} is statement-scoped (RuleMeta.scope) but asked for the file's schema`); } : fileSchema,
      ...(ruleSchema && !statementScoped ? { schema: ruleSchema } : {}),
      option: (name) => ruleOption(config, rule.meta.id, name) ?? rule.meta.options?.[name]?.default,
      report: (d) => findings.push({ ruleId: rule.meta.id, severity, message: d.message, range: d.range, fixes: d.fixes ?? [], category: rule.meta.category }),
    };
    try {
      const visitors = timing ? timedCreate(rule, context, timing) : rule.create(context);
      active.push({ rule, severity, visitors, failed: false });
    } catch (e) {
      ruleFailures.push(failure(rule.meta.id, e));
    }
  }
  /** A rule that throws is reported once and not called again in this lint. */
  const fail = (a: Active, e: unknown): void => {
    a.failed = true;
    ruleFailures.push(failure(a.rule.meta.id, e));
  };
  const guard = (a: Active, fn: () => void): void => {
    if (a.failed) return;
    try {
      fn();
    } catch (e) {
      fail(a, e);
    }
  };
  /** A rule's conclusion that pauses (a generator endOfFile), run to its end unless it throws; timed as the rule's. */
  function* guardedSteps(a: Active, steps: Steps<void>): Steps<void> {
    for (;;) {
      const started = timing ? performance.now() : 0;
      try {
        if (a.failed || steps.next().done) return;
      } catch (e) {
        fail(a, e);
        return;
      } finally {
        if (timing) timing.addRule(a.rule.meta.id, performance.now() - started);
      }
      yield;
    }
  }

  /**
   * The rules' visitors per node tag and their statement visitors, looked up once per rule set (not per statement:
   * reading a visitor off rules' objects of many shapes, for every statement and node, cost more than the call).
   */
  const dispatchTable = (rules: readonly Active[], keepNodes: boolean): DispatchTable => {
    const byTag = new Map<string, NodeVisitor[]>();
    const onStatement: StatementVisitor[] = [];
    for (const a of rules) {
      const visitors = a.visitors as Record<string, unknown>;
      for (const key of Object.keys(visitors)) {
        const fn = visitors[key];
        if (key === 'endOfFile' || typeof fn !== 'function') continue;
        if (key === 'statement') {
          onStatement.push({ active: a, fn: fn as StatementVisitor['fn'] });
          continue;
        }
        let list = byTag.get(key);
        if (!list) byTag.set(key, (list = []));
        list.push({ active: a, fn: fn as NodeVisitor['fn'] });
      }
    }
    const tags = new Set(byTag.keys());
    if (!keepNodes) return { byTag, onStatement, nodes: (ast) => collectVisited(ast, tags) };
    const index = VisitIndex.for(tags);
    return { byTag, onStatement, nodes: (ast) => index.nodes(ast) };
  };

  const visit = (statement: StatementView, statementFacts: StatementFacts, ast: Node, table: DispatchTable): void => {
    // (No closure per call: this runs for every listened node of every statement.)
    for (const v of table.onStatement) {
      if (v.active.failed) continue;
      try {
        v.fn(statement, statementFacts);
      } catch (e) {
        fail(v.active, e);
      }
    }
    if (table.byTag.size === 0) return;
    for (const { ref, parents } of table.nodes(ast)) {
      const info: VisitInfo = { statement, facts: statementFacts, parents, field: ref.field };
      for (const v of table.byTag.get(ref.tag)!) {
        if (v.active.failed) continue;
        try {
          v.fn(ref.node, info);
        } catch (e) {
          fail(v.active, e);
        }
      }
    }
  };

  /**
   * The rules run on one statement together: the ones whose findings the cache keeps, or the others. `keepNodes`:
   * list each parse's visited nodes once, for the lints after an edit (not worth its memory when not walked again).
   */
  const group = (rules: readonly Active[], keepNodes: boolean): RuleGroup => {
    const embedded = rules.filter((a) => EMBEDDED_CATEGORIES.has(a.rule.meta.category));
    return { rules, embedded, topLevelTable: dispatchTable(rules, keepNodes), embeddedTable: dispatchTable(embedded, keepNodes) };
  };
  // In the editor, statement-scoped rules run apart so their findings can be kept per statement; a one-pass run
  // visits each statement once with every rule.
  yield;
  const cache = options.incremental ? new StatementFindingsCache(yield* cacheContext(document, fileName, facts, config, options.categories, active)) : undefined;
  yield;
  // The statement-scoped rules walk a statement again only when its findings are not kept.
  const scoped = cache ? group(active.filter((a) => a.rule.meta.scope === 'statement'), false) : undefined;
  const rest = group(scoped ? active.filter((a) => a.rule.meta.scope !== 'statement') : active, options.incremental === true);
  const judge = (statement: Statement, statementFacts: StatementFacts, plpgsql: ReturnType<typeof analyzePlpgsql>, rules: RuleGroup): void => {
    for (const ast of statement.asts) visit(statement, statementFacts, ast, rules.topLevelTable);
    for (const embedded of plpgsql?.statements ?? []) {
      const embeddedAst = embedded.ast;
      if (embeddedAst) visit(embedded, statementFacts, embeddedAst, rules.embeddedTable);
    }
  };
  // A large file's schema is built before the rules ask for it, pausing as the statements do (100,000 statements:
  // 185 ms in one piece, which held the language server's other requests). A small file's only when asked for.
  if (document.statements.length > STATEMENTS_PER_LIGHT_STEP && active.some((a) => a.rule.meta.scope !== 'statement')) declared = yield* buildFileSchemaSteps(document, facts);
  const judged = options.head === undefined ? document.statements : document.statements.filter((s) => s.end <= options.head!);
  for (const [n, statement] of judged.entries()) {
    if (n % STATEMENTS_PER_STEP === STATEMENTS_PER_STEP - 1) yield;
    const statementFacts = facts.statements[statement.index];
    // The body is read before the rules visit the statement (it is kept): with --timing its cost is the reading's,
    // not the first PL/pgSQL rule's.
    const plpgsqlStarted = timing ? performance.now() : 0;
    const plpgsql = analyzePlpgsql(statement);
    if (timing) timing.addPart('PL/pgSQL bodies read', performance.now() - plpgsqlStarted);
    if (cache && scoped && scoped.rules.length > 0) {
      const known = cache.findings(statement, statementFacts, facts);
      if (known) findings.push(...known);
      else {
        const from = findings.length;
        const failures = ruleFailures.length;
        questions = [];
        judging = statement.index;
        judge(statement, statementFacts, plpgsql, scoped);
        if (ruleFailures.length === failures && !scoped.rules.some((a) => a.failed)) cache.keep(statement, statementFacts, findings.slice(from), questions);
        questions = undefined;
      }
    }
    judge(statement, statementFacts, plpgsql, rest);
    if (!plpgsql) continue;
    for (const error of plpgsql.errors) addSyntaxError(error.message, error.range);
    if (plpgsql.tooDeep) addNotice(`PL/pgSQL body is ${describeNesting(plpgsql.tooDeep)}; it was not checked.`, statement.headRange());
    for (const embedded of plpgsql.statements) {
      if (embedded.tooDeep) addNotice(`SQL is ${describeNesting(embedded.tooDeep)}; it was not checked.`, embedded.headRange());
    }
  }
  // The schema checks' one pass, before the end-of-file rules ask for it: it pauses as the statements do.
  if (schemaChecks && options.head === undefined) yield* schemaChecks.prepare();
  for (const a of options.head === undefined ? active : []) {
    const end = a.visitors.endOfFile;
    if (!end) continue;
    // Each file-level conclusion reads every statement: a pause between them, and within one that pauses.
    yield;
    let steps: Steps<void> | undefined;
    guard(a, () => {
      steps = end() ?? undefined;
    });
    if (steps) yield* guardedSteps(a, steps);
  }

  yield;
  const kept = applySuppressions(document, findings, new Set(active.map((a) => a.rule.meta.id)), config, options.head === undefined);
  yield;
  kept.sort((x, y) => x.range.start - y.range.start || x.range.end - y.range.end || x.ruleId.localeCompare(y.ruleId));
  return { document, findings: kept, ruleFailures };
}

/** A rule's visitors with their time measured, its set-up (create) counted too. */
function timedCreate(rule: Rule, context: RuleContext, timing: Timings): RuleVisitors {
  const started = performance.now();
  try {
    return timedVisitors(rule.create(context), rule.meta.id, timing);
  } finally {
    timing.addRule(rule.meta.id, performance.now() - started);
  }
}

/** An enabled rule in one lint. */
interface Active {
  readonly rule: Rule;
  readonly severity: Severity;
  readonly visitors: RuleVisitors;
  failed: boolean;
}

interface RuleGroup {
  readonly rules: readonly Active[];
  /** Those that also judge SQL embedded in PL/pgSQL bodies. */
  readonly embedded: readonly Active[];
  readonly topLevelTable: DispatchTable;
  readonly embeddedTable: DispatchTable;
}

/**
 * Everything a statement-scoped rule may read besides its statement, its facts and its isNewRelation answers: the
 * file's name and kind, whether it is pg_dump output, the settings, which of those rules are on how, and what each
 * reads of the whole file (Rule.fileInputs).
 */
function* cacheContext(document: SqlDocument, fileName: string, facts: FileFacts, config: Config, categories: ReadonlySet<RuleCategory> | undefined, active: readonly Active[]): Steps<string> {
  const rules: [string, Severity, string][] = [];
  for (const a of active) {
    if (a.rule.meta.scope !== 'statement') continue;
    // Each reads the whole file (a large one: tens of milliseconds together): a pause after each that does.
    const inputs = a.rule.fileInputs?.(document);
    rules.push([a.rule.meta.id, a.severity, inputs ?? '']);
    if (inputs !== undefined) yield;
  }
  // A digest: what the rules read of the file can be long (every table's columns).
  return createHash('sha1').update(JSON.stringify([fileName, facts.role, isPgDumpOutput(document), config, categories ? [...categories].sort() : null, rules])).digest('base64');
}

interface StatementVisitor {
  readonly active: Active;
  readonly fn: (statement: StatementView, facts: StatementFacts) => void;
}

interface NodeVisitor {
  readonly active: Active;
  readonly fn: (node: object, info: VisitInfo) => void;
}

interface DispatchTable {
  readonly byTag: ReadonlyMap<string, readonly NodeVisitor[]>;
  /** The rules' statement visitors, in rule order. */
  readonly onStatement: readonly StatementVisitor[];
  /** The nodes of an AST that some rule of the table listens to, in walk order. */
  readonly nodes: (ast: Node) => readonly VisitedNode[];
}

function appliesToVersion(rule: Rule, version: number): boolean {
  const v = rule.meta.postgresVersions;
  return !v || ((v.min === undefined || version >= v.min) && (v.max === undefined || version <= v.max));
}

function errorRange(statement: StatementView, offset: number): OffsetRange {
  const token = statement.tokenAt(offset);
  if (token) return { start: token.start, end: token.end };
  // At end of input, or inside text the scanner rejects: mark the last visible character before the cursor.
  const end = Math.min(Math.max(offset, statement.start), statement.end);
  return end > statement.start ? { start: end - 1, end } : { start: end, end: Math.min(end + 1, statement.end) };
}

function failure(ruleId: string, e: unknown): RuleFailure {
  const error = e instanceof Error ? e : new Error(String(e));
  return { ruleId, message: error.message, stack: error.stack };
}

function applySuppressions(document: SqlDocument, findings: readonly Finding[], activeIds: ReadonlySet<string>, config: Config, reportUnused: boolean): Finding[] {
  const suppressions = findSuppressions(document);
  if (suppressions.length === 0) return [...findings];
  const used = suppressions.map(() => new Set<string>());
  const kept: Finding[] = [];
  const index = new SuppressionIndex(suppressions);
  for (const f of findings) {
    const covering = f.ruleId === SYNTAX_ERROR_RULE_ID ? [] : index.covering(f.ruleId, f.range.start);
    for (const i of covering) used[i].add(f.ruleId);
    if (covering.length === 0) kept.push(f);
  }
  const severity = ruleSetting(config, UNUSED_IGNORE_RULE_ID, 'warning');
  if (severity === 'off' || !reportUnused) return kept;
  suppressions.forEach((s, i) => {
    // Another tool's comment may be there for that tool: never reported.
    if (s.foreign) return;
    const removeComment: Fix = { title: 'Remove this ignore comment', edits: [{ range: s.range, newText: '' }] };
    if (s.ruleIds.length === 0) {
      if (used[i].size === 0) kept.push({ ruleId: UNUSED_IGNORE_RULE_ID, severity, message: 'This ignore comment suppresses nothing.', range: s.range, fixes: [removeComment] });
      return;
    }
    s.ruleIds.forEach((id, k) => {
      if (used[i].has(id)) return;
      const known = activeIds.has(id) || ruleIsKnown(id);
      if (known && !activeIds.has(id)) return; // the rule is off or not for this version: nothing to suppress
      const message = known ? `"${id}" is ignored here but reports nothing.` : `Unknown rule "${id}" in ignore comment.`;
      kept.push({ ruleId: UNUSED_IGNORE_RULE_ID, severity, message, range: s.idRanges[k], fixes: s.ruleIds.length === 1 ? [removeComment] : [] });
    });
  });
  return kept;
}

function ruleIsKnown(id: string): boolean {
  return findingKind(id) !== undefined;
}

/** How `--timing` names the schema rules' shared pass. */
const SCHEMA_PASS = 'schema checks (one pass for every schema rule)';

/**
 * The schema as the schema rules see it: the checks judged in one pass (names resolved once for all of them) on
 * first request, after every rule is set up, for the rules that are on; each rule then reports its own id's.
 */
function schemaForRules(document: SqlDocument, schema: NonNullable<LintOptions['schema']>, config: Config, severities: () => ReadonlyMap<string, Severity>, timing: Timings | undefined, incremental: boolean): { readonly schema: RuleSchema; prepare(): Steps<void> } {
  let byRule: Map<string, ReportDescriptor[]> | undefined;
  /** The checks of every rule that is on (called once every rule is set up), filed by rule. */
  function* judge(): Steps<Map<string, ReportDescriptor[]>> {
    const on = severities();
    const started = timing ? performance.now() : 0;
    const all = yield* schemaFindingsSteps(document, schema.lookup, { config, severityOf: (id) => on.get(id), fresh: schema.fresh, suppress: false, incremental, ...(schema.workspace ? { workspace: schema.workspace } : {}) });
    // The shared pass is every schema rule's, not the one that happened to ask first.
    if (timing) timing.addRule(SCHEMA_PASS, performance.now() - started);
    const filed = new Map<string, ReportDescriptor[]>();
    for (const f of all) {
      let list = filed.get(f.ruleId);
      if (!list) filed.set(f.ruleId, (list = []));
      list.push({ range: f.range, message: f.message, fixes: f.fixes });
    }
    return filed;
  }
  return {
    schema: {
      ...schema,
      findings(ruleId) {
        if (!byRule) {
          // Asked before prepare() ran (a rule's statement visitor): judged now, at once.
          const started = timing ? performance.now() : 0;
          byRule = finish(judge());
          if (timing) timing.addRule(ruleId, -(performance.now() - started));
        }
        return byRule.get(ruleId) ?? [];
      },
    },
    *prepare() {
      // Only where a rule will ask: the schema rules always do, the schema-design pair rules on a schema file
      // judged across the project (schema.workspace); any other asker still gets them, judged when it asks.
      const asking = [...severities().keys()].some((id) => { const family = findingKind(id)?.family; return family === 'schema' || (family === 'schema-design' && schema.workspace !== undefined); });
      if (!byRule && asking) {
        const filed = yield* judge();
        byRule ??= filed;
      }
    },
  };
}
