// A dependency-free SVG line chart for the bench's scale curves: log-scale x (N), log or linear y,
// one line per series with a legend, axis labels and a title. Drawn on a white background with dark
// text so it reads the same in GitHub's light and dark modes.

export interface ChartPoint {
  x: number;
  y: number;
}

export interface ChartSeries {
  name: string;
  points: ChartPoint[];
  /** Drawn dashed (e.g. the other database). */
  dashed?: boolean;
  /** Which color and marker (default: the series' place); series of one measure share one. */
  style?: number;
}

export interface ChartOptions {
  title: string;
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  /** The y axis: logarithmic (default; curves from 1 ms to seconds) or linear from 0. */
  yScale?: 'log' | 'linear';
  /** Horizontal reference lines, e.g. a target. */
  guides?: Array<{ y: number; label: string }>;
  /** A dotted line of slope 1 on log-log axes from the lower-left corner: what "cost ∝ N" looks like. */
  proportionalGuide?: boolean;
  /** Text of a y value (ticks and legend); milliseconds by default. */
  formatY?: (y: number) => string;
  width?: number;
  height?: number;
}

const COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000']; // Okabe–Ito
const MARKERS = ['circle', 'square', 'triangle', 'diamond'] as const;
const FONT = 'font-family="-apple-system, Segoe UI, Helvetica, Arial, sans-serif"';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const num = (n: number) => String(Math.round(n * 10) / 10);

/** 1000 → "1k", 100000 → "100k", 2500000 → "2.5M". */
export function formatCount(n: number): string {
  const short = (v: number, unit: string) => `${Number.isInteger(v) ? v : v.toFixed(1).replace(/\.0$/, '')}${unit}`;
  if (n >= 1e6) return short(n / 1e6, 'M');
  if (n >= 1e3) return short(n / 1e3, 'k');
  return String(n);
}

/** 0.5 → "0.5 ms", 20 → "20 ms", 1500 → "1.5 s". */
export function formatMs(ms: number): string {
  if (ms >= 1000) return `${Number((ms / 1000).toPrecision(3))} s`;
  if (ms >= 10) return `${Math.round(ms)} ms`;
  return `${Number(ms.toPrecision(2))} ms`;
}

/** Decades [10^lo, 10^hi] around the values (at least one decade wide). */
function logDomain(values: number[]): [number, number] {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (positive.length === 0) return [0, 1];
  const lo = Math.floor(Math.log10(Math.min(...positive)));
  const hi = Math.ceil(Math.log10(Math.max(...positive)));
  return [lo, hi > lo ? hi : lo + 1];
}

/** A round upper bound and step for a linear axis from 0. */
function linearDomain(values: number[]): { max: number; step: number } {
  const top = Math.max(...values.filter(Number.isFinite), 0) || 1;
  const raw = top / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  return { max: Math.ceil(top / step) * step, step };
}

function marker(kind: (typeof MARKERS)[number], x: number, y: number, color: string, label: string): string {
  const title = `<title>${escapeXml(label)}</title>`;
  const style = `fill="${color}" stroke="#ffffff" stroke-width="1"`;
  switch (kind) {
    case 'circle': return `<circle cx="${num(x)}" cy="${num(y)}" r="4.5" ${style}>${title}</circle>`;
    case 'square': return `<rect x="${num(x - 4)}" y="${num(y - 4)}" width="8" height="8" ${style}>${title}</rect>`;
    case 'triangle': return `<polygon points="${num(x)},${num(y - 5)} ${num(x + 5)},${num(y + 4)} ${num(x - 5)},${num(y + 4)}" ${style}>${title}</polygon>`;
    case 'diamond': return `<polygon points="${num(x)},${num(y - 5.5)} ${num(x + 5.5)},${num(y)} ${num(x)},${num(y + 5.5)} ${num(x - 5.5)},${num(y)}" ${style}>${title}</polygon>`;
  }
}

