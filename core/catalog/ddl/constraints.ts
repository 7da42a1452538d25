/**
 * Table constraints from the AST (column or table level): primary key, unique, check, foreign key, exclusion,
 * with PostgreSQL's generated names and the index that backs key and exclusion constraints.
 */
import type { Constraint as ConstraintNode, IndexElem, Node } from '@pgsql/types';
import { asNode, stringValues, walkAst } from '../../parse/ast';
import { INDEX_KEY_STOP } from '../expressions';
import type { Constraint, ForeignKeyAction, Index, IndexKey, Relation } from '../model';
import type { ApplyContext } from './context';
import { chooseName, columnsAddition } from './naming';
import { constraintNameTaken } from './relations';

const ACTIONS: Readonly<Record<string, ForeignKeyAction>> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };
const MATCH: Readonly<Record<string, 'simple' | 'full' | 'partial'>> = { s: 'simple', f: 'full', p: 'partial' };

export interface BuiltConstraint {
  readonly constraint: Constraint;
  /** The index behind a primary key, unique or exclusion constraint. */
  readonly index?: Index;
  /** Columns a primary key makes NOT NULL. */
  readonly notNull: readonly string[];
}

/** Distinct columns an expression references (for `<table>_<column>_check` naming). */
export function referencedColumns(node: Node | undefined): string[] {
  const out = new Set<string>();
  if (!node) return [];
  walkAst(node, (ref) => {
    if (ref.tag === 'ColumnRef') {
      const names = stringValues((ref.node as { fields?: Node[] }).fields);
      if (names.length > 0) out.add(names[names.length - 1]);
    }
  });
  return [...out];
}

function keyNames(nodes: readonly Node[] | undefined): string[] {
  return stringValues(nodes);
}

/** An index key from an IndexElem: a column or an expression's source text. */
export function indexKeyOf(ctx: ApplyContext, elem: IndexElem): IndexKey {
  const opclass = stringValues(elem.opclass);
  const collation = stringValues(elem.collation);
  const base: IndexKey = elem.name !== undefined ? { column: elem.name } : { expression: ctx.expression(elem.expr, INDEX_KEY_STOP) ?? { text: '' } };
  return {
    ...base,
    ...(elem.ordering === 'SORTBY_DESC' ? { descending: true } : {}),
    ...(elem.nulls_ordering === 'SORTBY_NULLS_FIRST' ? { nullsFirst: true } : elem.nulls_ordering === 'SORTBY_NULLS_LAST' ? { nullsFirst: false } : {}),
    ...(opclass.length > 0 ? { opclass: opclass.join('.') } : {}),
    ...(collation.length > 0 ? { collation: collation.join('.') } : {}),
  };
}

/**
 * Builds a constraint for `table` from a Constraint node. `column` is set for column constraints (their key
 * is that column). Undefined for constraint kinds the model does not keep (NOT NULL, DEFAULT, attributes).
 */
