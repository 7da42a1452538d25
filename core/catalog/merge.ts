/**
 * The catalog the editor works against while a database is connected: the database's catalog first, then what
 * only the workspace's DDL knows (migrations not applied yet, objects of another schema file). Precisely:
 *
 * - every object the database has is the database's record (its columns, keys, statistics, sizes), whatever the
 *   workspace says about it, except for `location`: where the workspace defines the same object, so go to
 *   definition still finds the CREATE TABLE (columns likewise, by name);
 * - a workspace object the database lacks is added: schemas, extensions and relations by name, indexes,
 *   sequences and types by qualified name, functions by signature, policies and triggers by table and name;
 * - a relation both have keeps the database's record, with the columns only the workspace declares appended
 *   (an `ADD COLUMN` migration not applied yet), so a name is unknown only when neither side has it.
 *
 * Nothing the database has is ever removed: a migration dropping an object does not hide it while the
 * database still has it. The open document's own DDL is applied on top of the result by the caller.
 */
import { Catalog, type CatalogView } from './catalog';
import { functionSignature, type CatalogObject, type Relation } from './model';

/** The database's record, pointing at where the workspace defines it (when it does). */
function located<T extends CatalogObject>(database: T, workspace: CatalogObject): T {
  return workspace.location && !database.location ? { ...database, location: workspace.location } : database;
}

function mergeRelation(database: Relation, workspace: Relation): Relation {
  const fromWorkspace = new Map(workspace.columns.map((c) => [c.name, c]));
  const have = new Set(database.columns.map((c) => c.name));
  const columns = [
    ...database.columns.map((c) => {
      const w = fromWorkspace.get(c.name);
      return w ? located(c, w) : c;
    }),
    ...workspace.columns.filter((c) => !have.has(c.name)),
  ];
  return { ...located(database, workspace), columns };
}

export function mergeCatalogs(database: Catalog, workspace: CatalogView): Catalog {
  const out = database.clone();
  for (const s of workspace.schemas()) {
    const known = database.schema(s.name);
    out.putSchema(known ? located(known, s) : s);
  }
  for (const e of workspace.extensions()) if (!database.extension(e.name)) out.putExtension(e);
  for (const r of workspace.relations()) {
    const known = database.relation(r);
    out.putRelation(known ? mergeRelation(known, r) : r);
  }
  for (const i of workspace.indexes()) {
    const known = database.index(i);
    out.putIndex(known ? located(known, i) : i);
  }
  for (const s of workspace.sequences()) {
    const known = database.sequence(s);
    out.putSequence(known ? located(known, s) : s);
  }
  for (const t of workspace.types()) {
    const known = database.type(t);
    out.putType(known ? located(known, t) : t);
  }
  for (const f of workspace.functions()) {
    const signature = functionSignature(f);
    const known = database.functionsNamed(f).find((d) => functionSignature(d) === signature);
    out.putFunction(known ? located(known, f) : f);
  }
  for (const p of workspace.policies()) {
    const known = database.policiesOf(p.table).find((d) => d.name === p.name);
    out.putPolicy(known ? located(known, p) : p);
  }
  for (const t of workspace.triggers()) {
    const known = database.triggersOf(t.table).find((d) => d.name === t.name);
    out.putTrigger(known ? located(known, t) : t);
  }
  return out;
}
