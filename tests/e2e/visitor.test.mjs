// What visitors read is HTML in the page (web/visitor/): marker buttons, the
// annotation panel, the toolbar with its menus, the tour bar and About,
// reached by keyboard and screen readers, in the visitor's system fonts, on
// phones. axe-core checks each page state.

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SITE, useViewer, waitFor, shot, still, servedCopy, settledCamera, settledHotspots, axe, DESKTOP } from './harness.mjs';

const T = { timeout: 180000 };
const here = path.dirname(fileURLToPath(import.meta.url));
const SCENE = JSON.parse(fs.readFileSync(path.join(SITE, 'assets/scenes/gallery/scene.json'), 'utf8'));
const site = useViewer({ before, after, afterEach });

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
  // The toolbar: the title's line, then one row of icons as large, each
  // named by its words; together under a sixth of the screen.
  const bar = await page.evaluate(() => {
    const tools = [...document.querySelectorAll('.pv-tools button:not([hidden]), .pv-tools select')].filter((e) => e.offsetParent);
    const rects = tools.map((e) => e.getBoundingClientRect());
    return {
      count: tools.length,
      names: tools.map((e) => e.getAttribute('aria-label') || e.textContent.trim()),
      small: rects.filter((r) => r.width < 44 || r.height < 44).map((r) => [r.width, r.height]),
      rows: new Set(rects.map((r) => Math.round(r.top))).size,
      left: Math.min(...rects.map((r) => r.left)),
      right: Math.max(...rects.map((r) => r.right)),
      bottom: Math.max(...rects.map((r) => r.bottom)),
    };
  });
  assert.ok(bar.count >= 5, `toolbar controls: ${bar.count}`);
  assert.deepEqual(bar.small, [], 'toolbar controls are at least 44×44');
  assert.ok(bar.names.includes('Views') && bar.names.includes('About') && bar.names.includes('Language'), bar.names.join(', '));
  assert.equal(bar.rows, 1, 'the tools are one row');
  assert.ok(bar.left >= 0 && bar.right <= 360, `the toolbar fits the width: ${bar.left}..${bar.right}`);
  assert.ok(bar.bottom <= 640 / 6, `the toolbar ends at ${bar.bottom} px of 640`);
  assert.ok(bar.bottom < rect.top, `the toolbar (to ${bar.bottom}) is above the sheet (from ${rect.top})`);
  await shot(page, 'visitor-phone-sheet');
  // A menu opens under the row, inside the screen.
  await page.touchscreen.tap(...(await page.evaluate(() => {
    const r = document.querySelector('[aria-controls="pavilion-menu-views"]').getBoundingClientRect();
    return [r.x + r.width / 2, r.y + r.height / 2];
  })));
  const list = await page.evaluate(() => {
    const r = document.getElementById('pavilion-menu-views').getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, shown: r.height > 0 };
  });
  assert.ok(list.shown && list.left >= 0 && list.right <= 360 && list.top >= bar.bottom, `the Views menu at ${JSON.stringify(list)}`);
  await shot(page, 'visitor-phone-menu');
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
    // Count the poses on the way (camera-change events with moving: true)
    // the page hears while the hotspot is opened: a cut has none, a flight
    // at least one however slow the frames.
    await page.evaluate(() => {
      window.__poses = 0;
      window.addEventListener('pavilion:camera-change', (e) => {
        if (e.detail.moving) window.__poses += 1;
      });
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

/** The French catalog's word for a key (the toolbar must show it, not English). */
const FR = Object.fromEntries(
  fs
    .readFileSync(path.join(here, '../../assets/i18n/fr.ftl'), 'utf8')
    .split('\n')
    .map((l) => l.match(/^([a-z-]+) = (.*)$/))
    .filter(Boolean)
    .map((m) => [m[1], m[2]]),
);

test('the toolbar by keyboard: views, topics, language, About, reset and full screen; no font is fetched; axe finds nothing', T, async () => {
  const fonts = [];
  const { page } = await site.ready(`${site.base}?lang=en`, {
    setup: (p) => p.on('request', (r) => /\/assets\/fonts\//.test(r.url()) && fonts.push(r.url())),
  });
  await still(page);
  const home = (await page.evaluate(() => pavilion.state().camera)).position;
  // The title heads the page and the tools come before the scene in
  // reading order: Shift+Tab from the scene reaches the last tool.
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), SCENE.title.en);
  await page.focus('#pavilion-canvas');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Full screen');

  // Views: a disclosure menu; Enter on an entry flies there and gives
  // focus back to the menu's button.
  const views = page.getByRole('button', { name: 'Views', exact: true });
  await views.focus();
  await page.keyboard.press('Enter');
  assert.equal(await views.getAttribute('aria-expanded'), 'true');
  const list = page.locator('#pavilion-menu-views');
  assert.deepEqual(await list.getByRole('button').allTextContents(), SCENE.viewpoints.map((v) => v.title.en));
  await shot(page, 'visitor-menu-views');
  assert.deepEqual(await axe(page), [], 'axe-core violations with a menu open');
  const target = SCENE.viewpoints[SCENE.viewpoints.length - 1];
  await page.keyboard.press('Tab');
  while (await page.evaluate(() => document.activeElement.dataset.id) !== target.id) await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  assert.equal(await views.getAttribute('aria-expanded'), 'false');
  assert.ok(await list.isHidden());
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Views');
  await still(page);
  let at = (await page.evaluate(() => pavilion.state().camera)).position;
  at.forEach((v, i) => assert.ok(Math.abs(v - target.position[i]) < 1e-3, `at the view ${target.id}: ${at}`));

  // Topics: checkboxes; Space hides a topic's markers, focus stays on it;
  // Escape closes the menu onto its button.
  const topic = SCENE.categories[0];
  await page.getByRole('button', { name: 'Topics', exact: true }).click();
  const box = page.getByRole('checkbox', { name: topic.title.en });
  assert.ok(await box.isChecked());
  await box.focus();
  await page.keyboard.press('Space');
  await waitFor(page, (id) => pavilion.state().hiddenCategories.includes(id), topic.id);
  await waitFor(page, (id) => document.activeElement?.closest('label')?.dataset.id === id, topic.id);
  assert.equal(await box.isChecked(), false);
  const hiddenMarkers = await page.evaluate(() => pavilion.hotspots().filter((h) => !h.visible).length);
  assert.ok(hiddenMarkers >= 1, 'the topic’s markers are hidden');
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Topics');
  await page.evaluate((id) => pavilion.setCategoryVisible(id, true), topic.id);

  // Reset view returns to the first view.
  await page.getByRole('button', { name: 'Reset view' }).click();
  await still(page);
  at = (await page.evaluate(() => pavilion.state().camera)).position;
  at.forEach((v, i) => assert.ok(Math.abs(v - home[i]) < 1e-2, `back home: ${at} vs ${home}`));

  // The language: a native select, each option in its own language.
  const select = page.getByRole('combobox', { name: 'Language' });
  assert.equal(await select.locator('option[value="ar"]').getAttribute('lang'), 'ar');
  await select.selectOption('fr');
  await waitFor(page, () => pavilion.state().language === 'fr' && document.documentElement.lang === 'fr');
  await waitFor(page, (w) => document.querySelector('.pv-tools button').getAttribute('aria-label') === w, FR['reset-view']);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), SCENE.title.fr);
  assert.equal(await page.getByRole('combobox', { name: FR.language }).inputValue(), 'fr');

  // About: a modal dialog with every credit line; Escape closes it and
  // focus goes back to its button.
  const aboutButton = page.getByRole('button', { name: FR.about, exact: true });
  await aboutButton.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: FR['about-title'] });
  await waitFor(page, () => document.getElementById('pavilion-about').open);
  const credits = SCENE.models.filter((m) => m.credit).map((m) => m.credit.line);
  assert.deepEqual(await dialog.locator('.pv-credit-line').allTextContents(), credits);
  assert.equal(await dialog.locator('.pv-credit-line').first().getAttribute('translate'), 'no');
  await shot(page, 'visitor-about-fr');
  assert.deepEqual(await axe(page), [], 'axe-core violations with About open');
  await page.keyboard.press('Escape');
  await waitFor(page, () => !document.getElementById('pavilion-about').open);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'pavilion-about-button');

  // Full screen: the viewer, not the page; the button says how to leave.
  const full = page.getByRole('button', { name: FR.fullscreen });
  await full.click();
  await waitFor(page, () => document.fullscreenElement?.id === 'pavilion-root');
  await page.getByRole('button', { name: FR['exit-fullscreen'] }).click();
  await waitFor(page, () => document.fullscreenElement === null);

  // Visitors read HTML in their system fonts: no font file was fetched.
  assert.deepEqual(fonts, []);
});

