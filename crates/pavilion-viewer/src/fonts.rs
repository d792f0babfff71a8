//! Fonts. What visitors read is HTML in the visitor's system fonts, so a
//! visitor's viewer fetches no font ([`system_fonts`]). egui, which only
//! the authoring tools use (`?author=1`), draws scene text in the snippet
//! and the marker numbers: beyond its built-in fonts (Latin, Greek,
//! Cyrillic) it gets subset fonts fetched as assets when text needs them
//! (`install`): the current language's font is part of the scene's
//! loading, so its text never shows as boxes.
//!
//! Chinese, Japanese and Korean share code points but not glyph shapes, so
//! each has its own font (Noto Sans CJK SC, TC, JP, KR) and the current
//! language's one leads the fallback order: 直 or 骨 take the Japanese form
//! in Japanese and the Chinese one in Chinese. Every installed font stays in
//! every family as a fallback, so a character one font lacks is drawn by
//! another one that has it.

use std::sync::Arc;

use bevy::prelude::*;
use pavilion_content::lang::LanguageTag;

/// Fetching the font files and installing them in egui (the authoring tools).
#[cfg(feature = "egui-tools")]
mod install;
#[cfg(feature = "egui-tools")]
pub use install::{FontFile, ScriptFonts, plugin};

/// Visitors: the page draws every text in the visitor's system fonts, so a
/// language's text is ready as soon as it is the current language.
pub fn system_fonts(app: &mut App) {
    app.init_resource::<TextReady>().add_systems(PostUpdate, follow_language);
}

fn follow_language(current: Res<crate::language::CurrentLanguage>, mut ready: ResMut<TextReady>) {
    if current.is_changed() && !current.tag.is_empty() {
        ready.set_if_neq(TextReady(Some(current.tag.clone())));
    }
}

/// The fonts the viewer ships, below the site root (see `cargo xtask fonts`).
pub const FONT_FILES: &[&str] = &[
    "assets/fonts/NotoSansSC-subset.otf",
    "assets/fonts/NotoSansTC-subset.otf",
    "assets/fonts/NotoSansJP-subset.otf",
    "assets/fonts/NotoSansKR-subset.otf",
    "assets/fonts/NotoSansArabic-subset.ttf",
    "assets/fonts/NotoSansDevanagari-subset.ttf",
    "assets/fonts/NotoSansThai-subset.ttf",
];

/// The font file text in `tag` needs beyond the built-in fonts, if any.
pub fn font_for_language(tag: &str) -> Option<&'static str> {
    let t = LanguageTag::parse(tag).ok()?;
    let index = match (t.language.as_str(), t.script_or_likely()) {
        ("ja", _) | (_, "Jpan" | "Hira" | "Kana") => 2,
        ("ko", _) | (_, "Kore" | "Hang") => 3,
        (_, "Hant") => 1,
        (_, "Hans" | "Hani") => 0,
        (_, "Arab") => 4,
        (_, "Deva") => 5,
        (_, "Thai") => 6,
        _ => return None,
    };
    Some(FONT_FILES[index])
}

/// The name egui knows a font file by.
pub fn font_name(file: &str) -> &str {
    file.rsplit('/').next().unwrap_or(file)
}

/// The right-to-left family leads with the Arabic-script font (see `text.rs`).
const RTL_LEAD: &str = "NotoSansArabic-subset.ttf";

/// egui font definitions for the installed fonts, ordered for `language`:
/// egui's built-in fonts first (Latin, Greek, Cyrillic, symbols), then the
/// language's own font, then every other installed font as a fallback.
pub fn font_definitions(installed: &[(String, Arc<egui::FontData>)], language: &str) -> egui::FontDefinitions {
    let mut defs = egui::FontDefinitions::default();
    let lead = font_for_language(language).map(font_name);
    let mut ordered: Vec<&str> = installed.iter().map(|(n, _)| n.as_str()).collect();
    ordered.sort_by_key(|n| (Some(*n) != lead, FONT_FILES.iter().position(|f| font_name(f) == *n)));
    for (name, data) in installed {
        defs.font_data.insert(name.clone(), data.clone());
    }
    let proportional = defs.families.get(&egui::FontFamily::Proportional).cloned().unwrap_or_default();
    let mut rtl: Vec<String> = ordered.iter().filter(|n| **n == RTL_LEAD).map(|n| n.to_string()).collect();
    rtl.extend(proportional);
    rtl.extend(ordered.iter().filter(|n| **n != RTL_LEAD).map(|n| n.to_string()));
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        let list = defs.families.entry(family).or_default();
        list.extend(ordered.iter().map(|n| n.to_string()));
    }
    defs.families.insert(crate::text::rtl_family(), rtl);
    defs
}

/// The site root the fonts live under: the page's directory. Scenes may
/// come from elsewhere, but the viewer's own fonts ship with the viewer.
#[derive(Resource, Debug, Clone)]
pub struct SiteRoot(pub String);

