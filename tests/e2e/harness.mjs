// Shared set-up for the browser tests: a static server over the built site
// (plus test fixtures), Debian's Chromium through playwright-core, PNG
// decoding for pixel checks, and a place for screenshots.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SITE = process.env.PAVILION_SITE || path.resolve(here, '../../dist');
export const ARTIFACTS = path.join(here, 'artifacts');
fs.mkdirSync(ARTIFACTS, { recursive: true });

export const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.wasm': 'application/wasm', '.glb': 'model/gltf-binary', '.gltf': 'model/gltf+json', '.bin': 'application/octet-stream',
  '.jpg': 'image/jpeg', '.png': 'image/png', '.ktx2': 'image/ktx2', '.ttf': 'font/ttf', '.otf': 'font/otf',
};

/** The shared, openly licensed collection files next to the repository
 *  (`../shared/content`: models, IIIF manifests), served at `/__shared/`. */
export const SHARED = process.env.PAVILION_SHARED_CONTENT || path.resolve(here, '../../../shared/content');

/** Serves the site on a loopback port; `/fixtures/` maps to tests/e2e/fixtures
 *  and `/__shared/` to the shared collection files. */
export function startServer() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let file;
    const p = decodeURIComponent(url.pathname);
    if (p.startsWith('/fixtures/')) file = path.join(here, p);
    else if (p.startsWith('/__shared/')) file = path.join(SHARED, p.slice('/__shared/'.length));
    else if (p === AXE_PATH) file = AXE;
    else file = path.join(SITE, p.endsWith('/') ? `${p}index.html` : p);
    if (!file.startsWith(SITE) && !file.startsWith(path.join(here, 'fixtures')) && !file.startsWith(SHARED) && file !== AXE) {
      res.writeHead(400).end();
      return;
    }
    fs.readFile(file, (err, data) => {
      if (err) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`not found: ${p}`);
        return;
      }
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-cache' });
      res.end(data);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${server.address().port}/` })));
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
// Where the test server serves axe-core: a page under a strict
// Content-Security-Policy runs scripts from its own site only.
const AXE_PATH = '/__axe.min.js';

/** axe-core's violations on the page as it is (WCAG 2.x A/AA and best
 *  practice; it looks into shadow roots). */
export async function axe(page) {
  await page.addScriptTag({ url: AXE_PATH });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
}

export async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox', '--disable-background-networking', '--disable-component-update'],
  });
}

/** Opens the viewer; collects console errors for diagnosis. `setup(page)`
 *  runs before the page loads (to route requests: routes added later win
 *  over the harness's own, which stop every request leaving the machine). */
/** The window the tests open unless they ask for another: an embed's size
 *  on a museum page. SwiftShader draws every pixel on the CPU, so a frame's
 *  cost follows the pixels: at 720 × 540 (0.53× the pixels of 1024 × 720)
 *  the viewer's tests ran in 0.75× the time. The layouts that depend on
 *  width are tested at their own sizes (1024 × 720 and a phone's). */
export const VIEWPORT = { width: 720, height: 540 };
/** A laptop's window, for what is tested at that size: a panel's layout
 *  (in a 540-pixel-high window a long body scrolls its link out of view). */
export const DESKTOP = { width: 1024, height: 720 };

export async function openViewer(browser, url, { locale = 'en-US', viewport = VIEWPORT, setup, touch = false, reducedMotion } = {}) {
  // `touch`: a phone (touch events, mobile viewport meta honoured);
  // `reducedMotion: 'reduce'`: the visitor's system asks for less motion.
  const context = await browser.newContext({ locale, viewport, reducedMotion, ...(touch ? { hasTouch: true, isMobile: true } : {}) });
  const page = await context.newPage();
  const logs = [];
  page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
  // Every pavilion:* event is recorded from the start, with the page's clock
  // when it came, so a test can check what the page heard (and how long apart)
  // without racing the viewer.
  await page.addInitScript(() => {
    window.__heard = [];
    for (const name of ['ready', 'error', 'hotspot-open', 'hotspot-close', 'language-change', 'author', 'reload-error', 'tour-step', 'tour-end', 'link']) {
      window.addEventListener(`pavilion:${name}`, (e) => window.__heard.push({ name, detail: e.detail, at: performance.now() }));
    }
  });
  // Nothing leaves the machine: any non-loopback request fails fast.
  await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
  if (setup) await setup(page);
  const started = Date.now();
  await page.goto(url);
  return { page, context, logs, started };
}

/** A `setup` for openViewer: the site's page served with `#pavilion-root`
 *  carrying `attrs` (what a museum writes on its own page, e.g.
 *  `data-authoring="on"`) and the given response headers. */
