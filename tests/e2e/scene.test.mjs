// The scene format's visitor features in the browser: guided tours, named
// views, topics (categories), rich-text bodies with links, pictures with alt
// text, and hotspots anchored to glTF nodes. Screenshots land in artifacts/.

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SITE, useViewer, waitFor, shot, click, heard, heardAt, decodePng, servedCopy, settledHotspots, still, frames, VIEWPORT, DESKTOP } from './harness.mjs';

const T = { timeout: 180000 };
const here = path.dirname(fileURLToPath(import.meta.url));
const SCENE = JSON.parse(fs.readFileSync(path.join(SITE, 'assets/scenes/gallery/scene.json'), 'utf8'));
const site = useViewer({ before, after, afterEach });

const ready = (url, opts) => site.ready(url, opts);

const state = (page) => page.evaluate(() => pavilion.state());

/** Share of pixels in a region lighter than `min` on every channel (the
 *  interface's paper colour against the grey gallery). */
function paperShare(img, x0, y0, w, h, min = 244) {
  let paper = 0, n = 0;
  for (let y = y0; y < y0 + h; y += 2) {
    for (let x = x0; x < x0 + w; x += 2) {
      const i = (y * img.width + x) * 4;
      n++;
      if (img.data[i] >= min && img.data[i + 1] >= min - 6 && img.data[i + 2] >= min - 12) paper++;
    }
  }
  return paper / n;
}

test('a guided tour plays by itself, pauses, steps both ways and ends', T, async () => {
  const { page } = await ready(site.base);
  const tour = SCENE.tours[0];
  const barRegion = (img) => paperShare(img, img.width / 2 - 240, img.height - 100, 480, 50);
  await still(page);
  const before = barRegion(decodePng((await shot(page, 'tour-before')).png));
  // The page pauses the tour the moment step 2 begins, so however slowly
  // this machine runs the test, the tour cannot run on past it before the
  // checks below.
  await page.evaluate(() =>
    window.addEventListener('pavilion:tour-step', (e) => e.detail.step === 1 && pavilion.tour.pause()),
  );
  const started = Date.now();
  // The toolbar's Tour button (the gallery has one tour) starts it.
  await page.getByRole('button', { name: 'Tour', exact: true }).click();
  await waitFor(page, () => pavilion.state().tour?.id != null);
  let s = await state(page);
  assert.deepEqual(s.tour, { id: tour.id, step: 0, steps: tour.steps.length, playing: true });
  assert.equal(s.openHotspot, null, 'the first step shows a view, not a hotspot');
  // The bar is HTML: a region named by the tour's title, with the step,
  // its caption, and the caption said in a polite live region.
  const bar = page.getByRole('region', { name: tour.title.en });
  await waitFor(page, () => !document.getElementById('pavilion-tour').hidden);
  assert.equal(await bar.locator('.pv-tour-position').textContent(), `Step 1 of ${tour.steps.length}`);
  assert.equal(await bar.locator('.pv-tour-caption').textContent(), tour.steps[0].caption.en);
  assert.equal(await page.locator('#pavilion-tour-announcer').textContent(), `Step 1 of ${tour.steps.length}. ${tour.steps[0].caption.en}`);
  assert.equal(await page.locator('#pavilion-tour-announcer').getAttribute('aria-live'), 'polite');
  assert.ok(await bar.getByRole('button', { name: 'Previous' }).isDisabled(), 'no step before the first');
  await frames(page, 6);
  const during = barRegion(decodePng((await shot(page, 'tour-step-1')).png));
  assert.ok(during > before + 0.3, `the tour bar is on screen (paper share ${before.toFixed(2)} → ${during.toFixed(2)})`);

  // Playing, it moves on by itself after the step's duration (the page
  // pauses it the moment step 2 begins, above).
  await waitFor(page, () => window.__heard.some((e) => e.name === 'tour-step' && e.detail.step === 1), null, 60000);
  const took = Date.now() - started;
  console.log(`tour step 1 → 2 after ${took} ms (duration ${tour.steps[0].duration} s)`);
  // The step's clock starts with the first frame that shows it, after the call.
  assert.ok(took > tour.steps[0].duration * 1000 - 250, `the step lasted its duration (${took} ms)`);
  // Timed on the page's own clock, so a loaded test machine cannot blur it:
  // step 1 lasted its whole duration, not less (it did not skip ahead).
  const [first, second] = await heardAt(page, 'tour-step');
  assert.deepEqual([first.detail.step, second.detail.step], [0, 1]);
  const lasted = second.at - first.at;
  assert.ok(lasted >= tour.steps[0].duration * 1000 - 100, `step 1 was shown ${lasted.toFixed(0)} ms (duration ${tour.steps[0].duration} s)`);
  await waitFor(page, () => pavilion.state().tour?.playing === false);
  assert.equal((await state(page)).tour.step, 1);
  await waitFor(page, (id) => pavilion.panel()?.id === id, tour.steps[1].hotspot);
  await waitFor(page, (c) => document.querySelector('.pv-tour-caption').textContent === c, tour.steps[1].caption.en);

  // The bar's own buttons, as a visitor presses them (step 2 lasts
  // seconds, far longer than a click).
  await bar.getByRole('button', { name: 'Play' }).click();
  await waitFor(page, () => pavilion.state().tour?.playing === true);
  await bar.getByRole('button', { name: 'Pause' }).click();
  await waitFor(page, () => pavilion.state().tour?.playing === false);
  assert.equal((await state(page)).tour.step, 1, 'paused on step 2 again');
  assert.equal(await bar.getByRole('button', { name: 'Play' }).getAttribute('aria-pressed'), 'true');
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.pv-tour-progress > div')).animationPlayState), 'paused');
  await bar.getByRole('button', { name: 'Next' }).click();
  await waitFor(page, (id) => pavilion.panel()?.id === id, tour.steps[2].hotspot);
  assert.equal((await state(page)).tour.step, 2);
  await page.evaluate(() => pavilion.tour.next());
  await waitFor(page, (id) => pavilion.panel()?.id === id, tour.steps[3].hotspot);
  await still(page);
  await shot(page, 'tour-step-4');
  await bar.getByRole('button', { name: 'Previous' }).click();
  await waitFor(page, () => pavilion.state().tour?.step === 2);
  await bar.getByRole('button', { name: 'End tour' }).click();
  await waitFor(page, () => pavilion.state().tour === null);
  assert.ok(await page.evaluate(() => document.getElementById('pavilion-tour').hidden), 'the bar is gone');
  const steps = (await heard(page, 'tour-step')).map((e) => e.step);
  assert.deepEqual(steps, [0, 1, 2, 3, 2]);
  assert.deepEqual(await heard(page, 'tour-end'), [{ tour: tour.id }]);
});

