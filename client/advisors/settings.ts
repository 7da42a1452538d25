/** The advisors' settings (pgArchitect.advisors.*), read when a command runs. */
import * as vscode from 'vscode';

export interface AdvisorSettings {
  /** statement_timeout of each advisor query, ms. */
  readonly timeoutMs: number;
  /** 0..1: an index must cut the statement's estimated cost by this share. */
  readonly minCostReduction: number;
  readonly minCost: number;
  /** Workspace-relative folder for new migration files, when set. */
  readonly migrationsFolder: string | undefined;
}

export function advisorSettings(scope?: vscode.Uri): AdvisorSettings {
  const config = vscode.workspace.getConfiguration('pgArchitect.advisors', scope);
  const seconds = config.get<number>('statementTimeoutSeconds') ?? 30;
  const percent = config.get<number>('minCostReduction') ?? 50;
  const folder = config.get<string>('migrationsFolder')?.trim();
  return {
    timeoutMs: Math.max(1, seconds) * 1000,
    minCostReduction: Math.min(100, Math.max(0, percent)) / 100,
    minCost: Math.max(0, config.get<number>('minCost') ?? 100),
    migrationsFolder: folder ? folder : undefined,
  };
}
