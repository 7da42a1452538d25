/**
 * Problems in pg-architect.json shown where they are: as diagnostics on the file itself (the Problems view
 * lists them even when the file is closed), placed on the quoted name a problem mentions when it can be found.
 * A fixed file gets its diagnostics cleared.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver/node';
import type { ConfigProblem } from '../core/config/config';
import type { LoadedConfig } from '../core/config/discover';
import { LineIndex } from '../core/parse/positions';
import { fileNotice } from './diagnostics';

export const CONFIG_PROBLEM_CODE = 'invalid-config';

export class ConfigProblemReporter {
  /** What was last published per configuration file URI, to publish only changes. */
  private published = new Map<string, string>();

  constructor(private readonly publish: (uri: string, diagnostics: Diagnostic[]) => void) {}

  report(loaded: readonly LoadedConfig[]): void {
    const current = new Map<string, Diagnostic[]>();
    for (const l of loaded) {
      if (l.path === undefined) continue;
      const uri = pathToFileURL(l.path).href;
      if (!current.has(uri)) current.set(uri, problemDiagnostics(l.path, l.problems));
    }
    for (const uri of this.published.keys()) if (!current.has(uri)) current.set(uri, []);
    for (const [uri, diagnostics] of current) {
      const key = JSON.stringify(diagnostics);
      if ((this.published.get(uri) ?? '[]') === key) continue;
      if (diagnostics.length === 0) this.published.delete(uri);
      else this.published.set(uri, key);
      this.publish(uri, diagnostics);
    }
  }
}

function problemDiagnostics(path: string, problems: readonly ConfigProblem[]): Diagnostic[] {
  if (problems.length === 0) return [];
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    // Unreadable: the problem says so; place it at the start.
  }
  const lines = new LineIndex(text);
  // A fatal problem (not JSON, not an object) means the file is ignored and the defaults apply: an error.
  return problems.map((p) => fileNotice(CONFIG_PROBLEM_CODE, p.message, p.fatal ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, p.range ?? locate(text, lines, p.message)));
}

/** The first `"name"` quoted in the message, where it appears as a JSON key or string in the file. */
function locate(text: string, lines: LineIndex, message: string): Range | undefined {
  const quoted = /"([^"]+)"/.exec(message);
  if (!quoted) return undefined;
  const at = text.indexOf(`"${quoted[1]}"`);
  if (at < 0) return undefined;
  return { start: lines.positionAt(at), end: lines.positionAt(at + quoted[1].length + 2) };
}
