//! Authoring mode (`?author=1`), for content teams placing hotspots: a click
//! on any surface gives its position and normal, the glTF node under the
//! pointer and the point in that node's own coordinates, and shows a live
//! marker there; "Capture view" records the current camera as a viewpoint;
//! the hotspot JSON for the scene file is shown, copied to the clipboard, or
//! read by the page (`pavilion.author.snippet()`). Dragging a marker moves
//! its hotspot over the surfaces; "Download scene" saves the scene file with
//! the moved hotspots.

use std::collections::BTreeMap;

use bevy::picking::mesh_picking::ray_cast::{MeshRayCast, MeshRayCastSettings, RayCastVisibility};
use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use pavilion_content::manifest::Viewpoint;
use serde::Serialize;

use crate::camera::OrbitCamera;
use crate::events::{InterfaceFocus, LoadScene, Status, ViewerStatus};
use crate::hotspots::HotspotMarker;
use crate::scene::ModelRoot;

pub fn plugin(app: &mut App) {
    app.init_resource::<Authoring>()
        .init_resource::<MarkerDrag>()
        .add_observer(on_load)
        .add_observer(on_capture)
        .add_systems(Update, (pick_on_click, drag_markers, reapply_moves).run_if(authoring));
}

/// The authoring tools drawn with egui: the window and the draggable
/// markers, with egui itself and the fonts it draws scene text with.
/// `main.rs` adds them only when the page asks for authoring, so a
/// visitor's viewer runs no egui and fetches no font.
#[cfg(feature = "egui-tools")]
pub fn egui_tools(app: &mut App) {
    app.add_plugins((
        bevy_egui::EguiPlugin::default(),
        crate::fonts::plugin,
        window::plugin,
        markers::plugin,
    ));
}

/// The authoring window (egui).
#[cfg(feature = "egui-tools")]
mod window;

/// Draggable markers (egui), in place of the page's marker buttons.
#[cfg(feature = "egui-tools")]
mod markers;

/// Authoring is on and the scene is shown.
fn authoring(a: Res<Authoring>, status: Res<ViewerStatus>) -> bool {
    a.enabled && status.status == Status::Ready
}

/// What the author has picked and captured so far.
#[derive(Resource, Debug, Default, Clone, Serialize)]
pub struct Authoring {
    pub enabled: bool,
    pub pick: Option<Pick>,
    pub viewpoint: Option<Viewpoint>,
    /// Hotspots dragged to a new place.
    pub moved: BTreeMap<String, Moved>,
    /// The snippet anchors the hotspot to the picked glTF node (so it
    /// follows the model) instead of giving scene coordinates.
    pub anchored: bool,
    /// The scene file as the page last sent it, even when that version had
    /// errors: downloads edit this text, so the author's own edits in
    /// their text editor are never lost to an older version.
    #[serde(skip)]
    pub source: String,
    /// Moves kept across a reload, still to be put back on the new markers.
    #[serde(skip)]
    pub reapply: bool,
    /// Why the last download could not be made (the file has JSON errors,
    /// a moved hotspot is no longer in it).
    pub download_error: Option<String>,
}

/// Where a dragged hotspot is now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Moved {
    /// Scene coordinates.
    pub position: [f64; 3],
    pub normal: [f64; 3],
    /// For a hotspot anchored to a node: the point and normal in the node's
    /// coordinates, which is what its scene file entry holds.
    pub local: Option<([f64; 3], [f64; 3])>,
}

/// A marker being dragged: hotspot id and pointer position (logical pixels).
#[derive(Resource, Debug, Default)]
pub struct MarkerDrag(pub Option<(String, Vec2)>);

/// A point on a surface, picked with the pointer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pick {
    /// Scene coordinates.
    pub position: [f64; 3],
    /// Unit surface normal, facing the camera.
    pub normal: [f64; 3],
    /// The scene model (`models[].id`) the surface belongs to.
    pub model: Option<String>,
    /// The nearest named glTF node above the surface's mesh.
    pub node: Option<String>,
    /// The point in that node's own coordinates.
    pub local: Option<[f64; 3]>,
    /// The normal in that node's own coordinates.
    pub local_normal: Option<[f64; 3]>,
}

/// Record the current camera as the viewpoint of the hotspot being authored.
#[derive(Event, Debug, Clone, Copy)]
pub struct CaptureViewpoint;

/// Four decimals (a tenth of a millimetre in metres), as the decimal numbers
/// an author writes: an f32 widened to f64 would print 0.10000000149011612.
fn round(v: Vec3) -> [f64; 3] {
    v.to_array().map(round1)
}

