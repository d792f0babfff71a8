//! The visitor's interface, drawn with egui: hotspot markers, the annotation
//! panel, the toolbar (reset view, language, about) and the credits.

use bevy::prelude::*;
use bevy_egui::egui::{self, Align, Align2, Color32, CornerRadius, FontId, Layout, Sense, Stroke, Vec2 as EVec2};
use bevy_egui::input::EguiWantsInput;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};
use pavilion_content::lang::Direction;

use crate::events::{CloseHotspot, InterfaceFocus, OpenHotspot, ResetView, SetLanguage, Status, StepHotspot, ViewerStatus};
use crate::fonts::{FontsWanted, ScriptFonts};
use crate::hotspots::{HiddenCategories, HotspotMarker, MarkerScreen, OpenHotspotId, Panel, SetCategoryVisible};
use crate::language::{CurrentLanguage, UiStrings, english_name, native_name};
use crate::scene::ActiveScene;
use crate::text::{RichColors, RichOutput, paragraph, rich_paragraph, short};
use crate::tours::{GoToViewpoint, StartTour, TourControl, TourPlayer};

pub fn plugin(app: &mut App) {
    app.init_resource::<AboutOpen>()
        .init_resource::<ToolbarBottom>()
        .init_resource::<PanelRect>()
        .init_resource::<PanelLayout>()
        .init_resource::<PanelImages>()
        .init_resource::<InterfacePasses>()
        .add_observer(|_: On<crate::scene::SceneParsed>, mut passes: ResMut<InterfacePasses>| passes.0 = 0)
        .add_systems(PreUpdate, share_input_focus)
        .add_systems(EguiPrimaryContextPass, style.run_if(run_once))
        .add_systems(
            EguiPrimaryContextPass,
            (markers, toolbar, tour_bar, panel, about).chain().after(style).run_if(scene_is_up),
        );
}

/// Tells the camera, tours and authoring whether egui has the pointer or
/// the keyboard (bevy_egui works it out at the end of the previous frame).
fn share_input_focus(egui: Res<EguiWantsInput>, mut focus: ResMut<InterfaceFocus>) {
    focus.set_if_neq(InterfaceFocus {
        pointer: egui.wants_any_pointer_input(),
        keyboard: egui.wants_keyboard_input(),
    });
}

#[derive(Resource, Default)]
struct AboutOpen(bool);

/// Where the toolbar ends (logical pixels from the top): the panel goes below
/// it, however tall the toolbar's script or however many menus it has.
#[derive(Resource, Default)]
struct ToolbarBottom(f32);

/// Where the annotation panel is, in logical pixels: `[left, top, right, bottom]`.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq)]
pub struct PanelRect(pub Option<[f32; 4]>);

