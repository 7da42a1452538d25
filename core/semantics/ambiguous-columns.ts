/**
 * ambiguous-column: an unqualified column name two or more FROM items of its query level offer, which
 * PostgreSQL refuses ("column reference is ambiguous"). The resolver decides it with PostgreSQL's namespace
 * rules (a USING / NATURAL join column counts once, ON CONFLICT's `excluded` counts, output column names in
 * ORDER BY / GROUP BY are left alone); the fix qualifies the name with each item it can mean.
 */
import { quoteIdentifier } from '../catalog/names';
import type { Finding } from '../lint';
import type { Severity } from '../rules/types';
import { AMBIGUOUS_COLUMN_ID } from './check-ids';
import type { DocumentRelations } from './document-ddl';
import type { ColumnReference } from './resolve';

function alteredAnywhere(own: DocumentRelations, column: string): boolean {
  for (const key of own.alteredColumns) if (key.endsWith(`.${column}`)) return true;
  return false;
}

export function ambiguousColumn(ref: ColumnReference, own: DocumentRelations, fresh: boolean, severity: Severity): Finding | undefined {
  const ambiguity = ref.ambiguity;
  if (!ambiguity) return undefined;
  // Columns the file adds, drops or renames, or tables it recreates, may not all exist at this statement
  // (directly, through a CTE or subquery that selects them, or inherited from an altered parent).
  for (const m of ambiguity.matches) {
    for (const [relation, column] of [
      [m.item?.relation, ref.name],
      [m.column.relation, m.column.column?.name],
    ] as const) {
      if (!relation || !column) continue;
      if (own.redefined.has(relation.name) || own.alteredColumns.has(`${relation.name}.${column}`) || (!fresh && own.changed.has(relation.name))) return undefined;
      if (relation.inherits.length > 0 && alteredAnywhere(own, column)) return undefined;
    }
  }
  const names = ambiguity.matches.map((m) => (!m.item ? `the joined column ${ref.name}` : m.item.name ? `${m.item.name}.${ref.name}` : `a column of an unnamed ${m.item.kind}`));
  const distinct = [...new Set(names)];
  const which = distinct.length > 1 ? `${distinct.slice(0, -1).join(', ')} or ${distinct[distinct.length - 1]}` : `any of ${names.length} columns of ${distinct[0]?.replace(/\.[^.]*$/, '') ?? 'the query'}`;
  const fixes = ambiguity.matches.flatMap((m, i, all) => {
    if (!m.item || !m.qualifiable || all.findIndex((o) => o.item?.name === m.item?.name) !== i) return [];
    const text = `${quoteIdentifier(m.item.name)}.${quoteIdentifier(ref.name)}`;
    return [{ title: `Qualify as ${text}`, edits: [{ range: ref.range, newText: text }] }];
  });
  return {
    ruleId: AMBIGUOUS_COLUMN_ID,
    severity,
    message: `Column reference "${ref.name}" is ambiguous: it could be ${which}.`,
    range: ref.range,
    fixes,
  };
}
