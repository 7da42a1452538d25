// The schema-aware checks over real schemas, the way the editor runs them (test/helpers/schema-corpus.ts): every
// pg_dump in the corpus against its own catalog, every migration folder as one workspace in migration order. These
// files were loaded into real PostgreSQL servers, so any finding of a check that stands for a PostgreSQL error
// (unknown table, column or function, INSERT column count, ambiguous column, type mismatch) is a false positive.
// The cross-file foreign key / index findings are counted next to the per-file rules' on the same files.
import { strict as assert } from 'node:assert';
import { AMBIGUOUS_COLUMN_ID, INSERT_COLUMN_COUNT_ID, TYPE_MISMATCH_ID, UNKNOWN_COLUMN_ID, UNKNOWN_FUNCTION_ID, UNKNOWN_TABLE_ID } from '../../core/semantics/check-ids';
import { CROSS_FILE_RULE_IDS } from '../../core/semantics/cross-file-checks';
import { skipOrFail } from '../helpers/requirements';
import { CORPUS, corpusAvailable, dumpFindings, migrationFindings, type CorpusFinding } from '../helpers/schema-corpus';

const POSTGRES_ERRORS: readonly string[] = [UNKNOWN_TABLE_ID, UNKNOWN_COLUMN_ID, INSERT_COLUMN_COUNT_ID, UNKNOWN_FUNCTION_ID, AMBIGUOUS_COLUMN_ID, TYPE_MISMATCH_ID];

const describeFinding = (f: CorpusFinding): string => `${f.file}:${f.line} ${f.ruleId} [${f.text}] ${f.message}`;

function counts(findings: readonly CorpusFinding[]): string {
  const byRule = new Map<string, number>();
  for (const f of findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  return [...byRule].sort().map(([id, n]) => `${id} ${n}`).join(', ') || 'none';
}

describe('corpus: schema-aware checks over real schemas', function () {
  this.timeout(300_000);
  before(function () {
    if (!corpusAvailable()) skipOrFail(this, `the shared corpus is not at ${CORPUS}`);
  });

  it('dumps: no finding PostgreSQL would have refused the dump for', () => {
    const findings = dumpFindings();
    console.log(`      dumps: ${counts(findings)}`);
    assert.deepEqual(findings.filter((f) => POSTGRES_ERRORS.includes(f.ruleId)).map(describeFinding), []);
  });

  it('migrations: none either, and the pair rules judged across files', () => {
    const { findings, perFile } = migrationFindings();
    console.log(`      migrations, workspace checks: ${counts(findings)}; per-file rules on the same files: ${counts(perFile)}`);
    assert.deepEqual(findings.filter((f) => POSTGRES_ERRORS.includes(f.ruleId)).map(describeFinding), []);
    // Every finding left is a pair rule's, from the workspace checks (the per-file rules were off).
    assert.deepEqual(findings.filter((f) => !CROSS_FILE_RULE_IDS.includes(f.ruleId)).map(describeFinding), []);
    const key = (f: CorpusFinding): string => `${f.file}:${f.line}:${f.ruleId}:${f.message}`;
    assert.equal(new Set(findings.map(key)).size, findings.length, 'one finding per object');
  });
});
