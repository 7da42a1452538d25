/**
 * PostgreSQL's built-in words: keywords, data types, functions, operators and SQL commands, read from a real
 * server's catalog by scripts/gen-builtins.ts (`npm run builtins`) into builtins.json. The data is indexed once,
 * on first use.
 */
import raw from './builtins.json';

/** The layout of builtins.json (rows are arrays to keep the file small; descriptions are indexes, -1: none). */
export interface BuiltinsData {
  /** The server the data was read from: "PostgreSQL 15.18". */
  readonly source: string;
  readonly descriptions: readonly string[];
  /** Keyword category code (U, C, T, R) -> pg_get_keywords().catdesc. */
  readonly keywordCategories: Readonly<Record<string, string>>;
  /** [word, category code, 1 when it can be a bare column label]. */
  readonly keywords: readonly (readonly [string, string, number])[];
  /** [typname, format_type name, typcategory, typtype, typlen, description]. */
  readonly types: readonly (readonly [string, string, string, string, number, number])[];
  /** name -> [identity arguments, result, kind+volatility(+'r' when set-returning), description]..., then the count left out. */
  readonly functions: Readonly<Record<string, readonly (readonly [string, string, string, number] | number)[]>>;
  /** name -> [left type ('' for prefix operators), right type, result type, description]. */
  readonly operators: Readonly<Record<string, readonly (readonly [string, string, string, number])[]>>;
  /** [command (CREATE INDEX), description, documentation page (sql-createindex.html)]. */
  readonly commands: readonly (readonly [string, number, string])[];
}

export interface BuiltinKeyword {
  readonly word: string;
  /** U unreserved, C unreserved (cannot be function or type name), T reserved (can be function or type name), R reserved. */
  readonly category: string;
  readonly categoryText: string;
  readonly bareLabel: boolean;
}

export interface BuiltinType {
  /** pg_type.typname: int4, timestamptz. */
  readonly name: string;
  /** The SQL name format_type gives: integer, timestamp with time zone. */
  readonly displayName: string;
  /** pg_type.typcategory: N numeric, S string, D date/time, ... */
  readonly category: string;
  /** pg_type.typtype: b base, p pseudo, r range, m multirange, e enum, d domain. */
  readonly typtype: string;
  /** Bytes, -1 variable length, -2 C string. */
  readonly length: number;
  readonly description: string;
}

export type FunctionKind = 'function' | 'aggregate' | 'window' | 'procedure';
export type FunctionVolatility = 'immutable' | 'stable' | 'volatile';

export interface BuiltinSignature {
  /** Identity arguments as pg_get_function_identity_arguments shows them (names, VARIADIC). */
  readonly args: string;
  /** pg_get_function_result: bigint, SETOF record, TABLE(...). */
  readonly result: string;
  readonly kind: FunctionKind;
  readonly volatility: FunctionVolatility;
  readonly returnsSet: boolean;
  readonly description: string;
}

export interface BuiltinFunction {
  readonly name: string;
  readonly signatures: readonly BuiltinSignature[];
  /** Signatures the data file leaves out (it keeps a dozen per name). */
  readonly more: number;
}

export interface BuiltinOperator {
  readonly name: string;
  /** Empty for a prefix operator. */
  readonly left: string;
  readonly right: string;
  readonly result: string;
  readonly description: string;
}

export interface BuiltinCommand {
  /** As the documentation titles it: CREATE INDEX. */
  readonly name: string;
  readonly description: string;
  /** The page in the documentation: sql-createindex.html. */
  readonly page: string;
}

export interface Builtins {
  readonly source: string;
  /** Lower-case word -> keyword. */
  readonly keywords: ReadonlyMap<string, BuiltinKeyword>;
  /** Lower-case typname and SQL name (int4, integer, timestamptz, timestamp with time zone) -> type. */
  readonly types: ReadonlyMap<string, BuiltinType>;
  /** Lower-case name -> function. */
  readonly functions: ReadonlyMap<string, BuiltinFunction>;
  readonly operators: ReadonlyMap<string, readonly BuiltinOperator[]>;
  /** Upper-case command name -> command. */
  readonly commands: ReadonlyMap<string, BuiltinCommand>;
}

const KINDS: Readonly<Record<string, FunctionKind>> = { f: 'function', a: 'aggregate', w: 'window', p: 'procedure' };
const VOLATILITIES: Readonly<Record<string, FunctionVolatility>> = { i: 'immutable', s: 'stable', v: 'volatile' };

/** Names the grammar accepts for a type besides its typname and format_type name. */
const TYPE_ALIASES: Readonly<Record<string, string>> = {
  int: 'int4',
  dec: 'numeric',
  decimal: 'numeric',
  float: 'float8',
  char: 'bpchar',
  character: 'bpchar',
  'char varying': 'varchar',
  'time with time zone': 'timetz',
  'bit varying': 'varbit',
  'national character': 'bpchar',
  'national character varying': 'varchar',
  nchar: 'bpchar',
};

let loaded: Builtins | undefined;

/** The built-in words, indexed on first call. */
export function builtins(): Builtins {
  loaded ??= indexBuiltins(raw as unknown as BuiltinsData);
  return loaded;
}

export function indexBuiltins(data: BuiltinsData): Builtins {
  const text = (i: number): string => (i >= 0 ? (data.descriptions[i] ?? '') : '');
  const keywords = new Map<string, BuiltinKeyword>();
  for (const [word, category, bare] of data.keywords) {
    keywords.set(word, { word, category, categoryText: data.keywordCategories[category] ?? '', bareLabel: bare === 1 });
  }
  const types = new Map<string, BuiltinType>();
  for (const [name, displayName, category, typtype, length, description] of data.types) {
    const type: BuiltinType = { name, displayName, category, typtype, length, description: text(description) };
    types.set(name, type);
    // "char" (quoted) is the 1-byte internal type; char unquoted is character (bpchar).
    if (!types.has(displayName)) types.set(displayName, type);
  }
  for (const [alias, name] of Object.entries(TYPE_ALIASES)) {
    const type = types.get(name);
    if (type) types.set(alias, type);
  }
  const functions = new Map<string, BuiltinFunction>();
  for (const [name, rows] of Object.entries(data.functions)) {
    const signatures: BuiltinSignature[] = [];
    let more = 0;
    for (const row of rows) {
      if (typeof row === 'number') {
        more += row;
        continue;
      }
      const [args, result, flags, description] = row;
      signatures.push({
        args,
        result,
        kind: KINDS[flags[0]] ?? 'function',
        volatility: VOLATILITIES[flags[1]] ?? 'volatile',
        returnsSet: flags.includes('r'),
        description: text(description),
      });
    }
    functions.set(name.toLowerCase(), { name, signatures, more });
  }
  const operators = new Map<string, BuiltinOperator[]>();
  for (const [name, rows] of Object.entries(data.operators)) {
    operators.set(
      name,
      rows.map(([left, right, result, description]) => ({ name, left, right, result, description: text(description) })),
    );
  }
  const commands = new Map<string, BuiltinCommand>();
  for (const [name, description, page] of data.commands) commands.set(name.toUpperCase(), { name, description: text(description), page });
  return { source: data.source, keywords, types, functions, operators, commands };
}
