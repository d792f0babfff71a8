//! The visitor's interface, drawn with egui: hotspot markers, the annotation
//! panel, the toolbar (reset view, language, about) and the credits.

use bevy::prelude::*;
use bevy_egui::egui::{self, Align, Align2, Color32, CornerRadius, FontId, Layout, Sense, Stroke, Vec2 as EVec2};
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};
use pavilion_content::lang::Direction;

use crate::events::{CloseHotspot, OpenHotspot, ResetView, SetLanguage, Status, StepHotspot, ViewerStatus};
use crate::fonts::{FontsWanted, ScriptFonts};
use crate::hotspots::{HotspotMarker, MarkerScreen, OpenHotspotId, Panel};
use crate::language::{CurrentLanguage, UiStrings, english_name, native_name};
use crate::scene::ActiveScene;
use crate::text::{paragraph, short};

pub fn plugin(app: &mut App) {
    app.init_resource::<AboutOpen>()
        .init_resource::<PanelRect>()
        .add_systems(EguiPrimaryContextPass, style.run_if(run_once))
        .add_systems(
            EguiPrimaryContextPass,
            (markers, toolbar, panel, about).chain().after(style).run_if(scene_is_up),
        );
}

#[derive(Resource, Default)]
struct AboutOpen(bool);

/// Where the annotation panel is, in logical pixels: `[left, top, right, bottom]`.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq)]
pub struct PanelRect(pub Option<[f32; 4]>);

fn scene_is_up(status: Res<ViewerStatus>, scene: Option<Res<ActiveScene>>) -> bool {
    status.status == Status::Ready && scene.is_some()
}

const ACCENT: Color32 = Color32::from_rgb(122, 92, 46);
const INK: Color32 = Color32::from_rgb(38, 33, 27);
const PAPER: Color32 = Color32::from_rgba_premultiplied(250, 247, 242, 244);

fn style(mut contexts: EguiContexts) -> Result {
    let ctx = contexts.ctx_mut()?;
    ctx.set_theme(egui::Theme::Light);
    let mut style = (*ctx.style_of(egui::Theme::Light)).clone();
    style.visuals = egui::Visuals::light();
    style.visuals.override_text_color = Some(INK);
    style.visuals.window_fill = PAPER;
    style.visuals.panel_fill = PAPER;
    style.visuals.selection.bg_fill = ACCENT.gamma_multiply(0.35);
    style.spacing.button_padding = EVec2::new(10.0, 6.0);
    style.spacing.item_spacing = EVec2::new(8.0, 8.0);
    style.text_styles.insert(egui::TextStyle::Body, FontId::proportional(16.0));
    style.text_styles.insert(egui::TextStyle::Button, FontId::proportional(15.0));
    style.text_styles.insert(egui::TextStyle::Heading, FontId::proportional(22.0));
    style.text_styles.insert(egui::TextStyle::Small, FontId::proportional(13.0));
    ctx.set_style_of(egui::Theme::Light, style);
    Ok(())
}

/// Single-line text for egui in its direction, at the body size.
fn t(text: &str, dir: Direction) -> egui::WidgetText {
    short(text, dir, 15.0, INK)
}

