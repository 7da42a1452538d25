import type { Node, SelectStmt } from '@pgsql/types';
import { defineRule } from '../types';
import { asNode, constantValue } from '../../parse/ast';
import { setOperationBranches } from '../helpers/expressions';

/** The constant a branch puts in output column i (`'invoice' AS kind`, `'x'::text`), if any. */
function constantAt(select: SelectStmt, i: number): string | undefined {
  let val: Node | undefined = asNode(select.targetList?.[i], 'ResTarget')?.val;
  const cast = asNode(val, 'TypeCast');
  if (cast) val = cast.arg;
  const c = asNode(val, 'A_Const');
  if (!c || c.isnull) return undefined;
  return constantValue(val);
}

/** A column where every branch has a different constant: rows of two branches can never be equal. */
function discriminatorColumn(branches: readonly SelectStmt[]): number | undefined {
  const width = branches[0]?.targetList?.length ?? 0;
  for (let i = 0; i < width; i++) {
    const values = branches.map((b) => constantAt(b, i));
    if (values.some((v) => v === undefined)) continue;
    if (new Set(values).size === values.length) return i;
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'prefer-union-all',
    category: 'query',
    defaultSeverity: 'hint',
    fixable: false,
    scope: 'statement',
    docs: {
      summary: 'UNION whose branches each tag their rows with a different constant: they cannot overlap, so UNION ALL likely suffices.',
      why:
        'UNION removes duplicate rows, which costs a sort or a hash of the whole result and prevents streaming the ' +
        'first rows early. When every branch puts a different constant in the same column (`\'invoice\' AS kind`, ' +
        '`\'refund\'`), a row of one branch can never equal a row of another, so UNION only removes duplicates ' +
        '*within* a branch; when each branch already returns distinct rows (it selects a key), that work is wasted.',
      instead:
        'Use `UNION ALL` when the branches cannot return duplicate rows, or when duplicates are fine. Keep UNION ' +
        'when a branch can return the same row twice and you need them collapsed. This is advice only: the rule ' +
        'cannot know whether a branch returns duplicates.',
      bad: "SELECT 'invoice' AS kind, id, amount FROM invoices\nUNION\nSELECT 'refund', id, amount FROM refunds;",
      good:
        "SELECT 'invoice' AS kind, id, amount FROM invoices\nUNION ALL\nSELECT 'refund', id, amount FROM refunds;\n\n" +
        'SELECT email FROM customers\nUNION\nSELECT email FROM newsletter_subscribers;',
    },
  },
  create(context) {
    return {
      SelectStmt(node: SelectStmt, { statement, parents, field }) {
        if (node.op !== 'SETOP_UNION' || node.all) return;
        // Only the top of a chain of UNIONs (a nested one is part of its parent's report).
        const parent = parents[parents.length - 1];
        if (parent?.tag === 'SelectStmt' && (parent.node as SelectStmt).op === 'SETOP_UNION' && (field === 'larg' || field === 'rarg')) return;
        // In WITH RECURSIVE, UNION stops the recursion on repeated rows: not a candidate.
        if (parents.some((p) => p.tag === 'CommonTableExpr' && (p.node as { cterecursive?: boolean }).cterecursive)) return;
        const grandparent = parents[parents.length - 2];
        if (parent?.tag === 'CommonTableExpr' && grandparent?.tag === 'WithClause' && (grandparent.node as { recursive?: boolean }).recursive) return;
        const branches = unionBranches(node);
        if (!branches) return;
        const column = discriminatorColumn(branches);
        if (column === undefined) return;
        const range = statement.rangeOfWords(['UNION'], statement.offsetOfLocation(asNode(branches[0].targetList?.[0], 'ResTarget')?.location));
        context.report({
          range,
          message: `The UNION branches differ in the constant of output column ${column + 1}, so they never overlap; UNION ALL avoids a sort/hash if no branch returns duplicates.`,
        });
      },
    };
  },
});

/** Branches of a chain of plain UNIONs; undefined when it mixes in INTERSECT/EXCEPT/UNION ALL. */
function unionBranches(node: SelectStmt): SelectStmt[] | undefined {
  const branches = setOperationBranches(node);
  const check = (s: SelectStmt): boolean =>
    (s.op ?? 'SETOP_NONE') === 'SETOP_NONE' || (s.op === 'SETOP_UNION' && !s.all && !!s.larg && !!s.rarg && check(s.larg) && check(s.rarg));
  return check(node) && branches.every((b) => !b.valuesLists) ? branches : undefined;
}
