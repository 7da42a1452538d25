/**
 * `--format github`: GitHub Actions workflow commands, so findings show as annotations on the pull request.
 * Escaping follows the runner: `%`, CR and LF in the message; also `:` and `,` in properties.
 */
import type { Severity } from '../../core/rules/types';
import type { FormatContext } from './report';
import { oneBased } from './report';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(ctx: FormatContext): string {
  const lines: string[] = [];
  for (const r of ctx.reports) {
    for (const f of r.findings) {
      const p = oneBased(f);
      const props = [`file=${escapeProperty(r.name)}`, `line=${p.line}`, `col=${p.column}`, `endLine=${p.endLine}`, `endColumn=${p.endColumn}`, `title=${escapeProperty(f.ruleId)}`];
      lines.push(`::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(f.message)}`);
    }
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}
