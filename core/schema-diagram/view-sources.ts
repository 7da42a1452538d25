/** The relations a view's query reads, resolved in the catalog: the view's edges in the diagram. */
import type { RangeVar } from '@pgsql/types';
import type { CatalogView } from '../catalog/catalog';
import type { Relation } from '../catalog/model';
import { walkAst } from '../parse/ast';
import { parseStatementText, parserReady } from '../parse/parser';

export function viewSources(view: Relation, catalog: CatalogView): Relation[] {
  if (!view.query || !parserReady()) return [];
  const parsed = parseStatementText(view.query);
  if (parsed.error) return [];
  const ctes = new Set<string>();
  const found = new Map<string, Relation>();
  for (const raw of parsed.stmts) {
    if (!raw.stmt) continue;
    walkAst(raw.stmt, (ref) => {
      if (ref.tag === 'CommonTableExpr') {
        const name = (ref.node as { ctename?: string }).ctename;
        if (name) ctes.add(name);
      }
      if (ref.tag !== 'RangeVar') return;
      const rv = ref.node as RangeVar;
      if (!rv.relname || (!rv.schemaname && ctes.has(rv.relname))) return;
      const relation = catalog.resolveRelation(rv.schemaname ? { schema: rv.schemaname, name: rv.relname } : { name: rv.relname });
      if (relation && !(relation.schema === view.schema && relation.name === view.name)) found.set(`${relation.schema}.${relation.name}`, relation);
    });
  }
  return [...found.values()];
}
