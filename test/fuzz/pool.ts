// The statements fuzzing starts from: every segment of the corpus parts given, plus the rules' own examples
// (so a user's clone without the shared corpus still fuzzes something meaningful).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { splitSql } from '../../core/parse/split';
import { ALL_RULES } from '../../core/rules/registry';

export const CORPUS = join(__dirname, '../../../shared/corpus');

export function statementPool(parts: readonly string[]): string[] {
  const pool: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.sql')) {
        const text = readFileSync(p, 'utf8');
        for (const s of splitSql(text).segments) pool.push(text.slice(s.start, s.end));
      }
    }
  };
  if (existsSync(CORPUS)) for (const part of parts) walk(join(CORPUS, part));
  for (const rule of ALL_RULES) pool.push(rule.meta.docs.bad, rule.meta.docs.good);
  return pool;
}
