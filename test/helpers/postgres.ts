// A throwaway PostgreSQL cluster for tests: initdb into a temporary folder, pg_ctl start on a free port,
// password authentication over TCP (so wrong-password tests are real), stop and delete afterwards.
// As root (CI), the server runs as the `postgres` system user, since PostgreSQL refuses to run as root.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TEST_PASSWORD = 'architect-test-password';

export interface TestCluster {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** Major version of the server binaries. */
  readonly version: number;
  readonly binDir: string;
  readonly dataDir: string;
  /** The folder of the server's unix socket (.s.PGSQL.<port>); local connections there are trusted. */
  readonly socketDir: string;
  /** postgres://user:password@host:port/database */
  url(database?: string): string;
  /** Runs SQL with psql as the superuser (for setup); returns stdout. */
  psql(sql: string, database?: string): string;
  stop(): void;
}

/** Finds PostgreSQL server binaries: $PG_BIN, else the newest /usr/lib/postgresql/<n>/bin with initdb. */
export function findPostgresBin(): { binDir: string; version: number } | undefined {
  const explicit = process.env.PG_BIN;
  if (explicit && existsSync(join(explicit, 'initdb'))) {
    const out = execFileSync(join(explicit, 'initdb'), ['--version'], { encoding: 'utf8' });
    return { binDir: explicit, version: Number(/(\d+)/.exec(out)?.[1] ?? 0) };
  }
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .map(Number)
    .filter((v) => Number.isFinite(v) && existsSync(join(base, String(v), 'bin', 'initdb')) && existsSync(join(base, String(v), 'bin', 'postgres')))
    .sort((a, b) => b - a);
  return versions.length > 0 ? { binDir: join(base, String(versions[0]), 'bin'), version: versions[0] } : undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function serverUser(): { uid: number; gid: number; name: string } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid, name: 'postgres' };
  } catch {
    throw new Error('Running as root needs the `postgres` system user (installed with the postgresql package) to start a test server.');
  }
}

function runAs(user: { name: string } | undefined, command: string, args: readonly string[]): void {
  const [cmd, argv] = user ? ['runuser', ['-u', user.name, '--', command, ...args]] : [command, [...args]];
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
}

export interface ClusterOptions {
  /** Extra postgresql.conf settings. */
  readonly settings?: Readonly<Record<string, string>>;
}

/** Starts a cluster, or returns the reason it cannot (no binaries). */
export async function startCluster(options: ClusterOptions = {}): Promise<TestCluster | { readonly unavailable: string }> {
  const found = findPostgresBin();
  if (!found) return { unavailable: 'PostgreSQL server binaries (initdb, postgres) not found; install the `postgresql` package or set PG_BIN' };
  const { binDir, version } = found;
  const user = serverUser();
  // As root the server runs as `postgres`, which must be able to reach the folder: /tmp, not a private TMPDIR.
  const root = mkdtempSync(join(user ? '/tmp' : tmpdir(), 'pga-pg-'));
  const dataDir = join(root, 'data');
  const socketDir = join(root, 'socket');
  const pwFile = join(root, 'pw');
  execFileSync('mkdir', ['-p', socketDir]);
  writeFileSync(pwFile, TEST_PASSWORD);
  if (user) {
    chownSync(root, user.uid, user.gid);
    chownSync(socketDir, user.uid, user.gid);
    chownSync(pwFile, user.uid, user.gid);
  }
  chmodSync(root, 0o755);
  runAs(user, join(binDir, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', `--pwfile=${pwFile}`, '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const settings: Record<string, string> = {
    listen_addresses: "'127.0.0.1'",
    port: String(port),
    unix_socket_directories: `'${socketDir}'`,
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    shared_preload_libraries: existsSync(join(binDir, '..', 'lib', 'pg_stat_statements.so')) ? "'pg_stat_statements'" : "''",
    ...options.settings,
  };
  appendFileSync(join(dataDir, 'postgresql.conf'), '\n' + Object.entries(settings).map(([k, v]) => `${k} = ${v}`).join('\n') + '\n');
  runAs(user, join(binDir, 'pg_ctl'), ['-D', dataDir, '-l', join(root, 'server.log'), '-w', '-t', '60', 'start']);
  let stopped = false;
  const cluster: TestCluster = {
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password: TEST_PASSWORD,
    version,
    binDir,
    dataDir,
    socketDir,
    url: (database = 'postgres') => `postgres://postgres:${encodeURIComponent(TEST_PASSWORD)}@127.0.0.1:${port}/${database}`,
    psql(sql, database = 'postgres') {
      const r = spawnSync(join(binDir, 'psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', socketDir, '-p', String(port), '-U', 'postgres', '-d', database, '-At', '-c', sql], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
      return r.stdout;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        runAs(user, join(binDir, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already gone (a test may kill the server on purpose)
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
  process.once('exit', () => cluster.stop());
  return cluster;
}
