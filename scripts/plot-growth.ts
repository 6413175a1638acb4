/**
 * Draws bench/growth.ts's result as a PNG: seconds against recipients for the publish, its raw INSERT … SELECT limit
 * and the board's counts. The chart is an SVG written here and rendered by Debian's chromium through playwright-core
 * (already a dev dependency of the browser tests), so no charting library is needed.
 * Usage: npm run plot:growth -- <file with the benchmark's last line, or several lines: the last one counts> [out.png]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

interface Step { recipients: number; publishSeconds: number; rawInsertSelectSeconds: number; rawWithHistorySeconds?: number; boardMs: { median: number } }

const [input, output = 'docs/growth.png'] = process.argv.slice(2);
if (!input) { process.stderr.write('usage: plot-growth <growth result file> [out.png]\n'); process.exit(2); }
const steps = (JSON.parse(readFileSync(input, 'utf8').trim().split('\n').pop()!) as { steps: Step[] }).steps;

const width = 820, height = 460, left = 70, right = 200, top = 40, bottom = 60;
const maxX = Math.max(...steps.map((s) => s.recipients));
const series = [
  { name: 'publish', color: '#c0392b', value: (s: Step) => s.publishSeconds },
  { name: 'raw INSERT…SELECT', color: '#7f8c8d', value: (s: Step) => s.rawInsertSelectSeconds },
  // Runs before the raw write into tables holding the earlier rows was measured have no such series.
  ...(steps.every((s) => s.rawWithHistorySeconds !== undefined)
    ? [{ name: 'raw, among earlier rows', color: '#b7950b', value: (s: Step) => s.rawWithHistorySeconds! }] : []),
  { name: 'board counts', color: '#2471a3', value: (s: Step) => s.boardMs.median / 1000 },
];
const maxY = Math.ceil(Math.max(...steps.flatMap((s) => series.map((l) => l.value(s)))) * 1.1);
const x = (v: number) => left + (v / maxX) * (width - left - right);
const y = (v: number) => height - bottom - (v / maxY) * (height - top - bottom);
const ticks = (max: number, n: number) => Array.from({ length: n + 1 }, (_, i) => (max * i) / n);
const label = (v: number) => (v >= 1e6 ? `${+(v / 1e6).toFixed(1)}M` : v >= 1e3 ? `${Math.round(v / 1e3)}k` : String(v));

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="13">
<rect width="100%" height="100%" fill="white"/>
<text x="${left}" y="24" font-size="16" font-weight="bold">Publish and board against recipients (PostgreSQL, 2 cores)</text>
${ticks(maxX, 5).map((t) => `<line x1="${x(t)}" x2="${x(t)}" y1="${top}" y2="${height - bottom}" stroke="#eee"/><text x="${x(t)}" y="${height - bottom + 18}" text-anchor="middle">${label(t)}</text>`).join('')}
${ticks(maxY, 5).map((t) => `<line x1="${left}" x2="${width - right}" y1="${y(t)}" y2="${y(t)}" stroke="#eee"/><text x="${left - 8}" y="${y(t) + 4}" text-anchor="end">${+t.toFixed(1)}</text>`).join('')}
<text x="${(left + width - right) / 2}" y="${height - 18}" text-anchor="middle">recipients</text>
<text transform="translate(20 ${(top + height - bottom) / 2}) rotate(-90)" text-anchor="middle">seconds</text>
${series.map((l, i) => `<polyline fill="none" stroke="${l.color}" stroke-width="2.5" points="${steps.map((s) => `${x(s.recipients)},${y(l.value(s))}`).join(' ')}"/>
${steps.map((s) => `<circle cx="${x(s.recipients)}" cy="${y(l.value(s))}" r="4" fill="${l.color}"/>`).join('')}
<rect x="${width - right + 15}" y="${top + 10 + i * 24}" width="14" height="14" fill="${l.color}"/><text x="${width - right + 35}" y="${top + 22 + i * 24}">${l.name}</text>`).join('\n')}
</svg>`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.setContent(`<html><body style="margin:0">${svg}</body></html>`);
  writeFileSync(output, await page.screenshot({ clip: { x: 0, y: 0, width, height } }));
  process.stderr.write(`wrote ${output}\n`);
} finally {
  await browser.close();
}
