//! The visitor's language: negotiated when a scene arrives, changed from the
//! menu or the page, and the viewer's own UI strings (Project Fluent).

use std::collections::{BTreeMap, HashMap};

use bevy::prelude::*;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use pavilion_content::catalog;
use pavilion_content::lang::{Direction, LanguageTag, direction_of, matching_request, negotiate};
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
    /// What the visitor asked for that led to `tag` (`zh-HK` for `zh-Hant`);
    /// `tag` itself when nothing requested matched.
    pub requested: String,
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

    /// The tags tried for a text, in order: the request's lookup chain (which
    /// reached `tag`), then the scene default's, then English.
    pub fn chain(&self) -> Vec<String> {
        let first = if self.requested.is_empty() { &self.tag } else { &self.requested };
        pavilion_content::lang::resolution_chain(first, &self.scene_default)
    }
}

/// Languages by tag: the name in the language itself, and in English.
const LANGUAGE_NAMES: &[(&str, &str, &str)] = &[
    ("en", "English", "English"),
    ("zh-Hans", "简体中文", "Chinese (Simplified)"),
    ("zh-Hant", "繁體中文", "Chinese (Traditional)"),
    ("zh", "中文", "Chinese"),
    ("ja", "日本語", "Japanese"),
    ("ko", "한국어", "Korean"),
    ("fr", "Français", "French"),
    ("es", "Español", "Spanish"),
    ("de", "Deutsch", "German"),
    ("it", "Italiano", "Italian"),
    ("pt", "Português", "Portuguese"),
    ("ru", "Русский", "Russian"),
    ("ar", "العربية", "Arabic"),
    ("fa", "فارسی", "Persian"),
    ("hi", "हिन्दी", "Hindi"),
    ("th", "ไทย", "Thai"),
];