test('Arabic and Chinese: the toolbar and tour bar follow the language and direction; axe finds nothing', T, async () => {
  for (const [lang, dir] of [['ar', 'rtl'], ['zh-Hans', 'ltr']]) {
    const fonts = [];
    const { page, context } = await site.ready(`${site.base}?lang=${lang}&tour=${SCENE.tours[0].id}`, {
      setup: (p) => p.on('request', (r) => /\/assets\/fonts\//.test(r.url()) && fonts.push(r.url())),
    });
    await waitFor(page, () => !document.getElementById('pavilion-tour').hidden);
    await page.evaluate(() => pavilion.tour.pause());
    await waitFor(page, () => pavilion.state().tour?.playing === false);
    await still(page);
    const dom = await page.evaluate(() => {
      const bar = document.querySelector('.pv-toolbar');
      const tour = document.getElementById('pavilion-tour');
      const tools = document.querySelector('.pv-tools').getBoundingClientRect();
      const title = document.querySelector('.pv-scene-title').getBoundingClientRect();
      return {
        bar: [bar.lang, bar.dir],
        tour: [tour.lang, tour.dir],
        caption: document.querySelector('.pv-tour-caption').lang,
        // Mirrored: in right-to-left the title is on the right.
        titleRight: title.left > tools.left,
      };
    });
    assert.deepEqual(dom, { bar: [lang, dir], tour: [lang, dir], caption: lang, titleRight: dir === 'rtl' });
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), SCENE.title[lang]);
    assert.equal(await page.locator('.pv-tour-caption').textContent(), SCENE.tours[0].steps[0].caption[lang]);
    await shot(page, `visitor-toolbar-tour-${lang}`);
    assert.deepEqual(await axe(page), [], `${lang}: axe-core violations`);
    assert.deepEqual(fonts, [], `${lang}: no font file was fetched`);
    await context.close();
  }
});

