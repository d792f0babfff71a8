// Every language the default scene ships in, as a visitor sees it: the scene
// reaches ready, the annotation panel shows that language's text in its own
// font (screenshots in tests/e2e/artifacts/lang-*.png), right-to-left
// languages start their lines at the panel's right edge, and the page's
// own strings follow the language too.

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SITE, useViewer, openViewer, waitReady, waitFor, shot, decodePng, frames, still } from './harness.mjs';

const T = { timeout: 180000 };
const SCENE = JSON.parse(fs.readFileSync(path.join(SITE, 'assets/scenes/gallery/scene.json'), 'utf8'));
const LANGUAGES = ['zh-Hans', 'zh-Hant', 'ja', 'ko', 'en', 'fr', 'es', 'de', 'it', 'pt', 'ru', 'ar', 'fa', 'hi', 'th'];
const RTL = new Set(['ar', 'fa']);
const HOTSPOT = SCENE.hotspots[0];

const site = useViewer({ before, after, afterEach });

const view = (url, opts) => site.view(url, opts);

/** Dark (text) pixels of the panel's first line of text: the column
 *  clusters of the first band of rows that have ink. Ink is dark and
 *  neutral: the category label above the title is in the brown accent. */
function firstLine(img, rect) {
  const ink = (x, y) => {
    const i = (y * img.width + x) * 4;
    const [r, g, b] = [img.data[i], img.data[i + 1], img.data[i + 2]];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 110 && Math.abs(r - b) < 40;
  };
  const [left, top, right, bottom] = [rect.left, rect.top, rect.right, rect.bottom].map(Math.round);
  let y = top + 2;
  const rowHasInk = (yy) => {
    for (let x = left + 2; x < right - 2; x++) if (ink(x, yy)) return true;
    return false;
  };
  // The first band of text wider than a button glyph: the close button's
  // "×" may sit above the title when a category label heads the panel.
  for (;;) {
    while (y < bottom && !rowHasInk(y)) y++;
    const y0 = y;
    // A line is the 20 rows from its first ink (a blank row may part
    // Arabic dots and maddas from the letters below them).
    y = Math.min(bottom, y0 + 20);
    const cols = [];
    for (let x = left + 2; x < right - 2; x++) {
      let any = false;
      for (let yy = y0; yy < y && !any; yy++) any = ink(x, yy);
      cols.push(any);
    }
    // Clusters separated by more than 24 blank columns: the title's words
    // stay together, the close button is apart.
    const clusters = [];
    let start = -1, lastInk = -100;
    cols.forEach((c, i) => {
      if (!c) return;
      if (i - lastInk > 24) {
        if (start >= 0) clusters.push([start, lastInk]);
        start = i;
      }
      lastInk = i;
    });
    if (start >= 0) clusters.push([start, lastInk]);
    const widest = clusters.reduce((a, b) => (b[1] - b[0] > a[1] - a[0] ? b : a), [0, -1]);
    if (widest[1] - widest[0] < 20 && y < bottom) continue;
    return { rows: [y0, y], gapLeft: widest[0] + 2, gapRight: right - left - 2 - widest[1], width: widest[1] - widest[0], clusters: clusters.length };
  }
}

