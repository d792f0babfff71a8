//! The visitor's language: negotiated when a scene arrives, changed from the
//! menu or the page, and the viewer's own UI strings (Project Fluent).

use std::collections::HashMap;

use bevy::prelude::*;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use pavilion_content::lang::{Direction, direction_of, negotiate};
use pavilion_content::manifest::{LocalizedText, Resolved};

use crate::events::{Announce, SetLanguage};
use crate::scene::{ActiveScene, SceneParsed};

pub fn plugin(app: &mut App) {
    app.init_resource::<CurrentLanguage>()
        .insert_resource(UiStrings::bundled())
        .add_observer(on_scene_parsed)
        .add_observer(on_set_language);
}

/// The language text is shown in.
#[derive(Resource, Debug, Clone, Default)]
pub struct CurrentLanguage {
    /// One of `offered`.
    pub tag: String,
    /// The scene's languages, default first.
    pub offered: Vec<String>,
    pub scene_default: String,
}

impl CurrentLanguage {
    /// A scene text in the current language, following the fallback chain.
    pub fn pick<'a>(&self, text: &'a LocalizedText) -> Option<Resolved<'a>> {
        text.resolve(&self.tag, &self.scene_default)
    }

    pub fn direction(&self) -> Direction {
        direction_of(&self.tag)
    }
}

/// The name of a language in that language, for the language menu.
pub fn native_name(tag: &str) -> String {
    let names: &[(&str, &str)] = &[
        ("en", "English"),
        ("zh-Hans", "简体中文"),
        ("zh-Hant", "繁體中文"),
        ("zh", "中文"),
        ("ja", "日本語"),
        ("ko", "한국어"),
        ("fr", "Français"),
        ("es", "Español"),
        ("de", "Deutsch"),
        ("it", "Italiano"),
        ("pt", "Português"),
        ("ru", "Русский"),
        ("ar", "العربية"),
        ("fa", "فارسی"),
        ("hi", "हिन्दी"),
        ("th", "ไทย"),
    ];
    names
        .iter()
        .find(|(t, _)| t.eq_ignore_ascii_case(tag))
        .map(|(_, n)| n.to_string())
        .unwrap_or_else(|| tag.to_string())
}

fn on_scene_parsed(_: On<SceneParsed>, scene: Res<ActiveScene>, mut current: ResMut<CurrentLanguage>, mut commands: Commands) {
    let m = &scene.manifest;
    let offered = m.offered_languages();
    let requested: Vec<&str> = scene.requested_languages.iter().map(String::as_str).collect();
    let tag = negotiate(&requested, &offered, &m.default_language).to_string();
    info!("language: requested {requested:?}, offered {offered:?}, chose {tag}");
    *current = CurrentLanguage {
        tag: tag.clone(),
        offered,
        scene_default: m.default_language.clone(),
    };
    commands.trigger(Announce::LanguageChanged { language: tag });
}

fn on_set_language(ev: On<SetLanguage>, mut current: ResMut<CurrentLanguage>, mut commands: Commands) {
    if current.offered.is_empty() {
        warn!("setLanguage({}) before a scene is loaded is ignored", ev.tag);
        return;
    }
    let tag = negotiate(&[ev.tag.as_str()], &current.offered, &current.scene_default).to_string();
    if tag != current.tag {
        current.tag = tag.clone();
        commands.trigger(Announce::LanguageChanged { language: tag });
    }
}

/// The viewer's own strings, one Fluent bundle per language, English last resort.
#[derive(Resource)]
pub struct UiStrings {
    bundles: HashMap<String, FluentBundle<FluentResource>>,
    tags: Vec<String>,
}

/// The catalogs shipped inside the viewer (`assets/i18n/*.ftl`).
pub const BUNDLED_CATALOGS: &[(&str, &str)] = &[
    ("en", include_str!("../../../assets/i18n/en.ftl")),
    ("zh-Hans", include_str!("../../../assets/i18n/zh-Hans.ftl")),
    ("fr", include_str!("../../../assets/i18n/fr.ftl")),
    ("es", include_str!("../../../assets/i18n/es.ftl")),
    ("ja", include_str!("../../../assets/i18n/ja.ftl")),
    ("ar", include_str!("../../../assets/i18n/ar.ftl")),
];

