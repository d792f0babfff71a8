//! The tour bar's view: the running tour's title, "Step 2 of 5", the
//! step's caption, how long the step lasts and how far it is, and the
//! words of its controls (previous, play or pause, next, end). The page
//! shows the caption and also says it in a polite live region, and turns
//! the controls into `tour` commands.

use bevy::prelude::*;
use serde::Serialize;

use super::ShownText;
use crate::language::{CurrentLanguage, UiStrings};
use crate::scene::ActiveScene;
use crate::tours::TourPlayer;

pub fn plugin(app: &mut App) {
    app.init_resource::<TourBarView>().add_systems(PostUpdate, update_view);
}

/// The bar of the running tour, or `None` when no tour runs.
#[derive(Resource, Debug, Clone, Default, PartialEq, Serialize)]
pub struct TourBarView(pub Option<TourBar>);

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TourBar {
    /// The interface's language and direction.
    pub lang: String,
    pub dir: &'static str,
    pub id: String,
    pub title: Option<ShownText>,
    /// 0-based.
    pub step: usize,
    pub steps: usize,
    /// "Step 2 of 5", in the visitor's digits.
    pub position: String,
    pub caption: Option<ShownText>,
    pub playing: bool,
    /// The step's length and the seconds of it already shown when this view
    /// was made (the page animates the bar in between).
    pub seconds: f32,
    pub elapsed: f32,
    pub words: TourWords,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TourWords {
    pub previous: String,
    pub next: String,
    pub play: String,
    pub pause: String,
    pub end: String,
}

/// Rebuilt when the tour, its step, playing or the language change; not
/// for the clock alone (the page runs the bar's progress itself), which
/// changes `TourPlayer` every frame while a tour plays.
fn update_view(
    player: Res<TourPlayer>,
    scene: Option<Res<ActiveScene>>,
    language: Res<CurrentLanguage>,
    strings: Res<UiStrings>,
    mut view: ResMut<TourBarView>,
) {
    let words_changed = language.is_changed() || strings.is_changed() || scene.as_ref().is_some_and(|s| s.is_changed());
    let same_step = match (&view.0, player.tour.as_deref()) {
        (Some(v), Some(id)) => v.id == id && v.step == player.step && v.steps == player.steps && v.playing == player.playing,
        (None, None) => true,
        _ => false,
    };
    if same_step && !words_changed {
        return;
    }
    let next = scene.and_then(|s| tour_bar(&player, &s.manifest, &language, &strings));
    view.set_if_neq(TourBarView(next));
}

/// The bar for the player's tour in the current language.
pub fn tour_bar(
    player: &TourPlayer,
    m: &pavilion_content::SceneManifest,
    language: &CurrentLanguage,
    strings: &UiStrings,
) -> Option<TourBar> {
    let tour = m.tour(player.tour.as_deref()?)?;
    let step = tour.steps.get(player.step)?;
    let lang = language.tag.as_str();
    let word = |key: &str| strings.get(lang, key, &[]);
    Some(TourBar {
        lang: lang.to_string(),
        dir: language.direction().as_str(),
        id: tour.id.clone(),
        title: language.pick(&tour.title).map(ShownText::from),
        step: player.step,
        steps: player.steps,
        position: strings.get(
            lang,
            "tour-step",
            &[("index", player.step as i64 + 1), ("total", player.steps as i64)],
        ),
        caption: language.pick(&step.caption).map(ShownText::from),
        playing: player.playing,
        seconds: step.seconds(),
        elapsed: (player.elapsed * 10.0).round() / 10.0,
        words: TourWords {
            previous: word("previous"),
            next: word("next"),
            play: word("tour-play"),
            pause: word("tour-pause"),
            end: word("tour-end"),
        },
    })
}