/// The open panel's links and where they are, in logical pixels, so the
/// page can offer them outside the canvas (and tests can click them), and
/// whether its picture is `loading`, `loaded` or `failed`.
#[derive(Resource, Debug, Default, Clone, PartialEq, serde::Serialize)]
pub struct PanelLayout {
    pub links: Vec<LinkRect>,
    pub image: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LinkRect {
    pub href: String,
    /// `[left, top, right, bottom]`.
    pub rect: [f32; 4],
}

/// Passes of the visitor interface since the scene became ready: egui
/// takes a click on an area only from its second pass (it hit-tests against
/// the previous pass's layout), so `InterfaceReady` waits for that.
#[derive(Resource, Default)]
struct InterfacePasses(u32);

fn scene_is_up(status: Res<ViewerStatus>, scene: Option<Res<ActiveScene>>) -> bool {
    status.status == Status::Ready && scene.is_some()
}

const ACCENT: Color32 = Color32::from_rgb(122, 92, 46);
const INK: Color32 = Color32::from_rgb(38, 33, 27);
const PAPER: Color32 = Color32::from_rgba_premultiplied(250, 247, 242, 244);
const RICH: RichColors = RichColors {
    text: INK,
    strong: Color32::from_rgb(0, 0, 0),
    link: Color32::from_rgb(122, 72, 16),
};

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

/// A card above the scene (panel, tour bar) that appears at once: on a slow
/// device a fade-in outlasts the first frames.
fn overlay(id: &'static str, anchor: Align2, offset: [f32; 2]) -> egui::Area {
    egui::Area::new(egui::Id::new(id))
        .anchor(anchor, offset)
        .fade_in(false)
        .order(egui::Order::Foreground)
}

/// The paper the panel and the tour bar are drawn on.
fn card(margin: f32) -> egui::Frame {
    egui::Frame::new()
        .fill(PAPER)
        .corner_radius(CornerRadius::same(10))
        .inner_margin(margin)
        .stroke(Stroke::new(1.0, Color32::from_gray(210)))
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
    hidden: Res<HiddenCategories>,
    mut drag: ResMut<crate::authoring::MarkerDrag>,
    mut passes: ResMut<InterfacePasses>,
    mut commands: Commands,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    passes.0 += 1;
    if passes.0 == 2 {
        commands.trigger(crate::events::InterfaceReady);
    }
    // Authors drag markers to move hotspots; visitors only click them.
    let sense = if authoring.enabled {
        Sense::click_and_drag()
    } else {
        Sense::click()
    };
    let mut sorted: Vec<_> = markers
        .iter()
        .filter(|(m, s)| s.on_screen && hidden.shows(m.category.as_deref()))
        .collect();
    sorted.sort_by_key(|(m, _)| m.rank);
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
                    crate::language::format_number(&language.tag, marker.rank + 1),
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
    hidden: Res<HiddenCategories>,
    mut toolbar_bottom: ResMut<ToolbarBottom>,
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
    let tools = egui::Area::new(egui::Id::new("toolbar"))
        .anchor(tools_anchor, [-12.0 * side, 12.0])
        .show(ctx, |ui| {
            egui::Frame::new()
                .fill(PAPER)
                .corner_radius(CornerRadius::same(8))
                .inner_margin(6.0)
                .show(ui, |ui| {
                    // Mirrored for right-to-left languages by adding the same
                    // items from the other end of a left-to-right row (a
                    // right-to-left layout would stretch the bar to egui's
                    // default area width).
                    let mut items = toolbar_items(&scene.manifest);
                    if dir == Direction::Rtl {
                        items.reverse();
                    }
                    ui.with_layout(Layout::left_to_right(Align::Center), |ui| {
                        for item in items {
                            match item {
                                ToolbarItem::Reset => {
                                    if ui.button(s("reset-view")).on_hover_text(s("reset-view-tooltip")).clicked() {
                                        commands.trigger(ResetView);
                                    }
                                }
                                ToolbarItem::Scene(menu) => {
                                    scene_menu(ui, menu, &scene.manifest, &language, &s, &hidden, &mut commands);
                                }
                                ToolbarItem::Language => {
                                    language_menu(ui, &language, &fonts, &mut wanted, &s, &mut commands);
                                }
                                ToolbarItem::About => {
                                    if ui.button(s("about")).clicked() {
                                        about.0 = !about.0;
                                    }
                                }
                            }
                        }
                    });
                });
        });
    toolbar_bottom.0 = tools.response.rect.bottom();
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

/// The toolbar's items, in reading order for left-to-right languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ToolbarItem {
    Reset,
    Scene(SceneMenu),
    Language,
    About,
}

/// The scene's own menus, shown when the scene has what they list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SceneMenu {
    Views,
    Topics,
    Tour,
}

