// Hotspot markers as buttons over the canvas. The viewer sends their words
// (`markers`: number, title, language) when the scene or the language
// changes, and their places (`marker-places`: x, y, state per marker, one
// flat array) when something moved; this file only writes what changed.
//
// Each marker is a <button> in the scene's visiting order, so Tab and
// Shift+Tab walk them in that order and Enter or Space opens one. Its name
// is its number and title; the title shows beside it on hover and focus.

import { el } from './dom.js';

// A marker's state in `marker-places`.
const HIDDEN = 0; // not placed, or its topic hidden: no button
const DIMMED = 1; // behind something or facing away: dimmed, still a button
const SHOWN = 2;
const AWAY = 3; // off screen: waits on the view's edge towards it, shown when focused

/**
 * @param {HTMLElement} layer  the element the buttons go in (over the canvas)
 * @param {{ activate(id: string, button: HTMLButtonElement): void }} actions
 */
export function createMarkers(layer, actions) {
  /** @type {{ label: object, button: HTMLButtonElement, x: number, y: number, state: number }[]} */
  let markers = [];
  let openId = null;

  function button() {
    const b = el(
      'button',
      { type: 'button', className: 'pv-marker', hidden: true },
      el('span', { className: 'pv-marker-number' }),
      el('span', { className: 'pv-marker-title' }),
    );
    b.setAttribute('aria-controls', 'pavilion-panel');
    b.addEventListener('click', () => actions.activate(b.dataset.id, b));
    return b;
  }

  function write(m, label) {
    const b = m.button;
    b.dataset.id = label.id;
    b.dataset.number = label.number;
    const [number, title] = b.children;
    number.textContent = label.numeral;
    // A space between the two parts of the name ("3 Wall painting").
    title.textContent = ` ${label.title}`;
    title.lang = label.lang;
    title.dir = label.dir;
    m.label = label;
  }

  return {
    /** The markers' words, in the visiting order. */
    setLabels(labels) {
      while (markers.length > labels.length) markers.pop().button.remove();
      labels.forEach((label, i) => {
        if (!markers[i]) {
          markers[i] = { label: null, button: button(), x: NaN, y: NaN, state: HIDDEN };
          layer.append(markers[i].button);
        }
        const m = markers[i];
        if (JSON.stringify(m.label) !== JSON.stringify(label)) write(m, label);
      });
      this.setOpen(openId, true);
    },

    /** `[x, y, state, x, y, state, …]` in viewport pixels of the canvas. */
    setPlaces(places) {
      const middle = layer.clientWidth / 2; // read before any write
      markers.forEach((m, i) => {
        const [x, y, state] = [places[3 * i], places[3 * i + 1], places[3 * i + 2] ?? HIDDEN];
        if (state !== m.state) {
          // Markers of hidden topics leave the Tab order; dimmed and off-screen
          // ones stay reachable by keyboard.
          m.button.hidden = state === HIDDEN;
          m.button.classList.toggle('pv-dim', state === DIMMED);
          m.button.classList.toggle('pv-away', state === AWAY);
          m.state = state;
        }
        if (state !== HIDDEN && (x !== m.x || y !== m.y)) {
          m.button.style.transform = `translate(${x}px, ${y}px)`;
          // Its title opens towards the middle of the view.
          m.button.classList.toggle('pv-flip', x > middle);
          m.x = x;
          m.y = y;
        }
      });
    },

    /** Marks the open hotspot's marker (`force`: also when it did not change). */
    setOpen(id, force = false) {
      if (id === openId && !force) return;
      openId = id;
      for (const m of markers) {
        const open = m.label?.id === id;
        m.button.setAttribute('aria-expanded', String(open));
        m.button.classList.toggle('pv-open', open);
      }
    },

    button: (id) => markers.find((m) => m.label?.id === id)?.button ?? null,

    /** Every marker, its centre in the layer's pixels (`pavilion.hotspots()`
     *  adds where the layer is on the page). */
    list() {
      return markers.map(({ label, x, y, state }) => ({
        id: label.id,
        title: label.title,
        number: label.number,
        category: label.category,
        x: Number.isNaN(x) ? 0 : x,
        y: Number.isNaN(y) ? 0 : y,
        visible: state === SHOWN,
      }));
    },
  };
}
