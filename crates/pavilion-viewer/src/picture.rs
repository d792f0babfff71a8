//! The 3D picture is drawn again only when what it shows can have changed.
//!
//! Pacing (`pacing.rs`) keeps Bevy's loop running while anything the page
//! shows changes: a language, an open panel, a tour's step, the views the
//! page reads. Most of those leave the 3D picture as it was, yet each such
//! frame used to render it again: battery on a phone's GPU, and on a
//! software renderer (no GPU: an old laptop, SwiftShader in the browser
//! tests) a second or more per frame at 720 × 540. Here a frame still runs
//! every system and sends every view to the page, but the render is
//! skipped unless, in the last [`Picture::SETTLE_FRAMES`] frames, something
//! that shows in 3D changed: a camera, model, light or environment that
//! moved, appeared, disappeared, was restyled or finished loading, the
//! background, or the window's size. The canvas keeps the last picture, as
//! it does when the viewer rests.
//!
//! Only the visitor's paced viewer uses this (`main.rs`); the authoring
//! tools draw egui every frame.

use bevy::core_pipeline::tonemapping::Tonemapping;
use bevy::ecs::system::SystemParam;
use bevy::light::{DirectionalLightShadowMap, EnvironmentMapLight};
use bevy::prelude::*;
use bevy::render::extract_resource::{ExtractResource, ExtractResourcePlugin};
use bevy::render::renderer::RenderQueue;
use bevy::render::{Render, RenderApp, RenderSystems};
use bevy::window::WindowResized;

use crate::pacing::{Pacing, PacingDecision};

pub fn plugin(app: &mut App) {
    app.init_resource::<Picture>()
        .add_systems(Last, watch.before(PacingDecision))
        .add_plugins(ExtractResourcePlugin::<DrawPicture>::default());
    if let Some(render_app) = app.get_sub_app_mut(RenderApp) {
        render_app
            .configure_sets(Render, RenderSystems::Render.run_if(draws))
            // What the skipped frames wrote for the GPU (view and mesh
            // uniforms) is sent on, not kept until the next drawn frame.
            .add_systems(Render, send_uploads.in_set(RenderSystems::Cleanup).run_if(not(draws)));
    }
}

/// Whether this frame renders the 3D picture, and for how many frames more
/// after the last change it will.
#[derive(Resource, Debug)]
pub struct Picture {
    left: u32,
    draw: bool,
}

impl Default for Picture {
    fn default() -> Self {
        Picture {
            left: Self::SETTLE_FRAMES,
            draw: true,
        }
    }
}

impl Picture {
    /// Frames drawn from a change on: a model whose pipeline or texture is
    /// made on the GPU while the frame that shows it is drawn appears a
    /// frame or two later.
    pub const SETTLE_FRAMES: u32 = 3;

    /// This frame renders the 3D picture.
    pub fn draws(&self) -> bool {
        self.draw
    }
}

/// [`Picture::draws`] in the render world.
#[derive(Resource, Debug, Clone, Copy)]
struct DrawPicture(bool);

impl ExtractResource for DrawPicture {
    type Source = Picture;

    fn extract_resource(source: &Picture) -> Self {
        DrawPicture(source.draw)
    }
}

fn draws(draw: Option<Res<DrawPicture>>) -> bool {
    draw.is_none_or(|d| d.0)
}

fn send_uploads(queue: Res<RenderQueue>) {
    queue.submit(std::iter::empty());
}

/// Everything whose change shows in the 3D picture.
#[derive(SystemParam)]
struct Shown<'w, 's> {
    moved: Query<'w, 's, (), Changed<GlobalTransform>>,
    restyled: Query<
        'w,
        's,
        (),
        Or<(
            Changed<Visibility>,
            Changed<Mesh3d>,
            Changed<MeshMaterial3d<StandardMaterial>>,
            Changed<DirectionalLight>,
            Changed<PointLight>,
            Changed<SpotLight>,
        )>,
    >,
    cameras: Query<
        'w,
        's,
        (),
        (
            With<Camera3d>,
            Or<(
                Changed<Camera>,
                Changed<Projection>,
                Changed<Msaa>,
                Changed<Tonemapping>,
                Changed<EnvironmentMapLight>,
            )>,
        ),
    >,
    gone_meshes: RemovedComponents<'w, 's, Mesh3d>,
    gone_directional: RemovedComponents<'w, 's, DirectionalLight>,
    gone_points: RemovedComponents<'w, 's, PointLight>,
    gone_spots: RemovedComponents<'w, 's, SpotLight>,
    gone_environment: RemovedComponents<'w, 's, EnvironmentMapLight>,
    meshes: MessageReader<'w, 's, AssetEvent<Mesh>>,
    images: MessageReader<'w, 's, AssetEvent<Image>>,
    materials: MessageReader<'w, 's, AssetEvent<StandardMaterial>>,
    resized: MessageReader<'w, 's, WindowResized>,
    background: Res<'w, ClearColor>,
    ambient: Res<'w, GlobalAmbientLight>,
    shadow_map: Option<Res<'w, DirectionalLightShadowMap>>,
}

impl Shown<'_, '_> {
    /// Something that shows changed since the last frame. Reads (and so
    /// clears) the messages and removals.
    fn changed(&mut self) -> bool {
        let mut changed = !self.moved.is_empty()
            || !self.restyled.is_empty()
            || !self.cameras.is_empty()
            || self.background.is_changed()
            || self.ambient.is_changed()
            || self.shadow_map.as_ref().is_some_and(|s| s.is_changed());
        changed |= !self.gone_meshes.is_empty()
            || !self.gone_directional.is_empty()
            || !self.gone_points.is_empty()
            || !self.gone_spots.is_empty()
            || !self.gone_environment.is_empty();
        self.gone_meshes.clear();
        self.gone_directional.clear();
        self.gone_points.clear();
        self.gone_spots.clear();
        self.gone_environment.clear();
        changed |= !self.meshes.is_empty() || !self.images.is_empty() || !self.materials.is_empty() || !self.resized.is_empty();
        self.meshes.clear();
        self.images.clear();
        self.materials.clear();
        self.resized.clear();
        changed
    }
}

/// Decides whether this frame renders, before pacing decides whether another
/// frame follows (a change keeps frames coming until it has been drawn).
fn watch(mut picture: ResMut<Picture>, mut shown: Shown, mut pacing: ResMut<Pacing>) {
    if shown.changed() {
        picture.left = Picture::SETTLE_FRAMES;
        pacing.keep_drawing();
    }
    picture.draw = picture.left > 0;
    picture.left = picture.left.saturating_sub(1);
}
