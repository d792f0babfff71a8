//! The About dialog's view: the scene's title and description, every
//! model's credit line with its licence and link, and the viewer's own
//! credit. Credit lines are given exactly as their licences ask, so they
//! carry no language of their own (the page marks them `translate="no"`).

use bevy::prelude::*;
use serde::Serialize;

use super::ShownText;
use crate::language::{CurrentLanguage, UiStrings};
use crate::scene::ActiveScene;

pub fn plugin(app: &mut App) {
    app.init_resource::<AboutView>().add_systems(PostUpdate, update_view);
}

/// What About shows, or `None` before a scene is shown.
#[derive(Resource, Debug, Clone, Default, PartialEq, Serialize)]
pub struct AboutView(pub Option<About>);

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct About {
    /// The interface's language and direction.
    pub lang: String,
    pub dir: &'static str,
    /// "About this scene".
    pub heading: String,
    pub title: Option<ShownText>,
    pub description: Option<ShownText>,
    /// "Credits".
    pub credits_heading: String,
    pub credits: Vec<CreditLine>,
    pub viewer_credit: String,
    pub close: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreditLine {
    pub line: String,
    /// "Licence: CC-BY-4.0", in the interface language.
    pub licence: String,
    /// Only http(s) links; anything else is left out.
    pub url: Option<String>,
}

fn update_view(scene: Option<Res<ActiveScene>>, language: Res<CurrentLanguage>, strings: Res<UiStrings>, mut view: ResMut<AboutView>) {
    let Some(scene) = scene else {
        view.set_if_neq(AboutView(None));
        return;
    };
    if !(scene.is_changed() || language.is_changed() || strings.is_changed() || view.0.is_none()) {
        return;
    }
    view.set_if_neq(AboutView(Some(about(&scene.manifest, &language, &strings))));
}

pub fn about(m: &pavilion_content::SceneManifest, language: &CurrentLanguage, strings: &UiStrings) -> About {
    let lang = language.tag.as_str();
    let word = |key: &str| strings.get(lang, key, &[]);
    About {
        lang: lang.to_string(),
        dir: language.direction().as_str(),
        heading: word("about-title"),
        title: language.pick(&m.title).map(ShownText::from),
        description: language.pick(&m.description).map(ShownText::from),
        credits_heading: word("credits"),
        credits: m
            .models
            .iter()
            .filter_map(|model| model.credit.as_ref())
            .map(|c| CreditLine {
                line: c.line.clone(),
                licence: strings.get_with(lang, "licence", &[("licence", c.license.as_str())]),
                url: c.url.clone().filter(|u| u.starts_with("https://") || u.starts_with("http://")),
            })
            .collect(),
        viewer_credit: word("viewer-credit"),
        close: word("close"),
    }
}
