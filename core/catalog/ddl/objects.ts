/** CREATE SCHEMA, CREATE / ALTER EXTENSION, CREATE / ALTER SEQUENCE. */
import type { AlterSeqStmt, CreateExtensionStmt, CreateSchemaStmt, CreateSeqStmt } from '@pgsql/types';
import { asNode, stringValues } from '../../parse/ast';
import type { Sequence } from '../model';
import { sequenceOptions } from './columns';
import type { ApplyContext } from './context';
import { EXTENSION_TYPES } from './extension-types';

export function createSchema(ctx: ApplyContext, stmt: CreateSchemaStmt): string | undefined {
  const name = stmt.schemaname ?? stmt.authrole?.rolename ?? '';
  if (!name) return undefined;
  if (ctx.catalog.schema(name)) {
    if (!stmt.if_not_exists) ctx.problem(`schema "${name}" already exists`);
    return name;
  }
  ctx.catalog.putSchema({ name, location: ctx.locate() });
  return name;
}

function optionValue(options: CreateExtensionStmt['options'], name: string): string | undefined {
  for (const option of options ?? []) {
    const def = asNode(option, 'DefElem');
    if (def?.defname === name) return asNode(def.arg, 'String')?.sval;
  }
  return undefined;
}

export function createExtension(ctx: ApplyContext, stmt: CreateExtensionStmt): void {
  const name = stmt.extname ?? '';
  if (ctx.catalog.extension(name)) {
    if (!stmt.if_not_exists) ctx.problem(`extension "${name}" already exists`);
    return;
  }
  const schema = optionValue(stmt.options, 'schema') ?? ctx.creationSchema(undefined);
  const version = optionValue(stmt.options, 'new_version');
  ctx.catalog.putExtension({ name, schema, ...(version ? { version } : {}), location: ctx.locate() });
  // The extension's types become resolvable and visible to completion.
  for (const type of EXTENSION_TYPES[name] ?? []) {
    if (!ctx.catalog.type({ schema, name: type })) ctx.catalog.putType({ kind: 'base', schema, name: type });
  }
}

export function createSequence(ctx: ApplyContext, stmt: CreateSeqStmt): void {
  const rel = stmt.sequence;
  if (!rel?.relname) return;
  const name = ctx.newRelationName(rel);
  if (ctx.catalog.hasRelationName(name)) {
    if (!stmt.if_not_exists) ctx.problem(`relation "${name.name}" already exists`, rel.location);
    return;
  }
  const { sequenceName: _ignored, ...options } = sequenceOptions(ctx, stmt.options);
  const sequence: Sequence = { type: 'bigint', ...options, ...name, location: ctx.locate(rel.location) };
  ctx.catalog.putSequence(ownedBy(ctx, sequence, stmt.options));
}

export function alterSequence(ctx: ApplyContext, stmt: AlterSeqStmt): void {
  const ref = ctx.reference(stmt.sequence);
  const found = ref ? ctx.catalog.resolveIn(ref, ctx.lookupPath(), (q) => ctx.catalog.sequence(q)) : undefined;
  if (!found) {
    if (!stmt.missing_ok) ctx.problem(`relation "${stmt.sequence?.relname ?? ''}" does not exist`, stmt.sequence?.location);
    return;
  }
  const { sequenceName: _ignored, ...options } = sequenceOptions(ctx, stmt.options);
  ctx.catalog.putSequence(ownedBy(ctx, { ...found, ...options }, stmt.options));
}

/** `OWNED BY table.column` / `OWNED BY NONE`. */
function ownedBy(ctx: ApplyContext, sequence: Sequence, options: CreateSeqStmt['options']): Sequence {
  for (const option of options ?? []) {
    const def = asNode(option, 'DefElem');
    if (def?.defname !== 'owned_by') continue;
    const parts = stringValues(asNode(def.arg, 'List')?.items);
    const { ownedBy: _previous, ...rest } = sequence;
    if (parts.length < 2) return rest;
    const column = parts[parts.length - 1];
    const tableParts = parts.slice(0, -1);
    const table = ctx.findRelation(tableParts.length > 1 ? { schema: tableParts[tableParts.length - 2], name: tableParts[tableParts.length - 1] } : { name: tableParts[0] });
    if (!table) {
      ctx.problem(`relation "${tableParts.join('.')}" does not exist`);
      return rest;
    }
    return { ...rest, ownedBy: { table, column } };
  }
  return sequence;
}
