import { strict as assert } from 'node:assert';
import { parseDocument, type SqlDocument } from '../../../core/parse/document';
import type { SchemaLookup } from '../../../core/semantics/lookup';
import { semanticTokens, type SemanticTokenOptions } from '../../../core/semantics/semantic-tokens';
import { lookupOf, SCHEMA } from './helpers';

let lookup: SchemaLookup;
before(() => {
  lookup = lookupOf();
});

/** A token decoded to what an editor sees: zero-based line and UTF-16 character, length, kind and modifiers. */
interface Decoded {
  readonly line: number;
  readonly character: number;
  readonly length: number;
  readonly text: string;
  /** `kind` or `kind.declaration` / `kind.builtin`. */
  readonly kind: string;
}

function decode(document: SqlDocument, options: SemanticTokenOptions = {}, with_ = lookup): Decoded[] {
  return semanticTokens(document, with_, options).map((t) => {
    const start = document.lines.positionAt(t.start);
    const end = document.lines.positionAt(t.end);
    assert.equal(end.line, start.line, 'a token stays on its line');
    const kind = `${t.kind}${t.declaration ? '.declaration' : ''}${t.builtin ? '.builtin' : ''}`;
    return { line: start.line, character: start.character, length: end.character - start.character, text: document.text.slice(t.start, t.end), kind };
  });
}

/** `text kind` for each token of the lines of `text` (one statement per line keeps expectations readable). */
function kindsOf(text: string, with_ = lookup): string[] {
  return decode(parseDocument(text), {}, with_).map((t) => `${t.text} ${t.kind}`);
}