// What the browser's "Translate this page" does to the DOM (Chrome wraps
// each translated text in <font> elements, and the words get longer),
// simulated: the layout holds and the viewer keeps rendering over it.
test('a machine-translated page keeps its layout, and the viewer keeps updating it', T, async () => {
  for (const viewport of [DESKTOP, { width: 360, height: 640 }]) {
    const { page, context } = await site.ready(`${site.base}?hotspot=venus-face`, { viewport });
    await waitFor(page, () => pavilion.panel()?.rect);
    await still(page);
    const translated = await page.evaluate(() => {
      const skip = (n) => n.parentElement.closest('[translate="no"], script, style, option');
      const walk = document.createTreeWalker(document.getElementById('pavilion-root'), NodeFilter.SHOW_TEXT);
      const nodes = [];
      while (walk.nextNode()) if (walk.currentNode.textContent.trim() && !skip(walk.currentNode)) nodes.push(walk.currentNode);
      for (const n of nodes) {
        const outer = document.createElement('font');
        const inner = document.createElement('font');
        inner.textContent = `${n.textContent} ${n.textContent.slice(0, Math.ceil(n.textContent.length * 0.6))}`;
        outer.append(inner);
        n.replaceWith(outer);
      }
      return nodes.length;
    });
    assert.ok(translated > 20, `texts translated: ${translated}`);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const layout = await page.evaluate(() => {
      const box = (e) => e.getBoundingClientRect();
      const panel = document.getElementById('pavilion-panel');
      const p = box(panel);
      const tools = [...document.querySelectorAll('.pv-tools > *:not([hidden])')].map(box);
      return {
        panelInside: p.left >= 0 && p.right <= innerWidth + 0.5 && p.bottom <= innerHeight + 0.5,
        panelOverflow: panel.scrollWidth - panel.clientWidth,
        nav: [...panel.querySelectorAll('.pv-panel-nav button')].every((b) => {
          const r = box(b);
          return r.top >= p.top && r.bottom <= p.bottom + 0.5 && r.right <= p.right + 0.5;
        }),
        toolsInside: tools.every((r) => r.left >= 0 && r.right <= innerWidth + 0.5),
        pageScroll: [document.documentElement.scrollWidth - innerWidth, document.documentElement.scrollHeight - innerHeight],
      };
    });
    assert.deepEqual(layout, { panelInside: true, panelOverflow: 0, nav: true, toolsInside: true, pageScroll: [0, 0] }, `${viewport.width}px`);
    await shot(page, `visitor-translated-${viewport.width}`);
    // The viewer writes over the translated DOM: the next hotspot shows.
    const next = SCENE.hotspots[1];
    await page.locator('#pavilion-panel .pv-panel-nav button').last().click();
    await waitFor(page, (t) => document.getElementById('pavilion-panel-title').textContent === t, next.title.en);
    await context.close();
  }
});

