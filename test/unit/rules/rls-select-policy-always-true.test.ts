// rls-select-policy-always-true: a permissive SELECT policy with USING (true) grants every row to its roles.
import { strict as assert } from 'node:assert';
import { lintWithRule, reported } from './migration-safety-helpers';

const ID = 'rls-select-policy-always-true';
const marked = (sql: string) => reported(sql, lintWithRule(ID, sql));

describe(ID, () => {
  it('reports permissive SELECT policies with USING (true), saying it grants every row', () => {
    const sql = 'CREATE POLICY profiles_read ON profiles FOR SELECT TO anon USING (true);';
    const [f] = lintWithRule(ID, sql);
    assert.equal(reported(sql, [f])[0], 'true');
    assert.equal(f.severity, 'info');
    assert.match(f.message, /Policy profiles_read on profiles has USING \(true\) for SELECT: it grants every row of profiles to anon/);
    assert.match(lintWithRule(ID, 'CREATE POLICY r ON profiles FOR SELECT USING (true);')[0].message, /every role \(PUBLIC\)/);
    assert.match(lintWithRule(ID, 'CREATE POLICY "Anyone can read" ON app."Profiles" FOR SELECT USING (true);')[0].message, /^Policy "Anyone can read" on app\."Profiles" has/);
  });

  it('is quiet for real conditions, restrictive policies and write policies (rls-policy-always-true)', () => {
    assert.deepEqual(marked('CREATE POLICY r ON t FOR SELECT USING (owner = current_user);'), []);
    assert.deepEqual(marked('CREATE POLICY r ON t AS RESTRICTIVE FOR SELECT USING (true);'), []);
    assert.deepEqual(marked('CREATE POLICY r ON t FOR ALL USING (true);'), []);
    assert.deepEqual(marked('CREATE POLICY r ON t FOR SELECT USING (owner = current_user);\nALTER POLICY r ON t USING (true);'), ['true']);
  });
});
