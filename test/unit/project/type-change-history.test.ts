// changing-column-type judges a type change against the column's type before the migration runs, from the
// project's earlier migrations: the same type again is no change (ory/kratos re-declares `seen_at timestamp`), a
// widened varchar is a relabel, and a real conversion is still a rewrite. Without the history it says what it
// cannot know.
import { strict as assert } from 'node:assert';
import { DEFAULT_CONFIG } from '../../../core/config/config';
import { analyzeFile } from '../../../core/project/analyze';
import { Project } from '../../../core/project/project';
import { initParser } from '../../../core/parse/parser';

const CREATE = 'CREATE TABLE "selfservice_errors" ("id" uuid NOT NULL PRIMARY KEY, "seen_at" timestamp NOT NULL, name varchar(10));\n';

function typeChanges(files: Record<string, string>, path: string): string[] {
  const p = new Project('/p', { config: DEFAULT_CONFIG });
  for (const [file, text] of Object.entries(files)) p.setFile(file, file, text);
  p.buildCatalog();
  return analyzeFile(p, path, { text: files[path] })
    .findings.filter((f) => f.ruleId === 'changing-column-type')
    .map((f) => f.message.slice(0, f.message.indexOf(' rewrites')) + (/unless the session TimeZone is UTC/.test(f.message) ? ' (unless UTC)' : ''));
}

describe('changing-column-type against the project\'s history', () => {
  before(() => initParser());

  it('the type it already has is no change, and a wider varchar is a relabel', () => {
    const migration = 'ALTER TABLE "selfservice_errors" ALTER COLUMN "seen_at" TYPE timestamp, ALTER COLUMN "seen_at" DROP NOT NULL;\nALTER TABLE selfservice_errors ALTER COLUMN name TYPE varchar(20);\n';
    assert.deepEqual(typeChanges({ 'migrations/001_errors.sql': CREATE, 'migrations/002_seen_at.sql': migration }, 'migrations/002_seen_at.sql'), []);
  });

  it('a real conversion is a rewrite, timestamp -> timestamptz one unless UTC, judged from the type before', () => {
    const migration = 'ALTER TABLE "selfservice_errors" ALTER COLUMN "seen_at" TYPE timestamptz;\nALTER TABLE selfservice_errors ALTER COLUMN id TYPE text;\nALTER TABLE selfservice_errors ALTER COLUMN name TYPE varchar(20);\nALTER TABLE selfservice_errors ALTER COLUMN name TYPE varchar(5);\n';
    assert.deepEqual(typeChanges({ 'migrations/001_errors.sql': CREATE, 'migrations/002_types.sql': migration }, 'migrations/002_types.sql'), [
      'Changing selfservice_errors.seen_at to timestamptz (unless UTC)',
      'Changing selfservice_errors.id to text',
      'Changing selfservice_errors.name to varchar(5)',
    ]);
  });

  it('without the table\'s history the type before is unknown: a rewrite is assumed, the timestamp caveat given', () => {
    const migration = 'ALTER TABLE "selfservice_errors" ALTER COLUMN "seen_at" TYPE timestamp;\n';
    assert.deepEqual(typeChanges({ 'migrations/002_seen_at.sql': migration }, 'migrations/002_seen_at.sql'), ['Changing selfservice_errors.seen_at to timestamp (unless UTC)']);
  });
});