/// Languages whose fonts some egui interface wants.
#[derive(Resource, Debug, Default)]
pub struct FontsWanted(pub Vec<String>);

/// The language whose text is on screen with its own font (with egui, the
/// frame after egui received the fonts); the page reads it as `textReady`.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct TextReady(pub Option<String>);

/// Whether `bytes` are a font egui can read. egui panics on anything its
/// parser rejects, and a server may answer a font's URL with something
/// else (a site that sends `index.html` for every path, an error page):
/// checked here, with egui's own parser, before egui sees them.
pub fn check_font_bytes(bytes: &[u8]) -> Result<(), String> {
    use skrifa::raw::TableProvider;
    // The table directory (what egui checks), then the tables text layout
    // reads, so a truncated file is refused too.
    let parsed = skrifa::FontRef::from_index(bytes, 0).and_then(|f| {
        f.head()?;
        f.hhea()?;
        f.maxp()?;
        f.cmap()?;
        Ok(())
    });
    match parsed {
        Ok(()) => Ok(()),
        Err(e) => {
            let start: String = String::from_utf8_lossy(&bytes[..bytes.len().min(16)])
                .chars()
                .map(|c| if c.is_control() { '·' } else { c })
                .collect();
            Err(format!("not a font file ({e}; {} bytes starting \"{start}\")", bytes.len()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_font_bytes_reach_egui() {
        let real = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/fonts/NotoSansThai-subset.ttf")).unwrap();
        assert_eq!(check_font_bytes(&real), Ok(()));
        for bad in [&b"<!doctype html><html>"[..], b"", b"\0\x01\0\0", &real[..40]] {
            let err = check_font_bytes(bad).expect_err("not a font");
            assert!(err.starts_with("not a font file"), "{err}");
        }
        assert!(
            check_font_bytes(b"<!doctype html><html>")
                .unwrap_err()
                .contains("\"<!doctype html><\"")
        );
    }

    #[test]
    fn languages_map_to_regional_fonts() {
        let file = |t: &str| font_for_language(t).map(font_name);
        assert_eq!(file("zh-Hans"), Some("NotoSansSC-subset.otf"));
        assert_eq!(file("zh-CN"), Some("NotoSansSC-subset.otf"));
        assert_eq!(file("zh"), Some("NotoSansSC-subset.otf"));
        assert_eq!(file("zh-Hant"), Some("NotoSansTC-subset.otf"));
        assert_eq!(file("zh-HK"), Some("NotoSansTC-subset.otf"));
        assert_eq!(file("zh-TW"), Some("NotoSansTC-subset.otf"));
        assert_eq!(file("ja"), Some("NotoSansJP-subset.otf"));
        assert_eq!(file("ko-KR"), Some("NotoSansKR-subset.otf"));
        assert_eq!(file("ar"), Some("NotoSansArabic-subset.ttf"));
        assert_eq!(file("fa-IR"), Some("NotoSansArabic-subset.ttf"));
        assert_eq!(file("hi"), Some("NotoSansDevanagari-subset.ttf"));
        assert_eq!(file("th"), Some("NotoSansThai-subset.ttf"));
        for builtin in ["en", "fr", "es", "de", "it", "pt-BR", "ru", "sr-Cyrl"] {
            assert_eq!(file(builtin), None, "{builtin} is drawn with egui's built-in fonts");
        }
    }

    #[test]
    fn the_current_language_font_leads_the_fallbacks() {
        let fake = |n: &str| (n.to_string(), Arc::new(egui::FontData::from_static(b"")));
        let installed = vec![
            fake("NotoSansSC-subset.otf"),
            fake("NotoSansJP-subset.otf"),
            fake("NotoSansArabic-subset.ttf"),
        ];
        let order = |lang: &str| {
            let defs = font_definitions(&installed, lang);
            let list = &defs.families[&egui::FontFamily::Proportional];
            let ours: Vec<String> = list.iter().filter(|n| n.starts_with("NotoSans")).cloned().collect();
            (ours, defs.families[&crate::text::rtl_family()][0].clone(), list[0].clone())
        };
        let (ja, rtl_lead, first) = order("ja");
        assert_eq!(ja, ["NotoSansJP-subset.otf", "NotoSansSC-subset.otf", "NotoSansArabic-subset.ttf"]);
        assert_eq!(rtl_lead, "NotoSansArabic-subset.ttf");
        assert!(
            !first.starts_with("NotoSans"),
            "the built-in Latin font stays first, for Latin text"
        );
        let (zh, _, _) = order("zh-Hans");
        assert_eq!(zh[0], "NotoSansSC-subset.otf");
        let (en, _, _) = order("en");
        assert_eq!(en, ["NotoSansSC-subset.otf", "NotoSansJP-subset.otf", "NotoSansArabic-subset.ttf"]);
    }
}
