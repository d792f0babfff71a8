//! Lighting and backdrop: image-based light from the scene's prefiltered
//! environment cubemaps (WebGL2 cannot filter an HDRI at run time), a soft
//! key light for shape and grounding shadows (or the scene's own lights
//! instead, say from a IIIF manifest), tone mapping, background and an
//! optional floor.

use bevy::core_pipeline::tonemapping::Tonemapping;
use bevy::light::{CascadeShadowConfigBuilder, DirectionalLightShadowMap, EnvironmentMapLight};
use bevy::prelude::*;
use bevy::render::renderer::RenderAdapterInfo;

use crate::loading::{LoadTracker, Need};
use crate::models::srgb;
use crate::scene::{ActiveScene, SceneContent, SceneParsed};

/// The backdrop when the scene names none.
const DEFAULT_BACKGROUND: Color = Color::srgb(0.91, 0.90, 0.88);

pub fn plugin(app: &mut App) {
    app.insert_resource(ClearColor(DEFAULT_BACKGROUND))
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
    let background = env.and_then(|e| e.background.as_deref()).or(scene.manifest.background.as_deref());
    clear.0 = background.and_then(srgb).unwrap_or(DEFAULT_BACKGROUND);
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

    let radius = 4.0;
    if scene.manifest.lights.is_empty() {
        key_light(env.is_some(), radius, &mut commands);
    } else {
        // The scene brings its own lights: they replace the key light and
        // the ambient light (as IIIF asks of a manifest's lights).
        commands.insert_resource(GlobalAmbientLight::NONE);
        let mut shadows = true;
        for light in &scene.manifest.lights {
            spawn_light(light, radius, &mut shadows, &mut commands);
        }
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

/// A key light from above and in front, like a gallery spotlight: gives
/// form to pale, matte sculpture that image light alone leaves flat; and,
/// without an environment, some ambient light.
fn key_light(environment: bool, radius: f32, commands: &mut Commands) {
    commands.spawn((
        Name::new("Key light"),
        SceneContent,
        DirectionalLight {
            illuminance: if environment { 2_500.0 } else { 8_000.0 },
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
    commands.insert_resource(if environment {
        GlobalAmbientLight::NONE
    } else {
        GlobalAmbientLight {
            brightness: 400.0,
            ..default()
        }
    });
}

/// Full strength (intensity 1) of each kind of scene light, in Bevy's
/// units: about what the viewer's own key light gives a model a few metres
/// away (8,000 lux; a point light of 10⁶ lm gives 5,000 lux at 4 m).
const FULL_ILLUMINANCE: f32 = 10_000.0;
const FULL_AMBIENT: f32 = 1_000.0;
const FULL_LUMENS: f32 = 1_000_000.0;

/// One of the scene's own lights. The first directional light casts
/// shadows (WebGL2 gives one cascaded shadow map).
fn spawn_light(light: &pavilion_content::manifest::Light, radius: f32, shadows: &mut bool, commands: &mut Commands) {
    use pavilion_content::manifest::LightKind;
    let color = light.color.as_deref().and_then(srgb).unwrap_or(Color::WHITE);
    let k = light.intensity.clamp(0.0, 1.0);
    let at = Vec3::from(light.position.unwrap_or([0.0; 3]));
    let dir = Vec3::from(light.direction.unwrap_or([0.0, -1.0, 0.0])).normalize_or(Vec3::NEG_Y);
    let up = if dir.cross(Vec3::Y).length_squared() < 1e-6 {
        Vec3::Z
    } else {
        Vec3::Y
    };
    let pose = Transform::from_translation(at).looking_to(dir, up);
    match light.kind {
        LightKind::Ambient => {
            commands.insert_resource(GlobalAmbientLight {
                color,
                brightness: FULL_AMBIENT * k,
                ..default()
            });
        }
        LightKind::Directional => {
            let cast = std::mem::take(shadows);
            commands.spawn((
                Name::new("Scene light (directional)"),
                SceneContent,
                DirectionalLight {
                    color,
                    illuminance: FULL_ILLUMINANCE * k,
                    shadow_maps_enabled: cast,
                    ..default()
                },
                pose,
                CascadeShadowConfigBuilder {
                    num_cascades: 1,
                    maximum_distance: radius * 4.0,
                    ..default()
                }
                .build(),
            ));
        }
        LightKind::Point => {
            commands.spawn((
                Name::new("Scene light (point)"),
                SceneContent,
                PointLight {
                    color,
                    intensity: FULL_LUMENS * k,
                    range: 100.0,
                    ..default()
                },
                pose,
            ));
        }
        LightKind::Spot => {
            let outer = light.angle.unwrap_or(30.0).clamp(0.1, 90.0).to_radians();
            commands.spawn((
                Name::new("Scene light (spot)"),
                SceneContent,
                SpotLight {
                    color,
                    intensity: FULL_LUMENS * k,
                    range: 100.0,
                    outer_angle: outer.min(std::f32::consts::FRAC_PI_2 - 0.01),
                    inner_angle: outer * 0.8,
                    ..default()
                },
                pose,
            ));
        }
    }
}
