//! The Pavilion viewer as Bevy plugins, one per feature. `main.rs` composes
//! them with Bevy's plugins (and egui's, for the authoring tools); tests compose the engine-free ones
//! headlessly. The `render` feature adds the modules that need the renderer,
//! glTF loading or egui's Bevy integration; without it the crate builds on
//! Bevy's ECS, camera and picking crates alone, which is how the native
//! tests build it (see docs/design.md, "Building and testing").
//!
//! Data flow: the page (or a test) triggers [`events::LoadScene`]; the scene
//! plugin parses the manifest and spawns hotspots; the models plugin loads
//! the glTF files and hands them to the loading tracker, which reports
//! [`events::SceneReady`] or [`events::ViewerFailed`]; the hotspot, language and camera plugins react
//! to visitor actions; the web bridge mirrors everything to `window.pavilion`.

// Bevy systems take their world access as parameters; long lists and
// nested query filters are the normal shape, not a smell.
#![allow(clippy::too_many_arguments, clippy::type_complexity)]

// The GPU-free part: built natively (the tests) and for the browser.
pub mod authoring;
pub mod camera;
pub mod events;
pub mod fonts;
pub mod hotspots;
pub mod language;
pub mod loading;
pub mod pacing;
pub mod scene;
pub mod text;
pub mod tours;
pub mod visitor;
pub mod web_bridge;

// What needs the renderer, glTF loading or bevy_egui (the `render` feature,
// which the browser build turns on).
#[cfg(feature = "render")]
pub mod compressed_gltf;
#[cfg(feature = "render")]
pub mod lighting;
#[cfg(feature = "render")]
pub mod models;
#[cfg(feature = "render")]
pub mod picture;

use bevy::prelude::*;

/// The plugins that need neither a GPU nor a window: the content side of
/// the viewer. Headless tests use exactly this set.
pub struct ContentPlugins;

impl Plugin for ContentPlugins {
    fn build(&self, app: &mut App) {
        app.add_plugins((
            events::plugin,
            scene::plugin,
            language::plugin,
            hotspots::plugin,
            tours::plugin,
            visitor::plugin,
            pacing::plugin,
        ));
    }
}
