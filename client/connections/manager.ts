/**
 * The active database connection: connect / disconnect / test, passwords from SecretStorage (asked for once,
 * then stored there), a status bar item, and no connection at all in an untrusted workspace. Messages name the
 * target (user@host:port/db) and never carry a password.
 */
import * as vscode from 'vscode';
import { connectPostgres, describeTarget } from '../../core/db/postgres-session';
import type { DatabaseFailure } from '../../core/db/errors';
import type { Session } from '../../core/db/session';
import { optionsOf, readProfiles, secretKey, timeouts, type ConnectionProfile } from './profiles';
import { passwordFromPgpass } from './discover';

export type ConnectOutcome = { readonly session: Session } | { readonly failure: DatabaseFailure } | { readonly cancelled: true };

export class ConnectionManager implements vscode.Disposable {
  private active: { profile: ConnectionProfile; session: Session } | undefined;
  private readonly statusBar: vscode.StatusBarItem;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.OutputChannel,
  ) {
    this.statusBar = vscode.window.createStatusBarItem('pgArchitect.connection', vscode.StatusBarAlignment.Left, 50);
    this.statusBar.name = 'PostgreSQL Architect connection';
    this.statusBar.command = 'pgArchitect.connect';
    this.render();
    this.statusBar.show();
  }

  get profile(): ConnectionProfile | undefined {
    return this.active?.profile;
  }

  get session(): Session | undefined {
    return this.active?.session;
  }

  /** What the status bar shows (part of the extension's exported API). */
  get statusText(): string {
    return this.statusBar.text;
  }

  private render(): void {
    if (this.active) {
      this.statusBar.text = `$(database) ${this.active.profile.name}${this.active.profile.readOnly ? ' (read-only)' : ''}`;
      this.statusBar.tooltip = `PostgreSQL Architect: connected to ${this.active.session.label} (PostgreSQL ${this.active.session.serverVersion}). Click to switch.`;
    } else {
      this.statusBar.text = '$(database) embedded';
      this.statusBar.tooltip = 'PostgreSQL Architect: no connection; Explain runs on the embedded PostgreSQL with the workspace schema. Click to connect.';
    }
  }

  /** The password for a profile: SecretStorage, else ~/.pgpass, else asked (and stored) when `ask`. */
  private async password(profile: ConnectionProfile, ask: boolean): Promise<string | undefined | null> {
    const stored = await this.context.secrets.get(secretKey(profile));
    if (stored !== undefined) return stored;
    const fromPgpass = passwordFromPgpass(optionsOf(profile, undefined));
    if (fromPgpass !== undefined) return fromPgpass;
    if (!ask) return undefined;
    const entered = await vscode.window.showInputBox({ prompt: `Password for ${describeTarget(optionsOf(profile, undefined))} (stored in VS Code's secret storage)`, password: true, ignoreFocusOut: true });
    if (entered === undefined) return null;
    await this.context.secrets.store(secretKey(profile), entered);
    return entered;
  }

  /** Opens a session for a profile (does not make it active). */
  async open(profile: ConnectionProfile, ask = true): Promise<ConnectOutcome> {
    if (!vscode.workspace.isTrusted) {
      return { failure: { kind: 'other', message: 'This workspace is not trusted: PostgreSQL Architect opens no database connection in it (trust the workspace to connect).' } };
    }
    const password = await this.password(profile, ask);
    if (password === null) return { cancelled: true };
    const { statementTimeoutMs } = timeouts();
    const first = await connectPostgres({ ...optionsOf(profile, password), statementTimeoutMs });
    if ('failure' in first && first.failure.kind === 'wrong-password' && ask) {
      // A stale stored password: forget it and ask once more.
      await this.context.secrets.delete(secretKey(profile));
      const again = await this.password(profile, true);
      if (again === null) return { cancelled: true };
      return connectPostgres({ ...optionsOf(profile, again), statementTimeoutMs });
    }
    return first;
  }

  async connect(profile: ConnectionProfile): Promise<ConnectOutcome> {
    const outcome = await this.open(profile);
    if ('session' in outcome) {
      await this.disconnect(false);
      this.active = { profile, session: outcome.session };
      this.output.appendLine(`Connected to ${outcome.session.label} (PostgreSQL ${outcome.session.serverVersion}).`);
      this.render();
      this.changed.fire();
    } else if ('failure' in outcome) this.output.appendLine(`Connection to ${profile.name} failed: ${outcome.failure.message}`);
    return outcome;
  }

  async disconnect(notify = true): Promise<void> {
    const current = this.active;
    this.active = undefined;
    if (current) {
      await current.session.close();
      this.output.appendLine(`Disconnected from ${current.session.label}.`);
    }
    this.render();
    if (notify) this.changed.fire();
  }

  /** Profiles by name, for commands that take one. */
  find(name: string): ConnectionProfile | undefined {
    return readProfiles().find((p) => p.name === name);
  }

  dispose(): void {
    void this.disconnect(false);
    this.statusBar.dispose();
    this.changed.dispose();
  }
}
