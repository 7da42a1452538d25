/** CREATE / ALTER POLICY and CREATE [OR REPLACE] TRIGGER. */
import type { AlterPolicyStmt, CreatePolicyStmt, CreateTrigStmt, Node } from '@pgsql/types';
import { asNode, stringValues } from '../../parse/ast';
import type { Policy, Trigger } from '../model';
import type { ApplyContext } from './context';

function roleNames(nodes: readonly Node[] | undefined): string[] {
  return (nodes ?? []).flatMap((n) => {
    const role = asNode(n, 'RoleSpec');
    if (!role) return [];
    if (role.roletype === 'ROLESPEC_PUBLIC') return ['public'];
    if (role.roletype === 'ROLESPEC_CURRENT_USER') return ['current_user'];
    if (role.roletype === 'ROLESPEC_SESSION_USER') return ['session_user'];
    if (role.roletype === 'ROLESPEC_CURRENT_ROLE') return ['current_role'];
    return role.rolename ? [role.rolename] : [];
  });
}

const COMMANDS: Readonly<Record<string, Policy['command']>> = { all: 'all', select: 'select', insert: 'insert', update: 'update', delete: 'delete' };

export function createPolicy(ctx: ApplyContext, stmt: CreatePolicyStmt): void {
  const table = ctx.findRelation(stmt.table);
  if (!table) {
    ctx.problem(`relation "${stmt.table?.relname ?? ''}" does not exist`, stmt.table?.location);
    return;
  }
  const name = stmt.policy_name ?? '';
  if (ctx.catalog.policiesOf(table).some((p) => p.name === name)) {
    ctx.problem(`policy "${name}" for table "${table.name}" already exists`);
    return;
  }
  const using = ctx.expression(stmt.qual);
  const withCheck = ctx.expression(stmt.with_check);
  ctx.catalog.putPolicy({
    name,
    table,
    command: COMMANDS[stmt.cmd_name ?? 'all'] ?? 'all',
    permissive: stmt.permissive === true,
    roles: roleNames(stmt.roles),
    ...(using ? { using } : {}),
    ...(withCheck ? { withCheck } : {}),
    location: ctx.locate(),
  });
}

export function alterPolicy(ctx: ApplyContext, stmt: AlterPolicyStmt): void {
  const table = ctx.findRelation(stmt.table);
  const policy = table ? ctx.catalog.policiesOf(table).find((p) => p.name === stmt.policy_name) : undefined;
  if (!table || !policy) {
    ctx.problem(`policy "${stmt.policy_name ?? ''}" for table "${stmt.table?.relname ?? ''}" does not exist`);
    return;
  }
  const using = ctx.expression(stmt.qual);
  const withCheck = ctx.expression(stmt.with_check);
  const roles = roleNames(stmt.roles);
  ctx.catalog.putPolicy({ ...policy, ...(roles.length > 0 ? { roles } : {}), ...(using ? { using } : {}), ...(withCheck ? { withCheck } : {}) });
}

// pg_trigger.tgtype bits, as CreateTrigStmt carries them.
const TRIGGER_BEFORE = 1 << 1;
const TRIGGER_INSERT = 1 << 2;
const TRIGGER_DELETE = 1 << 3;
const TRIGGER_UPDATE = 1 << 4;
const TRIGGER_TRUNCATE = 1 << 5;
const TRIGGER_INSTEAD = 1 << 6;

export function createTrigger(ctx: ApplyContext, stmt: CreateTrigStmt): void {
  const table = ctx.findRelation(stmt.relation);
  if (!table) {
    ctx.problem(`relation "${stmt.relation?.relname ?? ''}" does not exist`, stmt.relation?.location);
    return;
  }
  const name = stmt.trigname ?? '';
  if (!stmt.replace && ctx.catalog.triggersOf(table).some((t) => t.name === name)) {
    ctx.problem(`trigger "${name}" for relation "${table.name}" already exists`);
    return;
  }
  const fn = stringValues(stmt.funcname);
  const timing = stmt.timing ?? 0;
  const events = stmt.events ?? 0;
  const trigger: Trigger = {
    name,
    table,
    function: { schema: fn.length > 1 ? fn[fn.length - 2] : (ctx.catalog.resolveFunctions({ name: fn[0] ?? '' }, ctx.lookupPath())[0]?.schema ?? ctx.session.searchPath[0] ?? 'public'), name: fn[fn.length - 1] ?? '' },
    timing: timing & TRIGGER_INSTEAD ? 'instead of' : timing & TRIGGER_BEFORE ? 'before' : 'after',
    events: [
      ...(events & TRIGGER_INSERT ? (['insert'] as const) : []),
      ...(events & TRIGGER_UPDATE ? (['update'] as const) : []),
      ...(events & TRIGGER_DELETE ? (['delete'] as const) : []),
      ...(events & TRIGGER_TRUNCATE ? (['truncate'] as const) : []),
    ],
    forEachRow: stmt.row === true,
    location: ctx.locate(),
  };
  ctx.catalog.putTrigger(trigger);
}
