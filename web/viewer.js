// One Pavilion viewer: starts a wasm viewer in a canvas, fetches the scene
// manifest, shows loading progress and errors, renders what visitors read
// as HTML (web/visitor/) and answers the page API. The whole-page viewer
// (index.html) and each <pavilion-viewer> element (pavilion.js) are one
// `startViewer` each.
//
// The viewer (Rust) talks to its page side through two channels:
//   - `host.event(kind, json)`: called by Rust when its state changes (see
//     crates/pavilion-viewer/src/web_bridge.rs); the viewer claims its host
//     from `globalThis.__pavilionHost.claim()` as it starts;
//   - `pavilion_command(json)`: exported by Rust, queued and handled on the
//     next frame. Calls from page script carry a number (`seq`); the viewer
//     answers each with a `reply` (applied, or refused with a code and a
//     reason), which settles the call's Promise.
//
// Several viewers on a page share one download and one compilation of the
// wasm; each runs its own instance of it (its own memory and Bevy app),
// started one after another so each claims its own host.

import { createMarkers } from './visitor/markers.js';
import { createPanel } from './visitor/panel.js';
import { createToolbar } from './visitor/toolbar.js';
import { createTourBar } from './visitor/tourbar.js';
import { createAbout } from './visitor/about.js';
import { loadPageWords, englishWords } from './page-words.js';
import { preloadSceneFiles } from './preload.js';

export const DEFAULT_SCENE = 'assets/scenes/gallery/scene.json';

// ---- What the viewers of a page share --------------------------------------

// The host the next starting viewer claims.
let claiming = null;
globalThis.__pavilionHost = {
  claim() {
    const host = claiming;
    claiming = null;
    return host;
  },
};
// Viewers start one at a time (each must claim its own host).
let startQueue = Promise.resolve();
// The compiled wasm of each viewer build ('pkg', 'pkg-author'), and how many
// instances of its module have started.
const builds = new Map();
// Viewers on the page, for failures no viewer can be told apart by.
const live = new Set();

/** Compiles a viewer build once per page, reporting download progress to
 *  the viewer that asked first. */
function compiled(folder, onBytes) {
  let build = builds.get(folder);
  if (!build) {
    const url = new URL(`${folder}/pavilion_bg.wasm`, import.meta.url);
    build = { module: WebAssembly.compileStreaming(wasmWithProgress(url, onBytes)), started: 0 };
    builds.set(folder, build);
  }
  return build;
}

// Streams the wasm while counting bytes, so the page shows real progress.
async function wasmWithProgress(url, onBytes) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const encoded = response.headers.get('Content-Encoding');
  const total = encoded ? 0 : Number(response.headers.get('Content-Length') || 0);
  let loaded = 0;
  const counter = new TransformStream({
    transform(chunk, controller) {
      loaded += chunk.byteLength;
      onBytes(loaded, total);
      controller.enqueue(chunk);
    },
  });
  return new Response(response.body.pipeThrough(counter), { headers: { 'Content-Type': 'application/wasm' } });
}

/** Starts an instance of a viewer build's module with `host`: the first
 *  viewer of a page uses the module itself (index.html preloads it), each
 *  further one a fresh instance of it (its own memory). */
function startInstance(folder, host, onBytes) {
  const build = compiled(folder, onBytes);
  const n = build.started++;
  const glue = new URL(`${folder}/pavilion.js`, import.meta.url);
  if (n > 0) glue.searchParams.set('viewer', String(n + 1));
  const start = startQueue.then(async () => {
    const viewer = await import(glue.href);
    const module = await build.module;
    claiming = host;
    let exports = null;
    try {
      exports = await viewer.default({ module_or_path: module });
    } catch (e) {
      // winit hands control to the browser by throwing; that is not a failure.
      if (!String(e && (e.message || e)).includes('Using exceptions for control flow')) throw e;
      exports = viewer.initSync({ module });
    } finally {
      claiming = null;
    }
    return { command: viewer.pavilion_command, memory: exports?.memory ?? null };
  });
  startQueue = start.catch(() => {});
  return start;
}

