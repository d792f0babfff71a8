// `cargo xtask bench`: Pavilion's built site (`dist/`) and Google's
// <model-viewer> (pinned in bench/package.json) side by side in headless
// Chromium, in one run, on the same model files and hotspot sets, every
// file served precompressed as `dist/` ships it, runs interleaved
// (Pavilion, model-viewer, Pavilion, …). Writes target/bench/report.md and
// report.json and prints the table. Run it through xtask (it builds what is
// missing), or directly:
//
//   cd tests/e2e/bench && npm ci && PAVILION_SITE=/work/main/dist node compare.mjs
//
// RUNS (default 5) runs per case; ONLY=bytes,ready,frames,memory,scaling
// picks cases. SwiftShader renders on the CPU: absolute times are slow
// here; the ratios between the two viewers in one run are what count.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from '../harness.mjs';
import { startBenchServer } from './serve.mjs';
import { writeFixtures, COUNTS, SCALES } from './fixtures.mjs';
import { BUDGETS, judge } from './budgets.mjs';
import { render } from './report.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '../../..');
const SITE = process.env.PAVILION_SITE || path.join(ROOT, 'dist');
const OUT = process.env.PAVILION_BENCH_OUT || path.join(ROOT, 'target/bench');
const RUNS = Number(process.env.RUNS || 5);
const ONLY = new Set((process.env.ONLY || 'bytes,ready,frames,memory,scaling').split(','));
const ORBIT_SECONDS = Number(process.env.ORBIT_SECONDS || 6);
const VIEWPORT = { width: 640, height: 480 };
// An overseas visitor's link: Chromium's network emulation.
const SLOW = { offline: false, latency: 40, downloadThroughput: 10e6 / 8, uploadThroughput: 10e6 / 8 };

const MODEL_VIEWER = path.join(here, 'node_modules/@google/model-viewer/dist/model-viewer.min.js');
if (!fs.existsSync(MODEL_VIEWER)) throw new Error(`${MODEL_VIEWER} is missing: run \`npm ci\` in tests/e2e/bench (cargo xtask bench does)`);
if (!fs.existsSync(path.join(SITE, 'pavilion.js'))) throw new Error(`${SITE} holds no built site: run \`cargo xtask dist\``);

const fixtures = writeFixtures({ site: SITE, out: path.join(OUT, 'site'), modelViewer: MODEL_VIEWER });
const { server, base } = await startBenchServer({ site: SITE, bench: path.join(OUT, 'site') });
const browser = await launch();

/** One page load of `page` (a path under /bench/), measured: bytes by kind
 *  until ready, navigation → ready, the longest frame after the first,
 *  memory; then `after(page)` for more. */