export function buildConstraint(ctx: ApplyContext, table: Relation, node: ConstraintNode, column?: string): BuiltConstraint | undefined {
  const deferrable = node.deferrable === true;
  const initiallyDeferred = node.initdeferred === true;
  const validated = node.skip_validation !== true;
  const location = ctx.locate(node.location);
  const common = { deferrable, initiallyDeferred, validated, location };
  const pick = (label: string, name2: string | undefined, needsIndex: boolean): string =>
    node.conname ?? chooseName(table.name, name2, label, (n) => constraintNameTaken(ctx.catalog, table, n, needsIndex));

  switch (node.contype) {
    case 'CONSTR_PRIMARY':
    case 'CONSTR_UNIQUE': {
      const primary = node.contype === 'CONSTR_PRIMARY';
      const columns = column !== undefined ? [column] : keyNames(node.keys);
      const name = primary ? pick('pkey', undefined, true) : pick('key', columnsAddition(columns), true);
      const include = keyNames(node.including);
      const nullsNotDistinct = node.nulls_not_distinct === true;
      const constraint: Constraint = { name, kind: primary ? 'primary-key' : 'unique', columns, ...common, validated: true, index: name, ...(nullsNotDistinct ? { nullsNotDistinct } : {}) };
      const index: Index = {
        schema: table.schema,
        name,
        table: { schema: table.schema, name: table.name },
        method: node.access_method ?? 'btree',
        unique: true,
        primary,
        keys: columns.map((c) => ({ column: c })),
        include,
        nullsNotDistinct,
        constraint: name,
        valid: true,
        location,
      };
      return { constraint, index, notNull: primary ? columns : [] };
    }
    case 'CONSTR_CHECK': {
      const referenced = column !== undefined ? [column] : referencedColumns(node.raw_expr);
      const name = pick('check', referenced.length === 1 ? referenced[0] : undefined, false);
      const expression = ctx.expression(node.raw_expr);
      // Like pg_constraint.conkey: the columns the check reads.
      return { constraint: { name, kind: 'check', columns: referencedColumns(node.raw_expr), ...(expression ? { expression } : {}), ...common }, notNull: [] };
    }
    case 'CONSTR_FOREIGN': {
      const columns = column !== undefined ? [column] : keyNames(node.fk_attrs);
      const name = pick('fkey', columnsAddition(columns), false);
      const target = ctx.findRelation(node.pktable);
      const written = ctx.reference(node.pktable);
      const self = written && !written.schema && written.name === table.name;
      const referenced = target ?? (self ? { schema: table.schema, name: table.name } : { schema: written?.schema ?? ctx.creationSchema(undefined), name: written?.name ?? '' });
      if (!target && !self) ctx.problem(`relation "${written?.name ?? ''}" does not exist`, node.pktable?.location);
      let refColumns = keyNames(node.pk_attrs);
      if (refColumns.length === 0) {
        const targetRelation = self ? table : ctx.catalog.relation(referenced);
        refColumns = [...(targetRelation?.constraints.find((c) => c.kind === 'primary-key')?.columns ?? [])];
      }
      const constraint: Constraint = {
        name,
        kind: 'foreign-key',
        columns,
        references: {
          table: referenced,
          columns: refColumns,
          onDelete: ACTIONS[node.fk_del_action ?? 'a'] ?? 'no action',
          onUpdate: ACTIONS[node.fk_upd_action ?? 'a'] ?? 'no action',
          match: MATCH[node.fk_matchtype ?? 's'] ?? 'simple',
        },
        ...common,
      };
      return { constraint, notNull: [] };
    }
    case 'CONSTR_EXCLUSION': {
      const elems = (node.exclusions ?? []).flatMap((pair) => {
        const list = asNode(pair, 'List')?.items ?? [];
        const elem = asNode(list[0], 'IndexElem');
        return elem ? [elem] : [];
      });
      const columns = elems.flatMap((e) => (e.name !== undefined ? [e.name] : []));
      const name = pick('excl', columnsAddition(elems.map((e) => e.name ?? 'expr')), true);
      const predicate = ctx.expression(node.where_clause);
      const constraint: Constraint = { name, kind: 'exclusion', columns, ...(predicate ? { expression: predicate } : {}), ...common, index: name };
      const index: Index = {
        schema: table.schema,
        name,
        table: { schema: table.schema, name: table.name },
        method: node.access_method ?? 'gist',
        unique: false,
        primary: false,
        keys: elems.map((e) => indexKeyOf(ctx, e)),
        include: keyNames(node.including),
        ...(predicate ? { predicate } : {}),
        nullsNotDistinct: false,
        constraint: name,
        valid: true,
        location,
      };
      return { constraint, index, notNull: [] };
    }
    default:
      return undefined;
  }
}

/** Applies DEFERRABLE / INITIALLY DEFERRED attribute nodes that follow a column constraint. */
export function applyAttributes(nodes: readonly ConstraintNode[]): ConstraintNode[] {
  const out: ConstraintNode[] = [];
  for (const node of nodes) {
    const previous = out[out.length - 1];
    switch (node.contype) {
      case 'CONSTR_ATTR_DEFERRABLE':
        if (previous) out[out.length - 1] = { ...previous, deferrable: true };
        break;
      case 'CONSTR_ATTR_NOT_DEFERRABLE':
        if (previous) out[out.length - 1] = { ...previous, deferrable: false };
        break;
      case 'CONSTR_ATTR_DEFERRED':
        if (previous) out[out.length - 1] = { ...previous, initdeferred: true, deferrable: true };
        break;
      case 'CONSTR_ATTR_IMMEDIATE':
        if (previous) out[out.length - 1] = { ...previous, initdeferred: false };
        break;
      default:
        out.push(node);
    }
  }
  return out;
}
