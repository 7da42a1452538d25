// A partial history (migrations that alter tables no file creates) makes unknown-name checks fall silent in
// that schema only: the project cannot know what the missing history created, but it still knows its own.
import { strict as assert } from 'node:assert';
import { DEFAULT_CONFIG } from '../../../core/config/config';
import { analyzeFile } from '../../../core/project/analyze';
import { Project } from '../../../core/project/project';

function project(files: Record<string, string>): Project {
  const p = new Project('/p', { config: DEFAULT_CONFIG });
  for (const [path, text] of Object.entries(files)) p.setFile(path, path, text);
  p.buildCatalog();
  return p;
}

function ids(p: Project, path: string, text: string): string[] {
  return analyzeFile(p, path, { text }).findings.map((f) => f.ruleId);
}

describe('project: completeness of the schema history', () => {
  it('a complete history: unknown tables are reported', () => {
    const p = project({ 'db/001_init.sql': 'CREATE TABLE users (id bigint PRIMARY KEY);\n' });
    assert.equal(p.partialHistories().size, 0);
    assert.ok(ids(p, 'q.sql', 'SELECT * FROM userz;').includes('unknown-table'));
  });

  it('a migration altering a table no file creates: public is partial, with the evidence', () => {
    const p = project({ 'db/001_init.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY);\n', 'db/002_users.sql': 'ALTER TABLE users ADD COLUMN note text;\n' });
    const partial = p.partialHistories().get('public');
    assert.deepEqual(partial && { table: partial.table, file: partial.file }, { table: 'users', file: 'db/002_users.sql' });
    assert.ok(!ids(p, 'q.sql', 'SELECT * FROM userz;').includes('unknown-table'));
    // What the project does define is still checked.
    assert.ok(ids(p, 'q.sql', 'SELECT emial FROM orders;').includes('unknown-column'));
  });

  it("a platform's schema (Supabase's auth) is partial, the project's own schema is not", () => {
    const p = project({
      'supabase/migrations/20240101000000_profiles.sql': 'CREATE TABLE profiles (id uuid PRIMARY KEY REFERENCES auth.users (id));\n',
    });
    assert.deepEqual([...p.partialHistories().keys()], ['auth']);
    assert.ok(!ids(p, 'q.sql', 'SELECT * FROM auth.sessions;').includes('unknown-table'));
    assert.ok(ids(p, 'q.sql', 'SELECT * FROM profilez;').includes('unknown-table'));
  });
});
