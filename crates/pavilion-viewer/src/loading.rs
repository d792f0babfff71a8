//! Loading, from a parsed manifest to [`SceneReady`]: the tracker every
//! plugin hands the assets the scene cannot be shown without (models with
//! their textures, environment maps, the language's font), the first
//! failure stopping the scene with a message naming the asset, then the
//! scene's bounds, the camera framing them, and a few rendered frames.
//! The models, lighting and fonts plugins add what they load; this one
//! decides when the scene is ready.

use bevy::asset::{LoadState, RecursiveDependencyLoadState, UntypedAssetId};
use bevy::camera::primitives::Aabb;
use bevy::platform::collections::HashSet;
use bevy::prelude::*;

use crate::camera::{BoundsKnown, SceneBounds};
use crate::events::{SceneReady, Status, ViewerFailed, ViewerStatus};
use crate::scene::{ActiveScene, ModelRoot, Plinth};

pub fn plugin(app: &mut App) {
    app.init_resource::<LoadTracker>()
        .add_systems(Update, (watch_loads, advance_readiness).chain());
}

/// Progress of the scene's loading: assets, glTF instances, then a few
/// frames for transforms, bounds and the first render.
#[derive(Resource, Debug, Default)]
pub struct LoadTracker {
    items: Vec<Tracked>,
    instances_pending: HashSet<Entity>,
    phase: Phase,
}

#[derive(Debug)]
struct Tracked {
    what: String,
    url: String,
    id: UntypedAssetId,
    _handle: UntypedHandle,
    done: bool,
}

#[derive(Debug, Default, Clone, Copy, PartialEq)]
enum Phase {
    #[default]
    Idle,
    Loading,
    /// Everything loaded; waiting this many frames for transforms to propagate.
    Settling(u32),
    /// The camera framed the scene; waiting for frames to render.
    Rendering(u32),
    Done,
}

impl LoadTracker {
    /// Adds an asset the scene cannot be shown without. `what` names it for
    /// people ("the model \"venus\""), `url` says where it came from.
    pub fn track(&mut self, what: impl Into<String>, url: impl Into<String>, handle: impl Into<UntypedHandle>) {
        let handle = handle.into();
        self.items.push(Tracked {
            what: what.into(),
            url: url.into(),
            id: handle.id(),
            _handle: handle,
            done: false,
        });
    }

    /// A glTF instance being spawned; the scene waits for it.
    pub fn expect_instance(&mut self, entity: Entity) {
        self.instances_pending.insert(entity);
    }

    /// A glTF instance has spawned.
    pub fn instance_ready(&mut self, entity: Entity) {
        self.instances_pending.remove(&entity);
    }

    /// (finished, total) steps, counting each model instance as one step.
    pub fn progress(&self) -> (usize, usize) {
        let done = self.items.iter().filter(|t| t.done).count();
        (done, self.items.len() + self.instances_pending.len())
    }

    /// Starts tracking a new scene's loading, forgetting the last one's.
    pub fn start(&mut self) {
        *self = LoadTracker {
            phase: Phase::Loading,
            ..default()
        };
    }
}

/// Marks loaded assets done; the first failure stops the scene with a
/// message naming the asset and the reason.
fn watch_loads(assets: Res<AssetServer>, mut tracker: ResMut<LoadTracker>, status: Res<ViewerStatus>, mut commands: Commands) {
    if tracker.phase != Phase::Loading || status.status == Status::Error {
        return;
    }
    for item in tracker.items.iter_mut().filter(|t| !t.done) {
        let failure = match assets.load_state(item.id) {
            LoadState::Failed(err) => Some(err.to_string()),
            _ => match assets.recursive_dependency_load_state(item.id) {
                RecursiveDependencyLoadState::Failed(err) => Some(err.to_string()),
                RecursiveDependencyLoadState::Loaded => {
                    item.done = true;
                    None
                }
                _ => None,
            },
        };
        if let Some(reason) = failure {
            commands.trigger(ViewerFailed {
                code: "model-load-failed".into(),
                message: format!("{} could not be loaded from {}: {reason}", capitalize(&item.what), item.url),
            });
            return;
        }
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

fn advance_readiness(
    mut tracker: ResMut<LoadTracker>,
    status: Res<ViewerStatus>,
    scene: Option<Res<ActiveScene>>,
    roots: Query<Entity, Or<(With<ModelRoot>, With<Plinth>)>>,
    children: Query<&Children>,
    bounds_q: Query<(&Aabb, &GlobalTransform)>,
    mut commands: Commands,
) {
    if status.status == Status::Error {
        return;
    }
    tracker.phase = match tracker.phase {
        Phase::Loading if tracker.items.iter().all(|t| t.done) && tracker.instances_pending.is_empty() => Phase::Settling(0),
        Phase::Settling(n) if n < 2 => Phase::Settling(n + 1),
        Phase::Settling(_) => {
            let Some(bounds) = world_bounds(roots.iter(), &children, &bounds_q) else {
                commands.trigger(ViewerFailed {
                    code: "scene-empty".into(),
                    message: "The scene's models loaded but contain no visible geometry.".into(),
                });
                return;
            };
            info!("scene bounds: {:?} .. {:?}", bounds.min, bounds.max);
            commands.trigger(BoundsKnown {
                bounds,
                initial_view: scene.as_ref().and_then(|s| s.manifest.initial_view),
                keep_camera: scene.as_ref().is_some_and(|s| s.reload),
            });
            Phase::Rendering(0)
        }
        Phase::Rendering(n) if n < 3 => Phase::Rendering(n + 1),
        Phase::Rendering(_) => {
            commands.trigger(SceneReady);
            Phase::Done
        }
        other => other,
    };
}

/// World-space bounds of every mesh below the given roots.
fn world_bounds(
    roots: impl Iterator<Item = Entity>,
    children: &Query<&Children>,
    q: &Query<(&Aabb, &GlobalTransform)>,
) -> Option<SceneBounds> {
    let (mut lo, mut hi) = (Vec3::splat(f32::MAX), Vec3::splat(f32::MIN));
    let mut any = false;
    for root in roots {
        for e in std::iter::once(root).chain(children.iter_descendants(root)) {
            let Ok((aabb, gt)) = q.get(e) else { continue };
            let (c, h) = (Vec3::from(aabb.center), Vec3::from(aabb.half_extents));
            for corner in 0..8 {
                let s = Vec3::new(
                    if corner & 1 == 0 { -1.0 } else { 1.0 },
                    if corner & 2 == 0 { -1.0 } else { 1.0 },
                    if corner & 4 == 0 { -1.0 } else { 1.0 },
                );
                let p = gt.transform_point(c + h * s);
                lo = lo.min(p);
                hi = hi.max(p);
                any = true;
            }
        }
    }
    any.then_some(SceneBounds { min: lo, max: hi })
}
