//! What must hold for any input, whatever its bytes: the properties the
//! coverage-guided fuzz targets in `fuzz/` check (`cargo xtask fuzz`), and
//! that the unit tests check again over every input the fuzzer ever found
//! a failure with (`fuzz/regressions/<target>/`). Each function panics when
//! its property fails, which is what the fuzzer looks for.

use crate::lang::{self, LanguageTag};
use crate::{richtext, validate};

/// Longest message a finding may have: messages list at most a few ids,
/// never the whole scene.
const MAX_MESSAGE: usize = 2_000;

/// A scene file: validation never panics; every finding points into the
/// file (line and column from 1, within the text) with a short message;
/// parsing and diagnosing agree on whether the file has errors.
pub fn scene(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (manifest, findings) = validate::diagnose(text, "fuzz.json");
    let lines = text.lines().count().max(1);
    for d in &findings {
        assert!(d.line >= 1 && d.line <= lines + 1, "line {} of {lines}: {d}", d.line);
        assert!(d.column >= 1, "column {}: {d}", d.column);
        assert!(d.message.len() <= MAX_MESSAGE, "a {}-byte message: {d}", d.message.len());
        assert!(d.pointer.is_empty() || d.pointer.starts_with('/'), "pointer {:?}", d.pointer);
    }
    let errors = findings.iter().any(|d| d.severity == validate::Severity::Error);
    match validate::parse_scene(text, "fuzz.json") {
        Ok(_) => assert!(!errors, "parse_scene accepted a file diagnose found errors in"),
        Err(e) => assert!(errors && !e.is_empty(), "parse_scene refused a file diagnose passed"),
    }
    if errors {
        return;
    }
    // An accepted scene resolves its texts in every language it offers.
    let m = manifest.expect("a scene without errors is read");
    for tag in &m.languages {
        for h in &m.hotspots {
            let _ = h.title.resolve(tag, &m.default_language);
        }
    }
}

/// A text body: the rich-text reader never panics, and every link it keeps
/// has an allowed scheme (no `javascript:` ever reaches the page).
pub fn richtext(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (blocks, _problems) = richtext::parse(text);
    for b in &blocks {
        for s in &b.spans {
            if let Some(href) = &s.link {
                assert!(richtext::is_allowed_link(href), "a kept link with a refused scheme: {href:?}");
            }
        }
    }
    assert_eq!(blocks, richtext::blocks(text), "parse and blocks disagree");
}

/// Language tags: parsing never panics; a parsed tag prints as a tag that
/// parses back to itself; negotiation returns one of the offered languages.
pub fn language(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut parts = text.split('\n');
    let tag = parts.next().unwrap_or_default();
    if let Ok(parsed) = LanguageTag::parse(tag) {
        let printed = parsed.to_string();
        let again = LanguageTag::parse(&printed).expect("a printed tag parses");
        assert_eq!(again, parsed, "{tag:?} → {printed:?}");
    }
    let _ = lang::direction_of(tag);
    let offered: Vec<String> = parts.map(str::to_string).filter(|s| LanguageTag::parse(s).is_ok()).collect();
    if let Some(default) = offered.first() {
        let chosen = lang::negotiate(&[tag], &offered, default);
        assert!(offered.iter().any(|o| o == chosen), "negotiated {chosen:?} from {offered:?}");
    }
    let _ = lang::resolution_chain(tag, "en");
}
