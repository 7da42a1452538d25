// Lints the shared corpus (../shared/corpus/{regress,dumps,migrations}) with every rule and writes
// docs/corpus-report.md: findings per rule and corpus folder, with a note for counts that need explaining.
//   npm run corpus-report                      writes the report
//   npm run corpus-report -- --samples RULE [--part dumps]   prints up to 40 findings of RULE with their line, for review
// File names are given to the linter relative to the corpus (so `*.down.sql` and dbmate sections count).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CORPUS = join(ROOT, '..', 'shared', 'corpus');
const PARTS = ['regress', 'dumps', 'migrations'];
const REPORT = join(ROOT, 'docs', 'corpus-report.md');

/** Rules whose counts look surprising at first sight, and why they are what they are (read by hand). */
const NOTES = {
  'syntax-error': "regress: PostgreSQL's tests of rejected syntax, on purpose; migrations: one broken down migration of UPchieve (never run upstream).",
  'hardcoded-password': 'regress only: the regression tests create roles with literal passwords; no project migration does.',
  'function-search-path-mutable': 'hint: functions reading unqualified tables without SET search_path (regress creates hundreds); dumps are real schemas, so reported there too.',
  'extension-in-public': 'info: pg_dump writes WITH SCHEMA public for every extension in public, so each dump reports its extensions once.',
  'plpgsql-select-into-without-strict': 'hint (advice): SELECT INTO from a table without STRICT, LIMIT, aggregate or FOUND check.',
  'plpgsql-unused-variable': 'regress: plpgsql.sql declares variables to test name resolution; the 6 in migrations were read by hand and are real.',
  'plpgsql-variable-shadows-column': '0 after excluding INSERT targets (not in scope of VALUES) and ORDER BY/GROUP BY output names; the rule needs the table in the same file.',
  'ban-grant-to-public': "pagila's dump is from before PostgreSQL 15 (GRANT ALL ON SCHEMA public TO PUBLIC); openFEC grants ALL on its schemas to PUBLIC.",
  'ban-alter-system': 'No ALTER SYSTEM anywhere in the corpus.',
  'redundant-index': "Read by hand: Rails-style single-column indexes next to a composite or unique index starting with the same column (dumps), openFEC's V0034 creating each (cmte_id, amt/dt, sub_id) index twice under two names, `PRIMARY KEY UNIQUE` columns (UPchieve), unique indexes duplicating a primary key (documenso).",
  'foreign-key-missing-index': 'info: every foreign key of a table created in the file with no index starting with its columns, judged at end of file (dumps add indexes last). Sampled: none indexed later in the same project; many reference small lookup tables.',
  'fragile-select-star': "regress: CREATE VIEW ... SELECT * throughout the tests; dumps/migrations: trigger functions archiving rows with INSERT INTO deleted_x SELECT * FROM x (travis-ci, openFEC).",
  'implicit-cross-join': 'regress only: the tests cross join on purpose (FROM a, b with no condition); none in real schemas or migrations.',
  'foreign-key-type-mismatch': 'integer columns referencing bigint keys (danbooru, openstreetmap, travis-ci, UPchieve, sanbase); wider children (bigint -> integer key) are not reported.',
  'column-named-like-type': 'timestamp timestamp / text text / boolean boolean columns (openstreetmap, lago, sanbase, openFEC); uuid uuid is not reported.',
  'array-of-ids-as-foreign-key': "info: bigint[] *_ids columns in dumps, mostly GitLab-style denormalised caches (gisia's namespace_descendants, traversal_ids).",
  'adding-required-field': "documenso's Prisma migrations adding required columns to existing tables (Prisma itself warns they fail on a non-empty table) and synmetrix's Hasura migration; read by hand.",
  'require-check-before-attach-partition': 'regress only (an error test attaching a table that does not exist, and a table created by CREATE SCHEMA ... CREATE TABLE, which the file facts do not track); no project in the corpus attaches an existing table as a partition.',
  'running-statement-while-holding-access-exclusive':
    "Low by default: files are not assumed to run in one transaction, so only explicit BEGIN blocks count (BeeeOn's backfill UPDATE after ADD COLUMN; regress reindexing catalogs in a block). With assumeInTransaction, 44 in migrations (harbor, documenso backfills and index builds after ALTERs), read by hand.",
  'leading-wildcard-like': 'Queries reading only system catalogs and literal patterns with fewer than three characters between wildcards (no trigram to search with) are not reported; the one left is a regress query on tenk1.',
  'prefer-lookup-table-over-enum': "hint (advice): every CREATE TYPE ... AS ENUM outside pg_dump output and down migrations (documenso's Prisma enums, regress enum tests).",
  'plpgsql-unused-parameter': "hint: openFEC's is_individual ignores memo_text (its use is commented out) and is_inferred_individual ignores contbr_id and cmte_id; regress tests of domains and polymorphic arguments.",
};

function sqlFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sqlFiles(p));
    else if (name.endsWith('.sql')) out.push(p);
  }
  return out.sort();
}

const args = process.argv.slice(2);
const samplesFor = args.includes('--samples') ? args[args.indexOf('--samples') + 1] : undefined;
const samplesIn = args.includes('--part') ? args[args.indexOf('--part') + 1] : undefined;
if (!existsSync(CORPUS)) {
  console.error(`corpus-report: the shared corpus is not at ${CORPUS}`);
  process.exit(1);
}
execFileSync(process.execPath, [join(ROOT, 'scripts/gen-rule-registry.mjs')], { stdio: 'ignore' });
const { initParser, setParseCacheLimit, lintText, SYNTAX_ERROR_RULE_ID, ALL_RULES } = await tsImport('./corpus-lint.ts', import.meta.url);
await initParser();
setParseCacheLimit(0);

const counts = new Map(); // rule id -> { part -> { findings, files } }
const bump = (id, part, file) => {
  let byPart = counts.get(id);
  if (!byPart) counts.set(id, (byPart = {}));
  const c = (byPart[part] ??= { findings: 0, files: new Set() });
  c.findings++;
  c.files.add(file);
};
const fileCounts = {};
const failures = [];
let samples = 0;
const started = Date.now();
for (const part of PARTS) {
  const files = sqlFiles(join(CORPUS, part));
  fileCounts[part] = files.length;
  for (const file of files) {
    const name = relative(CORPUS, file);
    const text = readFileSync(file, 'utf8');
    const result = lintText(text, { fileName: name });
    for (const f of result.ruleFailures) failures.push(`${name}: ${f.ruleId}: ${f.message}`);
    for (const f of result.findings) {
      bump(f.ruleId, part, name);
      if (samplesFor && f.ruleId === samplesFor && (!samplesIn || samplesIn === part) && samples < 40) {
        samples++;
        const pos = result.document.lines.positionAt(f.range.start);
        const line = result.document.lines.lineText(pos.line);
        console.log(`${name}:${pos.line + 1}:${pos.character + 1}  ${f.message}\n    ${line.trim().slice(0, 160)}\n    [${text.slice(f.range.start, Math.min(f.range.end, f.range.start + 80))}]`);
      }
    }
  }
}
if (samplesFor) process.exit(0);

const meta = new Map(ALL_RULES.map((r) => [r.meta.id, r.meta]));
const ids = [SYNTAX_ERROR_RULE_ID, ...[...meta.keys()].sort(), ...[...counts.keys()].filter((id) => id !== SYNTAX_ERROR_RULE_ID && !meta.has(id)).sort()];
const cell = (id, part) => {
  const c = counts.get(id)?.[part];
  return c ? `${c.findings} (${c.files.size} files)` : '0';
};
const lines = [
  '# Corpus report',
  '',
  'Generated by `npm run corpus-report`: every rule over the shared corpus (`../shared/corpus`), with default settings',
  '(PostgreSQL 16, files not assumed to run in one transaction). Counts are findings (and files with findings) per folder:',
  `regress = PostgreSQL's regression tests (${fileCounts.regress} files), dumps = pg_dump schemas of real projects (${fileCounts.dumps}),`,
  `migrations = migration folders of real projects (${fileCounts.migrations}).`,
  '',
  '| Rule | Category | Severity | regress | dumps | migrations | Note |',
  '| --- | --- | --- | ---: | ---: | ---: | --- |',
  ...ids.map((id) => {
    const m = meta.get(id);
    return `| ${m ? `[${id}](rules/${id}.md)` : id} | ${m?.category ?? 'built-in'} | ${m?.defaultSeverity ?? (id === SYNTAX_ERROR_RULE_ID ? 'error' : '')} | ${PARTS.map((p) => cell(id, p)).join(' | ')} | ${NOTES[id] ?? ''} |`;
  }),
  '',
  failures.length === 0 ? 'No rule failed on any file.' : `Rule failures:\n\n${failures.map((f) => `- ${f}`).join('\n')}`,
  '',
];
writeFileSync(REPORT, lines.join('\n'));
console.log(`corpus-report: ${Object.values(fileCounts).reduce((a, b) => a + b, 0)} files in ${((Date.now() - started) / 1000).toFixed(1)} s -> ${relative(ROOT, REPORT)}`);