test('a shared link starts a tour at its step, or shows a named view', T, async () => {
  const tour = SCENE.tours[0];
  // ?tour=…&step=3 counts from 1, as the tour bar does.
  const { page, context } = await ready(`${site.base}?tour=${tour.id}&step=3`);
  await waitFor(page, (id) => pavilion.panel()?.id === id, tour.steps[2].hotspot);
  assert.deepEqual((await state(page)).tour, { id: tour.id, step: 2, steps: tour.steps.length, playing: true });
  await page.evaluate(() => pavilion.tour.pause());
  await waitFor(page, () => pavilion.state().tour?.playing === false);
  await still(page);
  await shot(page, 'link-tour-step-3');
  await context.close();

  // ?view=bust: the scene opens on that view, the one goToViewpoint shows.
  const v = await ready(`${site.base}?view=bust`);
  const bustFace = async () => (await settledHotspots(v.page)).find((m) => m.id === 'bust-face');
  const linked = await bustFace();
  await v.page.evaluate(() => pavilion.goToViewpoint('overview'));
  const overview = await bustFace();
  await v.page.evaluate(() => pavilion.goToViewpoint('bust'));
  const named = await bustFace();
  console.log(`bust-face from ?view=bust ${linked.x.toFixed(1)},${linked.y.toFixed(1)}; overview ${overview.x.toFixed(1)},${overview.y.toFixed(1)}; goToViewpoint('bust') ${named.x.toFixed(1)},${named.y.toFixed(1)}`);
  assert.ok(Math.hypot(linked.x - overview.x, linked.y - overview.y) > 50, 'the link moved the camera off the opening view');
  assert.ok(Math.hypot(linked.x - named.x, linked.y - named.y) < 2, 'the link shows the named view');
  assert.deepEqual((await state(v.page)).warnings, []);
});

test('named views move the camera; hiding a topic hides its markers', T, async () => {
  const { page } = await ready(site.base);
  await page.evaluate(() => pavilion.goToViewpoint('bust'));
  let markers = await settledHotspots(page);
  const at = (id) => markers.find((m) => m.id === id);
  const w = VIEWPORT.width;
  assert.ok(at('bust-face').visible && Math.abs(at('bust-face').x - w / 2) < w * 0.25, `bust-face near the centre: ${JSON.stringify(at('bust-face'))}`);
  assert.ok(!at('venus-face').visible || at('venus-face').x < w * 0.1, 'the Venus is out of the bust view');
  assert.deepEqual(markers.map((m) => m.number), markers.map((_, i) => i + 1));
  await page.evaluate(() => pavilion.setCategoryVisible('art', false));
  await waitFor(page, () => pavilion.state().hiddenCategories.includes('art'));
  markers = await settledHotspots(page);
  assert.equal(at('bust-face').visible, false, 'an "art" hotspot is hidden');
  assert.equal(at('bust-scan').visible, true, 'a "recording" hotspot stays');
  await shot(page, 'view-bust-art-hidden');
  await page.evaluate(() => pavilion.setCategoryVisible('art', true));
  await waitFor(page, () => pavilion.hotspots().find((m) => m.id === 'bust-face').visible);
});

