// embed.html: the whole-page viewer for an <iframe>, for pages that cannot
// run scripts of their own (a content management system that allows only
// an iframe), driven by postMessage (README, "In an iframe").
//
//   <iframe src="/pavilion/embed.html?scene=…&lang=fr&origins=https://museum.example"></iframe>
//
// Host → viewer: {pavilion: 1, id, call: "<method>", args: [...]}, for the
// page API's methods; the viewer answers {pavilion: 1, id, result} or
// {pavilion: 1, id, error: {code, message}}, and sends every event as
// {pavilion: 1, event: "<name>", detail}. Only to and from the origins
// listed in ?origins= (none: the viewer works for visitors and takes no
// commands); anything else is ignored, and said once in the console.

import './page.js';

const pavilion = window.pavilion;

/** The origins the page's address allows, each checked to be one. */
function allowedOrigins() {
  const listed = (new URLSearchParams(location.search).get('origins') || '').split(',').map((s) => s.trim()).filter(Boolean);
  return listed.filter((o) => {
    try {
      if (new URL(o).origin === o) return true;
    } catch {
      // Not a URL: refused below.
    }
    console.warn(`Pavilion: ?origins= lists "${o}", which is not an origin (scheme://host[:port]); it is ignored`);
    return false;
  });
}
const origins = allowedOrigins();

// What a host may call: the page API, by name (`tour.next` for the tour's).
const METHODS = new Set([
  'ready', 'state', 'hotspots', 'panel', 'openHotspot', 'closeHotspot', 'resetView', 'setLanguage', 'goToViewpoint',
  'setCategoryVisible', 'startTour', 'getCamera', 'setCamera', 'shareUrl',
  ...['play', 'pause', 'toggle', 'next', 'previous', 'end'].map((a) => `tour.${a}`),
]);
const EVENTS = ['ready', 'error', 'hotspot-open', 'hotspot-close', 'language-change', 'camera-change', 'tour-step', 'tour-end', 'link'];

const refused = new Set();
window.addEventListener('message', async (e) => {
  const m = e.data;
  // Not for us, or not well formed: ignored.
  if (!m || typeof m !== 'object' || m.pavilion !== 1 || typeof m.call !== 'string') return;
  if (!origins.includes(e.origin)) {
    if (!refused.has(e.origin)) {
      refused.add(e.origin);
      console.warn(`Pavilion: ignored a message from ${e.origin}: this viewer takes commands only from ${origins.join(', ') || 'no origin (?origins= is empty)'}`);
    }
    return;
  }
  const reply = (body) => e.source?.postMessage({ pavilion: 1, id: m.id ?? null, ...body }, e.origin);
  if (!METHODS.has(m.call)) {
    reply({ error: { code: 'unknown-method', message: `${m.call} is not a method of the viewer` } });
    return;
  }
  const args = Array.isArray(m.args) ? m.args : [];
  try {
    let result;
    if (m.call === 'ready') result = await pavilion.ready;
    else if (m.call.startsWith('tour.')) result = await pavilion.tour[m.call.slice(5)]();
    else result = await pavilion[m.call](...args);
    reply({ result: result ?? null });
  } catch (err) {
    reply({ error: { code: err?.code ?? 'failed', message: err?.message ?? String(err) } });
  }
});

// Every event, to the allowed origins only (the browser drops a message
// whose target origin is not the host's).
if (window.parent !== window) {
  for (const name of EVENTS) {
    window.addEventListener(`pavilion:${name}`, (e) => {
      for (const origin of origins) window.parent.postMessage({ pavilion: 1, event: name, detail: e.detail ?? null }, origin);
    });
  }
}
