/**
 * What the statement-scoped rules (RuleMeta.scope) reported on a statement, kept across the editor's lints of an
 * edited document: an edit re-runs those rules only on the statements it changed (and likewise the schema checks'
 * findings, SchemaFindingsCache below). An entry belongs to the
 * statement's parse (shared by every statement with the same text, dropped with it), and is found by what else
 * the findings may depend on: the lint's context (file, kind, settings, rules), the statement's facts, and the
 * answers it got from `file.isNewRelation`, which are asked again before the entry is used. Positions are kept
 * relative to the statement's start, so a statement that moved keeps its findings.
 */
import type { Finding } from '../lint';
import type { Statement } from '../parse/document';
import { detached, type ParseOutcome } from '../parse/parser';
import type { OffsetRange } from '../parse/positions';
import type { Fix } from '../rules/types';
import type { FileFacts, StatementFacts } from './file-facts';

/** One `file.isNewRelation` question a rule asked while judging the statement, and its answer. */
export interface NewRelationQuestion {
  readonly relation: string;
  /** The statement index asked about, relative to the judged statement's. */
  readonly offset: number;
  readonly answer: boolean;
}

interface Entry {
  /** The lint context's number and the statement's facts it was judged with. */
  readonly context: number;
  readonly facts: StatementFacts;
  /** facts.transactionStart relative to the statement's index. */
  readonly transactionStart: number | undefined;
  /** Ranges relative to the statement's start. */
  readonly findings: readonly Finding[];
  readonly questions: readonly NewRelationQuestion[];
}

/** Entries per parse: one per context a statement with that text was judged in lately (files, edits of facts). */
const MAX_ENTRIES_PER_PARSE = 8;

const entries = new WeakMap<ParseOutcome, Entry[]>();

/**
 * Lint contexts by a short number: an entry carries one, not the context's whole text. Numbers are never reused,
 * so forgetting old contexts (many files linted in a long session) cannot revive stale entries.
 */
const contextNumbers = new Map<string, number>();
const MAX_CONTEXTS = 1_000;
let nextContext = 0;

function contextNumber(context: string): number {
  let known = contextNumbers.get(context);
  if (known === undefined) {
    if (contextNumbers.size >= MAX_CONTEXTS) contextNumbers.clear();
    contextNumbers.set(context, (known = nextContext++));
  }
  return known;
}

export class StatementFindingsCache {
  private readonly context: number;

  /** `context`: every input of the lint the rules may read besides the statement (the file, the settings, ...). */
  constructor(context: string) {
    this.context = contextNumber(context);
  }

  /** The cached findings of `statement` (document positions), or undefined when they must be computed. */
  findings(statement: Statement, facts: StatementFacts, file: FileFacts): readonly Finding[] | undefined {
    const list = cacheable(statement) && entries.get(statement.parseOutcome!);
    const entry = list && list.find((e) => this.matches(e, statement, facts));
    if (!entry) return undefined;
    for (const q of entry.questions) if (file.isNewRelation(q.relation, statement.index + q.offset) !== q.answer) return undefined;
    return statement.start === 0 ? entry.findings : entry.findings.map((f) => moved(f, statement.start));
  }

  /**
   * Keeps what the rules reported on `statement` (document positions). Not kept when a finding or fix reaches
   * outside the statement: its position does not move with the statement.
   */
  keep(statement: Statement, facts: StatementFacts, found: readonly Finding[], questions: readonly NewRelationQuestion[]): void {
    if (!cacheable(statement) || !within(statement, found)) return;
    const outcome = statement.parseOutcome!;
    let list = entries.get(outcome);
    if (!list) entries.set(outcome, (list = []));
    const stale = list.findIndex((e) => this.matches(e, statement, facts));
    if (stale >= 0) list.splice(stale, 1);
    else if (list.length >= MAX_ENTRIES_PER_PARSE) list.shift();
    list.push({ context: this.context, facts, transactionStart: relativeStart(statement, facts), findings: found.map((f) => ownFinding(f, -statement.start)), questions });
  }

