import type { ColumnRef, Node } from '@pgsql/types';
import { defineRule, type Fix } from '../types';
import type { StatementView } from '../../parse/document';
import type { OffsetRange } from '../../parse/positions';
import { asNode, stringValues } from '../../parse/ast';
import type { EmbeddedStatement } from '../../parse/plpgsql';
import { allStatements, embeddedFor, plBodyOf, unwrap, type PlBody } from './support/body';

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

function classify(node: Node, body: PlBody): Piece {
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
    const inner = classify(cast.arg, body);
    return inner.kind === 'variable' ? { ...inner, node } : { kind: 'other', node };
  }
  const ref = asNode(node, 'ColumnRef');
  if (ref) {
    const names = stringValues(ref.fields);
    const datum = names.length === 1 ? body.datums.find((d) => d.name === names[0]) : undefined;
    return { kind: 'variable', safe: datum !== undefined && SAFE_TYPES.test(datum.typeName), ref, node };
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
    docs: {
      summary: 'EXECUTE runs a query built by concatenating unquoted variables: SQL injection.',
      why:
        'A query string glued together with `||` from a variable runs whatever the variable contains: a value like ' +
        '`x\'; DROP TABLE users; --` or a table name with a space in it changes the statement. In a SECURITY DEFINER function ' +
        'the injected SQL runs with the owner\'s rights. Variables of numeric, boolean, date/time, uuid and reg* types cannot ' +
        'carry SQL and are not reported, nor are pieces already wrapped in quote_ident/quote_literal/quote_nullable.',
      instead:
        'Pass values as parameters: `EXECUTE \'... WHERE id = $1\' USING v_id` (also lets the plan be reused). Build ' +
        'identifiers with `format(\'... %I ...\', v_table)` and literals with `%L`. The quick fix rewrites simple chains ' +
        'into `format()` when it can tell identifiers from values.',
      bad:
        'CREATE FUNCTION purge(p_table text, p_tenant text) RETURNS void LANGUAGE plpgsql AS $$\n' +
        'BEGIN\n  EXECUTE \'DELETE FROM \' || p_table || \' WHERE tenant = \'\'\' || p_tenant || \'\'\'\';\nEND $$;',
      good:
        'CREATE FUNCTION purge(p_table text, p_tenant text, p_days int) RETURNS void LANGUAGE plpgsql AS $$\n' +
        'BEGIN\n  EXECUTE format(\'DELETE FROM %I WHERE tenant = $1\', p_table) USING p_tenant;\n' +
        '  EXECUTE \'DELETE FROM \' || quote_ident(p_table) || \' WHERE age > \' || p_days;\nEND $$;',
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
          const pieces = parts.map((p) => classify(p, body));
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
