/**
 * `pg-architect.json`: rule severities, target PostgreSQL version, transaction assumption, include/exclude
 * globs. Parsing is pure: problems come back as values, with their place in the file, next to a configuration.
 */
import picomatch from 'picomatch';
import { SEVERITIES, type LintSettings, type NumericOption, type RuleMeta, type Severity } from '../rules/types';
import { memberPath, parseJsonc } from './jsonc';
import { LineIndex, type OffsetRange, type Position } from '../parse/positions';

export const CONFIG_FILE_NAME = 'pg-architect.json';
export const DEFAULT_POSTGRES_VERSION = 16;
export const SUPPORTED_POSTGRES_VERSIONS = { min: 9, max: 18 } as const;

export type RuleSetting = Severity | 'off';

export interface Config extends LintSettings {
  readonly rules: Readonly<Record<string, RuleSetting>>;
  /** Options of checks that take some (rule-options.ts), per id; absent options take their defaults. */
  readonly ruleOptions?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  /** Ordered globs of the files that build the schema, when the migration layout is not detected. */
  readonly schemaFiles?: readonly string[];
}

export const DEFAULT_CONFIG: Config = {
  rules: {},
  postgresVersion: DEFAULT_POSTGRES_VERSION,
  assumeInTransaction: false,
  include: ['**/*.sql', '**/*.psql', '**/*.pgsql'],
  exclude: ['**/node_modules/**', '**/.git/**'],
};

export interface ConfigProblem {
  readonly message: string;
  /** Where in the file (zero-based lines and UTF-16 characters, as LSP), when the problem has a place. */
  readonly range?: { readonly start: Position; readonly end: Position };
  /** The file could not be used at all (unreadable, not JSON, not an object): the defaults stand in for it. */
  readonly fatal?: boolean;
}

export interface ParsedConfig {
  readonly config: Config;
  readonly problems: readonly ConfigProblem[];
  /** Top-level settings the file sets (valid or not), so other sources (editor settings) fill in only the rest. */
  readonly specified?: readonly string[];
}

/**
 * Parses a configuration file: JSON with comments and trailing commas (VS Code edits it as jsonc). Problems
 * are values with their place; a file that is not JSON or not an object is a fatal problem and the defaults
 * apply. Callers decide what a problem means (the CLI stops on any; the editor shows them and carries on).
 */
/** The finding ids a configuration may name, and the options each takes (core/rules/catalog.ts KNOWN_FINDINGS). */
export interface KnownFindings {
  has(id: string): boolean;
  options?(id: string): Readonly<Record<string, NumericOption>> | undefined;
}

export function parseConfig(text: string, knownRuleIds: KnownFindings): ParsedConfig {
  const problems: ConfigProblem[] = [];
  let lines: LineIndex | undefined;
  const place = (range: OffsetRange): ConfigProblem['range'] => {
    lines ??= new LineIndex(text);
    return { start: lines.positionAt(range.start), end: lines.positionAt(range.end) };
  };
  const parsed = parseJsonc(text);
  if (!parsed.ok) {
    const message = `${CONFIG_FILE_NAME} is not valid JSON: ${parsed.message} (comments and trailing commas are accepted)`;
    return { config: DEFAULT_CONFIG, problems: [{ message, range: place({ start: parsed.offset, end: parsed.offset }), fatal: true }] };
  }
  const raw = parsed.document.value;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { config: DEFAULT_CONFIG, problems: [{ message: `${CONFIG_FILE_NAME} must contain a JSON object`, range: place({ start: 0, end: 0 }), fatal: true }] };
  }
  /** A problem placed on the key of the member at `path` (the whole file when there is no such member). */
  const report = (path: readonly string[], message: string): void => {
    const member = parsed.document.members.get(memberPath(path));
    problems.push(member ? { message, range: place(member.key) } : { message });
  };
  for (const d of parsed.document.duplicates) {
    problems.push({ message: `"${d.path.join('.')}" is set twice; only the last value would count`, range: place(d.key) });
  }
  const obj = raw as Record<string, unknown>;
  const known = new Set(['$schema', 'rules', 'postgresVersion', 'assumeInTransaction', 'include', 'exclude', 'schemaFiles']);
  for (const key of Object.keys(obj)) if (!known.has(key)) report([key], `Unknown setting "${key}"`);

  const rules: Record<string, RuleSetting> = {};
  const ruleOptions: Record<string, Record<string, number>> = {};
  if (obj.rules !== undefined) {
    if (obj.rules === null || typeof obj.rules !== 'object' || Array.isArray(obj.rules)) {
      report(['rules'], '"rules" must be an object of rule id -> "off" | "error" | "warning" | "info" | "hint"');
    } else {
      for (const [id, value] of Object.entries(obj.rules as Record<string, unknown>)) {
        if (!knownRuleIds.has(id)) {
          report(['rules', id], `Unknown rule "${id}"`);
          continue;
        }
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
          const read = ruleObject(id, knownRuleIds.options?.(id) ?? {}, value as Record<string, unknown>, (key, message) => report(['rules', id, key], message));
          if (read.setting) rules[id] = read.setting;
          if (Object.keys(read.options).length > 0) ruleOptions[id] = read.options;
        } else if (isRuleSetting(value)) {
          rules[id] = value;
        } else {
          report(['rules', id], `Rule "${id}": expected "off", "error", "warning", "info" or "hint"${knownRuleIds.options?.(id) ? ' (or an object with "severity" and its options)' : ''}, got ${JSON.stringify(value)}`);
        }
      }
    }
  }

  let postgresVersion = DEFAULT_CONFIG.postgresVersion;
  if (obj.postgresVersion !== undefined) {
    const v = obj.postgresVersion;
    if (typeof v === 'number' && Number.isInteger(v) && v >= SUPPORTED_POSTGRES_VERSIONS.min && v <= SUPPORTED_POSTGRES_VERSIONS.max) {
      postgresVersion = v;
    } else {
      report(['postgresVersion'], `"postgresVersion" must be a major version from ${SUPPORTED_POSTGRES_VERSIONS.min} to ${SUPPORTED_POSTGRES_VERSIONS.max}`);
    }
  }

  let assumeInTransaction = DEFAULT_CONFIG.assumeInTransaction;
  if (obj.assumeInTransaction !== undefined) {
    if (typeof obj.assumeInTransaction === 'boolean') assumeInTransaction = obj.assumeInTransaction;
    else report(['assumeInTransaction'], '"assumeInTransaction" must be true or false');
  }

  const globs = (key: 'include' | 'exclude' | 'schemaFiles'): readonly string[] => {
    const v = obj[key];
    if (v === undefined) return DEFAULT_CONFIG[key] ?? [];
    if (Array.isArray(v) && v.every((g) => typeof g === 'string')) return v as string[];
    report([key], `"${key}" must be an array of glob strings`);
    return DEFAULT_CONFIG[key] ?? [];
  };
  const schemaFiles = obj.schemaFiles === undefined ? [] : globs('schemaFiles');

  return {
    config: {
      rules,
      ...(Object.keys(ruleOptions).length > 0 ? { ruleOptions } : {}),
      postgresVersion,
      assumeInTransaction,
      include: globs('include'),
      exclude: [...DEFAULT_CONFIG.exclude, ...(obj.exclude === undefined ? [] : globs('exclude'))],
      ...(schemaFiles.length > 0 ? { schemaFiles } : {}),
    },
    problems: problems.sort((a, b) => (a.range?.start.line ?? -1) - (b.range?.start.line ?? -1) || (a.range?.start.character ?? -1) - (b.range?.start.character ?? -1)),
    specified: Object.keys(obj),
  };
}

