// What a viewer costs while nobody touches it: Chromium's CPU time and the
// frames the viewer asks for, in windows of 10 s after the scene is ready
// and still, in headless Chromium against a built site:
//
//   cd tests/e2e && PAVILION_SITE=/work/main/dist node bench/idle.mjs
//
// A viewer that draws only while something changes (pacing.rs) asks for
// no frame once its last changes are drawn; SwiftShader may still be
// finishing frames queued before, which the first window shows. Not a
// test: the figures depend on the machine.

import { execSync } from 'node:child_process';
import { startServer, launch, openViewer, waitReady, still } from '../harness.mjs';

const WINDOWS = Number(process.env.WINDOWS || 3);

/** CPU seconds used so far by every Chromium process. */
function chromiumCpu() {
  const out = execSync('ps -eo comm,time --no-headers').toString();
  let seconds = 0;
  for (const line of out.split('\n')) {
    const [comm, time] = line.trim().split(/\s+/);
    if (!comm || !/chrom/.test(comm)) continue;
    const [d, rest] = time.includes('-') ? time.split('-') : ['0', time];
    const [h, m, s] = rest.split(':').map(Number);
    seconds += Number(d) * 86400 + h * 3600 + m * 60 + s;
  }
  return seconds;
}

const { server, base } = await startServer();
const browser = await launch();
try {
  const v = await openViewer(browser, base, {
    // Counts the animation frames the page asks for (Bevy asks one per frame).
    setup: (page) =>
      page.addInitScript(() => {
        window.__frames = 0;
        const request = window.requestAnimationFrame.bind(window);
        window.requestAnimationFrame = (cb) => {
          window.__frames += 1;
          return request(cb);
        };
      }),
  });
  const r = await waitReady(v.page, v.started);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  await still(v.page);
  console.log(`ready after ${r.ms} ms; then, with nothing touched:`);
  console.log('window  Chromium CPU s  frames asked');
  for (let w = 1; w <= WINDOWS; w++) {
    const cpu = chromiumCpu();
    const frames = await v.page.evaluate(() => window.__frames);
    await new Promise((res) => setTimeout(res, 10000));
    const used = chromiumCpu() - cpu;
    const asked = (await v.page.evaluate(() => window.__frames)) - frames;
    console.log(`${String(w).padStart(6)}  ${String(used).padStart(14)}  ${String(asked).padStart(12)}`);
  }
} finally {
  await browser.close();
  server.close();
}
