// Authoring mode, as a content team uses it: click a surface to get a
// hotspot's position and normal, capture the camera as a viewpoint, and see
// an edited scene file reload in place without losing the camera.

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SITE, useViewer, waitFor, shot, click, heard, servedCopy, settled, settledCamera, still, ownersPage, decodePng, regionStats } from './harness.mjs';

const T = { timeout: 180000 };
const here = path.dirname(fileURLToPath(import.meta.url));
const SCENE = JSON.parse(fs.readFileSync(path.join(SITE, 'assets/scenes/gallery/scene.json'), 'utf8'));
const LIVE = path.join(here, 'fixtures', 'live-reload.tmp.json');
const INDEX = fs.readFileSync(path.join(SITE, 'index.html'), 'utf8');

const site = useViewer({ before, after, afterEach });
after(() => fs.rmSync(LIVE, { force: true }));

// Authoring is a tool for content teams: a page turns it on (as
// `cargo xtask serve` does); dist's own page leaves it off.
const ready = (url, attrs = 'data-authoring="on"') => site.ready(url, { setup: ownersPage(attrs) });

const dist = (a, b) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** Drags hotspot `id`'s marker by (dx, dy) pixels, a few pixels at a time,
 *  as a person does; returns the marker's place before the drag. */
async function drag(page, id, dx, dy) {
  const before = (await page.evaluate(() => pavilion.hotspots())).find((h) => h.id === id);
  await page.mouse.move(before.x, before.y);
  await page.waitForTimeout(250);
  await page.mouse.down();
  await page.waitForTimeout(150);
  for (let i = 1; i <= 8; i++) {
    await page.mouse.move(before.x + (dx * i) / 8, before.y + (dy * i) / 8);
    await page.waitForTimeout(60);
  }
  await page.waitForTimeout(500);
  await page.mouse.up();
  return before;
}

/** The camera as a viewpoint, as the viewer reports it after handling a
 *  capture (frames can be slow: a value read too early is the previous one). */
async function capture(page) {
  const seen = await page.evaluate(() => window.__heard.filter((e) => e.name === 'author').length);
  await page.evaluate(() => pavilion.author.captureViewpoint());
  await waitFor(page, (n) => window.__heard.filter((e) => e.name === 'author').length > n, seen);
  return page.evaluate(() => pavilion.author.viewpoint());
}


test('?author=1: clicking a surface gives its position, normal, model and node as hotspot JSON', T, async () => {
  const { page } = await ready(`${site.base}?author=1`);
  await still(page);
  const face = (await page.evaluate(() => pavilion.hotspots())).find((h) => h.id === 'venus-face');
  const want = SCENE.hotspots.find((h) => h.id === 'venus-face');
  // Just below the face marker: the statue's chin and neck.
  await click(page, face.x, face.y + 28);
  await waitFor(page, () => pavilion.author.pick() !== null);
  const pick = await page.evaluate(() => pavilion.author.pick());
  assert.equal(pick.model, 'venus');
  assert.equal(typeof pick.node, 'string');
  assert.equal(pick.local.length, 3);
  const d = dist(pick.position, want.position);
  assert.ok(d > 0.01 && d < 0.4, `picked ${pick.position}, ${d.toFixed(3)} m from the face hotspot`);
  assert.ok(Math.abs(Math.hypot(...pick.normal) - 1) < 0.01, `unit normal ${pick.normal}`);
  assert.ok(pick.normal[2] > 0.2, `the normal faces the camera (front of the statue): ${pick.normal}`);
  const snippet = JSON.parse(await page.evaluate(() => pavilion.author.snippet()));
  assert.deepEqual(snippet.position, pick.position);
  assert.deepEqual(snippet.normal, pick.normal);
  assert.equal(snippet.id, `hotspot-${SCENE.hotspots.length + 1}`);
  assert.deepEqual(snippet.title, { en: '' });
  assert.equal(await page.evaluate(() => pavilion.panel()), null, 'a pick does not open a hotspot');
  await still(page);
  await shot(page, 'author-pick');

  await capture(page);
  const withView = JSON.parse(await page.evaluate(() => pavilion.author.snippet()));
  assert.ok(withView.viewpoint, 'the snippet has the captured viewpoint');
  assert.ok(dist(withView.viewpoint.position, withView.viewpoint.target) > 0.5);
  assert.ok(withView.viewpoint.fov > 10 && withView.viewpoint.fov < 120);
});

