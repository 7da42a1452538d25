/**
 * What applying one statement needs: the catalog being built, the file and statement (for locations and
 * expression text), the session's search_path, and a place to report what PostgreSQL would have refused.
 */
import type { Node, RangeVar, TypeName } from '@pgsql/types';
import type { Statement } from '../../parse/document';
import type { OffsetRange } from '../../parse/positions';
import type { Catalog } from '../catalog';
import { expressionText, type ExpressionStop } from '../expressions';
import type { Expression, SourceLocation } from '../model';
import { effectiveSearchPath, type NameReference, type QualifiedName } from '../names';
import { formatTypeName, type TypeResolver } from '../types';
import { EXTENSION_TYPES } from './extension-types';

/** Something PostgreSQL would refuse or that the model cannot follow; the statement is skipped or partly applied. */
export interface ApplyProblem {
  readonly file: string;
  readonly range: OffsetRange;
  readonly message: string;
}

export interface SessionState {
  searchPath: readonly string[];
}

export class ApplyContext {
  constructor(
    readonly catalog: Catalog,
    readonly file: string,
    readonly statement: Statement,
    readonly session: SessionState,
    private readonly problems: ApplyProblem[],
  ) {}

  /** A location for the object at an AST location (the name's token), or the statement's head. */
  locate(location?: number): SourceLocation {
    const range = location === undefined ? this.statement.headRange() : this.statement.rangeOfLocation(location);
    return { file: this.file, range };
  }

  /** The whole statement: where an object's full definition is. */
  statementLocation(): SourceLocation {
    return { file: this.file, range: this.statement.range };
  }

  problem(message: string, location?: number): void {
    const range = location === undefined ? this.statement.headRange() : this.statement.rangeOfLocation(location);
    this.problems.push({ file: this.file, range, message });
  }

  /** The schema a new object goes to: the written one, else the first existing schema of the search_path. */
  creationSchema(written: string | undefined, location?: number, temporary = false): string {
    if (written) {
      if (!this.catalog.schema(written) && written !== 'pg_temp') this.problem(`schema "${written}" does not exist`, location);
      return written;
    }
    if (temporary) return 'pg_temp';
    for (const schema of this.session.searchPath) if (this.catalog.schema(schema)) return schema;
    this.problem('no schema has been selected to create in', location);
    return 'public';
  }

  /** A new relation's qualified name. */
  newRelationName(rel: RangeVar): QualifiedName {
    return { schema: this.creationSchema(rel.schemaname, rel.location, rel.relpersistence === 't'), name: rel.relname ?? '' };
  }

  /** The search path for lookups: pg_temp first, as PostgreSQL searches temporary objects first. */
  lookupPath(): string[] {
    return ['pg_temp', ...effectiveSearchPath(this.session.searchPath)];
  }

  reference(rel: RangeVar | undefined): NameReference | undefined {
    if (!rel?.relname) return undefined;
    return rel.schemaname ? { schema: rel.schemaname, name: rel.relname } : { name: rel.relname };
  }

  /** Finds an existing relation (table, view, ...) by a written name. */
  findRelation(rel: RangeVar | NameReference | undefined): QualifiedName | undefined {
    const ref = rel && 'relname' in rel ? this.reference(rel) : (rel as NameReference | undefined);
    if (!ref) return undefined;
    const found = this.catalog.resolveIn(ref, this.lookupPath(), (q) => this.catalog.relation(q));
    return found ? { schema: found.schema, name: found.name } : undefined;
  }

  /** Finds any pg_class object (relation, index, sequence) by a written name. */
  findClass(ref: NameReference): { kind: 'relation' | 'index' | 'sequence'; name: QualifiedName } | undefined {
    return this.catalog.resolveIn(ref, this.lookupPath(), (q) => {
      if (this.catalog.relation(q)) return { kind: 'relation' as const, name: q };
      if (this.catalog.index(q)) return { kind: 'index' as const, name: q };
      if (this.catalog.sequence(q)) return { kind: 'sequence' as const, name: q };
      return undefined;
    });
  }

  /** Resolves type names: catalog types, then the types of installed extensions. */
  readonly resolveType: TypeResolver = (ref) => {
    const path = ref.schema !== undefined ? [ref.schema] : this.lookupPath();
    for (const schema of path) {
      if (this.catalog.type({ schema, name: ref.name })) return { schema, name: ref.name };
      for (const extension of this.catalog.extensions()) {
        if (extension.schema === schema && EXTENSION_TYPES[extension.name]?.includes(ref.name)) return { schema, name: ref.name };
      }
    }
    return undefined;
  };

  formatType(type: TypeName | undefined): string {
    return formatTypeName(type, this.resolveType);
  }

  /** The source text of an expression node as an Expression. */
  expression(node: Node | undefined, stop?: ExpressionStop): Expression | undefined {
    const text = expressionText(this.statement, node, stop);
    return text === undefined ? undefined : { text };
  }
}