/** The effective severity of a rule under a configuration, or 'off'. */
export function ruleSetting(config: Config, ruleId: string, defaultSetting: RuleSetting): RuleSetting {
  return config.rules[ruleId] ?? defaultSetting;
}

/** What a rule is when the configuration does not name it: 'off' for an opt-in rule, else its severity. */
export function defaultSetting(meta: Pick<RuleMeta, 'defaultSeverity' | 'optIn'>): RuleSetting {
  return meta.optIn ? 'off' : meta.defaultSeverity;
}

/** A rule's option as the configuration sets it (undefined: not set; the rule's meta has its default). */
export function ruleOption(config: Config, ruleId: string, option: string): number | undefined {
  return config.ruleOptions?.[ruleId]?.[option];
}

function isRuleSetting(value: unknown): value is RuleSetting {
  return value === 'off' || (typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value));
}

/** `{ "severity": "info", "minRows": 50000 }`: the severity (when given) and the options the check declares. */
function ruleObject(id: string, declared: Readonly<Record<string, NumericOption>>, value: Readonly<Record<string, unknown>>, report: (key: string, message: string) => void): { setting?: RuleSetting; options: Record<string, number> } {
  const options: Record<string, number> = {};
  let setting: RuleSetting | undefined;
  for (const [key, v] of Object.entries(value)) {
    if (key === 'severity') {
      if (isRuleSetting(v)) setting = v;
      else report(key, `Rule "${id}": "severity" must be "off", "error", "warning", "info" or "hint", got ${JSON.stringify(v)}`);
      continue;
    }
    const spec = declared[key];
    if (!spec) {
      const known = ['severity', ...Object.keys(declared)].map((k) => `"${k}"`).join(', ');
      report(key, `Rule "${id}": unknown option "${key}" (it takes ${known})`);
      continue;
    }
    if (typeof v !== 'number' || !Number.isFinite(v) || v < spec.minimum || (spec.integer && !Number.isInteger(v))) {
      report(key, `Rule "${id}": "${key}" must be ${spec.integer ? 'an integer' : 'a number'} of at least ${spec.minimum}, got ${JSON.stringify(v)}`);
      continue;
    }
    options[key] = v;
  }
  return setting ? { setting, options } : { options };
}

/** Whether a path (relative to the configuration's folder, `/`-separated) is linted. */
export function isIncluded(config: Config, relativePath: string): boolean {
  const path = relativePath.replace(/\\/g, '/');
  const options = { dot: true };
  return picomatch.isMatch(path, [...config.include], options) && !picomatch.isMatch(path, [...config.exclude], options);
}
