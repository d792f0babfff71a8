//! The authoring window: the picked point, "Capture view", the hotspot
//! JSON ("Copy JSON"), the moved hotspots ("Download scene") and the scene's
//! warnings, with a live marker at the picked point.

use bevy::prelude::*;
use bevy_egui::input::EguiWantsInput;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::{Authoring, CaptureViewpoint, authoring, scene_file_name};
use crate::camera::OrbitCamera;
use crate::events::{CopyText, InterfaceFocus, SaveFile};
use crate::scene::ActiveScene;

pub fn plugin(app: &mut App) {
    app.add_systems(PreUpdate, share_input_focus)
        .add_systems(EguiPrimaryContextPass, style.run_if(run_once))
        .add_systems(EguiPrimaryContextPass, authoring_ui.after(style).run_if(authoring));
}

/// Tells the camera and the tools whether egui has the pointer or the
/// keyboard (bevy_egui works it out at the end of the previous frame).
fn share_input_focus(egui: Res<EguiWantsInput>, mut focus: ResMut<InterfaceFocus>) {
    focus.set_if_neq(InterfaceFocus {
        pointer: egui.wants_any_pointer_input(),
        keyboard: egui.wants_keyboard_input(),
    });
}

/// Light paper and ink, as the page's own interface.
fn style(mut contexts: EguiContexts) -> Result {
    use egui::{Color32, FontId, TextStyle, Vec2};
    let ink = Color32::from_rgb(38, 33, 27);
    let paper = Color32::from_rgba_premultiplied(250, 247, 242, 244);
    let ctx = contexts.ctx_mut()?;
    ctx.set_theme(egui::Theme::Light);
    let mut style = (*ctx.style_of(egui::Theme::Light)).clone();
    style.visuals = egui::Visuals::light();
    style.visuals.override_text_color = Some(ink);
    style.visuals.window_fill = paper;
    style.visuals.panel_fill = paper;
    style.visuals.selection.bg_fill = Color32::from_rgb(122, 92, 46).gamma_multiply(0.35);
    style.spacing.button_padding = Vec2::new(10.0, 6.0);
    style.spacing.item_spacing = Vec2::new(8.0, 8.0);
    style.text_styles.insert(TextStyle::Body, FontId::proportional(16.0));
    style.text_styles.insert(TextStyle::Button, FontId::proportional(15.0));
    style.text_styles.insert(TextStyle::Heading, FontId::proportional(22.0));
    style.text_styles.insert(TextStyle::Small, FontId::proportional(13.0));
    ctx.set_style_of(egui::Theme::Light, style);
    Ok(())
}

fn authoring_ui(
    mut contexts: EguiContexts,
    mut authoring: ResMut<Authoring>,
    scene: Res<ActiveScene>,
    warnings: Res<crate::scene::SceneWarnings>,
    cameras: Query<(&Camera, &GlobalTransform), With<OrbitCamera>>,
    mut commands: Commands,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    // The live marker at the picked point.
    if let Some(pick) = &authoring.pick
        && let Ok((camera, gt)) = cameras.single()
        && let Ok(p) = camera.world_to_viewport(gt, Vec3::from_array(pick.position.map(|x| x as f32)))
    {
        let painter = ctx.layer_painter(egui::LayerId::new(egui::Order::Middle, egui::Id::new("author-marker")));
        let c = egui::pos2(p.x, p.y);
        painter.circle(
            c,
            9.0,
            egui::Color32::from_rgb(200, 40, 90),
            egui::Stroke::new(2.0, egui::Color32::WHITE),
        );
        painter.line_segment(
            [c - egui::vec2(5.0, 0.0), c + egui::vec2(5.0, 0.0)],
            egui::Stroke::new(2.0, egui::Color32::WHITE),
        );
        painter.line_segment(
            [c - egui::vec2(0.0, 5.0), c + egui::vec2(0.0, 5.0)],
            egui::Stroke::new(2.0, egui::Color32::WHITE),
        );
    }
    let snippet = authoring.snippet(&scene.manifest.default_language, scene.manifest.hotspots.len() + 1);
    let mut anchored = authoring.anchored;
    egui::Window::new("Authoring")
        .id(egui::Id::new("authoring-window"))
        .anchor(egui::Align2::LEFT_BOTTOM, [12.0, -12.0])
        .resizable(false)
        .collapsible(true)
        .default_width(320.0)
        .show(ctx, |ui| {
            match &authoring.pick {
                None => {
                    ui.label("Click a surface to place a hotspot.");
                }
                Some(p) => {
                    let f = |v: [f64; 3]| format!("[{:.4}, {:.4}, {:.4}]", v[0], v[1], v[2]);
                    ui.monospace(format!("position {}", f(p.position)));
                    ui.monospace(format!("normal   {}", f(p.normal)));
                    if let Some(m) = &p.model {
                        ui.monospace(format!("model    {m}"));
                    }
                    if let (Some(n), Some(l)) = (&p.node, p.local) {
                        ui.monospace(format!("node     {n} {}", f(l)));
                        ui.checkbox(&mut anchored, "Anchor to this node")
                            .on_hover_text("The hotspot follows the node when the model moves or is re-exported");
                    }
                }
            }
            ui.horizontal(|ui| {
                if ui.button("Capture view").clicked() {
                    commands.trigger(CaptureViewpoint);
                }
                if let Some(s) = &snippet
                    && ui.button("Copy JSON").clicked()
                {
                    ctx.copy_text(s.clone());
                    commands.trigger(CopyText(s.clone()));
                }
                if !authoring.moved.is_empty() && ui.button("Download scene").clicked() {
                    match authoring.edited_scene() {
                        Ok(text) => {
                            commands.trigger(SaveFile {
                                name: scene_file_name(&scene.url),
                                text,
                            });
                            authoring.download_error = None;
                        }
                        Err(e) => authoring.download_error = Some(e),
                    }
                }
            });
            if !authoring.moved.is_empty() {
                ui.label(format!(
                    "Moved, not yet saved in the file: {}",
                    authoring.moved.keys().cloned().collect::<Vec<_>>().join(", ")
                ));
            }
            if let Some(e) = &authoring.download_error {
                ui.colored_label(egui::Color32::from_rgb(150, 60, 0), format!("Cannot download yet: {e}"));
            }
            for w in &warnings.0 {
                ui.colored_label(egui::Color32::from_rgb(150, 60, 0), w);
            }
            if let Some(s) = &snippet {
                egui::ScrollArea::vertical().max_height(180.0).show(ui, |ui| {
                    ui.add(egui::Label::new(egui::RichText::new(s).monospace().size(11.0)).selectable(true));
                });
            }
        });
    if anchored != authoring.anchored {
        authoring.anchored = anchored;
    }
    Ok(())
}
