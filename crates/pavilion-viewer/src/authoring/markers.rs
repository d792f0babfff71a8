//! Markers an author can drag (egui): in authoring mode they stand in for
//! the page's marker buttons, drawn from the same view
//! ([`crate::visitor::markers`]). A click opens a hotspot as a visitor's
//! would; a drag moves it over the surfaces ([`super::drag_markers`]).

use bevy::prelude::*;
use bevy_egui::egui::{self, Align2, Color32, FontId, Sense, Stroke, Vec2 as EVec2};
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use super::{MarkerDrag, authoring};
use crate::events::{CloseHotspot, OpenHotspot};
use crate::hotspots::OpenHotspotId;
use crate::visitor::markers::{MarkerLabels, MarkerPlaces, Place};

pub fn plugin(app: &mut App) {
    app.add_systems(EguiPrimaryContextPass, draggable_markers.run_if(authoring));
}

const RADIUS: f32 = 14.0;

fn draggable_markers(
    mut contexts: EguiContexts,
    labels: Res<MarkerLabels>,
    places: Res<MarkerPlaces>,
    open: Res<OpenHotspotId>,
    mut drag: ResMut<MarkerDrag>,
    mut commands: Commands,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    for (i, label) in labels.0.iter().enumerate() {
        let Some((x, y, state)) = places.get(i).filter(|p| p.2 != Place::HIDDEN) else {
            continue;
        };
        let is_open = open.0.as_deref() == Some(label.id.as_str());
        egui::Area::new(egui::Id::new(("hotspot", &label.id)))
            .fixed_pos(egui::pos2(x - RADIUS, y - RADIUS))
            .order(egui::Order::Middle)
            .show(ctx, |ui| {
                let (rect, response) = ui.allocate_exact_size(EVec2::splat(RADIUS * 2.0), Sense::click_and_drag());
                if response.dragged()
                    && let Some(p) = response.interact_pointer_pos()
                {
                    drag.0 = Some((label.id.clone(), Vec2::new(p.x, p.y)));
                } else if response.drag_stopped() {
                    drag.0 = None;
                }
                let alpha = if state == Place::SHOWN || is_open { 1.0 } else { 0.35 };
                let fill = if is_open {
                    Color32::from_rgb(122, 92, 46)
                } else {
                    Color32::from_rgba_unmultiplied(30, 26, 22, 200)
                };
                let painter = ui.painter();
                painter.circle(
                    rect.center(),
                    RADIUS - 2.0,
                    fill.gamma_multiply(alpha),
                    Stroke::new(2.0, Color32::WHITE.gamma_multiply(alpha)),
                );
                painter.text(
                    rect.center(),
                    Align2::CENTER_CENTER,
                    &label.numeral,
                    FontId::proportional(13.0),
                    Color32::WHITE.gamma_multiply(alpha),
                );
                if response.on_hover_text(&label.title).clicked() {
                    if is_open {
                        commands.trigger(CloseHotspot);
                    } else {
                        commands.trigger(OpenHotspot { id: label.id.clone() });
                    }
                }
            });
    }
    Ok(())
}
