/**
 * libpq connection URIs (postgres://user:password@host:port/db?sslmode=require&application_name=x) and
 * key=value strings (host=h port=5432 dbname=db) into connection options. Pure; errors as values.
 */
import type { ConnectionOptions, SslMode } from '../db/postgres-session';

const SSL_MODES: readonly SslMode[] = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

export type ParsedConnection = { readonly options: ConnectionOptions } | { readonly error: string };

function applyParam(out: Record<string, unknown>, key: string, value: string): string | undefined {
  switch (key) {
    case 'host':
    case 'hostaddr':
      out.host = value;
      return undefined;
    case 'port':
      if (!/^\d+$/.test(value)) return `port must be a number (got "${value}")`;
      out.port = Number(value);
      return undefined;
    case 'dbname':
      out.database = value;
      return undefined;
    case 'user':
      out.user = value;
      return undefined;
    case 'password':
      out.password = value;
      return undefined;
    case 'sslmode':
      if (!(SSL_MODES as readonly string[]).includes(value)) return `sslmode must be one of ${SSL_MODES.join(', ')}`;
      out.sslmode = value;
      return undefined;
    case 'sslrootcert':
    case 'sslcert':
    case 'sslkey':
      out[key] = value;
      return undefined;
    case 'application_name':
      out.applicationName = value;
      return undefined;
    case 'connect_timeout':
      out.connectTimeoutMs = Number(value) * 1000;
      return undefined;
    default:
      return undefined; // other libpq parameters (options, target_session_attrs, ...) are not used here
  }
}

export function parseConnectionString(text: string): ParsedConnection {
  const s = text.trim();
  const out: Record<string, unknown> = {};
  if (/^postgres(ql)?:\/\//i.test(s)) {
    let url: URL;
    try {
      url = new URL(s.replace(/^postgres(ql)?:/i, 'http:'));
    } catch {
      return { error: 'not a valid postgres:// URL' };
    }
    if (url.hostname) out.host = decodeURIComponent(url.hostname.replace(/^\[|\]$/g, ''));
    if (url.port) out.port = Number(url.port);
    if (url.username) out.user = decodeURIComponent(url.username);
    if (url.password) out.password = decodeURIComponent(url.password);
    const db = decodeURIComponent(url.pathname.replace(/^\//, ''));
    if (db) out.database = db;
    for (const [k, v] of url.searchParams) {
      const problem = applyParam(out, k, v);
      if (problem) return { error: problem };
    }
    return { options: out as ConnectionOptions };
  }
  // key=value pairs, values optionally single-quoted with \' escapes.
  const re = /(\w+)\s*=\s*('((?:\\.|[^'\\])*)'|\S+)/g;
  let matched = false;
  for (const m of s.matchAll(re)) {
    matched = true;
    const value = m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : m[2];
    const problem = applyParam(out, m[1], value);
    if (problem) return { error: problem };
  }
  if (!matched) return { error: 'expected a postgres:// URL or key=value pairs (host=... dbname=...)' };
  return { options: out as ConnectionOptions };
}