fn markers(
    mut contexts: EguiContexts,
    scene: Res<ActiveScene>,
    language: Res<CurrentLanguage>,
    open: Res<OpenHotspotId>,
    markers: Query<(&HotspotMarker, &MarkerScreen)>,
    authoring: Res<crate::authoring::Authoring>,
    mut drag: ResMut<crate::authoring::MarkerDrag>,
    mut commands: Commands,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    // Authors drag markers to move hotspots; visitors only click them.
    let sense = if authoring.enabled {
        Sense::click_and_drag()
    } else {
        Sense::click()
    };
    let mut sorted: Vec<_> = markers.iter().filter(|(_, s)| s.on_screen).collect();
    sorted.sort_by_key(|(m, _)| m.index);
    for (marker, screen) in sorted {
        let radius = 14.0;
        let is_open = open.0.as_deref() == Some(marker.id.as_str());
        let title = scene
            .manifest
            .hotspots
            .get(marker.index)
            .and_then(|h| language.pick(&h.title))
            .map(|r| t(r.text, r.direction))
            .unwrap_or_else(|| "".into());
        egui::Area::new(egui::Id::new(("hotspot", &marker.id)))
            .fixed_pos(egui::pos2(screen.pos.x - radius, screen.pos.y - radius))
            .order(egui::Order::Middle)
            .show(ctx, |ui| {
                let (rect, response) = ui.allocate_exact_size(EVec2::splat(radius * 2.0), sense);
                if response.dragged()
                    && let Some(p) = response.interact_pointer_pos()
                {
                    drag.0 = Some((marker.id.clone(), Vec2::new(p.x, p.y)));
                } else if response.drag_stopped() {
                    drag.0 = None;
                }
                let hovered = response.hovered();
                let alpha = if screen.visible || is_open { 1.0 } else { 0.35 };
                let fill = if is_open {
                    ACCENT
                } else if hovered {
                    Color32::from_rgb(60, 52, 42)
                } else {
                    Color32::from_rgba_unmultiplied(30, 26, 22, 200)
                };
                let r = if hovered || is_open { radius } else { radius - 2.0 };
                let painter = ui.painter();
                painter.circle(
                    rect.center(),
                    r,
                    fill.gamma_multiply(alpha),
                    Stroke::new(2.0, Color32::WHITE.gamma_multiply(alpha)),
                );
                painter.text(
                    rect.center(),
                    Align2::CENTER_CENTER,
                    crate::language::format_number(&language.tag, marker.index + 1),
                    FontId::proportional(13.0),
                    Color32::WHITE.gamma_multiply(alpha),
                );
                let response = response.on_hover_text(title);
                if response.clicked() {
                    if is_open {
                        commands.trigger(CloseHotspot);
                    } else {
                        commands.trigger(OpenHotspot { id: marker.id.clone() });
                    }
                }
            });
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn toolbar(
    mut contexts: EguiContexts,
    scene: Res<ActiveScene>,
    language: Res<CurrentLanguage>,
    ui_strings: Res<UiStrings>,
    mut about: ResMut<AboutOpen>,
    fonts: Res<ScriptFonts>,
    mut wanted: ResMut<FontsWanted>,
    mut commands: Commands,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = language.tag.as_str();
    let dir = language.direction();
    let s = |key: &str| t(&ui_strings.get(lang, key, &[]), dir);
    let (title_anchor, tools_anchor) = match dir {
        Direction::Ltr => (Align2::LEFT_TOP, Align2::RIGHT_TOP),
        Direction::Rtl => (Align2::RIGHT_TOP, Align2::LEFT_TOP),
    };
    let side = if dir == Direction::Rtl { -1.0 } else { 1.0 };
    if let Some(title) = language.pick(&scene.manifest.title) {
        egui::Area::new(egui::Id::new("scene-title"))
            .anchor(title_anchor, [12.0 * side, 12.0])
            .show(ctx, |ui| {
                egui::Frame::new()
                    .fill(PAPER)
                    .corner_radius(CornerRadius::same(8))
                    .inner_margin(10.0)
                    .show(ui, |ui| {
                        ui.label(short(title.text, title.direction, 18.0, INK));
                    });
            });
    }
    egui::Area::new(egui::Id::new("toolbar"))
        .anchor(tools_anchor, [-12.0 * side, 12.0])
        .show(ctx, |ui| {
            egui::Frame::new()
                .fill(PAPER)
                .corner_radius(CornerRadius::same(8))
                .inner_margin(6.0)
                .show(ui, |ui| {
                    let layout = if dir == Direction::Rtl {
                        Layout::right_to_left(Align::Center)
                    } else {
                        Layout::left_to_right(Align::Center)
                    };
                    ui.with_layout(layout, |ui| {
                        if ui.button(s("reset-view")).on_hover_text(s("reset-view-tooltip")).clicked() {
                            commands.trigger(ResetView);
                        }
                        egui::ComboBox::from_id_salt("language")
                            .selected_text(short(&format!("🌐 {}", native_name(lang)), language.direction(), 15.0, INK))
                            .show_ui(ui, |ui| {
                                // Each language is named in its own script once
                                // its font is here; the open menu asks for them.
                                for tag in &language.offered {
                                    if !fonts.installed_for(tag) && !wanted.0.contains(tag) {
                                        wanted.0.push(tag.clone());
                                    }
                                    let name = if fonts.installed_for(tag) {
                                        t(&native_name(tag), pavilion_content::lang::direction_of(tag))
                                    } else {
                                        t(&english_name(tag), Direction::Ltr)
                                    };
                                    if ui.selectable_label(tag == lang, name).clicked() && tag != lang {
                                        commands.trigger(SetLanguage { tag: tag.clone() });
                                    }
                                }
                            })
                            .response
                            .on_hover_text(s("language"));
                        if ui.button(s("about")).clicked() {
                            about.0 = !about.0;
                        }
                    });
                });
        });
    let help_width = (ctx.content_rect().width() - 24.0).clamp(120.0, 760.0);
    egui::Area::new(egui::Id::new("help"))
        .anchor(Align2::CENTER_BOTTOM, [0.0, -10.0])
        .interactable(false)
        .show(ctx, |ui| {
            ui.set_max_width(help_width);
            // Broken into lines by `paragraph`, so a long right-to-left
            // hint wraps in reading order.
            paragraph(ui, &ui_strings.get(lang, "controls-help", &[]), dir, 13.0, INK.gamma_multiply(0.7));
        });
    Ok(())
}

fn panel(
    mut contexts: EguiContexts,
    panel: Res<Panel>,
    language: Res<CurrentLanguage>,
    ui_strings: Res<UiStrings>,
    keys: Res<ButtonInput<KeyCode>>,
    mut rect: ResMut<PanelRect>,
    mut commands: Commands,
) -> Result {
    let Some(p) = &panel.0 else {
        rect.set_if_neq(PanelRect(None));
        return Ok(());
    };
    let ctx = contexts.ctx_mut()?;
    if keys.just_pressed(KeyCode::Escape) {
        commands.trigger(CloseHotspot);
    }
    let dir = p.direction;
    let ui_lang = language.tag.as_str();
    let ui_dir = language.direction();
    let s = |key: &str, args: &[(&str, i64)]| t(&ui_strings.get(ui_lang, key, args), ui_dir);
    let screen = ctx.content_rect();
    let narrow = screen.width() < 640.0;
    let width = if narrow { screen.width() - 24.0 } else { 380.0 };
    let (anchor, offset) = match (narrow, dir) {
        (true, _) => (Align2::CENTER_BOTTOM, [0.0, -40.0]),
        (false, Direction::Ltr) => (Align2::RIGHT_TOP, [-12.0, 72.0]),
        (false, Direction::Rtl) => (Align2::LEFT_TOP, [12.0, 72.0]),
    };
    let align = if dir == Direction::Rtl { Align::Max } else { Align::Min };
    let shown = egui::Area::new(egui::Id::new("annotation-panel"))
        .anchor(anchor, offset)
        // No fade: on a slow device the fade outlasts the first frames.
        .fade_in(false)
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            egui::Frame::new()
                .fill(PAPER)
                .corner_radius(CornerRadius::same(10))
                .inner_margin(16.0)
                .stroke(Stroke::new(1.0, Color32::from_gray(210)))
                .show(ui, |ui| {
                    ui.set_width(width);
                    let max_height = (screen.height() * if narrow { 0.45 } else { 0.7 }).max(160.0);
                    ui.with_layout(Layout::top_down(align), |ui| {
                        let header = if dir == Direction::Rtl {
                            Layout::left_to_right(Align::Min)
                        } else {
                            Layout::right_to_left(Align::Min)
                        };
                        ui.with_layout(header, |ui| {
                            if ui.button("×").on_hover_text(s("close", &[])).clicked() {
                                commands.trigger(CloseHotspot);
                            }
                            ui.with_layout(Layout::top_down(align), |ui| {
                                paragraph(ui, &p.title, dir, 22.0, INK);
                            });
                        });
                        ui.separator();
                        egui::ScrollArea::vertical().max_height(max_height).show(ui, |ui| {
                            ui.with_layout(Layout::top_down(align), |ui| {
                                for para in p.body.split("\n\n").filter(|s| !s.trim().is_empty()) {
                                    paragraph(ui, para.trim(), dir, 16.0, INK);
                                }
                                if let Some(credit) = &p.credit {
                                    paragraph(ui, credit, dir, 13.0, INK.gamma_multiply(0.7));
                                }
                                if let Some((href, label)) = &p.link {
                                    let text = label.clone().unwrap_or_else(|| ui_strings.get(ui_lang, "more-info", &[]));
                                    ui.hyperlink_to(t(&text, dir), href);
                                }
                            });
                        });
                        ui.separator();
                        let nav = if ui_dir == Direction::Rtl {
                            Layout::right_to_left(Align::Center)
                        } else {
                            Layout::left_to_right(Align::Center)
                        };
                        ui.with_layout(nav, |ui| {
                            let (prev_arrow, next_arrow) = if ui_dir == Direction::Rtl { ("›", "‹") } else { ("‹", "›") };
                            let word = |key: &str| ui_strings.get(ui_lang, key, &[]);
                            let prev = if ui_dir == Direction::Rtl {
                                format!("{} {prev_arrow}", word("previous"))
                            } else {
                                format!("{prev_arrow} {}", word("previous"))
                            };
                            let next = if ui_dir == Direction::Rtl {
                                format!("{next_arrow} {}", word("next"))
                            } else {
                                format!("{} {next_arrow}", word("next"))
                            };
                            let (prev, next) = (t(&prev, ui_dir), t(&next, ui_dir));
                            if ui.button(prev).clicked() {
                                commands.trigger(StepHotspot(-1));
                            }
                            ui.label(s("hotspot-position", &[("index", p.index as i64 + 1), ("total", p.total as i64)]));
                            if ui.button(next).clicked() {
                                commands.trigger(StepHotspot(1));
                            }
                        });
                    });
                })
                .response
                .rect
        });
    // The frame as painted (the area's own rect is computed from this
    // pass's content size before it is placed, and can be off for a frame).
    let r = shown.inner;
    rect.set_if_neq(PanelRect(Some([r.min.x, r.min.y, r.max.x, r.max.y].map(f32::round))));
    Ok(())
}

