//! Hotspots: points of interest pinned to the scene. This plugin owns which
//! hotspot is open and what the annotation panel shows; the projection
//! plugin (which needs a camera) works out where each marker is on screen
//! and whether it is hidden behind geometry.

use bevy::picking::mesh_picking::ray_cast::{MeshRayCast, MeshRayCastSettings, RayCastVisibility};
use bevy::prelude::*;
use pavilion_content::lang::Direction;
use serde::Serialize;

use pavilion_content::richtext::{self, Block};

use crate::events::{Announce, CloseHotspot, FlyTo, OpenHotspot, SceneReady, StepHotspot};
use crate::language::CurrentLanguage;
use crate::scene::{ActiveScene, SceneContent, SceneParsed};

pub fn plugin(app: &mut App) {
    app.init_resource::<OpenHotspotId>()
        .init_resource::<Panel>()
        .init_resource::<HiddenCategories>()
        .add_observer(spawn_hotspots)
        .add_observer(on_open)
        .add_observer(on_close)
        .add_observer(on_step)
        .add_observer(on_category)
        .add_observer(report_unplaced_anchors)
        .add_systems(Update, update_panel.run_if(resource_exists::<ActiveScene>))
        .add_systems(
            PostUpdate,
            follow_anchors.in_set(HotspotSystems::Anchors).after(TransformSystems::Propagate),
        );
}

/// Screen placement of the markers; needs a camera and mesh data.
pub fn projection_plugin(app: &mut App) {
    app.add_systems(
        PostUpdate,
        project_markers.in_set(HotspotSystems::Project).after(HotspotSystems::Anchors),
    );
}

#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub enum HotspotSystems {
    /// Anchored markers take their node's place, after transforms propagate.
    Anchors,
    /// Markers are projected to the screen (with a camera), after `Anchors`.
    Project,
}

/// A hotspot in the scene.
#[derive(Component, Debug, Clone)]
pub struct HotspotMarker {
    /// Index in the manifest's `hotspots`.
    pub index: usize,
    /// Place in the visiting order (`order`, then file order): the marker
    /// shows `rank + 1`.
    pub rank: usize,
    pub id: String,
    /// Scene coordinates (for anchored hotspots, where the node has it now).
    pub position: Vec3,
    /// Unit outward normal; without one the marker shows from every side.
    pub normal: Option<Vec3>,
    pub anchor: Option<NodeAnchor>,
    pub category: Option<String>,
    /// Has a place in the scene: always for absolute hotspots, for anchored
    /// ones once their node has been found.
    pub placed: bool,
}

/// A hotspot pinned to a named node of a model.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeAnchor {
    pub model: String,
    pub node: String,
    /// In the node's local coordinates.
    pub local: Vec3,
    pub local_normal: Option<Vec3>,
    /// The node's entity, once found.
    pub entity: Option<Entity>,
}

/// Categories the visitor has hidden: their markers are not drawn and
/// stepping skips them.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct HiddenCategories(pub std::collections::BTreeSet<String>);

impl HiddenCategories {
    /// Is a hotspot of this category (or of none) shown?
    pub fn shows(&self, category: Option<&str>) -> bool {
        category.is_none_or(|c| !self.0.contains(c))
    }
}

/// Show or hide the hotspots of a category.
#[derive(Event, Debug, Clone)]
pub struct SetCategoryVisible {
    pub id: String,
    pub visible: bool,
}

/// Where a marker is drawn, in logical pixels of the viewport.
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct MarkerScreen {
    pub pos: Vec2,
    /// In front of the camera and inside the viewport.
    pub on_screen: bool,
    /// On screen, not behind geometry and not facing away.
    pub visible: bool,
    /// Off screen: where on the viewport's edge (inset by half a marker)
    /// the marker lies, seen from the middle of the view, so a keyboard
    /// visitor who tabs to it sees which way it is.
    pub edge: Vec2,
}

/// Where on the edge of a `viewport`-sized view (inset by `margin`) a point
/// lies that is `view` (camera space: x right, y up, looking down -z) from
/// the camera: on the line from the view's middle towards it, for points
/// in front of the camera and behind it alike.
pub fn edge_point(view: Vec3, viewport: Vec2, margin: f32) -> Vec2 {
    let centre = viewport / 2.0;
    let half = (centre - Vec2::splat(margin)).max(Vec2::ONE);
    let dir = Vec2::new(view.x, -view.y).try_normalize().unwrap_or(Vec2::Y);
    // Scale the direction until it meets the inset rectangle.
    let t = (half.x / dir.x.abs().max(1e-6)).min(half.y / dir.y.abs().max(1e-6));
    centre + dir * t
}

