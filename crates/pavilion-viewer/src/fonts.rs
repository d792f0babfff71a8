//! Fonts beyond egui's built-in Latin ones, fetched as assets only when a
//! language needs them, so Latin-only visitors never download them. The
//! current language's font is part of the scene's loading, so its text never
//! shows as boxes; other languages' fonts load in the background after.

use bevy::asset::io::Reader;
use bevy::asset::{AssetLoader, LoadContext};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use pavilion_content::lang::LanguageTag;

use crate::events::{Announce, SceneReady};
use crate::language::CurrentLanguage;
use crate::models::LoadTracker;
use crate::scene::ActiveScene;

pub fn plugin(app: &mut App) {
    app.init_asset::<FontFile>()
        .register_asset_loader(FontFileLoader)
        .init_resource::<ScriptFonts>()
        .add_observer(load_for_language)
        .add_observer(load_the_rest_after_ready)
        .add_systems(
            EguiPrimaryContextPass,
            (register_rtl_family.run_if(run_once), install_loaded_fonts).chain(),
        );
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

/// A font for one group of scripts.
#[derive(Debug)]
struct ScriptFont {
    /// Scripts (ISO 15924) it covers.
    scripts: &'static [&'static str],
    /// Path below the site root.
    file: &'static str,
    handle: Option<Handle<FontFile>>,
    installed: bool,
    /// Leads the right-to-left family (see `text.rs`).
    rtl: bool,
}

/// The fonts the viewer knows, by script.
#[derive(Resource, Debug)]
pub struct ScriptFonts(Vec<ScriptFont>);

impl Default for ScriptFonts {
    fn default() -> Self {
        ScriptFonts(vec![
            ScriptFont {
                scripts: &["Hans", "Hant", "Jpan", "Kore", "Hani"],
                file: "assets/fonts/NotoSansCJK-subset.otf",
                handle: None,
                installed: false,
                rtl: false,
            },
            ScriptFont {
                scripts: &["Arab"],
                file: "assets/fonts/NotoSansArabic-subset.ttf",
                handle: None,
                installed: false,
                rtl: true,
            },
        ])
    }
}

/// The font file a language needs beyond the built-in Latin, if any.
pub fn font_for_language(tag: &str) -> Option<&'static str> {
    let script = LanguageTag::parse(tag).ok()?.script_or_likely().to_string();
    ScriptFonts::default()
        .0
        .into_iter()
        .find(|f| f.scripts.contains(&script.as_str()))
        .map(|f| f.file)
}

impl ScriptFonts {
    /// Starts loading the font for `tag`; returns its handle if a new load began.
    fn request(&mut self, tag: &str, base_url: &str, assets: &AssetServer) -> Option<(String, Handle<FontFile>)> {
        let file = font_for_language(tag)?;
        let entry = self.0.iter_mut().find(|f| f.file == file)?;
        if entry.handle.is_some() {
            return None;
        }
        let url = pavilion_content::url::join(base_url, file);
        let handle: Handle<FontFile> = assets.load(url.clone());
        entry.handle = Some(handle.clone());
        Some((url, handle))
    }
}

/// The site root the fonts live under: the page's directory. Scenes may
/// come from elsewhere, but the viewer's own fonts ship with the viewer.
#[derive(Resource, Debug, Clone)]
pub struct SiteRoot(pub String);

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
    let base = site
        .map(|s| s.0.clone())
        .or_else(|| scene.map(|s| s.url.clone()))
        .unwrap_or_default();
    if let Some((url, handle)) = fonts.request(language, &base, &assets) {
        // While the scene loads, its language's font is part of "ready".
        tracker.track(format!("the font for \"{language}\""), url, handle);
    }
}

/// After the scene is up, fetch the fonts the language menu needs to show
/// every offered language's name in its own script.
fn load_the_rest_after_ready(
    _: On<SceneReady>,
    site: Option<Res<SiteRoot>>,
    scene: Option<Res<ActiveScene>>,
    current: Res<CurrentLanguage>,
    assets: Res<AssetServer>,
    mut fonts: ResMut<ScriptFonts>,
) {
    let base = site
        .map(|s| s.0.clone())
        .or_else(|| scene.map(|s| s.url.clone()))
        .unwrap_or_default();
    for tag in &current.offered {
        fonts.request(tag, &base, &assets);
    }
}

/// The right-to-left family starts as a copy of the proportional one, so it
/// can be used before the Arabic font arrives.
fn register_rtl_family(mut contexts: EguiContexts) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut defs = egui::FontDefinitions::default();
    let proportional = defs.families.get(&egui::FontFamily::Proportional).cloned().unwrap_or_default();
    defs.families.insert(crate::text::rtl_family(), proportional);
    ctx.set_fonts(defs);
    Ok(())
}

fn install_loaded_fonts(mut contexts: EguiContexts, mut fonts: ResMut<ScriptFonts>, files: Res<Assets<FontFile>>) -> Result {
    if fonts.0.iter().all(|f| f.installed || f.handle.is_none()) {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    for entry in fonts.0.iter_mut().filter(|f| !f.installed) {
        let Some(file) = entry.handle.as_ref().and_then(|h| files.get(h)) else {
            continue;
        };
        let name = entry.file.rsplit('/').next().unwrap_or(entry.file).to_string();
        use egui::epaint::text::{FontInsert, FontPriority, InsertFontFamily};
        let rtl_priority = if entry.rtl { FontPriority::Highest } else { FontPriority::Lowest };
        ctx.add_font(FontInsert::new(
            &name,
            egui::FontData::from_owned(file.0.clone()),
            vec![
                InsertFontFamily {
                    family: egui::FontFamily::Proportional,
                    priority: FontPriority::Lowest,
                },
                InsertFontFamily {
                    family: egui::FontFamily::Monospace,
                    priority: FontPriority::Lowest,
                },
                InsertFontFamily {
                    family: crate::text::rtl_family(),
                    priority: rtl_priority,
                },
            ],
        ));
        entry.installed = true;
        info!("installed font {name} ({} bytes)", file.0.len());
    }
    Ok(())
}
