// About: the scene's title and description, every model's credit line
// with its licence and link, and the viewer's credit, in a modal <dialog>
// (the browser keeps focus in it, Escape closes it and focus goes back to
// the About button). Credit lines are given exactly as their licences ask:
// they are kept from the browser's translation.

import { el, setShown } from './dom.js';

/**
 * @param {HTMLElement} parent
 * @param {{ link(href: string): boolean }} actions
 *   `link` returns false when the page took the link over (preventDefault).
 */
export function createAbout(parent, actions) {
  // Opening moves focus to the heading (read out first), not to the first link.
  const heading = el('h2', { id: 'pavilion-about-heading', tabIndex: -1, autofocus: true });
  const dialog = el('dialog', { className: 'pv-about', id: 'pavilion-about' });
  dialog.setAttribute('aria-labelledby', heading.id);
  parent.append(dialog);

  return {
    element: dialog,
    /** @param {null | object} view the viewer's About view */
    show(view) {
      if (!view) {
        if (dialog.open) dialog.close();
        dialog.replaceChildren();
        return;
      }
      Object.assign(dialog, { lang: view.lang, dir: view.dir });
      heading.textContent = view.heading;
      const parts = [heading];
      if (view.title) parts.push(setShown(el('p', { className: 'pv-about-title' }), view.title));
      if (view.description) parts.push(setShown(el('p'), view.description));
      if (view.credits.length) {
        parts.push(el('h3', { textContent: view.creditsHeading }));
        parts.push(
          el(
            'ul',
            { className: 'pv-credits' },
            ...view.credits.map((c) => {
              const item = el('li', {}, el('span', { className: 'pv-credit-line', translate: false, textContent: c.line }), el('small', { textContent: c.licence }));
              if (c.url) {
                const a = el('a', { href: c.url, target: '_blank', rel: 'noopener noreferrer', translate: false, textContent: c.url });
                a.addEventListener('click', (e) => {
                  if (!actions.link(c.url)) e.preventDefault();
                });
                item.append(a);
              }
              return item;
            }),
          ),
        );
      }
      parts.push(el('p', { className: 'pv-viewer-credit', textContent: view.viewerCredit }));
      const close = el('button', { type: 'button', className: 'pv-about-close', textContent: view.close });
      close.addEventListener('click', () => dialog.close());
      parts.push(close);
      dialog.replaceChildren(...parts);
    },
    open() {
      if (!dialog.open && dialog.childElementCount) dialog.showModal();
    },
  };
}
