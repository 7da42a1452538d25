/**
 * What the configuration advisor needs to know about the machine and the workload: given by the caller
 * (commands, tests) or asked with quick picks and input boxes. RAM and CPUs are prefilled from what is known:
 * the server's own /proc when it lets us read it, this machine when the server is local, else nothing.
 */
import * as vscode from 'vscode';
import { cpus as localCpus, totalmem } from 'node:os';
import { formatKb, parseMemory, STORAGES, WORKLOADS, type Storage, type Workload } from '../../core/advisor/tune';

/** Arguments of pgArchitect.tuneConfiguration: whatever is given is not asked (with `ram` given, CPUs are not asked either). */
export interface TuneArgs {
  readonly ram?: string;
  readonly cpus?: number;
  readonly storage?: Storage;
  readonly workload?: Workload;
  readonly connections?: number;
  readonly postgresVersion?: number;
}

export interface MachineGuess {
  readonly ramKb?: number;
  readonly cpus?: number;
  /** Where the guess comes from, for the prompt. */
  readonly source: string;
}

export interface AskedInput {
  readonly ramKb: number;
  readonly cpus?: number;
  readonly storage: Storage;
  readonly workload: Workload;
  readonly connections?: number;
  readonly postgresVersion?: number;
}

const WORKLOAD_TEXT: Readonly<Record<Workload, string>> = {
  web: 'Web application: many short queries',
  oltp: 'OLTP: many small transactions, more connections',
  dw: 'Data warehouse: few large analytic queries',
  mixed: 'Mixed: web/OLTP with some reporting',
  desktop: 'Desktop: a development database next to other programs',
};

const STORAGE_TEXT: Readonly<Record<Storage, string>> = {
  ssd: 'SSD',
  nvme: 'NVMe SSD',
  san: 'SAN (network storage)',
  hdd: 'Spinning disks (HDD)',
};

/** A host that is this machine: none (socket), a socket folder, localhost or a loopback address. */
export function isLocalHost(host: string | undefined): boolean {
  if (!host || host.startsWith('/')) return true;
  return /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\])$/i.test(host);
}

export function localMachine(): MachineGuess {
  return { ramKb: Math.floor(totalmem() / 1024 / 1024) * 1024, cpus: localCpus().length || undefined, source: 'this machine (the server is local)' };
}

async function pick<T extends string>(title: string, values: readonly T[], text: Readonly<Record<T, string>>): Promise<T | undefined> {
  const chosen = await vscode.window.showQuickPick(
    values.map((v) => ({ label: v, description: text[v] })),
    { title, placeHolder: title, ignoreFocusOut: true },
  );
  return chosen?.label as T | undefined;
}

async function askRam(guess: MachineGuess): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'Total RAM of the database server',
    prompt: guess.ramKb ? `Prefilled from ${guess.source}: change it if PostgreSQL gets less (a container limit, other services).` : 'The server\'s memory cannot be read through SQL here: enter it (16GB, 512MB).',
    value: guess.ramKb ? formatKb(guess.ramKb) : '',
    placeHolder: '16GB',
    ignoreFocusOut: true,
    validateInput: (v) => {
      const m = parseMemory(v);
      return 'error' in m ? m.error : undefined;
    },
  });
  if (text === undefined) return undefined;
  const m = parseMemory(text);
  return 'kb' in m ? m.kb : undefined;
}

async function askCpus(guess: MachineGuess): Promise<number | null | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'CPU count of the database server',
    prompt: `${guess.cpus ? `Prefilled from ${guess.source}. ` : ''}Leave empty when unknown: parallelism settings are then left out.`,
    value: guess.cpus ? String(guess.cpus) : '',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' || /^[1-9]\d*$/.test(v.trim()) ? undefined : 'A positive whole number, or empty'),
  });
  if (text === undefined) return undefined;
  return text.trim() === '' ? null : Number(text.trim());
}

async function askVersion(): Promise<number | undefined> {
  const versions = ['18', '17', '16', '15', '14', '13'];
  const chosen = await vscode.window.showQuickPick(versions, { title: 'PostgreSQL major version (no connection to read it from)', ignoreFocusOut: true });
  return chosen ? Number(chosen) : undefined;
}

/** Everything the advisor needs, asking for what `args` lacks; undefined when the user cancels. */
export async function askTuneInput(args: TuneArgs, guess: MachineGuess, connected: boolean): Promise<AskedInput | undefined> {
  const workload = args.workload ?? (await pick('Workload', WORKLOADS, WORKLOAD_TEXT));
  if (!workload) return undefined;
  const storage = args.storage ?? (await pick('Data storage', STORAGES, STORAGE_TEXT));
  if (!storage) return undefined;
  let ramKb: number | undefined;
  if (args.ram !== undefined) {
    const m = parseMemory(args.ram);
    if ('error' in m) throw new Error(m.error);
    ramKb = m.kb;
  } else ramKb = await askRam(guess);
  if (ramKb === undefined) return undefined;
  let cpus: number | undefined = args.cpus;
  if (cpus === undefined && args.ram === undefined) {
    const asked = await askCpus(guess);
    if (asked === undefined) return undefined;
    cpus = asked ?? undefined;
  } else if (cpus === undefined) cpus = guess.cpus;
  let postgresVersion = args.postgresVersion;
  if (!connected && postgresVersion === undefined) {
    postgresVersion = await askVersion();
    if (postgresVersion === undefined) return undefined;
  }
  return { ramKb, cpus, storage, workload, connections: args.connections, postgresVersion };
}
