// The statement hover says how the statement runs, as the file's migration tool runs it: what decides how long
// its locks last.
import { strict as assert } from 'node:assert';
import { DEFAULT_CONFIG } from '../../../core/config/config';
import { statementHover } from '../../../core/hover/statement-hover';
import { analyzeFile } from '../../../core/project/analyze';
import { Project } from '../../../core/project/project';

function hoverOf(path: string, text: string, at: string): string {
  const project = new Project('/p', { config: DEFAULT_CONFIG });
  project.setFile(path, path, text);
  project.buildCatalog();
  const analysis = analyzeFile(project, path, { text });
  return statementHover(analysis.document, text.indexOf(at), DEFAULT_CONFIG, { role: analysis.role, sections: analysis.sections }) ?? '';
}

describe('hover: how a statement runs', () => {
  const alter = 'ALTER TABLE orders ADD COLUMN note text;\n';
  it("goose's transaction, and its down section", () => {
    const text = `-- +goose Up\n${alter}-- +goose Down\nALTER TABLE orders DROP COLUMN note;\n`;
    assert.match(hoverOf('db/00002_note.sql', text, 'ADD COLUMN'), /In the migration tool's transaction \(goose runs each migration in a transaction\): its locks are held until the migration commits/);
    assert.match(hoverOf('db/00002_note.sql', text, 'DROP COLUMN'), /Runs only when migrating down/);
  });
  it("golang-migrate's implicit transaction; a plain script's statement commits on its own", () => {
    assert.match(hoverOf('m/2_note.up.sql', `${alter}UPDATE orders SET note = '';\n`, 'ADD COLUMN'), /In one implicit transaction with the file's other statements \(golang-migrate sends the file as one multi-statement query\)/);
    assert.match(hoverOf('scripts/fix.sql', alter, 'ADD COLUMN'), /Commits on its own/);
  });
});
