import { strict as assert } from 'node:assert';
import { deadlineAfter, durationMs, StatementTimeoutMirror } from '../../../core/db/deadline';
import { noAnswerFailure } from '../../../core/db/errors';

describe('client-side deadlines of a PostgreSQL session', () => {
  it('waits past the statement timeout by a grace (at least 2 s, 10% of long timeouts); no timeout, no deadline', () => {
    assert.equal(deadlineAfter(0), 0);
    assert.equal(deadlineAfter(2_000), 4_000);
    assert.equal(deadlineAfter(60_000), 66_000);
  });

  it('reads time settings as PostgreSQL does (a bare number is milliseconds)', () => {
    assert.equal(durationMs('250'), 250);
    assert.equal(durationMs('30s'), 30_000);
    assert.equal(durationMs("'5min'"), 300_000);
    assert.equal(durationMs('1h'), 3_600_000);
    assert.equal(durationMs('0'), 0);
    assert.equal(durationMs('DEFAULT'), undefined);
  });

  it('follows the statement_timeout the session sets: SET LOCAL until the transaction ends, SET for the session', () => {
    const mirror = new StatementTimeoutMirror(60_000);
    mirror.observe('BEGIN TRANSACTION READ ONLY');
    mirror.observe('SET LOCAL statement_timeout = 2000');
    assert.equal(mirror.currentMs, 2_000);
    mirror.observe('ROLLBACK TO SAVEPOINT s');
    assert.equal(mirror.currentMs, 2_000, 'a savepoint rollback leaves the transaction going');
    mirror.observe('ROLLBACK');
    assert.equal(mirror.currentMs, 60_000);
    mirror.observe('set statement_timeout to 0');
    assert.equal(mirror.currentMs, 0);
    mirror.observe("SET SESSION statement_timeout = '5s'");
    assert.equal(mirror.currentMs, 5_000);
    mirror.observe('SELECT 1');
    mirror.observe('SET statement_timeout = DEFAULT');
    assert.equal(mirror.currentMs, 5_000, 'an unknown value changes nothing we can follow');
  });

  it('says what became of the query when the connection was dropped', () => {
    assert.equal(noAnswerFailure('u@h:5432/db', 4_000, 'cancelled').message, 'No answer from u@h:5432/db within 4 s: the connection was dropped; the query was cancelled on the server.');
    assert.equal(noAnswerFailure('u@h:5432/db', 12_345, 'unreachable').message, 'No answer from u@h:5432/db within 12.3 s: the connection was dropped; the query could not be cancelled: the server may still run it.');
  });
});
