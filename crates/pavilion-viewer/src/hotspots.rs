//! Hotspots: points of interest pinned to the scene. This plugin owns which
//! hotspot is open and what the annotation panel shows; the projection
//! plugin (which needs a camera) works out where each marker is on screen
//! and whether it is hidden behind geometry.

use bevy::picking::mesh_picking::ray_cast::{MeshRayCast, MeshRayCastSettings, RayCastVisibility};
use bevy::prelude::*;
use pavilion_content::lang::Direction;
use serde::Serialize;

use crate::events::{Announce, CloseHotspot, FlyTo, OpenHotspot, SceneReady, StepHotspot};
use crate::language::CurrentLanguage;
use crate::scene::{ActiveScene, SceneContent, SceneParsed};

pub fn plugin(app: &mut App) {
    app.init_resource::<OpenHotspotId>()
        .init_resource::<Panel>()
        .add_observer(spawn_hotspots)
        .add_observer(on_open)
        .add_observer(on_close)
        .add_observer(on_step)
        .add_observer(open_requested_when_ready)
        .add_systems(Update, update_panel.run_if(resource_exists::<ActiveScene>));
}

/// Screen placement of the markers; needs a camera and mesh data.
pub fn projection_plugin(app: &mut App) {
    app.add_systems(PostUpdate, project_markers.after(TransformSystems::Propagate));
}

/// A hotspot in the scene, in the manifest's order.
#[derive(Component, Debug, Clone)]
pub struct HotspotMarker {
    pub index: usize,
    pub id: String,
    pub position: Vec3,
    pub normal: Vec3,
}

/// Where a marker is drawn, in logical pixels of the viewport.
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct MarkerScreen {
    pub pos: Vec2,
    /// In front of the camera and inside the viewport.
    pub on_screen: bool,
    /// On screen, not behind geometry and not facing away.
    pub visible: bool,
}

/// The open hotspot, if any.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct OpenHotspotId(pub Option<String>);

/// The annotation panel exactly as displayed.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct Panel(pub Option<PanelContent>);

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PanelContent {
    pub id: String,
    pub title: String,
    pub body: String,
    /// The tag the title was found under after fallback.
    pub language: String,
    /// The tags tried, in order, to find it: the visitor's language with
    /// its fallbacks, then the scene default's, then English.
    pub chain: Vec<String>,
    pub dir: &'static str,
    #[serde(skip)]
    pub direction: Direction,
    #[serde(skip)]
    pub credit: Option<String>,
    #[serde(skip)]
    pub link: Option<(String, Option<String>)>,
    #[serde(skip)]
    pub index: usize,
    #[serde(skip)]
    pub total: usize,
}

fn spawn_hotspots(_: On<SceneParsed>, scene: Res<ActiveScene>, mut commands: Commands, mut open: ResMut<OpenHotspotId>) {
    open.0 = None;
    let root = commands
        .spawn((Name::new("Hotspots"), SceneContent, Transform::default(), Visibility::default()))
        .id();
    for (index, h) in scene.manifest.hotspots.iter().enumerate() {
        let normal = Vec3::from(h.normal).normalize_or(Vec3::Y);
        commands.spawn((
            Name::new(format!("Hotspot {}", h.id)),
            HotspotMarker {
                index,
                id: h.id.clone(),
                position: Vec3::from(h.position),
                normal,
            },
            MarkerScreen::default(),
            ChildOf(root),
        ));
    }
}

fn on_open(ev: On<OpenHotspot>, scene: Option<Res<ActiveScene>>, mut open: ResMut<OpenHotspotId>, mut commands: Commands) {
    let Some(scene) = scene else { return };
    let Some(hotspot) = scene.manifest.hotspot(&ev.id) else {
        warn!("openHotspot: the scene has no hotspot \"{}\"", ev.id);
        return;
    };
    if open.0.as_deref() == Some(ev.id.as_str()) {
        return;
    }
    if let Some(previous) = open.0.take() {
        commands.trigger(Announce::HotspotClosed { id: previous });
    }
    open.0 = Some(ev.id.clone());
    if let Some(v) = hotspot.viewpoint {
        commands.trigger(FlyTo(v));
    }
    commands.trigger(Announce::HotspotOpened { id: ev.id.clone() });
}

fn on_close(_: On<CloseHotspot>, mut open: ResMut<OpenHotspotId>, mut commands: Commands) {
    if let Some(id) = open.0.take() {
        commands.trigger(Announce::HotspotClosed { id });
    }
}