async function visit(viewer, pagePath, { slow = false, after } = {}) {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US' });
  const page = await context.newPage();
  const logs = [];
  page.on('console', (m) => m.type() === 'error' && logs.push(m.text()));
  page.on('pageerror', (e) => logs.push(e.message));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (slow) await cdp.send('Network.emulateNetworkConditions', SLOW);
  const requests = new Map();
  cdp.on('Network.requestWillBeSent', ({ requestId, request, timestamp }) => requests.set(requestId, { url: request.url, start: timestamp, raw: 0, served: 0, done: false }));
  cdp.on('Network.dataReceived', ({ requestId, dataLength }) => {
    const r = requests.get(requestId);
    if (r) r.raw += dataLength;
  });
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength, timestamp }) => {
    const r = requests.get(requestId);
    if (r) Object.assign(r, { served: encodedDataLength, done: true, end: timestamp });
  });
  // Every animation frame's time from the start, to find long frames.
  // The viewer's first frame: for Pavilion the first after its wasm has
  // started (the loading screen shows until then); for model-viewer the
  // first after the element is defined (its renderer starts then).
  await page.addInitScript(() => {
    // Every WebGL context the page makes, so the orbit can wait for the
    // GPU's work (see orbit()).
    window.__gl = [];
    for (const C of [globalThis.HTMLCanvasElement, globalThis.OffscreenCanvas].filter(Boolean)) {
      const get = C.prototype.getContext;
      C.prototype.getContext = function (kind, ...rest) {
        const ctx = get.call(this, kind, ...rest);
        if (ctx && /webgl/.test(kind) && !window.__gl.includes(ctx)) window.__gl.push(ctx);
        return ctx;
      };
    }
    window.__frames = [];
    window.__firstFrame = null;
    const started = () => {
      const p = document.querySelector('pavilion-viewer');
      if (p && customElements.get('pavilion-viewer')) return p.memory().wasm != null;
      return !!(document.querySelector('model-viewer') && customElements.get('model-viewer'));
    };
    const tick = (t) => {
      window.__frames.push(t);
      if (window.__firstFrame == null && started()) window.__firstFrame = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
  await page.goto(`${base}bench/${pagePath}`);
  const ready = await page.evaluate(READY[viewer], 180000);
  if (!ready.ok) throw new Error(`${viewer} ${pagePath}: ${ready.error}\n${logs.join('\n')}`);
  const bytes = { runtime: { raw: 0, served: 0 }, scene: { raw: 0, served: 0 } };
  for (const r of requests.values()) {
    if (!r.done || r.url.includes('/bench/pages/')) continue;
    const kind = /\.(glb|gltf|bin|ktx2|hdr|jpe?g|png|webp)(\?|$)|\/bench\/scenes\//.test(r.url) ? 'scene' : 'runtime';
    bytes[kind].raw += r.raw;
    bytes[kind].served += r.served;
  }
  // When the first model was asked for, and when the (first) wasm had
  // arrived, in ms from the page's request.
  const all = [...requests.values()];
  const t0 = Math.min(...all.map((r) => r.start));
  const model = all.filter((r) => /\.(glb|gltf)(\?|$)/.test(r.url)).sort((a, b) => a.start - b.start)[0];
  const wasm = all.find((r) => /\.wasm(\?|$)/.test(r.url) && r.done);
  const order = model && wasm ? { modelStartMs: (model.start - t0) * 1000, wasmEndMs: (wasm.end - t0) * 1000 } : null;
  const longest = await page.evaluate(([start, end]) => {
    const f = window.__frames.filter((t) => t >= start && t <= end);
    let worst = 0;
    for (let i = 1; i < f.length; i++) worst = Math.max(worst, f[i] - f[i - 1]);
    return worst;
  }, [ready.firstFrame, ready.ms]);
  const memory = await measureMemory(viewer, page, cdp);
  const more = after ? await after(page) : {};
  await context.close();
  return { ms: ready.ms, bytes, longest, memory, order, ...more };
}

/** In the page: when the viewer is ready (plus one animation frame), in ms
 *  from navigation; and when it first drew (for long frames). */
const READY = {
  pavilion: (timeout) =>
    Promise.race([
      (async () => {
        await customElements.whenDefined('pavilion-viewer');
        const els = [...document.querySelectorAll('pavilion-viewer')];
        await Promise.all(els.map((el) => el.ready));
        await new Promise(requestAnimationFrame);
        return { ok: true, ms: performance.now(), firstFrame: window.__firstFrame ?? 0 };
      })().catch((e) => ({ ok: false, error: `${e.code}: ${e.message}` })),
      new Promise((r) => setTimeout(() => r({ ok: false, error: 'timeout' }), timeout)),
    ]),
  'model-viewer': (timeout) =>
    Promise.race([
      (async () => {
        await customElements.whenDefined('model-viewer');
        const els = [...document.querySelectorAll('model-viewer')];
        await Promise.all(
          els.map((el) => (el.loaded ? null : new Promise((res, rej) => {
            el.addEventListener('load', res, { once: true });
            el.addEventListener('error', (e) => rej(new Error(JSON.stringify(e.detail))), { once: true });
          }))),
        );
        await new Promise(requestAnimationFrame);
        return { ok: true, ms: performance.now(), firstFrame: window.__firstFrame ?? 0 };
      })().catch((e) => ({ ok: false, error: e.message })),
      new Promise((r) => setTimeout(() => r({ ok: false, error: 'timeout' }), timeout)),
    ]),
};

/** JS heap in use, and for Pavilion its wasm instances' memory (model-viewer
 *  keeps its geometry in JS typed arrays: counted by the JS heap's backing
 *  stores). GPU memory is not visible to the page. */
async function measureMemory(viewer, page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const wasm = viewer === 'pavilion' ? await page.evaluate(() => [...document.querySelectorAll('pavilion-viewer')].reduce((s, el) => s + (el.memory().wasm ?? 0), 0)) : 0;
  return { jsHeap: heap.usedSize, backing: heap.backingStorageSize ?? null, wasm };
}

/** In the page: orbit the camera one degree per animation frame for `ms`,
 *  returning each frame's duration. */
async function orbit(viewer, page) {
  return page.evaluate(
    ([who, ms]) =>
      new Promise((resolve, reject) => {
        let step;
        let moved;
        let start;
        if (who === 'pavilion') {
          const el = document.querySelector('pavilion-viewer');
          const { position: p, target: t, fov } = el.getCamera();
          const [dx, dz] = [p[0] - t[0], p[2] - t[2]];
          const r = Math.hypot(dx, dz);
          const a0 = Math.atan2(dz, dx);
          // Each step waits for the viewer to have applied the last: a
          // setCamera() sent every animation frame without waiting leaves
          // Pavilion's camera where it was (found by this benchmark; see the
          // README), so a Pavilion "frame" here is one applied camera step,
          // which can span two of its frames (an upper bound).
          step = (i) => {
            const a = a0 + (i * Math.PI) / 180;
            return el.setCamera({ position: [t[0] + r * Math.cos(a), p[1], t[2] + r * Math.sin(a)], target: t, fov }, { animate: false });
          };
          moved = (first) => Math.abs(el.getCamera().position[0] - first) > 1e-4;
          start = () => el.getCamera().position[0];
        } else {
          const el = document.querySelector('model-viewer');
          const o = el.getCameraOrbit();
          step = (i) => {
            el.cameraOrbit = `${o.theta + (i * Math.PI) / 180}rad ${o.phi}rad ${o.radius}m`;
            el.jumpCameraToGoal();
          };
          moved = (first) => Math.abs(el.getCameraOrbit().theta - first) > 1e-4;
          start = () => el.getCameraOrbit().theta;
        }
        const first = start();
        // WARM_UP frames first (the first turns of the camera compile
        // shaders and fill caches in both viewers), then every frame for
        // `ms`, and at least MIN_FRAMES however slow they are (up to 4 ×
        // `ms`).
        const [WARM_UP, MIN_FRAMES] = [5, 10];
        const out = [];
        let last = null;
        let end = Infinity;
        let i = 0;
        const tick = () => {
          // A frame's time is until the GPU has finished drawing it.
          // Chromium's WebGL queues the viewer's drawing to its GPU process
          // (SwiftShader here) and a page's animation frames do not wait for
          // it, so without this a viewer that only submits work can look
          // fast while one whose frame reads back from the GPU shows the
          // full cost. gl.finish() on every context makes both pay the same.
          for (const gl of window.__gl) gl.finish();
          const t = performance.now();
          if (i === WARM_UP) end = t + ms;
          if (i > WARM_UP) out.push(t - last);
          last = t;
          const done = (t >= end && out.length >= MIN_FRAMES) || t >= end + 3 * ms;
          if (done) {
            // A figure over a camera that did not turn would measure nothing.
            if (moved(first)) resolve(out);
            else reject(new Error(`${who}: the camera did not turn while orbiting`));
            return;
          }
          Promise.resolve(step(++i)).then(() => requestAnimationFrame(tick), reject);
        };
        requestAnimationFrame(tick);
      }),
    [viewer, ORBIT_SECONDS * 1000],
  );
}

const median = (xs) => quantile(xs, 0.5);
function quantile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN;
}
const summary = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length });

