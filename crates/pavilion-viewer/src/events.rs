//! The viewer's shared vocabulary: the events plugins send each other and
//! the overall status. Each event is handled by observers in the plugin that
//! owns the matching state.

use bevy::prelude::*;
use pavilion_content::manifest::Viewpoint;
use serde::Serialize;

pub fn plugin(app: &mut App) {
    app.init_resource::<ViewerStatus>()
        .init_resource::<InterfaceFocus>()
        .add_observer(on_failed)
        .add_observer(on_ready);
}

/// Whether the interface drawn over the scene (egui today) has the pointer
/// or the keyboard this frame, so the camera, tours and authoring leave
/// that input alone. Written by the `ui` plugin; without it (headless
/// tests) the scene has all input.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InterfaceFocus {
    pub pointer: bool,
    pub keyboard: bool,
}

/// Load a scene from manifest text (fetched by the page, or given by a test).
#[derive(Event, Debug, Clone)]
pub struct LoadScene {
    /// Absolute URL of the manifest; relative paths inside it resolve against it.
    pub url: String,
    pub text: String,
    /// Languages the visitor asked for, most preferred first (`?lang=`, then the browser's).
    pub requested: Vec<String>,
    /// Where the visitor's link asks to start, once the scene is ready.
    pub link: DeepLink,
    /// Authoring mode (`?author=1`).
    pub author: bool,
    /// The sites the scene's models, pictures and environment maps may come
    /// from (`'self'`: the scene's own), as the page's owner narrowed them;
    /// `None`: any http(s) site.
    pub asset_origins: Option<Vec<String>>,
    /// A reload of the same scene after its file changed: keep the camera,
    /// and if the new text has errors keep showing the old scene.
    pub reload: bool,
}

/// Where a shared link asks the viewer to start (`?hotspot=`, `?view=`,
/// `?camera=`, `?tour=` with `&step=`), read and range-checked by the
/// content model.
pub use pavilion_content::command::DeepLink;

/// Something went wrong that stops the scene from being shown.
#[derive(Event, Debug, Clone, PartialEq, Serialize)]
pub struct ViewerFailed {
    /// Stable machine-readable code, e.g. `scene-invalid`, `model-load-failed`.
    pub code: String,
    /// What happened, in words, naming the file and field where possible.
    pub message: String,
}

/// The scene has rendered: models, bounds, camera and the first frames.
#[derive(Event, Debug, Clone, Copy)]
pub struct SceneReady;

/// After [`SceneReady`], the visitor's interface has been drawn over the
/// scene often enough to take input: a click at a marker's reported place
/// opens it. This is when the page's `ready` resolves.
#[derive(Event, Debug, Clone, Copy)]
pub struct InterfaceReady;

#[derive(Event, Debug, Clone)]
pub struct OpenHotspot {
    pub id: String,
}

#[derive(Event, Debug, Clone, Copy)]
pub struct CloseHotspot;

/// Step to the previous (-1) or next (+1) hotspot in the scene's order.
#[derive(Event, Debug, Clone, Copy)]
pub struct StepHotspot(pub i32);

#[derive(Event, Debug, Clone)]
pub struct SetLanguage {
    pub tag: String,
}

/// Announcements other plugins (and the page) follow.
#[derive(Event, Debug, Clone)]
pub enum Announce {
    HotspotOpened {
        id: String,
    },
    HotspotClosed {
        id: String,
    },
    LanguageChanged {
        language: String,
    },
    /// A live reload found errors; the previous scene stays.
    ReloadFailed {
        message: String,
    },
    /// A tour entered a step (0-based).
    TourStep {
        tour: String,
        step: usize,
    },
    TourEnded {
        tour: String,
    },
}

/// Move the camera smoothly to a viewpoint.
#[derive(Event, Debug, Clone, Copy)]
pub struct FlyTo(pub Viewpoint);

/// Put the camera at a viewpoint, flying there (`animate`) or at once
/// (`pavilion.setCamera`, a shared link's `&camera=`). With reduced motion
/// every flight is a cut.
#[derive(Event, Debug, Clone, Copy, PartialEq)]
pub struct SetCamera {
    pub view: Viewpoint,
    pub animate: bool,
}

/// Move the camera back to the scene's first view.
#[derive(Event, Debug, Clone, Copy)]
pub struct ResetView;

/// The visitor asked their system for less motion
/// (`prefers-reduced-motion: reduce`, which the page reports): the camera
/// cuts to viewpoints (tour steps, hotspots, reset) instead of flying.
#[derive(Event, Debug, Clone, Copy)]
pub struct SetReducedMotion(pub bool);

/// Asks the page to put text on the system clipboard (egui's own clipboard
/// does not reach the browser's). The web bridge observes it; no feature
/// imports the bridge.
#[derive(Event, Debug, Clone)]
pub struct CopyText(pub String);

/// Asks the page to save a file for the visitor (the edited scene in
/// authoring mode). The web bridge observes it.
#[derive(Event, Debug, Clone)]
pub struct SaveFile {
    pub name: String,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Loading,
    Ready,
    Error,
}

#[derive(Resource, Debug, Clone, Default)]
pub struct ViewerStatus {
    pub status: Status,
    pub error: Option<ViewerFailed>,
}

fn on_failed(ev: On<ViewerFailed>, mut status: ResMut<ViewerStatus>) {
    error!("{}: {}", ev.code, ev.message);
    // The first error is the one to show; later ones are usually its echoes.
    if status.status != Status::Error {
        status.status = Status::Error;
        status.error = Some(ev.event().clone());
    }
}

fn on_ready(_: On<SceneReady>, mut status: ResMut<ViewerStatus>) {
    if status.status == Status::Loading {
        status.status = Status::Ready;
    }
}