fn round1(x: f32) -> f64 {
    (f64::from(x) * 10_000.0).round() / 10_000.0
}

impl Authoring {
    /// The scene file with the moved hotspots, as the author would save it:
    /// the latest text the page sent with only the moved values rewritten
    /// (key order, layout and every other number as the file has them).
    pub fn edited_scene(&self) -> Result<String, String> {
        use pavilion_content::edit::{Edit, apply};
        let doc: serde_json::Value = serde_json::from_str(&self.source)
            .map_err(|e| format!("the scene file has a JSON error ({e}); fix it and save, and the moves are still here"))?;
        let hotspots = doc
            .get("hotspots")
            .and_then(|h| h.as_array())
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut edits = Vec::new();
        for (id, moved) in &self.moved {
            let Some(i) = hotspots.iter().position(|h| h.get("id").and_then(|v| v.as_str()) == Some(id)) else {
                return Err(format!("the scene file no longer has hotspot \"{id}\", which was moved"));
            };
            let p = format!("/hotspots/{i}");
            match (hotspots[i].get("anchor").is_some(), moved.local) {
                (true, Some((position, normal))) => {
                    edits.push(Edit::set(format!("{p}/anchor/position"), position.to_vec()));
                    edits.push(Edit::set(format!("{p}/anchor/normal"), normal.to_vec()));
                }
                _ => {
                    edits.push(Edit::set(format!("{p}/position"), moved.position.to_vec()));
                    edits.push(Edit::set(format!("{p}/normal"), moved.normal.to_vec()));
                }
            }
        }
        apply(&self.source, &edits)
    }

    /// The captured viewpoint as the scene file writes it.
    pub fn viewpoint_json(&self) -> Option<serde_json::Value> {
        let v = self.viewpoint.as_ref()?;
        let j = |a: [f32; 3]| serde_json::json!(a.map(round1));
        let mut vp = serde_json::json!({ "position": j(v.position), "target": j(v.target) });
        if let Some(fov) = v.fov {
            vp["fov"] = serde_json::json!((f64::from(fov) * 10.0).round() / 10.0);
        }
        Some(vp)
    }

    /// The hotspot JSON for the scene file: an `id` to fill in, the picked
    /// position and normal (or, when `anchored` and a node was picked, the
    /// anchor to that node), the captured viewpoint, and an empty title in
    /// the scene's default language.
    pub fn snippet(&self, default_language: &str, next_index: usize) -> Option<String> {
        let pick = self.pick.as_ref()?;
        #[derive(Serialize)]
        struct Anchor<'a> {
            model: &'a str,
            node: &'a str,
            position: [f64; 3],
            #[serde(skip_serializing_if = "Option::is_none")]
            normal: Option<[f64; 3]>,
        }
        // Fields in the order a scene file lists them.
        #[derive(Serialize)]
        struct Snippet<'a> {
            id: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            position: Option<[f64; 3]>,
            #[serde(skip_serializing_if = "Option::is_none")]
            normal: Option<[f64; 3]>,
            #[serde(skip_serializing_if = "Option::is_none")]
            anchor: Option<Anchor<'a>>,
            #[serde(skip_serializing_if = "Option::is_none")]
            viewpoint: Option<serde_json::Value>,
            title: std::collections::BTreeMap<&'a str, &'a str>,
        }
        let anchor = match (&pick.model, &pick.node, pick.local) {
            (Some(model), Some(node), Some(position)) if self.anchored => Some(Anchor {
                model,
                node,
                position,
                normal: pick.local_normal,
            }),
            _ => None,
        };
        let snippet = Snippet {
            id: format!("hotspot-{next_index}"),
            position: anchor.is_none().then_some(pick.position),
            normal: anchor.is_none().then_some(pick.normal),
            anchor,
            viewpoint: self.viewpoint_json(),
            title: [(default_language, "")].into(),
        };
        serde_json::to_string_pretty(&snippet).ok()
    }
}

