/**
 * The DDL that renames a schema object, and the one that undoes it: what a rename writes as a new migration when the
 * object was created by migrations already applied (their text is history and stays as it was). Undefined when the
 * object's kind is not known well enough to write it (a function whose argument types are not in the catalog).
 */
import { quoteIdentifier } from '../catalog/names';
import type { SchemaSymbol } from './occurrences';
import type { SchemaLookup } from './lookup';

export interface RenameStatements {
  readonly up: string;
  readonly down: string;
  /** Words for the migration's file name. */
  readonly name: string;
}

/**
 * Renaming a table or a column takes ACCESS EXCLUSIVE on it: without a lock_timeout the ALTER queues every query on
 * the table behind whatever runs long (and require-lock-timeout would flag the migration this writes).
 */
const LOCK_TIMEOUT = "SET lock_timeout = '5s';\n";

const RELATION_KEYWORD = { table: 'TABLE', 'partitioned-table': 'TABLE', 'foreign-table': 'FOREIGN TABLE', view: 'VIEW', 'materialized-view': 'MATERIALIZED VIEW' } as const;

export function renameStatements(symbol: SchemaSymbol, newName: string, lookup: SchemaLookup): RenameStatements | undefined {
  const q = quoteIdentifier;
  const qualified = (name: string): string => `${q(symbol.schema)}.${q(name)}`;
  switch (symbol.kind) {
    case 'relation': {
      const relation = lookup.relation({ schema: symbol.schema, name: symbol.name });
      if (!relation) return undefined;
      const keyword = RELATION_KEYWORD[relation.kind];
      return {
        up: `${LOCK_TIMEOUT}ALTER ${keyword} ${qualified(symbol.name)} RENAME TO ${q(newName)};`,
        down: `${LOCK_TIMEOUT}ALTER ${keyword} ${qualified(newName)} RENAME TO ${q(symbol.name)};`,
        name: `rename ${symbol.name} to ${newName}`,
      };
    }
    case 'column': {
      const relation = lookup.relation({ schema: symbol.schema, name: symbol.table });
      if (!relation) return undefined;
      const keyword = relation.kind === 'materialized-view' ? 'MATERIALIZED VIEW' : relation.kind === 'foreign-table' ? 'FOREIGN TABLE' : 'TABLE';
      return {
        up: `${LOCK_TIMEOUT}ALTER ${keyword} ${qualified(symbol.table)} RENAME COLUMN ${q(symbol.name)} TO ${q(newName)};`,
        down: `${LOCK_TIMEOUT}ALTER ${keyword} ${qualified(symbol.table)} RENAME COLUMN ${q(newName)} TO ${q(symbol.name)};`,
        name: `rename ${symbol.table} ${symbol.name} to ${newName}`,
      };
    }
    case 'function': {
      const [routine, ...others] = lookup.functions({ schema: symbol.schema, name: symbol.name });
      if (!routine || others.length > 0) return undefined;
      const keyword = routine.kind === 'procedure' ? 'PROCEDURE' : routine.kind === 'aggregate' ? 'AGGREGATE' : 'FUNCTION';
      // The identity arguments: OUT and TABLE columns are not part of a routine's signature.
      const args = routine.arguments.filter((a) => a.mode !== 'out' && a.mode !== 'table').map((a) => `${a.mode === 'variadic' ? 'VARIADIC ' : a.mode === 'inout' ? 'INOUT ' : ''}${a.type}`);
      const signature = (name: string): string => `${qualified(name)}(${keyword === 'AGGREGATE' && args.length === 0 ? '*' : args.join(', ')})`;
      return { up: `ALTER ${keyword} ${signature(symbol.name)} RENAME TO ${q(newName)};`, down: `ALTER ${keyword} ${signature(newName)} RENAME TO ${q(symbol.name)};`, name: `rename ${symbol.name} to ${newName}` };
    }
    case 'type': {
      const type = lookup.type({ schema: symbol.schema, name: symbol.name });
      if (!type) return undefined;
      const keyword = type.kind === 'domain' ? 'DOMAIN' : 'TYPE';
      return { up: `ALTER ${keyword} ${qualified(symbol.name)} RENAME TO ${q(newName)};`, down: `ALTER ${keyword} ${qualified(newName)} RENAME TO ${q(symbol.name)};`, name: `rename ${symbol.name} to ${newName}` };
    }
  }
}
