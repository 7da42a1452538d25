/**
 * What the PL/pgSQL rules share: the parsed body of a top-level CREATE FUNCTION / DO statement (cached by the
 * parser per statement text), its declarations, its statement lists, the routine's signature, and positions of
 * PL/pgSQL constructs in the document. PostgreSQL's PL/pgSQL tree carries line numbers only, so constructs are
 * placed by finding their keyword on their line in the body's tokens.
 */
import type { CreateFunctionStmt, Node } from '@pgsql/types';
import type { SqlDocument, Statement, StatementView } from '../../../parse/document';
import type { OffsetRange } from '../../../parse/positions';
import type { ScanToken } from '../../../parse/parser';
import { scanText } from '../../../parse/parser';
import { analyzePlpgsql, type EmbeddedStatement, type PlpgsqlAnalysis, type PlpgsqlNode } from '../../../parse/plpgsql';
import { asNode, isArrayType, typeNameOf } from '../../../parse/ast';

/** A PL/pgSQL statement: its tag (`PLpgSQL_stmt_if`) and body. */
export interface PlStmt {
  readonly tag: string;
  readonly node: PlpgsqlNode;
}

/** A declared variable (or parameter) of the routine. */
export interface PlDatum {
  readonly dno: number;
  readonly kind: string;
  readonly name: string;
  /** Body line of the declaration; undefined for parameters and implicit variables (FOUND, NEW, ...). */
  readonly lineno: number | undefined;
  readonly typeName: string;
  readonly node: PlpgsqlNode;
}

export interface PlBody {
  readonly statement: Statement;
  readonly analysis: PlpgsqlAnalysis;
  readonly tree: PlpgsqlNode;
  readonly datums: readonly PlDatum[];
  /** The CREATE FUNCTION node; undefined for DO. */
  readonly fn: CreateFunctionStmt | undefined;
  /** Body tokens with document offsets. */
  readonly tokens: readonly ScanToken[];
  /** Text of the document the body is in. */
  readonly documentText: string;
  /** True when the body is written as it is read (dollar quoting): edits can be made inside it as plain SQL. */
  readonly verbatim: boolean;
}

const cache = new WeakMap<Statement, PlBody | null>();

/** The PL/pgSQL body of a top-level statement that parsed, or undefined. */
export function plBodyOf(document: SqlDocument, statement: StatementView): PlBody | undefined {
  if (statement.container) return undefined;
  const top = document.statements[statement.index];
  if (!top || top.start !== statement.start) return undefined;
  let body = cache.get(top);
  if (body === undefined) {
    body = build(document, top) ?? null;
    cache.set(top, body);
  }
  return body ?? undefined;
}

function build(document: SqlDocument, statement: Statement): PlBody | undefined {
  const analysis = analyzePlpgsql(statement);
  const tree = analysis?.tree;
  if (!analysis || !tree) return undefined;
  const datums: PlDatum[] = [];
  const list = Array.isArray(tree.datums) ? (tree.datums as unknown[]) : [];
  list.forEach((d, dno) => {
    const [kind, node] = unwrap(d);
    if (!node) return;
    const typeNode = unwrap(node.datatype)[1];
    datums.push({
      dno,
      kind,
      name: typeof node.refname === 'string' ? node.refname : '',
      lineno: typeof node.lineno === 'number' ? node.lineno : undefined,
      typeName: typeof typeNode?.typname === 'string' ? typeNode.typname.toLowerCase() : '',
      node,
    });
  });
  const tokens = scanText(analysis.bodyText).map((t) => {
    const start = analysis.offsetOfBodyIndex(t.start);
    return { ...t, start, end: start + (analysis.offsetOfBodyIndex(t.end) - start) };
  });
  const verbatim = document.text.slice(analysis.body.start, analysis.body.end) === analysis.bodyText;
  return { statement, analysis, tree, datums, fn: asNode(statement.ast, 'CreateFunctionStmt'), tokens, documentText: document.text, verbatim };
}

/** `{Tag: body}` -> [Tag, body]. */
export function unwrap(value: unknown): [string, PlpgsqlNode | undefined] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return ['', undefined];
  for (const [key, body] of Object.entries(value as PlpgsqlNode)) {
    if (body && typeof body === 'object' && !Array.isArray(body)) return [key, body as PlpgsqlNode];
  }
  return ['', undefined];
}

/** A list of PL/pgSQL statements held in `field` of a node. */
export function stmtList(node: PlpgsqlNode | undefined, field: string): PlStmt[] {
  const value = node?.[field];
  if (!Array.isArray(value)) return [];
  const out: PlStmt[] = [];
  for (const v of value) {
    const [tag, body] = unwrap(v);
    if (body) out.push({ tag, node: body });
  }
  return out;
}

