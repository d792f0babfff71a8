// <pavilion-viewer>: a Pavilion viewer a museum puts in its own pages.
//
//   <script type="module" src="/pavilion/pavilion.js"></script>
//   <pavilion-viewer src="scenes/vase/scene.json" lang="fr"></pavilion-viewer>
//
// Importing this file downloads nothing heavy: the viewer's code and its
// wasm are fetched when a viewer starts, which is when it nears the
// viewport (`loading="lazy"`, the default), at once (`loading="eager"`),
// or when the visitor presses "View in 3D" (`reveal="interaction"`).
// Everything resolves against this file's own address, so `dist/` works
// from any folder. Several viewers on a page share one download and one
// compilation of the wasm (web/viewer.js). README, "Embed in your site",
// lists the attributes, methods and events.

import { loadPageWords, pickLanguage } from './page-words.js';

const here = (path) => new URL(path, import.meta.url).href;
// The viewer's code, once a viewer starts.
let viewerCode = null;
const loadViewerCode = () => (viewerCode ??= import('./viewer.js'));
let count = 0;

// The element's box: the page's stylesheet for the visitor's interface,
// then what an embedded viewer changes (pavilion-viewer.css). Links, not
// inline styles: a strict Content-Security-Policy allows them.
function frame() {
  const html = `
    <link rel="stylesheet" href="${here('pavilion.css')}">
    <link rel="stylesheet" href="${here('pavilion-viewer.css')}">
    <div id="pavilion-root" class="pv-embedded">
      <slot name="canvas"></slot>
      <div id="pavilion-status" role="status" aria-live="polite" hidden>
        <div class="pv-loading">
          <p class="pv-title">Pavilion</p>
          <p id="pavilion-progress-text"></p>
          <div class="pv-bar"><div id="pavilion-progress-bar"></div></div>
        </div>
      </div>
      <div id="pavilion-error" role="alert" hidden>
        <h2 id="pavilion-error-title"></h2>
        <p id="pavilion-error-message"></p>
        <p class="pv-code"></p>
      </div>
      <div class="pv-reveal" hidden>
        <img class="pv-poster" alt="" hidden>
        <p class="pv-reveal-title" hidden></p>
        <button type="button" class="pv-reveal-button"></button>
      </div>
    </div>`;
  return document.createRange().createContextualFragment(html);
}

/** A camera attribute (`getCamera()`'s JSON, or `x,y,z,tx,ty,tz[,fov]` as
 *  in a shared link) as {position, target, fov}, or null. */
function parseCamera(text) {
  if (!text) return null;
  try {
    const c = JSON.parse(text);
    if (c && typeof c === 'object') return c;
  } catch {
    const n = text.split(',').map(Number);
    if ((n.length === 6 || n.length === 7) && n.every(Number.isFinite)) {
      return { position: n.slice(0, 3), target: n.slice(3, 6), fov: n[6] ?? null };
    }
  }
  return { invalid: text };
}

class PavilionViewer extends HTMLElement {
  static observedAttributes = ['lang', 'camera', 'controls'];

  #root;
  #api = null;
  #starting = null;
  #watch = null;
  #resolveReady;
  #rejectReady;

  constructor() {
    super();
    const shadow = this.attachShadow({ mode: 'open' });
    shadow.append(frame());
    this.#root = shadow.getElementById('pavilion-root');
    // `ready` exists from the start; it settles once the viewer, when it
    // starts, has shown its scene (or failed to).
    this.ready = new Promise((resolve, reject) => {
      this.#resolveReady = resolve;
      this.#rejectReady = reject;
    });
    this.ready.catch(() => {});
  }

  connectedCallback() {
    this.#root.classList.toggle('pv-no-controls', this.getAttribute('controls') === 'none');
    if (this.#starting || this.#watch) return;
    if (this.getAttribute('reveal') === 'interaction') {
      this.#offerReveal();
    } else if (this.getAttribute('loading') === 'eager') {
      this.#start();
    } else {
      // Nothing heavy until the viewer nears the viewport.
      this.#watch = new IntersectionObserver(
        (entries) => {
          if (entries.some((e) => e.isIntersecting)) this.#start();
        },
        { rootMargin: '200px' },
      );
      this.#watch.observe(this);
    }
  }

  disconnectedCallback() {
    this.#watch?.disconnect();
    this.#watch = null;
  }

  attributeChangedCallback(name, _old, value) {
    if (name === 'controls') this.#root.classList.toggle('pv-no-controls', value === 'none');
    if (!this.#api) return;
    if (name === 'lang' && value) this.#api.setLanguage(value).catch((e) => console.warn(`Pavilion: lang="${value}": ${e.message}`));
    if (name === 'camera') {
      const camera = parseCamera(value);
      if (camera) this.#api.setCamera(camera).catch((e) => console.warn(`Pavilion: camera="${value}": ${e.message}`));
    }
  }

  /** The poster (or the scene's title) and a "View in 3D" button, in the
   *  visitor's language; the viewer starts when it is pressed. */
  async #offerReveal() {
    const box = this.#root.querySelector('.pv-reveal');
    const button = box.querySelector('button');
    const requested = [this.getAttribute('lang'), ...(navigator.languages || [navigator.language])].filter(Boolean);
    this.#watch = { disconnect() {} };
    button.addEventListener('click', () => this.#start(), { once: true });
    box.hidden = false;
    const poster = this.getAttribute('poster');
    if (poster) {
      const img = box.querySelector('img');
      img.src = new URL(poster, document.baseURI).href;
      img.hidden = false;
    }
    const words = await loadPageWords(here('page-strings.json'), requested);
    button.textContent = words.text('viewIn3d');
    button.lang = words.lang;
    box.dir = words.dir;
    if (!poster) this.#showTitle(box.querySelector('.pv-reveal-title'), requested);
  }

  // The scene's title, from its manifest (a small file: not the viewer).
  async #showTitle(p, requested) {
    try {
      const scene = await (await fetch(new URL(this.getAttribute('src') || '', document.baseURI))).json();
      const title = scene.title || {};
      const lang = pickLanguage(requested, Object.keys(title));
      const text = title[lang] ?? title[scene.defaultLanguage] ?? Object.values(title)[0];
      if (typeof text === 'string') {
        p.textContent = text;
        p.lang = title[lang] != null ? lang : scene.defaultLanguage || '';
        p.hidden = false;
      }
    } catch {
      // No title: the button alone says what is there.
    }
  }

