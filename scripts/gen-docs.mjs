// Writes the rule documentation from the rules' meta: docs/rules/<id>.md for every rule, schema-aware check and built-in finding,
// docs/rules/README.md (the index by category), and the rule table in README.md between
// `<!-- rules:start -->` and `<!-- rules:end -->`. Pages of rules that no longer exist are deleted.
// Part of `npm run docs`; test/unit/docs-sync.test.ts fails when any of it is stale.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const RULE_DOCS_DIR = join(ROOT, 'docs', 'rules');
export const README_FILE = join(ROOT, 'README.md');
/** The catalogue of finding ids for tools outside this code: id, family, default severity, fixable, page, options. */
export const FINDINGS_FILE = join(ROOT, 'docs', 'findings.json');
export const findingsText = (input) => `${JSON.stringify(input.findings, null, 2)}\n`;
export const RULES_START = '<!-- rules:start -->';
export const RULES_END = '<!-- rules:end -->';

const CATEGORY_TITLES = {
  'migration-safety': 'Migration safety',
  'schema-design': 'Schema design',
  query: 'Query',
  security: 'Security',
  plpgsql: 'PL/pgSQL',
};
const BUILTIN_TITLE = 'Built-in';
const SCHEMA_TITLE = 'Schema-aware checks';
const SCHEMA_CATEGORY = 'Schema-aware';
const categoryTitle = (c) => CATEGORY_TITLES[c] ?? c;
const byId = (a, b) => a.id.localeCompare(b.id);
/** A markdown table cell: no pipes or line breaks. */
const cell = (text) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
const sqlBlock = (sql) => `\`\`\`sql\n${sql.replace(/\s+$/, '')}\n\`\`\``;
/** The Default cell: the severity, or `off (opt-in)` for a rule that runs only when the configuration names it. */
const defaultCell = (meta) => (meta.optIn ? 'off (opt-in)' : meta.defaultSeverity);

function versions(meta, config) {
  const { min, max } = meta.postgresVersions ?? {};
  if (min !== undefined && max !== undefined) return min === max ? `${min} only` : `${min} to ${max}`;
  if (min !== undefined) return `${min} and later`;
  if (max !== undefined) return `up to ${max}`;
  return `all supported (${config.versions.min}–${config.versions.max})`;
}

function examplesContext(docs) {
  const notes = [];
  if (docs.exampleFile) notes.push(`linted as \`${docs.exampleFile}\``);
  if (docs.exampleSettings) notes.push(`with \`${JSON.stringify(docs.exampleSettings)}\` in \`pg-architect.json\``);
  const schema = docs.exampleSchema ? `\nThe examples are checked against a workspace whose migrations create:\n\n${sqlBlock(docs.exampleSchema)}\n` : '';
  const database = docs.exampleDatabase
    ? `\nThe examples are checked against a connected database with this schema, and these row estimates (as ANALYZE sets them): ` +
      `${Object.entries(docs.exampleDatabase.rowEstimates).map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`).join(', ')}.\n\n${sqlBlock(docs.exampleDatabase.ddl)}\n`
    : '';
  return (notes.length ? `\nThe examples are ${notes.join(', ')}.\n` : '') + schema + database;
}

/** One rule's page. `builtin` findings have no category and may not be suppressible; `schema` checks need the workspace's schema. */
function rulePage(meta, input, builtin, schema = false) {
  const { docs } = meta;
  const category = schema ? SCHEMA_CATEGORY : builtin ? BUILTIN_TITLE : categoryTitle(meta.category);
  const lines = [
    `# ${meta.id}`,
    '',
    `| Category | Default severity | PostgreSQL versions | Quick fix |`,
    `|---|---|---|---|`,
    `| ${category} | ${meta.optIn ? `off (opt-in; ${meta.defaultSeverity} when on)` : meta.defaultSeverity} | ${versions(meta, input.config)} | ${meta.fixable ? 'yes' : 'no'} |`,
    '',
    docs.summary,
    '',
    ...(meta.optIn
      ? [
          `This rule is **opt-in**: it runs only when \`${input.config.fileName}\` sets a severity for it. On real projects most of what it`,
          'reports was measured to be noise (`npm run corpus-report`); turn it on where your team wants this advice.',
          '',
        ]
      : []),
    '## Why',
    '',
    docs.why,
    '',
    '## Instead',
    '',
    docs.instead,
    '',
    '## Examples',
    examplesContext(docs),
    'Reported:',
    '',
    sqlBlock(docs.bad),
    '',
    'Not reported:',
    '',
    sqlBlock(docs.good),
    '',
  ];
  if (docs.fixed !== undefined) lines.push('After the quick fix:', '', sqlBlock(docs.fixed), '');
  lines.push(
    '## Configuration',
    '',
    meta.optIn
      ? `In \`${input.config.fileName}\`, turn it on with a severity (\`"error"\`, \`"warning"\`, \`"info"\`, \`"hint"\`):`
      : `In \`${input.config.fileName}\`, set the severity (\`"off"\`, \`"error"\`, \`"warning"\`, \`"info"\`, \`"hint"\`):`,
    '',
    '```json',
    `{ "rules": { "${meta.id}": "${meta.optIn ? meta.defaultSeverity : meta.defaultSeverity === 'error' ? 'warning' : 'error'}" } }`,
    '```',
    '',
  );
  const options = Object.entries(input.ruleOptions?.[meta.id] ?? {});
  if (options.length) {
    lines.push('It also takes options: give an object in place of the severity.', '');
    for (const [name, o] of options) lines.push(`- \`${name}\` (default ${o.default}): ${o.description}`);
    lines.push('');
  }
  if (builtin && !builtin.suppressible) {
    lines.push('It cannot be silenced with `pg-architect-ignore` comments.', '');
  } else {
    lines.push(
      'To silence it for one statement, put a comment (with the reason) on or before the statement:',
      '',
      '```sql',
      `-- pg-architect-ignore ${meta.id} -- why this is safe here`,
      '```',
      '',
      `For a whole file: \`-- pg-architect-ignore-file ${meta.id}\`.`,
      '',
    );
  }
  lines.push('[All rules](README.md)', '');
  return lines.join('\n');
}

