// The budgets of issue 14, each judged from a benchmark report: pass, fail,
// or not measured (with why). Figures are medians over the runs unless the
// budget says otherwise.

const MB = 1e6;

const find = (report, match) => report.cases.filter((c) => Object.entries(match).every(([k, v]) => c[k] === v));
const one = (report, match) => find(report, match)[0];

/** A budget on the ratio of two orbit cases' median frames. */
function framesRatio(id, text, limit, [a, b]) {
  return {
    id,
    text,
    judge(r) {
      const [x, y] = [a, b].map((m) => one(r, { case: 'frames', ...m }));
      if (!x || !y) return null;
      const ratio = x.p50.median / y.p50.median;
      return { value: ratio, limit, pass: ratio <= limit, shown: `${ratio.toFixed(2)}×` };
    },
  };
}

export const BUDGETS = [
  {
    id: 'runtime-bytes',
    text: 'Visitor runtime ≤ 3.0 MB brotli (everything but the scene, before the first frame; 1 MB = 10⁶ B)',
    judge(r) {
      const c = one(r, { case: 'bytes', what: 'runtime, served', viewer: 'pavilion' });
      return c && { value: c.bytes.median, limit: 3 * MB, pass: c.bytes.median <= 3 * MB, shown: `${(c.bytes.median / MB).toFixed(2)} MB` };
    },
  },
  {
    id: 'ready-slow-link',
    text: 'Time to ready over the emulated link ≤ 1.5× model-viewer’s (venus.glb, 10 hotspots)',
    judge(r) {
      const [p, m] = ['pavilion', 'model-viewer'].map((viewer) => one(r, { case: 'ready', scene: 'venus.glb, 10 hotspots', link: '10 Mbit/s, 40 ms', viewer }));
      if (!p || !m) return null;
      const ratio = p.ms.median / m.ms.median;
      return { value: ratio, limit: 1.5, pass: ratio <= 1.5, shown: `${ratio.toFixed(2)}× (${(p.ms.median / 1000).toFixed(1)} s vs ${(m.ms.median / 1000).toFixed(1)} s)` };
    },
  },
  framesRatio('frames-1000-vs-0', 'Frame time with 1,000 hotspots ≤ 1.2× the same scene with none (median frame)', 1.2, [
    { hotspots: 1000, viewer: 'pavilion' },
    { hotspots: 0, viewer: 'pavilion' },
  ]),
  framesRatio('frames-1000-vs-model-viewer', 'Frame time with 1,000 hotspots ≤ 0.5× model-viewer’s (median frame)', 0.5, [
    { hotspots: 1000, viewer: 'pavilion' },
    { hotspots: 1000, viewer: 'model-viewer' },
  ]),
  {
    id: 'no-long-frame',
    text: 'No frame longer than 100 ms after the first frame while loading (worst run, venus.glb, loopback)',
    judge(r) {
      const c = one(r, { case: 'ready', scene: 'venus.glb, 10 hotspots', link: 'loopback', viewer: 'pavilion' });
      return c && { value: c.longestFrameMs.max, limit: 100, pass: c.longestFrameMs.max <= 100, shown: `${Math.round(c.longestFrameMs.max)} ms` };
    },
  },
  {
    id: 'nothing-waits',
    text: 'The models are fetched while the wasm downloads (the model’s request starts before the wasm has arrived)',
    judge(r) {
      const c = one(r, { case: 'order', viewer: 'pavilion' });
      return c && { value: c.modelBeforeWasmEnd, limit: 1, pass: c.modelBeforeWasmEnd === c.runs, shown: `${c.modelBeforeWasmEnd} of ${c.runs} runs (model request ${Math.round(c.modelStartMs)} ms, wasm done ${Math.round(c.wasmEndMs)} ms)` };
    },
  },
  {
    id: 'repeat-visit',
    text: 'A second visit costs nothing (content-hashed runtime files, served immutable)',
    judge: () => ({ pass: null, shown: 'not measured yet: dist/ has no content-hashed names and the README gives no cache headers' }),
  },
];

export function judge(report, budgets) {
  return budgets.map((b) => {
    const verdict = b.judge(report);
    return { id: b.id, text: b.text, ...(verdict ?? { pass: null, shown: 'not measured in this run (its case was skipped)' }) };
  });
}
