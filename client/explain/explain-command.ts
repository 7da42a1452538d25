/**
 * "Explain Query" / "Explain Analyze" on the statement under the cursor (or the selection), also from a CodeLens:
 * on the active connection, else on the embedded PostgreSQL with the workspace's schema. Parameters are asked
 * for (or a generic plan used), data changes and calls the rollback cannot undo confirmed in a modal that names
 * them, the Cancel button cancels on the server.
 */
import * as vscode from 'vscode';
import { initParser } from '../../core/parse/parser';
import { parseDocument, type Statement } from '../../core/parse/document';
import { analyzePlan } from '../../core/explain/analyze';
import { planNotes, runExplain, type ExplainOutcome } from '../../core/db/explain-runner';
import { classifyStatement } from '../../core/db/statement-kind';
import { importStatistics } from '../../core/db/import-statistics';
import type { Session } from '../../core/db/session';
import type { ConnectionManager } from '../connections/manager';
import { timeouts } from '../connections/profiles';
import type { EmbeddedManager } from './embedded-manager';
import { presentPlan } from './present';
import { numberNamedParameters } from '../../core/db/named-parameters';
import { GENERIC_PLAN_MIN_VERSION } from '../../core/db/generic-plan';
import { adviseIndexes as adviseIndexesOn, type StatementAdvice } from '../../core/advisor/indexes';

export interface ExplainTarget {
  readonly uri: vscode.Uri;
  /** Document offsets of the statement. */
  readonly start: number;
  readonly end: number;
}

/** The statement to explain: the selection when there is one, else the statement under the cursor. */
export function statementAt(document: vscode.TextDocument, selection: vscode.Selection | undefined, offset?: number): { sql: string; range: vscode.Range } | undefined {
  if (selection && !selection.isEmpty) return { sql: document.getText(selection), range: selection };
  const at = offset ?? (selection ? document.offsetAt(selection.active) : 0);
  const parsed = parseDocument(document.getText(), document.uri.toString());
  const statement: Statement | undefined = parsed.statements.find((s) => at >= s.start && at <= s.end) ?? parsed.statements.find((s) => s.start >= at);
  if (!statement) return undefined;
  return { sql: statement.parsedText, range: new vscode.Range(document.positionAt(statement.start), document.positionAt(statement.end)) };
}

async function askParameters(count: number, version: number, analyze: boolean, label: (n: number) => string): Promise<string[] | 'generic' | undefined> {
  // A generic plan is plain EXPLAIN only (EXPLAIN ANALYZE runs the statement, which needs values).
  if (!analyze && version >= GENERIC_PLAN_MIN_VERSION) {
    const choice = await vscode.window.showQuickPick(['Generic plan (no values)', 'Enter values...'], { placeHolder: `The statement has ${count} parameter(s)` });
    if (!choice) return undefined;
    if (choice.startsWith('Generic')) return 'generic';
  }
  const values: string[] = [];
  for (let i = 1; i <= count; i++) {
    const v = await vscode.window.showInputBox({ prompt: `Value for ${label(i)}`, ignoreFocusOut: true });
    if (v === undefined) return undefined;
    values.push(v);
  }
  return values;
}

