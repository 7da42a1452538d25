/**
 * A parsed SQL document: its statements (each parsed on its own, so one syntax error never hides the others),
 * psql meta-commands, COPY data blocks and comments, with every location in document UTF-16 offsets.
 */
import type { Node } from '@pgsql/types';
import { LineIndex, type OffsetRange } from './positions';
import { resplitSqlSteps, segmentParseText, splitSqlSteps, textChange, type Comment, type ResplitReuse, type Segment } from './split';
import { finish, STATEMENTS_PER_STEP, type Steps } from '../runtime/steps';
import { nodeTag, parseStatementText, scanTokens, type ParseOutcome, type ScanToken } from './parser';
import { findTokenAt, findWords, headRangeOf } from './tokens';
import { describeNesting } from './nesting';
import { identifierAt } from './lexeme';

/** Statements longer than this (UTF-16 units) are not parsed: the parser would take seconds. */
export const MAX_STATEMENT_LENGTH = 1_000_000;

export interface StatementSyntaxError {
  readonly message: string;
  /** Document offset of PostgreSQL's error cursor. */
  readonly offset: number;
}

/**
 * What rules see of a statement: a top-level statement of the document, or a SQL statement embedded in a
 * PL/pgSQL body (then offsets map into the body inside the document).
 */
export interface StatementView {
  readonly index: number;
  readonly start: number;
  readonly end: number;
  /** The statement's own text (for embedded statements: the SQL as PL/pgSQL hands it to the parser). */
  readonly text: string;
  readonly ast: Node | undefined;
  readonly kind: string;
  /** Set for SQL embedded in a PL/pgSQL body: the top-level statement that contains it. */
  readonly container?: Statement;
  offsetOfLocation(location: number | undefined): number;
  rangeOfLocation(location: number | undefined): OffsetRange;
  tokens(): readonly DocumentToken[];
  tokenAt(offset: number): DocumentToken | undefined;
  rangeOfWords(words: readonly string[], from?: number): OffsetRange;
  headRange(): OffsetRange;
}

const NO_NODES: readonly Node[] = [];
/** A parse's statement nodes, listed once per parse (every rule pass asks for them). */
const astLists = new WeakMap<ParseOutcome, readonly Node[]>();

export class Statement implements StatementView {
  private tokensCache: readonly DocumentToken[] | undefined;

  constructor(
    readonly index: number,
    readonly segment: Segment,
    /** The statement as written (document slice). */
    readonly text: string,
    private readonly outcome: ParseOutcome | undefined,
    /**
     * The text is what PostgreSQL parsed (no psql command blanked out): every statement sharing this one's parse has
     * this very text, so what is derived from the parse and the text alone can be kept per parse.
     */
    readonly verbatim = false,
  ) {}

  get start(): number {
    return this.segment.start;
  }

  get end(): number {
    return this.segment.end;
  }

  get range(): OffsetRange {
    return { start: this.segment.start, end: this.segment.end };
  }

  /** The statement node (`{IndexStmt: {...}}`), undefined for a syntax error or a comment-only segment. */
  get ast(): Node | undefined {
    return this.outcome?.stmts[0]?.stmt;
  }

  /** More than one node only in unusual input (e.g. `\;` joined statements). */
  get asts(): readonly Node[] {
    if (!this.outcome) return NO_NODES;
    let list = astLists.get(this.outcome);
    if (!list) astLists.set(this.outcome, (list = this.outcome.stmts.flatMap((s) => (s.stmt ? [s.stmt] : []))));
    return list;
  }

  /** 'IndexStmt', 'SelectStmt', ... or '' when there is no AST. */
  get kind(): string {
    const ast = this.ast;
    return ast ? nodeTag(ast) : '';
  }

  get syntaxError(): StatementSyntaxError | undefined {
    if (!this.outcome || this.outcome.dependsOnPsqlVariables || this.outcome.tooDeep) return undefined;
    const error = this.outcome.error;
    return error ? { message: error.message, offset: this.start + error.index } : undefined;
  }

  /** The text PostgreSQL's parser saw: same length as `text`, with psql meta-commands and variables neutralised. */
  get parsedText(): string {
    return this.outcome?.text ?? this.text;
  }

  /** The cached parse outcome (shared by every statement with the same text). */
  get parseOutcome(): ParseOutcome | undefined {
    return this.outcome;
  }

  /** True when the statement was too large to parse (see MAX_STATEMENT_LENGTH) or nests too deeply (nesting.ts). */
  get skipped(): boolean {
    return this.outcome === undefined || this.outcome.tooDeep !== undefined;
  }

  /** Why a skipped statement was not analysed, as a sentence. */
  get skipReason(): string | undefined {
    if (!this.outcome) return `Statement of ${this.text.length.toLocaleString('en-US')} characters is too large to analyse; it was not checked.`;
    return this.outcome.tooDeep ? `Statement is ${describeNesting(this.outcome.tooDeep)}; it was not checked.` : undefined;
  }

  /** The statement's meaning depends on psql variables we cannot resolve: it is neither accepted nor rejected. */
  get dependsOnPsqlVariables(): boolean {
    return this.outcome?.dependsOnPsqlVariables ?? false;
  }

  get psqlVariablesSubstituted(): boolean {
    return this.outcome?.psqlVariablesSubstituted ?? false;
  }

  /** Document offset of an AST `location` (a UTF-8 byte offset into the statement). */
  offsetOfLocation(location: number | undefined): number {
    if (location === undefined || location < 0 || !this.outcome) return this.start;
    return this.start + this.outcome.offsets.indexOfByte(location);
  }