/** The rows of a rule table; `link` makes the link to a rule's page from where the table is. */
function ruleTable(entries, link, withCategory) {
  const head = withCategory ? ['| Rule | Category | Default | Fix | Summary |', '|---|---|---|---|---|'] : ['| Rule | Default | Fix | Summary |', '|---|---|---|---|'];
  return [
    ...head,
    ...entries.map(({ meta, category }) => {
      const cells = [`[${meta.id}](${link(meta.id)})`, ...(withCategory ? [category] : []), defaultCell(meta), meta.fixable ? 'yes' : 'no', cell(meta.docs.summary)];
      return `| ${cells.join(' | ')} |`;
    }),
  ].join('\n');
}

/** Rules grouped in category order, then the schema-aware checks, then the built-in findings. */
function sections(input) {
  const out = [];
  for (const category of input.categories) {
    const rules = input.rules.filter((r) => r.category === category).sort(byId);
    if (rules.length) out.push({ title: categoryTitle(category), entries: rules.map((meta) => ({ meta, category: categoryTitle(category) })) });
  }
  const schemaChecks = input.schemaChecks ?? [];
  if (schemaChecks.length) out.push({ title: SCHEMA_TITLE, entries: [...schemaChecks].sort(byId).map((meta) => ({ meta, category: SCHEMA_CATEGORY })) });
  out.push({ title: BUILTIN_TITLE, entries: [...input.builtins].sort(byId).map((meta) => ({ meta, category: BUILTIN_TITLE })) });
  return out;
}

/** docs/rules/* as file name -> content. */
export function ruleDocFiles(input) {
  const files = new Map();
  for (const meta of input.rules) files.set(`${meta.id}.md`, rulePage(meta, input, undefined));
  for (const b of input.builtins) files.set(`${b.id}.md`, rulePage(b, input, b));
  for (const c of input.schemaChecks ?? []) files.set(`${c.id}.md`, rulePage(c, input, undefined, true));
  const index = [
    '# Rules',
    '',
    `${input.rules.length} rules, plus the findings the linter reports itself. Configure them in \`${input.config.fileName}\`;`,
    'every page says why the rule exists, what to do instead, and how to silence it.',
    '',
  ];
  for (const s of sections(input)) {
    index.push(`## ${s.title}`, '');
    if (s.title === SCHEMA_TITLE) {
      index.push(
        'These need the workspace\'s schema: in the editor the workspace\'s SQL files are applied in migration order and every',
        'query, view and index is checked against the result. They report what PostgreSQL itself would refuse.',
        '',
      );
    }
    index.push(ruleTable(s.entries, (id) => `${id}.md`, false), '');
  }
  files.set('README.md', index.join('\n'));
  return files;
}

/** The text between the README markers. */
export function readmeRulesBlock(input) {
  const entries = sections(input).flatMap((s) => s.entries);
  return `\n${ruleTable(entries, (id) => `docs/rules/${id}.md`, true)}\n`;
}

/** `readme` with its rules block replaced; a README without the markers gets a title and the block. */
export function withRulesBlock(readme, block) {
  if (readme === undefined) return `# PostgreSQL Architect\n\n${RULES_START}${block}${RULES_END}\n`;
  const start = readme.indexOf(RULES_START);
  const end = readme.indexOf(RULES_END, start);
  if (start < 0 || end < 0) throw new Error(`README.md has no ${RULES_START} ... ${RULES_END} block`);
  return readme.slice(0, start + RULES_START.length) + block + readme.slice(end);
}

async function main() {
  const { loadDocsInput } = await import('./docs/load-input.mjs');
  const input = await loadDocsInput();
  const files = ruleDocFiles(input);
  mkdirSync(RULE_DOCS_DIR, { recursive: true });
  for (const name of readdirSync(RULE_DOCS_DIR)) if (name.endsWith('.md') && !files.has(name)) rmSync(join(RULE_DOCS_DIR, name));
  for (const [name, text] of files) writeFileSync(join(RULE_DOCS_DIR, name), text);
  const readme = existsSync(README_FILE) ? readFileSync(README_FILE, 'utf8') : undefined;
  writeFileSync(README_FILE, withRulesBlock(readme, readmeRulesBlock(input)));
  writeFileSync(FINDINGS_FILE, findingsText(input));
  console.log(`wrote ${files.size} files in docs/rules and the rule table in README.md`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) main().catch((e) => {
  console.error(e);
  process.exit(1);
});
