import type { Node, RangeVar } from '@pgsql/types';
import { defineRule } from '../types';
import { stringValues, walkAst } from '../../parse/ast';
import { cutToBytes, MAX_IDENTIFIER_BYTES, quoteIdentifier } from '../../knowledge/naming';
import { identifierValue } from '../migration-safety/support/edits';

/** The names a statement defines, as the parser kept them (already cut to 63 bytes). */
function definedNames(ast: Node): Set<string> {
  const names = new Set<string>();
  const add = (name: string | undefined): void => {
    if (name) names.add(name);
  };
  const last = (list: readonly Node[] | undefined): string | undefined => stringValues(list).pop();
  walkAst(ast, (ref) => {
    const n = ref.node as Record<string, unknown>;
    const rel = (field: string): string | undefined => (n[field] as RangeVar | undefined)?.relname;
    switch (ref.tag) {
      case 'CreateStmt': return void add(rel('relation'));
      case 'ViewStmt': return void add(rel('view'));
      case 'IntoClause': return void add(rel('rel'));
      case 'CreateSeqStmt': return void add(rel('sequence'));
      case 'CompositeTypeStmt': return void add(rel('typevar'));
      case 'ColumnDef': return void add(n.colname as string | undefined);
      case 'Constraint': return void add(n.conname as string | undefined);
      case 'IndexStmt': return void add(n.idxname as string | undefined);
      case 'CreateTrigStmt': return void add(n.trigname as string | undefined);
      case 'CreateSchemaStmt': return void add(n.schemaname as string | undefined);
      case 'RenameStmt': return void add(n.newname as string | undefined);
      case 'CreatePolicyStmt': return void add(n.policy_name as string | undefined);
      case 'CreateFunctionStmt': return void add(last(n.funcname as Node[] | undefined));
      case 'CreateEnumStmt': return void add(last(n.typeName as Node[] | undefined));
      case 'CreateDomainStmt': return void add(last(n.domainname as Node[] | undefined));
      case 'DefineStmt': return void add(last(n.defnames as Node[] | undefined));
      default: return undefined;
    }
  });
  return names;
}

const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** A quoted name that may be over 63 bytes, or one with an escaped quote (measured by the token scan). */
const MAYBE_LONG_QUOTED = /"[^"]{21,}"|""/;

/** Whether the statement may hold a name of more than 63 bytes: only those get the (costly) token scan. */
function mayHoldLongName(text: string): boolean {
  return MAYBE_LONG_QUOTED.test(text) || hasLongRun(text);
}

/**
 * Whether a run of identifier characters (ASCII letters, digits, `_`, `$`, and any non-ASCII character) is over 63
 * UTF-8 bytes. A plain loop: a Unicode-class regex over every statement of a large dump cost more than the rule.
 */
function hasLongRun(text: string): boolean {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) bytes += c < 0x800 ? 2 : c >= 0xdc00 && c <= 0xdfff ? 0 : c >= 0xd800 && c <= 0xdbff ? 4 : 3; // a pair: 4 bytes
    else if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36) bytes++;
    else bytes = 0;
    if (bytes > MAX_IDENTIFIER_BYTES) return true;
  }
  return false;
}

export default defineRule({
  meta: {
    id: 'identifier-too-long',
    category: 'schema-design',
    defaultSeverity: 'warning',
    fixable: true,
    scope: 'statement',
    docs: {
      summary: 'A name longer than 63 bytes is silently cut to 63 bytes by PostgreSQL.',
      why:
        'Identifiers are limited to NAMEDATALEN - 1 = 63 bytes (UTF-8: fewer characters for non-ASCII names). A longer ' +
        'name is truncated with only a NOTICE, so the object exists under a different name than the one in the ' +
        'migration: tools and ORMs that look it up by the full name do not find it, two long names that share their ' +
        'first 63 bytes collide (`relation already exists`), and default constraint and index names built from them ' +
        'are shortened in ways that are hard to predict.',
      instead: 'Choose a name of at most 63 bytes; the fix renames it to the name PostgreSQL would actually use.',
      bad: 'CREATE INDEX orders_customer_id_created_at_status_shipping_country_partial_idx ON orders (customer_id, created_at, status, shipping_country);',
      good: 'CREATE INDEX orders_customer_created_status_country_idx ON orders (customer_id, created_at, status, shipping_country);',
      fixed: 'CREATE INDEX orders_customer_id_created_at_status_shipping_country_partial_i ON orders (customer_id, created_at, status, shipping_country);',
    },
  },
  create(context) {
    return {
      statement(statement) {
        const ast = statement.ast;
        // Scanning every statement's tokens is the costly part: only statements that may hold a long name get it.
        if (!ast || !mayHoldLongName(statement.text)) return;
        let names: Set<string> | undefined;
        const seen = new Set<string>();
        for (const token of statement.tokens()) {
          if (token.kind !== 'IDENT' || !/^("|[\p{L}_])/u.test(token.text)) continue;
          const value = identifierValue(token.text);
          if (utf8Bytes(value) <= MAX_IDENTIFIER_BYTES) continue;
          names ??= definedNames(ast);
          const cut = cutToBytes(value, MAX_IDENTIFIER_BYTES);
          if (!names.has(cut) || seen.has(cut)) continue;
          seen.add(cut);
          const replacement = token.text.startsWith('"') ? `"${cut.replace(/"/g, '""')}"` : quoteIdentifier(cut);
          context.report({
            range: { start: token.start, end: token.end },
            message: `${value} is ${utf8Bytes(value)} bytes long: PostgreSQL cuts it to the 63-byte ${cut}.`,
            fixes: [{ title: `Rename to ${replacement}`, preferred: true, edits: [{ range: { start: token.start, end: token.end }, newText: replacement }] }],
          });
        }
      },
    };
  },
});
