/**
 * EXPLAIN's text format into the JSON shape (see build.ts): node lines (`->` arrows, cost and actual
 * parentheses, `never executed`), detail lines (`Filter:`, `Buffers:`, `Sort Method:`, ...), InitPlan / SubPlan /
 * CTE headers, and the top-level footer (Planning / Execution Time, Triggers, JIT, Settings).
 */
import type { RawNode, RawTopLevel } from './build';
import { terminalSafe } from '../terminal-text';

type MutableRaw = Record<string, unknown>;

const NUMBER = '(-?[\\d.]+(?:e[+-]?\\d+)?)';
const COST = new RegExp(`\\s*\\(cost=${NUMBER}\\.\\.${NUMBER} rows=${NUMBER} width=(\\d+)\\)`);
const ACTUAL = new RegExp(`\\s*\\(actual(?: time=${NUMBER}\\.\\.${NUMBER})? rows=${NUMBER} loops=${NUMBER}\\)`);
const NEVER = /\s*\(never executed\)/;

/** Parses the node description ("Index Scan Backward using i on public.t x", "Hash Left Join") into JSON keys. */
export function describeNode(description: string): MutableRaw {
  const raw: MutableRaw = {};
  let d = description.trim();
  const prefix = (word: string): boolean => {
    if (!d.startsWith(word + ' ')) return false;
    d = d.slice(word.length + 1);
    return true;
  };
  raw['Parallel Aware'] = prefix('Parallel');
  if (prefix('Async')) raw['Async Capable'] = true;
  if (prefix('Partial')) raw['Partial Mode'] = 'Partial';
  else if (prefix('Finalize')) raw['Partial Mode'] = 'Finalize';
  let m: RegExpExecArray | null;
  if ((m = /^(Hash|Merge) (?:(Left|Right|Full|Semi|Anti|Right Semi|Right Anti) )?Join$/.exec(d))) {
    raw['Node Type'] = `${m[1]} Join`;
    raw['Join Type'] = m[2] ?? 'Inner';
  } else if ((m = /^Nested Loop(?: (Left|Right|Full|Semi|Anti|Right Semi|Right Anti) Join)?$/.exec(d))) {
    raw['Node Type'] = 'Nested Loop';
    raw['Join Type'] = m[1] ?? 'Inner';
  } else if ((m = /^(Hash|Group|Mixed)?Aggregate$/.exec(d))) {
    raw['Node Type'] = 'Aggregate';
    raw.Strategy = { Hash: 'Hashed', Group: 'Sorted', Mixed: 'Mixed' }[m[1] ?? ''] ?? 'Plain';
  } else if ((m = /^(Hash)?SetOp (Intersect|Intersect All|Except|Except All)$/.exec(d))) {
    raw['Node Type'] = 'SetOp';
    raw.Strategy = m[1] ? 'Hashed' : 'Sorted';
    raw.Command = m[2];
  } else if ((m = /^(Insert|Update|Delete|Merge) on (\S+)(?: (\S+))?$/.exec(d))) {
    raw['Node Type'] = 'ModifyTable';
    raw.Operation = m[1];
    Object.assign(raw, relation(m[2], m[3]));
  } else if ((m = /^Bitmap Index Scan on (\S+)$/.exec(d))) {
    raw['Node Type'] = 'Bitmap Index Scan';
    raw['Index Name'] = unquote(m[1]);
  } else if ((m = /^((?:[A-Z][\w-]* )*?Scan)( Backward)?(?: using (\S+))? on (\S+)(?: (\S+))?$/.exec(d))) {
    const type = m[1];
    raw['Node Type'] = type;
    if (m[2] || m[3]) raw['Scan Direction'] = m[2] ? 'Backward' : 'Forward';
    if (m[3]) raw['Index Name'] = unquote(m[3]);
    const target = m[4];
    const alias = m[5];
    if (type === 'CTE Scan' || type === 'WorkTable Scan') {
      raw['CTE Name'] = unquote(target);
      raw.Alias = unquote(alias ?? target);
    } else if (type === 'Function Scan') {
      raw['Function Name'] = unquote(target.includes('.') ? target.slice(target.lastIndexOf('.') + 1) : target);
      raw.Alias = unquote(alias ?? target);
    } else if (type === 'Subquery Scan' || type === 'Values Scan' || type === 'Table Function Scan' || type === 'Named Tuplestore Scan') {
      raw.Alias = unquote(alias ?? target);
    } else Object.assign(raw, relation(target, alias));
  } else raw['Node Type'] = d;
  return raw;
}

