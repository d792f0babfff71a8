//! The toolbar's view: the scene's title, then the tools in reading order:
//! reset view, the scene's own menus (named views, topics, tours: each
//! only when the scene has some), the language choice, About and full
//! screen, with the controls hint. The page draws it as HTML (a native
//! language select, disclosure menus); what a menu does comes back as the
//! page's own commands (`goToViewpoint`, `setCategoryVisible`, `startTour`,
//! `setLanguage`).

use bevy::prelude::*;
use serde::Serialize;

use super::ShownText;
use crate::hotspots::HiddenCategories;
use crate::language::{CurrentLanguage, UiStrings, native_name};
use crate::scene::ActiveScene;

pub fn plugin(app: &mut App) {
    app.init_resource::<ToolbarView>().add_systems(PostUpdate, update_view);
}

/// The toolbar, or `None` before a scene is shown.
#[derive(Resource, Debug, Clone, Default, PartialEq, Serialize)]
pub struct ToolbarView(pub Option<Toolbar>);

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Toolbar {
    /// The interface's language and direction (the bar is mirrored for
    /// right-to-left languages).
    pub lang: String,
    pub dir: &'static str,
    pub title: Option<ShownText>,
    /// The scene's named views (ids for `goToViewpoint`).
    pub views: Vec<MenuEntry>,
    /// The scene's topics, each with whether its markers are shown.
    pub topics: Vec<MenuEntry>,
    /// The scene's tours (one tour is a single button).
    pub tours: Vec<MenuEntry>,
    /// The scene's languages, each named in its own language.
    pub languages: Vec<MenuEntry>,
    pub words: ToolbarWords,
}

/// One entry of a menu: what it is (`id`), how it reads and, for topics,
/// whether it is on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MenuEntry {
    pub id: String,
    #[serde(flatten)]
    pub label: ShownText,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checked: Option<bool>,
}

/// The toolbar's own words, in the interface language.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ToolbarWords {
    pub reset: String,
    pub reset_hint: String,
    pub views: String,
    pub topics: String,
    pub tour: String,
    pub language: String,
    pub about: String,
    pub fullscreen: String,
    pub exit_fullscreen: String,
    /// The button that copies a link to what the visitor sees, and what it
    /// says once it has.
    pub share: String,
    pub link_copied: String,
    /// How to move around (drag, pinch, scroll).
    pub help: String,
}

fn update_view(
    scene: Option<Res<ActiveScene>>,
    language: Res<CurrentLanguage>,
    strings: Res<UiStrings>,
    hidden: Res<HiddenCategories>,
    mut view: ResMut<ToolbarView>,
) {
    let Some(scene) = scene else {
        view.set_if_neq(ToolbarView(None));
        return;
    };
    if !(scene.is_changed() || language.is_changed() || strings.is_changed() || hidden.is_changed() || view.0.is_none()) {
        return;
    }
    view.set_if_neq(ToolbarView(Some(toolbar(&scene.manifest, &language, &strings, &hidden))));
}

/// The toolbar for `m` in the current language.
pub fn toolbar(m: &pavilion_content::SceneManifest, language: &CurrentLanguage, strings: &UiStrings, hidden: &HiddenCategories) -> Toolbar {
    let lang = language.tag.as_str();
    let word = |key: &str| strings.get(lang, key, &[]);
    // A text the scene left empty in every language reads as its id.
    let label = |text: &pavilion_content::LocalizedText, id: &str| {
        language.pick(text).map(ShownText::from).unwrap_or_else(|| ShownText {
            text: id.to_string(),
            lang: "zxx".to_string(),
            dir: "ltr",
        })
    };
    let entry = |id: &str, text, checked| MenuEntry {
        id: id.to_string(),
        label: label(text, id),
        checked,
    };
    Toolbar {
        lang: lang.to_string(),
        dir: language.direction().as_str(),
        title: language.pick(&m.title).map(ShownText::from),
        views: m.viewpoints.iter().map(|v| entry(&v.id, &v.title, None)).collect(),
        topics: m
            .categories
            .iter()
            .map(|c| entry(&c.id, &c.title, Some(!hidden.0.contains(&c.id))))
            .collect(),
        tours: m.tours.iter().map(|t| entry(&t.id, &t.title, None)).collect(),
        languages: language
            .offered
            .iter()
            .map(|tag| MenuEntry {
                id: tag.clone(),
                label: ShownText {
                    text: native_name(tag),
                    lang: tag.clone(),
                    dir: pavilion_content::lang::direction_of(tag).as_str(),
                },
                checked: None,
            })
            .collect(),
        words: ToolbarWords {
            reset: word("reset-view"),
            reset_hint: word("reset-view-tooltip"),
            views: word("views"),
            topics: word("topics"),
            tour: word("tour"),
            language: word("language"),
            about: word("about"),
            fullscreen: word("fullscreen"),
            exit_fullscreen: word("exit-fullscreen"),
            share: word("share"),
            link_copied: word("link-copied"),
            help: word("controls-help"),
        },
    }
}
