// foreign-key-missing-index: an index serves a foreign key when it starts with the key's columns; a partial one
// whose only condition is that the key is not null serves it as well (every lookup by a key value implies it).
import { strict as assert } from 'node:assert';
import { lintWithRule } from './migration-safety-helpers';
import { analyseInProject } from './project-helpers';

const ID = 'foreign-key-missing-index';
const TABLES = 'CREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE notes (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id), created_at timestamptz);\n';

describe(ID, () => {
  it('a partial index WHERE the key IS NOT NULL serves the key; another condition does not', () => {
    assert.equal(lintWithRule(ID, TABLES).length, 1);
    assert.deepEqual(lintWithRule(ID, `${TABLES}CREATE INDEX notes_user ON notes (user_id, created_at) WHERE user_id IS NOT NULL;`), []);
    assert.equal(lintWithRule(ID, `${TABLES}CREATE INDEX notes_user ON notes (user_id) WHERE created_at > '2020-01-01';`).length, 1);
  });

  it('across migrations too: a later partial index on the key serves it', () => {
    const files = { 'db/V1__notes.sql': TABLES, 'db/V2__index.sql': 'CREATE INDEX notes_user ON notes (user_id) WHERE (user_id IS NOT NULL);\n' };
    assert.deepEqual(analyseInProject(files, 'db/V1__notes.sql').filter((f) => f.ruleId === ID), []);
  });
});