impl UiStrings {
    pub fn bundled() -> Self {
        let mut bundles = HashMap::new();
        let mut tags = Vec::new();
        for (tag, source) in BUNDLED_CATALOGS {
            let langid: unic_langid::LanguageIdentifier = tag.parse().expect("bundled catalog tags are valid");
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            // Unicode isolation marks would show as boxes in egui; the
            // annotation layer does its own bidi handling.
            bundle.set_use_isolating(false);
            let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(res, errors)| {
                error!("syntax errors in the {tag} UI catalog: {errors:?}");
                res
            });
            if let Err(errors) = bundle.add_resource(resource) {
                error!("duplicate messages in the {tag} UI catalog: {errors:?}");
            }
            bundles.insert(tag.to_string(), bundle);
            tags.push(tag.to_string());
        }
        UiStrings { bundles, tags }
    }

    /// The catalog language used for a visitor language.
    pub fn ui_language(&self, language: &str) -> &str {
        negotiate(&[language], &self.tags, "en")
    }

    /// A UI string in `language`, falling back to English; never empty and
    /// never the bare key unless the key is missing from English too.
    pub fn get(&self, language: &str, key: &str, args: &[(&str, i64)]) -> String {
        let mut a = FluentArgs::new();
        for (k, v) in args {
            a.set(*k, *v);
        }
        self.format(language, key, a)
    }

    /// Like [`UiStrings::get`], with text arguments.
    pub fn get_with(&self, language: &str, key: &str, args: &[(&str, &str)]) -> String {
        let mut a = FluentArgs::new();
        for (k, v) in args {
            a.set(*k, v.to_string());
        }
        self.format(language, key, a)
    }

    fn format(&self, language: &str, key: &str, args: FluentArgs) -> String {
        let fluent_args = Some(&args);
        for tag in [self.ui_language(language), "en"] {
            let Some(bundle) = self.bundles.get(tag) else { continue };
            let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
                continue;
            };
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, fluent_args, &mut errors);
            if errors.is_empty() && !text.trim().is_empty() {
                return text.into_owned();
            }
        }
        key.to_string()
    }

    pub fn has(&self, tag: &str, key: &str) -> bool {
        self.bundles.get(tag).is_some_and(|b| b.has_message(key))
    }

    /// Message ids of a catalog, for completeness checks.
    pub fn keys(tag: &str) -> Vec<String> {
        let source = BUNDLED_CATALOGS
            .iter()
            .find(|(t, _)| *t == tag)
            .map(|(_, s)| *s)
            .unwrap_or_default();
        source
            .lines()
            .filter(|l| !l.starts_with([' ', '#', '\t']) && l.contains(" ="))
            .map(|l| l.split(" =").next().unwrap_or_default().trim().to_string())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalog_has_every_english_message() {
        let ui = UiStrings::bundled();
        let keys = UiStrings::keys("en");
        assert!(keys.len() > 10);
        for (tag, _) in BUNDLED_CATALOGS {
            for key in &keys {
                assert!(ui.has(tag, key), "{tag} lacks {key}");
                let text = ui.get_with(tag, key, &[("index", "1"), ("total", "5"), ("count", "3"), ("licence", "CC0")]);
                assert!(!text.trim().is_empty() && text != *key, "{tag}/{key} gave {text:?}");
            }
        }
    }

    #[test]
    fn plurals_and_fallback() {
        let ui = UiStrings::bundled();
        assert_eq!(ui.get("en", "hotspot-count", &[("count", 1)]), "1 point of interest");
        assert_eq!(ui.get("en", "hotspot-count", &[("count", 5)]), "5 points of interest");
        assert_eq!(ui.get("ar", "hotspot-count", &[("count", 2)]), "نقطتا اهتمام");
        assert_eq!(ui.get("zh-HK", "close", &[]), "关闭");
        assert_eq!(ui.get("de", "close", &[]), "Close");
        assert_eq!(ui.get("fr-CA", "hotspot-position", &[("index", 2), ("total", 5)]), "2 sur 5");
    }
}
