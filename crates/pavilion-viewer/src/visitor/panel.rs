//! The annotation panel's view: the open hotspot's texts (their language
//! and direction) with the interface's words around them, in the visitor's
//! language. Escape on the scene closes it.

use bevy::prelude::*;
use serde::Serialize;

use crate::events::CloseHotspot;
use crate::hotspots::{Panel, PanelContent};
use crate::language::{CurrentLanguage, UiStrings};

pub fn plugin(app: &mut App) {
    app.init_resource::<PanelView>()
        .add_systems(Update, close_on_escape)
        // After the frame's changes to the panel and the language.
        .add_systems(PostUpdate, update_view);
}

/// What the panel shows, or `None` when no hotspot is open.
#[derive(Resource, Debug, Clone, Default, PartialEq, Serialize)]
pub struct PanelView(pub Option<PanelShown>);

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PanelShown {
    /// The scene's texts, in `content.language` and `content.dir`.
    #[serde(flatten)]
    pub content: PanelContent,
    /// The interface's words, in the visitor's language.
    pub words: PanelWords,
}

/// The panel's own words (not the scene's): in the interface language,
/// which can differ from the one the hotspot's text was found in.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PanelWords {
    pub lang: String,
    pub dir: &'static str,
    pub close: String,
    pub previous: String,
    pub next: String,
    /// "3 of 7".
    pub position: String,
    /// The label of a link the scene did not name.
    pub more_info: String,
    pub image_unavailable: String,
}

/// Escape while the scene has the keyboard closes the panel (the page
/// handles Escape inside the panel and returns focus to its marker).
fn close_on_escape(keys: Option<Res<ButtonInput<KeyCode>>>, panel: Res<Panel>, mut commands: Commands) {
    if panel.0.is_some() && keys.is_some_and(|k| k.just_pressed(KeyCode::Escape)) {
        commands.trigger(CloseHotspot);
    }
}

fn update_view(panel: Res<Panel>, language: Res<CurrentLanguage>, strings: Res<UiStrings>, mut view: ResMut<PanelView>) {
    if !(panel.is_changed() || language.is_changed() || strings.is_changed()) {
        return;
    }
    let next = panel.0.as_ref().map(|p| {
        let lang = language.tag.as_str();
        let word = |key: &str| strings.get(lang, key, &[]);
        PanelShown {
            content: p.clone(),
            words: PanelWords {
                lang: lang.to_string(),
                dir: language.direction().as_str(),
                close: word("close"),
                previous: word("previous"),
                next: word("next"),
                position: strings.get(
                    lang,
                    "hotspot-position",
                    &[("index", p.index as i64 + 1), ("total", p.total as i64)],
                ),
                more_info: word("more-info"),
                image_unavailable: word("image-unavailable"),
            },
        }
    });
    view.set_if_neq(PanelView(next));
}