test('an edited scene file reloads in place and keeps the camera; a broken edit keeps the scene', T, async () => {
  // The gallery scene served from the fixtures folder, so the test may edit it.
  const scene = servedCopy(SCENE, '/assets/scenes/gallery/');
  fs.writeFileSync(LIVE, JSON.stringify(scene, null, 2));
  const { page } = await ready(`${site.base}?scene=/fixtures/live-reload.tmp.json&author=1`);
  const home = await settledCamera(page);
  // Move the camera away from the first view (to the bust's viewpoint),
  // then remember where it is.
  await page.evaluate(() => pavilion.openHotspot('bust-face'));
  await waitFor(page, () => pavilion.panel() !== null);
  await page.evaluate(() => pavilion.closeHotspot());
  const before = await settledCamera(page);
  // An unsaved drag, then the author edits the file in their editor.
  const dragged = await drag(page, 'bust-face', 8, 12);
  await waitFor(page, () => pavilion.author.scene() !== null);
  const draggedTo = JSON.parse(await settled(page, () => pavilion.author.scene())).hotspots.find((h) => h.id === 'bust-face').anchor.position;

  scene.hotspots[0].title.en = 'Edited while the viewer was open';
  fs.writeFileSync(LIVE, JSON.stringify(scene, null, 2));
  await waitFor(page, () => pavilion.hotspots()[0]?.title === 'Edited while the viewer was open', undefined, 30000);
  await waitFor(page, () => pavilion.state().status === 'ready', undefined, 30000);
  // The drag outlived the reload: the marker stays, and a download has both edits.
  const kept = JSON.parse(await page.evaluate(() => pavilion.author.scene()));
  assert.equal(kept.hotspots[0].title.en, 'Edited while the viewer was open');
  assert.deepEqual(kept.hotspots.find((h) => h.id === 'bust-face').anchor.position, draggedTo);
  const marker = (await settled(page, () => pavilion.hotspots())).find((h) => h.id === 'bust-face');
  assert.ok(Math.hypot(marker.x - (dragged.x + 8), marker.y - (dragged.y + 12)) < 20, `the dragged marker is where it was dropped: ${marker.x},${marker.y}`);
  const after = await settledCamera(page);
  // Kept where the author left it (a reload that reset the view would put
  // it back at the first view, metres away).
  assert.ok(dist(before.position, home.position) > 0.5, `the camera moved to the bust: ${home.position} → ${before.position}`);
  assert.ok(dist(before.position, after.position) < 0.01, `camera moved on reload: ${before.position} → ${after.position}`);
  assert.ok(dist(before.target, after.target) < 0.01);

  // A broken edit (a duplicate id): the scene stays, the error is shown.
  scene.hotspots[1].id = scene.hotspots[0].id;
  fs.writeFileSync(LIVE, JSON.stringify(scene, null, 2));
  await waitFor(page, () => window.__heard.some((e) => e.name === 'reload-error'), undefined, 30000);
  const [err] = await heard(page, 'reload-error');
  assert.match(err.message, /live-reload\.tmp\.json:\d+:\d+: error\[duplicate-id\]/);
  assert.ok(await page.isVisible('#pavilion-reload-error'));
  assert.equal((await page.evaluate(() => pavilion.state())).status, 'ready');
  assert.equal((await page.evaluate(() => pavilion.hotspots())).length, SCENE.hotspots.length);
  // A download now starts from the author's latest text (the one with the
  // error they are fixing), not from the last version that loaded.
  await waitFor(page, (dup) => JSON.parse(pavilion.author.scene() ?? 'null')?.hotspots[1].id === dup, scene.hotspots[0].id);
  await shot(page, 'author-reload-error');
});