/// The open hotspot, if any.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct OpenHotspotId(pub Option<String>);

/// The annotation panel exactly as displayed.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct Panel(pub Option<PanelContent>);

/// A hotspot's picture, in the panel's language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PanelImage {
    /// Absolute URL.
    pub src: String,
    pub alt: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
}

/// A hotspot's "more information" link; without a label the interface's
/// own words name it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PanelLink {
    pub href: String,
    pub label: Option<String>,
}

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
    /// The body as shown: paragraphs and list items with their styles and links.
    pub blocks: Vec<Block>,
    pub image: Option<PanelImage>,
    /// The category's title.
    pub category: Option<String>,
    #[serde(skip)]
    pub direction: Direction,
    pub credit: Option<String>,
    /// "More information": the hotspot's web page.
    pub link: Option<PanelLink>,
    /// Place in the visiting order (0-based).
    pub index: usize,
    /// How many hotspots the scene has.
    pub total: usize,
}

fn spawn_hotspots(_: On<SceneParsed>, scene: Res<ActiveScene>, mut commands: Commands, mut open: ResMut<OpenHotspotId>) {
    open.0 = None;
    let root = commands
        .spawn((Name::new("Hotspots"), SceneContent, Transform::default(), Visibility::default()))
        .id();
    let m = &scene.manifest;
    for (rank, index) in m.hotspot_order().into_iter().enumerate() {
        let h = &m.hotspots[index];
        let unit = |n: [f32; 3]| Vec3::from(n).try_normalize();
        let anchor = h.anchor.as_ref().map(|a| NodeAnchor {
            model: a.model.clone(),
            node: a.node.clone(),
            local: Vec3::from(a.position),
            local_normal: a.normal.and_then(unit),
            entity: None,
        });
        commands.spawn((
            Name::new(format!("Hotspot {}", h.id)),
            HotspotMarker {
                index,
                rank,
                id: h.id.clone(),
                position: h.position.map(Vec3::from).unwrap_or_default(),
                normal: h.normal.and_then(unit),
                placed: anchor.is_none(),
                anchor,
                category: h.category.clone(),
            },
            MarkerScreen::default(),
            ChildOf(root),
        ));
    }
}

/// Anchored markers follow their node: found by name below the model's
/// root (glTF nodes, not the mesh primitives bevy_gltf spawns under them),
/// then placed where the node's transform takes the local point, every
/// frame, so a moved or animated node carries its hotspot along.
fn follow_anchors(
    mut markers: Query<&mut HotspotMarker>,
    roots: Query<(Entity, &crate::scene::ModelRoot)>,
    children: Query<&Children>,
    names: Query<&Name, Without<Mesh3d>>,
    transforms: Query<&GlobalTransform>,
) {
    for mut marker in &mut markers {
        let Some(anchor) = &marker.anchor else { continue };
        let entity = anchor.entity.filter(|e| transforms.contains(*e)).or_else(|| {
            let (root, _) = roots.iter().find(|(_, r)| r.id == anchor.model)?;
            children
                .iter_descendants(root)
                .find(|e| names.get(*e).is_ok_and(|n| n.as_str() == anchor.node))
        });
        let Some(gt) = entity.and_then(|e| transforms.get(e).ok()) else {
            continue;
        };
        let affine = gt.affine();
        let position = affine.transform_point3(anchor.local);
        let normal = anchor
            .local_normal
            .and_then(|n| (affine.matrix3.inverse().transpose() * Vec3A::from(n)).try_normalize())
            .map(Vec3::from);
        let moved = !marker.placed || marker.position.distance_squared(position) > 1e-10 || marker.normal != normal;
        let found = marker.anchor.as_ref().is_some_and(|a| a.entity != entity);
        if moved || found {
            marker.position = position;
            marker.normal = normal;
            marker.placed = true;
            if let Some(a) = marker.anchor.as_mut() {
                a.entity = entity;
            }
        }
    }
}

/// The hotspots a visitor steps through, in order: the visiting order
/// without hidden categories.
pub fn stepping_order(m: &pavilion_content::SceneManifest, hidden: &HiddenCategories) -> Vec<usize> {
    m.hotspot_order()
        .into_iter()
        .filter(|&i| hidden.shows(m.hotspots[i].category.as_deref()))
        .collect()
}

