// The toolbar: the scene's title, then the tools in reading order (Reset
// view, the scene's named Views, Topics and Tour menus, the language, About
// and Full screen) and a line on how to move around. The viewer sends it
// whole (`toolbar`) when the scene, the language or a topic changes; the
// menus' entries are updated in place, so focus stays where the visitor
// was (a topic's checkbox keeps focus when its marker shows again).
//
// Menus are disclosure buttons (aria-expanded) over a list of buttons or
// checkboxes; the language is a native <select>, each option in its own
// language. Escape closes an open menu and gives focus back to its button.

import { el, setShown, icon, iconAndLabel } from './dom.js';

/**
 * @param {HTMLElement} parent
 * @param {{ reset(): void, view(id: string): void, topic(id: string, shown: boolean): void,
 *           tour(id: string): void, language(tag: string): void, about(): void, fullscreen(): void,
 *           shareUrl(): string }} actions
 */
export function createToolbar(parent, actions) {
  const title = el('h1', { className: 'pv-scene-title' });
  const tools = el('div', { className: 'pv-tools' });
  const bar = el('header', { className: 'pv-toolbar', hidden: true }, title, tools);
  const help = el('p', { className: 'pv-help', hidden: true });
  parent.append(bar, help);

  const reset = el('button', { type: 'button', className: 'pv-tool pv-icon-tool' }, icon('reset'));
  reset.addEventListener('click', () => actions.reset());
  const views = menu('views', 'views', (id) => actions.view(id));
  const topics = menu('topics', 'topics', null);
  const tours = menu('tours', 'tour', (id) => actions.tour(id));
  // A scene with one tour gets a button that starts it.
  const oneTour = el('button', { type: 'button', className: 'pv-tool' });
  const oneTourLabel = iconAndLabel(oneTour, 'tour');
  oneTour.addEventListener('click', () => actions.tour(oneTour.dataset.id));
  // Each language named in itself: not for the browser to translate. On
  // phones the select shrinks to a globe over it.
  const language = el('select', { className: 'pv-language', translate: false });
  language.addEventListener('change', () => actions.language(language.value));
  const globe = icon('language');
  globe.classList.add('pv-phone-only');
  const languageBox = el('span', { className: 'pv-language-box' }, language, globe);
  const about = el('button', { type: 'button', className: 'pv-tool', id: 'pavilion-about-button' });
  const aboutLabel = iconAndLabel(about, 'about');
  about.addEventListener('click', () => actions.about());
  const fullscreen = el('button', { type: 'button', className: 'pv-tool pv-icon-tool' }, icon('fullscreen'));
  fullscreen.addEventListener('click', () => actions.fullscreen());
  tools.append(reset, views.root, topics.root, tours.root, oneTour, languageBox, about, fullscreen);
  // Share sits by the title: it shares the scene (on phones, the title's
  // line has room for it and the tools' row has none).
  const share = sharer();
  share.root.classList.add('pv-share-tool');
  title.after(share.root);

  // One menu open at a time; a press anywhere else closes it.
  let open = null;
  function setOpen(m) {
    if (open && open !== m) {
      open.button.setAttribute('aria-expanded', 'false');
      open.list.hidden = true;
    }
    open = m;
    if (m) {
      m.button.setAttribute('aria-expanded', 'true');
      m.list.hidden = false;
    }
  }
  // (The path, not the target: inside an embedded viewer's shadow root,
  // the document sees every press as one on the viewer's element.)
  document.addEventListener('pointerdown', (e) => {
    if (open && !e.composedPath().includes(open.root)) setOpen(null);
  });
  bar.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && open) {
      e.stopPropagation();
      const { button } = open;
      setOpen(null);
      button.focus();
    }
  });
  bar.addEventListener('focusout', (e) => {
    if (open && !open.root.contains(e.relatedTarget) && e.relatedTarget) setOpen(null);
  });

  function menu(name, iconName, choose) {
    const list = el('ul', { className: 'pv-menu-list', id: `pavilion-menu-${name}`, hidden: true });
    const button = el('button', { type: 'button', className: 'pv-tool' });
    const label = iconAndLabel(button, iconName);
    button.setAttribute('aria-expanded', 'false');
    button.setAttribute('aria-controls', list.id);
    const m = { root: el('div', { className: 'pv-menu' }, button, list), button, label, list, ids: '' };
    button.addEventListener('click', () => setOpen(open === m ? null : m));
    m.choose = choose;
    return m;
  }

  // Share: a disclosure showing the link to what the visitor sees, selected
  // for copying, and copied to the clipboard when the browser allows it
  // ("Link copied" is then said and shown).
  function sharer() {
    const button = el('button', { type: 'button', className: 'pv-tool' });
    const label = iconAndLabel(button, 'share');
    const link = el('input', { type: 'text', readOnly: true, className: 'pv-share-link', translate: false });
    const said = el('p', { className: 'pv-share-status', role: 'status' });
    const list = el('div', { className: 'pv-menu-list pv-share', id: 'pavilion-share', hidden: true }, link, said);
    button.setAttribute('aria-expanded', 'false');
    button.setAttribute('aria-controls', list.id);
    const m = { root: el('div', { className: 'pv-menu' }, button, list), button, label, list, link, said, copied: '' };
    button.addEventListener('click', async () => {
      if (open === m) return setOpen(null);
      setOpen(m);
      link.value = actions.shareUrl();
      said.textContent = '';
      link.focus();
      link.select();
      try {
        await navigator.clipboard.writeText(link.value);
        said.textContent = m.copied;
      } catch {
        // No clipboard here (an insecure page, a refusal): the selected link
        // is there to copy by hand.
      }
    });
    return m;
  }

  // A menu's entries: rebuilt when the scene's ids change, else updated in place.
  function fillMenu(m, word, entries) {
    m.root.hidden = entries.length === 0;
    if (m.label.textContent !== word) m.label.textContent = word;
    const ids = entries.map((e) => e.id).join('\n');
    if (ids !== m.ids) {
      m.ids = ids;
      m.list.replaceChildren(
        ...entries.map((entry) => {
          let control;
          if (m.choose) {
            control = el('button', { type: 'button', className: 'pv-menu-item' });
            control.addEventListener('click', () => {
              setOpen(null);
              m.button.focus();
              m.choose(entry.id);
            });
          } else {
            const box = el('input', { type: 'checkbox' });
            box.addEventListener('change', () => actions.topic(entry.id, box.checked));
            control = el('label', { className: 'pv-menu-item' }, box, el('span'));
          }
          control.dataset.id = entry.id;
          return el('li', {}, control);
        }),
      );
    }
    entries.forEach((entry, i) => {
      const control = m.list.children[i].firstChild;
      if (m.choose) setShown(control, entry);
      else {
        const box = control.firstChild;
        if (box.checked !== entry.checked) box.checked = entry.checked;
        setShown(control.lastChild, entry);
      }
    });
  }

  let fullscreenWords = null;
  function fullscreenLabel() {
    if (!fullscreenWords) return;
    const label = document.fullscreenElement ? fullscreenWords.exitFullscreen : fullscreenWords.fullscreen;
    fullscreen.setAttribute('aria-label', label);
    fullscreen.title = label;
    fullscreen.setAttribute('aria-pressed', String(!!document.fullscreenElement));
  }
  document.addEventListener('fullscreenchange', fullscreenLabel);

  return {
    element: bar,
    /** @param {null | object} view the viewer's toolbar view */
    show(view) {
      bar.hidden = !view;
      help.hidden = !view;
      if (!view) return;
      const w = view.words;
      Object.assign(bar, { lang: view.lang, dir: view.dir });
      Object.assign(help, { lang: view.lang, dir: view.dir, textContent: w.help });
      title.hidden = !view.title;
      if (view.title) setShown(title, view.title);
      reset.setAttribute('aria-label', w.reset);
      reset.title = `${w.reset}: ${w.resetHint}`;
      fillMenu(views, w.views, view.views);
      fillMenu(topics, w.topics, view.topics);
      fillMenu(tours, w.tour, view.tours.length > 1 ? view.tours : []);
      oneTour.hidden = view.tours.length !== 1;
      if (view.tours.length === 1) {
        oneTourLabel.textContent = w.tour;
        oneTour.title = view.tours[0].text;
        oneTour.dataset.id = view.tours[0].id;
      }
      const tags = view.languages.map((l) => l.id).join('\n');
      if (language.dataset.tags !== tags) {
        language.dataset.tags = tags;
        language.replaceChildren(...view.languages.map((l) => setShown(el('option', { value: l.id }), l)));
      }
      language.setAttribute('aria-label', w.language);
      language.title = w.language;
      if (language.value !== view.lang) language.value = view.lang;
      aboutLabel.textContent = w.about;
      share.label.textContent = w.share;
      share.link.setAttribute('aria-label', w.share);
      share.copied = w.linkCopied;
      fullscreen.hidden = !document.fullscreenEnabled;
      fullscreenWords = w;
      fullscreenLabel();
    },
    /** The tools' bottom edge, in pixels from the top of `parent`. */
    bottom() {
      if (bar.hidden) return 0;
      return tools.getBoundingClientRect().bottom - parent.getBoundingClientRect().top;
    },
  };
}
