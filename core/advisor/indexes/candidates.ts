/**
 * Candidate indexes for one statement, from its query shape and the catalog: per table a B-tree on the equality
 * columns (most distinct first) then one range column, variants that also serve ORDER BY, GROUP BY or a join,
 * a partial index when a constant condition selects few rows, INCLUDE columns for an index-only scan, trigram GIN
 * for LIKE / regex patterns and GIN for jsonb and array operators. Nothing here is a recommendation: the planner
 * decides (verify.ts).
 */
import { coveringIndex } from './coverage';
import { definitionKey } from './sql';
import { distinctValues, valueFraction } from './selectivity';
import { tableKey } from './scope';
import type { AdvisorEnvironment, CandidateSet, ColumnUse, CoveredCandidate, IndexCandidate, IndexColumn, QueryShape, TableFacts, TableUsage } from './types';

export interface CandidateOptions {
  /** A constant condition is a partial index predicate when it matches at most this fraction of rows (0.1). */
  readonly partialMaxFraction?: number;
  /** INCLUDE at most this many columns for an index-only scan (3). */
  readonly maxIncludeColumns?: number;
  /** At most this many candidates per statement (12). */
  readonly maxCandidates?: number;
}

/** At most this many distinct values: a status or type column, whose constants make partial index predicates. */
const STATUS_LIKE_DISTINCT = 100;

const EQUALITY: ReadonlySet<ColumnUse['kind']> = new Set(['equality', 'membership']);

const unique = (xs: readonly string[]): string[] => [...new Set(xs)];

/** Equality columns, the most distinct first (stable: the query's order without statistics); `=` before `IN`. */
function equalityColumns(usage: TableUsage, facts: TableFacts): string[] {
  const uses = usage.uses.filter((u) => EQUALITY.has(u.kind));
  const cols = unique(uses.map((u) => u.column));
  const weight = (c: string): number => distinctValues(facts, c) ?? -1;
  const isIn = (c: string): number => (uses.some((u) => u.column === c && u.kind === 'equality') ? 0 : 1);
  return cols.map((c, i) => ({ c, i })).sort((a, b) => isIn(a.c) - isIn(b.c) || weight(b.c) - weight(a.c) || a.i - b.i).map((x) => x.c);
}

/** The range column to end the key with: the most distinct one. */
function rangeColumn(usage: TableUsage, facts: TableFacts, taken: readonly string[]): string | undefined {
  const cols = unique(usage.uses.filter((u) => u.kind === 'range' && !taken.includes(u.column)).map((u) => u.column));
  return cols.sort((a, b) => (distinctValues(facts, b) ?? -1) - (distinctValues(facts, a) ?? -1))[0];
}

interface KeyVariant {
  readonly columns: IndexColumn[];
  readonly equalityPrefix: number;
  readonly reason: string;
}

function btreeVariants(usage: TableUsage, facts: TableFacts, skip: ReadonlySet<string>): KeyVariant[] {
  const eq = equalityColumns(usage, facts).filter((c) => !skip.has(c));
  const plain = (cols: readonly string[]): IndexColumn[] => cols.map((column) => ({ column }));
  const describe = (what: string, cols: readonly string[]): string => (cols.length > 0 ? `${what} ${cols.join(', ')}` : '');
  const eqReason = describe('equality on', eq);
  const join = (...parts: string[]): string => parts.filter((p) => p !== '').join('; ');
  const out: KeyVariant[] = [];
  const range = rangeColumn(usage, facts, eq);
  if (eq.length > 0 || range) out.push({ columns: plain([...eq, ...(range ? [range] : [])]), equalityPrefix: eq.length, reason: join(eqReason, range ? `range on ${range}` : '') });
  const order = usage.orderBy.filter((o) => !eq.includes(o.column));
  if (order.length > 0) {
    // One direction throughout: the index is read backwards for DESC. Mixed directions need them in the index.
    const mixed = order.some((o) => o.descending !== order[0].descending);
    out.push({
      columns: [...plain(eq), ...order.map((o) => ({ column: o.column, ...(mixed && o.descending ? { descending: true } : {}) }))],
      equalityPrefix: eq.length,
      reason: join(eqReason, `rows in ORDER BY ${order.map((o) => o.column + (o.descending ? ' DESC' : '')).join(', ')} order${usage.limited ? ' (LIMIT)' : ''}`),
    });
  }
  const group = unique(usage.groupBy.filter((g) => !eq.includes(g)));
  if (group.length > 0) out.push({ columns: plain([...eq, ...group]), equalityPrefix: eq.length, reason: join(eqReason, `GROUP BY ${group.join(', ')}`) });
  const joins = unique(usage.uses.filter((u) => u.kind === 'join' && !eq.includes(u.column) && !skip.has(u.column)).map((u) => u.column));
  if (joins.length > 0) out.push({ columns: plain([...eq, ...joins]), equalityPrefix: eq.length + joins.length, reason: join(eqReason, `join on ${joins.join(', ')}`) });
  return out;
}

/** The rarest constant condition, when it selects few enough rows for a partial index. */
function rarePredicate(usage: TableUsage, facts: TableFacts, maxFraction: number): { use: ColumnUse; fraction: number } | undefined {
  let best: { use: ColumnUse; fraction: number } | undefined;
  for (const use of usage.uses) {
    if ((use.kind !== 'equality' && use.kind !== 'null') || !use.predicateSql || use.constant === undefined) continue;
    const stats = facts.stats.get(use.column);
    const fraction = valueFraction(stats, use.constant, facts.rows);
    if (fraction === undefined || fraction > maxFraction) continue;
    // A status-like column (the value is one of its common values, or it has few values): queries keep asking
    // for the same constant. A rare value of a key-like column (customer_id = 42) changes from query to query.
    const statusLike = use.kind === 'null' || stats?.mostCommonValues.includes(use.constant) === true || (distinctValues(facts, use.column) ?? Infinity) <= STATUS_LIKE_DISTINCT;
    if (!statusLike) continue;
    if (!best || fraction < best.fraction) best = { use, fraction };
  }
  return best;
}

