//! Composes the viewer: Bevy and Pavilion's feature plugins, with egui and
//! its fonts only for the authoring tools.

#[cfg(target_arch = "wasm32")]
fn main() {
    use bevy::asset::AssetMetaCheck;
    use bevy::asset::io::web::WebAssetPlugin;
    use bevy::prelude::*;
    use pavilion_viewer::*;

    // Visitors read HTML (`web/visitor/`); egui draws only the authoring
    // tools, so it is added only when the page asks for them.
    let page = web_bridge::page_request();
    let authoring_tools = page.authoring;
    let mut app = App::new();
    app
        // A system that cannot run this frame (say, the egui context is not
        // there yet) logs and tries again; it must not stop the viewer.
        .set_error_handler(bevy::ecs::error::warn)
        .add_plugins(
            DefaultPlugins
                .set(WindowPlugin {
                    primary_window: Some(Window {
                        title: "Pavilion".into(),
                        canvas: Some(page.canvas),
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
        .add_plugins(ContentPlugins)
        .add_plugins((
            compressed_gltf::CompressedGltfPlugin,
            loading::plugin,
            models::plugin,
            lighting::plugin,
            camera::plugin,
            hotspots::projection_plugin,
            web_bridge::plugin,
            authoring::plugin,
        ));
    // Visitors' viewers run frames only while something changes
    // (`pacing.rs`) and render the 3D picture only when it can differ
    // (`picture.rs`); the authoring tools' egui windows draw every frame.
    if authoring_tools {
        app.insert_resource(bevy::winit::WinitSettings::continuous());
    } else {
        app.insert_resource(pacing::winit_settings()).add_plugins(picture::plugin);
    }
    #[cfg(feature = "egui-tools")]
    if authoring_tools {
        app.add_plugins(authoring::egui_tools);
    } else {
        app.add_plugins(fonts::system_fonts);
    }
    // A visitor-only build (without the `egui-tools` feature).
    #[cfg(not(feature = "egui-tools"))]
    {
        if authoring_tools {
            warn!("this build of the viewer has no authoring tools (the `egui-tools` feature)");
        }
        app.add_plugins(fonts::system_fonts);
    }
    app.run();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Pavilion runs in the browser: `cargo xtask serve` builds it and serves it at http://127.0.0.1:8080/");
}
