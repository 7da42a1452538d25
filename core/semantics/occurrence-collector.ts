/**
 * What an occurrence is (a schema object's name at a range) and the collector statements fill: it checks that
 * the token at each range spells the name, keeps one occurrence per range and object, and does the lookups
 * every kind of statement needs (relations, routines, types through the search_path).
 */
import type { RangeVar } from '@pgsql/types';
import type { Relation } from '../catalog/model';
import type { NameReference } from '../catalog/names';
import { builtins } from '../knowledge/builtins';
import type { StatementView } from '../parse/document';
import type { OffsetRange } from '../parse/positions';
import type { SchemaLookup } from './lookup';
import { NameReader, tokenName } from './name-tokens';
import { namePartRanges } from './ranges';

export type SchemaSymbol =
  | { readonly kind: 'relation'; readonly schema: string; readonly name: string }
  | { readonly kind: 'column'; readonly schema: string; readonly table: string; readonly name: string }
  | { readonly kind: 'function'; readonly schema: string; readonly name: string }
  | { readonly kind: 'type'; readonly schema: string; readonly name: string };

/** How the text around an occurrence is quoted: names in a single-quoted routine body need `'` doubled. */
export type BodyQuoting = 'dollar' | 'single' | 'escape';

export interface Occurrence {
  readonly symbol: SchemaSymbol;
  /** The name's token (the last part of a qualified name). */
  readonly range: OffsetRange;
  /** Where the object gets this name: CREATE, ADD COLUMN, a column definition, RENAME ... TO. */
  readonly declaration: boolean;
  /** An alias standing for the relation (`o` of `o.id`): not its name, never renamed with it. */
  readonly alias?: boolean;
  /**
   * A `JOIN ... USING (col)` column: it names the column of both sides at once, so renaming one side's column
   * cannot keep the join as written.
   */
  readonly join?: boolean;
  /** Set inside a routine body. */
  readonly body?: BodyQuoting;
}

/** A map key that tells symbols apart (names may hold any character but NUL). */
export function symbolKey(s: SchemaSymbol): string {
  return s.kind === 'column' ? `column\u0000${s.schema}\u0000${s.table}\u0000${s.name}` : `${s.kind}\u0000${s.schema}\u0000${s.name}`;
}

export function relationSymbol(r: Pick<Relation, 'schema' | 'name'>): SchemaSymbol {
  return { kind: 'relation', schema: r.schema, name: r.name };
}

export function columnSymbol(r: Pick<Relation, 'schema' | 'name'>, column: string): SchemaSymbol {
  return { kind: 'column', schema: r.schema, table: r.name, name: column };
}

/** `a.b.c` as written -> a reference to its last two parts. */
export function referenceOf(names: readonly string[]): NameReference | undefined {
  if (names.length === 0) return undefined;
  return names.length > 1 ? { schema: names[names.length - 2], name: names[names.length - 1] } : { name: names[0] };
}

/** Collects one statement's occurrences: name checks, dedup, and the lookups every part needs. */
export class OccurrenceCollector {
  readonly reader: NameReader;
  private readonly found = new Map<string, Occurrence>();

  constructor(
    readonly view: StatementView,
    readonly lookup: SchemaLookup,
    readonly searchPath: readonly string[],
  ) {
    this.reader = new NameReader(view);
  }

  add(symbol: SchemaSymbol, range: OffsetRange | undefined, declaration = false, alias = false, join = false): void {
    if (!range) return;
    // The token there must spell the name: positions mapped into routine bodies are checked, not trusted.
    const token = this.reader.tokens[this.reader.indexAt(range.start)];
    if (!token || token.start !== range.start || token.end !== range.end) return;
    if (!alias && tokenName(token) !== symbol.name) return;
    const key = `${range.start}\u0000${symbolKey(symbol)}`;
    const known = this.found.get(key);
    if (known && (known.declaration || !declaration)) return;
    this.found.set(key, { symbol, range, declaration, ...(alias ? { alias } : {}), ...(join ? { join } : {}) });
  }

  relation(ref: NameReference | undefined): Relation | undefined {
    return ref ? this.lookup.relation(ref, this.searchPath) : undefined;
  }

  relationOf(rv: RangeVar | undefined): Relation | undefined {
    if (!rv?.relname) return undefined;
    return this.relation(rv.schemaname ? { schema: rv.schemaname, name: rv.relname } : { name: rv.relname });
  }

  /** A routine named as written (unqualified built-in names are pg_catalog's: PostgreSQL searches it first). */
  functionSymbol(names: readonly string[]): SchemaSymbol | undefined {
    const ref = referenceOf(names);
    if (!ref || ref.schema === 'pg_catalog' || (ref.schema === undefined && builtins().functions.has(ref.name))) return undefined;
    const found = this.lookup.functions(ref, this.searchPath)[0];
    return found ? { kind: 'function', schema: found.schema, name: found.name } : undefined;
  }

  /** A type named as written: a catalog type, else a relation's row type. */
  typeSymbol(names: readonly string[]): SchemaSymbol | undefined {
    const ref = referenceOf(names);
    if (!ref || names.length > 3 || ref.schema === 'pg_catalog' || (ref.schema === undefined && builtins().types.has(ref.name))) return undefined;
    const type = this.lookup.type(ref, this.searchPath);
    if (type) return { kind: 'type', schema: type.schema, name: type.name };
    const relation = this.relation(ref);
    return relation ? relationSymbol(relation) : undefined;
  }

  /** The ranges of a dotted name at an AST location. */
  parts(location: number | undefined, count: number): OffsetRange[] | undefined {
    return namePartRanges(this.view, location, count);
  }

  result(): Occurrence[] {
    return [...this.found.values()].sort((a, b) => a.range.start - b.range.start);
  }
}
