// The page's own words before the viewer runs: the loading line and the
// error screen, in the catalog language nearest the visitor's, so a visitor
// whose browser asks for Arabic reads Arabic from the first frame, even when
// the viewer never starts (no WebGL 2, a scene that is not there).
//
// `page-strings.json` holds these few strings of each of the viewer's
// catalogs (assets/i18n/*.ftl); a test of the viewer's regenerates and checks
// it. Once the viewer runs, it sends the error screen's words itself.

// What the page says when page-strings.json cannot be read: the words
// index.html is written with.
const ENGLISH = {
  dir: 'ltr',
  loading: 'Loading…',
  loadingViewer: 'Loading viewer… {size} MB',
  loadingScene: 'Loading scene…',
  errorTitle: 'This scene could not be shown',
  errorCode: 'Error code: {code}',
  errorNoWebgl: 'This browser cannot show 3D scenes: WebGL 2 is not available or is turned off.',
  viewIn3d: 'View in 3D',
};

/** The tag of `available` that best answers `requested` (best first): the
 *  same tag, else the same language in the same script (`zh-TW` finds
 *  `zh-Hant`, `pt-BR` finds `pt`, `sr-Latn` does not find `sr-Cyrl`); else
 *  `en`. The viewer's negotiation (pavilion-content's `lang.rs`) answers
 *  these cases the same way. */
export function pickLanguage(requested, available) {
  const likely = (tag) => {
    try {
      const l = new Intl.Locale(tag).maximize();
      return `${l.language}-${l.script}`;
    } catch {
      return null;
    }
  };
  for (const asked of requested) {
    const same = available.find((a) => a.toLowerCase() === String(asked).toLowerCase());
    if (same) return same;
    const want = likely(asked);
    const near = want && available.find((a) => likely(a) === want);
    if (near) return near;
  }
  return 'en';
}

// page-strings.json, fetched once however many viewers a page holds.
const catalogs = new Map();

/** Every catalog's words (`{}` when the file cannot be read). */
function allWords(url) {
  const key = String(url);
  if (!catalogs.has(key)) {
    catalogs.set(
      key,
      fetch(url)
        .then((response) => (response.ok ? response.json() : {}))
        // Offline or blocked: English, as index.html is written.
        .catch(() => ({})),
    );
  }
  return catalogs.get(key);
}

/** Loads the page's words for the visitor's languages (best first). Never
 *  rejects: without the file, the page speaks English. */
export async function loadPageWords(url, requested) {
  const all = await allWords(url);
  const available = Object.keys(all).filter((k) => !k.startsWith('$'));
  const lang = available.length ? pickLanguage(requested, available) : 'en';
  return wordsFor(lang, { ...ENGLISH, ...(all[lang] || {}) });
}

function wordsFor(lang, strings) {
  const number = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return {
    lang,
    dir: strings.dir,
    /** `name`'s text with `{size}` (megabytes, in the language's digits) or
     *  `{code}` filled in. */
    text(name, { size, code } = {}) {
      let s = strings[name] ?? ENGLISH[name];
      if (size != null) s = s.replace('{size}', number.format(size));
      if (code != null) s = s.replace('{code}', code);
      return s;
    },
  };
}

/** The words before page-strings.json has arrived. */
export const englishWords = wordsFor('en', ENGLISH);