  #start() {
    if (this.#starting) return this.#starting;
    this.#watch?.disconnect();
    this.#watch = null;
    this.#root.querySelector('.pv-reveal').hidden = true;
    this.#root.querySelector('#pavilion-status').hidden = false;
    const n = ++count;
    const canvas = Object.assign(document.createElement('canvas'), { id: `pavilion-canvas-${n}`, slot: 'canvas', tabIndex: 0 });
    canvas.setAttribute('aria-label', '3D scene');
    // On a touch screen a vertical swipe over the viewer scrolls the page
    // (touch-action: pan-y, pavilion-viewer.css); winit would cancel that
    // by refusing every touchstart, so its listener does not hear them
    // (this one is first on the canvas). Pointer events still reach it:
    // sideways drags turn the scene, two fingers zoom.
    canvas.addEventListener('touchstart', (e) => e.stopImmediatePropagation(), { passive: true });
    this.append(canvas);
    const params = new URLSearchParams();
    for (const name of ['lang', 'hotspot', 'view', 'tour', 'step']) {
      const v = this.getAttribute(name);
      if (v != null) params.set(name, v);
    }
    const camera = parseCamera(this.getAttribute('camera'));
    if (camera && !camera.invalid) params.set('camera', [...camera.position, ...camera.target, ...(camera.fov != null ? [camera.fov] : [])].join(','));
    else if (camera?.invalid) params.set('camera', camera.invalid);
    const src = this.getAttribute('src');
    const assetOrigins = this.getAttribute('asset-origins');
    this.#starting = loadViewerCode().then(({ startViewer }) => {
      this.#api = startViewer({
        root: this.#root,
        canvas,
        canvasAnchor: this.#root.querySelector('slot'),
        canvasSelector: `#${canvas.id}`,
        params,
        // The page's owner chose the scene: it is trusted as it stands. An
        // element without src says so rather than showing a default.
        policy: { scene: src ? new URL(src, document.baseURI).href : '', sceneOrigins: [], assetOrigins: assetOrigins == null ? null : assetOrigins.split(/\s+/).filter(Boolean), authoring: false },
        emit: (name, detail, { cancelable = false } = {}) =>
          this.dispatchEvent(new CustomEvent(name, { detail, cancelable, bubbles: true, composed: true })),
        fullscreen: this,
        // The whole-page viewer next to this file, showing this scene.
        shareLink: (query) => {
          const url = new URL(here('index.html'));
          if (src) url.searchParams.set('scene', new URL(src, document.baseURI).href);
          for (const [k, v] of query) url.searchParams.set(k, v);
          url.search = url.searchParams.toString().replaceAll('%2C', ',');
          return url.href;
        },
        wholePage: false,
      });
      this.#api.ready.then(this.#resolveReady, this.#rejectReady);
      return this.#api;
    });
    this.#starting.catch((e) => this.#rejectReady({ code: 'viewer-start', message: `The 3D viewer could not start: ${e.message}` }));
    return this.#starting;
  }

  // ---- The page API (README, "Embed in your site") -------------------------

  /** Starts the viewer now, whatever `loading` and `reveal` say. */
  load() {
    this.#start();
    return this.ready;
  }

  state() {
    return this.#api ? this.#api.state() : { status: 'idle', scene: this.getAttribute('src'), error: null };
  }
  hotspots() {
    return this.#api ? this.#api.hotspots() : [];
  }
  panel() {
    return this.#api ? this.#api.panel() : null;
  }
  getCamera() {
    return this.#api ? this.#api.getCamera() : null;
  }
  shareUrl() {
    return this.#api ? this.#api.shareUrl() : null;
  }
  memory() {
    return this.#api ? this.#api.memory() : { wasm: null };
  }
  // Calls made before the viewer starts wait for it (and do not start it).
  #later(fn) {
    return (this.#starting || this.ready.then(() => this.#starting)).then((api) => fn(api));
  }
  openHotspot(id) {
    return this.#later((api) => api.openHotspot(id));
  }
  closeHotspot() {
    return this.#later((api) => api.closeHotspot());
  }
  resetView() {
    return this.#later((api) => api.resetView());
  }
  setCamera(camera, options) {
    return this.#later((api) => api.setCamera(camera, options));
  }
  setLanguage(tag) {
    return this.#later((api) => api.setLanguage(tag));
  }
  goToViewpoint(id) {
    return this.#later((api) => api.goToViewpoint(id));
  }
  setCategoryVisible(id, visible) {
    return this.#later((api) => api.setCategoryVisible(id, visible));
  }
  startTour(id, step) {
    return this.#later((api) => api.startTour(id, step));
  }
  get tour() {
    const control = (action) => () => this.#later((api) => api.tour[action]());
    return Object.fromEntries(['play', 'pause', 'toggle', 'next', 'previous', 'end'].map((a) => [a, control(a)]));
  }
}

if (!customElements.get('pavilion-viewer')) customElements.define('pavilion-viewer', PavilionViewer);