/// A left click (press and release without moving) on the scene, not on the UI.
fn pick_on_click(
    buttons: Res<ButtonInput<MouseButton>>,
    windows: Query<&Window, With<PrimaryWindow>>,
    focus: Res<InterfaceFocus>,
    cameras: Query<(&Camera, &GlobalTransform), With<OrbitCamera>>,
    mut ray_cast: MeshRayCast,
    models: Query<&ModelRoot>,
    // glTF nodes: named, and not the mesh primitives bevy_gltf spawns below them.
    names: Query<(&Name, &GlobalTransform), Without<Mesh3d>>,
    instance_roots: Query<(), With<WorldAssetRoot>>,
    parents: Query<&ChildOf>,
    mut authoring: ResMut<Authoring>,
    mut pressed_at: Local<Option<Vec2>>,
) {
    let Some(cursor) = windows.single().ok().and_then(Window::cursor_position) else {
        return;
    };
    if buttons.just_pressed(MouseButton::Left) {
        *pressed_at = (!focus.pointer).then_some(cursor);
    }
    if !buttons.just_released(MouseButton::Left) {
        return;
    }
    let Some(start) = pressed_at.take() else { return };
    if start.distance(cursor) > 4.0 {
        return; // a drag orbits the camera; it is not a pick
    }
    let Ok((camera, cam_transform)) = cameras.single() else { return };
    let Some((entity, point, normal)) = surface_at(cursor, camera, cam_transform, &mut ray_cast) else {
        return;
    };
    let mut model = None;
    let mut node = None;
    let mut local = None;
    let mut local_normal = None;
    let mut e = entity;
    loop {
        // The glTF scene's own root (a child of the instance) is not a node.
        let scene_root = parents.get(e).is_ok_and(|p| instance_roots.contains(p.parent()));
        if node.is_none()
            && !scene_root
            && let Ok((name, gt)) = names.get(e)
            && models.get(e).is_err()
        {
            node = Some(name.as_str().to_string());
            let affine = gt.affine();
            local = Some(round(affine.inverse().transform_point3(point)));
            // Normals go back through the transpose of the node's linear part.
            local_normal = (affine.matrix3.transpose() * Vec3A::from(normal))
                .try_normalize()
                .map(|n| round(n.into()));
        }
        if let Ok(m) = models.get(e) {
            model = Some(m.id.clone());
            break;
        }
        match parents.get(e) {
            Ok(p) => e = p.parent(),
            Err(_) => break,
        }
    }
    authoring.pick = Some(Pick {
        position: round(point),
        normal: round(normal),
        model,
        node,
        local,
        local_normal,
    });
    info!("authoring: picked {:?}", authoring.pick);
}

fn on_load(ev: On<LoadScene>, mut authoring: ResMut<Authoring>) {
    authoring.enabled = ev.author;
    authoring.source = ev.text.clone();
    authoring.download_error = None;
    if ev.reload {
        // The author's drags outlive a reload of the same file (the file
        // edited meanwhile, or an edit with errors): they are put back on
        // the new markers and saved into the new text on download.
        authoring.reapply = !authoring.moved.is_empty();
    } else {
        authoring.moved.clear();
        authoring.pick = None;
        authoring.viewpoint = None;
    }
}

/// Puts the moves kept across a reload back on the reloaded markers.
fn reapply_moves(mut authoring: ResMut<Authoring>, mut markers: Query<&mut HotspotMarker>) {
    if !authoring.reapply || markers.is_empty() {
        return;
    }
    authoring.reapply = false;
    let f32s = |v: [f64; 3]| Vec3::from(v.map(|x| x as f32));
    for mut m in &mut markers {
        let Some(moved) = authoring.moved.get(&m.id) else { continue };
        m.position = f32s(moved.position);
        m.normal = Some(f32s(moved.normal));
        if let (Some(anchor), Some((p, n))) = (m.anchor.as_mut(), moved.local) {
            anchor.local = f32s(p);
            anchor.local_normal = Some(f32s(n));
        }
    }
}

/// The first surface under a viewport point, with its normal turned towards the camera.
fn surface_at(cursor: Vec2, camera: &Camera, cam_transform: &GlobalTransform, ray_cast: &mut MeshRayCast) -> Option<(Entity, Vec3, Vec3)> {
    let ray = camera.viewport_to_world(cam_transform, cursor).ok()?;
    let settings = MeshRayCastSettings::default().with_visibility(RayCastVisibility::Visible);
    let (entity, hit) = ray_cast.cast_ray(ray, &settings).first().cloned()?;
    let mut normal = hit.normal.normalize_or(Vec3::Y);
    if normal.dot(*ray.direction) > 0.0 {
        normal = -normal; // the side the author is looking at
    }
    Some((entity, hit.point, normal))
}

