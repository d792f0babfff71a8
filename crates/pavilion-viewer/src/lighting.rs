//! Lighting and backdrop: image-based light from the scene's prefiltered
//! environment cubemaps (WebGL2 cannot filter an HDRI at run time), a soft
//! key light for shape and grounding shadows, tone mapping, background and
//! an optional floor.

use bevy::core_pipeline::tonemapping::Tonemapping;
use bevy::light::{CascadeShadowConfigBuilder, DirectionalLightShadowMap, EnvironmentMapLight};
use bevy::prelude::*;
use bevy::render::renderer::RenderAdapterInfo;

use crate::loading::{LoadTracker, Need};
use crate::models::srgb;
use crate::scene::{ActiveScene, SceneContent, SceneParsed};

pub fn plugin(app: &mut App) {
    app.insert_resource(ClearColor(Color::srgb(0.91, 0.90, 0.88)))
        .insert_resource(GlobalAmbientLight::NONE)
        .add_observer(light_scene)
        .add_systems(Update, suit_the_renderer.run_if(resource_added::<RenderAdapterInfo>));
}

/// On a software renderer (no GPU: SwiftShader, llvmpipe) multisampling and
/// large shadow maps cost seconds per frame; drop them so the viewer stays
/// usable. Real GPUs keep 4× MSAA and 2048² shadows.
fn suit_the_renderer(info: Res<RenderAdapterInfo>, mut commands: Commands, cameras: Query<Entity, With<Camera3d>>) {
    let name = info.name.to_ascii_lowercase();
    let software = info.device_type == wgpu_types::DeviceType::Cpu || name.contains("swiftshader") || name.contains("llvmpipe");
    if !software {
        return;
    }
    info!("software renderer ({}): no MSAA, smaller shadow map", info.name);
    commands.insert_resource(SoftwareRenderer);
    commands.insert_resource(DirectionalLightShadowMap { size: 1024 });
    for camera in &cameras {
        commands.entity(camera).insert(Msaa::Off);
    }
}

/// Present when rendering without a GPU.
#[derive(Resource, Debug)]
pub struct SoftwareRenderer;

fn light_scene(
    _: On<SceneParsed>,
    scene: Res<ActiveScene>,
    assets: Res<AssetServer>,
    mut tracker: ResMut<LoadTracker>,
    mut clear: ResMut<ClearColor>,
    cameras: Query<Entity, With<Camera3d>>,
    software: Option<Res<SoftwareRenderer>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut commands: Commands,
) {
    let env = scene.manifest.environment.as_ref();
    if let Some(bg) = env.and_then(|e| e.background.as_deref()).and_then(srgb) {
        clear.0 = bg;
    }
    for camera in &cameras {
        let mut entity = commands.entity(camera);
        entity.insert((
            Tonemapping::TonyMcMapface,
            if software.is_some() { Msaa::Off } else { Msaa::Sample4 },
        ));
        match env {
            Some(e) => {
                // Without its maps the scene still shows, lit by the key light.
                let mut load = |what: &str, src: &str| -> Handle<Image> {
                    let url = scene.resolve(src);
                    match crate::scene::asset_path(&url) {
                        Ok(path) => {
                            let handle: Handle<Image> = assets.load(path);
                            tracker.track(what, url, handle.clone(), Need::Optional);
                            handle
                        }
                        Err(reason) => {
                            tracker.track_failed(what, url, Need::Optional, &reason);
                            Handle::default()
                        }
                    }
                };
                let diffuse = load("the diffuse environment map", &e.diffuse);
                let specular = load("the specular environment map", &e.specular);
                entity.insert(EnvironmentMapLight {
                    diffuse_map: diffuse,
                    specular_map: specular,
                    intensity: e.intensity,
                    rotation: Quat::from_rotation_y(e.rotation_degrees.to_radians()),
                    ..default()
                });
            }
            None => {
                entity.remove::<EnvironmentMapLight>();
            }
        }
    }

    // A key light from above and in front, like a gallery spotlight: gives
    // form to pale, matte sculpture that image light alone leaves flat.
    let radius = 4.0;
    commands.spawn((
        Name::new("Key light"),
        SceneContent,
        DirectionalLight {
            illuminance: if env.is_some() { 2_500.0 } else { 8_000.0 },
            shadow_maps_enabled: true,
            ..default()
        },
        Transform::from_xyz(2.0, 5.0, 4.0).looking_at(Vec3::ZERO, Vec3::Y),
        CascadeShadowConfigBuilder {
            num_cascades: 1,
            maximum_distance: radius * 4.0,
            ..default()
        }
        .build(),
    ));
    if env.is_none() {
        commands.insert_resource(GlobalAmbientLight {
            brightness: 400.0,
            ..default()
        });
    }

    if let Some(floor) = env.and_then(|e| e.floor.as_deref()).and_then(srgb) {
        commands.spawn((
            Name::new("Floor"),
            SceneContent,
            Mesh3d(meshes.add(Circle::new(radius * 2.0))),
            MeshMaterial3d(materials.add(StandardMaterial {
                base_color: floor,
                perceptual_roughness: 0.95,
                reflectance: 0.2,
                ..default()
            })),
            Transform::from_rotation(Quat::from_rotation_x(-std::f32::consts::FRAC_PI_2)),
        ));
    }
}
