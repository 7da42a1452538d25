// Splitting pauses every few segments (a 5 MB file took ~110 ms in one piece in the language server), and the
// pauses change nothing in what it finds.
import { strict as assert } from 'node:assert';
import { splitSql, splitSqlSteps } from '../../../core/parse/split';
import { STATEMENTS_PER_STEP } from '../../../core/runtime/steps';

describe('parse: splitting in steps', () => {
  const text = Array.from({ length: 2_000 }, (_, i) => `-- statement ${i}\nSELECT ${i} AS "a;b", 'x;y' FROM t WHERE c = $$;$$;\n\\echo done ${i}\n`).join('');

  it('pauses every few segments and finds what splitting at once does', () => {
    const steps = splitSqlSteps(text);
    let pauses = 0;
    let result;
    for (;;) {
      const r = steps.next();
      if (r.done) {
        result = r.value;
        break;
      }
      pauses++;
    }
    const once = splitSql(text);
    assert.deepEqual(result, once);
    // 2,000 statements and 2,000 psql commands.
    assert.equal(once.segments.length, 4_000);
    assert.equal(pauses, Math.floor(4_000 / (STATEMENTS_PER_STEP * 8)));
  });
});