  private matches(e: Entry, statement: Statement, facts: StatementFacts): boolean {
    const f = e.facts;
    return (
      e.context === this.context &&
      f.inTransaction === facts.inTransaction &&
      f.transaction === facts.transaction &&
      f.runs === facts.runs &&
      f.explicitTransaction === facts.explicitTransaction &&
      e.transactionStart === relativeStart(statement, facts) &&
      f.lockTimeoutSet === facts.lockTimeoutSet &&
      f.statementTimeoutSet === facts.statementTimeoutSet &&
      f.downMigration === facts.downMigration
    );
  }
}

/**
 * A statement whose text is what PostgreSQL parsed (Statement.verbatim): then every statement sharing its parse has
 * its very text, and the entry needs no copy of it (a slice would keep the whole document alive).
 */
function cacheable(statement: Statement): boolean {
  return statement.parseOutcome !== undefined && statement.verbatim;
}

function relativeStart(statement: Statement, facts: StatementFacts): number | undefined {
  return facts.transactionStart === undefined ? undefined : statement.index - facts.transactionStart;
}

/** What the entry keeps of a finding: moved, with strings of its own (a slice would keep an old document alive). */
function ownFinding(finding: Finding, by: number): Finding {
  const m = moved(finding, by);
  const fixes = m.fixes.map((fix): Fix => ({ ...fix, title: detached(fix.title), edits: fix.edits.map((e) => ({ ...e, newText: detached(e.newText) })) }));
  return { ...m, message: detached(m.message), fixes };
}

function moved(finding: Finding, by: number): Finding {
  const shift = (r: OffsetRange): OffsetRange => ({ start: r.start + by, end: r.end + by });
  const fixes = finding.fixes.length === 0 ? finding.fixes : finding.fixes.map((fix): Fix => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, range: shift(e.range) })) }));
  return { ...finding, range: shift(finding.range), fixes };
}

interface SchemaEntry {
  readonly context: number;
  /** The search_path at the statement. */
  readonly path: string;
  /** Ranges relative to the statement's start: the query checks' and a view's query's, kept apart to keep their order. */
  readonly findings: readonly Finding[];
  readonly viewFindings: readonly Finding[];
}

const schemaEntries = new WeakMap<ParseOutcome, SchemaEntry[]>();

/**
 * What the schema checks found in a statement, kept across the editor's lints of an edited document: found by the
 * checks' context (the catalogs they read by identity, the settings, what the file itself creates) and the
 * statement's search_path, so an edit judges again only the statements it changed.
 */
export class SchemaFindingsCache {
  private readonly context: number;

  constructor(context: string) {
    this.context = contextNumber(context);
  }

  findings(statement: Statement, path: string): { readonly findings: readonly Finding[]; readonly viewFindings: readonly Finding[] } | undefined {
    const list = cacheable(statement) && schemaEntries.get(statement.parseOutcome!);
    const entry = list && list.find((e) => e.context === this.context && e.path === path);
    if (!entry) return undefined;
    const at = (found: readonly Finding[]): readonly Finding[] => (statement.start === 0 || found.length === 0 ? found : found.map((f) => moved(f, statement.start)));
    return { findings: at(entry.findings), viewFindings: at(entry.viewFindings) };
  }

  keep(statement: Statement, path: string, findings: readonly Finding[], viewFindings: readonly Finding[]): void {
    if (!cacheable(statement) || !within(statement, findings) || !within(statement, viewFindings)) return;
    const outcome = statement.parseOutcome!;
    let list = schemaEntries.get(outcome);
    if (!list) schemaEntries.set(outcome, (list = []));
    const stale = list.findIndex((e) => e.context === this.context && e.path === path);
    if (stale >= 0) list.splice(stale, 1);
    else if (list.length >= MAX_ENTRIES_PER_PARSE) list.shift();
    const own = (found: readonly Finding[]): readonly Finding[] => found.map((f) => ownFinding(f, -statement.start));
    list.push({ context: this.context, path, findings: own(findings), viewFindings: own(viewFindings) });
  }
}

function within(statement: Statement, found: readonly Finding[]): boolean {
  const inside = (r: OffsetRange): boolean => r.start >= statement.start && r.end <= statement.end;
  return found.every((f) => inside(f.range) && f.fixes.every((x) => x.edits.every((e) => inside(e.range))));
}
