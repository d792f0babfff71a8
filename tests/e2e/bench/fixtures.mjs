// The benchmark's pages, scenes and models, written under
// target/bench/site/ (served at /bench/) with their `.br` copies, so both
// viewers read the same files the same way `dist/` serves its own.
//
// - venus.glb with N hotspots on its surface (vertices spread evenly over
//   the mesh, each with its normal): a Pavilion scene and a model-viewer
//   page with N hotspot buttons at the same points;
// - venus-xK.glb: the same mesh drawn K times (K nodes sharing it), for
//   scaling;
// - Pavilion's default scene (the gallery) as an element;
// - a page with three viewers.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export const COUNTS = [0, 100, 1000];
export const SCALES = [1, 4, 16];

/** The GLB's JSON and binary chunks. */
function readGlb(bytes) {
  const jsonLength = bytes.readUInt32LE(12);
  const json = JSON.parse(bytes.subarray(20, 20 + jsonLength).toString('utf8'));
  const binStart = 20 + jsonLength + 8;
  return { json, bin: bytes.subarray(binStart, binStart + bytes.readUInt32LE(20 + jsonLength)) };
}

function writeGlb(json, bin) {
  const pad = (b, fill) => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4, fill)]);
  const j = pad(Buffer.from(JSON.stringify(json)), 0x20);
  const b = pad(bin, 0);
  const header = Buffer.alloc(12);
  header.write('glTF', 0);
  header.writeUInt32LE(2, 4);
  header.writeUInt32LE(12 + 8 + j.length + 8 + b.length, 8);
  const chunk = (data, type) => {
    const h = Buffer.alloc(8);
    h.writeUInt32LE(data.length, 0);
    h.write(type, 4);
    return Buffer.concat([h, data]);
  };
  return Buffer.concat([header, chunk(j, 'JSON'), chunk(b, 'BIN\0')]);
}

/** A float VEC3 accessor's values, as [x, y, z] arrays. */
function vec3s(glb, index) {
  const a = glb.json.accessors[index];
  const view = glb.json.bufferViews[a.bufferView];
  const stride = view.byteStride || 12;
  const start = (view.byteOffset || 0) + (a.byteOffset || 0);
  if (a.componentType !== 5126 || a.type !== 'VEC3') throw new Error('the benchmark expects float positions and normals');
  return Array.from({ length: a.count }, (_, i) => [0, 1, 2].map((k) => glb.bin.readFloatLE(start + i * stride + k * 4)));
}

/** `n` points of venus.glb's surface in its scene's space (the root node
 *  turns Z-up into Y-up: (x, y, z) → (x, z, −y)), with normals. */
function surfacePoints(glb, n) {
  const prim = glb.json.meshes[0].primitives[0];
  const pos = vec3s(glb, prim.attributes.POSITION);
  const nor = vec3s(glb, prim.attributes.NORMAL);
  const m = glb.json.nodes[0].matrix;
  if (!m || Math.abs(m[9] - 1) > 1e-6 || Math.abs(m[6] + 1) > 1e-6) throw new Error('venus.glb: the benchmark expects its Z-up root matrix');
  const up = ([x, y, z]) => [x, z, -y];
  return Array.from({ length: n }, (_, i) => {
    const v = Math.floor(((i + 0.5) * pos.length) / n);
    return { position: up(pos[v]), normal: up(nor[v]) };
  });
}

/** Writes `file` and its brotli copy (as `dist/` ships compressible files). */
function put(file, data) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const bytes = Buffer.from(data);
  if (fs.existsSync(file) && fs.readFileSync(file).equals(bytes) && fs.existsSync(`${file}.br`)) return;
  fs.writeFileSync(file, bytes);
  fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }));
}

const page = (title, head, body) => `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>html, body { margin: 0; height: 100%; } .v { display: block; width: 100vw; height: 100vh; } .three { height: 33vh; }</style>
${head}
<body>
${body}
</body>
</html>
`;

const PAVILION_HEAD = '<script type="module" src="/pavilion.js"></script>';
const MODEL_VIEWER_HEAD = '<script type="module" src="/bench/model-viewer.min.js"></script>';