fn toolbar_items(m: &pavilion_content::SceneManifest) -> Vec<ToolbarItem> {
    let mut items = vec![ToolbarItem::Reset];
    let menus = [
        (SceneMenu::Views, !m.viewpoints.is_empty()),
        (SceneMenu::Topics, !m.categories.is_empty()),
        (SceneMenu::Tour, !m.tours.is_empty()),
    ];
    items.extend(menus.into_iter().filter(|(_, has)| *has).map(|(menu, _)| ToolbarItem::Scene(menu)));
    items.extend([ToolbarItem::Language, ToolbarItem::About]);
    items
}

/// One of the scene's menus: named views, topics (categories) or tours
/// (a single tour is a button that starts it).
fn scene_menu(
    ui: &mut egui::Ui,
    menu: SceneMenu,
    m: &pavilion_content::SceneManifest,
    language: &CurrentLanguage,
    s: &dyn Fn(&str) -> egui::WidgetText,
    hidden: &HiddenCategories,
    commands: &mut Commands,
) {
    let title = |text: &pavilion_content::LocalizedText, fallback: &str| {
        language
            .pick(text)
            .map_or_else(|| t(fallback, Direction::Ltr), |r| t(r.text, r.direction))
    };
    match (menu, m.tours.as_slice()) {
        (SceneMenu::Views, _) => {
            ui.menu_button(s("views"), |ui| {
                for v in &m.viewpoints {
                    if ui.button(title(&v.title, &v.id)).clicked() {
                        commands.trigger(GoToViewpoint { id: v.id.clone() });
                        ui.close();
                    }
                }
            });
        }
        (SceneMenu::Topics, _) => {
            ui.menu_button(s("topics"), |ui| {
                for c in &m.categories {
                    let mut shown = !hidden.0.contains(&c.id);
                    if ui.checkbox(&mut shown, title(&c.title, &c.id)).changed() {
                        commands.trigger(SetCategoryVisible {
                            id: c.id.clone(),
                            visible: shown,
                        });
                    }
                }
            });
        }
        (SceneMenu::Tour, []) => {}
        (SceneMenu::Tour, [only]) => {
            if ui.button(s("tour")).on_hover_text(title(&only.title, &only.id)).clicked() {
                commands.trigger(StartTour {
                    id: only.id.clone(),
                    step: 0,
                });
            }
        }
        (SceneMenu::Tour, tours) => {
            ui.menu_button(s("tour"), |ui| {
                for tour in tours {
                    if ui.button(title(&tour.title, &tour.id)).clicked() {
                        commands.trigger(StartTour {
                            id: tour.id.clone(),
                            step: 0,
                        });
                        ui.close();
                    }
                }
            });
        }
    }
}

/// The language menu: the current language named in its own script; each
/// offered language is named in its own script once its font is here (the
/// open menu asks for the fonts).
fn language_menu(
    ui: &mut egui::Ui,
    language: &CurrentLanguage,
    fonts: &ScriptFonts,
    wanted: &mut FontsWanted,
    s: &dyn Fn(&str) -> egui::WidgetText,
    commands: &mut Commands,
) {
    let lang = language.tag.as_str();
    // A menu button like Views and Topics (an egui ComboBox sits lower than
    // the buttons beside it in a row).
    ui.menu_button(t(&format!("🌐 {}", native_name(lang)), language.direction()), |ui| {
        for tag in &language.offered {
            if !fonts.installed_for(tag) && !wanted.0.contains(tag) {
                wanted.0.push(tag.clone());
            }
            let name = if fonts.installed_for(tag) {
                t(&native_name(tag), pavilion_content::lang::direction_of(tag))
            } else {
                t(&english_name(tag), Direction::Ltr)
            };
            if ui.selectable_label(tag == lang, name).clicked() {
                if tag != lang {
                    commands.trigger(SetLanguage { tag: tag.clone() });
                }
                ui.close();
            }
        }
    })
    .response
    .on_hover_text(s("language"));
}

