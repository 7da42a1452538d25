// Real SQL through the server: for pg_dump schemas (15k lines) and PostgreSQL regression files (deliberate
// syntax errors, UTF-8 collation tests), the published diagnostics must be core's one analysis of the file
// (analyzeFile, in a project that holds no other SQL, as the server's workspace folder here), with each offset
// range converted to the same LSP line/character. Skipped without the corpus.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_CONFIG } from '../../core/config/config';
import { LineIndex } from '../../core/parse/positions';
import { analyzeFile } from '../../core/project/analyze';
import { Project } from '../../core/project/project';
import { SEVERITIES } from '../../core/rules/types';
import { LspClient } from '../helpers/lsp-client';
import { tempWorkspace } from './workspace';

const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus');
const FILES = [
  'dumps/getlago__lago-api__structure.sql',
  'dumps/UPchieve__subway__structure.sql',
  'dumps/devrimgunduz__pagila__structure.sql',
  'regress/collate.icu.utf8.sql',
  'regress/collate.linux.utf8.sql',
  'regress/alter_table.sql',
  'regress/plpgsql.sql',
  'regress/strings.sql',
  'regress/copy2.sql',
];

describe('lsp: corpus files match core', function () {
  this.timeout(300_000);
  let client: LspClient;
  let dir: string;

  before(async function () {
    if (!existsSync(CORPUS)) this.skip();
    dir = tempWorkspace();
    client = await LspClient.start({ workspaceFolders: [dir] });
  });
  after(async () => client?.kill());

  for (const file of FILES) {
    it(file, async function () {
      const path = join(CORPUS, file);
      if (!existsSync(path)) this.skip();
      const text = readFileSync(path, 'utf8');
      const local = join(dir, basename(file));
      const uri = pathToFileURL(local).href;
      client.open(uri, text);
      const published = await client.waitForDiagnostics(uri);
      client.close(uri);

      const lines = new LineIndex(text);
      const project = new Project(dir, { config: DEFAULT_CONFIG });
      project.buildCatalog();
      const findings = analyzeFile(project, uri, { text, fileName: local }).findings;
      const expected = findings.map((f) => [
        f.ruleId,
        SEVERITIES.indexOf(f.severity) + 1, // LSP: Error 1, Warning 2, Information 3, Hint 4
        lines.positionAt(f.range.start),
        lines.positionAt(f.range.end),
      ]);
      const actual = published.map((d) => [d.code, d.severity, d.range.start, d.range.end]);
      assert.deepEqual(actual, expected);
    });
  }
});
