import { defineRule } from '../types';

export default defineRule({
  meta: {
    id: 'ban-alter-system',
    category: 'security',
    defaultSeverity: 'warning',
    fixable: false,
    scope: 'statement',
    docs: {
      summary: '`ALTER SYSTEM` changes the server\'s configuration from a SQL script.',
      why:
        'ALTER SYSTEM writes `postgresql.auto.conf`, which overrides `postgresql.conf` for every database of the cluster ' +
        'and outlives the application that ran it. In a migration it changes server settings behind the back of whoever ' +
        'manages the configuration (and of configuration management, which will not know about it); it needs superuser ' +
        'or an explicit ALTER SYSTEM grant, and cannot run inside a transaction block. PostgreSQL 17 can disable it altogether ' +
        '(`allow_alter_system = off`).',
      instead:
        'Set cluster-wide parameters in the server\'s configuration (postgresql.conf, your provider\'s parameter group), or ' +
        'scope them: `ALTER DATABASE app SET work_mem = \'64MB\'`, `ALTER ROLE reporting SET statement_timeout = \'5min\'`.',
      bad: "ALTER SYSTEM SET max_connections = 500;",
      good: "ALTER DATABASE app SET work_mem = '64MB';\nALTER ROLE reporting SET statement_timeout = '5min';",
    },
  },
  create(context) {
    return {
      AlterSystemStmt(node, { statement }) {
        const name = node.setstmt?.name;
        context.report({
          range: statement.rangeOfWords(['ALTER', 'SYSTEM']),
          message: `ALTER SYSTEM ${name ? `changes ${name} ` : ''}for the whole cluster through postgresql.auto.conf, outside the server's configuration management; set it in the configuration, or per database/role.`,
        });
      },
    };
  },
});
