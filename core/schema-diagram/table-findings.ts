/**
 * The schema rules' findings about each table, as the diagram's badges: a foreign key no index serves, an index
 * another one makes redundant, a table without a primary key. Judged on the catalog itself with the very analysis
 * and messages the rules use (core/rules/helpers, cross-file-checks.ts' index shape), so a badge and the editor's
 * finding agree; works on a database's catalog too (no locations there).
 */
import type { CatalogView } from '../catalog/catalog';
import type { Relation } from '../catalog/model';
import { displayQualified, qualifiedKey, quoteIdentifier, type QualifiedName } from '../catalog/names';
import { ruleSetting, type Config } from '../config/config';
import { foreignKeyIndexMessage } from '../rules/helpers/foreign-key-index';
import { redundancyMessage, reportsAgainst, servesForeignKey } from '../rules/helpers/index-coverage';
import foreignKeyMissingIndex from '../rules/schema-design/foreign-key-missing-index';
import redundantIndex from '../rules/schema-design/redundant-index';
import requirePrimaryKey from '../rules/schema-design/require-primary-key';
import type { RuleMeta } from '../rules/types';
import { indexShape } from '../semantics/cross-file-checks';
import { diagramLocation, type DiagramBadge, type DiagramLocation } from './graph';

function display(name: QualifiedName): string {
  return name.schema === 'public' ? quoteIdentifier(name.name) : displayQualified(name);
}

/** The badges of one table; `config` decides which rules are on and their severity (the defaults without one). */
export function tableFindings(relation: Relation, catalog: CatalogView, config?: Config): DiagramBadge[] {
  const severity = (meta: RuleMeta): DiagramBadge['severity'] | undefined => {
    const setting = config ? ruleSetting(config, meta.id, meta.optIn ? 'off' : meta.defaultSeverity) : meta.optIn ? 'off' : meta.defaultSeverity;
    return setting === 'off' ? undefined : setting;
  };
  const out: DiagramBadge[] = [];
  if (relation.kind !== 'table' && relation.kind !== 'partitioned-table') return out;
  const indexes = catalog.indexesOf(relation);

  const missingPk = severity(requirePrimaryKey.meta);
  if (missingPk && !relation.partitionOf && relation.persistence !== 'temporary' && !relation.constraints.some((c) => c.kind === 'primary-key')) {
    out.push({ ruleId: requirePrimaryKey.meta.id, severity: missingPk, message: `Table ${display(relation)} has no primary key.`, ...withLocation(relation) });
  }
  const missingIndex = severity(foreignKeyMissingIndex.meta);
  if (missingIndex) {
    // A partitioned table's box stands for its partitions: keys declared on one are judged there, shown here.
    const owners = [relation, ...(relation.kind === 'partitioned-table' ? catalog.childrenOf(relation).filter((p) => p.partitionOf) : [])];
    for (const owner of owners) {
      const seen = new Set<string>();
      const ownerKey = qualifiedKey(owner.schema, owner.name);
      const ownIndexes = owner === relation ? indexes : catalog.indexesOf(owner);
      for (const fk of owner.constraints) {
        if (fk.kind !== 'foreign-key' || fk.inherited || !fk.references || fk.columns.length === 0) continue;
        const key = [...fk.columns].sort().join(',');
        if (seen.has(key) || ownIndexes.some((i) => servesForeignKey(indexShape(i), { table: ownerKey, columns: fk.columns }))) continue;
        seen.add(key);
        out.push({ ruleId: foreignKeyMissingIndex.meta.id, severity: missingIndex, message: foreignKeyIndexMessage(display(owner), fk.columns, display(fk.references.table)), ...withLocation(fk) });
      }
    }
  }
  const redundant = severity(redundantIndex.meta);
  // Partitions hold clones of their parent's indexes: judged on the parent.
  if (redundant && !relation.partitionOf) {
    indexes.forEach((a, ai) => {
      const shape = indexShape(a);
      for (const [bi, b] of indexes.entries()) {
        if (b === a) continue;
        const why = reportsAgainst(shape, indexShape(b), ai < bi);
        if (!why) continue;
        out.push({ ruleId: redundantIndex.meta.id, severity: redundant, message: redundancyMessage(shape, indexShape(b), why, display(relation)), ...withLocation(a) });
        break;
      }
    });
  }
  return out;
}

function withLocation(object: Parameters<typeof diagramLocation>[0]): { location?: DiagramLocation } {
  const location = diagramLocation(object);
  return location ? { location } : {};
}