fn about(
    mut contexts: EguiContexts,
    mut open: ResMut<AboutOpen>,
    scene: Res<ActiveScene>,
    language: Res<CurrentLanguage>,
    ui_strings: Res<UiStrings>,
) -> Result {
    if !open.0 {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    let lang = language.tag.as_str();
    let dir = language.direction();
    let s = |key: &str| t(&ui_strings.get(lang, key, &[]), dir);
    let align = if dir == Direction::Rtl { Align::Max } else { Align::Min };
    let mut still_open = open.0;
    egui::Window::new(s("about-title"))
        .id(egui::Id::new("about-window"))
        .open(&mut still_open)
        .collapsible(false)
        .resizable(false)
        .anchor(Align2::CENTER_CENTER, [0.0, 0.0])
        .default_width(440.0)
        .show(ctx, |ui| {
            ui.with_layout(Layout::top_down(align), |ui| {
                let m = &scene.manifest;
                if let Some(title) = language.pick(&m.title) {
                    paragraph(ui, title.text, title.direction, 18.0, INK);
                }
                if let Some(d) = language.pick(&m.description) {
                    paragraph(ui, d.text, d.direction, 15.0, INK);
                }
                ui.separator();
                ui.label(s("credits"));
                for model in &m.models {
                    if let Some(c) = &model.credit {
                        paragraph(ui, &c.line, Direction::Ltr, 14.0, INK);
                        let licence = ui_strings.get_with(lang, "licence", &[("licence", c.license.as_str())]);
                        ui.label(short(&licence, dir, 13.0, INK));
                        if let Some(url) = &c.url {
                            ui.hyperlink_to(egui::RichText::new(url).small(), url);
                        }
                        ui.add_space(4.0);
                    }
                }
                ui.separator();
                ui.label(short(&ui_strings.get(lang, "viewer-credit", &[]), dir, 13.0, INK));
            });
        });
    open.0 = still_open;
    Ok(())
}
