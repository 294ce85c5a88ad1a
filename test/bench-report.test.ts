// The CI gate of the quick bench (bench/report.ts): a ratio under half of the recorded one fails.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkRatios, recordedRatios, type Row } from '../bench/report.ts';

const row = (key: string, value: number): Row => ({ metric: key, value: '', target: '—', ok: null, ratio: { key, value } });

test('the recorded quick ratios are read from their block in docs/performance.md', () => {
  const doc = 'text\n<!-- bench:quick-ratios -->\nRecorded today:\n\n```json\n{ "ratios": { "post": 0.4, "pdf": 0.002 } }\n```\n<!-- /bench:quick-ratios -->\n';
  assert.deepEqual(recordedRatios(doc), { post: 0.4, pdf: 0.002 });
  assert.throws(() => recordedRatios('no block here'), /no recorded quick ratios/);
  const committed = recordedRatios();
  assert.ok(Object.keys(committed).length >= 3 && Object.values(committed).every((v) => v > 0), 'the committed file carries positive ratios');
});

test('a ratio at half of the recorded one passes, under half fails, and a measure never recorded fails', () => {
  const recorded = { post: 0.4, orderView: 0.5 };
  const quiet = () => {};
  const log = console.log;
  console.log = quiet;
  try {
    assert.equal(checkRatios([row('post', 0.2), row('orderView', 0.9)], 'test', recorded), true);
    assert.equal(checkRatios([row('post', 0.19), row('orderView', 0.9)], 'test', recorded), false);
    assert.equal(checkRatios([row('post', 0.4), row('newMeasure', 1)], 'test', recorded), false);
    assert.equal(checkRatios([{ ...row('post', 0), ratio: null }], 'test', recorded), true, 'rows without a ratio are not gated');
  } finally {
    console.log = log;
  }
});
