//! Named viewpoints and guided tours. A tour is a list of steps; entering a
//! step opens its hotspot (or closes the panel), flies the camera to its
//! viewpoint (or the hotspot's own) and shows its caption. A playing tour
//! moves on after each step's duration and stops at the last step; the
//! visitor pauses, resumes, steps back and forth or ends it, and grabbing
//! the camera pauses it (Sketchfab's annotation tours do the same).
//! A shared link's start (`?tour=`, `?view=`, `?hotspot=`) is followed here
//! too, since a tour step is itself a view and a hotspot.

use bevy::input::touch::Touches;
use bevy::prelude::*;
use pavilion_content::command::TourAction;
use serde::Serialize;

use crate::events::{Announce, CloseHotspot, FlyTo, InterfaceFocus, OpenHotspot, SceneReady, SetCamera};
use crate::pacing::Pacing;
use crate::scene::{ActiveScene, SceneParsed, SceneWarnings};

pub fn plugin(app: &mut App) {
    app.init_resource::<TourPlayer>()
        .add_observer(on_start)
        .add_observer(on_control)
        .add_observer(on_go_to_viewpoint)
        .add_observer(reset_on_new_scene)
        .add_observer(follow_link_when_ready)
        .add_systems(
            Update,
            (pause_on_camera_input, advance).chain().run_if(resource_exists::<ActiveScene>),
        );
}

/// The tour being shown, if any.
#[derive(Resource, Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TourPlayer {
    #[serde(rename = "id")]
    pub tour: Option<String>,
    /// 0-based index of the current step.
    pub step: usize,
    /// Number of steps of the tour.
    pub steps: usize,
    pub playing: bool,
    /// Seconds spent on the current step while playing.
    #[serde(skip)]
    pub elapsed: f32,
    /// The frame time up to which `elapsed` is counted; `None` when a step
    /// has just been entered or resumed, so its clock starts with the first
    /// frame that shows it (the frame before may have stalled for seconds,
    /// e.g. while the page took a screenshot, and must not count).
    #[serde(skip)]
    clock: Option<std::time::Duration>,
    /// Where the camera goes one frame after a hotspot opened (opening a
    /// hotspot flies to the hotspot's view; this wins): a step's or a link's
    /// viewpoint, flown to, or a link's camera, taken at once.
    #[serde(skip)]
    pending_camera: Option<SetCamera>,
}

/// Start a tour at a step (0-based), playing.
#[derive(Event, Debug, Clone)]
pub struct StartTour {
    pub id: String,
    pub step: usize,
}

/// The visitor's tour controls (the tour bar's buttons, the page's
/// `pavilion.tour`), as the page sends them.
#[derive(Event, Debug, Clone, Copy, PartialEq, Eq)]
pub struct TourControl(pub TourAction);

/// Fly to one of the scene's named viewpoints.
#[derive(Event, Debug, Clone)]
pub struct GoToViewpoint {
    pub id: String,
}

fn reset_on_new_scene(_: On<SceneParsed>, mut player: ResMut<TourPlayer>) {
    *player = TourPlayer::default();
}

/// Follows the visitor's link once the scene is ready: a tour starts at its
/// step (playing), or the hotspot opens and/or the camera goes to the view
/// (the view wins over the hotspot's own, as in a tour step). An id the
/// scene lacks is reported in the scene's warnings and the rest still shown.
fn follow_link_when_ready(
    _: On<SceneReady>,
    mut scene: ResMut<ActiveScene>,
    mut player: ResMut<TourPlayer>,
    mut warnings: ResMut<SceneWarnings>,
    mut commands: Commands,
) {
    let link = std::mem::take(&mut scene.pending_link);
    let camera = link.camera_view();
    let m = &scene.manifest;
    let mut unknown = |param: &str, what: &str, id: &str| {
        let message = format!("{}: the link's ?{param}={id} names no {what} of this scene", scene.file());
        warn!("{message}");
        warnings.0.push(message);
    };
    if let Some(id) = &link.tour {
        if let Some(tour) = m.tour(id).filter(|t| !t.steps.is_empty()) {
            let step = link.step_index(tour.steps.len()).unwrap_or_else(|problem| {
                let message = format!("{}: {problem}; starting at step 1", scene.file());
                warn!("{message}");
                warnings.0.push(message);
                0
            });
            commands.trigger(StartTour { id: id.clone(), step });
            return;
        }
        unknown("tour", "tour", id);
    }
    if let Some(id) = link.hotspot {
        match m.hotspot(&id) {
            Some(_) => commands.trigger(OpenHotspot { id }),
            None => unknown("hotspot", "hotspot", &id),
        }
    }
    if let Some(id) = link.view {
        match m.viewpoint(&id) {
            // Flown a frame later, after the hotspot's own flight.
            Some(v) => {
                player.pending_camera = Some(SetCamera {
                    view: v.view(),
                    animate: true,
                })
            }
            None => unknown("view", "viewpoint", &id),
        }
    }
    // The sender's camera, exactly: it wins over the view.
    match camera {
        Some(Ok(view)) => player.pending_camera = Some(SetCamera { view, animate: false }),
        Some(Err(problem)) => {
            let message = format!("{}: {problem}", scene.file());
            warn!("{message}");
            warnings.0.push(message);
        }
        None => {}
    }
}

