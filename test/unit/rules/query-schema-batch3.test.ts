// Edge cases of the third batch of query and schema-design rules (their documented examples run in rule-examples).
import { strict as assert } from 'node:assert';
import { lintText } from '../../../core/lint';
import { applyEdits } from '../../../core/fixes';
import { ALL_RULES } from '../../../core/rules/registry';

function findings(id: string, text: string, fileName = 'migrations/002.sql') {
  const rule = ALL_RULES.find((r) => r.meta.id === id);
  assert.ok(rule, id);
  const result = lintText(text, { rules: [rule], fileName });
  assert.deepEqual(result.ruleFailures, []);
  return result.findings.filter((f) => f.ruleId === id);
}

function count(id: string, text: string, fileName?: string): number {
  return findings(id, text, fileName).length;
}

function fixed(id: string, text: string): string {
  return applyEdits(text, findings(id, text).flatMap((f) => f.fixes[0]?.edits ?? [])).text;
}

function marked(id: string, text: string): string[] {
  return findings(id, text).map((f) => text.slice(f.range.start, f.range.end));
}

const PLPGSQL = (body: string): string => `CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n${body}\nEND $$;`;

describe('query rules, batch 3: edge cases', () => {
  it('fragile-select-star: views, matviews and INSERT ... SELECT *, not functions, CTEs, EXISTS or ad-hoc queries', () => {
    assert.equal(count('fragile-select-star', 'CREATE VIEW v AS SELECT t.*, 1 AS x FROM t;'), 1);
    assert.equal(count('fragile-select-star', 'CREATE MATERIALIZED VIEW v AS SELECT * FROM t;'), 1);
    assert.equal(count('fragile-select-star', 'CREATE VIEW v AS SELECT a FROM t WHERE EXISTS (SELECT * FROM s WHERE s.a = t.a);'), 0);
    assert.equal(count('fragile-select-star', 'INSERT INTO t SELECT * FROM f(1);'), 0);
    assert.equal(count('fragile-select-star', 'WITH p AS (SELECT 1 AS a, 2 AS b) INSERT INTO t SELECT p.* FROM p;'), 0);
    assert.equal(count('fragile-select-star', 'SELECT * FROM t;'), 0);
    assert.deepEqual(marked('fragile-select-star', PLPGSQL('  INSERT INTO archive SELECT * FROM jobs WHERE id = 1;')), ['*']);
  });

  it('non-sargable-predicate: functions and date casts on columns, not when an expression index exists', () => {
    assert.deepEqual(marked('non-sargable-predicate', "SELECT 1 FROM t WHERE date_trunc('day', t.created_at) = $1;"), ["date_trunc('day', t.created_at)"]);
    assert.deepEqual(marked('non-sargable-predicate', "SELECT 1 FROM t JOIN u ON u.id = t.u WHERE created_at::date = current_date;"), ['created_at::date']);
    assert.equal(count('non-sargable-predicate', 'SELECT 1 FROM t JOIN u ON lower(u.email) = lower(t.email);'), 0, 'both sides are columns');
    assert.equal(count('non-sargable-predicate', "SELECT 1 FROM t WHERE name::text = 'x';"), 0, 'text casts are index-friendly for varchar');
    assert.equal(count('non-sargable-predicate', 'SELECT 1 FROM users WHERE lower(email) = $1;\nCREATE INDEX ON users (lower(email));'), 0);
    assert.equal(count('non-sargable-predicate', "SELECT 1 FROM t WHERE lower(a) = 'x' OR b = 1;"), 0, 'only top-level conjuncts');
  });

  it('large-offset-pagination: constant offsets of 1000 or more', () => {
    assert.deepEqual(marked('large-offset-pagination', 'SELECT * FROM t ORDER BY id LIMIT 10 OFFSET 1000;'), ['OFFSET 1000']);
    assert.equal(count('large-offset-pagination', 'SELECT * FROM t ORDER BY id LIMIT 10 OFFSET 999;'), 0);
    assert.equal(count('large-offset-pagination', 'SELECT * FROM t ORDER BY id LIMIT 10 OFFSET $1;'), 0);
  });

  it('order-by-random: the query ORDER BY only', () => {
    assert.deepEqual(marked('order-by-random', 'SELECT * FROM t ORDER BY random() LIMIT 1;'), ['random()']);
    assert.equal(count('order-by-random', 'SELECT string_agg(a, \',\' ORDER BY random()) FROM t;'), 0);
    assert.equal(count('order-by-random', 'SELECT rank() OVER (ORDER BY random()) FROM t;'), 0);
  });

  it('count-instead-of-exists: directions, constants on either side, and no fix for count(col)', () => {
    assert.equal(fixed('count-instead-of-exists', 'SELECT 1 WHERE 0 = (SELECT count(*) FROM t WHERE a = 1);'), 'SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM t WHERE a = 1);');
    assert.equal(fixed('count-instead-of-exists', 'SELECT 1 WHERE (SELECT count(1) FROM t) >= 1;'), 'SELECT 1 WHERE EXISTS (SELECT 1 FROM t);');
    assert.equal(count('count-instead-of-exists', 'SELECT 1 WHERE (SELECT count(a) FROM t) > 0;'), 0, 'count(a) skips NULLs');
    assert.equal(count('count-instead-of-exists', 'SELECT 1 WHERE (SELECT count(*) FROM t GROUP BY a) > 0;'), 0);
    const inBody = PLPGSQL('  IF (SELECT count(*) FROM t WHERE a = 1) > 0 THEN\n    RAISE NOTICE \'x\';\n  END IF;');
    assert.equal(count('count-instead-of-exists', inBody), 1);
    assert.equal(fixed('count-instead-of-exists', inBody), inBody.replace('(SELECT count(*) FROM t WHERE a = 1) > 0', 'EXISTS (SELECT 1 FROM t WHERE a = 1)'));
  });


  it('or-across-columns: one table, no IS NULL arms', () => {
    assert.deepEqual(marked('or-across-columns', 'SELECT 1 FROM t WHERE a = 1 OR b = 2;'), ['a = 1 OR b = 2']);
    assert.equal(count('or-across-columns', 'SELECT 1 FROM t WHERE a = 1 OR a = 2;'), 0);
    assert.equal(count('or-across-columns', 'SELECT 1 FROM t LEFT JOIN u ON u.id = t.u WHERE t.a = 1 OR u.b = 2;'), 0);
    assert.equal(count('or-across-columns', 'SELECT 1 FROM t WHERE a IS NULL OR b = 2;'), 0);
  });

  it('between-timestamps: declared timestamp columns and timestamp-looking bounds', () => {
    assert.equal(count('between-timestamps', "CREATE TABLE e (at timestamptz);\nSELECT * FROM e WHERE at BETWEEN '2026-01-01' AND '2026-02-01';"), 1);
    assert.equal(count('between-timestamps', "SELECT * FROM e WHERE at BETWEEN '2026-01-01' AND '2026-02-01';"), 0, 'date-only bounds, type unknown');
    assert.equal(count('between-timestamps', "SELECT * FROM e WHERE at BETWEEN '2026-01-01'::timestamptz AND now();"), 1);
    assert.equal(count('between-timestamps', "CREATE TABLE e (at timestamptz);\nALTER TABLE e ADD CONSTRAINT c CHECK (at BETWEEN '2000-01-01' AND '2100-01-01');"), 0);
  });

  it('not-in-null: removes NULL wherever it is in the list', () => {
    assert.equal(fixed('not-in-null', 'SELECT 1 FROM t WHERE a NOT IN (NULL, 1, 2);'), 'SELECT 1 FROM t WHERE a NOT IN (1, 2);');
    assert.equal(findings('not-in-null', 'SELECT 1 FROM t WHERE a NOT IN (NULL);')[0].fixes.length, 0);
  });

  it('prefer-union-all: once per chain, not in recursive CTEs or without a discriminating constant', () => {
    assert.equal(count('prefer-union-all', 'SELECT 1, a FROM t UNION SELECT 2, a FROM u UNION SELECT 3, a FROM v;'), 1);
    assert.equal(count('prefer-union-all', 'WITH RECURSIVE r AS (SELECT 1 AS n UNION SELECT n + 1 FROM r WHERE n < 5) SELECT * FROM r;'), 0);
    assert.equal(count('prefer-union-all', "SELECT 'a', x FROM t UNION SELECT 'a', x FROM u;"), 0);
  });

  it('duplicate-update-column: SET lists and ON CONFLICT, not subscripts', () => {
    assert.equal(count('duplicate-update-column', 'UPDATE t SET (a, b) = (1, 2), a = 3;'), 1);
    assert.equal(count('duplicate-update-column', 'INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO UPDATE SET b = 1, b = 2;'), 1);
    assert.equal(count('duplicate-update-column', 'UPDATE t SET arr[1] = 1, arr[2] = 2;'), 0);
  });

  it('distinct-join-fanout: only when all selected columns come from one side', () => {
    assert.equal(count('distinct-join-fanout', 'SELECT DISTINCT u.* FROM users u JOIN orders o ON o.user_id = u.id;'), 1);
    assert.equal(count('distinct-join-fanout', 'SELECT DISTINCT u.id, o.status FROM users u JOIN orders o ON o.user_id = u.id;'), 0);
    assert.equal(count('distinct-join-fanout', 'SELECT DISTINCT ON (u.id) u.* FROM users u JOIN orders o ON o.user_id = u.id;'), 0);
    assert.equal(count('distinct-join-fanout', 'SELECT DISTINCT id FROM users u JOIN orders o ON o.user_id = u.id;'), 0);
  });

  it('cte-materialized-once: read twice, recursive or calling user functions is quiet', () => {
    assert.equal(count('cte-materialized-once', 'WITH c AS MATERIALIZED (SELECT * FROM t) SELECT * FROM c a JOIN c b ON a.id = b.id;'), 0);
    assert.equal(count('cte-materialized-once', 'WITH c AS MATERIALIZED (SELECT expensive(x) FROM t) SELECT * FROM c;'), 0);
    assert.equal(count('cte-materialized-once', 'WITH c AS NOT MATERIALIZED (SELECT * FROM t) SELECT * FROM c;'), 0);
    assert.equal(count('cte-materialized-once', 'WITH c AS MATERIALIZED (SELECT * FROM t) SELECT * FROM c;'), 1);
  });

  it('for-update-without-skip-locked: LIMIT with FOR UPDATE / NO KEY UPDATE that waits', () => {
    assert.equal(fixed('for-update-without-skip-locked', 'SELECT id FROM jobs LIMIT 1 FOR NO KEY UPDATE;'), 'SELECT id FROM jobs LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED;');
    assert.equal(count('for-update-without-skip-locked', 'SELECT id FROM jobs LIMIT 1 FOR UPDATE NOWAIT;'), 0);
    assert.equal(count('for-update-without-skip-locked', 'SELECT id FROM jobs LIMIT 1 FOR SHARE;'), 0);
    assert.equal(findings('for-update-without-skip-locked', 'SELECT id FROM jobs j LIMIT 1 FOR UPDATE OF j;')[0].fixes.length, 0);
  });
});

