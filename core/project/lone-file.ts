/**
 * The role of a file seen without its project (a file linted on its own, an untitled buffer): what its name and
 * markers say (`*.down.sql`, `V1__x.sql`, goose or dbmate markers), else a script run as psql runs it.
 */
import { rolesFromOrder, type FileRole } from './classify';
import { orderMigrations } from './migration-order';

const SCRIPT: FileRole = { kind: 'script', reason: 'a SQL file seen on its own' };

export function loneFileRole(fileName: string, text: string): FileRole {
  // Only the name matters to the order: a URI or an absolute path reads like a relative one.
  const name = fileName.replace(/^[a-z]+:\/*/i, '').replace(/\\/g, '/');
  const path = name.split('/').slice(-2).join('/');
  return rolesFromOrder(orderMigrations([{ path, text }])).get(path) ?? SCRIPT;
}
