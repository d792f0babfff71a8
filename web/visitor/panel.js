// The annotation panel: the open hotspot's title, topic, picture, body,
// credit and link, with Close and Previous / "n of N" / Next. The viewer
// sends it whole (`panel`) when it changes; scene text goes in as text
// nodes (never parsed as HTML), the body's paragraphs and lists are built
// from the viewer's blocks, and every element holding scene text carries the
// language and direction it was found in.

import { el } from './dom.js';

const LINK = /^(https?:|mailto:)/i;

/**
 * @param {HTMLElement} parent
 * @param {{ close(): void, step(by: number): void, link(href: string): boolean }} actions
 *   `link` returns false when the page took the link over (preventDefault).
 */
export function createPanel(parent, actions) {

  const topic = el('p', { className: 'pv-panel-topic' });
  const title = el('h2', { id: 'pavilion-panel-title', tabIndex: -1 });
  const close = el('button', { type: 'button', className: 'pv-panel-close' });
  close.append(el('span', { ariaHidden: 'true', textContent: '×' }));
  const head = el('div', { className: 'pv-panel-head' }, el('div', { className: 'pv-panel-titles' }, topic, title), close);
  const body = el('div', { className: 'pv-panel-body', tabIndex: 0 });
  const previous = el('button', { type: 'button', className: 'pv-step' });
  const position = el('span', { className: 'pv-position' });
  const next = el('button', { type: 'button', className: 'pv-step' });
  const nav = el('div', { className: 'pv-panel-nav' }, previous, position, next);
  // A non-modal dialog named by its title: opening it from a marker moves
  // focus to the title (read out), Escape closes it.
  const panel = el('section', { id: 'pavilion-panel', className: 'pv-panel', hidden: true }, head, body, nav);
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-labelledby', title.id);
  parent.append(panel);

  close.addEventListener('click', () => actions.close());
  previous.addEventListener('click', () => actions.step(-1));
  next.addEventListener('click', () => actions.step(1));
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      actions.close();
    }
  });

  let shown = null;
  let image = null; // { src, element, state }

  function text(tag, className, value, lang, dir) {
    const e = el(tag, { className, textContent: value });
    if (lang) Object.assign(e, { lang, dir });
    return e;
  }

  // A paragraph's or list item's styled spans; links only with safe schemes.
  function spans(parentEl, list) {
    for (const s of list) {
      let node = document.createTextNode(s.text);
      if (s.emphasis) node = el('em', {}, node);
      if (s.strong) node = el('strong', {}, node);
      if (s.link && LINK.test(s.link)) node = linkTo(s.link, node);
      parentEl.append(node);
    }
  }

  function linkTo(href, content) {
    const a = el('a', { href }, content);
    if (!/^mailto:/i.test(href)) Object.assign(a, { target: '_blank', rel: 'noopener noreferrer' });
    a.addEventListener('click', (e) => {
      if (!actions.link(href)) e.preventDefault();
    });
    return a;
  }

  // Paragraphs and (nested) lists from the viewer's blocks: a list item
  // has a level (0 at the top) and, in numbered lists, its number.
  function blocks(list) {
    const out = document.createDocumentFragment();
    const open = []; // the lists being filled, one per level
    for (const b of list) {
      if (b.level == null) {
        open.length = 0;
        const p = el('p');
        spans(p, b.spans);
        out.append(p);
        continue;
      }
      const ordered = b.number != null;
      open.length = Math.min(open.length, b.level + 1);
      let listEl = open[b.level];
      if (!listEl || (listEl.tagName === 'OL') !== ordered) {
        listEl = el(ordered ? 'ol' : 'ul');
        const host = b.level === 0 ? out : open[b.level - 1]?.lastElementChild ?? out;
        host.append(listEl);
        open[b.level] = listEl;
      }
      const li = el('li');
      // Numbered in the script's digits by the stylesheet (:lang()).
      if (ordered) li.value = b.number;
      spans(li, b.spans);
      listEl.append(li);
    }
    return out;
  }

  function picture(img, words) {
    if (image?.src !== img.src) {
      const element = el('img', { alt: img.alt, decoding: 'async' });
      image = { src: img.src, element, state: 'loading' };
      const mine = image;
      element.addEventListener('load', () => (mine.state = 'loaded'));
      element.addEventListener('error', () => {
        mine.state = 'failed';
        element.replaceWith(missing(img, words));
      });
      element.src = img.src;
    }
    image.element.alt = img.alt;
    const figure = el('figure', { className: 'pv-picture' });
    figure.append(image.state === 'failed' ? missing(img, words) : image.element);
    if (img.caption || img.credit) {
      const caption = el('figcaption');
      if (img.caption) caption.append(el('span', { textContent: img.caption }));
      if (img.credit) caption.append(el('small', { textContent: img.credit }));
      figure.append(caption);
    }
    return figure;
  }

  // Where a picture could not be loaded: say so, and give its description.
  function missing(img, words) {
    return el(
      'div',
      { className: 'pv-picture-missing' },
      text('p', 'pv-note', words.imageUnavailable, words.lang, words.dir),
      el('p', { textContent: img.alt }),
    );
  }

  return {
    element: panel,
    title,

    /** Shows the viewer's panel view, or hides the panel for `null`. */
    show(view) {
      shown = view;
      if (!view) {
        panel.hidden = true;
        image = null;
        return;
      }
      const w = view.words;
      Object.assign(panel, { lang: w.lang, dir: w.dir });
      // Scene text: in the language it was found in.
      for (const e of [topic, title, body]) Object.assign(e, { lang: view.language, dir: view.dir });
      topic.textContent = view.category ?? '';
      topic.hidden = !view.category;
      title.textContent = view.title;
      close.title = w.close;
      close.setAttribute('aria-label', w.close);
      const content = [];
      if (view.image) content.push(picture(view.image, w));
      else image = null;
      content.push(blocks(view.blocks));
      if (view.credit) content.push(el('p', { className: 'pv-credit', textContent: view.credit }));
      if (view.link && LINK.test(view.link.href)) {
        const label = view.link.label ?? w.moreInfo;
        const a = linkTo(view.link.href, document.createTextNode(label));
        if (!view.link.label) Object.assign(a, { lang: w.lang, dir: w.dir });
        content.push(el('p', { className: 'pv-more' }, a));
      }
      body.replaceChildren(...content);
      body.scrollTop = 0;
      previous.replaceChildren(el('span', { ariaHidden: 'true', textContent: '‹ ' }), w.previous);
      next.replaceChildren(w.next, el('span', { ariaHidden: 'true', textContent: ' ›' }));
      position.textContent = w.position;
      panel.hidden = false;
    },

    /** `pavilion.panel()`: the view with where it is on the page. */
    describe() {
      if (!shown) return null;
      const box = (r) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
      const inside = body.getBoundingClientRect();
      const links = [...panel.querySelectorAll('a[href]')]
        .map((a) => ({ href: a.getAttribute('href'), ...box(a.getBoundingClientRect()) }))
        // Only links the visitor can see (not scrolled out of the body).
        .filter((l) => l.bottom > inside.top && l.top < inside.bottom);
      const info = JSON.parse(JSON.stringify(shown));
      delete info.words;
      if (info.image) info.image.state = image?.state ?? 'loading';
      return { ...info, rect: box(panel.getBoundingClientRect()), links };
    },
  };
}
