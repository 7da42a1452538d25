/**
 * `pg-architect tune`: postgresql.conf lines for a machine and workload (PGTune's formulas plus ours), each
 * with its reason; with --db, the server's current values against them and what applying each takes.
 */
import { parseConnectionString } from '../../core/connections/url';
import { connectPostgres } from '../../core/db/postgres-session';
import type { Session } from '../../core/db/session';
import { readServerMachine, readSettings } from '../../core/advisor/server-settings';
import {
  compareSettings,
  humanKb,
  OPERATING_SYSTEMS,
  parseMemory,
  recommend,
  STORAGES,
  WORKLOADS,
  type OperatingSystem,
  type SettingComparison,
  type Storage,
  type TuneInput,
  type TuneResult,
  type Workload,
} from '../../core/advisor/tune';
import { optionHelp, parseArgs, type OptionSpec } from '../args';
import { EXIT, type Command } from './command';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'ram', value: true, description: 'total RAM of the server (16GB, 512MB); with --db read from the server when it allows' },
  { name: 'cpus', value: true, description: 'CPU count (parallelism settings need at least 4)' },
  { name: 'storage', value: true, choices: [...STORAGES], description: 'data storage (default ssd)' },
  { name: 'workload', value: true, choices: [...WORKLOADS], description: 'web, oltp, dw (data warehouse), mixed or desktop (default web)' },
  { name: 'connections', value: true, description: 'max_connections (default per workload; with --db the current value)' },
  { name: 'postgres-version', value: true, description: 'server major version (default 18; with --db the server\'s)' },
  { name: 'os', value: true, choices: [...OPERATING_SYSTEMS], description: 'server operating system (default linux)' },
  { name: 'db', value: true, description: 'compare with a server\'s pg_settings (postgres://... or key=value)' },
  { name: 'format', value: true, choices: ['text', 'json'], description: 'output format (default text)' },
  { name: 'timeout', value: true, description: 'statement timeout in seconds (default 30)' },
  { name: 'help', description: 'show this help' },
];

function positiveInt(text: string | true | undefined, option: string): number | undefined | { error: string } {
  if (text === undefined) return undefined;
  if (typeof text !== 'string' || !/^\d+$/.test(text) || Number(text) <= 0) return { error: `--${option} must be a positive whole number` };
  return Number(text);
}

export const tuneCommand: Command = {
  summary: 'postgresql.conf settings for your RAM, CPUs, storage and workload (PGTune plus reasons); --db compares with a server',
  help: `Usage: pg-architect tune --ram 16GB --cpus 8 [--storage ssd] [--workload web] [options]\n       pg-architect tune --db URL [--ram 16GB] [--cpus 8] [options]\n\nOptions:\n${optionHelp(OPTIONS)}\n\nExit codes: 0 printed, 2 bad usage or a database failure.`,
  async run(argv) {
    const parsed = parseArgs(argv, OPTIONS);
    if (!parsed.ok) return usage(parsed.error);
    const { options, positionals } = parsed.args;
    if (options.has('help')) {
      process.stdout.write(this.help + '\n');
      return EXIT.ok;
    }
    if (positionals.length > 0) return usage(`unexpected argument "${positionals[0]}"`);
    const ramText = options.get('ram');
    let ramKb: number | undefined;
    if (typeof ramText === 'string') {
      const ram = parseMemory(ramText);
      if ('error' in ram) return usage(`--ram: ${ram.error}`);
      ramKb = ram.kb;
    }
    const numbers: Record<string, number | undefined> = {};
    for (const name of ['cpus', 'connections', 'postgres-version', 'timeout']) {
      const n = positiveInt(options.get(name), name);
      if (typeof n === 'object') return usage(n.error);
      numbers[name] = n;
    }
    const base = {
      storage: (options.get('storage') ?? 'ssd') as Storage,
      workload: (options.get('workload') ?? 'web') as Workload,
      os: (options.get('os') ?? 'linux') as OperatingSystem,
    };
    const json = options.get('format') === 'json';
    const db = options.get('db');
    if (typeof db !== 'string') {
      if (ramKb === undefined) return usage('--ram is required (for example --ram 16GB)');
      const version = numbers['postgres-version'] ?? 18;
      if (version < 10 || version > 18) return usage('--postgres-version must be between 10 and 18');
      const input: TuneInput = { ...base, ramKb, cpus: numbers.cpus, connections: numbers.connections, postgresVersion: version };
      const result = recommend(input);
      process.stdout.write(json ? JSON.stringify({ input, ...result }, null, 2) + '\n' : formatConf(input, result));
      return EXIT.ok;
    }

    const conn = parseConnectionString(db);
    if ('error' in conn) return usage(`--db: ${conn.error}`);
    const connected = await connectPostgres({ ...conn.options, applicationName: conn.options.applicationName ?? 'pg-architect tune', statementTimeoutMs: (numbers.timeout ?? 30) * 1000 });
    if ('failure' in connected) {
      process.stderr.write(`pg-architect tune: ${connected.failure.message}\n`);
      return EXIT.usage;
    }
    const session = connected.session;
    try {
      return await compareWithServer(session, { ...base, ramKb, cpus: numbers.cpus, connections: numbers.connections, postgresVersion: numbers['postgres-version'] }, json);
    } catch (e) {
      process.stderr.write(`pg-architect tune: ${e instanceof Error ? e.message : String(e)}\n`);
      return EXIT.usage;
    } finally {
      await session.close();
    }
  },
};

