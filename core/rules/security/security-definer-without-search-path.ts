import { defineRule } from '../types';
import { stringValues } from '../../parse/ast';
import { isSecurityDefiner, searchPathSetByAlter, setsSearchPath } from './support/functions';

const SETTING = ' SET search_path = pg_catalog, pg_temp';

export default defineRule({
  meta: {
    id: 'security-definer-without-search-path',
    category: 'security',
    defaultSeverity: 'warning',
    fixable: true,
    docs: {
      summary: 'A SECURITY DEFINER function does not pin its search_path.',
      why:
        'A SECURITY DEFINER function runs with its owner\'s privileges but resolves unqualified names — tables, functions, ' +
        'operators — through the caller\'s search_path. A caller who can create objects in any schema on that path (or in ' +
        '`pg_temp`, which is searched first for relations unless listed) can make the function call their own code with the ' +
        'owner\'s rights: the classic privilege escalation the PostgreSQL documentation warns about ' +
        '("Writing SECURITY DEFINER Functions Safely").',
      instead:
        'Add `SET search_path = pg_catalog, pg_temp` (pg_temp last) and schema-qualify every object the body uses, or list ' +
        'the trusted schemas it needs: `SET search_path = app, pg_catalog, pg_temp`. The quick fix adds the first form; ' +
        'qualify the body\'s names when you apply it.',
      bad: "CREATE FUNCTION app.delete_user(p_id bigint) RETURNS void LANGUAGE sql SECURITY DEFINER AS 'DELETE FROM app.users WHERE id = p_id';",
      good:
        "CREATE FUNCTION app.delete_user(p_id bigint) RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS 'DELETE FROM app.users WHERE id = p_id';\n" +
        "CREATE FUNCTION app.purge() RETURNS void LANGUAGE sql SECURITY DEFINER AS 'DELETE FROM app.users WHERE deleted';\n" +
        'ALTER FUNCTION app.purge() SET search_path = pg_catalog, pg_temp;',
      fixed: "CREATE FUNCTION app.delete_user(p_id bigint) RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS 'DELETE FROM app.users WHERE id = p_id';",
    },
  },
  create(context) {
    return {
      CreateFunctionStmt(node, { statement }) {
        if (!isSecurityDefiner(node.options) || setsSearchPath(node.options)) return;
        const name = stringValues(node.funcname).join('.');
        if (searchPathSetByAlter(context.document, name)) return;
        const words = statement.rangeOfWords(['SECURITY', 'DEFINER']);
        const found = statement.text.slice(words.start - statement.start, words.end - statement.start).toUpperCase().startsWith('SECURITY');
        context.report({
          range: found ? words : statement.headRange(),
          message: `SECURITY DEFINER function ${name} runs with its owner's rights but resolves names through the caller's search_path: pin it (SET search_path = pg_catalog, pg_temp) and qualify the names it uses.`,
          fixes: found && !statement.container ? [{ title: 'Add SET search_path = pg_catalog, pg_temp', edits: [{ range: { start: words.end, end: words.end }, newText: SETTING }] }] : [],
        });
      },
      AlterFunctionStmt(node, { statement }) {
        if (!isSecurityDefiner(node.actions) || setsSearchPath(node.actions)) return;
        const name = stringValues(node.func?.objname).join('.');
        if (searchPathSetByAlter(context.document, name)) return;
        const words = statement.rangeOfWords(['SECURITY', 'DEFINER']);
        context.report({
          range: words,
          message: `${name} becomes SECURITY DEFINER without a pinned search_path: add SET search_path = pg_catalog, pg_temp (and qualify the names it uses).`,
          fixes: statement.container ? [] : [{ title: 'Add SET search_path = pg_catalog, pg_temp', edits: [{ range: { start: words.end, end: words.end }, newText: SETTING }] }],
        });
      },
    };
  },
});
