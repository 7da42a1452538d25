import type { A_Expr, ColumnRef, Node, RangeVar } from '@pgsql/types';
import { defineRule } from '../types';
import type { StatementView } from '../../parse/document';
import { asNode, stringValues, walkAst } from '../../parse/ast';
import { columnNameParts, functionName } from '../helpers/expressions';

/** LIKE and ILIKE, written as keywords or as operators; NOT LIKE is left out (no index serves a negation). */
const LIKE_OPERATORS: ReadonlySet<string> = new Set(['~~', '~~*']);
const TRIGRAM_OPCLASSES: ReadonlySet<string> = new Set(['gin_trgm_ops', 'gist_trgm_ops']);

interface PatternStart {
  readonly value: string;
  readonly location: number | undefined;
  /** The literal is the whole pattern (not the start of a concatenation). */
  readonly whole: boolean;
}

/** The literal a pattern starts with: `'%foo'`, `'%' || $1`, `'%foo'::text`, `like_escape('%foo', '!')`. */
function leadingLiteral(node: Node | undefined): PatternStart | undefined {
  const c = asNode(node, 'A_Const');
  if (c?.sval) return { value: c.sval.sval ?? '', location: c.location, whole: true };
  const cast = asNode(node, 'TypeCast');
  if (cast) return leadingLiteral(cast.arg);
  const concat = asNode(node, 'A_Expr');
  if (concat?.kind === 'AEXPR_OP' && stringValues(concat.name).join('') === '||') {
    const start = leadingLiteral(concat.lexpr);
    return start && { ...start, whole: false };
  }
  if (functionName(node) === 'like_escape') return leadingLiteral(asNode(node, 'FuncCall')?.args?.[0]);
  return undefined;
}

/**
 * True when a trigram index could narrow the search: some run of three characters between wildcards. pg_trgm
 * extracts no trigram from `%ab%`, so its index would be read whole too, and there is nothing to advise.
 */
function hasTrigram(pattern: string): boolean {
  let run = 0;
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] === '%' || chars[i] === '_') run = 0;
    else {
      if (chars[i] === '\\') i++; // an escaped character is literal, wildcard or not
      if (++run >= 3) return true;
    }
  }
  return false;
}

/** Leaves of a condition's AND/OR tree (not under NOT): each could be an index condition on its own. */
function leaves(node: Node | undefined): Node[] {
  if (!node) return [];
  const bool = asNode(node, 'BoolExpr');
  if (bool?.boolop === 'AND_EXPR' || bool?.boolop === 'OR_EXPR') return (bool.args ?? []).flatMap((a) => leaves(a));
  if (bool) return [];
  return [node];
}

/** Relations read at one query level (FROM, JOIN sides, UPDATE/DELETE targets), not inside subqueries. */
function levelRelations(nodes: readonly (Node | undefined)[]): RangeVar[] {
  const out: RangeVar[] = [];
  for (const node of nodes) {
    if (!node) continue;
    walkAst(node, (ref) => {
      if (ref.tag === 'RangeSubselect' || ref.tag === 'SubLink' || ref.tag === 'RangeFunction') return false;
      if (ref.tag === 'RangeVar') out.push(ref.node as RangeVar);
    });
  }
  return out;
}

/** System catalogs and views (pg_class, pg_matviews, information_schema.tables): not tables one indexes. */
function isCatalog(rel: RangeVar): boolean {
  if (rel.schemaname) return rel.schemaname === 'pg_catalog' || rel.schemaname === 'information_schema';
  return (rel.relname ?? '').startsWith('pg_');
}

/** The largest parse location inside a node: where its last token starts. */
function lastLocation(node: Node | undefined): number | undefined {
  let last: number | undefined;
  if (!node) return last;
  walkAst(node, (ref) => {
    const location = (ref.node as { location?: number }).location;
    if (typeof location === 'number' && (last === undefined || location > last)) last = location;
  });
  return last;
}

interface Candidate {
  readonly statement: StatementView;
  readonly expr: A_Expr;
  readonly column: ColumnRef;
  readonly columnName: string;
  readonly patternEnd: number | undefined;
}