type PartialInput = Omit<TuneInput, 'ramKb' | 'postgresVersion'> & { ramKb?: number; postgresVersion?: number };

async function compareWithServer(session: Session, given: PartialInput, json: boolean): Promise<number> {
  const notes: string[] = [];
  if (given.postgresVersion !== undefined && given.postgresVersion !== session.serverVersion) notes.push(`--postgres-version ${given.postgresVersion} ignored: the server is PostgreSQL ${session.serverVersion}.`);
  let { ramKb, cpus } = given;
  if (ramKb === undefined) {
    const machine = await readServerMachine(session);
    if (machine.ramKb === undefined) {
      process.stderr.write(
        `pg-architect tune: give --ram: the server's memory cannot be read portably through SQL (reading /proc/meminfo with pg_read_file needs superuser or pg_read_server_files on Linux: ${machine.problem ?? 'not available'}).\n`,
      );
      return EXIT.usage;
    }
    ramKb = machine.ramKb;
    notes.push(`RAM read from the server's /proc/meminfo: ${humanKb(ramKb)} (in a container this may be the host's memory; give --ram to be sure).`);
    if (cpus === undefined && machine.cpus !== undefined) {
      cpus = machine.cpus;
      notes.push(`CPUs read from the server's /proc/cpuinfo: ${cpus}.`);
    }
  }
  if (cpus === undefined) notes.push('CPU count unknown (give --cpus): parallelism settings are left out.');
  let connections = given.connections;
  if (connections === undefined) {
    const [current] = await readSettings(session, ['max_connections']);
    if (current) {
      connections = Number(current.setting);
      notes.push(`max_connections kept at the server's ${connections} (give --connections to plan for another count).`);
    }
  }
  const input: TuneInput = { ...given, ramKb, cpus, connections, postgresVersion: session.serverVersion };
  const result = recommend(input);
  const server = await readSettings(session, result.recommendations.map((r) => r.name));
  const rows = compareSettings(result.recommendations, server);
  if (json) {
    process.stdout.write(JSON.stringify({ database: session.label, serverVersion: session.serverVersion, input, notes, warnings: result.warnings, settings: rows }, null, 2) + '\n');
  } else {
    process.stdout.write(formatComparison(session, input, result, rows, notes));
  }
  return EXIT.ok;
}

function describeInput(i: TuneInput, connections: number): string {
  return `${humanKb(i.ramKb)} RAM, ${i.cpus ?? 'unknown'} CPUs, ${i.storage} storage, ${i.workload} workload, ${connections} connections, PostgreSQL ${i.postgresVersion}, ${i.os ?? 'linux'}`;
}

function formatConf(i: TuneInput, result: TuneResult): string {
  const lines = result.recommendations.map((r) => [`${r.name} = ${r.text}`, `# ${r.context === 'postmaster' ? '(restart) ' : ''}${r.reason}`]);
  const width = Math.max(...lines.map(([a]) => a.length)) + 2;
  return [
    `# PostgreSQL Architect tune: ${describeInput(i, result.connections)}`,
    "# Baseline: PGTune's formulas; (restart) = needs a server restart, the rest a reload (SELECT pg_reload_conf()).",
    ...result.warnings.map((w) => `# WARNING: ${w}`),
    '',
    ...lines.map(([a, b]) => a.padEnd(width) + b),
    '',
  ].join('\n');
}

function formatComparison(session: Session, i: TuneInput, result: TuneResult, rows: readonly SettingComparison[], notes: readonly string[]): string {
  const table = [['setting', 'current', 'recommended', 'apply', 'reason'], ...rows.map((r) => [r.name, r.current ?? '-', r.recommended, r.status === 'same' ? 'ok' : r.status === 'unavailable' ? 'n/a' : r.apply + (r.pendingRestart ? '*' : ''), r.reason])];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...table.map((row) => row[c].length)) + 2);
  const changes = rows.filter((r) => r.status === 'change');
  const restarts = changes.filter((r) => r.apply === 'restart').length;
  return [
    `# ${session.label} (PostgreSQL ${session.serverVersion}) against the recommendations for ${describeInput(i, result.connections)}`,
    ...notes.map((n) => `# ${n}`),
    ...result.warnings.map((w) => `# WARNING: ${w}`),
    '',
    ...table.map((row) => row.map((cell, c) => (c < 4 ? cell.padEnd(widths[c]) : cell)).join('')),
    ...(rows.some((r) => r.pendingRestart) ? ['* a changed value is already waiting for a restart (pg_settings.pending_restart)'] : []),
    '',
    changes.length === 0
      ? '# Every recommended setting already has the recommended value.'
      : `# ${changes.length} setting${changes.length === 1 ? '' : 's'} to change (${restarts} need${restarts === 1 ? 's' : ''} a restart, the rest a reload). For postgresql.conf:`,
    ...changes.map((r) => `${r.name} = ${r.recommended}${r.apply === 'restart' ? '   # restart' : ''}`),
    '',
  ].join('\n');
}

function usage(message: string): number {
  process.stderr.write(`pg-architect tune: ${message}\nRun "pg-architect tune --help" for usage.\n`);
  return EXIT.usage;
}
