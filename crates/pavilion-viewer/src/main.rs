//! Composes the viewer: Bevy, egui and Pavilion's feature plugins.

#[cfg(target_arch = "wasm32")]
fn main() {
    use bevy::asset::AssetMetaCheck;
    use bevy::asset::io::web::WebAssetPlugin;
    use bevy::prelude::*;
    use pavilion_viewer::*;

    App::new()
        // A system that cannot run this frame (say, the egui context is not
        // there yet) logs and tries again; it must not stop the viewer.
        .set_error_handler(bevy::ecs::error::warn)
        .add_plugins(
            DefaultPlugins
                .set(WindowPlugin {
                    primary_window: Some(Window {
                        title: "Pavilion".into(),
                        canvas: Some("#pavilion-canvas".into()),
                        fit_canvas_to_parent: true,
                        ..default()
                    }),
                    ..default()
                })
                .set(AssetPlugin {
                    meta_check: AssetMetaCheck::Never,
                    ..default()
                })
                // Scenes name their files by absolute URL (resolved against
                // the manifest), so every asset comes through these sources.
                .set(WebAssetPlugin {
                    silence_startup_warning: true,
                }),
        )
        .add_plugins(bevy_egui::EguiPlugin::default())
        .add_plugins(ContentPlugins)
        .add_plugins((
            loading::plugin,
            models::plugin,
            lighting::plugin,
            camera::plugin,
            hotspots::projection_plugin,
            fonts::plugin,
            ui::plugin,
            web_bridge::plugin,
            authoring::plugin,
        ))
        .run();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Pavilion runs in the browser: `cargo xtask serve` builds it and serves it at http://127.0.0.1:8080/");
}