export function ownersPage(attrs = '', headers = {}) {
  const index = fs.readFileSync(path.join(SITE, 'index.html'), 'utf8');
  const html = index.replace('<main id="pavilion-root">', `<main id="pavilion-root" ${attrs}>`);
  if (html === index) throw new Error('index.html has no <main id="pavilion-root">');
  return async (page) => {
    await page.route(/^http:\/\/127\.0\.0\.1:\d+\/(index\.html)?(\?.*)?$/, (route) =>
      route.fulfill({ status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8', ...headers }, body: html }),
    );
  };
}

/** The hooks every browser test file needs: a server and a browser for the
 *  file, and every context a test opened closed after it (a failed test must
 *  not leave a page rendering in the background and slow the next ones).
 *  Pass node:test's `before`, `after` and `afterEach`. */
export function useViewer({ before, after, afterEach }) {
  const site = { base: null, browser: null, server: null, contexts: [] };
  before(async () => {
    ({ server: site.server, base: site.base } = await startServer());
    site.browser = await launch();
  });
  after(async () => {
    await site.browser?.close();
    site.server?.close();
  });
  afterEach(async () => {
    for (const c of site.contexts.splice(0)) await c.close().catch(() => {});
  });
  site.view = async (url, opts) => {
    const v = await openViewer(site.browser, url, opts);
    site.contexts.push(v.context);
    return v;
  };
  // Opens the viewer and waits for `ready`, failing the test (with the
  // page's console) if it rejects; `ms` is navigation → ready.
  site.ready = async (url, opts) => {
    const v = await site.view(url, opts);
    const r = await waitReady(v.page, v.started);
    if (!r.ok) console.log(v.logs.join('\n'));
    assert.ok(r.ok, `ready rejected: ${JSON.stringify(r.error)}`);
    return { ...v, ms: r.ms };
  };
  return site;
}

/** Lets the viewer draw `n` more frames (Bevy draws on animation frames). */
export async function frames(page, n = 4) {
  await page.evaluate(
    (count) =>
      new Promise((resolve) => {
        let left = count;
        const tick = () => (--left <= 0 ? resolve() : requestAnimationFrame(tick));
        requestAnimationFrame(tick);
      }),
    n,
  );
}

/** Waits for `pavilion.ready`; returns {ok, value|error, ms}. */
export async function waitReady(page, started, timeout = 120000) {
  return { ...(await settledReady(page, null, timeout)), ms: Date.now() - started };
}

/** Waits for a <pavilion-viewer>'s `ready`; {ok, value|error, ms} with `ms`
 *  from the call. */
export async function elementReady(page, selector, timeout = 120000) {
  const started = Date.now();
  return { ...(await settledReady(page, selector, timeout)), ms: Date.now() - started };
}

/** How the `ready` of the page's viewer (or of the element `selector`)
 *  settled, or a timeout. */
function settledReady(page, selector, timeout) {
  return page.evaluate(
    ([sel, t]) =>
      Promise.race([
        (sel ? document.querySelector(sel) : window.pavilion).ready.then((v) => ({ ok: true, value: v }), (e) => ({ ok: false, error: e })),
        new Promise((r) => setTimeout(() => r({ ok: false, error: { code: 'timeout' } }), t)),
      ]),
    [selector, timeout],
  );
}

export async function waitFor(page, fn, arg, timeout = 20000) {
  await page.waitForFunction(fn, arg, { timeout, polling: 100 });
}

/** The pavilion:* events the page has dispatched so far. */
export async function heard(page, name) {
  return page.evaluate((n) => window.__heard.filter((e) => e.name === n).map((e) => e.detail), name);
}

/** When (the page's `performance.now()`, ms) each `name` event came, with its detail. */
export async function heardAt(page, name) {
  return page.evaluate((n) => window.__heard.filter((e) => e.name === n).map(({ detail, at }) => ({ detail, at })), name);
}

/** A click as a person makes it: move, press, release, with time for
 *  frames in between (a software renderer draws a few frames a second). */
export async function click(page, x, y) {
  await page.mouse.move(x, y);
  await page.waitForTimeout(250);
  await page.mouse.down();
  await page.waitForTimeout(120);
  await page.mouse.up();
}

/** Saves a screenshot of `page` as artifacts/`name`.png, once the page has
 *  painted what is in its DOM (two animation frames). Chromium sometimes
 *  refuses a capture of a page that has just painted its first frames
 *  ("Unable to capture screenshot") and takes it when asked again a frame
 *  later; that one error is retried, once. */
export async function shot(page, name) {
  const file = path.join(ARTIFACTS, `${name}.png`);
  await frames(page, 2);
  let png;
  try {
    png = await page.screenshot({ path: file });
  } catch (e) {
    if (!/Unable to capture screenshot/.test(e.message)) throw e;
    await frames(page, 2);
    png = await page.screenshot({ path: file });
  }
  return { file, png };
}

/** Decodes an 8-bit RGB/RGBA PNG (what Chromium's screenshots are). */
export function decodePng(buf) {
  let pos = 8;
  let width = 0, height = 0, colorType = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('ascii', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      colorType = data[9];
      if (data[8] !== 8 || (colorType !== 2 && colorType !== 6)) throw new Error('unsupported PNG');
    } else if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const bpp = colorType === 6 ? 4 : 3;
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const out = Buffer.alloc(width * height * 4);
  const prev = Buffer.alloc(stride);
  const cur = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    raw.copy(cur, 0, y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? cur[i - bpp] : 0;
      const b = prev[i];
      const c = i >= bpp ? prev[i - bpp] : 0;
      let v = cur[i];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      cur[i] = v & 255;
    }
    for (let x = 0; x < width; x++) {
      out[(y * width + x) * 4] = cur[x * bpp];
      out[(y * width + x) * 4 + 1] = cur[x * bpp + 1];
      out[(y * width + x) * 4 + 2] = cur[x * bpp + 2];
      out[(y * width + x) * 4 + 3] = bpp === 4 ? cur[x * bpp + 3] : 255;
    }
    cur.copy(prev);
  }
  return { width, height, data: out };
}

/** Statistics of a region: distinct colours (quantised) and luminance spread. */
export function regionStats(img, x0 = 0, y0 = 0, w = img.width, h = img.height) {
  const colours = new Set();
  let min = 255, max = 0, sum = 0, n = 0;
  for (let y = y0; y < y0 + h; y += 2) {
    for (let x = x0; x < x0 + w; x += 2) {
      const i = (y * img.width + x) * 4;
      const [r, g, b] = [img.data[i], img.data[i + 1], img.data[i + 2]];
      colours.add(((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3));
      const l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
      min = Math.min(min, l);
      max = Math.max(max, l);
      sum += l;
      n++;
    }
  }
  return { colours: colours.size, min, max, mean: sum / n };
}

/** A copy of a bundled scene to serve from /fixtures/: its relative paths
 *  (models, environment, images) made absolute site paths. `dir` is the
 *  scene's folder on the site, e.g. `/assets/scenes/gallery/`. */
export function servedCopy(scene, dir) {
  const copy = JSON.parse(JSON.stringify(scene));
  delete copy.$schema;
  const abs = (src) => new URL(src, `http://x${dir}`).pathname;
  for (const m of copy.models) m.src = abs(m.src);
  if (copy.environment) {
    copy.environment.diffuse = abs(copy.environment.diffuse);
    copy.environment.specular = abs(copy.environment.specular);
  }
  for (const h of copy.hotspots) if (h.image) h.image.src = abs(h.image.src);
  return copy;
}

/** The value of `fn` in the page once it has stayed the same over three
 *  checks, each a few drawn frames apart (a software renderer's frame can
 *  outlast any fixed wait while the camera or a drag moves). */
export async function settled(page, fn, timeout = 60000) {
  const end = Date.now() + timeout;
  let last = null;
  let same = 0;
  while (Date.now() < end) {
    await frames(page, 4);
    const now = JSON.stringify(await page.evaluate(fn));
    same = now === last ? same + 1 : 0;
    if (same >= 2) return JSON.parse(now);
    last = now;
  }
  throw new Error(`still changing after ${timeout} ms: ${fn}`);
}

/** The loading veil has faded out (its opacity transition has ended). */
export async function veilGone(page, timeout = 20000) {
  await waitFor(page, () => getComputedStyle(document.getElementById('pavilion-status')).opacity === '0', undefined, timeout);
}

/** The view is still: a few frames for a command just sent to reach the
 *  viewer, then the viewer's own word that the camera is at rest
 *  (`state().camera.moving`), the loading veil gone, and two more frames
 *  so what is on screen is drawn from the resting camera. Waits on states,
 *  so a slow or shared machine only makes it take longer. */
export async function still(page, timeout = 60000) {
  await frames(page, 3);
  await waitFor(page, () => pavilion.state().camera?.moving === false, undefined, timeout);
  await veilGone(page);
  await frames(page, 2);
}

/** `state().camera` ({position, target, fov, moving}) once the view is still. */
export async function settledCamera(page, timeout) {
  await still(page, timeout);
  return page.evaluate(() => pavilion.state().camera);
}

/** `pavilion.hotspots()` once the view is still (the markers are where the
 *  resting camera puts them). */
export async function settledHotspots(page, timeout) {
  await still(page, timeout);
  return page.evaluate(() => pavilion.hotspots());
}
