// Frame time with 0, 100 and 1,000 hotspots while the camera orbits (every
// marker moves every frame), in headless Chromium against a built site:
//
//   cd tests/e2e && PAVILION_SITE=/work/main/dist node bench/markers.mjs
//
// Prints mean, median and 95th-percentile frame times per count and each
// count's ratio to the scene with none, measured in the same run. Not a
// test: SwiftShader renders on the CPU, so absolute times say little; the
// ratios say what the markers cost.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SITE, startServer, launch, openViewer, waitReady, still, servedCopy } from '../harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const COUNTS = (process.env.COUNTS || '0,100,1000').split(',').map(Number);
const SECONDS = Number(process.env.SECONDS || 8);
// Small, so SwiftShader's rendering does not drown what the markers cost.
const [W, H] = (process.env.VIEWPORT || '480x360').split('x').map(Number);
const gallery = JSON.parse(fs.readFileSync(path.join(SITE, 'assets/scenes/gallery/scene.json'), 'utf8'));

/** The gallery with `n` hotspots spread around its own five. */
function sceneWith(n) {
  const scene = servedCopy(gallery, '/assets/scenes/gallery/');
  const seeds = gallery.hotspots.filter((h) => h.position);
  scene.hotspots = Array.from({ length: n }, (_, i) => {
    const s = seeds[i % seeds.length];
    const jitter = (k) => s.position[k] + (((i * 7919 + k * 104729) % 1000) / 1000 - 0.5) * 0.6;
    return { id: `p${i}`, position: [0, 1, 2].map(jitter), title: { en: `Point ${i + 1}` }, body: { en: `About point ${i + 1}.` } };
  });
  scene.tours = [];
  scene.categories = [];
  return scene;
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { frames: s.length, mean: s.reduce((a, b) => a + b, 0) / s.length, p50: q(0.5), p95: q(0.95) };
};

/** Times the page's handling of the viewer's messages (the marker renderer
 *  runs there): the host object each viewer claims as it starts
 *  (web/viewer.js) gets a timed `event`. */
async function timePageSide(page) {
  await page.addInitScript(() => {
    window.__pageMs = 0;
    let hosts;
    Object.defineProperty(globalThis, '__pavilionHost', {
      configurable: true,
      get: () => hosts,
      set(value) {
        const claim = value.claim;
        value.claim = () => {
          const host = claim();
          const event = host.event.bind(host);
          host.event = (kind, json) => {
            const t = performance.now();
            event(kind, json);
            window.__pageMs += performance.now() - t;
          };
          return host;
        };
        hosts = value;
      },
    });
  });
}

const { server, base } = await startServer();
const browser = await launch();
const results = [];
try {
  for (const n of COUNTS) {
    const file = path.join(here, '..', 'fixtures', `bench-${n}.tmp.json`);
    fs.writeFileSync(file, JSON.stringify(sceneWith(n)));
    const v = await openViewer(browser, `${base}?scene=/fixtures/bench-${n}.tmp.json`, { viewport: { width: W, height: H }, setup: timePageSide });
    const r = await waitReady(v.page, v.started);
    if (!r.ok) throw new Error(`${n} hotspots: ${JSON.stringify(r.error)}\n${v.logs.join('\n')}`);
    await still(v.page);
    await v.page.evaluate(() => {
      window.__pageMs = 0;
    });
    await v.page.focus('#pavilion-canvas');
    await v.page.keyboard.down('ArrowLeft');
    const times = await v.page.evaluate(
      (ms) =>
        new Promise((resolve) => {
          const out = [];
          let last = performance.now();
          const end = last + ms;
          const tick = (t) => {
            out.push(t - last);
            last = t;
            if (t < end) requestAnimationFrame(tick);
            else resolve(out.slice(1));
          };
          requestAnimationFrame(tick);
        }),
      SECONDS * 1000,
    );
    await v.page.keyboard.up('ArrowLeft');
    const shown = await v.page.evaluate(() => pavilion.hotspots().filter((h) => h.visible).length);
    const pageMs = await v.page.evaluate(() => window.__pageMs);
    results.push({ n, shown, ...stats(times), page: pageMs / times.length });
    await v.context.close();
  }
} finally {
  await browser.close();
  server.close();
}
const zero = results.find((r) => r.n === 0) ?? results[0];
console.log(`viewport ${W}×${H}, ${SECONDS} s orbiting per count`);
console.log('hotspots  visible  frames  mean ms  p50 ms  p95 ms  page ms/frame  mean ratio to 0');
for (const r of results) {
  console.log(
    [String(r.n).padStart(8), String(r.shown).padStart(7), String(r.frames).padStart(7), r.mean.toFixed(1).padStart(8), r.p50.toFixed(1).padStart(7), r.p95.toFixed(1).padStart(7), r.page.toFixed(2).padStart(14), (r.mean / zero.mean).toFixed(2).padStart(16)].join(' '),
  );
}
