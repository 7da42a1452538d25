/**
 * Visitors for rules about a column's declared type: every column that CREATE TABLE or ADD COLUMN declares (not
 * ALTER COLUMN ... TYPE, which changing-column-type covers), its type's span, and an optional rewrite of the type.
 */
import type { TypeName } from '@pgsql/types';
import type { Fix, RuleContext, RuleVisitors } from '../types';
import { relationName } from '../../parse/ast';
import { baseTypeName, columnDefinitions, typeSpan } from './column-defs';

export interface TypedColumn {
  /** `table.column` (or the column alone). */
  readonly where: string;
  readonly type: TypeName;
  /** baseTypeName of the type: `bpchar`, `json`, `money`, `regclass`. */
  readonly base: string;
  /** The type as written (with modifiers and array brackets), when its span could be found. */
  readonly written: string | undefined;
}

export interface ColumnTypeCheck {
  readonly matches: (base: string, type: TypeName) => boolean;
  readonly message: (column: TypedColumn) => string;
  /** Replacement texts for the written type, first one first; none when no rewrite is safe. */
  readonly replacements?: (column: TypedColumn) => readonly { readonly title: string; readonly text: string; readonly preferred?: boolean }[];
}

export function columnTypeVisitors(context: RuleContext, check: ColumnTypeCheck): RuleVisitors {
  return {
    statement(statement) {
      for (const def of columnDefinitions(statement.ast)) {
        const type = def.column.typeName;
        if (def.kind === 'alter-type' || !type) continue;
        const base = baseTypeName(type);
        if (!check.matches(base, type)) continue;
        const span = typeSpan(statement, type);
        const column: TypedColumn = {
          where: def.table ? `${relationName(def.table)}.${def.name}` : def.name,
          type,
          base,
          written: span ? context.document.text.slice(span.start, span.end) : undefined,
        };
        const fixes: Fix[] = span
          ? (check.replacements?.(column) ?? []).map((r) => ({ title: r.title, preferred: r.preferred, edits: [{ range: span, newText: r.text }] }))
          : [];
        context.report({ range: span ?? statement.rangeOfLocation(type.location), message: check.message(column), fixes });
      }
    },
  };
}
