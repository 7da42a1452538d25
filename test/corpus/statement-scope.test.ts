// A rule that says it is statement-scoped (RuleMeta.scope) has its findings kept per statement by the editor's
// engine, so it must keep nothing from one statement to the next. Checked on every real file: each such rule,
// run once over the file as usual, reports exactly what it reports when a fresh instance of it judges each
// statement (SQL embedded in a function body belongs to its statement). Reading other statements is what the
// incremental-analysis test catches (it edits, copies and moves statements).
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../core/config/config';
import { DEFAULT_CONFIG } from '../../core/config/config';
import { lintDocument, type Finding } from '../../core/lint';
import { parseDocument, type StatementView } from '../../core/parse/document';
import { ALL_RULES } from '../../core/rules/registry';
import type { Rule, RuleVisitors, VisitInfo } from '../../core/rules/types';
import { computeFileFacts, type StatementFacts } from '../../core/analysis/file-facts';
import { buildFileSchema } from '../../core/rules/helpers/file-schema';
import { skipOrFail } from '../helpers/requirements';

const CORPUS = join(__dirname, '../../../shared/corpus');
const SCOPED = ALL_RULES.filter((r) => r.meta.scope === 'statement');
const ALL_ON: Config = { ...DEFAULT_CONFIG, rules: Object.fromEntries(SCOPED.map((r) => [r.meta.id, r.meta.defaultSeverity])) };

function sqlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sqlFiles(path) : name.endsWith('.sql') ? [path] : [];
  });
}

type Visitor = (node: object, info: VisitInfo) => void;

/** `rule`, made anew for every top-level statement: whatever it kept from earlier statements is gone. */
function freshPerStatement(rule: Rule): Rule {
  return {
    meta: rule.meta,
    create(context) {
      let current: RuleVisitors = rule.create(context);
      const visitors: Record<string, Visitor | ((s: StatementView, f: StatementFacts) => void)> = {
        statement(statement: StatementView, facts: StatementFacts) {
          if (!statement.container) current = rule.create(context);
          current.statement?.(statement, facts);
        },
      };
      for (const tag of Object.keys(current)) {
        if (tag === 'statement' || tag === 'endOfFile') continue;
        visitors[tag] = (node: object, info: VisitInfo) => (current as Record<string, Visitor | undefined>)[tag]?.(node, info);
      }
      return visitors as RuleVisitors;
    },
  };
}

const key = (f: Finding): string => JSON.stringify([f.ruleId, f.range.start, f.range.end, f.message, f.fixes.map((x) => [x.title, x.edits])]);

describe('corpus: statement-scoped rules keep nothing across statements', function () {
  this.timeout(600_000);

  it('every statement-scoped rule has no endOfFile', () => {
    assert.ok(SCOPED.length > 20, `${SCOPED.length} statement-scoped rules`);
    const document = parseDocument('SELECT 1;');
    const file = computeFileFacts(document, 'query.sql', false);
    const context = { document, settings: DEFAULT_CONFIG, file, fileSchema: () => buildFileSchema(document, file), option: () => undefined, report: () => undefined };
    for (const rule of SCOPED) assert.equal(rule.create(context).endOfFile, undefined, rule.meta.id);
  });

  it('each reports the same run once over a file as made anew for each statement', function () {
    if (!existsSync(CORPUS)) skipOrFail(this, `the shared corpus is not at ${CORPUS}`);
    const isolated = SCOPED.map(freshPerStatement);
    let files = 0;
    let found = 0;
    for (const path of ['regress', 'dumps', 'migrations'].flatMap((d) => sqlFiles(join(CORPUS, d)))) {
      const document = parseDocument(readFileSync(path, 'utf8'), path);
      const once = lintDocument(document, { config: ALL_ON, fileName: path, rules: SCOPED });
      const fresh = lintDocument(document, { config: ALL_ON, fileName: path, rules: isolated });
      assert.deepEqual(once.ruleFailures, [], path);
      assert.deepEqual(fresh.findings.map(key), once.findings.map(key), `${path}: a statement-scoped rule depends on what it saw in earlier statements`);
      files++;
      found += once.findings.length;
    }
    assert.ok(files > 300 && found > 1000, `${files} files, ${found} findings`);
  });
});
