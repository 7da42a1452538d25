/** The advisors in VS Code: the database health report, configuration tuning and the index advisor. */
import type * as vscode from 'vscode';
import type { ConnectionManager } from '../connections/manager';
import type { EmbeddedManager } from '../explain/embedded-manager';
import { registerHealthReport } from './health-command';
import type { HealthPanel } from './health-panel';
import { registerIndexAdvisor } from './index-command';
import { registerTune } from './tune-command';

export interface Advisors {
  /** The health report panel (its last HTML, for the extension's own tests). */
  readonly health: HealthPanel;
}

export function registerAdvisors(context: vscode.ExtensionContext, connections: ConnectionManager, embedded: EmbeddedManager, output: vscode.OutputChannel): Advisors {
  const health = registerHealthReport(context, connections, output);
  registerTune(context, connections, output);
  registerIndexAdvisor(context, connections, embedded, output);
  return { health };
}
