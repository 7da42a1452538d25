/**
 * Lock levels of ALTER TABLE subcommands per PostgreSQL version, from the ALTER TABLE reference page and
 * AlterTableGetLockLevel (tablecmds.c). A statement takes the strongest level of its subcommands. History:
 * 9.4 lowered VALIDATE CONSTRAINT, SET STATISTICS, attribute options and CLUSTER ON to SHARE UPDATE EXCLUSIVE;
 * 9.5 lowered ADD FOREIGN KEY and ENABLE/DISABLE TRIGGER to SHARE ROW EXCLUSIVE; 9.6 and 10 lowered some
 * storage parameters; 12 lowered ATTACH PARTITION on the parent; 14 added DETACH PARTITION CONCURRENTLY.
 */
import type { AlterTableCmd, AlterTableStmt, ColumnDef, Constraint, DefElem, Node, PartitionCmd } from '@pgsql/types';
import { asNode, relationName } from '../parse/ast';
import type { LockMode } from './lock-modes';
import { LockInfoBuilder, type StatementLockInfo } from './statement-lock-info';
import { versionAtLeast } from './versions';
import { expressionVolatility, isSerialType } from './volatility';
import { columnTypeOf, isPlainConversion, mayAvoidRewrite } from './column-type-change';

const AEL: LockMode = 'ACCESS EXCLUSIVE';
const SUE: LockMode = 'SHARE UPDATE EXCLUSIVE';
const SREL: LockMode = 'SHARE ROW EXCLUSIVE';

/** Storage parameters set with SHARE UPDATE EXCLUSIVE, and the version that lowered them; others take ACCESS EXCLUSIVE. */
const LIGHT_RELOPTIONS: readonly { readonly match: (name: string) => boolean; readonly since: number }[] = [
  { match: (n) => n.startsWith('autovacuum_') || n === 'log_autovacuum_min_duration', since: 9.6 },
  { match: (n) => n === 'fillfactor' || n === 'parallel_workers', since: 10 },
  { match: (n) => n === 'toast_tuple_target', since: 11 },
  { match: (n) => n === 'vacuum_index_cleanup' || n === 'vacuum_truncate', since: 12 },
];

function reloptionLock(option: DefElem, version: number): LockMode {
  const name = option.defname ?? '';
  // toast.autovacuum_enabled and friends: the namespace does not change the level.
  const light = LIGHT_RELOPTIONS.some((r) => r.match(name) && versionAtLeast(version, r.since));
  return light ? SUE : AEL;
}

/** SHARE UPDATE EXCLUSIVE since `since`, ACCESS EXCLUSIVE before. */
function lowered(version: number, since: number, mode: LockMode): LockMode {
  return versionAtLeast(version, since) ? mode : AEL;
}

export function alterTableLocks(stmt: AlterTableStmt, version: number): StatementLockInfo {
  const table = relationName(stmt.relation);
  const info = new LockInfoBuilder();
  for (const item of stmt.cmds ?? []) {
    const cmd = asNode(item, 'AlterTableCmd');
    if (cmd) addSubcommand(info, table, cmd, version, stmt.objtype === 'OBJECT_INDEX');
  }
  return info.build();
}