function unquote(name: string): string {
  return name.startsWith('"') && name.endsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name;
}

function relation(target: string, alias: string | undefined): MutableRaw {
  const dot = target.startsWith('"') ? target.indexOf('".') + 1 : target.indexOf('.');
  const out: MutableRaw = {};
  if (dot > 0) {
    out.Schema = unquote(target.slice(0, dot));
    out['Relation Name'] = unquote(target.slice(dot + 1));
  } else out['Relation Name'] = unquote(target);
  out.Alias = unquote(alias ?? (out['Relation Name'] as string));
  return out;
}

/** "shared hit=5 read=1 dirtied=2 written=3, local hit=1, temp read=4 written=4" into the JSON block counts. */
function buffers(value: string, raw: MutableRaw): void {
  for (const part of value.split(',')) {
    const words = part.trim().split(/\s+/);
    const kind = { shared: 'Shared', local: 'Local', temp: 'Temp' }[words[0] ?? ''];
    if (!kind) continue;
    for (const w of words.slice(1)) {
      const [k, v] = w.split('=');
      const name = { hit: 'Hit', read: 'Read', dirtied: 'Dirtied', written: 'Written' }[k];
      if (name && v !== undefined) raw[`${kind} ${name} Blocks`] = Number(v);
    }
  }
  for (const kind of ['Shared', 'Local']) for (const n of ['Hit', 'Read', 'Dirtied', 'Written']) raw[`${kind} ${n} Blocks`] ??= 0;
  for (const n of ['Read', 'Written']) raw[`Temp ${n} Blocks`] ??= 0;
}