// A wasm trap after a panic, or any other uncaught failure, shows the error
// screen instead of a frozen canvas. A panic is reported by the viewer that
// had it; a trap without one names no viewer, so it is shown only where
// there is a single one.
window.addEventListener('error', (e) => {
  if (!(e.error instanceof WebAssembly.RuntimeError)) return;
  if (live.size === 1) for (const v of live) v.crashed(e.error);
  else console.error('Pavilion: a viewer stopped', e.error);
});

// ---- One viewer -------------------------------------------------------------

/**
 * Starts a viewer.
 * @param {object} o
 * @param {HTMLElement} o.root the viewer's box: holds the canvas, and the
 *   status and error boxes (`#pavilion-status`, `#pavilion-error`, as
 *   index.html writes them); the visitor's interface is added to it.
 * @param {HTMLCanvasElement} o.canvas
 * @param {string} o.canvasSelector finds the canvas from the document.
 * @param {URLSearchParams} o.params `scene`, `lang`, `hotspot`, `view`,
 *   `tour`, `step`, `camera` (and `author`, `live` where authoring is on).
 * @param {{scene: string|null, sceneOrigins: string[], assetOrigins: string[]|null, authoring: boolean}} o.policy
 * @param {(name: string, detail: any, opts?: {cancelable?: boolean}) => boolean} o.emit
 *   dispatches an event; false if a listener cancelled it.
 * @param {HTMLElement} o.fullscreen what goes full screen.
 * @param {(query: URLSearchParams) => string} o.shareLink a link with the
 *   view's parameters (`shareUrl()`).
 * @param {boolean} o.wholePage the viewer is the page: it sets the page's
 *   language.
 */
