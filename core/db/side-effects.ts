/**
 * What a statement would run that the rollback around EXPLAIN cannot undo, read from the catalog first: a
 * wrapper calling dblink_exec commits elsewhere, pg_terminate_backend ends sessions, nextval advances sequences.
 * EXPLAIN ANALYZE executes the statement; plain EXPLAIN evaluates IMMUTABLE and STABLE functions with constant
 * arguments while planning (constant folding, selectivity estimates) and inlines SQL functions, so a user function
 * marked so runs as well.
 *
 * What the statement reaches: the functions it names (the overloads that fit the argument count, visible on the
 * session's search_path), the functions of user-defined operators, user aggregates' support functions, the views
 * it reads (their definitions), and what a write starts: the target's triggers and rules for that event, its column
 * defaults and identity sequences. User functions in SQL and PL/pgSQL are read through their bodies
 * (pg_get_functiondef, parsed by our parser), MAX_LEVELS deep; a body's unqualified names may be in any schema.
 * C functions are judged by their volatility and core/knowledge/function-effects.ts; other languages cannot be
 * read, so they count as effects.
 *
 * Writes inside bodies are not effects by themselves: a read-only transaction refuses them and a writable one is
 * rolled back; in a writable run their tables' triggers, defaults and sequences are followed like the statement's.
 *
 * Catalog reads go through the session one statement at a time, names bound as a JSON list, inside the caller's
 * transaction (and its statement timeout). What SQL text names is read by sql-reach.ts.
 */
import type { Node } from '@pgsql/types';
import { bodyOf, EMPTY_REACH, parsedAsts, reachOf, type Call, type RelationRef, type Reach, type Write } from './sql-reach';
import { harmlessVolatile, knownEffect, UNKNOWN_VOLATILE_EFFECT } from '../knowledge/function-effects';
import type { Session } from './session';

export interface SideEffect {
  /** The function with the effect: built-ins by name (pg_terminate_backend), others qualified (public.dblink_exec). */
  readonly function: string;
  /** What it does that the rollback does not undo: "signals other sessions (...)". */
  readonly does: string;
  /** The functions, views, triggers and defaults it is reached through, from the statement inwards. */
  readonly via: readonly string[];
}

export interface SideEffectOptions {
  /** EXPLAIN ANALYZE (the statement runs); else only what planning evaluates. */
  readonly analyze: boolean;
  /** The run can write (a data-changing statement, confirmed): writes in bodies reach triggers and sequences. */
  readonly writable: boolean;
}

/** "pg_terminate_backend signals other sessions (...) — called through public.kill_others". */
export function describeSideEffect(effect: SideEffect): string {
  return `${effect.function} ${effect.does}${effect.via.length > 0 ? ` — called through ${effect.via.join(' → ')}` : ''}`;
}

/** Function bodies read at most this deep (a wrapper of a wrapper of ...), and this many in all. */
const MAX_LEVELS = 8;
const MAX_BODIES = 200;

/** The everything-runs walk (EXPLAIN ANALYZE, or a function evaluated while planning) or the planning walk. */
type Mode = 'runs' | 'plans';

interface Unit {
  readonly reach: Reach;
  /** Functions called by oid (trigger functions, aggregate support functions). */
  readonly functions: readonly number[];
  readonly via: readonly string[];
  readonly mode: Mode;
  /** A function body: unqualified names may resolve to any schema (its own search_path is not the session's). */
  readonly body: boolean;
  /** The statement itself: its writes are followed in either mode. */
  readonly top: boolean;
}

interface FunctionRow {
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
  readonly volatility: string;
  readonly language: string;
  readonly kind: string;
  readonly nargs: number;
  readonly ndefaults: number;
  readonly variadic: boolean;
  readonly visible: boolean;
  readonly definition: string | null;
  readonly support: readonly number[];
  readonly operators: readonly string[];
}

interface RelationRow {
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
  readonly kind: string;
  readonly visible: boolean;
  readonly definition: string | null;
}