describe('semantics: semantic tokens', () => {
  it('classifies tables, views, columns, functions, types, schemas and CTEs in queries', () => {
    assert.deepEqual(kindsOf('SELECT o.status, c.email, order_total(o.id), lower(c.name) FROM orders o JOIN customers c ON c.id = o.customer_id;'), [
      'status column',
      'email column',
      'order_total function',
      'id column',
      'lower function.builtin',
      'name column',
      'orders table',
      'customers table',
      'id column',
      'customer_id column',
    ]);
    assert.deepEqual(kindsOf('SELECT big_orders.total FROM big_orders;'), ['big_orders view', 'total column', 'big_orders view']);
    assert.deepEqual(kindsOf('SELECT billing.invoices.order_id FROM billing.invoices WHERE invoices.id > 0;'), [
      'billing schema',
      'invoices table',
      'order_id column',
      'billing schema',
      'invoices table',
      'invoices table',
      'id column',
    ]);
    assert.deepEqual(kindsOf("WITH recent AS (SELECT id FROM orders) SELECT recent.id, 'happy'::mood, pg_catalog.now() FROM recent;"), [
      'recent cte.declaration',
      'id column',
      'orders table',
      'recent cte',
      'id column',
      'mood enum',
      'pg_catalog schema',
      'now function.builtin',
      'recent cte',
    ]);
  });

  it('marks definitions: tables, columns, views, functions and parameters, types, schemas', () => {
    const text = [
      'CREATE SCHEMA audit;',
      "CREATE TYPE audit.level AS ENUM ('low', 'high');",
      'CREATE DOMAIN positive AS integer CHECK (VALUE > 0);',
      'CREATE TABLE audit.events (id bigint PRIMARY KEY, level audit.level, amount positive, order_id bigint REFERENCES orders (id));',
      'CREATE VIEW audit.recent AS SELECT id, level FROM audit.events;',
      'CREATE INDEX events_level ON audit.events (level) INCLUDE (amount);',
      'CREATE FUNCTION audit.note(p_id bigint, VARIADIC p_tags text[]) RETURNS void LANGUAGE sql AS $$ SELECT 1 $$;',
      'ALTER TABLE audit.events ADD CONSTRAINT events_order_fk FOREIGN KEY (order_id) REFERENCES orders (id);',
    ].join('\n');
    const own = lookupOf(SCHEMA + text);
    assert.deepEqual(kindsOf(text, own), [
      'audit schema.declaration',
      'audit schema',
      'level enum.declaration',
      'positive type.declaration',
      'audit schema',
      'events table.declaration',
      'id column.declaration',
      'level column.declaration',
      'audit schema',
      'level enum',
      'amount column.declaration',
      'positive type',
      'order_id column.declaration',
      'orders table',
      'id column',
      'audit schema',
      'recent view.declaration',
      'id column',
      'level column',
      'audit schema',
      'events table',
      'audit schema',
      'events table',
      'level column',
      'amount column',
      'audit schema',
      'note function.declaration',
      'p_id parameter.declaration',
      'p_tags parameter.declaration',
      'audit schema',
      'events table',
      'order_id column',
      'orders table',
      'id column',
    ]);
  });

  it('classifies PL/pgSQL parameters and variables, with their declarations and PostgreSQL\'s own', () => {
    const text = [
      'CREATE FUNCTION bump(p_order bigint, OUT total numeric) LANGUAGE plpgsql AS $$',
      'DECLARE',
      '  v_count int := 0;',
      'BEGIN',
      '  SELECT count(*) INTO v_count FROM orders o WHERE o.id = p_order;',
      '  IF NOT FOUND THEN RETURN; END IF;',
      '  total := v_count + 1;',
      'END $$;',
    ].join('\n');
    const tokens = decode(parseDocument(text));
    const at = (line: number, text_: string): string | undefined => tokens.find((t) => t.line === line && t.text === text_)?.kind;
    assert.equal(at(0, 'bump'), 'function.declaration');
    assert.equal(at(0, 'p_order'), 'parameter.declaration');
    assert.equal(at(0, 'total'), 'parameter.declaration');
    assert.equal(at(2, 'v_count'), 'variable.declaration');
    assert.equal(at(4, 'count'), 'function.builtin');
    assert.equal(at(4, 'v_count'), 'variable');
    assert.equal(at(4, 'orders'), 'table');
    assert.equal(at(4, 'id'), 'column');
    assert.equal(at(4, 'p_order'), 'parameter');
    assert.equal(at(4, 'o'), undefined, 'aliases are not coloured');
    assert.equal(at(5, 'FOUND'), 'variable.builtin');
    assert.equal(at(6, 'total'), 'parameter');
    assert.equal(at(6, 'v_count'), 'variable');
    // Keywords, strings, numbers and comments stay the grammar's.
    for (const word of ['DECLARE', 'BEGIN', 'SELECT', 'INTO', 'IF', 'THEN', 'END', 'int', 'numeric', 'bigint']) assert.equal(tokens.some((t) => t.text === word), false, word);
  });

  it('gives UTF-16 positions after non-ASCII text, and names quoted identifiers whole', () => {
    const text = "SELECT '😀 naïve' AS x, \"Émoji😀\".id FROM customers \"Émoji😀\";\nCREATE TABLE \"Tāble😀\" (\"Cölumn\" int);";
    const document = parseDocument(text);
    const tokens = decode(document);
    assert.deepEqual(tokens.map((t) => `${t.line}:${t.character}:${t.length} ${t.text} ${t.kind}`), [
      `0:${text.indexOf('id')}:2 id column`,
      `0:${text.indexOf('customers')}:9 customers table`,
      `1:13:9 "Tāble😀" table.declaration`,
      '1:24:8 "Cölumn" column.declaration',
    ]);
  });

  it('keeps tokens sorted, apart, inside the requested range, and skips statements over the limit', () => {
    const text = 'SELECT id FROM orders;\nSELECT email FROM customers;\nSELECT name, email FROM customers WHERE id = 1;';
    const document = parseDocument(text);
    const all = semanticTokens(document, lookup);
    for (let i = 1; i < all.length; i++) assert.ok(all[i].start >= all[i - 1].end, 'sorted and non-overlapping');
    const second = document.statements[1];
    assert.deepEqual(decode(document, { range: { start: second.start, end: second.end } }).map((t) => t.text), ['email', 'customers']);
    const limited = decode(document, { maxStatementLength: 25 }).map((t) => `${t.line} ${t.text}`);
    assert.deepEqual(limited, ['0 id', '0 orders']);
  });

  it('colours unknown names by their syntax only', () => {
    assert.deepEqual(kindsOf('SELECT x.y, f(1) FROM nowhere x;'), ['y column', 'f function', 'nowhere table']);
  });
});
