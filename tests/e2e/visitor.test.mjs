// What visitors read is HTML in the page (web/visitor/): marker buttons and
// the annotation panel, reached by keyboard and screen readers, in the
// visitor's system fonts, on phones. axe-core checks each page state.

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { SITE, useViewer, waitFor, shot, still, servedCopy } from './harness.mjs';

const T = { timeout: 180000 };
const here = path.dirname(fileURLToPath(import.meta.url));
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const SCENE = JSON.parse(fs.readFileSync(path.join(SITE, 'assets/scenes/gallery/scene.json'), 'utf8'));
const site = useViewer({ before, after, afterEach });

/** axe-core's violations on the page as it is (WCAG 2.x A/AA and best practice). */
async function axe(page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
}

/** The focused element: its marker id, or what it is. */
const focused = (page) =>
  page.evaluate(() => {
    const e = document.activeElement;
    return { id: e?.dataset?.id ?? null, tag: e?.tagName ?? null, elId: e?.id ?? null };
  });

test('keyboard only: Tab walks the markers in order, Enter opens each, Escape returns focus to it', T, async () => {
  const { page } = await site.ready(site.base);
  await still(page);
  const order = SCENE.hotspots.map((h) => h.id); // the gallery sets no `order`
  const cameraBefore = await page.evaluate(() => pavilion.state().camera);
  await page.focus('#pavilion-canvas');
  const walked = [];
  let previous = null;
  for (;;) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (!f.id) break; // past the last marker
    // Tab goes to the next marker on screen after the one before.
    const expected = await page.evaluate((prev) => {
      const buttons = [...document.querySelectorAll('.pv-marker')];
      const from = prev ? buttons.findIndex((b) => b.dataset.id === prev) + 1 : 0;
      return buttons.slice(from).find((b) => !b.hidden)?.dataset.id;
    }, previous);
    assert.equal(f.id, expected, `Tab after ${previous} reaches the next marker`);
    if (!previous) {
      // Focusing a marker neither scrolls the page nor moves the view.
      const after = await page.evaluate(() => ({ camera: pavilion.state().camera, x: window.scrollX, y: window.scrollY, root: document.getElementById('pavilion-root').scrollTop }));
      assert.deepEqual(after.camera, cameraBefore);
      assert.deepEqual([after.x, after.y, after.root], [0, 0, 0]);
    }
    await page.keyboard.press('Enter');
    await waitFor(page, (id) => pavilion.panel()?.id === id, f.id);
    await waitFor(page, () => document.activeElement?.id === 'pavilion-panel-title');
    if (walked.length === 1) await shot(page, 'visitor-keyboard-panel');
    await page.keyboard.press('Escape');
    await waitFor(page, () => pavilion.panel() === null);
    await waitFor(page, (id) => document.activeElement?.dataset?.id === id, f.id);
    walked.push(f.id);
    previous = f.id;
    await still(page);
  }
  assert.deepEqual(walked, order, 'every marker of the default scene was reached by Tab, in the scene’s order');
});

for (const [lang, dir] of [['en', 'ltr'], ['ar', 'rtl'], ['zh-Hans', 'ltr']]) {
  test(`${lang}: markers are named buttons, the panel a dialog named by its title in its language, and axe finds no violations`, T, async () => {
    const { page } = await site.ready(`${site.base}?lang=${lang}&hotspot=venus-face`);
    await waitFor(page, () => pavilion.panel()?.rect);
    await still(page);
    const h = SCENE.hotspots.find((x) => x.id === 'venus-face');
    const dom = await page.evaluate(() => {
      const panel = document.getElementById('pavilion-panel');
      const title = document.getElementById('pavilion-panel-title');
      const marker = document.querySelector('.pv-marker[data-id="venus-face"]');
      return {
        htmlLang: document.documentElement.lang,
        role: panel.getAttribute('role'),
        labelledBy: panel.getAttribute('aria-labelledby'),
        title: title.textContent,
        titleLang: title.lang,
        titleDir: title.dir,
        bodyLang: panel.querySelector('.pv-panel-body').lang,
        markerExpanded: marker.getAttribute('aria-expanded'),
        markerTitleLang: marker.querySelector('.pv-marker-title').lang,
      };
    });
    assert.deepEqual(dom, {
      htmlLang: lang,
      role: 'dialog',
      labelledBy: 'pavilion-panel-title',
      title: h.title[lang],
      titleLang: lang,
      titleDir: dir,
      bodyLang: lang,
      markerExpanded: 'true',
      markerTitleLang: lang,
    });
    // The accessible name of every marker on screen is its number (in the
    // language's digits) and its title.
    const names = await page.evaluate(() =>
      [...document.querySelectorAll('.pv-marker:not([hidden])')].map((b) => {
        const m = pavilion.hotspots().find((x) => x.id === b.dataset.id);
        return `${b.querySelector('.pv-marker-number').textContent} ${m.title}`;
      }),
    );
    assert.ok(names.length >= 2, `markers on screen: ${names}`);
    if (lang === 'ar') assert.ok(names.some((n) => n.startsWith('١ ')), `Arabic-Indic digits: ${names}`);
    for (const name of names) {
      assert.equal(await page.getByRole('button', { name, exact: true }).count(), 1, `one button named "${name}"`);
    }
    assert.equal(await page.getByRole('dialog', { name: h.title[lang] }).count(), 1, 'the panel is a dialog named by its title');
    await shot(page, `visitor-panel-${lang}`);
    assert.deepEqual(await axe(page), [], 'axe-core violations');
  });
}