test('a body with emphasis and a link, a picture with alt text; the link opens in a new tab', T, async () => {
  const { page, context } = await ready(`${site.base}?hotspot=venus-face`, { viewport: DESKTOP });
  await waitFor(page, () => pavilion.panel()?.image?.state === 'loaded', null, 30000);
  const p = await page.evaluate(() => pavilion.panel());
  const h = SCENE.hotspots.find((x) => x.id === 'venus-face');
  assert.equal(p.image.alt, h.image.alt.en);
  assert.equal(p.image.caption, h.image.caption.en);
  assert.equal(p.category, 'Sculpture');
  const linked = p.blocks.flatMap((b) => b.spans).filter((s) => s.link);
  assert.deepEqual(linked.map((s) => s.text), ['Louvre']);
  assert.equal(p.links.length, 1, `one link on screen: ${JSON.stringify(p.links)}`);
  await still(page);
  const { png } = await shot(page, 'panel-rich-image');
  // The picture: the panel's upper part shows the grey sculpture, not paper.
  const img = decodePng(png);
  const r = p.rect;
  const picture = paperShare(img, Math.round(r.left + 20), Math.round(r.top + 70), 200, 140);
  assert.ok(picture < 0.5, `the picture is drawn (paper share ${picture.toFixed(2)})`);

  // A museum page can take links over; otherwise they open in a new tab.
  // The visitor scrolls the body until the whole link shows.
  await page.locator('#pavilion-panel .pv-panel-body a').first().scrollIntoViewIfNeeded();
  const [link] = (await page.evaluate(() => pavilion.panel())).links;
  const href = link.href;
  const x = (link.left + link.right) / 2;
  const y = (link.top + link.bottom) / 2;
  await page.evaluate(() => window.addEventListener('pavilion:link', (e) => e.preventDefault(), { once: true }));
  await click(page, x, y);
  await waitFor(page, () => window.__heard.some((e) => e.name === 'link'));
  assert.deepEqual(await heard(page, 'link'), [{ href }]);
  const opened = [];
  await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => {
    opened.push(route.request().url());
    route.abort();
  });
  const popup = context.waitForEvent('page');
  await click(page, x, y);
  await popup;
  await waitFor(page, () => window.__heard.filter((e) => e.name === 'link').length === 2);
  // Polls the route's record: the new tab's request reaches it (aborted,
  // so nothing leaves the machine).
  const deadline = Date.now() + 20000;
  while (!opened.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(opened, [href]);
});

test('right-to-left rich text keeps its link; a missing picture shows its alt text', T, async () => {
  const scene = servedCopy(SCENE, '/assets/scenes/gallery/');
  scene.hotspots.find((x) => x.id === 'venus-face').image.src = '/assets/scenes/gallery/images/nowhere.jpg';
  fs.writeFileSync(path.join(here, 'fixtures', 'rich.tmp.json'), JSON.stringify(scene, null, 2));
  const { page } = await ready(`${site.base}?scene=/fixtures/rich.tmp.json&lang=ar&hotspot=venus-face`, { viewport: DESKTOP });
  await waitFor(page, () => pavilion.panel()?.image?.state === 'failed', null, 30000);
  const p = await page.evaluate(() => pavilion.panel());
  assert.equal(p.dir, 'rtl');
  assert.equal(p.links.length, 1);
  assert.ok(p.links[0].right <= p.rect.right && p.links[0].left >= p.rect.left, 'the link is inside the panel');
  await still(page);
  await shot(page, 'panel-rich-ar-missing-image');
});

test('a hotspot anchored to a glTF node sits where its scene position used to put it', T, async () => {
  // The same scene with bust-face placed absolutely, at the point its anchor names.
  const scene = servedCopy(SCENE, '/assets/scenes/gallery/');
  const h = scene.hotspots.find((x) => x.id === 'bust-face');
  delete h.anchor;
  h.position = [0.7394, 1.4479, 0.1469];
  h.normal = [-0.267, 0.1482, 0.9522];
  fs.writeFileSync(path.join(here, 'fixtures', 'absolute.tmp.json'), JSON.stringify(scene, null, 2));
  const where = async (url) => {
    const { page, context } = await ready(url);
    await page.evaluate(() => pavilion.goToViewpoint('bust'));
    const m = (await settledHotspots(page)).find((x) => x.id === 'bust-face');
    await context.close();
    return m;
  };
  const anchored = await where(site.base);
  const absolute = await where(`${site.base}?scene=/fixtures/absolute.tmp.json`);
  console.log(`bust-face anchored at ${anchored.x.toFixed(1)},${anchored.y.toFixed(1)}; absolute at ${absolute.x.toFixed(1)},${absolute.y.toFixed(1)}`);
  assert.ok(anchored.visible && absolute.visible);
  assert.ok(Math.hypot(anchored.x - absolute.x, anchored.y - absolute.y) < 2, 'within 2 px');
});
