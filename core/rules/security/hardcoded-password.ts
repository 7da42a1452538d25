import type { Node } from '@pgsql/types';
import { defineRule } from '../types';
import type { StatementView } from '../../parse/document';
import { asNode } from '../../parse/ast';

export default defineRule({
  meta: {
    id: 'hardcoded-password',
    category: 'security',
    defaultSeverity: 'warning',
    fixable: false,
    scope: 'statement',
    docs: {
      summary: 'A password is written as a literal in SQL source (CREATE/ALTER ROLE, user mappings).',
      why:
        'A password in a migration lives forever in version control, in CI logs, in every clone and backup of the ' +
        'repository, and — sent in clear text to the server — in its log when `log_statement` is on. A hashed ' +
        '(`md5...`, `SCRAM-SHA-256$...`) value is no better for md5: the hash is what the md5 protocol needs to log in.',
      instead:
        'Create the role without a password (`CREATE ROLE app LOGIN;`) and set it out of band: psql\'s `\\password app`, ' +
        'your secret manager or provisioning tool, or a psql variable passed at deploy time (`PASSWORD :\'app_password\'`).',
      bad: "CREATE ROLE app_user LOGIN PASSWORD 'hunter2';",
      good: "CREATE ROLE app_user LOGIN;\nALTER ROLE app_user PASSWORD NULL;\nCREATE ROLE deployer LOGIN PASSWORD :'deployer_password';",
    },
  },
  create(context) {
    const check = (options: readonly Node[] | undefined, statement: StatementView, what: string): void => {
      for (const o of options ?? []) {
        const def = asNode(o, 'DefElem');
        if (def?.defname !== 'password' || asNode(def.arg, 'String')?.sval === undefined) continue;
        // The literal itself, as written: a psql variable (:'pw') is not a secret in source.
        const from = statement.offsetOfLocation(def.location);
        const token = statement.tokens().find((t) => t.start >= from && !/^(WITH|ENCRYPTED|UNENCRYPTED|PASSWORD|SET|ADD)$/i.test(t.text));
        if (!token || token.kind !== 'SCONST') continue;
        const written = context.document.text.slice(token.start, token.end);
        if (!/^[eEuU&]*'/.test(written) || context.document.text[token.start - 1] === ':') continue;
        context.report({ range: { start: token.start, end: token.end }, message: `Password of ${what} written in the source: it stays in version control and logs; set it out of band (\\password, a secret manager, a psql variable).` });
      }
    };
    return {
      CreateRoleStmt(node, { statement }) {
        check(node.options, statement, `role ${node.role ?? ''}`);
      },
      AlterRoleStmt(node, { statement }) {
        check(node.options, statement, `role ${node.role?.rolename ?? ''}`);
      },
      CreateUserMappingStmt(node, { statement }) {
        check(node.options, statement, 'the user mapping');
      },
      AlterUserMappingStmt(node, { statement }) {
        check(node.options, statement, 'the user mapping');
      },
    };
  },
});
