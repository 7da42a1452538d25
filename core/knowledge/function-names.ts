/**
 * Which function names exist without the workspace defining them: every name in pg_catalog and the names each
 * extension creates, read from a real server by scripts/gen-semantic-facts.ts into function-names.json, plus the
 * built-ins of releases newer than that server (kept by hand from the release notes, below).
 */
import raw from './function-names.json';

interface FunctionNamesData {
  readonly source: string;
  readonly builtin: readonly string[];
  readonly extensions: Readonly<Record<string, readonly string[]>>;
}

/**
 * pg_catalog functions added after PostgreSQL 15 (where function-names.json comes from), so a project on a newer
 * server is never told they do not exist. `pg_*` names are never reported at all, so they need not be listed.
 */
const LATER_BUILTINS: readonly string[] = [
  // 16
  'any_value', 'array_sample', 'array_shuffle', 'date_add', 'date_subtract', 'erf', 'erfc', 'random_normal', 'system_user',
  'json_array', 'json_object', 'json_scalar', 'json_serialize', 'has_largeobject_privilege',
  // 17
  'to_bin', 'to_oct', 'to_regtypemod', 'uuid_extract_timestamp', 'uuid_extract_version', 'xmltext', 'json_exists', 'json_query',
  'json_value', 'merge_action', 'unicode_assigned',
  // 18
  'array_reverse', 'array_sort', 'casefold', 'crc32', 'crc32c', 'gamma', 'lgamma', 'uuidv4', 'uuidv7',
];

interface Index {
  readonly source: string;
  readonly builtin: ReadonlySet<string>;
  readonly byExtension: ReadonlyMap<string, ReadonlySet<string>>;
  /** Function name -> extensions that create it. */
  readonly providers: ReadonlyMap<string, readonly string[]>;
}

let index: Index | undefined;

function load(): Index {
  if (index) return index;
  const data = raw as FunctionNamesData;
  const byExtension = new Map<string, ReadonlySet<string>>();
  const providers = new Map<string, string[]>();
  for (const [extension, names] of Object.entries(data.extensions)) {
    byExtension.set(extension, new Set(names));
    for (const name of names) {
      const list = providers.get(name);
      if (list) list.push(extension);
      else providers.set(name, [extension]);
    }
  }
  index = { source: data.source, builtin: new Set([...data.builtin, ...LATER_BUILTINS]), byExtension, providers };
  return index;
}

/** A function of this name exists in pg_catalog (of PostgreSQL 15, or one of the later releases listed above). */
export function isBuiltinFunctionName(name: string): boolean {
  return name.startsWith('pg_') || load().builtin.has(name);
}

export function builtinFunctionNames(): ReadonlySet<string> {
  return load().builtin;
}

/** The function names an extension creates; undefined for an extension the data does not know. */
export function extensionFunctionNames(extension: string): ReadonlySet<string> | undefined {
  return load().byExtension.get(extension);
}

/** The extensions (of those the data knows) that create a function of this name. */
export function extensionsProviding(name: string): readonly string[] {
  return load().providers.get(name) ?? [];
}
