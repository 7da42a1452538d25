/**
 * ALTER TABLE (and ALTER VIEW / MATERIALIZED VIEW / FOREIGN TABLE / INDEX / SEQUENCE, which share its
 * statement): columns, defaults, NOT NULL, types, identity and generated columns, constraints, inheritance,
 * partitions, row security and persistence. Subcommands that change nothing the model keeps are ignored.
 */
import type { AlterTableCmd, AlterTableStmt, Constraint as ConstraintNode } from '@pgsql/types';
import { asNode } from '../../parse/ast';
import { COLUMN_EXPRESSION_STOP } from '../expressions';
import type { Relation } from '../model';
import type { QualifiedName } from '../names';
import { buildColumn, sequenceOptions } from './columns';
import { addBuiltConstraint } from './create-table';
import type { ApplyContext } from './context';
import { dropColumn, dropConstraint } from './drop';
import { serialSequenceName } from './naming';
import { attachPartition, detachPartition } from './partitions';
import { updateColumn, updateRelation } from './relations';

export function alterTable(ctx: ApplyContext, stmt: AlterTableStmt): void {
  if (stmt.objtype === 'OBJECT_INDEX' || stmt.objtype === 'OBJECT_SEQUENCE' || stmt.objtype === 'OBJECT_TYPE') return;
  const ref = ctx.reference(stmt.relation);
  const found = ref ? ctx.findClass(ref) : undefined;
  if (!found) {
    if (!stmt.missing_ok) ctx.problem(`relation "${stmt.relation?.relname ?? ''}" does not exist`, stmt.relation?.location);
    return;
  }
  // ALTER TABLE also reaches sequences and indexes (OWNER TO, SET TABLESPACE): nothing the model keeps.
  if (found.kind !== 'relation') return;
  const table = found.name;
  // libpg-query omits false booleans: `inh` is present (true) unless ONLY was written.
  const only = stmt.relation?.inh !== true;
  for (const node of stmt.cmds ?? []) {
    const cmd = asNode(node, 'AlterTableCmd');
    if (cmd) alterTableCommand(ctx, table, cmd, only);
  }
}

function columnExists(ctx: ApplyContext, table: QualifiedName, column: string | undefined, cmd: AlterTableCmd): boolean {
  const relation = ctx.catalog.relation(table);
  if (column !== undefined && relation?.columns.some((c) => c.name === column)) return true;
  if (!cmd.missing_ok) ctx.problem(`column "${column ?? ''}" of relation "${table.name}" does not exist`);
  return false;
}

/** Applies a change to a column of the table and of the tables that inherit it (unless ONLY). */
function changeColumn(ctx: ApplyContext, table: QualifiedName, column: string, only: boolean, change: Parameters<typeof updateColumn>[2]): void {
  updateRelation(ctx.catalog, table, (r) => updateColumn(r, column, change));
  if (only) return;
  for (const child of ctx.catalog.childrenOf(table)) {
    if (child.columns.some((c) => c.name === column)) changeColumn(ctx, { schema: child.schema, name: child.name }, column, false, change);
  }
}

