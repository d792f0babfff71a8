//! The orbit camera: mouse, touch and keyboard control with damping and
//! limits, framing the scene from its bounds, flying to viewpoints.

use std::f32::consts::{FRAC_PI_2, PI};

use bevy::input::mouse::{AccumulatedMouseMotion, AccumulatedMouseScroll, MouseScrollUnit};
use bevy::input::touch::Touches;
use bevy::prelude::*;
use pavilion_content::manifest::Viewpoint;

use crate::events::{FlyTo, InterfaceFocus, ResetView, SetCamera, SetReducedMotion};
use crate::pacing::Pacing;

pub fn plugin(app: &mut App) {
    app.init_resource::<SceneBounds>()
        .init_resource::<ReducedMotion>()
        .add_observer(|ev: On<SetReducedMotion>, mut m: ResMut<ReducedMotion>| m.0 = ev.0)
        .add_systems(Startup, spawn_camera)
        .add_systems(Update, (pointer_input, touch_input, keyboard_input, apply_orbit).chain())
        .add_observer(on_fly_to)
        .add_observer(on_set_camera)
        .add_observer(on_reset)
        .add_observer(on_bounds);
}

/// Flights are cuts: the visitor's system asks for reduced motion.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReducedMotion(pub bool);

/// The scene's axis-aligned bounds in scene units, once models have loaded.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq)]
pub struct SceneBounds {
    pub min: Vec3,
    pub max: Vec3,
}

impl SceneBounds {
    pub fn center(&self) -> Vec3 {
        (self.min + self.max) * 0.5
    }
    pub fn radius(&self) -> f32 {
        ((self.max - self.min).length() * 0.5).max(0.01)
    }
}

/// Triggered when the models' bounds are known; the camera frames them.
#[derive(Event, Debug, Clone, Copy)]
pub struct BoundsKnown {
    pub bounds: SceneBounds,
    /// The manifest's first view, if it has one.
    pub initial_view: Option<Viewpoint>,
    /// A live reload: keep the camera where the author left it.
    pub keep_camera: bool,
}

/// An orbit pose: a target point, and the camera's direction and distance from it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Orbit {
    pub target: Vec3,
    /// Rotation about +Y, radians; 0 looks from +Z towards -Z.
    pub yaw: f32,
    /// Elevation above the horizon, radians.
    pub pitch: f32,
    pub distance: f32,
    /// Vertical field of view, radians.
    pub fov: f32,
}

impl Orbit {
    pub fn eye(&self) -> Vec3 {
        let dir = Vec3::new(
            self.yaw.sin() * self.pitch.cos(),
            self.pitch.sin(),
            self.yaw.cos() * self.pitch.cos(),
        );
        self.target + dir * self.distance
    }

    pub fn from_viewpoint(v: &Viewpoint, default_fov: f32) -> Orbit {
        let target = Vec3::from(v.target);
        let offset = Vec3::from(v.position) - target;
        let distance = offset.length().max(1e-3);
        Orbit {
            target,
            yaw: offset.x.atan2(offset.z),
            pitch: (offset.y / distance).clamp(-1.0, 1.0).asin(),
            distance,
            fov: v.fov.map(f32::to_radians).unwrap_or(default_fov),
        }
    }

    /// A pose that shows the whole of `bounds`, slightly from above, as
    /// model-viewer frames a model: the bounding sphere fits the narrower
    /// of the two fields of view.
    pub fn framing(bounds: &SceneBounds, aspect: f32, fov: f32) -> Orbit {
        let radius = bounds.radius();
        let horizontal = 2.0 * ((fov * 0.5).tan() * aspect.max(0.1)).atan();
        let half = 0.5 * fov.min(horizontal);
        Orbit {
            target: bounds.center(),
            yaw: 0.0,
            pitch: 12f32.to_radians(),
            distance: radius / half.sin() * 1.02,
            fov,
        }
    }

    /// Within a ten-thousandth of the viewing distance of `other` (eye and
    /// target) and a hundredth of a degree of its field of view: no
    /// visible difference on any screen.
    pub fn near(&self, other: &Orbit) -> bool {
        let tolerance = 1e-4 * self.distance.max(other.distance);
        self.eye().distance(other.eye()) <= tolerance
            && self.target.distance(other.target) <= tolerance
            && (self.fov - other.fov).abs() <= 0.01f32.to_radians()
    }

