/**
 * `pg-architect.json`: rule severities, target PostgreSQL version, transaction assumption, include/exclude
 * globs. Parsing is pure and tolerant: problems come back as values next to a usable configuration.
 */
import picomatch from 'picomatch';
import { SEVERITIES, type LintSettings, type Severity } from '../rules/types';
import { RULE_OPTIONS } from './rule-options';

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
}

export interface ParsedConfig {
  readonly config: Config;
  readonly problems: readonly ConfigProblem[];
  /** Top-level settings the file sets (valid or not), so other sources (editor settings) fill in only the rest. */
  readonly specified?: readonly string[];
}

/** Parses the JSON text of a configuration file; unknown rule ids and bad values are reported, not fatal. */
export function parseConfig(text: string, knownRuleIds: ReadonlySet<string>): ParsedConfig {
  const problems: ConfigProblem[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(stripJsonComments(text));
  } catch (e) {
    return { config: DEFAULT_CONFIG, problems: [{ message: `${CONFIG_FILE_NAME} is not valid JSON: ${(e as Error).message}` }] };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { config: DEFAULT_CONFIG, problems: [{ message: `${CONFIG_FILE_NAME} must contain a JSON object` }] };
  }
  const obj = raw as Record<string, unknown>;
  const known = new Set(['$schema', 'rules', 'postgresVersion', 'assumeInTransaction', 'include', 'exclude']);
  for (const key of Object.keys(obj)) if (!known.has(key)) problems.push({ message: `Unknown setting "${key}"` });

  const rules: Record<string, RuleSetting> = {};
  const ruleOptions: Record<string, Record<string, number>> = {};
  if (obj.rules !== undefined) {
    if (obj.rules === null || typeof obj.rules !== 'object' || Array.isArray(obj.rules)) {
      problems.push({ message: '"rules" must be an object of rule id -> "off" | "error" | "warning" | "info" | "hint"' });
    } else {
      for (const [id, value] of Object.entries(obj.rules as Record<string, unknown>)) {
        if (!knownRuleIds.has(id)) {
          problems.push({ message: `Unknown rule "${id}"` });
          continue;
        }
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
          const read = ruleObject(id, value as Record<string, unknown>, problems);
          if (read.setting) rules[id] = read.setting;
          if (Object.keys(read.options).length > 0) ruleOptions[id] = read.options;
        } else if (isRuleSetting(value)) {
          rules[id] = value;
        } else {
          problems.push({ message: `Rule "${id}": expected "off", "error", "warning", "info" or "hint"${RULE_OPTIONS[id] ? ' (or an object with "severity" and its options)' : ''}, got ${JSON.stringify(value)}` });
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
      problems.push({ message: `"postgresVersion" must be a major version from ${SUPPORTED_POSTGRES_VERSIONS.min} to ${SUPPORTED_POSTGRES_VERSIONS.max}` });
    }
  }

  let assumeInTransaction = DEFAULT_CONFIG.assumeInTransaction;
  if (obj.assumeInTransaction !== undefined) {
    if (typeof obj.assumeInTransaction === 'boolean') assumeInTransaction = obj.assumeInTransaction;
    else problems.push({ message: '"assumeInTransaction" must be true or false' });
  }

  const globs = (key: 'include' | 'exclude'): readonly string[] => {
    const v = obj[key];
    if (v === undefined) return DEFAULT_CONFIG[key];
    if (Array.isArray(v) && v.every((g) => typeof g === 'string')) return v as string[];
    problems.push({ message: `"${key}" must be an array of glob strings` });
    return DEFAULT_CONFIG[key];
  };

  return {
    config: {
      rules,
      ...(Object.keys(ruleOptions).length > 0 ? { ruleOptions } : {}),
      postgresVersion,
      assumeInTransaction,
      include: globs('include'),
      exclude: [...DEFAULT_CONFIG.exclude, ...(obj.exclude === undefined ? [] : globs('exclude'))],
    },
    problems,
    specified: Object.keys(obj),
  };
}

/** The effective severity of a rule under a configuration, or 'off'. */
export function ruleSetting(config: Config, ruleId: string, defaultSeverity: Severity): RuleSetting {
  return config.rules[ruleId] ?? defaultSeverity;
}

/** A check's option under a configuration: the configured value, else its declared default. */
export function ruleOption(config: Config, ruleId: string, option: string): number | undefined {
  return config.ruleOptions?.[ruleId]?.[option] ?? RULE_OPTIONS[ruleId]?.[option]?.default;
}

function isRuleSetting(value: unknown): value is RuleSetting {
  return value === 'off' || (typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value));
}

/** `{ "severity": "info", "minRows": 50000 }`: the severity (when given) and the options the check declares. */
function ruleObject(id: string, value: Readonly<Record<string, unknown>>, problems: ConfigProblem[]): { setting?: RuleSetting; options: Record<string, number> } {
  const declared = RULE_OPTIONS[id] ?? {};
  const options: Record<string, number> = {};
  let setting: RuleSetting | undefined;
  for (const [key, v] of Object.entries(value)) {
    if (key === 'severity') {
      if (isRuleSetting(v)) setting = v;
      else problems.push({ message: `Rule "${id}": "severity" must be "off", "error", "warning", "info" or "hint", got ${JSON.stringify(v)}` });
      continue;
    }
    const spec = declared[key];
    if (!spec) {
      const known = ['severity', ...Object.keys(declared)].map((k) => `"${k}"`).join(', ');
      problems.push({ message: `Rule "${id}": unknown option "${key}" (it takes ${known})` });
      continue;
    }
    if (typeof v !== 'number' || !Number.isFinite(v) || v < spec.minimum || (spec.integer && !Number.isInteger(v))) {
      problems.push({ message: `Rule "${id}": "${key}" must be ${spec.integer ? 'an integer' : 'a number'} of at least ${spec.minimum}, got ${JSON.stringify(v)}` });
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

/** JSON with // and /* *\/ comments (as VS Code's settings allow) -> plain JSON, keeping string contents. */
function stripJsonComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      out += text.slice(start, ++i);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
