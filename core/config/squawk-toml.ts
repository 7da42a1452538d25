/**
 * squawk's `.squawk.toml`, read when a project has no pg-architect.json, so a team moving from squawk keeps its
 * settings: `excluded_rules` (squawk's ids are ours where we have the rule) turn rules off, `pg_version` is the
 * target version, `assume_in_transaction` the transaction assumption, `excluded_paths` more excludes. Only the
 * TOML squawk's configuration uses: top-level keys with strings, booleans, numbers and arrays of strings.
 */
import { DEFAULT_CONFIG, SUPPORTED_POSTGRES_VERSIONS, type Config, type RuleSetting } from './config';

export const SQUAWK_CONFIG_FILE_NAME = '.squawk.toml';

type TomlValue = string | number | boolean | string[];

/** The top-level `key = value` pairs; keys under a [table] belong to that table and are skipped. */
export function parseTopLevelToml(text: string): { values: Map<string, TomlValue>; problems: string[] } {
  const values = new Map<string, TomlValue>();
  const problems: string[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let inTable = false;
  for (let i = 0; i < lines.length; i++) {
    let line = stripComment(lines[i]).trim();
    if (line === '') continue;
    if (/^\[/.test(line)) {
      inTable = true;
      continue;
    }
    const m = /^([A-Za-z0-9_-]+)\s*=\s*(.*)$/.exec(line);
    if (!m) {
      problems.push(`line ${i + 1}: not "key = value"`);
      continue;
    }
    let raw = m[2];
    // An array may span lines until its closing bracket.
    while (raw.startsWith('[') && !closed(raw) && i + 1 < lines.length) raw += ' ' + stripComment(lines[++i]).trim();
    line = raw;
    const value = tomlValue(line);
    if (value === undefined) problems.push(`line ${i + 1}: cannot read the value of ${m[1]}`);
    else if (!inTable) values.set(m[1], value);
  }
  return { values, problems };
}

function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return line.slice(0, i);
  }
  return line;
}

function closed(array: string): boolean {
  return /\]\s*$/.test(array);
}

function tomlValue(text: string): TomlValue | undefined {
  const t = text.trim();
  if (t === 'true' || t === 'false') return t === 'true';
  if (/^[+-]?\d+(?:\.\d+)?$/.test(t)) return Number(t);
  const s = tomlString(t);
  if (s !== undefined) return s;
  if (t.startsWith('[') && t.endsWith(']')) {
    const items = [...t.slice(1, -1).matchAll(/"(?:[^"\\]|\\.)*"|'[^']*'/g)].map((x) => tomlString(x[0]) ?? '');
    return items;
  }
  return undefined;
}

function tomlString(t: string): string | undefined {
  if (/^"(?:[^"\\]|\\.)*"$/.test(t)) {
    try {
      return JSON.parse(t) as string;
    } catch {
      return undefined;
    }
  }
  if (/^'[^']*'$/.test(t)) return t.slice(1, -1);
  return undefined;
}

/** The configuration a .squawk.toml stands for, and notes on what of it could not be used (never fatal: squawk reads it too). */
export function configFromSquawkToml(text: string, knownRule: (id: string) => boolean): { config: Config; notes: string[] } {
  const { values, problems } = parseTopLevelToml(text);
  const out: string[] = [...problems];
  const rules: Record<string, RuleSetting> = {};
  const excluded = values.get('excluded_rules');
  if (Array.isArray(excluded)) {
    for (const id of excluded) {
      if (knownRule(id)) rules[id] = 'off';
      else out.push(`excluded_rules: "${id}" is not a pg-architect rule (skipped)`);
    }
  }
  let postgresVersion = DEFAULT_CONFIG.postgresVersion;
  const version = values.get('pg_version');
  if (version !== undefined) {
    const major = Math.floor(Number(String(version).split('.')[0]));
    if (Number.isInteger(major) && major >= SUPPORTED_POSTGRES_VERSIONS.min && major <= SUPPORTED_POSTGRES_VERSIONS.max) postgresVersion = major;
    else out.push(`pg_version: "${String(version)}" is not a PostgreSQL version from ${SUPPORTED_POSTGRES_VERSIONS.min} to ${SUPPORTED_POSTGRES_VERSIONS.max} (the default is used)`);
  }
  const assume = values.get('assume_in_transaction');
  const paths = values.get('excluded_paths');
  return {
    config: {
      ...DEFAULT_CONFIG,
      rules,
      postgresVersion,
      assumeInTransaction: typeof assume === 'boolean' ? assume : DEFAULT_CONFIG.assumeInTransaction,
      exclude: [...DEFAULT_CONFIG.exclude, ...(Array.isArray(paths) ? paths : [])],
    },
    notes: out,
  };
}