    /// Blends towards `goal` by `t` in 0..=1, taking the short way round in yaw.
    pub fn lerp(&self, goal: &Orbit, t: f32) -> Orbit {
        let mut dyaw = (goal.yaw - self.yaw) % (2.0 * PI);
        if dyaw > PI {
            dyaw -= 2.0 * PI;
        } else if dyaw < -PI {
            dyaw += 2.0 * PI;
        }
        Orbit {
            target: self.target.lerp(goal.target, t),
            yaw: self.yaw + dyaw * t,
            pitch: self.pitch + (goal.pitch - self.pitch) * t,
            distance: self.distance * (goal.distance / self.distance).powf(t),
            fov: self.fov + (goal.fov - self.fov) * t,
        }
    }
}

/// Limits derived from the scene's size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OrbitLimits {
    pub min_distance: f32,
    pub max_distance: f32,
    /// The camera stays above this height (the floor).
    pub floor: f32,
    pub target_min: Vec3,
    pub target_max: Vec3,
}

impl OrbitLimits {
    pub fn for_bounds(b: &SceneBounds) -> Self {
        let r = b.radius();
        let margin = Vec3::splat(r * 0.25);
        OrbitLimits {
            min_distance: r * 0.12,
            max_distance: r * 4.0,
            floor: b.min.y + r * 0.02,
            target_min: b.min - margin,
            target_max: b.max + margin,
        }
    }

    /// Makes room for an authored view: its target and distance are kept.
    pub fn widen_to(&mut self, o: &Orbit) {
        self.target_min = self.target_min.min(o.target);
        self.target_max = self.target_max.max(o.target);
        self.max_distance = self.max_distance.max(o.distance);
        self.min_distance = self.min_distance.min(o.distance);
    }

    pub fn clamp(&self, o: &mut Orbit) {
        o.distance = o.distance.clamp(self.min_distance, self.max_distance);
        o.target = o.target.clamp(self.target_min, self.target_max);
        o.pitch = o.pitch.clamp(-FRAC_PI_2 + 0.05, FRAC_PI_2 - 0.05);
        // Keep the eye above the floor by raising the pitch, never by
        // moving the target.
        let min_sin = ((self.floor - o.target.y) / o.distance).clamp(-1.0, 1.0);
        o.pitch = o.pitch.max(min_sin.asin());
    }
}

#[derive(Component, Debug, Clone)]
pub struct OrbitCamera {
    /// What the camera shows now.
    pub current: Orbit,
    /// Where input and fly-to send it; `current` eases towards it.
    pub goal: Orbit,
    /// The first view, for "reset view".
    pub home: Orbit,
    pub limits: OrbitLimits,
    /// A drag in progress that started on the scene (not on the UI).
    dragging: Option<MouseButton>,
    pinch: Option<f32>,
}

impl OrbitCamera {
    /// The camera shows its goal: no flight, drag or damping under way.
    pub fn at_rest(&self) -> bool {
        self.current == self.goal
    }

    /// Clamps the goal and eases the camera towards it over `dt` seconds
    /// (critically damped feel). Close enough to the goal it lands on it, so
    /// a camera at rest stops changing (and the page can tell:
    /// `state().camera.moving`). Returns whether the pose changed.
    pub fn step(&mut self, dt: f32) -> bool {
        let t = 1.0 - (-dt * 8.0).exp();
        let limits = self.limits;
        limits.clamp(&mut self.goal);
        let mut next = self.current.lerp(&self.goal, t);
        if next.near(&self.goal) {
            next = self.goal;
        }
        let changed = next != self.current;
        self.current = next;
        changed
    }
}

impl Default for OrbitCamera {
    fn default() -> Self {
        let o = Orbit {
            target: Vec3::new(0.0, 1.0, 0.0),
            yaw: 0.0,
            pitch: 0.2,
            distance: 5.0,
            fov: 45f32.to_radians(),
        };
        let limits = OrbitLimits::for_bounds(&SceneBounds {
            min: Vec3::splat(-2.0),
            max: Vec3::splat(2.0),
        });
        OrbitCamera {
            current: o,
            goal: o,
            home: o,
            limits,
            dragging: None,
            pinch: None,
        }
    }
}