// One page for all fifteen: the first language comes from the link
// (?lang=, as a visitor's would), each next one from setLanguage, with the
// same checks after each switch. Loading the scene fifteen times took two
// and a half minutes of the test run; the load path with ?lang= is also
// covered per script family in viewer.test.mjs (zh-Hans, ar, zh-HK, es-MX).
test('the default scene in every language: annotation in its own script', { timeout: 900000 }, async (t) => {
  const [first] = LANGUAGES;
  // Opened outside site.view: node:test runs afterEach hooks after each
  // subtest too, and those close the contexts site.view hands out.
  const { page, started, logs, context } = await openViewer(site.browser, `${site.base}?lang=${first}&hotspot=${HOTSPOT.id}`);
  t.after(() => context.close());
  const r = await waitReady(page, started);
  if (!r.ok) console.log(logs.join('\n'));
  assert.ok(r.ok, `ready rejected: ${JSON.stringify(r.error)}`);
  for (const lang of LANGUAGES) {
    await t.test(lang, async () => {
      if (lang !== first) await page.evaluate((l) => pavilion.setLanguage(l), lang);
      await waitFor(page, (l) => pavilion.panel()?.language === l && pavilion.panel().rect && pavilion.state().textReady === l, lang, 60000);
      const state = await page.evaluate(() => pavilion.state());
      assert.equal(state.language, lang);
      const panel = await page.evaluate(() => pavilion.panel());
      assert.equal(panel.language, lang);
      assert.equal(panel.chain[0], lang);
      assert.equal(panel.title, HOTSPOT.title[lang]);
      assert.equal(panel.body, HOTSPOT.body[lang]);
      assert.equal(panel.dir, RTL.has(lang) ? 'rtl' : 'ltr');
      // A frame or two for the panel to settle (a software renderer may take
      // longer than a fixed wait to draw the first frame with a new font).
      await frames(page, 6);
      // Where the panel is now (the first frame places it before knowing its size).
      const { rect } = await page.evaluate(() => pavilion.panel());
      const { png } = await shot(page, `lang-${lang}`);
      const line = firstLine(decodePng(png), rect);
      assert.ok(line.rows[1] - line.rows[0] >= 8, `no text line found in the panel ${JSON.stringify(rect)}: ${JSON.stringify(line)}`);
      assert.ok(line.width > 40, `the title's first line is ${line.width}px wide: ${JSON.stringify(line)}`);
      if (RTL.has(lang)) {
        assert.ok(line.gapRight <= 24, `${lang}: the first line should begin at the right edge: ${JSON.stringify(line)}`);
        assert.ok(line.gapLeft > line.gapRight + 40, `${lang}: a short title should leave space on the left: ${JSON.stringify(line)}`);
      } else {
        assert.ok(line.gapLeft <= 24, `${lang}: the first line should begin at the left edge: ${JSON.stringify(line)}`);
      }
    });
  }
  assert.ok(!logs.some((l) => /panicked/.test(l)), 'no panic');
});

test("setLanguage('ja') → Japanese text on screen", T, async () => {
  const { page, started } = await view(`${site.base}?lang=en&hotspot=${HOTSPOT.id}`);
  assert.ok((await waitReady(page, started)).ok);
  await waitFor(page, () => pavilion.panel()?.language === 'en' && pavilion.state().textReady === 'en');
  await still(page);
  const ms = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const t0 = performance.now();
        pavilion.setLanguage('ja');
        const check = () => {
          if (pavilion.panel()?.language === 'ja' && pavilion.state().textReady === 'ja') {
            // The frame after the font is in is the one that shows it.
            requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
          } else requestAnimationFrame(check);
        };
        check();
      }),
  );
  console.log(`setLanguage('ja') → Japanese text on screen: ${Math.round(ms)} ms`);
  const panel = await page.evaluate(() => pavilion.panel());
  assert.equal(panel.title, HOTSPOT.title.ja);
  await shot(page, 'set-language-ja');
});

test('regional requests land on the right script and the chain is visible', T, async () => {
  for (const [req, want] of [['zh-TW', 'zh-Hant'], ['zh-SG', 'zh-Hans'], ['pt-BR', 'pt'], ['fa-IR', 'fa']]) {
    const { page, started, context } = await view(`${site.base}?lang=${req}&hotspot=${HOTSPOT.id}`);
    assert.ok((await waitReady(page, started)).ok);
    await waitFor(page, () => pavilion.panel() !== null);
    const panel = await page.evaluate(() => pavilion.panel());
    assert.equal(panel.language, want, req);
    assert.ok(panel.chain.includes(want) && panel.chain.indexOf(req) === 0, `${req}: ${panel.chain}`);
    await context.close();
  }
});