interface TargetRow {
  readonly source: 'trigger' | 'rule' | 'column';
  readonly relation: number;
  readonly function: number | null;
  readonly name: string | null;
  readonly events: number | null;
  readonly definition: string | null;
  readonly sequence: string | null;
}

const SYSTEM_SCHEMAS = new Set(['pg_catalog', 'information_schema']);
const json = (values: Iterable<unknown>): string => JSON.stringify([...values]);

function functionsSql(version: number): string {
  const kind = version >= 11 ? 'p.prokind' : "CASE WHEN p.proisagg THEN 'a' WHEN p.proiswindow THEN 'w' ELSE 'f' END";
  return `SELECT p.oid::int8 AS oid, n.nspname AS schema, p.proname AS name, p.provolatile::text AS volatility, l.lanname AS language,
    ${kind}::text AS kind, p.pronargs::int AS nargs, p.pronargdefaults::int AS ndefaults, p.provariadic <> 0 AS variadic,
    pg_function_is_visible(p.oid) AS visible,
    CASE WHEN l.lanname IN ('sql', 'plpgsql') AND ${kind} IN ('f', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      THEN pg_get_functiondef(p.oid) END AS definition,
    (SELECT json_agg(s.f::int8) FROM pg_aggregate a, unnest(ARRAY[a.aggtransfn, a.aggfinalfn]::oid[]) AS s(f)
      WHERE a.aggfnoid = p.oid AND s.f <> 0::oid) AS support,
    (SELECT json_agg(o.oprname) FROM pg_operator o WHERE o.oprcode = p.oid) AS operators
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
  WHERE p.proname IN (SELECT json_array_elements_text($1::json))
     OR p.oid IN (SELECT json_array_elements_text($2::json)::oid)
     OR p.oid IN (SELECT o.oprcode FROM pg_operator o JOIN pg_namespace onsp ON onsp.oid = o.oprnamespace
                  WHERE o.oprname IN (SELECT json_array_elements_text($3::json)) AND onsp.nspname <> 'pg_catalog')`;
}

const RELATIONS_SQL = `SELECT c.oid::int8 AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS kind,
    pg_table_is_visible(c.oid) AS visible, CASE WHEN c.relkind = 'v' THEN pg_get_viewdef(c.oid) END AS definition
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relname IN (SELECT json_array_elements_text($1::json)) AND c.relkind IN ('r', 'p', 'v', 'f')
    AND n.nspname NOT IN ('pg_catalog', 'information_schema')`;

function targetsSql(version: number): string {
  const identity = version >= 10 ? "a.attidentity <> ''" : 'false';
  return `SELECT 'trigger' AS source, t.tgrelid::int8 AS relation, t.tgfoid::int8 AS function, t.tgname::text AS name,
      t.tgtype::int AS events, NULL::text AS definition, NULL::text AS sequence
    FROM pg_trigger t WHERE t.tgrelid IN (SELECT json_array_elements_text($1::json)::oid) AND NOT t.tgisinternal AND t.tgenabled <> 'D'
  UNION ALL
  SELECT 'rule', r.ev_class::int8, NULL, r.rulename::text, r.ev_type::text::int, pg_get_ruledef(r.oid), NULL
    FROM pg_rewrite r WHERE r.ev_class IN (SELECT json_array_elements_text($1::json)::oid) AND r.rulename <> '_RETURN'
  UNION ALL
  SELECT 'column', a.attrelid::int8, NULL, a.attname::text, NULL, pg_get_expr(d.adbin, d.adrelid),
      (SELECT sn.nspname || '.' || s.relname FROM pg_depend dep JOIN pg_class s ON s.oid = dep.objid JOIN pg_namespace sn ON sn.oid = s.relnamespace
        WHERE dep.classid = 'pg_class'::regclass AND dep.refclassid = 'pg_class'::regclass AND dep.refobjid = a.attrelid
          AND dep.refobjsubid = a.attnum AND dep.deptype = 'i' AND s.relkind = 'S' LIMIT 1)
    FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.attrelid IN (SELECT json_array_elements_text($1::json)::oid) AND a.attnum > 0 AND NOT a.attisdropped
      AND (d.oid IS NOT NULL OR ${identity})`;
}

