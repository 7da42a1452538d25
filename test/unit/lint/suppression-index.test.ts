// SuppressionIndex finds the ignore comments that cover a finding by its statement instead of trying every
// comment: checked against suppresses() over every comment, around and inside each statement of a generated
// 2,000-statement file
// with statement and file ignores, with and without rule ids, inside statements and after the last one.
import { strict as assert } from 'node:assert';
import { parseDocument } from '../../../core/parse/document';
import { findSuppressions, suppresses, SuppressionIndex } from '../../../core/rules/suppressions';
import { Random } from '../../fuzz/mutate';
import { mixedScript } from '../../helpers/large-sql';

const RULES = ['ban-update-without-where', 'foreign-key-missing-index', 'redundant-index', 'unknown-table', 'syntax-error'];

function withIgnores(statements: readonly string[], rnd: Random): string {
  const out: string[] = [];
  for (const sql of statements) {
    switch (rnd.int(12)) {
      case 0:
        out.push(`-- pg-architect-ignore ${rnd.pick(RULES)} -- a reason`);
        break;
      case 1:
        out.push(`-- pg-architect-ignore ${rnd.pick(RULES)}, ${rnd.pick(RULES)}`, '-- pg-architect-ignore');
        break;
      case 2:
        out.push(`/* pg-architect-ignore-file ${rnd.pick(RULES)} */`);
        break;
      case 3:
        // Inside the statement it suppresses.
        out.push(sql.replace(/ /, ` /* pg-architect-ignore ${rnd.pick(RULES)} */ `));
        continue;
    }
    out.push(sql);
  }
  out.push(`-- pg-architect-ignore ${RULES[0]} -- after the last statement: covers nothing`);
  return out.join('\n');
}

describe('suppression index', () => {
  it('covers what suppresses() covers around and inside each statement of a generated 2,000-statement file', () => {
    const rnd = new Random(3);
    const document = parseDocument(withIgnores(parseDocument(mixedScript(2_000)).statements.map((s) => s.text), rnd));
    const suppressions = findSuppressions(document);
    assert.ok(suppressions.length > 400 && suppressions.some((s) => s.scope === 'file') && suppressions.some((s) => !s.target));
    const index = new SuppressionIndex(suppressions);
    let covered = 0;
    for (const statement of document.statements) {
      const tokens = statement.tokens();
      for (const offset of [statement.start - 1, statement.start, rnd.pick(tokens).start, tokens[tokens.length - 1].start, statement.end]) {
        const ruleId = rnd.pick(RULES);
        const expected = suppressions.flatMap((s, i) => (suppresses(s, ruleId, offset) ? [i] : []));
        assert.deepEqual([...index.covering(ruleId, offset)].sort((a, b) => a - b), expected, `${ruleId} at ${offset}`);
        if (expected.length > 0) covered++;
      }
    }
    assert.ok(covered > 1_000, `${covered} covered`);
  });
});
