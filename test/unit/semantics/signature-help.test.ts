import { strict as assert } from 'node:assert';
import { builtins } from '../../../core/knowledge/builtins';
import type { SchemaLookup } from '../../../core/semantics/lookup';
import { signatureHelpAt, type SignatureHelp, type SignatureHelpOptions } from '../../../core/semantics/signature-help';
import { at, lookupOf, SCHEMA } from './helpers';

const EXTRA = `
CREATE FUNCTION billing.add_charge(amount numeric, currency text DEFAULT 'EUR') RETURNS void LANGUAGE sql AS 'SELECT';
CREATE FUNCTION billing.add_charge(amount numeric, VARIADIC tags text[]) RETURNS void LANGUAGE sql AS 'SELECT';
CREATE FUNCTION tag_order(p_order bigint, VARIADIC p_tags text[]) RETURNS void LANGUAGE sql AS 'SELECT';
COMMENT ON FUNCTION order_total(bigint) IS 'Total of an order, taxes included';
`;

let lookup: SchemaLookup;
before(() => {
  lookup = lookupOf(SCHEMA + EXTRA);
});

/** Signature help at `|`. */
function help(text: string, options: SignatureHelpOptions = {}): SignatureHelp | undefined {
  const { document, offset } = at(text);
  return signatureHelpAt(document, offset, lookup, options);
}

/** The active signature's label and the label of its active parameter ('' when none is active). */
function active(text: string): { label: string; parameter: string; count: number } {
  const h = help(text);
  assert.ok(h, `signature help at ${text}`);
  const signature = h.signatures[h.activeSignature];
  const parameter = h.activeParameter === undefined ? '' : signature.label.slice(signature.parameters[h.activeParameter].start, signature.parameters[h.activeParameter].end);
  return { label: signature.label, parameter, count: h.signatures.length };
}

