// plpgsql-missing-return: paths that reach the final END of a function that must return, trigger functions
// included (PostgreSQL fails the first row: "control reached end of trigger procedure without RETURN").
import { strict as assert } from 'node:assert';
import { lintWithRule, reported } from './migration-safety-helpers';

const ID = 'plpgsql-missing-return';
const fn = (body: string, head = 'CREATE FUNCTION f(p_id bigint) RETURNS int LANGUAGE plpgsql AS $$\n'): string => `${head}${body}\n$$;`;
const missing = (body: string, head?: string): number => lintWithRule(ID, fn(body, head)).length;
const TRIGGER = 'CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\n';

describe(ID, () => {
  it('follows branches, loops, CASE and handlers', () => {
    assert.equal(missing('BEGIN\n  IF p_id > 0 THEN RETURN 1; END IF;\nEND'), 1);
    const sql = fn('BEGIN\n  IF p_id > 0 THEN RETURN 1; END IF;\nEND');
    assert.deepEqual(reported(sql, lintWithRule(ID, sql)), ['END']);
    assert.equal(missing('BEGIN\n  IF p_id > 0 THEN RETURN 1; ELSE RETURN 2; END IF;\nEND'), 0);
    assert.equal(missing('BEGIN\n  CASE p_id WHEN 1 THEN RETURN 1; WHEN 2 THEN RETURN 2; END CASE;\nEND'), 0, 'CASE without ELSE raises CASE_NOT_FOUND');
    assert.equal(missing('BEGIN\n  LOOP\n    IF p_id > 0 THEN RETURN 1; END IF;\n  END LOOP;\nEND'), 0);
    assert.equal(missing('BEGIN\n  LOOP\n    EXIT WHEN p_id > 0;\n  END LOOP;\nEND'), 1);
    assert.equal(missing('BEGIN\n  <<outer>> LOOP\n    LOOP\n      EXIT outer;\n    END LOOP;\n  END LOOP;\nEND'), 1);
    assert.equal(missing('BEGIN\n  <<outer>> LOOP\n    LOOP\n      EXIT;\n    END LOOP;\n  END LOOP;\nEND'), 0);
    assert.equal(missing("BEGIN\n  RETURN 1;\nEXCEPTION WHEN OTHERS THEN\n  RAISE NOTICE 'x';\nEND"), 1);
    assert.equal(missing('BEGIN\n  RETURN 1;\nEXCEPTION WHEN OTHERS THEN\n  RETURN 0;\nEND'), 0);
  });

  it('functions that may end without RETURN: OUT parameters, SETOF, void, procedures, DO, event triggers', () => {
    assert.equal(missing('BEGIN\n  NULL;\nEND', 'CREATE FUNCTION f(OUT a int) LANGUAGE plpgsql AS $$\n'), 0);
    assert.equal(missing('BEGIN\n  NULL;\nEND', 'CREATE FUNCTION f() RETURNS SETOF int LANGUAGE plpgsql AS $$\n'), 0);
    assert.equal(missing('BEGIN\n  NULL;\nEND', 'CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$\n'), 0);
    assert.equal(missing('BEGIN\n  NULL;\nEND', 'CREATE PROCEDURE f() LANGUAGE plpgsql AS $$\n'), 0);
    assert.equal(missing("BEGIN\n  RAISE NOTICE 'ddl';\nEND", 'CREATE FUNCTION on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$\n'), 0);
    assert.equal(lintWithRule(ID, 'DO $$ BEGIN PERFORM 1; END $$;').length, 0);
  });

  it('a trigger function that can reach END without RETURN is an error on the first row', () => {
    const findings = lintWithRule(ID, fn('BEGIN\n  NEW.updated_at := now();\nEND', TRIGGER));
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'error');
    assert.match(findings[0].message, /Trigger function touch can reach this END without RETURN.*control reached end of trigger procedure without RETURN.*RETURN NEW.*RETURN NULL/);
    assert.equal(missing("BEGIN\n  IF TG_OP = 'DELETE' THEN\n    RETURN OLD;\n  END IF;\n  NEW.updated_at := now();\nEND", TRIGGER), 1);
    assert.equal(missing('BEGIN\n  NEW.updated_at := now();\n  RETURN NEW;\nEND', TRIGGER), 0);
    // The INSERT / UPDATE / DELETE dispatch: the trigger fires only for the events it was created for.
    const dispatch = "BEGIN\n  IF tg_op = 'INSERT' THEN\n    RETURN NEW;\n  ELSIF TG_OP IN ('UPDATE') THEN\n    RETURN NEW;\n  ELSIF TG_OP = 'DELETE' THEN\n    RETURN OLD;\n  END IF;\nEND";
    assert.equal(missing(dispatch, TRIGGER), 0);
    assert.equal(missing(dispatch.replace("ELSIF TG_OP IN ('UPDATE')", 'ELSIF NEW.id > 0'), TRIGGER), 1, 'a branch testing a row can be skipped');
    assert.equal(missing(dispatch.replace('    RETURN OLD;\n', "    RAISE NOTICE 'deleted';\n"), TRIGGER), 1);
    assert.equal(missing("BEGIN\n  INSERT INTO audit SELECT now();\n  RETURN NULL;\nEXCEPTION WHEN OTHERS THEN\n  RAISE WARNING 'audit failed';\n  RETURN NULL;\nEND", TRIGGER), 0);
  });
});