describe('schema-design rules, batch 3: edge cases', () => {
  it('foreign-key-missing-index: pg_dump order, composite keys, partial indexes, tables not created in the file', () => {
    const dump =
      'CREATE TABLE public.a (id bigint NOT NULL);\nCREATE TABLE public.b (id bigint NOT NULL, a_id bigint, x int);\n' +
      'ALTER TABLE ONLY public.b ADD CONSTRAINT b_a_fkey FOREIGN KEY (a_id) REFERENCES public.a(id);\n' +
      'CREATE INDEX b_x_a_idx ON public.b USING btree (x, a_id);\n';
    const found = findings('foreign-key-missing-index', dump);
    assert.equal(found.length, 1, 'an index with the column second does not count');
    assert.equal(applyEdits(dump, found[0].fixes[0].edits).text, dump.replace('REFERENCES public.a(id);', 'REFERENCES public.a(id);\nCREATE INDEX b_a_id_idx ON public.b (a_id);'));
    assert.equal(count('foreign-key-missing-index', dump + 'CREATE INDEX b_a_idx ON public.b USING btree (a_id, x);'), 0, 'added after the key');
    assert.equal(count('foreign-key-missing-index', dump + 'CREATE INDEX b_a_idx ON public.b (a_id) WHERE x > 0;'), 1, 'partial');
    assert.deepEqual(findings('foreign-key-missing-index', 'CREATE TABLE j (a bigint REFERENCES a, b bigint REFERENCES b, PRIMARY KEY (a, b));').map((f) => f.message.replace(/\).*/, ')')), ['Foreign key j (b)']);
    assert.equal(count('foreign-key-missing-index', 'CREATE TABLE j (a bigint, b bigint, PRIMARY KEY (b, a), FOREIGN KEY (a, b) REFERENCES p (x, y));'), 0, 'leading columns in any order');
    assert.equal(count('foreign-key-missing-index', 'ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES c (id);'), 0);
    assert.equal(count('foreign-key-missing-index', 'CREATE TABLE t (p bigint REFERENCES p);\nDROP TABLE t;'), 0);
  });

  it('foreign-key-type-mismatch: referenced primary key, serials, wider children', () => {
    assert.equal(count('foreign-key-type-mismatch', 'CREATE TABLE p (id bigserial PRIMARY KEY);\nCREATE TABLE c (p_id int REFERENCES p);'), 1);
    assert.equal(count('foreign-key-type-mismatch', 'CREATE TABLE p (id serial PRIMARY KEY);\nCREATE TABLE c (p_id integer REFERENCES p);'), 0);
    assert.equal(count('foreign-key-type-mismatch', 'CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (p_id bigint REFERENCES p);'), 0);
    assert.equal(count('foreign-key-type-mismatch', 'CREATE TABLE p (code varchar(3) PRIMARY KEY);\nCREATE TABLE c (code text REFERENCES p);'), 0);
    assert.equal(count('foreign-key-type-mismatch', 'CREATE TABLE p (id uuid PRIMARY KEY);\nCREATE TABLE c (p_id text);\nALTER TABLE c ADD FOREIGN KEY (p_id) REFERENCES p (id);'), 1);
  });

  it('redundant-index: duplicates next to constraints, prefixes, predicates and drops', () => {
    const found = findings('redundant-index', 'CREATE TABLE t (id bigint PRIMARY KEY, a int);\nCREATE INDEX t_id ON t (id);');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /index t_id on t has the same key as primary key/);
    assert.equal(count('redundant-index', 'CREATE TABLE t (a int, b int);\nCREATE UNIQUE INDEX t_a ON t (a);\nCREATE INDEX t_ab ON t (a, b);'), 0, 'unique prefix enforces something');
    assert.equal(count('redundant-index', 'CREATE TABLE t (a int, b int);\nCREATE INDEX t_a ON t (a) WHERE b > 0;\nCREATE INDEX t_ab ON t (a, b);'), 0);
    assert.equal(count('redundant-index', 'CREATE TABLE t (a int, b int);\nCREATE INDEX t_a ON t (a DESC);\nCREATE INDEX t_ab ON t (a, b);'), 0);
    assert.equal(count('redundant-index', 'CREATE TABLE t (a int);\nCREATE INDEX t_a ON t (a);\nDROP INDEX t_a;\nCREATE INDEX t_a2 ON t (a);'), 0);
    assert.equal(count('redundant-index', 'CREATE INDEX IF NOT EXISTS t_a ON t (a);\nCREATE INDEX IF NOT EXISTS t_a ON t (a);'), 0);
    assert.equal(count('redundant-index', 'CREATE TABLE t (a int);\nCREATE INDEX t_a ON t (a);', 'x.sql'), 0);
    assert.equal(count('redundant-index', 'CREATE TABLE t (code text PRIMARY KEY UNIQUE);'), 1);
  });

  it('self-referencing-fk-without-on-delete: written actions, other tables, pg_dump', () => {
    assert.equal(count('self-referencing-fk-without-on-delete', 'CREATE TABLE n (id int PRIMARY KEY, parent int REFERENCES n ON DELETE NO ACTION);'), 0);
    assert.equal(count('self-referencing-fk-without-on-delete', 'CREATE TABLE n (id int PRIMARY KEY, parent int);\nALTER TABLE n ADD FOREIGN KEY (parent) REFERENCES n (id) ON UPDATE CASCADE;'), 1);
    assert.equal(count('self-referencing-fk-without-on-delete', 'CREATE TABLE n (id int PRIMARY KEY, o int REFERENCES other);'), 0);
    assert.equal(count('self-referencing-fk-without-on-delete', '--\n-- PostgreSQL database dump\n--\nCREATE TABLE n (id int PRIMARY KEY, parent int REFERENCES n);'), 0);
  });

  it('column-named-like-type and array-of-ids-as-foreign-key', () => {
    assert.equal(count('column-named-like-type', 'CREATE TABLE t (date date, "text" text, uuid uuid, timestamp timestamptz);'), 3);
    assert.equal(count('column-named-like-type', 'CREATE TABLE t (date timestamptz);'), 0, 'named like another type');
    assert.equal(count('array-of-ids-as-foreign-key', 'CREATE TABLE t (tag_ids int[], ids uuid[], names text[], tag_id int);\nALTER TABLE t ADD COLUMN user_ids bigint ARRAY;'), 3);
  });
});

describe('batch 3: follow-ups', () => {
  it('distinct-join-fanout needs whole rows or their id', () => {
    assert.equal(count('distinct-join-fanout', 'SELECT DISTINCT c.country FROM customers c JOIN orders o ON o.customer_id = c.id;'), 0);
  });

  it('foreign-key-type-mismatch follows ALTER COLUMN ... TYPE', () => {
    const text = 'CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (p_id int REFERENCES p);\nALTER TABLE p ALTER COLUMN id TYPE bigint;';
    assert.equal(count('foreign-key-type-mismatch', text), 1);
    assert.equal(count('foreign-key-type-mismatch', text + '\nALTER TABLE c ALTER COLUMN p_id TYPE bigint;'), 0);
  });
});

describe('foreign-key-missing-index fix placement', () => {
  it('adds a semicolon when the statement has none', () => {
    const text = 'CREATE TABLE c (id int PRIMARY KEY, "Parent" int REFERENCES p)';
    const [f] = findings('foreign-key-missing-index', text);
    assert.equal(applyEdits(text, f.fixes[0].edits).text, text + ';\nCREATE INDEX "c_Parent_idx" ON c ("Parent");');
  });
});
