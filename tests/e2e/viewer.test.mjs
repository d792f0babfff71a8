// What a visitor sees and does in the viewer, in headless Chromium against
// the built site. Screenshots of every case land in tests/e2e/artifacts/.

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SITE, useViewer, waitReady, waitFor, shot, decodePng, regionStats, heard, click, still, settledCamera, frames } from './harness.mjs';

const T = { timeout: 180000 };

const SCENE = JSON.parse(fs.readFileSync(path.join(SITE, 'assets/scenes/gallery/scene.json'), 'utf8'));
const site = useViewer({ before, after, afterEach });

function hotspotText(id, lang) {
  const h = SCENE.hotspots.find((x) => x.id === id);
  return { title: h.title[lang], body: h.body[lang] };
}

const view = (url, opts) => site.view(url, opts);

const ready = (url, opts) => site.ready(url, opts);

test('the default scene renders and reaches ready', T, async () => {
  const { page, context, ms } = await ready(site.base);
  console.log(`navigation → ready: ${ms} ms`);
  const state = await page.evaluate(() => pavilion.state());
  assert.equal(state.status, 'ready');
  assert.equal(state.language, 'en');
  assert.deepEqual([...state.languages].sort(), [...SCENE.languages].sort());
  await still(page);
  const { png } = await shot(page, 'default-scene');
  const img = decodePng(png);
  const whole = regionStats(img);
  // A neutral gallery has few hues, but a blank or single-colour canvas has
  // one or two quantised colours and no luminance range.
  assert.ok(whole.colours > 24, `the canvas shows ${whole.colours} colours: blank?`);
  assert.ok(whole.max - whole.min > 100, `luminance range ${whole.min}..${whole.max}: blank?`);
  // The models are lit: the centre third is neither black nor washed out.
  const centre = regionStats(img, Math.floor(img.width / 3), Math.floor(img.height / 4), Math.floor(img.width / 3), Math.floor(img.height / 2));
  assert.ok(centre.max - centre.min > 60, `little contrast in the centre: ${JSON.stringify(centre)}`);
  assert.ok(centre.mean > 40 && centre.mean < 235, `centre mean luminance ${centre.mean}`);
  const hotspots = await page.evaluate(() => pavilion.hotspots());
  assert.equal(hotspots.length, SCENE.hotspots.length);
  assert.ok(hotspots.some((h) => h.visible), 'no hotspot is visible from the first view');
  await context.close();
});

test('clicking a hotspot marker opens its annotation; Escape and closeHotspot() close it', T, async () => {
  const { page, context } = await ready(site.base);
  const hotspots = await page.evaluate(() => pavilion.hotspots());
  const target = hotspots.find((h) => h.visible);
  assert.ok(target, 'a visible hotspot to click');
  await click(page, target.x, target.y);
  await waitFor(page, () => pavilion.panel() !== null);
  const panel = await page.evaluate(() => pavilion.panel());
  const want = hotspotText(target.id, 'en');
  assert.equal(panel.id, target.id);
  assert.equal(panel.title, want.title);
  assert.equal(panel.body, want.body);
  assert.equal(panel.language, 'en');
  assert.equal(panel.dir, 'ltr');
  assert.deepEqual(await heard(page, 'hotspot-open'), [{ id: target.id }]);
  assert.equal((await page.evaluate(() => pavilion.state())).openHotspot, target.id);
  await still(page);
  await shot(page, 'hotspot-open-en');
  await page.evaluate(() => pavilion.closeHotspot());
  await waitFor(page, () => pavilion.panel() === null);
  assert.deepEqual(await heard(page, 'hotspot-close'), [{ id: target.id }]);
  await page.evaluate((id) => pavilion.openHotspot(id), target.id);
  await waitFor(page, () => pavilion.panel() !== null);
  await page.focus('#pavilion-canvas');
  await page.keyboard.down('Escape');
  await page.waitForTimeout(400);
  await page.keyboard.up('Escape');
  await waitFor(page, () => pavilion.panel() === null);
  await context.close();
});

