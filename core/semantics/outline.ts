/**
 * A file's outline from its statements alone: the tables (with their columns), views, functions, indexes,
 * types, sequences and schemas it creates, and folding ranges for multi-line statements and comment blocks.
 */
import type { Node, RangeVar } from '@pgsql/types';
import { asNode, stringValues } from '../parse/ast';
import type { SqlDocument, Statement } from '../parse/document';
import type { OffsetRange } from '../parse/positions';
import { findNameToken, namePartRanges } from './ranges';

export type OutlineKind = 'table' | 'view' | 'materialized-view' | 'function' | 'procedure' | 'index' | 'type' | 'sequence' | 'schema' | 'column' | 'trigger';

export interface OutlineSymbol {
  readonly name: string;
  readonly kind: OutlineKind;
  readonly detail?: string;
  /** The whole statement (or column definition). */
  readonly range: OffsetRange;
  /** The name. */
  readonly selectionRange: OffsetRange;
  readonly children: readonly OutlineSymbol[];
}

function qualified(rv: RangeVar): string {
  return rv.schemaname ? `${rv.schemaname}.${rv.relname ?? ''}` : (rv.relname ?? '');
}

function rangeVarRange(statement: Statement, rv: RangeVar): OffsetRange {
  const parts = (rv.catalogname ? 1 : 0) + (rv.schemaname ? 1 : 0) + 1;
  const ranges = namePartRanges(statement, rv.location, parts);
  return ranges ? { start: ranges[0].start, end: ranges[ranges.length - 1].end } : statement.headRange();
}

function named(statement: Statement, name: string, kind: OutlineKind, selectionRange: OffsetRange | undefined, children: OutlineSymbol[] = [], detail?: string): OutlineSymbol {
  return { name, kind, ...(detail ? { detail } : {}), range: statement.range, selectionRange: selectionRange ?? statement.headRange(), children };
}

function columnsOf(statement: Statement, elements: readonly Node[] | undefined): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  for (const e of elements ?? []) {
    const def = asNode(e, 'ColumnDef');
    if (!def?.colname) continue;
    const r = namePartRanges(statement, def.location, 1)?.[0];
    if (!r) continue;
    const type = stringValues(def.typeName?.names).filter((n) => n !== 'pg_catalog').join('.');
    out.push({ name: def.colname, kind: 'column', ...(type ? { detail: type } : {}), range: r, selectionRange: r, children: [] });
  }
  return out;
}

function symbolOf(statement: Statement, ast: Node): OutlineSymbol | undefined {
  const create = asNode(ast, 'CreateStmt') ?? asNode(ast, 'CreateForeignTableStmt')?.base;
  if (create?.relation?.relname) {
    return named(statement, qualified(create.relation), 'table', rangeVarRange(statement, create.relation), columnsOf(statement, create.tableElts));
  }
  const view = asNode(ast, 'ViewStmt');
  if (view?.view?.relname) return named(statement, qualified(view.view), 'view', rangeVarRange(statement, view.view));
  const ctas = asNode(ast, 'CreateTableAsStmt');
  if (ctas?.into?.rel?.relname) return named(statement, qualified(ctas.into.rel), ctas.objtype === 'OBJECT_MATVIEW' ? 'materialized-view' : 'table', rangeVarRange(statement, ctas.into.rel));
  const fn = asNode(ast, 'CreateFunctionStmt');
  if (fn) {
    const names = stringValues(fn.funcname);
    const last = names[names.length - 1] ?? '';
    const args = (fn.parameters ?? []).flatMap((p) => {
      const param = asNode(p, 'FunctionParameter');
      if (!param || param.mode === 'FUNC_PARAM_OUT' || param.mode === 'FUNC_PARAM_TABLE') return [];
      return [stringValues(param.argType?.names).filter((n) => n !== 'pg_catalog').join('.')];
    });
    return named(statement, names.join('.'), fn.is_procedure ? 'procedure' : 'function', findNameToken(statement, last), [], `(${args.join(', ')})`);
  }
  const index = asNode(ast, 'IndexStmt');
  if (index) {
    const on = index.relation ? qualified(index.relation) : '';
    const name = index.idxname ?? `(unnamed index on ${on})`;
    return named(statement, name, 'index', index.idxname ? findNameToken(statement, index.idxname) : undefined, [], `on ${on}`);
  }
  const typeName = (names: readonly Node[] | undefined): string => stringValues(names).join('.');
  const en = asNode(ast, 'CreateEnumStmt');
  if (en) return named(statement, typeName(en.typeName), 'type', findNameToken(statement, stringValues(en.typeName).pop() ?? ''), [], 'enum');
  const domain = asNode(ast, 'CreateDomainStmt');
  if (domain) return named(statement, typeName(domain.domainname), 'type', findNameToken(statement, stringValues(domain.domainname).pop() ?? ''), [], 'domain');
  const composite = asNode(ast, 'CompositeTypeStmt');
  if (composite?.typevar?.relname) return named(statement, qualified(composite.typevar), 'type', rangeVarRange(statement, composite.typevar), [], 'composite');
  const seq = asNode(ast, 'CreateSeqStmt');
  if (seq?.sequence?.relname) return named(statement, qualified(seq.sequence), 'sequence', rangeVarRange(statement, seq.sequence));
  const schema = asNode(ast, 'CreateSchemaStmt');
  if (schema?.schemaname) return named(statement, schema.schemaname, 'schema', findNameToken(statement, schema.schemaname));
  const trigger = asNode(ast, 'CreateTrigStmt');
  if (trigger?.trigname) return named(statement, trigger.trigname, 'trigger', findNameToken(statement, trigger.trigname), [], trigger.relation ? `on ${qualified(trigger.relation)}` : undefined);
  return undefined;
}

export function documentOutline(document: SqlDocument): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  for (const statement of document.statements) {
    for (const ast of statement.asts) {
      const symbol = symbolOf(statement, ast);
      if (symbol) out.push(symbol);
    }
  }
  return out;
}

export interface FoldingRange {
  readonly startLine: number;
  readonly endLine: number;
  readonly kind?: 'comment';
}

/** Statements over several lines, and runs of two or more line comments. */
export function foldingRanges(document: SqlDocument): FoldingRange[] {
  const out: FoldingRange[] = [];
  const lines = document.lines;
  for (const s of document.statements) {
    const start = lines.positionAt(s.start).line;
    const end = lines.positionAt(Math.max(s.start, s.text.trimEnd().length + s.start - 1)).line;
    if (end > start) out.push({ startLine: start, endLine: end });
  }
  let runStart = -1;
  let runEnd = -1;
  const flush = (): void => {
    if (runStart >= 0 && runEnd > runStart) out.push({ startLine: runStart, endLine: runEnd, kind: 'comment' });
    runStart = -1;
  };
  for (const c of document.comments) {
    const startLine = lines.positionAt(c.start).line;
    const endLine = lines.positionAt(Math.max(c.start, c.end - 1)).line;
    if (c.block) {
      flush();
      if (endLine > startLine) out.push({ startLine, endLine, kind: 'comment' });
      continue;
    }
    const alone = lines.lineText(startLine).trimStart().startsWith('--');
    if (alone && runStart >= 0 && startLine === runEnd + 1) runEnd = startLine;
    else {
      flush();
      if (alone) {
        runStart = startLine;
        runEnd = startLine;
      }
    }
  }
  flush();
  return out.sort((a, b) => a.startLine - b.startLine);
}
