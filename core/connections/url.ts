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
      if (!/^\d+$/.test(value)) return `connect_timeout must be a whole number of seconds (got "${value}")`;
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
    const parts: [string, string, 'host' | 'user' | 'password' | 'database'][] = [
      ['host name', url.hostname.replace(/^\[|\]$/g, ''), 'host'],
      ['user name', url.username, 'user'],
      ['password', url.password, 'password'],
      ['database name', url.pathname.replace(/^\//, ''), 'database'],
    ];
    for (const [what, raw, key] of parts) {
      if (!raw) continue;
      const decoded = decodePart(raw);
      // Names the part, never its text: the text may be the password.
      if (decoded === undefined) return { error: `the URL's ${what} has an invalid % escape (a % must start %XX in hex; write a literal % as %25)` };
      if (decoded) out[key] = decoded;
    }
    if (url.port) out.port = Number(url.port);
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

/** A percent-encoded URL part, or undefined when an escape is malformed (decodeURIComponent throws). */
function decodePart(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