/** The outermost block of the body. */
export function topBlock(body: PlBody): PlStmt | undefined {
  const [tag, node] = unwrap(body.tree.action);
  return node ? { tag, node } : undefined;
}

/** True for the RETURN PostgreSQL appends to every body (it has no line number: nobody wrote it). */
export function isImplicitReturn(s: PlStmt): boolean {
  return s.tag === 'PLpgSQL_stmt_return' && typeof s.node.lineno !== 'number';
}

/** Nested statement lists of a statement (IF branches, loop bodies, block body, CASE arms, handlers). */
export function childLists(s: PlStmt): PlStmt[][] {
  const n = s.node;
  switch (s.tag) {
    case 'PLpgSQL_stmt_block':
      return [stmtList(n, 'body'), ...handlers(s).map((h) => stmtList(h, 'action'))];
    case 'PLpgSQL_stmt_if':
      return [stmtList(n, 'then_body'), ...stmtList(n, 'elsif_list').map((e) => stmtList(e.node, 'stmts')), stmtList(n, 'else_body')];
    case 'PLpgSQL_stmt_case':
      return [...stmtList(n, 'case_when_list').map((w) => stmtList(w.node, 'stmts')), stmtList(n, 'else_stmts')];
    default:
      return 'body' in n ? [stmtList(n, 'body')] : [];
  }
}

/** Exception handlers of a block (`PLpgSQL_exception` bodies). */
export function handlers(block: PlStmt): PlpgsqlNode[] {
  const [, exceptions] = unwrap(block.node.exceptions);
  const list = exceptions?.exc_list;
  if (!Array.isArray(list)) return [];
  return list.map((e) => unwrap(e)[1]).filter((e): e is PlpgsqlNode => e !== undefined);
}

/** Every statement of the body, outermost first, in body order. */
export function allStatements(body: PlBody): PlStmt[] {
  const out: PlStmt[] = [];
  const visit = (s: PlStmt): void => {
    out.push(s);
    for (const list of childLists(s)) for (const c of list) visit(c);
  };
  const top = topBlock(body);
  if (top) visit(top);
  return out;
}

const LOOPS = new Set(['PLpgSQL_stmt_loop', 'PLpgSQL_stmt_while', 'PLpgSQL_stmt_fori', 'PLpgSQL_stmt_fors', 'PLpgSQL_stmt_forc', 'PLpgSQL_stmt_foreach_a', 'PLpgSQL_stmt_dynfors']);

export function isLoop(s: PlStmt): boolean {
  return LOOPS.has(s.tag);
}

/** RAISE at EXCEPTION level (the default), re-raise included: control does not go on. */
function raisesError(s: PlStmt): boolean {
  const level = s.node.elog_level;
  return s.tag === 'PLpgSQL_stmt_raise' && (typeof level !== 'number' || level >= 21);
}

/**
 * True when control never continues past `s` to the next statement: RETURN, RAISE EXCEPTION, EXIT/CONTINUE,
 * an IF/CASE whose every branch ends so, a LOOP nothing exits, a block whose body and handlers end so.
 * Unsure answers are "it may continue", so callers that report continuing must ask `mayFallThrough`.
 */
export function endsControl(s: PlStmt): boolean {
  return endsWithin(s, false);
}

/** An IF without ELSE that is known to take one of its branches (a dispatch on TG_OP in a trigger function). */
export type ExhaustiveIf = (s: PlStmt) => boolean;

/** Like endsControl, but EXIT and CONTINUE count as continuing (for "reaches the end of the function"). */
function endsWithin(s: PlStmt, exitsContinue: boolean, exhaustive?: ExhaustiveIf): boolean {
  switch (s.tag) {
    case 'PLpgSQL_stmt_return':
      return !isImplicitReturn(s);
    case 'PLpgSQL_stmt_raise':
      return raisesError(s);
    case 'PLpgSQL_stmt_exit':
      return !exitsContinue && s.node.cond === undefined;
    case 'PLpgSQL_stmt_if': {
      const lists = childLists(s);
      if (stmtList(s.node, 'else_body').length === 0) return exhaustive?.(s) === true && lists.slice(0, -1).every((list) => listEnds(list, exitsContinue, exhaustive));
      return lists.every((list) => listEnds(list, exitsContinue, exhaustive));
    }
    case 'PLpgSQL_stmt_case': {
      // Without ELSE, no matching arm raises CASE_NOT_FOUND: that path ends too.
      const arms = stmtList(s.node, 'case_when_list').map((w) => stmtList(w.node, 'stmts'));
      const elseEnds = s.node.have_else === true ? listEnds(stmtList(s.node, 'else_stmts'), exitsContinue, exhaustive) : true;
      return elseEnds && arms.every((list) => listEnds(list, exitsContinue, exhaustive));
    }
    case 'PLpgSQL_stmt_loop':
      // A plain LOOP only ends through EXIT (or RETURN/RAISE inside it).
      return !hasExitLeaving(stmtList(s.node, 'body'), true);
    case 'PLpgSQL_stmt_block': {
      if (hasExitLeaving(stmtList(s.node, 'body'), false)) return false;
      if (!listEnds(stmtList(s.node, 'body'), exitsContinue, exhaustive)) return false;
      return handlers(s).every((h) => listEnds(stmtList(h, 'action'), exitsContinue, exhaustive));
    }
    default:
      return false;
  }
}