/// The bar of a running tour: its title, the step's caption, the step
/// number with a bar for the time left, and the controls.
fn tour_bar(
    mut contexts: EguiContexts,
    player: Res<TourPlayer>,
    scene: Res<ActiveScene>,
    language: Res<CurrentLanguage>,
    ui_strings: Res<UiStrings>,
    mut commands: Commands,
) -> Result {
    let Some(tour) = player.tour.as_deref().and_then(|id| scene.manifest.tour(id)) else {
        return Ok(());
    };
    let Some(step) = tour.steps.get(player.step) else { return Ok(()) };
    let ctx = contexts.ctx_mut()?;
    let lang = language.tag.as_str();
    let dir = language.direction();
    let word = |key: &str, args: &[(&str, i64)]| t(&ui_strings.get(lang, key, args), dir);
    let screen = ctx.content_rect();
    let narrow = screen.width() < 640.0;
    let width = (screen.width() - 24.0).min(560.0);
    let (anchor, offset) = if narrow {
        (Align2::CENTER_TOP, [0.0, 64.0])
    } else {
        (Align2::CENTER_BOTTOM, [0.0, -36.0])
    };
    let row = if dir == Direction::Rtl {
        Layout::right_to_left(Align::Center)
    } else {
        Layout::left_to_right(Align::Center)
    };
    let align = if dir == Direction::Rtl { Align::Max } else { Align::Min };
    overlay("tour-bar", anchor, offset).show(ctx, |ui| {
        card(12.0).show(ui, |ui| {
            ui.set_width(width);
            ui.with_layout(Layout::top_down(align), |ui| {
                ui.allocate_ui_with_layout(EVec2::new(ui.available_width(), ui.spacing().interact_size.y), row, |ui| {
                    let (back, forward) = if dir == Direction::Rtl { ("›", "‹") } else { ("‹", "›") };
                    if ui
                        .add_enabled(player.step > 0, egui::Button::new(back))
                        .on_hover_text(word("previous", &[]))
                        .clicked()
                    {
                        commands.trigger(TourControl::Previous);
                    }
                    let (icon, key) = if player.playing {
                        ("⏸", "tour-pause")
                    } else {
                        ("▶", "tour-play")
                    };
                    if ui.button(icon).on_hover_text(word(key, &[])).clicked() {
                        commands.trigger(TourControl::Toggle);
                    }
                    if ui
                        .add_enabled(player.step + 1 < player.steps, egui::Button::new(forward))
                        .on_hover_text(word("next", &[]))
                        .clicked()
                    {
                        commands.trigger(TourControl::Next);
                    }
                    ui.label(word(
                        "tour-step",
                        &[("index", player.step as i64 + 1), ("total", player.steps as i64)],
                    ));
                    if let Some(title) = language.pick(&tour.title) {
                        ui.label(short(title.text, title.direction, 15.0, INK.gamma_multiply(0.75)));
                    }
                });
                let seconds = step.seconds();
                ui.add(egui::ProgressBar::new((player.elapsed / seconds).clamp(0.0, 1.0)).desired_height(3.0));
                if let Some(caption) = language.pick(&step.caption) {
                    paragraph(ui, caption.text, caption.direction, 16.0, INK);
                }
                ui.allocate_ui_with_layout(EVec2::new(ui.available_width(), ui.spacing().interact_size.y), row, |ui| {
                    if ui.button(word("tour-end", &[])).clicked() {
                        commands.trigger(TourControl::End);
                    }
                });
            });
        });
    });
    Ok(())
}

/// Pictures of hotspots, loaded when their panel first opens.
#[derive(Resource, Default)]
struct PanelImages(std::collections::HashMap<String, Handle<Image>>);

enum ImageState {
    Loading,
    Ready(egui::TextureId, EVec2),
    Failed,
}

