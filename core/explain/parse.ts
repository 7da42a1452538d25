/**
 * `parsePlan`: EXPLAIN output in any of the forms users have it — JSON (bare, in an array, as `QUERY PLAN`
 * rows), text, either one framed by psql (header, `+` continuation marks, `(N rows)` footer) — into one model.
 * Errors are values with a message that says what was expected.
 */
import { buildPlan, type RawNode, type RawTopLevel } from './build';
import type { Plan } from './model';
import { parseTextPlan } from './parse-text';

export type ParsePlanResult = { readonly plan: Plan } | { readonly error: string };

/** Removes psql's table framing: the QUERY PLAN header and rule, the (N rows) footer, `+` marks, padding. */
export function unframePsql(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const header = lines.findIndex((l) => /^\s*QUERY PLAN\s*$/.test(l));
  if (header < 0 || !/^-{3,}\s*$/.test(lines[header + 1] ?? '')) return text;
  let body = lines.slice(header + 2);
  const footer = body.findIndex((l) => /^\(\d+ rows?\)\s*$/.test(l));
  if (footer >= 0) body = body.slice(0, footer);
  return body.map((l) => l.replace(/^ /, '').replace(/\s*\+$/, '')).join('\n');
}

/** The first EXPLAIN top level in document order, however deep the wrapping arrays (an explicit stack, no recursion). */
function findTopLevel(value: unknown): RawTopLevel | undefined {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    let inner: unknown[];
    if (Array.isArray(v)) inner = v;
    else {
      const obj = v as Record<string, unknown>;
      if (obj.Plan && typeof obj.Plan === 'object') return obj as RawTopLevel;
      if ('Node Type' in obj) return { Plan: obj as RawNode };
      // `{"QUERY PLAN": [...]}` (a row exported by a GUI client).
      inner = Object.values(obj);
    }
    for (let i = inner.length - 1; i >= 0; i--) stack.push(inner[i]);
  }
  return undefined;
}

export function parsePlan(input: string): ParsePlanResult {
  const text = unframePsql(input).trim();
  if (text === '') return { error: 'The plan is empty: paste the output of EXPLAIN (or EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)).' };
  if (text.startsWith('[') || text.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      return { error: `The plan looks like JSON but does not parse: ${(e as Error).message}` };
    }
    const top = findTopLevel(value);
    if (!top) return { error: 'No "Plan" object found: expected the output of EXPLAIN (FORMAT JSON).' };
    return { plan: buildPlan(top, 'json', value) };
  }
  const parsed = parseTextPlan(text);
  if ('error' in parsed) return parsed;
  return { plan: buildPlan(parsed.top, 'text') };
}
