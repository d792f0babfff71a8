//! The fonts plugin: loads font files as assets when a language needs them
//! (the current language's as part of the scene's loading) and installs
//! them in egui, ordered for the current language.

use std::sync::Arc;

use bevy::asset::io::Reader;
use bevy::asset::{AssetLoader, LoadContext};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::{FONT_FILES, FontsWanted, SiteRoot, TextReady, font_definitions, font_for_language, font_name};
use crate::events::Announce;
use crate::language::CurrentLanguage;
use crate::loading::LoadTracker;
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
        super::check_font_bytes(&bytes).map_err(std::io::Error::other)?;
        Ok(FontFile(bytes))
    }

    fn extensions(&self) -> &[&str] {
        &["ttf", "otf"]
    }
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

fn base_url(site: Option<Res<SiteRoot>>, scene: Option<Res<ActiveScene>>) -> String {
    site.map(|s| s.0.clone())
        .or_else(|| scene.map(|s| s.url.clone()))
        .unwrap_or_default()
}

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
        // Without it the text still shows, in a fallback font.
        tracker.track(format!("the font for \"{language}\""), url, handle, crate::loading::Need::Optional);
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
