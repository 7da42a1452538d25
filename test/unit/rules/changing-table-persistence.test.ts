import { strict as assert } from 'node:assert';
import { lintWithRule } from './migration-safety-helpers';

const ID = 'changing-table-persistence';

describe(ID, () => {
  it('reports SET LOGGED and SET UNLOGGED of an existing table, naming it with its quotes and saying what to do', () => {
    const [unlogged] = lintWithRule(ID, 'ALTER TABLE app."Events" SET UNLOGGED;');
    assert.equal(
      unlogged.message,
      'SET UNLOGGED rewrites app."Events" and its indexes under ACCESS EXCLUSIVE: no reads or writes until the copy is done; afterwards a crash empties it and replicas do not have its rows. Choose persistence when creating the table, or copy into a new table and switch over.',
    );
    assert.match(lintWithRule(ID, 'ALTER TABLE events SET LOGGED;')[0].message, /the whole table goes through the WAL/);
  });

  it('is quiet for tables created earlier in the file, down migrations and other subcommands', () => {
    assert.deepEqual(lintWithRule(ID, 'CREATE UNLOGGED TABLE staging (id int);\nALTER TABLE staging SET LOGGED;'), []);
    assert.deepEqual(lintWithRule(ID, 'ALTER TABLE events SET UNLOGGED;', { fileName: 'db/2_x.down.sql' }), []);
    assert.deepEqual(lintWithRule(ID, 'ALTER TABLE events SET (fillfactor = 90);'), []);
  });
});
