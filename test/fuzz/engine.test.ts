// Fuzzing the engine: mutated corpus SQL through the whole linter (splitter, parser, PL/pgSQL, every rule).
// Each input must be answered (no crash, no rule failure) and not hang: a worker runs the linter and is
// stopped if an input takes longer than the hang limit. Inputs that fail are saved under test/fuzz/found/;
// committed ones in test/fuzz/regressions/ are replayed first, every run.
// Bounded in `npm test` (FUZZ_ITERATIONS, default 3000); `npm run fuzz` runs long with a random seed.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { statementPool } from './pool';
import { MUTATIONS, MUTATION_NAMES, Random } from './mutate';

const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 3000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
/** An input not answered within this is a hang (the engine refuses oversized statements, so none should). */
const HANG_MS = 2000;
const HEAVY = new Set(['hugeLine', 'hugeStatement', 'deepNesting']);

class LintWorker {
  private worker!: Worker;
  private nextId = 0;

  async start(): Promise<void> {
    this.worker = new Worker(join(__dirname, 'engine-worker.ts'), { execArgv: ['--require', 'tsx/cjs'] });
    await new Promise<void>((resolve, reject) => {
      this.worker.once('message', () => resolve());
      this.worker.once('error', reject);
    });
  }

  /** Lints `text`; 'hang' if no answer within `ms` (the worker is then replaced). */
  lint(text: string, ms: number): Promise<{ crash?: string; failures?: string[] } | 'hang'> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.worker.removeListener('message', onMessage);
        void this.worker.terminate().then(() => this.start()).then(() => resolve('hang'), reject);
      }, ms);
      const onMessage = (m: { id: number; crash?: string; failures?: string[] }): void => {
        if (m.id !== id) return;
        clearTimeout(timer);
        this.worker.removeListener('message', onMessage);
        resolve(m);
      };
      this.worker.on('message', onMessage);
      this.worker.postMessage({ id, text });
    });
  }

  stop(): Promise<number> {
    return this.worker.terminate();
  }
}

function save(folder: string, text: string): string {
  const dir = join(__dirname, folder);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${createHash('sha1').update(text).digest('hex').slice(0, 12)}.sql`);
  writeFileSync(file, text.length > 20_000_000 ? text.slice(0, 20_000_000) : text);
  return file;
}

describe('fuzz: the engine answers every input', function () {
  this.timeout(0);
  const worker = new LintWorker();
  before(() => worker.start());
  after(() => worker.stop());

  it('replays saved regressions', async () => {
    const dir = join(__dirname, 'regressions');
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.sql')) : [];
    for (const f of files) {
      const answer = await worker.lint(readFileSync(join(dir, f), 'utf8'), HANG_MS * 5);
      assert.notEqual(answer, 'hang', `${f} hangs`);
      if (answer !== 'hang') {
        assert.equal(answer.crash, undefined, `${f} crashes`);
        assert.deepEqual(answer.failures, [], `${f}: rule failures`);
      }
    }
  });

  it(`survives ${ITERATIONS} mutated inputs (seed ${SEED})`, async () => {
    const pool = statementPool(['regress', 'dumps', 'migrations']);
    const rnd = new Random(SEED);
    const problems: string[] = [];
    const counts: Record<string, number> = {};
    for (let i = 0; i < ITERATIONS; i++) {
      let text = rnd.pick(pool);
      if (rnd.int(5) === 0) text = Array.from({ length: 2 + rnd.int(30) }, () => rnd.pick(pool)).join('\n');
      const applied: string[] = [];
      for (let k = 0; k < 1 + rnd.int(3); k++) {
        let name = rnd.pick(MUTATION_NAMES);
        // Heavy inputs (10 MB lines, 20,000-deep nesting) are rarer so the bounded run stays short.
        if (HEAVY.has(name) && rnd.int(40) !== 0) name = 'truncate';
        text = MUTATIONS[name](text, rnd, pool);
        applied.push(name);
        counts[name] = (counts[name] ?? 0) + 1;
      }
      const answer = await worker.lint(text, HANG_MS);
      if (answer === 'hang') problems.push(`hang after ${applied.join('+')}: ${save('found', text)}`);
      else if (answer.crash) problems.push(`crash after ${applied.join('+')}: ${answer.crash.split('\n')[0]} (${save('found', text)})`);
      else if (answer.failures && answer.failures.length > 0) problems.push(`rule failure after ${applied.join('+')}: ${answer.failures.join('; ')} (${save('found', text)})`);
    }
    console.log(`      mutations applied: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    assert.deepEqual(problems, []);
  });
});