fn spawn_camera(mut commands: Commands) {
    let orbit = OrbitCamera::default();
    commands.spawn((
        Name::new("Camera"),
        Camera3d::default(),
        Projection::Perspective(PerspectiveProjection {
            fov: orbit.current.fov,
            near: 0.02,
            ..default()
        }),
        Transform::from_translation(orbit.current.eye()).looking_at(orbit.current.target, Vec3::Y),
        orbit,
    ));
}

fn on_bounds(ev: On<BoundsKnown>, mut bounds: ResMut<SceneBounds>, mut cams: Query<(&mut OrbitCamera, &Camera)>) {
    *bounds = ev.bounds;
    for (mut cam, camera) in &mut cams {
        let aspect = camera.logical_viewport_size().map_or(16.0 / 9.0, |s| s.x / s.y.max(1.0));
        let home = match &ev.initial_view {
            Some(v) => Orbit::from_viewpoint(v, 45f32.to_radians()),
            None => Orbit::framing(&ev.bounds, aspect, 45f32.to_radians()),
        };
        let mut limits = OrbitLimits::for_bounds(&ev.bounds);
        limits.max_distance = limits.max_distance.max(home.distance * 1.5);
        limits.min_distance = limits.min_distance.min(home.distance * 0.5);
        // The author's first view is kept as given, even aimed beside the
        // models (a IIIF camera's lookAt may name any point).
        limits.widen_to(&home);
        cam.limits = limits;
        cam.home = home;
        if !ev.keep_camera {
            cam.goal = home;
            cam.current = home;
        }
    }
}

fn on_fly_to(ev: On<FlyTo>, motion: Option<Res<ReducedMotion>>, mut cams: Query<&mut OrbitCamera>) {
    let cut = motion.is_some_and(|m| m.0);
    for mut cam in &mut cams {
        go_to(&mut cam, &ev.0, cut);
    }
}

fn on_set_camera(ev: On<SetCamera>, motion: Option<Res<ReducedMotion>>, mut cams: Query<&mut OrbitCamera>) {
    let cut = !ev.animate || motion.is_some_and(|m| m.0);
    for mut cam in &mut cams {
        go_to(&mut cam, &ev.view, cut);
    }
}

/// Sets the camera's goal to `view`, as given: a viewpoint may come closer
/// than visitors can zoom, or aim beside the models (the limits widen to
/// it); `cut`: there at once.
fn go_to(cam: &mut OrbitCamera, view: &Viewpoint, cut: bool) {
    let mut goal = Orbit::from_viewpoint(view, cam.current.fov);
    cam.limits.widen_to(&goal);
    let limits = cam.limits;
    limits.clamp(&mut goal);
    cam.goal = goal;
    if cut {
        cam.current = goal;
    }
}

fn on_reset(_: On<ResetView>, motion: Option<Res<ReducedMotion>>, mut cams: Query<&mut OrbitCamera>) {
    let cut = motion.is_some_and(|m| m.0);
    for mut cam in &mut cams {
        cam.goal = cam.home;
        if cut {
            cam.current = cam.home;
        }
    }
}

const ORBIT_SPEED: f32 = 0.008; // radians per logical pixel
const ZOOM_STEP: f32 = 0.0015; // per pixel of scroll

fn pan(cam: &mut OrbitCamera, delta: Vec2, viewport_height: f32) {
    let o = &cam.goal;
    let world_per_px = 2.0 * o.distance * (o.fov * 0.5).tan() / viewport_height.max(1.0);
    let right = Vec3::new(o.yaw.cos(), 0.0, -o.yaw.sin());
    let forward = (o.target - o.eye()).normalize_or(Vec3::NEG_Z);
    let up = right.cross(forward).normalize_or(Vec3::Y);
    cam.goal.target += (-right * delta.x + up * delta.y) * world_per_px;
}

