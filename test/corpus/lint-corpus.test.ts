// Every rule over every corpus file: nothing throws, no rule fails, and schema dumps and the up parts of
// migrations (SQL that real projects ran against PostgreSQL) have no syntax errors. Down parts are never run
// by most projects, and two of UPchieve's are indeed broken SQL: those are reported, not asserted.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { lintText } from '../../core/lint';
import { computeFileFacts } from '../../core/analysis/file-facts';
import { skipOrFail } from '../helpers/requirements';

const CORPUS = join(__dirname, '../../../shared/corpus');

function sqlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sqlFiles(p));
    else if (name.endsWith('.sql')) out.push(p);
  }
  return out.sort();
}

describe('corpus: the linter over real SQL', function () {
  this.timeout(300_000);
  before(function () {
    if (!existsSync(CORPUS)) skipOrFail(this, `the shared corpus is not at ${CORPUS}`);
  });

  for (const part of ['regress', 'dumps', 'migrations']) {
    it(`${part}: no crash, no rule failure${part === 'regress' ? '' : ', no syntax error'}`, () => {
      const failures: string[] = [];
      const syntax: string[] = [];
      let findings = 0;
      const files = sqlFiles(join(CORPUS, part));
      for (const file of files) {
        const name = relative(CORPUS, file);
        const result = lintText(readFileSync(file, 'utf8'), { fileName: name });
        findings += result.findings.length;
        for (const f of result.ruleFailures) failures.push(`${name}: ${f.ruleId}: ${f.message}`);
        if (part === 'regress') continue;
        const facts = computeFileFacts(result.document, name, false);
        for (const f of result.findings) {
          if (f.ruleId !== 'syntax-error') continue;
          const statement = result.document.statements.find((st) => f.range.start >= st.start && f.range.start < st.end);
          const down = statement !== undefined && facts.statements[statement.index].downMigration;
          if (down) console.log(`      (down migration, not run upstream) ${name}: ${f.message}`);
          else syntax.push(`${name}: ${f.message}`);
        }
      }
      console.log(`      ${part}: ${files.length} files, ${findings} findings`);
      assert.deepEqual(failures, []);
      assert.deepEqual(syntax, []);
      assert.ok(files.length > 10);
    });
  }
});