test('a phone (360×640, touch): one finger orbits, two fingers pinch to zoom', T, async () => {
  const { page, context } = await site.ready(site.base, { viewport: { width: 360, height: 640 }, touch: true });
  await still(page);
  const cdp = await context.newCDPSession(page);
  const frame = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  // A gesture as the browser gets it: touch points moved a little each frame.
  async function gesture(from, to, steps = 12) {
    const at = (k) => from.map((p, i) => ({ x: p.x + ((to[i].x - p.x) * k) / steps, y: p.y + ((to[i].y - p.y) * k) / steps, id: i }));
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0) });
    for (let k = 1; k <= steps; k++) {
      await frame();
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(k) });
    }
    await frame();
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  }
  const camera = () => page.evaluate(() => pavilion.state().camera);
  const distance = (c) => Math.hypot(...c.position.map((v, i) => v - c.target[i]));
  const start = await camera();
  // One finger, sideways across an empty stretch of the scene (below the toolbar).
  await gesture([{ x: 60, y: 520 }], [{ x: 260, y: 520 }]);
  await still(page);
  const orbited = await camera();
  const moved = Math.hypot(...orbited.position.map((v, i) => v - start.position[i]));
  assert.ok(moved > 0.05 * distance(start), `one finger orbits the camera (moved ${moved.toFixed(3)})`);
  orbited.target.forEach((v, i) => assert.ok(Math.abs(v - start.target[i]) < 1e-3, 'around the same target'));
  assert.ok(Math.abs(distance(orbited) - distance(start)) < 0.01 * distance(start), 'at the same distance');
  // Two fingers apart: closer.
  await gesture([{ x: 150, y: 420 }, { x: 210, y: 420 }], [{ x: 80, y: 420 }, { x: 280, y: 420 }]);
  await still(page);
  const pinched = await camera();
  assert.ok(distance(pinched) < 0.85 * distance(orbited), `pinching out zooms in: ${distance(orbited).toFixed(2)} → ${distance(pinched).toFixed(2)}`);
  await shot(page, 'visitor-phone-pinched');
  await context.close();
});