fn pointer_input(
    buttons: Res<ButtonInput<MouseButton>>,
    motion: Res<AccumulatedMouseMotion>,
    scroll: Res<AccumulatedMouseScroll>,
    focus: Res<InterfaceFocus>,
    mut cams: Query<(&mut OrbitCamera, &Camera)>,
) {
    let ui_has_pointer = focus.pointer;
    for (mut cam, camera) in &mut cams {
        let height = camera.logical_viewport_size().map_or(720.0, |s| s.y);
        for button in [MouseButton::Left, MouseButton::Right, MouseButton::Middle] {
            if buttons.just_pressed(button) && cam.dragging.is_none() && !ui_has_pointer {
                cam.dragging = Some(button);
            }
        }
        if let Some(button) = cam.dragging {
            if !buttons.pressed(button) {
                cam.dragging = None;
            } else if motion.delta != Vec2::ZERO {
                if button == MouseButton::Left {
                    cam.goal.yaw -= motion.delta.x * ORBIT_SPEED;
                    cam.goal.pitch += motion.delta.y * ORBIT_SPEED;
                } else {
                    pan(&mut cam, motion.delta, height);
                }
            }
        }
        if scroll.delta.y != 0.0 && !ui_has_pointer {
            let pixels = match scroll.unit {
                MouseScrollUnit::Line => scroll.delta.y * 40.0,
                MouseScrollUnit::Pixel => scroll.delta.y,
            };
            cam.goal.distance *= (-pixels * ZOOM_STEP).exp();
        }
    }
}

fn touch_input(touches: Res<Touches>, focus: Res<InterfaceFocus>, mut cams: Query<(&mut OrbitCamera, &Camera)>) {
    let active: Vec<_> = touches.iter().collect();
    let ui_has_pointer = focus.pointer;
    for (mut cam, camera) in &mut cams {
        let height = camera.logical_viewport_size().map_or(720.0, |s| s.y);
        match active.as_slice() {
            [one] if !ui_has_pointer => {
                cam.pinch = None;
                let d = one.delta();
                cam.goal.yaw -= d.x * ORBIT_SPEED;
                cam.goal.pitch += d.y * ORBIT_SPEED;
            }
            [a, b, ..] => {
                let spread = a.position().distance(b.position());
                if let Some(previous) = cam.pinch
                    && spread > 1.0
                    && previous > 1.0
                {
                    cam.goal.distance *= previous / spread;
                }
                cam.pinch = Some(spread);
                let mid_delta = (a.delta() + b.delta()) * 0.5;
                pan(&mut cam, mid_delta, height);
            }
            _ => cam.pinch = None,
        }
    }
}

fn keyboard_input(
    keys: Res<ButtonInput<KeyCode>>,
    time: Res<Time>,
    pacing: Res<Pacing>,
    focus: Res<InterfaceFocus>,
    mut cams: Query<&mut OrbitCamera>,
    mut commands: Commands,
) {
    if focus.keyboard {
        return;
    }
    let dt = pacing.step_secs(&time);
    let shift = keys.any_pressed([KeyCode::ShiftLeft, KeyCode::ShiftRight]);
    for mut cam in &mut cams {
        let mut axis = Vec2::ZERO;
        if keys.pressed(KeyCode::ArrowLeft) {
            axis.x -= 1.0;
        }
        if keys.pressed(KeyCode::ArrowRight) {
            axis.x += 1.0;
        }
        if keys.pressed(KeyCode::ArrowUp) {
            axis.y += 1.0;
        }
        if keys.pressed(KeyCode::ArrowDown) {
            axis.y -= 1.0;
        }
        if shift {
            let d = cam.goal.distance;
            let right = Vec3::new(cam.goal.yaw.cos(), 0.0, -cam.goal.yaw.sin());
            cam.goal.target += (right * axis.x + Vec3::Y * axis.y) * d * 0.6 * dt;
        } else {
            cam.goal.yaw += axis.x * 1.6 * dt;
            cam.goal.pitch += axis.y * 1.2 * dt;
        }
        if keys.any_pressed([KeyCode::Equal, KeyCode::NumpadAdd, KeyCode::PageUp]) {
            cam.goal.distance *= (-1.5 * dt).exp();
        }
        if keys.any_pressed([KeyCode::Minus, KeyCode::NumpadSubtract, KeyCode::PageDown]) {
            cam.goal.distance *= (1.5 * dt).exp();
        }
    }
    if keys.just_pressed(KeyCode::Home) {
        commands.trigger(ResetView);
    }
}