export default defineRule({
  meta: {
    id: 'leading-wildcard-like',
    category: 'query',
    defaultSeverity: 'info',
    fixable: false,
    docs: {
      summary: "LIKE or ILIKE with a pattern that starts with a wildcard (`name LIKE '%son'`): no btree index on the column can serve it.",
      why:
        'A btree index can answer `LIKE \'abc%\'` as a range scan over the fixed prefix (with the `C` collation or a ' +
        '`text_pattern_ops` index), but a pattern that starts with `%` or `_` has no prefix: PostgreSQL reads every row ' +
        'and matches the pattern against each one (`ILIKE` can use a btree index only for a leading part without ' +
        'letters). On a large table a search box built on `ILIKE \'%\' || $1 || \'%\'` turns every keystroke into a ' +
        'sequential scan.',
      instead:
        'Index the column with the pg_trgm extension: `CREATE EXTENSION pg_trgm; CREATE INDEX ... USING gin (name ' +
        'gin_trgm_ops);` serves `LIKE` and `ILIKE` with wildcards anywhere, and `~` regular expressions (a pattern with ' +
        'fewer than three characters between wildcards gives the index nothing to narrow the search with, so such ' +
        'literal patterns are not reported). For word search, full-text search ' +
        '(`to_tsvector` with a GIN index and `@@`) is usually the better tool. Conditions on a column that has a trigram ' +
        'index created in the same file, and queries that read only system catalogs (`pg_class`, `information_schema`), ' +
        'are not reported.',
      bad: "SELECT id, name FROM customers WHERE name ILIKE '%' || $1 || '%';",
      good:
        "SELECT id FROM customers WHERE name LIKE 'Smi%';\n" +
        'CREATE INDEX customers_email_trgm_idx ON customers USING gin (email gin_trgm_ops);\n' +
        "SELECT id FROM customers WHERE email ILIKE '%@example.com';",
    },
  },
  create(context) {
    const candidates: Candidate[] = [];
    /** Column names with a trigram index in the file. */
    const trigram = new Set<string>();
    // The relations are read only for a condition with a LIKE in it (most have none: this runs on every query).
    const consider = (condition: Node | undefined, statement: StatementView, relationsOf: () => readonly RangeVar[]): void => {
      let catalogOnly: boolean | undefined;
      for (const leaf of leaves(condition)) {
        const expr = asNode(leaf, 'A_Expr');
        if (!expr || !LIKE_OPERATORS.has(stringValues(expr.name).join(''))) continue;
        const column = asNode(expr.lexpr, 'ColumnRef');
        const parts = columnNameParts(column);
        const pattern = leadingLiteral(expr.rexpr);
        if (!column || !parts || !pattern || !/^[%_]/.test(pattern.value) || (pattern.whole && !hasTrigram(pattern.value))) continue;
        if (catalogOnly === undefined) {
          const relations = relationsOf();
          catalogOnly = relations.length > 0 && relations.every(isCatalog);
        }
        if (catalogOnly) return;
        candidates.push({ statement, expr, column, columnName: parts[parts.length - 1], patternEnd: lastLocation(expr.rexpr) ?? pattern.location });
      }
    };
    return {
      SelectStmt(node, { statement }) {
        consider(node.whereClause, statement, () => levelRelations(node.fromClause ?? []));
      },
      UpdateStmt(node, { statement }) {
        consider(node.whereClause, statement, () => levelRelations([node.relation && { RangeVar: node.relation }, ...(node.fromClause ?? [])]));
      },
      DeleteStmt(node, { statement }) {
        consider(node.whereClause, statement, () => levelRelations([node.relation && { RangeVar: node.relation }, ...(node.usingClause ?? [])]));
      },
      JoinExpr(node, { statement }) {
        consider(node.quals, statement, () => levelRelations([node.larg, node.rarg]));
      },
      IndexStmt(node) {
        for (const p of node.indexParams ?? []) {
          const elem = asNode(p, 'IndexElem');
          if (elem?.name && stringValues(elem.opclass).some((o) => TRIGRAM_OPCLASSES.has(o))) trigram.add(elem.name);
        }
      },
      endOfFile() {
        for (const { statement, expr, column, columnName, patternEnd } of candidates) {
          if (trigram.has(columnName)) continue;
          const start = statement.rangeOfLocation(column.location).start;
          const end = statement.rangeOfLocation(patternEnd).end;
          const operator = stringValues(expr.name).join('') === '~~*' ? 'ILIKE' : 'LIKE';
          context.report({
            range: { start, end: Math.max(end, start + 1) },
            message:
              `${operator} pattern on ${columnName} starts with a wildcard: no btree index can serve it, so every row is read. ` +
              `A pg_trgm index (USING gin (${columnName} gin_trgm_ops)) or full-text search can.`,
          });
        }
      },
    };
  },
});
