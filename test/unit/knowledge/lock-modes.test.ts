// The conflict matrix as the "Explicit Locking" chapter prints it, and the helpers over it.
import { strict as assert } from 'node:assert';
import { LOCK_MODES, describeLockMode, lockConflicts, strongerLock } from '../../../core/knowledge/locks';

// Rows and columns in LOCK_MODES order; X = conflict (Table 13.2 of the PostgreSQL documentation).
const MATRIX = [
  '.......X',
  '......XX',
  '....XXXX',
  '...XXXXX',
  '..XX.XXX',
  '..XXXXXX',
  '.XXXXXXX',
  'XXXXXXXX',
];

describe('lock modes', () => {
  it('conflict as the documentation table says', () => {
    LOCK_MODES.forEach((a, i) => LOCK_MODES.forEach((b, j) => assert.equal(lockConflicts(a, b), MATRIX[i][j] === 'X', `${a} vs ${b}`)));
  });

  it('the stronger mode wins', () => {
    assert.equal(strongerLock('SHARE', 'ACCESS EXCLUSIVE'), 'ACCESS EXCLUSIVE');
    assert.equal(strongerLock('SHARE ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE'), 'SHARE ROW EXCLUSIVE');
  });

  it('describes what each mode blocks and allows', () => {
    assert.match(describeLockMode('SHARE').blocks, /writes/);
    assert.match(describeLockMode('SHARE').allows, /reads/);
    assert.match(describeLockMode('ACCESS EXCLUSIVE').blocks, /reads and writes/);
    for (const mode of LOCK_MODES) assert.ok(describeLockMode(mode).blocks.length > 0);
  });
});
