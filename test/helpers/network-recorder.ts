// Reading what test/helpers/record-network.cjs recorded: start a process with `nodeArgs` and `env` of a
// NetworkLog, then read its events. A process that loaded the preload always records a `start` event, so
// "no network" is only concluded from a log that proves the recorder ran.
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const RECORDER = join(__dirname, 'record-network.cjs');

export type NetworkEventKind = 'start' | 'connect' | 'listen' | 'tls' | 'dns' | 'http' | 'fetch' | 'udp' | 'spawn' | 'worker';

export interface NetworkEvent {
  readonly event: NetworkEventKind;
  readonly pid: number;
  readonly thread: number;
  readonly method?: string;
  readonly host?: string;
  readonly port?: number;
  readonly path?: string;
  readonly hostname?: string;
  readonly url?: string;
  readonly file?: string;
  readonly args?: readonly string[];
  readonly filename?: string;
  readonly injected?: boolean;
  readonly argv?: readonly string[];
  /** Where it came from (the first frames outside the recorder). */
  readonly at?: readonly string[];
}

const dirs: string[] = [];
process.on('exit', () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

export class NetworkLog {
  readonly file: string;

  constructor() {
    const dir = mkdtempSync(join(tmpdir(), 'pga-net-'));
    dirs.push(dir);
    this.file = join(dir, 'network.jsonl');
  }

  /** Node options that load the recorder (before the script). */
  get nodeArgs(): string[] {
    return ['--require', RECORDER];
  }

  /** Environment that tells the recorder where to write. */
  get env(): Record<string, string> {
    return { PGA_NETWORK_LOG: this.file };
  }

  events(): NetworkEvent[] {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as NetworkEvent);
  }

  /** The processes and threads that ran with the recorder loaded. */
  starts(): NetworkEvent[] {
    return this.events().filter((e) => e.event === 'start');
  }

  /** Everything but the recorder's own start lines and worker threads (threads of the same process are not network). */
  outbound(): NetworkEvent[] {
    return this.events().filter((e) => e.event !== 'start' && e.event !== 'worker');
  }
}

/** One line per event, for assertion messages. */
export function describeEvents(events: readonly NetworkEvent[]): string {
  if (events.length === 0) return '(none)';
  return events
    .map((e) => {
      const { at, pid: _pid, thread, ...rest } = e;
      return `  [thread ${thread}] ${JSON.stringify(rest)}${at && at.length > 0 ? `\n      at ${at.join('\n      at ')}` : ''}`;
    })
    .join('\n');
}
