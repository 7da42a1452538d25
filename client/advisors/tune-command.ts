/**
 * "Tune Configuration": PGTune-based recommendations for the machine and workload the user describes; with an
 * active connection, compared with the server's pg_settings (read-only). The result opens as an untitled
 * postgresql.conf-style document.
 */
import * as vscode from 'vscode';
import { readServerMachine, readSettings } from '../../core/advisor/server-settings';
import { compareSettings, humanKb, recommend, type SettingComparison, type TuneInput, type TuneResult } from '../../core/advisor/tune';
import type { Session } from '../../core/db/session';
import type { ConnectionManager } from '../connections/manager';
import { errorText } from './guard';
import { comparisonDocument, tuneDocument } from './tune-document';
import { askTuneInput, isLocalHost, localMachine, type MachineGuess, type TuneArgs } from './tune-input';

export interface TuneOutcome {
  readonly input: TuneInput;
  readonly result: TuneResult;
  /** With a connection: current against recommended. */
  readonly comparison?: readonly SettingComparison[];
  readonly document: vscode.TextDocument;
}

/** What is known about the server's machine before asking. */
async function machineGuess(session: Session | undefined, host: string | undefined): Promise<{ guess: MachineGuess; notes: string[] }> {
  if (!session) return { guess: { source: 'nothing (no connection)' }, notes: [] };
  const machine = await readServerMachine(session);
  if (machine.ramKb !== undefined) {
    return { guess: { ramKb: machine.ramKb, cpus: machine.cpus, source: "the server's /proc/meminfo" }, notes: [`The server's /proc reports ${humanKb(machine.ramKb)} RAM${machine.cpus ? ` and ${machine.cpus} CPUs` : ''} (in a container this may be the host's).`] };
  }
  if (isLocalHost(host)) return { guess: localMachine(), notes: [] };
  return { guess: { source: 'nothing (the server is remote and its memory cannot be read through SQL)' }, notes: [] };
}

async function compute(session: Session | undefined, host: string | undefined, args: TuneArgs): Promise<Omit<TuneOutcome, 'document'> & { text: string } | undefined> {
  const { guess, notes } = await machineGuess(session, host);
  const asked = await askTuneInput(args, guess, session !== undefined);
  if (!asked) return undefined;
  if (!session) {
    const input: TuneInput = { ...asked, postgresVersion: asked.postgresVersion ?? 18 };
    const result = recommend(input);
    return { input, result, text: tuneDocument(input, result, ['Not connected: connect to compare with a server\'s current settings.']) };
  }
  let connections = asked.connections;
  if (connections === undefined) {
    const [current] = await readSettings(session, ['max_connections']);
    if (current) {
      connections = Number(current.setting);
      notes.push(`max_connections kept at the server's ${connections}.`);
    }
  }
  if (asked.cpus === undefined) notes.push('CPU count unknown: parallelism settings are left out.');
  const input: TuneInput = { ...asked, connections, postgresVersion: session.serverVersion };
  const result = recommend(input);
  const comparison = compareSettings(result.recommendations, await readSettings(session, result.recommendations.map((r) => r.name)));
  return { input, result, comparison, text: comparisonDocument(session.label, session.serverVersion, input, result, comparison, notes) };
}

export function registerTune(context: vscode.ExtensionContext, connections: ConnectionManager, output: vscode.OutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('pgArchitect.tuneConfiguration', async (args?: TuneArgs): Promise<TuneOutcome | { failure: string } | undefined> => {
      // No connection in an untrusted workspace: then this is the offline advisor.
      const session = vscode.workspace.isTrusted ? connections.session : undefined;
      try {
        const computed = await compute(session, connections.profile?.host, typeof args === 'object' && args !== null ? args : {});
        if (!computed) return undefined;
        const { text, ...outcome } = computed;
        const document = await vscode.workspace.openTextDocument({ language: 'properties', content: text });
        await vscode.window.showTextDocument(document, { preview: false });
        return { ...outcome, document };
      } catch (e) {
        const failure = errorText(e);
        output.appendLine(`Tune Configuration failed${session ? ` on ${session.label}` : ''}: ${failure}`);
        void vscode.window.showErrorMessage(`PostgreSQL Architect: Tune Configuration failed: ${failure}`);
        return { failure };
      }
    }),
  );
}
