// Analyses the shared corpus (../shared/corpus/{regress,dumps,migrations}) as projects with the engine and writes
// docs/corpus-report.md: findings per 1,000 lines per project kind, tool, file kind and rule, before and after
// (the before columns come from docs/corpus-baseline.json), with a note for counts that need explaining.
//   npm run corpus-report                                    writes the report
//   npm run corpus-report -- --baseline ../old-checkout      first records the before counts of an earlier checkout
//   npm run corpus-report -- --samples RULE [--part dumps]   prints up to 40 findings of RULE with their line, for review
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CORPUS = join(ROOT, '..', 'shared', 'corpus');
const REPORT = join(ROOT, 'docs', 'corpus-report.md');
/** The per-rule counts of an earlier version, for the before columns (written by --baseline <checkout>). */
const BASELINE = join(ROOT, 'docs', 'corpus-baseline.json');
const PARTS = ['regress', 'dumps', 'migrations'];

/** Rules whose counts look surprising at first sight, and why they are what they are (read by hand). */
const NOTES = {
  'unknown-function': "regress: tests call functions created by other test files, which the regression suite's own order (not path order) creates first.",
  'require-lock-timeout': "Broader since issue 14: locks that make writes queue (a new table referencing an existing one, ADD FOREIGN KEY, CREATE TRIGGER), quiet on statements that lock nothing existing.",
  'prefer-bigint-over-int': "Keys that count rows only, and not in schema dumps (their tables exist with their rows: widening is a rewrite to plan).",
  'require-primary-key': "Judged across the migration sequence: openFEC adds its primary keys in V0037__constraints.sql, which the per-file linter reported as missing (the review judged those wrong).",
  'prefer-robust-stmts': "Only in migrations whose statements commit on their own (the tool's transaction rolls back otherwise): 0 in regress (scripts, not migrations) and in the corpus's migration tools, which all wrap or send files whole.",
  'prefer-timestamptz': "Only where timestamptz is the project's way (most of its point-in-time columns), and not in dumps: Rails and Ecto projects use timestamp throughout by convention (the review judged those noise).",
  'prefer-text-field': "Opt-in: the first blinded review judged 139 of 140 sampled findings noise (lengths copied from a source system, framework defaults).",
  'syntax-error': "regress: PostgreSQL's tests of rejected syntax, on purpose; migrations: one broken down migration of UPchieve (never run upstream).",
  'hardcoded-password': 'regress only: the regression tests create roles with literal passwords; no project migration does.',
  'function-search-path-mutable': "Opt-in since the engine (issue 14): measured mostly noise; SECURITY DEFINER functions stay reported by security-definer-without-search-path.",
  'extension-in-public': 'info: pg_dump writes WITH SCHEMA public for every extension in public, so each dump reports its extensions once.',
  'plpgsql-select-into-without-strict': 'hint (advice): SELECT INTO from a table without STRICT, LIMIT, aggregate or FOUND check.',
  'plpgsql-unused-variable': 'regress: plpgsql.sql declares variables to test name resolution; the 6 in migrations were read by hand and are real.',
  'plpgsql-variable-shadows-column': '0 after excluding INSERT targets (not in scope of VALUES) and ORDER BY/GROUP BY output names; the rule needs the table in the same file.',
  'ban-grant-to-public': "pagila's dump is from before PostgreSQL 15 (GRANT ALL ON SCHEMA public TO PUBLIC); openFEC grants ALL on its schemas to PUBLIC.",
  'ban-alter-system': 'No ALTER SYSTEM anywhere in the corpus.',
  'redundant-index': "Read by hand: Rails-style single-column indexes next to a composite or unique index starting with the same column (dumps), openFEC's V0034 creating each (cmte_id, amt/dt, sub_id) index twice under two names, `PRIMARY KEY UNIQUE` columns (UPchieve), unique indexes duplicating a primary key (documenso).",
  'foreign-key-missing-index': "Judged across the migration sequence (an index a later migration adds counts; a partial index WHERE the key IS NOT NULL serves it). The blinded review: worth on per-user and cascade-deleted children, noise on lookup tables that are rarely deleted from.",
  'fragile-select-star': "regress: CREATE VIEW ... SELECT * throughout the tests; dumps/migrations: trigger functions archiving rows with INSERT INTO deleted_x SELECT * FROM x (travis-ci, openFEC).",
  'implicit-cross-join': 'regress only: the tests cross join on purpose (FROM a, b with no condition); none in real schemas or migrations.',
  'foreign-key-type-mismatch': 'integer columns referencing bigint keys (danbooru, openstreetmap, travis-ci, UPchieve, sanbase); wider children (bigint -> integer key) are not reported.',
  'column-named-like-type': 'timestamp timestamp / text text / boolean boolean columns (openstreetmap, lago, sanbase, openFEC); uuid uuid is not reported.',
  'array-of-ids-as-foreign-key': "info: bigint[] *_ids columns in dumps, mostly GitLab-style denormalised caches (gisia's namespace_descendants, traversal_ids).",
  'adding-required-field': "documenso's Prisma migrations adding required columns to existing tables (Prisma itself warns they fail on a non-empty table) and synmetrix's Hasura migration; read by hand.",
  'require-check-before-attach-partition': 'regress only (an error test attaching a table that does not exist, and a table created by CREATE SCHEMA ... CREATE TABLE, which the file facts do not track); no project in the corpus attaches an existing table as a partition.',
  'running-statement-while-holding-access-exclusive': "Up in migrations: the engine knows the tools' transactions (Prisma, golang-migrate, dbmate, Hasura...), so a backfill after an ALTER in the same migration holds the lock; the blinded review found Harbor's offline upgrades the noise here.",
  'leading-wildcard-like': 'Queries reading only system catalogs and literal patterns with fewer than three characters between wildcards (no trigram to search with) are not reported; the one left is a regress query on tenk1.',
  'prefer-lookup-table-over-enum': "Opt-in: advice, measured mostly noise.",
  'plpgsql-unused-parameter': "hint: openFEC's is_individual ignores memo_text (its use is commented out) and is_inferred_individual ignores contbr_id and cmte_id; regress tests of domains and polymorphic arguments.",
};

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const samplesFor = option('--samples');
const samplesIn = option('--part');
const baselineFrom = option('--baseline');
if (!existsSync(CORPUS)) {
  console.error(`corpus-report: the shared corpus is not at ${CORPUS}`);
  process.exit(1);
}
execFileSync(process.execPath, [join(ROOT, 'scripts/gen-rule-registry.mjs')], { stdio: 'ignore' });
const engine = await tsImport('./corpus-engine.ts', import.meta.url);
const started = Date.now();
const files = await engine.analyzeCorpus(CORPUS);

