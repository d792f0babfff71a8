//! The viewer's shared vocabulary: the events plugins send each other and
//! the overall status. Each event is handled by observers in the plugin that
//! owns the matching state.

use bevy::prelude::*;
use pavilion_content::manifest::Viewpoint;
use serde::{Deserialize, Serialize};

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

/// Where a shared link asks the viewer to start: `?hotspot=`, `?view=`,
/// `?camera=`, `?tour=` with `&step=`. A tour wins over the others (its
/// steps say what to open and where to look); with a hotspot and a view, the
/// hotspot opens and the camera shows the view, as in a tour step; a camera
/// wins over a view and is taken at once, not flown to (the link restores
/// what its sender saw).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct DeepLink {
    /// A hotspot to open.
    pub hotspot: Option<String>,
    /// A named viewpoint to show.
    pub view: Option<String>,
    /// A tour to start, playing.
    pub tour: Option<String>,
    /// The tour's step to start at, as the link writes it: counted from 1
    /// as the tour bar shows it, checked against the tour by [`Self::step_index`].
    pub step: Option<String>,
    /// The camera, as the link writes it (`x,y,z,tx,ty,tz,fov`), read by
    /// [`Self::camera_view`].
    pub camera: Option<String>,
}

impl DeepLink {
    /// The same link without empty ids (`?view=` with nothing after it).
    pub fn cleaned(&self) -> Self {
        let keep = |id: &Option<String>| id.clone().filter(|s| !s.trim().is_empty());
        Self {
            hotspot: keep(&self.hotspot),
            view: keep(&self.view),
            tour: keep(&self.tour),
            step: self.step.clone(),
            camera: keep(&self.camera),
        }
    }

    /// The viewpoint `&camera=` gives: the eye's x,y,z, the target's x,y,z
    /// and optionally the vertical field of view in degrees, in scene units,
    /// comma-separated (what `pavilion.shareUrl()` writes). `None` without
    /// one; an error to report for anything else.
    pub fn camera_view(&self) -> Option<Result<Viewpoint, String>> {
        let text = self.camera.as_deref()?.trim();
        let problem = |why: &str| {
            Err(format!(
                "the link's &camera={} {why}; it takes the eye's x,y,z, the target's x,y,z and optionally the field of view in degrees",
                text.chars().take(80).collect::<String>()
            ))
        };
        let numbers: Result<Vec<f32>, _> = text.split(',').map(|n| n.trim().parse::<f32>()).collect();
        let Ok(numbers) = numbers else {
            return Some(problem("is not a list of numbers"));
        };
        if !(6..=7).contains(&numbers.len()) {
            return Some(problem(&format!("has {} numbers, not 6 or 7", numbers.len())));
        }
        if numbers.iter().any(|n| !n.is_finite()) {
            return Some(problem("has a number too large for the viewer"));
        }
        let fov = numbers.get(6).copied();
        if fov.is_some_and(|f| !(1.0..=179.0).contains(&f)) {
            return Some(problem("has a field of view outside 1..179 degrees"));
        }
        let position = [numbers[0], numbers[1], numbers[2]];
        let target = [numbers[3], numbers[4], numbers[5]];
        if position == target {
            return Some(problem("puts the eye on its target"));
        }
        Some(Ok(Viewpoint { position, target, fov }))
    }

    /// The 0-based step of a tour of `steps` steps the link asks for; the
    /// first step if it names none. A step the tour does not have
    /// (`&step=0`, `&step=5000000001`, `&step=two`) is an error to report.
    pub fn step_index(&self, steps: usize) -> Result<usize, String> {
        let Some(text) = self.step.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok(0);
        };
        match text.parse::<u64>() {
            Ok(n) if n >= 1 && n <= steps as u64 => Ok(n as usize - 1),
            _ => Err(format!(
                "the link's &step={text} is not a step of the tour (it has {steps}, counted from 1)"
            )),
        }
    }
}

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
