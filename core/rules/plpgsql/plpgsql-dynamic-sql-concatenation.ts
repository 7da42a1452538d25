import type { ColumnRef, Node } from '@pgsql/types';
import { defineRule, type Fix } from '../types';
import type { StatementView } from '../../parse/document';
import type { OffsetRange } from '../../parse/positions';
import { asNode, stringValues } from '../../parse/ast';
import { embeddedSql, type EmbeddedStatement, type PlpgsqlNode } from '../../parse/plpgsql';
import { parseStatementText } from '../../parse/parser';
import { allStatements, embeddedFor, plBodyOf, unwrap, type PlBody, type PlStmt } from './support/body';

/** Where PL/pgSQL takes a query string to run: the statement and the field holding the string. */
const DYNAMIC: Readonly<Record<string, string>> = {
  PLpgSQL_stmt_dynexecute: 'query',
  PLpgSQL_stmt_dynfors: 'query',
  PLpgSQL_stmt_open: 'dynquery',
  PLpgSQL_stmt_return_query: 'dynquery',
};

/** Types whose text form cannot carry SQL: concatenating them is not an injection. */
const SAFE_TYPES = /^(small|big)?int(eger|[248])?$|^(numeric|decimal|real|double precision|float[48]?|bool(ean)?|date|time(stamp)?(tz)?( with(out)? time zone)?|interval|uuid|oid|reg(class|proc|procedure|type|namespace|role|oper|operator|config|dictionary|collation)|serial|bigserial)(\(.*\))?$/;

const QUOTING = new Set(['quote_ident', 'quote_literal', 'quote_nullable', 'format']);

type Piece =
  | { readonly kind: 'literal'; readonly value: string; readonly node: Node }
  | { readonly kind: 'quoted'; readonly spec: '%I' | '%L' | undefined; readonly arg: Node | undefined; readonly node: Node }
  | { readonly kind: 'variable'; readonly safe: boolean; readonly ref: ColumnRef; readonly node: Node }
  | { readonly kind: 'other'; readonly node: Node };

/** The operands of a `||` chain, left to right. */
function operands(node: Node | undefined, out: Node[] = []): Node[] {
  const e = asNode(node, 'A_Expr');
  if (e && e.kind === 'AEXPR_OP' && stringValues(e.name).join('.') === '||' && e.lexpr && e.rexpr) {
    operands(e.lexpr, out);
    operands(e.rexpr, out);
  } else if (node) out.push(node);
  return out;
}

/** Keys of PL/pgSQL statements that hold nested statements (walked as statements of their own). */
const NESTED = new Set(['body', 'then_body', 'elsif_list', 'else_body', 'case_when_list', 'else_stmts', 'exceptions', 'action', 'stmts']);

/** Names a statement other than `:=` writes into (INTO targets, loop variables, FETCH, GET DIAGNOSTICS). */
function writtenNames(s: PlStmt, body: PlBody): string[] {
  const out: string[] = [];
  const byNumber = (n: unknown): void => {
    if (typeof n === 'number' && body.datums[n]) out.push(body.datums[n].name);
  };
  const visit = (value: unknown, key: string): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const v of value) visit(v, key);
      return;
    }
    for (const [k, child] of Object.entries(value as PlpgsqlNode)) {
      if (NESTED.has(k) || k === 'PLpgSQL_expr') continue;
      if (k === 'varno' || k === 'dno' || (k === 'target' && typeof child === 'number')) byNumber(child);
      else if ((k === 'PLpgSQL_var' || k === 'PLpgSQL_rec') && typeof (child as PlpgsqlNode).refname === 'string') out.push((child as PlpgsqlNode).refname as string);
      visit(child, k);
    }
  };
  if (s.tag !== 'PLpgSQL_stmt_assign') visit(s.node, '');
  return out;
}

/** The value expression of a PL/pgSQL expression or `v := expr` (a FROM-less SELECT's one target). */
function valueOf(expr: PlpgsqlNode | undefined): Node | undefined {
  const [, e] = unwrap(expr);
  if (typeof e?.query !== 'string') return undefined;
  const sql = embeddedSql(e.query, typeof e.parseMode === 'number' ? e.parseMode : 2);
  const select = asNode(sql ? parseStatementText(sql.text).stmts[0]?.stmt : undefined, 'SelectStmt');
  if (!select || select.fromClause || select.targetList?.length !== 1) return undefined;
  return asNode(select.targetList[0], 'ResTarget')?.val;
}

