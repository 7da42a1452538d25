/**
 * Fixes in a migration that may have run already. A migration other than the newest one of the project is history:
 * on the databases where it ran, editing it changes nothing, and the tools that checksum their migrations (Flyway,
 * Atlas, ...) refuse to run at all. A fix that adds a schema change (an index a foreign key needs) is then offered as
 * a new migration in the folder's convention first; editing this migration stays, second, for a history that has
 * not run anywhere yet.
 */
import type { Finding } from '../lint';
import type { Fix } from '../rules/types';
import type { NewMigration } from './next-migration';

export function historyFixes(findings: readonly Finding[], newMigration: NewMigration): Finding[] {
  return findings.map((finding) => {
    if (!finding.fixes.some((fix) => fix.asMigration)) return finding;
    const fixes = finding.fixes.flatMap((fix): Fix[] => {
      const change = fix.asMigration;
      const files = change ? newMigration({ name: change.name, up: change.up, ...(change.down ? { down: change.down } : {}), outsideTransaction: change.outsideTransaction }) : undefined;
      if (!change || !files || files.length === 0) return [fix];
      return [
        { title: `Add ${change.up.replace(/;\s*$/, '')} in a new migration`, edits: [], newFiles: files, preferred: true },
        { title: `${fix.title} in this migration (only if it has not run anywhere)`, edits: fix.edits },
      ];
    });
    return { ...finding, fixes };
  });
}