export function startViewer(o) {
  const { root, canvas, params, policy, emit } = o;
  const $ = (id) => root.querySelector(`#${id}`);
  // The visitor's languages, best first: the link's ?lang=, then the browser's.
  const requested = [params.get('lang'), ...(navigator.languages || [navigator.language])].filter(Boolean);
  // The loading line and error screen in the visitor's language before the
  // viewer runs (web/page-words.js); English until they arrive.
  let words = englishWords;
  const wordsLoaded = loadPageWords(new URL('page-strings.json', import.meta.url), requested);

  const statusBox = $('pavilion-status');
  const progressText = $('pavilion-progress-text');
  const progressBar = $('pavilion-progress-bar');

  const state = { status: 'loading', scene: null, language: null, languages: [], openHotspot: null, error: null, camera: null };
  let authorInfo = null;
  let wasmStarted = false;

  let resolveReady;
  let rejectReady;
  const ready = new Promise((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  // Callers that never await `ready` must not see an unhandled rejection.
  ready.catch(() => {});

  function canvasOffset() {
    const r = canvas.getBoundingClientRect();
    return { left: r.left, top: r.top };
  }

  // Authoring mode (?author=1) on a page whose owner allows it: the page then
  // fetches the viewer built with its egui tools (pkg-author/, with their
  // fonts); visitors download and run neither (pkg/).
  const authoringAllowed = policy.authoring;
  const authorMode = authoringAllowed && params.get('author') === '1';
  const viewerFolder = authorMode ? 'pkg-author' : 'pkg';
  // The viewer's exported command entry and its memory, once its module
  // has started.
  let pavilion_command = null;
  let wasmMemory = null;

  // What visitors read, as HTML over the canvas (web/visitor/): the marker
  // buttons, the annotation panel, the toolbar, the tour bar and About.
  // Clicks and keys become viewer commands. Inside an element the canvas is
  // the page's (a slotted child), so the layers go around its slot.
  const anchor = o.canvasAnchor || canvas;
  const markerLayer = Object.assign(document.createElement('div'), { id: 'pavilion-markers', className: 'pv-markers' });
  anchor.after(markerLayer);
  // The canvas is named by the scene's title and described by its
  // description (in a paragraph screen readers can also reach by reading
  // the page). Across a shadow root an id cannot be referred to: the
  // element's canvas is described by the same text itself.
  const description = Object.assign(document.createElement('p'), { id: 'pavilion-scene-description', className: 'pv-sr-only' });
  markerLayer.after(description);
  if (anchor === canvas) canvas.setAttribute('aria-describedby', description.id);
  function nameScene() {
    const label = state.title || 'Pavilion';
    if (canvas.getAttribute('aria-label') !== label) canvas.setAttribute('aria-label', label);
    if (description.textContent !== (state.description || '')) description.textContent = state.description || '';
    if (anchor !== canvas && canvas.getAttribute('aria-description') !== (state.description || '')) {
      canvas.setAttribute('aria-description', state.description || '');
    }
    if (state.language) description.lang = state.language;
  }

  // Focus follows what the visitor did: into the panel a marker opened, back
  // to the marker when the panel closes (not for panels a tour opens).
  let focusPanel = false;
  let returnFocus = null;
  const markers = createMarkers(markerLayer, {
    activate(id) {
      if (state.openHotspot === id) {
        send({ type: 'closeHotspot' });
      } else {
        focusPanel = true;
        send({ type: 'openHotspot', id });
      }
    },
  });
  const panel = createPanel(root, {
    close() {
      returnFocus = state.openHotspot;
      send({ type: 'closeHotspot' });
    },
    step(by) {
      focusPanel = true;
      send({ type: 'stepHotspot', by });
    },
    // A museum page can take links over: preventDefault() on `link`.
    link: (href) => emit('link', { href }, { cancelable: true }),
  });
  const toolbar = createToolbar(root, {
    reset: () => send({ type: 'resetView' }),
    view: (id) => send({ type: 'goToViewpoint', id }),
    topic: (id, visible) => send({ type: 'setCategoryVisible', id, visible }),
    tour: (id) => send({ type: 'startTour', id, step: 0 }),
    language: (tag) => send({ type: 'setLanguage', tag }),
    about: () => about.open(),
    shareUrl: () => shareUrl(),
    fullscreen() {
      if (document.fullscreenElement) document.exitFullscreen();
      else o.fullscreen.requestFullscreen?.().catch((e) => console.warn(`Pavilion: full screen refused: ${e.message}`));
    },
  });
  // The title and tools come first in the page's reading order, before the scene.
  anchor.before(toolbar.element);
  const tourBar = createTourBar(root, { control: (action) => send({ type: 'tour', action }) });
  const about = createAbout(root, { link: (href) => emit('link', { href }, { cancelable: true }) });
  // The panel goes below the tools, however many rows they wrap to.
  const placePanel = () => root.style.setProperty('--pv-toolbar-bottom', `${Math.round(toolbar.bottom())}px`);
  new ResizeObserver(placePanel).observe(toolbar.element);

  // Tab on the canvas moves focus to the markers as anywhere else on a page:
  // the viewer's window layer cancels the browser's action for every key it
  // sees, so Tab is kept from reaching it.
  window.addEventListener(
    'keydown',
    (e) => {
      if (e.key === 'Tab' && e.target === canvas) e.stopPropagation();
    },
    true,
  );

  // Escape on a marker closes its open panel too.
  markerLayer.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && state.openHotspot) {
      returnFocus = state.openHotspot;
      send({ type: 'closeHotspot' });
    }
  });

  const focused = () => (root.getRootNode().activeElement ?? document.activeElement);

  function showPanel(view) {
    const wasOpen = !panel.element.hidden;
    panel.show(view);
    if (view && focusPanel) panel.title.focus({ preventScroll: true });
    if (!view && wasOpen) {
      const back = returnFocus && markers.button(returnFocus);
      if (back && !back.hidden) back.focus({ preventScroll: true });
      else if (panel.element.contains(focused())) canvas.focus({ preventScroll: true });
    }
    focusPanel = false;
    if (!view) returnFocus = null;
  }

  function showError(code, message, messageLang) {
    const box = $('pavilion-error');
    const text = $('pavilion-error-message');
    text.textContent = message;
    text.lang = messageLang;
    text.dir = 'auto';
    // Once the viewer has negotiated the language with the scene's, it sends
    // the words; before that (or when no scene loaded), the page's own
    // (web/page-strings.json), negotiated from the same visitor's languages.
    const viewer = state.language && state.pageStrings?.errorTitle ? state.pageStrings : null;
    const title = $('pavilion-error-title');
    title.textContent = viewer ? viewer.errorTitle : words.text('errorTitle');
    const lang = viewer ? viewer.lang : words.lang;
    const label = box.querySelector('.pv-code');
    const [before, after = ''] = (viewer ? viewer.errorCode : words.text('errorCode', { code: '{code}' })).split('{code}');
    const codeEl = document.createElement('code');
    codeEl.id = 'pavilion-error-code';
    codeEl.translate = false;
    codeEl.textContent = code;
    label.replaceChildren(before, codeEl, after);
    for (const el of [title, label]) el.lang = lang;
    box.dir = viewer ? viewer.dir : words.dir;
  }

  function setProgress(fraction, text) {
    if (text) progressText.textContent = text;
    if (fraction != null) progressBar.style.width = `${Math.round(Math.min(1, Math.max(0, fraction)) * 100)}%`;
  }

  /** Shows the error screen. `messageLang` is the language of `message`:
   *  the viewer's and the page's detailed messages are English, for the page's
   *  owner; the title and the code's label are in the visitor's language. */
  function fail(code, message, messageLang = 'en') {
    if (state.status === 'error') return;
    state.status = 'error';
    state.error = { code, message };
    // Calls still waiting for the viewer will not be answered now.
    for (const { reject } of calls.values()) reject(stopped());
    calls.clear();
    waiting.length = 0;
    statusBox.classList.add('pv-done');
    showError(code, message, messageLang);
    $('pavilion-error').hidden = false;
    console.error(`Pavilion error [${code}]: ${message}`);
    rejectReady({ code, message });
    emit('error', { code, message });
  }

  const pending = [];
  function send(command) {
    if (!wasmStarted) {
      pending.push(command);
      return;
    }
    try {
      pavilion_command(JSON.stringify(command));
    } catch (e) {
      fail('command-failed', `The viewer could not handle "${command.type}": ${e}`);
    }
  }

  // Calls from page script: each returns a Promise that resolves once the
  // viewer has applied it, or rejects with {code, message} when it cannot
  // (an argument of the wrong type, an id the scene lacks, a language it
  // does not offer). Calls made before the scene is ready wait for it;
  // after an error, calls reject at once.
  let nextSeq = 1;
  const calls = new Map();
  const waiting = [];

  const stopped = () => ({ code: 'viewer-error', message: `The viewer has stopped: ${state.error?.message ?? 'an error'}` });
  const invalid = (message) => Promise.reject({ code: 'invalid-argument', message });

  function call(command) {
    if (state.status === 'error') return Promise.reject(stopped());
    return new Promise((resolve, reject) => {
      const numbered = { ...command, seq: nextSeq++ };
      calls.set(numbered.seq, { resolve, reject });
      if (state.status === 'ready') send(numbered);
      else waiting.push(numbered);
    });
  }

  const isId = (id) => typeof id === 'string' && id.length > 0;
  const show = (v) => (typeof v === 'string' ? JSON.stringify(v) : String(v));

  // The page's side of this viewer, which its wasm instance claims as it
  // starts: what it asks once, and the events it sends.
  const host = {
    authoring: authorMode,
    canvas: o.canvasSelector,
    event(kind, json) {
      const detail = json ? JSON.parse(json) : null;
      switch (kind) {
        case 'progress':
          setProgress(detail.total > 0 ? detail.loaded / detail.total : null, detail.text);
          break;
        case 'state': {
          // The viewer may not know of an error the page found (a scene that
          // did not download): the page's error stays.
          const pageError = state.status === 'error' ? state.error : null;
          Object.assign(state, detail);
          if (pageError) Object.assign(state, { status: 'error', error: detail.error || pageError });
          markers.setOpen(state.openHotspot);
          nameScene();
          // The viewer speaks the scene's language (screen readers, the
          // browser's offer to translate): the page's, when it is the page.
          if (state.language) {
            const speaker = o.wholePage ? document.documentElement : root;
            if (speaker.lang !== state.language) speaker.lang = state.language;
          }
          break;
        }
        case 'camera':
          // {position, target, fov, moving}: state().camera.
          state.camera = detail;
          cameraChanged();
          break;
        case 'markers':
          markers.setLabels(detail);
          break;
        case 'marker-places':
          markers.setPlaces(detail);
          break;
        case 'panel':
          showPanel(detail);
          break;
        case 'toolbar':
          toolbar.show(detail);
          placePanel();
          break;
        case 'tour-bar':
          tourBar.show(detail);
          break;
        case 'about':
          about.show(detail);
          break;
        case 'author':
          authorInfo = detail;
          emit('author', detail);
          break;
        case 'download':
          saveFile(detail.name, detail.text);
          break;
        case 'copy':
          // Clipboard access needs a user gesture and a secure context; the
          // JSON is also on screen and in pavilion.author.snippet().
          navigator.clipboard?.writeText(detail).catch(() => {});
          break;
        case 'reload-error':
          showReloadError(detail.message);
          emit('reload-error', detail);
          break;
        case 'ready':
          if (state.status === 'error') break;
          showReloadError(null);
          state.status = 'ready';
          statusBox.classList.add('pv-done');
          resolveReady(api.state());
          emit('ready', api.state());
          for (const c of waiting.splice(0)) send(c);
          break;
        case 'reply': {
          const pendingCall = calls.get(detail.seq);
          calls.delete(detail.seq);
          if (detail.ok) pendingCall?.resolve();
          else pendingCall?.reject({ code: detail.code, message: detail.message });
          break;
        }
        case 'error':
          fail(detail.code, detail.message);
          break;
        case 'hotspot-open':
        case 'hotspot-close':
        case 'language-change':
        case 'tour-step':
        case 'tour-end':
          emit(kind, detail);
          break;
        default:
          console.warn('Pavilion: unknown event from the viewer', kind);
      }
    },
  };

  // `camera-change`: at most ten a second while the camera moves, and the
  // pose it stops at (`moving: false`) always, once it is ready.
  let lastCameraEvent = 0;
  let cameraTimer = null;
  function cameraChanged() {
    if (state.status !== 'ready') return;
    const tell = () => {
      cameraTimer = null;
      lastCameraEvent = performance.now();
      emit('camera-change', { ...getCamera(), moving: !!state.camera.moving });
    };
    const wait = 100 - (performance.now() - lastCameraEvent);
    if (!state.camera.moving || wait <= 0) {
      clearTimeout(cameraTimer);
      tell();
    } else {
      cameraTimer ??= setTimeout(tell, wait);
    }
  }

  /** The camera as a viewpoint (scene units, degrees), or null before the
   *  scene shows. */
  function getCamera() {
    const c = state.camera;
    return c ? { position: [...c.position], target: [...c.target], fov: c.fov } : null;
  }

  /** A link restoring what the visitor sees (README, "Links to a view"):
   *  the language, then the running tour and its step, or the open hotspot
   *  and the camera (seven significant digits: what the viewer's 32-bit
   *  floats hold), on the page `o.shareLink` gives. */
  function shareUrl() {
    const query = new URLSearchParams();
    if (state.language) query.set('lang', state.language);
    if (state.tour) {
      query.set('tour', state.tour.id);
      query.set('step', String(state.tour.step + 1));
    } else {
      if (state.openHotspot) query.set('hotspot', state.openHotspot);
      const c = getCamera();
      if (c) query.set('camera', [...c.position, ...c.target, c.fov].map((n) => Number(n.toPrecision(7))).join(','));
    }
    return o.shareLink(query);
  }

  const isVector = (v) => Array.isArray(v) && v.length === 3 && v.every(Number.isFinite);

  const api = {
    ready,
    state: () => JSON.parse(JSON.stringify(state)),
    // The marker buttons, each with the page position of its centre.
    hotspots: () => {
      const off = canvasOffset();
      return markers.list().map((h) => ({ ...h, x: h.x + off.left, y: h.y + off.top }));
    },
    // The open annotation as shown, with its page rectangle and its links'.
    panel: () => panel.describe(),
    // Each call returns a Promise: resolved once the viewer did it, rejected
    // with {code, message} if it cannot (see README, "Page API").
    openHotspot: (id) => (isId(id) ? call({ type: 'openHotspot', id }) : invalid(`openHotspot(id): id must be a hotspot id (a string), not ${show(id)}`)),
    closeHotspot: () => call({ type: 'closeHotspot' }),
    // Back to the scene's first view, as the toolbar's Reset view.
    resetView: () => call({ type: 'resetView' }),
    // The camera as {position, target, fov}; setCamera flies there (at once
    // with {animate: false}, and always with reduced motion).
    getCamera,
    setCamera: (camera, { animate = true } = {}) => {
      const { position, target, fov } = camera ?? {};
      if (!isVector(position) || !isVector(target)) {
        return invalid(`setCamera(camera): camera must be {position: [x, y, z], target: [x, y, z], fov}, not ${show(JSON.stringify(camera))}`);
      }
      if (fov != null && !Number.isFinite(fov)) return invalid(`setCamera(camera): fov must be a number of degrees, not ${show(fov)}`);
      return call({ type: 'setCamera', position, target, fov: fov ?? null, animate: !!animate });
    },
    // A link to what the visitor sees now (the toolbar's Share gives the same).
    shareUrl,
    // What this viewer holds: its wasm instance's memory in bytes (null
    // before it starts). Each viewer of a page has its own.
    memory: () => ({ wasm: wasmMemory ? wasmMemory.buffer.byteLength : null }),
    setLanguage: (tag) => (isId(tag) ? call({ type: 'setLanguage', tag }) : invalid(`setLanguage(tag): tag must be a language tag (a string such as "fr"), not ${show(tag)}`)),
    goToViewpoint: (id) => (isId(id) ? call({ type: 'goToViewpoint', id }) : invalid(`goToViewpoint(id): id must be a viewpoint id (a string), not ${show(id)}`)),
    setCategoryVisible: (id, visible) => {
      if (!isId(id)) return invalid(`setCategoryVisible(id, visible): id must be a category id (a string), not ${show(id)}`);
      if (typeof visible !== 'boolean') return invalid(`setCategoryVisible(id, visible): visible must be true or false, not ${show(visible)}`);
      return call({ type: 'setCategoryVisible', id, visible });
    },
    // Guided tours: start one (at a 0-based step), then control it; state().tour says where it is.
    startTour: (id, step = 0) => {
      if (!isId(id)) return invalid(`startTour(id, step): id must be a tour id (a string), not ${show(id)}`);
      if (!Number.isSafeInteger(step) || step < 0) return invalid(`startTour(id, step): step must be a whole number from 0, not ${show(step)}`);
      return call({ type: 'startTour', id, step });
    },
    tour: Object.fromEntries(['play', 'pause', 'toggle', 'next', 'previous', 'end'].map((action) => [action, () => call({ type: 'tour', action })])),
    // Authoring mode (?author=1): what was picked, the captured viewpoint and
    // the hotspot JSON to paste into the scene file.
    author: {
      pick: () => authorInfo?.pick ?? null,
      viewpoint: () => authorInfo?.viewpoint ?? null,
      snippet: () => authorInfo?.snippet ?? null,
      captureViewpoint: () => call({ type: 'captureViewpoint' }),
      // The scene file with the hotspots dragged so far (null before any).
      scene: () => authorInfo?.scene ?? null,
      download: () => authorInfo?.scene && saveFile(authorInfo.file || 'scene.json', authorInfo.scene),
    },
  };

  function saveFile(name, text) {
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = Object.assign(document.createElement('a'), { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  // A live reload whose new text has errors keeps the scene and says why.
  function showReloadError(message) {
    let box = $('pavilion-reload-error');
    if (!message) {
      if (box) box.hidden = true;
      return;
    }
    if (!box) {
      box = document.createElement('pre');
      box.id = 'pavilion-reload-error';
      box.setAttribute('role', 'alert');
      root.append(box);
    }
    box.textContent = `The scene file has errors; still showing the previous version.\n${message}`;
    box.hidden = false;
  }

  async function fetchManifest(url) {
    let response;
    try {
      response = await fetch(url);
    } catch (e) {
      throw { code: 'scene-unreachable', message: `The scene file ${url} could not be downloaded: ${e.message}` };
    }
    if (!response.ok) {
      throw { code: 'scene-not-found', message: `The scene file ${url} could not be loaded (HTTP ${response.status} ${response.statusText}).` };
    }
    return response.text();
  }

  /** Where the visitor's link asks to start: `?hotspot=`, `?view=`,
   *  `?camera=` (as `shareUrl()` writes it), and `?tour=` with `&step=`
   *  counted from 1 as the tour bar shows it (the viewer checks them). */
  function sharedLink() {
    return {
      hotspot: params.get('hotspot'),
      view: params.get('view'),
      tour: params.get('tour'),
      step: params.get('step'),
      camera: params.get('camera'),
    };
  }

  /** The scene to show, or why this page refuses it: `?scene=` may only
   *  name http(s) files on the page's own site or a site the owner allowed,
   *  so no link can put someone else's words on the museum's page. */
  function chooseScene() {
    if (policy.scene === '') return { code: 'scene-missing', error: 'This viewer has no scene to show: its src attribute is missing.' };
    const asked = policy.scene || params.get('scene') || DEFAULT_SCENE;
    let url;
    try {
      url = new URL(asked, location.href);
    } catch {
      return { error: `The scene address "${asked}" is not a valid URL.` };
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      return { url, error: `This page shows scenes from http(s) addresses only; the link gave a ${url.protocol} URL.` };
    }
    // The owner's own choice (data-scene, an element's src) is trusted as it stands.
    if (policy.scene) return { url };
    const allowed = url.origin === location.origin || policy.sceneOrigins.includes('*') || policy.sceneOrigins.includes(url.origin);
    if (!allowed) {
      return {
        url,
        error:
          `This page shows scenes from its own site (${location.origin}) only; ${url.href} is on ${url.origin}. ` +
          `The page's owner can allow other sites with data-scene-origins.`,
      };
    }
    return { url };
  }

  const me = { crashed: (error) => fail('crashed', `The viewer stopped: ${error.message}`) };

  async function main() {
    const chosen = chooseScene();
    const manifest = chosen.error ? null : fetchManifest(chosen.url.href);
    // The models download while the wasm does (web/preload.js).
    manifest?.then((text) => preloadSceneFiles(text, chosen.url.href, policy.assetOrigins)).catch(() => {});
    words = await wordsLoaded;
    for (const el of [progressText, statusBox]) {
      el.lang = words.lang;
      el.dir = words.dir;
    }
    setProgress(null, words.text('loading'));
    if (chosen.error) {
      state.scene = chosen.url?.href ?? null;
      fail(chosen.code || 'scene-origin', chosen.error);
      return;
    }
    const sceneUrl = chosen.url.href;
    state.scene = sceneUrl;

    if (!window.WebGL2RenderingContext) {
      fail('no-webgl2', words.text('errorNoWebgl'), words.lang);
      return;
    }
    const onBytes = (loaded, total) => setProgress(total ? (0.8 * loaded) / total : null, words.text('loadingViewer', { size: loaded / 1048576 }));
    try {
      live.add(me);
      ({ command: pavilion_command, memory: wasmMemory } = await startInstance(viewerFolder, host, onBytes));
    } catch (e) {
      fail('viewer-start', `The 3D viewer could not start: ${e && (e.message || e)}`);
      return;
    }
    wasmStarted = true;
    for (const c of pending.splice(0)) send(c);
    // Visitors who ask their system for less motion get cuts, not flights.
    const motion = matchMedia('(prefers-reduced-motion: reduce)');
    send({ type: 'setReducedMotion', reduce: motion.matches });
    motion.addEventListener('change', () => send({ type: 'setReducedMotion', reduce: motion.matches }));
    setProgress(0.85, words.text('loadingScene'));

    let text;
    try {
      text = await manifest;
    } catch (e) {
      fail(e.code || 'scene-unreachable', e.message || String(e));
      return;
    }
    const wanted = params.get('author') === '1' || params.get('live') === '1';
    if (wanted && !authoringAllowed) console.warn('Pavilion: ?author and ?live are ignored: authoring is off on this page (data-authoring="on" turns it on)');
    const author = authorMode;
    // Authors drag the viewer's own (egui) markers instead of the buttons.
    markerLayer.hidden = author;
    send({ type: 'loadScene', url: sceneUrl, text, requested, author, assetOrigins: policy.assetOrigins, ...sharedLink() });
    // While authoring (or with ?live=1), an edited scene file reloads in place,
    // keeping the camera.
    if (author || (authoringAllowed && params.get('live') === '1')) watchScene(sceneUrl, text, requested, author);
  }

  function watchScene(url, lastText, requested, author) {
    setInterval(async () => {
      if (state.status === 'error') return;
      try {
        const response = await fetch(url, { cache: 'no-store' });
        if (!response.ok) return;
        const text = await response.text();
        if (text === lastText) return;
        lastText = text;
        send({ type: 'loadScene', url, text, requested, author, assetOrigins: policy.assetOrigins, reload: true });
      } catch {
        // The dev server restarting is not an error worth a screen.
      }
    }, 1000);
  }

  main();
  return api;
}
