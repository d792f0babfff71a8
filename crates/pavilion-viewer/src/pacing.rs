//! Frame pacing: the viewer draws while something on screen changes and
//! stops drawing when the scene is still, as a page should (model-viewer
//! does the same). An idle viewer on a phone then costs no GPU time and no
//! battery, and a page with several viewers pays only for the one in use.
//!
//! The browser build runs Bevy in reactive mode (`main.rs`): a frame
//! happens for window input (pointer, keys, resize, focus), for a command
//! from the page (the web bridge wakes the loop), or when the last frame
//! asked for another with [`RequestRedraw`]. This plugin asks for one
//! while anything moves or loads (see [`busy`]), and for a few frames more
//! after the last change ([`Pacing::SETTLE_FRAMES`]) so views that follow
//! a frame behind (marker places, the page's views, the first render after
//! a load) catch up. Features need not know about it; one that animates
//! something new either shows it in a state read here or calls
//! [`Pacing::keep_drawing`].

use bevy::input::touch::Touches;
use bevy::prelude::*;
use bevy::window::RequestRedraw;

use crate::camera::OrbitCamera;
use crate::events::{Status, ViewerStatus};
use crate::hotspots::OpenHotspotId;
use crate::language::CurrentLanguage;
use crate::tours::TourPlayer;

pub fn plugin(app: &mut App) {
    app.init_resource::<Pacing>()
        .add_message::<RequestRedraw>()
        .add_systems(Last, decide.in_set(PacingDecision));
}

/// Where the frame's decision to draw another is taken (at the end of
/// `Last`, after every view went to the page).
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct PacingDecision;

/// Whether the viewer keeps drawing, and whether this frame follows a pause.
#[derive(Resource, Debug)]
pub struct Pacing {
    /// Frames still to draw after the last change.
    settle: u32,
    /// The last frame asked for another.
    drawing: bool,
    /// Frames left that follow a pause: their time since the last frame
    /// is time the viewer slept, not time anything moved. Two, because in
    /// the browser a frame's clock is the instant the previous frame's
    /// render ended (Bevy's render world sends it back), so the pause shows
    /// in the second frame after it, not the first.
    resumed: u8,
}

impl Default for Pacing {
    fn default() -> Self {
        Pacing {
            settle: Self::SETTLE_FRAMES,
            drawing: true,
            resumed: 0,
        }
    }
}

impl Pacing {
    /// Frames drawn after the last change before the viewer rests.
    pub const SETTLE_FRAMES: u32 = 4;
    /// The longest step a frame after a pause counts (one frame at 60 Hz).
    pub const RESUME_STEP: f32 = 1.0 / 60.0;

    /// Something changed that the next frames must show.
    pub fn keep_drawing(&mut self) {
        self.settle = Self::SETTLE_FRAMES;
    }

    /// The last frame asked for another.
    pub fn drawing(&self) -> bool {
        self.drawing
    }

    /// Seconds of motion this frame: the time since the last frame, except
    /// after a pause, when it is one short step (a key pressed after a
    /// minute's rest turns the camera by a frame's worth, not a jump).
    pub fn step_secs(&self, time: &Time) -> f32 {
        self.step(time.delta_secs())
    }

    /// `dt`, a frame's time by any clock, without the time the viewer slept.
    pub fn step(&self, dt: f32) -> f32 {
        if self.resumed > 0 { dt.min(Self::RESUME_STEP) } else { dt }
    }
}

/// What keeps the viewer drawing: a scene loading, a camera moving towards
/// its goal, a playing tour, keys, buttons or fingers held down.
fn busy(
    status: &ViewerStatus,
    cameras: &Query<&OrbitCamera>,
    tour: &TourPlayer,
    keys: Option<&ButtonInput<KeyCode>>,
    buttons: Option<&ButtonInput<MouseButton>>,
    touches: Option<&Touches>,
) -> bool {
    status.status == Status::Loading
        || cameras.iter().any(|c| !c.at_rest())
        || tour.playing
        || keys.is_some_and(|k| k.get_pressed().next().is_some())
        || buttons.is_some_and(|b| b.get_pressed().next().is_some())
        || touches.is_some_and(|t| t.iter().next().is_some())
}

fn decide(
    mut pacing: ResMut<Pacing>,
    status: Res<ViewerStatus>,
    cameras: Query<&OrbitCamera>,
    tour: Res<TourPlayer>,
    open: Res<OpenHotspotId>,
    language: Res<CurrentLanguage>,
    keys: Option<Res<ButtonInput<KeyCode>>>,
    buttons: Option<Res<ButtonInput<MouseButton>>>,
    touches: Option<Res<Touches>>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    let changed = status.is_changed() || tour.is_changed() || open.is_changed() || language.is_changed();
    if changed || busy(&status, &cameras, &tour, keys.as_deref(), buttons.as_deref(), touches.as_deref()) {
        pacing.keep_drawing();
    }
    let draw = pacing.settle > 0;
    pacing.settle = pacing.settle.saturating_sub(1);
    pacing.drawing = draw;
    pacing.resumed = if draw { pacing.resumed.saturating_sub(1) } else { 2 };
    if draw {
        redraw.write(RequestRedraw);
    }
}

/// The longest the browser viewer sleeps without input, a page command or
/// a frame asking for another: a last resort, never what makes a change
/// show (the browser tests would see the wait).
pub const IDLE_WAKE: std::time::Duration = std::time::Duration::from_secs(60);

/// Bevy's loop in the browser: reactive, ignoring pointer motion elsewhere
/// on the page (a museum's page scrolls and is read around the viewer).
#[cfg(target_arch = "wasm32")]
pub fn winit_settings() -> bevy::winit::WinitSettings {
    let mode = bevy::winit::UpdateMode::reactive_low_power(IDLE_WAKE);
    bevy::winit::WinitSettings {
        focused_mode: mode,
        unfocused_mode: mode,
    }
}