test('a phone (360×640, touch): a tap opens a hotspot in a bottom sheet; targets are 44 px; axe finds nothing', T, async () => {
  const { page } = await site.ready(site.base, { viewport: { width: 360, height: 640 }, touch: true });
  await still(page);
  const target = (await page.evaluate(() => pavilion.hotspots())).find((m) => m.visible);
  assert.ok(target, 'a marker to tap');
  const size = await page.evaluate((id) => {
    const r = document.querySelector(`.pv-marker[data-id="${id}"]`).getBoundingClientRect();
    return [r.width, r.height];
  }, target.id);
  assert.ok(size[0] >= 44 && size[1] >= 44, `marker target ${size}`);
  await page.touchscreen.tap(target.x, target.y);
  await waitFor(page, (id) => pavilion.panel()?.id === id, target.id);
  await still(page);
  const { rect } = await page.evaluate(() => pavilion.panel());
  assert.ok(rect.left <= 1 && rect.right >= 359 && Math.abs(rect.bottom - 640) <= 1, `a bottom sheet: ${JSON.stringify(rect)}`);
  assert.ok(rect.top > 640 * 0.4, `over the lower part of the scene: ${JSON.stringify(rect)}`);
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('#pavilion-panel button')]
      .map((b) => b.getBoundingClientRect())
      .filter((r) => r.width < 44 || r.height < 44)
      .map((r) => [r.width, r.height]),
  );
  assert.deepEqual(small, [], 'panel buttons are at least 44×44');
  await shot(page, 'visitor-phone-sheet');
  assert.deepEqual(await axe(page), [], 'axe-core violations');
});

test('the canvas is named by the scene; with reduced motion the camera cuts to a hotspot instead of flying', T, async () => {
  for (const reducedMotion of ['no-preference', 'reduce']) {
    const { page, context } = await site.ready(site.base, { reducedMotion });
    await still(page);
    const named = await page.evaluate(() => {
      const c = document.getElementById('pavilion-canvas');
      return { label: c.getAttribute('aria-label'), description: document.getElementById(c.getAttribute('aria-describedby'))?.textContent };
    });
    assert.deepEqual(named, { label: SCENE.title.en, description: SCENE.description.en });
    // Count the poses on the way (camera messages with moving: true) the
    // page hears while the hotspot is opened: a cut has none, a flight at
    // least one however slow the frames.
    await page.evaluate(() => {
      window.__poses = 0;
      const host = globalThis.__pavilionHost;
      const event = host.event;
      host.event = (kind, json) => {
        if (kind === 'camera' && JSON.parse(json).moving) window.__poses += 1;
        event(kind, json);
      };
    });
    const target = SCENE.hotspots.find((h) => h.viewpoint);
    await page.evaluate((id) => pavilion.openHotspot(id), target.id);
    await still(page);
    const poses = await page.evaluate(() => window.__poses);
    const at = await page.evaluate(() => pavilion.state().camera.position);
    at.forEach((v, i) => assert.ok(Math.abs(v - target.viewpoint.position[i]) < 1e-3, `at the hotspot's viewpoint: ${at}`));
    if (reducedMotion === 'reduce') assert.equal(poses, 0, `a cut: ${poses} poses on the way`);
    else assert.ok(poses >= 1, `a flight: ${poses} poses on the way`);
    await context.close();
  }
});

// Characters no bundled scene uses, in scripts the viewer's own fonts were
// never subset for: the page shows them in the visitor's system fonts.
const RARE = {
  'zh-Hant': '龘與𠀋',
  ko: '훈민정음 해례본',
  hi: 'देवनागरी लिपि',
  th: 'อักษรไทยโบราณ',
  fa: 'خط فارسی with Latin 2024 inside',
};

test('text in any script shows without a rebuild: rare Han, Korean, Devanagari, Thai, Persian with Latin', T, async () => {
  const scene = servedCopy(SCENE, '/assets/scenes/gallery/');
  const h = scene.hotspots.find((x) => x.id === 'venus-face');
  for (const [lang, text] of Object.entries(RARE)) {
    h.title[lang] = text;
    h.body[lang] = `${text}: ${text}.`;
  }
  fs.writeFileSync(path.join(here, 'fixtures', 'rare.tmp.json'), JSON.stringify(scene, null, 2));
  const langs = Object.keys(RARE);
  const { page } = await site.ready(`${site.base}?scene=/fixtures/rare.tmp.json&lang=${langs[0]}&hotspot=venus-face`);
  for (const lang of langs) {
    const text = RARE[lang];
    if (lang !== langs[0]) await page.evaluate((l) => pavilion.setLanguage(l), lang);
    await waitFor(page, (l) => pavilion.panel()?.language === l && pavilion.panel().rect, lang);
    await still(page);
    assert.equal(await page.textContent('#pavilion-panel-title'), text);
    // Every character is drawn from a real font: its pixels differ from
    // the box a missing glyph becomes (an unassigned code point), in the
    // title's own font stack.
    const tofu = await page.evaluate((chars) => {
      const title = document.getElementById('pavilion-panel-title');
      const font = getComputedStyle(title).font;
      const ink = (c) => {
        const canvas = Object.assign(document.createElement('canvas'), { width: 64, height: 64 });
        const g = canvas.getContext('2d');
        g.font = font;
        g.lang = title.lang;
        g.fillText(c, 4, 44);
        return Array.from(g.getImageData(0, 0, 64, 64).data).join();
      };
      const missing = ink('\u{10FFFD}');
      return [...chars].filter((c) => /\p{L}/u.test(c) && ink(c) === missing);
    }, text);
    assert.deepEqual(tofu, [], `${lang}: characters drawn as a missing-glyph box`);
    await shot(page, `visitor-rare-${lang}`);
  }
});
