/**
 * `--format json`: an array of findings with 1-based lines and columns (columns count UTF-16 code units, as
 * LSP and most editors do), and the first fix as edits in the same coordinates, with the files it creates (paths
 * relative to the finding's file's folder).
 */
import type { FormatContext } from './report';
import { oneBased } from './report';

export function formatJson(ctx: FormatContext): string {
  const out = ctx.reports.flatMap((r) =>
    r.findings.map((f) => {
      const fix = f.fixes[0];
      return {
        file: r.name,
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        ...oneBased(f),
        ...(fix
          ? {
              fix: {
                title: fix.title,
                edits: fix.edits.map((e) => ({ line: e.range.start.line + 1, column: e.range.start.character + 1, endLine: e.range.end.line + 1, endColumn: e.range.end.character + 1, newText: e.newText })),
                ...(fix.newFiles ? { newFiles: fix.newFiles.map((n) => ({ path: n.path, text: n.text })) } : {}),
              },
            }
          : {}),
      };
    }),
  );
  return JSON.stringify(out, null, 2) + '\n';
}
