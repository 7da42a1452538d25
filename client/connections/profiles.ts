/**
 * Connection profiles as stored in settings (`pgArchitect.connections`): everything but the password, which
 * lives only in VS Code's SecretStorage under a key per profile name.
 */
import * as vscode from 'vscode';
import type { ConnectionOptions, SslMode } from '../../core/db/postgres-session';

export interface ConnectionProfile {
  readonly name: string;
  readonly host?: string;
  readonly port?: number;
  readonly database?: string;
  readonly user?: string;
  readonly sslmode?: SslMode;
  readonly sslrootcert?: string;
  readonly sslcert?: string;
  readonly sslkey?: string;
  readonly applicationName?: string;
  /** Every EXPLAIN runs in a READ ONLY transaction. */
  readonly readOnly?: boolean;
}

export const SECTION = 'pgArchitect';

export function readProfiles(): ConnectionProfile[] {
  const raw = vscode.workspace.getConfiguration(SECTION).get<unknown[]>('connections') ?? [];
  return raw.filter((p): p is ConnectionProfile => !!p && typeof p === 'object' && typeof (p as { name?: unknown }).name === 'string');
}

export async function saveProfile(profile: ConnectionProfile): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const others = readProfiles().filter((p) => p.name !== profile.name);
  await config.update('connections', [...others, profile], vscode.ConfigurationTarget.Global);
}

export function secretKey(profile: { readonly name: string }): string {
  return `pgArchitect.password.${profile.name}`;
}

export function timeouts(): { connectTimeoutMs: number; statementTimeoutMs: number } {
  const config = vscode.workspace.getConfiguration(SECTION);
  return {
    connectTimeoutMs: Math.max(1, config.get<number>('connectTimeoutSeconds') ?? 10) * 1000,
    statementTimeoutMs: Math.max(0, config.get<number>('statementTimeoutSeconds') ?? 60) * 1000,
  };
}

export function optionsOf(profile: ConnectionProfile, password: string | undefined): ConnectionOptions {
  const { connectTimeoutMs } = timeouts();
  return {
    host: profile.host,
    port: profile.port,
    database: profile.database,
    user: profile.user,
    password,
    sslmode: profile.sslmode,
    sslrootcert: profile.sslrootcert,
    sslcert: profile.sslcert,
    sslkey: profile.sslkey,
    applicationName: profile.applicationName ?? 'PostgreSQL Architect',
    connectTimeoutMs,
  };
}
