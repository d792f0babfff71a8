//! Compressed glTF as museums publish it (Draco, meshopt, quantized,
//! specular-glossiness): decoded into plain glTF by `pavilion-gltf` before
//! Bevy's glTF loader sees it, so nothing else in the viewer changes.
//!
//! This plugin registers a loader for `.glb` / `.gltf` after Bevy's own
//! (the last one registered for an extension wins). It reads the file,
//! hands plain files straight to Bevy's loader, and decodes the others
//! first. What the decoder could only approximate is logged as a warning;
//! a file it cannot decode fails to load with the place in the file, which
//! the loading tracker shows to the visitor.

use bevy::asset::io::Reader;
use bevy::asset::{AssetLoader, LoadContext};
use bevy::gltf::extensions::GltfExtensionHandlers;
use bevy::gltf::{DefaultGltfImageSampler, Gltf, GltfLoader, GltfLoaderSettings};
use bevy::image::{CompressedImageFormatSupport, CompressedImageFormats};
use bevy::prelude::*;

pub struct CompressedGltfPlugin;

impl Plugin for CompressedGltfPlugin {
    fn build(&self, _: &mut App) {}

    /// Bevy's glTF plugin builds its loader in `finish`; this one is built
    /// the same way, after it, from the same settings.
    fn finish(&self, app: &mut App) {
        let world = app.world();
        let supported_compressed_formats = world
            .get_resource::<CompressedImageFormatSupport>()
            .map_or(CompressedImageFormats::NONE, |s| s.0);
        let (Some(sampler), Some(extensions)) = (
            world.get_resource::<DefaultGltfImageSampler>(),
            world.get_resource::<GltfExtensionHandlers>(),
        ) else {
            warn!("compressed glTF: Bevy's glTF plugin is not there; compressed models will not load");
            return;
        };
        let inner = GltfLoader {
            supported_compressed_formats,
            custom_vertex_attributes: default(),
            default_sampler: sampler.get_internal(),
            default_convert_coordinates: default(),
            extensions: extensions.0.clone(),
            default_skinned_mesh_bounds_policy: default(),
        };
        app.register_asset_loader(PlainGltfLoader(inner));
    }
}

/// Bevy's glTF loader, with compressed files decoded first.
#[derive(TypePath)]
pub struct PlainGltfLoader(GltfLoader);

impl AssetLoader for PlainGltfLoader {
    type Asset = Gltf;
    type Settings = GltfLoaderSettings;
    type Error = BevyError;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        settings: &GltfLoaderSettings,
        load_context: &mut LoadContext<'_>,
    ) -> Result<Gltf, BevyError> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).await?;
        if !pavilion_gltf::needs_transcoding(&bytes) {
            return Ok(GltfLoader::load_gltf(&self.0, &bytes, load_context, settings).await?);
        }
        let mut file = pavilion_gltf::Compressed::parse(&bytes)?;
        drop(bytes);
        for (index, uri) in file.external_buffers() {
            let path = load_context.path().resolve_embed_str(&uri)?;
            file.set_buffer(index, load_context.read_asset_bytes(path).await?);
        }
        let path = load_context.path().to_string();
        let started = bevy::platform::time::Instant::now();
        let plain = file.into_plain()?;
        info!(
            "{path}: decoded {} in {} ms",
            plain.decoded.join(", "),
            started.elapsed().as_millis()
        );
        for note in &plain.notes {
            warn!("{path}: {note}");
        }
        Ok(GltfLoader::load_gltf(&self.0, &plain.glb, load_context, settings).await?)
    }

    fn extensions(&self) -> &[&str] {
        &["gltf", "glb"]
    }
}
