/**
 * dbmate: `-- migrate:up` and `-- migrate:down` sections, each run in a transaction unless its marker says
 * `transaction:false`; then the section is sent as one query, which PostgreSQL still runs as one implicit
 * transaction when it holds several statements.
 */
import { markerSections, wholeFile, type MigrationTool } from './types';

export const dbmate: MigrationTool = {
  id: 'dbmate',
  name: 'dbmate',
  docs: 'https://github.com/amacneil/dbmate#options',
  sections(document, context) {
    const sections = markerSections(document, /^--\s*migrate:(up|down)\b(.*)$/i, (m) => {
      const off = /transaction\s*:\s*false/i.test(m[2]);
      return {
        direction: m[1].toLowerCase() === 'down' ? 'down' : 'up',
        transaction: off ? 'implicit' : 'tool',
        why: off ? 'dbmate sends this section as one query (transaction:false)' : 'dbmate runs each section in a transaction',
      };
    });
    return sections.length > 0 ? sections : wholeFile(document, context, 'tool', 'dbmate runs each migration in a transaction');
  },
};