test('dragging a marker moves its hotspot over the surface; the edited scene downloads', T, async () => {
  const { page } = await ready(`${site.base}?author=1`);
  await still(page);
  const id = 'venus-drapery';
  const original = SCENE.hotspots.find((h) => h.id === id);
  // Drag the marker up the statue.
  const before = await drag(page, id, -10, -45);
  await waitFor(page, () => pavilion.author.scene() !== null);
  // The viewer may still be working through the pointer's last moves (a
  // software renderer's frame can take over a second): read the scene once
  // it has stayed the same over a few drawn frames.
  const edited = JSON.parse(await settled(page, () => pavilion.author.scene()));
  const moved = edited.hotspots.find((h) => h.id === id);
  const d = dist(moved.position, original.position);
  assert.ok(d > 0.03 && d < 0.6, `moved ${d.toFixed(3)} m: ${original.position} → ${moved.position}`);
  assert.ok(moved.normal[2] > 0, `the normal faces the front: ${moved.normal}`);
  // Nothing else changed.
  for (const h of SCENE.hotspots.filter((x) => x.id !== id)) {
    assert.deepEqual(edited.hotspots.find((x) => x.id === h.id), h);
  }
  assert.deepEqual(edited.title, SCENE.title);
  // The marker followed the pointer, and a drag is not a click.
  const after = (await page.evaluate(() => pavilion.hotspots())).find((h) => h.id === id);
  assert.ok(Math.hypot(after.x - (before.x - 10), after.y - (before.y - 45)) < 20, `marker at ${after.x},${after.y}, dropped at ${before.x - 10},${before.y - 45}`);
  assert.equal(await page.evaluate(() => pavilion.panel()), null);
  await shot(page, 'author-drag');
  const [download] = await Promise.all([page.waitForEvent('download'), page.evaluate(() => pavilion.author.download())]);
  assert.equal(download.suggestedFilename(), 'scene.json');
  const savedText = fs.readFileSync(await download.path(), 'utf8');
  assert.deepEqual(JSON.parse(savedText), edited);
  // Only the moved values changed: the file's other bytes are as they were.
  const file = fs.readFileSync(path.join(SITE, 'assets/scenes/gallery/scene.json'), 'utf8');
  let p = 0;
  while (p < file.length && file[p] === savedText[p]) p++;
  let q = 0;
  while (q < file.length - p && file[file.length - 1 - q] === savedText[savedText.length - 1 - q]) q++;
  const was = file.slice(p, file.length - q);
  assert.match(was, /^[^"]*("normal"[^"]*)?$/, `only the position and normal changed, not: ${was}`);
  assert.match(file.slice(0, p), new RegExp(`"id": "${id}"[^{}]*$`), 'inside the moved hotspot');
});

/** A `setup` that records which viewer wasm files the page fetched. */
const recordWasm = (fetched, then) => async (page) => {
  page.on('request', (r) => {
    if (r.url().endsWith('.wasm')) fetched.push(new URL(r.url()).pathname);
  });
  if (then) await then(page);
};

// The authoring viewer (egui) is a second wasm, fetched only by ?author=1 on
// a page that allows authoring; its fonts are fetched by it alone, and a
// font URL answering HTML (a server answering every path with its home
// page) is a warning, not a crash.
test('?author=1 fetches the authoring viewer, whose broken font is a warning', T, async () => {
  const fetched = [];
  const fontAsked = [];
  const v = await site.ready(`${site.base}?lang=th&author=1`, {
    setup: recordWasm(fetched, async (page) => {
      await ownersPage('data-authoring="on"')(page);
      await page.route(/NotoSansThai-subset\.ttf$/, (route) => {
        fontAsked.push(route.request().url());
        return route.fulfill({ status: 200, headers: { 'Content-Type': 'text/html' }, body: INDEX });
      });
    }),
  });
  assert.deepEqual(fetched, ['/pkg-author/pavilion_bg.wasm']);
  assert.equal(fontAsked.length, 1);
  const state = await v.page.evaluate(() => pavilion.state());
  assert.equal(state.language, 'th');
  assert.ok(state.warnings.some((w) => /font for "th".*not a font file/.test(w)), state.warnings.join('\n'));
  await still(v.page);
  const img = decodePng((await shot(v.page, 'author-thai-broken-font')).png);
  assert.ok(regionStats(img).colours > 24, 'the scene is drawn');
  assert.ok(!v.logs.some((l) => /panicked/.test(l)), v.logs.join('\n'));
});

test("?author=1 and ?live=1 do nothing on a page that has not turned authoring on", T, async () => {
  const fetched = [];
  const v = await site.ready(`${site.base}?author=1&live=1`, { setup: recordWasm(fetched, ownersPage('')) });
  // Visitors download the viewer without the authoring tools.
  assert.deepEqual(fetched, ['/pkg/pavilion_bg.wasm']);
  await still(v.page);
  assert.ok(v.logs.some((l) => /authoring is off on this page/.test(l)), v.logs.join('\n'));
  // A click on a surface picks nothing and no authoring window is drawn.
  const box = await v.page.locator('#pavilion-canvas').boundingBox();
  await click(v.page, box.x + box.width * 0.45, box.y + box.height * 0.5);
  await still(v.page);
  assert.deepEqual(await heard(v.page, 'author'), []);
  assert.equal(await v.page.evaluate(() => pavilion.author.pick()), null);
  await shot(v.page, 'author-off');
});
