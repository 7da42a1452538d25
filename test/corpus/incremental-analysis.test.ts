// The editor's analysis reuses work across edits (the statements away from an edit split and parsed once, parses
// cached by statement text, the nodes each rule visits listed once per parse, the project's catalog rebuilt from the
// first changed migration on, per-file schema checkpoints). None of that may change a finding: after random edit sequences on real files, the incremental
// result (one project and one set of caches, edited step by step as the language server does) equals a
// from-scratch analysis of the same text (a new project, an emptied parse cache): same findings, same positions,
// same messages, same fixes.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../core/config/config';
import { DEFAULT_CONFIG } from '../../core/config/config';
import { parseDocument, type SqlDocument } from '../../core/parse/document';
import { clearParseCache } from '../../core/parse/parser';
import { analyzeFile, type FileAnalysis } from '../../core/project/analyze';
import { loadProject } from '../../core/project/load';
import { Project } from '../../core/project/project';
import { FINDING_KINDS } from '../../core/rules/catalog';
import { skipOrFail } from '../helpers/requirements';
import { seededRandom } from '../helpers/seeded-random';

const CORPUS = join(__dirname, '../../../shared/corpus');

/** Every rule on, opt-in ones included, so every cached path is exercised. */
const ALL_ON: Config = { ...DEFAULT_CONFIG, rules: Object.fromEntries(FINDING_KINDS.filter((k) => k.optIn).map((k) => [k.id, k.defaultSeverity])) };

function seedOf(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h;
}

/** What a user types: tokens that open and close strings, comments, bodies and transactions. */
const TYPED = [';', '\n', ' ', 'x', "'", '"', '$$', '--', '/*', '*/', '(', ')', ',', ' CONCURRENTLY', ' NOT NULL', 'BEGIN;\n', 'COMMIT;\n', 'CREATE INDEX i ON t (a);\n'];

/** One edit: insert what a user types, delete a span, or copy / move a whole statement elsewhere. */
function edit(text: string, next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  const kind = next();
  if (kind < 0.35) return text.slice(0, at) + TYPED[Math.floor(next() * TYPED.length)] + text.slice(at);
  if (kind < 0.65) return text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 60));
  // A statement: from one semicolon to the next.
  const start = text.indexOf(';', at);
  const end = start < 0 ? -1 : text.indexOf(';', start + 1);
  if (end < 0) return text + 'SELECT 1;\n';
  const statement = text.slice(start + 1, end + 1);
  const to = Math.floor(next() * (text.length + 1));
  if (kind < 0.85) return text.slice(0, to) + statement + text.slice(to);
  const without = text.slice(0, start + 1) + text.slice(end + 1);
  const target = Math.min(to, without.length);
  return without.slice(0, target) + statement + without.slice(target);
}

/** A finding as the user sees it: id, severity, where, what, and the edits its fixes make. */
function seen(analysis: FileAnalysis): string[] {
  assert.deepEqual(analysis.ruleFailures, [], 'no rule fails');
  return analysis.findings.map((f) => JSON.stringify([f.ruleId, f.severity, f.range.start, f.range.end, f.message, f.fixes.map((x) => [x.title, x.edits])]));
}

interface Step {
  readonly text: string;
  readonly findings: string[];
}

const STEPS = 8;

/** The edit sequence on one file, analysed incrementally as the language server does; then each step from scratch. */
function check(name: string, original: string, incremental: (text: string) => FileAnalysis, scratch: (text: string) => FileAnalysis): void {
  const next = seededRandom(seedOf(name));
  const steps: Step[] = [];
  let text = original;
  incremental(text); // the open
  for (let i = 0; i < STEPS; i++) {
    text = edit(text, next);
    steps.push({ text, findings: seen(incremental(text)) });
  }
  // From scratch only after the whole sequence, so its parses do not feed the incremental side's caches.
  for (const [i, step] of steps.entries()) {
    clearParseCache();
    assert.deepEqual(seen(scratch(step.text)), step.findings, `${name}, after edit ${i + 1}: the incremental analysis differs from a fresh one`);
  }
}