function alterTableCommand(ctx: ApplyContext, table: QualifiedName, cmd: AlterTableCmd, only: boolean): void {
  const column = cmd.name;
  switch (cmd.subtype) {
    case 'AT_AddColumn':
    case 'AT_AddColumnToView': {
      const def = asNode(cmd.def, 'ColumnDef');
      if (!def) return;
      const relation = ctx.catalog.relation(table);
      if (relation?.columns.some((c) => c.name === def.colname)) {
        if (!cmd.missing_ok) ctx.problem(`column "${def.colname ?? ''}" of relation "${table.name}" already exists`, def.location);
        return;
      }
      const built = buildColumn(ctx, table, def);
      updateRelation(ctx.catalog, table, (r) => ({ ...r, columns: [...r.columns, built.column] }));
      if (!only) {
        for (const child of ctx.catalog.childrenOf(table)) {
          if (!child.columns.some((c) => c.name === built.column.name)) ctx.catalog.putRelation({ ...child, columns: [...child.columns, { ...built.column, inherited: true }] });
        }
      }
      if (built.sequence) ctx.catalog.putSequence(built.sequence);
      for (const node of built.constraints) addBuiltConstraint(ctx, table, node, built.column.name, only);
      return;
    }
    case 'AT_ColumnDefault': {
      if (!columnExists(ctx, table, column, cmd)) return;
      const expression = cmd.def ? ctx.expression(cmd.def, COLUMN_EXPRESSION_STOP) : undefined;
      changeColumn(ctx, table, column!, only, (c) => {
        const { default: _old, ...rest } = c;
        return expression ? { ...rest, default: expression } : rest;
      });
      return;
    }
    case 'AT_SetNotNull':
    case 'AT_DropNotNull': {
      if (!columnExists(ctx, table, column, cmd)) return;
      const notNull = cmd.subtype === 'AT_SetNotNull';
      changeColumn(ctx, table, column!, only, (c) => ({ ...c, notNull }));
      return;
    }
    case 'AT_AlterColumnType': {
      if (!columnExists(ctx, table, column, cmd)) return;
      const def = asNode(cmd.def, 'ColumnDef');
      const type = ctx.formatType(def?.typeName);
      changeColumn(ctx, table, column!, only, (c) => ({ ...c, type }));
      return;
    }
    case 'AT_DropColumn':
      if (!columnExists(ctx, table, column, cmd)) return;
      dropColumn(ctx, table, column!, cmd.behavior === 'DROP_CASCADE', only);
      return;
    case 'AT_AddConstraint': {
      const node = asNode(cmd.def, 'Constraint');
      if (!node) return;
      if (node.indexname) {
        addConstraintUsingIndex(ctx, table, node);
        return;
      }
      if (node.contype === 'CONSTR_NOTNULL') {
        for (const key of node.keys ?? []) {
          const name = asNode(key, 'String')?.sval;
          if (name) changeColumn(ctx, table, name, only, (c) => ({ ...c, notNull: true }));
        }
        return;
      }
      addBuiltConstraint(ctx, table, node, undefined, only);
      return;
    }
    case 'AT_DropConstraint':
      dropConstraint(ctx, table, cmd.name ?? '', cmd.missing_ok === true, cmd.behavior === 'DROP_CASCADE');
      return;
    case 'AT_ValidateConstraint':
      updateRelation(ctx.catalog, table, (r) => ({ ...r, constraints: r.constraints.map((c) => (c.name === cmd.name ? { ...c, validated: true } : c)) }));
      return;
    case 'AT_AlterConstraint': {
      const node = asNode(cmd.def, 'Constraint');
      if (!node) return;
      updateRelation(ctx.catalog, table, (r) => ({
        ...r,
        constraints: r.constraints.map((c) => (c.name === node.conname ? { ...c, deferrable: node.deferrable === true, initiallyDeferred: node.initdeferred === true } : c)),
      }));
      return;
    }
    case 'AT_AddIdentity': {
      if (!columnExists(ctx, table, column, cmd)) return;
      const identity = asNode(cmd.def, 'Constraint');
      if (!identity) return;
      addIdentity(ctx, table, column!, identity);
      return;
    }
    case 'AT_DropIdentity':
      if (!columnExists(ctx, table, column, cmd)) return;
      changeColumn(ctx, table, column!, true, (c) => {
        const { identity: _identity, ...rest } = c;
        return rest;
      });
      for (const sequence of ctx.catalog.sequences()) {
        if (sequence.ownedBy?.table.schema === table.schema && sequence.ownedBy.table.name === table.name && sequence.ownedBy.column === column) ctx.catalog.deleteSequence(sequence);
      }
      return;
    case 'AT_SetIdentity':
      return;
    case 'AT_DropExpression':
      if (!columnExists(ctx, table, column, cmd)) return;
      changeColumn(ctx, table, column!, only, (c) => {
        const { generated: _g, generatedExpression: _e, ...rest } = c;
        return rest;
      });
      return;
    case 'AT_SetExpression': {
      if (!columnExists(ctx, table, column, cmd)) return;
      const expression = ctx.expression(cmd.def);
      changeColumn(ctx, table, column!, only, (c) => ({ ...c, ...(expression ? { generatedExpression: expression } : {}) }));
      return;
    }
    case 'AT_AddInherit':
    case 'AT_DropInherit': {
      const parent = ctx.findRelation(asNode(cmd.def, 'RangeVar'));
      if (!parent) return;
      const add = cmd.subtype === 'AT_AddInherit';
      updateRelation(ctx.catalog, table, (r) => ({
        ...r,
        inherits: add ? [...r.inherits, parent] : r.inherits.filter((p) => p.schema !== parent.schema || p.name !== parent.name),
      }));
      return;
    }
    case 'AT_AttachPartition': {
      const partition = asNode(cmd.def, 'PartitionCmd');
      if (partition) attachPartition(ctx, table, partition);
      return;
    }
    case 'AT_DetachPartition': {
      const partition = asNode(cmd.def, 'PartitionCmd');
      if (partition) detachPartition(ctx, partition);
      return;
    }
    case 'AT_EnableRowSecurity':
    case 'AT_DisableRowSecurity':
      updateRelation(ctx.catalog, table, (r) => ({ ...r, rowSecurity: cmd.subtype === 'AT_EnableRowSecurity' }));
      return;
    case 'AT_ForceRowSecurity':
    case 'AT_NoForceRowSecurity':
      updateRelation(ctx.catalog, table, (r) => ({ ...r, forceRowSecurity: cmd.subtype === 'AT_ForceRowSecurity' }));
      return;
    case 'AT_SetLogged':
    case 'AT_SetUnLogged':
      updateRelation(ctx.catalog, table, (r): Relation => ({ ...r, persistence: cmd.subtype === 'AT_SetLogged' ? 'permanent' : 'unlogged' }));
      return;
    default:
      return;
  }
}

