// Nothing waits that need not: as soon as the page has the scene file, it
// asks the browser for the models and environment maps the scene names,
// while the viewer's wasm still downloads and compiles. The viewer's own
// requests for them later find them in the browser's preload cache.
//
// Only files the viewer would load are asked for: those the page's
// `data-asset-origins` (the element's `asset-origins`) allows, by the same
// rule as the viewer's (crates/pavilion-viewer/src/scene.rs,
// `check_asset_origins`). A scene file that is not a Pavilion scene (a IIIF
// manifest, or broken JSON) preloads nothing; the viewer reports its errors.

/** The files a Pavilion scene names that the viewer fetches first. */
function sceneFiles(scene) {
  const files = [];
  for (const m of Array.isArray(scene?.models) ? scene.models : []) if (typeof m?.src === 'string') files.push(m.src);
  const env = scene?.environment;
  for (const key of ['diffuse', 'specular']) if (typeof env?.[key] === 'string') files.push(env[key]);
  return files;
}

function allowed(url, sceneUrl, assetOrigins) {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  if (!assetOrigins) return true;
  return assetOrigins.some((a) => a === '*' || ((a === "'self'" || a === 'self') && url.origin === sceneUrl.origin) || a.replace(/\/+$/, '') === url.origin);
}

/**
 * Adds a `<link rel="preload" as="fetch">` to the document's head for each
 * model and environment map `text` (the scene file) names.
 * @param {string} text the scene file
 * @param {string} sceneUrl where it came from
 * @param {string[]|null} assetOrigins the page's allowlist, or null for any
 * @returns {string[]} the URLs asked for
 */
export function preloadSceneFiles(text, sceneUrl, assetOrigins) {
  let scene;
  try {
    scene = JSON.parse(text);
  } catch {
    return [];
  }
  const base = new URL(sceneUrl);
  const asked = [];
  for (const src of sceneFiles(scene)) {
    let url;
    try {
      url = new URL(src, base);
    } catch {
      continue;
    }
    if (!allowed(url, base, assetOrigins) || asked.includes(url.href)) continue;
    if (document.head.querySelector(`link[rel="preload"][href="${CSS.escape(url.href)}"]`)) continue;
    const link = document.createElement('link');
    link.rel = 'preload';
    link.as = 'fetch';
    // What the viewer's fetch() sends (CORS mode, same-origin credentials),
    // so its request matches the preloaded response.
    link.crossOrigin = 'anonymous';
    link.href = url.href;
    document.head.append(link);
    asked.push(url.href);
  }
  return asked;
}
