// When the language server waits before analysing an edit (server/edit-delay.ts): only while changes come fast and
// after analyses that were all expensive, never because of the cold first ones after an open.
import { strict as assert } from 'node:assert';
import { CHEAP_ANALYSIS_MS, DEBOUNCE_MS, editDelay, RECENT_ANALYSES, withCost, type AnalysisCost } from '../../../server/edit-delay';

const costs = (...took: number[]): AnalysisCost[] => took.reduce<AnalysisCost[]>((out, t) => [...withCost(out, { took: t, ended: 1_000 })], []);

describe('server: the delay before an edit is analysed', () => {
  it('does not wait before any analysis after an edit was measured, or with fewer than the recent few', () => {
    assert.equal(editDelay([], 1_000), 0);
    assert.equal(editDelay(costs(400, 400).slice(0, RECENT_ANALYSES - 1), 1_000, 950), 0);
  });

  it('does not wait when one of the recent analyses was cheap: a cold first analysis after an open delays nothing', () => {
    // As measured on the lago dump: the first analyses after the open 201 and 171 ms, then warm ones.
    assert.equal(editDelay(costs(201, 171, 82), 1_000, 950), 0);
    assert.equal(editDelay(costs(201, 171, CHEAP_ANALYSIS_MS), 1_000, 950), 0);
    // One slow analysis (a collection, a large paste) among quick ones does not delay the next edit either.
    assert.equal(editDelay(costs(60, 60, 240), 1_000, 950), 0);
  });

  it('while changes come fast: waits about as long as the cheapest recent analysis took, from when the last one ended, at most DEBOUNCE_MS', () => {
    assert.equal(editDelay(costs(300, 120, 500), 1_000, 950), 120);
    assert.equal(editDelay(costs(300, 120, 500), 1_050, 1_000), 70);
    assert.equal(editDelay(costs(300, 120, 500), 2_000, 1_950), 0);
    assert.equal(editDelay(costs(400, 400, 400), 1_000, 950), DEBOUNCE_MS);
  });

  it('does not wait for an edit after a pause, however expensive the analyses were', () => {
    assert.equal(editDelay(costs(400, 400, 400), 1_000), 0, 'the first change since the open');
    assert.equal(editDelay(costs(400, 400, 400), 1_000, 1_000 - DEBOUNCE_MS), 0);
    assert.equal(editDelay(costs(400, 400, 400), 1_000, 1_001 - DEBOUNCE_MS), DEBOUNCE_MS);
  });

  it('weighs only the most recent analyses', () => {
    const recent = costs(50, 400, 400, 400);
    assert.equal(recent.length, RECENT_ANALYSES);
    assert.equal(editDelay(recent, 1_000, 950), DEBOUNCE_MS);
  });
});
