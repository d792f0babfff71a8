//! Fonts beyond egui's built-in ones (which cover Latin, Greek and
//! Cyrillic), fetched as assets only when text needs them: the current
//! language's font is part of the scene's loading, so its text never shows as
//! boxes; the language menu asks for the others when it opens.
//!
//! Chinese, Japanese and Korean share code points but not glyph shapes, so
//! each has its own font (Noto Sans CJK SC, TC, JP, KR) and the current
//! language's one leads the fallback order: 直 or 骨 take the Japanese form
//! in Japanese and the Chinese one in Chinese. Every installed font stays in
//! every family as a fallback, so a character one font lacks is drawn by
//! another one that has it.

use std::sync::Arc;

use bevy::asset::io::Reader;
use bevy::asset::{AssetLoader, LoadContext};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use pavilion_content::lang::LanguageTag;

use crate::events::Announce;
use crate::language::CurrentLanguage;
use crate::models::LoadTracker;
use crate::scene::ActiveScene;

pub fn plugin(app: &mut App) {
    app.init_asset::<FontFile>()
        .register_asset_loader(FontFileLoader)
        .init_resource::<ScriptFonts>()
        .init_resource::<FontsWanted>()
        .init_resource::<TextReady>()
        .add_observer(load_for_language)
        .add_systems(Update, load_wanted)
        .add_systems(EguiPrimaryContextPass, apply_fonts);
}

/// A font file's bytes.
#[derive(Asset, TypePath, Debug)]
pub struct FontFile(pub Vec<u8>);

#[derive(Default, TypePath)]
struct FontFileLoader;

impl AssetLoader for FontFileLoader {
    type Asset = FontFile;
    type Settings = ();
    type Error = std::io::Error;

    async fn load(&self, reader: &mut dyn Reader, _: &(), _: &mut LoadContext<'_>) -> Result<FontFile, Self::Error> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).await?;
        Ok(FontFile(bytes))
    }

    fn extensions(&self) -> &[&str] {
        &["ttf", "otf"]
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

/// One shipped font: requested (its asset handle) and installed in egui.
#[derive(Debug, Default)]
struct Slot {
    handle: Option<Handle<FontFile>>,
    data: Option<Arc<egui::FontData>>,
}

/// The fonts the viewer knows, in [`FONT_FILES`] order, and what egui has.
#[derive(Resource, Debug)]
pub struct ScriptFonts {
    slots: Vec<Slot>,
    /// The language the installed definitions are ordered for.
    applied: Option<String>,
    /// Font names installed in egui as of the last `set_fonts`.
    applied_fonts: Vec<String>,
}

impl Default for ScriptFonts {
    fn default() -> Self {
        ScriptFonts {
            slots: FONT_FILES.iter().map(|_| Slot::default()).collect(),
            applied: None,
            applied_fonts: Vec::new(),
        }
    }
}

impl ScriptFonts {
    fn slot(&mut self, file: &str) -> Option<&mut Slot> {
        let i = FONT_FILES.iter().position(|f| *f == file)?;
        self.slots.get_mut(i)
    }

    /// Starts loading the font for `tag`; returns its URL and handle if a new load began.
    fn request(&mut self, tag: &str, base_url: &str, assets: &AssetServer) -> Option<(String, Handle<FontFile>)> {
        let file = font_for_language(tag)?;
        let slot = self.slot(file)?;
        if slot.handle.is_some() {
            return None;
        }
        let url = pavilion_content::url::join(base_url, file);
        let handle: Handle<FontFile> = assets.load(url.clone());
        slot.handle = Some(handle.clone());
        Some((url, handle))
    }

    /// Whether text in `tag` can be drawn with its own font now.
    pub fn installed_for(&self, tag: &str) -> bool {
        match font_for_language(tag) {
            None => true,
            Some(file) => self.applied_fonts.iter().any(|n| n == font_name(file)),
        }
    }
}

/// The site root the fonts live under: the page's directory. Scenes may
/// come from elsewhere, but the viewer's own fonts ship with the viewer.
#[derive(Resource, Debug, Clone)]
pub struct SiteRoot(pub String);

fn base_url(site: Option<Res<SiteRoot>>, scene: Option<Res<ActiveScene>>) -> String {
    site.map(|s| s.0.clone())
        .or_else(|| scene.map(|s| s.url.clone()))
        .unwrap_or_default()
}

/// Languages whose fonts some UI wants (the language menu, when open).
#[derive(Resource, Debug, Default)]
pub struct FontsWanted(pub Vec<String>);

/// The language whose text is on screen with its own font (set the frame
/// after egui received the fonts); the page reads it as `textReady`.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct TextReady(pub Option<String>);

fn load_for_language(
    ev: On<Announce>,
    site: Option<Res<SiteRoot>>,
    scene: Option<Res<ActiveScene>>,
    assets: Res<AssetServer>,
    mut fonts: ResMut<ScriptFonts>,
    mut tracker: ResMut<LoadTracker>,
) {
    let Announce::LanguageChanged { language } = ev.event() else {
        return;
    };
    if let Some((url, handle)) = fonts.request(language, &base_url(site, scene), &assets) {
        // While the scene loads, its language's font is part of "ready".
        tracker.track(format!("the font for \"{language}\""), url, handle);
    }
}

fn load_wanted(
    mut wanted: ResMut<FontsWanted>,
    site: Option<Res<SiteRoot>>,
    scene: Option<Res<ActiveScene>>,
    assets: Res<AssetServer>,
    mut fonts: ResMut<ScriptFonts>,
) {
    if wanted.0.is_empty() {
        return;
    }
    let base = base_url(site, scene);
    for tag in std::mem::take(&mut wanted.0) {
        fonts.request(&tag, &base, &assets);
    }
}

/// Moves arrived font files into egui and orders the families for the
/// current language; marks the language's text ready one pass later.
fn apply_fonts(
    mut contexts: EguiContexts,
    mut fonts: ResMut<ScriptFonts>,
    files: Res<Assets<FontFile>>,
    current: Res<CurrentLanguage>,
    mut ready: ResMut<TextReady>,
) -> Result {
    let mut arrived = false;
    for slot in &mut fonts.slots {
        if slot.data.is_none()
            && let Some(file) = slot.handle.as_ref().and_then(|h| files.get(h))
        {
            slot.data = Some(Arc::new(egui::FontData::from_owned(file.0.clone())));
            arrived = true;
        }
    }
    let language = current.tag.clone();
    if arrived || fonts.applied.as_deref() != Some(language.as_str()) {
        let installed: Vec<(String, Arc<egui::FontData>)> = FONT_FILES
            .iter()
            .zip(&fonts.slots)
            .filter_map(|(file, slot)| Some((font_name(file).to_string(), slot.data.clone()?)))
            .collect();
        contexts.ctx_mut()?.set_fonts(font_definitions(&installed, &language));
        crate::text::fonts_changed();
        fonts.applied_fonts = installed.into_iter().map(|(n, _)| n).collect();
        info!("fonts for \"{language}\": {:?}", fonts.applied_fonts);
        fonts.applied = Some(language);
        // egui uses new fonts from its next pass on.
        return Ok(());
    }
    if !language.is_empty() && fonts.installed_for(&language) && ready.0.as_deref() != Some(language.as_str()) {
        ready.0 = Some(language);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
