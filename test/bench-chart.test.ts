// The scale chart of the bench (bench/chart.ts): a well-formed SVG carrying its points and legend.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeXml, formatCount, formatMs, lineChart } from '../bench/chart.ts';
import { scaleSvg, type ScaleRow } from '../bench/scale.ts';

/** Every tag closed in order (self-closing ones aside); returns the element names met. */
function assertBalanced(svg: string): string[] {
  const stack: string[] = [];
  const names: string[] = [];
  for (const [, closing, name, selfClosing] of svg.matchAll(/<(\/?)([a-zA-Z][\w:-]*)\b[^>]*?(\/?)>/g)) {
    if (closing) assert.equal(stack.pop(), name, `</${name}> closes the open element`);
    else {
      names.push(name!);
      if (!selfClosing) stack.push(name!);
    }
  }
  assert.deepEqual(stack, [], 'every element is closed');
  return names;
}

test('chart: a well-formed SVG with a log x axis, one polyline and marker per point, a legend and escaped text', () => {
  const svg = lineChart({
    title: 'Cost <as> "N" grows & more',
    xLabel: 'N',
    yLabel: 'p95',
    series: [
      { name: 'ticket list', points: [{ x: 1000, y: 4 }, { x: 10_000, y: 5 }, { x: 100_000, y: 6 }] },
      { name: 'order view', points: [{ x: 100_000, y: 900 }, { x: 1000, y: 12 }, { x: 10_000, y: 95 }], dashed: true },
    ],
    guides: [{ y: 30, label: 'target 30 ms' }],
    proportionalGuide: true,
  });
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" [^>]*viewBox="0 0 \d+ \d+"/);
  assert.ok(svg.trimEnd().endsWith('</svg>'));
  const names = assertBalanced(svg);
  assert.equal(names.filter((n) => n === 'polyline').length, 2, 'one line per series');
  assert.ok(svg.includes('Cost &lt;as&gt; &quot;N&quot; grows &amp; more'), 'the title is escaped');
  assert.ok(!/<[^>]*&(?!amp;|lt;|gt;|quot;|apos;)/.test(svg), 'no bare ampersand');
  for (const tick of ['>1k<', '>10k<', '>100k<']) assert.ok(svg.includes(tick), `x tick ${tick}`);
  for (const tick of ['>1 ms<', '>10 ms<', '>100 ms<', '>1 s<']) assert.ok(svg.includes(tick), `y tick ${tick}`);
  for (const point of ['ticket list, N = 1k: 4 ms', 'ticket list, N = 100k: 6 ms', 'order view, N = 100k: 900 ms']) assert.ok(svg.includes(`<title>${point}</title>`), point);
  assert.equal((svg.match(/<title>[^<]*, N = /g) ?? []).length, 6, 'one marker per point');
  assert.ok(svg.includes('>ticket list<') && svg.includes('>order view<'), 'legend names');
  assert.ok(svg.includes('900 ms at N = 100k'), 'the legend gives the last value');
  assert.ok(svg.includes('target 30 ms') && svg.includes('cost ∝ N'), 'guides');
  assert.equal((svg.match(/stroke-dasharray="7 4"/g) ?? []).length, 2, 'the dashed series: its line and its legend sample');
  // The series' points are drawn left to right whatever their order: x grows along the polyline.
  const lines = [...svg.matchAll(/<polyline points="([^"]+)"/g)].map((m) => m[1]!.split(' ').map((p) => p.split(',').map(Number)));
  for (const line of lines) assert.deepEqual(line.map(([x]) => x), [...line.map(([x]) => x!)].sort((a, b) => a - b));
  // Log scale: 1k → 10k and 10k → 100k are the same width.
  const xs = lines[0]!.map(([x]) => x!);
  assert.ok(Math.abs(xs[1]! - xs[0]! - (xs[2]! - xs[1]!)) < 0.2);
});

test('chart: formats and a linear y axis', () => {
  assert.equal(formatCount(1000), '1k');
  assert.equal(formatCount(100_000), '100k');
  assert.equal(formatCount(2_500_000), '2.5M');
  assert.equal(formatMs(0.5), '0.5 ms');
  assert.equal(formatMs(23.4), '23 ms');
  assert.equal(formatMs(1500), '1.5 s');
  assert.equal(escapeXml(`a<b>&"c'`), 'a&lt;b&gt;&amp;&quot;c&apos;');
  const svg = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', yScale: 'linear', series: [{ name: 's', points: [{ x: 1000, y: 7 }, { x: 10_000, y: 43 }] }] });
  assertBalanced(svg);
  assert.ok(svg.includes('>0 ms<') && svg.includes('>50 ms<'), 'ticks from 0 to a round top');
  assert.ok(svg.includes('>y<') && !svg.includes('>y (log scale)<'), 'the y axis does not say log');
});

test('chart: the scale chart of both databases, PostgreSQL solid and PGlite dashed', () => {
  const rows = (p95: number): ScaleRow[] => ['order view', 'ticket list', 'ticket timesheets', 'invoice creation'].flatMap((measure, i) =>
    [1000, 10_000].map((step) => ({ step, measure: measure as ScaleRow['measure'], samples: 200, p50: p95 / 2, p95: p95 * (i + 1) * (step / 1000), max: p95 * 9, detail: '' })));
  const svg = scaleSvg({
    postgresql: { measuredAt: '2026-12-04T00:00:00Z', machine: 'm', rows: rows(3) },
    pglite: { measuredAt: '2026-12-05T00:00:00Z', machine: 'm', rows: rows(5) },
  });
  assertBalanced(svg);
  assert.equal((svg.match(/<polyline /g) ?? []).length, 8);
  assert.ok(svg.includes('>ticket list (PostgreSQL)<') && svg.includes('>invoice creation (PGlite)<'));
  assert.ok(svg.includes('2026-12-04, 2026-12-05'));
  // One measure, one color on both databases.
  const colors = [...svg.matchAll(/<polyline [^>]*stroke="(#[0-9A-F]+)"/g)].map((m) => m[1]);
  assert.deepEqual(colors.slice(0, 4), colors.slice(4));
});