function addSubcommand(info: LockInfoBuilder, table: string, cmd: AlterTableCmd, version: number, isIndex: boolean): void {
  switch (cmd.subtype) {
    case 'AT_AddColumn':
    case 'AT_AddColumnToView':
      info.lock(table, AEL);
      addColumn(info, asNode(cmd.def, 'ColumnDef'), version);
      return;
    case 'AT_SetNotNull':
      info.lock(table, AEL);
      info.scans = true;
      info.note(
        versionAtLeast(version, 12)
          ? 'SET NOT NULL scans the whole table unless a valid CHECK (column IS NOT NULL) constraint already proves it.'
          : 'SET NOT NULL scans the whole table.',
      );
      return;
    case 'AT_SetStatistics':
    case 'AT_SetOptions':
    case 'AT_ResetOptions':
    case 'AT_ClusterOn':
    case 'AT_DropCluster':
      info.lock(table, lowered(version, 9.4, SUE));
      return;
    case 'AT_ValidateConstraint':
      info.lock(table, lowered(version, 9.4, SUE));
      info.scans = true;
      info.note('VALIDATE CONSTRAINT scans the table without blocking reads or writes; a foreign key also takes ROW SHARE on the referenced table.');
      return;
    case 'AT_AddConstraint':
      addConstraint(info, table, asNode(cmd.def, 'Constraint'), version);
      return;
    case 'AT_AlterColumnType':
      info.lock(table, AEL);
      alterColumnType(info, cmd, asNode(cmd.def, 'ColumnDef'));
      return;
    case 'AT_SetLogged':
    case 'AT_SetUnLogged':
    case 'AT_SetAccessMethod':
      info.lock(table, AEL);
      info.rewrites = true;
      info.scans = true;
      return;
    case 'AT_SetTableSpace':
      info.lock(table, AEL);
      info.rewrites = true;
      info.note(isIndex ? 'SET TABLESPACE copies the whole index to the new tablespace.' : 'SET TABLESPACE copies the table\'s files to the new tablespace (indexes stay where they are).');
      return;
    case 'AT_SetExpression':
      info.lock(table, AEL);
      info.rewrites = true;
      info.scans = true;
      return;
    case 'AT_SetRelOptions':
    case 'AT_ResetRelOptions': {
      const options = (asNode(cmd.def, 'List')?.items ?? []).flatMap((n: Node) => {
        const d = asNode(n, 'DefElem');
        return d ? [d] : [];
      });
      let mode: LockMode = options.length === 0 ? AEL : SUE;
      for (const option of options) if (reloptionLock(option, version) === AEL) mode = AEL;
      info.lock(table, mode);
      return;
    }
    case 'AT_EnableTrig':
    case 'AT_EnableAlwaysTrig':
    case 'AT_EnableReplicaTrig':
    case 'AT_EnableTrigAll':
    case 'AT_EnableTrigUser':
    case 'AT_DisableTrig':
    case 'AT_DisableTrigAll':
    case 'AT_DisableTrigUser':
      info.lock(table, lowered(version, 9.5, SREL));
      return;
    case 'AT_AddInherit':
      info.lock(table, AEL);
      info.lock(relationName(asNode(cmd.def, 'RangeVar')), SUE, 'new parent table');
      return;
    case 'AT_AttachPartition':
      attachPartition(info, table, asNode(cmd.def, 'PartitionCmd'), version, isIndex);
      return;
    case 'AT_DetachPartition':
      detachPartition(info, table, asNode(cmd.def, 'PartitionCmd'), version);
      return;
    case 'AT_DetachPartitionFinalize':
      info.lock(table, SUE);
      info.lock(relationName(asNode(cmd.def, 'PartitionCmd')?.name), SUE, 'partition being detached');
      return;
    case 'AT_DropColumn':
      info.lock(table, AEL);
      info.note('DROP COLUMN only marks the column dropped: no rewrite; its space is reclaimed as rows are updated.');
      return;
    case 'AT_ColumnDefault':
      info.lock(table, AEL);
      info.note('Changing a default only affects rows inserted later: no rewrite.');
      return;
    default:
      // Every other subcommand (DROP CONSTRAINT, OWNER TO, ENABLE ROW LEVEL SECURITY, REPLICA IDENTITY,
      // SET STORAGE, identity columns, rules, ...) takes ACCESS EXCLUSIVE but only changes the catalog.
      info.lock(table, AEL);
  }
}

function addColumn(info: LockInfoBuilder, column: ColumnDef | undefined, version: number): void {
  if (!column) return;
  const fastDefaults = versionAtLeast(version, 11);
  if (isSerialType(column.typeName)) {
    info.rewrites = true;
    info.note('A serial column\'s default is nextval(): every existing row gets a value, so the table is rewritten.');
  }
  let hasDefault = false;
  let defaultClause = false;
  let notNull = false;
  let foreignKey = false;
  for (const item of column.constraints ?? []) {
    const c = asNode(item, 'Constraint');
    if (!c) continue;
    switch (c.contype) {
      case 'CONSTR_DEFAULT': {
        defaultClause = true;
        const isNull = asNode(c.raw_expr, 'A_Const')?.isnull === true;
        if (isNull) break;
        hasDefault = true;
        const volatility = expressionVolatility(c.raw_expr);
        if (!fastDefaults) {
          info.rewrites = true;
          info.note('Before PostgreSQL 11, ADD COLUMN with a default rewrites the table to store the value in every row.');
        } else if (volatility === 'volatile') {
          info.rewrites = true;
          info.note('The default is volatile: it is evaluated for every existing row, which rewrites the table.');
        } else if (volatility === 'unknown') {
          info.note('No rewrite if the default expression is not volatile; a volatile function in it rewrites the table.');
        }
        break;
      }
      case 'CONSTR_IDENTITY':
      case 'CONSTR_GENERATED':
        info.rewrites = true;
        info.note(c.contype === 'CONSTR_IDENTITY' ? 'An identity column fills every existing row from its sequence: the table is rewritten.' : 'A stored generated column is computed for every existing row: the table is rewritten.');
        break;
      case 'CONSTR_NOTNULL':
        notNull = true;
        break;
      case 'CONSTR_CHECK':
        info.scans = true;
        break;
      case 'CONSTR_PRIMARY':
      case 'CONSTR_UNIQUE':
        info.scans = true;
        info.note('The index for the new key is built while the lock is held.');
        break;
      case 'CONSTR_FOREIGN':
        info.lock(relationName(c.pktable), lowered(version, 9.5, SREL), 'referenced table');
        foreignKey = true;
        break;
      default:
        break;
    }
  }
  if (notNull && !hasDefault) info.scans = true;
  // PostgreSQL skips validating a new column's foreign key when the column has no DEFAULT clause (all NULL).
  if (foreignKey && (defaultClause || isSerialType(column.typeName))) info.scans = true;
  if (info.rewrites) info.scans = true;
}

