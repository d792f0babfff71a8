//! Loading, from a parsed manifest to [`SceneReady`]: the tracker every
//! plugin hands the assets the scene waits for (models with their textures,
//! environment maps, the language's font), then the scene's bounds, the
//! camera framing them, and a few rendered frames. The models, lighting and
//! fonts plugins add what they load; this one decides when the scene is
//! ready, and what a failure costs ([`Need`]): a broken model is a warning
//! while another model shows; a missing font or environment map is a
//! warning; only when nothing can be shown does the scene stop, with a
//! message naming the asset and the reason.

use bevy::asset::{LoadState, RecursiveDependencyLoadState, UntypedAssetId};
use bevy::camera::primitives::Aabb;
use bevy::platform::collections::HashSet;
use bevy::prelude::*;

use crate::camera::{BoundsKnown, SceneBounds};
use crate::events::{SceneReady, Status, ViewerFailed, ViewerStatus};
use crate::scene::{ActiveScene, ModelRoot, Plinth, SceneWarnings};

pub fn plugin(app: &mut App) {
    app.init_resource::<LoadTracker>()
        .init_resource::<ModelsPlaced>()
        .add_systems(Update, (watch_loads, advance_readiness).chain());
}

/// Progress of the scene's loading: assets, glTF instances, then a few
/// frames for transforms, bounds and the first render.
#[derive(Resource, Debug, Default)]
pub struct LoadTracker {
    items: Vec<Tracked>,
    instances_pending: HashSet<Entity>,
    /// Failures found before any load began, reported by the next check.
    failures: Vec<(String, String, Need, String)>,
    /// The scene's models, and how many of them failed.
    models: usize,
    models_failed: usize,
    phase: Phase,
}

#[derive(Debug)]
struct Tracked {
    what: String,
    url: String,
    id: UntypedAssetId,
    _handle: UntypedHandle,
    need: Need,
    /// The glTF instance spawned from this asset, if any (given up on when
    /// the asset fails).
    instance: Option<Entity>,
    done: bool,
}

/// Where each model of the scene ended up: its id and world-space bounds
/// (what `state().models` tells the page, once the scene is framed).
#[derive(Resource, Debug, Default, Clone, PartialEq, serde::Serialize)]
pub struct ModelsPlaced(pub Vec<ModelPlaced>);

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ModelPlaced {
    pub id: String,
    pub min: [f32; 3],
    pub max: [f32; 3],
}

/// What the scene loses when a tracked asset fails to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// The scene shows without it (a font, an environment map): a warning.
    Optional,
    /// One of the scene's models: a warning while another model of the
    /// scene loads; an error when none does.
    Model,
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
    /// Adds an asset the scene waits for; `need` says what its failure
    /// costs. `what` names it for people ("the model \"venus\""), `url`
    /// says where it came from.
    pub fn track(&mut self, what: impl Into<String>, url: impl Into<String>, handle: impl Into<UntypedHandle>, need: Need) {
        let handle = handle.into();
        self.items.push(Tracked {
            what: what.into(),
            url: url.into(),
            id: handle.id(),
            _handle: handle,
            need,
            instance: None,
            done: false,
        });
    }

    /// Adds a model whose glTF scene `instance` spawns once it has loaded.
    pub fn track_model(&mut self, what: impl Into<String>, url: impl Into<String>, handle: impl Into<UntypedHandle>, instance: Entity) {
        self.track(what, url, handle, Need::Model);
        self.models += 1;
        if let Some(item) = self.items.last_mut() {
            item.instance = Some(instance);
        }
        self.instances_pending.insert(instance);
    }

    /// An asset that could not be made into a handle at all (a path the
    /// asset system cannot parse): fails like a load would.
    pub fn track_failed(&mut self, what: impl Into<String>, url: impl Into<String>, need: Need, reason: &str) {
        if need == Need::Model {
            self.models += 1;
            self.models_failed += 1;
        }
        self.failures.push((what.into(), url.into(), need, reason.to_string()));
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

/// Marks loaded assets done. A failure is a warning when the scene can show
/// without the asset, and stops the scene with a message naming the asset
/// and the reason when it cannot (see [`Need`]).
fn watch_loads(
    assets: Res<AssetServer>,
    mut tracker: ResMut<LoadTracker>,
    status: Res<ViewerStatus>,
    mut warnings: ResMut<SceneWarnings>,
    mut commands: Commands,
) {
    if tracker.phase != Phase::Loading || status.status == Status::Error {
        return;
    }
    let tracker = &mut *tracker;
    let mut failed = std::mem::take(&mut tracker.failures);
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
            item.done = true;
            if let Some(instance) = item.instance {
                tracker.instances_pending.remove(&instance);
            }
            if item.need == Need::Model {
                tracker.models_failed += 1;
            }
            failed.push((item.what.clone(), item.url.clone(), item.need, reason));
        }
    }
    for (what, url, need, reason) in failed {
        let message = format!("{} could not be loaded from {url}: {reason}", capitalize(&what));
        // The scene stops only when none of its models could be loaded.
        if need == Need::Model && tracker.models_failed >= tracker.models {
            commands.trigger(ViewerFailed {
                code: "model-load-failed".into(),
                message,
            });
            return;
        }
        warn!("{message}");
        warnings.0.push(message);
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
    models: Query<(Entity, &ModelRoot)>,
    children: Query<&Children>,
    bounds_q: Query<(&Aabb, &GlobalTransform)>,
    mut placed: ResMut<ModelsPlaced>,
    mut commands: Commands,
) {
    if status.status == Status::Error {
        return;
    }
    tracker.phase = match tracker.phase {
        Phase::Loading if tracker.failures.is_empty() && tracker.items.iter().all(|t| t.done) && tracker.instances_pending.is_empty() => {
            Phase::Settling(0)
        }
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
            placed.0 = models
                .iter()
                .filter_map(|(e, m)| {
                    let b = world_bounds(std::iter::once(e), &children, &bounds_q)?;
                    Some(ModelPlaced {
                        id: m.id.clone(),
                        min: b.min.to_array(),
                        max: b.max.to_array(),
                    })
                })
                .collect();
            placed.0.sort_by(|a, b| a.id.cmp(&b.id));
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
