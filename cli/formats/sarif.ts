/**
 * `--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it: the rules from their metadata (with the
 * docs as help), results with 1-based regions in UTF-16 code units, paths relative to the checkout root.
 */
import { ALL_RULES } from '../../core/rules/registry';
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

const BUILT_IN: readonly SarifRule[] = [
  builtIn('syntax-error', 'PostgreSQL rejects this statement (its own parser and message).', 'error'),
  builtIn('unused-ignore', 'A pg-architect-ignore comment that suppresses nothing.', 'warning'),
];

function builtIn(id: string, text: string, level: 'error' | 'warning'): SarifRule {
  return { id, name: camel(id), shortDescription: { text }, fullDescription: { text }, help: { text, markdown: text }, defaultConfiguration: { level }, properties: { tags: ['postgresql'] } };
}

function camel(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

export function sarifRules(): SarifRule[] {
  const rules: SarifRule[] = ALL_RULES.map((r) => {
    const d = r.meta.docs;
    const markdown = `${d.summary}\n\n**Why:** ${d.why}\n\n**Instead:** ${d.instead}\n\n\`\`\`sql\n-- reported\n${d.bad}\n\`\`\`\n\n\`\`\`sql\n-- not reported\n${d.good}\n\`\`\``;
    return {
      id: r.meta.id,
      name: camel(r.meta.id),
      shortDescription: { text: d.summary },
      fullDescription: { text: `${d.summary} ${d.why}`.replace(/`/g, '') },
      help: { text: `${d.why}\n\nInstead: ${d.instead}`.replace(/`/g, ''), markdown },
      defaultConfiguration: { level: LEVEL[r.meta.defaultSeverity], ...(r.meta.optIn ? { enabled: false } : {}) },
      properties: { tags: ['postgresql', r.meta.category] },
    };
  });
  return [...BUILT_IN, ...rules];
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
