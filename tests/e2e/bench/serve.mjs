// The benchmark's file server: the built site at `/`, the benchmark's own
// files at `/bench/`, each sent as its precompressed `.br` copy when the
// browser accepts brotli and the copy exists (as `cargo xtask serve` and a
// museum's server following the README do).

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { TYPES as SITE_TYPES } from '../harness.mjs';

const TYPES = { ...SITE_TYPES, '.ftl': 'text/plain; charset=utf-8' };


export function startBenchServer({ site, bench }) {
  const server = http.createServer((req, res) => {
    const p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const rootDir = p.startsWith('/bench/') ? bench : site;
    const file = path.join(rootDir, p.endsWith('/') ? `${p}index.html` : p);
    if (!file.startsWith(rootDir)) return res.writeHead(400).end();
    const br = /\bbr\b/.test(req.headers['accept-encoding'] || '') && fs.existsSync(`${file}.br`);
    fs.readFile(br ? `${file}.br` : file, (err, data) => {
      if (err) return res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`not found: ${p}`);
      const headers = { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-cache' };
      if (br) Object.assign(headers, { 'Content-Encoding': 'br', Vary: 'Accept-Encoding' });
      res.writeHead(200, headers).end(data);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${server.address().port}/` })));
}
