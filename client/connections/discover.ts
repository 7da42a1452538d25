/**
 * Connections the user already has: DATABASE_URL (environment, workspace .env files), the PG* variables,
 * pg_service.conf services; and ~/.pgpass (or PGPASSFILE) for passwords. Workspace files are read only in a
 * trusted workspace.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ConnectionOptions } from '../../core/db/postgres-session';
import { databaseUrl, fromPgEnvironment, parseDotEnv, parseServiceFile, pgpassPassword } from '../../core/connections/sources';

export interface DiscoveredConnection {
  readonly label: string;
  readonly detail: string;
  readonly options: ConnectionOptions;
}

function read(path: string | undefined): string | undefined {
  try {
    return path && existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** The .env files frameworks read DATABASE_URL from (a brace with an empty alternative matched no plain .env). */
export const DOTENV_GLOB = '**/{.env,.env.local,.env.development,.env.development.local}';

export async function discoverConnections(): Promise<DiscoveredConnection[]> {
  const out: DiscoveredConnection[] = [];
  const fromUrl = databaseUrl(process.env);
  if (fromUrl) out.push({ label: 'DATABASE_URL', detail: 'environment variable', options: fromUrl });
  const pg = fromPgEnvironment(process.env);
  if (pg) out.push({ label: 'PG* environment variables', detail: `PGHOST=${pg.host ?? ''} PGDATABASE=${pg.database ?? ''}`, options: pg });
  if (vscode.workspace.isTrusted) {
    for (const file of await vscode.workspace.findFiles(DOTENV_GLOB, '**/node_modules/**', 20)) {
      const options = databaseUrl(parseDotEnv(read(file.fsPath) ?? ''));
      if (options) out.push({ label: `DATABASE_URL in ${vscode.workspace.asRelativePath(file)}`, detail: '.env file', options });
    }
  }
  const serviceFile = process.env.PGSERVICEFILE ?? join(homedir(), '.pg_service.conf');
  const system = process.env.PGSYSCONFDIR ? join(process.env.PGSYSCONFDIR, 'pg_service.conf') : undefined;
  for (const path of [serviceFile, system]) {
    for (const [name, options] of Object.entries(parseServiceFile(read(path) ?? ''))) out.push({ label: `service ${name}`, detail: path ?? '', options });
  }
  return out;
}

/** The password ~/.pgpass (or PGPASSFILE) gives for these options. */
export function passwordFromPgpass(options: ConnectionOptions): string | undefined {
  const text = read(process.env.PGPASSFILE ?? join(homedir(), '.pgpass'));
  return text ? pgpassPassword(text, options) : undefined;
}
