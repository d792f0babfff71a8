//! glTF models: placing them (and their plinths) as the manifest says, and
//! handing each to the [`LoadTracker`] so the scene waits for it.

use bevy::gltf::GltfLoaderSettings;
use bevy::prelude::*;
use bevy::world_serialization::WorldInstanceReady;
use pavilion_content::manifest::parse_hex_color;

use crate::loading::{LoadTracker, Need};
use crate::scene::{ActiveScene, ModelRoot, Plinth, SceneContent, SceneParsed, model_transform};

pub fn plugin(app: &mut App) {
    app.add_observer(spawn_models).add_observer(on_instance_ready);
}

pub fn srgb(hex: &str) -> Option<Color> {
    parse_hex_color(hex).map(|[r, g, b]| Color::srgb_u8(r, g, b))
}

fn spawn_models(
    _: On<SceneParsed>,
    scene: Res<ActiveScene>,
    assets: Res<AssetServer>,
    mut tracker: ResMut<LoadTracker>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut commands: Commands,
) {
    tracker.start();
    for model in &scene.manifest.models {
        let url = scene.resolve(&model.src);
        let what = format!("the model \"{}\"", model.id);
        let path = match crate::scene::asset_path(&url) {
            Ok(path) => path.with_label(GltfAssetLabel::Scene(0).to_string()),
            Err(reason) => {
                tracker.track_failed(what, url, Need::Model, &reason);
                continue;
            }
        };
        let handle: Handle<WorldAsset> = assets
            .load_builder()
            .with_settings(|s: &mut GltfLoaderSettings| {
                // Scenes bring their own camera and light; the glTF's would fight them.
                s.load_cameras = false;
                s.load_lights = false;
            })
            .load(path);
        let root = commands
            .spawn((
                Name::new(format!("Model {}", model.id)),
                ModelRoot { id: model.id.clone() },
                SceneContent,
                model_transform(model),
                Visibility::default(),
            ))
            .id();
        let child = commands.spawn((WorldAssetRoot(handle.clone()), ChildOf(root))).id();
        tracker.track_model(what, url, handle, child);

        if let Some(p) = &model.plinth {
            let size = Vec3::from(p.size);
            let color = p.color.as_deref().and_then(srgb).unwrap_or(Color::srgb(0.93, 0.92, 0.90));
            commands.spawn((
                Name::new(format!("Plinth {}", model.id)),
                Plinth,
                SceneContent,
                Mesh3d(meshes.add(Cuboid::from_size(size))),
                MeshMaterial3d(materials.add(StandardMaterial {
                    base_color: color,
                    perceptual_roughness: 0.85,
                    ..default()
                })),
                Transform::from_translation(Vec3::from(p.top) - Vec3::Y * size.y * 0.5),
            ));
        }
    }
}

fn on_instance_ready(ev: On<WorldInstanceReady>, mut tracker: ResMut<LoadTracker>) {
    tracker.instance_ready(ev.entity);
}