/** Runs `measure(viewer)` RUNS times per viewer, interleaved. */
async function interleaved(viewers, measure) {
  const out = Object.fromEntries(viewers.map((v) => [v, []]));
  for (let run = 0; run < RUNS; run++) {
    for (const v of viewers) {
      out[v].push(await measure(v));
      process.stdout.write('.');
    }
  }
  return out;
}

const VIEWERS = ['pavilion', 'model-viewer'];
const cases = [];
const frameRuns = new Map();
const started = Date.now();
try {
  if (ONLY.has('bytes') || ONLY.has('ready') || ONLY.has('memory')) {
    for (const slow of [false, true]) {
      const link = slow ? '10 Mbit/s, 40 ms' : 'loopback';
      process.stdout.write(`venus.glb with 10 hotspots, ${link} `);
      const runs = await interleaved(VIEWERS, (v) => visit(v, fixtures.page(v, 'venus', 10), { slow }));
      console.log();
      for (const v of VIEWERS) {
        cases.push({ case: 'ready', scene: 'venus.glb, 10 hotspots', link, viewer: v, ms: summary(runs[v].map((r) => r.ms)), longestFrameMs: summary(runs[v].map((r) => r.longest)) });
        if (!slow) {
          for (const kind of ['runtime', 'scene']) {
            for (const how of ['raw', 'served']) {
              cases.push({ case: 'bytes', what: `${kind}, ${how}`, viewer: v, bytes: summary(runs[v].map((r) => r.bytes[kind][how])) });
            }
          }
          const orders = runs[v].map((r) => r.order).filter(Boolean);
          if (orders.length) {
            cases.push({ case: 'order', viewer: v, runs: orders.length, modelBeforeWasmEnd: orders.filter((o) => o.modelStartMs < o.wasmEndMs).length, modelStartMs: median(orders.map((o) => o.modelStartMs)), wasmEndMs: median(orders.map((o) => o.wasmEndMs)) });
          }
          cases.push({ case: 'memory', scene: 'venus.glb, 10 hotspots', viewer: v, wasm: summary(runs[v].map((r) => r.memory.wasm)), jsHeap: summary(runs[v].map((r) => r.memory.jsHeap)), backing: summary(runs[v].map((r) => r.memory.backing ?? 0)) });
        }
      }
    }
    // The default scene (the gallery: two models, an environment map,
    // five hotspots): Pavilion only, as model-viewer shows one model file.
    for (const slow of [false, true]) {
      const link = slow ? '10 Mbit/s, 40 ms' : 'loopback';
      process.stdout.write(`the default scene, ${link} `);
      const runs = await interleaved(['pavilion'], (v) => visit(v, fixtures.defaultScene, { slow }));
      console.log();
      cases.push({ case: 'ready', scene: 'default scene (gallery)', link, viewer: 'pavilion', ms: summary(runs.pavilion.map((r) => r.ms)), longestFrameMs: summary(runs.pavilion.map((r) => r.longest)) });
      if (!slow) cases.push({ case: 'bytes', what: 'default scene, served', viewer: 'pavilion', bytes: summary(runs.pavilion.map((r) => r.bytes.runtime.served + r.bytes.scene.served)) });
    }
  }
  if (ONLY.has('memory')) {
    process.stdout.write('a page with 3 viewers ');
    const runs = await interleaved(VIEWERS, (v) => visit(v, fixtures.threePage(v)));
    console.log();
    for (const v of VIEWERS) {
      cases.push({ case: 'memory', scene: '3 viewers on one page', viewer: v, wasm: summary(runs[v].map((r) => r.memory.wasm)), jsHeap: summary(runs[v].map((r) => r.memory.jsHeap)), backing: summary(runs[v].map((r) => r.memory.backing ?? 0)) });
      cases.push({ case: 'ready', scene: '3 viewers on one page', link: 'loopback', viewer: v, ms: summary(runs[v].map((r) => r.ms)), longestFrameMs: summary(runs[v].map((r) => r.longest)) });
    }
  }
  if (ONLY.has('frames')) {
    for (const n of COUNTS) {
      process.stdout.write(`orbiting with ${n} hotspots `);
      const runs = await interleaved(VIEWERS, (v) => visit(v, fixtures.page(v, 'venus', n), { after: async (page) => ({ frames: await orbit(v, page) }) }));
      frameRuns.set(n, runs);
      console.log();
      for (const v of VIEWERS) {
        const all = runs[v].flatMap((r) => r.frames);
        cases.push({ case: 'frames', hotspots: n, viewer: v, p50: summary(runs[v].map((r) => median(r.frames))), p95: summary(runs[v].map((r) => quantile(r.frames, 0.95))), frames: all.length });
      }
    }
  }
  if (ONLY.has('scaling')) {
    for (const k of SCALES) {
      // One copy is the orbit case with no hotspots (the same mesh, the
      // same page but for the file name): its runs are reused.
      let runs = k === 1 ? frameRuns.get(0) : null;
      if (!runs) {
        process.stdout.write(`${k}× the triangles `);
        runs = await interleaved(VIEWERS, (v) => visit(v, fixtures.page(v, `venus-x${k}`, 0), { after: async (page) => ({ frames: await orbit(v, page) }) }));
        console.log();
      }
      for (const v of VIEWERS) {
        cases.push({ case: 'scaling', copies: k, triangles: k * fixtures.venusTriangles, viewer: v, ms: summary(runs[v].map((r) => r.ms)), p50: summary(runs[v].map((r) => median(r.frames))) });
      }
    }
  }
} finally {
  await browser.close();
  server.close();
}

const report = { date: new Date().toISOString(), runs: RUNS, viewport: VIEWPORT, slowLink: SLOW, orbitSeconds: ORBIT_SECONDS, site: SITE, seconds: Math.round((Date.now() - started) / 1000), sizes: fixtures.sizes, cases };
report.budgets = judge(report, BUDGETS);
fs.mkdirSync(OUT, { recursive: true });
fs.writeFileSync(path.join(OUT, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
const md = render(report);
fs.writeFileSync(path.join(OUT, 'report.md'), md);
console.log(md);
