// The tour bar: previous, play or pause, next, "Step 2 of 5", the tour's
// title, a bar for the time left on the step, the step's caption and End
// tour. The viewer sends it (`tour-bar`) when the tour, its step, playing
// or the language changes, not every frame: the bar's progress is a CSS
// animation the page starts at the step's elapsed time and pauses with the
// tour. Each new step is also said in a polite live region, so a screen
// reader hears the caption without moving focus.

import { el, setShown, icon } from './dom.js';

/**
 * @param {HTMLElement} parent
 * @param {{ control(action: 'previous' | 'toggle' | 'next' | 'end'): void }} actions
 */
export function createTourBar(parent, actions) {
  const button = (action, name) => {
    const b = el('button', { type: 'button', className: `pv-tour-${action}` }, ...(name ? [icon(name)] : []));
    b.addEventListener('click', () => actions.control(action));
    return b;
  };
  const previous = button('previous', 'previous');
  const toggle = button('toggle', 'pause');
  const next = button('next', 'next');
  const position = el('span', { className: 'pv-tour-position' });
  const title = el('span', { className: 'pv-tour-title', id: 'pavilion-tour-title' });
  const progress = el('div', { className: 'pv-tour-progress' }, el('div'));
  const caption = el('p', { className: 'pv-tour-caption' });
  const end = button('end');
  const bar = el(
    'section',
    { className: 'pv-tour', id: 'pavilion-tour', hidden: true },
    el('div', { className: 'pv-tour-row' }, previous, toggle, next, position, title),
    progress,
    caption,
    el('div', { className: 'pv-tour-end-row' }, end),
  );
  bar.setAttribute('aria-labelledby', title.id);
  // Outside the bar, so it is in the page before the first step is said.
  const announcer = el('p', { className: 'pv-sr-only', id: 'pavilion-tour-announcer' });
  announcer.setAttribute('aria-live', 'polite');
  parent.append(bar, announcer);

  let shown = null;
  const name = (b, label) => {
    b.setAttribute('aria-label', label);
    b.title = label;
  };

  return {
    element: bar,
    /** @param {null | object} view the viewer's tour bar view */
    show(view) {
      const before = shown;
      shown = view;
      bar.hidden = !view;
      if (!view) {
        announcer.textContent = '';
        return;
      }
      const w = view.words;
      Object.assign(bar, { lang: view.lang, dir: view.dir });
      name(previous, w.previous);
      name(next, w.next);
      name(toggle, view.playing ? w.pause : w.play);
      toggle.replaceChildren(icon(view.playing ? 'pause' : 'play'));
      toggle.setAttribute('aria-pressed', String(!view.playing));
      previous.disabled = view.step === 0;
      next.disabled = view.step + 1 >= view.steps;
      position.textContent = view.position;
      title.hidden = !view.title;
      if (view.title) setShown(title, view.title);
      caption.hidden = !view.caption;
      if (view.caption) setShown(caption, view.caption);
      end.textContent = w.end;
      // A new step (or tour) restarts the bar and is said aloud.
      const newStep = !before || before.id !== view.id || before.step !== view.step;
      if (newStep) {
        const fill = el('div');
        fill.style.animationDuration = `${view.seconds}s`;
        fill.style.animationDelay = `${-view.elapsed}s`;
        progress.replaceChildren(fill);
        const said = el('span', {}, `${view.position}. `);
        const words = view.caption ? setShown(el('span'), view.caption) : '';
        announcer.replaceChildren(said, words);
      }
      progress.firstChild.style.animationPlayState = view.playing ? 'running' : 'paused';
    },
  };
}