/** The chart as a standalone SVG document. */
export function lineChart(o: ChartOptions): string {
  const width = o.width ?? 820;
  const height = o.height ?? 460;
  const fmt = o.formatY ?? formatMs;
  const logY = (o.yScale ?? 'log') === 'log';
  const margin = { left: 78, right: 250, top: o.subtitle ? 70 : 52, bottom: 58 };
  const plot = { x: margin.left, y: margin.top, w: width - margin.left - margin.right, h: height - margin.top - margin.bottom };
  const points = o.series.flatMap((s) => s.points);
  const ys = [...points.map((p) => p.y), ...(o.guides ?? []).map((g) => g.y)];

  const [xLo, xHi] = logDomain(points.map((p) => p.x));
  const px = (x: number) => plot.x + ((Math.log10(x) - xLo) / (xHi - xLo)) * plot.w;
  let py: (y: number) => number;
  const yTicks: Array<{ y: number; major: boolean }> = [];
  let yMin: number;
  let yMax: number;
  if (logY) {
    const [lo, hi] = logDomain(ys);
    [yMin, yMax] = [10 ** lo, 10 ** hi];
    py = (y) => plot.y + plot.h - ((Math.log10(Math.max(y, yMin)) - lo) / (hi - lo)) * plot.h;
    for (let d = lo; d <= hi; d++) {
      for (const m of d < hi ? [1, 2, 5] : [1]) yTicks.push({ y: m * 10 ** d, major: m === 1 });
    }
  } else {
    const { max, step } = linearDomain(ys);
    [yMin, yMax] = [0, max];
    py = (y) => plot.y + plot.h - (y / max) * plot.h;
    for (let v = 0; v <= max + step / 2; v += step) yTicks.push({ y: v, major: true });
  }

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(o.title)}">`);
  out.push(`<title>${escapeXml(o.title)}</title>`);
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${margin.left}" y="26" ${FONT} font-size="17" font-weight="600" fill="#1f2328">${escapeXml(o.title)}</text>`);
  if (o.subtitle) out.push(`<text x="${margin.left}" y="47" ${FONT} font-size="12" fill="#59636e">${escapeXml(o.subtitle)}</text>`);

  // Grid and axes.
  out.push(`<g ${FONT} font-size="11" fill="#59636e">`);
  for (const t of yTicks) {
    const y = py(t.y);
    out.push(`<line x1="${plot.x}" y1="${num(y)}" x2="${plot.x + plot.w}" y2="${num(y)}" stroke="${t.major ? '#d1d9e0' : '#eef1f4'}" stroke-width="1"/>`);
    out.push(`<text x="${plot.x - 8}" y="${num(y + 4)}" text-anchor="end">${escapeXml(fmt(t.y))}</text>`);
  }
  for (let d = xLo; d <= xHi; d++) {
    const x = px(10 ** d);
    out.push(`<line x1="${num(x)}" y1="${plot.y}" x2="${num(x)}" y2="${plot.y + plot.h}" stroke="#d1d9e0" stroke-width="1"/>`);
    out.push(`<text x="${num(x)}" y="${plot.y + plot.h + 18}" text-anchor="middle">${escapeXml(formatCount(10 ** d))}</text>`);
    if (d < xHi) {
      for (let m = 2; m < 10; m++) {
        const xm = px(m * 10 ** d);
        out.push(`<line x1="${num(xm)}" y1="${plot.y}" x2="${num(xm)}" y2="${plot.y + plot.h}" stroke="#eef1f4" stroke-width="1"/>`);
      }
    }
  }
  out.push(`<rect x="${plot.x}" y="${plot.y}" width="${plot.w}" height="${plot.h}" fill="none" stroke="#8c959f" stroke-width="1"/>`);
  out.push(`<text x="${num(plot.x + plot.w / 2)}" y="${height - 16}" text-anchor="middle" font-size="12" fill="#1f2328">${escapeXml(o.xLabel)} (log scale)</text>`);
  out.push(`<text x="18" y="${num(plot.y + plot.h / 2)}" text-anchor="middle" font-size="12" fill="#1f2328" transform="rotate(-90 18 ${num(plot.y + plot.h / 2)})">${escapeXml(o.yLabel)}${logY ? ' (log scale)' : ''}</text>`);
  out.push('</g>');

  // Reference lines.
  if (o.proportionalGuide && logY) {
    const [x0, y0] = [10 ** xLo, yMin];
    let [x1, y1] = [10 ** xHi, yMin * 10 ** (xHi - xLo)];
    if (y1 > yMax) [x1, y1] = [x0 * (yMax / y0), yMax];
    out.push(`<line x1="${num(px(x0))}" y1="${num(py(y0))}" x2="${num(px(x1))}" y2="${num(py(y1))}" stroke="#8c959f" stroke-width="1.2" stroke-dasharray="2 4"/>`);
    out.push(`<text x="${num(px(x1) - 6)}" y="${num(py(y1) + 14)}" ${FONT} font-size="11" fill="#59636e" text-anchor="end">cost ∝ N</text>`);
  }
  for (const g of o.guides ?? []) {
    if (g.y < yMin || g.y > yMax) continue;
    const y = py(g.y);
    out.push(`<line x1="${plot.x}" y1="${num(y)}" x2="${plot.x + plot.w}" y2="${num(y)}" stroke="#cf222e" stroke-width="1" stroke-dasharray="6 4"/>`);
    out.push(`<text x="${plot.x + 6}" y="${num(y - 5)}" ${FONT} font-size="11" fill="#cf222e">${escapeXml(g.label)}</text>`);
  }

  // Series and legend (the legend gives each series' last value).
  const legendX = plot.x + plot.w + 20;
  out.push(`<g ${FONT} font-size="12" fill="#1f2328">`);
  o.series.forEach((s, i) => {
    const color = COLORS[(s.style ?? i) % COLORS.length]!;
    const kind = MARKERS[(s.style ?? i) % MARKERS.length]!;
    const sorted = [...s.points].filter((p) => p.x > 0 && Number.isFinite(p.y)).sort((a, b) => a.x - b.x);
    const dash = s.dashed ? ' stroke-dasharray="7 4"' : '';
    if (sorted.length > 1) {
      out.push(`<polyline points="${sorted.map((p) => `${num(px(p.x))},${num(py(p.y))}`).join(' ')}" fill="none" stroke="${color}" stroke-width="2.2"${dash}/>`);
    }
    for (const p of sorted) out.push(marker(kind, px(p.x), py(p.y), color, `${s.name}, N = ${formatCount(p.x)}: ${fmt(p.y)}`));
    const ly = plot.y + 10 + i * 40;
    out.push(`<line x1="${legendX}" y1="${ly}" x2="${legendX + 28}" y2="${ly}" stroke="${color}" stroke-width="2.2"${dash}/>`);
    out.push(marker(kind, legendX + 14, ly, color, s.name));
    out.push(`<text x="${legendX + 36}" y="${ly + 4}">${escapeXml(s.name)}</text>`);
    const last = sorted[sorted.length - 1];
    if (last) out.push(`<text x="${legendX + 36}" y="${ly + 20}" font-size="11" fill="#59636e">${escapeXml(`${fmt(last.y)} at N = ${formatCount(last.x)}`)}</text>`);
  });
  out.push('</g>');
  out.push('</svg>');
  return out.join('\n') + '\n';
}
