/** Columns a file adds to tables, so later statements on them are known to touch new, unused columns. */
import type { AlterTableStmt } from '@pgsql/types';
import { asNode } from '../../../parse/ast';
import { relationKey } from '../../../analysis/file-facts';

/** `table.column` keys of the columns an ALTER TABLE adds. */
export function addedColumnKeys(stmt: AlterTableStmt): string[] {
  const table = relationKey(stmt.relation);
  return (stmt.cmds ?? []).flatMap((item) => {
    const cmd = asNode(item, 'AlterTableCmd');
    const name = cmd?.subtype === 'AT_AddColumn' ? asNode(cmd.def, 'ColumnDef')?.colname : undefined;
    return name ? [`${table}.${name}`] : [];
  });
}
