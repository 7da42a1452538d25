/**
 * `--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it: the rules from their metadata (with the
 * docs as help), results with 1-based regions in UTF-16 code units, paths relative to the checkout root.
 */
import { FINDING_KINDS } from '../../core/rules/catalog';
import type { Severity } from '../../core/rules/types';
import type { FormatContext } from './report';
import { oneBased } from './report';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  /** `enabled: false` for opt-in rules: they report only where the configuration turns them on. */
  defaultConfiguration: { level: 'error' | 'warning' | 'note'; enabled?: boolean };
  properties: { tags: string[] };
}

function camel(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

/** Every finding id of the catalogue (core/rules/catalog.ts), with its docs as SARIF rule metadata. */
export function sarifRules(): SarifRule[] {
  return FINDING_KINDS.map((k) => {
    const d = k.docs;
    const summary = d?.summary ?? 'A rule failed on this file; its other findings stand (see the output for the error).';
    const markdown = d ? `${d.summary}\n\n**Why:** ${d.why}\n\n**Instead:** ${d.instead}\n\n\`\`\`sql\n-- reported\n${d.bad}\n\`\`\`\n\n\`\`\`sql\n-- not reported\n${d.good}\n\`\`\`` : summary;
    return {
      id: k.id,
      name: camel(k.id),
      shortDescription: { text: summary },
      fullDescription: { text: (d ? `${d.summary} ${d.why}` : summary).replace(/`/g, '') },
      help: { text: (d ? `${d.why}\n\nInstead: ${d.instead}` : summary).replace(/`/g, ''), markdown },
      defaultConfiguration: { level: LEVEL[k.defaultSeverity], ...(k.optIn ? { enabled: false } : {}) },
      properties: { tags: ['postgresql', k.family] },
    };
  });
}

export function formatSarif(ctx: FormatContext): string {
  const rules = sarifRules();
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = ctx.reports.flatMap((r) =>
    r.findings.map((f) => {
      const p = oneBased(f);
      return {
        ruleId: f.ruleId,
        ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: r.name.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' },
              region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn },
            },
          },
        ],
      };
    }),
  );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'pg-architect', version: ctx.toolVersion, semanticVersion: ctx.toolVersion, rules } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
