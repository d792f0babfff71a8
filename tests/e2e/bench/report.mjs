// The benchmark report as Markdown: one table per case, Pavilion beside
// model-viewer with the ratio from the same run, then the budgets.

const kb = (b) => (b == null ? '–' : b >= 1e6 ? `${(b / 1e6).toFixed(2)} MB` : `${(b / 1e3).toFixed(0)} kB`);
const ms = (x) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`);
const spread = (s, f) => `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
const ratio = (a, b) => (a != null && b ? `${(a / b).toFixed(2)}×` : '–');

function table(head, rows) {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** Rows pairing Pavilion's case with model-viewer's of the same `key`. */
function paired(cases, kind, key) {
  const groups = new Map();
  for (const c of cases.filter((c) => c.case === kind)) {
    const k = key(c);
    groups.set(k, { ...groups.get(k), [c.viewer]: c });
  }
  return [...groups.entries()];
}

export function render(r) {
  const out = [`# Pavilion vs model-viewer 4.4.0`, ''];
  out.push(`${r.date}; ${r.runs} runs per case, interleaved; viewport ${r.viewport.width}×${r.viewport.height}; headless Chromium with SwiftShader (software rendering: absolute times are slow, the ratios count); took ${r.seconds} s.`, '');
  out.push('Medians, with the runs’ minimum–maximum in brackets; “ratio” is Pavilion ÷ model-viewer from this run.', '');

  const bytes = paired(r.cases, 'bytes', (c) => c.what);
  if (bytes.length) {
    out.push('## Bytes before the first frame', '');
    out.push(table(['what', 'Pavilion', 'model-viewer', 'ratio'], bytes.map(([what, v]) => [what, v.pavilion ? kb(v.pavilion.bytes.median) : '–', v['model-viewer'] ? kb(v['model-viewer'].bytes.median) : 'n/a', ratio(v.pavilion?.bytes.median, v['model-viewer']?.bytes.median)])));
    out.push('', `Files: Pavilion's wasm ${kb(r.sizes.pavilionWasm.raw)} raw, ${kb(r.sizes.pavilionWasm.brotli)} brotli; model-viewer.min.js ${kb(r.sizes.modelViewerScript.raw)} raw, ${kb(r.sizes.modelViewerScript.brotli)} brotli; venus.glb ${kb(r.sizes.venusGlb.raw)} raw, ${kb(r.sizes.venusGlb.brotli)} brotli. “Runtime” is every file but the page itself and the scene (manifest, models, images, environment maps).`, '');
  }
  const ready = paired(r.cases, 'ready', (c) => `${c.scene} | ${c.link}`);
  if (ready.length) {
    out.push('## Time to ready (navigation → ready, plus one frame)', '');
    out.push(table(['scene', 'link', 'Pavilion', 'model-viewer', 'ratio', 'Pavilion’s longest frame after its first'], ready.map(([k, v]) => [...k.split(' | '), v.pavilion ? spread(v.pavilion.ms, ms) : '–', v['model-viewer'] ? spread(v['model-viewer'].ms, ms) : 'n/a (one model per element)', ratio(v.pavilion?.ms.median, v['model-viewer']?.ms.median), v.pavilion ? ms(v.pavilion.longestFrameMs.max) : '–'])));
    out.push('');
  }
  const order = r.cases.filter((c) => c.case === 'order');
  if (order.length) {
    out.push(table(['viewer', 'model requested (ms after the page)', 'wasm or script arrived', 'model asked for first'], order.map((c) => [c.viewer, Math.round(c.modelStartMs), Math.round(c.wasmEndMs), `${c.modelBeforeWasmEnd} of ${c.runs}`])), '');
  }
  const frames = paired(r.cases, 'frames', (c) => c.hotspots);
  if (frames.length) {
    out.push('## Frame time while the camera orbits (one degree per frame)', '');
    out.push(table(['hotspots', 'Pavilion p50', 'model-viewer p50', 'ratio', 'Pavilion p95', 'model-viewer p95'], frames.map(([n, v]) => [n, v.pavilion ? spread(v.pavilion.p50, ms) : '–', v['model-viewer'] ? spread(v['model-viewer'].p50, ms) : '–', ratio(v.pavilion?.p50.median, v['model-viewer']?.p50.median), v.pavilion ? ms(v.pavilion.p95.median) : '–', v['model-viewer'] ? ms(v['model-viewer'].p95.median) : '–'])));
    out.push('');
  }
  const memory = paired(r.cases, 'memory', (c) => c.scene);
  if (memory.length) {
    out.push('## Memory after load', '');
    out.push(table(['page', 'Pavilion wasm memory', 'Pavilion JS heap', 'model-viewer JS heap', 'Pavilion typed-array and wasm backing stores', 'model-viewer backing stores'], memory.map(([k, v]) => [k, kb(v.pavilion?.wasm.median), kb(v.pavilion?.jsHeap.median), kb(v['model-viewer']?.jsHeap.median), kb(v.pavilion?.backing.median), kb(v['model-viewer']?.backing.median)])));
    out.push('', 'GPU memory (textures, buffers) is not visible to the page and is not counted.', '');
  }
  const scaling = paired(r.cases, 'scaling', (c) => c.copies);
  if (scaling.length) {
    out.push('## Scaling: the statue drawn 1, 4 and 16 times (one file, nodes sharing the mesh)', '');
    out.push(table(['copies', 'triangles', 'Pavilion ready', 'model-viewer ready', 'ratio', 'Pavilion frame p50', 'model-viewer frame p50', 'ratio'], scaling.map(([k, v]) => [k, (v.pavilion ?? v['model-viewer']).triangles.toLocaleString('en'), spread(v.pavilion.ms, ms), spread(v['model-viewer'].ms, ms), ratio(v.pavilion.ms.median, v['model-viewer'].ms.median), ms(v.pavilion.p50.median), ms(v['model-viewer'].p50.median), ratio(v.pavilion.p50.median, v['model-viewer'].p50.median)])));
    out.push('');
  }
  out.push('## Budgets', '');
  out.push(table(['budget', 'measured', 'verdict'], r.budgets.map((b) => [b.text, b.shown, b.pass == null ? 'not judged' : b.pass ? 'pass' : '**fail**'])));
  out.push('');
  return out.join('\n');
}