/// Moves the dragged marker's hotspot to the surface under the pointer.
fn drag_markers(
    drag: Res<MarkerDrag>,
    cameras: Query<(&Camera, &GlobalTransform), With<OrbitCamera>>,
    mut ray_cast: MeshRayCast,
    mut markers: Query<&mut HotspotMarker>,
    nodes: Query<&GlobalTransform>,
    mut authoring: ResMut<Authoring>,
) {
    let Some((id, cursor)) = drag.0.clone() else { return };
    if !drag.is_changed() {
        return;
    }
    let Ok((camera, cam_transform)) = cameras.single() else { return };
    let Some((_, point, normal)) = surface_at(cursor, camera, cam_transform, &mut ray_cast) else {
        return;
    };
    let Some(mut m) = markers.iter_mut().find(|m| m.id == id) else {
        return;
    };
    m.position = point;
    m.normal = Some(normal);
    // An anchored hotspot stays on its node: the new point in its coordinates.
    let mut local = None;
    if let Some(anchor) = m.anchor.as_mut()
        && let Some(gt) = anchor.entity.and_then(|e| nodes.get(e).ok())
    {
        let affine = gt.affine();
        anchor.local = affine.inverse().transform_point3(point);
        anchor.local_normal = (affine.matrix3.transpose() * Vec3A::from(normal)).try_normalize().map(Vec3::from);
        local = Some((round(anchor.local), round(anchor.local_normal.unwrap_or(Vec3::Y))));
    }
    authoring.moved.insert(
        id,
        Moved {
            position: round(point),
            normal: round(normal),
            local,
        },
    );
}

fn on_capture(_: On<CaptureViewpoint>, cams: Query<&OrbitCamera>, mut authoring: ResMut<Authoring>) {
    let Ok(cam) = cams.single() else { return };
    let o = &cam.current;
    authoring.viewpoint = Some(Viewpoint {
        position: o.eye().to_array(),
        target: o.target.to_array(),
        fov: Some(o.fov.to_degrees()),
    });
}

