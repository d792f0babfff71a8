// Real collection files as museums publish them: the Smithsonian's Draco
// whale skull and gltfpack's meshopt garden open like their plain twins.
// Each pair is drawn from the same camera; the pictures must match within
// a threshold (below), and the page must keep drawing while a file decodes.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useViewer, still, shot, decodePng, waitReady, SHARED, VIEWPORT } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const site = useViewer({ before, after, afterEach });
const viewport = VIEWPORT;

/** A scene holding one shared model, seen from `view`. */
function sceneFor(name, model, view, scale) {
  const scene = {
    // One title for both twins: the toolbar shows it, and must not differ.
    title: { en: 'A collection file' },
    defaultLanguage: 'en',
    environment: {
      diffuse: '/assets/env/chinese_garden_diffuse.ktx2',
      specular: '/assets/env/chinese_garden_specular.ktx2',
      intensity: 1500,
      background: '#e9e6e1',
    },
    models: [{ id: 'm', src: `/__shared/models/${model}`, scale }],
    initialView: view,
  };
  fs.writeFileSync(path.join(here, 'fixtures', `${name}.tmp.json`), JSON.stringify(scene));
  return `${site.base}?scene=/fixtures/${name}.tmp.json`;
}

/** Opens the scene and records, from navigation to `ready`, the longest gap
 *  between two animation frames (the page's own clock: a decode that
 *  blocks the page shows up here). */
