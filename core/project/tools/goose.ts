/**
 * goose: `-- +goose Up` and `-- +goose Down` sections; each migration runs in a transaction unless the file says
 * `-- +goose NO TRANSACTION`; a `StatementBegin`/`StatementEnd` block is sent as one statement. Down runs only
 * on rollback.
 */
import { markerSections, wholeFile, type MigrationTool } from './types';

const NO_TRANSACTION = /^--\s*\+goose\s+no\s+transaction\b/im;

export const goose: MigrationTool = {
  id: 'goose',
  name: 'goose',
  docs: 'https://pressly.github.io/goose/documentation/annotations/',
  sections(document, context) {
    const transaction = NO_TRANSACTION.test(document.text) ? 'none' : 'tool';
    const why = transaction === 'tool' ? 'goose runs each migration in a transaction' : 'goose runs this migration outside a transaction (-- +goose NO TRANSACTION)';
    const sections = markerSections(document, /^--\s*\+goose\s+(up|down)\b/i, (m) => ({ direction: m[1].toLowerCase() === 'down' ? 'down' : 'up', transaction, why }));
    return sections.length > 0 ? sections : wholeFile(document, context, transaction, why);
  },
};