/** `format('...')` whose placeholders are all %I / %L (and %%): every argument is quoted. */
function quotingFormat(call: { args?: Node[] }): boolean {
  const fmt = asNode(call.args?.[0], 'A_Const')?.sval?.sval;
  return fmt !== undefined && [...fmt.matchAll(/%(?:\d+\$)?-?\d*(.)/g)].every((m) => m[1] === 'I' || m[1] === 'L' || m[1] === '%');
}

/**
 * Variables that can only hold text made of literals and quoted pieces: every value written to them is a literal,
 * a CASE or COALESCE of such values, a quote_ident/quote_literal/quote_nullable call, a format() of %I/%L, a safe
 * type, or a `||` of those (themselves included: `v := v || ', ' || quote_ident(c)`). Parameters and variables set
 * by SELECT INTO, FETCH or a loop are not.
 */
function quotedVariables(body: PlBody): ReadonlySet<string> {
  const values = new Map<string, (Node | undefined)[]>();
  const unknown = new Set<string>();
  for (const d of body.datums) {
    if (d.kind !== 'PLpgSQL_var') continue;
    // Parameters and implicit variables have no declaration line: their values come from the caller.
    if (d.lineno === undefined) unknown.add(d.name);
    else if (d.node.default_val !== undefined) values.set(d.name, [...(values.get(d.name) ?? []), valueOf(d.node.default_val as PlpgsqlNode)]);
  }
  for (const s of allStatements(body)) {
    for (const name of writtenNames(s, body)) unknown.add(name);
    if (s.tag !== 'PLpgSQL_stmt_assign' || typeof s.node.varno !== 'number') continue;
    const name = body.datums[s.node.varno]?.name;
    if (name !== undefined) values.set(name, [...(values.get(name) ?? []), valueOf(s.node.expr as PlpgsqlNode)]);
  }
  const memo = new Map<string, boolean>();
  const checking = new Set<string>();
  const variableSafe = (name: string): boolean => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const datums = body.datums.filter((d) => d.name === name);
    if (datums.length > 0 && datums.every((d) => SAFE_TYPES.test(d.typeName))) return true;
    if (unknown.has(name) || !values.has(name)) return false;
    // Being checked: assume it holds (its other values decide).
    if (checking.has(name)) return true;
    checking.add(name);
    const safe = (values.get(name) ?? []).every((v) => valueSafe(v));
    checking.delete(name);
    memo.set(name, safe);
    return safe;
  };
  const valueSafe = (node: Node | undefined): boolean => {
    if (!node) return false;
    if (asNode(node, 'A_Const')) return true;
    const call = asNode(node, 'FuncCall');
    if (call) {
      const name = stringValues(call.funcname).join('.').replace(/^pg_catalog\./, '');
      if (name === 'format') return quotingFormat(call) || (call.args ?? []).every((a) => valueSafe(a));
      return QUOTING.has(name);
    }
    const caseExpr = asNode(node, 'CaseExpr');
    if (caseExpr) return (caseExpr.args ?? []).every((w) => valueSafe(asNode(w, 'CaseWhen')?.result)) && (caseExpr.defresult === undefined || valueSafe(caseExpr.defresult));
    const coalesce = asNode(node, 'CoalesceExpr');
    if (coalesce) return (coalesce.args ?? []).every((a) => valueSafe(a));
    const cast = asNode(node, 'TypeCast');
    if (cast) return SAFE_TYPES.test(stringValues(cast.typeName?.names).filter((n) => n !== 'pg_catalog').join('.')) || valueSafe(cast.arg);
    const parts = operands(node);
    if (parts.length > 1) return parts.every((p) => valueSafe(p));
    const names = stringValues(asNode(node, 'ColumnRef')?.fields);
    return names.length === 1 && variableSafe(names[0]);
  };
  return new Set([...values.keys()].filter((name) => variableSafe(name)));
}

