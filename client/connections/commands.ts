/**
 * Commands: Add Connection (by hand or from what the machine already has), Connect, Disconnect, Test
 * Connection. Each failure is shown as its own clear message.
 */
import * as vscode from 'vscode';
import { describeTarget, type ConnectionOptions, type SslMode } from '../../core/db/postgres-session';
import { parseConnectionString } from '../../core/connections/url';
import { discoverConnections } from './discover';
import type { ConnectionManager } from './manager';
import { readProfiles, saveProfile, secretKey, type ConnectionProfile } from './profiles';

async function pickProfile(manager: ConnectionManager, placeHolder: string): Promise<ConnectionProfile | undefined> {
  const profiles = readProfiles();
  if (profiles.length === 0) {
    const add = 'Add Connection...';
    const choice = await vscode.window.showInformationMessage('No connection profiles yet.', add);
    if (choice === add) await vscode.commands.executeCommand('pgArchitect.addConnection');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    profiles.map((p) => ({ label: p.name, description: describeTarget({ host: p.host, port: p.port, user: p.user, database: p.database }), detail: p.readOnly ? 'read-only' : undefined, profile: p })),
    { placeHolder },
  );
  return picked ? manager.find(picked.profile.name) : undefined;
}

type ConnectItem = vscode.QuickPickItem & ({ readonly profile: ConnectionProfile } | { readonly discovered: ConnectionOptions } | { readonly add: true } | { readonly separator: true });

/**
 * What the status bar's Connect offers: the saved connections, then the sources found on this machine and in the
 * workspace (DATABASE_URL in the environment or a .env file, PG* variables, pg_service.conf), each saying where it
 * came from, then Add Connection. A found source is saved as a connection first (its password to secret storage).
 */
async function pickConnection(context: vscode.ExtensionContext, manager: ConnectionManager): Promise<ConnectionProfile | undefined> {
  const profiles = readProfiles();
  const saved = new Set(profiles.map((p) => describeTarget({ host: p.host, port: p.port, user: p.user, database: p.database })));
  const discovered = (await discoverConnections()).filter((d) => !saved.has(describeTarget(d.options)));
  const items: ConnectItem[] = [
    ...profiles.map((p) => ({ label: p.name, description: describeTarget({ host: p.host, port: p.port, user: p.user, database: p.database }), ...(p.readOnly ? { detail: 'read-only' } : {}), profile: p })),
    ...(discovered.length > 0 ? [{ label: 'Found on this machine', kind: vscode.QuickPickItemKind.Separator, separator: true as const }] : []),
    ...discovered.map((d) => ({ label: `$(search) ${d.label}`, description: describeTarget(d.options), detail: `from ${d.detail}: saved as a connection when picked`, discovered: d.options })),
    { label: '$(add) Add Connection...', add: true as const },
  ];
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Connect to...' });
  if (!picked || 'separator' in picked) return undefined;
  if ('profile' in picked) return manager.find(picked.profile.name);
  const profile = await addConnection(context, 'discovered' in picked ? picked.discovered : undefined);
  return profile ? manager.find(profile.name) ?? profile : undefined;
}

function profileFrom(name: string, o: ConnectionOptions, readOnly: boolean): ConnectionProfile {
  return { name, host: o.host, port: o.port, database: o.database, user: o.user, sslmode: o.sslmode, sslrootcert: o.sslrootcert, sslcert: o.sslcert, sslkey: o.sslkey, applicationName: o.applicationName, readOnly };
}