const SEQUENCES_SQL = `SELECT s.name, (SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.oid = to_regclass(s.name)) AS qualified
  FROM json_array_elements_text($1::json) AS s(name)`;

/** pg_trigger.tgtype bits and pg_rewrite.ev_type codes of the events a write fires. */
const TRIGGER_EVENT_BITS = { insert: 4, delete: 8, update: 16 } as const;
const RULE_EVENT_CODES = { update: 2, insert: 3, delete: 4 } as const;

const num = (v: unknown): number => Number(v);
const list = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : typeof v === 'string' ? (JSON.parse(v) as T[]) : []);

class SideEffectWalk {
  readonly effects: SideEffect[] = [];
  private readonly seen = new Set<string>();
  private readonly sequenceCalls: { fn: string; sequence: string | undefined; via: readonly string[] }[] = [];
  private bodies = 0;
  private next: Unit[] = [];

  constructor(
    private readonly session: Session,
    private readonly options: SideEffectOptions,
  ) {}

  async run(ast: Node): Promise<SideEffect[]> {
    let units: Unit[] = [{ reach: reachOf([ast]), functions: [], via: [], mode: this.options.analyze ? 'runs' : 'plans', body: false, top: true }];
    for (let level = 1; units.length > 0; level++) {
      if (level > MAX_LEVELS) {
        for (const u of units) this.effect(u.via[u.via.length - 1] ?? 'the statement', `calls functions nested more than ${MAX_LEVELS} levels deep, which were not checked`, u.via.slice(0, -1));
        break;
      }
      units = await this.level(units);
    }
    await this.nameSequences();
    const unique = new Map(this.effects.map((e) => [describeSideEffect(e), e]));
    return [...unique.values()];
  }

  private effect(fn: string, does: string, via: readonly string[]): void {
    this.effects.push({ function: fn, does, via });
  }

  private async level(units: readonly Unit[]): Promise<Unit[]> {
    this.next = [];
    const names = new Set(units.flatMap((u) => u.reach.calls.map((c) => c.name)));
    const oids = new Set(units.flatMap((u) => u.functions));
    const operators = new Set(units.flatMap((u) => u.reach.operators));
    const relationNames = new Set(units.flatMap((u) => [...u.reach.relations, ...u.reach.writes.map((w) => w.relation)].map((r) => r.name)));
    const functionRows = names.size + oids.size + operators.size > 0 ? await this.functionRows(names, oids, operators) : [];
    const relationRows = relationNames.size > 0 ? (await this.session.query<RelationRow>(RELATIONS_SQL, [json(relationNames)])).rows.map((r) => ({ ...r, oid: num(r.oid) })) : [];
    const targets: { relation: RelationRow; write: Write; unit: Unit }[] = [];
    for (const unit of units) {
      for (const call of unit.reach.calls) {
        const named = functionRows.filter((r) => r.name === call.name && (call.schema ? r.schema === call.schema : unit.body || r.visible));
        const fitting = named.filter((r) => fitsArguments(r, call.argc));
        for (const row of fitting.length > 0 ? fitting : named) this.judge(row, unit, call);
      }
      for (const oid of unit.functions) {
        const row = functionRows.find((r) => r.oid === oid);
        if (row) this.judge(row, unit, undefined);
      }
      for (const row of functionRows) {
        if (!SYSTEM_SCHEMAS.has(row.schema) && row.operators.some((o) => unit.reach.operators.includes(o))) this.judge(row, unit, { name: row.name, argc: row.nargs, constantArgs: true });
      }
      for (const ref of unit.reach.relations) {
        for (const view of matchRelations(relationRows, ref, unit.body)) {
          if (view.kind !== 'v' || !view.definition) continue;
          this.follow(`view:${view.oid}:${unit.mode}`, { reach: reachOf(parsedAsts(view.definition)), functions: [], via: [...unit.via, `view ${view.schema}.${view.name}`], mode: unit.mode, body: false, top: false });
        }
      }
      // The statement's own writes always (a planned INSERT folds its defaults too); writes in bodies only when
      // the transaction lets them happen.
      if (unit.top || (this.options.writable && unit.mode === 'runs')) {
        for (const write of unit.reach.writes) for (const relation of matchRelations(relationRows, write.relation, unit.body)) targets.push({ relation, write, unit });
      }
    }
    if (targets.length > 0) await this.followTargets(targets);
    return this.next;
  }

