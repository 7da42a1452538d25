import { strict as assert } from 'node:assert';
import { initParser, parseStatementText } from '../../../core/parse/parser';
import { bodyOf, reachOf } from '../../../core/db/sql-reach';

const reach = (sql: string) => reachOf(parseStatementText(sql).stmts.flatMap((s) => (s.stmt ? [s.stmt] : [])));

describe('what SQL reaches by name (for the side-effect check before EXPLAIN)', () => {
  before(() => initParser());

  it('finds calls with their schema, argument count, constant arguments and a constant first argument', () => {
    const { calls } = reach("SELECT s.f(1, 'a'), g(t.x), h((SELECT 1)), nextval('orders_id_seq'::regclass), k($1) FROM t");
    assert.deepEqual(
      calls.map((c) => [c.schema ?? '', c.name, c.argc, c.constantArgs, c.firstArg ?? '']),
      [
        ['s', 'f', 2, true, '1'],
        ['', 'g', 1, false, ''],
        ['', 'h', 1, false, ''],
        ['', 'nextval', 1, true, 'orders_id_seq'],
        ['', 'k', 1, true, ''],
      ],
    );
  });

  it('finds relations, operators and writes with the events they fire and the defaults they use', () => {
    const r = reach('WITH w AS (UPDATE a SET x = DEFAULT RETURNING *) INSERT INTO s.b (x) SELECT x FROM w WHERE x === 1 ON CONFLICT (x) DO UPDATE SET x = 2');
    assert.deepEqual(r.relations.map((x) => x.name).sort(), ['a', 'b', 'w']);
    assert.ok(r.operators.includes('==='));
    const insert = r.writes.find((w) => w.relation.name === 'b')!;
    assert.equal(insert.relation.schema, 's');
    assert.deepEqual(insert.events, ['insert', 'update']);
    assert.equal(insert.usesDefault('x'), false, 'a listed column gets its value');
    assert.equal(insert.usesDefault('id'), true, 'an unlisted column gets its default');
    const update = r.writes.find((w) => w.relation.name === 'a')!;
    assert.equal(update.usesDefault('x'), true, 'SET x = DEFAULT');
    assert.equal(reach('UPDATE a SET x = 1').writes[0].usesDefault('x'), false);
    assert.deepEqual(reach('DELETE FROM a').writes[0].events, ['delete']);
  });

  it('reads a PL/pgSQL body: its statements, parameter defaults and dynamic SQL', () => {
    const body = bodyOf(
      `CREATE FUNCTION public.f(n int DEFAULT pick()) RETURNS int LANGUAGE plpgsql AS $function$
       BEGIN
         PERFORM dblink_exec('x', 'y');
         IF n > 0 THEN EXECUTE format('SELECT %s', n); END IF;
         RETURN n;
       END $function$`,
      'plpgsql',
    );
    assert.equal(body.unreadable, false);
    assert.equal(body.dynamic, true);
    assert.deepEqual(reachOf(body.asts).calls.map((c) => c.name).sort(), ['dblink_exec', 'format', 'pick']);
    assert.equal(bodyOf(`CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$`, 'plpgsql').dynamic, false);
  });

  it('reads SQL bodies, quoted and SQL-standard', () => {
    const quoted = bodyOf(`CREATE FUNCTION f(pid int) RETURNS boolean LANGUAGE sql AS $function$SELECT pg_terminate_backend(pid)$function$`, 'sql');
    assert.deepEqual(reachOf(quoted.asts).calls.map((c) => c.name), ['pg_terminate_backend']);
    const atomic = bodyOf(`CREATE FUNCTION f() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT nextval('s'); END`, 'sql');
    assert.deepEqual(reachOf(atomic.asts).calls.map((c) => c.name), ['nextval']);
    assert.equal(bodyOf('CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELEC 1 $$', 'sql').unreadable, true);
  });
});
