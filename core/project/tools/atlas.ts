/** Atlas versioned migrations (a folder with atlas.sum): each file in its own transaction unless `-- atlas:txmode none`. */
import { wholeFile, type MigrationTool } from './types';

export const atlas: MigrationTool = {
  id: 'atlas',
  name: 'Atlas',
  docs: 'https://atlasgo.io/versioned/apply#transaction-configuration',
  sections(document, context) {
    const none = /^--\s*atlas:txmode\s+none\b/im.test(document.text);
    return wholeFile(document, context, none ? 'none' : 'tool', none ? 'Atlas runs this file outside a transaction (atlas:txmode none)' : 'Atlas runs each file in a transaction');
  },
};