/** Counts the page's WebGL draw calls in `window.__draws` (a `setup` for
 *  the viewer: installed before the page's own scripts run). */
async function countDraws(page) {
  await page.addInitScript(() => {
    window.__draws = 0;
    const gl = WebGL2RenderingContext.prototype;
    for (const name of ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced', 'drawRangeElements']) {
      const draw = gl[name];
      gl[name] = function (...args) {
        window.__draws += 1;
        return draw.apply(this, args);
      };
    }
  });
}

test('a change the 3D picture does not show draws it no more; a camera move does', T, async () => {
  const { page } = await ready(site.base, { setup: countDraws });
  await still(page);
  const draws = () => page.evaluate(() => window.__draws);
  const atRest = await draws();
  assert.ok(atRest > 0, 'the scene was drawn');
  // A language switch changes the page's words and keeps the viewer's loop
  // running for a few frames; the picture stays as it was.
  await page.evaluate(() => pavilion.setLanguage('fr'));
  await waitFor(page, () => pavilion.state().language === 'fr' && pavilion.state().textReady === 'fr');
  await frames(page, 8);
  assert.equal(await draws(), atRest, 'switching the language rendered the 3D picture again');
  // The canvas keeps the last picture.
  const img = decodePng((await shot(page, 'picture-kept-after-language')).png);
  const kept = regionStats(img);
  assert.ok(kept.colours > 24 && kept.max - kept.min > 100, `after the switch the canvas shows ${kept.colours} colours: blank?`);
  // A camera move is drawn.
  const camera = await page.evaluate(() => pavilion.state().camera);
  const [x, y, z] = camera.position;
  await page.evaluate((c) => pavilion.setCamera(c), { position: [x * 0.8, y, z * 0.8], target: camera.target, fov: camera.fov });
  await still(page);
  assert.ok((await draws()) > atRest, 'the camera moved and nothing was drawn');
});

test('a drag that ends on a hotspot is not a click', T, async () => {
  const { page, context } = await ready(site.base);
  const target = (await page.evaluate(() => pavilion.hotspots())).find((h) => h.visible);
  const before = await settledCamera(page);
  await page.mouse.move(target.x + 150, target.y + 60);
  await page.mouse.down();
  await page.mouse.move(target.x + 60, target.y + 20, { steps: 5 });
  await page.mouse.move(target.x, target.y, { steps: 5 });
  await page.mouse.up();
  // The drag reached the viewer (it orbited the camera), and once the
  // camera is at rest no panel has opened.
  const after = await settledCamera(page);
  const moved = Math.hypot(...after.position.map((p, i) => p - before.position[i]));
  assert.ok(moved > 0.05, `the drag orbited the camera (${moved.toFixed(3)} scene units)`);
  assert.equal(await page.evaluate(() => pavilion.panel()), null);
  assert.equal((await page.evaluate(() => pavilion.state())).openHotspot, null);
  await context.close();
});

test('?lang=zh-Hans shows the Chinese annotation', T, async () => {
  const id = SCENE.hotspots[0].id;
  const { page, context } = await ready(`${site.base}?lang=zh-Hans&hotspot=${id}`);
  await waitFor(page, () => pavilion.panel() !== null);
  const panel = await page.evaluate(() => pavilion.panel());
  assert.equal(panel.language, 'zh-Hans');
  assert.equal(panel.title, hotspotText(id, 'zh-Hans').title);
  assert.equal(panel.dir, 'ltr');
  await still(page);
  await shot(page, 'hotspot-open-zh-Hans');
  await context.close();
});

