//! What a visitor reads, as plain data: the markers' labels and places and
//! the open annotation panel, with each text's language and direction. The
//! page renders these views as HTML (`web/visitor/*.js`), so screen readers,
//! the browser's translation and the visitor's system fonts reach them;
//! headless tests assert on the same views. Nothing here draws.
//!
//! - [`markers`]: one button per hotspot; labels when the scene or the
//!   language changes, places (one flat array) when the camera moves.
//! - [`panel`]: the open hotspot's texts with the interface's words around
//!   them (close, previous, next, "3 of 7").

use bevy::prelude::*;

pub mod markers;
pub mod panel;

pub fn plugin(app: &mut App) {
    app.add_plugins((markers::plugin, panel::plugin));
}
