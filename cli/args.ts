/**
 * A small, strict argument parser: `--flag`, `--option value`, `--option=value`, and positionals. Unknown
 * options are errors (exit 2), so typos never silently change what runs.
 */
export interface OptionSpec {
  readonly name: string;
  /** Takes a value (`--format json`); otherwise a boolean flag. */
  readonly value?: boolean;
  /** Allowed values, when closed. */
  readonly choices?: readonly string[];
  /** May be given several times (`--param 1 --param x`); all values are kept in order. */
  readonly repeatable?: boolean;
  readonly description: string;
}

export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly options: ReadonlyMap<string, string | true>;
  /** Every value of repeatable options. */
  readonly lists: ReadonlyMap<string, readonly string[]>;
}

export type ArgsResult = { readonly ok: true; readonly args: ParsedArgs } | { readonly ok: false; readonly error: string };

export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ArgsResult {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  const lists = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = byName.get(name);
    if (!spec) return { ok: false, error: `unknown option --${name}` };
    if (!spec.value) {
      if (eq >= 0) return { ok: false, error: `--${name} takes no value` };
      options.set(name, true);
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) return { ok: false, error: `--${name} needs a value` };
    if (spec.choices && !spec.choices.includes(value)) return { ok: false, error: `--${name} must be one of ${spec.choices.join(', ')} (got "${value}")` };
    options.set(name, value);
    if (spec.repeatable) lists.set(name, [...(lists.get(name) ?? []), value]);
  }
  return { ok: true, args: { positionals, options, lists } };
}

export function optionHelp(specs: readonly OptionSpec[]): string {
  const rows = specs.map((s) => [`  --${s.name}${s.value ? (s.choices ? ` ${s.choices.join('|')}` : ' <value>') : ''}`, s.description]);
  const width = Math.max(...rows.map((r) => r[0].length)) + 2;
  return rows.map(([a, b]) => a.padEnd(width) + b).join('\n');
}