function classify(node: Node, body: PlBody, quoted: ReadonlySet<string> = new Set()): Piece {
  const c = asNode(node, 'A_Const');
  if (c?.sval) return { kind: 'literal', value: c.sval.sval ?? '', node };
  const f = asNode(node, 'FuncCall');
  const fname = f ? stringValues(f.funcname).join('.').replace(/^pg_catalog\./, '') : '';
  if (f && QUOTING.has(fname)) {
    const spec = fname === 'quote_ident' ? '%I' : fname === 'format' ? undefined : '%L';
    return { kind: 'quoted', spec, arg: f.args?.length === 1 ? f.args[0] : undefined, node };
  }
  const cast = asNode(node, 'TypeCast');
  if (cast?.arg && asNode(cast.arg, 'ColumnRef')) {
    const inner = classify(cast.arg, body, quoted);
    return inner.kind === 'variable' ? { ...inner, node } : { kind: 'other', node };
  }
  const ref = asNode(node, 'ColumnRef');
  if (ref) {
    const names = stringValues(ref.fields);
    const datum = names.length === 1 ? body.datums.find((d) => d.name === names[0]) : undefined;
    return { kind: 'variable', safe: datum !== undefined && (SAFE_TYPES.test(datum.typeName) || quoted.has(datum.name)), ref, node };
  }
  return { kind: 'other', node };
}

/** Document range of a plain or qualified column reference. */
function refRange(statement: StatementView, ref: ColumnRef): OffsetRange {
  const first = statement.rangeOfLocation(ref.location);
  const count = (ref.fields ?? []).length;
  const tokens = statement.tokens();
  let i = tokens.findIndex((t) => t.start === first.start);
  if (i < 0) return first;
  let end = tokens[i].end;
  for (let k = 1; k < count && i + 2 < tokens.length && tokens[i + 1].text === '.'; k++, i += 2) end = tokens[i + 2].end;
  return { start: first.start, end };
}

const IDENTIFIER_CONTEXT = /\b(from|join|into|update|table|only|index|view|schema|sequence|trigger|function|exists|truncate|analyze|vacuum|cluster|owner\s+to|references|on)\s+$|\.$/i;

/** `format('...', args)` for a chain of literals, quote_ident/quote_literal calls and variables, when each piece is clear. */
function formatFix(statement: EmbeddedStatement, pieces: readonly Piece[], body: PlBody): Fix | undefined {
  if (!body.verbatim) return undefined;
  const text = body.documentText;
  let fmt = '';
  const args: string[] = [];
  let start = -1;
  let end = -1;
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i];
    let range: OffsetRange;
    if (p.kind === 'literal') {
      range = statement.rangeOfLocation(asNode(p.node, 'A_Const')?.location);
      let value = p.value;
      const previous = pieces[i - 1];
      const next = pieces[i + 1];
      // `'... = ''' || v || ''''`: the quotes around a %L argument go away.
      if (previous?.kind === 'variable' && !previous.safe && value.startsWith("'") && /'$/.test(i >= 2 && pieces[i - 2].kind === 'literal' ? (pieces[i - 2] as { value: string }).value : '')) value = value.slice(1);
      if (next?.kind === 'variable' && !next.safe && value.endsWith("'") && pieces[i + 2]?.kind === 'literal' && (pieces[i + 2] as { value: string }).value.startsWith("'")) value = value.slice(0, -1);
      fmt += value.replace(/%/g, '%%');
    } else if (p.kind === 'variable') {
      range = refRange(statement, p.ref);
      if (asNode(p.node, 'TypeCast')) return undefined;
      const before = pieces[i - 1]?.kind === 'literal' ? (pieces[i - 1] as { value: string }).value : '';
      const after = pieces[i + 1]?.kind === 'literal' ? (pieces[i + 1] as { value: string }).value : '';
      let spec: string;
      if (p.safe) spec = '%s';
      else if (before.endsWith("'") && after.startsWith("'")) spec = '%L';
      else if (IDENTIFIER_CONTEXT.test(before)) spec = '%I';
      else return undefined;
      fmt += spec;
      args.push(text.slice(range.start, range.end));
    } else if (p.kind === 'quoted' && p.spec && p.arg && asNode(p.arg, 'ColumnRef')) {
      const argRange = refRange(statement, asNode(p.arg, 'ColumnRef') as ColumnRef);
      const close = statement.tokens().find((t) => t.start >= argRange.end && t.text === ')');
      if (!close) return undefined;
      range = { start: statement.rangeOfLocation(asNode(p.node, 'FuncCall')?.location).start, end: close.end };
      fmt += p.spec;
      args.push(text.slice(argRange.start, argRange.end));
    } else return undefined;
    if (start < 0) start = range.start;
    end = range.end;
  }
  if (start < 0 || end <= start) return undefined;
  const newText = `format('${fmt.replace(/'/g, "''")}'${args.map((a) => `, ${a}`).join('')})`;
  return { title: 'Build the query with format() (%I for identifiers, %L for values)', edits: [{ range: { start, end }, newText }] };
}

