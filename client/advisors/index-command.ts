/**
 * "Advise Indexes for Query": the index advisor on the statement under the cursor, verified by the planner on
 * the active connection (HypoPG when installed; otherwise a real CREATE INDEX rolled back, only after asking)
 * or on the embedded PostgreSQL. Returns the advice (for tests). The advice opens in the plan viewer beside the
 * statement's plan (Insights tab: before/after cost, size, "Add to Migration…"), where it stays; the plan's own
 * insights show the same advisor's verdicts. The recommendations also stay on the statement as diagnostics with
 * a code action that writes the migration.
 */
import * as vscode from 'vscode';
import { adviseIndexes, type CandidateOutcome, type StatementAdvice } from '../../core/advisor/indexes';
import { installedExtensions } from '../../core/advisor/indexes/catalog';
import { classifyStatement } from '../../core/db/statement-kind';
import { GENERIC_PLAN_MIN_VERSION } from '../../core/db/generic-plan';
import type { Session } from '../../core/db/session';
import { parseDocument } from '../../core/parse/document';
import { initParser } from '../../core/parse/parser';
import type { ConnectionManager } from '../connections/manager';
import type { EmbeddedManager } from '../explain/embedded-manager';
import { statementAt } from '../explain/explain-command';
import { errorText } from './guard';
import { CREATE_ADVISED_INDEX_COMMAND } from './index-code-actions';
import type { IndexAdviceDiagnostics } from './index-diagnostics';
import { adviceLines, migrationChange, pickCandidate, showAdviceMessage } from './index-present';
import { addToMigration, type MigrationTarget } from './migration-insert';
import { advisorSettings } from './settings';
import { analyzePlan } from '../../core/explain/analyze';
import { planNotes, runExplain } from '../../core/db/explain-runner';
import { presentPlan } from '../explain/present';
import { HAS_INDEX_ADVICE, setContextKey } from '../context-keys';

/** Options of pgArchitect.adviseIndexes for callers that must not be asked (tests). */
export interface AdviseArgs {
  /** Without HypoPG on a server: true tries real CREATE INDEX rolled back, false lists candidates unverified. */
  readonly allowCreateIndex?: boolean;
  readonly parameters?: readonly string[];
}

export type AdviseOutcome = { readonly advice: StatementAdvice; readonly database: string } | { readonly refused: string } | { readonly failure: string } | { readonly cancelled: true };

interface Target {
  readonly session: Session;
  readonly allowCreateIndex: boolean;
}

/** Without HypoPG the planner needs a real index: ask before building one (rolled back) on a server. */
export async function askRollback(session: Session, readOnly: boolean, given: boolean | undefined): Promise<boolean | undefined> {
  if ((await installedExtensions(session)).hypopg) return false;
  if (readOnly) return false;
  if (given !== undefined) return given;
  const build = 'Verify with CREATE INDEX (rolled back)';
  const list = 'List candidates unverified';
  const choice = await vscode.window.showWarningMessage(
    `HypoPG is not installed on ${session.label} (CREATE EXTENSION hypopg verifies indexes without building them). Verify each candidate with a real CREATE INDEX inside a transaction that is rolled back? It reads the whole table and blocks writes to it while it builds.`,
    { modal: true },
    build,
    list,
  );
  return choice === build ? true : choice === list ? false : undefined;
}

async function chooseTarget(connections: ConnectionManager, embedded: EmbeddedManager, document: vscode.TextDocument, args: AdviseArgs): Promise<Target | { refused: string } | undefined> {
  const active = vscode.workspace.isTrusted ? connections.session : undefined;
  if (active) {
    const allow = await askRollback(active, connections.profile?.readOnly === true, args.allowCreateIndex);
    return allow === undefined ? undefined : { session: active, allowCreateIndex: allow };
  }
  const folder = vscode.workspace.getWorkspaceFolder(document.uri) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) return { refused: 'Open a folder (its SQL files make the embedded database\'s schema) or connect to a database to advise indexes.' };
  const db = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Starting the embedded PostgreSQL with your schema...' }, () => embedded.database(folder.uri));
  return { session: db.session, allowCreateIndex: true };
}

async function askParameters(count: number): Promise<string[] | undefined> {
  const values: string[] = [];
  for (let i = 1; i <= count; i++) {
    const v = await vscode.window.showInputBox({ prompt: `Value for $${i} (a generic plan needs PostgreSQL ${GENERIC_PLAN_MIN_VERSION}+)`, ignoreFocusOut: true });
    if (v === undefined) return undefined;
    values.push(v);
  }
  return values;
}