// A link to exactly what the visitor sees: the toolbar's Share shows it and
// copies it; opened elsewhere, it lands on the same camera, language and
// open annotation (README, "Links to a view").
// Two viewers, each waited on until still, and axe: longer than most.
test('Share copies a link that restores the camera, language and open hotspot', { timeout: 300000 }, async () => {
  const v = await site.ready(`${site.base}?lang=fr`);
  const { page, context } = v;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.base.replace(/\/$/, '') });
  await page.evaluate(() => pavilion.openHotspot('venus-face'));
  await still(page);
  // Orbit by hand to a camera no viewpoint has.
  const box = await page.locator('#pavilion-canvas').boundingBox();
  const before = await settledCamera(page);
  await page.mouse.move(box.x + box.width * 0.15, box.y + box.height * 0.85);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + box.width * (0.15 + i * 0.012), box.y + box.height * (0.85 - i * 0.006));
  await page.mouse.up();
  const camera = await settledCamera(page);
  assert.ok(Math.hypot(...camera.position.map((p, i) => p - before.position[i])) > 0.05, 'the drag moved the camera');
  const sent = await settledHotspots(page);
  await page.click('.pv-share-tool > button');
  await waitFor(page, () => document.querySelector('.pv-share-status')?.textContent);
  const shown = await page.evaluate(() => ({
    link: document.querySelector('.pv-share-link').value,
    said: document.querySelector('.pv-share-status').textContent,
    focused: document.activeElement.className,
    selected: document.activeElement.selectionEnd - document.activeElement.selectionStart,
  }));
  assert.equal(shown.said, 'Lien copié');
  assert.equal(shown.focused, 'pv-share-link');
  assert.equal(shown.selected, shown.link.length, 'the link is selected for copying by hand');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), shown.link);
  assert.equal(await page.evaluate(() => pavilion.shareUrl()), shown.link);
  const url = new URL(shown.link);
  assert.equal(url.searchParams.get('lang'), 'fr');
  assert.equal(url.searchParams.get('hotspot'), 'venus-face');
  assert.match(url.search, /[?&]camera=-?[\d.e-]+(,-?[\d.e-]+){6}(&|$)/, 'the camera is seven readable numbers');
  await shot(page, 'share-sender');
  assert.deepEqual(await axe(page), [], 'axe-core violations with Share open');
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.activeElement.closest('.pv-share-tool') && document.activeElement.tagName), 'BUTTON');

  // The receiver: another browser, another language preference.
  const r = await site.ready(shown.link, { locale: 'ja-JP' });
  const got = await settledCamera(r.page);
  const state = await r.page.evaluate(() => pavilion.state());
  assert.equal(state.language, 'fr');
  assert.equal(state.openHotspot, 'venus-face');
  assert.equal((await r.page.evaluate(() => pavilion.panel()))?.id, 'venus-face');
  // Within 0.1% of the viewing distance (the scene's scale on screen).
  const scale = Math.hypot(...camera.position.map((p, i) => p - camera.target[i]));
  const off = (a, b) => Math.hypot(...a.map((x, i) => x - b[i]));
  assert.ok(off(got.position, camera.position) <= scale * 1e-3, `eye ${got.position} vs ${camera.position}`);
  assert.ok(off(got.target, camera.target) <= scale * 1e-3, `target ${got.target} vs ${camera.target}`);
  assert.ok(Math.abs(got.fov - camera.fov) < 0.01);
  // The same view: every marker where the sender saw it.
  const received = await settledHotspots(r.page);
  for (const h of sent.filter((m) => m.visible)) {
    const m = received.find((x) => x.id === h.id);
    assert.ok(m?.visible && Math.hypot(m.x - h.x, m.y - h.y) < 2, `${h.id} at ${m?.x},${m?.y}, sent at ${h.x},${h.y}`);
  }
  await shot(r.page, 'share-receiver');

  // A running tour is shared as its step; setCamera checks what it is given.
  await r.page.evaluate(() => pavilion.startTour('highlights', 1));
  await waitFor(r.page, () => pavilion.state().tour?.step === 1);
  const tourLink = new URL(await r.page.evaluate(() => pavilion.shareUrl()));
  assert.equal(tourLink.searchParams.get('tour'), 'highlights');
  assert.equal(tourLink.searchParams.get('step'), '2');
  assert.equal(tourLink.searchParams.get('camera'), null);
  await r.page.evaluate(() => pavilion.tour.end());
  const bad = await r.page.evaluate(() => pavilion.setCamera({ position: [0, 1] }).catch((e) => e.code));
  assert.equal(bad, 'invalid-argument');
  const there = { position: [1.5, 1.4, 2.5], target: [0, 1, 0], fov: 40 };
  await r.page.evaluate((c) => pavilion.setCamera(c, { animate: false }), there);
  const now = await settledCamera(r.page);
  assert.ok(off(now.position, there.position) < 1e-3 && off(now.target, there.target) < 1e-3, JSON.stringify(now));

  // A page driving the camera from its own animation loop, one setCamera
  // per frame without waiting for the last (as a museum's scroll-linked
  // turntable would): the camera follows frame by frame. It once did not
  // move at all while the calls came (each call pushed the viewer's frame
  // back by one).
  const FRAMES = 24;
  const seen = await r.page.evaluate(
    ([c, n]) =>
      new Promise((resolve) => {
        const xs = [];
        const tick = () => {
          xs.push(pavilion.getCamera().position[0]);
          if (xs.length > n) return resolve(xs);
          const a = (xs.length * Math.PI) / 60;
          const position = [c.target[0] + 2.5 * Math.sin(a), c.position[1], c.target[2] + 2.5 * Math.cos(a)];
          pavilion.setCamera({ position, target: c.target, fov: c.fov }, { animate: false }).catch(() => {});
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    [there, FRAMES],
  );
  const moved = seen.slice(1).filter((x, i) => Math.abs(x - seen[i]) > 1e-5).length;
  assert.ok(moved >= FRAMES / 2, `the camera moved in ${moved} of the ${FRAMES} frames that sent setCamera: ${seen.map((x) => x.toFixed(3)).join(' ')}`);
  await shot(r.page, 'setcamera-every-frame');
});
