// Where an incremental trace starts and where it keeps its snapshot (core/trace/snapshot.ts): from the snapshot only
// when every file before it is unchanged and the run's setting is the same; the snapshot goes before the file that
// changed, or before the last one on a first run.
import { strict as assert } from 'node:assert';
import { TraceSnapshots } from '../../../core/trace/snapshot';

const state = { notes: [] };
const keep = (s: TraceSnapshots, keys: string[], index: number, setting = 'x'): Promise<void> => s.keep(keys.slice(0, index), setting, new Blob([`data before ${index}`]), state, []);

describe('incremental trace: where a run starts and where it keeps its snapshot', () => {
  it('a first run applies everything and takes no snapshot (it runs while the editor starts)', () => {
    const plan = new TraceSnapshots().plan(['a', 'b', 'c'], 'x');
    assert.equal(plan.from, undefined);
    assert.equal(plan.start, 0);
    assert.equal(plan.snapshotAt, undefined);
  });

  it('the run after an edit keeps the database before the edited file', () => {
    const s = new TraceSnapshots();
    s.plan(['a', 'b', 'c'], 'x');
    const plan = s.plan(['a', 'b', 'c2'], 'x');
    assert.equal(plan.from, undefined);
    assert.equal(plan.snapshotAt, 2);
  });

  it('an edit of the last file resumes from the snapshot before it and keeps that one', async () => {
    const s = new TraceSnapshots();
    s.plan(['a', 'b', 'c'], 'x');
    await keep(s, ['a', 'b', 'c'], 2);
    const plan = s.plan(['a', 'b', 'c2'], 'x');
    assert.equal(plan.start, 2);
    assert.equal(await plan.from?.data.text(), 'data before 2');
    assert.equal(plan.snapshotAt, undefined, 'the snapshot there is the one wanted');
  });

  it('a new migration after the last resumes from the snapshot and moves it before the new file', async () => {
    const s = new TraceSnapshots();
    s.plan(['a', 'b', 'c'], 'x');
    await keep(s, ['a', 'b', 'c'], 2);
    const plan = s.plan(['a', 'b', 'c', 'd'], 'x');
    assert.equal(plan.start, 2);
    assert.equal(plan.snapshotAt, 3);
  });

  it('an edit before the snapshot applies everything again, with the snapshot before the edited file', async () => {
    const s = new TraceSnapshots();
    s.plan(['a', 'b', 'c'], 'x');
    await keep(s, ['a', 'b', 'c'], 2);
    const plan = s.plan(['a', 'b2', 'c'], 'x');
    assert.equal(plan.from, undefined);
    assert.equal(plan.start, 0);
    assert.equal(plan.snapshotAt, 1);
  });

  it('another setting (an extension more, a partial history) never resumes', async () => {
    const s = new TraceSnapshots();
    s.plan(['a', 'b', 'c'], 'x');
    await keep(s, ['a', 'b', 'c'], 2);
    const plan = s.plan(['a', 'b', 'c2'], 'y');
    assert.equal(plan.from, undefined);
    assert.equal(plan.start, 0);
  });

  it('nothing changed: resumes before the last file again', async () => {
    const s = new TraceSnapshots();
    s.plan(['a', 'b'], 'x');
    await keep(s, ['a', 'b'], 1);
    const plan = s.plan(['a', 'b'], 'x');
    assert.equal(plan.start, 1);
    assert.equal(plan.snapshotAt, undefined);
  });
});