export function registerIndexAdvisor(context: vscode.ExtensionContext, connections: ConnectionManager, embedded: EmbeddedManager, output: vscode.OutputChannel, shown: IndexAdviceDiagnostics): void {
  let last: StatementAdvice | undefined;

  const addOutcome = async (o: CandidateOutcome, statement: string, target: MigrationTarget): Promise<vscode.Uri | undefined> => {
    try {
      return await addToMigration(migrationChange(o, statement), target);
    } catch (e) {
      void vscode.window.showErrorMessage(`PostgreSQL Architect: could not add the index to a migration: ${errorText(e)}`);
      return undefined;
    }
  };

  const follow = async (advice: StatementAdvice, database: string): Promise<void> => {
    const { action, outcome } = await showAdviceMessage(advice, database);
    if (action === 'copy' && outcome) await vscode.env.clipboard.writeText(outcome.sql);
    const chosen = action === 'add' ? outcome : action === 'all' ? await pickCandidate(advice) : undefined;
    if (chosen) await addOutcome(chosen, advice.sql, undefined);
  };

  /** The statement's plan (plain EXPLAIN, nothing runs) in the plan viewer, opened on the advice; false if it could not be. */
  const showWithPlan = async (session: Session, uri: vscode.Uri, statement: { sql: string; range: vscode.Range }, parameters: readonly string[], advice: StatementAdvice): Promise<boolean> => {
    const outcome = await runExplain(session, { sql: statement.sql, analyze: false, parameters, allowDataChanges: false, readOnly: connections.profile?.readOnly === true, timeoutMs: advisorSettings(uri).timeoutMs }).catch(() => undefined);
    if (!outcome || !('plan' in outcome)) return false;
    const emptyTables = (advice.emptyTables?.length ?? 0) > 0;
    const origin = session.kind === 'pglite' ? `Plan from the embedded PostgreSQL${emptyTables ? ' with empty tables: estimates are the planner\'s defaults' : ''}.` : undefined;
    await presentPlan(context, analyzePlan(outcome.plan, { emptyTables }), { uri, range: statement.range, sql: statement.sql, database: session.label, note: planNotes(origin, outcome).join(' ') || undefined, json: outcome.json, advice });
    return true;
  };

  const advise = async (uriArg?: vscode.Uri, offsetArg?: number, argsArg?: AdviseArgs): Promise<AdviseOutcome> => {
    const args: AdviseArgs = typeof argsArg === 'object' && argsArg !== null ? argsArg : {};
    const editor = vscode.window.activeTextEditor;
    const document = uriArg ? await vscode.workspace.openTextDocument(uriArg) : editor?.document;
    if (!document) {
      const refused = 'Open a SQL file and put the cursor in a query to advise indexes for it.';
      void vscode.window.showWarningMessage(refused);
      return { refused };
    }
    await initParser();
    const statement = statementAt(document, uriArg ? undefined : editor?.selection, offsetArg);
    if (!statement) {
      void vscode.window.showWarningMessage('No statement under the cursor.');
      return { refused: 'No statement under the cursor.' };
    }
    const kind = classifyStatement(parseDocument(statement.sql).statements[0]?.ast);
    if (kind.kind !== 'query' && kind.kind !== 'dml') {
      const refused = 'Indexes are advised for SELECT, UPDATE and DELETE statements: put the cursor in one.';
      void vscode.window.showWarningMessage(`PostgreSQL Architect: ${refused}`);
      return { refused };
    }
    try {
      const target = await chooseTarget(connections, embedded, document, args);
      if (!target) return { cancelled: true };
      if ('refused' in target) {
        void vscode.window.showWarningMessage(`PostgreSQL Architect: ${target.refused}`);
        return target;
      }
      const { session } = target;
      let parameters = args.parameters ? [...args.parameters] : [];
      if (kind.parameterCount > 0 && parameters.length === 0 && session.serverVersion < GENERIC_PLAN_MIN_VERSION) {
        const asked = await askParameters(kind.parameterCount);
        if (!asked) return { cancelled: true };
        parameters = asked;
      }
      const settings = advisorSettings(document.uri);
      const advice = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Advising indexes on ${session.label}`, cancellable: true },
        async (_progress, token) => {
          const cancel = token.onCancellationRequested(() => void session.cancel());
          try {
            return await adviseIndexes(session, statement.sql, {
              allowCreateIndex: target.allowCreateIndex,
              parameters,
              minCostReduction: settings.minCostReduction,
              minCost: settings.minCost,
              timeoutMs: settings.timeoutMs,
            });
          } finally {
            cancel.dispose();
          }
        },
      );
      for (const line of adviceLines(advice, session.label)) output.appendLine(line);
      last = advice;
      setContextKey(HAS_INDEX_ADVICE, true);
      shown.show(document, statement.range, advice);
      const inViewer = !advice.refused && (await showWithPlan(session, document.uri, statement, parameters, advice));
      if (!inViewer) void follow(advice, session.label);
      return { advice, database: session.label };
    } catch (e) {
      const failure = errorText(e);
      output.appendLine(`Index advice failed: ${failure}`);
      void vscode.window.showErrorMessage(`PostgreSQL Architect: index advice failed: ${failure}`);
      return { failure };
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('pgArchitect.adviseIndexes', (uri?: unknown, offset?: unknown, args?: AdviseArgs) =>
      advise(uri instanceof vscode.Uri ? uri : undefined, typeof offset === 'number' ? offset : undefined, args),
    ),
    /** Adds the last advice's recommendation (or the candidate `name`) to a migration: 'new', a file URI, or asked. */
    vscode.commands.registerCommand('pgArchitect.addIndexToMigration', async (name?: unknown, target?: unknown): Promise<vscode.Uri | undefined> => {
      if (!last) {
        void vscode.window.showWarningMessage('PostgreSQL Architect: run "Advise Indexes for Query" first.');
        return undefined;
      }
      const outcome = typeof name === 'string' ? last.outcomes.find((o) => o.name === name) : await pickCandidate(last, true);
      if (!outcome) return undefined;
      return addOutcome(outcome, last.sql, target === 'new' || target instanceof vscode.Uri ? target : undefined);
    }),
    /** The code action on a recommendation shown on a statement: its CREATE INDEX into a migration ('new', a file URI, or asked). */
    vscode.commands.registerCommand(CREATE_ADVISED_INDEX_COMMAND, async (uri?: unknown, name?: unknown, target?: unknown): Promise<vscode.Uri | undefined> => {
      const entry = uri instanceof vscode.Uri && typeof name === 'string' ? shown.find(uri, name) : undefined;
      if (!entry) {
        void vscode.window.showWarningMessage('PostgreSQL Architect: the statement changed since the advisor ran: run "Find indexes for this query" again.');
        return undefined;
      }
      return addOutcome(entry.outcome, entry.sql, target === 'new' || target instanceof vscode.Uri ? target : undefined);
    }),
  );
}
