/**
 * The advisors in VS Code: the database health report, configuration tuning and the index advisor (per
 * statement, as code actions and diagnostics on SQL, and over pg_stat_statements).
 */
import type * as vscode from 'vscode';
import type { ConnectionManager } from '../connections/manager';
import type { EmbeddedManager } from '../explain/embedded-manager';
import { registerHealthReport } from './health-command';
import type { HealthPanel } from './health-panel';
import { registerIndexCodeActions } from './index-code-actions';
import { registerIndexAdvisor } from './index-command';
import { IndexAdviceDiagnostics } from './index-diagnostics';
import { registerTune } from './tune-command';
import { registerWorkloadAdvisor } from './workload-command';

export interface Advisors {
  /** The health report panel (its last HTML, for the extension's own tests). */
  readonly health: HealthPanel;
}

export function registerAdvisors(context: vscode.ExtensionContext, connections: ConnectionManager, embedded: EmbeddedManager, output: vscode.OutputChannel): Advisors {
  const health = registerHealthReport(context, connections, output);
  registerTune(context, connections, output);
  const indexAdvice = new IndexAdviceDiagnostics();
  context.subscriptions.push(indexAdvice);
  registerIndexAdvisor(context, connections, embedded, output, indexAdvice);
  registerIndexCodeActions(context, connections, indexAdvice);
  registerWorkloadAdvisor(context, connections, output);
  return { health };
}
