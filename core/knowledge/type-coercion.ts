/**
 * PostgreSQL's coercion rules for the common built-in types, as its parser applies them, from the catalog facts
 * scripts/gen-semantic-facts.ts reads from a real server (type-coercion.json): whether a comparison operator
 * exists for two input types (some operator's argument types are reachable from both by implicit casts, as
 * func_select_candidate requires), whether a value can be assigned to a column (implicit or assignment casts,
 * or I/O conversion to a string type), and whether an explicit cast exists. Only the types in the data are
 * judged; test/pg/type-coercion.test.ts checks every pair against the server.
 */
import raw from './type-coercion.json';

interface TypeCoercionData {
  readonly source: string;
  /** [typname, format_type name, typcategory, 1 when preferred]. */
  readonly types: readonly (readonly [string, string, string, number])[];
  /** [source typname, target typname, castcontext: i implicit, a assignment, e explicit]. */
  readonly casts: readonly (readonly [string, string, string])[];
  /** Operator name -> [left typname, right typname] of each operator of that name in pg_catalog. */
  readonly comparisons: Readonly<Record<string, readonly (readonly [string, string])[]>>;
}

export interface BuiltinTypeFacts {
  readonly name: string;
  readonly display: string;
  readonly category: string;
}

interface Index {
  readonly types: ReadonlyMap<string, BuiltinTypeFacts>;
  /** format_type name -> typname. */
  readonly byDisplay: ReadonlyMap<string, string>;
  /** `source\0target` -> castcontext. */
  readonly casts: ReadonlyMap<string, string>;
  readonly comparisons: ReadonlyMap<string, readonly (readonly [string, string])[]>;
}

let index: Index | undefined;

function load(): Index {
  if (index) return index;
  const data = raw as unknown as TypeCoercionData;
  const types = new Map<string, BuiltinTypeFacts>();
  const byDisplay = new Map<string, string>();
  for (const [name, display, category] of data.types) {
    types.set(name, { name, display, category });
    byDisplay.set(display, name);
  }
  const casts = new Map(data.casts.map(([s, t, c]) => [`${s}\0${t}`, c]));
  index = { types, byDisplay, casts, comparisons: new Map(Object.entries(data.comparisons)) };
  return index;
}

export const COMPARISON_OPERATORS: readonly string[] = ['=', '<>', '!=', '<', '>', '<=', '>='];

/** Every judged type's typname. */
export function judgedTypeNames(): string[] {
  return [...load().types.keys()];
}

/** Facts about a judged built-in type (by typname), undefined for any other type. */
export function builtinTypeFacts(typname: string): BuiltinTypeFacts | undefined {
  return load().types.get(typname);
}

/** The typname of a judged type from its format_type name without modifiers (`character varying` -> varchar). */
export function typnameOfDisplay(display: string): string | undefined {
  return load().byDisplay.get(display);
}

function castContext(source: string, target: string): string | undefined {
  return load().casts.get(`${source}\0${target}`);
}

/** Implicitly coercible: the same type, or an implicit cast (binary-coercible ones included). */
function reachesImplicitly(source: string, target: string): boolean {
  return source === target || castContext(source, target) === 'i';
}

/**
 * Whether `left op right` finds an operator, for judged types; `undefined` stands for an unknown-typed literal
 * (a quoted string or NULL), which PostgreSQL coerces to whatever the candidate needs.
 */
export function comparisonExists(op: string, left: string | undefined, right: string | undefined): boolean {
  const candidates = load().comparisons.get(op === '!=' ? '<>' : op) ?? [];
  return candidates.some(([l, r]) => (left === undefined || reachesImplicitly(left, l)) && (right === undefined || reachesImplicitly(right, r)));
}

/** Whether a value of judged type `source` can be stored in a column of judged type `target` (INSERT, UPDATE SET). */
export function assignable(source: string, target: string): boolean {
  if (source === target) return true;
  const context = castContext(source, target);
  if (context === 'i' || context === 'a') return true;
  // Any type converts to a string type through its output function in assignment (find_coercion_pathway).
  return builtinTypeFacts(target)?.category === 'S';
}

/** Whether `value::target` is accepted for a value of judged type `source`. */
export function explicitCastExists(source: string, target: string): boolean {
  if (source === target || castContext(source, target) !== undefined) return true;
  // I/O conversion: to a string type from anything, and from a string type to anything.
  return builtinTypeFacts(target)?.category === 'S' || builtinTypeFacts(source)?.category === 'S';
}
