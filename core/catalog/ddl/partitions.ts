/**
 * Partitions: the bound as written (`FOR VALUES FROM (...) TO (...)`, `IN (...)`, `WITH (...)`, `DEFAULT`),
 * and ATTACH / DETACH PARTITION, which bring the parent's checks, foreign keys and indexes along.
 */
import type { PartitionBoundSpec, PartitionCmd } from '@pgsql/types';
import type { ApplyContext } from './context';
import { cloneIndexToPartition } from './indexes';
import { updateRelation } from './relations';
import type { QualifiedName } from '../names';

/** The bound clause's source text, from FOR / DEFAULT to its last parenthesis. */
export function partitionBoundText(ctx: ApplyContext, bound: PartitionBoundSpec | undefined): string | undefined {
  if (!bound) return undefined;
  if (bound.is_default) return 'DEFAULT';
  const tokens = ctx.statement.tokens();
  const start = ctx.statement.offsetOfLocation(bound.location);
  let i = tokens.findIndex((t) => t.start >= start);
  if (i < 0) return undefined;
  const first = i;
  let depth = 0;
  let last = i;
  for (; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.text === '(') depth++;
    else if (t.text === ')') {
      depth--;
      if (depth === 0) {
        last = i;
        const next = tokens[i + 1];
        if (!next || next.kind !== 'TO') break;
      }
    }
  }
  const from = tokens[first].start - ctx.statement.start;
  const to = tokens[last].end - ctx.statement.start;
  // The bound's location is after FOR VALUES: print it whole, as pg_get_expr does.
  const clause = ctx.statement.text.slice(from, to).replace(/\s+/g, ' ');
  return /^FOR\s/i.test(clause) ? clause : `FOR VALUES ${clause}`;
}

export function attachPartition(ctx: ApplyContext, parent: QualifiedName, cmd: PartitionCmd): void {
  const child = ctx.findRelation(cmd.name);
  if (!child) {
    ctx.problem(`relation "${cmd.name?.relname ?? ''}" does not exist`, cmd.name?.location);
    return;
  }
  const parentRelation = ctx.catalog.relation(parent);
  if (!parentRelation) return;
  const bound = partitionBoundText(ctx, cmd.bound);
  const updated = updateRelation(ctx.catalog, child, (r) => {
    const inheritable = parentRelation.constraints.filter((c) => (c.kind === 'check' || c.kind === 'foreign-key') && !r.constraints.some((own) => own.name === c.name));
    return {
      ...r,
      partitionOf: parent,
      ...(bound !== undefined ? { partitionBound: bound } : {}),
      columns: r.columns.map((c) => ({ ...c, notNull: c.notNull || (parentRelation.columns.find((p) => p.name === c.name)?.notNull ?? false) })),
      constraints: [...r.constraints, ...inheritable.map((c) => ({ ...c, inherited: true }))],
    };
  });
  if (!updated) return;
  for (const index of ctx.catalog.indexesOf(parent)) {
    const current = ctx.catalog.relation(child);
    if (current) cloneIndexToPartition(ctx.catalog, index, current);
  }
}

export function detachPartition(ctx: ApplyContext, cmd: PartitionCmd): void {
  const child = ctx.findRelation(cmd.name);
  if (!child) {
    ctx.problem(`relation "${cmd.name?.relname ?? ''}" does not exist`, cmd.name?.location);
    return;
  }
  updateRelation(ctx.catalog, child, (r) => {
    const { partitionOf: _parent, partitionBound: _bound, ...rest } = r;
    return { ...rest, constraints: r.constraints.filter((c) => !(c.inherited && c.kind === 'foreign-key')).map((c) => (c.inherited ? { ...c, inherited: false } : c)) };
  });
}