  /** PostgreSQL's tokens of this statement, with document offsets. */
  tokens(): readonly DocumentToken[] {
    if (this.tokensCache) return this.tokensCache;
    const start = this.start;
    this.tokensCache = this.outcome
      ? scanTokens(this.outcome).map((t) => ({ ...t, start: t.start + start, end: t.end + start }))
      : [];
    return this.tokensCache;
  }

  /** The token that contains a document offset. */
  tokenAt(offset: number): DocumentToken | undefined {
    return findTokenAt(this.tokens(), offset);
  }

  /** Range of the token at an AST location, or a zero-width range at the statement start. */
  rangeOfLocation(location: number | undefined): OffsetRange {
    const offset = this.offsetOfLocation(location);
    // A name (most locations are) is read where it stands; anything else from the statement's tokens.
    const name = identifierAt(this.text, offset - this.start);
    if (name) return { start: name.start + this.start, end: name.end + this.start };
    const token = this.tokenAt(offset);
    return token ? { start: token.start, end: token.end } : { start: offset, end: offset };
  }

  /** Range of the first in-order run of `words` (e.g. ['CREATE', 'INDEX']); the statement's head if absent. */
  rangeOfWords(words: readonly string[], from = this.start): OffsetRange {
    return findWords(this.tokens(), words, from) ?? this.headRange();
  }

  headRange(): OffsetRange {
    return headRangeOf(this.start, this.text);
  }
}

export interface DocumentToken extends ScanToken {}

export interface SqlDocument {
  readonly uri: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly statements: readonly Statement[];
  readonly segments: readonly Segment[];
  readonly comments: readonly Comment[];
}

/**
 * Splits and parses a document. Requires initParser() to have resolved. Given the document an edit was made to
 * (`previous`), only the statements around the change are split and read again; the others keep their parse
 * (those after the change moved): the same document either way.
 */
export function parseDocument(text: string, uri = 'untitled:query.sql', previous?: SqlDocument): SqlDocument {
  return finish(parseDocumentSteps(text, uri, previous));
}

/** parseDocument, pausing every few statements (core/runtime/steps.ts). */
export function* parseDocumentSteps(text: string, uri = 'untitled:query.sql', previous?: SqlDocument): Steps<SqlDocument> {
  const known = previous && parsedHere.has(previous) ? previous : undefined;
  // The same text again (an analysis after the schema changed): the same document.
  if (known && known.text === text && known.uri === uri) return known;
  const change = known ? textChange(known.text, text) : undefined;
  const previousSplit = known && change ? { segments: known.segments, comments: known.comments, resumable: resumable.has(known) } : undefined;
  const resplit = previousSplit && change ? yield* resplitSqlSteps(text, previousSplit, change, { copyFromStdinCount }) : { split: yield* splitSqlSteps(text, { copyFromStdinCount }) };
  const { split, reuse } = resplit;
  const statements = yield* parseStatements(text, split.segments, known && reuse ? { previous: known, reuse } : undefined);
  const document: SqlDocument = { uri, text, lines: new LineIndex(text), statements, segments: split.segments, comments: split.comments };
  parsedHere.add(document);
  if (split.resumable) resumable.add(document);
  return document;
}

/** Documents parsed here (others build documents too), and those whose split can be resumed (SplitResult.resumable). */
const parsedHere = new WeakSet<SqlDocument>();
const resumable = new WeakSet<SqlDocument>();

function* parseStatements(text: string, segments: readonly Segment[], from?: { readonly previous: SqlDocument; readonly reuse: ResplitReuse }): Steps<Statement[]> {
  const statements: Statement[] = [];
  // The previous document's statements before the change and after it (moved) keep their parse. Each is a new
  // statement all the same, its text a slice of this text: one kept from an older text would keep that whole text
  // alive (a 500 KB dump edited 500 times: 434 MiB instead of 200).
  const kept = from ? statementsAmong(segments, 0, from.reuse.kept) : 0;
  const movedFrom = from ? statementsAmong(from.previous.segments, 0, from.reuse.oldFrom) : 0;
  let movedSeen = 0;
  for (const [k, segment] of segments.entries()) {
    if (segment.kind !== 'statement') continue;
    if (statements.length % STATEMENTS_PER_STEP === STATEMENTS_PER_STEP - 1) yield;
    const old = !from ? undefined : statements.length < kept ? from.previous.statements[statements.length] : k >= from.reuse.newFrom ? from.previous.statements[movedFrom + movedSeen++] : undefined;
    if (old) {
      statements.push(new Statement(statements.length, segment, text.slice(segment.start, segment.end), old.parseOutcome, old.verbatim));
      continue;
    }
    const written = text.slice(segment.start, segment.end);
    const parseText = written.length > MAX_STATEMENT_LENGTH ? undefined : segmentParseText(written, segment);
    const outcome = parseText === undefined ? undefined : parseStatementText(parseText, segment.psqlVariables);
    statements.push(new Statement(statements.length, segment, written, outcome, parseText === written));
  }
  return statements;
}

function statementsAmong(segments: readonly Segment[], from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) if (segments[k].kind === 'statement') count++;
  return count;
}

/** COPY ... FROM STDIN commands PostgreSQL would accept in a statement: psql reads one data block for each. */
function copyFromStdinCount(parseText: string): number {
  if (parseText.length > MAX_STATEMENT_LENGTH) return 0;
  return parseStatementText(parseText).stmts.filter((s) => {
    const copy = s.stmt && 'CopyStmt' in s.stmt ? s.stmt.CopyStmt : undefined;
    return copy?.is_from === true && !copy.filename && !copy.query;
  }).length;
}
