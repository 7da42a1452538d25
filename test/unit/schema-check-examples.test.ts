// Every schema-aware check's documentation examples are its tests, as rule examples are for rules: against the
// example's own schema, the bad example must be reported (at the documented default severity), the good one not,
// and applying the first fix of every finding must give the documented result, which the check then accepts.
import { strict as assert } from 'node:assert';
import { buildCatalog } from '../../core/catalog/workspace-catalog';
import { applyEdits } from '../../core/fixes';
import { lintText } from '../../core/lint';
import { parseDocument } from '../../core/parse/document';
import { SEVERITIES } from '../../core/rules/types';
import { SCHEMA_CHECK_DOCS } from '../../core/semantics/check-docs';
import { SCHEMA_CHECK_IDS } from '../../core/semantics/check-ids';
import { schemaFindings } from '../../core/semantics/diagnostics';
import { SchemaLookup } from '../../core/semantics/lookup';

describe('schema check examples', () => {
  it('documents every schema check this module reports from a workspace schema', () => {
    const documented = SCHEMA_CHECK_DOCS.map((c) => c.id);
    assert.equal(new Set(documented).size, documented.length);
    for (const id of documented) assert.ok(SCHEMA_CHECK_IDS.includes(id), `${id} is not a schema check id`);
  });

  for (const check of SCHEMA_CHECK_DOCS) {
    describe(check.id, () => {
      const findings = (sql: string) => {
        const { catalog, problems } = buildCatalog([{ path: 'file:///ws/V1__schema.sql', text: check.docs.exampleSchema }]);
        assert.deepEqual(problems.map((p) => p.message), [], 'the example schema applies cleanly');
        return schemaFindings(parseDocument(sql, 'file:///ws/query.sql'), new SchemaLookup([catalog])).filter((f) => f.ruleId === check.id);
      };

      it('has complete documentation', () => {
        assert.ok(SEVERITIES.includes(check.defaultSeverity));
        for (const key of ['summary', 'why', 'instead', 'bad', 'good', 'exampleSchema'] as const) assert.ok(check.docs[key].trim().length > 0, `docs.${key} is empty`);
        for (const sql of [check.docs.bad, check.docs.good, check.docs.exampleSchema]) {
          assert.deepEqual(lintText(sql).findings.filter((f) => f.ruleId === 'syntax-error').map((f) => f.message), [], 'examples parse');
        }
      });

      it('reports the bad example', () => {
        const bad = findings(check.docs.bad);
        assert.ok(bad.length > 0, `${check.id} did not report its bad example`);
        assert.ok(bad.every((f) => f.severity === check.defaultSeverity), `default severity is not ${check.defaultSeverity}`);
      });

      it('stays silent on the good example', () => {
        assert.deepEqual(findings(check.docs.good).map((f) => f.message), []);
      });

      it(check.fixable ? 'fixes the bad example' : 'offers no fix', () => {
        const withFix = findings(check.docs.bad).filter((f) => f.fixes.length > 0);
        if (!check.fixable) {
          assert.equal(withFix.length, 0, 'fixable is false but a fix was offered');
          return;
        }
        assert.ok(withFix.length > 0, 'fixable is true but no fix was offered on the bad example');
        const fixed = applyEdits(check.docs.bad, withFix.flatMap((f) => f.fixes[0].edits)).text;
        if (check.docs.fixed !== undefined) assert.equal(fixed, check.docs.fixed);
        assert.deepEqual(findings(fixed).filter((f) => f.fixes.length > 0).map((f) => f.message), [], 'the fixed text has nothing left to fix');
      });
    });
  }
});
