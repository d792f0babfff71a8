//! The Pavilion viewer as Bevy plugins, one per feature. `main.rs` composes
//! them with Bevy's and egui's plugins; tests compose the engine-free ones
//! headlessly.
//!
//! Data flow: the page (or a test) triggers [`events::LoadScene`]; the scene
//! plugin parses the manifest and spawns hotspots; the models plugin loads
//! the glTF files and reports [`events::SceneReady`] or
//! [`events::ViewerFailed`]; the hotspot, language and camera plugins react
//! to visitor actions; the web bridge mirrors everything to `window.pavilion`.

// Bevy systems take their world access as parameters; long lists and
// nested query filters are the normal shape, not a smell.
#![allow(clippy::too_many_arguments, clippy::type_complexity)]

pub mod authoring;
pub mod camera;
pub mod events;
pub mod fonts;
pub mod hotspots;
pub mod language;
pub mod lighting;
pub mod models;
pub mod scene;
pub mod text;
pub mod tours;
pub mod ui;
pub mod web_bridge;

use bevy::prelude::*;

/// The plugins that need neither a GPU nor a window: the content side of
/// the viewer. Headless tests use exactly this set.
pub struct ContentPlugins;

impl Plugin for ContentPlugins {
    fn build(&self, app: &mut App) {
        app.add_plugins((events::plugin, scene::plugin, language::plugin, hotspots::plugin, tours::plugin));
    }
}