export function registerExplain(context: vscode.ExtensionContext, connections: ConnectionManager, embedded: EmbeddedManager, output: vscode.OutputChannel): void {
  const explain = async (analyze: boolean, uriArg?: vscode.Uri, offsetArg?: number): Promise<ExplainOutcome | undefined> => {
    const editor = vscode.window.activeTextEditor;
    const document = uriArg ? await vscode.workspace.openTextDocument(uriArg) : editor?.document;
    if (!document) {
      void vscode.window.showWarningMessage('Open a SQL file and put the cursor in a query to explain it.');
      return undefined;
    }
    const begun = performance.now();
    await initParser();
    const target = statementAt(document, uriArg ? undefined : editor?.selection, offsetArg);
    if (!target) {
      void vscode.window.showWarningMessage('No statement under the cursor.');
      return undefined;
    }
    const folder = vscode.workspace.getWorkspaceFolder(document.uri) ?? vscode.workspace.workspaceFolders?.[0];
    let session: Session;
    let note: string | undefined;
    /** The embedded database without imported statistics: its tables are empty. */
    let emptyTables = false;
    const active = connections.session;
    if (active) session = active;
    else {
      if (!folder) {
        void vscode.window.showWarningMessage('Open a folder (its SQL files make the embedded database\'s schema) or connect to a database to explain.');
        return undefined;
      }
      const db = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Starting the embedded PostgreSQL with your schema...' }, () => embedded.database(folder.uri));
      session = db.session;
      emptyTables = !db.statisticsImported;
      note = db.statisticsImported
        ? 'Plan from the embedded PostgreSQL with statistics imported from a server: estimates resemble production, no rows were copied.'
        : 'Plan from the embedded PostgreSQL holding your workspace schema with empty tables: estimates are the planner\'s defaults, not production\'s. Connect to a database, or import statistics, for realistic plans.';
    }
    // psql variables (`:customer_id`) are parameters too: asked for by name.
    const named = numberNamedParameters(target.sql);
    const label = (n: number): string => (n >= named.first && named.names[n - named.first] ? `:${named.names[n - named.first]}` : `$${n}`);
    const parsed = classifyStatement(parseDocument(named.sql).statements[0]?.ast);
    let parameters: string[] | undefined;
    if (parsed.parameterCount > 0) {
      const answer = await askParameters(parsed.parameterCount, session.serverVersion, analyze, label);
      if (answer === undefined) return undefined;
      parameters = answer === 'generic' ? [] : answer;
    }
    const readOnly = connections.profile?.readOnly === true;
    const run = (allowDataChanges: boolean): Thenable<ExplainOutcome> =>
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `${analyze ? 'EXPLAIN ANALYZE' : 'EXPLAIN'} on ${session.label}`, cancellable: true },
        async (_progress, token) => {
          const cancel = token.onCancellationRequested(() => void session.cancel());
          try {
            return await runExplain(session, { sql: target.sql, analyze, parameters, allowDataChanges, readOnly, timeoutMs: timeouts().statementTimeoutMs || undefined });
          } finally {
            cancel.dispose();
          }
        },
      );
    let outcome = await run(false);
    // Data changes and calls the rollback does not undo (read from the catalog, named in the refusal) are asked for.
    if ('refused' in outcome && outcome.needs === 'confirmation') {
      const confirm = analyze ? 'Run EXPLAIN ANALYZE' : 'Run EXPLAIN';
      const choice = await vscode.window.showWarningMessage(`${analyze ? 'EXPLAIN ANALYZE' : 'EXPLAIN'} on ${session.label}`, { modal: true, detail: outcome.refused }, confirm);
      if (choice !== confirm) return undefined;
      outcome = await run(true);
    }
    if ('failure' in outcome) {
      output.appendLine(`Explain failed on ${session.label}: ${outcome.failure.message}`);
      void vscode.window.showErrorMessage(`PostgreSQL Architect: ${outcome.failure.message}`);
    } else if ('refused' in outcome) {
      void vscode.window.showWarningMessage(`PostgreSQL Architect: ${outcome.refused}`);
    } else {
      // The advisor verifies with HypoPG on a server, or a rolled-back CREATE INDEX on the embedded database
      // (never a real CREATE INDEX on a server from here: that blocks its writes while it builds).
      const adviseIndexes = (): Promise<StatementAdvice> => adviseIndexesOn(session, named.sql, { parameters, route: 'auto', allowCreateIndex: false, timeoutMs: timeouts().statementTimeoutMs || undefined });
      await presentPlan(context, analyzePlan(outcome.plan, { emptyTables }), { uri: document.uri, range: target.range, sql: target.sql, database: session.label, note: planNotes(note, outcome).join(' ') || undefined, json: outcome.json, adviseIndexes });
      output.appendLine(`${analyze ? 'EXPLAIN ANALYZE' : 'EXPLAIN'} on ${session.label} shown in ${Math.round(performance.now() - begun)} ms.`);
    }
    return outcome;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('pgArchitect.explain', (uri?: vscode.Uri, offset?: number) => explain(false, uri instanceof vscode.Uri ? uri : undefined, offset)),
    vscode.commands.registerCommand('pgArchitect.explainAnalyze', (uri?: vscode.Uri, offset?: number) => explain(true, uri instanceof vscode.Uri ? uri : undefined, offset)),
    vscode.commands.registerCommand('pgArchitect.importStatistics', async () => {
      const source = connections.session;
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!source || !folder) {
        void vscode.window.showWarningMessage('Connect to the database whose statistics to import, in a workspace with its schema.');
        return undefined;
      }
      const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Importing statistics from ${source.label}` }, async () => {
        const db = await embedded.database(folder.uri);
        return importStatistics(source, db.session, embedded.sizer(folder.uri));
      });
      const skipped = report.skipped.length > 0 ? ` ${report.skipped.length} object(s) not in the workspace schema were skipped.` : '';
      void vscode.window.showInformationMessage(`Imported statistics of ${report.relations} relations and ${report.columns} columns into the embedded database (no rows copied).${skipped}`);
      return report;
    }),
  );
}
