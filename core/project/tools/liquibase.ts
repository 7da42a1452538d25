/**
 * Liquibase formatted SQL: `--changeset author:id` sections, each run in a transaction unless it says
 * `runInTransaction:false`; `--rollback` lines are comments to Liquibase's runner until a rollback.
 */
import { markerSections, type MigrationTool } from './types';

export const liquibase: MigrationTool = {
  id: 'liquibase',
  name: 'Liquibase',
  docs: 'https://docs.liquibase.com/concepts/changelogs/sql-format.html',
  sections(document) {
    return markerSections(document, /^--\s*changeset\s+\S+(.*)$/i, (m) => {
      const off = /runInTransaction\s*:\s*false/i.test(m[1]);
      return { direction: 'up', transaction: off ? 'none' : 'tool', why: off ? 'Liquibase runs this changeset outside a transaction (runInTransaction:false)' : 'Liquibase runs each changeset in a transaction' };
    });
  },
};
