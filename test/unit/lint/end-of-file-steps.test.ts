// A rule's end-of-file conclusion may pause (a generator endOfFile): the engine passes its pauses up, so the language
// server answers other requests meanwhile, keeps its findings, and turns a throw into a rule failure like any other.
import { strict as assert } from 'node:assert';
import { lintDocumentSteps, type LintResult } from '../../../core/lint';
import { parseDocument } from '../../../core/parse/document';
import { defineRule, type Rule } from '../../../core/rules/types';
import { ALL_RULES } from '../../../core/rules/registry';

const docs = { summary: 's', why: 'w', instead: 'i', bad: 'select 1;', good: 'select 1;' };

/** A file-level rule whose conclusion takes `pauses` pauses, then reports once at the first statement (or throws). */
const concluding = (id: string, pauses: number, thenThrow = false): Rule =>
  defineRule({
    meta: { id, category: 'query', defaultSeverity: 'warning', fixable: false, docs },
    create: (context) => ({
      *endOfFile() {
        for (let i = 0; i < pauses; i++) yield;
        if (thenThrow) throw new Error('boom');
        context.report({ range: context.document.statements[0].headRange(), message: `${id} concluded` });
      },
    }),
  });

/** The lint run step by step: how many pauses it took, and its result. */
function stepped(text: string, rules: readonly Rule[]): { steps: number; result: LintResult } {
  const steps = lintDocumentSteps(parseDocument(text, 'f.sql'), { rules });
  let count = 0;
  for (;;) {
    const r = steps.next();
    if (r.done) return { steps: count, result: r.value };
    count++;
  }
}

describe('lint engine: end-of-file conclusions that pause', () => {
  it('passes each pause of a conclusion up and keeps what it reports', () => {
    const quick = stepped('select 1;', [concluding('quick', 0)]);
    const slow = stepped('select 1;', [concluding('slow', 5)]);
    assert.equal(slow.steps - quick.steps, 5);
    assert.deepEqual(slow.result.findings.map((f) => f.message), ['slow concluded']);
    assert.deepEqual(quick.result.findings.map((f) => f.message), ['quick concluded']);
  });

  it('turns a throw after a pause into a rule failure and keeps the other rules', () => {
    const { result } = stepped('select 1;', [concluding('throws', 2, true), concluding('fine', 1)]);
    assert.deepEqual(result.ruleFailures.map((f) => f.ruleId), ['throws']);
    assert.deepEqual(result.findings.map((f) => f.message), ['fine concluded']);
  });

  it('pauses within the foreign keys of a large file (foreign-key-missing-index)', () => {
    const tables = (n: number): string =>
      'CREATE TABLE parent (id bigint PRIMARY KEY);\n' + Array.from({ length: n }, (_, i) => `CREATE TABLE child_${i} (id bigint PRIMARY KEY, parent_id bigint REFERENCES parent (id));`).join('\n');
    const rule = ALL_RULES.find((r) => r.meta.id === 'foreign-key-missing-index');
    assert.ok(rule);
    // The same statements, with the keys or without them: the conclusion over 320 keys pauses about 10 times.
    const keyed = stepped(tables(320), [rule]);
    const keyless = stepped(tables(320).replace(/ REFERENCES parent \(id\)/g, ''), [rule]);
    assert.equal(keyed.result.findings.length, 320);
    assert.ok(keyed.steps - keyless.steps >= 9, `${keyed.steps - keyless.steps} more pauses`);
  });

  it('pauses within the tables of a large file (redundant-index)', () => {
    const rule = ALL_RULES.find((r) => r.meta.id === 'redundant-index');
    assert.ok(rule);
    const tables = Array.from({ length: 320 }, (_, i) => `CREATE TABLE t_${i} (a int, b int);`).join('\n');
    const indexes = Array.from({ length: 320 }, (_, i) => `CREATE INDEX ON t_${i} (a);\nCREATE INDEX ON t_${i} (a, b);`).join('\n');
    // The same statements' count either way: indexes on 320 tables, or the same lines as comments.
    const indexed = stepped(`${tables}\n${indexes}`, [rule]);
    const plain = stepped(`${tables}\n${indexes.replace(/^CREATE/gm, 'SELECT 1; --')}`, [rule]);
    assert.equal(indexed.result.findings.length, 320);
    assert.ok(indexed.steps - plain.steps >= 9, `${indexed.steps - plain.steps} more pauses`);
  });
});