describe('semantics: signature help', () => {
  it('shows every overload of a built-in, with the active parameter by position and the catalog description', () => {
    const h = help('SELECT round(total, |) FROM orders');
    assert.ok(h);
    const round = builtins().functions.get('round')!;
    assert.equal(h.signatures.length, round.signatures.length);
    const signature = h.signatures[h.activeSignature];
    assert.equal(signature.label, 'round(numeric, integer) → numeric');
    assert.equal(signature.documentation, round.signatures.find((s) => s.args === 'numeric, integer')!.description);
    assert.equal(signature.source, 'builtin');
    assert.equal(h.activeParameter, 1);
    // Parameter ranges point into the label.
    assert.deepEqual(signature.parameters.map((p) => signature.label.slice(p.start, p.end)), ['numeric', 'integer']);
    assert.equal(active('SELECT round(|) FROM orders').parameter, 'numeric');
  });

  it('counts only the call\'s own commas: nested calls, strings, dollar quotes, comments, arrays', () => {
    assert.deepEqual(active('SELECT coalesce(status, lower(st|), \'x\') FROM orders').label.startsWith('lower('), true);
    assert.equal(active('SELECT coalesce(status, lower(status), |) FROM orders').parameter, '...');
    assert.equal(active("SELECT date_trunc('day, week', |) FROM orders").parameter, 'timestamp with time zone');
    assert.equal(active("SELECT date_trunc(E'it\\'s, (x', |) FROM orders").parameter, 'timestamp with time zone');
    assert.equal(active('SELECT date_trunc($q$a, (b$q$, |) FROM orders').parameter, 'timestamp with time zone');
    assert.equal(active("SELECT date_trunc('day' /* a, (b */, |) FROM orders").parameter, 'timestamp with time zone');
    assert.equal(active("SELECT date_trunc('day' -- a, (b\n, |) FROM orders").parameter, 'timestamp with time zone');
    assert.equal(active('SELECT tag_order(1, ARRAY[1, 2, 3], |)').parameter, 'VARIADIC p_tags text[]');
    assert.equal(active('SELECT round((total + 1) * 2, |) FROM orders').parameter, 'integer');
    // In a grouping parenthesis inside an argument: still the call's argument.
    assert.equal(active('SELECT round((total + |').parameter, 'numeric');
  });

  it('works on unterminated text while typing', () => {
    assert.equal(active("SELECT date_trunc('day', |\nSELECT 1;").parameter, 'timestamp with time zone');
    assert.equal(active("SELECT to_char(now(), 'YYYY, MM|").parameter, 'text');
    assert.equal(active('SELECT round(1.5, |').parameter, 'integer');
    assert.equal(active('SELECT * FROM orders WHERE total > round(|').parameter, 'numeric');
    assert.equal(active('SELECT lower(|').label, 'lower(text) → text');
  });

  it('chooses the overload by the number of arguments, those after the cursor included', () => {
    assert.equal(active("SELECT date_trunc('day', created|) FROM t").label, 'date_trunc(text, timestamp with time zone) → timestamp with time zone');
    assert.equal(active("SELECT date_trunc(|'day', created, 'UTC') FROM t").label, 'date_trunc(text, timestamp with time zone, text) → timestamp with time zone');
    assert.equal(active("SELECT date_trunc('day', created, 'UTC'|) FROM t").parameter, 'text');
    // The overload the user picked stays while it takes the argument.
    const kept = help("SELECT date_trunc('day', |) FROM t", { preferredLabel: 'date_trunc(text, interval) → interval' });
    assert.equal(kept?.signatures[kept.activeSignature].label, 'date_trunc(text, interval) → interval');
    const moved = help("SELECT date_trunc('day', x, |) FROM t", { preferredLabel: 'date_trunc(text, interval) → interval' });
    assert.equal(moved?.signatures[moved.activeSignature].parameters.length, 3);
  });

  it('handles aggregates and variadic functions', () => {
    assert.equal(active('SELECT count(|) FROM orders').label, 'count(*) → bigint');
    assert.equal(active('SELECT count(id|) FROM orders').label, 'count("any") → bigint');
    const agg = help("SELECT string_agg(status, ', ' ORDER BY id, |) FROM orders");
    assert.ok(agg);
    assert.equal(agg.signatures[agg.activeSignature].label, 'string_agg(text, text) → text');
    assert.equal(agg.activeParameter, undefined, 'ORDER BY is not an argument');
    assert.equal(agg.call.inOrderBy, true);
    assert.equal(active("SELECT string_agg(status, '|").parameter, 'text');
    assert.equal(active('SELECT concat(a, b, c, d, |)').parameter, 'VARIADIC "any"');
    assert.deepEqual(active("SELECT format('%s %s', a, |)"), { label: 'format(text, VARIADIC "any") → text', parameter: 'VARIADIC "any"', count: 2 });
    assert.equal(active('SELECT make_interval(days => |)').parameter, 'days integer');
  });

  it('shows the workspace\'s functions: documentation, named notation, defaults, schema-qualified overloads, search_path', () => {
    const own = help('SELECT order_total(|) FROM orders');
    assert.ok(own);
    const signature = own.signatures[own.activeSignature];
    assert.equal(signature.label, 'order_total(p_order bigint) → numeric');
    assert.equal(signature.source, 'workspace');
    assert.match(signature.documentation ?? '', /^Total of an order, taxes included\n\nfunction public\.order_total\(bigint\) \(sql, volatile\)$/);
    assert.deepEqual(signature.parameters.map((p) => p.name), ['p_order']);

    const qualified = help('SELECT billing.add_charge(10, |)');
    assert.ok(qualified);
    assert.deepEqual(qualified.signatures.map((s) => s.label), [
      "billing.add_charge(amount numeric, currency text = …) → void",
      'billing.add_charge(amount numeric, VARIADIC tags text[]) → void',
    ]);
    assert.equal(active('SELECT billing.add_charge(10, |)').parameter, 'currency text = …');
    assert.equal(active("SELECT billing.add_charge(10, 'a', 'b', |)").parameter, 'VARIADIC tags text[]');
    assert.equal(active('SELECT billing.add_charge(currency => |)').parameter, 'currency text = …');
    assert.equal(active('SELECT tag_order(1, \'a\', \'b\', |)').parameter, 'VARIADIC p_tags text[]');
    // Unqualified, billing's functions are visible only once billing is on the search_path.
    assert.equal(help('SELECT add_charge(|)'), undefined);
    assert.equal(active('SET search_path = billing, public;\nSELECT add_charge(1, |)').count, 2);
  });

  it('reads calls inside PL/pgSQL bodies', () => {
    const text = "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n  PERFORM date_trunc('day', |);\nEND\n$$;";
    assert.equal(active(text).parameter, 'timestamp with time zone');
    const qualified = "DO $$ BEGIN PERFORM billing.add_charge(1, |); END $$;";
    assert.equal(active(qualified).parameter, 'currency text = …');
  });

  it('says nothing where a parenthesis holds no call\'s arguments', () => {
    for (const text of [
      'CREATE TABLE t (a numeric(10, |',
      'CREATE TABLE t (id int, |',
      'INSERT INTO orders (id, |',
      'SELECT total::numeric(10, |) FROM orders',
      'SELECT CAST(total AS numeric(10, |)) FROM orders',
      'SELECT * FROM orders WHERE id IN (1, |',
      'SELECT * FROM orders WHERE (id, status) = ANY (|',
      'SELECT round((SELECT total, |',
      'SELECT 1 -- lower(|',
      'SELECT 1 /* lower(| */',
      'SELECT now()|',
      'SELECT no_such_function(1, |',
      'CREATE FUNCTION order_total(p bigint, |',
      'SELECT round(1);|',
      "SELECT 'lower(|'",
    ]) {
      assert.equal(help(text), undefined, text);
    }
  });
});