/// Eases each camera towards its goal and places it.
fn apply_orbit(time: Res<Time>, pacing: Res<Pacing>, mut cams: Query<(&mut OrbitCamera, &mut Transform, &mut Projection)>) {
    // After a pause the first step is short: a flight asked for by a click
    // after a minute's rest starts at its start, not most of the way there.
    let dt = pacing.step_secs(&time);
    for (mut cam, mut transform, mut projection) in &mut cams {
        if !cam.step(dt) && transform.translation == cam.current.eye() {
            continue;
        }
        let now = cam.current;
        *transform = Transform::from_translation(now.eye()).looking_at(now.target, Vec3::Y);
        if let Projection::Perspective(p) = projection.as_mut()
            && (p.fov - now.fov).abs() > 1e-5
        {
            p.fov = now.fov;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bounds() -> SceneBounds {
        SceneBounds {
            min: Vec3::new(-1.0, 0.0, -0.5),
            max: Vec3::new(1.0, 2.1, 0.5),
        }
    }

    #[test]
    fn framing_shows_the_whole_bounding_sphere() {
        let b = bounds();
        for aspect in [0.5, 1.0, 16.0 / 9.0] {
            let o = Orbit::framing(&b, aspect, 45f32.to_radians());
            let eye = o.eye();
            let dist_to_center = eye.distance(b.center());
            let vertical = (b.radius() / dist_to_center).asin();
            assert!(vertical <= o.fov * 0.5 + 1e-4, "aspect {aspect}");
            assert!(o.eye().y > b.min.y);
        }
    }

    #[test]
    fn framing_scales_with_units() {
        let mm = SceneBounds {
            min: Vec3::ZERO,
            max: Vec3::new(800.0, 2118.0, 700.0),
        };
        let m = SceneBounds {
            min: Vec3::ZERO,
            max: Vec3::new(0.8, 2.118, 0.7),
        };
        let a = Orbit::framing(&mm, 1.5, 0.8);
        let b = Orbit::framing(&m, 1.5, 0.8);
        assert!((a.distance / b.distance - 1000.0).abs() < 0.01);
    }

    #[test]
    fn with_reduced_motion_a_flight_is_a_cut() {
        let v = Viewpoint {
            position: [1.0, 2.0, 3.0],
            target: [0.0, 1.0, 0.0],
            fov: None,
        };
        for reduced in [false, true] {
            let mut world = World::new();
            world.insert_resource(ReducedMotion(reduced));
            world.add_observer(on_fly_to);
            world.add_observer(on_reset);
            let mut start = OrbitCamera::default();
            start.home.distance *= 2.0;
            let cam = world.spawn(start).id();
            world.trigger(FlyTo(v));
            let c = world.get::<OrbitCamera>(cam).unwrap();
            assert_eq!(c.at_rest(), reduced, "reduced motion {reduced}: the camera is already there");
            assert!(c.goal.eye().distance(Vec3::new(1.0, 2.0, 3.0)) < 1e-3);
            world.trigger(ResetView);
            assert_eq!(world.get::<OrbitCamera>(cam).unwrap().at_rest(), reduced);
        }
    }

    #[test]
    fn a_camera_set_without_animation_is_there_at_once_and_with_it_flies() {
        let v = Viewpoint {
            position: [1.0, 2.0, 3.0],
            target: [0.0, 1.0, 0.0],
            fov: Some(30.0),
        };
        for animate in [false, true] {
            let mut world = World::new();
            world.insert_resource(ReducedMotion(false));
            world.add_observer(on_set_camera);
            let mut start = OrbitCamera::default();
            start.home.distance *= 2.0;
            start.current = start.home;
            let cam = world.spawn(start).id();
            world.trigger(SetCamera { view: v, animate });
            let c = world.get::<OrbitCamera>(cam).unwrap();
            assert_eq!(c.at_rest(), !animate, "animate {animate}");
            assert!(c.goal.eye().distance(Vec3::new(1.0, 2.0, 3.0)) < 1e-4);
            assert!(c.goal.target.distance(Vec3::new(0.0, 1.0, 0.0)) < 1e-4);
            assert!((c.goal.fov - 30f32.to_radians()).abs() < 1e-6);
        }
    }

    #[test]
    fn viewpoint_round_trip() {
        let v = Viewpoint {
            position: [1.0, 2.0, 3.0],
            target: [0.0, 1.0, 0.0],
            fov: Some(40.0),
        };
        let o = Orbit::from_viewpoint(&v, 0.7);
        assert!(o.eye().distance(Vec3::new(1.0, 2.0, 3.0)) < 1e-4);
        assert!((o.fov - 40f32.to_radians()).abs() < 1e-6);
    }

    #[test]
    fn limits_keep_camera_above_floor_and_zoom_in_range() {
        let b = bounds();
        let limits = OrbitLimits::for_bounds(&b);
        let mut o = Orbit {
            target: b.center(),
            yaw: 0.3,
            pitch: -1.2,
            distance: 1000.0,
            fov: 0.8,
        };
        limits.clamp(&mut o);
        assert_eq!(o.distance, limits.max_distance);
        assert!(o.eye().y >= limits.floor - 1e-4);
        o.distance = 0.0001;
        limits.clamp(&mut o);
        assert_eq!(o.distance, limits.min_distance);
        o.target = Vec3::splat(100.0);
        limits.clamp(&mut o);
        assert!(o.target.cmple(limits.target_max).all());
    }

    #[test]
    fn an_authored_view_aimed_beside_the_models_is_kept() {
        let b = bounds();
        let mut cam = OrbitCamera {
            limits: OrbitLimits::for_bounds(&b),
            ..default()
        };
        // A IIIF camera at (0, 3, -10) looking at (2, 1, 0), beside a model.
        let target = Vec3::new(b.max.x + 5.0, 1.0, 0.0);
        let view = Viewpoint {
            position: (target + Vec3::new(-2.0, 2.0, -10.0)).to_array(),
            target: target.to_array(),
            fov: None,
        };
        go_to(&mut cam, &view, true);
        for _ in 0..10 {
            cam.step(1.0 / 30.0);
        }
        assert!(cam.current.target.distance(target) < 1e-4, "{:?}", cam.current.target);
        assert!(cam.current.eye().distance(Vec3::from(view.position)) < 1e-3);
        // A visitor's pan far away is still held in.
        cam.goal.target = Vec3::splat(1000.0);
        cam.step(1.0 / 30.0);
        assert!(cam.goal.target.cmple(cam.limits.target_max).all());
    }

    #[test]
    fn a_flight_comes_to_rest_on_its_goal() {
        let b = bounds();
        let mut cam = OrbitCamera {
            limits: OrbitLimits::for_bounds(&b),
            ..default()
        };
        cam.current = Orbit::framing(&b, 1.5, 0.8);
        cam.goal = Orbit {
            yaw: 1.2,
            pitch: 0.3,
            ..cam.current
        };
        cam.goal.distance *= 0.6;
        assert!(!cam.at_rest());
        // 30 frames a second, as a software renderer might draw.
        let frames = (0..300).take_while(|_| cam.step(1.0 / 30.0)).count();
        assert!(cam.at_rest(), "still moving after 10 s");
        assert!(frames < 75, "took {frames} frames (2.5 s) to arrive");
        assert_eq!(cam.current, cam.goal);
        assert!(!cam.step(1.0 / 30.0), "a camera at rest stays put");
    }

    #[test]
    fn lerp_takes_the_short_way_round() {
        let a = Orbit {
            target: Vec3::ZERO,
            yaw: 3.0,
            pitch: 0.0,
            distance: 1.0,
            fov: 1.0,
        };
        let b = Orbit { yaw: -3.0, ..a };
        let mid = a.lerp(&b, 0.5);
        assert!((mid.yaw - (3.0 + (2.0 * PI - 6.0) / 2.0)).abs() < 1e-4);
    }
}
