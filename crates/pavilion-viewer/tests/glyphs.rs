//! Glyph coverage of what egui still draws, which is only the authoring
//! tools (`?author=1`): every character of every bundled scene's text (the
//! hotspot snippet shows it) and the marker numbers, in every language, is
//! drawn by a real glyph of the fonts the viewer would have installed for
//! that language (egui's built-in fonts plus that language's own font,
//! ordered as the viewer orders them), never by egui's replacement box.
//! Checked with egui itself. The interface's own words are HTML in the
//! visitor's system fonts, so they need no subset font.

use std::collections::BTreeMap;
use std::sync::Arc;

use pavilion_content::catalog;
use pavilion_content::lang::{Direction, direction_of};
use pavilion_viewer::fonts::{FONT_FILES, font_definitions, font_for_language, font_name};
use pavilion_viewer::language::format_number;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

/// Scene text per language: strings under a key that is one of the scene's languages.
fn scene_text(v: &serde_json::Value, languages: &[String], lang: Option<&str>, out: &mut BTreeMap<String, String>) {
    match v {
        serde_json::Value::String(s) => {
            if let Some(l) = lang {
                out.entry(l.to_string()).or_default().push_str(s);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| scene_text(x, languages, lang, out)),
        serde_json::Value::Object(o) => {
            for (k, x) in o {
                let l = if languages.contains(k) { Some(k.as_str()) } else { lang };
                scene_text(x, languages, l, out);
            }
        }
        _ => {}
    }
}

fn all_text() -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    let mut scenes = 0;
    for entry in std::fs::read_dir(format!("{ROOT}/assets/scenes")).unwrap() {
        let path = entry.unwrap().path().join("scene.json");
        if !path.exists() {
            continue;
        }
        scenes += 1;
        let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let languages: Vec<String> = serde_json::from_value(v["languages"].clone()).unwrap_or_default();
        scene_text(&v, &languages, None, &mut out);
    }
    assert!(scenes > 0);
    for (tag, _) in catalog::BUNDLED {
        // The draggable markers' numbers, in the language's digits.
        let text = out.entry(tag.to_string()).or_default();
        for n in 0..10 {
            text.push_str(&format_number(tag, n));
        }
    }
    out
}

fn font_bytes(file: &str) -> Vec<u8> {
    let path = format!("{ROOT}/{file}");
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e} (run `cargo xtask fonts`)"))
}

/// The characters of `text` that `language`'s fonts draw as the replacement glyph.
fn missing(language: &str, text: &str) -> String {
    let installed: Vec<(String, Arc<egui::FontData>)> = font_for_language(language)
        .map(|file| (font_name(file).to_string(), Arc::new(egui::FontData::from_owned(font_bytes(file)))))
        .into_iter()
        .collect();
    let ctx = egui::Context::default();
    ctx.set_fonts(font_definitions(&installed, language));
    // Fonts load at the start of a pass; the texture deltas are not needed.
    ctx.run_ui(egui::RawInput::default(), |_| {}).textures_delta.clear();
    let family = match direction_of(language) {
        Direction::Rtl => pavilion_viewer::text::rtl_family(),
        Direction::Ltr => egui::FontFamily::Proportional,
    };
    let font = egui::FontId::new(16.0, family);
    let mut out = String::new();
    ctx.fonts_mut(|f| {
        for c in text.chars() {
            if c.is_control() || out.contains(c) {
                continue;
            }
            if !f.has_glyph(&font, c) {
                out.push(c);
            }
        }
    });
    out
}

#[test]
fn every_bundled_character_has_a_glyph_in_its_languages_font() {
    let text = all_text();
    assert!(text.len() >= 15, "languages with text: {:?}", text.keys().collect::<Vec<_>>());
    let mut failures = Vec::new();
    for (language, t) in &text {
        let gaps = missing(language, t);
        if !gaps.is_empty() {
            let codes: Vec<String> = gaps.chars().map(|c| format!("{c} U+{:04X}", c as u32)).collect();
            failures.push(format!("{language}: {}", codes.join(", ")));
        }
    }
    assert!(failures.is_empty(), "characters without a glyph:\n{}", failures.join("\n"));
}

#[test]
fn the_check_notices_a_missing_glyph() {
    // Korean text with only the built-in fonts, and Thai in the Japanese font.
    assert_eq!(missing("en", "한국어"), "한국어");
    assert!(missing("ja", "ไทย").contains('ไ'));
    assert_eq!(missing("ja", "日本語"), "");
}

#[test]
fn every_shipped_font_exists_and_is_small() {
    for file in FONT_FILES {
        let len = font_bytes(file).len();
        assert!(len < 400_000, "{file} is {len} bytes: subset it (cargo xtask fonts)");
    }
}
