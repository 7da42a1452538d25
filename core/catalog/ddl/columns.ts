/**
 * Columns from ColumnDef nodes: the display type, NULL / NOT NULL, DEFAULT, identity and generated columns,
 * serial pseudo-types (an owned sequence and a nextval default), and the column's key/check/foreign-key
 * constraints handed back for the table to add.
 */
import type { ColumnDef, Constraint as ConstraintNode, DefElem, Node } from '@pgsql/types';
import { asNode, stringValues } from '../../parse/ast';
import { COLUMN_EXPRESSION_STOP } from '../expressions';
import type { Column, Sequence } from '../model';
import { displayQualified, type QualifiedName } from '../names';
import type { ApplyContext } from './context';
import { applyAttributes } from './constraints';
import { serialSequenceName } from './naming';

const SERIAL_TYPES: Readonly<Record<string, string>> = {
  serial: 'integer',
  serial4: 'integer',
  bigserial: 'bigint',
  serial8: 'bigint',
  smallserial: 'smallint',
  serial2: 'smallint',
};

export interface BuiltColumn {
  readonly column: Column;
  /** Key, check, foreign-key and exclusion constraints declared on the column. */
  readonly constraints: readonly ConstraintNode[];
  /** The sequence a serial or identity column owns. */
  readonly sequence?: Sequence;
}

/** `nextval('schema.seq'::regclass)`: the default PostgreSQL gives a serial column. */
export function nextvalDefault(sequence: QualifiedName): string {
  return `nextval('${displayQualified(sequence).replace(/'/g, "''")}'::regclass)`;
}

/** The sequence options of CREATE/ALTER SEQUENCE and identity columns. */
export function sequenceOptions(ctx: ApplyContext, options: readonly Node[] | undefined): Partial<Sequence> & { sequenceName?: string[] } {
  const out: { -readonly [K in keyof Sequence]?: Sequence[K] } & { sequenceName?: string[] } = {};
  for (const option of options ?? []) {
    const def = asNode(option, 'DefElem');
    if (!def) continue;
    const number = numericArg(def);
    switch (def.defname) {
      case 'as':
        out.type = ctx.formatType(asNode(def.arg, 'TypeName'));
        break;
      case 'start':
        if (number !== undefined) out.start = number;
        break;
      case 'increment':
        if (number !== undefined) out.increment = number;
        break;
      case 'minvalue':
        if (number !== undefined) out.minValue = number;
        break;
      case 'maxvalue':
        if (number !== undefined) out.maxValue = number;
        break;
      case 'cache':
        if (number !== undefined) out.cache = number;
        break;
      case 'cycle':
        out.cycle = asNode(def.arg, 'Boolean')?.boolval ?? true;
        break;
      case 'sequence_name':
        out.sequenceName = stringValues(asNode(def.arg, 'List')?.items);
        break;
    }
  }
  return out;
}

function numericArg(def: DefElem): number | undefined {
  const integer = asNode(def.arg, 'Integer');
  if (integer) return integer.ival ?? 0;
  const float = asNode(def.arg, 'Float');
  if (float?.fval !== undefined) return Number(float.fval);
  return undefined;
}

/** Builds a column of `table`; `taken` says whether a sequence name is already used. */
export function buildColumn(ctx: ApplyContext, table: QualifiedName, def: ColumnDef): BuiltColumn {
  const name = def.colname ?? '';
  const written = stringValues(def.typeName?.names);
  const serial = written.length === 1 && !def.typeName?.arrayBounds ? SERIAL_TYPES[written[0]] : undefined;
  const type = serial ?? ctx.formatType(def.typeName);
  let notNull = def.is_not_null === true;
  let defaultExpression: Column['default'];
  let generated: Column['generated'];
  let generatedExpression: Column['generatedExpression'];
  let identity: Column['identity'];
  let sequence: Sequence | undefined;
  const tableConstraints: ConstraintNode[] = [];
  const taken = (n: string): boolean => ctx.catalog.hasRelationName({ schema: table.schema, name: n });

  for (const node of applyAttributes((def.constraints ?? []).flatMap((c) => (asNode(c, 'Constraint') ? [asNode(c, 'Constraint')!] : [])))) {
    switch (node.contype) {
      case 'CONSTR_NOTNULL':
        notNull = true;
        break;
      case 'CONSTR_NULL':
        notNull = false;
        break;
      case 'CONSTR_DEFAULT':
        defaultExpression = ctx.expression(node.raw_expr, COLUMN_EXPRESSION_STOP);
        break;
      case 'CONSTR_GENERATED':
        generated = node.generated_kind === 'v' ? 'virtual' : 'stored';
        generatedExpression = ctx.expression(node.raw_expr, COLUMN_EXPRESSION_STOP);
        break;
      case 'CONSTR_IDENTITY': {
        identity = node.generated_when === 'a' ? 'always' : 'by default';
        notNull = true;
        const options = sequenceOptions(ctx, node.options);
        const seqName = options.sequenceName;
        const qualified = seqName && seqName.length > 0
          ? { schema: seqName.length > 1 ? seqName[seqName.length - 2] : table.schema, name: seqName[seqName.length - 1] }
          : { schema: table.schema, name: serialSequenceName(table.name, name, taken) };
        const { sequenceName: _ignored, ...rest } = options;
        sequence = { ...rest, schema: qualified.schema, name: qualified.name, type: rest.type ?? type, ownedBy: { table, column: name }, location: ctx.locate(node.location) };
        break;
      }
      default:
        tableConstraints.push(node);
    }
  }
  if (serial) {
    const seq = { schema: table.schema, name: serialSequenceName(table.name, name, taken) };
    sequence = { ...seq, type: serial, start: 1, increment: 1, ownedBy: { table, column: name }, location: ctx.locate(def.location) };
    defaultExpression = { text: nextvalDefault(seq) };
    notNull = true;
  }
  const collation = stringValues(def.collClause?.collname);
  const column: Column = {
    name,
    type,
    notNull,
    ...(defaultExpression ? { default: defaultExpression } : {}),
    ...(generated ? { generated, ...(generatedExpression ? { generatedExpression } : {}) } : {}),
    ...(identity ? { identity } : {}),
    ...(collation.length > 0 ? { collation: collation.join('.') } : {}),
    location: ctx.locate(def.location),
  };
  return { column, constraints: tableConstraints, ...(sequence ? { sequence } : {}) };
}