/** `ADD GENERATED ... AS IDENTITY [(SEQUENCE NAME x ...)]`: pg_dump's form for identity columns. */
function addIdentity(ctx: ApplyContext, table: QualifiedName, column: string, node: ConstraintNode): void {
  const identity = node.generated_when === 'a' ? 'always' : 'by default';
  const options = sequenceOptions(ctx, node.options);
  const written = options.sequenceName;
  const name = written && written.length > 0
    ? { schema: written.length > 1 ? written[written.length - 2] : table.schema, name: written[written.length - 1] }
    : { schema: table.schema, name: serialSequenceName(table.name, column, (n) => ctx.catalog.hasRelationName({ schema: table.schema, name: n })) };
  const { sequenceName: _ignored, ...rest } = options;
  const relation = ctx.catalog.relation(table);
  const type = relation?.columns.find((c) => c.name === column)?.type ?? 'integer';
  ctx.catalog.putSequence({ ...rest, schema: name.schema, name: name.name, type: rest.type ?? type, ownedBy: { table, column }, location: ctx.locate(node.location) });
  changeColumn(ctx, table, column, true, (c) => ({ ...c, identity, notNull: true }));
}

/** `ADD CONSTRAINT x PRIMARY KEY USING INDEX idx`: the index is renamed to the constraint. */
function addConstraintUsingIndex(ctx: ApplyContext, table: QualifiedName, node: ConstraintNode): void {
  const index = ctx.catalog.index({ schema: table.schema, name: node.indexname ?? '' });
  if (!index) {
    ctx.problem(`index "${node.indexname ?? ''}" does not exist`, node.location);
    return;
  }
  const name = node.conname ?? index.name;
  const primary = node.contype === 'CONSTR_PRIMARY';
  const columns = index.keys.flatMap((k) => (k.column !== undefined ? [k.column] : []));
  ctx.catalog.deleteIndex(index);
  ctx.catalog.putIndex({ ...index, name, primary, unique: true, constraint: name });
  updateRelation(ctx.catalog, table, (r) => ({
    ...r,
    columns: primary ? r.columns.map((c) => (columns.includes(c.name) ? { ...c, notNull: true } : c)) : r.columns,
    constraints: [...r.constraints, { name, kind: primary ? 'primary-key' : 'unique', columns, deferrable: node.deferrable === true, initiallyDeferred: node.initdeferred === true, validated: true, index: name, location: ctx.locate(node.location) }],
  }));
}