function addConstraint(info: LockInfoBuilder, table: string, c: Constraint | undefined, version: number): void {
  if (!c) {
    info.lock(table, AEL);
    return;
  }
  const notValid = c.skip_validation === true;
  switch (c.contype) {
    case 'CONSTR_FOREIGN': {
      const mode = lowered(version, 9.5, SREL);
      info.lock(table, mode);
      info.lock(relationName(c.pktable), mode, 'referenced table');
      if (notValid) info.note('NOT VALID: existing rows are not checked; run VALIDATE CONSTRAINT later.');
      else info.scans = true;
      return;
    }
    case 'CONSTR_CHECK':
    case 'CONSTR_NOTNULL':
      info.lock(table, AEL);
      if (notValid) info.note('NOT VALID: existing rows are not checked; run VALIDATE CONSTRAINT later.');
      else info.scans = true;
      return;
    case 'CONSTR_PRIMARY':
    case 'CONSTR_UNIQUE':
      info.lock(table, AEL);
      if (c.indexname) {
        info.note('USING INDEX: the existing index becomes the constraint, nothing is built.');
        if (c.contype === 'CONSTR_PRIMARY') info.note('A primary key needs NOT NULL columns: nullable ones are scanned to set it.');
      } else {
        info.scans = true;
        info.note('The index is built while the lock is held: build it first with CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... USING INDEX.');
      }
      return;
    case 'CONSTR_EXCLUSION':
      info.lock(table, AEL);
      info.scans = true;
      return;
    default:
      info.lock(table, AEL);
  }
}

function alterColumnType(info: LockInfoBuilder, cmd: AlterTableCmd, def: ColumnDef | undefined): void {
  const target = columnTypeOf(def?.typeName);
  const usingExpression = def?.raw_default !== undefined && !isPlainConversion(def.raw_default, cmd.name ?? '');
  if (usingExpression || !mayAvoidRewrite(target)) {
    info.rewrites = true;
    info.scans = true;
    info.note('The table and all its indexes are rewritten unless the old type converts to the new one without change (binary-coercible).');
  } else {
    info.note('No rewrite if the old type is binary-coercible to the new one (varchar(n) -> text or a longer varchar, numeric(p,s) -> numeric with more precision, cidr -> inet); otherwise the table and its indexes are rewritten.');
  }
}

function attachPartition(info: LockInfoBuilder, table: string, cmd: PartitionCmd | undefined, version: number, isIndex: boolean): void {
  const partition = relationName(cmd?.name);
  if (isIndex) {
    info.lock(table, SUE);
    info.lock(partition, SUE, 'index being attached');
    return;
  }
  info.lock(table, versionAtLeast(version, 12) ? SUE : AEL);
  info.lock(partition, AEL, 'partition being attached');
  info.scans = true;
  info.note('The new partition is scanned to check its rows fit the bound, unless a valid CHECK constraint already implies it; a default partition is scanned too, under ACCESS EXCLUSIVE.');
}

function detachPartition(info: LockInfoBuilder, table: string, cmd: PartitionCmd | undefined, version: number): void {
  const partition = relationName(cmd?.name);
  if (cmd?.concurrent) {
    info.lock(table, SUE);
    info.lock(partition, SUE, 'partition being detached');
    info.transactional = false;
    info.note('DETACH PARTITION CONCURRENTLY runs in two transactions and waits for queries using the parent to finish.');
    if (!versionAtLeast(version, 14)) info.note('DETACH PARTITION CONCURRENTLY needs PostgreSQL 14 or later.');
    return;
  }
  info.lock(table, AEL);
  info.lock(partition, AEL, 'partition being detached');
}
