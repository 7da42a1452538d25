// Deterministic input mutation for fuzzing: corpus statements truncated, spliced, duplicated, bit-flipped,
// deeply nested, made huge, broken as UTF-8, sprinkled with NUL bytes and unterminated quotes.
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }
  /** xorshift32: fast, deterministic, good enough to pick mutations. */
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 0x100000000;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

export type Mutation = (input: string, rnd: Random, pool: readonly string[]) => string;

export const MUTATIONS: Readonly<Record<string, Mutation>> = {
  truncate: (s, r) => s.slice(0, r.int(s.length + 1)),
  splice: (s, r, pool) => {
    const other = r.pick(pool);
    return s.slice(0, r.int(s.length + 1)) + other.slice(r.int(other.length + 1));
  },
  duplicate: (s, r) => {
    const a = r.int(s.length + 1);
    const b = a + r.int(Math.min(200, s.length - a) + 1);
    return s.slice(0, b) + s.slice(a, b).repeat(1 + r.int(20)) + s.slice(b);
  },
  flipBytes: (s, r) => {
    const bytes = Buffer.from(s, 'utf8');
    for (let k = 0; k < 1 + r.int(8) && bytes.length > 0; k++) bytes[r.int(bytes.length)] ^= 1 << r.int(8);
    return bytes.toString('utf8');
  },
  deepNesting: (s, r) => {
    const depth = 1000 + r.int(20000);
    return `select ${'('.repeat(depth)}1${')'.repeat(r.int(2) === 0 ? depth : r.int(depth))};\n${s}`;
  },
  hugeLine: (s, r) => `${s}\nselect '${'x'.repeat(10_000_000 + r.int(1000))}';\n${s}`,
  hugeStatement: (s) => `insert into t values ${Array.from({ length: 120_000 }, (_, i) => `(${i}, 'v${i}')`).join(', ')};\n${s}`,
  invalidUtf8: (s, r) => {
    const bytes = Buffer.from(s, 'utf8');
    const junk = Buffer.from([0xff, 0xfe, 0xc0, 0x80, 0xed, 0xa0, 0x80, 0xf8]);
    const at = r.int(bytes.length + 1);
    return Buffer.concat([bytes.subarray(0, at), junk.subarray(0, 1 + r.int(junk.length)), bytes.subarray(at)]).toString('utf8');
  },
  nulBytes: (s, r) => {
    const at = r.int(s.length + 1);
    return s.slice(0, at) + '\0'.repeat(1 + r.int(4)) + s.slice(at);
  },
  unterminated: (s, r) => {
    const opener = r.pick(["'", '"', '$$', '$tag$', "E'", '/*', '(', 'begin atomic ', 'do $$ begin ', "U&'", '\\']);
    const at = r.int(s.length + 1);
    return s.slice(0, at) + opener + s.slice(at);
  },
  plpgsqlNoise: (s, r) => `create function f() returns int language plpgsql as $$\nbegin\n${s.slice(0, r.int(s.length + 1))}\nend $$;`,
};

export const MUTATION_NAMES = Object.keys(MUTATIONS);