/** Saves a new profile: from `preset` (a discovered source), else from a source or a connection string the user picks. */
async function addConnection(context: vscode.ExtensionContext, preset?: ConnectionOptions): Promise<ConnectionProfile | undefined> {
  let options = preset;
  if (!options) {
    const discovered = await discoverConnections();
    const manual = { label: '$(edit) Enter a connection string...', detail: 'postgres://user@host:5432/db?sslmode=require, or host=... dbname=...', options: undefined as ConnectionOptions | undefined };
    const picked = await vscode.window.showQuickPick([manual, ...discovered.map((d) => ({ label: d.label, detail: `${describeTarget(d.options)} · ${d.detail}`, options: d.options as ConnectionOptions | undefined }))], {
      placeHolder: 'Add a PostgreSQL connection',
    });
    if (!picked) return undefined;
    options = picked.options;
  }
  if (!options) {
    const text = await vscode.window.showInputBox({
      prompt: 'Connection string (a password in it is moved to secret storage, never kept in settings)',
      placeHolder: 'postgres://user@localhost:5432/mydb',
      ignoreFocusOut: true,
      validateInput: (v) => {
        const r = parseConnectionString(v);
        return 'error' in r ? r.error : undefined;
      },
    });
    if (!text) return undefined;
    const parsed = parseConnectionString(text);
    if ('error' in parsed) return undefined;
    options = parsed.options;
  }
  if (!options.sslmode) {
    const ssl = await vscode.window.showQuickPick(['prefer', 'require', 'verify-full', 'verify-ca', 'disable'], { placeHolder: 'SSL mode (prefer: use TLS when the server offers it)' });
    if (!ssl) return undefined;
    options = { ...options, sslmode: ssl as SslMode };
  }
  const name = await vscode.window.showInputBox({ prompt: 'A name for this connection', value: options.database ?? options.host ?? 'postgres', ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : 'a name is needed') });
  if (!name) return undefined;
  const readOnly = (await vscode.window.showQuickPick(['Read-write', 'Read-only (EXPLAIN always in a READ ONLY transaction)'], { placeHolder: 'Access' }))?.startsWith('Read-only') ?? false;
  const profile = profileFrom(name.trim(), options, readOnly);
  if (options.password) await context.secrets.store(secretKey(profile), options.password);
  await saveProfile(profile);
  return profile;
}

function report(outcome: Awaited<ReturnType<ConnectionManager['open']>>, success: (label: string, version: number) => string): void {
  if ('session' in outcome) void vscode.window.showInformationMessage(success(outcome.session.label, outcome.session.serverVersion));
  else if ('failure' in outcome) void vscode.window.showErrorMessage(`PostgreSQL Architect: ${outcome.failure.message}`);
}

export function registerConnectionCommands(context: vscode.ExtensionContext, manager: ConnectionManager): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('pgArchitect.addConnection', async () => {
      const profile = await addConnection(context);
      if (!profile) return;
      const connect = 'Connect';
      if ((await vscode.window.showInformationMessage(`Saved connection "${profile.name}".`, connect)) === connect) {
        report(await manager.connect(profile), (label) => `Connected to ${label}.`);
      }
    }),
    vscode.commands.registerCommand('pgArchitect.connect', async (name?: string) => {
      const profile = typeof name === 'string' ? manager.find(name) : await pickConnection(context, manager);
      if (!profile) return;
      const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Connecting to ${profile.name}` }, () => manager.connect(profile));
      report(outcome, (label, version) => `Connected to ${label} (PostgreSQL ${version}).`);
      return 'session' in outcome;
    }),
    vscode.commands.registerCommand('pgArchitect.disconnect', () => manager.disconnect()),
    vscode.commands.registerCommand('pgArchitect.setPassword', async (name?: string, password?: string) => {
      const profile = typeof name === 'string' ? manager.find(name) : await pickProfile(manager, 'Set the password of...');
      if (!profile) return false;
      const value = typeof password === 'string' ? password : await vscode.window.showInputBox({ prompt: `Password for ${profile.name} (stored in VS Code's secret storage)`, password: true, ignoreFocusOut: true });
      if (value === undefined) return false;
      await context.secrets.store(secretKey(profile), value);
      return true;
    }),
    vscode.commands.registerCommand('pgArchitect.testConnection', async (name?: string) => {
      const profile = typeof name === 'string' ? manager.find(name) : await pickProfile(manager, 'Test which connection?');
      if (!profile) return;
      const outcome = await manager.open(profile);
      report(outcome, (label, version) => `Connection works: ${label}, PostgreSQL ${version}.`);
      if ('session' in outcome) await outcome.session.close();
      return 'session' in outcome ? 'ok' : 'failure' in outcome ? outcome.failure.kind : 'cancelled';
    }),
  );
}
