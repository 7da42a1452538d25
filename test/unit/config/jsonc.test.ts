import { strict as assert } from 'node:assert';
import { MAX_JSONC_DEPTH, memberPath, parseJsonc } from '../../../core/config/jsonc';
import { parseConfig } from '../../../core/config/config';

const known = new Set(['require-concurrent-index-creation']);

describe('jsonc (pg-architect.json)', () => {
  it('reads what JSON.parse reads, plus comments, trailing commas and a byte order mark', () => {
    for (const text of ['{"a":[1,-2.5e3,true,null,"x\\u00e9\\n"],"b":{}}', '[]', '"s"', '0']) {
      const r = parseJsonc(text);
      assert.ok(r.ok);
      assert.deepEqual(r.document.value, JSON.parse(text));
    }
    const r = parseJsonc('\ufeff{ /* a */ "a": [1, 2,], // b\n "b": { "c": 1, }, }');
    assert.ok(r.ok);
    assert.deepEqual(r.document.value, { a: [1, 2], b: { c: 1 } });
  });

  it('places every member: its quoted key and its value', () => {
    const text = '{\n  "rules": { "x": "error" }\n}';
    const r = parseJsonc(text);
    assert.ok(r.ok);
    const x = r.document.members.get(memberPath(['rules', 'x']))!;
    assert.equal(text.slice(x.key.start, x.key.end), '"x"');
    assert.equal(text.slice(x.value.start, x.value.end), '"error"');
  });

  it('reports where reading stopped, as a value', () => {
    const cases: [string, RegExp, number][] = [
      ['{ "a": 1 "b": 2 }', /expected "," or "}" after the value of "a"/, 9],
      ['{ a: 1 }', /expected a property name in double quotes/, 2],
      ["{ \"a\": 'x' }", /strings need double quotes/, 7],
      ['{ "a": error }', /expected a value, found "error" \(strings need double quotes\)/, 7],
      ['{ "a": 1 } x', /after the end of the value/, 11],
      ['{ "a": "b', /unterminated string/, 7],
      ['{ "a": "\\q" }', /invalid escape/, 7],
      ['{ /* x', /unterminated \/\* comment/, 2],
      ['', /empty/, 0],
      ['{ "a": [1,, 2] }', /expected a value, found ","/, 10],
    ];
    for (const [text, message, offset] of cases) {
      const r = parseJsonc(text);
      assert.ok(!r.ok, text);
      assert.match(r.message, message, text);
      assert.equal(r.offset, offset, text);
    }
  });

  it('bounds nesting instead of exhausting the stack', () => {
    assert.ok(parseJsonc('['.repeat(MAX_JSONC_DEPTH) + ']'.repeat(MAX_JSONC_DEPTH)).ok);
    for (const depth of [MAX_JSONC_DEPTH + 1, 1_000_000]) {
      const r = parseJsonc('['.repeat(depth));
      assert.ok(!r.ok);
      assert.match(r.message, /nested deeper than 64 levels/);
    }
  });

  it('keeps "__proto__" as a key, and reports keys given twice', () => {
    const r = parseJsonc('{ "__proto__": { "x": 1 }, "a": 1, "a": 2 }');
    assert.ok(r.ok);
    const value = r.document.value as Record<string, unknown>;
    assert.deepEqual(Object.keys(value), ['__proto__', 'a']);
    assert.equal(value.a, 2);
    assert.deepEqual(r.document.duplicates.map((d) => d.path), [['a']]);
  });
});

describe('pg-architect.json problems have a place', () => {
  it('a trailing comma is accepted, not a reason to drop the rules', () => {
    const { config, problems } = parseConfig('{ "rules": { "require-concurrent-index-creation": "error", }, }', known);
    assert.deepEqual(problems, []);
    assert.equal(config.rules['require-concurrent-index-creation'], 'error');
  });

  it('not JSON: fatal, placed where reading stopped, saying comments and trailing commas are fine', () => {
    const { problems } = parseConfig('{\n  "rules": {}\n  "postgresVersion": 15\n}', known);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].fatal, true);
    assert.deepEqual(problems[0].range?.start, { line: 2, character: 2 });
    assert.match(problems[0].message, /comments and trailing commas are accepted/);
  });

  it('bad values: on the key that names the setting, in file order', () => {
    const text = '{\n  "colour": 1,\n  "rules": {\n    "nope": "error",\n    "require-concurrent-index-creation": { "severity": "loud" }\n  }\n}';
    const { problems } = parseConfig(text, known);
    assert.deepEqual(
      problems.map((p) => [p.range?.start.line, p.range?.start.character, p.range?.end.character, p.fatal ?? false]),
      [
        [1, 2, 10, false],
        [3, 4, 10, false],
        [4, 43, 53, false],
      ],
    );
  });
});