function ginCandidates(usage: TableUsage, facts: TableFacts, env: AdvisorEnvironment, notes: string[]): Omit<IndexCandidate, 'schema' | 'table'>[] {
  const out: Omit<IndexCandidate, 'schema' | 'table'>[] = [];
  const patterns = unique(usage.uses.filter((u) => u.kind === 'pattern').map((u) => u.column));
  for (const column of patterns) {
    if (env.trigram) out.push({ method: 'gin', columns: [{ column, opclass: 'gin_trgm_ops' }], include: [], equalityPrefix: 0, reason: `pattern match (LIKE / ILIKE / regex) on ${column}` });
    else notes.push(`${facts.name}.${column} is matched with a pattern: a trigram GIN index would serve it, but the pg_trgm extension is not installed (CREATE EXTENSION pg_trgm).`);
  }
  const contained = unique(usage.uses.filter((u) => u.kind === 'containment' || u.kind === 'jsonb-key').map((u) => u.column));
  for (const column of contained) {
    const type = facts.columnTypes.get(column) ?? '';
    const ops = usage.uses.filter((u) => u.column === column && (u.kind === 'containment' || u.kind === 'jsonb-key')).map((u) => u.operator ?? '');
    if (type === 'jsonb') {
      const pathOps = ops.every((o) => o === '@>');
      out.push({ method: 'gin', columns: [{ column, ...(pathOps ? { opclass: 'jsonb_path_ops' } : {}) }], include: [], equalityPrefix: 0, reason: `jsonb ${unique(ops).join(', ')} on ${column}` });
    } else if (type.endsWith('[]')) {
      out.push({ method: 'gin', columns: [{ column }], include: [], equalityPrefix: 0, reason: `array ${unique(ops).join(', ')} on ${column}` });
    }
  }
  return out;
}

export function indexCandidates(shape: QueryShape, env: AdvisorEnvironment, options: CandidateOptions = {}): CandidateSet {
  const partialMax = options.partialMaxFraction ?? 0.1;
  const maxInclude = options.maxIncludeColumns ?? 3;
  const notes: string[] = [];
  const candidates: IndexCandidate[] = [];
  const covered: CoveredCandidate[] = [];
  const seen = new Set<string>();
  const add = (facts: TableFacts, c: Omit<IndexCandidate, 'schema' | 'table'>): void => {
    const candidate: IndexCandidate = { schema: facts.schema, table: facts.name, ...c };
    const key = definitionKey(candidate);
    if (seen.has(key)) return;
    seen.add(key);
    const existing = coveringIndex(candidate, facts.indexes);
    if (existing) covered.push({ candidate, existing: existing.name });
    else candidates.push(candidate);
  };
  for (const usage of shape.usages) {
    const facts = env.tables.get(tableKey(usage.table));
    if (!facts) {
      if (usage.uses.length > 0 || usage.orderBy.length > 0) notes.push(`Table ${tableKey(usage.table)} was not found in the database: no candidates for it.`);
      continue;
    }
    const known = (u: ColumnUse): boolean => facts.columnTypes.has(u.column);
    const filtered: TableUsage = {
      ...usage,
      uses: usage.uses.filter(known),
      orderBy: usage.orderBy.filter((o) => facts.columnTypes.has(o.column)),
      groupBy: usage.groupBy.filter((g) => facts.columnTypes.has(g)),
    };
    const base = btreeVariants(filtered, facts, new Set());
    for (const v of base) add(facts, { method: 'btree', ...v, include: [] });
    const rare = rarePredicate(filtered, facts, partialMax);
    if (rare) {
      const col = rare.use.column;
      const variants = btreeVariants(filtered, facts, new Set([col]));
      const keyed = variants.length > 0 ? variants : [{ columns: [{ column: col }], equalityPrefix: 1, reason: '' }];
      const share = `${rare.use.predicateSql} matches ~${(rare.fraction * 100).toPrecision(2)} % of rows (pg_stats)`;
      for (const v of keyed) {
        add(facts, { method: 'btree', ...v, include: [], where: rare.use.predicateSql, whereColumn: col, whereLabel: rare.use.kind === 'null' ? `${col}_${rare.use.constant}` : rare.use.constant, reason: [v.reason, `partial: ${share}`].filter((s) => s !== '').join('; ') });
      }
    }
    if (filtered.selected && env.serverVersion >= 11 && base.length > 0) {
      for (const v of base.slice(0, 2)) {
        const keys = new Set(v.columns.map((c) => c.column));
        const extra = unique(filtered.selected.filter((c) => !keys.has(c) && facts.columnTypes.has(c)));
        if (extra.length > 0 && extra.length <= maxInclude) add(facts, { method: 'btree', ...v, include: extra, reason: `${v.reason}; INCLUDE ${extra.join(', ')} for an index-only scan` });
      }
    }
    for (const g of ginCandidates(filtered, facts, env, notes)) add(facts, g);
  }
  return { candidates: candidates.slice(0, options.maxCandidates ?? 12), covered, notes };
}
