// A blinded sample of findings on the real projects of the shared corpus (dumps and migration folders; the
// regression suite is PostgreSQL's own tests), for a reviewer to judge each as worth acting on, noise or wrong:
//   node scripts/noise-sample.mjs --baseline ../old-checkout [--per-side 120] [--seed 7]
//       writes docs/noise-review/sample.json: findings of this version and of the earlier checkout, shuffled, each
//       with its file, line, rule, message and the lines around it; which side a finding comes from is kept apart
//       in docs/noise-review/sides.json, so the reviewer does not see it
//   node scripts/noise-sample.mjs --summarize
//       reads docs/noise-review/verdicts.json ({ key: "worth" | "noise" | "wrong" }) and writes
//       docs/noise-review/README.md: the share of each verdict per side, overall and at error/warning severity
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CORPUS = join(ROOT, '..', 'shared', 'corpus');
const DIR = join(ROOT, 'docs', 'noise-review');
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);

/** mulberry32: the same sample for the same seed. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick(items, n, next) {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, n);
}

if (args.includes('--summarize')) {
  const sides = JSON.parse(readFileSync(join(DIR, 'sides.json'), 'utf8'));
  const sample = JSON.parse(readFileSync(join(DIR, 'sample.json'), 'utf8'));
  const verdicts = JSON.parse(readFileSync(join(DIR, 'verdicts.json'), 'utf8'));
  const rows = [];
  for (const side of ['before', 'after']) {
    for (const serious of [false, true]) {
      const items = sample.filter((s) => sides[s.key] === side && (!serious || s.severity === 'error' || s.severity === 'warning'));
      const judged = items.filter((s) => verdicts[s.key]);
      const share = (v) => (judged.length === 0 ? '-' : `${Math.round((100 * judged.filter((s) => verdicts[s.key].verdict === v).length) / judged.length)} %`);
      rows.push(`| ${side} | ${serious ? 'errors and warnings' : 'all'} | ${judged.length} | ${share('worth')} | ${share('noise')} | ${share('wrong')} |`);
    }
  }
  const meta = JSON.parse(readFileSync(join(DIR, 'meta.json'), 'utf8'));
  writeFileSync(
    join(DIR, 'README.md'),
    [
      '# Noise review',
      '',
      `A blinded sample of findings on the real projects of the shared corpus (schema dumps and migration folders), ${meta.perSide}`,
      `drawn at random from each side: **before** (${meta.baseline}: each file linted on its own) and **after** (${meta.after}: the`,
      'project engine). The reviewer saw each finding with its file, rule, message and the lines around it, shuffled,',
      'without knowing its side, and judged it: **worth** acting on, **noise** (true but not worth a developer\'s time there),',
      'or **wrong** (the finding is false). Regenerate with `node scripts/noise-sample.mjs` (see its header).',
      '',
      '| Side | Findings | Judged | Worth acting on | Noise | Wrong |',
      '| --- | --- | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
      'Verdicts with their one-line reasons: verdicts.json; the sample: sample.json; which side each key is: sides.json.',
      '',
    ].join('\n'),
  );
  console.log(rows.join('\n'));
  process.exit(0);
}

const baselineFrom = option('--baseline');
if (!baselineFrom) {
  console.error('noise-sample: give --baseline <earlier checkout> (or --summarize)');
  process.exit(2);
}
const perSide = Number(option('--per-side') ?? 120);
const seed = Number(option('--seed') ?? 7);
execFileSync(process.execPath, [join(ROOT, 'scripts/gen-rule-registry.mjs')], { stdio: 'ignore' });
const engine = await tsImport('./corpus-engine.ts', import.meta.url);
const after = (await engine.analyzeCorpus(CORPUS)).filter((f) => f.part !== 'regress');
const old = await tsImport(join(resolve(baselineFrom), 'scripts', 'corpus-lint.ts'), import.meta.url);
const before = await engine.baselineCorpus(CORPUS, { lintText: old.lintText, initParser: old.initParser }, after);
const flatten = (files) => files.flatMap((f) => f.findings.map((x) => ({ file: f.file, kind: f.kind, tool: f.tool, ...x })));
const next = random(seed);
const chosen = [...pick(flatten(before), perSide, next).map((x) => ({ ...x, side: 'before' })), ...pick(flatten(after), perSide, next).map((x) => ({ ...x, side: 'after' }))];
const shuffled = pick(chosen, chosen.length, next);
const texts = new Map();
const excerpt = (file, line) => {
  if (!texts.has(file)) texts.set(file, readFileSync(join(CORPUS, file), 'utf8').split('\n'));
  const lines = texts.get(file);
  return lines.slice(Math.max(0, line - 4), line + 3).map((l, i) => `${String(Math.max(1, line - 3) + i).padStart(5)}${Math.max(1, line - 3) + i === line ? '>' : ' '} ${l.slice(0, 200)}`).join('\n');
};
mkdirSync(DIR, { recursive: true });
const sample = shuffled.map((x, i) => ({ key: `f${String(i + 1).padStart(3, '0')}`, file: x.file, fileKind: x.kind, ...(x.tool ? { tool: x.tool } : {}), line: x.line, ruleId: x.ruleId, severity: x.severity, message: x.message, excerpt: excerpt(x.file, x.line) }));
writeFileSync(join(DIR, 'sample.json'), `${JSON.stringify(sample, null, 1)}\n`);
writeFileSync(join(DIR, 'sides.json'), `${JSON.stringify(Object.fromEntries(shuffled.map((x, i) => [sample[i].key, x.side])), null, 1)}\n`);
const commit = (dir) => execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
writeFileSync(join(DIR, 'meta.json'), `${JSON.stringify({ perSide, seed, baseline: commit(resolve(baselineFrom)), after: commit(ROOT) }, null, 1)}\n`);
console.log(`noise-sample: ${sample.length} findings (${perSide} per side) -> docs/noise-review/sample.json`);
if (existsSync(join(DIR, 'verdicts.json'))) console.log('noise-sample: an older verdicts.json is there: it judged another sample; replace it');
