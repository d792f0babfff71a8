// The whole-page viewer (index.html): one viewer filling the page, driven
// by the page's address (?scene=, ?lang=, ?hotspot=, ?view=, ?tour=&step=,
// ?camera=), exposing `window.pavilion` and dispatching `pavilion:<name>`
// events on window (README, "Page API").

import { startViewer } from './viewer.js';

const root = document.getElementById('pavilion-root');
const canvas = document.getElementById('pavilion-canvas');

// Which scenes this page shows, set by the page's owner on #pavilion-root
// (see README, "Which scenes a page shows"):
//   data-scene="url"            the scene, pinned: ?scene= is ignored;
//   data-scene-origins="…"      other sites ?scene= may name (space-separated
//                               origins, or * for any http(s) site); by
//                               default only this page's own site;
//   data-asset-origins="…"      the sites a scene's models, pictures and
//                               environment maps may come from ('self' for
//                               the scene's own site); by default any;
//   data-authoring="on"         ?author=1 (authoring mode) and ?live=1 (live
//                               reload) work on this page; off by default,
//                               since they are tools for content teams
//                               (`cargo xtask serve` turns them on).
const policy = {
  scene: root.dataset.scene || null,
  sceneOrigins: (root.dataset.sceneOrigins || '').split(/\s+/).filter(Boolean),
  assetOrigins: root.dataset.assetOrigins == null ? null : root.dataset.assetOrigins.split(/\s+/).filter(Boolean),
  authoring: root.dataset.authoring === 'on',
};

window.pavilion = startViewer({
  root,
  canvas,
  canvasSelector: '#pavilion-canvas',
  params: new URLSearchParams(location.search),
  policy,
  // `pavilion:<name>` on window; false if a listener cancelled it.
  emit: (name, detail, { cancelable = false } = {}) => window.dispatchEvent(new CustomEvent(`pavilion:${name}`, { detail, cancelable })),
  fullscreen: root,
  // This page with its scene and the view's parameters (authoring
  // switches left out).
  shareLink(query) {
    const url = new URL(location.href);
    for (const p of ['lang', 'hotspot', 'view', 'tour', 'step', 'camera', 'author', 'live']) url.searchParams.delete(p);
    for (const [k, v] of query) url.searchParams.set(k, v);
    url.hash = '';
    // Commas need no escaping in a query: keep the camera readable.
    url.search = url.searchParams.toString().replaceAll('%2C', ',');
    return url.href;
  },
  wholePage: true,
});