if (samplesFor) {
  let shown = 0;
  for (const f of files) {
    if (samplesIn && f.part !== samplesIn) continue;
    const lines = readFileSync(join(CORPUS, f.file), 'utf8').split('\n');
    for (const x of f.findings) {
      if (x.ruleId !== samplesFor || shown >= 40) continue;
      shown++;
      console.log(`${f.file}:${x.line} (${f.kind}${f.tool ? `, ${f.tool}` : ''})  ${x.message}\n    ${(lines[x.line - 1] ?? '').trim().slice(0, 160)}`);
    }
  }
  process.exit(0);
}

if (baselineFrom) {
  // The same files linted one by one by an earlier checkout (before the project engine): the "before" columns.
  const checkout = resolve(baselineFrom);
  // One import, so the parser it loads is the one its linter uses (that checkout's scripts/corpus-lint.ts).
  const old = await tsImport(join(checkout, 'scripts', 'corpus-lint.ts'), import.meta.url);
  const before = await engine.baselineCorpus(CORPUS, { lintText: old.lintText, initParser: old.initParser }, files);
  const commit = execFileSync('git', ['-C', baselineFrom, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  const compact = Object.fromEntries(before.map((f) => [f.file, countsOf(f.findings)]));
  writeFileSync(BASELINE, `${JSON.stringify({ commit, files: compact }, null, 0)}\n`);
  console.log(`corpus-report: baseline from ${commit} -> ${relative(ROOT, BASELINE)}`);
}

/** [ruleId, severity, count] triples of a file's findings. */
function countsOf(findings) {
  const m = new Map();
  for (const f of findings) m.set(`${f.ruleId}\0${f.severity}`, (m.get(`${f.ruleId}\0${f.severity}`) ?? 0) + 1);
  return [...m].map(([k, n]) => [...k.split('\0'), n]);
}

const baseline = existsSync(BASELINE) ? JSON.parse(readFileSync(BASELINE, 'utf8')) : undefined;
const afterCounts = new Map(files.map((f) => [f.file, countsOf(f.findings)]));
const beforeCounts = new Map(Object.entries(baseline?.files ?? {}));

/** Sum of counts over files matching `pick`, for findings matching `which`. */
function total(counts, pick, which = () => true) {
  let n = 0;
  for (const f of files) {
    if (!pick(f)) continue;
    for (const [rule, severity, count] of counts.get(f.file) ?? []) if (which(rule, severity)) n += count;
  }
  return n;
}
const linesOf = (pick) => files.filter(pick).reduce((n, f) => n + f.lines, 0);
const per1k = (n, lines) => (lines === 0 ? '-' : ((n * 1000) / lines).toFixed(2));
const serious = (_rule, severity) => severity === 'error' || severity === 'warning';
const pair = (pick, which) => {
  const lines = linesOf(pick);
  const after = per1k(total(afterCounts, pick, which), lines);
  return baseline ? `${per1k(total(beforeCounts, pick, which), lines)} → ${after}` : after;
};

const meta = new Map(engine.ALL_RULES.map((r) => [r.meta.id, r.meta]));
const seen = new Set([...afterCounts.values(), ...beforeCounts.values()].flatMap((c) => c.map(([rule]) => rule)));
const ids = [engine.SYNTAX_ERROR_RULE_ID, ...[...meta.keys()].sort(), ...[...seen].filter((id) => id !== engine.SYNTAX_ERROR_RULE_ID && !meta.has(id)).sort()];
const inPart = (part) => (f) => f.part === part;
const kinds = [...new Set(files.map((f) => f.kind))].sort();
const tools = [...new Set(files.filter((f) => f.part === 'migrations' && f.tool).map((f) => f.tool))].sort();
const failures = files.flatMap((f) => f.ruleFailures.map((m) => `${f.file}: ${m}`));
const arrow = baseline ? 'before → after' : 'findings';
const lines = [
  '# Corpus report',
  '',
  'Generated by `npm run corpus-report`: the shared corpus (`../shared/corpus`) read as projects by the engine, as',
  '`pg-architect lint <folder>` reads them (PostgreSQL 16, default settings): PostgreSQL\'s regression suite as one',
  'project, each schema dump on its own, each migration folder as a project with its migration tool. Figures are',
  `findings per 1,000 lines${baseline ? `, before (${baseline.commit}: each file linted on its own, no project, no schema-aware checks) → after (this version)` : ''}.`,
  '',
  '## By project kind',
  '',
  `| Corpus part | Files | Lines | All findings (${arrow}) | Errors and warnings (${arrow}) |`,
  '| --- | ---: | ---: | ---: | ---: |',
  ...PARTS.map((p) => `| ${p} | ${files.filter(inPart(p)).length} | ${linesOf(inPart(p)).toLocaleString('en-US')} | ${pair(inPart(p))} | ${pair(inPart(p), serious)} |`),
  `| all | ${files.length} | ${linesOf(() => true).toLocaleString('en-US')} | ${pair(() => true)} | ${pair(() => true, serious)} |`,
  '',
  'Migration folders by tool:',
  '',
  `| Tool | Files | Lines | All findings (${arrow}) | Errors and warnings (${arrow}) |`,
  '| --- | ---: | ---: | ---: | ---: |',
  ...tools.map((t) => {
    const pick = (f) => f.part === 'migrations' && f.tool === t;
    return `| ${t} | ${files.filter(pick).length} | ${linesOf(pick).toLocaleString('en-US')} | ${pair(pick)} | ${pair(pick, serious)} |`;
  }),
  '',
  'Files by what the engine found them to be:',
  '',
  `| File kind | Files | Lines | All findings (${arrow}) | Errors and warnings (${arrow}) |`,
  '| --- | ---: | ---: | ---: | ---: |',
  ...kinds.map((k) => {
    const pick = (f) => f.kind === k;
    return `| ${k} | ${files.filter(pick).length} | ${linesOf(pick).toLocaleString('en-US')} | ${pair(pick)} | ${pair(pick, serious)} |`;
  }),
  '',
  '## By rule',
  '',
  `Findings per 1,000 lines (${arrow}) per corpus part; a dash where a rule reported nothing either time.`,
  '',
  '| Rule | Category | Severity | regress | dumps | migrations | Note |',
  '| --- | --- | --- | ---: | ---: | ---: | --- |',
  ...ids.map((id) => {
    const m = meta.get(id);
    const cell = (p) => {
      const which = (rule) => rule === id;
      const a = total(afterCounts, inPart(p), which);
      const b = total(beforeCounts, inPart(p), which);
      if (a === 0 && b === 0) return '-';
      return pair(inPart(p), which);
    };
    const severity = m ? (m.defaultSeverity === 'off' || m.recommended === false ? `off (opt-in)` : m.defaultSeverity) : id === engine.SYNTAX_ERROR_RULE_ID ? 'error' : '';
    return `| ${m ? `[${id}](rules/${id}.md)` : id} | ${m?.category ?? 'built-in'} | ${severity} | ${PARTS.map(cell).join(' | ')} | ${NOTES[id] ?? ''} |`;
  }),
  '',
  failures.length === 0 ? 'No rule failed on any file.' : `Rule failures:\n\n${failures.map((f) => `- ${f}`).join('\n')}`,
  '',
];
writeFileSync(REPORT, lines.join('\n'));
console.log(`corpus-report: ${files.length} files in ${((Date.now() - started) / 1000).toFixed(1)} s -> ${relative(ROOT, REPORT)}`);