test('the error screen speaks the visitor language, and a scene can override the words', T, async () => {
  let v = await view(`${site.base}?scene=/fixtures/missing-model.json&lang=fr`);
  let r = await waitReady(v.page, v.started);
  assert.equal(r.error.code, 'model-load-failed');
  assert.equal(await v.page.textContent('#pavilion-error-title'), 'Impossible d’afficher cette scène');
  assert.match(await v.page.textContent('#pavilion-error .pv-code'), /Code d’erreur : model-load-failed/);
  await shot(v.page, 'error-fr');
  v = await view(`${site.base}?scene=/fixtures/strings-override.json&lang=ar`);
  r = await waitReady(v.page, v.started);
  assert.equal(r.error.code, 'model-load-failed');
  assert.equal(await v.page.textContent('#pavilion-error-title'), 'القاعة مغلقة مؤقتًا');
  assert.equal(await v.page.getAttribute('#pavilion-error', 'dir'), 'rtl');
  await shot(v.page, 'error-override-ar');
});

// Before the viewer has started (or when it never can), the page speaks the
// visitor's language with the catalogs' few words it ships as JSON
// (web/page-strings.json): the loading line, and the error screen's title
// and code; the detailed message, for the page's owner, stays English.
test("before the viewer runs, the loading line and the error screen speak the browser's language", T, async () => {
  const recordLines = (page) => page.addInitScript(() => {
    window.__lines = [];
    new MutationObserver(() => {
      const t = document.getElementById('pavilion-progress-text')?.textContent;
      if (t && window.__lines.at(-1) !== t) window.__lines.push(t);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  const ja = await site.ready(`${site.base}`, { locale: 'ja-JP', setup: recordLines });
  const lines = await ja.page.evaluate(() => window.__lines);
  assert.ok(lines.includes('読み込み中…'), lines.join(' | '));
  assert.ok(lines.some((l) => /^ビューアを読み込み中… \d+\.\d MB$/.test(l)), lines.join(' | '));
  assert.ok(lines.includes('シーンを読み込み中…'), lines.join(' | '));
  assert.ok(!lines.some((l) => /Loading (viewer|scene)/.test(l)), lines.join(' | '));
  assert.equal(await ja.page.getAttribute('#pavilion-progress-text', 'lang'), 'ja');

  // A browser without WebGL 2, in Arabic: the viewer is never downloaded.
  const wasm = [];
  const ar = await site.view(`${site.base}`, {
    locale: 'ar-EG',
    setup: async (page) => {
      page.on('request', (r) => r.url().endsWith('.wasm') && wasm.push(r.url()));
      await page.addInitScript(() => delete window.WebGL2RenderingContext);
    },
  });
  let r = await waitReady(ar.page, ar.started);
  assert.equal(r.error?.code, 'no-webgl2');
  assert.deepEqual(wasm, []);
  assert.equal(await ar.page.textContent('#pavilion-error-title'), 'تعذّر عرض هذا المشهد');
  assert.match(await ar.page.textContent('#pavilion-error-message'), /^لا يستطيع هذا المتصفح عرض المشاهد ثلاثية الأبعاد/);
  assert.equal(await ar.page.getAttribute('#pavilion-error-message', 'lang'), 'ar');
  assert.equal(await ar.page.getAttribute('#pavilion-error', 'dir'), 'rtl');
  assert.match(await ar.page.textContent('#pavilion-error .pv-code'), /no-webgl2/);
  await shot(ar.page, 'error-no-webgl-ar');

  // A Taiwanese browser, and a link naming another site's scene: the title
  // in Traditional Chinese, the detail (for the page's owner) in English.
  const zh = await site.view(`${site.base}?scene=http://elsewhere.example/scene.json`, { locale: 'zh-TW' });
  r = await waitReady(zh.page, zh.started);
  assert.equal(r.error?.code, 'scene-origin');
  assert.equal(await zh.page.textContent('#pavilion-error-title'), '無法顯示此場景');
  assert.equal(await zh.page.getAttribute('#pavilion-error-title', 'lang'), 'zh-Hant');
  assert.equal(await zh.page.getAttribute('#pavilion-error-message', 'lang'), 'en');
  assert.match(await zh.page.textContent('#pavilion-error .pv-code'), /^錯誤代碼.*scene-origin/);
  await shot(zh.page, 'error-origin-zh-Hant');
});