function listEnds(list: readonly PlStmt[], exitsContinue: boolean, exhaustive?: ExhaustiveIf): boolean {
  // An exhaustive IF is trusted only as the last statement of its list: code after it handles the other cases.
  const last = list.filter((s) => !isImplicitReturn(s)).at(-1);
  return list.some((s) => endsWithin(s, exitsContinue, s === last ? exhaustive : undefined));
}

/**
 * True when an EXIT in `list` can leave the construct (a loop when `isLoop`, else a block labelled `label`):
 * an unlabelled EXIT not inside a nested loop (loops only), or a labelled EXIT naming no construct inside it
 * (this one or an outer one: both leave it).
 */
function hasExitLeaving(list: readonly PlStmt[], isLoopConstruct: boolean): boolean {
  const visit = (s: PlStmt, insideLoop: boolean, inner: ReadonlySet<string>): boolean => {
    if (s.tag === 'PLpgSQL_stmt_exit' && s.node.is_exit === true) {
      if (typeof s.node.label !== 'string') return isLoopConstruct && !insideLoop;
      return !inner.has(s.node.label.toLowerCase());
    }
    const nested = insideLoop || isLoop(s);
    const labels = typeof s.node.label === 'string' ? new Set([...inner, s.node.label.toLowerCase()]) : inner;
    return childLists(s).some((l) => l.some((c) => visit(c, nested, labels)));
  };
  return list.some((s) => visit(s, false, new Set()));
}

/** True when control can reach the end of `list` (used for "reaches END without RETURN"). */
export function mayFallThrough(list: readonly PlStmt[], exhaustive?: ExhaustiveIf): boolean {
  return !listEnds(list.filter((s) => !isImplicitReturn(s)), true, exhaustive);
}

// ---------------------------------------------------------------------------------------------------------
// Positions

/** Tokens of body line `lineno` (1-based, PL/pgSQL's numbering). */
export function lineTokens(body: PlBody, lineno: number): ScanToken[] {
  const start = body.analysis.offsetOfLine(lineno);
  const next = body.analysis.offsetOfLine(lineno + 1);
  const end = next > start ? next : body.analysis.body.end;
  return body.tokens.filter((t) => t.start >= start && t.start < end);
}

const STATEMENT_WORDS: Readonly<Record<string, readonly string[]>> = {
  PLpgSQL_stmt_return: ['RETURN'],
  PLpgSQL_stmt_return_next: ['RETURN'],
  PLpgSQL_stmt_return_query: ['RETURN'],
  PLpgSQL_stmt_raise: ['RAISE'],
  PLpgSQL_stmt_assert: ['ASSERT'],
  PLpgSQL_stmt_if: ['IF'],
  PLpgSQL_stmt_case: ['CASE'],
  PLpgSQL_stmt_loop: ['LOOP', '<<'],
  PLpgSQL_stmt_while: ['WHILE', '<<'],
  PLpgSQL_stmt_fori: ['FOR', '<<'],
  PLpgSQL_stmt_fors: ['FOR', '<<'],
  PLpgSQL_stmt_forc: ['FOR', '<<'],
  PLpgSQL_stmt_dynfors: ['FOR', '<<'],
  PLpgSQL_stmt_foreach_a: ['FOREACH', '<<'],
  PLpgSQL_stmt_exit: ['EXIT', 'CONTINUE'],
  PLpgSQL_stmt_dynexecute: ['EXECUTE'],
  PLpgSQL_stmt_perform: ['PERFORM'],
  PLpgSQL_stmt_call: ['CALL', 'DO'],
  PLpgSQL_stmt_getdiag: ['GET'],
  PLpgSQL_stmt_open: ['OPEN'],
  PLpgSQL_stmt_fetch: ['FETCH', 'MOVE'],
  PLpgSQL_stmt_close: ['CLOSE'],
  PLpgSQL_stmt_commit: ['COMMIT'],
  PLpgSQL_stmt_rollback: ['ROLLBACK'],
  PLpgSQL_stmt_block: ['DECLARE', 'BEGIN', '<<'],
};

