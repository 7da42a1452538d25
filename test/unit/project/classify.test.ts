// What a file no migration layout claims is, read from its content (core/project/classify.ts, contentRole).
import { strict as assert } from 'node:assert';
import { contentRole } from '../../../core/project/classify';
import { parseDocument } from '../../../core/parse/document';
import { initParser } from '../../../core/parse/parser';

const PROLOGUE = "SET statement_timeout = 0;\nSET lock_timeout = 0;\nSET idle_in_transaction_session_timeout = 0;\nSET client_encoding = 'UTF8';\n";
const TABLE = 'CREATE TABLE orders (id bigint PRIMARY KEY);\n';
const kind = (text: string, path = 'db/structure.sql'): string => contentRole(path, parseDocument(text)).kind;

describe('project: a file read by its content', () => {
  before(async () => {
    await initParser();
  });

  it("is a schema dump with pg_dump's header or its prologue (Rails' structure.sql keeps only the settings)", () => {
    assert.equal(kind(`--\n-- PostgreSQL database dump\n--\n\n${PROLOGUE}${TABLE}`), 'schema-dump');
    assert.equal(kind(`${PROLOGUE}${TABLE}`), 'schema-dump');
  });

  it('stays a schema dump when a space is typed at the start of a line of the prologue or the header', () => {
    assert.equal(kind(` ${PROLOGUE}${TABLE}`), 'schema-dump');
    assert.equal(kind(PROLOGUE.replace('SET lock_timeout', '\tSET lock_timeout') + TABLE), 'schema-dump');
    assert.equal(kind(` -- PostgreSQL database dump\n${TABLE}`), 'schema-dump');
  });

  it('is a script without either', () => {
    assert.equal(kind(`SET statement_timeout = 0;\n${TABLE}`, 'scripts/setup.sql'), 'script');
  });
});