  private async functionRows(names: ReadonlySet<string>, oids: ReadonlySet<number>, operators: ReadonlySet<string>): Promise<FunctionRow[]> {
    const rows = (await this.session.query<Record<string, unknown>>(functionsSql(this.session.serverVersion), [json(names), json(oids), json(operators)])).rows;
    return rows.map((r) => ({
      oid: num(r.oid),
      schema: String(r.schema),
      name: String(r.name),
      volatility: String(r.volatility),
      language: String(r.language),
      kind: String(r.kind),
      nargs: num(r.nargs),
      ndefaults: num(r.ndefaults),
      variadic: r.variadic === true,
      visible: r.visible === true,
      definition: typeof r.definition === 'string' ? r.definition : null,
      support: list<unknown>(r.support).map(num),
      operators: list<unknown>(r.operators).map(String),
    }));
  }

  /** Queues a unit for the next level once per key (a function calling itself, a view read twice). */
  private follow(key: string, unit: Unit): void {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.next.push(unit);
  }

  private judge(row: FunctionRow, unit: Unit, call: Call | undefined): void {
    const system = SYSTEM_SCHEMAS.has(row.schema);
    const name = system ? row.name : `${row.schema}.${row.name}`;
    if (unit.mode === 'plans') {
      if (system) return;
      // In a body being inlined, the arguments may be the caller's constants.
      const evaluated = row.volatility !== 'v' && (unit.body || (call?.constantArgs ?? false));
      if (evaluated) {
        const marking = row.volatility === 'i' ? 'IMMUTABLE' : 'STABLE';
        this.runs(row, `${name} (${marking}: evaluated while planning)`, unit.via, call);
      } else if (row.language === 'sql') this.readBody(row, 'plans', [...unit.via, name]);
      return;
    }
    this.runs(row, name, unit.via, call);
  }

  /** The function runs: what it does, or what its body calls. `label` names it in messages. */
  private runs(row: FunctionRow, label: string, via: readonly string[], call: Call | undefined): void {
    const system = SYSTEM_SCHEMAS.has(row.schema);
    if (row.kind === 'a' && !system) {
      if (row.support.length > 0) this.follow(`agg:${row.oid}`, { reach: EMPTY_REACH, functions: row.support, via: [...via, label], mode: 'runs', body: true, top: false });
      return;
    }
    if (system || row.language === 'c' || row.language === 'internal') {
      if (row.volatility !== 'v' || harmlessVolatile(row.name)) return;
      if (row.name === 'nextval' || row.name === 'setval') {
        this.sequenceCalls.push({ fn: row.name, sequence: call?.firstArg, via });
        return;
      }
      this.effect(label, knownEffect(row.name) ?? UNKNOWN_VOLATILE_EFFECT, via);
      return;
    }
    if (row.language === 'sql' || row.language === 'plpgsql') {
      this.readBody(row, 'runs', [...via, label]);
      return;
    }
    this.effect(label, `is written in ${row.language}: what it does cannot be checked`, via);
  }

  /** Queues the body of a SQL or PL/pgSQL function; `via` ends with the function's label. */
  private readBody(row: FunctionRow, mode: Mode, via: readonly string[]): void {
    const key = `fn:${row.oid}:${mode}`;
    if (this.seen.has(key)) return;
    const label = via[via.length - 1];
    const outer = via.slice(0, -1);
    if (++this.bodies > MAX_BODIES) {
      this.effect(label, `was not checked (more than ${MAX_BODIES} function bodies)`, outer);
      return;
    }
    const body = row.definition ? bodyOf(row.definition, row.language) : { asts: [], dynamic: false, unreadable: true };
    if (mode === 'runs' && body.unreadable) this.effect(label, 'has a body that could not be read, so what it does cannot be checked', outer);
    if (mode === 'runs' && body.dynamic) this.effect(label, 'runs SQL built at run time (EXECUTE), which cannot be checked', outer);
    this.follow(key, { reach: reachOf(body.asts), functions: [], via, mode, body: true, top: false });
  }

