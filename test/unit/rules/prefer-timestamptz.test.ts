// prefer-timestamptz: a timestamp column where the project stores points in time as timestamptz; a project that
// uses timestamp throughout (Rails' and Ecto's default) made that its convention and is left alone.
import { strict as assert } from 'node:assert';
import { fixed, lintWithRule } from './migration-safety-helpers';
import { analyseInProject } from './project-helpers';

const ID = 'prefer-timestamptz';

describe(ID, () => {
  it('keeps precision and array brackets, and covers ADD COLUMN, where the file uses timestamptz', () => {
    const table = 'CREATE TABLE t (a timestamp(3) without time zone[] NOT NULL, b timestamptz);';
    assert.equal(fixed(table, lintWithRule(ID, table)), 'CREATE TABLE t (a timestamptz(3)[] NOT NULL, b timestamptz);');
    const added = 'ALTER TABLE t ADD COLUMN seen_at TIMESTAMP DEFAULT now();\nALTER TABLE t ADD COLUMN done_at timestamp with time zone;';
    assert.equal(fixed(added, lintWithRule(ID, added)), 'ALTER TABLE t ADD COLUMN seen_at timestamptz DEFAULT now();\nALTER TABLE t ADD COLUMN done_at timestamp with time zone;');
    assert.deepEqual(lintWithRule(ID, 'CREATE TABLE t (a timestamptz, b timestamp with time zone, c time);'), []);
  });

  it('a file that uses timestamp throughout is its convention: not reported', () => {
    assert.deepEqual(lintWithRule(ID, 'CREATE TABLE users (id bigint PRIMARY KEY, created_at timestamp NOT NULL, updated_at timestamp NOT NULL);'), []);
  });

  it("in a project, the project's other columns decide: a timestamp column beside timestamptz ones is reported", () => {
    const rules = { [ID]: 'warning' as const };
    const mixed = {
      'db/migrations/001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, created_at timestamptz NOT NULL);\n',
      'db/migrations/002_events.sql': 'CREATE TABLE events (id bigint PRIMARY KEY, happened_at timestamp NOT NULL);\n',
    };
    assert.deepEqual(analyseInProject(mixed, 'db/migrations/002_events.sql', rules).filter((f) => f.ruleId === ID).length, 1);
    const uniform = { ...mixed, 'db/migrations/001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, created_at timestamp NOT NULL);\n' };
    assert.deepEqual(analyseInProject(uniform, 'db/migrations/002_events.sql', rules).filter((f) => f.ruleId === ID), []);
  });
});