/// The scene file's own name, for the download.
pub fn scene_file_name(url: &str) -> String {
    match crate::scene::file_label(url).rsplit('/').next() {
        Some(name) if !name.is_empty() => name.to_string(),
        _ => "scene.json".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_is_a_hotspot_for_the_scene_file() {
        let mut a = Authoring::default();
        assert_eq!(a.snippet("en", 6), None, "nothing picked yet");
        a.pick = Some(Pick {
            position: [0.1, 1.5, -0.25],
            normal: [0.0, 0.0, 1.0],
            model: Some("venus".into()),
            node: Some("Venus".into()),
            local: Some([100.0, 1500.0, -250.0]),
            local_normal: Some([0.0, 0.0, 1.0]),
        });
        a.viewpoint = Some(Viewpoint {
            position: [0.0, 1.6, 2.0],
            target: [0.1, 1.5, -0.25],
            fov: Some(45.0),
        });
        let text = a.snippet("fr", 6).unwrap();
        let order: Vec<usize> = ["\"id\"", "\"position\"", "\"normal\"", "\"viewpoint\"", "\"title\""]
            .iter()
            .map(|k| text.find(k).unwrap())
            .collect();
        assert!(order.is_sorted(), "fields in scene-file order: {text}");
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["id"], "hotspot-6");
        assert_eq!(v["position"], serde_json::json!([0.1, 1.5, -0.25]));
        assert_eq!(v["normal"], serde_json::json!([0.0, 0.0, 1.0]));
        assert_eq!(v["viewpoint"]["target"], serde_json::json!([0.1, 1.5, -0.25]));
        assert_eq!(v["title"], serde_json::json!({"fr": ""}));
        // It is a valid hotspot of the scene format.
        let h: pavilion_content::Hotspot = serde_json::from_value(v).unwrap();
        assert_eq!(h.id, "hotspot-6");
    }

    const GALLERY: &str = include_str!("../../../assets/scenes/gallery/scene.json");

    fn moved(id: &str, position: [f64; 3], local: Option<([f64; 3], [f64; 3])>) -> Authoring {
        let mut a = Authoring {
            source: GALLERY.into(),
            ..Default::default()
        };
        a.moved.insert(
            id.into(),
            Moved {
                position,
                normal: [0.0, 0.0, 1.0],
                local,
            },
        );
        a
    }

    #[test]
    fn the_edited_scene_changes_the_moved_values_and_not_a_byte_more() {
        let original: pavilion_content::SceneManifest = serde_json::from_str(GALLERY).unwrap();
        let a = moved("venus-arms", [0.1, 1.2, 0.3], None);
        let edited = a.edited_scene().unwrap();
        let m = pavilion_content::parse_scene(&edited, "scene.json")
            .expect("the edited scene validates")
            .manifest;
        let mut expected = original.clone();
        let arms = expected.hotspots.iter_mut().find(|h| h.id == "venus-arms").unwrap();
        arms.position = Some([0.1, 1.2, 0.3]);
        arms.normal = Some([0.0, 0.0, 1.0]);
        assert_eq!(m, expected);
        // Putting the file's own position and normal back gives the file,
        // byte for byte: nothing else was rewritten.
        let i = original.hotspots.iter().position(|h| h.id == "venus-arms").unwrap();
        let was = pavilion_content::locate::spans(GALLERY);
        let now = pavilion_content::locate::spans(&edited);
        let mut restored = edited.clone();
        for field in ["normal", "position"] {
            let (old, new) = (was[&format!("/hotspots/{i}/{field}")], now[&format!("/hotspots/{i}/{field}")]);
            restored.replace_range(new.start..new.end, &GALLERY[old.start..old.end]);
        }
        assert_eq!(restored, GALLERY);
        assert!(edited.contains("[0.1, 1.2, 0.3]"), "numbers as written");
        assert_eq!(scene_file_name("http://h/a/scene.json?x=1"), "scene.json");
        assert_eq!(scene_file_name("http://h/fixtures/live.tmp.json"), "live.tmp.json");
    }

    #[test]
    fn a_download_after_a_reload_starts_from_the_authors_latest_text() {
        let mut a = moved("venus-arms", [0.1, 1.2, 0.3], None);
        // The author renamed the scene in their editor; the reload kept it.
        a.source = GALLERY.replacen("Sculpture Gallery", "Sculpture Hall", 1);
        let edited = a.edited_scene().unwrap();
        assert!(edited.contains("Sculpture Hall") && edited.contains("[0.1, 1.2, 0.3]"));
        // A version with a JSON error cannot be edited: say so, keep the moves.
        a.source = GALLERY.replacen("\"defaultLanguage\"", "\"defaultLanguage\" \"", 1);
        assert!(a.edited_scene().unwrap_err().starts_with("the scene file has a JSON error"));
        assert_eq!(a.moved.len(), 1);
        a.source = GALLERY.replace("\"venus-arms\"", "\"venus-hands\"");
        assert!(a.edited_scene().unwrap_err().contains("no longer has hotspot \"venus-arms\""));
    }

    #[test]
    fn a_moved_anchored_hotspot_keeps_its_anchor_with_the_new_local_point() {
        let a = moved("bust-face", [0.7, 1.4, 0.2], Some(([-0.04, 0.3, 0.16], [0.0, 0.1, 0.995])));
        let m = pavilion_content::parse_scene(&a.edited_scene().unwrap(), "scene.json")
            .unwrap()
            .manifest;
        let h = m.hotspot("bust-face").unwrap();
        assert_eq!(h.position, None, "still anchored, not turned into an absolute hotspot");
        let anchor = h.anchor.as_ref().unwrap();
        assert_eq!((anchor.node.as_str(), anchor.position), ("marble_bust_01", [-0.04, 0.3, 0.16]));
        assert_eq!(anchor.normal, Some([0.0, 0.1, 0.995]));
    }

    #[test]
    fn an_anchored_snippet_names_the_node_instead_of_scene_coordinates() {
        let mut a = Authoring {
            pick: Some(Pick {
                position: [0.7394, 1.4479, 0.1469],
                normal: [-0.267, 0.1482, 0.9522],
                model: Some("bust".into()),
                node: Some("marble_bust_01".into()),
                local: Some([-0.0386, 0.3197, 0.155]),
                local_normal: Some([-0.4743, 0.1482, 0.8677]),
            }),
            anchored: true,
            ..Default::default()
        };
        let v: serde_json::Value = serde_json::from_str(&a.snippet("en", 6).unwrap()).unwrap();
        assert_eq!(v.get("position"), None);
        assert_eq!(v["anchor"]["node"], "marble_bust_01");
        assert_eq!(v["anchor"]["position"], serde_json::json!([-0.0386, 0.3197, 0.155]));
        let h: pavilion_content::Hotspot = serde_json::from_value(v).unwrap();
        assert_eq!(h.anchor.unwrap().model, "bust");
        // Without a node under the pointer there is nothing to anchor to.
        a.pick.as_mut().unwrap().node = None;
        let v: serde_json::Value = serde_json::from_str(&a.snippet("en", 6).unwrap()).unwrap();
        assert_eq!(v["position"], serde_json::json!([0.7394, 1.4479, 0.1469]));
    }
}
