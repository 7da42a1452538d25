// An editor's first answer on a large document judges only its head (LintOptions.head): every finding it gives must
// be one the whole analysis gives too (same rule, range, message), or the squiggles shown first would vanish. Rules
// see the whole document either way; this checks it on every real file longer than the head, all rules on.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../core/config/config';
import { DEFAULT_CONFIG } from '../../core/config/config';
import type { Finding } from '../../core/lint';
import { parseDocument } from '../../core/parse/document';
import { analyzeFile } from '../../core/project/analyze';
import { FINDING_KINDS } from '../../core/rules/catalog';
import { skipOrFail } from '../helpers/requirements';

const CORPUS = join(__dirname, '../../../shared/corpus');
const ALL_ON: Config = { ...DEFAULT_CONFIG, rules: Object.fromEntries(FINDING_KINDS.filter((k) => k.optIn).map((k) => [k.id, k.defaultSeverity])) };

function sqlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sqlFiles(path) : name.endsWith('.sql') ? [path] : [];
  });
}

const key = (f: Finding): string => `${f.ruleId} ${f.range.start}-${f.range.end} ${f.message}`;

describe('corpus: the head of a large file finds only what the whole file finds', function () {
  this.timeout(300_000);

  for (const head of [3_000, 16_000]) {
    it(`with a head of ${head.toLocaleString('en')} characters`, function () {
      if (!existsSync(CORPUS)) skipOrFail(this, `the shared corpus is not at ${CORPUS}`);
      let files = 0;
      let found = 0;
      const extra: string[] = [];
      for (const path of ['dumps', 'migrations', 'regress'].flatMap((d) => sqlFiles(join(CORPUS, d)))) {
        const text = readFileSync(path, 'utf8');
        if (text.length <= head) continue;
        files++;
        const document = parseDocument(text, path);
        const whole = new Set(analyzeFile(undefined, path, { text, document, config: ALL_ON }).findings.map(key));
        const first = analyzeFile(undefined, path, { text, document, config: ALL_ON, head }).findings;
        found += first.length;
        for (const f of first) if (!whole.has(key(f))) extra.push(`${path.slice(CORPUS.length + 1)}: ${key(f)}`);
      }
      assert.ok(files > 30 && found > 300, `${files} files, ${found} head findings`);
      assert.deepEqual(extra, []);
    });
  }
});
