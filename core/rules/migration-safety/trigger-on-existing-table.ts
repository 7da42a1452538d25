import type { RangeVar } from '@pgsql/types';
import type { StatementView } from '../../parse/document';
import type { StatementFacts } from '../../analysis/file-facts';
import type { OffsetRange } from '../../parse/positions';
import { defineRule } from '../types';
import { asNode, relationName, stringValues } from '../../parse/ast';
import { versionAtLeast } from '../../knowledge/versions';
import { isPgDumpOutput } from './support/pg-dump';

export default defineRule({
  meta: {
    id: 'trigger-on-existing-table',
    category: 'migration-safety',
    defaultSeverity: 'info',
    // Measured on real projects: most trigger changes are on small or quiet tables; lock waits are covered by require-lock-timeout.
    optIn: true,
    fixable: false,
    scope: 'statement',
    docs: {
      summary: 'CREATE, ENABLE, DISABLE or DROP TRIGGER on an existing table: a write-blocking lock, and DISABLE affects every session.',
      why:
        '`CREATE TRIGGER` and `ALTER TABLE ... ENABLE/DISABLE TRIGGER` take SHARE ROW EXCLUSIVE on the table (ACCESS ' +
        'EXCLUSIVE before PostgreSQL 9.5), which blocks every write; `DROP TRIGGER` takes ACCESS EXCLUSIVE, which ' +
        'blocks reads too. The change itself is instant, but while the lock request waits for running transactions, ' +
        'every query that needs a conflicting lock queues behind it. `DISABLE TRIGGER` is not local to the migration: ' +
        'writes from every session skip the trigger until it is enabled again (and `DISABLE TRIGGER ALL` also ' +
        'switches off foreign-key checks), so a migration that fails in between leaves it disabled.',
      instead:
        "Set `lock_timeout` (`SET lock_timeout = '5s';`) before trigger changes on busy tables, and retry on timeout. " +
        'Prefer not to disable triggers in a migration; if a bulk change must skip one, make the trigger function ' +
        'check a setting the migration session sets (`current_setting(\'app.skip_audit\', true)`). The lock findings ' +
        'are not reported when a lock_timeout is set; tables created earlier in the file and down migrations are not ' +
        'reported. Opt-in: on real projects most trigger changes were on tables where the short lock is harmless ' +
        '(and require-lock-timeout already asks for the timeout), so turn it on where triggers on busy tables matter.',
      bad: 'CREATE TRIGGER orders_audit AFTER UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION audit_row();',
      good:
        "SET lock_timeout = '5s';\nCREATE TRIGGER orders_audit AFTER UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION audit_row();\n\n" +
        'CREATE TABLE invoices (id bigint PRIMARY KEY);\nCREATE TRIGGER invoices_audit AFTER UPDATE ON invoices FOR EACH ROW EXECUTE FUNCTION audit_row();',
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    const version = context.settings.postgresVersion;
    const srel = versionAtLeast(version, 9.5) ? 'SHARE ROW EXCLUSIVE (blocks writes)' : 'ACCESS EXCLUSIVE (blocks reads and writes)';
    const skip = (table: RangeVar | string | undefined, statement: StatementView, facts: StatementFacts): boolean =>
      facts.downMigration || context.file.isNewRelation(table, statement.index);
    const lockMessage = (what: string, table: string, mode: string): string =>
      `${what} locks ${table} ${mode}; with no lock_timeout set, queries queue behind it while it waits for running transactions.`;
    const report = (range: OffsetRange, message: string): void => context.report({ range, message });
    return {
      CreateTrigStmt(node, { statement, facts }) {
        if (facts.lockTimeoutSet || skip(node.relation, statement, facts)) return;
        report(statement.rangeOfWords(['TRIGGER']), lockMessage(`Creating trigger ${node.trigname ?? ''}`, relationName(node.relation), srel));
      },
      DropStmt(node, { statement, facts }) {
        if (node.removeType !== 'OBJECT_TRIGGER' || facts.lockTimeoutSet) return;
        for (const object of node.objects ?? []) {
          const names = stringValues(asNode(object, 'List')?.items);
          const table = names.slice(0, -1).join('.');
          if (!table || skip(table, statement, facts)) continue;
          report(statement.rangeOfWords(['DROP', 'TRIGGER']), lockMessage(`Dropping trigger ${names[names.length - 1]}`, table, 'ACCESS EXCLUSIVE (blocks reads and writes)'));
          return;
        }
      },
      AlterTableStmt(node, { statement, facts }) {
        if (skip(node.relation, statement, facts)) return;
        const table = relationName(node.relation);
        for (const item of node.cmds ?? []) {
          const cmd = asNode(item, 'AlterTableCmd');
          const subtype = cmd?.subtype ?? '';
          if (!/^AT_(Enable|Disable)(AlwaysTrig|ReplicaTrig|Trig|TrigAll|TrigUser)$/.test(subtype)) continue;
          const disable = subtype.startsWith('AT_Disable');
          const all = subtype === 'AT_DisableTrigAll';
          const range = statement.rangeOfWords([disable ? 'DISABLE' : 'ENABLE', 'TRIGGER']);
          if (disable) {
            report(
              range,
              `Disabling ${all ? 'all triggers (foreign-key checks included)' : subtype === 'AT_DisableTrigUser' ? 'the user triggers' : `trigger ${cmd?.name ?? ''}`} on ${table} affects every session: writes skip ${all ? 'them' : 'it'} until it is enabled again.` +
                (facts.lockTimeoutSet ? '' : ` It also locks the table ${srel} with no lock_timeout set.`),
            );
          } else if (!facts.lockTimeoutSet) {
            report(range, lockMessage('Enabling a trigger', table, srel));
          }
        }
      },
    };
  },
});
