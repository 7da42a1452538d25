// rls-policy-always-true: permissive policies whose USING / WITH CHECK is always true for writes (CREATE and
// ALTER POLICY); reads are rls-select-policy-always-true's.
import { strict as assert } from 'node:assert';
import { lintWithRule, reported } from './migration-safety-helpers';

const ID = 'rls-policy-always-true';
const marked = (sql: string) => reported(sql, lintWithRule(ID, sql));

describe(ID, () => {
  it('permissive write policies; SELECT and restrictive policies are not this rule', () => {
    assert.deepEqual(marked('CREATE POLICY p ON t FOR ALL USING (true);\nCREATE POLICY q ON t FOR SELECT USING (true);\nCREATE POLICY r ON t AS RESTRICTIVE USING (true);'), ['true']);
    assert.deepEqual(marked("CREATE POLICY p ON t FOR INSERT TO authenticated WITH CHECK ('t'::boolean);"), ["'t'::boolean"]);
    assert.deepEqual(marked('CREATE POLICY p ON t FOR DELETE USING (1 = 1);'), ['1 = 1']);
    assert.deepEqual(marked('CREATE POLICY p ON t FOR UPDATE USING (owner = current_user) WITH CHECK (owner = current_user);'), []);
  });

  it('says what the policy grants, and to whom', () => {
    const [f] = lintWithRule(ID, 'CREATE POLICY p ON docs FOR UPDATE TO anon, authenticated USING (true);');
    assert.match(f.message, /Policy p on docs has USING \(true\) for UPDATE: it grants every row of docs to anon, authenticated/);
    const [g] = lintWithRule(ID, 'CREATE POLICY p ON docs USING (true);');
    assert.match(g.message, /to every role \(PUBLIC\)/);
  });

  it('ALTER POLICY ... USING (true) / WITH CHECK (true), judged by the policy the file creates when it does', () => {
    assert.deepEqual(marked('ALTER POLICY p ON t USING (true);'), ['true']);
    assert.deepEqual(marked('ALTER POLICY p ON t WITH CHECK (true);'), ['true']);
    assert.deepEqual(marked('CREATE POLICY p ON t FOR SELECT USING (owner = current_user);\nALTER POLICY p ON t USING (true);'), []);
    assert.deepEqual(marked('CREATE POLICY p ON t AS RESTRICTIVE FOR UPDATE USING (a > 0);\nALTER POLICY p ON t USING (true);'), []);
    assert.deepEqual(marked('ALTER POLICY p ON t TO app;'), []);
  });
});
