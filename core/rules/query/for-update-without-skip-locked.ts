import type { SelectStmt } from '@pgsql/types';
import { defineRule } from '../types';
import { asNode } from '../../parse/ast';

export default defineRule({
  meta: {
    id: 'for-update-without-skip-locked',
    category: 'query',
    defaultSeverity: 'info',
    fixable: true,
    scope: 'statement',
    docs: {
      summary: '`SELECT ... LIMIT n FOR UPDATE` without SKIP LOCKED or NOWAIT: the job-queue pattern where workers queue behind each other.',
      why:
        'A worker that takes "the next n rows" with `FOR UPDATE` locks them until it commits. Every other worker ' +
        'running the same query finds the same first rows, blocks on their row locks, and when the first commits ' +
        're-checks them and usually gets fewer rows than asked for. Workers run one after another instead of in ' +
        'parallel, and a slow job stalls the whole queue.',
      instead:
        'Add `SKIP LOCKED` (PostgreSQL 9.5+) so each worker takes rows nobody holds: ' +
        '`SELECT ... ORDER BY id LIMIT 10 FOR UPDATE SKIP LOCKED`. Use `NOWAIT` instead when waiting is never ' +
        'acceptable and the caller retries. The quick fix adds SKIP LOCKED: it is a change of meaning (locked ' +
        'rows are left out), which is what a queue wants.',
      bad: "SELECT id, payload FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 10 FOR UPDATE;",
      good:
        "SELECT id, payload FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 10 FOR UPDATE SKIP LOCKED;\n" +
        'SELECT balance FROM accounts WHERE id = 42 FOR UPDATE;',
      fixed: "SELECT id, payload FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 10 FOR UPDATE SKIP LOCKED;",
    },
  },
  create(context) {
    return {
      SelectStmt(node: SelectStmt, { statement }) {
        if (!node.limitCount || !node.lockingClause) return;
        if (asNode(node.limitCount, 'A_Const')?.isnull) return;
        for (const c of node.lockingClause) {
          const locking = asNode(c, 'LockingClause');
          if (!locking || locking.waitPolicy !== 'LockWaitBlock') continue;
          if (locking.strength !== 'LCS_FORUPDATE' && locking.strength !== 'LCS_FORNOKEYUPDATE') continue;
          // The locking clause has no location: find its words after the start of this SELECT's target list.
          const from = statement.offsetOfLocation(asNode(node.targetList?.[0], 'ResTarget')?.location);
          const words = locking.strength === 'LCS_FORUPDATE' ? ['FOR', 'UPDATE'] : ['FOR', 'NO', 'KEY', 'UPDATE'];
          const tokens = statement.tokens();
          let range: { start: number; end: number } | undefined;
          for (let i = 0; i + words.length <= tokens.length && !range; i++) {
            if (tokens[i].start < from) continue;
            if (words.every((w, k) => tokens[i + k].text.toUpperCase() === w)) range = { start: tokens[i].start, end: tokens[i + words.length - 1].end };
          }
          // With `FOR UPDATE OF t` the fix would go after the table list; only the plain form is rewritten.
          const next = range ? tokens.find((t) => t.start >= range!.end) : undefined;
          const plain = range && (locking.lockedRels?.length ?? 0) === 0 && (!next || next.text === ';' || next.end > statement.end);
          context.report({
            range: range ?? statement.headRange(),
            message: 'LIMIT ... FOR UPDATE without SKIP LOCKED: concurrent workers wait for each other\'s rows; add SKIP LOCKED (or NOWAIT).',
            fixes: plain && range ? [{ title: 'Add SKIP LOCKED', edits: [{ range: { start: range.end, end: range.end }, newText: ' SKIP LOCKED' }] }] : [],
          });
          return;
        }
      },
    };
  },
});
