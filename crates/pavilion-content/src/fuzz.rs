//! What must hold for any input, whatever its bytes: the properties the
//! coverage-guided fuzz targets in `fuzz/` check (`cargo xtask fuzz`), and
//! that the unit tests check again over every input the fuzzer ever found
//! a failure with (`fuzz/regressions/<target>/`). Each function panics when
//! its property fails, which is what the fuzzer looks for.

use std::sync::OnceLock;

use crate::command::{self, Command, Context, FOV_DEGREES, MAX_QUOTED, REFUSAL_CODES};
use crate::lang::{self, LanguageTag};
use crate::manifest::SceneManifest;
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

/// A command from the page (`window.pavilion`, the element, the iframe's
/// postMessage): reading it never panics; a scene command that cannot be
/// read is marked so (the viewer shows an error instead of waiting for its
/// scene); checking it against the gallery scene, with and without a scene
/// on screen and a tour running, never panics, refuses with a documented
/// code and a short message, and lets through only what the viewer can do
/// (a step the tour has, finite numbers, a field of view in 1..179°); the
/// link a scene command carries yields a step the tour has or an error, and
/// a camera the viewer can take or an error.
pub fn command(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let decoded = command::decode(text);
    let cmd = match decoded.command {
        Ok(cmd) => cmd,
        Err(e) => {
            let value: Option<serde_json::Value> = serde_json::from_str(text).ok();
            let scene = value.as_ref().and_then(|v| v.get("type")).and_then(serde_json::Value::as_str) == Some("loadScene");
            assert_eq!(e.loads_scene, scene, "{e:?}");
            assert!(e.refusal().message.chars().count() <= 6 * MAX_QUOTED, "{e:?}");
            return;
        }
    };
    let gallery = gallery();
    for (scene, touring) in [(None, false), (Some(gallery), false), (Some(gallery), true)] {
        let cx = Context {
            scene,
            offered: &gallery.languages,
            touring,
        };
        let Err(r) = command::check(&cmd, &cx) else {
            match &cmd {
                Command::StartTour { id, step } => {
                    let steps = gallery.tour(id).expect("a tour the scene has").steps.len();
                    assert!(*step < steps as u64, "step {step} of {steps} let through");
                }
                Command::SetCamera { position, target, fov, .. } => {
                    assert!(position.iter().chain(target).all(|n| n.is_finite()) && position != target);
                    assert!(fov.is_none_or(|f| FOV_DEGREES.contains(&f)), "fov {fov:?} let through");
                }
                _ => {}
            }
            continue;
        };
        assert!(REFUSAL_CODES.contains(&r.code), "undocumented code {:?}", r.code);
        // An id is quoted at most MAX_QUOTED characters; the scene's
        // fifteen languages are listed when a language is refused.
        assert!(
            r.message.chars().count() <= 3 * MAX_QUOTED,
            "a {}-character message",
            r.message.chars().count()
        );
    }
    if let Command::LoadScene { link, .. } = &cmd {
        let link = link.cleaned();
        for steps in [0, 1, 3] {
            match link.step_index(steps) {
                Ok(i) => assert!(i < steps.max(1), "step {i} of {steps}"),
                Err(e) => assert!(e.chars().count() <= 3 * MAX_QUOTED, "{e}"),
            }
        }
        match link.camera_view() {
            Some(Ok(v)) => {
                assert!(v.position.iter().chain(&v.target).all(|n| n.is_finite()) && v.position != v.target);
                assert!(v.fov.is_none_or(|f| FOV_DEGREES.contains(&f)));
            }
            Some(Err(e)) => assert!(e.chars().count() <= 3 * MAX_QUOTED, "{e}"),
            None => {}
        }
    }
}

/// The scene commands are checked against: the bundled gallery (hotspots,
/// viewpoints, categories, a tour, fifteen languages).
fn gallery() -> &'static SceneManifest {
    static GALLERY: OnceLock<SceneManifest> = OnceLock::new();
    GALLERY.get_or_init(|| {
        let text = include_str!("../../../assets/scenes/gallery/scene.json");
        validate::parse_scene(text, "gallery/scene.json")
            .expect("the gallery scene reads")
            .manifest
    })
}