  private async followTargets(targets: readonly { relation: RelationRow; write: Write; unit: Unit }[]): Promise<void> {
    const oids = new Set(targets.map((t) => t.relation.oid));
    const rows = (await this.session.query<TargetRow>(targetsSql(this.session.serverVersion), [json(oids)])).rows;
    for (const { relation, write, unit } of targets) {
      const table = `${relation.schema}.${relation.name}`;
      for (const row of rows) {
        if (num(row.relation) !== relation.oid) continue;
        if (row.source === 'trigger' && unit.mode === 'runs' && write.events.some((e) => (num(row.events) & TRIGGER_EVENT_BITS[e]) !== 0)) {
          this.follow(`trigger:${relation.oid}:${row.name}`, { reach: EMPTY_REACH, functions: [num(row.function)], via: [...unit.via, `trigger ${row.name} on ${table}`], mode: 'runs', body: false, top: false });
        } else if (row.source === 'rule' && write.events.some((e) => num(row.events) === RULE_EVENT_CODES[e]) && row.definition) {
          this.follow(`rule:${relation.oid}:${row.name}:${unit.mode}`, { reach: reachOf(parsedAsts(row.definition)), functions: [], via: [...unit.via, `rule ${row.name} on ${table}`], mode: unit.mode, body: false, top: false });
        } else if (row.source === 'column' && row.name && write.usesDefault(row.name)) {
          const via = [...unit.via, `default of ${table}.${row.name}`];
          if (row.sequence && unit.mode === 'runs') this.effect('nextval', `advances sequence ${row.sequence} (identity column ${table}.${row.name}): not undone by the rollback`, unit.via);
          if (row.definition) this.follow(`default:${relation.oid}:${row.name}:${unit.mode}`, { reach: reachOf(parsedAsts(`SELECT ${row.definition}`)), functions: [], via, mode: unit.mode, body: false, top: false });
        }
      }
    }
  }

  /** nextval/setval effects name their sequence as the catalog does (public.orders_id_seq). */
  private async nameSequences(): Promise<void> {
    if (this.sequenceCalls.length === 0) return;
    const written = new Set(this.sequenceCalls.flatMap((c) => (c.sequence ? [c.sequence] : [])));
    const qualified = new Map<string, string>();
    if (written.size > 0) {
      for (const r of (await this.session.query<{ name: string; qualified: string | null }>(SEQUENCES_SQL, [json(written)])).rows) if (r.qualified) qualified.set(r.name, r.qualified);
    }
    for (const c of this.sequenceCalls) {
      const sequence = c.sequence ? `sequence ${qualified.get(c.sequence) ?? c.sequence}` : 'a sequence';
      this.effect(c.fn, `${c.fn === 'nextval' ? 'advances' : 'sets'} ${sequence}: not undone by the rollback`, c.via);
    }
  }
}

/** Whether a function with this signature accepts `argc` arguments (defaults and VARIADIC included). */
function fitsArguments(row: FunctionRow, argc: number): boolean {
  if (row.variadic && argc >= row.nargs - 1) return true;
  return argc <= row.nargs && argc >= row.nargs - row.ndefaults;
}

function matchRelations(rows: readonly RelationRow[], ref: RelationRef, anySchema: boolean): RelationRow[] {
  return rows.filter((r) => r.name === ref.name && (ref.schema ? r.schema === ref.schema : anySchema || r.visible));
}

/**
 * The effects running `ast` would have that the rollback does not undo: with `analyze`, everything it executes;
 * without, what planning evaluates. Reads the catalog through `session`, inside the caller's transaction.
 */
export async function findSideEffects(session: Session, ast: Node, options: SideEffectOptions): Promise<SideEffect[]> {
  return new SideEffectWalk(session, options).run(ast);
}
