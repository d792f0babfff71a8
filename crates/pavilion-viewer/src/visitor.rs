//! What a visitor reads, as plain data: every widget of the visitor's
//! interface with each text's language and direction. The page renders
//! these views as HTML (`web/visitor/*.js`), so screen readers, the
//! browser's translation and the visitor's system fonts reach them;
//! headless tests assert on the same views. Nothing here draws.
//!
//! - [`markers`]: one button per hotspot; labels when the scene or the
//!   language changes, places (one flat array) when the camera moves.
//! - [`panel`]: the open hotspot's texts with the interface's words around
//!   them (close, previous, next, "3 of 7").
//! - [`toolbar`]: the scene's title and the tools (reset view, views,
//!   topics, tours, language, about, full screen).
//! - [`tour_bar`]: the running tour's step, caption and controls.
//! - [`about`]: the scene's description and every credit line.

use bevy::prelude::*;
use pavilion_content::manifest::Resolved;
use serde::Serialize;

use crate::events::{InterfaceReady, Status, ViewerStatus};
use crate::scene::SceneParsed;

pub mod about;
pub mod markers;
pub mod panel;
pub mod toolbar;
pub mod tour_bar;

pub fn plugin(app: &mut App) {
    app.add_plugins((markers::plugin, panel::plugin, toolbar::plugin, tour_bar::plugin, about::plugin))
        .init_resource::<PassesSinceReady>()
        .add_observer(|_: On<SceneParsed>, mut passes: ResMut<PassesSinceReady>| passes.0 = 0)
        .add_systems(Last, count_passes);
}

/// A scene text as shown: the words, the language they were found in (after
/// fallback: an English title inside a French page says `en`) and its
/// direction, which the page puts on the element as `lang` and `dir`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShownText {
    pub text: String,
    pub lang: String,
    pub dir: &'static str,
}

impl From<Resolved<'_>> for ShownText {
    fn from(r: Resolved<'_>) -> Self {
        ShownText {
            text: r.text.to_string(),
            lang: r.language.to_string(),
            dir: r.direction.as_str(),
        }
    }
}

/// Frames whose views went to the page since the scene became ready.
#[derive(Resource, Default)]
struct PassesSinceReady(u32);

/// `InterfaceReady` (the page's `ready`) once the views of a ready scene
/// have gone to the page in two passes: the markers' places are those of
/// the framed camera, so a click at a reported marker opens it.
fn count_passes(status: Res<ViewerStatus>, mut passes: ResMut<PassesSinceReady>, mut commands: Commands) {
    if status.status != Status::Ready {
        return;
    }
    passes.0 += 1;
    if passes.0 == 2 {
        commands.trigger(InterfaceReady);
    }
}