/** Splits "a, f(b, c), d" at top-level commas. */
function list(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let current = '';
  for (const ch of value) {
    if (ch === "'" ) quote = !quote;
    if (!quote && (ch === '(' || ch === '[')) depth++;
    if (!quote && (ch === ')' || ch === ']')) depth--;
    if (!quote && depth === 0 && ch === ',') {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim() !== '') out.push(current.trim());
  return out;
}

function kb(value: string): number {
  return Number(/(-?[\d.]+)\s*kB/.exec(value)?.[1] ?? NaN);
}

const TEXT_KEYS = new Set(['Filter', 'Index Cond', 'Recheck Cond', 'Hash Cond', 'Merge Cond', 'Join Filter', 'One-Time Filter', 'TID Cond', 'Run Condition', 'Order By', 'Cache Key', 'Cache Mode', 'Presorted Key', 'Sampling', 'Relations', 'Conflict Resolution', 'Conflict Arbiter Indexes', 'Conflict Filter', 'Subplans Removed', 'Full-sort Groups', 'Pre-sorted Groups']);
const NUMBER_KEYS = new Set(['Rows Removed by Filter', 'Rows Removed by Index Recheck', 'Rows Removed by Join Filter', 'Rows Removed by Conflict Filter', 'Heap Fetches', 'Workers Planned', 'Workers Launched', 'Tuples Inserted', 'Conflicting Tuples']);
const LIST_KEYS = new Set(['Output', 'Sort Key', 'Group Key', 'Hash Key']);

/** One "Key: value" detail line of a node. */
function detail(key: string, rawValue: string, raw: MutableRaw): void {
  // Some versions align values with extra spaces ("Sort Method:  quicksort").
  const value = rawValue.trim();
  if (TEXT_KEYS.has(key)) raw[key] = value;
  else if (NUMBER_KEYS.has(key)) raw[key] = Number(value);
  else if (LIST_KEYS.has(key)) raw[key] = list(value);
  else if (key === 'Buffers') buffers(value, raw);
  else if (key === 'I/O Timings') {
    for (const m of value.matchAll(/(?:(shared|local|temp) )?(read|write)=([\d.]+)/g)) {
      const scope = m[1] && m[1] !== 'shared' ? `${m[1][0].toUpperCase()}${m[1].slice(1)} ` : '';
      raw[`${scope}I/O ${m[2] === 'read' ? 'Read' : 'Write'} Time`] = Number(m[3]);
    }
  } else if (key === 'Sort Method') {
    const m = /^(.+?)\s+(Memory|Disk):\s*(\d+)kB/.exec(value);
    if (m) {
      raw['Sort Method'] = m[1];
      raw['Sort Space Type'] = m[2];
      raw['Sort Space Used'] = Number(m[3]);
    } else raw['Sort Method'] = value;
  } else if (key === 'Buckets') {
    const m = /^(\d+)(?: \(originally (\d+)\))?\s+Batches: (\d+)(?: \(originally (\d+)\))?\s+Memory Usage: (\d+)kB/.exec(value);
    if (m) {
      raw['Hash Buckets'] = Number(m[1]);
      raw['Original Hash Buckets'] = Number(m[2] ?? m[1]);
      raw['Hash Batches'] = Number(m[3]);
      raw['Original Hash Batches'] = Number(m[4] ?? m[3]);
      raw['Peak Memory Usage'] = Number(m[5]);
    }
  } else if (key === 'Planned Partitions') {
    // HashAggregate that spilled (13+): "Planned Partitions: 32  Batches: 193  Memory Usage: 4153kB  Disk Usage: ..."
    const m = /^(\d+)\s*(?:Batches:\s*(.*))?$/.exec(value);
    if (m) {
      raw['Planned Partitions'] = Number(m[1]);
      if (m[2] !== undefined) detail('Batches', m[2], raw);
    }
  } else if (key === 'Batches') {
    // HashAggregate (13+): "Batches: 5  Memory Usage: 4145kB  Disk Usage: 8536kB"
    raw['HashAgg Batches'] = Number(/^(\d+)/.exec(value)?.[1] ?? NaN);
    const memory = /Memory Usage: (\d+)kB/.exec(value);
    const disk = /Disk Usage: (\d+)kB/.exec(value);
    if (memory) raw['Peak Memory Usage'] = Number(memory[1]);
    if (disk) raw['Disk Usage'] = Number(disk[1]);
  } else if (key === 'Hits') {
    const pick = (name: string): number | undefined => {
      const m = new RegExp(`${name}: (\\d+)`).exec(`Hits: ${value}`);
      return m ? Number(m[1]) : undefined;
    };
    raw['Cache Hits'] = pick('Hits');
    raw['Cache Misses'] = pick('Misses');
    raw['Cache Evictions'] = pick('Evictions');
    raw['Cache Overflows'] = pick('Overflows');
    const memory = /Memory Usage: (\d+)kB/.exec(value);
    if (memory) raw['Peak Memory Usage'] = Number(memory[1]);
  } else if (key === 'Heap Blocks') {
    for (const m of value.matchAll(/(exact|lossy)=(\d+)/g)) raw[`${m[1] === 'exact' ? 'Exact' : 'Lossy'} Heap Blocks`] = Number(m[2]);
  } else if (key === 'Memory') {
    // "Memory: used=18kB  allocated=32kB" (planning, 17+); else a node's "Memory: 25kB".
    const used = /used=(\d+)kB/.exec(value);
    const allocated = /allocated=(\d+)kB/.exec(value);
    if (used) raw['Memory Used'] = Number(used[1]);
    if (allocated) raw['Memory Allocated'] = Number(allocated[1]);
    if (!used && !allocated) raw['Peak Memory Usage'] = kb(value);
  } else if (key === 'WAL') {
    // "WAL: records=5000000 fpi=7015 bytes=327276611" (13+)
    for (const m of value.matchAll(/(records|fpi|bytes|buffers full)=(\d+)/g)) raw[`WAL ${m[1] === 'fpi' ? 'FPI' : m[1] === 'buffers full' ? 'Buffers Full' : m[1][0].toUpperCase() + m[1].slice(1)}`] = Number(m[2]);
  } else if (!/^Worker \d+$/.test(key)) raw[key] = value;
}

/** `(actual time=a..b rows=r loops=l)` (time absent with TIMING OFF) into JSON's keys. */
function assignActual(raw: MutableRaw, actual: RegExpExecArray): void {
  if (actual[1] !== undefined) {
    raw['Actual Startup Time'] = Number(actual[1]);
    raw['Actual Total Time'] = Number(actual[2]);
  }
  raw['Actual Rows'] = Number(actual[3]);
  raw['Actual Loops'] = Number(actual[4]);
}

interface Frame {
  /** Column where the node's name starts; its details and children are further right. */
  readonly col: number;
  readonly raw: MutableRaw;
}

/** Node types PostgreSQL prints as the first words of a plan line (with Parallel / Partial / Finalize prefixes). */
const NODE_START = /^(?:(?:Parallel|Partial|Finalize|Incremental|Async)\s+)*(?:Result|ProjectSet|ModifyTable|Insert|Update|Delete|Merge(?: Append| Join)?|Append|Recursive Union|BitmapAnd|BitmapOr|Nested Loop|Hash(?: \w+)? Join|Hash|Seq Scan|Sample Scan|Gather(?: Merge)?|Index(?: Only)? Scan|Bitmap (?:Index|Heap) Scan|Tid(?: Range)? Scan|Subquery Scan|Function Scan|Table Function Scan|Values Scan|CTE Scan|Named Tuplestore Scan|WorkTable Scan|Foreign Scan|Custom Scan|Materialize|Memoize|Sort|Group|\w*Aggregate|WindowAgg|Unique|SetOp|HashSetOp|LockRows|Limit)\b/;

/** Lines only the top level prints (below the plan), at whatever indentation a paste left them. */
const TOP_LEVEL = /^(?:(?:Planning|Execution) Time: [\d.]+ ms|Total runtime: [\d.]+ ms|Planning:|JIT:|Settings: .*|Query Identifier: .*|Serialization: .*|Trigger .+: time=[\d.]+ calls=\d+)$/i;

/** Whether a line can start a plan: a node type, or anything with PostgreSQL's cost / actual annotations. */
export function looksLikePlanNode(line: string): boolean {
  return NODE_START.test(line) || /\((?:cost=[\d.]+\.\.[\d.]+|actual (?:time|rows)=|never executed)/.test(line);
}

export function parseTextPlan(text: string): { top: RawTopLevel } | { error: string } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const stack: Frame[] = [];
  let root: MutableRaw | undefined;
  /**
   * The InitPlan / SubPlan / CTE header being read: the nodes under it (arrows further right than the header, whose
   * parent is the header's node) are its plans. Before PostgreSQL 8.4 one "SubPlan" header held several.
   */
  let pending: { col: number; relationship: string; name: string; owner: Frame | undefined } | undefined;
  const top: Record<string, unknown> = {};
  const triggers: RawNode[] = [];
  let jit: MutableRaw | undefined;
  let inJit = false;
  let inPlanning = false;
  /** Indentation of the "JIT:" or "Planning:" line whose block is being read: its lines are further right. */
  let blockIndent = 0;
  let nodes = 0;
  /** The "Worker N:" line being read: lines indented under it are that worker's, not the node's. */
  let worker: { indent: number; raw: MutableRaw; owner: Frame } | undefined;
  /** The first line that is neither a node, a header, a detail nor a top-level line. */
  let unread: string | undefined;
  for (const line of lines) {
    if (line.trim() === '') continue;
    const indent = line.length - line.trimStart().length;
    const content = line.trim();
    // Top-level lines start in column 0 of a well-kept plan; pasted ones may be indented like the nodes, so
    // the lines only PostgreSQL's top level prints are recognised by what they say.
    const inBlock = (inJit || inPlanning) && indent > blockIndent;
    if (root && !inBlock && (indent === 0 || TOP_LEVEL.test(content))) {
      inJit = false;
      inPlanning = /^Planning:$/i.test(content);
      blockIndent = indent;
      let m: RegExpExecArray | null;
      if ((m = /^Planning Time: ([\d.]+) ms$/i.exec(content))) top['Planning Time'] = Number(m[1]);
      else if ((m = /^Execution Time: ([\d.]+) ms$/i.exec(content))) top['Execution Time'] = Number(m[1]);
      else if ((m = /^Total runtime: ([\d.]+) ms$/i.exec(content))) top['Execution Time'] = Number(m[1]);
      else if ((m = /^Trigger (for constraint )?(.+?)(?: on (\S+))?: time=([\d.]+) calls=(\d+)$/.exec(content))) {
        triggers.push({ 'Trigger Name': m[2], ...(m[1] ? { 'Constraint Name': m[2] } : {}), ...(m[3] ? { Relation: m[3] } : {}), Time: Number(m[4]), Calls: Number(m[5]) });
      } else if (/^JIT:$/i.test(content)) {
        jit = {};
        inJit = true;
      } else if ((m = /^Settings: (.*)$/.exec(content))) {
        const settings: Record<string, string> = {};
        for (const s of list(m[1])) {
          const eq = /^(\S+) = '?(.*?)'?$/.exec(s);
          if (eq) settings[eq[1]] = eq[2];
        }
        top.Settings = settings;
      } else if ((m = /^Query Text: (.*)$/.exec(content))) top['Query Text'] = m[1];
      else if ((m = /^Serialization: (.*)$/i.exec(content))) {
        // "Serialization: time=0.012 ms  output=1kB  format=text" (17+)
        const serialization: MutableRaw = {};
        const time = /time=([\d.]+) ms/.exec(m[1]);
        const output = /output=(\d+)kB/.exec(m[1]);
        const format = /format=(\w+)/.exec(m[1]);
        if (time) serialization.Time = Number(time[1]);
        if (output) serialization['Output Volume'] = Number(output[1]);
        if (format) serialization.Format = format[1];
        top.Serialization = serialization;
      }
      else if (!/^[A-Z][\w /-]*:/.test(content)) unread ??= content; // other top-level lines are "Key: ..." (Planning:, Serialization: ...)
      continue;
    }
    if (inPlanning) {
      // "Planning:" then indented "Buffers: ..." (PostgreSQL 13+): planning's own buffers, not the root node's.
      const colon = content.indexOf(': ');
      if (colon > 0) detail(content.slice(0, colon), content.slice(colon + 2), ((top.Planning as MutableRaw | undefined) ??= {}));
      continue;
    }
    if (inJit && jit) {
      let m: RegExpExecArray | null;
      if ((m = /^Functions: (\d+)$/.exec(content))) jit.Functions = Number(m[1]);
      else if ((m = /^Timing: (.*)$/.exec(content))) {
        const timing: Record<string, number> = {};
        for (const t of m[1].matchAll(/(Generation|Inlining|Optimization|Emission|Total) ([\d.]+) ms/g)) timing[t[1]] = Number(t[2]);
        jit.Timing = timing;
      }
      continue;
    }
    const arrow = /^->\s+(.*)$/.exec(content);
    if (root === undefined && !looksLikePlanNode(arrow ? arrow[1] : content)) {
      return { error: `This is not EXPLAIN output: its first line ("${terminalSafe(content.slice(0, 60), { singleLine: true })}") is not a plan node such as "Seq Scan on orders  (cost=0.00..35.50 rows=2550 width=4)".` };
    }
    const isNode = arrow !== null || root === undefined;
    if (isNode) {
      let description = arrow ? arrow[1] : content;
      const col = arrow ? indent + (content.length - arrow[1].length) : indent;
      const raw: MutableRaw = {};
      const cost = COST.exec(description);
      const actual = ACTUAL.exec(description);
      const never = NEVER.exec(description);
      const cut = Math.min(...[cost, actual, never].filter((x): x is RegExpExecArray => x !== null).map((x) => x.index), description.length);
      description = description.slice(0, cut);
      Object.assign(raw, describeNode(description));
      if (cost) {
        raw['Startup Cost'] = Number(cost[1]);
        raw['Total Cost'] = Number(cost[2]);
        raw['Plan Rows'] = Number(cost[3]);
        raw['Plan Width'] = Number(cost[4]);
      }
      if (actual) assignActual(raw, actual);
      else if (never) {
        raw['Actual Startup Time'] = 0;
        raw['Actual Total Time'] = 0;
        raw['Actual Rows'] = 0;
        raw['Actual Loops'] = 0;
        raw['Never Executed'] = true;
      }
      while (stack.length > 0 && stack[stack.length - 1].col >= col) stack.pop();
      const parent = stack[stack.length - 1];
      if (parent) {
        const siblings = ((parent.raw.Plans as MutableRaw[] | undefined) ??= []);
        if (pending && pending.col < indent && pending.owner === parent) {
          raw['Parent Relationship'] = pending.relationship;
          raw['Subplan Name'] = pending.name;
        } else raw['Parent Relationship'] = relationshipOf(parent.raw, siblings);
        siblings.push(raw);
      } else if (root) {
        return { error: `Cannot place "${terminalSafe(content.slice(0, 60), { singleLine: true })}" in the plan tree: check that the plan is complete and its indentation intact.` };
      } else root = raw;
      if (pending && indent <= pending.col) pending = undefined;
      stack.push({ col, raw });
      nodes++;
      continue;
    }
    const header = /^(InitPlan|SubPlan)(?: \d+)?(?: \(returns .*\))?$|^CTE (.+)$/.exec(content);
    while (stack.length > 1 && stack[stack.length - 1].col >= indent) stack.pop();
    if (header) {
      // The name is the header as printed: JSON's "Subplan Name" ("InitPlan 2 (returns $1)" before PostgreSQL 17).
      const owner = stack[stack.length - 1];
      pending = header[2] !== undefined ? { col: indent, relationship: 'InitPlan', name: `CTE ${header[2]}`, owner } : { col: indent, relationship: header[1], name: content, owner };
      continue;
    }
    const owner = stack[stack.length - 1];
    const colon = content.indexOf(': ');
    if (!owner) continue;
    // "Worker 0:  actual time=... rows=... loops=1" and the lines indented under it describe that worker alone.
    if (worker && worker.owner === owner && indent > worker.indent) {
      if (colon > 0) detail(content.slice(0, colon), content.slice(colon + 2), worker.raw);
      continue;
    }
    worker = undefined;
    const workerLine = /^Worker (\d+):\s+(.*)$/.exec(content);
    if (workerLine) {
      const workers = ((owner.raw.Workers as MutableRaw[] | undefined) ??= []);
      const number = Number(workerLine[1]);
      let raw = workers.find((w) => w['Worker Number'] === number);
      if (!raw) workers.push((raw = { 'Worker Number': number }));
      const actual = new RegExp(`^actual(?: time=${NUMBER}\\.\\.${NUMBER})? rows=${NUMBER} loops=${NUMBER}`).exec(workerLine[2]);
      if (actual) assignActual(raw, actual);
      else {
        const c = workerLine[2].indexOf(': ');
        if (c > 0) detail(workerLine[2].slice(0, c), workerLine[2].slice(c + 2), raw);
      }
      worker = { indent, raw, owner };
      continue;
    }
    if (colon > 0) detail(content.slice(0, colon), content.slice(colon + 2), owner.raw);
    else if (!content.endsWith(':')) unread ??= content; // a line ending in ':' opens a block ("Planning:")
  }
  // A plan that lost its structure in the paste reads as one node with the rest ignored: say so instead.
  if (root && nodes === 1 && unread !== undefined) {
    return { error: `Only one plan node could be read; the line "${terminalSafe(unread.slice(0, 60), { singleLine: true })}" is not part of a plan. Paste the whole EXPLAIN output (text, JSON, YAML or XML).` };
  }
  if (!root) return { error: 'No plan found: expected EXPLAIN output (a node line such as "Seq Scan on t  (cost=...)").' };
  if (triggers.length > 0) top.Triggers = triggers;
  if (jit) top.JIT = jit;
  return { top: { ...(top as object), Plan: root } as RawTopLevel };
}

/** PostgreSQL's parent relationship for a child, which the text format does not print. */
function relationshipOf(parent: MutableRaw, siblings: readonly MutableRaw[]): string {
  const type = String(parent['Node Type'] ?? '');
  if (type === 'Append' || type === 'Merge Append' || type === 'BitmapAnd' || type === 'BitmapOr') return 'Member';
  if (type === 'Subquery Scan') return 'Subquery';
  const regular = siblings.filter((s) => s['Parent Relationship'] === 'Outer' || s['Parent Relationship'] === 'Inner').length;
  return regular === 0 ? 'Outer' : 'Inner';
}