fn on_go_to_viewpoint(ev: On<GoToViewpoint>, scene: Option<Res<ActiveScene>>, mut commands: Commands) {
    match scene.as_ref().and_then(|s| s.manifest.viewpoint(&ev.id)) {
        Some(v) => commands.trigger(FlyTo(v.view())),
        None => warn!("goToViewpoint: the scene has no viewpoint \"{}\"", ev.id),
    }
}

fn on_start(ev: On<StartTour>, scene: Option<Res<ActiveScene>>, mut player: ResMut<TourPlayer>, mut commands: Commands) {
    let Some(tour) = scene.as_ref().and_then(|s| s.manifest.tour(&ev.id)) else {
        warn!("startTour: the scene has no tour \"{}\"", ev.id);
        return;
    };
    if tour.steps.is_empty() {
        return;
    }
    player.tour = Some(tour.id.clone());
    player.steps = tour.steps.len();
    player.playing = true;
    enter_step(&mut player, ev.step.min(tour.steps.len() - 1), scene.as_deref(), &mut commands);
}

fn on_control(ev: On<TourControl>, scene: Option<Res<ActiveScene>>, mut player: ResMut<TourPlayer>, mut commands: Commands) {
    let Some(id) = player.tour.clone() else { return };
    let last = player.steps.saturating_sub(1);
    match ev.event().0 {
        TourAction::Play => play(&mut player, scene.as_deref(), &mut commands),
        TourAction::Pause => player.playing = false,
        TourAction::Toggle if player.playing => player.playing = false,
        TourAction::Toggle => play(&mut player, scene.as_deref(), &mut commands),
        TourAction::Next if player.step < last => {
            let step = player.step + 1;
            enter_step(&mut player, step, scene.as_deref(), &mut commands);
        }
        TourAction::Previous if player.step > 0 => {
            let step = player.step - 1;
            enter_step(&mut player, step, scene.as_deref(), &mut commands);
        }
        TourAction::Next | TourAction::Previous => {}
        TourAction::End => {
            *player = TourPlayer::default();
            commands.trigger(Announce::TourEnded { tour: id });
        }
    }
}

/// Resumes; at the end of the last step, plays again from the start.
fn play(player: &mut TourPlayer, scene: Option<&ActiveScene>, commands: &mut Commands) {
    player.playing = true;
    player.clock = None;
    let finished = player.step + 1 >= player.steps && player.elapsed >= current_seconds(player, scene);
    if finished {
        enter_step(player, 0, scene, commands);
    }
}

fn current_seconds(player: &TourPlayer, scene: Option<&ActiveScene>) -> f32 {
    scene
        .and_then(|s| s.manifest.tour(player.tour.as_deref()?))
        .and_then(|t| t.steps.get(player.step))
        .map_or(pavilion_content::manifest::DEFAULT_STEP_SECONDS, |s| s.seconds())
}

fn enter_step(player: &mut TourPlayer, step: usize, scene: Option<&ActiveScene>, commands: &mut Commands) {
    let Some(m) = scene.map(|s| &s.manifest) else { return };
    let Some(tour) = player.tour.as_deref().and_then(|id| m.tour(id)) else {
        return;
    };
    let Some(s) = tour.steps.get(step) else { return };
    player.step = step;
    player.elapsed = 0.0;
    player.clock = None;
    match &s.hotspot {
        Some(id) => commands.trigger(OpenHotspot { id: id.clone() }),
        None => commands.trigger(CloseHotspot),
    }
    player.pending_camera = s.viewpoint.as_deref().and_then(|v| m.viewpoint(v)).map(|v| SetCamera {
        view: v.view(),
        animate: true,
    });
    commands.trigger(Announce::TourStep {
        tour: tour.id.clone(),
        step,
    });
}

/// Grabbing the camera (a press on the scene, not on the interface) pauses.
fn pause_on_camera_input(
    mut player: ResMut<TourPlayer>,
    buttons: Option<Res<ButtonInput<MouseButton>>>,
    touches: Option<Res<Touches>>,
    focus: Res<InterfaceFocus>,
) {
    if !player.playing || focus.pointer {
        return;
    }
    let pressed = buttons.is_some_and(|b| b.get_just_pressed().next().is_some()) || touches.is_some_and(|t| t.any_just_pressed());
    if pressed {
        player.playing = false;
    }
}

/// Flies to a step's viewpoint and moves a playing tour on when its step's
/// time is up. Durations are wall-clock seconds: virtual time would stretch
/// them on a device that draws few frames a second (it caps each frame's step).
fn advance(time: Res<Time<Real>>, pacing: Res<Pacing>, scene: Res<ActiveScene>, mut player: ResMut<TourPlayer>, mut commands: Commands) {
    // Read before writing: a still player is not a changed one (frame
    // pacing draws while the player changes).
    if player.pending_camera.is_some()
        && let Some(camera) = player.pending_camera.take()
    {
        commands.trigger(camera);
    }
    if !player.playing || player.tour.is_none() {
        return;
    }
    let now = time.elapsed();
    // (A step does not count the time the viewer slept before it started.)
    let counted = pacing.step(player.clock.replace(now).map_or(0.0, |then| (now - then).as_secs_f32()));
    let seconds = current_seconds(&player, Some(&scene));
    player.elapsed = (player.elapsed + counted).min(seconds);
    if player.elapsed < seconds {
        return;
    }
    if player.step + 1 < player.steps {
        let step = player.step + 1;
        enter_step(&mut player, step, Some(&scene), &mut commands);
    } else {
        // The last step stays on screen; the tour waits to be replayed or ended.
        player.playing = false;
    }
}