function projectCheck(folder: string, pick: (ids: string[]) => string[]): void {
  const root = join(CORPUS, 'migrations', folder);
  const { project } = loadProject(root, ALL_ON);
  project.buildCatalog();
  const ids = project.schemaOrder().slice();
  assert.ok(ids.length > 3, `${folder} has migrations`);
  for (const id of pick(ids)) {
    const original = project.text(id) ?? '';
    let last: SqlDocument | undefined;
    check(
      `${folder}/${id}`,
      original,
      (text) => {
        // As the server: the open document's text wins, the catalog is brought up to date, the file analysed.
        project.setOverride(id, text);
        if (project.catalogOutdated()) project.buildCatalog();
        // Parsed from the previous text's document: only the statements around the edit are read again.
        last = parseDocument(text, id, last);
        return analyzeFile(project, id, { text, document: last, incremental: true });
      },
      (text) => {
        const fresh = loadProject(root, ALL_ON).project;
        fresh.setOverride(id, text);
        fresh.buildCatalog();
        return analyzeFile(fresh, id, { text });
      },
    );
    // Close it: later files are checked against the history on disk again.
    project.setOverride(id, undefined);
  }
}

function loneCheck(path: string, name: string): void {
  const loose = new Project('', { config: ALL_ON });
  let last: SqlDocument | undefined;
  check(
    name,
    readFileSync(path, 'utf8'),
    (text) => analyzeFile(loose, name, { text, document: (last = parseDocument(text, name, last)), incremental: true }),
    (text) => analyzeFile(new Project('', { config: ALL_ON }), name, { text }),
  );
}

/**
 * A large document as the server checks it while it is edited: against the catalog of its text at the open (its own
 * DDL is applied again later, off the keystroke), so the schema checks' per-statement findings are reused.
 */
function staleCatalogCheck(path: string, name: string): void {
  const original = readFileSync(path, 'utf8');
  const project = new Project('', { config: ALL_ON });
  let last: SqlDocument | undefined;
  check(
    name,
    original,
    (text) => analyzeFile(project, name, { text, document: (last = parseDocument(text, name, last)), incremental: true, computeSchema: last.text === original }),
    (text) => {
      const fresh = new Project('', { config: ALL_ON });
      analyzeFile(fresh, name, { text: original });
      return analyzeFile(fresh, name, { text, computeSchema: false });
    },
  );
}

describe('corpus: incremental analysis equals a fresh one after random edits', function () {
  this.timeout(600_000);
  before(function () {
    if (!existsSync(CORPUS)) skipOrFail(this, `the shared corpus is not at ${CORPUS}`);
  });
  after(() => clearParseCache());

  it('migrations: a middle and the last migration of two projects, edited in an open editor', () => {
    for (const folder of ['goharbor__harbor', 'documenso__documenso']) projectCheck(folder, (ids) => [ids[Math.floor(ids.length / 2)], ids[ids.length - 1]]);
  });

  it('a schema dump', () => {
    loneCheck(join(CORPUS, 'dumps', 'devrimgunduz__pagila__structure.sql'), 'pagila.sql');
  });

  it('a schema dump checked against the catalog of its text at the open, as the server checks a large file', () => {
    staleCatalogCheck(join(CORPUS, 'dumps', 'devrimgunduz__pagila__structure.sql'), 'pagila.sql');
    staleCatalogCheck(join(CORPUS, 'regress', 'alter_table.sql'), 'alter_table.sql');
  });

  it('regression-suite files: DDL, PL/pgSQL, transactions', () => {
    const dir = join(CORPUS, 'regress');
    const available = new Set(readdirSync(dir));
    const chosen = ['alter_table.sql', 'plpgsql.sql', 'transactions.sql', 'create_index.sql', 'foreign_key.sql'].filter((f) => available.has(f));
    assert.ok(chosen.length >= 3, 'the regression files are there');
    for (const file of chosen) loneCheck(join(dir, file), file);
  });
});