export function writeFixtures({ site, out, modelViewer }) {
  const venusBytes = fs.readFileSync(path.join(site, 'assets/models/venus.glb'));
  const venus = readGlb(venusBytes);
  const triangles = venus.json.accessors[venus.json.meshes[0].primitives[0].indices].count / 3;
  put(path.join(out, 'bench/model-viewer.min.js'), fs.readFileSync(modelViewer));

  // venus-xK.glb: K copies of the statue in a row-major grid, 800 mm apart.
  for (const k of SCALES) {
    const json = structuredClone(venus.json);
    const side = Math.ceil(Math.sqrt(k));
    const [root, middle, leaf] = json.nodes;
    json.nodes = [];
    json.scenes[0].nodes = [];
    for (let i = 0; i < k; i++) {
      const matrix = [...root.matrix];
      matrix[12] = ((i % side) - (side - 1) / 2) * 800;
      matrix[14] = (Math.floor(i / side) - (side - 1) / 2) * 800;
      json.scenes[0].nodes.push(json.nodes.length);
      json.nodes.push({ ...root, matrix, children: [json.nodes.length + 1] });
      json.nodes.push({ ...middle, children: [json.nodes.length + 1] });
      json.nodes.push({ ...leaf });
    }
    put(path.join(out, `bench/models/venus-x${k}.glb`), writeGlb(json, venus.bin));
  }

  const pages = {};
  const pavilionScene = (name, model, points) => {
    const scene = {
      format: 'pavilion-scene/1',
      title: { en: `Benchmark: ${name}` },
      defaultLanguage: 'en',
      languages: ['en'],
      models: [{ id: 'venus', src: model, scale: 0.001 }],
      hotspots: points.map((p, i) => ({
        id: `p${i}`,
        position: p.position.map((c) => c * 0.001),
        normal: p.normal,
        title: { en: `Point ${i + 1}` },
        body: { en: `About point ${i + 1}.` },
      })),
    };
    put(path.join(out, `bench/scenes/${name}.json`), JSON.stringify(scene));
    return `/bench/scenes/${name}.json`;
  };
  const modelViewerTag = (model, points, cls = 'v') =>
    `<model-viewer class="${cls}" src="${model}" camera-controls loading="eager" alt="The Venus de Milo">\n${points
      .map((p, i) => `<button slot="hotspot-${i}" data-position="${p.position.join(' ')}" data-normal="${p.normal.join(' ')}" aria-label="Point ${i + 1}">${i + 1}</button>`)
      .join('\n')}\n</model-viewer>`;
  const write = (name, viewer, body) => {
    put(path.join(out, `bench/pages/${viewer}-${name}.html`), page(`${viewer}: ${name}`, viewer === 'pavilion' ? PAVILION_HEAD : MODEL_VIEWER_HEAD, body));
    return `pages/${viewer}-${name}.html`;
  };
  for (const [model, src] of [['venus', '/assets/models/venus.glb'], ...SCALES.map((k) => [`venus-x${k}`, `/bench/models/venus-x${k}.glb`])]) {
    for (const n of model === 'venus' ? [...new Set([10, ...COUNTS])] : [0]) {
      const points = surfacePoints(venus, n);
      const name = `${model}-${n}`;
      pages[`pavilion ${name}`] = write(name, 'pavilion', `<pavilion-viewer class="v" src="${pavilionScene(name, src, points)}" loading="eager" lang="en"></pavilion-viewer>`);
      pages[`model-viewer ${name}`] = write(name, 'model-viewer', modelViewerTag(src, points));
    }
  }
  const ten = surfacePoints(venus, 10);
  const three = (viewer) =>
    viewer === 'pavilion'
      ? ['en', 'fr', 'ja'].map((l) => `<pavilion-viewer class="three" src="/bench/scenes/venus-10.json" loading="eager" lang="${l}"></pavilion-viewer>`).join('\n')
      : [0, 1, 2].map(() => modelViewerTag('/assets/models/venus.glb', ten, 'three')).join('\n');
  for (const v of ['pavilion', 'model-viewer']) pages[`${v} three`] = write('three', v, three(v));
  const defaultScene = write('default', 'pavilion', '<pavilion-viewer class="v" src="/assets/scenes/gallery/scene.json" loading="eager"></pavilion-viewer>');

  const brotli = (f) => (fs.existsSync(`${f}.br`) ? fs.statSync(`${f}.br`).size : null);
  const wasm = fs.readdirSync(path.join(site, 'pkg')).find((f) => f.endsWith('.wasm'));
  return {
    page: (viewer, model, n) => pages[`${viewer} ${model}-${n}`],
    threePage: (viewer) => pages[`${viewer} three`],
    defaultScene,
    venusTriangles: triangles,
    sizes: {
      pavilionWasm: { raw: fs.statSync(path.join(site, 'pkg', wasm)).size, brotli: brotli(path.join(site, 'pkg', wasm)) },
      modelViewerScript: { raw: fs.statSync(modelViewer).size, brotli: brotli(path.join(out, 'bench/model-viewer.min.js')) },
      venusGlb: { raw: venusBytes.length, brotli: brotli(path.join(site, 'assets/models/venus.glb')) },
    },
  };
}