export default defineRule({
  meta: {
    id: 'plpgsql-dynamic-sql-concatenation',
    category: 'plpgsql',
    defaultSeverity: 'warning',
    fixable: true,
    scope: 'statement',
    docs: {
      summary: 'EXECUTE runs a query built by concatenating unquoted variables: SQL injection.',
      why:
        'A query string glued together with `||` from a variable runs whatever the variable contains: a value like ' +
        '`x\'; DROP TABLE users; --` or a table name with a space in it changes the statement. In a SECURITY DEFINER function ' +
        'the injected SQL runs with the owner\'s rights. Variables of numeric, boolean, date/time, uuid and reg* types cannot ' +
        'carry SQL and are not reported, nor are pieces already wrapped in quote_ident/quote_literal/quote_nullable or ' +
        'format() with %I/%L, a CASE of literals, and variables whose every value is made of those (a sort direction ' +
        'chosen by CASE, a column list built with quote_ident in a loop).',
      instead:
        'Pass values as parameters: `EXECUTE \'... WHERE id = $1\' USING v_id` (also lets the plan be reused). Build ' +
        'identifiers with `format(\'... %I ...\', v_table)` and literals with `%L`. The quick fix rewrites simple chains ' +
        'into `format()` when it can tell identifiers from values.',
      bad:
        'CREATE FUNCTION purge(p_table text, p_tenant text) RETURNS void LANGUAGE plpgsql AS $$\n' +
        'BEGIN\n  EXECUTE \'DELETE FROM \' || p_table || \' WHERE tenant = \'\'\' || p_tenant || \'\'\'\';\nEND $$;',
      good:
        'CREATE FUNCTION purge(p_table text, p_tenant text, p_days int) RETURNS void LANGUAGE plpgsql AS $$\n' +
        'DECLARE\n  v_order text := CASE WHEN p_days > 30 THEN \'DESC\' ELSE \'ASC\' END;\n' +
        'BEGIN\n  EXECUTE format(\'DELETE FROM %I WHERE tenant = $1\', p_table) USING p_tenant;\n' +
        '  EXECUTE \'DELETE FROM \' || quote_ident(p_table) || \' WHERE age > \' || p_days;\n' +
        '  EXECUTE \'SELECT id FROM \' || quote_ident(p_table) || \' ORDER BY id \' || v_order;\nEND $$;',
      fixed:
        'CREATE FUNCTION purge(p_table text, p_tenant text) RETURNS void LANGUAGE plpgsql AS $$\n' +
        'BEGIN\n  EXECUTE format(\'DELETE FROM %I WHERE tenant = %L\', p_table, p_tenant);\nEND $$;',
    },
  },
  create(context) {
    return {
      statement(statement) {
        const body = plBodyOf(context.document, statement);
        if (!body) return;
        const used = new Set<EmbeddedStatement>();
        let quoted: ReadonlySet<string> | undefined;
        for (const s of allStatements(body)) {
          const field = DYNAMIC[s.tag];
          if (!field) continue;
          const [, expr] = unwrap(s.node[field]);
          if (typeof expr?.query !== 'string') continue;
          const lineno = typeof s.node.lineno === 'number' ? s.node.lineno : undefined;
          const embedded = embeddedFor(body, s.tag, undefined, expr.query, used);
          if (!embedded || (lineno !== undefined && embedded.lineno !== lineno && embedded.text !== `SELECT ${expr.query}`)) continue;
          const target = asNode(asNode(embedded.ast, 'SelectStmt')?.targetList?.[0], 'ResTarget')?.val;
          const parts = operands(target);
          if (parts.length < 2) continue;
          quoted ??= quotedVariables(body);
          const quotedNow = quoted;
          const pieces = parts.map((p) => classify(p, body, quotedNow));
          const unsafe = pieces.filter((p): p is Extract<Piece, { kind: 'variable' }> => p.kind === 'variable' && !p.safe);
          if (unsafe.length === 0) continue;
          const names = unsafe.map((p) => stringValues(p.ref.fields).join('.'));
          const fix = formatFix(embedded, pieces, body);
          context.report({
            range: refRange(embedded, unsafe[0].ref),
            message:
              `Dynamic SQL concatenates ${names.join(', ')} unquoted: a value containing a quote changes the statement (SQL injection). ` +
              'Pass values with USING, and build identifiers with format(\'%I\') / quote_ident().',
            fixes: fix ? [fix] : [],
          });
        }
      },
    };
  },
});