fn on_category(
    ev: On<SetCategoryVisible>,
    scene: Option<Res<ActiveScene>>,
    mut hidden: ResMut<HiddenCategories>,
    open: Res<OpenHotspotId>,
    mut commands: Commands,
) {
    let changed = if ev.visible {
        hidden.0.remove(&ev.id)
    } else {
        hidden.0.insert(ev.id.clone())
    };
    // The open hotspot goes when its category is hidden.
    if changed
        && !ev.visible
        && let Some(scene) = scene
        && let Some(h) = open.0.as_deref().and_then(|id| scene.manifest.hotspot(id))
        && h.category.as_deref() == Some(ev.id.as_str())
    {
        commands.trigger(CloseHotspot);
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

fn on_step(
    ev: On<StepHotspot>,
    scene: Option<Res<ActiveScene>>,
    open: Res<OpenHotspotId>,
    hidden: Res<HiddenCategories>,
    mut commands: Commands,
) {
    let Some(scene) = scene else { return };
    let m = &scene.manifest;
    let ids: Vec<&str> = stepping_order(m, &hidden).into_iter().map(|i| m.hotspots[i].id.as_str()).collect();
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

/// Once the models are in, an anchor whose node was not found is a mistake
/// in the scene file (the validator names it too): say which, rather than
/// leave the hotspot silently missing.
fn report_unplaced_anchors(
    _: On<SceneReady>,
    scene: Res<ActiveScene>,
    markers: Query<&HotspotMarker>,
    mut warnings: ResMut<crate::scene::SceneWarnings>,
) {
    let mut unplaced: Vec<&HotspotMarker> = markers.iter().filter(|m| !m.placed).collect();
    unplaced.sort_by_key(|m| m.index);
    for m in unplaced {
        let Some(a) = &m.anchor else { continue };
        let message = format!(
            "{}: hotspot \"{}\" is not shown: model \"{}\" has no node named \"{}\"",
            scene.file(),
            m.id,
            a.model,
            a.node
        );
        warn!("{message}");
        warnings.0.push(message);
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
        let order = m.hotspot_order();
        let h = &m.hotspots[index];
        let title = language.pick(&h.title)?;
        // Every field follows the title's language when it has one, so a
        // panel never mixes two languages because one field fell back.
        let text = |t: &pavilion_content::LocalizedText| {
            t.get_exact(title.language)
                .map(str::to_string)
                .or_else(|| language.pick(t).map(|r| r.text.to_string()))
        };
        let body = text(&h.body).unwrap_or_default();
        Some(PanelContent {
            id: id.to_string(),
            title: title.text.to_string(),
            blocks: richtext::blocks(&body),
            body,
            language: title.language.to_string(),
            chain: language.chain(),
            dir: title.direction.as_str(),
            direction: title.direction,
            image: h.image.as_ref().map(|img| PanelImage {
                src: scene.resolve(&img.src),
                alt: text(&img.alt).unwrap_or_default(),
                caption: text(&img.caption),
                credit: text(&img.credit),
            }),
            category: h.category.as_deref().and_then(|c| m.category(c)).and_then(|c| text(&c.title)),
            credit: text(&h.credit),
            link: h.link.as_ref().map(|l| PanelLink {
                href: l.href.clone(),
                label: text(&l.label),
            }),
            index: order.iter().position(|&i| i == index).unwrap_or(index),
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
    let to_view = cam_tf.affine().inverse();
    let viewport = camera.logical_viewport_size().unwrap_or(Vec2::ZERO);
    for (marker, mut screen) in &mut markers {
        let mut next = MarkerScreen::default();
        if !marker.placed {
            // An anchor whose node is not (yet) there.
        } else if let Ok(pos) = camera.world_to_viewport(cam_tf, marker.position) {
            next.pos = pos;
            next.on_screen = pos.x >= 0.0 && pos.y >= 0.0 && pos.x <= viewport.x && pos.y <= viewport.y;
        }
        if marker.placed && !next.on_screen {
            next.edge = edge_point(to_view.transform_point3(marker.position), viewport, 22.0);
        }
        if next.on_screen {
            let to_marker = marker.position - cam_pos;
            let distance = to_marker.length();
            let dir = to_marker / distance.max(1e-6);
            let facing = marker.normal.is_none_or(|n| n.dot(-dir) > -0.1);
            let settings = MeshRayCastSettings::default()
                .with_visibility(RayCastVisibility::Visible)
                .always_early_exit();
            let hits = ray_cast.cast_ray(Ray3d::new(cam_pos, Dir3::new(dir).unwrap_or(Dir3::NEG_Z)), &settings);
            let tolerance = (distance * 0.02).max(0.01);
            let blocked = hits.first().is_some_and(|(_, hit)| hit.distance < distance - tolerance);
            next.visible = facing && !blocked;
        }
        if next.pos != screen.pos || next.on_screen != screen.on_screen || next.visible != screen.visible || next.edge != screen.edge {
            *screen = next;
        }
    }
}