fn name_of(tag: &str, column: fn(&(&'static str, &'static str, &'static str)) -> &'static str) -> String {
    let found = LANGUAGE_NAMES.iter().find(|n| n.0.eq_ignore_ascii_case(tag)).or_else(|| {
        let language = LanguageTag::parse(tag).ok()?.language;
        LANGUAGE_NAMES.iter().find(|n| n.0 == language)
    });
    found.map(|n| column(n).to_string()).unwrap_or_else(|| tag.to_string())
}

/// The name of a language in that language, for the language menu.
pub fn native_name(tag: &str) -> String {
    name_of(tag, |n| n.1)
}

/// The English name of a language, shown until its font has arrived.
pub fn english_name(tag: &str) -> String {
    name_of(tag, |n| n.2)
}

fn on_scene_parsed(
    _: On<SceneParsed>,
    scene: Res<ActiveScene>,
    mut current: ResMut<CurrentLanguage>,
    mut ui_strings: ResMut<UiStrings>,
    mut commands: Commands,
) {
    let m = &scene.manifest;
    ui_strings.set_scene_strings(&m.strings);
    let offered = m.offered_languages();
    let requested: Vec<&str> = scene.requested_languages.iter().map(String::as_str).collect();
    let tag = negotiate(&requested, &offered, &m.default_language).to_string();
    info!("language: requested {requested:?}, offered {offered:?}, chose {tag}");
    let matched = matching_request(&requested, &offered).map_or(tag.clone(), |(r, _)| r.to_string());
    *current = CurrentLanguage {
        requested: matched,
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
    current.requested = matching_request(&[ev.tag.as_str()], &current.offered).map_or(tag.clone(), |(r, _)| r.to_string());
    if tag != current.tag {
        current.tag = tag.clone();
        commands.trigger(Announce::LanguageChanged { language: tag });
    }
}

/// The viewer's own strings: one Fluent bundle per bundled catalog, plus the
/// scene's overrides (its `strings`), which are consulted first and may add
/// languages the viewer does not ship. English is the last resort.
#[derive(Resource)]
pub struct UiStrings {
    bundles: HashMap<String, FluentBundle<FluentResource>>,
    scene: HashMap<String, FluentBundle<FluentResource>>,
    /// Every language with a catalog or overrides; negotiation picks among them.
    tags: Vec<String>,
}

type Bundle = FluentBundle<FluentResource>;

fn new_bundle(tag: &str) -> Option<Bundle> {
    let langid: unic_langid::LanguageIdentifier = tag.parse().ok()?;
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    // Unicode isolation marks would show as boxes in egui; the
    // annotation layer does its own bidi handling.
    bundle.set_use_isolating(false);
    bundle.set_formatter(number_formatter(tag));
    Some(bundle)
}

type Formatter = fn(&fluent_bundle::FluentValue, &intl_memoizer::concurrent::IntlLangMemoizer) -> Option<String>;

/// Numbers in UI strings ("2 of 5") in the locale's digits, per CLDR's
/// default numbering system: Arabic-Indic for Arabic, Extended Arabic-Indic
/// for Persian, ASCII digits elsewhere.
fn number_formatter(tag: &str) -> Option<Formatter> {
    match zero_digit(tag)? {
        '٠' => Some(|v, _| digits(v, '٠')),
        _ => Some(|v, _| digits(v, '۰')),
    }
}

/// The locale's zero digit when it does not use ASCII digits.
fn zero_digit(tag: &str) -> Option<char> {
    match LanguageTag::parse(tag).ok()?.language.as_str() {
        "ar" => Some('٠'),
        "fa" => Some('۰'),
        _ => None,
    }
}

/// A number in the digits of `tag`'s locale (marker numbers, counts).
pub fn format_number(tag: &str, n: usize) -> String {
    let ascii = n.to_string();
    match zero_digit(tag) {
        Some(zero) => localize_digits(&ascii, zero),
        None => ascii,
    }
}

fn digits(value: &fluent_bundle::FluentValue, zero: char) -> Option<String> {
    let fluent_bundle::FluentValue::Number(n) = value else {
        return None;
    };
    Some(localize_digits(&n.as_string(), zero))
}

/// Replaces ASCII digits with the ten digits starting at `zero`.
pub fn localize_digits(text: &str, zero: char) -> String {
    text.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(zero as u32 + d).unwrap_or(c),
            None => c,
        })
        .collect()
}

impl UiStrings {
    pub fn bundled() -> Self {
        let mut bundles = HashMap::new();
        let mut tags = Vec::new();
        for (tag, source) in catalog::BUNDLED {
            let mut bundle = new_bundle(tag).expect("bundled catalog tags are valid");
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
        UiStrings {
            bundles,
            scene: HashMap::new(),
            tags,
        }
    }

    /// Installs a scene's `strings` (replacing the previous scene's). The
    /// validator has already reported bad entries; here they are skipped.
    pub fn set_scene_strings(&mut self, strings: &BTreeMap<String, BTreeMap<String, String>>) {
        self.scene.clear();
        self.tags.retain(|t| self.bundles.contains_key(t));
        for (tag, entries) in strings {
            let Some(mut bundle) = new_bundle(tag) else {
                warn!("scene strings for \"{tag}\": not a language tag, ignored");
                continue;
            };
            for (id, value) in entries {
                match FluentResource::try_new(catalog::as_resource(id, value)) {
                    Ok(res) => {
                        let _ = bundle.add_resource(res);
                    }
                    Err(_) => warn!("scene string {tag}/{id} is not a valid Fluent pattern, ignored"),
                }
            }
            if !self.tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
                self.tags.push(tag.clone());
            }
            self.scene.insert(tag.clone(), bundle);
        }
    }

    /// The catalog language for a list of requested languages, best first.
    pub fn page_language(&self, requested: &[&str]) -> &str {
        negotiate(requested, &self.tags, "en")
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
            for bundle in [self.scene.get(tag), self.bundles.get(tag)].into_iter().flatten() {
                let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
                    continue;
                };
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, fluent_args, &mut errors);
                if errors.is_empty() && !text.trim().is_empty() {
                    return text.into_owned();
                }
            }
        }
        key.to_string()
    }

    pub fn has(&self, tag: &str, key: &str) -> bool {
        self.bundles.get(tag).is_some_and(|b| b.has_message(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalog_formats_every_english_message() {
        let ui = UiStrings::bundled();
        let keys = catalog::known_ids();
        assert!(keys.len() > 10);
        for (tag, _) in catalog::BUNDLED {
            for key in &keys {
                assert!(ui.has(tag, key), "{tag} lacks {key}");
                let text = ui.get_with(
                    tag,
                    key,
                    &[
                        ("index", "1"),
                        ("total", "5"),
                        ("count", "3"),
                        ("licence", "CC0"),
                        ("code", "x"),
                        ("size", "1.5"),
                    ],
                );
                assert!(!text.trim().is_empty() && text != *key, "{tag}/{key} gave {text:?}");
            }
            for n in [0, 1, 2, 3, 5, 11, 21, 100] {
                let text = ui.get(tag, "hotspot-count", &[("count", n)]);
                assert!(!text.contains("hotspot-count"), "{tag} plural for {n}: {text}");
            }
        }
    }

    /// `web/page-strings.json`: what the page says before the wasm runs (the
    /// loading line, the error screen, an embedded viewer's "View in 3D"), in every catalog's language, so it
    /// speaks the visitor's language from the first frame. Generated from
    /// the catalogs; this test fails when the file and the catalogs differ,
    /// and `PAVILION_BLESS=1 cargo test -p pavilion-viewer page_strings`
    /// rewrites it.
    #[test]
    fn page_strings_json_matches_the_catalogs() {
        const KEYS: &[(&str, &str, Option<&str>)] = &[
            ("loading", "loading", None),
            ("loadingViewer", "loading-viewer", Some("size")),
            ("loadingScene", "loading-scene", None),
            ("errorTitle", "error-title", None),
            ("errorCode", "error-code", Some("code")),
            ("errorNoWebgl", "error-no-webgl", None),
            ("viewIn3d", "view-in-3d", None),
        ];
        let ui = UiStrings::bundled();
        let mut file = serde_json::Map::new();
        file.insert(
            "$comment".into(),
            "Generated from assets/i18n/*.ftl by `PAVILION_BLESS=1 cargo test -p pavilion-viewer page_strings`; \
             edit the catalogs, not this file. {size} and {code} are filled in by the page."
                .into(),
        );
        for (tag, _) in catalog::BUNDLED {
            let mut words = serde_json::Map::new();
            words.insert("dir".into(), direction_of(tag).as_str().into());
            for (name, key, arg) in KEYS {
                assert!(ui.has(tag, key), "{tag} lacks {key}");
                let placeholder = arg.map(|a| format!("{{{a}}}"));
                let args: Vec<(&str, &str)> = arg.iter().map(|a| (*a, placeholder.as_deref().unwrap())).collect();
                words.insert((*name).into(), ui.get_with(tag, key, &args).into());
            }
            file.insert((*tag).into(), words.into());
        }
        let expected = serde_json::to_string_pretty(&serde_json::Value::Object(file)).unwrap() + "\n";
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web/page-strings.json");
        if std::env::var_os("PAVILION_BLESS").is_some() {
            std::fs::write(&path, &expected).unwrap();
        }
        let found = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            found == expected,
            "web/page-strings.json differs from the catalogs; run `PAVILION_BLESS=1 cargo test -p pavilion-viewer page_strings`"
        );
    }

    #[test]
    fn plurals_digits_and_fallback() {
        let ui = UiStrings::bundled();
        assert_eq!(ui.get("en", "hotspot-count", &[("count", 1)]), "1 point of interest");
        assert_eq!(ui.get("en", "hotspot-count", &[("count", 5)]), "5 points of interest");
        assert_eq!(ui.get("ar", "hotspot-count", &[("count", 2)]), "نقطتا اهتمام");
        assert_eq!(ui.get("ar", "hotspot-count", &[("count", 5)]), "٥ نقاط اهتمام");
        assert_eq!(ui.get("ar", "hotspot-position", &[("index", 2), ("total", 15)]), "٢ من ١٥");
        assert_eq!(ui.get("fa", "hotspot-position", &[("index", 2), ("total", 15)]), "۲ از ۱۵");
        assert_eq!(format_number("ar-EG", 12), "١٢");
        assert_eq!(format_number("fa", 3), "۳");
        assert_eq!(format_number("hi", 3), "3");
        assert_eq!(ui.get("ru", "hotspot-count", &[("count", 1)]), "1 точка интереса");
        assert_eq!(ui.get("ru", "hotspot-count", &[("count", 3)]), "3 точки интереса");
        assert_eq!(ui.get("ru", "hotspot-count", &[("count", 5)]), "5 точек интереса");
        assert_eq!(ui.get("ru", "hotspot-count", &[("count", 21)]), "21 точка интереса");
        assert_eq!(ui.get("zh-HK", "close", &[]), "關閉");
        assert_eq!(ui.get("zh-TW", "close", &[]), "關閉");
        assert_eq!(ui.get("zh-CN", "close", &[]), "关闭");
        assert_eq!(ui.get("pt-BR", "close", &[]), "Fechar");
        assert_eq!(ui.get("de-AT", "close", &[]), "Schließen");
        assert_eq!(ui.get("nl", "close", &[]), "Close");
        assert_eq!(ui.get("fr-CA", "hotspot-position", &[("index", 2), ("total", 5)]), "2 sur 5");
    }

    #[test]
    fn scene_strings_override_and_add_languages() {
        let mut ui = UiStrings::bundled();
        let mut strings = BTreeMap::new();
        strings.insert(
            "fr".to_string(),
            BTreeMap::from([("about".to_string(), "L’exposition".to_string())]),
        );
        strings.insert(
            "nl".to_string(),
            BTreeMap::from([
                ("close".to_string(), "Sluiten".to_string()),
                (
                    "hotspot-count".to_string(),
                    "{ $count ->\n [one] één punt\n *[other] { $count } punten\n}".to_string(),
                ),
            ]),
        );
        ui.set_scene_strings(&strings);
        assert_eq!(ui.get("fr", "about", &[]), "L’exposition");
        assert_eq!(ui.get("fr", "close", &[]), "Fermer", "other strings keep the catalog's text");
        assert_eq!(ui.get("nl-BE", "close", &[]), "Sluiten");
        assert_eq!(ui.get("nl", "hotspot-count", &[("count", 1)]), "één punt");
        assert_eq!(ui.get("nl", "hotspot-count", &[("count", 4)]), "4 punten");
        assert_eq!(ui.get("nl", "about", &[]), "About", "missing overrides fall back to English");
        ui.set_scene_strings(&BTreeMap::new());
        assert_eq!(ui.get("fr", "about", &[]), "À propos", "the next scene starts clean");
        assert_eq!(ui.get("nl", "close", &[]), "Close");
    }
}
