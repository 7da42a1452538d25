/**
 * What users already have configured, read the way libpq reads it (inputs are file contents and environment
 * maps; nothing here touches the disk): PG* environment variables, DATABASE_URL (also from .env files),
 * ~/.pgpass lines, pg_service.conf sections.
 */
import type { ConnectionOptions, SslMode } from '../db/postgres-session';
import { parseConnectionString } from './url';

/** PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE, PGAPPNAME, PGSSLROOTCERT, ... */
export function fromPgEnvironment(env: Readonly<Record<string, string | undefined>>): ConnectionOptions | undefined {
  const o: Record<string, unknown> = {};
  if (env.PGHOST) o.host = env.PGHOST;
  if (env.PGPORT && /^\d+$/.test(env.PGPORT)) o.port = Number(env.PGPORT);
  if (env.PGDATABASE) o.database = env.PGDATABASE;
  if (env.PGUSER) o.user = env.PGUSER;
  if (env.PGPASSWORD) o.password = env.PGPASSWORD;
  if (env.PGSSLMODE) o.sslmode = env.PGSSLMODE as SslMode;
  if (env.PGSSLROOTCERT) o.sslrootcert = env.PGSSLROOTCERT;
  if (env.PGSSLCERT) o.sslcert = env.PGSSLCERT;
  if (env.PGSSLKEY) o.sslkey = env.PGSSLKEY;
  if (env.PGAPPNAME) o.applicationName = env.PGAPPNAME;
  if (env.PGCONNECT_TIMEOUT && /^\d+$/.test(env.PGCONNECT_TIMEOUT)) o.connectTimeoutMs = Number(env.PGCONNECT_TIMEOUT) * 1000;
  return Object.keys(o).length > 0 ? (o as ConnectionOptions) : undefined;
}

/** KEY=value lines of a .env file (quotes, `export`, comments). */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    let value = m[2];
    if ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'"))) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, '');
    out[m[1]] = value;
  }
  return out;
}

/** The DATABASE_URL of an environment or a .env file, parsed; undefined when absent or not a connection string. */
export function databaseUrl(vars: Readonly<Record<string, string | undefined>>): ConnectionOptions | undefined {
  const url = vars.DATABASE_URL;
  if (!url) return undefined;
  const parsed = parseConnectionString(url);
  return 'options' in parsed ? parsed.options : undefined;
}

/** The password ~/.pgpass gives for a connection (hostname:port:database:username:password, `*` wildcards). */
export function pgpassPassword(text: string, o: ConnectionOptions): string | undefined {
  const host = o.host ?? 'localhost';
  const port = String(o.port ?? 5432);
  const user = o.user ?? '';
  const database = o.database ?? user;
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const fields: string[] = [];
    let current = '';
    for (let i = 0; i < raw.length; i++) {
      if (raw[i] === '\\' && i + 1 < raw.length) current += raw[++i];
      else if (raw[i] === ':' && fields.length < 4) {
        fields.push(current);
        current = '';
      } else current += raw[i];
    }
    fields.push(current);
    if (fields.length !== 5) continue;
    const [h, p, d, u, password] = fields;
    const match = (pattern: string, value: string): boolean => pattern === '*' || pattern === value;
    if (match(h, host) && match(p, port) && match(d, database) && match(u, user)) return password;
  }
  return undefined;
}

/** The sections of a pg_service.conf file: [name] then key=value lines. */
export function parseServiceFile(text: string): Record<string, ConnectionOptions> {
  const out: Record<string, ConnectionOptions> = {};
  let current: string | undefined;
  let pairs: string[] = [];
  const flush = (): void => {
    if (!current) return;
    const parsed = parseConnectionString(pairs.join(' ') || 'host=localhost');
    if ('options' in parsed) out[current] = parsed.options;
  };
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    const section = /^\[(.+)\]$/.exec(t);
    if (section) {
      flush();
      current = section[1];
      pairs = [];
      continue;
    }
    const kv = /^([\w]+)\s*=\s*(.*)$/.exec(t);
    if (kv) pairs.push(`${kv[1]}='${kv[2].replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);
  }
  flush();
  return out;
}
