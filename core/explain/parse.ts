/**
 * `parsePlan`: EXPLAIN output in any of the forms users have it — JSON (bare, in an array, as `QUERY PLAN`
 * rows), XML, YAML or text, as pasted from psql, pgAdmin, DBeaver or a terminal (unframe.ts) — into one model.
 * Errors are values with a message that says what was expected.
 */
import { buildPlan, type RawNode, type RawTopLevel } from './build';
import type { Plan } from './model';
import { parseTextPlan } from './parse-text';
import { unframe } from './unframe';
import { parseXmlPlan } from './parse-xml';
import { parseYamlPlan } from './parse-yaml';

export type ParsePlanResult = { readonly plan: Plan } | { readonly error: string };

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
  const text = unframe(input).trim();
  if (text === '') return { error: 'The plan is empty: paste the output of EXPLAIN (or EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)).' };
  if (text.startsWith('[') || text.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      return { error: `The plan looks like JSON but does not parse: ${(e as Error).message}` };
    }
    return structured(value, 'JSON');
  }
  if (text.startsWith('<')) {
    const read = parseXmlPlan(text);
    return 'error' in read ? read : structured(read.value, 'XML');
  }
  if (/^-\s+Plan:/.test(text) || /^Plan:/.test(text)) {
    const read = parseYamlPlan(text);
    return 'error' in read ? read : structured(read.value, 'YAML');
  }
  const parsed = parseTextPlan(text);
  if ('error' in parsed) return parsed;
  return { plan: buildPlan(parsed.top, 'text') };
}

/** JSON, XML and YAML plans: the same objects once read. */
function structured(value: unknown, format: string): ParsePlanResult {
  const top = findTopLevel(value);
  if (!top) return { error: `No "Plan" found: expected the output of EXPLAIN (FORMAT ${format}).` };
  return { plan: buildPlan(top, 'json', value) };
}
