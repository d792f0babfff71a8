//! The parts of the visitor's interface still drawn with egui: the toolbar
//! (reset view, views, topics, tour, language, about), the tour bar and the
//! About window. Markers and the annotation panel are HTML (see
//! `visitor.rs` and `web/visitor/`).

use bevy::prelude::*;
use bevy_egui::egui::{self, Align, Align2, Color32, CornerRadius, FontId, Layout, Stroke, Vec2 as EVec2};
use bevy_egui::input::EguiWantsInput;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};
use pavilion_content::lang::Direction;

use crate::events::{InterfaceFocus, ResetView, SetLanguage, Status, ViewerStatus};
use crate::fonts::{FontsWanted, ScriptFonts};
use crate::hotspots::{HiddenCategories, SetCategoryVisible};
use crate::language::{CurrentLanguage, UiStrings, english_name, native_name};
use crate::scene::ActiveScene;
use crate::text::{RichColors, paragraph, rich_paragraph, short};
use crate::tours::{GoToViewpoint, StartTour, TourControl, TourPlayer};

pub fn plugin(app: &mut App) {
    app.init_resource::<AboutOpen>()
        .init_resource::<EguiChrome>()
        .init_resource::<InterfacePasses>()
        .add_observer(|_: On<crate::scene::SceneParsed>, mut passes: ResMut<InterfacePasses>| passes.0 = 0)
        .add_systems(PreUpdate, share_input_focus)
        .add_systems(EguiPrimaryContextPass, style.run_if(run_once))
        .add_systems(
            EguiPrimaryContextPass,
            (toolbar, tour_bar, about).chain().after(style).run_if(scene_is_up),
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

/// What of egui's interface the page's HTML must make room for: where the
/// toolbar ends (logical pixels from the top: the annotation panel goes
/// below it, however tall the toolbar's script), and whether one of its
/// menus or the About window is open (the page then steps its panel and
/// markers aside, since they lie above the canvas egui draws in).
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EguiChrome {
    pub toolbar_bottom: f32,
    pub menu_open: bool,
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
    mut chrome: ResMut<EguiChrome>,
    mut passes: ResMut<InterfacePasses>,
    mut commands: Commands,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    passes.0 += 1;
    if passes.0 == 2 {
        commands.trigger(crate::events::InterfaceReady);
    }
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
    chrome.set_if_neq(EguiChrome {
        toolbar_bottom: tools.response.rect.bottom().round(),
        menu_open: about.0 || egui::Popup::is_any_open(ctx),
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