/**
 * The first token of statement `s` at or after document offset `from` on its line (by its keyword; for SQL
 * statements and assignments, the first token there). Undefined when the line cannot be found.
 */
export function statementToken(body: PlBody, s: PlStmt, from = 0): ScanToken | undefined {
  const lineno = s.node.lineno;
  if (typeof lineno !== 'number') return undefined;
  const tokens = lineTokens(body, lineno).filter((t) => t.start >= from);
  const words = STATEMENT_WORDS[s.tag];
  if (words) {
    const hit = tokens.find((t) => words.includes(t.text.toUpperCase()));
    if (hit) return hit;
  }
  return tokens.find((t) => t.text !== ';');
}

/** From a token to the end of its line (trailing blanks excluded): a readable squiggle for a statement. */
export function restOfLine(body: PlBody, token: ScanToken): OffsetRange {
  const text = body.documentText;
  let end = token.end;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  while (end > token.end && /\s/.test(text[end - 1])) end--;
  return { start: token.start, end: Math.min(end, body.analysis.body.end) };
}

/** The token declaring `datum` (its name on its declaration line). */
export function declarationToken(body: PlBody, datum: PlDatum): ScanToken | undefined {
  if (datum.lineno === undefined) return undefined;
  return lineTokens(body, datum.lineno).find((t) => identifierName(t) === datum.name);
}

/** An identifier token's name as PostgreSQL folds it ("Quoted" kept, others lower-cased). */
export function identifierName(t: ScanToken): string {
  if (t.text.startsWith('"')) return t.text.slice(1, -1).replace(/""/g, '"');
  return t.text.toLowerCase();
}

// ---------------------------------------------------------------------------------------------------------
// Embedded SQL and the routine's signature

/** The embedded statement for expression `query` held by a construct of type `holder` on `lineno`. */
export function embeddedFor(body: PlBody, holder: string, lineno: number | undefined, query: string, used?: Set<EmbeddedStatement>): EmbeddedStatement | undefined {
  const candidates = body.analysis.statements.filter((e) => e.holder === holder && (lineno === undefined || e.lineno === lineno) && !used?.has(e));
  const wanted = (text: string): boolean => text === query || text === `SELECT ${query}`;
  const hit = candidates.find((e) => wanted(e.text)) ?? candidates[0];
  if (hit) used?.add(hit);
  return hit;
}

/** The query text of a `PLpgSQL_expr` held in `field`. */
export function exprQuery(node: PlpgsqlNode | undefined, field: string): string | undefined {
  const [, expr] = unwrap(node?.[field]);
  return typeof expr?.query === 'string' ? expr.query : undefined;
}

/** Every PLpgSQL_expr query text in a subtree. */
export function allExpressions(value: unknown, out: { query: string; parseMode: number }[] = []): { query: string; parseMode: number }[] {
  if (value === null || typeof value !== 'object') return out;
  if (Array.isArray(value)) {
    for (const v of value) allExpressions(v, out);
    return out;
  }
  for (const [key, child] of Object.entries(value as PlpgsqlNode)) {
    if (key === 'PLpgSQL_expr' && child && typeof child === 'object') {
      const e = child as PlpgsqlNode;
      if (typeof e.query === 'string') out.push({ query: e.query, parseMode: typeof e.parseMode === 'number' ? e.parseMode : 0 });
      continue;
    }
    allExpressions(child, out);
  }
  return out;
}

export interface RoutineSignature {
  readonly isProcedure: boolean;
  /** `trigger`, `void`, `int4`, ... ('' when none is given). */
  readonly returnType: string;
  readonly returnsSet: boolean;
  readonly hasOutParameters: boolean;
  readonly parameterNames: readonly string[];
}

export function signatureOf(fn: CreateFunctionStmt): RoutineSignature {
  const params = (fn.parameters ?? []).map((p: Node) => asNode(p, 'FunctionParameter')).filter((p) => p !== undefined);
  const returnType = fn.returnType;
  return {
    isProcedure: fn.is_procedure === true,
    returnType: typeNameOf(returnType).toLowerCase() + (isArrayType(returnType) ? '[]' : ''),
    returnsSet: returnType?.setof === true,
    hasOutParameters: params.some((p) => p.mode === 'FUNC_PARAM_OUT' || p.mode === 'FUNC_PARAM_INOUT' || p.mode === 'FUNC_PARAM_TABLE'),
    parameterNames: params.map((p) => (p.name ?? '').toLowerCase()).filter((n) => n !== ''),
  };
}

/** `#variable_conflict use_column|use_variable` at the top of the body changes how names resolve. */
export function hasVariableConflictDirective(body: PlBody): boolean {
  return /^\s*(?:--[^\n]*\n\s*)*#variable_conflict\b/im.test(body.analysis.bodyText) || body.tree.resolve_option !== undefined;
}