async function open(name, model, view, scale = 1) {
  const url = sceneFor(name, model, view, scale);
  const v = await site.view(url, {
    viewport,
    setup: (page) =>
      page.addInitScript(() => {
        window.__longestFrame = 0;
        let last = performance.now();
        const tick = (now) => {
          window.__longestFrame = Math.max(window.__longestFrame, now - last);
          last = now;
          if (!window.__readyAt) requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
        window.addEventListener('pavilion:ready', () => (window.__readyAt = performance.now()));
      }),
  });
  const r = await v.page.evaluate(() => window.pavilion.ready.then(() => ({ ok: true }), (error) => ({ ok: false, error })));
  if (!r.ok) console.log(v.logs.join('\n'));
  assert.ok(r.ok, `${model}: ready rejected: ${JSON.stringify(r.error)}`);
  await still(v.page);
  const { png } = await shot(v.page, `collection-${name}`);
  const longest = await v.page.evaluate(() => Math.round(window.__longestFrame));
  const decode = v.logs.map((l) => /decoded .* in (\d+) ms/.exec(l)).find(Boolean);
  return { page: v.page, logs: v.logs, img: decodePng(png), longest, decodeMs: decode ? Number(decode[1]) : null };
}

/** How two screenshots of the same size differ: mean absolute difference
 *  per channel (0–255), and the share of pixels whose largest channel
 *  difference exceeds 48. */
function difference(a, b) {
  assert.equal(a.width, b.width);
  let sum = 0;
  let far = 0;
  const n = a.width * a.height;
  for (let i = 0; i < n * 4; i += 4) {
    let worst = 0;
    for (let c = 0; c < 3; c++) {
      const d = Math.abs(a.data[i + c] - b.data[i + c]);
      sum += d;
      worst = Math.max(worst, d);
    }
    if (worst > 48) far++;
  }
  return { mean: sum / (n * 3), far: far / n };
}

/** Share of pixels that are not the scene's background (#e9e6e1): the
 *  model is drawn, not a blank canvas. */
function covered(img) {
  let hits = 0;
  const n = img.width * img.height;
  for (let i = 0; i < n * 4; i += 4) {
    if (Math.abs(img.data[i] - 0xe9) + Math.abs(img.data[i + 1] - 0xe6) + Math.abs(img.data[i + 2] - 0xe1) > 30) hits++;
  }
  return hits / n;
}

// Thresholds. Draco quantizes positions and normals (the Smithsonian file:
// 14-bit positions, 10-bit normals, about 0.03 mm on a 49 cm skull and
// 0.1° of normal), so edges may move by a fraction of a pixel and shading
// by a level or two: mean difference under 2 levels and under 1 % of
// pixels changed by more than 48 levels. meshopt is lossless (the twin is
// the decoded file), so its pictures must be the same to the level.
const PAIRS = [
  {
    name: 'whale',
    compressed: 'whale_cranium_draco.glb',
    plain: 'whale_cranium.glb',
    scale: 4,
    view: { position: [1.6, 0.9, 1.9], target: [0, 0, 0], fov: 35 },
    mean: 2,
    far: 0.01,
  },
  {
    name: 'garden',
    compressed: 'garden_bridge_meshopt.glb',
    plain: 'garden_bridge.glb',
    scale: 0.35,
    view: { position: [4.2, 3.6, 4.8], target: [0, 1.3, 0], fov: 40 },
    mean: 0.5,
    far: 0.001,
  },
];

for (const pair of PAIRS) {
  test(`${pair.compressed} looks like ${pair.plain} from the same camera`, async () => {
    const packed = await open(`${pair.name}-compressed`, pair.compressed, pair.view, pair.scale);
    const plain = await open(`${pair.name}-plain`, pair.plain, pair.view, pair.scale);
    const d = difference(packed.img, plain.img);
    const bytes = (f) => fs.statSync(path.join(SHARED, 'models', f)).size;
    console.log(
      `${pair.name}: ${bytes(pair.compressed)} B compressed vs ${bytes(pair.plain)} B plain; ` +
        `decode ${packed.decodeMs} ms; longest frame while loading ${packed.longest} ms (plain: ${plain.longest} ms); ` +
        `difference: mean ${d.mean.toFixed(3)}, ${(d.far * 100).toFixed(3)} % of pixels beyond 48`,
    );
    assert.ok(packed.decodeMs != null, `the compressed file was decoded: ${packed.logs.join('\n')}`);
    assert.ok(covered(packed.img) > 0.05, `the model covers ${covered(packed.img)} of the picture: drawn, not blank`);
    assert.ok(d.mean < pair.mean && d.far < pair.far, `pictures differ: ${JSON.stringify(d)}`);
    const state = await packed.page.evaluate(() => window.pavilion.state());
    assert.equal(state.status, 'ready');
  });
}

test('a Draco file whose stream is damaged says which file and where, instead of a blank canvas', async () => {
  const bytes = fs.readFileSync(path.join(SHARED, 'models', 'whale_cranium_draco.glb'));
  const json = bytes.readUInt32LE(12);
  const bin = 20 + json + 8;
  for (let i = bin + 100; i < bin + 400; i++) bytes[i] ^= 0x5a;
  fs.writeFileSync(path.join(here, 'fixtures', 'damaged-draco.tmp.glb'), bytes);
  const scene = { title: { en: 'Damaged' }, defaultLanguage: 'en', models: [{ id: 'skull', src: '/fixtures/damaged-draco.tmp.glb' }] };
  fs.writeFileSync(path.join(here, 'fixtures', 'damaged-draco.tmp.json'), JSON.stringify(scene));
  const v = await site.view(`${site.base}?scene=/fixtures/damaged-draco.tmp.json`, { viewport });
  const r = await waitReady(v.page, v.started);
  assert.equal(r.ok, false, 'a damaged model must not pass as ready');
  assert.equal(r.error.code, 'model-load-failed');
  const shown = await v.page.textContent('#pavilion-error-message');
  await shot(v.page, 'collection-damaged-draco');
  assert.match(shown, /damaged-draco\.tmp\.glb/);
  assert.match(shown, /meshes\/0\/primitives\/0\/extensions\/KHR_draco_mesh_compression/);
  assert.ok(!v.logs.some((l) => /panicked/.test(l)), v.logs.join('\n'));
});

// IIIF Presentation 4 manifests of the IIIF 3D group, opened as `?scene=`.
// Their models live at raw.githubusercontent.com; the test serves the same
// files from ../shared/content/models (nothing leaves the machine).
const IIIF_ASSETS = /^https:\/\/raw\.githubusercontent\.com\/IIIF\/3d\/main\/assets\/.*\/([^/]+)$/;
const routeIiifAssets = (page) =>
  page.route(IIIF_ASSETS, (route) => route.fulfill({ path: path.join(SHARED, 'models', IIIF_ASSETS.exec(route.request().url())[1]) }));

async function openIiif(manifest) {
  const v = await site.view(`${site.base}?scene=/__shared/iiif/${manifest}`, { viewport, setup: routeIiifAssets });
  const r = await waitReady(v.page, v.started);
  if (!r.ok) console.log(v.logs.join('\n'));
  assert.ok(r.ok, `${manifest}: ${JSON.stringify(r.error)}`);
  await still(v.page);
  return v;
}

const centre = (m) => m.min.map((lo, i) => (lo + m.max[i]) / 2);
const near = (a, b, tolerance) => a.every((x, i) => Math.abs(x - b[i]) <= tolerance);

test('a IIIF manifest places its models where its PointSelectors say and its comment becomes a hotspot', async () => {
  const { page } = await openIiif('9_commenting_annotations/whale_comment.json');
  const state = await page.evaluate(() => pavilion.state());
  assert.equal(state.title, 'Whale Cranium and Mandible with Point Comment Annotation');
  // The mandible painted at (0, 0.03, 0.05) and the cranium at (0, 0.18, 0):
  // each model's box around its own origin, moved there.
  // Model ids come from the annotations' ids: anno1 paints the mandible, anno2 the cranium.
  const byId = Object.fromEntries(state.models.map((m) => [m.id, m]));
  const [mandible, cranium] = [byId.anno1, byId.anno2];
  assert.ok(mandible && cranium, JSON.stringify(state.models));
  assert.ok(near(centre(mandible), [0, 0.03, 0.05], 0.12), JSON.stringify(mandible));
  assert.ok(near(centre(cranium), [0, 0.18, 0], 0.12), JSON.stringify(cranium));
  assert.ok(centre(cranium)[1] > centre(mandible)[1], 'the cranium sits above the mandible');
  const hotspots = await page.evaluate(() => pavilion.hotspots());
  assert.equal(hotspots.length, 1);
  assert.equal(hotspots[0].title, 'Right pterygoid hamulus');
  await page.evaluate((id) => pavilion.openHotspot(id), hotspots[0].id);
  await still(page);
  const panel = await page.evaluate(() => pavilion.panel());
  assert.equal(panel.title, 'Right pterygoid hamulus');
  const img = decodePng((await shot(page, 'iiif-whale-comment')).png);
  assert.ok(covered(img) > 0.02, 'the skull is drawn');
});

test('a IIIF camera and lights are the ones the viewer uses', async () => {
  let { page } = await openIiif('2_cameras/positioned_camera_lookat_point.json');
  const camera = (await page.evaluate(() => pavilion.state())).camera;
  assert.ok(near(camera.position, [0, 3, -10], 1e-3) && near(camera.target, [2, 1, 0], 1e-3), JSON.stringify(camera));
  await shot(page, 'iiif-camera-lookat-point');

  ({ page } = await openIiif('3_lights/multiple_lights_with_intensities_and_colors.json'));
  const state = await page.evaluate(() => pavilion.state());
  assert.equal(state.lights, 3, 'a red spot, a green ambient light and a blue spot');
  assert.ok(state.warnings.some((w) => /intensity of 100 is outside 0\.\.1/.test(w)), state.warnings.join('\n'));
  // The Scene's backgroundColor (#33404d) is the backdrop, and the model is
  // lit by the green ambient light, not by the viewer's white key light:
  // its pixels lean green (the two spots add a red and a blue patch).
  const img = decodePng((await shot(page, 'iiif-lights')).png);
  const px = (x, y) => [...img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 3)];
  assert.ok(near(px(5, img.height - 40), [0x33, 0x40, 0x4d], 3), `backdrop ${px(5, img.height - 40)}`);
  let green = 0, other = 0;
  for (let y = 80; y < img.height - 40; y++) {
    for (let x = 0; x < img.width; x++) {
      const [r, g, b] = px(x, y);
      if (Math.abs(r - 0x33) + Math.abs(g - 0x40) + Math.abs(b - 0x4d) < 24) continue; // backdrop
      if (g > r + 8 && g > b + 8) green++;
      else other++;
    }
  }
  assert.ok(green > 0.6 * (green + other) && green > 2000, `green ${green}, other ${other}`);
});

// Every example manifest, not only the ones above (about 4 minutes):
// PAVILION_IIIF_ALL=1 node --test collections.test.mjs
test('every shared IIIF manifest opens', { skip: !process.env.PAVILION_IIIF_ALL && 'PAVILION_IIIF_ALL=1 runs it' }, async () => {
  const dir = path.join(SHARED, 'iiif');
  for (const group of fs.readdirSync(dir).sort()) {
    for (const file of fs.readdirSync(path.join(dir, group)).sort()) {
      if (file.startsWith('zz_')) continue;
      const { page, logs, context } = await site.view(`${site.base}?scene=/__shared/iiif/${group}/${file}`, { viewport, setup: routeIiifAssets });
      const r = await waitReady(page, Date.now());
      assert.ok(r.ok, `${group}/${file}: ${JSON.stringify(r.error)}\n${logs.join('\n')}`);
      await still(page);
      const img = decodePng((await shot(page, `iiif-all-${file.replace('.json', '')}`)).png);
      assert.ok(covered(img) > 0.005, `${file}: something is drawn`);
      await context.close();
    }
  }
});