fn panel_image(
    src: &str,
    images: &mut PanelImages,
    assets: &AssetServer,
    image_assets: &Assets<Image>,
    contexts: &mut EguiContexts,
) -> ImageState {
    let handle = images
        .0
        .entry(src.to_string())
        .or_insert_with(|| assets.load(src.to_string()))
        .clone();
    match assets.load_state(&handle) {
        bevy::asset::LoadState::Failed(_) => ImageState::Failed,
        _ => match image_assets.get(&handle) {
            Some(image) => {
                let size = EVec2::new(image.width() as f32, image.height() as f32);
                ImageState::Ready(contexts.add_image(bevy_egui::EguiTextureHandle::Strong(handle)), size)
            }
            None => ImageState::Loading,
        },
    }
}

fn panel(
    mut contexts: EguiContexts,
    panel: Res<Panel>,
    language: Res<CurrentLanguage>,
    ui_strings: Res<UiStrings>,
    keys: Res<ButtonInput<KeyCode>>,
    toolbar_bottom: Res<ToolbarBottom>,
    mut rect: ResMut<PanelRect>,
    mut panel_layout: ResMut<PanelLayout>,
    mut images: ResMut<PanelImages>,
    assets: Res<AssetServer>,
    image_assets: Res<Assets<Image>>,
    mut commands: Commands,
) -> Result {
    let Some(p) = &panel.0 else {
        rect.set_if_neq(PanelRect(None));
        panel_layout.set_if_neq(PanelLayout::default());
        return Ok(());
    };
    let mut links = RichOutput::default();
    let image = p
        .image
        .as_ref()
        .map(|img| (img, panel_image(&img.src, &mut images, &assets, &image_assets, &mut contexts)));
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
    let top = (toolbar_bottom.0 + 10.0).max(72.0);
    let (anchor, offset) = match (narrow, dir) {
        (true, _) => (Align2::CENTER_BOTTOM, [0.0, -40.0]),
        (false, Direction::Ltr) => (Align2::RIGHT_TOP, [-12.0, top]),
        (false, Direction::Rtl) => (Align2::LEFT_TOP, [12.0, top]),
    };
    let align = if dir == Direction::Rtl { Align::Max } else { Align::Min };
    let shown = overlay("annotation-panel", anchor, offset).show(ctx, |ui| {
        card(16.0)
            .show(ui, |ui| {
                ui.set_width(width);
                // The scrolling part, so the whole panel (title and step
                // row included, ~190 px with large scripts) stays below
                // the toolbar and inside the window.
                let max_height = if narrow {
                    screen.height() * 0.45
                } else {
                    (screen.height() - top - 12.0 - 190.0).min(screen.height() * 0.7)
                }
                .max(120.0);
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
                            if let Some(category) = &p.category {
                                ui.label(short(category, dir, 13.0, ACCENT));
                            }
                            paragraph(ui, &p.title, dir, 22.0, INK);
                        });
                    });
                    ui.separator();
                    egui::ScrollArea::vertical().max_height(max_height).show(ui, |ui| {
                        ui.with_layout(Layout::top_down(align), |ui| {
                            if let Some((img, state)) = &image {
                                show_image(ui, img, state, width, dir, &ui_strings.get(ui_lang, "image-unavailable", &[]));
                            }
                            for block in &p.blocks {
                                links.merge(body_block(ui, block, dir, &language.tag));
                            }
                            if let Some(credit) = &p.credit {
                                paragraph(ui, credit, dir, 13.0, INK.gamma_multiply(0.7));
                            }
                            if let Some((href, label)) = &p.link {
                                let text = label.clone().unwrap_or_else(|| ui_strings.get(ui_lang, "more-info", &[]));
                                let spans = [pavilion_content::richtext::Span {
                                    text,
                                    link: Some(href.clone()),
                                    ..Default::default()
                                }];
                                links.merge(rich_paragraph(ui, &spans, dir, 15.0, RICH));
                            }
                        });
                    });
                    ui.separator();
                    let nav = if ui_dir == Direction::Rtl {
                        Layout::right_to_left(Align::Center)
                    } else {
                        Layout::left_to_right(Align::Center)
                    };
                    ui.allocate_ui_with_layout(EVec2::new(ui.available_width(), ui.spacing().interact_size.y), nav, |ui| {
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
    if let Some(href) = &links.clicked {
        crate::web_bridge::open_link(href);
    }
    // Only links the scroll area shows.
    let visible = |l: &egui::Rect| r.contains(l.center());
    panel_layout.set_if_neq(PanelLayout {
        links: links
            .links
            .iter()
            .filter(|(_, l)| visible(l))
            .map(|(href, l)| LinkRect {
                href: href.clone(),
                rect: [l.min.x, l.min.y, l.max.x, l.max.y].map(f32::round),
            })
            .collect(),
        image: image.as_ref().map(|(_, state)| match state {
            ImageState::Loading => "loading",
            ImageState::Ready(..) => "loaded",
            ImageState::Failed => "failed",
        }),
    });
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
                            let spans = [pavilion_content::richtext::Span {
                                text: url.clone(),
                                link: Some(url.clone()),
                                ..Default::default()
                            }];
                            if let Some(href) = rich_paragraph(ui, &spans, Direction::Ltr, 13.0, RICH).clicked {
                                crate::web_bridge::open_link(&href);
                            }
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

/// A hotspot's picture, as wide as the panel and at most 240 px tall; its
/// alt text is the hover text, and stands in for it while it loads or if it
/// cannot be loaded.
fn show_image(ui: &mut egui::Ui, img: &crate::hotspots::PanelImage, state: &ImageState, width: f32, dir: Direction, unavailable: &str) {
    match state {
        ImageState::Ready(id, size) => {
            let scale = (width / size.x).min(240.0 / size.y);
            let shown = *size * scale;
            ui.add(egui::Image::new(egui::load::SizedTexture::new(*id, shown)).alt_text(img.alt.clone()))
                .on_hover_text(t(&img.alt, dir));
        }
        ImageState::Loading => {
            ui.add_sized([width, 120.0], egui::Spinner::new());
        }
        ImageState::Failed => {
            egui::Frame::new()
                .stroke(Stroke::new(1.0, Color32::from_gray(200)))
                .inner_margin(8.0)
                .show(ui, |ui| {
                    ui.set_width(width - 18.0);
                    ui.label(short(unavailable, dir, 13.0, INK.gamma_multiply(0.6)));
                    paragraph(ui, &img.alt, dir, 14.0, INK);
                });
        }
    }
    if let Some(caption) = &img.caption {
        paragraph(ui, caption, dir, 13.0, INK.gamma_multiply(0.8));
    }
    if let Some(credit) = &img.credit {
        paragraph(ui, credit, dir, 12.0, INK.gamma_multiply(0.6));
    }
}

/// One paragraph or list item of a body.
fn body_block(ui: &mut egui::Ui, block: &pavilion_content::richtext::Block, dir: Direction, lang: &str) -> RichOutput {
    let Some(level) = block.level else {
        return rich_paragraph(ui, &block.spans, dir, 16.0, RICH);
    };
    let marker = match block.number {
        Some(n) => format!("{}.", crate::language::format_number(lang, n as usize)),
        None => if level == 0 { "•" } else { "◦" }.to_string(),
    };
    let row = if dir == Direction::Rtl {
        Layout::right_to_left(Align::Min)
    } else {
        Layout::left_to_right(Align::Min)
    };
    ui.with_layout(row, |ui| {
        ui.add_space(6.0 + 18.0 * level as f32);
        ui.add_sized([18.0, 20.0], egui::Label::new(short(&marker, dir, 16.0, INK)));
        ui.with_layout(
            Layout::top_down(if dir == Direction::Rtl { Align::Max } else { Align::Min }),
            |ui| rich_paragraph(ui, &block.spans, dir, 16.0, RICH),
        )
        .inner
    })
    .inner
}
