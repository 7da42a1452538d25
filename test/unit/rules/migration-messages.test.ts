// Every migration-safety warning names its table (with the quotes of a mixed-case name) and says what to do.
import { strict as assert } from 'node:assert';
import { lintWithRule } from './migration-safety-helpers';

/** rule id -> a statement on a mixed-case table, quoted: the message must keep `"Orders"` and end with advice. */
const CASES: Readonly<Record<string, string>> = {
  'adding-exclusion-constraint': 'ALTER TABLE "Orders" ADD CONSTRAINT "No_overlap" EXCLUDE USING gist (room WITH =);',
  'adding-field-with-default': 'ALTER TABLE "Orders" ADD COLUMN "Token" uuid DEFAULT gen_random_uuid();',
  'ban-drop-column': 'ALTER TABLE "Orders" DROP COLUMN "Legacy";',
  'ban-drop-not-null': 'ALTER TABLE "Orders" ALTER COLUMN "Email" DROP NOT NULL;',
  'ban-drop-table': 'DROP TABLE "Orders";',
  'ban-truncate': 'TRUNCATE "Orders";',
  'changing-column-type': 'ALTER TABLE "Orders" ALTER COLUMN "Id" TYPE bigint;',
  'renaming-column': 'ALTER TABLE "Orders" RENAME COLUMN "Total" TO "Amount";',
  'renaming-table': 'ALTER TABLE "Orders" RENAME TO "Purchases";',
  'disallowed-unique-constraint': 'ALTER TABLE "Orders" ADD CONSTRAINT "Code_key" UNIQUE ("Code");',
  'require-concurrent-materialized-view-refresh': 'REFRESH MATERIALIZED VIEW "Orders";',
};

/** Words that start the advice a message ends with. */
const ADVICE = /\. (Add|Build|Declare|Stop|Make|Delete|Keep|Use|Move|Choose|Prove|Rebuild|Run|Set|Validate|Change|Remove|End|Drop)\b.*\.$/;

describe('migration-safety messages', () => {
  for (const [id, sql] of Object.entries(CASES)) {
    it(`${id}: names "Orders" with its quotes and says what to do`, () => {
      const [finding] = lintWithRule(id, sql);
      assert.ok(finding, `${id} reports ${sql}`);
      assert.match(finding.message, /"Orders"/);
      assert.match(finding.message, ADVICE);
    });
  }
});
