/**
 * sqitch: `deploy/<change>.sql` in sqitch.plan order, run with psql; sqitch opens no transaction, so the
 * script's own BEGIN ... COMMIT decide (its templates write them). revert/ and verify/ never run on deploy.
 */
import { wholeFile, type MigrationTool } from './types';

export const sqitch: MigrationTool = {
  id: 'sqitch',
  name: 'sqitch',
  docs: 'https://sqitch.org/docs/manual/sqitch-deploy/',
  sections: (document, context) => wholeFile(document, context, 'none', 'sqitch runs the script with psql; only its own BEGIN ... COMMIT make a transaction'),
};
