// Hostile and broken content, crafted links, a strict page (issue 12): each
// case is one that once hung, crashed or misled the viewer, kept here so it
// cannot come back. Screenshots land in tests/e2e/artifacts/robust-*.png.

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SITE, useViewer, waitReady, waitFor, shot, decodePng, regionStats, still, servedCopy, ownersPage, click } from './harness.mjs';

const T = { timeout: 180000 };
const site = useViewer({ before, after, afterEach });
const GALLERY = JSON.parse(fs.readFileSync(path.join(SITE, 'assets/scenes/gallery/scene.json'), 'utf8'));
const INDEX = fs.readFileSync(path.join(SITE, 'index.html'), 'utf8');

/** Another institution's site, as the test's network: a copy of the gallery
 *  scene whose files stay on the page's own site. Records what was asked. */
function collectionsSite(asked) {
  return async (page) => {
    await page.route('http://collections.example/**', (route) => {
      asked.push(route.request().url());
      const scene = servedCopy(GALLERY, '/assets/scenes/gallery/');
      for (const m of scene.models) m.src = new URL(m.src, site.base).href;
      scene.environment.diffuse = new URL(scene.environment.diffuse, site.base).href;
      scene.environment.specular = new URL(scene.environment.specular, site.base).href;
      for (const h of scene.hotspots) if (h.image) h.image.src = new URL(h.image.src, site.base).href;
      return route.fulfill({
        status: 200,
        headers: { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' },
        body: JSON.stringify(scene),
      });
    });
  };
}

async function failsWith(url, code, opts) {
  const v = await site.view(url, opts);
  const r = await waitReady(v.page, v.started);
  assert.equal(r.ok, false, `expected ${code}, the scene was shown`);
  assert.equal(r.error.code, code, JSON.stringify(r.error));
  assert.ok(await v.page.isVisible('#pavilion-error'));
  assert.ok(!v.logs.some((l) => /panicked/.test(l)), `no panic:\n${v.logs.join('\n')}`);
  return { ...v, error: r.error };
}

const shows = (url, opts) => site.ready(url, opts);

test("a link cannot put another site's words on the museum's page", T, async () => {
  // A data: scene overriding the error screen's title with its own words.
  const evil = JSON.stringify({
    title: { en: 'x' },
    defaultLanguage: 'en',
    models: [{ id: 'm', src: 'm.glb' }],
    strings: { en: { 'error-title': 'Tickets moved to evil.example' } },
  });
  const data = await failsWith(`${site.base}?scene=${encodeURIComponent(`data:application/json,${evil}`)}`, 'scene-origin');
  assert.match(data.error.message, /http\(s\) addresses only; the link gave a data: URL/);
  assert.doesNotMatch(await data.page.textContent('#pavilion-error'), /evil\.example/);
  await shot(data.page, 'robust-data-scene');

  // A scene on another site, without the page's owner allowing it: never fetched.
  const asked = [];
  const other = await failsWith(`${site.base}?scene=http://collections.example/scene.json`, 'scene-origin', { setup: collectionsSite(asked) });
  assert.match(other.error.message, /own site \(http:\/\/127\.0\.0\.1:\d+\) only; http:\/\/collections\.example\/scene\.json is on http:\/\/collections\.example/);
  assert.deepEqual(asked, []);
});

test('a page owner can allow another site, and narrow where its files come from', T, async () => {
  const asked = [];
  const allowed = await shows(`${site.base}?scene=http://collections.example/scene.json`, {
    setup: async (page) => {
      await collectionsSite(asked)(page);
      await ownersPage('data-scene-origins="http://collections.example"')(page);
    },
  });
  assert.deepEqual(asked, ['http://collections.example/scene.json']);
  assert.equal((await allowed.page.evaluate(() => pavilion.state())).scene, 'http://collections.example/scene.json');
  await still(allowed.page);
  const img = decodePng((await shot(allowed.page, 'robust-allowed-site')).png);
  assert.ok(regionStats(img).colours > 24, 'the scene is drawn');
  await allowed.context.close();

  // The same scene, on a page that takes a scene's files from the scene's own site only.
  const narrowed = await failsWith(`${site.base}?scene=http://collections.example/scene.json`, 'asset-origin', {
    setup: async (page) => {
      await collectionsSite([])(page);
      await ownersPage(`data-scene-origins="http://collections.example" data-asset-origins="'self'"`)(page);
    },
  });
  assert.match(narrowed.error.message, /scene\.json at \/models\/0\/src: http:\/\/127\.0\.0\.1:\d+\/assets\/models\/venus\.glb is on http:\/\/127\.0\.0\.1:\d+/);
});

test("a pinned scene ignores ?scene=, and the page's words stay in state().error", T, async () => {
  const v = await failsWith(`${site.base}?scene=/assets/scenes/gallery/scene.json`, 'scene-not-found', {
    setup: ownersPage('data-scene="/fixtures/pinned-but-missing.json"'),
  });
  // Once the viewer has sent its state (it knows nothing of the missing
  // file), the page's error is still there.
  await waitFor(v.page, () => pavilion.state().pageStrings?.errorTitle);
  const state = await v.page.evaluate(() => pavilion.state());
  assert.equal(state.status, 'error');
  assert.equal(state.error?.code, 'scene-not-found');
  assert.match(state.error.message, /pinned-but-missing\.json/);
  // Calls after the error reject at once instead of acting behind the error screen.
  const late = await v.page.evaluate(() => pavilion.openHotspot('venus-face').then(() => 'applied', (e) => e));
  assert.equal(late.code, 'viewer-error');
  assert.match(late.message, /pinned-but-missing\.json/);
});

test('page calls made early wait for the scene; every call resolves or says why not', T, async () => {
  const v = await site.view(site.base);
  await v.page.waitForFunction(() => window.pavilion);
  // Before ready: queued, then applied once the scene is in.
  await v.page.evaluate(() => {
    window.__early = pavilion.openHotspot('venus-face').then(() => ({ ok: true, status: pavilion.state().status }), (e) => e);
  });
  const r = await waitReady(v.page, v.started);
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual(await v.page.evaluate(() => window.__early), { ok: true, status: 'ready' });
  assert.equal((await v.page.evaluate(() => pavilion.state())).openHotspot, 'venus-face');

  const outcome = (expr) =>
    v.page.evaluate((e) => new Function(`return ${e}`)().then(() => 'applied', (err) => err.code), expr);
  // Each of these once did something else silently (the default language,
  // a shown category, step 0) or nothing at all.
  const cases = {
    "pavilion.setLanguage('jp')": 'unknown-language',
    'pavilion.setLanguage(null)': 'invalid-argument',
    "pavilion.setCategoryVisible('art', 'false')": 'invalid-argument',
    "pavilion.startTour('highlights', 2 ** 31)": 'unknown-step',
    "pavilion.startTour('highlights', -1)": 'invalid-argument',
    "pavilion.startTour('grand-tour')": 'unknown-tour',
    "pavilion.openHotspot('nope')": 'unknown-hotspot',
    "pavilion.goToViewpoint('ceiling')": 'unknown-viewpoint',
    "pavilion.setCategoryVisible('nope', false)": 'unknown-category',
    'pavilion.tour.next()': 'no-tour',
    "pavilion.setLanguage('fr-CA')": 'applied',
    "pavilion.startTour('highlights', 1)": 'applied',
    'pavilion.tour.pause()': 'applied',
  };
  const got = {};
  for (const expr of Object.keys(cases)) got[expr] = await outcome(expr);
  assert.deepEqual(got, cases);
  const state = await v.page.evaluate(() => pavilion.state());
  assert.equal(state.language, 'fr');
  assert.deepEqual(state.tour && { id: state.tour.id, step: state.tour.step, playing: state.tour.playing }, { id: 'highlights', step: 1, playing: false });
  assert.deepEqual(state.hiddenCategories, []);
});

test('a path the asset loader cannot read is a validation error, not a crash', T, async () => {
  const v = await failsWith(`${site.base}?scene=/fixtures/hash-in-path.json`, 'scene-invalid');
  assert.match(v.error.message, /error\[model-src\] at \/models\/0\/src: "\/assets\/models\/venus\.glb#" contains '#'/);
  assert.match(v.error.message, /error\[number\] at \/models\/0\/scale: the number is too large to be stored as a 32-bit float \(it becomes infinity\)/);
  await shot(v.page, 'robust-hash-in-path');
});

// (A font URL answering HTML is authoring's case: authoring.test.mjs.)
test('one broken model and an impossible tour step leave the rest of the scene', T, async () => {
  const v = await shows(`${site.base}?scene=/fixtures/one-broken-model.json&lang=th&tour=highlights&step=5000000001`);
  const state = await v.page.evaluate(() => pavilion.state());
  assert.equal(state.language, 'th');
  assert.ok(state.warnings.some((w) => /The model "ghost" could not be loaded from http:\/\/127\.0\.0\.1:\d+\/assets\/models\/ghost\.glb/.test(w)), state.warnings.join('\n'));
  assert.ok(state.warnings.some((w) => /the link's &step=5000000001 is not a step of the tour \(it has \d+, counted from 1\); starting at step 1/.test(w)), state.warnings.join('\n'));
  assert.equal(state.tour?.id, 'highlights');
  assert.equal(state.tour.step, 0);
  await still(v.page);
  const img = decodePng((await shot(v.page, 'robust-one-broken-model')).png);
  assert.ok(regionStats(img).colours > 24, 'the models that loaded are drawn');
  assert.ok(!v.logs.some((l) => /panicked/.test(l)), v.logs.join('\n'));
});

test('the page works under a strict Content-Security-Policy', T, async () => {
  const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'";
  const v = await shows(`${site.base}?hotspot=venus-face`, {
    setup: async (page) => {
      await page.addInitScript(() => {
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
      });
      await ownersPage('', { 'Content-Security-Policy': CSP })(page);
    },
  });
  await waitFor(v.page, () => pavilion.panel()?.title);
  await still(v.page);
  const img = decodePng((await shot(v.page, 'robust-strict-csp')).png);
  assert.ok(regionStats(img).colours > 24, 'the scene is drawn');
  // The header was the one the page was served with.
  const header = await v.page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'));
  assert.equal(header, CSP);
  assert.deepEqual(await v.page.evaluate(() => window.__violations), []);
});

test('right after ready, a click at a marker’s reported place opens it', T, async () => {
  const v = await shows(site.base);
  // No waiting for frames or a still camera: `ready` itself promises this.
  const target = (await v.page.evaluate(() => pavilion.hotspots())).find((h) => h.visible);
  assert.ok(target, 'a marker is on screen');
  await click(v.page, target.x, target.y);
  await waitFor(v.page, (id) => pavilion.panel()?.id === id, target.id);
});
