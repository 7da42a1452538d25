// The findings LSP tests are about. Rules are added all the time; filtering by these codes keeps a test about
// the server's behaviour from changing when a new rule also reports on its SQL.
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol/node';
import { ALL_RULES } from '../../core/rules/registry';

export const RULE = 'require-concurrent-index-creation';
const KNOWN = new Set([RULE, 'syntax-error', 'unused-ignore', 'internal-error', 'binary-file', 'file-too-large', 'invalid-config']);

export function ours(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => KNOWN.has(String(d.code)));
}

export function codes(diagnostics: readonly Diagnostic[]): string[] {
  return ours(diagnostics).map((d) => String(d.code));
}

/** Actions for the known findings only. */
export function oursActions(actions: readonly CodeAction[]): CodeAction[] {
  return actions.filter((a) => (a.diagnostics ?? []).some((d) => KNOWN.has(String(d.code))));
}

/** pg-architect.json text turning every rule but RULE off (plus `extra` settings), for tests where another
 *  rule's finding under the cursor would change the answer (hover shows the rule there, not the statement). */
export function onlyRuleConfig(extra: Record<string, unknown> = {}): string {
  const rules = Object.fromEntries(ALL_RULES.filter((r) => r.meta.id !== RULE).map((r) => [r.meta.id, 'off']));
  return JSON.stringify({ rules, ...extra });
}