test('?lang=ar shows the Arabic annotation right-to-left', T, async () => {
  const id = SCENE.hotspots[0].id;
  const { page, context } = await ready(`${site.base}?lang=ar&hotspot=${id}`);
  await waitFor(page, () => pavilion.panel() !== null);
  const panel = await page.evaluate(() => pavilion.panel());
  assert.equal(panel.language, 'ar');
  assert.equal(panel.dir, 'rtl');
  assert.equal(panel.title, hotspotText(id, 'ar').title);
  await still(page);
  await shot(page, 'hotspot-open-ar');
  await context.close();
});

test('zh-HK gets Traditional Chinese, and setLanguage switches the open panel', T, async () => {
  const id = SCENE.hotspots[1].id;
  const { page, context } = await ready(`${site.base}?lang=zh-HK&hotspot=${id}`);
  await waitFor(page, () => pavilion.panel() !== null);
  let panel = await page.evaluate(() => pavilion.panel());
  assert.equal(panel.language, 'zh-Hant');
  assert.deepEqual(panel.chain.slice(0, 4), ['zh-HK', 'zh-Hant-HK', 'zh-Hant', 'zh']);
  assert.equal(panel.title, hotspotText(id, 'zh-Hant').title);
  await page.evaluate(() => pavilion.setLanguage('fr'));
  await waitFor(page, () => pavilion.panel()?.language === 'fr');
  assert.deepEqual((await heard(page, 'language-change')).at(-1), { language: 'fr' });
  panel = await page.evaluate(() => pavilion.panel());
  assert.equal(panel.title, hotspotText(id, 'fr').title);
  await context.close();
});

test('the browser language is used when there is no ?lang', T, async () => {
  const { page, context } = await ready(site.base, { locale: 'es-MX' });
  assert.equal((await page.evaluate(() => pavilion.state())).language, 'es');
  await context.close();
});

test('a broken manifest shows which file, line and field are wrong', T, async () => {
  const { page, context, started, logs } = await view(`${site.base}?scene=/fixtures/broken-schema.json`);
  const r = await waitReady(page, started);
  assert.equal(r.ok, false);
  assert.equal(r.error.code, 'scene-invalid');
  const state = await page.evaluate(() => pavilion.state());
  assert.equal(state.status, 'error');
  assert.match(state.error.message, /broken-schema\.json:\d+:\d+/);
  assert.match(state.error.message, /duplicate-id/);
  assert.match(state.error.message, /\/hotspots\/1\/id/);
  const shown = await page.textContent('#pavilion-error-message');
  assert.match(shown, /broken-schema\.json:9:/);
  assert.ok(await page.isVisible('#pavilion-error'));
  await shot(page, 'error-broken-manifest');
  assert.ok(!logs.some((l) => /panicked/.test(l)), 'no panic');
  await context.close();
});

test('a manifest that is not JSON is reported with its line', T, async () => {
  const { page, context, started } = await view(`${site.base}?scene=/fixtures/not-json.json`);
  const r = await waitReady(page, started);
  assert.equal(r.error.code, 'scene-not-json');
  assert.match(await page.textContent('#pavilion-error-message'), /not-json\.json:4:3: error\[json-syntax\]/);
  await context.close();
});

test('a missing scene file gives a readable error', T, async () => {
  const { page, context, started } = await view(`${site.base}?scene=/fixtures/does-not-exist.json`);
  const r = await waitReady(page, started);
  assert.equal(r.ok, false);
  assert.equal(r.error.code, 'scene-not-found');
  const state = await page.evaluate(() => pavilion.state());
  assert.equal(state.status, 'error');
  assert.match(await page.textContent('#pavilion-error-message'), /does-not-exist\.json.*404/);
  await shot(page, 'error-missing-scene');
  await context.close();
});

test('a model that fails to load names the model', T, async () => {
  const { page, context, started } = await view(`${site.base}?scene=/fixtures/missing-model.json`);
  const r = await waitReady(page, started);
  assert.equal(r.ok, false);
  assert.equal(r.error.code, 'model-load-failed');
  assert.match(await page.textContent('#pavilion-error-message'), /model "ghost"/);
  await shot(page, 'error-missing-model');
  await context.close();
});