fn on_step(ev: On<StepHotspot>, scene: Option<Res<ActiveScene>>, open: Res<OpenHotspotId>, mut commands: Commands) {
    let Some(scene) = scene else { return };
    let ids: Vec<&str> = scene.manifest.hotspots.iter().map(|h| h.id.as_str()).collect();
    if ids.is_empty() {
        return;
    }
    let n = ids.len() as i32;
    let next = match open.0.as_deref().and_then(|id| ids.iter().position(|i| *i == id)) {
        Some(i) => (i as i32 + ev.0).rem_euclid(n),
        None if ev.0 >= 0 => 0,
        None => n - 1,
    };
    commands.trigger(OpenHotspot {
        id: ids[next as usize].to_string(),
    });
}

fn open_requested_when_ready(_: On<SceneReady>, mut scene: ResMut<ActiveScene>, mut commands: Commands) {
    if let Some(id) = scene.pending_hotspot.take() {
        if scene.manifest.hotspot(&id).is_some() {
            commands.trigger(OpenHotspot { id });
        } else {
            warn!("?hotspot={id}: the scene has no such hotspot");
        }
    }
}

/// Rebuilds the panel when the open hotspot or the language changes.
fn update_panel(scene: Res<ActiveScene>, open: Res<OpenHotspotId>, language: Res<CurrentLanguage>, mut panel: ResMut<Panel>) {
    if !(open.is_changed() || language.is_changed() || scene.is_changed()) {
        return;
    }
    let content = open.0.as_deref().and_then(|id| {
        let m = &scene.manifest;
        let index = m.hotspots.iter().position(|h| h.id == id)?;
        let h = &m.hotspots[index];
        let title = language.pick(&h.title)?;
        // The body follows the title's language when it has one, so a panel
        // never mixes two languages because one field fell back.
        let body = h
            .body
            .get_exact(title.language)
            .map(str::to_string)
            .or_else(|| language.pick(&h.body).map(|r| r.text.to_string()));
        Some(PanelContent {
            id: id.to_string(),
            title: title.text.to_string(),
            body: body.unwrap_or_default(),
            language: title.language.to_string(),
            chain: language.chain(),
            dir: title.direction.as_str(),
            direction: title.direction,
            credit: language.pick(&h.credit).map(|r| r.text.to_string()),
            link: h
                .link
                .as_ref()
                .map(|l| (l.href.clone(), language.pick(&l.label).map(|r| r.text.to_string()))),
            index,
            total: m.hotspots.len(),
        })
    });
    panel.set_if_neq(Panel(content));
}

/// Projects each marker to the screen and tests it against the scene's
/// meshes: hidden when something is in front of it or its surface faces away.
fn project_markers(
    cameras: Query<(&Camera, &GlobalTransform), Changed<GlobalTransform>>,
    all_cameras: Query<(&Camera, &GlobalTransform)>,
    mut markers: Query<(&HotspotMarker, &mut MarkerScreen)>,
    // New markers, and markers moved in authoring mode.
    added: Query<(), Changed<HotspotMarker>>,
    mut ray_cast: MeshRayCast,
    mut frames_since_move: Local<u32>,
) {
    // Occlusion is re-tested while the camera moves and for a few frames
    // after, which also covers models that finish loading late.
    if cameras.is_empty() && added.is_empty() {
        *frames_since_move += 1;
        if *frames_since_move > 30 {
            return;
        }
    } else {
        *frames_since_move = 0;
    }
    let Some((camera, cam_tf)) = all_cameras.iter().find(|(c, _)| c.is_active) else {
        return;
    };
    let cam_pos = cam_tf.translation();
    let viewport = camera.logical_viewport_size().unwrap_or(Vec2::ZERO);
    for (marker, mut screen) in &mut markers {
        let mut next = MarkerScreen::default();
        if let Ok(pos) = camera.world_to_viewport(cam_tf, marker.position) {
            next.pos = pos;
            next.on_screen = pos.x >= 0.0 && pos.y >= 0.0 && pos.x <= viewport.x && pos.y <= viewport.y;
        }
        if next.on_screen {
            let to_marker = marker.position - cam_pos;
            let distance = to_marker.length();
            let dir = to_marker / distance.max(1e-6);
            let facing = marker.normal.dot(-dir) > -0.1;
            let settings = MeshRayCastSettings::default()
                .with_visibility(RayCastVisibility::Visible)
                .always_early_exit();
            let hits = ray_cast.cast_ray(Ray3d::new(cam_pos, Dir3::new(dir).unwrap_or(Dir3::NEG_Z)), &settings);
            let tolerance = (distance * 0.02).max(0.01);
            let blocked = hits.first().is_some_and(|(_, hit)| hit.distance < distance - tolerance);
            next.visible = facing && !blocked;
        }
        if next.pos != screen.pos || next.on_screen != screen.on_screen || next.visible != screen.visible {
            *screen = next;
        }
    }
}
