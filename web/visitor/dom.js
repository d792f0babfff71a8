// Small DOM helpers the visitor's widgets share. Scene text only ever goes
// in as text (textContent), never as HTML.

/** An element with properties and children. */
export function el(tag, props = {}, ...children) {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

/**
 * Puts a shown text ({text, lang, dir} from the viewer) on an element,
 * writing only what changed. A text with no language (`zxx`: an id shown
 * because the scene gave no title) is kept from the browser's translation.
 * @returns the element
 */
export function setShown(e, shown) {
  if (e.textContent !== shown.text) e.textContent = shown.text;
  if (e.lang !== shown.lang) e.lang = shown.lang;
  if (e.dir !== shown.dir) e.dir = shown.dir;
  const translate = shown.lang !== 'zxx';
  if (e.translate !== translate) e.translate = translate;
  return e;
}

const PATHS = {
  // A circular arrow: back to the first view.
  reset: 'M4 12a8 8 0 1 0 2.3-5.6M4 4v4h4',
  // Four corners.
  fullscreen: 'M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5',
  play: 'M8 5v14l11-7z',
  pause: 'M7 5h4v14H7zM13 5h4v14h-4z',
  // Chevrons pointing back and forward in reading order (mirrored for
  // right-to-left by CSS).
  previous: 'M15 5l-7 7 7 7',
  next: 'M9 5l7 7-7 7',
  // Icons that stand for a labelled tool where its words do not fit (phones).
  // A camera: the scene's viewpoints.
  views: 'M3 8h4l2-3h6l2 3h4v11H3zM12 10a3 3 0 1 0 0 6a3 3 0 1 0 0-6',
  // Stacked layers: topics shown or hidden.
  topics: 'M12 3l9 5-9 5-9-5zM3 12l9 5 9-5M3 16l9 5 9-5',
  // A flag: a guided tour.
  tour: 'M5 21V4M5 4h12l-2 4 2 4H5',
  // A globe: the language.
  language: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18M3 12h18M12 3c3 3 3 15 0 18M12 3c-3 3-3 15 0 18',
  // Three joined dots: share a link.
  share: 'M18 3a3 3 0 1 0 0 6a3 3 0 1 0 0-6M6 9a3 3 0 1 0 0 6a3 3 0 1 0 0-6M18 15a3 3 0 1 0 0 6a3 3 0 1 0 0-6M8.6 10.5l6.8-4M8.6 13.5l6.8 4',
  // An "i" in a circle: about this scene.
  about: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18M12 11v6M12 7.5v.5',
};

/** A decorative icon (hidden from screen readers: its button has a name). */
export function icon(name) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', `pv-icon pv-icon-${name}`);
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', PATHS[name]);
  svg.append(path);
  return svg;
}

/** A tool button's content: an icon and its words. Wide screens show the
 *  words; phones show the icon, and the words stay the button's name
 *  (`.pv-label` is then read, not shown). Returns the words' element. */
export function iconAndLabel(button, name) {
  const label = el('span', { className: 'pv-label' });
  const shown = icon(name);
  shown.classList.add('pv-phone-only');
  button.append(shown, label);
  return label;
}
